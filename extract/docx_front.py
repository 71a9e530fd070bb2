"""A Word document of the matrix -> (layout, table rows, coverage of every cell paragraph).

The chain, in `read_docx`: the package's parts (`extract.docx_package`) -> the body's tables and
paragraphs in reading order, each paragraph read with its list label (`extract.docx_numbering`),
tracked changes accepted or rejected and comments kept apart (`extract.docx_paragraphs`)
-> table rows: header rows dropped (they tell the layout), a merged cell given once (a `w:tc` is one
cell, however many rows or grid columns it covers), full-width rows read as pillar headings, the
tables of a document split into several read as one -> `Row`s for the shared assembler.

Provenance: Word has no pages until it is laid out, so `page` is empty, and a cell's "lines" are the
number of its table row, counted through the document's tables from 1 (header rows included).
Pending changes and comments are returned beside the rows (`Note`) and become flags of the records
whose cells carry them (`annotate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from tipmatrix.errors import InputError
from tipmatrix.extract.docx_numbering import Numberer, Numbering
from tipmatrix.extract.docx_package import W, first_child, read_package
from tipmatrix.extract.docx_paragraphs import paragraph_mark_change, read_comments, read_paragraph
from tipmatrix.extract.header_text import detect_layout, header_template, is_header_line, pillar_of_heading
from tipmatrix.extract.labels import is_whole_title, pillar_heading
from tipmatrix.extract.layouts import categories, layout, layout_of_header, layouts
from tipmatrix.extract.rows import READ_DEFAULTS, Cell, Reading, ReadOptions, Row
from tipmatrix.model import CoverageLine, Record, flag

_W = f"{{{W}}}"
NS = {"w": W}
# tags of the body walk, spelt once (the walk compares them for every element of every cell)
P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                                                       "customXml"))
P_PR, TR_PR, TC_PR, GRID_SPAN, V_MERGE, GRID_BEFORE, TBL_HEADER, VAL = (
    f"{_W}{t}" for t in ("pPr", "trPr", "tcPr", "gridSpan", "vMerge", "gridBefore", "tblHeader", "val"))
WRAPPERS = (SDT, CUSTOM_XML)
# The document's first matrix table may carry a title in a row or two above its header row.
HEADER_SEARCH_ROWS = 3
# A header cell is short (the longest heading, November's areas column, has 88 characters): a body row
# that happens to quote two column headings is not taken for a header.
HEADER_CELL_MAX = 160
SECTION = re.compile(r"^\s*[IVX]+\.\s+\S")  # "IV. Action Plans": a document heading, never a record


def spanning() -> set[str]:
    """Columns whose merged cells span the rows of many records (extract/layouts.toml `merges`); other
    cells belong to their own row's records."""
    return {role for lay in layouts() for role in lay.merging}


def field_of_column(column: str) -> str:
    """Which record field holds the text of a cell of a column (extract/layouts.toml `field`), to tell
    whose cells carry a note."""
    return next((c.field for lay in layouts() for c in lay.columns if c.role == column), "activity")


# -- the body in reading order -------------------------------------------------------------------

@dataclass(frozen=True)
class Para:
    """A paragraph as read: its text (list label first) and the notes pending on it."""

    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableCell:
    grid: int  # first grid column it covers
    span: int  # grid columns it covers (w:gridSpan)
    merge: str  # "" | "restart" | "continue" (w:vMerge)
    paras: tuple[Para, ...]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.paras if p.text)


@dataclass(frozen=True)
class TableRow:
    number: int  # table row number through the document, from 1
    table: int  # which table (0..) it belongs to
    width: int  # grid columns of its table
    header: bool  # marked to repeat as a header row (w:tblHeader)
    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class Loose:
    """A paragraph outside every table (a title, a heading between tables, a note)."""

    after_row: int  # the number of the last table row before it (0 before the first table)
    tables_before: int
    para: Para


Block = TableRow | Loose


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """The element's children, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag in WRAPPERS:
            content = first_child(child, SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _children(content)
        else:
            yield child


@dataclass
class _BodyReader:
    original: bool
    numberer: Numberer
    comments: dict[str, str]
    rows: int = 0
    tables: int = 0
    blocks: list[Block] = field(default_factory=list)

    def para(self, p: etree._Element) -> Para:
        mark = paragraph_mark_change(p)
        label = self.numberer.label(first_child(p, P_PR))
        read = read_paragraph(p, self.original, label)
        notes = [flag("tracked-change", n) for n in read.change_notes()]
        if mark and not notes:
            notes.append(flag("tracked-change", f"paragraph {mark}"))
        notes += [flag("comment", self.comments[c]) for c in read.comment_ids if c in self.comments]
        return Para(read.text, tuple(notes))

    def cell_paras(self, tc: etree._Element) -> list[Para]:
        """Every paragraph of a cell, those of a table nested in it included (in reading order)."""
        out = []
        for child in _children(tc):
            if child.tag == P:
                out.append(self.para(child))
            elif child.tag == TBL:
                for tr in child.iter(TR):
                    for tc2 in tr.iter(TC):
                        out += [self.para(p) for p in tc2.iterchildren(P)]
        return out

    def row_dropped(self, tr: etree._Element) -> bool:
        """A row inserted (when reading the original) or deleted (when accepting) as a tracked change."""
        trpr = first_child(tr, TR_PR)
        if trpr is None:
            return False
        return first_child(trpr, f"{_W}ins" if self.original else f"{_W}del") is not None

    def row_note(self, tr: etree._Element) -> tuple[str, ...]:
        """The pending change of a row kept in this reading: inserted (accepting) or deleted (original)."""
        change = first_child(first_child(tr, TR_PR), f"{_W}del" if self.original else f"{_W}ins")
        if change is None:
            return ()
        verb = "deleted" if self.original else "inserted"
        return (flag("tracked-change", f"{change.get(f'{_W}author') or 'unknown author'} {verb} this table row"),)

    def table(self, tbl: etree._Element) -> None:
        width = len(tbl.findall("w:tblGrid/w:gridCol", NS))
        index = self.tables
        self.tables += 1
        for tr in (c for c in _children(tbl) if c.tag == TR):
            if self.row_dropped(tr):
                continue
            self.rows += 1
            trpr = first_child(tr, TR_PR)
            before = first_child(trpr, GRID_BEFORE)
            grid = int(before.get(VAL, "0")) if before is not None else 0
            note = self.row_note(tr)
            cells = []
            for tc in (c for c in _children(tr) if c.tag == TC):
                tcpr = first_child(tc, TC_PR)
                span_el = first_child(tcpr, GRID_SPAN)
                span = int(span_el.get(VAL, "1")) if span_el is not None else 1
                vmerge = first_child(tcpr, V_MERGE)
                merge = "" if vmerge is None else ("restart" if vmerge.get(VAL) == "restart" else "continue")
                paras = self.cell_paras(tc)
                if note:
                    paras = [replace(p, notes=p.notes + note) if p.text else p for p in paras]
                cells.append(TableCell(grid, span, merge, tuple(paras)))
                grid += span
            repeat = first_child(trpr, TBL_HEADER)
            header = repeat is not None and repeat.get(VAL, "true") not in ("0", "false", "off")
            self.blocks.append(TableRow(self.rows, index, max(width, grid), header, tuple(cells)))

    def body(self, body: etree._Element) -> list[Block]:
        for child in _children(body):
            if child.tag == P:
                self.blocks.append(Loose(self.rows, self.tables, self.para(child)))
            elif child.tag == TBL:
                self.table(child)
        return self.blocks


def read_blocks(path: Path, original: bool = False) -> list[Block]:
    """The document's tables (row by row) and loose paragraphs, in reading order."""
    package = read_package(path)
    body = package.document.find("w:body", NS)
    if body is None:
        raise InputError(path, "the Word document has no body; is it the matrix?")
    numberer = Numberer(Numbering.parse(package.numbering, package.styles))
    return _BodyReader(original, numberer, read_comments(package.comments)).body(body)


# -- the shared header recognition ---------------------------------------------------------------

def header_layout(texts: list[str]) -> str | None:
    """The layout whose column header these cell texts are, None when they are no header row.

    The front-end's one call into the shared header recognition: the layouts declared in
    extract/layouts.toml, cell by cell; a row whose cells are merged or split otherwise than the
    declaration is tried as the text renditions' header line is.
    """
    match = layout_of_header(list(texts))
    if match:
        return match.layout
    joined = " | ".join(t for t in texts if t)
    if not joined or not is_header_line(joined):
        return None
    try:
        return detect_layout([joined], "")
    except InputError:
        return None


# -- blocks -> rows ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Note:
    """A pending change or comment on one cell paragraph, to be given to the records using it."""

    row: int
    column: str
    text: str
    flag: str


@dataclass
class DocxReading(Reading):
    """A Word document's reading, with the tracked changes and comments pending on its cells."""

    notes: list[Note] = field(default_factory=list)

    def annotate(self, records: list[Record]) -> list[Record]:
        """Records with the changes and comments pending on their cells as flags."""
        return annotate(records, self.notes)


@dataclass
class _Columns:
    """Which layout column each grid column of a table is, learnt from a header row."""

    names: tuple[str, ...]
    bounds: list[tuple[int, int]]  # grid range of each header cell
    width: int

    def of(self, grid: int) -> str:
        for name, (a, b) in zip(self.names, self.bounds):
            if a <= grid < b:
                return name
        return self.names[-1]


def _columns(path: Path, row: TableRow, layout_id: str) -> _Columns:
    """The role of each header cell, found by its heading in whatever order the columns stand."""
    cells = [c for c in row.cells if c.merge != "continue"]
    names = header_template([c.text for c in cells], layout_id)
    if names is not None and (
        "clip" in names or len({n for n in names if n != "bullet"}) < len([n for n in names if n != "bullet"])
    ):
        # read by fragments, a cell that is no heading of the layout, or two cells of one column: refused,
        # naming them, rather than read into a column by a word they share with a heading
        refused = layout_of_header([c.text for c in cells])
        raise InputError(path, f"table row {row.number}: {refused.refusal()}")
    if names is None or len(names) != len(cells):
        lay = layout(layout_id)
        raise InputError(path, f"the header of table row {row.number} has {len(cells)} cells; expected the"
                               f" {len(lay.columns)} columns of the {lay.name} layout: "
                               f"{' | '.join(c.text for c in cells)!r}")
    return _Columns(tuple(names), [(c.grid, c.grid + c.span) for c in cells], row.width)


def _first_header(path: Path, blocks: list[Block]) -> tuple[str, int]:
    """The layout and the row number of the document's first matrix header row."""
    tables: dict[int, list[TableRow]] = {}
    for b in blocks:
        if isinstance(b, TableRow):
            tables.setdefault(b.table, []).append(b)
    if not tables:
        raise InputError(path, "no table in the document; the matrix is read from a Word table"
                               " (is this the matrix?)")
    for rows in tables.values():
        for row in rows[:HEADER_SEARCH_ROWS]:
            found = header_layout([c.text for c in row.cells])
            if found:
                return found, row.number
    first = tables[min(tables)][0]
    seen = " | ".join(c.text for c in first.cells)
    names = " or ".join(lay.name for lay in layouts())
    raise InputError(path, f"no table has the {names} matrix header (first table starts"
                           f" {seen[:200]!r}); is this the matrix?")


@dataclass
class _Builder:
    path: Path
    layout: str
    header_row: int
    rows: list[Row] = field(default_factory=list)
    coverage: list[CoverageLine] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    columns: _Columns | None = None

    def cover(self, line: int, status: str, paras: Iterable[Para], column: str = "") -> None:
        for p in paras:
            self.coverage.append(CoverageLine(line, "", status if p.text else "blank", p.text))
            for note in p.notes:
                if column:
                    self.notes.append(Note(line, column, p.text, note))

    def loose(self, b: Loose, last_row: int) -> None:
        text = b.para.text
        letter = pillar_of_heading(text) if text else ""
        if letter:
            self.rows.append(Row(cells=(Cell("pillar", text, (b.after_row, b.after_row)),), pillar=letter))
            self.cover(b.after_row, "pillar-heading", [b.para])
        elif b.after_row < self.header_row:
            self.cover(b.after_row, "header", [b.para])  # the title and anything above the matrix
        elif b.after_row >= last_row:
            self.cover(b.after_row, "footer", [b.para])
        else:
            self.cover(b.after_row, "unassigned", [b.para])  # text between tables the matrix does not hold

    def table_row(self, row: TableRow) -> None:
        texts = [c.text for c in row.cells]
        paras = [p for c in row.cells for p in c.paras]
        if row.number < self.header_row:
            self.cover(row.number, "header", paras)  # title rows above the header row
            return
        found = header_layout(texts) if any(texts) and max(map(len, texts)) <= HEADER_CELL_MAX else None
        if found is not None or row.header:
            if found is not None and found != self.layout:
                raise InputError(self.path, f"table row {row.number} has the header of another layout"
                                            f" ({layout(found).name}, earlier {layout(self.layout).name}):"
                                            " one matrix per file")
            if found is not None:
                self.columns = _columns(self.path, row, self.layout)
            self.cover(row.number, "header", paras)
            return
        if letter := pillar_letter(row):
            text = next(c.text for c in row.cells if c.text)
            self.rows.append(Row(cells=(Cell("pillar", text, (row.number, row.number)),), pillar=letter))
            self.cover(row.number, "pillar-heading", paras)
        elif _full_width(row) and SECTION.match(" ".join(texts)):
            self.cover(row.number, "header", paras)
        else:
            self.body_row(row)

    def body_row(self, row: TableRow) -> None:
        columns = self.columns
        if columns is None or columns.width != row.width:
            # a table split off without a header row of its own: its columns in order
            names = self.columns.names if self.columns is not None else layout(self.layout).roles
            columns = _Columns(names, [(i, i + 1) for i in range(len(names))], row.width)
            step = max(row.width / len(names), 1)
            columns.bounds = [(round(i * step), round((i + 1) * step)) for i in range(len(names))]
        cells = []
        for c in row.cells:
            column = columns.of(c.grid)
            self.cover(row.number, "unassigned", c.paras, column)
            if c.text:
                cells.append(Cell(column, c.text, (row.number, row.number)))
        full = len(row.cells) == 1 and row.cells[0].span >= row.width > 1
        if cells:
            cells = layout(self.layout).in_order(cells, columns.names)
            self.rows.append(Row(cells=tuple(cells), flags=("full-width-row",) if full else ()))


def _full_width(row: TableRow) -> bool:
    cells = [c for c in row.cells if c.merge != "continue"]
    return len(cells) == 1 and cells[0].span >= row.width > 1


def pillar_letter(row: TableRow) -> str:
    """"A".."D" for a pillar heading row: one full-width cell opening with a pillar title ("A. PREVENTION
    OF TIP", "PILLAR A: PREVENTION"), or a lone text cell in an ordinary row that holds the whole title
    ("B. Protection of Victims") or says "Pillar", so that a provision such as "D. Regional cooperation
    ..." alone in its row is no heading."""
    texts = [c.text for c in row.cells if c.text]
    if len(texts) != 1 or (heading := pillar_heading(texts[0])) is None:
        return ""
    return heading.pillar if _full_width(row) or is_whole_title(heading) else ""


def blocks_to_rows(path: Path, blocks: list[Block]) -> DocxReading:
    """Tables and loose paragraphs -> the layout, rows for the assembler, coverage and pending notes."""
    layout_id, header_row = _first_header(path, blocks)
    builder = _Builder(path, layout_id, header_row)
    last_row = max((b.number for b in blocks if isinstance(b, TableRow)), default=0)
    for b in blocks:
        if isinstance(b, Loose):
            builder.loose(b, last_row)
        else:
            builder.table_row(b)
    if not any(r.cells and not r.pillar for r in builder.rows):
        raise InputError(path, "the matrix table has no rows under its header (is the file truncated?)")
    return DocxReading(layout_id, builder.rows, builder.coverage, builder.notes)


def read_docx(path: Path, options: ReadOptions = READ_DEFAULTS) -> DocxReading:
    """A .docx of the matrix -> layout, rows, coverage of every cell paragraph, pending notes.

    `options.as_original`: read the text with every tracked change rejected instead of accepted.
    """
    return blocks_to_rows(path, read_blocks(path, options.as_original))


# -- notes -> record flags -----------------------------------------------------------------------

def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def carries(record: Record, note: Note) -> bool:
    """Whether the record's text holds the cell paragraph the note is on (or, for a paragraph whose
    text was all deleted, whether the record has text from that column)."""
    if note.row not in record.lines_used:
        return False
    first, last = record.source_lines
    if note.column not in spanning() and not first <= note.row <= last:
        return False  # a body or output cell of another row under the same merged area
    value = _words(getattr(record, field_of_column(note.column), "") or "")
    if note.column in categories() and record.category and record.category != note.column:
        return False
    text = _words(note.text)
    if not value:
        return False
    return not text or text in value or value in text


def annotate(records: list[Record], notes: list[Note]) -> list[Record]:
    """Each record flagged with the tracked changes and comments on the cell paragraphs it holds."""
    out = []
    for record in records:
        for note in notes:
            if carries(record, note):
                record = record.with_flag(note.flag)
        out.append(record)
    return out
