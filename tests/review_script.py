"""The scripted rapporteur's review of tests/test_review.py, and the LibreOffice-saved fixture it uses.

Twelve edits of every kind over two pillar files and the diff workbook of a real build:

- 2016-11 pillar-B.xlsx (6 edits, saved through LibreOffice: tests/fixtures/review/pillar-B-libreoffice.xlsx):
  a lead typed "somed", cooperating bodies typed "SLOM (ACMW); Som-Ed", an activity reworded,
  expected outputs filled in, `drop`, a remark;
- 2016-05 pillar-A.xlsx (4 edits, saved by openpyxl): an area, a status, a note, a lead;
- the diff workbook (2 decisions, saved by openpyxl): `wrong` on a pair, a November record_id typed
  on a May row left unpaired.

Rows are chosen by what they hold (records no correction on file touches), not by id, and each
edit says what the record must hold after the rebuild, written here by hand.

Regenerate the fixture after a change to the extractor or to record ids (needs LibreOffice):

    .venv/bin/python tests/review_script.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tipmatrix.review import DIFF_SHEET_FIELDS, PILLAR_SHEET_FIELDS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "review"
LO_PILLAR_B = FIXTURES / "pillar-B-libreoffice.xlsx"
REVIEWER = "M. Santos"


@dataclass(frozen=True)
class Expected:
    """What one edit must leave in the rebuilt dataset: `value` None for a drop; for a decision,
    `field` is "pin" or "forbid" and `value` the new record id."""

    draft: str
    record_id: str
    field: str
    value: object


def heading_columns(ws) -> dict[str, int]:
    """Field -> column, read through the importer's own heading mappings (so a renamed heading is
    declared once, there)."""
    fields = DIFF_SHEET_FIELDS if ws.title == "Diff" else PILLAR_SHEET_FIELDS
    return {fields.get(c.value, c.value): c.column for c in ws[1] if c.value}


def sheet_rows(ws) -> list[dict[str, object]]:
    cols = heading_columns(ws)
    return [{h: ws.cell(r, c).value for h, c in cols.items()} | {"_row": r} for r in range(2, ws.max_row + 1)]


def untouched(rows: list[dict]) -> list[dict]:
    """Activity rows that no correction on file touches (their flags say `corrected` otherwise)."""
    return [r for r in rows if r["kind"] == "activity" and "corrected" not in (r["flags"] or "")]


def edit_pillar_b(src: Path, dst: Path) -> list[Expected]:
    wb = load_workbook(src)
    ws = wb["Pillar B"]
    col = heading_columns(ws)
    rows = untouched(sheet_rows(ws))
    a = next(r for r in rows if r["lead"] and "SOM-ED" not in f"{r['lead']}; {r['cooperating']}")
    b, c, d, e, f = [r for r in rows if r is not a][:5]
    ws.cell(a["_row"], col["lead"]).value = "somed"
    b_coop = ("ACMW", "SOM-ED") if "SOM-ED" not in (b["lead"] or "") and "ACMW" not in (b["lead"] or "") else None
    assert b_coop, "pick another row for the cooperating edit"
    ws.cell(b["_row"], col["cooperating"]).value = "SLOM (ACMW); Som-Ed"
    ws.cell(c["_row"], col["activity"]).value = "Regional workshop on victim identification, agreed at the meeting"
    ws.cell(d["_row"], col["expected_outputs"]).value = "Report to SOMTC"
    ws.cell(e["_row"], col["review"]).value = "drop"
    ws.cell(f["_row"], col["review"]).value = "ASEC to confirm the budget"
    note_f = f"{f['note']} ASEC to confirm the budget" if f["note"] else "ASEC to confirm the budget"
    wb.save(dst)
    return [
        Expected("2016-11", a["record_id"], "lead", ("SOM-ED",)),
        Expected("2016-11", b["record_id"], "cooperating", b_coop),
        Expected("2016-11", c["record_id"], "activity", "Regional workshop on victim identification, agreed at the "
                 "meeting"),
        Expected("2016-11", d["record_id"], "expected_outputs", "Report to SOMTC"),
        Expected("2016-11", e["record_id"], "drop", None),
        Expected("2016-11", f["record_id"], "note", note_f),
    ]


def edit_pillar_a(src: Path, dst: Path) -> list[Expected]:
    wb = load_workbook(src)
    ws = wb["Pillar A"]
    col = heading_columns(ws)
    rows = untouched(sheet_rows(ws))
    lead_rows = [r for r in rows if "SOMTC" not in f"{r['lead']}; {r['cooperating']}"]
    a, b, c, d = rows[0], rows[1], rows[2], next(r for r in lead_rows if r not in rows[:3])
    ws.cell(a["_row"], col["area"]).value = "Awareness campaigns in schools"
    ws.cell(b["_row"], col["status"]).value = "Ongoing"
    ws.cell(c["_row"], col["note"]).value = "Moved to the 2017 work plan"
    ws.cell(d["_row"], col["lead"]).value = "SOMTC"
    wb.save(dst)
    return [
        Expected("2016-05", a["record_id"], "area", "Awareness campaigns in schools"),
        Expected("2016-05", b["record_id"], "status", "Ongoing"),
        Expected("2016-05", c["record_id"], "note", "Moved to the 2017 work plan"),
        Expected("2016-05", d["record_id"], "lead", ("SOMTC",)),
    ]


def edit_diff(src: Path, dst: Path, avoid: set[str]) -> list[Expected]:
    """`wrong` on the first one-to-one pair, and the first May row left unpaired pinned to the
    first November row left unpaired, among records the pillar edits leave alone (`avoid`)."""
    wb = load_workbook(src)
    ws = wb["Diff"]
    col = heading_columns(ws)
    every = sheet_rows(ws)
    rows = [r for r in every if not {r["record_id_old"], r["record_id_new"]} & avoid]
    olds = [r["record_id_old"] for r in every]
    news = [r["record_id_new"] for r in every]
    pair = next(r for r in rows if r["record_id_old"] and r["record_id_new"]
                and olds.count(r["record_id_old"]) == 1 and news.count(r["record_id_new"]) == 1)
    dropped = next(r for r in rows if r["record_id_old"] and not r["record_id_new"] and r["change"] == "dropped")
    added = next(r for r in rows if r["record_id_new"] and not r["record_id_old"] and r["change"] == "added")
    ws.cell(pair["_row"], col["review"]).value = "wrong"
    ws.cell(dropped["_row"], col["review"]).value = added["record_id_new"]
    wb.save(dst)
    return [
        Expected("diff", pair["record_id_old"], "forbid", pair["record_id_new"]),
        Expected("diff", dropped["record_id_old"], "pin", added["record_id_new"]),
    ]


def workbook_rows(wb) -> dict[str, dict]:
    """Record id -> its row on the Pillar sheets of a draft's workbook (fields by name, with "_row")."""
    return {r["record_id"]: r for ws in wb.worksheets if ws.title.startswith("Pillar ") for r in sheet_rows(ws)
            if r["record_id"]}


def matrix_rows(ws) -> dict[str, int]:
    """Record id -> its row on the Matrix sheet (the id is in the column headed "Record id")."""
    (id_col,) = [c.column for c in ws[1] if c.value == "Record id"]
    return {ws.cell(r, id_col).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, id_col).value}


def matrix_merges(ws) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of each cell under a merge -> the merge's top-left cell."""
    return {(r, c): (m.min_row, m.min_col) for m in ws.merged_cells.ranges
            for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1)}


MATRIX_AREA, MATRIX_ACTIVITY, MATRIX_OUTPUTS, MATRIX_BODIES, MATRIX_STATUS = 2, 3, 4, 5, 6  # November columns


def edit_draft_workbook(src: Path, dst: Path, formulas: bool = False) -> list[Expected]:
    """`review_draft_workbook` of the workbook `src`, saved as `dst`."""
    wb = load_workbook(src)
    expected, _ = review_draft_workbook(wb, formulas)
    wb.save(dst)
    return expected


def review_draft_workbook(wb: Workbook, formulas: bool = False) -> tuple[list[Expected], list[tuple[str, str]]]:
    """A rapporteur's review of the November draft workbook (loaded, edited in place): every editable cell kind
    of the Matrix sheet (a merged area, an activity reworded with its number kept, a remark typed below it,
    outputs, the body cell, status) and every editable column of the Pillar C sheet (area, activity, outputs,
    lead, cooperating, status, remarks, Review: a remark and `drop`), on records no correction on file touches.
    `formulas`: `=1+1` typed into the Matrix's status cell and the Pillar sheet's Remarks (refused) instead of
    their values. Returns what the edits must leave, and (sheet, cell) of those two cells."""
    rows = workbook_rows(wb)
    free = {rid: r for rid, r in rows.items() if r["kind"] == "activity" and "corrected" not in (r["flags"] or "")}
    ws = wb["Matrix"]
    at = matrix_rows(ws)
    merged = matrix_merges(ws)
    expected: list[Expected] = []
    # a merged area over records none of which is corrected: each record under it takes the new area
    area_top = next(r for (r, c), top in merged.items() if c == MATRIX_AREA and top == (r, c)
                    and merged.get((r + 1, c)) == (r, c)
                    and all(rid in free for rid, n in at.items() if merged.get((n, c)) == (r, c)))
    under = sorted(rid for rid, n in at.items() if merged.get((n, MATRIX_AREA)) == (area_top, MATRIX_AREA))
    ws.cell(area_top, MATRIX_AREA).value = "Public awareness campaigns in schools and on line"
    expected += [Expected("2016-11", rid, "area", "Public awareness campaigns in schools and on line") for rid in under]
    chosen = [rid for rid in at if rid in free and rid not in under and rows[rid]["pillar"] != "C"]
    numbered = next(rid for rid in chosen if rows[rid]["activity_ref"] and not rows[rid]["note"])
    ref = rows[numbered]["activity_ref"]
    ws.cell(at[numbered], MATRIX_ACTIVITY).value = (f"{ref} Regional workshop on victim identification, as agreed\n"
                                                    "ASEC to circulate the concept note")
    expected += [Expected("2016-11", numbered, "activity", "Regional workshop on victim identification, as agreed"),
                 Expected("2016-11", numbered, "note", "ASEC to circulate the concept note")]
    outputs, bodies, status = [rid for rid in chosen if rid != numbered][:3]
    ws.cell(at[outputs], MATRIX_OUTPUTS).value = "A regional report"
    ws.cell(at[bodies], MATRIX_BODIES).value = "Lead: ACWC, SOM-ED / Cooperating: SLOM (ACMW)"
    ws.cell(at[status], MATRIX_STATUS).value = "Ongoing" if not formulas else "=1+1"
    formula_cells = [("Matrix", ws.cell(at[status], MATRIX_STATUS).coordinate)]
    expected += [Expected("2016-11", outputs, "expected_outputs", "A regional report"),
                 Expected("2016-11", bodies, "lead", ("ACWC", "SOM-ED")),
                 Expected("2016-11", bodies, "cooperating", ("ACMW",)),
                 Expected("2016-11", status, "status", "Ongoing")]
    ws = wb["Pillar C"]
    col = heading_columns(ws)
    c_rows = [rows[rid] for rid in free if rows[rid]["pillar"] == "C" and rid not in under]
    lead_row = next(r for r in c_rows if "SOMTC" not in f"{r['lead']}; {r['cooperating']}")
    coop_row = next(r for r in c_rows if r is not lead_row and not {"ACWC", "SOMSWD"} & set(
        f"{r['lead']}".split("; ")))
    area_row, activity_row, outputs_row, status_row, note_row, remark_row, drop_row = [
        r for r in c_rows if r is not lead_row and r is not coop_row][:7]
    changes = [
        (area_row, "area", "Cross-border cooperation on prosecution", "Cross-border cooperation on prosecution"),
        (activity_row, "activity", "Training of prosecutors on the ACTIP", "Training of prosecutors on the ACTIP"),
        (outputs_row, "expected_outputs", "Training manual", "Training manual"),
        (lead_row, "lead", "somtc", ("SOMTC",)),
        (coop_row, "cooperating", "ACWC; Som-Swd", ("ACWC", "SOMSWD")),
        (status_row, "status", "Completed", "Completed"),
        (note_row, "note", "=1+1" if formulas else "Budget to be confirmed", "Budget to be confirmed"),
    ]
    for r, field, typed, value in changes:
        ws.cell(r["_row"], col[field]).value = typed
        expected.append(Expected("2016-11", r["record_id"], field, value))
    formula_cells.append(("Pillar C", ws.cell(note_row["_row"], col["note"]).coordinate))
    ws.cell(remark_row["_row"], col["review"]).value = "ASEC to confirm the venue"
    note = f"{remark_row['note']} ASEC to confirm the venue" if remark_row["note"] else "ASEC to confirm the venue"
    expected.append(Expected("2016-11", remark_row["record_id"], "note", note))
    ws.cell(drop_row["_row"], col["review"]).value = "drop"
    expected.append(Expected("2016-11", drop_row["record_id"], "drop", None))
    return expected, formula_cells


def cell_values(wb: Workbook) -> dict[tuple[str, str], object]:
    """(sheet, cell) -> value of every cell of a loaded workbook: its state, to compare a later one with
    (`changed_cells`) without loading the workbook twice."""
    return {(ws.title, cell.coordinate): cell.value for ws in wb.worksheets for row in ws.iter_rows() for cell in row}


def changed_cells(before: Path | Workbook | dict[tuple[str, str], object],
                  after: Path | Workbook) -> set[tuple[str, str]]:
    """(sheet, cell) of every cell whose value differs between two saves of a workbook (paths, the
    workbooks loaded, or for `before` its `cell_values`): what a rapporteur changed, each of which an
    import must take or refuse by name."""
    was = before if isinstance(before, dict) else cell_values(
        load_workbook(before) if isinstance(before, Path) else before)
    b = load_workbook(after) if isinstance(after, Path) else after
    return {(ws.title, cell.coordinate) for ws in b.worksheets for row in ws.iter_rows() for cell in row
            if (cell.value or None) != (was.get((ws.title, cell.coordinate)) or None)}


def libreoffice_resave(path: Path, out_dir: Path) -> Path:
    """The workbook opened and saved again by LibreOffice (a private profile, so parallel runs do not collide)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to regenerate the fixture")
    with tempfile.TemporaryDirectory(prefix="lo-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(out_dir), str(path)], check=True, capture_output=True)
    return out_dir / path.name


def main() -> None:
    from tipmatrix import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        pipeline.build(ROOT / "raw", tmp_dir / "out")
        edited = tmp_dir / "edited" / "pillar-B.xlsx"
        edited.parent.mkdir()
        edit_pillar_b(tmp_dir / "out" / "2016-11" / "pillar-B.xlsx", edited)
        saved = libreoffice_resave(edited, tmp_dir / "lo")
        FIXTURES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, LO_PILLAR_B)
    print(f"wrote {os.path.relpath(LO_PILLAR_B)}", file=sys.stderr)


if __name__ == "__main__":
    main()
