"""The provision column -> provisions (APA sections), each with its letter and its lines.

A provision's letter is printed in a column of its own, so the renditions put it alone on a
line ("В."), at the start of the text ("A. Increase ..."), or glued to the end of the previous
provision ("... victims; C."), where it belongs to the provision that follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tipmatrix.extract.cells import ACTION_VERBS, Frag, ends_open, unwrap_text
from tipmatrix.textfold import fold_lookalikes

LETTER_ONLY = re.compile(r"^\s*([A-L])\s*\.\s*$")
LEADING_LETTER = re.compile(r"^\s*([A-L])\.\s+(?=\S)")
TRAILING_LETTER = re.compile(r"(?<=[;.,])\s+([A-L])\.\s*$")
EMBEDDED_LETTER = re.compile(r"(?<=[;.])\s+([A-L])\.\s+(?=[A-Z])")
# Verbs that open an APA provision besides the action verbs of activities.
PROVISION_VERBS = ACTION_VERBS | {"Reaffirm", "Intensify", "Prosecute", "Subject", "Ensure", "Provide", "Render"}


@dataclass
class Provision:
    letter: str
    frags: list[Frag] = field(default_factory=list)
    letter_lines: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return unwrap_text(" ".join(f.text for f in self.frags))

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(sorted({line for f in self.frags for line in f.lines} | set(self.letter_lines)))


def starts_new(text: str, previous: str) -> bool:
    """Unlettered text that opens a new provision rather than continuing the last one."""
    first = text.split()[0] if text.split() else ""
    if not first[:1].isupper():
        return False
    if previous.rstrip().endswith((".", ";")):
        return True
    return first in PROVISION_VERBS and not ends_open(previous)


def opens_provision(text: str, previous: str) -> bool:
    """Does this provision-column text open a provision (a letter, or text that `starts_new`)?"""
    folded = fold_lookalikes(text)
    if LETTER_ONLY.match(folded) or LEADING_LETTER.match(folded):
        return True
    if not previous.strip():
        return text.strip()[:1].isupper()
    return starts_new(text.strip(), previous)


class ProvisionTracker:
    """Feeds provision-column fragments in line order; says which provision is current at a line."""

    def __init__(self) -> None:
        self.provisions: list[Provision] = []
        self._at: dict[int, Provision] = {}

    @property
    def current(self) -> Provision | None:
        return self.provisions[-1] if self.provisions else None

    def _open(self, letter: str, line: int = 0) -> Provision:
        provision = Provision(letter, letter_lines=[line] if line and letter else [])
        self.provisions.append(provision)
        return provision

    def _append(self, text: str, line: int, last: int = 0) -> None:
        if not text.strip():
            return
        current = self.current
        if current is None or (current.frags and starts_new(text, current.text)):
            current = self._open("")
        current.frags.append(Frag(text.strip(), line, last))

    def feed(self, frag: Frag) -> None:
        text = fold_lookalikes(frag.text)
        if m := LETTER_ONLY.match(text):
            self._open(m.group(1), frag.line)
        else:
            trailing = TRAILING_LETTER.search(text)
            if trailing:
                text = text[: trailing.start()]
            pieces = EMBEDDED_LETTER.split(text)
            head, rest = pieces[0], pieces[1:]
            if m := LEADING_LETTER.match(head):
                self._open(m.group(1))
                head = head[m.end():]
            self._append(head, frag.line, frag.last)
            for letter, body in zip(rest[::2], rest[1::2]):
                self._open(letter)
                self._append(body, frag.line)
            if trailing:
                self._open(trailing.group(1), frag.line)
        for line in frag.lines:
            self._at[line] = self.current  # type: ignore[assignment]

    def mark(self, line: int) -> None:
        """Remember the provision current at a line that carried no provision text."""
        if self.current is not None:
            self._at.setdefault(line, self.current)

    def at(self, line: int) -> Provision | None:
        """The provision current at a line: set there, or at the nearest line above."""
        if line in self._at:
            return self._at[line]
        above = [known for known in self._at if known < line]
        return self._at[max(above)] if above else None
