"""bench/same_workbooks.py finds what a rapporteur would see change, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from bench.same_workbooks import main


def book(folder: Path, bold: bool = False, height: float = 24.5) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Provision"
    ws["A1"].font = Font(name="Arial", b=bold)
    ws.merge_cells("A2:B2")
    ws.row_dimensions[1].height = height
    folder.mkdir()
    wb.save(folder / "book.xlsx")


def test_the_same_workbook_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book(tmp_path / "a")
    book(tmp_path / "b")
    assert main([str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    assert capsys.readouterr().out == "1 workbooks compared, 0 differences\n"


def test_a_font_and_a_height_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book(tmp_path / "a")
    book(tmp_path / "b", bold=True, height=30)
    assert main([str(tmp_path / "a"), str(tmp_path / "b")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0].split("] ")[1] for line in lines[:-1]] == ["A1", "rows"]
    assert lines[-1] == "1 workbooks compared, 2 differences"
