"""The one exception type for bad input: it names the file and says what is wrong."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A source that cannot be read as a matrix: caught once, at the command line."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
