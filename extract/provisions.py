"""The provision column -> provisions (APA sections), each with its letter and its lines.

A provision's label is printed in a column of its own, so the renditions put it alone on a
line ("В."), at the start of the text ("A. Increase ..."), or glued to the end of the previous
provision ("... victims; C."), where it belongs to the provision that follows. The label is read
in the styles the layout prints ("A.", "(a)", "1.", ... : extract/labels.py) and kept as printed
beside its canonical letter ("(b)" -> "B").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tipmatrix.extract.cells import ACTION_VERBS, Frag, ends_open, unwrap_text
from tipmatrix.extract.labels import (
    DEFAULT_PROVISION_STYLES,
    ProvisionGrammar,
    provision_grammar,
    provision_letter,
    squeeze_label,
)
from tipmatrix.textfold import fold_lookalikes

# Verbs that open an APA provision besides the action verbs of activities.
PROVISION_VERBS = ACTION_VERBS | {"Reaffirm", "Intensify", "Prosecute", "Subject", "Ensure", "Provide", "Render"}


@dataclass
class Provision:
    """A provision: its canonical letter ("A".."L"), its label as printed ("(a)", "1.", "В."), text
    and lines."""

    letter: str
    frags: list[Frag] = field(default_factory=list)
    letter_lines: list[int] = field(default_factory=list)
    label: str = ""

    _text: tuple[tuple[Frag, ...], str] = field(default=((), ""), init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The provision's text, unwrapped; kept until a fragment is added (it is asked for at every
        fragment fed and every record made under it)."""
        frags = tuple(self.frags)
        if frags != self._text[0]:
            self._text = (frags, unwrap_text(" ".join(f.text for f in frags)))
        return self._text[1]

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


def opens_provision(text: str, previous: str, styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES) -> bool:
    """Does this provision-column text open a provision (a label, or text that `starts_new`)?"""
    folded = fold_lookalikes(text)
    grammar = provision_grammar(styles)
    if grammar.alone.match(folded) or grammar.leading.match(folded):
        return True
    if not previous.strip():
        return text.strip()[:1].isupper()
    return starts_new(text.strip(), previous)


class ProvisionTracker:
    """Feeds provision-column fragments in line order; says which provision is current at a line."""

    def __init__(self, styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES) -> None:
        self.provisions: list[Provision] = []
        self._at: dict[int, Provision] = {}
        self.grammar: ProvisionGrammar = provision_grammar(styles)

    @property
    def current(self) -> Provision | None:
        return self.provisions[-1] if self.provisions else None

    def _open(self, label: str, line: int = 0) -> Provision:
        """A new provision, its label as printed (stripped) read as its canonical letter."""
        previous = next((p.letter for p in reversed(self.provisions) if p.letter), "")
        label = " ".join(label.split())
        letter = provision_letter(label, self.grammar.styles, previous) if label else ""
        provision = Provision(letter, letter_lines=[line] if line and label else [], label=label)
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
        grammar = self.grammar
        if m := grammar.alone.match(squeeze_label(text)):
            self._open(m.group(1), frag.line)
        else:
            trailing = grammar.trailing.search(text)
            if trailing:
                text = text[: trailing.start()]
            pieces = grammar.embedded.split(text)
            head, rest = pieces[0], pieces[1:]
            if m := grammar.leading.match(head):
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
