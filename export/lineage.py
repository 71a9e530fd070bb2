"""Each item's lineage across the drafts rendered for people: `out/lineage.csv` and `out/lineage.xlsx`.

Both from one `Lineage` (normalize/lineage.py). The CSV has one row per chain: `chain`, `pillar`,
then for each draft in manifest order `<draft>_record_id`, `<draft>_text`, `<draft>_lead`,
`<draft>_change`. The workbook puts the drafts side by side (activity, lead body, change) with the
redline of each step between them, headings in words and record ids last (on screen, not printed),
prints landscape one page wide, and has a "Survival" sheet: how many
items of the first draft reach the last, per pillar and per lead body. Bytes only.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.export.diff import redline, word_ops
from tipmatrix.export.records_csv import render_csv
from tipmatrix.export.sheets import (
    HEADER_FONT,
    WRAP_TOP,
    Cell,
    SheetSettings,
    excel_text,
    put,
    set_print,
    set_properties,
    write_header,
    write_table,
)
from tipmatrix.export.xlsx_bytes import workbook_bytes
from tipmatrix.model import LIST_SEPARATOR, PILLAR_TITLES, Record
from tipmatrix.normalize.lineage import Chain, Lineage, Survival, survival_by_lead, survival_by_pillar

# The four columns of each draft in the CSV, as `<draft>_<part>`.
PARTS: tuple[str, ...] = ("record_id", "text", "lead", "change")
STEP_FILL = PatternFill("solid", fgColor="F2F2F2")  # the redline columns between two drafts


def lineage_columns(drafts: Sequence[str]) -> tuple[str, ...]:
    return ("chain", "pillar", *(f"{d}_{part}" for d in drafts for part in PARTS))


def chain_pillar(chain: Chain) -> str:
    return chain.steps[chain.first].record.pillar  # type: ignore[union-attr]


def _step_cells(rec: Record | None, change: str) -> list[str]:
    if rec is None:
        return ["", "", "", ""]
    return [rec.record_id, rec.text, LIST_SEPARATOR.join(rec.lead), change]


def chain_cells(n: int, chain: Chain) -> list[str]:
    cells = [str(n), chain_pillar(chain)]
    for step in chain.steps:
        cells += _step_cells(step.record, step.change)
    return cells


def render_lineage_csv(lineage: Lineage) -> bytes:
    return render_csv(lineage_columns(lineage.drafts),
                      (chain_cells(n, c) for n, c in enumerate(lineage.chains, start=1)))


# --- XLSX ----------------------------------------------------------------------------------


# The workbook's columns per draft, in words: what a reader compares side by side. The record ids
# go last, on screen only (not printed), as provenance does on the other sheets.
XLSX_PARTS: tuple[tuple[str, str], ...] = (("text", "activity"), ("lead", "lead body"), ("change", "change"))
# Narrower prose columns than the other sheets: three drafts and two redlines side by side must
# still print at a readable scale one page wide.
LINEAGE_SHEET = SheetSettings(max_width=30.0)


def _xlsx_header(drafts: Sequence[str]) -> list[str]:
    header = ["Chain", "Pillar"]
    for k, draft in enumerate(drafts):
        if k:
            header.append(f"Wording {drafts[k - 1]} to {draft} (deleted struck red, inserted green)")
        header += [f"{draft}: {words}" for _, words in XLSX_PARTS]
    return header + [f"{draft}: record" for draft in drafts]


def _xlsx_rows(lineage: Lineage) -> list[list[str]]:
    rows = []
    for n, chain in enumerate(lineage.chains, start=1):
        row = [str(n), chain_pillar(chain)]
        for k, step in enumerate(chain.steps):
            if k:
                # the redline's words, so the row is tall enough; written as rich text afterwards
                texts = _texts(chain, k)
                row.append(" ".join(text for _, text in word_ops(*texts)) if texts else "")
            row += _step_cells(step.record, step.change)[1:]
        rows.append(row + [s.record.record_id if s.record else "" for s in chain.steps])
    return rows


def _texts(chain: Chain, k: int) -> tuple[str, str] | None:
    """The texts of the step from draft k-1 to draft k, when the chain has both and they differ."""
    before, after = chain.steps[k - 1].record, chain.steps[k].record
    if before is None or after is None or before.text == after.text:
        return None
    return before.text, after.text


def _redline_column(k: int) -> int:
    """The 1-based column of the redline between draft k-1 and draft k (k >= 1)."""
    return 3 + k * len(XLSX_PARTS) + (k - 1)


def _lineage_sheet(ws: Worksheet, lineage: Lineage, title: str) -> None:
    ws.title = "Lineage"
    header = _xlsx_header(lineage.drafts)
    write_table(ws, header, _xlsx_rows(lineage), LINEAGE_SHEET)
    for k in range(1, len(lineage.drafts)):
        col = _redline_column(k)
        ws.column_dimensions[get_column_letter(col)].width = LINEAGE_SHEET.max_width
        for r, chain in enumerate(lineage.chains, start=2):
            cell = ws.cell(row=r, column=col)
            if texts := _texts(chain, k):
                cell.value = redline(*texts)
            cell.alignment = WRAP_TOP
            cell.fill = STEP_FILL
    set_print(ws, title, columns=len(header) - len(lineage.drafts))


def _label(ws: Worksheet, row: int, text: str, bold: bool = True) -> None:
    cell = ws.cell(row=row, column=1, value=excel_text(text))
    cell.data_type = "s"
    if bold:
        cell.font = HEADER_FONT


SURVIVAL_HEADER = ("items in the first draft", "reach the last draft", "dropped on the way")


def _block(ws: Worksheet, top: int, key: str, rows: Sequence[Survival], names: dict[str, str]) -> int:
    write_header(ws, top, (key, *SURVIVAL_HEADER))
    for r, s in enumerate(rows, start=top + 1):
        cells: tuple[Cell, ...] = (names.get(s.key, s.key), s.first, s.survived, s.dropped)
        for col, value in enumerate(cells, start=1):
            put(ws, r, col, value)
    return top + len(rows) + 2


def _survival_sheet(ws: Worksheet, lineage: Lineage, title: str) -> None:
    ws.title = "Survival"
    first, last = lineage.drafts[0], lineage.drafts[-1]
    _label(ws, 1, f"Items of draft {first} that reach draft {last}")
    _label(ws, 2, "Each record of the first draft counts once: it reaches the last draft when some chain from it "
                  "does (through rewordings, moves, lead changes, splits and merges). A record with two lead "
                  "bodies counts for each.", bold=False)
    # the explanation wraps inside the table's width: text overflowing to the right would widen
    # the printed page and shrink the print below a readable size
    ws.merge_cells("A2:D2")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 45
    _label(ws, 4, "Per pillar")
    pillars = {p: f"{p}: {t}" for p, t in PILLAR_TITLES.items()}
    row = _block(ws, 5, "pillar", survival_by_pillar(lineage), pillars)
    _label(ws, row, "Per lead body (in the first draft)")
    _block(ws, row + 1, "lead body", survival_by_lead(lineage), {})
    ws.column_dimensions["A"].width = 45
    for col in "BCD":
        ws.column_dimensions[col].width = 16
    set_print(ws, f"{title} | survival")


def render_lineage_xlsx(lineage: Lineage) -> bytes:
    wb = Workbook()
    title = "Lineage of the items across drafts " + ", ".join(lineage.drafts)
    set_properties(wb, title, "Each item followed through every draft: wording, lead body and change at each step")
    _lineage_sheet(wb.active, lineage, title)
    _survival_sheet(wb.create_sheet(), lineage, title)
    return workbook_bytes(wb)


def render_lineage(lineage: Lineage) -> dict[str, bytes]:
    """`lineage.csv` and `lineage.xlsx`, keyed by their names relative to out/."""
    return {"lineage.csv": render_lineage_csv(lineage), "lineage.xlsx": render_lineage_xlsx(lineage)}
