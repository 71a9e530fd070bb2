"""A generated matrix as a Word document (python-docx): landscape, title and prose paragraphs, a running
header and a "Page N of M" footer from fields, one table whose header row repeats on each page
(w:tblHeader), provision and area cells merged down their rows (w:vMerge), pillar headings as
full-width rows (w:gridSpan), the document's font, size, margins and column widths."""

from __future__ import annotations

from pathlib import Path

from bench.pdf_builder import SPANNED, Heading, TableRow
from corpus.generate import WIDTH_SHARES, Spec


def _element(parent, tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    parent.append(el)
    return el


def _fields(paragraph, text: str) -> None:
    """`text` with "{page}" and "{pages}" written as PAGE and NUMPAGES fields."""
    rest = text
    while rest:
        at = min((i for i in (rest.find("{page}"), rest.find("{pages}")) if i >= 0), default=-1)
        if at < 0:
            paragraph.add_run(rest)
            return
        if at:
            paragraph.add_run(rest[:at])
        name = "NUMPAGES" if rest.startswith("{pages}", at) else "PAGE"
        _element(paragraph.add_run()._r, "w:fldChar", fldCharType="begin")
        instr = _element(paragraph.add_run()._r, "w:instrText")
        instr.text = f" {name} "
        _element(paragraph.add_run()._r, "w:fldChar", fldCharType="separate")
        paragraph.add_run("1")
        _element(paragraph.add_run()._r, "w:fldChar", fldCharType="end")
        rest = rest[at + len("{pages}" if name == "NUMPAGES" else "{page}"):]


def _fill(cell, text: str, bold: bool = False, word_lists: bool = False) -> None:
    """One paragraph per line; with `word_lists` a "• " item is a "List Bullet" paragraph without the typed bullet."""
    for i, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if word_lists and line.startswith("• "):
            paragraph.style = "List Bullet"
            line = line[2:]
        paragraph.add_run(line).bold = bold


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
    _element(header._tr.get_or_add_trPr(), "w:tblHeader")
    for cell, text, width in zip(header.cells, spec.headers(), widths):
        cell.width = width
        _fill(cell, text, bold=True)
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        if isinstance(row, Heading):
            _fill(cells[0].merge(cells[5]), row.text, bold=True)
            continue
        following = rows[i + 1] if i + 1 < len(rows) else None
        for j, (cell, value) in enumerate(zip(cells, row)):
            if value is SPANNED:
                _element(cell._tc.get_or_add_tcPr(), "w:vMerge")
                continue
            if isinstance(following, tuple) and following[j] is SPANNED:
                _element(cell._tc.get_or_add_tcPr(), "w:vMerge", val="restart")
            _fill(cell, value, word_lists=spec.word_lists)
    doc.save(str(path))
    return path
