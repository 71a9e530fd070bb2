"""The "Matrix" sheet: one draft in its own layout, the table the meeting knows, as it prints.

The columns are the draft's layout's, as extract/layouts.toml declares them (`headings.matrix_headings`),
each filled from the record field it declares; each pillar opens with a full-width heading row and
starts a new page; the cells of a column declared to merge (provision, area) are merged over the rows
of their records; an activity keeps its printed number ("a)", "1.2.1") and its remarks; a body cell
reads "Lead: X / Cooperating: Y". Activities of a layout with category columns (May) sit in the column
of their category; one whose column the rendition lost (flagged `category-uncertain`) spans the
category columns rather than be put in one by guess. A column declared to fill `note` ("Timeline")
shows the remark the assembler made of it.
One record per row, in source order; the record id is beside the table, on screen only.

`matrix_layout` computes the rows and merges (pure); `write_matrix_sheet` renders them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.export.headings import matrix_headings, title
from tipmatrix.export.sheets import (
    FONT_NAME,
    SHEET,
    cell_at,
    column_widths,
    copy_style,
    fit_widths,
    lines_height,
    merge_styled,
    page_room,
    page_starts,
    provision_full,
    put,
    set_print,
    set_row_breaks,
    word_width,
    wrapped_lines,
    write_header,
)
from tipmatrix.extract.layouts import Column, Layout, layout
from tipmatrix.model import LIST_SEPARATOR, PILLAR_TITLES, Record

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


def _remarks(rec: Record, own: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """The record's remarks without those a column of its own shows ("Timeline: 2018"), and those by heading."""
    kept, by_column = [], {}
    for part in rec.note.split(LIST_SEPARATOR) if rec.note else []:
        heading = next((h for h in own if part.startswith(f"{h}: ")), None)
        if heading is None:
            kept.append(part)
        else:
            by_column[heading] = part[len(heading) + 2 :]
    return LIST_SEPARATOR.join(kept), by_column


def activity_cell(rec: Record, own: tuple[str, ...] = ()) -> str:
    """The activity with its number as printed, and its remarks on a line below (but those shown
    in a column of their own, `own` by heading)."""
    text = f"{rec.activity_ref} {rec.activity}".strip()
    return "\n".join(part for part in (text, _remarks(rec, own)[0]) if part)


def _note_headings(lay: Layout) -> tuple[str, ...]:
    return tuple(c.heading for c in lay.columns if c.field == "note")


def _cell(rec: Record, column: Column, lay: Layout) -> str:
    """What the record shows in one column, by the field the column declares."""
    if column.category:
        first = lay.categories[0]
        home = rec.category if rec.category in lay.categories else first
        return activity_cell(rec, _note_headings(lay)) if column.role == home else ""
    if column.field == "provision_text":
        return provision_full(rec)
    if column.field == "activity":
        return activity_cell(rec, _note_headings(lay))
    if column.field == "bodies_raw":
        return body_cell(rec)
    if column.field == "note":
        return _remarks(rec, _note_headings(lay))[1].get(column.heading, "")
    return str(getattr(rec, column.field))


def id_column(layout_id: str) -> int:
    """The 0-based column of the record id: the first after the layout's printed table."""
    return len(layout(layout_id).columns)


def record_cells(rec: Record, layout_id: str) -> tuple[str, ...]:
    """The record's row of the Matrix sheet, in its layout's columns."""
    lay = layout(layout_id)
    return tuple(_cell(rec, column, lay) for column in lay.columns)


def _runs(records: Sequence[Record], key: Callable[[Record], object]) -> list[tuple[int, int]]:
    """(first, last) index of each run of consecutive records with the same key."""
    runs: list[tuple[int, int]] = []
    for i, rec in enumerate(records):
        if runs and key(records[runs[-1][0]]) == key(rec):
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _merge_key(lay: Layout, upto: int) -> Callable[[Record], tuple[str, ...]]:
    """The key of a run of records whose cell in merging column `upto` is one merged cell: the pillar,
    the provision, and the fields of the merging columns up to it (an area is merged within its provision)."""
    fields = [c.field for c in lay.columns[: upto + 1] if c.merges]
    return lambda rec: (rec.pillar, rec.provision, *(str(getattr(rec, f)) for f in fields))


def _category_merges(lay: Layout, group: Sequence[Record], top: int) -> list[Merge]:
    """A record whose category was not read spans the category columns (adjacent, as declared)."""
    places = [i for i, c in enumerate(lay.columns) if c.category]
    if not places:
        return []
    return [Merge(top + i, top + i, places[0], places[-1]) for i, rec in enumerate(group)
            if rec.kind != "provision" and rec.category not in lay.categories]


def matrix_layout(records: Sequence[Record], layout_id: str) -> tuple[list[MatrixRow], list[Merge]]:
    """The table rows of a draft's records (pillar headings included) and the cells to merge."""
    lay = layout(layout_id)
    width = len(lay.columns)
    rows: list[MatrixRow] = []
    merges: list[Merge] = []
    for first, last in _runs(records, lambda r: r.pillar):
        heading = len(rows)
        rows.append(MatrixRow((pillar_heading(records[first].pillar),)))
        merges.append(Merge(heading, heading, 0, width - 1))
        group = records[first : last + 1]
        top = len(rows)
        rows += [MatrixRow(record_cells(rec, layout_id), rec) for rec in group]
        spans = []
        for col, column in enumerate(lay.columns):
            if column.merges:
                runs = _runs(group, _merge_key(lay, col))
                # a provision cell spans its run even when empty; an empty area is no cell to merge
                spans += [(a, b, col) for a, b in runs if column.field == "provision_text" or rows[top + a].cells[col]]
        merges += [Merge(top + a, top + b, col, col) for a, b, col in sorted(spans, key=lambda s: s[2])
                   if b > a]
        merges += _category_merges(lay, group, top)
    return rows, merges


def _heights(rows: Sequence[MatrixRow], merges: Sequence[Merge], widths: Sequence[float],
             known: dict[tuple[int, frozenset[int]], int] | None = None) -> list[float]:
    """Row heights (points) that show every line: a merged cell's lines over the rows it spans.
    `known`: the lines of a row with some columns merged, kept from an earlier call with other cuts
    (`paginate`'s rounds change the merges of the rows about a page start only)."""
    merged: dict[int, set[int]] = {}
    for m in merges:
        for r, c in m.cells():
            merged.setdefault(r, set()).add(c)
    known = {} if known is None else known
    lines = []
    for i, row in enumerate(rows):
        key = (i, frozenset(merged.get(i, ())))
        if key not in known:
            known[key] = max((wrapped_lines(v, widths[c]) for c, v in enumerate(row.cells) if c not in key[1]),
                             default=1)
        lines.append(known[key])
    for m in merges:
        width = sum(widths[m.left : m.right + 1])
        need = wrapped_lines(rows[m.first].cells[m.left], width)
        span = m.last - m.first + 1
        for extra in range(max(need - sum(lines[m.first : m.last + 1]), 0)):
            lines[m.last - extra % span] += 1  # spread over its rows: no one row too tall for a page
    return [lines_height(n) for n in lines]


def split_at(merges: Sequence[Merge], starts: Sequence[int]) -> list[Merge]:
    """The merges cut where a page starts: the part on the next page shows the text again.
    `starts` ascend (as `page_starts` gives them): each merge finds its cuts by bisection, not by a
    scan of every page start (a scan per merge grew with the square of the draft)."""
    out = []
    for m in merges:
        inside = starts[bisect_right(starts, m.first) : bisect_right(starts, m.last)]
        cuts = [m.first, *inside, m.last + 1]
        out += [Merge(a, b - 1, m.left, m.right) for a, b in zip(cuts, cuts[1:]) if b - 1 > a or m.right > m.left]
    return out


def paginate(rows: Sequence[MatrixRow], merges: Sequence[Merge], widths: Sequence[float],
             room: float) -> tuple[list[int], list[Merge], list[float]]:
    """Page starts, the merges cut at them and the row heights, settled together: a provision cut
    by a page break is printed again on the next page, which may make its rows taller there."""
    forced = {i for i, row in enumerate(rows) if row.record is None}
    known: dict[tuple[int, frozenset[int]], int] = {}
    heights = _heights(rows, merges, widths, known)
    starts = page_starts(heights, forced, room)
    for _ in range(6):
        cut = split_at(merges, starts)
        heights = _heights(rows, cut, widths, known)
        again = page_starts(heights, forced, room)
        if again == starts:
            break
        starts = again
    return starts, split_at(merges, starts), heights


def matrix_widths(rows: Sequence[MatrixRow], header: Sequence[str]) -> list[float]:
    """The printed widths: fitted to the page, none narrower than its longest word."""
    cells = [r.cells for r in rows if r.record is not None]
    fitted = fit_widths(column_widths(header, cells), SHEET.page_width, SHEET.min_width)
    # never narrower than a word (the page shrinks a little instead of breaking one inside)
    return [max(w, min(word_width([c[i] for c in cells]), SHEET.max_width), word_width([header[i]], bold=True))
            for i, w in enumerate(fitted)]


@dataclass(frozen=True)
class PrintedMatrix:
    """The Matrix sheet as it prints: its rows, the merges cut at the page starts (a provision cut by a
    break printed again on the next page), the page starts, column widths and row heights."""

    rows: list[MatrixRow]
    merges: list[Merge]
    starts: list[int]
    widths: list[float]
    header_height: float
    heights: list[float]


def printed_matrix(records: Sequence[Record], layout: str) -> PrintedMatrix:
    """A draft's Matrix sheet laid out and paginated (pure): what `write_matrix_sheet` writes, and what the
    review import compares an edited sheet with."""
    rows, merges = matrix_layout(records, layout)
    header = matrix_headings(layout)
    widths = matrix_widths(rows, header)
    header_height = lines_height(max(wrapped_lines(h, w, bold=True) for h, w in zip(header, widths)))
    starts, cut, heights = paginate(rows, merges, widths, page_room(widths, header_height))
    return PrintedMatrix(rows, cut, starts, widths, header_height, heights)


def write_matrix_sheet(ws: Worksheet, records: Sequence[Record], layout: str, draft_label: str) -> None:
    """The draft as its own matrix, from A1: header row (repeated on every page), pillars on new pages."""
    ws.title = "Matrix"
    printed = printed_matrix(records, layout)
    rows, merges, starts, widths, heights = (printed.rows, printed.merges, printed.starts, printed.widths,
                                             printed.heights)
    header = matrix_headings(layout)
    table_width = len(header)  # the record id stands after the printed table
    write_header(ws, 1, (*header, title("record_id")))
    covered = {(r + 2, c + 1) for m in merges for r, c in m.cells()[1:]}  # sheet rows and columns
    style = None
    set_row_breaks(ws, (start + 1 for start in starts[1:]))  # after the sheet row above the page's first
    for i, row in enumerate(rows, start=2):
        if row.record is None:
            cell = put(ws, i, 1, row.cells[0])
            cell.font, cell.fill, cell.alignment = PILLAR_FONT, PILLAR_FILL, CELL
            continue
        for col, value in enumerate(row.cells, start=1):
            cell = put(ws, i, col, value) if value and (i, col) not in covered else cell_at(ws, i, col)
            style = copy_style(cell, style, alignment=CELL, border=BOX)
        put(ws, i, table_width + 1, row.record.record_id)
    for col, width in enumerate([*widths, 30.0], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = printed.header_height
    for i, height in enumerate(heights, start=2):
        ws.row_dimensions[i].height = height
    for m in merges:
        merge_styled(ws, m.first + 2, m.last + 2, m.left + 1, m.right + 1)
    ws.freeze_panes = "A2"
    set_print(ws, f"{draft_label} | Matrix", columns=table_width)
    ws.print_options.gridLines = False  # the cells have borders; grid lines would cross merged cells
