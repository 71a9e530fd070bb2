"""The office-suite matrices of tests/fixtures/office with two columns in another order, as the documents
held back for acceptance print them: November with "Lead Sectoral Body/ Cooperating Sectoral Body" before
"Expected Outputs", May with "Research Development" before "Institutional Development".

`python tests/column_order_office.py [OUT_DIR]` (default tests/fixtures/column-order) builds each with
python-docx exactly as tests/office_matrix.py builds the declared order (same rows, fonts and widths, the two
columns' cells, headings and widths exchanged) and has LibreOffice export it as PDF. It needs LibreOffice, so it
runs on a dev machine only; tests/test_column_order.py reads the committed files and compares their records
with those of the declared-order fixtures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import office_matrix as om

ROOT = Path(__file__).resolve().parent.parent
# The two columns exchanged in each layout, by position in the declared order.
SWAPS = {"may-2016": (1, 2), "nov-2016": (3, 4)}


def swap(items, pair: tuple[int, int]):
    """A row, header or widths with two positions exchanged; a full-width heading row as it is."""
    if not isinstance(items, tuple):
        return items
    out = list(items)
    i, j = pair
    out[i], out[j] = out[j], out[i]
    return tuple(out)


def build(out_dir: Path, layout: str, rows: list) -> tuple[Path, Path]:
    """The swapped matrix of `layout` as <layout>-swapped.docx and LibreOffice's PDF of it."""
    pair = SWAPS[layout]
    headers, widths = om.HEADERS[layout], om.WIDTHS_MM[layout]
    om.HEADERS[layout], om.WIDTHS_MM[layout] = swap(headers, pair), swap(widths, pair)
    try:
        docx = om.build_docx(out_dir / f"{layout}-swapped.docx", layout, [swap(r, pair) for r in rows])
    finally:
        om.HEADERS[layout], om.WIDTHS_MM[layout] = headers, widths
    return docx, om.to_pdf(docx, out_dir)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else ROOT / "tests" / "fixtures" / "column-order"
    out_dir.mkdir(parents=True, exist_ok=True)
    for layout, rows in (("may-2016", om.MAY_ROWS), ("nov-2016", om.NOV_ROWS)):
        for path in build(out_dir, layout, rows):
            print(f"{path} ({path.stat().st_size} bytes)")
    print(om.soffice_version())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
