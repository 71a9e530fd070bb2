"""Lineage across drafts (normalize/lineage.py, export/lineage.py) on diffs written by hand, so the
chains are checked against pairs the test states, not against the aligner."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from shared_value import shared_value

from tipmatrix.export import lineage_chart
from tipmatrix.export.lineage import render_lineage
from tipmatrix.model import Record
from tipmatrix.normalize.align import ADDED, DROPPED, LEAD_CHANGED, MERGED, REWORDED, SPLIT, UNCHANGED, DiffResult, Pair
from tipmatrix.normalize.lineage import build_lineage, survival_by_lead, survival_by_pillar


def rec(draft: str, rid: str, text: str, lead: str = "SOMTC", pillar: str = "A") -> Record:
    return Record(draft=draft, pillar=pillar, provision="A", provision_text="P", activity=text, source_file="f",
                  source_lines=(1, 1), lead=(lead,), record_id=rid)


def diff(old: list[Record], new: list[Record], pairs: list[Pair]) -> DiffResult:
    return DiffResult(old[0].draft, new[0].draft, tuple(old), tuple(new), tuple(pairs))


# three drafts: kept unchanged; reworded then re-led; dropped in 2; added in 2; split in 3; merged in 3
A1, B1, C1, D1, E1 = (rec("d1", f"{x}1", t) for x, t in
                      zip("ABCDE", ("Keep", "Word one", "Gone", "Split me", "Merge one")))
F1 = rec("d1", "F1", "Merge two", lead="ACWC", pillar="B")
A2, B2, G2, D2, E2, F2 = (rec("d2", f"{x}2", t) for x, t in
                          zip("ABGDEF", ("Keep", "Word two", "New", "Split me", "Merge one", "Merge two")))
A3, G3, E3 = rec("d3", "A3", "Keep"), rec("d3", "G3", "New"), rec("d3", "EF3", "Merge one and two")
B3 = rec("d3", "B3", "Word two", lead="ACWC")
D3a, D3b = rec("d3", "D3a", "Split"), rec("d3", "D3b", "me")
DIFF_12 = diff([A1, B1, C1, D1, E1, F1], [A2, B2, G2, D2, E2, F2], [
    Pair(UNCHANGED, (), 100, A1, A2), Pair(REWORDED, (), 80, B1, B2), Pair(DROPPED, (), None, C1, None),
    Pair(UNCHANGED, (), 100, D1, D2), Pair(UNCHANGED, (), 100, E1, E2), Pair(UNCHANGED, (), 100, F1, F2),
    Pair(ADDED, (), None, None, G2)])
DIFF_23 = diff([A2, B2, G2, D2, E2, F2], [A3, B3, G3, D3a, D3b, E3], [
    Pair(UNCHANGED, (), 100, A2, A3), Pair(UNCHANGED, (LEAD_CHANGED,), 100, B2, B3),
    Pair(UNCHANGED, (), 100, G2, G3), Pair(REWORDED, (SPLIT,), 70, D2, D3a), Pair(REWORDED, (SPLIT,), 70, D2, D3b),
    Pair(REWORDED, (MERGED,), 70, E2, E3), Pair(REWORDED, (MERGED, LEAD_CHANGED), 70, F2, E3)])


def lineage():
    return build_lineage(["d1", "d2", "d3"], [DIFF_12.old, DIFF_12.new, DIFF_23.new], [DIFF_12, DIFF_23])


def drawn_chart(tmp_path_factory) -> dict[str, bytes]:
    """The chart of lineage() as matplotlib draws it (no cache), a second or so: drawn once per run
    (shared_value, for both workers and for this module and test_lineage_chart's)."""
    return shared_value(tmp_path_factory, "lineage-drawing", lambda _: lineage_chart._draw(lineage()))


def drawn_once(drawing: dict[str, bytes]):
    """`_draw` with the chart of lineage() taken from `drawing`, any other drawn by matplotlib."""
    draw = lineage_chart._draw

    def _draw(shown):
        return drawing if shown == lineage() else draw(shown)

    return _draw


@pytest.fixture
def chart_drawn_once(tmp_path_factory, monkeypatch) -> None:
    """lineage()'s chart taken from `drawn_chart` wherever it would be drawn: for the tests of what
    holds the chart (test_lineage_chart draws it anew where the drawing is what is checked)."""
    monkeypatch.setattr(lineage_chart, "_draw", drawn_once(drawn_chart(tmp_path_factory)))


def test_chains_follow_every_pair_and_branch_at_splits_and_merges():
    chains = [[(s.record.record_id if s.record else "", s.change) for s in c.steps] for c in lineage().chains]
    assert chains == [
        [("A1", ""), ("A2", "unchanged"), ("A3", "unchanged")],
        [("B1", ""), ("B2", "reworded"), ("B3", "lead-changed")],
        [("C1", ""), ("", ""), ("", "")],
        [("D1", ""), ("D2", "unchanged"), ("D3a", "reworded; split")],
        [("D1", ""), ("D2", "unchanged"), ("D3b", "reworded; split")],
        [("E1", ""), ("E2", "unchanged"), ("EF3", "reworded; merged")],
        [("F1", ""), ("F2", "unchanged"), ("EF3", "reworded; lead-changed; merged")],
        [("", ""), ("G2", "added"), ("G3", "unchanged")],
    ]


def test_survival_counts_each_first_draft_item_once():
    assert [(s.key, s.first, s.survived, s.dropped) for s in survival_by_pillar(lineage())] == [
        ("A", 5, 4, 1), ("B", 1, 1, 0)]
    assert [(s.key, s.first, s.survived) for s in survival_by_lead(lineage())] == [("ACWC", 1, 1), ("SOMTC", 5, 4)]


def test_lineage_csv_and_workbook(chart_drawn_once):
    files = render_lineage(lineage())
    rows = list(csv.reader(io.StringIO(files["lineage.csv"].decode("utf-8-sig"))))
    assert rows[0] == ["chain", "pillar"] + [f"{d}_{p}" for d in ("d1", "d2", "d3")
                                             for p in ("record_id", "text", "lead", "change")]
    assert rows[2] == ["2", "A", "B1", "Word one", "SOMTC", "", "B2", "Word two", "SOMTC", "reworded",
                       "B3", "Word two", "ACWC", "lead-changed"]
    assert len(rows) == 9
    wb = load_workbook(io.BytesIO(files["lineage.xlsx"]), rich_text=True)
    ws = wb["Lineage"]
    header = [c.value for c in ws[1]]
    # only the columns some chain fills (no "d1: change": the first draft has no draft before it)
    assert header == ["Chain", "Pillar", "d1: activity", "d1: lead body",
                      "d2: activity (changes from d1: struck red, inserted green)", "d2: lead body", "d2: change",
                      "d3: activity (changes from d2: struck red, inserted green)", "d3: lead body", "d3: change",
                      "d1: record", "d2: record", "d3: record"]
    values = [[str(c.value) if c.value else c.value for c in row][:10] for row in ws.iter_rows(min_row=2)]
    assert values[1] == ["2", "A", "Word one", "SOMTC", "Word one two", "SOMTC", "reworded", "same wording as d2",
                         "ACWC", "lead-changed"]
    assert values[2] == ["3", "A", "Gone", "SOMTC", None, None, None, None, None, None]
    # a split's and a merge's shared record printed once, named on the rows after
    assert values[4] == ["5", "A", "as chain 4", "SOMTC", "as chain 4", "SOMTC", "unchanged", "Split me",
                         "SOMTC", "reworded; split"]
    assert values[6][7:] == ["as chain 6", "SOMTC", "reworded; lead-changed; merged"]
    assert values[7] == ["8", "A", None, None, "New", "SOMTC", "added", "same wording as d2", "SOMTC", "unchanged"]
    runs = ws.cell(row=3, column=5).value  # the redline: "one" struck in red, "two" inserted in green
    assert [(str(r.text) if hasattr(r, "text") else r, getattr(getattr(r, "font", None), "strike", None))
            for r in runs] == [("Word", None), (" one", True), (" two", None)]
    assert {ws.cell(row=1, column=c).font.name for c in range(1, 14)} == {"Arial"}
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_area == "'Lineage'!$A$1:$J$9"  # the record ids stay on screen
    assert ws.print_title_rows == "$1:$1"
    survival = wb["Survival"]
    assert [c.value for c in survival[5]] == ["pillar", "items in the first draft", "reach the last draft",
                                             "dropped on the way"]
    assert [c.value for c in survival[6]] == ["A: Prevention of Trafficking in Persons", 5, 4, 1]
    assert render_lineage(lineage()) == files  # byte-identical run to run


def test_the_build_of_raw_writes_the_lineage_and_the_data_package_describes_it(built):
    """The session's build of raw/ (tests/conftest.py), read only."""
    rows = list(csv.DictReader(io.StringIO((built / "lineage.csv").read_text(encoding="utf-8-sig"))))
    diff = list(csv.DictReader(io.StringIO(
        (built / "diff" / "2016-05_vs_2016-11.csv").read_text(encoding="utf-8-sig"))))
    # every diff row with both records is a step of some chain, and every chain step is a diff row
    assert {(r["2016-05_record_id"], r["2016-11_record_id"]) for r in rows if r["2016-05_record_id"]
            and r["2016-11_record_id"]} == {(d["record_id_old"], d["record_id_new"]) for d in diff
                                            if d["record_id_old"] and d["record_id_new"]}
    assert {r["2016-11_record_id"] for r in rows if r["2016-11_change"] == "added"} == {
        d["record_id_new"] for d in diff if d["change"] == "added"}
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    by_path = {r["path"]: r for r in package["resources"]}
    assert [f["name"] for f in by_path["lineage.csv"]["schema"]["fields"]] == [
        "chain", "pillar", *(f"{d}_{p}" for d in ("2016-05", "2016-11") for p in ("record_id", "text", "lead",
                                                                                  "change"))]
    assert (by_path["lineage.xlsx"]["type"], by_path["lineage.xlsx"]["format"]) == ("file", "xlsx")
    # the package, lineage.csv included, is valid: test_datapackage.py::test_real_outputs_validate_as_a_data_package
    # validates this very build
