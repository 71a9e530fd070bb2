"""`make print-check` without LibreOffice: pages told apart by their page header, glyphs measured
without the header and footer, the small ones reported, and a machine without soffice skipped."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from bench import print_check

HEADERS = {"Draft 2016-05 | Pillar A: Prevention": "Pillar A", "Draft 2016-05 | Matrix": "Matrix",
           "Draft 2016-05 | Pillar A: Prevention & more": "Pillar A2"}


def build_pdf(path, pages: list[tuple[str, float, int]]) -> None:
    """Landscape A4 pages: a 10 pt page header, `lines` lines of body text at `size`, a footer."""
    width, height = landscape(A4)
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    for n, (header, size, lines) in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 10)
        pdf.drawCentredString(width / 2, height - 25, header)
        pdf.setFont("Helvetica", size)
        for i in range(lines):
            pdf.drawString(40, height - 70 - i * (size + 4), f"Body line {i} of the sheet")
        pdf.setFont("Helvetica", 10)
        pdf.drawCentredString(width / 2, 20, f"Page {n} of {len(pages)}")
        pdf.showPage()
    pdf.save()


def test_pages_go_to_the_sheet_whose_header_they_print_and_glyphs_exclude_header_and_footer(tmp_path):
    pdf = tmp_path / "book.pdf"
    build_pdf(pdf, [
        ("Draft 2016-05 | Matrix", 11, 20),
        ("Draft 2016-05 | Matrix", 11, 5),
        ("Draft 2016-05 | Pillar A: Prevention & more", 6, 30),
        ("Unknown header", 9, 3),
    ])
    results = print_check.measure(pdf, HEADERS, "book.xlsx")
    assert [(r.sheet, r.pages, r.median_pt) for r in results] == [
        ("Matrix", 2, 11.0), ("Pillar A2", 1, 6.0), ("?", 1, 9.0)]


def test_the_header_may_share_its_line_with_the_clipped_rest_of_a_merged_cell():
    assert print_check.sheet_of(["B. In line with Article 14, Draft 2016-05 | Matrix"], HEADERS) == "Matrix"
    assert print_check.sheet_of(["Draft 2016-05 | Pillar A: Prevention & more"], HEADERS) == "Pillar A2"
    assert print_check.sheet_of(["Page 3 of 9"], HEADERS) == "?"


def test_without_libreoffice_the_check_is_skipped_and_says_why(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(print_check.shutil, "which", lambda name: None)
    assert print_check.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        "print-check: skipped, LibreOffice (soffice) is not installed; it renders the workbooks to PDF\n")
