"""Table rows as a front-end reads them, before they become records.

Every front-end (text, PDF, Word) turns a source into a `Reading` of `Row`s; `extract.assemble`
turns rows into records, so splitting cells, provisions, notes and body cells is shared. A cell's
column is its role in the layout (extract/layouts.toml), whatever order the document prints it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from tipmatrix.model import CoverageLine, Record


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source, one object for every front-end and the pipeline.

    `as_original`: a Word document is read with its tracked changes rejected (other files have none).
    `partial`: the source is an excerpt on purpose (no pillar D, no truncation warning).
    """

    as_original: bool = False
    partial: bool = False


READ_DEFAULTS = ReadOptions()


@dataclass(frozen=True)
class Cell:
    """The text of one table cell (or the part of it on one line), where it came from.

    `guessed`: the column was chosen from the cell's words because the rendition dropped
    the empty cells that would have placed it (May layout); such a category is not reported.
    """

    column: str
    text: str
    lines: tuple[int, int]
    page: str = ""
    # Where the cell (its part on `page`) is printed: x0, top, x1, bottom in points from the top-left
    # of the page as shown (PDF front-end only).
    bbox: tuple[float, float, float, float] | None = None
    guessed: bool = False


@dataclass(frozen=True)
class Row:
    """One table row: its cells in column order, or a pillar heading ("A".."D")."""

    cells: tuple[Cell, ...] = ()
    pillar: str = ""
    flags: tuple[str, ...] = ()

    def text(self, column: str) -> str:
        return " ".join(c.text for c in self.cells if c.column == column and c.text.strip())

    @property
    def lines(self) -> tuple[int, int]:
        spans = [c.lines for c in self.cells]
        return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (0, 0)


@dataclass
class Reading:
    """What every front-end returns: the layout (its id), the table rows and the coverage of every
    source line. A front-end whose source carries notes on its cells (Word: tracked changes and
    comments) returns a subclass whose `annotate` flags the records holding them."""

    layout: str
    rows: list[Row]
    coverage: list[CoverageLine]

    def annotate(self, records: list[Record]) -> list[Record]:
        """The records with what the source notes on their cells as flags (none here)."""
        return records
