"""A Ctrl-C whose KeyboardInterrupt is swallowed (raised inside a finalizer, which Python only prints as
"Exception ignored in ...") still stops the build before its outputs are swapped in, and prints no
traceback. Seen once in tests/ctrl_c_figure.py runs: a build printed `KeyboardInterrupt:` and exited 0.
"""

from __future__ import annotations

import gc
import signal

import pytest

from tipmatrix.ctrl_c import Interrupt, held_off, noted
from tipmatrix.export.atomic import replace_folder


class CtrlCInFinalizer:
    """An object whose finalizer is where the signal lands."""

    def __del__(self) -> None:
        Interrupt.handler(signal.SIGINT, None)


def test_a_ctrl_c_swallowed_in_a_finalizer_stops_the_swap_and_prints_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    replace_folder(out, {"a.txt": b"old", "datapackage.json": b"{}"})
    with noted():
        CtrlCInFinalizer()  # dropped at once: __del__ runs, its KeyboardInterrupt cannot propagate
        gc.collect(0)  # the youngest generation: a full collection walks every object the run has kept (0.3 s)
        assert Interrupt.pressed
        with pytest.raises(KeyboardInterrupt):
            replace_folder(out, {"a.txt": b"new", "datapackage.json": b"{}"})
    assert (out / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert capsys.readouterr().err == ""


def test_without_a_ctrl_c_the_swap_goes_ahead_and_the_note_ends_with_the_command(tmp_path):
    out = tmp_path / "out"
    with noted():
        replace_folder(out, {"a.txt": b"new", "datapackage.json": b"{}"})
        Interrupt.pressed = True
    assert not Interrupt.pressed  # a later command (or the Python API) starts clean
    with held_off():
        pass
    assert (out / "a.txt").read_bytes() == b"new"


class ZipLeftOpen:
    """What ZipFile.__del__ raises when a Ctrl-C left one of its entries open."""

    def __del__(self) -> None:
        raise ValueError("Can't close the ZIP file while there is an open writing handle on it.")


def test_after_a_ctrl_c_an_error_in_a_finalizer_prints_nothing(capsys):
    with noted():
        ZipLeftOpen()
        gc.collect(0)
        assert "ValueError" in capsys.readouterr().err  # before a Ctrl-C, Python's report as ever
        Interrupt.pressed = True  # as the handler notes it
        ZipLeftOpen()
        gc.collect(0)
    assert capsys.readouterr().err == ""
