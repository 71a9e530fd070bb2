"""The Word and PDF extraction lines of `make bench` (bench/extraction.py): what they measure and
print, not how fast it is."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench import extraction

OFFICE = Path(__file__).parent / "fixtures" / "office"
ONE_PAGE_PDF = Path(__file__).parent / "fixtures" / "corpus" / "doc-00008-may.pdf"


def test_each_line_names_the_documents_both_times_the_ratio_and_its_aim(tmp_path):
    """One Word document and a one-page PDF (a generated matrix of tests/fixtures/corpus), each timed once:
    what the lines say does not depend on the document, and the office-suite PDF took four times as long
    to read twice. The figures on every office-suite document: `make bench`."""
    for path in (OFFICE / "nov-2016-bodies.docx", ONE_PAGE_PDF):
        shutil.copy(path, tmp_path / path.name)
    word, pdf = extraction.time_word(1, tmp_path), extraction.time_pdf(1, tmp_path)
    for figures, name in ((word, "nov-2016-bodies.docx"), (pdf, ONE_PAGE_PDF.name)):
        assert figures["documents"] == 1 and figures["worst"] == name
        assert figures["extraction_s"] > 0 and figures["bare_s"] > 0
        assert figures["ratio"] == figures["worst_ratio"] == figures["extraction_s"] / figures["bare_s"]
    lines = extraction.report(word, pdf)
    assert lines[0].startswith("word extraction, 1 office-suite documents: ")
    assert "bare python-docx every cell" in lines[0] and "(aim <= 1.5x" in lines[0]
    assert lines[1].startswith("pdf extraction, 1 office-suite PDFs: ")
    assert "bare pdfplumber extract_tables" in lines[1] and "(aim <= 1.3x" in lines[1]
    assert lines[0].endswith("(nov-2016-bodies.docx)") and lines[1].endswith(f"({ONE_PAGE_PDF.name})")


def test_the_bench_reads_every_office_suite_document_of_the_tests_as_its_own_draft():
    assert [p.name for p in extraction.documents(".pdf")] == sorted(p.name for p in OFFICE.glob("*.pdf"))
    assert len(extraction.documents(".docx")) == len(list(OFFICE.glob("*.docx"))) >= 8
    assert {extraction.draft_of(p) for p in extraction.documents(".docx")} == {"2016-05", "2016-11", "2017-11"}


def test_a_missed_aim_says_so():
    assert extraction._aim(1.3, 1.3) == "ratio 1.30x (aim <= 1.3x)"
    assert extraction._aim(1.31, 1.3) == "ratio 1.31x (aim <= 1.3x, MISSED)"
