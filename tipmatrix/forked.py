"""Two pieces of independent work at once, the second in a forked copy of this process.

A build renders each draft's files and the comparisons between drafts (diff, lineage) from the
same records, independently, in about the same time each; on a machine with two cores doing both
at once halves the time they take, most of a build once the libraries are imported. The copy
inherits the records by fork (nothing is pickled on the way in), sends back its result, or the
exception it raised, pickled through a pipe, and exits without running this process's exit handlers.

The outcome is the one of running `first()` then `second()` here: the same result, and on failure
the same exception (first's if both fail), with the copy's traceback attached as a note. Where
fork is missing (Windows), one CPU is usable or other threads run, both simply run here, one
after the other.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import TypeVar, cast

A = TypeVar("A")
B = TypeVar("B")


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system says, else all of them)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Fork where it exists, a second CPU would run the copy, and this process runs no other thread
    (a notebook's, say): a forked copy of a threaded process may wait forever on a lock that one of
    the other threads held at the fork."""
    return hasattr(os, "fork") and usable_cpus() > 1 and threading.active_count() == 1


def run_two(first: Callable[[], A], second: Callable[[], B], parallel: bool | None = None) -> tuple[A, B]:
    """(first(), second()): `second` in a forked copy when `parallel` (default: `can_fork()`)."""
    if not (can_fork() if parallel is None else parallel):
        return first(), second()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        # Ctrl-C reaches the whole process group: the parent stops the copy (below), which must not
        # also raise and send back a KeyboardInterrupt of its own
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.close(read_end)
        _run_in_copy(second, write_end)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            mine = first()
            payload = pipe.read()
    except BaseException:  # a failure of first(), or Ctrl-C at any point: the copy's work is moot
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    return mine, cast(B, _result(payload, status))


def _result(payload: bytes, status: int) -> object:
    """The copy's result, or its exception raised here."""
    if not payload or os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the forked copy of the build ended without a result "
                           f"(exit code {os.waitstatus_to_exitcode(status)})")
    ok, value = pickle.loads(payload)
    if not ok:
        raise value
    return value


def _run_in_copy(work: Callable[[], object], fd: int) -> None:
    """In the forked copy: run `work`, send its pickled outcome, and exit at once (never returns)."""
    code = 0
    try:
        try:
            payload = pickle.dumps((True, work()))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            payload = _pickled_error(exc)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(payload)
    except BaseException:  # noqa: BLE001 - the parent reports a copy that sent nothing
        code = 1
    finally:
        os._exit(code)


def _pickled_error(exc: BaseException) -> bytes:
    """The exception with the copy's traceback as a note; its text in a RuntimeError when it does
    not survive pickling."""
    note = "in the forked copy of the build:\n" + "".join(traceback.format_exception(exc)).rstrip()
    try:
        exc.add_note(note)
        payload = pickle.dumps((False, exc))
        pickle.loads(payload)
        return payload
    except Exception:  # noqa: BLE001 - an exception type pickle cannot rebuild
        error = RuntimeError(f"{type(exc).__name__}: {exc}")
        error.add_note(note)
        return pickle.dumps((False, error))
