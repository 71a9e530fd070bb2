"""`python -m bench` (what `make bench` runs): the timings of bench/run.py."""

from bench.run import main

raise SystemExit(main())
