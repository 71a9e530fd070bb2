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


def _ends(shape) -> tuple[float, ...]:
    """A band's (x0, bottom, top) where it starts and (x1, bottom, top) where it ends; a bar's corners."""
    if len(shape) == 4:
        return tuple(round(v, 2) for v in (*shape[0], *shape[2]))
    n = lineage_chart.BAND_POINTS
    (x0, b0), (x1, b1), (_, t1), (_, t0) = shape[0], shape[n - 1], shape[n], shape[-1]
    return tuple(round(v, 2) for v in (x0, b0, t0, x1, b1, t1))


def test_a_panel_stacks_its_bands_by_fate_between_bars_as_tall_as_their_items():
    # pillar A (stated in the test above): d1 -> d2 kept 3, reworded 1, dropped 1, added 1; d2 -> d3 kept 3,
    # reworded 3; items 5, 6, 6 (d2's bar: 6 items, 5 coming in)
    panel = lineage_chart._panel(lineage_flows(lineage())[0][0], ("d1", "d2", "d3"), "Pillar A")
    assert list(zip(panel.fates, map(_ends, panel.shapes))) == [
        ("kept", (0.06, 0, 3, 0.94, 0, 3)), ("reworded", (0.06, 3, 4, 0.94, 3, 4)),
        ("dropped", (0.06, 4, 5, 0.45, 4.5, 4.5)),  # a wedge ending halfway
        ("added", (0.55, 4.5, 4.5, 0.94, 4, 5)),  # a wedge from halfway
        ("kept", (1.06, 0, 3, 1.94, 0, 3)), ("reworded", (1.06, 3, 6, 1.94, 3, 6)),
        ("bar", (-0.06, 0, 0.06, 5)), ("bar", (0.94, 0, 1.06, 6)), ("bar", (1.94, 0, 2.06, 6))]
    assert panel.counts == [(0, 5, "5"), (1, 6, "6"), (2, 6, "6")]
    assert (panel.xlim, panel.ylim, panel.yticks) == ((-0.3, 2.3), (0, pytest.approx(6 * 1.18)), [0, 2, 4, 6])


def test_the_figure_shows_each_panel_s_title_ticks_and_counts_and_no_text_overlaps_another():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = lineage_chart._figure(lineage())
    texts = [t for t in fig.texts if t.get_text()]
    # per panel: the drafts under it, its item ticks, its counts, its title; then the figure's title
    assert [t.get_text() for t in texts] == [
        "d1", "d2", "d3", "0", "2", "4", "6", "5", "6", "6", "Pillar A",
        "d1", "d2", "d3", "0", "1", "1", "0", "0", "Pillar B",
        "d1", "d2", "d3", "0", "1", "1", "0", "1", "Lead: ACWC",
        "d1", "d2", "d3", "0", "2", "4", "6", "5", "6", "5", "Lead: SOMTC",
        "What became of each draft's items in the next: d1, d2, d3 (per pillar, then per lead body; "
        "a record with two leads counts for each)"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(lineage_chart.FATES)
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    assert all(fig.bbox.contains(b.x0, b.y0) and fig.bbox.contains(b.x1, b.y1) for b in boxes)
    assert [(a.get_text(), b.get_text()) for i, (a, ba) in enumerate(zip(texts, boxes))
            for b, bb in zip(texts[i + 1:], boxes[i + 1:]) if ba.overlaps(bb)] == []
    # Pillar A's item ticks left of its axis line (where its title starts), its drafts under its counts
    drafts, ticks, counts, title = boxes[0:3], boxes[3:7], boxes[7:10], boxes[10]
    assert max(b.x1 for b in ticks) < title.x0 and max(b.y1 for b in drafts) < min(b.y0 for b in counts)
