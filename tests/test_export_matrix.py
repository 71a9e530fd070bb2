"""The Matrix sheet: each draft in its own layout, merged provision and area cells spanning exactly
their records, pillar headings as full-width rows starting new pages, cells as the draft words them."""

from __future__ import annotations

import pytest
from export_helpers import (
    DRAFTS,
    csv_rows,
    extraction,
    hand_source,
    open_xlsx,
    real_extraction,
    real_workbook,
    record,
)

from tipmatrix.export.headings import matrix_headings
from tipmatrix.export.matrix_sheet import activity_cell, body_cell, matrix_layout
from tipmatrix.export.workbook import render_workbook
from tipmatrix.model import PILLAR_TITLES
from tipmatrix.pipeline import draft_outputs

MAY_2016, NOV_2016 = "may-2016", "nov-2016"  # the 2016 layouts of extract/layouts.toml


def matrix(ex, source):
    data = render_workbook(ex, source)[f"{ex.draft}-matrix.xlsx"]
    return open_xlsx(data)["Matrix"]


def test_body_cells_read_lead_then_cooperating():
    both = record(lead=("SOMTC",), cooperating=("ACWC", "SOMSWD"))
    assert body_cell(both) == "Lead: SOMTC / Cooperating: ACWC, SOMSWD"
    assert body_cell(record(lead=("SLOM", "SOMTC"))) == "Lead: SLOM, SOMTC"
    assert body_cell(record(lead=(), cooperating=("SOMTC",))) == "Cooperating: SOMTC"
    # nothing resolved: the cell as printed, never an empty cell
    assert body_cell(record(lead=(), bodies_raw="SON")) == "SON"


def test_activity_cells_keep_their_number_and_remarks():
    rec = record(activity="Develop a tool for school heads", activity_ref="a.1)", note="(inputs from Group 2)")
    assert activity_cell(rec) == "a.1) Develop a tool for school heads\n(inputs from Group 2)"
    assert activity_cell(record(activity="Open Opinion Boxes")) == "Open Opinion Boxes"


def test_a_small_november_matrix_row_by_row():
    prov_a = dict(provision="A", provision_text="Increase awareness")
    recs = [
        record("A", "Linking of SOMTC activities", line=10, area="Public awareness", activity_ref="1.1", **prov_a),
        record("A", "Disseminate materials", line=12, area="Public awareness", activity_ref="1.2", **prov_a),
        record("A", "Research on forced labour", line=14, area="Thematic studies", **prov_a),
        record("B", "Guidelines", line=30, area="Identification", provision="B", provision_text="Protect victims"),
    ]
    rows, merges = matrix_layout(recs, NOV_2016)
    assert [r.cells for r in rows] == [
        ("A. Prevention of Trafficking in Persons",),
        ("A. Increase awareness", "Public awareness", "1.1 Linking of SOMTC activities", "", "Lead: ACWC", ""),
        ("A. Increase awareness", "Public awareness", "1.2 Disseminate materials", "", "Lead: ACWC", ""),
        ("A. Increase awareness", "Thematic studies", "Research on forced labour", "", "Lead: ACWC", ""),
        ("B. Protection of Victims",),
        ("B. Protect victims", "Identification", "Guidelines", "", "Lead: ACWC", ""),
    ]
    # (first row, last row, first column, last column), 0-based over the table's rows
    assert [(m.first, m.last, m.left, m.right) for m in merges] == [
        (0, 0, 0, 5),  # pillar heading, full width
        (1, 3, 0, 0),  # provision A over its three activities
        (1, 2, 1, 1),  # the area "Public awareness" over its two
        (4, 4, 0, 5),
    ]


def test_a_may_activity_whose_column_was_lost_spans_the_four_category_columns():
    recs = [
        record("A", "Linking", line=10, category="Training/Capacity Building"),
        record("A", "Experience sharing", line=12, flags=("category-uncertain: line 12",)),
    ]
    rows, merges = matrix_layout(recs, MAY_2016)
    assert rows[1].cells[1:5] == ("", "", "Linking", "")
    assert rows[2].cells[1:5] == ("Experience sharing", "", "", "")
    assert [(m.first, m.last, m.left, m.right) for m in merges] == [(0, 0, 0, 5), (1, 2, 0, 0), (2, 2, 1, 4)]


def test_the_hand_made_workbook_opens_with_the_matrix_printed_pillar_by_pillar():
    ex = extraction([record("A", "One", line=10), record("B", "Two", line=20), record("D", "Three", line=30)])
    ws = matrix(ex, hand_source())
    assert [c.value for c in ws[1]] == [*matrix_headings(MAY_2016), "Record id"]
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_area == f"'Matrix'!$A$1:$F${ws.max_row}"
    assert ws.page_setup.orientation == "landscape"
    # pillar headings on rows 2, 4, 6; every pillar but the first starts a new page
    assert [ws.cell(row=r, column=1).value for r in (2, 4, 6)] == [
        f"{p}. {PILLAR_TITLES[p]}" for p in "ABD"]
    assert [b.id for b in ws.row_breaks.brk] == [3, 5]


def _key(row: dict[str, str], column: int) -> tuple[str, ...]:
    key = (row["pillar"], row["provision"], row["provision_text"])
    return key if column == 1 else (*key, row["area"])


@pytest.mark.parametrize("draft", DRAFTS)
def test_every_merged_cell_spans_exactly_its_records(draft):
    ex = real_extraction(draft)
    ws = open_xlsx(real_workbook(draft))["Matrix"]  # render_workbook(ex, sources()[draft]), rendered once
    csv = csv_rows(draft_outputs(ex)["records.csv"])
    records = {r[0]: dict(zip(csv[0], r, strict=True)) for r in csv[1:]}
    ids = {r: ws.cell(row=r, column=7).value for r in range(2, ws.max_row + 1)}
    # every record once, in source order; the other rows are pillar headings
    assert [i for i in ids.values() if i] == list(records)
    headings = [r for r, i in ids.items() if i is None]
    assert [ws.cell(row=r, column=1).value for r in headings] == [
        f"{p}. {PILLAR_TITLES[p]}" for p in dict.fromkeys(row["pillar"] for row in records.values())]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert {r - 1 for r in headings[1:]} <= set(breaks) and breaks == sorted(set(breaks))
    page_starts = {b + 1 for b in breaks}  # sheet rows that start a page

    merged = {(m.min_row, m.max_row, m.min_col, m.max_col) for m in ws.merged_cells.ranges}
    full_width = {(r, r, 1, 6) for r in headings}
    assert full_width <= merged
    # the spans a reader of records.csv expects: each run of two or more consecutive records
    # under one provision (column A) or, in November, one area (column B)
    order = [(r, records[i]) for r, i in ids.items() if i]
    expected = set()
    for column in (1, 2) if draft == "2016-11" else (1,):
        start = 0
        for k in range(1, len(order) + 1):
            if k == len(order) or _key(order[k][1], column) != _key(order[start][1], column):
                first, last = order[start][0], order[k - 1][0]
                if last > first and (column == 1 or order[start][1]["area"]):
                    expected.add((first, last, column, column))
                start = k
    # ... cut where a page starts: the next page shows the provision (or area) again at its top
    runs = expected
    expected = set()
    for first, last, left, right in runs:
        cuts = [first, *sorted(s for s in page_starts if first < s <= last), last + 1]
        expected |= {(a, b - 1, left, right) for a, b in zip(cuts, cuts[1:]) if b - 1 > a}
    if draft == "2016-05":  # activities whose column was lost span the four category columns
        expected |= {(r, r, 2, 5) for r, row in order if not row["category"] and row["kind"] != "provision"}
    assert merged - full_width == expected
    assert len(runs) > len([r for r in runs if not any(r[0] < s <= r[1] for s in page_starts)])  # some cut
    for first, last, left, _ in runs:
        for start in (s for s in page_starts if first < s <= last):
            assert ws.cell(row=start, column=left).value == ws.cell(row=first, column=left).value
    # and each merged cell shows its records' provision or area, once
    for first, last, left, _ in expected:
        row = records[ids[first]]
        value = ws.cell(row=first, column=left).value
        if left == 1:
            assert value == (f"{row['provision']}. " if row["provision"] else "") + row["provision_text"]
        elif left == 2 and draft == "2016-11":
            assert value == row["area"]
        assert all(ws.cell(row=r, column=left).value is None for r in range(first + 1, last + 1))


@pytest.mark.parametrize("draft", DRAFTS)
def test_real_body_and_activity_cells(draft):
    ex = real_extraction(draft)
    ws = open_xlsx(real_workbook(draft))["Matrix"]  # render_workbook(ex, sources()[draft]), rendered once
    by_id = {r.record_id: r for r in ex.records}
    for row in ws.iter_rows(min_row=2):
        rec = by_id.get(row[6].value)
        if rec is None:
            continue
        bodies = row[4].value if draft == "2016-11" else row[5].value
        if rec.lead:
            assert bodies.startswith("Lead: " + ", ".join(rec.lead)), rec.record_id
        if rec.cooperating:
            assert bodies.endswith("Cooperating: " + ", ".join(rec.cooperating)), rec.record_id
        if draft == "2016-11" and rec.activity_ref:
            assert (row[2].value + " ").startswith(rec.activity_ref + " "), rec.record_id
