"""The Word line of the bench (`make bench`): what it measures and prints, not how fast it is."""

from __future__ import annotations

from bench import run as bench
from bench.docx_bench import bare_python_docx, sample_docx
from tipmatrix.extract.docx_front import read_docx


def test_the_bench_matrix_reads_whole(tmp_path):
    path = sample_docx(tmp_path / "matrix.docx")
    reading = read_docx(path)
    assert [r.pillar for r in reading.rows if r.pillar] == ["A", "B", "C", "D"]
    assert sum(1 for r in reading.rows if not r.pillar) == 21 * 3
    assert [c.line for c in reading.coverage if c.status == "unassigned" and not c.text] == []
    assert bare_python_docx(path) > 0


def test_the_docx_line_reports_both_times_and_the_aim():
    figures = bench.time_docx(repeat=1)
    assert set(figures) == {"file", "rows", "read_docx_s", "python_docx_cells_s", "ratio"}
    lines = bench.docx_report(figures)
    assert lines[0].startswith("docx extraction ") and "bare python-docx cell.text" in lines[0]
    assert "aim < 1.5x" in lines[0]
    assert "(63 rows)" in lines[1]
