"""A generated matrix as a Word document (python-docx): landscape, title and prose paragraphs, a running
header and a "Page N of M" footer from fields, one table whose header row repeats on each page
(w:tblHeader), provision and area cells merged down their rows (w:vMerge), pillar headings as
full-width rows (w:gridSpan), the document's font, size, margins and column widths."""

from __future__ import annotations

from pathlib import Path

import office_matrix as om

from bench.pdf_builder import SPANNED, Heading, TableRow
from corpus.generate import WIDTH_SHARES, Spec


def _fields(paragraph, text: str) -> None:
    """`text` with "{page}" and "{pages}" written as PAGE and NUMPAGES fields."""
    for i, piece in enumerate(text.replace("{pages}", "\0NUMPAGES\0").replace("{page}", "\0PAGE\0").split("\0")):
        if i % 2:
            om._field(paragraph, piece)
        elif piece:
            paragraph.add_run(piece)


def _cell_text(text: str, word_lists: bool) -> str:
    """With `word_lists`, a "• " item is a Word "List Bullet" paragraph (om.AUTO_BULLET), its bullet not typed."""
    if not word_lists:
        return text
    return "\n".join(om.AUTO_BULLET + line[2:] if line.startswith("• ") else line for line in text.split("\n"))


def build_docx(path: Path, spec: Spec, rows: list[TableRow]) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    margin = Mm(round(spec.margin / 2.5))
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = spec.font, Pt(spec.size + 1)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    doc.styles["List Bullet"].paragraph_format.space_after = Pt(0)
    if spec.running_header:
        _fields(section.header.paragraphs[0], spec.running_header)
    if spec.footer:
        _fields(section.footer.paragraphs[0], spec.footer)
    doc.add_paragraph().add_run(spec.title).bold = True
    for paragraph in spec.prose:
        doc.add_paragraph(paragraph)
    doc.add_paragraph()

    usable = 297 - 2 * round(spec.margin / 2.5)
    shares = [WIDTH_SHARES[spec.assembler][c] * spec.width_jitter[c] for c in spec.order]
    widths = [Mm(usable * s / sum(shares)) for s in shares]
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))
    header = table.rows[0]
    om._set(header._tr.get_or_add_trPr(), "w:tblHeader")
    for cell, text, width in zip(header.cells, spec.headers(), widths):
        cell.width = width
        om._fill(cell, text, bold=True)
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        if isinstance(row, Heading):
            om._fill(cells[0].merge(cells[5]), row.text, bold=True)
            continue
        following = rows[i + 1] if i + 1 < len(rows) else None
        for j, (cell, value) in enumerate(zip(cells, row)):
            if value is SPANNED:
                om._tc_property(cell, "w:vMerge")
                continue
            if isinstance(following, tuple) and following[j] is SPANNED:
                om._tc_property(cell, "w:vMerge", val="restart")
            om._fill(cell, _cell_text(value, spec.word_lists))
    doc.save(str(path))
    return path
