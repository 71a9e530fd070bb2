"""The minutes of a draft comparison as a Word document: `<old>_vs_<new>.docx` under out/diff/.

The same summary as the Markdown (export/diff.py builds one `Minutes` and renders both), for
people who paste it into their own minutes: heading styles, real Word tables with a heading row
that repeats on each page, the short tables on a portrait page and the wide ones (per pillar,
pairs marked for review) on landscape pages. Written with python-docx; the same bytes on every
run: the document's dates, author and revision are fixed and the archive's entry times too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import _Row

from tipmatrix.export.fontmetrics import text_width
from tipmatrix.export.sheets import BREAKS
from tipmatrix.export.xlsx_bytes import FIXED_TIME, fixed_zip

TABLE_STYLE = "Light Grid Accent 1"
BODY_PT = 10
TABLE_PT = 9
A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.0)
# Word's default left and right cell margins (0.19 cm each), and a little for rounding
CELL_MARGINS_CM = 0.45
# The body font: Arial, as the workbooks (its widths are in export/fontmetrics.py, so a column
# can be made as wide as its longest word); python-docx's template would give Calibri
FONT = "Arial"


@dataclass(frozen=True)
class MinutesTable:
    """A table of the minutes under its own heading; `wide` tables go on a landscape page."""

    heading: str
    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]
    wide: bool = False
    note: str = ""  # a paragraph after the table
    empty: str = "None."  # what the document says in place of a table without rows
    widths: Sequence[float] = ()  # column widths in cm (default: equal shares of the page)


@dataclass(frozen=True)
class Minutes:
    """What the minutes say: a title, one summary paragraph, then tables."""

    title: str
    summary: str
    tables: Sequence[MinutesTable] = field(default_factory=tuple)


def _orient(section: Section, landscape: bool) -> None:
    short, long = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _repeat_header(row: _Row) -> None:
    """Mark a table row as the heading row Word repeats at the top of each page (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def word_cm(values: Sequence[object], bold: bool = False) -> float:
    """The width (cm) a column needs so that none of `values`' words is broken inside ("unchang ed"):
    its longest word in Arial at the table's size, and the cell's inner margins."""
    longest = max((text_width(w, TABLE_PT, bold) for v in values for w in BREAKS.split(str(v or ""))), default=0.0)
    return longest / 72 * 2.54 + CELL_MARGINS_CM


def fit_words(widths: Sequence[float], header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    """The column widths (cm), each raised to its longest word (the heading bold), the widened
    width taken from the other columns in proportion to what they have to spare: the same total."""
    need = [max(word_cm([h], bold=True), word_cm([r[i] for r in rows])) for i, h in enumerate(header)]
    raised = [max(w, n) for w, n in zip(widths, need)]
    extra = sum(raised) - sum(widths)
    spare = [r - n for r, n in zip(raised, need)]
    if extra <= 0 or sum(spare) <= 0:
        return raised
    give = min(extra / sum(spare), 1.0)
    return [round(r - s * give, 2) for r, s in zip(raised, spare)]


def _table(doc: DocxDocument, table: MinutesTable) -> None:
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = doc.styles[TABLE_STYLE]
    grid.autofit = not table.widths
    widths = fit_words(table.widths, table.header, table.rows) if table.widths else []
    for row, values in zip(grid.rows, [table.header, *table.rows]):
        for i, (cell, value) in enumerate(zip(row.cells, values)):
            run = cell.paragraphs[0].add_run("" if value is None else str(value))
            run.font.size = Pt(TABLE_PT)
            if widths:
                cell.width = Cm(widths[i])  # Word reads the cells' widths
    for column, width in zip(grid.columns, widths):
        column.width = Cm(width)  # LibreOffice reads the table's grid
    _repeat_header(grid.rows[0])


def minutes_document(minutes: Minutes) -> DocxDocument:
    """The python-docx Document of the minutes (portrait, with a landscape section per run of wide tables)."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    doc.styles["Normal"].font.name = FONT
    _orient(doc.sections[0], landscape=False)
    doc.add_heading(minutes.title, level=1)
    doc.add_paragraph(minutes.summary)
    landscape = False
    for table in minutes.tables:
        if table.wide != landscape:
            landscape = table.wide
            _orient(doc.add_section(WD_SECTION.NEW_PAGE), landscape)
        doc.add_heading(table.heading, level=2)
        if table.rows:
            _table(doc, table)
        else:
            doc.add_paragraph(table.empty)
        if table.note:
            doc.add_paragraph(table.note)
    return doc


def _fix_properties(doc: DocxDocument, title: str) -> None:
    """No time, user or revision of the machine that ran it: the same document every run."""
    properties = doc.core_properties
    properties.title = title
    properties.author = "tipmatrix"
    properties.last_modified_by = "tipmatrix"
    properties.revision = 1
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME
    properties.last_printed = FIXED_TIME


def render_minutes_docx(minutes: Minutes) -> bytes:
    """The minutes as .docx bytes, byte-identical for the same minutes."""
    doc = minutes_document(minutes)
    _fix_properties(doc, minutes.title)
    raw = io.BytesIO()
    doc.save(raw)
    return fixed_zip(raw.getvalue())
