"""No edit silently ignored: the Matrix sheet read back, formulas and the sheets not read back refused,
a `drop` that supersedes a correction on file (issue 22, items 1 and 2).

Every test works on the session's build of the real raw/ (tests/conftest.py) with copies of the
corrections (tests/test_review.py's `checkout_of`): nothing here writes into normalize/.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import coordinate_to_tuple
from review_script import (
    REVIEWER,
    cell_values,
    changed_cells,
    heading_columns,
    matrix_rows,
    review_draft_workbook,
    workbook_rows,
)
from shared_readings import shared_extractions  # noqa: F401  (each source extracted once per run)
from test_review import Checkout, check_edit, checkout_of, review, saved_on

from tipmatrix import pipeline
from tipmatrix.cli import main
from tipmatrix.export.protection import READ_ONLY_NOTE
from tipmatrix.export.records_csv import read_records
from tipmatrix.model import record_to_row

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
NOV = "2016-11"
WORKBOOK = f"{NOV}/{NOV}-matrix.xlsx"
NAMED_CELL = re.compile(r"sheet '([^']+)', cell ([A-Z]+\d+)")


@pytest.fixture(scope="module")
def checkout(built, tmp_path_factory) -> Checkout:
    return checkout_of(built, tmp_path_factory.mktemp("matrix-build"))


@pytest.fixture
def mine(checkout, tmp_path) -> Checkout:
    """The module's build with private copies of its corrections and alignment folders."""
    corrections, alignment = tmp_path / "corrections", tmp_path / "alignment"
    shutil.copytree(checkout.corrections, corrections)
    shutil.copytree(checkout.alignment, alignment)
    return Checkout(checkout.out, corrections, alignment)


def named(lines: list[str]) -> set[tuple[str, str]]:
    """(sheet, cell) of every cell a list of lines (refusals, or the reasons of correction rows) names."""
    return {m.groups() for line in lines for m in NAMED_CELL.finditer(line)}


def added_rows(before: bytes, after: bytes) -> list[str]:
    return after.decode("utf-8").splitlines()[len(before.decode("utf-8").splitlines()):]


def test_scripted_review_of_the_draft_workbook_loses_no_edit(mine, tmp_path, capsys):
    """Every editable kind of cell of the Matrix sheet and every editable column of a Pillar sheet: with
    formulas typed in two of them the import refuses exactly those two cells; with values typed instead,
    every changed cell comes back as a correction naming it, and the rebuild holds each edit."""
    src = mine.workbook(WORKBOOK)
    wb = load_workbook(src)  # loaded once: it is large
    as_built = cell_values(wb)
    expected, formula_at = review_draft_workbook(wb)
    path = tmp_path / f"{NOV}-matrix.xlsx"
    wb.save(path)
    changed = changed_cells(as_built, wb)  # the workbook as saved in `path`
    for sheet, cell in formula_at:  # the same review with formulas typed in two of its cells
        wb[sheet][cell].value = "=1+1"
    with_formulas = tmp_path / "formulas" / f"{NOV}-matrix.xlsx"
    with_formulas.parent.mkdir()
    wb.save(with_formulas)
    formula_cells = {cell for cell in changed_cells(as_built, wb) if wb[cell[0]][cell[1]].value == "=1+1"}
    before = mine.files()
    code, out, err = review(mine, with_formulas, "--by", REVIEWER, capsys=capsys)
    assert (code, out) == (1, "")
    refusals = [line for line in err.splitlines() if line.startswith("tipmatrix: refused: ")]
    assert len(formula_cells) == 2 and named(refusals) == formula_cells
    assert all("a formula ('=1+1'); type the value itself" in line for line in refusals)
    assert err.splitlines()[-1] == "tipmatrix: nothing written (2 refused)"
    assert mine.files() == before

    corrections = mine.corrections / f"{NOV}.csv"
    was = corrections.read_bytes()
    code, out, err = review(mine, path, "--by", REVIEWER, capsys=capsys)
    assert (code, err) == (0, "")
    rows = added_rows(was, corrections.read_bytes())
    taken = named(rows)
    assert changed and changed - taken == set(), "cells changed but neither taken nor refused"
    assert taken - changed == set()
    with capsys.disabled():
        print(f"\nscripted review of {NOV}-matrix.xlsx: {len(changed)} cells changed (Matrix and Pillar C), "
              f"{len(changed & taken)} taken as {len(rows)} corrections, 2 formulas refused by cell; "
              f"{len(changed - taken)} edits silently ignored")
    # the records a rebuild would write (read_drafts is the build's first half: the records, without rendering
    # the files; tests/test_review.py's scripted review rebuilds whole and reads records.csv back)
    drafts = pipeline.read_drafts(RAW, pipeline.RunOptions(corrections_dir=mine.corrections,
                                                           alignment_dir=mine.alignment))
    nov = next(r for r in drafts if r.source.draft == NOV)
    before_rows, after_rows = mine.records(NOV), {r.record_id: record_to_row(r) for r in nov.extraction.records}
    for e in expected:
        check_edit(e, before_rows, after_rows)


def test_an_unedited_workbook_has_no_edits_without_by(mine, capsys):
    """The workbooks of a build name no last editor: with nothing to take, none is asked for (with --by:
    tests/test_review.py's test_no_edits_says_so_and_exits_0)."""
    before = mine.files()
    for rel, noun, target in ((WORKBOOK, "edits", mine.corrections / f"{NOV}.csv"),
                              (f"{NOV}/pillar-C.xlsx", "edits", mine.corrections / f"{NOV}.csv"),
                              ("diff/2016-05_vs_2016-11.xlsx", "decisions", mine.alignment / "2016-05_vs_2016-11.csv")):
        path = mine.workbook(rel)
        assert load_workbook(path, read_only=True).properties.lastModifiedBy is None
        assert review(mine, path, capsys=capsys) == (0, f"no new {noun} in {path.name}; {target} unchanged\n", ""), rel
    assert mine.files() == before


REFUSALS = {
    # case: (workbook, sheet, cell or None for a new sheet, value, the refusal after the cell)
    "bodies-sheet": (WORKBOOK, "Bodies", "C3", 99,
                     "sheet 'Bodies' is made from the records and not read back (it is protected for that reason): "
                     "edit the Matrix or Pillar sheets, or the Review column of the Diff sheet"),
    "about-sheet": (WORKBOOK, "About", "B2", "My own title", "sheet 'About' is made from the records and not read"),
    "summary-of-the-diff": ("diff/2016-05_vs_2016-11.xlsx", "Summary", "A1", "Mine",
                            "sheet 'Summary' is made from the records and not read back"),
    "diff-redline": ("diff/2016-05_vs_2016-11.xlsx", "Diff", "redline", "my own wording",
                     "column 'redline' is read-only"),
    "matrix-provision": (WORKBOOK, "Matrix", "A3", "A. Another provision",
                         "the Provision, the pillar headings, the header and the record ids are read-only"),
    "matrix-beside-the-table": (WORKBOOK, "Matrix", "J5", "a note of mine", "nothing beside the table is read back"),
    "matrix-record-id": (WORKBOOK, "Matrix", "G3", "2016-11-A-00000000",
                         "rows of the Matrix sheet are not moved, added or deleted (to drop a record, type `drop` in "
                         "its Review cell on its Pillar sheet); undo that and edit the cells in place"),
    "matrix-activity-number": (WORKBOOK, "Matrix", "number", "Compilation without its number",
                               "keep the activity's number 'a)' at the start of the cell"),
    "matrix-unknown-body": (WORKBOOK, "Matrix", "E3", "Lead: SOMTX", "'SOMTX' is no known body"),
    "a-sheet-of-ones-own": (WORKBOOK, "Notes", None, "remember the venue",
                            "a sheet the build did not make; nothing on it is read back"),
}


@pytest.fixture(scope="module")
def loaded(checkout) -> dict[str, Workbook]:
    """The workbooks the refusals edit, each loaded once for the module (loading the November workbook
    takes a third of a test's time): a test edits one, saves its copy, and puts it back as it was."""
    return {rel: load_workbook(checkout.workbook(rel)) for rel in sorted({rel for rel, *_ in REFUSALS.values()})}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_each_change_that_cannot_be_taken_is_refused_naming_its_cell(case, loaded, mine, tmp_path, capsys):
    rel, sheet, cell, value, message = REFUSALS[case]
    src = mine.workbook(rel)
    dst = tmp_path / src.name
    wb = loaded[rel]
    if cell is None:
        added = wb.create_sheet(sheet)
        added["A1"] = value
    else:
        ws = wb[sheet]
        if cell == "redline":  # the redline of the first pair that has one
            col = heading_columns(ws)["redline"]
            cell = next(ws.cell(r, col).coordinate for r in range(2, ws.max_row + 1) if ws.cell(r, col).value)
        elif cell == "number":  # the activity cell of a numbered activity, its number left out
            cell = next(c.coordinate for c in ws["C"] if str(c.value or "").startswith("a) "))
        at = coordinate_to_tuple(cell)
        existed = at in ws._cells
        was = ws[cell].value
        ws[cell] = value
    try:
        wb.save(dst)
    finally:  # the module's workbook as it was loaded
        if cell is None:
            wb.remove(added)
        elif existed:
            ws[cell].value = was
        else:
            del ws._cells[at]
    before = mine.files()
    code, out, err = review(mine, dst, "--by", REVIEWER, capsys=capsys)
    where = f"{dst.name}, sheet {sheet!r}" + (f", cell {cell}" if cell else "")
    assert (code, out) == (1, "")
    (line, last) = err.splitlines()
    assert line.startswith(f"tipmatrix: refused: {where}: ") and message in line, line
    assert last == "tipmatrix: nothing written (1 refused)"
    assert mine.files() == before


def test_the_sheets_not_read_back_are_protected_and_say_so(checkout, loaded):
    found = {}
    for rel in (WORKBOOK, f"{NOV}/pillar-C.xlsx", "diff/2016-05_vs_2016-11.xlsx", "lineage.xlsx"):
        wb = loaded[rel] if rel in loaded else load_workbook(checkout.workbook(rel))  # the module's, as loaded
        for ws in wb.worksheets:
            note = ws["A1"].comment.text if ws["A1"].comment else ""
            found[ws.title] = (ws.protection.sheet, note == READ_ONLY_NOTE)
    assert found == {
        "Matrix": (False, False), "Pillar A": (False, False), "Pillar B": (False, False),
        "Pillar C": (False, False), "Pillar D": (False, False), "Diff": (False, False),
        "Bodies": (True, True), "Review": (True, True), "About": (True, True),
        "Summary": (True, True), "Lead changes": (True, True), "Lineage": (True, True), "Survival": (True, True),
        "Flow": (True, True),
    }


def test_a_drop_supersedes_a_correction_on_file_and_the_build_says_so_until_it_is_removed(mine, tmp_path, capsys):
    """The record that normalize/corrections/2016-11.csv lines 5 and 6 correct (lines 101-107 of the
    source) is dropped on its Pillar sheet: the import takes the drop and names both lines; each build
    then warns about them, and the record's lines are `dropped` in the line audit."""
    corrections = mine.corrections / f"{NOV}.csv"
    on_file = corrections.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:3] for line in on_file[4:6]] == [
        ["101-107", "Regular Workshop / ACWC Philippines", "activity"],
        ["101-107", "Regular Workshop / ACWC Philippines", "note"]]
    wb = load_workbook(mine.workbook(f"{NOV}/pillar-B.xlsx"))
    ws = wb["Pillar B"]
    col = heading_columns(ws)
    (row,) = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col["source_lines"]).value == "101-107"]
    rid = ws.cell(row, col["record_id"]).value
    ws.cell(row, col["review"]).value = "drop"
    cell = f"{ws.cell(row, col['review']).column_letter}{row}"
    path = tmp_path / "pillar-B.xlsx"
    wb.save(path)
    code, out, err = review(mine, path, "--by", REVIEWER, capsys=capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"1 edit from pillar-B.xlsx (by {REVIEWER}, {saved_on(path)}): 1 drop -> "
        f"{corrections}",
        f"  {corrections} line 5 (activity 'Regular Workshop / Training on identification of victims') no longer "
        f"applies: the drop in pillar-B.xlsx, sheet 'Pillar B', cell {cell} supersedes it; remove that line (each "
        "build says so until then)",
        f"  {corrections} line 6 (note '(*Lead country:* ACWC Philippines & Indonesia)') no longer applies: the drop "
        f"in pillar-B.xlsx, sheet 'Pillar B', cell {cell} supersedes it; remove that line (each build says so until "
        "then)",
    ]
    drop_line = len(corrections.read_text(encoding="utf-8").splitlines())
    out_dir = tmp_path / "out"
    code = main(["build", "--raw", str(RAW), "--out", str(out_dir), "--corrections-dir", str(mine.corrections),
                 "--alignment", str(mine.alignment)])
    _, err = capsys.readouterr()
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("tipmatrix: warning: ")]
    target = "the record on lines 101-107 starting 'Regular Workshop / ACWC Philippines'"
    assert warnings == [
        f"tipmatrix: warning: {corrections} line 5 (activity 'Regular Workshop / Training on identification of "
        f"victims') no longer applies: line {drop_line} drops {target}; remove line 5",
        f"tipmatrix: warning: {corrections} line 6 (note '(*Lead country:* ACWC Philippines & Indonesia)') no longer "
        f"applies: line {drop_line} drops {target}; remove line 6",
    ]
    assert rid not in {r.record_id for r in read_records((out_dir / NOV / "records.csv").read_bytes())}
    before, after = coverage(mine.out), coverage(out_dir)
    only_its = [n for n, (_, ids) in before.items() if ids == rid]  # the lines no other record used
    assert len(only_its) > 1
    assert [n for n, (status, _) in after.items() if status == "dropped"] == only_its
    assert {n: v for n, v in after.items() if n not in only_its and v[0] != "record"} == {
        n: v for n, v in before.items() if n not in only_its and v[0] != "record"}  # the boilerplate as it was
    (summary,) = [line for line in err.splitlines() if line.startswith(f"{NOV}: ")]
    assert f", 0 unassigned, {len(only_its)} dropped by corrections; " in summary


def coverage(out: Path) -> dict[int, tuple[str, str]]:
    """Line -> (status, record ids) of the November line audit."""
    with open(out / NOV / "coverage.csv", encoding="utf-8-sig", newline="") as f:
        return {int(r["line"]): (r["status"], r["record_ids"]) for r in csv.DictReader(f)}


def test_the_may_matrix_takes_an_activity_in_its_category_column_and_the_body_cell(mine, tmp_path, capsys):
    """May's Matrix: the activity sits in its category's column; typing it into another category
    column is refused (the category is not edited here), editing it in place is taken."""
    may = "2016-05"
    src = mine.workbook(f"{may}/{may}-matrix.xlsx")
    wb = load_workbook(src)  # once: the second workbook below is this one with its two edits undone
    rows = {rid: r for rid, r in workbook_rows(wb).items()
            if r["kind"] == "activity" and "corrected" not in (r["flags"] or "") and r["lead"] == "AICHR"
            and not r["cooperating"]}
    ws = wb["Matrix"]
    at = matrix_rows(ws)
    first, second = [rid for rid in at if rid in rows][:2]
    col = next(c for c in range(2, 6) if ws.cell(at[first], c).value)
    as_built = {(at[first], col): ws.cell(at[first], col).value, (at[second], 6): ws.cell(at[second], 6).value}
    ws.cell(at[first], col).value = "AICHR workshop on the rights of victims"
    ws.cell(at[second], 6).value = "Lead: AICHR / Cooperating: ACWC"
    path = tmp_path / f"{may}-matrix.xlsx"
    wb.save(path)
    corrections = mine.corrections / f"{may}.csv"
    was = corrections.read_bytes()
    code, out, err = review(mine, path, "--by", REVIEWER, capsys=capsys)
    assert (code, err) == (0, "")
    rows_added = added_rows(was, corrections.read_bytes())
    assert [row.split(",")[2:4] for row in rows_added] == [["activity", "AICHR workshop on the rights of victims"],
                                                           ["cooperating", "ACWC"]]
    assert named(rows_added) == {("Matrix", ws.cell(at[first], col).coordinate), ("Matrix", f"F{at[second]}")}

    other = 2 if col != 2 else 3
    for (row, column), value in as_built.items():
        ws.cell(row, column).value = value
    wb["Matrix"].cell(at[first], other).value = "the same activity, in another category"
    wb.save(path)
    code, out, err = review(mine, path, "--by", REVIEWER, capsys=capsys)
    cell = wb["Matrix"].cell(at[first], other).coordinate
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"tipmatrix: refused: {path.name}, sheet 'Matrix', cell {cell}: '' changed "
                                          "to 'the same activity, in another category'; ")
