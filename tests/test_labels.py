"""Labels in any style the family prints (issue 20): provisions "A.", "a.", "(a)", "A)", "1.", "i.";
pillar headings in capitals or not, with or without "Pillar"; items numbered, lettered, dashed or
bulleted; activity references "1.1", "1.1.1", "a)", "a.1)".

The text renditions are lines 200 and 202-211 of the November draft (raw/001_fcb319b1d564dd03.txt,
tests/fixtures/labels-nov-pillar-D.txt), with the provision and pillar labels printed in each style;
the PDFs (bench/pdf_builder.py) and Word documents (tests/office_matrix.py) hold the same three
provisions. Expected values are written out by hand from those lines.
"""

from __future__ import annotations

from pathlib import Path

import office_matrix
import pytest
from office_score import load_expected, score
from shared_readings import shared_pdf_scans  # noqa: F401  (each PDF's pages read once per run)

from bench.pdf_builder import Heading, build_matrix_pdf
from tipmatrix.extract import extract_file
from tipmatrix.extract.cells import Frag
from tipmatrix.extract.labels import (
    PROVISION_STYLES,
    pillar_heading,
    provision_key,
    provision_letter,
    ref_number,
)
from tipmatrix.extract.layouts import layout
from tipmatrix.extract.provisions import ProvisionTracker
from tipmatrix.pipeline import source_records

NOV_2016 = "nov-2016"  # the November 2016 layout of extract/layouts.toml

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "labels-nov-pillar-D.txt"
ALL = tuple(PROVISION_STYLES)

# Each style: how it prints provisions A, B and C of a pillar.
STYLES: dict[str, tuple[str, str, str]] = {
    "A.": ("A.", "B.", "C."),
    "a.": ("a.", "b.", "c."),
    "(a)": ("(a)", "(b)", "(c)"),
    "A)": ("A)", "B)", "C)"),
    "1.": ("1.", "2.", "3."),
    "i.": ("i.", "ii.", "iii."),
}


# ---------------------------------------------------------------- the grammar


@pytest.mark.parametrize("style", list(STYLES))
def test_each_provision_style_reads_as_the_canonical_letter(style):
    assert [provision_letter(label, ALL) for label in STYLES[style]] == ["A", "B", "C"]


def test_provision_labels_of_the_renditions_and_the_far_end_of_the_list():
    # Cyrillic look-alikes as the renditions print them, a space before the point, the twelfth provision
    assert [provision_letter(label, ALL) for label in ("В.", "С.", "B .", "L.", "12.", "xii.", "(l)")] == [
        "B", "C", "B", "L", "L", "L", "L"]
    # "i." is the ninth letter after "h.", the first numeral anywhere else
    assert provision_letter("i.", ALL, previous="H") == "I"
    assert provision_letter("i.", ALL) == "A"
    # a style the layout does not declare is no label
    assert provision_letter("(b)", ("A.",)) == ""
    assert provision_key("C", "B") == "C.B" and provision_key("C", "") == ""


@pytest.mark.parametrize(("text", "pillar", "label"), [
    ("A. Prevention of TIP", "A", "A."),
    ("A. PREVENTION OF TIP", "A", "A."),
    ("PILLAR A: PREVENTION", "A", "PILLAR A:"),
    ("Pillar 1 - Prevention", "A", "Pillar 1 -"),
    ("b. protection of victims", "B", "b."),
    ("II. PROTECTION OF VICTIMS", "B", "II."),
    ("Pillar C: Law Enforcement and Prosecution of Crimes of Trafficking in Persons", "C", "Pillar C:"),
    ("Prevention of Trafficking in Persons", "A", ""),
    # a heading cut by a narrow cell, as line 202 of the November draft prints it
    ("D. Regional and II nternational Cooperation and Co oordination", "D", "D."),
])
def test_pillar_headings_in_every_style(text, pillar, label):
    heading = pillar_heading(text)
    assert heading is not None and (heading.pillar, heading.label) == (pillar, label)


@pytest.mark.parametrize("text", [
    "D. Regional cooperation to prevent and combat trafficking",  # a provision, not a heading
    "- Protection of victims in drafting SOP via workshop",  # a May list item (line 61 of May)
    "IV. Action Plans",
    "2. Protection of victims in shelters run by the State",  # a numbered area, not pillar "II."
    "1. Prevention of trafficking through community campaigns",
    "Prevention campaigns in schools",
    "The Pillar of the plan",
])
def test_text_that_is_no_pillar_heading(text):
    assert pillar_heading(text) is None


def test_activity_reference_numbers():
    assert [ref_number(r) for r in ("1.1", "1.1.1", "2.", "3)", "a)", "a.1)")] == [
        (1, 1), (1, 1, 1), (2,), (3,), (), ()]


def test_layouts_declare_the_provision_styles_they_print():
    assert layout(NOV_2016).labels.provision == ALL
    assert layout("may-2016").labels.provision == ALL  # the May-shaped drafts letter them as the family does


@pytest.mark.parametrize("style", [s for s in STYLES if s != "A."])
def test_may_rendition_provisions_in_each_style(tmp_path, style):
    """tests/fixtures/may-two-column-page.txt (the May draft's page 16) with its provisions "A.", "В."
    (Cyrillic) and "C." printed in another style: the same records, under the same letters."""
    a, b, c = STYLES[style]
    lines = (FIXTURES / "may-two-column-page.txt").read_text(encoding="utf-8").split("\n")
    assert (lines[2][:3], lines[4][:3], lines[14][:3]) == ("A. ", "\u0412.\t", "C.\t")
    lines[2], lines[4], lines[14] = f"{a} {lines[2][3:]}", f"{b}\t{lines[4][3:]}", f"{c}\t{lines[14][3:]}"
    records = records_of_text(tmp_path, "\n".join(lines))
    assert [(r.provision, r.provision_label_printed, r.activity[:20]) for r in records] == [
        ("A", a, "Research on Issue on"), ("A", a, "Trainings and Schola"), ("A", a, "Open Opinion Boxes"),
        ("B", b, "Explore the use of b"), ("C", c, "Common Operational S"), ("C", c, "Law enforcements on "),
        ("C", c, "Strict control on La"),
    ]


def test_a_provision_label_alone_trailing_or_embedded_in_any_style():
    tracker = ProvisionTracker(ALL)
    for number, text in enumerate(["ii.", "Render to one another ...; (c) Utilise cooperation ...", "the Treaty. 4."],
                                  start=1):
        tracker.feed(Frag(text, number))
    assert [(p.letter, p.label, p.text) for p in tracker.provisions] == [
        ("B", "ii.", "Render to one another ...;"), ("C", "(c)", "Utilise cooperation ... the Treaty."),
        ("D", "4.", ""),
    ]


# ---------------------------------------------------------------- text renditions


def relabel(text: str, style: str, pillar: str = "") -> str:
    """The base fixture with its provision labels "A.", "B.", "C." printed in `style`, and its pillar
    heading line (cut in three cells) printed as `pillar` in one cell when given."""
    a, b, c = STYLES[style]
    lines = text.split("\n")
    if pillar:
        lines[1] = f"\t{pillar}\t\t\t\t"
    lines[2] = lines[2].replace("A. Strengthen", f"{a} Strengthen", 1)
    lines[5] = lines[5].replace("trafficking in persons. B.\t", f"trafficking in persons. {b}\t", 1)
    lines[7] = lines[7].replace("C. Utilise", f"{c} Utilise", 1)
    return "\n".join(lines)


def records_of_text(tmp_path: Path, text: str):
    path = tmp_path / "labels.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(path, "fx").records


def test_the_base_fixture_is_the_november_draft_as_printed():
    raw = (Path(__file__).parent.parent / "raw" / "001_fcb319b1d564dd03.txt").read_text(encoding="utf-8").splitlines()
    assert BASE.read_text(encoding="utf-8").splitlines() == [raw[199], *raw[201:211]]
    # and relabelling in the style it prints changes nothing
    assert relabel(BASE.read_text(encoding="utf-8"), "A.") == BASE.read_text(encoding="utf-8")


# (provision letter, label as printed, activity ref, activity's first words, lead) of each record of
# pillar D, read by hand from lines 203-211.
def expected_d(style: str) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    a, b, c = STYLES[style]
    return [
        ("A", a, "", "", ()),  # "Research on Issue ...": an area with nothing beside it
        ("A", a, "2.1", "Tapping existing program", ("ASLOM",)),
        ("B", b, "1.1", "Expand the coverage of e", ("ASLOM",)),
        ("B", b, "1.2", "Maximize utilizing the u", ("SOMTC",)),
        ("C", c, "1.1", "Explore possible coopera", ("SOMTC",)),
        ("C", c, "1.2", "Establish regional regis", ("SOMTC",)),
    ]


@pytest.mark.parametrize("style", list(STYLES))
def test_text_rendition_provisions_in_each_style(tmp_path, style):
    records = records_of_text(tmp_path, relabel(BASE.read_text(encoding="utf-8"), style))
    got = [(r.provision, r.provision_label_printed, r.activity_ref, r.activity[:24], r.lead)
           for r in records if r.pillar == "D"]
    assert got == expected_d(style)
    assert not any("missing-provision" in f for r in records if r.pillar == "D" for f in r.flags)


@pytest.mark.parametrize("heading", [
    "PILLAR D: REGIONAL AND INTERNATIONAL COOPERATION AND COORDINATION",
    "Pillar 4 - Regional and International Cooperation and Coordination",
    "d. regional and international cooperation and coordination",
    "IV. Regional and International Cooperation and Coordination",
])
def test_text_rendition_pillar_heading_in_each_style(tmp_path, heading):
    records = records_of_text(tmp_path, relabel(BASE.read_text(encoding="utf-8"), "(a)", pillar=heading))
    assert [r.pillar for r in records] == ["D"] * 6


# ---------------------------------------------------------------- PDF and Word


PROVISIONS = (
    "Strengthen capacity building activities for the purposes of improving the preparation and receiving of"
    " requests relating to mutual legal assistance, extradition and cross-border law enforcement cooperation to"
    " prevent and combat trafficking in persons.",
    "Render to one another the widest possible measure of mutual legal assistance in criminal matters to"
    " prosecute and punish crimes of trafficking in persons.",
    "Utilise international cooperation, including through mutual legal assistance in accordance with the"
    " provisions of the Treaty on Mutual Legal Assistance in Criminal Matters.",
)


def office_rows(style: str, heading: str = "D. Regional and International Cooperation and Coordination") -> list:
    """Pillar D's three provisions (lines 203-211 of the November draft, OCR damage undone), one row
    each, labelled in `style` (the pillar heading as the PDF builder takes it)."""
    a, b, c = STYLES[style]
    return [
        Heading(heading),
        (f"{a} {PROVISIONS[0]}", "Trainings and Scholarships in extradition and cross-border law enforcement",
         "2.1 Tapping existing programs of the Bali Process on TIP", "", "Lead: ASLOM", ""),
        (f"{b} {PROVISIONS[1]}", "1. Explore the use of bilateral and multilateral extradition",
         "1.1 Expand the coverage of existing extradition treaties", "", "Lead: ASLOM", ""),
        (f"{c} {PROVISIONS[2]}", "More engagement with dialogue partners and other international agencies",
         "1.1 Explore possible cooperation activities with AAPTIP, UNODC, IOM", "", "Lead: SOMTC", ""),
    ]


def build_docx(path: Path, rows: list) -> Path:
    """The rows as a Word document (tests/office_matrix.py, which has its own heading rows)."""
    rows = [office_matrix.Heading(r.text) if isinstance(r, Heading) else r for r in rows]
    return office_matrix.build_docx(path, NOV_2016, rows)


def office_expected(style: str) -> list[tuple[str, str, str, str]]:
    a, b, c = STYLES[style]
    return [("D", "A", a, "Tapping existing program"), ("D", "B", b, "Expand the coverage of e"),
            ("D", "C", c, "Explore possible coopera")]


def office_records(path: Path):
    records = extract_file(path, "fx").records
    return [(r.pillar, r.provision, r.provision_label_printed, r.activity[:24]) for r in records]


@pytest.mark.parametrize("style", list(STYLES))
def test_pdf_provisions_in_each_style(tmp_path, style):
    pdf = build_matrix_pdf(tmp_path / "labels.pdf", NOV_2016, office_rows(style))
    assert office_records(pdf) == office_expected(style)


@pytest.mark.parametrize("style", list(STYLES))
def test_word_provisions_in_each_style(tmp_path, style):
    docx = build_docx(tmp_path / "labels.docx", office_rows(style))
    assert office_records(docx) == office_expected(style)


@pytest.mark.parametrize("heading", [
    "PILLAR D: REGIONAL AND INTERNATIONAL COOPERATION AND COORDINATION",
    "Pillar 4 - Regional and International Cooperation and Coordination",
    "d. regional and international cooperation and coordination",
])
def test_pdf_and_word_pillar_heading_in_each_style(tmp_path, heading):
    rows = office_rows("(a)", heading)
    pdf = build_matrix_pdf(tmp_path / "labels.pdf", NOV_2016, rows)
    docx = build_docx(tmp_path / "labels.docx", rows)
    assert office_records(pdf) == office_records(docx) == office_expected("(a)")


# ---------------------------------------------------------------- items and activity references

ITEMS = {
    "numbered": ("1. Workshop on victim identification\n2. Guidelines on shelters", ("1.", "2.")),
    "lettered": ("a) Workshop on victim identification\nb) Guidelines on shelters", ("a)", "b)")),
    "dashed": ("- Workshop on victim identification\n- Guidelines on shelters", ("", "")),
    "bulleted": ("• Workshop on victim identification\n• Guidelines on shelters", ("", "")),
    "square bullets": ("\u25aa Workshop on victim identification\n\u25aa Guidelines on shelters", ("", "")),
    "sub-numbered": ("1.1 Workshop on victim identification\n1.1.1 Guidelines on shelters", ("1.1", "1.1.1")),
    "sub-lettered": ("a.1) Workshop on victim identification\na.2) Guidelines on shelters", ("a.1)", "a.2)")),
}


@pytest.mark.parametrize("kind", list(ITEMS))
def test_items_in_each_style_are_two_activities(tmp_path, kind):
    cell, refs = ITEMS[kind]
    rows = [Heading("B. Protection of Victims"),
            (f"(a) {PROVISIONS[1]}", "Sharing of Information", cell, "", "Lead: SOMTC", "")]
    for path in (build_matrix_pdf(tmp_path / "items.pdf", NOV_2016, rows),
                 build_docx(tmp_path / "items.docx", rows)):
        got = [(r.provision, r.activity_ref, r.activity, r.lead) for r in extract_file(path, "fx").records]
        assert got == [("A", refs[0], "Workshop on victim identification", ("SOMTC",)),
                       ("A", refs[1], "Guidelines on shelters", ("SOMTC",))], path.suffix


# ---------------------------------------------------------------- an office suite's documents

OFFICE = FIXTURES / "office"


@pytest.mark.parametrize("name", ["bohol-2017-labels.pdf", "bohol-2017-labels.docx"])
def test_the_bohol_plan_labelled_as_the_endorsed_plan_reads_as_the_plain_one(name):
    """tests/bohol_labels.py: the Bohol test plan (LibreOffice's PDF and its Word document) with
    provisions "(a)", "(b)" ... and headings "PILLAR A: PREVENTION OF TIP". Before labels.py every
    record lost its pillar and its provision; now every field is right, and each lettered provision
    keeps its label as printed."""
    extraction = source_records(OFFICE / name, "2017-11")
    expected = load_expected(OFFICE / "expected-2017-11.jsonl")
    result = score(expected, list(extraction.records))
    assert (result.found, result.misses, result.wrong, result.extra) == (len(expected), [], [], [])
    assert result.fields_share == 1.0 and len(extraction.records) == 43
    assert extraction.counts()["unassigned"] == 0
    assert {(r.provision, r.provision_label_printed) for r in extraction.records} == {
        ("", ""), ("A", "(a)"), ("B", "(b)"), ("D", "(d)"), ("E", "(e)"), ("L", "(l)")}
