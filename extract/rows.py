"""Table rows as a front-end reads them, before they become records.

The text front-end and the PDF front-end both turn a source into `Row`s; `extract.assemble`
turns rows into records, so splitting cells, provisions, notes and body cells is shared.
"""

from __future__ import annotations

from dataclasses import dataclass

from tipmatrix.extract.layouts import layouts

# Column names (roles) of each layout, left to right, as the extractor uses them; declared in
# extract/layouts.toml with the headings each column is known by.
MAY_2016 = "may-2016"
NOV_2016 = "nov-2016"
LAYOUT_COLUMNS: dict[str, tuple[str, ...]] = {lay.id: lay.roles for lay in layouts()}


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
