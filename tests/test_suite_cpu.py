"""bench/suite_cpu.py (`make test-cpu`): the per-file CPU table from the lines the workers log."""

from __future__ import annotations

from bench.suite_cpu import table

LOG = [
    "collect\tgw0\t3.100\t0.000\t",
    "collect\tgw1\t3.300\t0.000\t",
    "test\tgw0\t1.000\t2.000\ttests/test_a.py::test_one\t1.5",
    "test\tgw1\t0.500\t0.000\ttests/test_b.py::test_two[x]\t0.5",
    "test\tgw0\t0.250\t0.000\ttests/test_a.py::test_three\t0.3",
    "end\tgw0\t10.000\t2.000\t",
    "end\tgw1\t9.000\t0.000\t",
    "end\tmain\t1.500\t21.000\t",
]


def test_files_heaviest_first_with_the_processes_they_started_and_the_run_counted_once():
    assert table(LOG).splitlines() == [
        "test CPU 3.8 s (own 1.8 s, started processes 2.0 s) of 3 tests | collection: gw0 3.1 s, gw1 3.3 s | "
        "all processes 22.5 s",
        "  CPU s    own started tests  file",
        "   3.25   1.25    2.00     2  tests/test_a.py",
        "   0.50   0.50    0.00     1  tests/test_b.py",
    ]
