"""Each item's lineage across the drafts rendered for people: `out/lineage.csv` and `out/lineage.xlsx`.

Both from one `Lineage` (normalize/lineage.py). The CSV has one row per chain: `chain`, `pillar`,
then for each draft in manifest order `<draft>_record_id`, `<draft>_text`, `<draft>_lead`,
`<draft>_change`. The workbook puts the drafts side by side (activity, lead body, change), each
later draft's activity as the redline from the draft before, headings in words and record ids last
(on screen, not printed), prints landscape one page wide, and has a "Survival" sheet: how many
items of the first draft reach the last, per pillar and per lead body, and a "Flow" sheet: the
flow chart of export/lineage_chart.py (also `out/lineage.svg` and `.png`). Bytes only.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles import Alignment, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.export.diff import redline
from tipmatrix.export.fontmetrics import text_width
from tipmatrix.export.gc_paused import gc_paused
from tipmatrix.export.lineage_chart import render_flow_chart
from tipmatrix.export.records_csv import render_csv
from tipmatrix.export.sheets import (
    HEADER_FONT,
    SHEET,
    Cell,
    SheetSettings,
    cell_at,
    excel_text,
    lines_height,
    new_workbook,
    put,
    set_print,
    set_properties,
    wrapped_lines,
    write_header,
    write_table,
)
from tipmatrix.export.xlsx_bytes import workbook_bytes
from tipmatrix.model import LIST_SEPARATOR, PILLAR_TITLES, Record
from tipmatrix.normalize.lineage import Chain, Lineage, Survival, survival_by_lead, survival_by_pillar

# The four columns of each draft in the CSV, as `<draft>_<part>`.
PARTS: tuple[str, ...] = ("record_id", "text", "lead", "change")
STEP_FILL = PatternFill("solid", fgColor="F2F2F2")  # the redline columns of the later drafts


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


@gc_paused
def render_lineage_csv(lineage: Lineage) -> bytes:
    return render_csv(lineage_columns(lineage.drafts),
                      (chain_cells(n, c) for n, c in enumerate(lineage.chains, start=1)))


# --- XLSX ----------------------------------------------------------------------------------


# The workbook, one row per chain in the drafts' order: per draft its activity (from the second
# draft on, the redline from the draft before: deleted words struck red, inserted green; "same
# wording" when none changed), its lead body and its change; a column no chain fills is left out.
# Record ids go last, on screen only (not printed), as provenance does on the other sheets.
SAME_WORDING = "same wording as {draft}"
AS_ABOVE = "as chain {chain}"  # the record of a split or a merge, printed once on the row before
# Three drafts side by side print one page wide at 140/155 (9 pt): activity columns 25 to 40
# characters wide (four to seven words a line), so a row is as tall as its longest wording.
LINEAGE_SHEET = SheetSettings(page_width=155.0, max_width=45.0)


@dataclass(frozen=True)
class LineageColumn:
    heading: str
    values: tuple[Cell | CellRichText, ...]  # one per chain: the rich redline where there is one


def _activity(chain: Chain, k: int, draft_before: str) -> Cell | CellRichText:
    step = chain.steps[k]
    if step.record is None:
        return ""
    before = chain.steps[k - 1].record if k else None
    if before is None:
        return step.record.text
    if before.text == step.record.text:
        return SAME_WORDING.format(draft=draft_before)
    return redline(before.text, step.record.text)


def _lead(rec: Record | None) -> str:
    return LIST_SEPARATOR.join(rec.lead) if rec is not None else ""


def lineage_table(lineage: Lineage) -> tuple[list[LineageColumn], list[LineageColumn]]:
    """The printed columns (those some chain fills) and the on-screen record ids, per chain."""
    chains, drafts = lineage.chains, lineage.drafts
    shown_at: dict[tuple[int, int], int] = {}  # (draft, id(record)) -> the chain that printed it first
    printed = [LineageColumn("Chain", tuple(str(n) for n in range(1, len(chains) + 1))),
               LineageColumn("Pillar", tuple(chain_pillar(c) for c in chains))]
    for k, draft in enumerate(drafts):
        activity: list[Cell | CellRichText] = []
        for n, chain in enumerate(chains, start=1):
            rec = chain.steps[k].record
            first = shown_at.setdefault((k, id(rec)), n) if rec is not None else n
            activity.append(AS_ABOVE.format(chain=first) if first != n else _activity(chain, k, drafts[k - 1]))
        words = "activity" if k == 0 else f"activity (changes from {drafts[k - 1]}: struck red, inserted green)"
        printed += [
            LineageColumn(f"{draft}: {words}", tuple(activity)),
            LineageColumn(f"{draft}: lead body", tuple(_lead(c.steps[k].record) for c in chains)),
            LineageColumn(f"{draft}: change", tuple(c.steps[k].change for c in chains)),
        ]
    screen = [LineageColumn(f"{draft}: record", tuple(s.record.record_id if s.record else "" for s in
                                                      (c.steps[k] for c in chains)))
              for k, draft in enumerate(drafts)]
    return [c for c in printed if any(v != "" for v in c.values)], screen


# Printed widths of the short columns (characters): each as wide as its longest word or code.
NARROW_WIDTHS = {"Chain": 6.5, "Pillar": 7.0, "lead body": 10.0, "change": 13.0}
MIN_ACTIVITY_WIDTH = 20.0


def lineage_widths(printed: Sequence[LineageColumn], settings: SheetSettings = LINEAGE_SHEET) -> list[float]:
    """The printed widths: the short columns fixed, the activity columns sharing the rest of the
    page by how much text each holds (the redline of a reworded draft needs more room than a
    column that mostly says "same wording")."""
    def narrow(heading: str) -> float | None:
        return next((w for key, w in NARROW_WIDTHS.items() if heading == key or heading.endswith(": " + key)), None)

    fixed = [narrow(c.heading) for c in printed]
    text = [sum(len(str(v)) for v in c.values) if w is None else 0 for c, w in zip(printed, fixed)]
    spare = settings.page_width - sum(w if w is not None else MIN_ACTIVITY_WIDTH for w in fixed)
    prose = sum(text) or 1
    return [w if w is not None else math.floor((MIN_ACTIVITY_WIDTH + max(spare, 0) * t / prose) * 10) / 10
            for w, t in zip(fixed, text)]


def _plain(value: Cell | CellRichText) -> Cell:
    return str(value) if isinstance(value, CellRichText) else value


def _lineage_sheet(ws: Worksheet, lineage: Lineage, title: str) -> None:
    ws.title = "Lineage"
    printed, screen = lineage_table(lineage)
    columns = printed + screen
    rows = [[_plain(c.values[r]) for c in columns] for r in range(len(lineage.chains))]
    write_table(ws, [c.heading for c in columns], rows, LINEAGE_SHEET, printed=len(printed),
                printed_widths=lineage_widths(printed))
    for col, column in enumerate(printed, start=1):
        if not column.heading.startswith(tuple(f"{d}: activity (" for d in lineage.drafts)):
            continue
        filled: dict[bytes, StyleArray] = {}  # a cell's style -> the same with the fill (one look-up each)
        for r, value in enumerate(column.values, start=2):
            cell = cell_at(ws, r, col)
            if isinstance(value, CellRichText):
                cell.value = value
            key = cell._style.tobytes() if cell._style is not None else b""
            if key in filled:
                cell._style = StyleArray(filled[key])
            else:
                cell.fill = STEP_FILL
                filled[key] = StyleArray(cell._style)
    scale = round(100 * SheetSettings().page_width / LINEAGE_SHEET.page_width)
    set_print(ws, f"{title} (printed at {scale} %)", columns=len(printed))


def _label(ws: Worksheet, row: int, text: str, bold: bool = True) -> None:
    cell = ws.cell(row=row, column=1, value=excel_text(text))
    cell.data_type = "s"
    if bold:
        cell.font = HEADER_FONT


SURVIVAL_WIDTH = 16.0  # the count columns
SURVIVAL_HEADER = ("items in the first draft", "reach the last draft", "dropped on the way")


def _block(ws: Worksheet, top: int, key: str, rows: Sequence[Survival], names: dict[str, str]) -> int:
    write_header(ws, top, (key, *SURVIVAL_HEADER))
    ws.row_dimensions[top].height = lines_height(max(wrapped_lines(h, SURVIVAL_WIDTH, bold=True)
                                                     for h in SURVIVAL_HEADER))
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
    note = str(ws["A2"].value)
    _label(ws, 4, "Per pillar")
    pillars = {p: f"{p}: {t}" for p, t in PILLAR_TITLES.items()}
    row = _block(ws, 5, "pillar", survival_by_pillar(lineage), pillars)
    _label(ws, row, "Per lead body (in the first draft)")
    _block(ws, row + 1, "lead body", survival_by_lead(lineage), {})
    # as wide as the longest name, so a whole pillar title prints on one line
    longest = max(text_width(str(c.value)) for c in ws["A"][3:] if c.value)
    ws.column_dimensions["A"].width = max(45.0, math.ceil((longest + SHEET.cell_margin + 2) / SHEET.unit_pt))
    for col in "BCD":
        ws.column_dimensions[col].width = SURVIVAL_WIDTH
    table_width = ws.column_dimensions["A"].width + 3 * SURVIVAL_WIDTH
    ws.row_dimensions[2].height = lines_height(wrapped_lines(note, table_width))
    set_print(ws, f"{title} | survival")


def _flow_sheet(ws: Worksheet, png: bytes, title: str) -> None:
    """The flow chart (out/lineage.png) as a picture, printed alone on one landscape page."""
    from openpyxl.drawing.image import Image

    ws.title = "Flow"
    _label(ws, 1, "What became of each draft's items in the next, per pillar and per lead body (also "
                  "out/lineage.svg); a lead change counts as kept under the earlier lead body")
    picture = Image(io.BytesIO(png))
    scale = FLOW_WIDTH_PX / picture.width
    picture.width, picture.height = FLOW_WIDTH_PX, round(picture.height * scale)
    ws.add_image(picture, "A3")
    set_print(ws, f"{title} | flow", title_rows=None)
    ws.page_setup.fitToHeight = 1  # the picture whole on one page
    ws.print_options.gridLines = False


FLOW_WIDTH_PX = 1000  # on screen; the print is fitted to the page


@gc_paused
def render_lineage_xlsx(lineage: Lineage, png: bytes | None = None) -> bytes:
    wb = new_workbook()
    title = "Lineage of the items across drafts " + ", ".join(lineage.drafts)
    set_properties(wb, title, "Each item followed through every draft: wording, lead body and change at each step")
    _lineage_sheet(wb.active, lineage, title)
    _survival_sheet(wb.create_sheet(), lineage, title)
    if png is not None:
        _flow_sheet(wb.create_sheet(), png, title)
    return workbook_bytes(wb)


def render_lineage(lineage: Lineage) -> dict[str, bytes]:
    """`lineage.csv`, `lineage.xlsx` (with the flow chart), `lineage.svg` and `lineage.png`, keyed by
    their names relative to out/."""
    chart = render_flow_chart(lineage)
    return {"lineage.csv": render_lineage_csv(lineage),
            "lineage.xlsx": render_lineage_xlsx(lineage, chart["lineage.png"]), **chart}
