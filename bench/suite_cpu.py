"""What the test suite's time is spent on: CPU per test file, the test's own process and the processes
it started (builds forked by the pipeline, the installed command, tesseract), and each worker's
collection.

The wall time pytest prints depends on how busy the machine is; CPU seconds are what `make test`
can cut. Run as a pytest plugin (`make test-cpu`: `pytest -p bench.suite_cpu`), each worker appends
its lines to $TEST_CPU_LOG; then `python -m bench.suite_cpu LOG` prints the table, heaviest first.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

LOG_VARIABLE = "TEST_CPU_LOG"


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _write(line: str) -> None:
    path = os.environ.get(LOG_VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def pytest_collection_finish(session: pytest.Session) -> None:
    own, children = _cpu()
    _write(f"collect\t{_worker()}\t{own:.3f}\t{children:.3f}\t")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    own0, children0 = _cpu()
    wall0 = time.perf_counter()
    yield
    own1, children1 = _cpu()
    _write(f"test\t{_worker()}\t{own1 - own0:.3f}\t{children1 - children0:.3f}\t{item.nodeid}\t"
           f"{time.perf_counter() - wall0:.3f}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    own, children = _cpu()
    _write(f"end\t{_worker()}\t{own:.3f}\t{children:.3f}\t")


def table(lines: list[str], top: int = 40) -> str:
    """The log's lines -> the totals, each worker's collection, and the `top` test files by CPU."""
    own: Counter[str] = Counter()
    children: Counter[str] = Counter()
    tests: Counter[str] = Counter()
    collect, end = [], {}
    for line in lines:
        kind, worker, a, b, *rest = line.rstrip("\n").split("\t")
        if kind == "test":
            file = rest[0].split("::")[0]
            own[file] += float(a)
            children[file] += float(b)
            tests[file] += 1
        elif kind == "collect":
            collect.append(f"{worker} {float(a):.1f} s")
        elif kind == "end":
            end[worker] = float(a) + float(b)
    total_tests = sum(own.values()) + sum(children.values())
    out = [f"test CPU {total_tests:.1f} s (own {sum(own.values()):.1f} s, started processes "
           f"{sum(children.values()):.1f} s) of {sum(tests.values())} tests | collection: {', '.join(collect)} | "
           # under pytest-xdist the main process's children are the workers, with what they started
           f"all processes {end['main'] if 'main' in end else sum(end.values()):.1f} s",
           f"{'CPU s':>7} {'own':>6} {'started':>7} {'tests':>5}  file"]
    for file in sorted(own, key=lambda f: (-(own[f] + children[f]), f))[:top]:
        out.append(f"{own[file] + children[file]:7.2f} {own[file]:6.2f} {children[file]:7.2f} {tests[file]:5d}  {file}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.suite_cpu LOG (the file a run with -p bench.suite_cpu wrote)", file=sys.stderr)
        return 2
    print(table(Path(argv[0]).read_text(encoding="utf-8").splitlines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
