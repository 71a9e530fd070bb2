"""How wide a text prints in Arial (Liberation Sans, its metric twin), so a row is as tall as its text.

LibreOffice and Excel never grow a row for wrapped text on opening a file, so the export sets each
row's height: too low cuts the text, too high prints half-empty pages. The advance widths below
are Liberation Sans's (SIL Open Font License; metric-compatible with Arial), in thousandths of an
em, read once with fontTools from LiberationSans-Regular.ttf and -Bold.ttf: a table, so no font file
is needed at run time. A character not in it counts as wide as "W" (never too narrow).
"""

from __future__ import annotations

from functools import lru_cache

# printable ASCII, Latin-1, then quotes, dashes, bullet, ellipsis, arrow, euro
_CHARS = "".join(map(chr, [*range(32, 127), *range(160, 256)])) + (
    "\u201c\u201d\u2018\u2019\u2013\u2014\u2022\u2026\u2192\u20ac"
)
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333,
    333, 333, 576, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667,
    1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778,
    722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556,
    278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 549, 611, 556, 556, 556, 556, 500, 556,
    500, 333, 333, 222, 222, 556, 1000, 350, 1000, 1000, 556,
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333,
    333, 333, 576, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722,
    1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778,
    722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556,
    278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 549, 611, 611, 611, 611, 611, 556, 611,
    556, 500, 500, 278, 278, 556, 1000, 350, 1000, 1000, 556,
)
REGULAR: dict[str, int] = dict(zip(_CHARS, _REGULAR, strict=True))
BOLD: dict[str, int] = dict(zip(_CHARS, _BOLD, strict=True))
WIDEST = 1000  # per mille: a character missing from the table (CJK, symbols), as wide as an em


@lru_cache(maxsize=1 << 16)
def _per_mille(text: str, bold: bool) -> int:
    """The advance width of `text` in thousandths of an em: the same words are measured many times over
    (every cell of every sheet, each width tried), so they are measured once."""
    table = BOLD if bold else REGULAR
    return sum(table.get(c, WIDEST) for c in text)


def text_width(text: str, size: float = 10.0, bold: bool = False) -> float:
    """The advance width in points of `text` set in Arial at `size` points."""
    return _per_mille(text, bold) * size / 1000
