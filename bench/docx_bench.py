"""Time the Word front-end beside bare python-docx on the same file.

`bench_docx(path)` times `read_docx` (the whole front-end: package, numbering, changes, rows,
coverage) and python-docx reading every cell's text of every table (`cell.text` over `row.cells`,
what a new user writes), best of `repeat`, so the cost of our own steps shows as the ratio.
`sample_docx` writes a November-layout matrix of about 16 pages (as LibreOffice lays it out on
landscape A4) with python-docx: a repeated header row, provision and area cells merged down, two
"List Bullet" activities a row, and a body cell.
"""

from __future__ import annotations

from pathlib import Path

from bench.timing import best_of
from tipmatrix.extract.docx_front import read_docx

HEADER = ("Provisions of the ACTIP / Sections of APA",
          "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
          "Proposed Programme /Project / Activities for 2016 - 2020", "Expected Outputs",
          "Lead Sectoral Body/ Cooperating Sectoral Body", "Implementation Status")
PILLARS = ("A. Prevention of TIP", "B. Protection of Victims",
           "C. Law Enforcement and Prosecution of Crimes of Trafficking in Persons",
           "D. Regional and International Cooperation and Coordination")
WIDTHS_MM = (50, 52, 72, 26, 40, 25)
# provisions of three rows, spread over the four pillars: 16 pages of landscape A4 in LibreOffice 7.4 at 10 pt
PROVISIONS = 21


def bare_python_docx(path: Path) -> int:
    """Every cell's text of every table, as bare python-docx gives it (merged cells repeated)."""
    import docx

    chars = 0
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars



def bench_docx(path: Path, repeat: int = 3) -> dict:
    """Seconds for read_docx and for bare python-docx on every cell of `path`, and their ratio."""
    bare = best_of(lambda: bare_python_docx(path), repeat)
    ours = best_of(lambda: read_docx(path), repeat)
    rows = sum(1 for r in read_docx(path).rows if not r.pillar)
    return {"file": str(path), "rows": rows, "read_docx_s": ours, "python_docx_cells_s": bare, "ratio": ours / bare}


def _merge_down(cell, restart: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    el = OxmlElement("w:vMerge")
    if restart:
        el.set(qn("w:val"), "restart")
    tc_pr.append(el)


def sample_docx(path: Path, provisions: int = PROVISIONS) -> Path:
    """A November-layout Word matrix of `provisions` provisions of three rows, spread over four pillars."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    doc.styles["Normal"].font.size = Pt(10)
    section.left_margin = section.right_margin = Mm(15)
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), WIDTHS_MM):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text, width in zip(table.rows[0].cells, HEADER, WIDTHS_MM):
        cell.text, cell.width = text, Mm(width)
    for k, pillar in enumerate(PILLARS):
        heading = table.add_row().cells
        heading[0].merge(heading[5]).text = pillar
        for p in range(provisions // 4 + (k < provisions % 4)):
            for a in range(3):
                cells = table.add_row().cells
                for cell, width in zip(cells, WIDTHS_MM):
                    cell.width = Mm(width)
                if a == 0:
                    cells[0].text = (f"{'ABCDEFGHIJKL'[p % 12]}. Strengthen regional cooperation on provision {p}"
                                     " to prevent trafficking in persons")
                _merge_down(cells[0], restart=a == 0)
                if a != 2:  # the second area spans the provision's last two rows
                    cells[1].text = f"Area {p}.{a}: sharing of information and best practices"
                if a != 0:
                    _merge_down(cells[1], restart=a == 1)
                first = cells[2].paragraphs[0]
                for i in range(2):
                    paragraph = first if i == 0 else cells[2].add_paragraph()
                    paragraph.style = "List Bullet"
                    paragraph.add_run(f"Conduct a regional workshop number {p}.{a}.{i} on victim identification"
                                      " and referral, with the cooperating sectoral bodies")
                cells[4].text = "Lead: SOMTC"
                cells[4].add_paragraph("CSB: ACWC and SLOM")
    doc.save(str(path))
    return path
