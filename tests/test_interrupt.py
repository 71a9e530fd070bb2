"""Ctrl-C during a real build, through the installed command (issue 22, item 6): at several moments of
the build, the whole process group gets SIGINT as from a terminal; each time the command exits 130 with
the one line `tipmatrix: interrupted; <out>/ left as it was`, no traceback, and out/ holds the same
bytes as before with nothing left beside it. The figure over 20 random moments: tests/ctrl_c_figure.py.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from ctrl_c_figure import good_build, interrupt_build
from shared_value import shared_value


@pytest.fixture(scope="module")
def timed_build(tmp_path_factory) -> tuple[Path, float]:
    """A good out/ made by the installed command, and how long that took on this machine now (once per
    run: shared_value)."""
    def make(folder: Path) -> tuple[Path, float]:
        start = time.monotonic()
        out = good_build(folder)
        return out, time.monotonic() - start

    return shared_value(tmp_path_factory, "ctrl-c-build", make)


# fractions of a build's time: in the imports, reading the sources, rendering (both processes)
@pytest.mark.parametrize("moment", [0.1, 0.35, 0.6])
def test_ctrl_c_during_a_build_is_one_line_exit_130_and_out_as_it_was(moment, timed_build, tmp_path):
    good, took = timed_build
    out = tmp_path / "out"
    shutil.copytree(good, out)
    result = interrupt_build(out, moment * took)
    assert "Traceback" not in result.stderr
    assert result.intact
    if moment < 0.5 or result.code != 0:  # late in a build on a busy machine, the swap may be done: exit 0
        assert (result.code, result.stderr) == (130, f"tipmatrix: interrupted; {out}/ left as it was\n")
