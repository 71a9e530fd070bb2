"""Sheet formatting shared by the per-pillar files and the rapporteur's workbook.

A sheet for people: headings in words (export/headings.py), bold and frozen in row 1, one record
per row, an autofilter, wrapped text, and printing that works as it comes: landscape A4, the
printed columns fitted together to the page at 100 % in Arial 10, the header row on every page,
page numbers; the columns after the printed ones are for the screen. Every string goes in as
text: neutralised like the CSV and stored with data type "s", so no cell is ever a formula.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.export.fontmetrics import text_width
from tipmatrix.export.headings import titles
from tipmatrix.export.safety import neutralise
from tipmatrix.model import COLUMNS, PILLAR_TITLES, Record, record_to_row

PILLARS: tuple[str, ...] = tuple(PILLAR_TITLES)

# What an activity is, who does it and the draft's own remarks: the heart of every reader's view.
WHAT_AND_WHO: tuple[str, ...] = (
    "area", "category", "activity_ref", "activity", "expected_outputs", "lead", "cooperating", "status", "note",
)
# The record columns in the order a reader wants them (the pillar CSVs): the provision, what and
# who first; then review flags and provenance.
READER_COLUMNS: tuple[str, ...] = (
    "pillar", "provision", "provision_text", *WHAT_AND_WHO, "kind", "flags", "pillar_title", "bodies_raw",
    "provision_label_printed", "source_file", "source_page", "source_lines", "record_id", "draft",
)
# A pillar sheet: the printed columns first (the pillar is in the page header, the provision once
# in full per run: "provision_label"), then on screen only the review flags, the id, the full
# provision and the provenance. A printed column that is empty for the whole draft is hidden.
PRINTED_COLUMNS: tuple[str, ...] = ("provision_label", *WHAT_AND_WHO)
SCREEN_COLUMNS: tuple[str, ...] = (
    "flags",
    "record_id",
    "kind",
    "pillar",
    "pillar_title",
    "provision",
    "provision_text",
    "provision_label_printed",
    "bodies_raw",
    "source_file",
    "source_page",
    "source_lines",
    "draft",
)
# "review", right after the printed columns, is the rapporteur's (tipmatrix/review.py reads it back).
SHEET_COLUMNS: tuple[str, ...] = PRINTED_COLUMNS + ("review",) + SCREEN_COLUMNS
# Words shortening a provision below the first row of its run (and in the diff).
PROVISION_WORDS = 6

Cell = str | int | float | None  # a number is written as a number (the diff's similarity)


@dataclass(frozen=True)
class SheetSettings:
    # Widths are in Excel character units (the width of "0" in the default font).
    # Prose columns wrap at this width (about 6 words a line) before the printed columns are
    # fitted to the page (`fit_widths`).
    max_width: float = 40.0
    # Narrow enough for a one-letter pillar, wide enough for its filter button.
    min_width: float = 7.0
    # Room for the autofilter drop-down beside the header text.
    padding: float = 3.0
    # A4 landscape at 100 % within the margins below holds about 140 characters of the default
    # font: the printed columns together are fitted to this, so a page prints at 100 % (11 pt).
    page_width: float = 140.0
    # A printed prose column is not narrowed below this to fit the page (about two words).
    min_prose_width: float = 12.0
    # Narrower side margins than Excel's 0.7 in: the printed columns get about 6 % more room.
    side_margin: float = 0.4  # inches
    header_fill: str = "DDEBF7"
    # Bold header text is about this much wider than the body font's characters.
    bold_factor: float = 1.15
    # Points per wrapped line of the 10 pt font: LibreOffice sets Arial 10 lines 11.5 pt apart
    # (measured on its PDFs), plus `row_padding` per row. Neither Excel nor LibreOffice grows a row
    # for wrapped text on opening a file that sets no height, so each row's height is set.
    line_height: float = 11.5
    row_padding: float = 1.5
    # A column `w` units wide prints 5.55w pt wide in LibreOffice (the width of Arial 10's digit,
    # measured on its PDFs; the print is what the rows are sized for), less this much for the
    # cell's inner margins (1.1 pt each side measured, and some to spare).
    unit_pt: float = 5.55
    cell_margin: float = 4.0
    font_size: float = 10.0


SHEET = SheetSettings()
# Arial, not the default Calibri: a column's width is counted in characters of the workbook's
# font, and where Calibri is missing (LibreOffice on Linux) a wider font stands in, the columns
# grow and the page is shrunk to fit (to 78 %). Arial is on Windows and macOS, and its metric twin
# Liberation Sans comes with LibreOffice, so widths and wrapping are the same everywhere.
FONT_NAME = "Arial"
FONT_SIZE = 10
BODY_FONT = Font(name=FONT_NAME, sz=FONT_SIZE, family=2)
HEADER_FONT = Font(name=FONT_NAME, sz=FONT_SIZE, family=2, b=True)
HEADER_FILL = PatternFill("solid", fgColor=SHEET.header_fill)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


# Excel holds at most this many characters in a cell and cuts (after a repair prompt) the rest.
EXCEL_CELL_LIMIT = 32767


def excel_text(value: str) -> str:
    """A string as it may go into a cell: neutralised, and without the control characters XML forbids.

    Text too long for a cell is an error rather than cut: a reader must never see part of a text.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))
    if len(text) > EXCEL_CELL_LIMIT:
        raise ValueError(
            f"a text of {len(text)} characters does not fit an Excel cell ({EXCEL_CELL_LIMIT}): {text[:60]!r}..."
        )
    return text


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], settings: SheetSettings = SHEET
) -> list[float]:
    """Per column: its longest line (or the header's longest word: headings wrap) plus padding,
    within min_width..max_width."""
    widths = []
    for i, name in enumerate(header):
        longest = max(
            (len(line) for row in rows if row[i] is not None for line in str(row[i]).split("\n")),
            default=0,
        )
        word = max((len(w) for w in str(name).split()), default=0)
        natural = max(longest, word * settings.bold_factor) + settings.padding
        widths.append(min(max(natural, settings.min_width), settings.max_width, settings.page_width))
    return widths


def fit_widths(
    widths: Sequence[float], budget: float, floor: float, floors: Sequence[float] | None = None
) -> list[float]:
    """The widths narrowed to fit `budget` together: the widest columns give way first, all
    down to one common cap, none below `floor` (nor below its own width if it is narrower), nor
    below its own entry of `floors` (its longest word: see `word_width`).

    Fitting the printed columns to the page is what keeps the print at 100 %: a page fitted
    to its width by the printer instead shrinks every glyph (to 3-5 pt before this).
    """
    lows = [max(floor, f) for f in (floors or [0.0] * len(widths))]

    def capped(cap: float) -> list[float]:
        return [min(w, max(cap, low)) for w, low in zip(widths, lows)]

    if sum(widths) <= budget:
        return list(widths)
    low, high = 0.0, max(widths)
    for _ in range(60):
        cap = (low + high) / 2
        if sum(capped(cap)) > budget:
            high = cap
        else:
            low = cap
    return [max(math.floor(w * 10) / 10, min(f, w)) for w, f in zip(capped(low), floors or [0.0] * len(widths))]


def text_room(width: float, settings: SheetSettings = SHEET) -> float:
    """Points of text a line of a column `width` units wide holds, as LibreOffice prints it."""
    return max(width * settings.unit_pt - settings.cell_margin, 1.0)


@lru_cache(maxsize=1 << 16)
def wrap_line(line: str, room: float, size: float = 10.0, bold: bool = False) -> int:
    """How many lines one paragraph takes, wrapped at spaces in `room` points of Arial `size`; a
    word longer than a line is broken by characters, as both programs do (the export avoids it)."""
    count, used = 1, 0.0
    space = text_width(" ", size, bold)
    for word in line.split(" "):
        need = text_width(word, size, bold)
        if used and used + space + need > room:
            count, used = count + 1, 0.0
        used += need + (space if used else 0.0)
        while used > room:  # a word wider than the column
            count, used = count + 1, used - room
    return count


def wrapped_lines(value: Cell, width: float, settings: SheetSettings = SHEET, bold: bool = False) -> int:
    """How many lines a value takes when wrapped in a column `width` units wide (font metrics of
    Arial at the sheet's size; line breaks in the value kept)."""
    if value is None or value == "":
        return 1
    room = text_room(width, settings)
    return sum(wrap_line(line, room, settings.font_size, bold) for line in str(value).split("\n"))


BREAKS = re.compile(r"(?<=-)|\s+")  # where a line may break: at a space, after a hyphen


def word_width(values: Iterable[Cell], bold: bool = False, settings: SheetSettings = SHEET) -> float:
    """The column width (units) the longest unbreakable word of `values` needs on one line: a
    column narrower than this breaks the word inside ("Communit y")."""
    # each word measured once: a column's values share most of their words (hyphens kept on the
    # word they end, as BREAKS splits; a split per value by the pattern cost a build seconds)
    words = {w for v in values if isinstance(v, str) for w in v.replace("-", "-\n").split()}
    longest = max((text_width(w, settings.font_size, bold) for w in words), default=0.0)
    return math.ceil((longest + settings.cell_margin + 1) / settings.unit_pt * 10) / 10


def lines_height(lines: int, settings: SheetSettings = SHEET) -> float:
    """The row height (points) that shows `lines` wrapped lines."""
    return round(lines * settings.line_height + settings.row_padding, 1)


def row_height(
    row: Sequence[Cell],
    widths: Sequence[float],
    settings: SheetSettings = SHEET,
    columns: int | None = None,
    bold: bool = False,
) -> float:
    """The height (points) that shows every wrapped line of the row's tallest cell among its
    first `columns` cells (the printed ones; on-screen columns beyond them may be cut)."""
    shown = zip(row[:columns], widths[:columns]) if columns is not None else zip(row, widths)
    lines = max((wrapped_lines(v, w, settings, bold) for v, w in shown if w > 0), default=1)
    return lines_height(lines, settings)


# The page LibreOffice prints a row on: landscape A4 (595.3 pt high) within the 0.6 in margins of
# `set_print`, and the printed columns' units that fit the paper's width at 100 % (5.55 pt each).
PRINTABLE_PT = 595.3 - 2 * 0.6 * 72
PAGE_UNITS = (841.9 - 2 * SHEET.side_margin * 72) / 5.55
PAGE_SAFETY = 0.97  # a row estimated a little short still fits


def page_room(widths: Sequence[float], header_height: float) -> float:
    """Points a page holds below its repeated header row, for printed columns of `widths` (LibreOffice
    shrinks a page wider than the paper, so a shrunk page holds more of the sheet's points)."""
    scale = min(1.0, PAGE_UNITS / sum(widths)) if sum(widths) else 1.0
    return PRINTABLE_PT * PAGE_SAFETY / scale - header_height


def page_starts(heights: Sequence[float], forced: set[int], room: float) -> list[int]:
    """The table rows that start a page: each of `forced` (a pillar's heading), and each row that
    would not fit below the rows before it in `room` points (as LibreOffice breaks pages)."""
    starts, used = [0], 0.0
    for i, height in enumerate(heights):
        if i and (i in forced or used + height > room):
            starts.append(i)
            used = 0.0
        used += height
    return starts


def topped_page_starts(below: Sequence[float], whole: Callable[[int], float], room: float) -> list[int]:
    """The rows that start a page, in one pass: row i prints `whole(i)` high (its provision whole) when
    it starts a page and `below[i]` otherwise, and starts one when, printed below the rows before it,
    it does not fit. The heights written are those the breaks were chosen from, so LibreOffice adds no
    break of its own. (Rounds of `page_starts` on the heights of the last round can swing back and
    forth: a row moved to a page top grows, which moves the break before it.)"""
    starts, used = [0], whole(0) if below else 0.0
    for i in range(1, len(below)):
        if used + below[i] > room:  # and then `whole(i)`, never shorter, does not fit either
            starts.append(i)
            used = whole(i)
        else:
            used += below[i]
    return starts


def cell_at(ws: Worksheet, row: int, column: int) -> XlsxCell:
    """The cell at `row`, `column` (1-based), made if new: `ws.cell` without its checks and keywords."""
    cell = ws._cells.get((row, column))
    if cell is None:
        cell = XlsxCell(ws, row=row, column=column)
        ws._add_cell(cell)
    return cell


def put(ws: Worksheet, row: int, column: int, value: Cell) -> XlsxCell:
    """A value into a cell; a string goes in as text (typed "s", neutralised), never as a formula.

    The cell is made and the text set directly, not through `ws.cell` and the value's setter:
    `excel_text` has made the checks the setter makes (length, characters XML forbids), and their
    look-ups per cell were a fifth of the time of a large sheet (issue 21)."""
    cell = cell_at(ws, row, column)
    if isinstance(value, str):
        cell._value = excel_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def write_header(ws: Worksheet, row: int, header: Sequence[str]) -> None:
    """A bold, shaded, wrapped header row."""
    for col, name in enumerate(header, start=1):
        cell = put(ws, row, col, name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP_TOP


def table_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    settings: SheetSettings = SHEET,
    printed: int | None = None,
    hidden: Iterable[int] = (),
    printed_widths: Sequence[float] | None = None,
) -> list[float]:
    """The column widths `write_table` gives a table (its arguments mean the same): the printed
    columns fitted to the page, or as `printed_widths` sets them, none narrower than its longest word."""
    hidden = set(hidden)
    printed = len(header) if printed is None else printed
    widths = column_widths(header, rows, settings)
    shown = [i for i in range(printed) if i not in hidden]
    # never narrower than a word: a printed column breaks no word inside
    words = [min(max(word_width([header[i]], bold=True, settings=settings),
                     word_width((row[i] for row in rows), settings=settings)), settings.max_width) for i in shown]
    natural = [max(widths[i], word) for i, word in zip(shown, words)]
    fitted = printed_widths or fit_widths(natural, settings.page_width, settings.min_prose_width, words)
    for i, width, word in zip(shown, fitted, words):
        widths[i] = max(width, word)
    return widths


def write_table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    settings: SheetSettings = SHEET,
    printed: int | None = None,
    hidden: Iterable[int] = (),
    printed_widths: Sequence[float] | None = None,
) -> int:
    """Write a header and its rows from A1 as a filterable, frozen, wrapped table; return the row count.

    `printed`: the first that many columns are the printed ones (default all): their widths are
    fitted to a landscape page together and the row heights show their text; the columns after
    them are for the screen. `hidden`: 0-based columns to hide (a printed column empty for the
    whole draft); a hidden column does not print and takes no room. `printed_widths`: the widths
    of the printed columns, set by the sheet rather than fitted.
    Strings are neutralised and typed "s" (openpyxl would otherwise make "=..." a live formula);
    empty strings are left as empty cells so the filter shows them as "(Blanks)".
    """
    rows = [list(r) for r in rows]
    hidden = set(hidden)
    printed = len(header) if printed is None else printed
    write_header(ws, 1, header)
    write_body(ws, rows, 2)
    widths = table_widths(header, rows, settings, printed, hidden, printed_widths)
    for col, width in enumerate(widths, start=1):
        dimension = ws.column_dimensions[get_column_letter(col)]
        dimension.width = width
        if col - 1 in hidden:
            dimension.hidden = True
    shown_widths = [0.0 if i in hidden else w for i, w in enumerate(widths)]
    ws.row_dimensions[1].height = row_height(list(header), shown_widths, settings, columns=printed, bold=True)
    for r, row in enumerate(rows, start=2):
        ws.row_dimensions[r].height = row_height(row, shown_widths, settings, columns=printed)
    last = get_column_letter(len(header))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    return len(rows)


def write_body(ws: Worksheet, rows: Sequence[Sequence[Cell]], top: int) -> None:
    """The rows from row `top` down, wrapped and aligned to the top, an empty string left an empty cell.

    What `put` and `copy_style` do, a cell at a time, with their calls and look-ups taken out of the
    loop: a table's body is most of the cells of a build (issue 21)."""
    cells = ws._cells
    style = None
    for r, row in enumerate(rows, start=top):
        for col, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            if style is None or (r, col) in cells or not isinstance(value, str) or r < ws._current_row:
                style = copy_style(put(ws, r, col, value), style, alignment=WRAP_TOP)
                continue
            cell = XlsxCell(ws, row=r, column=col, style_array=style)
            cell._value = excel_text(value)
            cell.data_type = "s"
            cells[(r, col)] = cell
            ws._current_row = r  # as ws._add_cell keeps it (rows ascend)


def copy_style(cell, style, **attributes):
    """Style a cell like the cells before it: the first time by its attributes, then by copying
    the resulting style record (openpyxl re-hashes every style object it is given, which made
    per-cell styling the largest cost of a build)."""
    if style is None:
        for name, value in attributes.items():
            setattr(cell, name, value)
        return copy(cell._style)
    cell._style = StyleArray(style)
    return style


def merge_styled(ws: Worksheet, first_row: int, last_row: int, first_column: int, last_column: int) -> None:
    """Merge a range whose cells are already written and styled, the covered ones left empty.

    openpyxl's `merge_cells` also replaces every covered cell and re-applies borders and protection
    to each, one style look-up per cell: a third of the time of writing the Matrix sheet. The
    covered cells here keep the style they were written with, which prints the same. And its
    `merged_cells.add` first checks the range against every range merged before, which made the
    sheet's time grow with the square of its merges (7.9x for 4x the records); the callers merge
    disjoint ranges, so the range goes straight into the set.

    Making the range also gives its top-left cell the right and bottom borders of its bottom-right
    cell, a new border looked up among the workbook's styles (a fifth of the sheet's time again);
    where both cells have the same border (every boxed cell of the Matrix sheet) that changes nothing,
    and is skipped."""
    start, end = ws._cells.get((first_row, first_column)), ws._cells.get((last_row, last_column))
    if start is not None and (end is None or end._style.borderId == start._style.borderId):
        merged = MergedCellRange.__new__(MergedCellRange)
        merged.ws, merged.start_cell = ws, start
        CellRange.__init__(merged, min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column)
    else:
        cells = CellRange(min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column)
        merged = MergedCellRange(ws, cells.coord)
    ws.merged_cells.ranges.add(merged)


def set_row_breaks(ws: Worksheet, rows: Iterable[int]) -> None:
    """Page breaks after each of the sheet `rows`, set at once: openpyxl's `row_breaks.append` copies
    and checks every break before the new one, which grew with the square of the pages (issue 21)."""
    ws.row_breaks.brk = [*ws.row_breaks.brk, *(Break(id=row) for row in rows)]


def header_text(text: str) -> str:
    """Text for a printed page header or footer: "&" is a control character there."""
    return text.replace("&", "&&")


PAGE_FOOTER = "Page &P"


def set_print(
    ws: Worksheet,
    page_header: str,
    columns: int | None = None,
    settings: SheetSettings = SHEET,
    title_rows: str | None = "1:1",
) -> None:
    """Landscape A4, one page wide (as many long as needed), row 1 on every page, "Page x" counted
    per sheet (LibreOffice's page count "&N" is the whole workbook's, so no "of y").

    With `columns`, only the first that many columns are printed (the rest stay on screen);
    `title_rows` None repeats no row (a sheet of several small tables, each with its heading).
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.gridLines = True
    ws.page_margins = PageMargins(
        left=settings.side_margin, right=settings.side_margin, top=0.6, bottom=0.6, header=0.3, footer=0.3
    )
    if columns is not None:
        ws.print_area = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"
    ws.oddHeader.center.text = header_text(page_header)
    ws.oddFooter.center.text = PAGE_FOOTER
    ws.page_setup.firstPageNumber = 1  # each sheet counts its own pages
    ws.page_setup.useFirstPageNumber = True


SheetWriter = Callable[[Worksheet], object]


def write_sheets(
    wb: Workbook, writers: Sequence[tuple[str, SheetWriter]], only: Callable[[str], bool] | None = None
) -> None:
    """Each (title, writer) on a sheet of its own, in order, the first on the workbook's first sheet. With
    `only`, a sheet whose title it refuses is left empty, its title kept: the review import renders only
    the sheets it compares with an edited workbook, not those it reads back."""
    for n, (name, write) in enumerate(writers):
        ws = wb.active if n == 0 else wb.create_sheet()
        if only is None or only(name):
            write(ws)
        ws.title = name


def new_workbook() -> Workbook:
    """An empty workbook whose default font (the "Normal" style, and the unit of column widths)
    is `BODY_FONT`; openpyxl has no public setting for it."""
    wb = Workbook()
    wb._fonts = IndexedList([BODY_FONT])
    wb._named_styles["Normal"].font = copy(BODY_FONT)
    return wb


def set_properties(wb: Workbook, title: str, subject: str) -> None:
    """Document properties: title and subject, and a fixed author (no user name or time leaks in)."""
    wb.properties.title = title
    wb.properties.subject = subject
    wb.properties.creator = "tipmatrix"
    wb.properties.lastModifiedBy = None


def provision_full(rec: Record) -> str:
    """"A. Increase awareness campaigns ...": the letter (where the draft prints one) and the text."""
    return f"{rec.provision}. {rec.provision_text}".strip() if rec.provision else rec.provision_text


def provision_short(rec: Record | None, words: int = PROVISION_WORDS) -> str:
    """"B. Continue capacity building of law enforcement, …": the letter alone names no provision
    when a draft prints none, and the full text would swamp the row."""
    if rec is None:
        return ""
    parts = rec.provision_text.split()
    short = " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    return f"{rec.provision}. {short}".strip() if rec.provision else short


def same_provision(a: Record | None, b: Record) -> bool:
    return a is not None and (a.pillar, a.provision, a.provision_text) == (b.pillar, b.provision, b.provision_text)


def provision_labels(records: Sequence[Record]) -> list[str]:
    """Per record, its provision in full where a run of records under it starts, shortened on the
    rows below (printed once in full, still named on every row for a filtered view)."""
    return [
        provision_short(rec) if same_provision(records[i - 1] if i else None, rec) else provision_full(rec)
        for i, rec in enumerate(records)
    ]


def record_cells(rec: Record, columns: Sequence[str] = READER_COLUMNS, label: str = "") -> list[str]:
    row = {**record_to_row(rec), "provision_label": label, "review": ""}
    return [row[c] for c in columns]


def empty_columns(records: Iterable[Record], columns: Sequence[str] = PRINTED_COLUMNS) -> set[str]:
    """The printed columns no record of a draft fills (in May: area, number, outputs, ...)."""
    rows = [record_to_row(r) for r in records]
    return {c for c in columns if c in COLUMNS and not any(row[c] for row in rows)}


def pillar_label(pillar: str) -> str:
    return f"Pillar {pillar}: {PILLAR_TITLES[pillar]}"


def sheet_name(pillar: str) -> str:
    return f"Pillar {pillar}"


def write_records_sheet(
    ws: Worksheet, records: Sequence[Record], pillar: str, draft_label: str, empty: Iterable[str] = ()
) -> int:
    """One pillar's records as a sheet for readers, printed with the draft and the pillar in the
    page header; `empty`: the printed columns the whole draft leaves empty, hidden."""
    ws.title = sheet_name(pillar)
    rows = [record_cells(r, SHEET_COLUMNS, label) for r, label in zip(records, provision_labels(records))]
    hidden = [SHEET_COLUMNS.index(c) for c in empty]
    count = write_table(ws, titles(SHEET_COLUMNS), rows, printed=len(PRINTED_COLUMNS), hidden=hidden)
    set_print(ws, f"{draft_label} | {pillar_label(pillar)}", columns=len(PRINTED_COLUMNS))
    return count


def pillar_records(records: Iterable[Record], pillar: str) -> list[Record]:
    """The records of one pillar, in source order."""
    return [r for r in records if r.pillar == pillar]
