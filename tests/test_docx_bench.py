"""The Word line of the bench (`make bench`): what it measures and prints, not how fast it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from shared_value import shared_value

from bench import docx_bench
from bench import run as bench
from bench.docx_bench import bare_python_docx, sample_docx
from tipmatrix.extract.docx_front import read_docx


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The bench's 16-page Word matrix, written once per run for both workers (shared_value; read only)."""
    return shared_value(tmp_path_factory, "docx-bench-sample", lambda folder: sample_docx(folder / "matrix.docx"))


def test_the_bench_matrix_reads_whole(sample):
    path = sample
    reading = read_docx(path)
    assert [r.pillar for r in reading.rows if r.pillar] == ["A", "B", "C", "D"]
    assert sum(1 for r in reading.rows if not r.pillar) == 21 * 3
    assert [c.line for c in reading.coverage if c.status == "unassigned" and not c.text] == []
    assert bare_python_docx(path) > 0


def test_the_docx_line_reports_both_times_and_the_aim(sample, monkeypatch):
    # time_docx writes its matrix with sample_docx into a folder of its own: here a copy of the module's
    written = []
    monkeypatch.setattr(docx_bench, "sample_docx", lambda path: written.append(path) or Path(shutil.copy(sample, path)))
    figures = bench.time_docx(repeat=1)
    assert set(figures) == {"file", "rows", "read_docx_s", "python_docx_cells_s", "ratio"}
    assert figures["file"] == str(written[0]) and not written[0].exists()  # the temporary folder is removed
    assert figures["rows"] == 21 * 3 and figures["read_docx_s"] > 0 and figures["python_docx_cells_s"] > 0
    assert figures["ratio"] == figures["read_docx_s"] / figures["python_docx_cells_s"]
    lines = bench.docx_report(figures)
    assert lines[0].startswith("docx extraction ") and "bare python-docx cell.text" in lines[0]
    assert "aim < 1.5x" in lines[0]
    assert "(63 rows)" in lines[1]
