"""The rapporteur's workbook: sheets, body counts and chart, review list, About, print setup, safety."""

from __future__ import annotations

import dataclasses

import pytest
from export_helpers import (
    DRAFTS,
    HYPERLINK,
    csv_rows,
    extraction,
    hand_source,
    open_xlsx,
    real_extraction,
    real_workbook,
    record,
    sheet_xml,
    sources,
)
from openpyxl.utils import column_index_from_string, get_column_letter

from tipmatrix.bodies import registry
from tipmatrix.export.headings import title, titles
from tipmatrix.export.sheets import SHEET, SHEET_COLUMNS
from tipmatrix.export.workbook import BODIES_WIDTHS, REVIEW_COLUMNS, REVIEW_WIDTHS, bodies_header, render_workbook
from tipmatrix.model import PILLAR_TITLES
from tipmatrix.pipeline import draft_outputs

SHEETS = ["Matrix", "Pillar A", "Pillar B", "Pillar C", "Pillar D", "Bodies", "Review", "About"]


@pytest.fixture(scope="module")
def small():
    ex = extraction([
        record("A", "Linking/Uploading of SOMTC activities to ACWC website", line=6, cooperating=("SOMTC",)),
        record("A", "Ministries of Education support", line=8, lead=("ACWC", "SOM-ED")),
        record("A", "Note: The ACMW Work Plan 2016-2020", line=9, kind="note", lead=("ACWC",)),
        record("B", HYPERLINK, line=30, lead=("SOMTC",), cooperating=("ACWC",),
               flags=("fuzzy-body: 'SOMTO' read as SOMTC (score 80)",)),
        record("D", "- Conduct regular conferences", line=50, lead=(), bodies_raw="SON",
               flags=("unresolved-body: 'SON' matches no registry body (best 57)",
                      "missing-lead: no lead body could be read for this activity")),
    ])
    data = render_workbook(ex, hand_source())
    assert list(data) == ["2016-05-matrix.xlsx"]
    return ex, data["2016-05-matrix.xlsx"]


def table(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_sheets_and_document_properties(small):
    _, data = small
    wb = open_xlsx(data)
    assert wb.sheetnames == SHEETS
    assert wb.properties.title == "ASEAN APA TIP matrix, draft 2016-05 (As of 31 May 2016)"
    assert wb.properties.subject == "A & B matrix"
    assert [wb[f"Pillar {p}"].max_row - 1 for p in "ABCD"] == [3, 1, 0, 1]
    assert [c.value for c in wb["Pillar C"][1]] == titles(SHEET_COLUMNS)


def test_every_sheet_reads_filters_and_prints(small):
    _, data = small
    wb = open_xlsx(data)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1] if c.value), ws.title
        # a filter on every table but the Matrix, whose merged cells a filter would tear apart
        assert ws.auto_filter.ref.startswith("A1:") if ws.title != "Matrix" else ws.auto_filter.ref is None
        assert ws.page_setup.orientation == "landscape"
        # one page wide, as many long as needed
        assert (int(ws.page_setup.paperSize), ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (9, 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # the heading row on every page, but over the Bodies chart (its table fits one page)
        assert ws.print_title_rows == (None if ws.title == "Bodies" else "$1:$1"), ws.title
        assert ws.oddFooter.center.text == "Page &P"
        assert ws.oddHeader.center.text.startswith("ASEAN APA TIP matrix, draft 2016-05 (As of 31 May 2016) | ")
        assert len(ws.oddHeader.center.text) <= 255  # Excel's limit for a page header
        assert all(d.width <= SHEET.page_width for d in ws.column_dimensions.values())
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row), ws.title
    assert wb["Pillar B"].oddHeader.center.text.endswith(f"| Pillar B: {PILLAR_TITLES['B']}")
    assert all("<f>" not in xml for xml in sheet_xml(data).values())


def test_bodies_counts_activities_led_and_cooperated_per_pillar(small):
    _, data = small
    rows = table(open_xlsx(data)["Bodies"])
    assert rows[0] == titles(bodies_header())
    assert rows[0][:6] == ["Body", "Name", "Community", "Parent body", "Leads, pillar A", "Co-operates, pillar A"]
    assert [r[0] for r in rows[1:]] == [b.code for b in registry()]
    by_code = {r[0]: dict(zip(bodies_header(), r, strict=True)) for r in rows[1:]}
    # The note led by ACWC is not an activity; the unresolved "SON" counts for nobody.
    assert by_code["ACWC"] == {
        "code": "ACWC", "name": "ASEAN Commission on the Promotion and Protection of the Rights of Women and Children",
        "community": "ASCC", "parent": None,
        "lead_A": 2, "cooperating_A": 0, "lead_B": 0, "cooperating_B": 1,
        "lead_C": 0, "cooperating_C": 0, "lead_D": 0, "cooperating_D": 0, "lead_total": 2, "cooperating_total": 1,
    }
    assert [by_code["SOMTC"][k] for k in ("lead_A", "cooperating_A", "lead_B", "cooperating_B")] == [0, 1, 1, 0]
    assert by_code["SOM-ED"]["lead_A"] == 1
    assert by_code["ACMW"]["parent"] == "SLOM"
    others = [r for code, r in by_code.items() if code not in ("ACWC", "SOMTC", "SOM-ED")]
    assert all(r["lead_total"] == 0 and r["cooperating_total"] == 0 for r in others)


def test_bodies_sheet_has_a_chart_of_leads_per_pillar(small):
    _, data = small
    ws = open_xlsx(data)["Bodies"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert (chart.tagname, chart.type, chart.grouping) == ("barChart", "col", "stacked")
    last = len(registry()) + 1
    assert [s.val.numRef.f for s in chart.series] == [f"'Bodies'!${c}$2:${c}${last}" for c in "EGIK"]
    assert [s.tx.strRef.f for s in chart.series] == [f"'Bodies'!{c}1" for c in "EGIK"]  # series named by header
    assert [ws[f"{c}1"].value for c in "EGIK"] == [f"Leads, pillar {p}" for p in "ABCD"]
    # the chart on a page of its own, after the table
    assert [b.id for b in ws.row_breaks.brk] == [len(registry()) + 1]
    assert {s.cat.numRef.f for s in chart.series} == {f"'Bodies'!$A$2:$A${last}"}  # categories: the body codes
    assert bodies_header()[4:11:2] == ["lead_A", "lead_B", "lead_C", "lead_D"]


def test_review_lists_every_flagged_record_with_its_flags_and_lines(small):
    ex, data = small
    ws = open_xlsx(data)["Review"]
    rows = table(ws)
    assert rows[0] == titles(REVIEW_COLUMNS)
    assert rows[0][-1] == "Record id"  # on screen, after the printed columns
    assert ws.print_area == f"'Review'!$A$1:$G${ws.max_row}"  # to the source lines
    flagged = [r for r in ex.records if r.flags]
    assert [r[-1] for r in rows[1:]] == [r.record_id for r in flagged]
    review = [dict(zip(REVIEW_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert review[0]["activity"] == "'" + HYPERLINK
    assert review[0]["flag_types"] == "fuzzy-body"
    assert review[0]["source_lines"] == "30-31"
    assert review[1]["flag_types"] == "unresolved-body; missing-lead"
    assert review[1]["flags"] == ("unresolved-body: 'SON' matches no registry body (best 57)\n"
                                  "missing-lead: no lead body could be read for this activity")
    assert review[1]["activity"] == "'- Conduct regular conferences"
    assert review[1]["bodies_raw"] == "SON"


def test_about_names_the_source_and_its_counts(small):
    ex, data = small
    rows = table(open_xlsx(data)["About"])
    assert rows[0] == ["Item", "Value"]
    about = dict(rows[1:])
    counts = ex.counts()
    assert about["source file"] == "hand.txt"
    assert about["source sha256"] == "ab" * 32
    assert about["as of"] == "As of 31 May 2016"
    assert about["records"] == counts["records"] == 5
    assert [about[f"records in pillar {p}"] for p in "ABCD"] == [3, 1, 0, 1]
    assert (about["activities"], about["notes"], about["flagged records"]) == (4, 1, 2)
    assert (about["source lines"], about["lines used by records"], about["boilerplate lines"],
            about["unassigned lines"]) == (counts["lines"], counts["used"], counts["boilerplate"], counts["unassigned"])
    assert "make" in about["to regenerate"]


def test_same_input_gives_the_same_bytes(small):
    ex, data = small
    assert render_workbook(ex, hand_source()) == {"2016-05-matrix.xlsx": data}


def test_a_source_of_another_draft_is_refused(small):
    ex, _ = small
    with pytest.raises(ValueError, match="2016-11"):
        render_workbook(ex, hand_source("2016-11"))


def test_page_header_keeps_an_ampersand_literal():
    source = dataclasses.replace(hand_source(), as_of="Input from ACWC & SOMTC")
    wb = open_xlsx(render_workbook(extraction([record()]), source)["2016-05-matrix.xlsx"])
    # "&" starts a control code in a page header ("&P" is the page number); "&&" prints one "&".
    assert wb["Pillar A"].oddHeader.center.text == (
        f"ASEAN APA TIP matrix, draft 2016-05 (Input from ACWC && SOMTC) | Pillar A: {PILLAR_TITLES['A']}"
    )


@pytest.mark.parametrize("draft", DRAFTS)
def test_real_workbook_counts_match_records_csv(draft):
    ex = real_extraction(draft)
    source = sources()[draft]
    data = {f"{draft}-matrix.xlsx": real_workbook(draft)}  # rendered once for the tests (export_helpers)
    assert render_workbook(ex, source) == data  # same input, same bytes
    wb = open_xlsx(data[f"{draft}-matrix.xlsx"])
    rows = csv_rows(draft_outputs(ex)["records.csv"])
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    for pillar in "ABCD":
        ws = wb[f"Pillar {pillar}"]
        ids = [r["record_id"] for r in records if r["pillar"] == pillar]
        at = [c.value for c in ws[1]].index(title("record_id")) + 1
        assert [ws.cell(row=i, column=at).value for i in range(2, ws.max_row + 1)] == ids
    review = table(wb["Review"])
    assert [r[-1] for r in review[1:]] == [r["record_id"] for r in records if r["flags"]]
    bodies = {r[0]: dict(zip(bodies_header(), r, strict=True)) for r in table(wb["Bodies"])[1:]}
    for code, counts in bodies.items():
        for pillar in "ABCD":
            mine = [r for r in records if r["pillar"] == pillar and r["kind"] == "activity"]
            assert counts[f"lead_{pillar}"] == sum(code in r["lead"].split("; ") for r in mine), (code, pillar)
            assert counts[f"cooperating_{pillar}"] == sum(code in r["cooperating"].split("; ") for r in mine)
    about = dict(table(wb["About"])[1:])
    assert about["records"] == len(records)
    assert about["source sha256"] == source.sha256
    assert about["unassigned lines"] == ex.counts()["unassigned"]
    for ws in wb.worksheets:
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
        assert len(ws.oddHeader.center.text) <= 255
        # the printed columns fit a landscape page at 100 %, so nothing prints shrunk; the Review
        # sheet prints at 140/170 (8.3 pt), its flags and activities on fewer lines, and Bodies at
        # 140/161, its names on one or two
        budget = {"Review": sum(REVIEW_WIDTHS), "Bodies": sum(BODIES_WIDTHS)}.get(ws.title, SHEET.page_width)
        last = ws.print_area.split(":")[-1].strip("$0123456789").replace("$", "") if ws.print_area else (
            get_column_letter(ws.max_column))
        printed = [ws.column_dimensions[get_column_letter(c)] for c in range(1, column_index_from_string(last) + 1)]
        assert sum(d.width for d in printed if not d.hidden) <= budget, ws.title
