"""The "Matrix" sheet: one draft in its own layout, the table the meeting knows, as it prints.

The columns are the draft's (`headings.MATRIX_HEADINGS`); each pillar opens with a full-width
heading row and starts a new page; a provision's cell is merged over the rows of its records,
and in November an area's cell over the rows of its activities; an activity keeps its printed
number ("a)", "1.2.1") and its remarks; a body cell reads "Lead: X / Cooperating: Y". May
activities sit in the column of their category; one whose column the rendition lost
(flagged `category-uncertain`) spans the four category columns rather than be put in one by guess.
One record per row, in source order; the record id is beside the table, on screen only.

`matrix_layout` computes the rows and merges (pure); `write_matrix_sheet` renders them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.export.headings import MATRIX_HEADINGS, title
from tipmatrix.export.sheets import (
    FONT_NAME,
    SHEET,
    column_widths,
    copy_style,
    fit_widths,
    lines_height,
    merge_styled,
    provision_full,
    put,
    set_print,
    word_width,
    wrapped_lines,
    write_header,
)
from tipmatrix.extract.rows import MAY_2016, NOV_2016
from tipmatrix.model import CATEGORIES, PILLAR_TITLES, Record

WIDTH = len(MATRIX_HEADINGS[MAY_2016])  # both layouts have six columns
ID_COLUMN = WIDTH  # 0-based: the record id, after the printed table
MAY_CATEGORY_COLUMNS = {category: 1 + i for i, category in enumerate(CATEGORIES)}
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PILLAR_FONT = Font(name=FONT_NAME, sz=12, family=2, b=True)
PILLAR_FILL = PatternFill("solid", fgColor="BDD7EE")
CELL = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class MatrixRow:
    """One row of the table: a pillar heading (`record` None, its text in cells[0]) or a record."""

    cells: tuple[str, ...]
    record: Record | None = None


@dataclass(frozen=True)
class Merge:
    """Cells merged over rows first..last (0-based table rows, header excluded), columns left..right."""

    first: int
    last: int
    left: int
    right: int

    def cells(self) -> list[tuple[int, int]]:
        """(row, column) of every cell it spans, the top-left (the one that shows the text) first."""
        return [(r, c) for r in range(self.first, self.last + 1) for c in range(self.left, self.right + 1)]


def pillar_heading(pillar: str) -> str:
    return f"{pillar}. {PILLAR_TITLES[pillar]}" if pillar in PILLAR_TITLES else "Outside pillars A-D"


def body_cell(rec: Record) -> str:
    """"Lead: SOMTC / Cooperating: ACWC, SOMSWD"; the cell as printed when no body was resolved."""
    parts = []
    if rec.lead:
        parts.append("Lead: " + ", ".join(rec.lead))
    if rec.cooperating:
        parts.append("Cooperating: " + ", ".join(rec.cooperating))
    return " / ".join(parts) if parts else rec.bodies_raw


def activity_cell(rec: Record) -> str:
    """The activity with its number as printed, and its remarks on a line below."""
    text = f"{rec.activity_ref} {rec.activity}".strip()
    return "\n".join(part for part in (text, rec.note) if part)


def record_cells(rec: Record, layout: str) -> tuple[str, ...]:
    if layout == NOV_2016:
        return (provision_full(rec), rec.area, activity_cell(rec), rec.expected_outputs, body_cell(rec), rec.status)
    cells = [provision_full(rec), "", "", "", "", body_cell(rec)]
    cells[MAY_CATEGORY_COLUMNS.get(rec.category, 1)] = activity_cell(rec)
    return tuple(cells)


def _runs(records: Sequence[Record], key: Callable[[Record], object]) -> list[tuple[int, int]]:
    """(first, last) index of each run of consecutive records with the same key."""
    runs: list[tuple[int, int]] = []
    for i, rec in enumerate(records):
        if runs and key(records[runs[-1][0]]) == key(rec):
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _provision_key(rec: Record) -> tuple[str, str, str]:
    return rec.pillar, rec.provision, rec.provision_text


def _area_key(rec: Record) -> tuple[str, str, str, str]:
    return (*_provision_key(rec), rec.area)


def matrix_layout(records: Sequence[Record], layout: str) -> tuple[list[MatrixRow], list[Merge]]:
    """The table rows of a draft's records (pillar headings included) and the cells to merge."""
    if layout not in MATRIX_HEADINGS:
        raise ValueError(f"no Matrix layout for {layout!r} (known: {', '.join(MATRIX_HEADINGS)})")
    rows: list[MatrixRow] = []
    merges: list[Merge] = []
    for first, last in _runs(records, lambda r: r.pillar):
        heading = len(rows)
        rows.append(MatrixRow((pillar_heading(records[first].pillar),)))
        merges.append(Merge(heading, heading, 0, WIDTH - 1))
        group = records[first : last + 1]
        top = len(rows)
        rows += [MatrixRow(record_cells(rec, layout), rec) for rec in group]
        spans = [(a, b, 0) for a, b in _runs(group, _provision_key)]
        if layout == NOV_2016:
            spans += [(a, b, 1) for a, b in _runs(group, _area_key) if group[a].area]
        merges += [Merge(top + a, top + b, col, col) for a, b, col in spans if b > a]
        if layout == MAY_2016:
            merges += [
                Merge(top + i, top + i, 1, len(CATEGORIES))
                for i, rec in enumerate(group)
                if rec.kind != "provision" and rec.category not in MAY_CATEGORY_COLUMNS
            ]
    return rows, merges


def _heights(rows: Sequence[MatrixRow], merges: Sequence[Merge], widths: Sequence[float]) -> list[float]:
    """Row heights (points) that show every line: a merged cell's lines over the rows it spans."""
    merged = {cell for m in merges for cell in m.cells()}
    lines = [
        max((wrapped_lines(v, widths[c]) for c, v in enumerate(row.cells) if (i, c) not in merged), default=1)
        for i, row in enumerate(rows)
    ]
    for m in merges:
        width = sum(widths[m.left : m.right + 1])
        need = wrapped_lines(rows[m.first].cells[m.left], width)
        span = m.last - m.first + 1
        for extra in range(max(need - sum(lines[m.first : m.last + 1]), 0)):
            lines[m.last - extra % span] += 1  # spread over its rows: no one row too tall for a page
    return [lines_height(n) for n in lines]


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


def split_at(merges: Sequence[Merge], starts: Sequence[int]) -> list[Merge]:
    """The merges cut where a page starts: the part on the next page shows the text again."""
    out = []
    for m in merges:
        cuts = [m.first] + [s for s in starts if m.first < s <= m.last] + [m.last + 1]
        out += [Merge(a, b - 1, m.left, m.right) for a, b in zip(cuts, cuts[1:]) if b - 1 > a or m.right > m.left]
    return out


def paginate(rows: Sequence[MatrixRow], merges: Sequence[Merge], widths: Sequence[float],
             room: float) -> tuple[list[int], list[Merge], list[float]]:
    """Page starts, the merges cut at them and the row heights, settled together: a provision cut
    by a page break is printed again on the next page, which may make its rows taller there."""
    forced = {i for i, row in enumerate(rows) if row.record is None}
    heights = _heights(rows, merges, widths)
    starts = page_starts(heights, forced, room)
    for _ in range(6):
        cut = split_at(merges, starts)
        heights = _heights(rows, cut, widths)
        again = page_starts(heights, forced, room)
        if again == starts:
            break
        starts = again
    return starts, split_at(merges, starts), heights


# The page LibreOffice prints a row on: landscape A4 (595.3 pt high) within the 0.6 in margins of
# `set_print`, and the printed columns' units that fit the paper's width at 100 % (5.55 pt each).
PRINTABLE_PT = 595.3 - 2 * 0.6 * 72
PAGE_UNITS = (841.9 - 2 * SHEET.side_margin * 72) / 5.55
PAGE_SAFETY = 0.97  # a row estimated a little short still fits


def matrix_widths(rows: Sequence[MatrixRow], header: Sequence[str]) -> list[float]:
    """The printed widths: fitted to the page, none narrower than its longest word."""
    cells = [r.cells for r in rows if r.record is not None]
    fitted = fit_widths(column_widths(header, cells), SHEET.page_width, SHEET.min_width)
    # never narrower than a word (the page shrinks a little instead of breaking one inside)
    return [max(w, min(word_width([c[i] for c in cells]), SHEET.max_width), word_width([header[i]], bold=True))
            for i, w in enumerate(fitted)]


def write_matrix_sheet(ws: Worksheet, records: Sequence[Record], layout: str, draft_label: str) -> None:
    """The draft as its own matrix, from A1: header row (repeated on every page), pillars on new pages."""
    ws.title = "Matrix"
    rows, merges = matrix_layout(records, layout)
    header = MATRIX_HEADINGS[layout]
    widths = matrix_widths(rows, header)
    header_height = lines_height(max(wrapped_lines(h, w, bold=True) for h, w in zip(header, widths)))
    scale = min(1.0, PAGE_UNITS / sum(widths))  # LibreOffice shrinks a page wider than the paper
    starts, merges, heights = paginate(rows, merges, widths, PRINTABLE_PT * PAGE_SAFETY / scale - header_height)
    write_header(ws, 1, (*header, title("record_id")))
    covered = {(r + 2, c + 1) for m in merges for r, c in m.cells()[1:]}  # sheet rows and columns
    style = None
    for start in starts[1:]:
        ws.row_breaks.append(Break(id=start + 1))  # after the sheet row above the page's first
    for i, row in enumerate(rows, start=2):
        if row.record is None:
            cell = put(ws, i, 1, row.cells[0])
            cell.font, cell.fill, cell.alignment = PILLAR_FONT, PILLAR_FILL, CELL
            continue
        for col, value in enumerate(row.cells, start=1):
            cell = put(ws, i, col, value) if value and (i, col) not in covered else ws.cell(row=i, column=col)
            style = copy_style(cell, style, alignment=CELL, border=BOX)
        put(ws, i, ID_COLUMN + 1, row.record.record_id)
    for col, width in enumerate([*widths, 30.0], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = header_height
    for i, height in enumerate(heights, start=2):
        ws.row_dimensions[i].height = height
    for m in merges:
        merge_styled(ws, m.first + 2, m.last + 2, m.left + 1, m.right + 1)
    ws.freeze_panes = "A2"
    set_print(ws, f"{draft_label} | Matrix", columns=WIDTH)
    ws.print_options.gridLines = False  # the cells have borders; grid lines would cross merged cells
