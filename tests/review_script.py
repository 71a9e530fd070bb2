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

from openpyxl import load_workbook

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
    rows = [r for r in sheet_rows(ws) if not {r["record_id_old"], r["record_id_new"]} & avoid]
    olds = [r["record_id_old"] for r in sheet_rows(ws)]
    news = [r["record_id_new"] for r in sheet_rows(ws)]
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
