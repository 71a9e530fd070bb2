"""Sheet formatting shared by the per-pillar files and the rapporteur's workbook.

A sheet for people: the header bold and frozen in row 1, one record per row, an autofilter,
wrapped text in columns no wider than a page, and printing that works as it comes (landscape
A4, one page wide, the header row on every page, page numbers). Every string goes in as text:
neutralised like the CSV and stored with data type "s", so no cell is ever a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.export.safety import neutralise
from tipmatrix.model import PILLAR_TITLES, Record, record_to_row

PILLARS: tuple[str, ...] = tuple(PILLAR_TITLES)

# The record columns in the order a reader wants them: what the activity is, who does it and
# the draft's own remarks first (`PRINTED_COLUMNS`, the printed part of a sheet); then review
# flags and provenance (where in the source it came from), on screen and in the CSV only.
PRINTED_COLUMNS: tuple[str, ...] = (
    "pillar",
    "provision",
    "provision_text",
    "area",
    "category",
    "activity_ref",
    "activity",
    "expected_outputs",
    "lead",
    "cooperating",
    "status",
    "note",
)
READER_COLUMNS: tuple[str, ...] = PRINTED_COLUMNS + (
    "kind",
    "flags",
    "pillar_title",
    "bodies_raw",
    "source_file",
    "source_page",
    "source_lines",
    "record_id",
    "draft",
)

Cell = str | int | None
# The column a rapporteur writes in: `drop`, or a remark that becomes the record's note.
REVIEW_HEADING = "Review"


@dataclass(frozen=True)
class SheetSettings:
    # Widths are in Excel character units (the width of "0" in the default font).
    # Prose columns wrap at this width (about 6 words a line): wider, and the twelve printed
    # columns no longer fit a landscape page at a readable scale (about 60 % with 40).
    max_width: float = 40.0
    # Narrow enough for a one-letter pillar, wide enough for its filter button.
    min_width: float = 7.0
    # Room for the autofilter drop-down beside the header text.
    padding: float = 3.0
    # A4 landscape at 100 % within the margins below holds about 140 characters of the default
    # font; no column may be wider than that, whatever max_width is set to.
    page_width: float = 140.0
    # Narrower side margins than Excel's 0.7 in: the printed columns get about 6 % more room.
    side_margin: float = 0.4  # inches
    header_fill: str = "DDEBF7"
    # Bold header text is about this much wider than the body font's characters.
    bold_factor: float = 1.15
    # Points per wrapped line of the default 11 pt font. Neither Excel nor LibreOffice grows a row
    # for wrapped text on opening a file that sets no height, so each row's height is set.
    line_height: float = 15.0


SHEET = SheetSettings()
HEADER_FONT = Font(bold=True)
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
    """Per column: its longest line (header included) plus padding, within min_width..max_width."""
    widths = []
    for i, name in enumerate(header):
        longest = max(
            (len(line) for row in rows if row[i] is not None for line in str(row[i]).split("\n")),
            default=0,
        )
        natural = max(longest, len(name) * settings.bold_factor) + settings.padding
        widths.append(min(max(natural, settings.min_width), settings.max_width, settings.page_width))
    return widths


def wrapped_lines(value: Cell, width: float) -> int:
    """How many lines a value takes when wrapped at `width` characters (word wrap, roughly)."""
    if value is None or value == "":
        return 1
    per_line = max(int(width) - 1, 1)
    total = 0
    for line in str(value).split("\n"):
        count, length = 1, 0
        for word in line.split(" "):
            if length and length + 1 + len(word) > per_line:
                count, length = count + 1, 0
            length += len(word) + (1 if length else 0)
            while length > per_line:
                count, length = count + 1, length - per_line
        total += count
    return total


def row_height(row: Sequence[Cell], widths: Sequence[float], settings: SheetSettings = SHEET) -> float:
    """The height (points) that shows every wrapped line of the row's tallest cell."""
    lines = max((wrapped_lines(v, w) for v, w in zip(row, widths)), default=1)
    return round(lines * settings.line_height + 2, 1)


def put(ws: Worksheet, row: int, column: int, value: Cell):
    """A value into a cell; a string goes in as text (typed "s", neutralised), never as a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = excel_text(value)
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


def write_table(
    ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Cell]], settings: SheetSettings = SHEET
) -> int:
    """Write a header and its rows from A1 as a filterable, frozen, wrapped table; return the row count.

    Strings are neutralised and typed "s" (openpyxl would otherwise make "=..." a live formula);
    empty strings are left as empty cells so the filter shows them as "(Blanks)".
    """
    rows = [list(r) for r in rows]
    body_style = None
    write_header(ws, 1, header)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            body_style = copy_style(put(ws, r, col, value), body_style, alignment=WRAP_TOP)
    widths = column_widths(header, rows, settings)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, row in enumerate([list(header), *rows], start=1):
        ws.row_dimensions[r].height = row_height(row, widths, settings)
    last = get_column_letter(len(header))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    return len(rows)


def copy_style(cell, style, **attributes):
    """Style a cell like the cells before it: the first time by its attributes, then by copying
    the resulting style record (openpyxl re-hashes every style object it is given, which made
    per-cell styling the largest cost of a build)."""
    if style is None:
        for name, value in attributes.items():
            setattr(cell, name, value)
        return copy(cell._style)
    cell._style = copy(style)
    return style


def header_text(text: str) -> str:
    """Text for a printed page header or footer: "&" is a control character there."""
    return text.replace("&", "&&")


def set_print(ws: Worksheet, page_header: str, columns: int | None = None, settings: SheetSettings = SHEET) -> None:
    """Landscape A4, one page wide (as many long as needed), row 1 on every page, "Page x of y".

    With `columns`, only the first that many columns are printed (the rest stay on screen).
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins = PageMargins(
        left=settings.side_margin, right=settings.side_margin, top=0.6, bottom=0.6, header=0.3, footer=0.3
    )
    if columns is not None:
        ws.print_area = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"
    ws.oddHeader.center.text = header_text(page_header)
    ws.oddFooter.center.text = "Page &P of &N"


def set_properties(wb: Workbook, title: str, subject: str) -> None:
    """Document properties: title and subject, and a fixed author (no user name or time leaks in)."""
    wb.properties.title = title
    wb.properties.subject = subject
    wb.properties.creator = "tipmatrix"
    wb.properties.lastModifiedBy = None


def record_cells(rec: Record, columns: Sequence[str] = READER_COLUMNS) -> list[str]:
    row = record_to_row(rec)
    return [row[c] for c in columns]


def pillar_label(pillar: str) -> str:
    return f"Pillar {pillar}: {PILLAR_TITLES[pillar]}"


def sheet_name(pillar: str) -> str:
    return f"Pillar {pillar}"


def write_records_sheet(ws: Worksheet, records: Sequence[Record], pillar: str, draft_label: str) -> int:
    """One pillar's records as a sheet for readers, printed with the draft and the pillar in the page header."""
    ws.title = sheet_name(pillar)
    # + the rapporteur's column, empty, read back by `tipmatrix review import` (tipmatrix/review.py)
    count = write_table(ws, (*READER_COLUMNS, REVIEW_HEADING), [[*record_cells(r), ""] for r in records])
    set_print(ws, f"{draft_label} | {pillar_label(pillar)}", columns=len(PRINTED_COLUMNS))
    return count


def pillar_records(records: Iterable[Record], pillar: str) -> list[Record]:
    """The records of one pillar, in source order."""
    return [r for r in records if r.pillar == pillar]
