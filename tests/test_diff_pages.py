"""The Diff sheet's pages: each starts with its provisions whole (a reader of page 5 sees which
provision its rows sit under, not "A. Increase awareness campaigns to …"), the build breaks the
pages where it laid them out, and the review import reads such a sheet back as unedited."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tipmatrix.export.diff import XLSX_COLUMNS, XLSX_PRINTED, printed_diff
from tipmatrix.export.headings import diff_title
from tipmatrix.export.sheets import page_room, page_starts, topped_page_starts
from tipmatrix.normalize.align import align
from tipmatrix.pipeline import read_drafts

RAW = Path(__file__).resolve().parents[1] / "raw"


@pytest.fixture(scope="module")
def diff_sheet(built):
    """The Diff sheet of the session's build, loaded once for the tests that read it."""
    return load_workbook(built / "diff" / "2016-05_vs_2016-11.xlsx")["Diff"]


def test_every_page_of_the_diff_sheet_starts_with_its_provisions_whole(diff_sheet):
    ws = diff_sheet
    header = [c.value for c in ws[1]]
    col = {name: header.index(diff_title(name)) + 1 for name in ("provision_old", "provision_new")}
    tops = [b.id + 1 for b in ws.row_breaks.brk]  # the sheet row that opens each page after the first
    assert len(tops) >= 10  # the 2016 diff prints on more than ten pages
    shortened_at_top = [(row, side) for row in tops for side in col
                        if str(ws.cell(row, col[side]).value or "").endswith("…")]
    assert shortened_at_top == []
    # below a page's first row, a provision the row above already shows is shortened
    shortened = sum(1 for row in range(2, ws.max_row + 1) for side in col
                    if str(ws.cell(row, col[side]).value or "").endswith("…"))
    assert shortened > 100


def test_the_breaks_are_where_the_written_row_heights_fill_a_page(diff_sheet):
    """Read off the workbook as LibreOffice reads it (column widths, row heights, the repeated header
    row): each page breaks where the next row would not fit, so LibreOffice, honouring the breaks,
    adds none of its own."""
    ws = diff_sheet
    widths = [ws.column_dimensions[get_column_letter(i + 1)].width for i in range(len(XLSX_PRINTED))]
    heights = [ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)]
    starts = page_starts(heights, set(), page_room(widths, ws.row_dimensions[1].height))
    assert [s + 1 for s in starts[1:]] == [b.id for b in ws.row_breaks.brk]


def test_the_review_import_compares_with_the_sheet_as_printed():
    """`printed_diff` is what the sheet holds: one row of cells per pair, whole provisions where pages start."""
    old, new = read_drafts(RAW)
    result = align(old.extraction.records, new.extraction.records)
    printed = printed_diff(result)
    assert len(printed.cells) == len(result.pairs) and set(XLSX_COLUMNS) <= set(printed.cells[0])
    tops = [printed.cells[s] for s in printed.starts]
    assert all(not str(c["provision_old"]).endswith("…") and not str(c["provision_new"]).endswith("…") for c in tops)


@given(st.lists(st.tuples(st.integers(10, 200), st.integers(0, 200)), min_size=1, max_size=60))
def test_the_breaks_chosen_are_those_of_the_heights_written(rows):
    """Whatever the rows, the pages laid out with the provision whole at each page top are the pages
    that the written heights make: rounds of `page_starts` swung back and forth on the 2016 diff
    once its pairs changed (a row moved to a page top grows, which moves the break before it)."""
    below = [float(b) for b, _ in rows]
    whole = [float(b + extra) for b, extra in rows]
    starts = topped_page_starts(below, whole.__getitem__, 400.0)
    written = [whole[i] if i in set(starts) else below[i] for i in range(len(rows))]
    assert page_starts(written, set(), 400.0) == starts
