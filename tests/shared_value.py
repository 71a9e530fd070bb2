"""A module fixture's value made once per run, not once per worker.

`make test` spreads a module's tests over both workers (`--dist worksteal`), so a module fixture runs
in each worker that gets one of its tests: an expensive one (reading the office-suite PDFs, a build
timed through the installed command) is then paid twice. `shared_value` makes it once, the way
tests/conftest.py's `shared_build` makes the session's builds: the first worker to ask makes it and
keeps it, pickled, in the folder the run's workers share; the others wait under a lock and load it.
For values that are pure data and read-only (records, rows, file bytes, paths into the run's folder).
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

try:
    import fcntl
except ImportError:  # not on Windows: each worker makes its own
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")


@contextlib.contextmanager
def run_folder_locked(tmp_path_factory, name: str) -> Iterator[Path | None]:
    """The folder all workers of this run share (pytest-N/, above each worker's popen-gwK/), held under
    the lock `name` for the block, so that the first worker makes what the others then read; None when
    there is no one to share with (not under pytest-xdist, or without fcntl)."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or fcntl is None:
        yield None
        return
    root = tmp_path_factory.getbasetemp().parent
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        yield root


_KEPT: dict[tuple[Path, str], object] = {}  # this process's values, by session and name
_SESSION: list = []  # the session's tmp_path_factory, for `once_per_run` (tests/conftest.py `_shared_session`)


def shared_value(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)`, run once per run: under pytest-xdist by the first worker to ask, in a folder of its
    own that lasts the run, its value kept for the others; alone (or without fcntl) here. Each process
    keeps the value it made or loaded, for the other modules that ask by the same name. A `make` that
    fails keeps nothing: the next worker to ask runs it again (and fails alike)."""
    key = (tmp_path_factory.getbasetemp(), name)
    if key not in _KEPT:
        _KEPT[key] = _made_or_loaded(tmp_path_factory, name, make)
    return _KEPT[key]  # type: ignore[return-value]


def _made_or_loaded(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    with run_folder_locked(tmp_path_factory, name) as root:
        if root is None:
            return make(tmp_path_factory.mktemp(name))
        kept = root / f"{name}.pickle"
        if kept.is_file():
            value: T = pickle.loads(kept.read_bytes())
            return value
        value = make(tmp_path_factory.mktemp(name))
        part = kept.with_suffix(".part")
        part.write_bytes(pickle.dumps(value))
        part.replace(kept)
        return value


@contextlib.contextmanager
def session_registered(tmp_path_factory) -> Iterator[None]:
    """For the session (tests/conftest.py): `once_per_run` shares through `shared_value` while it lasts."""
    _SESSION.append(tmp_path_factory)
    try:
        yield
    finally:
        _SESSION.remove(tmp_path_factory)


def once_per_run(name: str, make: Callable[[], T]) -> T:
    """`make()` once per run, for helpers that have no fixture at hand (tests/export_helpers.py,
    tests/shared_readings.py): through `shared_value` with the session's tmp_path_factory; outside a
    pytest session (a script importing the helper), simply here."""
    if not _SESSION:
        return make()
    return shared_value(_SESSION[0], name, lambda _: make())
