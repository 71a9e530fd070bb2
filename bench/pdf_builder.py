"""Test PDFs of the matrix: table rows (or records) -> a ruled table drawn page by page.

The table is laid out line by line and drawn with reportlab's canvas, not with platypus
`Table`: `Table(splitInRow=1)` loses the rest of a cut row, draws stray headers and crashes on a
SPAN across a split (see shared/FIELD-NOTES.md). Drawing it ourselves gives what an office suite
prints: the header repeated on each page, rows cut by a page break and continued on the next,
vertically merged cells drawn as one box whose text flows on across the break, full-width heading
rows, and optionally an open frame, a landscape page stored as portrait with /Rotate 90, and body
names printed bottom to top.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tipmatrix.export.headings import matrix_headings
from tipmatrix.model import Record

# The two 2016 layouts' ids in extract/layouts.toml.
MAY_2016, NOV_2016 = "may-2016", "nov-2016"

# The header row each layout prints (the text the PDF front-end recognises the layout by): the headings
# extract/layouts.toml declares first, which the Matrix sheet prints too.
HEADERS: dict[str, tuple[str, ...]] = {MAY_2016: matrix_headings(MAY_2016), NOV_2016: matrix_headings(NOV_2016)}

PILLAR_HEADINGS = {
    "A": "A. Prevention of TIP",
    "B": "B. Protection of Victims",
    "C": "C. Law Enforcement and Prosecution of Crimes of Trafficking in Persons",
    "D": "D. Regional and International Cooperation and Coordination",
}

# The column holding the sectoral bodies ("Sectoral Body / Organ", "Lead Sectoral Body/ ...").
BODY_COLUMN = {MAY_2016: 5, NOV_2016: 4}

SPANNED = None  # a cell covered by the merged cell above it in the same column

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)
# Other TrueType fonts a Look may ask for (the generated corpus varies the font); any font missing
# on the machine falls back to DejaVuSans.
OTHER_FONTS = {
    "DejaVuSerif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVuSansCondensed": "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
    "LiberationSans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "LiberationSerif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
}


def _font(name: str = "") -> str:
    """`name` when it is one of OTHER_FONTS and installed, else DejaVuSans when installed: the built-in
    Helvetica writes "•" as "(cid:127)"."""
    registered = pdfmetrics.getRegisteredFontNames()
    if name in registered:
        return name
    if name in OTHER_FONTS and Path(OTHER_FONTS[name]).is_file():
        pdfmetrics.registerFont(TTFont(name, OTHER_FONTS[name]))
        return name
    if "DejaVuSans" in registered:
        return "DejaVuSans"
    for candidate in FONT_PATHS:
        if Path(candidate).is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", candidate))
            return "DejaVuSans"
    return "Helvetica"


@dataclass(frozen=True)
class Heading:
    """A full-width row (a pillar heading)."""

    text: str


TableRow = Heading | tuple[str | None, ...]


@dataclass(frozen=True)
class Look:
    """How the table is printed."""

    page_size: tuple[float, float] = (842.0, 595.0)  # A4 landscape
    margin: float = 36.0
    col_widths: tuple[float, ...] = (150, 150, 150, 120, 110, 90)
    font_size: float = 8.0
    leading: float = 10.0
    pad: float = 3.0
    frame: bool = True  # False: inside borders only (no outer rules), a partly ruled table
    rotate_page: bool = False  # a portrait page with /Rotate 90 whose content reads as landscape
    rotated_bodies: bool = False  # the body column printed bottom to top
    split_rows: bool = True  # False: a row that does not fit moves whole to the next page
    title: str = "Possible Areas of Collaboration under the Framework of APA (test matrix)"
    footer: str = "Page {page} of {pages}"
    # The generated corpus (tests/corpus/) varies these; the defaults print as before.
    headers: tuple[str, ...] = ()  # the header row's cells; () = the layout's HEADERS
    body_column: int = -1  # the column of the body names; -1 = the layout's BODY_COLUMN
    font: str = ""  # one of OTHER_FONTS; "" = DejaVuSans
    running_header: str = ""  # a line above the table on every page ("{page}" and "{pages}" filled in)
    prose: tuple[str, ...] = ()  # paragraphs printed under the title on page 1, before the table


@dataclass
class _Part:
    """The lines [start, start+count) of one row, placed on one page at y (top, points from top)."""

    row: int
    page: int
    top: float
    start: int
    count: int
    height: float = 0.0


@dataclass
class _Layout:
    look: Look
    header_lines: list[list[str]]
    header_height: float
    cells: list[list[list[str]]]  # row -> column -> wrapped lines ([] for a spanned cell)
    heights: list[int]  # lines per row
    body_column: int
    parts: list[_Part] = field(default_factory=list)
    pages: int = 1
    intro: list[str] = field(default_factory=list)  # the prose's wrapped lines on page 1


def _intro_top(look: Look, intro: list[str]) -> float:
    """Where the table starts on page 1: below the title and the prose (and a blank line)."""
    return look.margin + (2 + len(intro) + (1 if intro else 0)) * look.leading


def _wrap(text: str, width: float, look: Look) -> list[str]:
    """A cell's lines: each "\\n"-separated paragraph wrapped to the column width."""
    font = _font(look.font)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(simpleSplit(paragraph, font, look.font_size, width - 2 * look.pad) or [""])
    return lines if any(lines) else []


def _span_rows(rows: Sequence[TableRow], r: int, c: int) -> int:
    """How many rows the cell at (r, c) covers: itself and the SPANNED cells below it."""
    n = 1
    while r + n < len(rows) and not isinstance(rows[r + n], Heading) and rows[r + n][c] is SPANNED:
        n += 1
    return n


def _line_count(rows: Sequence[TableRow], cells: list[list[list[str]]], look: Look, body: int) -> list[int]:
    """Lines per row: its tallest own cell; the last row of a merged cell grows to hold its text."""
    heights = []
    for r, row in enumerate(rows):
        own = [len(cells[r][c]) for c in range(len(cells[r])) if not isinstance(row, Heading)
               and row[c] is not SPANNED and _span_rows(rows, r, c) == 1]
        if isinstance(row, Heading):
            own = [len(cells[r][0])]
        if look.rotated_bodies and not isinstance(row, Heading) and row[body]:
            text = " ".join(cells[r][body])
            own.append(math.ceil((pdfmetrics.stringWidth(text, _font(look.font), look.font_size) + 4) / look.leading))
        heights.append(max([1, *own]))
    for r, row in enumerate(rows):
        if isinstance(row, Heading):
            continue
        for c in range(len(row)):
            if row[c] is SPANNED:
                continue
            n = _span_rows(rows, r, c)
            if n > 1:
                short = len(cells[r][c]) - sum(heights[r:r + n])
                if short > 0:
                    heights[r + n - 1] += short
    return heights


def _paginate(layout: _Layout) -> None:
    """Place each row's lines on pages; a row that does not fit is cut at a line boundary."""
    look = layout.look
    width, height = look.page_size
    first_top = _intro_top(look, layout.intro)  # below the title (and the prose) on page 1
    bottom = height - look.margin - look.leading  # above the footer
    page, top = 1, first_top + layout.header_height
    page_top = top  # where rows start on the current page
    for r, lines in enumerate(layout.heights):
        start = 0
        while start < lines:
            room = int((bottom - top - 2 * look.pad) // look.leading)
            count = min(room, lines - start)
            keep_whole = not look.split_rows and start == 0 and count < lines and top > page_top
            if room < 1 or keep_whole:
                page, top = page + 1, look.margin + layout.header_height
                page_top = top
                continue
            part = _Part(r, page, top, start, count, 2 * look.pad + count * look.leading)
            layout.parts.append(part)
            top += part.height
            start += count
    layout.pages = page


def lay_out(rows: Sequence[TableRow], layout_name: str, look: Look, headers: Sequence[str] | None = None,
            body: int | None = None) -> _Layout:
    widths = look.col_widths
    headers = headers if headers is not None else (look.headers or HEADERS[layout_name])
    header_lines = [_wrap(h, w, look) for h, w in zip(headers, widths, strict=True)]
    header_height = 2 * look.pad + max(len(h) for h in header_lines) * look.leading
    cells = []
    for row in rows:
        if isinstance(row, Heading):
            cells.append([_wrap(row.text, sum(widths), look)])
        else:
            if len(row) != len(widths):
                raise ValueError(f"row has {len(row)} cells, the table has {len(widths)} columns: {row}")
            cells.append([_wrap(t, w, look) if t else [] for t, w in zip(row, widths, strict=True)])
    if body is None:
        body = look.body_column if look.body_column >= 0 else BODY_COLUMN.get(layout_name, len(widths) - 1)
    layout = _Layout(look, header_lines, header_height, cells, _line_count(rows, cells, look, body), body)
    layout.intro = [s for p in look.prose for s in _wrap(p, sum(widths), look) + [""]][:-1]
    _paginate(layout)
    return layout


class _Pen:
    """Draws in landscape coordinates measured from the top-left, whatever the stored page is."""

    def __init__(self, canvas: Canvas, look: Look):
        self.c = canvas
        self.look = look
        self.height = look.page_size[1]

    def start_page(self) -> None:
        if self.look.rotate_page:
            # The stored page is portrait (W x H swapped) with /Rotate 90; a viewer turns it clockwise,
            # so landscape (X, Y) is drawn at portrait (W - Y, X).
            self.c.setPageRotation(90)
            self.c.transform(0, 1, -1, 0, self.look.page_size[1], 0)
        self.c.setFont(_font(self.look.font), self.look.font_size)
        self.c.setLineWidth(0.5)

    def text(self, x: float, top: float, s: str) -> None:
        self.c.drawString(x, self.height - top - self.look.font_size, s)

    def vertical_text(self, x: float, bottom: float, s: str) -> None:
        """Text reading bottom to top, its baseline at x, starting at `bottom` (from the top)."""
        self.c.saveState()
        self.c.translate(x, self.height - bottom)
        self.c.rotate(90)
        self.c.drawString(0, 0, s)
        self.c.restoreState()

    def hline(self, x0: float, x1: float, top: float) -> None:
        self.c.line(x0, self.height - top, x1, self.height - top)

    def vline(self, x: float, top: float, bottom: float) -> None:
        self.c.line(x, self.height - top, x, self.height - bottom)


def _box(pen: _Pen, x0: float, x1: float, top: float, bottom: float, outer: tuple[bool, bool, bool, bool]) -> None:
    """The rules around one cell; `outer` says which sides (left, right, top, bottom) are the frame."""
    left, right, up, down = outer
    frame = pen.look.frame
    if frame or not up:
        pen.hline(x0, x1, top)
    if frame or not down:
        pen.hline(x0, x1, bottom)
    if frame or not left:
        pen.vline(x0, top, bottom)
    if frame or not right:
        pen.vline(x1, top, bottom)


def _column_x(look: Look) -> list[float]:
    xs = [look.margin]
    for w in look.col_widths:
        xs.append(xs[-1] + w)
    return xs


def _draw_header(pen: _Pen, layout: _Layout, top: float) -> None:
    look = layout.look
    xs = _column_x(look)
    bottom = top + layout.header_height
    for c, lines in enumerate(layout.header_lines):
        _box(pen, xs[c], xs[c + 1], top, bottom, (c == 0, c == len(xs) - 2, True, False))
        for i, s in enumerate(lines):
            pen.text(xs[c] + look.pad, top + look.pad + i * look.leading, s)


def _slots(layout: _Layout, row: int) -> list[tuple[int, float]]:
    """(page, top) of each line of a row, in order."""
    look = layout.look
    out = []
    for part in layout.parts:
        if part.row == row:
            out.extend((part.page, part.top + look.pad + i * look.leading) for i in range(part.count))
    return out


def _draw_furniture(pen: _Pen, layout: _Layout, page: int) -> None:
    """The text around the table: the running header on every page; the title and the prose on page 1."""
    look = layout.look
    if look.running_header:
        pen.text(look.margin, look.margin - 2 * look.leading, look.running_header.format(page=page, pages=layout.pages))
    if page == 1 and look.title:
        pen.text(look.margin, look.margin, look.title)
    if page == 1:
        for i, s in enumerate(layout.intro):
            pen.text(look.margin, look.margin + (2 + i) * look.leading, s)


def _draw_page(pen: _Pen, layout: _Layout, rows: Sequence[TableRow], page: int) -> None:
    look = layout.look
    xs = _column_x(look)
    parts = [p for p in layout.parts if p.page == page]
    table_top = _intro_top(look, layout.intro) if page == 1 else look.margin
    _draw_furniture(pen, layout, page)
    _draw_header(pen, layout, table_top)
    last_bottom = parts[-1].top + parts[-1].height if parts else table_top + layout.header_height
    ncols = len(xs) - 1
    for part in parts:
        row = rows[part.row]
        bottom = part.top + part.height
        is_last = bottom == last_bottom
        if isinstance(row, Heading):
            _box(pen, xs[0], xs[-1], part.top, bottom, (True, True, False, is_last))
            for i, s in enumerate(layout.cells[part.row][0][part.start:part.start + part.count]):
                pen.text(xs[0] + look.pad, part.top + look.pad + i * look.leading, s)
            continue
        for c in range(ncols):
            outer = (c == 0, c == ncols - 1, False, is_last)
            if row[c] is SPANNED or _span_rows(rows, part.row, c) > 1:
                _draw_span_part(pen, layout, rows, part, c, outer)
                continue
            _box(pen, xs[c], xs[c + 1], part.top, bottom, outer)
            lines = layout.cells[part.row][c]
            if look.rotated_bodies and c == layout.body_column and lines:
                if part.start == 0:
                    height = layout.heights[part.row] * look.leading
                    pen.vertical_text(xs[c] + look.pad + look.font_size, part.top + look.pad + height - 2,
                                      " ".join(lines))
                continue
            for i, s in enumerate(lines[part.start:part.start + part.count]):
                pen.text(xs[c] + look.pad, part.top + look.pad + i * look.leading, s)
    if look.footer:
        pen.text(look.margin, look.page_size[1] - look.margin, look.footer.format(page=page, pages=layout.pages))


def _draw_span_part(pen: _Pen, layout: _Layout, rows: Sequence[TableRow], part: _Part, c: int,
                    outer: tuple[bool, bool, bool, bool]) -> None:
    """One row-part of a merged cell: side rules, the top rule where the merge starts on this page,
    the bottom rule where it ends on this page, and the merged text's lines that fall in this part."""
    look = layout.look
    xs = _column_x(look)
    owner = part.row
    while rows[owner][c] is SPANNED:
        owner -= 1
    n = _span_rows(rows, owner, c)
    slots = [s for r in range(owner, owner + n) for s in _slots(layout, r)]
    mine = _slots(layout, part.row)[part.start:part.start + part.count]
    span_parts = [p for p in layout.parts if owner <= p.row < owner + n and p.page == part.page]
    first, last = span_parts[0] is part, span_parts[-1] is part
    bottom = part.top + part.height
    left, right, _, is_last = outer
    if look.frame or not left:
        pen.vline(xs[c], part.top, bottom)
    if look.frame or not right:
        pen.vline(xs[c + 1], part.top, bottom)
    if first:
        pen.hline(xs[c], xs[c + 1], part.top)
    if last and (look.frame or not is_last):
        pen.hline(xs[c], xs[c + 1], bottom)
    lines = layout.cells[owner][c]
    for i, slot in enumerate(slots[:len(lines)]):
        if slot in mine:
            pen.text(xs[c] + look.pad, slot[1], lines[i])


def part_text(layout: _Layout, rows: Sequence[TableRow], part: _Part) -> list[str]:
    """The text each column prints in one row-part (its lines joined by spaces), a merged cell's lines
    where they fall, as `_draw_page` places them: what a text rendition prints on the part's line."""
    row = rows[part.row]
    if isinstance(row, Heading):
        return [" ".join(layout.cells[part.row][0][part.start:part.start + part.count])]
    out = []
    for c in range(len(row)):
        owner = part.row
        while rows[owner][c] is SPANNED:
            owner -= 1
        n = _span_rows(rows, owner, c)
        if n == 1:
            out.append(" ".join(layout.cells[part.row][c][part.start:part.start + part.count]))
            continue
        slots = [s for r in range(owner, owner + n) for s in _slots(layout, r)]
        mine = set(_slots(layout, part.row)[part.start:part.start + part.count])
        out.append(" ".join(s for s, slot in zip(layout.cells[owner][c], slots) if slot in mine))
    return out


def build_matrix_pdf(path: Path, layout_name: str, rows: Sequence[TableRow], look: Look = Look(),
                     encrypt: str | None = None, headers: Sequence[str] | None = None,
                     body: int | None = None) -> Path:
    """Draw `rows` (cell texts in column order, SPANNED under a merged cell, Heading rows) as the
    matrix of `layout_name` into `path`; "\\n" in a cell text forces a line break. `headers` / `body`:
    another header row than the layout's (its columns in another order, or another layout's) and the
    index of its body column."""
    plan = lay_out(rows, layout_name, look, headers, body)
    # With /Rotate 90 reportlab itself stores the MediaBox turned (portrait) for a landscape size.
    canvas = Canvas(str(path), pagesize=look.page_size, encrypt=encrypt, invariant=1)
    pen = _Pen(canvas, look)
    for page in range(1, plan.pages + 1):
        pen.start_page()
        _draw_page(pen, plan, rows, page)
        canvas.showPage()
    canvas.save()
    return path


def build_text_pdf(path: Path, paragraphs: Iterable[str]) -> Path:
    """A page of plain text and no table."""
    canvas = Canvas(str(path), pagesize=(595, 842), invariant=1)
    canvas.setFont(_font(), 10)
    y = 800.0
    for p in paragraphs:
        canvas.drawString(50, y, p)
        y -= 14
    canvas.showPage()
    canvas.save()
    return path


# -- records -> table rows ----------------------------------------------------------------------

def _bodies_cell(rec: Record) -> str:
    if rec.bodies_raw:
        return rec.bodies_raw
    parts = []
    if rec.lead:
        parts.append("Lead: " + " and ".join(rec.lead))
    if rec.cooperating:
        parts.append("CSB: " + " and ".join(rec.cooperating))
    return "\n".join(parts)


def _provision_cell(rec: Record) -> str:
    return f"{rec.provision}. {rec.provision_text}" if rec.provision else rec.provision_text


def _item(rec: Record) -> str:
    return f"{rec.activity_ref} {rec.activity}" if rec.activity_ref else f"- {rec.activity}"


def records_to_rows(records: Sequence[Record], layout_name: str) -> list[TableRow]:
    """The table an office suite would print for these records, in their order.

    A pillar heading row where the pillar changes; the provision merged over the rows of one provision;
    May: one row per provision and body cell, each activity as a "- " item in its category's column;
    November: one row per activity, the area merged over its activities.
    """
    rows: list[TableRow] = []
    pillar = provision = area = None
    for rec in records:
        if rec.pillar != pillar:
            rows.append(Heading(PILLAR_HEADINGS[rec.pillar]))
            pillar, provision, area = rec.pillar, None, None
        new_provision = (rec.provision, rec.provision_text) != provision
        if layout_name == MAY_2016:
            key_cell = _bodies_cell(rec)
            column = 1 + ["Institutional Development", "Research Development", "Training/Capacity Building",
                          "Prevention"].index(rec.category)
            if not new_provision and isinstance(rows[-1], tuple) and rows[-1][5] == key_cell:
                cells = list(rows[-1])
                cells[column] = (cells[column] + "\n" if cells[column] else "") + _item(rec)
                rows[-1] = tuple(cells)
                continue
            cells = [SPANNED if not new_provision else _provision_cell(rec), "", "", "", "", key_cell]
            cells[column] = _item(rec)
        else:
            new_area = new_provision or rec.area != area
            cells = [
                SPANNED if not new_provision else _provision_cell(rec),
                SPANNED if not new_area else rec.area,
                _item(rec) if rec.activity else "",
                rec.expected_outputs,
                _bodies_cell(rec),
                rec.status,
            ]
            area = rec.area
        provision = (rec.provision, rec.provision_text)
        rows.append(tuple(cells))
    return rows
