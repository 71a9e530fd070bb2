"""Fixtures shared by the tests: one good build of raw/ with the corrections and one without, copied for
each test that needs an earlier out/ (a failure must leave it exactly as it was).

The suite runs in one worker process per CPU (`make test`: pytest -n auto, pytest-xdist). What that asks
of a test:
- write only under its own `tmp_path` (or a `tmp_path_factory` folder of its fixture): never into the
  checkout (raw/, out/, normalize/, tests/fixtures/), never to a fixed name under /tmp; a test that must
  change the curated files works on copies (`--corrections-dir`, `--alignment`, or tests/test_review.py's
  `checkout_of`);
- a session fixture runs once per worker, not once per run: put a whole build here, and treat it as
  read-only (copy it to change it); `built` and `built_without` are built once per run, by the first
  worker that needs them, into the folder the workers share (`shared_build`), and read by all;
  `make test` spreads a file's tests over the workers (`--dist worksteal`), so a module fixture may run
  once in each worker: put only what a worker can make on its own there (an expensive one, made once
  per run for both workers: tests/shared_value.py; PDF readings and extractions kept once per run for
  the modules that import them: tests/shared_readings.py);
- depend on no order of tests and no state another test leaves (environment, cwd, signal handlers:
  use monkeypatch, which undoes them).
"""

from __future__ import annotations

import gc
import os
import shutil
from pathlib import Path

import pytest
from shared_value import run_folder_locked, session_registered

from tipmatrix.cli import main

RAW = Path(__file__).resolve().parents[1] / "raw"


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the session has made so far (modules, test items, module-level data) lives to its end: moved
    out of the cyclic garbage collector's sight (gc.freeze), so that each full collection during the tests
    (pdfminer makes a great many objects) does not walk it again: 0.5 s of a serial run of the extraction
    tests. Objects the tests make are collected as before."""
    gc.freeze()


def shared_build(tmp_path_factory, name: str, *options: str) -> Path:
    """A build of raw/ made once per run: under pytest-xdist the first worker to ask builds it into the
    run's folder that all workers share (under a lock, so the others wait and then read it); alone (or
    without fcntl) into a folder of this session's own."""
    with run_folder_locked(tmp_path_factory, name) as root:
        out = (tmp_path_factory.mktemp(name) if root is None else root / name) / "out"
        if not (out / "datapackage.json").is_file():  # the build swaps out/ in whole (export/atomic.py)
            assert main(["build", "--raw", str(RAW), "--out", str(out), *options]) == 0
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A good build of raw/ (read only by the tests: copy it to change it)."""
    return shared_build(tmp_path_factory, "built")


@pytest.fixture
def earlier_out(built, tmp_path) -> Path:
    """A copy of the good build, as the out/ an earlier run left."""
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return out


@pytest.fixture(scope="session")
def built_without(tmp_path_factory) -> Path:
    """A good build of raw/ without the curated corrections (read only by the tests: copy it to change it)."""
    return shared_build(tmp_path_factory, "built-without", "--no-corrections")


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory):
    """The tests' cache of drawn charts and OCR readings (tipmatrix/cache.py) is their own, not the user's:
    one folder for the run, which both workers share (an entry is named by a hash of all that made it and
    written whole, so a chart one worker drew is the chart the other would draw). A test that checks the
    drawing or the reading itself sets a cache of its own (tests/test_lineage_chart.py, tests/test_ocr.py)."""
    before = os.environ.get("TIPMATRIX_CACHE")
    with run_folder_locked(tmp_path_factory, "cache") as root:
        folder = tmp_path_factory.mktemp("cache") if root is None else root / "cache"
        folder.mkdir(exist_ok=True)
    os.environ["TIPMATRIX_CACHE"] = str(folder)
    yield
    if before is None:
        os.environ.pop("TIPMATRIX_CACHE", None)
    else:
        os.environ["TIPMATRIX_CACHE"] = before


@pytest.fixture(autouse=True, scope="session")
def _shared_session(tmp_path_factory):
    """The helpers' values made once per run for both workers (tests/shared_value.py `once_per_run`: the real
    workbooks and diff of tests/export_helpers.py, the readings of tests/shared_readings.py)."""
    with session_registered(tmp_path_factory):
        yield


@pytest.fixture(autouse=True, scope="session")
def _drawing_libraries_loaded():
    """matplotlib imported once per worker. A build that draws a lineage chart not in the cache draws it in
    its forked copy (tipmatrix/forked.py), which imported matplotlib anew each time (0.6-0.8 s of CPU per
    build); a copy forked from a worker that has it imported skips that. The command itself still imports
    it only to draw (tipmatrix/export/lineage_chart.py)."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.patches  # noqa: F401
    import matplotlib.ticker  # noqa: F401
