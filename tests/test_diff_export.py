"""The diff files: names, CSV columns and safety, the workbook read back (colours, rich-text redline,
no formulas, summary figures), the Markdown summary, and the same bytes on every run."""

from __future__ import annotations

import io

import pytest
from export_helpers import HYPERLINK, csv_rows, real_diff, real_diff_files, real_extraction, record, sheet_xml
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
from tipmatrix.export.headings import diff_title
from tipmatrix.normalize.align import ADDED, DROPPED, REWORDED, UNCHANGED, align

NAMES = ("2016-05_vs_2016-11.csv", "2016-05_vs_2016-11.xlsx", "2016-05_vs_2016-11.md", "2016-05_vs_2016-11.docx")
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


def test_four_files_named_by_the_two_drafts(small):
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
    assert [c.value for c in ws[1]] == [diff_title(c) for c in XLSX_COLUMNS]
    assert [c.value for c in ws[1]][:8] == [
        "Change", "Also changed", "Pillar", "Provision, earlier draft", "Provision, later draft",
        "Text: earlier → later draft (struck: deleted, underlined: inserted)", "Lead body", "Cooperating bodies"]
    assert [c.value for c in ws[1]][-2:] == ["Record id, earlier draft", "Record id, later draft"]
    # eight printed columns, the redline among them; the rest on screen
    assert ws.print_area == f"'Diff'!$A$1:$H${ws.max_row}"
    assert ws.max_row == len(result.pairs) + 1
    fills = [ws.cell(row=r, column=1).fill.fgColor.rgb[-6:] for r in range(2, ws.max_row + 1)]
    assert fills == [CHANGE_FILLS[p.change] for p in result.pairs]
    redline_col = XLSX_COLUMNS.index("redline") + 1
    redline = ws.cell(row=2, column=redline_col).value
    assert isinstance(redline, CellRichText)
    struck = [b.text.strip() for b in redline if isinstance(b, TextBlock) and b.font.strike]
    inserted = [b.text.strip() for b in redline if isinstance(b, TextBlock) and not b.font.strike]
    assert struck == ["to", "website"]
    assert inserted == ["Anti-Trafficking", "in the ASEAN and", "Website"]
    assert all(b.font.color.rgb == "FFC00000" for b in redline if isinstance(b, TextBlock) and b.font.strike)
    assert str(redline) == ("Linking/Uploading of SOMTC Anti-Trafficking activities to in the ASEAN and ACWC "
                            "website Website")
    assert ws.cell(row=3, column=redline_col).value == (  # unchanged: the text, plain
        "Training for trainers for law enforcement agencies in the prevention of TIP.")
    dropped = ws.cell(row=5, column=redline_col).value  # dropped: all struck; added: all inserted
    assert [(b.text, bool(b.font.strike)) for b in dropped] == [("Open Opinion Boxes", True)]
    added = ws.cell(row=6, column=redline_col).value
    assert [(b.text, bool(b.font.strike), b.font.u) for b in added] == [
        ("'+ Establish regional registry of victims and perpetrators of TIP.", False, "single")]
    # the bodies of a pair as "old → new" where they changed
    lead, cooperating = XLSX_COLUMNS.index("lead_change") + 1, XLSX_COLUMNS.index("cooperating_change") + 1
    assert [ws.cell(row=r, column=lead).value for r in range(2, 7)] == [
        "ACWC → SOMTC", "AICHR", "SOM-ED", "SOM-ED", "SOMTC"]
    assert ws.cell(row=2, column=cooperating).value == "(none) → ACWC"


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
    return real_diff(), real_diff_files()


def test_real_diff_renders_every_pair_safely_and_the_same_twice(real_files):
    result, files = real_files
    rows = csv_rows(files[NAMES[0]])
    assert len(rows) == len(result.pairs) + 1
    assert {r[0] for r in rows[1:]} <= {UNCHANGED, REWORDED, DROPPED, ADDED}
    wb = load_workbook(io.BytesIO(files[NAMES[1]]), rich_text=True)
    ws = wb["Diff"]
    assert ws.max_row == len(result.pairs) + 1
    redline_col = XLSX_COLUMNS.index("redline") + 1
    redlines = [ws.cell(row=r, column=redline_col).value for r in range(2, ws.max_row + 1)]
    # a redline on every changed row that has a text (a provision printed with no activity has none)
    has_text = [bool((p.old and p.old.text) or (p.new and p.new.text)) for p in result.pairs]
    assert [isinstance(v, CellRichText) for v in redlines] == [
        p.change != UNCHANGED and text for p, text in zip(result.pairs, has_text)]
    assert all(cell.data_type != "f" for sheet in wb for row in sheet.iter_rows() for cell in row)
    assert diff_files(real_extraction("2016-05"), real_extraction("2016-11")) == files


def test_summary_prints_landscape_with_whole_tables_and_a_leads_chart(real_files):
    result, files = real_files
    wb = load_workbook(io.BytesIO(files[NAMES[1]]))
    ws = wb["Summary"]
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows is None  # each table keeps its own heading row on its page
    assert ws.oddHeader.center.text == "Diff of drafts 2016-05 and 2016-11 | Summary"
    # each table (its label row, heading row and rows) lies between two page breaks, never across one
    breaks = [b.id for b in ws.row_breaks.brk]
    labels = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r + 1, column=1).font.b
              and ws.cell(row=r, column=1).font.b and r > 2]
    assert len(labels) == 3
    for top in labels:
        bottom = top + 1
        while bottom + 1 <= ws.max_row and ws.cell(row=bottom + 1, column=1).value is not None:
            bottom += 1
        assert not any(top <= b < bottom for b in breaks), (top, bottom, breaks)
    # the chart: activities led per body in both drafts, side by side, on a page after the tables
    (chart,) = ws._charts
    assert (chart.tagname, chart.type, chart.grouping) == ("barChart", "col", "clustered")
    body_header = labels[-1] + 1
    assert [ws.cell(row=body_header, column=c).value for c in (1, 2, 3)] == [
        "Body", "Leads in 2016-05", "Leads in 2016-11"]
    last = body_header + len(body_leads(result))
    assert [s.val.numRef.f for s in chart.series] == [f"'Summary'!${c}${body_header + 1}:${c}${last}" for c in "BC"]
    assert [s.tx.strRef.f for s in chart.series] == [f"'Summary'!{c}{body_header}" for c in "BC"]
    assert chart.anchor._from.row + 1 > breaks[-1]
