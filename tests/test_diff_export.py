"""The diff files: names, CSV columns and safety, the workbook read back (colours, rich-text redline,
no formulas, summary figures), the Markdown summary, and the same bytes on every run."""

from __future__ import annotations

import io

import pytest
from export_helpers import HYPERLINK, csv_rows, real_extraction, record, sheet_xml
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from tipmatrix.export.diff import (
    CHANGE_FILLS,
    DIFF_COLUMNS,
    XLSX_COLUMNS,
    body_leads,
    diff_files,
    pillar_counts,
    render_diff,
    word_ops,
)
from tipmatrix.normalize.align import ADDED, DROPPED, REWORDED, UNCHANGED, align

NAMES = ("2016-05_vs_2016-11.csv", "2016-05_vs_2016-11.xlsx", "2016-05_vs_2016-11.md")
AWARENESS = "Increase awareness campaigns to educate all levels of society on trafficking in persons"


def may(activity: str, line: int, **kw):
    return record("A", activity, line=line, provision_text=AWARENESS, **kw)


def nov(activity: str, line: int, **kw):
    return record("A", activity, line=line, provision_text=AWARENESS, draft="2016-11", **kw)


@pytest.fixture(scope="module")
def small():
    old = [
        may("Linking/Uploading of SOMTC activities to ACWC website", 6, lead=("ACWC",)),
        may("Training for trainers for law enforcement agencies in the prevention of TIP.", 7, lead=("AICHR",)),
        may(HYPERLINK, 8, lead=("SOM-ED",)),
        may("Open Opinion Boxes", 9, lead=("SOM-ED",)),
    ]
    new = [
        nov("Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website", 27,
            lead=("SOMTC",), cooperating=("ACWC",)),
        nov("Training for trainers for law enforcement agencies in the prevention of TIP.", 50, lead=("AICHR",)),
        nov("+ Establish regional registry of victims and perpetrators of TIP.", 60, lead=("SOMTC",)),
    ]
    result = align(old, new)
    return result, render_diff(result, "2016-05", "2016-11")


def test_three_files_named_by_the_two_drafts(small):
    _, files = small
    assert tuple(files) == NAMES


def test_csv_one_row_per_pair_or_unmatched_record_neutralised(small):
    result, files = small
    rows = csv_rows(files[NAMES[0]])
    assert tuple(rows[0]) == DIFF_COLUMNS
    assert [(r[0], r[9], r[10]) for r in rows[1:]] == [
        (REWORDED, "Linking/Uploading of SOMTC activities to ACWC website",
         "Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website"),
        (UNCHANGED, "Training for trainers for law enforcement agencies in the prevention of TIP.",
         "Training for trainers for law enforcement agencies in the prevention of TIP."),
        (DROPPED, "'" + HYPERLINK, ""),
        (DROPPED, "Open Opinion Boxes", ""),
        (ADDED, "", "'+ Establish regional registry of victims and perpetrators of TIP."),
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["flags"], first["lead_old"], first["lead_new"], first["cooperating_new"]) == (
        "lead-changed; cooperating-changed", "ACWC", "SOMTC", "ACWC")
    assert first["similarity"] == "90.0"
    assert first["provision_old"] == "A. Increase awareness campaigns to educate all …"
    assert len(rows) == len(result.pairs) + 1


def test_xlsx_rows_colours_and_rich_text_redline(small):
    result, files = small
    wb = load_workbook(io.BytesIO(files[NAMES[1]]), rich_text=True)
    assert wb.sheetnames == ["Diff", "Summary", "Lead changes"]
    ws = wb["Diff"]
    assert [c.value for c in ws[1]] == list(XLSX_COLUMNS)
    assert ws.max_row == len(result.pairs) + 1
    fills = [ws.cell(row=r, column=1).fill.fgColor.rgb[-6:] for r in range(2, ws.max_row + 1)]
    assert fills == [CHANGE_FILLS[p.change] for p in result.pairs]
    redline = ws.cell(row=2, column=XLSX_COLUMNS.index("redline") + 1).value
    assert isinstance(redline, CellRichText)
    struck = [b.text.strip() for b in redline if isinstance(b, TextBlock) and b.font.strike]
    inserted = [b.text.strip() for b in redline if isinstance(b, TextBlock) and not b.font.strike]
    assert struck == ["to", "website"]
    assert inserted == ["Anti-Trafficking", "in the ASEAN and", "Website"]
    assert all(b.font.color.rgb == "FFC00000" for b in redline if isinstance(b, TextBlock) and b.font.strike)
    assert str(redline) == ("Linking/Uploading of SOMTC Anti-Trafficking activities to in the ASEAN and ACWC "
                            "website Website")
    assert ws.cell(row=3, column=XLSX_COLUMNS.index("redline") + 1).value is None  # unchanged: no redline


def test_word_ops_mark_deletions_then_insertions():
    old = "Linking of SOMTC activities to ACWC website"
    new = "Linking of SOMTC Anti-Trafficking activities in the ACWC Website"
    assert word_ops(old, new) == [
        ("equal", "Linking of SOMTC"),
        ("insert", "Anti-Trafficking"),
        ("equal", "activities"),
        ("delete", "to"),
        ("insert", "in the"),
        ("equal", "ACWC"),
        ("delete", "website"),
        ("insert", "Website"),
    ]


def test_xlsx_has_no_formula_anywhere(small):
    _, files = small
    wb = load_workbook(io.BytesIO(files[NAMES[1]]))
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                assert not str(cell.value or "").startswith(("=", "+", "-", "@")), (ws.title, cell.coordinate)
    assert all("<f>" not in xml for xml in sheet_xml(files[NAMES[1]]).values())


def test_summary_counts_per_pillar_and_lead_gains_and_losses(small):
    result, files = small
    counts = {c.pillar: c for c in pillar_counts(result)}
    a = counts["A"]
    assert (a.old, a.unchanged, a.reworded, a.dropped, a.new, a.added) == (4, 1, 1, 2, 3, 1)
    assert a.flags["lead-changed"] == 1
    leads = {b.code: (b.led_old, b.led_new, b.gained, b.lost, b.added, b.dropped) for b in body_leads(result)}
    assert leads == {
        "ACWC": (1, 0, 0, 1, 0, 0),
        "AICHR": (1, 1, 0, 0, 0, 0),
        "SOM-ED": (2, 0, 0, 0, 0, 2),
        "SOMTC": (0, 2, 1, 0, 1, 0),
    }
    wb = load_workbook(io.BytesIO(files[NAMES[1]]))
    values = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    assert ["A", 4, 1, 1, 2, 3, 1] == values[5][:7]
    assert ["SOMTC", 0, 2, 1, 0, 1, 0] in [v[:7] for v in values]
    changes = [[c.value for c in row][:4] for row in wb["Lead changes"].iter_rows(min_row=2)]
    assert changes == [["ACWC", "lost", "ACWC", "SOMTC"], ["SOMTC", "gained", "ACWC", "SOMTC"]]


def test_markdown_summary(small):
    _, files = small
    md = files[NAMES[2]].decode("utf-8")
    assert md.startswith("# Draft 2016-05 compared with draft 2016-11\n")
    assert "Of the 4 records of draft 2016-05, 1 were carried over unchanged, 1 reworded and 2 dropped; " \
           "1 of the 3 records of draft 2016-11 are new." in md
    assert "| A. Prevention of Trafficking in Persons | 4 | 1 | 1 | 2 | 3 | 1 | 0 | 1 | 0 | 0 |" in md
    assert "| SOMTC | 0 | 2 | 1 | 0 | 1 | 0 |" in md
    assert md.endswith("`2016-05_vs_2016-11.csv`).\n")


def test_same_input_same_bytes(small):
    result, files = small
    again = render_diff(align(result.old, result.new), "2016-05", "2016-11")
    assert again == files


# --- the real drafts -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_files():
    result = align(real_extraction("2016-05").records, real_extraction("2016-11").records)
    return result, render_diff(result, "2016-05", "2016-11")


def test_real_diff_renders_every_pair_safely_and_the_same_twice(real_files):
    result, files = real_files
    rows = csv_rows(files[NAMES[0]])
    assert len(rows) == len(result.pairs) + 1
    assert {r[0] for r in rows[1:]} <= {UNCHANGED, REWORDED, DROPPED, ADDED}
    wb = load_workbook(io.BytesIO(files[NAMES[1]]), rich_text=True)
    ws = wb["Diff"]
    assert ws.max_row == len(result.pairs) + 1
    redlines = [ws.cell(row=r, column=XLSX_COLUMNS.index("redline") + 1).value for r in range(2, ws.max_row + 1)]
    assert sum(isinstance(v, CellRichText) for v in redlines) == sum(p.change == REWORDED for p in result.pairs)
    assert all(cell.data_type != "f" for sheet in wb for row in sheet.iter_rows() for cell in row)
    assert diff_files(real_extraction("2016-05"), real_extraction("2016-11")) == files
