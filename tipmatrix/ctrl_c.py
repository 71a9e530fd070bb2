"""Ctrl-C during a command: noted when it arrives, held off while outputs are swapped in, ignored once
they are in place. The one module that sets what SIGINT does (and tipmatrix/console.py, before any import).

A KeyboardInterrupt does not always reach the command line as itself: zipfile turns one raised inside
an open entry into `ValueError: Can't close the ZIP file while there is an open writing handle`, and
one raised inside a finalizer is only printed ("Exception ignored in ...") and the build goes on. So
the handler notes the signal as well as raising it, and the swap that would make a build's outputs
visible refuses to begin once a Ctrl-C was noted: an interrupted build never lands.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any


class Interrupt:
    """Whether Ctrl-C was pressed during the command (in `noted`)."""

    pressed = False

    @classmethod
    def handler(cls, signum: int, frame: FrameType | None) -> None:
        cls.pressed = True
        raise KeyboardInterrupt


Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers


@contextlib.contextmanager
def _handling(handler: Handler) -> Iterator[None]:
    """SIGINT handled by `handler` for the block; only in the main thread, where signals arrive."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _unraisable(unraisable: Any) -> None:
    """A Ctrl-C raised where it cannot propagate is already noted: no "Exception ignored" traceback. Nor
    for what a Ctrl-C left behind: a zip file abandoned with an entry open raises, when collected,
    `ValueError: Can't close the ZIP file while there is an open writing handle` (in ZipFile.__del__)."""
    if not (Interrupt.pressed or isinstance(unraisable.exc_value, KeyboardInterrupt)):
        sys.__unraisablehook__(unraisable)


@contextlib.contextmanager
def noted() -> Iterator[None]:
    """SIGINT noted (and raised as KeyboardInterrupt) for the time of a command."""
    Interrupt.pressed = False
    hook, sys.unraisablehook = sys.unraisablehook, _unraisable
    try:
        with _handling(Interrupt.handler):
            yield
    finally:
        sys.unraisablehook = hook
        Interrupt.pressed = False


@contextlib.contextmanager
def held_off() -> Iterator[None]:
    """Ctrl-C ignored for the block (a swap already begun is finished, since the run's work is then
    done); a Ctrl-C noted before the block stops it from beginning."""
    with _handling(signal.SIG_IGN):
        if Interrupt.pressed:
            raise KeyboardInterrupt
        yield


def written() -> None:
    """The outputs are in place: a Ctrl-C from here on (while the counts print) would no longer be true
    to say it left them as they were, so it is ignored until the command returns."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
