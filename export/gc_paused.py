"""The cyclic garbage collector paused while an output is rendered.

openpyxl and python-docx build one Python object per cell, paragraph and style, all tracked by
the collector; with the drafts' records alive beside them, each automatic collection of the older
generations scans them all again, so a workbook of 4x the records cost 5-6x the time (issue 21).
A render makes its garbage at the end (the workbook dropped once its bytes are written): the
collector runs again, as usual, once the render returns.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(render: Callable[P, R]) -> Callable[P, R]:
    """`render` run with automatic collection off (and left off if a caller already turned it off)."""

    @functools.wraps(render)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return render(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return run
