"""The bench (`make bench`): what each function returns and what the report prints, not how fast it is."""

from __future__ import annotations

import pdfplumber

from bench import run as bench


def test_the_bench_pdf_has_sixteen_pages(tmp_path):
    with pdfplumber.open(bench.sample_pdf(tmp_path)) as pdf:
        assert len(pdf.pages) == 16


def test_run_returns_every_figure_and_the_report_labels_each(tmp_path):
    figures = bench.run(repeat=1, pdf_pages=3)
    assert set(figures) == {"regeneration", "export", "alignment", "pdf"}
    assert set(figures["regeneration"]) == {"regeneration_s", "import_s", "ratio", "one_process_s", "import_command",
                                            "command_s", "command_ratio"}
    assert set(figures["export"]) == {"export_s", "drafts"}
    assert set(figures["alignment"]) == {"align_s", "old", "new"}
    assert set(figures["pdf"]) == {"file", "pages", "read_pdf_s", "pdfplumber_extract_tables_s", "ratio"}
    assert figures["export"]["drafts"] == ["2016-05", "2016-11"]
    assert (figures["alignment"]["old"], figures["alignment"]["new"]) == ("2016-05", "2016-11")
    assert figures["regeneration"]["import_command"][1:] == ["-c", "import pandas, rapidfuzz, openpyxl, pdfplumber"]
    assert figures["pdf"]["pages"] == 3
    lines = bench.report(figures, repeat=1)
    labels = [line.split(" ", 1)[0] for line in lines[1:7]]
    assert labels == ["regeneration", "regeneration", "regeneration", "export", "alignment", "pdf"]
    assert "aim < 2x" in lines[1] and "aim < 2x" in lines[2] and "aim < 1.5x" in lines[6]
    assert lines[3].startswith("regeneration in one process ")
    assert any("interpreter start included" in line for line in lines)


def test_a_missed_aim_says_so():
    assert bench._aim(1.2, 2.0) == "ratio 1.20x (aim < 2x)"
    assert bench._aim(2.5, 2.0) == "ratio 2.50x (aim < 2x, MISSED)"
