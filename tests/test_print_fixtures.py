"""How out/ prints, read from the PDFs LibreOffice made of it (tests/fixtures/print/, written by
`make print-check`): no LibreOffice needed here. The PDFs are checked to be renderings of exactly
the workbooks this build writes (the sha256 of each workbook is kept beside them), so a change that
moves the print fails here until `make print-check` renders them again; then every printed page is
read for words broken inside a cell and for escapes, and the README's print table is checked to be
the one `make print-check` wrote; a small LibreOffice print with a word cut and an escape shows that
the reading finds them. Also the row-height estimate against lines LibreOffice printed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from shared_value import shared_value

from bench import print_check
from tipmatrix.export.fontmetrics import text_width
from tipmatrix.export.matrix_sheet import Merge, page_starts, split_at
from tipmatrix.export.sheets import lines_height, word_width, wrapped_lines

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "print"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("pdf", sorted(MANIFEST))
def test_the_committed_pdfs_are_renderings_of_the_workbooks_this_build_writes(built, pdf):
    source = built / MANIFEST[pdf]["source"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == MANIFEST[pdf]["sha256"], (
        f"{MANIFEST[pdf]['source']} changed since tests/fixtures/print/{pdf} was rendered: run `make print-check` "
        "and commit tests/fixtures/print/ and README.md")


@pytest.fixture(scope="module")
def printed(built, tmp_path_factory) -> list[print_check.SheetPrint]:
    """Every committed PDF's pages read, once per run (shared_value)."""
    return shared_value(tmp_path_factory, "printed", lambda _: [
        r for pdf in sorted(MANIFEST) for r in print_check.check_pdf(FIXTURES / pdf, built / MANIFEST[pdf]["source"])])


def test_no_printed_page_breaks_a_word_inside_or_prints_an_escape(printed):
    assert [(r.workbook, r.sheet, r.broken, r.escapes) for r in printed if r.broken or r.escapes] == []
    assert {r.workbook for r in printed} == {"2016-05-matrix.xlsx", "2016-11-matrix.xlsx", "2016-05_vs_2016-11.xlsx",
                                             "2016-05_vs_2016-11.docx", "lineage.xlsx"}


def test_pages_and_glyphs_within_the_issue_figures(printed):
    pages = {(r.workbook, r.sheet): r.pages for r in printed}
    assert min(r.median_pt for r in printed) >= print_check.MIN_GLYPH_PT
    assert pages[("2016-05-matrix.xlsx", "Review")] <= 3 and pages[("2016-11-matrix.xlsx", "Review")] <= 3
    assert pages[("2016-05_vs_2016-11.xlsx", "Lead changes")] <= 6
    assert "?" not in {r.sheet for r in printed}  # every page carries its sheet's header


def test_the_readme_print_table_is_the_one_print_check_wrote():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = (FIXTURES / "print-check.md").read_text(encoding="utf-8")
    assert print_check.readme_with(readme, table) == readme
    assert f"{print_check.TABLE_START}\n{table}{print_check.TABLE_END}" in readme
    assert "| lineage.xlsx (3 drafts) | Lineage |" in table


def test_the_broken_word_finder_on_a_word_cut_by_a_narrow_cell():
    def word(text, x0, top):
        return {"text": text, "x0": x0, "x1": x0 + 5 * len(text), "top": top, "bottom": top + 10}

    vocab = print_check.vocabulary(["Community Parent body", "lead-changed"])
    # "Communit" at the end of a line, "y" starting the next line of the same cell
    page = [word("Communit", 100, 50), word("y", 100, 61.5), word("Parent", 160, 50), word("body", 160, 61.5)]
    assert print_check.broken_words(page, vocab) == ["Communit|y"]
    # a break after a hyphen is no broken word
    assert print_check.broken_words([word("lead-", 100, 50), word("changed", 100, 61.5)], vocab) == []
    assert print_check.ESCAPES.findall("academe\\; the list _x000D_ ok; a\\b") == ["\\;", "_x000D_"]


def test_a_word_cut_by_a_narrow_cell_and_a_printed_escape_are_found_in_a_libreoffice_print():
    """tests/fixtures/print-defects/: a workbook with "Community" in Arial Bold 10 in a column 8
    characters wide and a cell holding "academe\\; the list marker", and the PDF LibreOffice 7.4
    printed of it (soffice --convert-to pdf), where the word goes on to the next line ("Communit" /
    "y"): the reading of printed pages finds both, as the check of out/'s prints must."""
    folder = ROOT / "tests" / "fixtures" / "print-defects"
    (found,) = print_check.check_pdf(folder / "print-defects.xlsx.pdf", folder / "print-defects.xlsx")
    assert (found.sheet, found.pages, found.broken, found.escapes) == ("Bodies", 1, ("Communit|y",), ("\\;",))


# Lines LibreOffice 7.4 printed (Arial 10, read off the Review sheet of commit 632bbf0's 2016-05
# workbook), against the estimate: never fewer (the text would be cut), at most one more.
PRINTED_LINES = [
    ("provision-completed: printed here as 'Continue capacity building of law enforcement, immigratio...'; whole "
     "text from 000_77964c73432e17e8.txt:16-17 001_fcb319b1d564dd03.txt:43-43", 32, 5),
    ("Training for trainers for law enforcement agencies in the prevention of TIP.", 28, 3),
    ("Research on illegal issue on force labor, cause and effect on inbound and outbound force labor.", 28, 3),
    ("Launching the Prevention in Trafficking in Person Action Plan", 28, 2),
]


@pytest.mark.parametrize("text, width, lines", PRINTED_LINES)
def test_the_line_estimate_is_never_below_what_libreoffice_printed(text, width, lines):
    assert lines <= wrapped_lines(text, width) <= lines + 1


def test_row_heights_and_word_widths():
    assert wrapped_lines("", 10) == wrapped_lines(None, 10) == 1
    assert wrapped_lines("one\ntwo", 40) == 2  # a line break is a line
    assert wrapped_lines("x" * 200, 10) > 4  # a word longer than the column is cut by characters
    assert lines_height(1) == 13.0 and lines_height(3) == 36.0  # 11.5 pt a line and 1.5 pt padding
    assert text_width("Community", bold=True) == 55.0  # Arial Bold advance widths, 10 pt
    assert 10 < word_width(["Community"], bold=True) < 11.5  # the Bodies heading that printed "Communit y" at 10


def test_pages_break_where_a_page_fills_and_a_cut_merge_shows_its_text_again():
    heights = [20.0, 50.0, 50.0, 50.0, 20.0, 50.0]
    assert page_starts(heights, forced={4}, room=110.0) == [0, 2, 4]  # 20 + 50 + 50 > 110; row 4 is a pillar
    merges = [Merge(1, 3, 0, 0), Merge(4, 4, 0, 5), Merge(0, 1, 1, 1)]
    # the provision over rows 1-3 is cut at row 2: row 1 keeps it unmerged, rows 2-3 show it again
    assert split_at(merges, [0, 2, 4]) == [Merge(2, 3, 0, 0), Merge(4, 4, 0, 5), Merge(0, 1, 1, 1)]
