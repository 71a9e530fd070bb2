"""A body cell belongs to the items of its own table row (issue 10, items 1 and 2).

Fixture: tests/fixtures/nov-row-without-bodies.txt is lines 187-197 of raw/001_fcb319b1d564dd03.txt
(the November draft): row H, then row K cut by a page break (190/193), then the row on 194/197 whose
body cell is empty. Expected values read by hand from those lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# each PDF's pages read, and each source extracted, once per run
from shared_readings import shared_extractions, shared_pdf_scans  # noqa: F401

from tipmatrix.extract.assemble import pillar_sections
from tipmatrix.extract.assemble_areas import nov_streams, table_rows
from tipmatrix.extract.assemble_categories import may_logical_rows
from tipmatrix.extract.cell_items import dashed_actions
from tipmatrix.extract.cells import Frag
from tipmatrix.extract.pdf_front import read_pdf
from tipmatrix.extract.provisions import ProvisionTracker
from tipmatrix.extract.rows import Cell, Row
from tipmatrix.extract.text_front import read_text
from tipmatrix.pipeline import source_records


def _parts(reading):
    """A front-end's reading as (layout, rows, coverage)."""
    return reading.layout, reading.rows, reading.coverage

FIXTURES = Path(__file__).parent / "fixtures"
FIRST_LINE = 187  # fixture line 1 is source line 187


def kinds(rec):
    return [f.split(":")[0] for f in rec.flags]


def test_no_body_is_carried_from_another_table_row():
    ex = source_records(FIXTURES / "nov-row-without-bodies.txt", "fx")
    got = [(r.source_lines[0] + FIRST_LINE - 1, r.provision, r.activity_ref, (r.activity or r.area)[:24], r.lead,
            r.bodies_raw) for r in ex.records]
    assert got == [
        (189, "H", "", "Create a venue where inv", ("SOMTC",), "Lead: SOMTC"),
        (189, "H", "", "Encourage all ASEAN memb", ("SOMTC",), "Lead: SOMTC"),
        (189, "H", "", "Tap the assistance of No", ("SOMTC",), "Lead: SOMTC"),
        # row K: "Lead: ASLOM" beside item 1, "Lead: SOMTC" (after the page break) beside 3.1;
        # area 2 in between has no body of its own
        (190, "K", "1.", "Conduct region-wide surv", ("ASLOM",), "Lead: ASLOM"),
        (193, "K", "2.", "Collaboration and coordi", (), ""),
        (193, "K", "3.1", "Law enforcers to familia", ("SOMTC",), "Lead: SOMTC"),
        # the row on 194/197 prints no body: nothing is borrowed from row K
        (194, "K", "4.1", "Workshops and seminars f", (), ""),
        # "... investigating TIP cases - Adopt and implement ...": the dash opens a second area
        (197, "K", "", "Adopt and implement appr", (), ""),
        (197, "K", "4.2", "HSU to interface with DG", (), ""),
        (197, "K", "4.3", "Tap the assistance of AS", (), ""),
    ]
    for rec in ex.records[4:]:
        if not rec.lead:
            assert "missing-lead" in kinds(rec), rec
    # 4.2 and 4.3 stay under 4.1's area, not the area the dash opened
    assert {r.area[:20] for r in ex.records[6:] if r.activity_ref.startswith("4.")} == {"Encouraging criminal"}


def test_an_area_listed_after_a_dash_is_its_own_record_with_its_note():
    ex = source_records(FIXTURES / "nov-row-without-bodies.txt", "fx")
    adopt = [r for r in ex.records if r.area.startswith("Adopt")]
    assert len(adopt) == 1
    assert adopt[0].area == ("Adopt and implement appropriate labour laws or other mechanisms that promote and "
                             "protect the interests and rights of workers to reduce risk of being trafficked.")
    assert adopt[0].activity == ""
    assert adopt[0].note == "(for Protection of Victims)"
    encouraging = next(r for r in ex.records if r.activity_ref == "4.1")
    assert encouraging.area == ("Encouraging criminal investigators, prosecutors, and law enforcers from around the "
                                "region to meet regularly and exchange best practices and experiences in "
                                "investigating TIP cases")


def test_a_dash_opens_an_area_only_before_an_action():
    assert dashed_actions("investigating TIP cases - Adopt and implement labour laws") == [(24, 3)]
    # "- Field Visit/ Country Visits": a sub-item of a May item the area took over, not an action
    assert dashed_actions("into ASEAN Agenda - Field Visit/ Country Visits") == []
    assert dashed_actions("- Adopt at the start is the area's own marker") == []


def _row(line: int, page: str, **cells: str) -> Row:
    return Row(cells=tuple(Cell(col, text, (line, line), page) for col, text in cells.items()))


def test_lines_group_into_table_rows():
    tracker = ProvisionTracker()
    rows = [
        _row(1, "1", provision="K. Intensify capacity building of law enforcers,", area="1. Conduct a survey",
             bodies="Lead: ASLOM"),
        # after a page break: the provision and the area go on, the body cell opens a group beside 3.1
        _row(2, "2", provision="officers and other personnel;", area="within the region. 2. Collaboration",
             activity="3.1 Law enforcers to familiarize", bodies="Lead: SOMTC"),
        # same page, a new item in the area column: a new table row
        _row(3, "2", area="Encouraging criminal", activity="4.1 Workshops and"),
        # the next page goes on in lower case, its body cell empty: the same row
        _row(4, "3", area="investigators, prosecutors", activity="seminars for criminal investigators"),
        # a wrapped line that opens nothing goes on with its row
        _row(5, "3", activity="Sharing of information"),
        # the first line of a page that opens a list item and carries nothing on: a new row
        _row(6, "4", area="1.4 ASEANAPOL", activity="1.4.1 Tap the existing mechanisms"),
    ]
    for row in rows:
        for cell in row.cells:
            if cell.column == "provision":
                tracker.feed(Frag(cell.text, cell.lines[0]))
    row_of = table_rows(rows, tracker)
    assert [row_of[line] for line in range(1, 7)] == [0, 0, 1, 1, 1, 2]


def test_a_merged_cell_does_not_take_the_lines_of_the_rows_below():
    """A PDF (corpus seed 34): the provision and area cells merge down three rows; the middle row
    prints no body, the next "Lead: DGICM". Each line is its own row's, so the middle row's item is
    not given the next row's body (an invented body, issue 20 class 4)."""
    box = (0.0, 0.0, 1.0, 1.0)
    rows = [
        Row(cells=(Cell("provision", "a. Reaffirm that the promotion", (7, 11), "1", box),
                   Cell("area", "Enhancing capacity for law enforcement", (7, 9), "1", box),
                   Cell("activity", "a) Monitoring, Evaluation and Reports", (7, 7), "1", box),
                   Cell("bodies", "Lead: SOMSWD and AICHR", (7, 7), "1", box))),
        Row(cells=(Cell("activity", "b) Develop a Regional Program", (9, 10), "1", box),)),
        Row(cells=(Cell("activity", "c) Linking/Uploading of SOMTC", (11, 13), "1", box),
                   Cell("bodies", "Lead: DGICM", (11, 11), "1", box))),
    ]
    tracker = ProvisionTracker(("a.",))
    tracker.feed(Frag("a. Reaffirm that the promotion", 7))
    row_of = table_rows(rows, tracker)
    assert [row_of[line] for line in range(7, 14)] == [0, 0, 1, 1, 2, 2, 2]


def test_the_next_area_number_with_a_lead_of_its_own_is_a_new_row():
    """A Word table (corpus seed 41): a row printing area "1." with no body, then one printing area
    "2." with its own "Lead:". The numbered area list goes on only on a line that opens no body group
    (line 180 of the November draft prints areas 2. and 3. alone)."""
    tracker = ProvisionTracker(("1.",))
    rows = [
        _row(18, "", provision="1. Strengthen capacity building", area="1. Annual Consultation",
             activity="1.1 Basic information flow and repository."),
        _row(19, "", area="2. Conduct thematic studies", activity="2.1 Maintenance of pool of trainers",
             bodies="Lead: AICHR Cooperating Sectoral Body: DGICM and SLOM"),
        _row(20, "", area="3. Tap the assistance of foreign diplomatic missions"),
    ]
    tracker.feed(Frag("1. Strengthen capacity building", 18))
    row_of = table_rows(rows, tracker)
    assert [row_of[line] for line in (18, 19, 20)] == [0, 1, 1]


# ------------------------------------------------------------------ property: bodies come from the record's row

ROOT = Path(__file__).parent.parent
SOURCES = {
    "2016-05": ROOT / "raw" / "000_77964c73432e17e8.txt",
    "2016-11": ROOT / "raw" / "001_fcb319b1d564dd03.txt",
    "office-2016-05": FIXTURES / "office" / "may-2016.pdf",
    "office-2016-11": FIXTURES / "office" / "nov-2016.pdf",
    "office-2016-11-bodies": FIXTURES / "office" / "nov-2016-bodies.pdf",
}


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _table_row_words(path: Path) -> dict[int, set[str]]:
    """Source line -> the words printed on every line of its table row (all columns)."""
    if path.suffix == ".pdf":
        layout, rows, _ = _parts(read_pdf(path))
    else:
        layout, rows, _ = _parts(read_text(path))
    out: dict[int, set[str]] = {}
    for _, section in pillar_sections(rows):
        tracker = ProvisionTracker()
        if layout == "may-2016":
            groups = may_logical_rows(section)
        else:
            nov_streams(section, tracker)
            row_of = table_rows(section, tracker)
            by_row: dict[int, list[Row]] = {}
            for row in section:
                by_row.setdefault(row_of[row.cells[0].lines[0]], []).append(row)
            groups = list(by_row.values())
        for group in groups:
            words = set().union(*(_words(c.text) for row in group for c in row.cells))
            for row in group:
                for cell in row.cells:
                    for line in range(cell.lines[0], cell.lines[1] + 1):
                        out[line] = words
    return out


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_body_shown_is_printed_in_the_records_own_table_row(source):
    """Every word of a record's bodies_raw is printed on the lines of the record's own table row."""
    draft = source.removeprefix("office-").removesuffix("-bodies")
    ex = source_records(SOURCES[source], draft)
    row_words = _table_row_words(SOURCES[source])
    checked = 0
    for rec in ex.records:
        if not rec.bodies_raw:
            continue
        label = rec.activity_ref.rstrip(").")
        if label and re.match(rf"{re.escape(label)}\)", rec.bodies_raw):
            continue  # "d)Lead: ..." beside "d)": the label pairs them where the rendition wrapped the row
        printed = row_words[rec.source_lines[0]]
        assert _words(rec.bodies_raw) <= printed, (rec.source_lines, rec.text[:40], rec.bodies_raw)
        checked += 1
    assert checked > (10 if source.endswith("-bodies") else 20)


# ------------------------------------------------------------------ page furniture of a text rendition

RUNNING = "Cross-Sectoral Matrix on TIP, draft of 5 October 2020"


def test_page_numbers_without_a_total_and_running_headers_are_furniture(tmp_path):
    """The fixture with a running header (no page number) above each page's column header and a
    footer "Page N" (no "of M") below each page, as later drafts print them (corpus seeds 2, 98,
    185): the same records as the plain fixture, and the furniture is boilerplate, not a record."""
    plain = (FIXTURES / "nov-row-without-bodies.txt").read_text(encoding="utf-8").splitlines()
    furnished: list[str] = []
    page = 0
    for line in plain:
        if line.startswith("Provisions of the ACTIP"):
            if page:
                furnished.append(f"Page {page}")
            page += 1
            furnished.append(RUNNING)
        furnished.append(line)
    furnished.append(f"Page {page}")
    assert page == 3
    path = tmp_path / "furnished.txt"
    path.write_text("\n".join(furnished), encoding="utf-8")
    want = source_records(FIXTURES / "nov-row-without-bodies.txt", "fx")
    got = source_records(path, "fx")
    assert [(r.activity, r.area, r.lead) for r in got.records] == [(r.activity, r.area, r.lead) for r in want.records]
    counts, plain_counts = got.counts(), want.counts()
    assert counts["unassigned"] == 0
    assert counts["boilerplate"] == plain_counts["boilerplate"] + 6


def test_a_lower_case_label_on_a_new_page_opens_a_row():
    """A provision "v." (or an item "a)") opening the first line of a page carries nothing on from
    the row the page break cut (corpus seed 47: the row before printed no body, and took this one's)."""
    tracker = ProvisionTracker(("i.",))
    rows = [
        _row(24, "2", provision="ii. Develop pro-active investigation methods", area="Capacity building",
             activity="a) Research on place of work", bodies="Lead: ASLOM CSB: SOM-ED and SOMHD"),
        _row(25, "2", provision="pro-active measures to gather evidence",
             activity="b) Develop a regional directory of service providers"),
        _row(30, "3", provision="v. Prosecute crimes of trafficking in persons", area="Sharing of Best Practices",
             activity="a) Conduct Workshop on Prevention Measures", bodies="Lead: ASLOM CSB: SOM-ED and ACWC"),
    ]
    for row in rows:
        tracker.feed(Frag(row.cells[0].text, row.cells[0].lines[0]))
    row_of = table_rows(rows, tracker)
    assert row_of[30] not in (row_of[24], row_of[25])


def test_a_wrapped_expected_outputs_cell_is_used_by_its_records(tmp_path):
    """A generated PDF (tests/corpus, seed 12): the Expected Outputs cell "Report to the SOMTC Working
    Group" wraps one line below its row's activity and body, so "Group" is printed alone on lines 51
    and 58. Those lines are the records' (lines used), not unassigned."""
    from corpus.generate import draw, write

    path, _ = write(draw(12, "pdf"), tmp_path)
    ex = source_records(path, "fx")
    assert [(c.line, c.text, c.status) for c in ex.coverage if c.line in (51, 58)] == [
        (51, "Group", "record"), (58, "Group", "record")]
    july = next(r for r in ex.records if r.activity.startswith("JULY 30"))
    assert (july.expected_outputs, 51 in july.lines_used) == ("Report to the SOMTC Working Group", True)
    assert ex.counts()["unassigned"] == 0


def test_a_status_cell_cut_by_a_page_break_is_one_cell(tmp_path):
    """A generated PDF (tests/corpus, seed 99): the Implementation Status cell "To be implemented in
    2019" of the row of activity 4 is cut by the page break; "in 2019" opens the next page (line 106).
    Both parts are the record's status, and line 106 is used, not unassigned."""
    from corpus.generate import draw, write

    path, _ = write(draw(99, "pdf"), tmp_path)
    ex = source_records(path, "fx")
    linking = next(r for r in ex.records if r.activity.startswith("Linking/Uploading of SOMTC activities to ACWC"))
    assert (linking.status, 106 in linking.lines_used) == ("To be implemented in 2019", True)
    assert ex.counts()["unassigned"] == 0
