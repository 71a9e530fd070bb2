"""A build's two halves in two processes: the same files, the same errors, nothing left running."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from one_process_build import api_build_in_one_process

from tipmatrix import forked, pipeline
from tipmatrix.errors import InputError, OutputError

RAW = Path(__file__).resolve().parents[1] / "raw"
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@needs_fork
def test_a_build_in_two_processes_makes_the_same_bytes_as_in_one(built, tmp_path_factory):
    """The API's build in one process (tests/one_process_build.py, also test_api's and test_cli's, of a copy
    of raw/ in another folder) against the session's build (tests/conftest.py `built`, through the command,
    in another process state), which ran its second half in a forked copy wherever `forked.can_fork()`;
    elsewhere a forked build is made here. Two builds, the same bytes."""
    one = pipeline.current_files(api_build_in_one_process(tmp_path_factory)[0])
    two = (pipeline.current_files(built) if forked.can_fork()
           else pipeline.build_files(RAW, pipeline.RunOptions(parallel=True))[1])
    assert sorted(two) == sorted(one)  # their order: datapackage.json lists them, and its bytes are compared
    assert [rel for rel in one if two[rel] != one[rel]] == []
    assert len(one) == 31  # with out/lineage.svg and lineage.png


@needs_fork
def test_the_second_runs_in_another_process_and_its_result_comes_back():
    here, there = forked.run_two(os.getpid, lambda: (os.getpid(), {"x.csv": b"a,b\n" * 100_000}), parallel=True)
    pid, files = there
    assert here == os.getpid() and pid != here
    assert files == {"x.csv": b"a,b\n" * 100_000}  # larger than a pipe's buffer


def _fail_with(exc: BaseException):
    def work():
        raise exc

    return work


@needs_fork
def test_an_error_in_the_copy_is_raised_here_with_its_path_reason_and_traceback():
    with pytest.raises(InputError) as info:
        forked.run_two(lambda: 1, _fail_with(InputError("raw/x.txt", "line 3: no matrix header")), parallel=True)
    assert (info.value.path, info.value.reason) == ("raw/x.txt", "line 3: no matrix header")
    assert str(info.value) == "raw/x.txt: line 3: no matrix header"
    assert "in the forked copy of the build" in info.value.__notes__[0]
    assert ", in work\n" in info.value.__notes__[0]  # the frame that raised, in the copy


@needs_fork
def test_the_first_error_wins_as_when_run_one_after_the_other_and_the_copy_is_reaped():
    with pytest.raises(OutputError, match="first"):
        forked.run_two(_fail_with(OutputError("out", "first")), _fail_with(InputError("in", "second")), parallel=True)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


@needs_fork
def test_an_exception_pickle_cannot_rebuild_comes_back_as_its_text():
    class Odd(Exception):
        def __init__(self, a, b):
            super().__init__(f"{a}+{b}")

    with pytest.raises(RuntimeError, match=r"Odd: 1\+2"):
        forked.run_two(lambda: 1, _fail_with(Odd(1, 2)), parallel=True)


@needs_fork
def test_a_copy_that_dies_without_a_result_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit code 3\)"):
        forked.run_two(lambda: 1, lambda: os._exit(3), parallel=True)
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit code -9\)"):
        forked.run_two(lambda: 1, lambda: os.kill(os.getpid(), 9), parallel=True)


def test_without_fork_or_a_second_cpu_both_run_here_in_order():
    order: list[str] = []
    result = forked.run_two(lambda: order.append("first") or 1, lambda: order.append("second") or 2, parallel=False)
    assert result == (1, 2)
    assert order == ["first", "second"]


def test_path_errors_survive_pickling_whole():
    err = pickle.loads(pickle.dumps(OutputError(Path("/x/out"), "is read-only; choose another --out")))
    assert type(err) is OutputError and (err.path, err.reason) == ("/x/out", "is read-only; choose another --out")


def test_a_process_running_other_threads_is_not_forked():
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not forked.can_fork()
    finally:
        stop.set()
        worker.join()
