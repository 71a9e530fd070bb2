"""Headings in words on every sheet, names for machines in the CSVs: no snake_case heading anywhere."""

from __future__ import annotations

import io
import re

import pytest
from export_helpers import DRAFTS, csv_rows, open_xlsx, real_diff_files, real_pillar_files, real_workbook

from tipmatrix.export.headings import title
from tipmatrix.model import COLUMNS

SNAKE = re.compile(r"[a-z0-9]_[a-z0-9]")


@pytest.fixture(scope="module")
def workbooks():
    """Every workbook a build writes from the real sources, by name."""
    files = {}
    for draft in DRAFTS:
        files[f"{draft}-matrix.xlsx"] = real_workbook(draft)
        files.update({f"{draft}/{k}": v for k, v in real_pillar_files(draft).items()})
    files.update(real_diff_files())
    return files


def headings(ws) -> list[str]:
    """The heading cells of a sheet: its first row, and every bold cell (the Summary's tables)."""
    cells = [c for c in ws[1] if isinstance(c.value, str)]
    cells += [c for row in ws.iter_rows(min_row=2) for c in row if c.font.b and isinstance(c.value, str)]
    return [c.value for c in cells]


def test_no_sheet_of_any_workbook_has_a_snake_case_heading(workbooks):
    seen = 0
    for name, data in workbooks.items():
        if not name.endswith(".xlsx"):
            continue
        for ws in open_xlsx(data).worksheets:
            found = headings(ws)
            assert found, (name, ws.title)
            assert [h for h in found if SNAKE.search(h)] == [], (name, ws.title)
            seen += 1
    assert seen == 2 * 8 + 2 * 4 + 3  # two draft workbooks, eight pillar files, the diff's three sheets


def test_the_csvs_keep_the_field_names(workbooks):
    assert csv_rows(workbooks["2016-05/pillar-A.csv"])[0][:3] == ["pillar", "provision", "provision_text"]
    header = io.StringIO(workbooks["2016-05_vs_2016-11.csv"].decode("utf-8-sig")).readline()
    assert header.startswith("change,flags,similarity,record_id_old")


def test_every_field_has_a_heading_and_an_unknown_column_is_an_error():
    assert all(title(c) and not SNAKE.search(title(c)) for c in COLUMNS)
    with pytest.raises(KeyError, match="add it to export/headings.py"):
        title("brand_new_column")
