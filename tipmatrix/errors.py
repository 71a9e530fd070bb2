"""The exception types for bad input and for outputs that cannot be written: each names the path and
says what is wrong and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class PathError(Exception):
    """A problem with one file or folder: its path, and what is wrong there and what to do."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self) -> tuple[type[PathError], tuple[str, str], dict[str, object]]:
        # rebuilt from path and reason, not from the one-line message (a build's forked copy sends it back)
        return type(self), (self.path, self.reason), self.__dict__


class InputError(PathError):
    """A source that cannot be read as a matrix: caught once, at the command line."""


class OutputError(PathError):
    """An output that cannot be written (read-only, a file where a folder should be, a full disk):
    caught once, at the command line, like InputError."""


class TooLarge(Exception):
    """Work that would not fit in memory, refused before it is allocated: one line naming the sizes
    and what to do; caught once, at the command line."""


@dataclass(frozen=True)
class FileRow:
    """A row of a curated data file (corrections, alignment decisions): where it is, so that an
    error about it names the file and the line."""

    path: str
    line: int  # line of the row in the file

    def error(self, problem: str) -> InputError:
        return InputError(self.path, f"line {self.line}: {problem}")
