"""The diff of two drafts rendered for people: `<old>_vs_<new>.csv`, `.xlsx` and `.md` under out/diff/.

All are rendered from one `DiffResult` (normalize/align.py): the CSV one row per pair or
unmatched record; the workbook the same rows colour-coded by change with a word-level redline,
a "Summary" sheet (per pillar, per lead body, a chart of leads) and a "Lead changes" sheet; the
minutes (`minutes_of`) as Markdown and as a Word document (export/minutes_docx.py). Bytes only,
the pipeline writes them atomically.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.export.gc_paused import gc_paused
from tipmatrix.export.headings import diff_title
from tipmatrix.export.minutes_docx import Minutes, MinutesTable, render_minutes_docx
from tipmatrix.export.records_csv import render_csv
from tipmatrix.export.safety import neutralise
from tipmatrix.export.sheets import (
    FONT_NAME,
    FONT_SIZE,
    HEADER_FONT,
    SHEET,
    WRAP_TOP,
    Cell,
    SheetWriter,
    cell_at,
    copy_style,
    excel_text,
    new_workbook,
    page_room,
    provision_full,
    provision_short,
    put,
    row_height,
    same_provision,
    set_print,
    set_properties,
    set_row_breaks,
    table_widths,
    topped_page_starts,
    write_header,
    write_sheets,
    write_table,
)
from tipmatrix.export.xlsx_bytes import workbook_bytes
from tipmatrix.model import LIST_SEPARATOR, PILLAR_TITLES, Extraction
from tipmatrix.normalize.align import (
    ADDED,
    BECAME_AREA,
    CHANGES,
    COOP_CHANGED,
    DROPPED,
    FLAGS,
    LEAD_CHANGED,
    MERGED,
    MOVED,
    PROVISION_REWORDED,
    REVIEW,
    REWORDED,
    SPLIT,
    UNCHANGED,
    DiffResult,
    Pair,
    align,
)
from tipmatrix.normalize.diff_counts import body_leads, pillar_counts

DIFF_COLUMNS: tuple[str, ...] = (
    "change",
    "flags",
    "similarity",
    "record_id_old",
    "record_id_new",
    "pillar_old",
    "pillar_new",
    "provision_old",
    "provision_new",
    "activity_old",
    "activity_new",
    "lead_old",
    "lead_new",
    "cooperating_old",
    "cooperating_new",
)
# The Diff sheet: eight printed columns (what changed, where, the text as a redline, the bodies
# as "old → new"), then on screen the CSV columns left out of print, the area a new activity sits
# under and the new text the old one was compared with (the area, for an item that became one).
XLSX_PRINTED: tuple[str, ...] = (
    "change",
    "flags",
    "pillar_change",
    "provision_old",
    "provision_new",
    "redline",
    "lead_change",
    "cooperating_change",
)
XLSX_COLUMNS: tuple[str, ...] = XLSX_PRINTED + (
    "review",  # the rapporteur's: `wrong` unpairs, a record id of the other draft pairs (tipmatrix/review.py)
    "similarity",
    "activity_old",
    "activity_new",
    "area_new",
    "compared_with",
    "evidence",  # a merge's, a split's or a rare-word pair's: the words shared, the other records (align.evidence)
    "pillar_old",
    "pillar_new",
    "lead_old",
    "lead_new",
    "cooperating_old",
    "cooperating_new",
    "record_id_old",
    "record_id_new",
)
# Widths of the printed columns (characters; 140 fill a landscape page at 100 %): the redline widest.
# 160 in all, so the sheet prints at 88 % (8.8 pt): the provisions, whole on the first row under
# each, and the redline take fewer lines.
XLSX_PRINTED_WIDTHS: tuple[float, ...] = (10.5, 15, 8, 27, 27, 48.5, 12, 12)
ARROW = " → "

# Fill of a row by its change: the colours of a tracked-changes view.
CHANGE_FILLS: dict[str, str] = {
    UNCHANGED: "FFFFFF",
    REWORDED: "FFF2CC",
    DROPPED: "F8CBAD",
    ADDED: "C6EFCE",
}
DELETED_FONT = InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, strike=True, color="FFC00000")
INSERTED_FONT = InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, color="FF00A040", u="single")


def diff_name(old_id: str, new_id: str) -> str:
    return f"{old_id}_vs_{new_id}"


def _codes(codes: Sequence[str]) -> str:
    return LIST_SEPARATOR.join(codes)


def pair_cells(pair: Pair) -> list[str]:
    """One diff row as the strings of `DIFF_COLUMNS`."""
    old, new = pair.old, pair.new
    return [
        pair.change,
        LIST_SEPARATOR.join(pair.flags),
        "" if pair.similarity is None else f"{pair.similarity:.1f}",
        old.record_id if old else "",
        new.record_id if new else "",
        old.pillar if old else "",
        new.pillar if new else "",
        provision_short(old),
        provision_short(new),
        old.text if old else "",
        new.text if new else "",
        _codes(old.lead) if old else "",
        _codes(new.lead) if new else "",
        _codes(old.cooperating) if old else "",
        _codes(new.cooperating) if new else "",
    ]


# --- figures -------------------------------------------------------------------------------


def lead_changes(result: DiffResult) -> list[list[str]]:
    """Every pair whose lead changed, once per body that gained or lost it: body, gained|lost, the pair."""
    rows = []
    for pair in result.pairs:
        if LEAD_CHANGED not in pair.flags or pair.old is None or pair.new is None:
            continue
        before, after = set(pair.old.lead), set(pair.new.lead)
        for code in sorted(after - before):
            rows.append([code, "gained", *_change_cells(pair)])
        for code in sorted(before - after):
            rows.append([code, "lost", *_change_cells(pair)])
    return sorted(rows, key=lambda r: (r[0], r[1]))


LEAD_CHANGE_COLUMNS = (
    "body",
    "gained_or_lost",
    "lead_old",
    "lead_new",
    "pillar_old",
    "pillar_new",
    "activity_new",
    "flags",
    "activity_old",
    "record_id_old",
    "record_id_new",
)


def _change_cells(pair: Pair) -> list[str]:
    assert pair.old is not None and pair.new is not None
    return [
        _codes(pair.old.lead),
        _codes(pair.new.lead),
        pair.old.pillar,
        pair.new.pillar,
        pair.new.text,
        LIST_SEPARATOR.join(pair.flags),
        pair.old.text,
        pair.old.record_id,
        pair.new.record_id,
    ]


# --- CSV -----------------------------------------------------------------------------------


@gc_paused
def render_diff_csv(result: DiffResult) -> bytes:
    return render_csv(DIFF_COLUMNS, (pair_cells(p) for p in result.pairs))


# --- XLSX ----------------------------------------------------------------------------------


def word_ops(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level changes from old to new as (op, text) runs: op is "equal", "delete" or "insert".

    A replaced stretch is shown as its deletion, then its insertion, as tracked changes do.
    """
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("insert", " ".join(b[j1:j2])))
    return runs


def redline(old: str, new: str) -> CellRichText:
    """The redline as rich text: deleted words struck through in red, inserted words in green."""
    fonts = {"delete": DELETED_FONT, "insert": INSERTED_FONT}
    blocks: list[str | TextBlock] = []
    for n, (op, text) in enumerate(word_ops(old, new)):
        text = ILLEGAL_CHARACTERS_RE.sub("", text if n == 0 else " " + text)
        if n == 0:
            text = neutralise(text)
        blocks.append(TextBlock(fonts[op], text) if op in fonts else text)
    return CellRichText(blocks)


def _both(old: str, new: str, paired: bool) -> str:
    """One value of a paired row as "old → new" where it changed; an unpaired row's own value."""
    if not paired or old == new:
        return old or new
    return f"{old or '(none)'}{ARROW}{new or '(none)'}"


def redline_cell(pair: Pair) -> str | CellRichText:
    """The text of any row as a redline: reworded words struck and inserted, a dropped text all
    struck, an added one all inserted, an unchanged one plain."""
    old = pair.old.text if pair.old else ""
    new = pair.compared if pair.old and pair.new else (pair.new.text if pair.new else "")
    if pair.change == UNCHANGED:
        return new or old
    return redline(old, new)


def sheet_change(pair: Pair) -> str:
    """The change as the Diff sheet prints it: "unchanged" only when nothing else changed either
    (a pair whose wording alone is the same, but whose bodies moved or which was split, says so)."""
    return "wording unchanged" if pair.change == UNCHANGED and pair.flags else pair.change


def sheet_provisions(pair: Pair, previous: Pair | None) -> dict[str, str]:
    """The provisions as the Diff sheet prints them: whole on the first row under a provision,
    shortened on the rows below it (the same provision as the row above)."""
    out = {}
    for side in ("old", "new"):
        rec, before = getattr(pair, side), getattr(previous, side) if previous else None
        whole = rec is not None and not same_provision(before, rec)
        out[f"provision_{side}"] = provision_full(rec) if whole and rec else provision_short(rec)
    return out


def diff_sheet_cells(pair: Pair, previous: Pair | None = None,
                     red: str | CellRichText | None = None) -> dict[str, Cell]:
    """One pair as the values of `XLSX_COLUMNS` (the redline as its plain text); `previous`, the
    pair on the row above, tells whether the provisions print whole; `red`, the pair's
    `redline_cell` where the caller has it already."""
    old, new = pair.old, pair.new
    cells = dict(zip(DIFF_COLUMNS, pair_cells(pair)))
    values: dict[str, Cell] = dict(cells)
    paired = old is not None and new is not None
    values.update(
        sheet_provisions(pair, previous),
        change=sheet_change(pair),
        similarity=pair.similarity,
        pillar_change=_both(cells["pillar_old"], cells["pillar_new"], paired),
        lead_change=_both(cells["lead_old"], cells["lead_new"], paired),
        cooperating_change=_both(cells["cooperating_old"], cells["cooperating_new"], paired),
        area_new=new.area if new else "",
        compared_with=pair.compared,
        evidence=pair.evidence,
        redline=str(redline_cell(pair) if red is None else red),
        review="",
    )
    return values


@dataclass(frozen=True)
class PrintedDiff:
    """The Diff sheet as it prints: each pair's cells (`diff_sheet_cells`), with the provisions whole
    on the first row under each and on the first row of every page, and the rows that start a page."""

    cells: list[dict[str, Cell]]
    starts: list[int]
    redlines: list[str | CellRichText]  # each pair's `redline_cell`, computed once


def printed_diff(result: DiffResult) -> PrintedDiff:
    """The Diff sheet laid out and paginated (pure): what `_diff_sheet` writes, and what the review import
    compares an edited sheet with. A page that starts below the first row under a provision prints
    that provision whole again, which can make the row taller: `topped_page_starts`."""
    pairs = result.pairs
    reds = [redline_cell(p) for p in pairs]
    below = [diff_sheet_cells(p, before, red) for p, before, red in zip(pairs, (None, *pairs), reds)]
    whole = [diff_sheet_cells(p, None, red) for p, red in zip(pairs, reds)]
    header = [diff_title(c) for c in XLSX_COLUMNS]
    printed = len(XLSX_PRINTED)

    def rows(starts: Sequence[int]) -> list[dict[str, Cell]]:
        top = set(starts)
        return [whole[i] if i in top else below[i] for i in range(len(pairs))]

    def table(cells: Sequence[dict[str, Cell]]) -> list[list[Cell]]:
        return [[c[name] for name in XLSX_COLUMNS] for c in cells]

    widths = table_widths(header, table(whole), printed=printed, printed_widths=XLSX_PRINTED_WIDTHS)[:printed]
    room = page_room(widths, row_height(header, widths, bold=True))
    # each row's height below the first row of its provision, and (where a page starts there) whole:
    # measured once, and whole only for the rows that start a page
    below_heights = [row_height(row, widths) for row in table(below)]
    starts = topped_page_starts(below_heights, lambda i: row_height(table([whole[i]])[0], widths), room)
    return PrintedDiff(rows(starts), starts, reds)


def _diff_sheet(ws: Worksheet, result: DiffResult, title: str) -> None:
    ws.title = "Diff"
    printed = printed_diff(result)
    rows = [[cells[c] for c in XLSX_COLUMNS] for cells in printed.cells]
    write_table(ws, [diff_title(c) for c in XLSX_COLUMNS], rows, printed=len(XLSX_PRINTED),
                printed_widths=XLSX_PRINTED_WIDTHS)
    set_row_breaks(ws, (start + 1 for start in printed.starts[1:]))  # after the sheet row above the page's first
    redline_col = XLSX_COLUMNS.index("redline") + 1
    styles: dict[str, object] = {}
    fills = {change: PatternFill("solid", fgColor=colour) for change, colour in CHANGE_FILLS.items()}
    for r, (pair, value) in enumerate(zip(result.pairs, printed.redlines), start=2):
        style = styles.get(pair.change)
        for col in range(1, len(XLSX_COLUMNS) + 1):
            style = copy_style(cell_at(ws, r, col), style, fill=fills[pair.change], alignment=WRAP_TOP)
        styles[pair.change] = style
        if isinstance(value, CellRichText):
            cell_at(ws, r, redline_col).value = value
    set_print(ws, f"{title} | Diff", columns=len(XLSX_PRINTED))


THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _write_block(ws: Worksheet, top: int, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> int:
    """A small boxed table at row `top`: bold header, text typed "s"; returns the next free row."""
    write_header(ws, top, header)
    ws.row_dimensions[top].height = 2 * SHEET.line_height + 2  # headings of up to two lines
    for r, row in enumerate(rows, start=top + 1):
        for col, value in enumerate(row, start=1):
            put(ws, r, col, value)
    for line in ws.iter_rows(min_row=top, max_row=top + len(rows), max_col=len(header)):
        for cell in line:
            cell.border = BOX
    return top + len(rows) + 2


def change_heading(kebab: str) -> str:
    """A change or flag as a heading: "lead-changed" -> "Lead changed"."""
    return kebab.replace("-", " ").capitalize()


def pillar_header(old_id: str, new_id: str) -> list[str]:
    return ["Pillar", f"Records in {old_id}", *(change_heading(c) for c in CHANGES[:3]), f"Records in {new_id}",
            change_heading(ADDED), *(change_heading(f) for f in FLAGS)]


def body_header(old_id: str, new_id: str) -> list[str]:
    return ["Body", f"Leads in {old_id}", f"Leads in {new_id}", "Gained", "Lost", "Added", "Dropped"]


def _pillar_rows(result: DiffResult) -> list[list[object]]:
    return [
        [c.pillar, c.old, c.unchanged, c.reworded, c.dropped, c.new, c.added, *(c.flags[f] for f in FLAGS)]
        for c in pillar_counts(result)
    ]


def _body_rows(result: DiffResult) -> list[list[object]]:
    return [[b.code, b.led_old, b.led_new, b.gained, b.lost, b.added, b.dropped] for b in body_leads(result)]


def _label(ws: Worksheet, row: int, text: str, bold: bool = True) -> None:
    cell = ws.cell(row=row, column=1, value=excel_text(text))
    cell.data_type = "s"
    if bold:
        cell.font = HEADER_FONT


# Points of rows a landscape A4 page holds at 100 % between its margins (0.6 in each) and the page
# header and footer, with a little to spare: a table that would cross this starts a new page.
SUMMARY_PAGE_HEIGHT = 480.0
SUMMARY_COLUMN_WIDTH = 8.0  # at least; a column is as wide as its headings' longest word


def _summary_blocks(result: DiffResult, old_id: str, new_id: str) -> list[tuple[str, list[str], list[list]]]:
    return [
        ("Changes per pillar", pillar_header(old_id, new_id), _pillar_rows(result)),
        ("Colours of the Diff sheet", ["Change"], [[change_heading(change)] for change in CHANGES]),
        ("Lead bodies: activities gained and lost as lead (each one is listed on the sheet Lead changes)",
         body_header(old_id, new_id), _body_rows(result)),
    ]


def _block_height(rows: int) -> float:
    """A label row, a two-line header and the rows, in points."""
    return (1 + 2 + rows) * SHEET.line_height + 8


def _summary_sheet(ws: Worksheet, result: DiffResult, old_id: str, new_id: str, title: str) -> None:
    """The figures, one table after another, none cut by a page break, then the leads chart on a page of its own."""
    ws.title = "Summary"
    _label(ws, 1, f"What became of the records of draft {old_id} in draft {new_id}")
    _label(ws, 2, "Each old record is counted once: unchanged if any of its rows is, else reworded, else dropped; "
           "a flag column counts the old records with that flag. Added: new records paired with none.", bold=False)
    ws.cell(row=2, column=1).alignment = WRAP_TOP
    ws.merge_cells(start_row=2, end_row=2, start_column=1, end_column=len(pillar_header(old_id, new_id)))
    ws.row_dimensions[2].height = 2 * SHEET.line_height + 2
    row, used = 4, 4 * SHEET.line_height
    header_rows = []
    blocks = _summary_blocks(result, old_id, new_id)
    for label, header, rows in blocks:
        height = _block_height(len(rows))
        if used + height > SUMMARY_PAGE_HEIGHT:
            ws.row_breaks.append(Break(id=row - 1))
            used = 0.0
        used += height + SHEET.line_height
        _label(ws, row, label)
        header_rows.append(row + 1)
        row = _write_block(ws, row + 1, header, rows)
    _, colours, bodies = header_rows
    for r, change in enumerate(CHANGES, start=colours + 1):
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor=CHANGE_FILLS[change])
    ws.row_breaks.append(Break(id=row - 1))
    add_leads_chart(ws, bodies, len(blocks[-1][2]), f"A{row}", old_id, new_id)
    for col in range(1, len(pillar_header(old_id, new_id)) + 1):
        headings = [header[col - 1] for _, header, _ in blocks if len(header) >= col]
        word = max(len(w) for h in headings for w in h.split())
        ws.column_dimensions[get_column_letter(col)].width = max(SUMMARY_COLUMN_WIDTH, word * SHEET.bold_factor + 2)
    ws.freeze_panes = "A3"  # the sheet's title and how to read it stay in view
    set_print(ws, f"{title} | Summary", title_rows=None)  # each table keeps its heading on its page
    ws.print_options.gridLines = False  # the tables are boxed


def add_leads_chart(ws: Worksheet, header_row: int, bodies: int, anchor: str, old_id: str, new_id: str) -> None:
    """A clustered column chart of the activities each body leads in the two drafts, side by side."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = f"Activities led per body: draft {old_id} beside draft {new_id}"
    chart.y_axis.title = "activities led"
    chart.x_axis.title = "body"
    chart.x_axis.delete = False  # openpyxl 3.1 leaves axes unset, and Excel then hides them
    chart.y_axis.delete = False
    chart.width, chart.height = 24, 12
    for col in (2, 3):  # the body table's "Leads in <old>" and "Leads in <new>"
        chart.add_data(Reference(ws, min_col=col, min_row=header_row, max_row=header_row + bodies),
                       titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=header_row + bodies))
    ws.add_chart(chart, anchor)


# Printed: the body, gained or lost, both leads and pillars, the activity as the new draft words
# it (the widest) and the diff's flags; the old wording (the Diff sheet's redline shows both) and
# the record ids on screen. Two activity columns printed made each row three times as tall.
LEAD_PRINTED = LEAD_CHANGE_COLUMNS.index("activity_old")
LEAD_PRINTED_WIDTHS = (9.5, 9, 10, 10, 7, 7, 70, 37.5)  # 160: printed at 88 % (8.8 pt), a row two lines


def diff_workbook(result: DiffResult, old_id: str, new_id: str, only: Callable[[str], bool] | None = None) -> Workbook:
    """The diff workbook. With `only`, the sheets whose title it refuses are left empty (their titles kept):
    the review import renders only the sheets it compares, not the Diff sheet it reads."""
    wb = new_workbook()
    title = f"Diff of drafts {old_id} and {new_id}"
    set_properties(wb, title, "What became of each activity between the two drafts")

    def lead_changes_sheet(ws: Worksheet) -> None:
        write_table(ws, [diff_title(c) for c in LEAD_CHANGE_COLUMNS], lead_changes(result), printed=LEAD_PRINTED,
                    printed_widths=LEAD_PRINTED_WIDTHS)
        set_print(ws, f"{title} | Lead changes", columns=LEAD_PRINTED)

    writers: list[tuple[str, SheetWriter]] = [
        ("Diff", lambda ws: _diff_sheet(ws, result, title)),
        ("Summary", lambda ws: _summary_sheet(ws, result, old_id, new_id, title)),
        ("Lead changes", lead_changes_sheet),
    ]
    write_sheets(wb, writers, only)
    return wb


@gc_paused
def render_diff_xlsx(result: DiffResult, old_id: str, new_id: str) -> bytes:
    return workbook_bytes(diff_workbook(result, old_id, new_id))


# --- Markdown ------------------------------------------------------------------------------


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]
    return lines


def _pillar_name(pillar: str) -> str:
    if pillar == "all":
        return "All pillars"
    return f"{pillar}. {PILLAR_TITLES[pillar]}" if pillar in PILLAR_TITLES else pillar or "(no pillar)"


def review_rows(result: DiffResult) -> list[list[Cell]]:
    """The pairs matched with some doubt: where, both texts, the change and what else changed."""
    rows = []
    for pair in result.pairs:
        if REVIEW not in pair.flags:
            continue
        cells = diff_sheet_cells(pair)
        rows.append([cells["pillar_change"], cells["activity_old"], cells["activity_new"], change_heading(pair.change),
                     "" if pair.similarity is None else f"{pair.similarity:.0f}",
                     ", ".join(change_heading(f) for f in pair.flags if f != REVIEW)])
    return rows


def minutes_of(result: DiffResult, old_id: str, new_id: str) -> Minutes:
    """The summary for minutes, rendered as Markdown and as a Word document."""
    counts = pillar_counts(result)
    total = counts[-1]
    f = total.flags
    name = diff_name(old_id, new_id)
    summary = (
        f"Of the {total.old} records of draft {old_id}, {total.unchanged} were carried over unchanged, "
        f"{total.reworded} reworded and {total.dropped} dropped; {total.added} of the {total.new} records "
        f"of draft {new_id} are new. Of the records carried over, {f[MOVED]} moved to another provision or "
        f"pillar, {f[LEAD_CHANGED]} have another lead body, {f[COOP_CHANGED]} other cooperating bodies, "
        f"{f[BECAME_AREA]} became a Possible Area of Collaboration, {f[SPLIT]} were split and {f[MERGED]} "
        f"merged with others; {f[PROVISION_REWORDED]} sit under a provision that draft {new_id} words otherwise. "
        f"{f[REVIEW]} were matched with some doubt and are marked for review."
    )
    per_pillar = MinutesTable(
        "Per pillar",
        ("Pillar", f"{old_id} records", "unchanged", "reworded", "dropped", f"{new_id} records", "added",
         "moved", "lead changed", "became area", "review"),
        [
            [_pillar_name(c.pillar),
             c.old, c.unchanged, c.reworded, c.dropped, c.new, c.added,
             c.flags[MOVED], c.flags[LEAD_CHANGED], c.flags[BECAME_AREA], c.flags[REVIEW]]
            for c in counts
        ],
        wide=True,
        widths=(4.7, *(2.1,) * 10),  # 25.7 cm: landscape A4 within 2 cm margins
    )
    leads = MinutesTable(
        "Lead bodies",
        ("Body", f"leads in {old_id}", f"leads in {new_id}", "gained", "lost", "added", "dropped"),
        _body_rows(result),
        widths=(3.0, *(2.3,) * 6),  # 16.8 cm: portrait A4 within 2 cm margins
        note=(
            f"Gained: activities of {new_id} a body leads whose counterparts in {old_id} (the item itself, or "
            f"the item that became their area) were led by another body; lost: the reverse. Added and "
            f"dropped: activities with no counterpart in the other draft. Each activity, with a word-level redline, "
            f"is in `{name}.xlsx` (and `{name}.csv`)."
        ),
    )
    review = MinutesTable(
        "Pairs marked for review",
        ("Pillar", f"Draft {old_id}", f"Draft {new_id}", "Change", "Similarity", "Also changed"),
        review_rows(result),
        wide=True,
        empty="No pair was matched with doubt.",
        widths=(1.5, 7.4, 7.4, 2.0, 2.2, 5.2),  # 25.7 cm
    )
    return Minutes(f"Draft {old_id} compared with draft {new_id}", summary, (leads, per_pillar, review))


@gc_paused
def render_diff_md(result: DiffResult, old_id: str, new_id: str) -> bytes:
    """A summary a rapporteur can paste into minutes: one paragraph, a table per pillar and per lead body."""
    return minutes_md(minutes_of(result, old_id, new_id))


@gc_paused
def minutes_md(minutes: Minutes) -> bytes:
    leads, per_pillar, _ = minutes.tables
    lines = [f"# {minutes.title}", "", minutes.summary, ""]
    for table in (per_pillar, leads):
        lines += [f"## {table.heading}", "", *_md_table(table.header, table.rows), ""]
    lines += [leads.note, ""]
    return "\n".join(lines).encode("utf-8")


@gc_paused
def render_diff_docx(result: DiffResult, old_id: str, new_id: str) -> bytes:
    """The minutes as a Word document; the Markdown's backticks around file names are left out."""
    return minutes_docx(minutes_of(result, old_id, new_id))


@gc_paused
def minutes_docx(minutes: Minutes) -> bytes:
    tables = tuple(dataclasses.replace(t, note=t.note.replace("`", "")) for t in minutes.tables)
    return render_minutes_docx(dataclasses.replace(minutes, tables=tables))


def render_diff(result: DiffResult, old_id: str, new_id: str) -> dict[str, bytes]:
    """The diff files keyed by name relative to out/diff/: CSV, workbook, minutes as Markdown and Word."""
    name = diff_name(old_id, new_id)
    minutes = minutes_of(result, old_id, new_id)  # once for both renderings
    return {
        f"{name}.csv": render_diff_csv(result),
        f"{name}.xlsx": render_diff_xlsx(result, old_id, new_id),
        f"{name}.md": minutes_md(minutes),
        f"{name}.docx": minutes_docx(minutes),
    }


def diff_files(old: Extraction, new: Extraction) -> dict[str, bytes]:
    """Align two drafts' extractions and render the diff: the one call `tipmatrix diff OLD NEW` needs."""
    return render_diff(align(old.records, new.records), old.draft, new.draft)
