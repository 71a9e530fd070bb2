"""Ctrl-C during a real build, through the installed command (issue 22, item 6): in each phase of the
build, the whole process group gets SIGINT as from a terminal; each time the command exits 130 with
the one line `tipmatrix: interrupted; <out>/ left as it was`, no traceback, and out/ holds the same
bytes as before with nothing left beside it. The figure over 20 random moments: tests/ctrl_c_figure.py.
"""

from __future__ import annotations

import shutil
import time

from ctrl_c_figure import after, forked_after, interrupt_build_when


def test_ctrl_c_in_each_phase_of_a_build_is_one_line_exit_130_and_out_as_it_was(built, tmp_path):
    """Three builds over a copy of the session's good out/, each Ctrl-C'd in another phase: while both
    processes render (found by waiting for the forked copy, not by timing: this machine's speed varies),
    then, from how long that build took to fork, in the imports (at 30% of it) and reading the sources
    (at 85%: the imports take about two thirds of the time before the fork). A moment that falls in
    a neighbouring phase still falls before the swap, where exit 130 and the earlier out/ are due."""
    to_fork: list[float] = []

    def rendering(proc) -> float | None:
        forked = forked_after(proc)
        if forked is not None:
            to_fork.append(forked)
            time.sleep(0.05)  # the copy under way (it ignores SIGINT; the parent stops it)
        return forked

    for phase, wait in (("rendering", rendering), ("imports", 0.3), ("reading", 0.85)):
        out = tmp_path / phase / "out"
        shutil.copytree(built, out)
        result = interrupt_build_when(out, wait if callable(wait) else after(wait * to_fork[0]))
        assert result.running, phase  # the signal reached a running build
        assert "Traceback" not in result.stderr, phase
        assert result.intact, phase
        assert (result.code, result.stderr) == (130, f"tipmatrix: interrupted; {out}/ left as it was\n"), phase
