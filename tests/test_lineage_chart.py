"""The lineage flow chart (export/lineage_chart.py): its counts on the hand-written three-draft
lineage of test_lineage.py, checked against the chains stated there, and its bytes."""

from __future__ import annotations

import dataclasses
import io

import pytest
from openpyxl import load_workbook
from test_lineage import drawn_chart, drawn_once, lineage

from tipmatrix.export import lineage_chart
from tipmatrix.export.lineage import render_lineage
from tipmatrix.export.lineage_chart import lineage_flows, render_flow_chart

NONE = {"kept": 0, "reworded": 0, "moved": 0, "dropped": 0, "added": 0}


def test_flows_count_each_record_once_by_its_fate_in_the_next_draft():
    by_pillar, by_lead = lineage_flows(lineage())
    # d1 -> d2: A1, D1, E1 kept, B1 reworded, C1 dropped, G2 added (pillar A); F1 kept (pillar B).
    # d2 -> d3: A2, G2 kept, B2 kept (a lead change only), D2 (split), E2 and F2 (merged) reworded;
    # F2 is in pillar A, so pillar B has nothing in d2 and d3.
    assert [(f.group, f.items, f.steps) for f in by_pillar] == [
        ("A", [5, 6, 6], [NONE | {"kept": 3, "reworded": 1, "dropped": 1, "added": 1},
                          NONE | {"kept": 3, "reworded": 3}]),
        ("B", [1, 0, 0], [NONE | {"kept": 1}, NONE]),
    ]
    # by lead: B3 is ACWC's in d3 (a lead change counts as kept under the earlier lead body)
    assert [(f.group, f.items) for f in by_lead] == [("ACWC", [1, 0, 1]), ("SOMTC", [5, 6, 5])]


@pytest.fixture(scope="module")
def drawing(tmp_path_factory) -> dict[str, bytes]:
    """The chart of lineage() as matplotlib draws it (no cache): test_lineage's `drawn_chart`, drawn
    once per run; the tests that need a chart drawn anew draw their own."""
    return drawn_chart(tmp_path_factory)


def test_the_chart_is_the_same_bytes_each_run_and_carries_no_date(drawing):
    first, second = drawing, lineage_chart._draw(lineage())  # drawn twice, no cache
    assert first == second
    assert sorted(first) == ["lineage.png", "lineage.svg"]
    assert first["lineage.png"].startswith(b"\x89PNG") and b"matplotlib" not in first["lineage.png"]
    svg = first["lineage.svg"].decode("utf-8")
    assert "<dc:date>" not in svg and "tipmatrix" in svg


def test_the_lineage_workbook_shows_the_chart_on_its_flow_sheet(monkeypatch, drawing):
    monkeypatch.setattr(lineage_chart, "_draw", drawn_once(drawing))  # the chart's drawing: tested above
    files = render_lineage(lineage())
    assert files["lineage.png"] == render_flow_chart(lineage())["lineage.png"]
    wb = load_workbook(io.BytesIO(files["lineage.xlsx"]))
    assert wb.sheetnames == ["Lineage", "Survival", "Flow"]
    flow = wb["Flow"]
    assert len(flow._images) == 1
    assert flow.page_setup.fitToHeight == 1 and flow.page_setup.orientation == "landscape"


def test_a_drawn_chart_is_kept_in_the_cache_and_read_back_the_same_bytes(tmp_path, monkeypatch, drawing):
    monkeypatch.setenv("TIPMATRIX_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(lineage_chart, "_draw", drawn_once(drawing))
    drawn = render_flow_chart(lineage())
    assert drawn == drawing
    assert len(list((tmp_path / "cache" / "charts").rglob("*.svg"))) == 1

    def no_drawing(_):
        raise AssertionError("drawn again although the cache holds the chart")

    monkeypatch.setattr(lineage_chart, "_draw", no_drawing)
    assert render_flow_chart(lineage()) == drawn


def test_a_chart_of_other_drafts_is_drawn_anew(tmp_path, monkeypatch, drawing):
    monkeypatch.setenv("TIPMATRIX_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(lineage_chart, "_draw", drawn_once(drawing))  # the renamed drafts' chart is drawn
    first = lineage()
    renamed = dataclasses.replace(first, drafts=tuple(f"{d} (re-read)" for d in first.drafts))
    assert render_flow_chart(renamed)["lineage.svg"] != render_flow_chart(first)["lineage.svg"]
    assert len(list((tmp_path / "cache" / "charts").rglob("*.svg"))) == 2
