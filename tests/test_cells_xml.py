"""export/cells_xml.py writes the bytes openpyxl's own writer writes, faster."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

from tipmatrix.export.cells_xml import CellsExcelWriter, CellsWriter, xml_text
from tipmatrix.export.xlsx_bytes import FIXED_TIME

RED = InlineFont(rFont="Arial", sz=10, strike=True, color="FFC00000")


def parts(wb: Workbook, writer: type[ExcelWriter]) -> dict[str, bytes]:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        writer(wb, archive).write_data()
    with zipfile.ZipFile(raw) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def text(ws, row: int, column: int, value: str) -> None:  # type: ignore[no-untyped-def]
    cell = ws.cell(row=row, column=column, value=value)
    cell.data_type = "s"


def sample() -> Workbook:
    """A workbook with every kind of cell our sheets write, and the kinds left to openpyxl (dated as the
    build dates its workbooks: two samples made a second apart must not differ in docProps/core.xml)."""
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    plain = ["a & b < c > d", "line\nbreak\ttab", "carriage\rreturn", " leading space", "trailing ", "   ",
             "é — • “quoted” 😀", "=not a formula", "'quote\"", ""]
    for col, value in enumerate(plain, start=1):
        text(ws, 1, col, value)
    ws.cell(row=2, column=1, value=3)
    ws.cell(row=2, column=2, value=61.25)
    ws.cell(row=2, column=3, value=0.1 + 0.2)
    ws.cell(row=2, column=4).fill = PatternFill("solid", fgColor="FFF2CC")  # empty, styled
    ws.cell(row=2, column=5, value=True)  # a boolean: openpyxl's
    ws.cell(row=3, column=2, value=CellRichText(["kept ", TextBlock(RED, "struck"), "   ", TextBlock(RED, " x ")]))
    ws.cell(row=3, column=3, value=CellRichText([]))
    ws.cell(row=4, column=1, value="commented").comment = Comment("a note", "tipmatrix")
    ws.cell(row=5, column=1, value="link").hyperlink = "https://example.org/"
    ws.cell(row=6, column=1, value=dt.date(2016, 11, 30))
    ws.cell(row=7, column=1, value="=1+1")  # a formula, as openpyxl makes one
    for col in range(1, 4):
        cell = ws.cell(row=8, column=col, value=f"styled {col}")
        cell.font = Font(name="Arial", b=col == 2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[8].height = 24.5
    ws.row_dimensions[10].height = 13  # a row with a height and no cells
    ws.merge_cells("A12:C12")
    ws["A12"] = "merged"
    second = wb.create_sheet("Second")
    text(second, 1, 1, "another sheet")
    return wb


def test_the_same_bytes_as_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    left: list[int] = []  # the rows left to openpyxl's writer
    openpyxl_row = CellsWriter._openpyxl_row
    monkeypatch.setattr(CellsWriter, "_openpyxl_row", lambda self, r, row: left.append(r) or openpyxl_row(self, r, row))
    ours, theirs = parts(sample(), CellsExcelWriter), parts(sample(), ExcelWriter)
    assert left == [2, 4, 5, 6, 7, 12]  # a boolean, a comment, a link, a date, a formula, merged cells
    assert ours.keys() == theirs.keys()
    for name in theirs:
        assert ours[name] == theirs[name], name
    assert b"<c r=\"A4\" t=\"inlineStr\"><is><t>commented</t></is></c>" in ours["xl/worksheets/sheet1.xml"]
    assert "xl/comments/comment1.xml" in ours


@pytest.mark.parametrize(("value", "expected"), [
    ("a & b", "a &amp; b"), ("<x>", "&lt;x&gt;"), ("a\rb", "a&#13;b"), ("—", "&#8212;"), ("😀", "&#128512;"),
    ("plain \"quoted\" 'text'\n", "plain \"quoted\" 'text'\n"),
])
def test_text_escaped_as_lxml_escapes_it(value: str, expected: str) -> None:
    assert xml_text(value) == expected
