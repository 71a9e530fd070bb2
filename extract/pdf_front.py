"""A PDF of the matrix -> (layout, table rows, coverage of every text line).

The chain, in `read_pdf`: pages scanned once (`extract.pdf_pages`) -> words numbered into text lines
-> table cells with their words and layout columns (`_table_cells`) -> header, pillar and body rows
told apart (`scan_to_rows`; each header cell's column found by its heading, in whatever order the
columns stand) -> rows cut by a page break joined and merged cells carried across pages (`to_rows`)
-> coverage of each text line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from tipmatrix.errors import InputError
from tipmatrix.extract.furniture import outside_status, repeated_on_pages
from tipmatrix.extract.labels import is_whole_title, pillar_heading
from tipmatrix.extract.layouts import Layout, LayoutMatch, layout, layout_of_header
from tipmatrix.extract.pdf_pages import BBox, PageScan, Table, Word, scan_pdf
from tipmatrix.extract.rows import READ_DEFAULTS, Cell, Reading, ReadOptions, Row
from tipmatrix.model import CoverageLine, Record, flag
from tipmatrix.textfold import squash_spaces

# Words whose tops are this close (points) are one text line: a table row's cells share their tops.
LINE_TOLERANCE = 2.5
# The column that every row of the matrix fills; the rest of a cut row leaves it empty unless the
# page break cut the body cell too.
KEY_COLUMN = "bodies"
# A list label at the start of a cell ("a)", "a.1)", "(ii)", "b."): lower case, yet a new item.
LIST_LABEL = re.compile(r"^\(?(?:[a-z](?:\.\d{1,2})?|[ivx]{1,4})[.)]")
# A cell part ending so has ended its sentence; the next page's text does not carry it on.
SENTENCE_ENDS = (".", ";", ":", "!", "?")
# Marks before a pillar heading's label: a speck a scan read as "‘" before "A.".
SPECKS_BEFORE = re.compile(r"^[^\w(]+")
SECTION = re.compile(r"^\s*[IVX]+\.\s+\S")  # "IV. Action Plans": a document heading, never a record



# -- words -> text lines -------------------------------------------------------------------------

@dataclass(frozen=True)
class TextLine:
    number: int
    page: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def words_to_lines(pages: list[PageScan]) -> list[TextLine]:
    """Every page's words grouped into text lines, numbered 1.. through the document, top to bottom."""
    lines: list[TextLine] = []
    for page in pages:
        group: list[Word] = []
        for word in sorted(page.words, key=lambda w: (w.top, w.x0)):
            if group and word.top - group[0].top > LINE_TOLERANCE:
                lines.append(TextLine(len(lines) + 1, page.number, tuple(sorted(group, key=lambda w: w.x0))))
                group = []
            group.append(word)
        if group:
            lines.append(TextLine(len(lines) + 1, page.number, tuple(sorted(group, key=lambda w: w.x0))))
    return lines


# -- table cells -> grid rows --------------------------------------------------------------------

@dataclass(frozen=True)
class GridCell:
    """One cell as printed on one page: its layout column index, text, text lines and box."""

    column: int
    text: str
    lines: tuple[int, ...]
    bbox: BBox
    full_width: bool = False


@dataclass(frozen=True)
class GridRow:
    page: int
    cells: tuple[GridCell, ...]  # only the cells that start in this row; merged-over positions are absent
    lines: tuple[int, ...]  # text lines of all its cells

    def cell(self, column: int) -> GridCell | None:
        return next((c for c in self.cells if c.column == column), None)


def _word_sort_key(word: Word, line: int) -> tuple:
    """Reading order inside a cell: lines, then left to right; rotated text by its own direction."""
    if word.reading == "btt":
        return (1, round(word.x0 / 2), -word.bottom)
    if word.reading == "ttb":
        return (1, -round(word.x0 / 2), word.top)
    return (0, line, word.x0)


def join_cell_lines(lines: list[str]) -> str:
    """A cell's text lines as one string: whitespace folded, a word broken at a line-end hyphen joined.

    A soft hyphen is dropped ("preven\\u00ad|tion" -> "prevention"); a printed hyphen is kept, since
    office suites break lines only at real hyphens ("gender-|sensitive" -> "gender-sensitive",
    "2016-|2020" -> "2016-2020"). A hyphen between a number and a word may have had a space after
    it ("JULY 30-| Celebration"), so the space stays there.
    """
    out = ""
    for line in (squash_spaces(s) for s in lines):
        if not line:
            continue
        if out.endswith("\u00ad") and line[0].isalpha():
            out = out[:-1] + line
        elif len(out) > 1 and out.endswith("-") and _same_kind(out[-2], line[0]):
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out.replace("\u00ad", "")


def _same_kind(before: str, after: str) -> bool:
    return (before.isalpha() and after.isalpha()) or (before.isdigit() and after.isdigit())


def _cell_text(words: list[tuple[Word, int]]) -> str:
    ordered = sorted(words, key=lambda wl: _word_sort_key(*wl))
    lines: list[list[str]] = []
    last = None
    for word, line in ordered:
        marker = line if word.upright else (word.reading, round(word.x0 / 2))
        if marker != last:
            lines.append([])
            last = marker
        lines[-1].append(word.text)
    return join_cell_lines([" ".join(ws) for ws in lines])


def _columns_of(bbox: BBox, columns: list[tuple[float, float]]) -> list[int]:
    """The layout columns a cell box covers (more than half of the column's width)."""
    out = []
    for j, (a, b) in enumerate(columns):
        overlap = min(bbox[2], b) - max(bbox[0], a)
        if overlap > 0.5 * (b - a):
            out.append(j)
    return out


@dataclass
class _Words:
    """The words of one page with their text line numbers, and which of them a table cell took."""

    items: list[tuple[Word, int]]
    taken: dict[int, str] = field(default_factory=dict)  # index in items -> "cell" | "header" | ...
    # each word's centre, computed once, and the words ordered by the centre's height: every cell of
    # the page is looked up among the words of its own band, not among all the page's words
    centers: list[tuple[float, float]] = field(init=False, repr=False)
    _by_y: list[int] = field(init=False, repr=False)
    _ys: list[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.centers = [w.center for w, _ in self.items]
        self._by_y = sorted(range(len(self.centers)), key=lambda i: self.centers[i][1])
        self._ys = [self.centers[i][1] for i in self._by_y]

    def _inside(self, bbox: BBox) -> list[int]:
        """Indices of the words not yet taken whose centre is in `bbox`, in page order."""
        x0, top, x1, bottom = bbox
        band = self._by_y[bisect_left(self._ys, top):bisect_right(self._ys, bottom)]
        return sorted(i for i in band if x0 <= self.centers[i][0] <= x1 and i not in self.taken)

    def peek(self, bbox: BBox) -> list[tuple[Word, int]]:
        return [self.items[i] for i in self._inside(bbox)]

    def take(self, bbox: BBox, status: str) -> list[tuple[Word, int]]:
        found = self._inside(bbox)
        for i in found:
            self.taken[i] = status
        return [self.items[i] for i in found]


def _table_cells(table: Table, columns: list[tuple[float, float]], words: _Words, page: int) -> list[GridRow]:
    """One pdfplumber table (rows of cell boxes) -> grid rows of cells with text and layout columns."""
    out = []
    for boxes in table:
        cells = []
        for bbox in boxes:
            if bbox is None:
                continue
            covered = _columns_of(bbox, columns)
            taken = words.take(bbox, "cell")
            if not covered:
                continue
            cells.append(GridCell(covered[0], _cell_text(taken), tuple(sorted({ln for _, ln in taken})),
                                  cast(BBox, tuple(round(v, 2) for v in bbox)), len(covered) == len(columns)))
        out.append(GridRow(page, tuple(cells), tuple(sorted({ln for c in cells for ln in c.lines}))))
    return out


def _header_layout(texts: list[str]) -> str | None:
    """The layout whose header row these cell texts are (extract/layouts.toml), None if none."""
    return layout_of_header(texts).layout or None


def pillar_of(row: GridRow) -> str:
    """The pillar letter of a heading row: one cell reading "A. Prevention ..." (in any style the
    family prints: extract/labels.py).

    A full-width merged cell needs only the title's first word ("A. PREVENTION OF TIP"); a lone cell
    in an ordinary row must carry the whole title (short form "TIP" allowed) or say "Pillar", so that
    a provision such as "D. Regional cooperation ..." alone in its row is not taken for a heading.
    """
    texts = [c for c in row.cells if c.text]
    if len(texts) != 1:
        return ""
    heading = pillar_heading(SPECKS_BEFORE.sub("", texts[0].text))
    if heading is None:
        return ""
    return heading.pillar if texts[0].full_width or is_whole_title(heading) else ""


@dataclass(frozen=True)
class Scanned:
    """The document as grid rows with their kind, and the status of each word-bearing text line.
    `roles`: the role of each column index, as the first header prints its columns."""

    layout: str
    rows: tuple[tuple[str, GridRow], ...]  # (kind, row): kind is body | pillar | section | header
    line_status: dict[int, str]
    roles: tuple[str, ...] = ()


def _row_kind(row: GridRow) -> str:
    if pillar_of(row):
        return "pillar"
    texts = [c for c in row.cells if c.text]
    if len(texts) == 1 and texts[0].full_width and SECTION.match(texts[0].text):
        return "section"
    return "body"


def _header(path: Path, texts: list[str], layout_id: str | None, page: int) -> LayoutMatch | None:
    """The header these first-row cell texts are (layout and roles), None if they are a body row.

    The document's first table must start with a known header; a later one with another
    layout's header means two matrices in one file.
    """
    match = layout_of_header(texts)
    if layout_id is None and not match:
        raise InputError(path, f"{match.refusal()} (page {page})")
    if layout_id is not None and match and match.layout != layout_id:
        raise InputError(path, f"page {page} has the {layout(match.layout).name} header, earlier pages the"
                               f" {layout(layout_id).name} one: one matrix per file")
    return match if match else None


# The document's first table may carry a title in a row or two above its header row.
HEADER_SEARCH_ROWS = 3


def _header_row_index(table: Table, words: _Words) -> int:
    """Which of the first table's first rows is the header row (0 when none is: then row 0 is
    reported as the unrecognised header)."""
    for i, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        texts = [_cell_text(words.peek(b)) for b in row if b is not None]
        if _header_layout(texts) is not None:
            return i
    return 0


def scan_to_rows(path: Path, pages: list[PageScan], lines: list[TextLine]) -> Scanned:
    """Pages -> the layout (from the first table's header row) and every table row with its kind.

    Words outside the tables are page headers (above the first table on a page) or footers (below
    the last one); the header row repeated on each page is recognised and dropped.
    """
    line_of = {}
    for line in lines:
        for w in line.words:
            line_of[id(w)] = line.number
    layout_id: str | None = None
    roles: tuple[str, ...] = ()
    columns: list[tuple[float, float]] | None = None
    kinds: list[tuple[str, GridRow]] = []
    status: dict[int, str] = {}
    outside: dict[int, bool] = {}  # text line outside the tables -> above them
    for page in pages:
        words = _Words([(w, line_of[id(w)]) for w in page.words])
        page_rows: list[tuple[str, GridRow]] = []
        for table in page.tables:
            at = _header_row_index(table, words) if layout_id is None else 0
            first = [b for b in table[at] if b is not None]
            found = _header(path, [_cell_text(words.peek(b)) for b in first], layout_id, page.number)
            if found is not None:
                # columns by position, named by the header's roles; a later page prints the first's order
                layout_id, roles = found.layout, roles or found.roles
                columns = [(b[0], b[2]) for b in first]
            assert columns is not None  # set with the layout, from the first table's header row
            grid = _table_cells(table, columns, words, page.number)
            if found is not None:
                # a title printed in rows above the first header row is page furniture, like the header
                page_rows.extend(("section", r) for r in grid[:at])
                page_rows.append(("header", grid[at]))
                grid = grid[at + 1 :]
            page_rows.extend((_row_kind(r), r) for r in grid)
        kinds.extend(page_rows)
        for kind, row in page_rows:
            for ln in row.lines:
                status[ln] = {"pillar": "pillar-heading", "section": "header", "header": "header"}.get(kind, "")
        outside.update(_outside(words, page, status))
    if layout_id is None:
        raise InputError(path, f"no table found on any of its {len(pages)} page(s); is this the matrix?")
    text_of = {line.number: line for line in lines}
    repeated = repeated_on_pages((text_of[n].page, text_of[n].text) for n in outside)
    for n, above in outside.items():
        status[n] = outside_status(text_of[n].text, above, repeated)
    return Scanned(layout_id, tuple(kinds), status, roles)


def _outside(words: _Words, page: PageScan, status: dict[int, str]) -> dict[int, bool]:
    """Lines of words outside every table, each with whether it stands above the page's tables
    (running header, title, introduction) rather than below them (running footer, closing prose).
    A page without a table is all prose, as above; a word beside a table, between its top and
    bottom, is left out: it stays unassigned, so nothing inside the table is dropped unseen."""
    boxes = [b for t in page.tables for r in t for b in r if b is not None]
    top = min((b[1] for b in boxes), default=None)
    bottom = max((b[3] for b in boxes), default=None)
    out: dict[int, bool] = {}
    for i, (word, line) in enumerate(words.items):
        if i in words.taken or line in status or line in out:
            continue
        y = word.center[1]
        if top is None or bottom is None or y < top:
            out[line] = True
        elif y > bottom:
            out[line] = False
    return out


# -- grid rows -> rows: cut rows joined, merged cells carried ------------------------------------

Parts = list[tuple[GridCell, int]]  # a cell as printed: one part per page, with its page number


@dataclass
class _OpenRow:
    """A row being built: for each column index, the parts of its cell."""

    cells: dict[int, Parts] = field(default_factory=dict)
    pillar: str = ""
    flags: tuple[str, ...] = ()


def _has_text(parts: Parts) -> bool:
    return any(p.text for p, _ in parts)


def carries_on(text: str, above: str) -> bool:
    """Whether `text` goes on with the sentence `above` left open: it starts with a lower-case word
    (not a list label such as "a)" or "a.1)") and `above` does not end a sentence."""
    return (text[:1].islower() and not LIST_LABEL.match(text)
            and not above.rstrip().endswith(SENTENCE_ENDS))


def continues_row(row: GridRow, owners: dict[int, Parts], key: int, span_columns: set[int]) -> bool:
    """Whether the first row on a page is the rest of the row the page break cut.

    A cut row's rest has text only in columns where the cut row (or the merged cell covering it)
    already had text. Then either its body column is empty (every new row fills it, and a short body
    cell fits in the first part), or one of its own cells carries on a sentence the page break cut
    ("... shelters and service" | "providers for victims ..."), which happens when the body cell was
    cut too. A merged provision or area cell is left out of that test: its text flows onto the new
    page beside new rows as well. A new row without bodies at the top of a page is therefore joined
    to the row above: the PDF carries no other sign of a cut.
    """
    texts = [c for c in row.cells if c.text]
    if not texts or not all(c.column in owners and _has_text(owners[c.column]) for c in texts):
        return False
    key_cell = row.cell(key)
    own = [c for c in texts if c.column not in span_columns]
    if key_cell is None or not key_cell.text:
        # an empty body cell: the rest of the cut row, unless a merged provision or area cell starts
        # here (text that does not flow on from the page before): a new row that prints no body
        starts = [c for c in texts if c.column in span_columns]
        return not starts or any(c.text[:1].islower() for c in starts)
    return any(carries_on(c.text, owners[c.column][-1][0].text) for c in own)


def append_part(parts: Parts, part: GridCell, page: int) -> None:
    """Add a cell's part on a later page; a word cut at the page break is joined to its start."""
    if parts and parts[-1][0].text and part.text:
        prev, prev_page = parts[-1]
        joined = join_cell_lines([prev.text, part.text])
        if joined != f"{prev.text} {part.text}":
            head, _, rest = part.text.partition(" ")
            parts[-1] = (replace(prev, text=prev.text.rstrip("\u00ad") + head), prev_page)
            part = replace(part, text=rest)
    parts.append((part, page))


def to_rows(scanned: Scanned) -> list[Row]:
    """Grid rows -> Rows: headers dropped, pillar headings as Row(pillar=...), a row cut by a page
    break joined to its start, a merged cell's text given once, on the row where it starts (merged
    cells restart on a new page, empty or with the rest of their text: that text goes to the start)."""
    names = scanned.roles or layout(scanned.layout).roles
    key = names.index(KEY_COLUMN)
    span_columns = {names.index(c) for c in layout(scanned.layout).merging if c in names}
    rows: list[_OpenRow] = []
    owners: dict[int, Parts] = {}  # column -> the parts of the cell that covers it now
    page = None
    first_on_page = False
    for kind, grow in scanned.rows:
        if grow.page != page:
            page, first_on_page = grow.page, True
        if kind in ("header", "section"):
            continue
        if kind == "pillar":
            rows.append(_OpenRow({-1: [(c, grow.page) for c in grow.cells if c.text]}, pillar_of(grow)))
            owners, first_on_page = {}, False
            continue
        if first_on_page and continues_row(grow, owners, key, span_columns):
            for c in grow.cells:
                if c.text:
                    append_part(owners[c.column], c, grow.page)
            first_on_page = False
            continue
        row = _OpenRow(flags=(flag("full-width-row"),) if any(c.full_width for c in grow.cells) else ())
        for c in grow.cells:
            if (first_on_page and c.column in span_columns and c.column in owners
                    and c.text[:1].islower()):
                append_part(owners[c.column], c, grow.page)
                continue
            row.cells[c.column] = [(c, grow.page)]
            owners[c.column] = row.cells[c.column]
        rows.append(row)
        first_on_page = False
    lay = layout(scanned.layout)
    return [r for r in (_freeze(r, names, lay) for r in rows) if r.cells or r.pillar]


def _freeze(row: _OpenRow, names: tuple[str, ...], lay: Layout) -> Row:
    """An open row as a Row, its cells in the layout's declared column order (whatever order printed them)."""
    cells = [
        Cell(names[col] if col >= 0 else "pillar", part.text, (min(part.lines), max(part.lines)), str(page), part.bbox)
        for col in sorted(row.cells) for part, page in row.cells[col] if part.text
    ]
    return Row(
        cells=tuple(lay.in_order(cells, names)),
        pillar=row.pillar,
        flags=row.flags,
    )


# -- coverage ------------------------------------------------------------------------------------

def to_coverage(lines: list[TextLine], status: dict[int, str]) -> list[CoverageLine]:
    """One CoverageLine per text line: its boilerplate kind, else "unassigned" (records claim it later)."""
    return [CoverageLine(line.number, str(line.page), status.get(line.number) or "unassigned", line.text)
            for line in lines]


def read_pdf(path: Path, options: ReadOptions = READ_DEFAULTS) -> Reading:
    """A PDF of the matrix -> its reading: layout, table rows, coverage of every text line (pages that hold
    only a scan are read by OCR: extract/pdf_pages.py)."""
    return read_pages(path, scan_pdf(path))


@dataclass
class ScanReading(Reading):
    """A reading some of whose pages were read by OCR: the words read with low confidence, which flag
    the records holding them (`ocr-uncertain`)."""

    doubtful: list[tuple[int, str, float, str]] = field(default_factory=list)

    def annotate(self, records: list[Record]) -> list[Record]:
        from tipmatrix.extract.ocr_words import flag_uncertain  # only a scan has doubtful words

        return flag_uncertain(records, self.doubtful) if self.doubtful else records


def read_pages(path: Path, pages: list[PageScan]) -> Reading:
    """Scanned pages (of a PDF, or page images read by OCR) -> the reading (layout, table rows, coverage of
    every text line; specks an OCR page set apart follow the text lines as `speck` lines)."""
    lines = words_to_lines(pages)
    scanned = scan_to_rows(path, pages, lines)
    rows = to_rows(scanned)
    if not any(r.cells and not r.pillar for r in rows):
        raise InputError(path, "the matrix table has no rows under its header (is the file truncated?)")
    specks = [replace(p, words=getattr(p, "specks", ()), tables=()) for p in pages if getattr(p, "specks", ())]
    speck_lines = [replace(ln, number=len(lines) + ln.number) for ln in words_to_lines(specks)]
    status = {**scanned.line_status, **{ln.number: "speck" for ln in speck_lines}}
    coverage = to_coverage(lines + speck_lines, status)
    if not any(hasattr(p, "uncertain") for p in pages):
        return Reading(scanned.layout, rows, coverage)
    from tipmatrix.extract.ocr_words import uncertain_words  # only for pages read by OCR

    return ScanReading(scanned.layout, rows, coverage, uncertain_words(pages))
