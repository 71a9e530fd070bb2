"""The exception types for bad input and for outputs that cannot be written: each names the path and
says what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A source that cannot be read as a matrix: caught once, at the command line."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class OutputError(Exception):
    """An output that cannot be written (read-only, a file where a folder should be, a full disk):
    caught once, at the command line, like InputError."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
