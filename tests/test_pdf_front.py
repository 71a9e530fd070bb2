"""PDF front-end: matrices drawn by tests/pdf_builder.py read back as rows, coverage and records.

Every PDF here is drawn by the test builder (never by the project's exporter); expected values are
the texts put in, written out by hand.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pdfplumber
import pytest

from bench.pdf_bench import bench_pdf
from bench.pdf_builder import SPANNED, Heading, Look, build_matrix_pdf, build_text_pdf, records_to_rows
from tipmatrix.errors import InputError
from tipmatrix.extract import extract_file
from tipmatrix.extract.assemble import rows_to_records
from tipmatrix.extract.layouts import layout as declared_layout
from tipmatrix.extract.pdf_front import join_cell_lines, read_pdf
from tipmatrix.extract.rows import Row
from tipmatrix.model import Record

MAY_2016, NOV_2016 = "may-2016", "nov-2016"  # the 2016 layouts of extract/layouts.toml


def _parts(reading):
    """A front-end's reading as (layout, rows, coverage)."""
    return reading.layout, reading.rows, reading.coverage

# Short landscape pages, so a handful of rows already runs over page breaks.
SMALL = Look(page_size=(842, 320), margin=20)


def view(rows: list[Row], layout: str) -> list:
    """Rows as the test compares them: ("pillar", letter, heading) or {column: text} of filled cells."""
    out: list = []
    for row in rows:
        if row.pillar:
            out.append(("pillar", row.pillar, row.text("pillar")))
        else:
            out.append({c: row.text(c) for c in declared_layout(layout).roles if row.text(c)})
    return out


CAMPAIGNS = "\n".join(f"-Campaign in province {i}" for i in range(1, 21))
MAY_ROWS = [
    Heading("A. Prevention of TIP"),
    ("A. Increase awareness campaigns to educate all levels of society on trafficking in persons and its linkage"
     " to violation of human rights.", "", "",
     "- Linking/Uploading of SOMTC activities to ACWC website\n"
     "- Disseminate materials related to TIP (i.e. EVAC and EVAW)",
     "", "ACWC"),
    (SPANNED, "", "- Thematic Studies on the existing policies to prevent TIP",
     "• AICHR Workshop on Effective Communication Strategies\n• Workshop on Addressing Root causes of TIP",
     "-Public awareness campaign on TIP", "AICHR"),
    # 20 lines: this row is cut by the page break after its 8th line.
    (SPANNED, "- Ministries of Education to support the lead Ministries in dissemination of information in schools.",
     "", "", CAMPAIGNS, "SOM-ED"),
    Heading("B. Protection of Victims"),
    ("B. Continue capacity building of law enforcement, immigration, education, social welfare, labour and other"
     " relevant officials", "- ACWC may provide resource persons with expertise on gender-\nsensitive issues", "", "",
     "", "ACWC"),
    (SPANNED, "", "", "- Training for trainers for law enforcement agencies in the prevention of TIP.", "", "AICHR"),
]
PROVISION_A = ("A. Increase awareness campaigns to educate all levels of society on trafficking in persons and its"
               " linkage to violation of human rights.")
MAY_EXPECTED = [
    ("pillar", "A", "A. Prevention of TIP"),
    {"provision": PROVISION_A,
     "Training/Capacity Building": "- Linking/Uploading of SOMTC activities to ACWC website - Disseminate materials"
                                   " related to TIP (i.e. EVAC and EVAW)",
     "bodies": "ACWC"},
    {"Research Development": "- Thematic Studies on the existing policies to prevent TIP",
     "Training/Capacity Building": "• AICHR Workshop on Effective Communication Strategies • Workshop on Addressing"
                                   " Root causes of TIP",
     "Prevention": "-Public awareness campaign on TIP",
     "bodies": "AICHR"},
    {"Institutional Development": "- Ministries of Education to support the lead Ministries in dissemination of"
                                  " information in schools.",
     "Prevention": " ".join(f"-Campaign in province {i}" for i in range(1, 21)),
     "bodies": "SOM-ED"},
    ("pillar", "B", "B. Protection of Victims"),
    {"provision": "B. Continue capacity building of law enforcement, immigration, education, social welfare, labour"
                  " and other relevant officials",
     "Institutional Development": "- ACWC may provide resource persons with expertise on gender-sensitive issues",
     "bodies": "ACWC"},
    {"Training/Capacity Building": "- Training for trainers for law enforcement agencies in the prevention of TIP.",
     "bodies": "AICHR"},
]

TOPICS = "\n".join(f"• Topic {i} of the regional workshop" for i in range(1, 13))
PROVISION_L = ("Adopt and implement appropriate labour laws\nor other mechanisms that promote and protect\n"
               "the interests and rights of workers\nto reduce their risk\nof being trafficked.")
NOV_ROWS = [
    Heading("A. PREVENTION OF TIP"),
    ("A. Increase awareness campaigns to educate all levels of society on trafficking in persons",
     "Public awareness campaign on TIP and Legal processes of Migration",
     "- Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website", "",
     "Lead: SOMTC\nCSB: ACWC", ""),
    (SPANNED, SPANNED, "- Develop a tool for school heads and teachers on the identification and referral of"
     " victims of trafficking in persons.", "", "CSB: SOMTC & SOMED", ""),
    (SPANNED, "Regional Workshops on Prevention Strategies to combat TIP", "Conduct Regional Workshops on:\n" + TOPICS,
     "Workshop reports", "Lead: SOMSWD", "Ongoing"),
    (SPANNED, SPANNED, "- Publish an ASEAN Compendium of Migrant Workers Education Orientation Programs", "",
     "Lead: SLOM", ""),
    (PROVISION_L, "Sharing of Best Practices", "- Conduct seminars on Safe Migration Campaigns", "",
     "Lead: SLOM\nCSB: ASLOM", ""),
    (SPANNED, SPANNED, "- Share experience on border checkpoints", "", "Lead: DGICM", ""),
    Heading("B. PROTECTION OF VICTIMS"),
    ("B. Provide for a regional mechanism of victim identification", "Sharing of Information", "", "", "", ""),
]
NOV_EXPECTED = [
    ("pillar", "A", "A. PREVENTION OF TIP"),
    {"provision": "A. Increase awareness campaigns to educate all levels of society on trafficking in persons",
     "area": "Public awareness campaign on TIP and Legal processes of Migration",
     "activity": "- Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website",
     "bodies": "Lead: SOMTC CSB: ACWC"},
    {"activity": "- Develop a tool for school heads and teachers on the identification and referral of victims of"
                 " trafficking in persons.",
     "bodies": "CSB: SOMTC & SOMED"},
    {"area": "Regional Workshops on Prevention Strategies to combat TIP",
     "activity": "Conduct Regional Workshops on: " + " ".join(f"• Topic {i} of the regional workshop"
                                                             for i in range(1, 13)),
     "expected_outputs": "Workshop reports", "bodies": "Lead: SOMSWD", "status": "Ongoing"},
    {"activity": "- Publish an ASEAN Compendium of Migrant Workers Education Orientation Programs",
     "bodies": "Lead: SLOM"},
    {"provision": "Adopt and implement appropriate labour laws or other mechanisms that promote and protect the"
                  " interests and rights of workers to reduce their risk of being trafficked.",
     "area": "Sharing of Best Practices", "activity": "- Conduct seminars on Safe Migration Campaigns",
     "bodies": "Lead: SLOM CSB: ASLOM"},
    {"activity": "- Share experience on border checkpoints", "bodies": "Lead: DGICM"},
    ("pillar", "B", "B. PROTECTION OF VICTIMS"),
    {"provision": "B. Provide for a regional mechanism of victim identification", "area": "Sharing of Information"},
]


@pytest.fixture(scope="module")
def may_pdf(tmp_path_factory) -> Path:
    return build_matrix_pdf(tmp_path_factory.mktemp("pdf") / "may.pdf", MAY_2016, MAY_ROWS, SMALL)


@pytest.fixture(scope="module")
def nov_pdf(tmp_path_factory) -> Path:
    return build_matrix_pdf(tmp_path_factory.mktemp("pdf") / "nov.pdf", NOV_2016, NOV_ROWS, SMALL)


@pytest.fixture(scope="module")
def may_read(may_pdf) -> tuple:
    """The May test matrix read once for the tests that only look at the reading (immutable rows and coverage)."""
    return _parts(read_pdf(may_pdf))


def test_may_matrix_reads_back_row_by_row(may_read):
    layout, rows, _ = may_read
    assert layout == MAY_2016
    assert view(rows, layout) == MAY_EXPECTED


def test_row_cut_by_the_page_break_is_one_row_with_a_part_on_each_page(may_read):
    _, rows, _ = may_read
    cut = rows[3]
    parts = [(c.column, c.page) for c in cut.cells]
    assert parts == [("Institutional Development", "1"), ("Prevention", "1"), ("Prevention", "2"), ("bodies", "1")]
    first, second = [c for c in cut.cells if c.column == "Prevention"]
    assert first.text.endswith("-Campaign in province 8") and second.text.startswith("-Campaign in province 9")
    assert first.lines[1] < second.lines[0]


def test_november_matrix_reads_back_with_merged_cells_given_once(nov_pdf):
    layout, rows, _ = _parts(read_pdf(nov_pdf))
    assert layout == NOV_2016
    assert view(rows, layout) == NOV_EXPECTED
    # The area merged over the cut row restarts empty on page 2: nothing is given for it there.
    assert [(c.column, c.page) for c in rows[4].cells] == [("activity", "2"), ("bodies", "2")]


def test_merged_cell_text_flowing_onto_the_next_page_goes_to_the_row_where_it_starts(tmp_path):
    # Rows kept whole: the workshop row moves to page 2 and the provision's text runs on to page 3,
    # where it stands beside a new row ("Lead: DGICM").
    look = dataclasses.replace(SMALL, split_rows=False)
    _, rows, _ = _parts(read_pdf(build_matrix_pdf(tmp_path / "flow.pdf", NOV_2016, NOV_ROWS, look)))
    assert view(rows, NOV_2016) == NOV_EXPECTED
    provision = [(c.page, c.text) for c in rows[5].cells if c.column == "provision"]
    assert provision == [("2", "Adopt and implement appropriate labour laws"),
                         ("3", "or other mechanisms that promote and protect the interests and rights of workers to"
                               " reduce their risk of being trafficked.")]
    assert [(c.column, c.page) for c in rows[6].cells] == [("activity", "3"), ("bodies", "3")]


def test_landscape_page_stored_rotated_with_inside_borders_only(tmp_path):
    look = dataclasses.replace(SMALL, rotate_page=True, frame=False)
    path = build_matrix_pdf(tmp_path / "rotated.pdf", NOV_2016, NOV_ROWS, look)
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].rotation == 90
        # Without our outline, pdfplumber loses the unruled outer columns (and the header row):
        assert len(pdf.pages[0].extract_tables()[0][0]) == 4
    layout, rows, _ = _parts(read_pdf(path))
    assert layout == NOV_2016
    assert view(rows, layout) == NOV_EXPECTED


def test_body_names_printed_bottom_to_top_read_forwards(tmp_path):
    look = dataclasses.replace(SMALL, rotated_bodies=True)
    rows = [Heading("A. Prevention of TIP"), ("A. Provision text", "- Item one", "", "", "", "SOMTC"),
            (SPANNED, "", "- Item two", "", "", "SOM-ED")]
    _, got, _ = _parts(read_pdf(build_matrix_pdf(tmp_path / "vertical.pdf", MAY_2016, rows, look)))
    assert view(got, MAY_2016) == [
        ("pillar", "A", "A. Prevention of TIP"),
        {"provision": "A. Provision text", "Institutional Development": "- Item one", "bodies": "SOMTC"},
        {"Research Development": "- Item two", "bodies": "SOM-ED"},
    ]


@pytest.mark.parametrize("look", [dataclasses.replace(SMALL, rotated_bodies=True),
                                  dataclasses.replace(SMALL, rotate_page=True, frame=False)],
                         ids=["bodies-bottom-to-top", "page-stored-rotated"])
def test_our_lean_characters_are_pdfplumber_s_own_for_every_key_the_words_read(look, tmp_path):
    """pdf_pages.CharPage builds a character's dict itself (pdfplumber's costs more than pdfminer's parse):
    each key it gives holds pdfplumber's value, for upright, turned and rotated-page text alike, and the
    words and tables read from both pages are the same."""
    from tipmatrix.extract.pdf_pages import CharPage, scan_page

    path = build_matrix_pdf(tmp_path / "chars.pdf", MAY_2016, MAY_ROWS, look)
    upright = set()
    with pdfplumber.open(path) as pdf:
        assert {page.rotation for page in pdf.pages} == ({90} if look.rotate_page else {0})
        for page in pdf.pages:
            lean = CharPage.of(page)
            assert len(lean.chars) == len(page.chars) > 100
            assert [{k: c[k] for k in lean_char} for c, lean_char in zip(page.chars, lean.chars, strict=True)] \
                == lean.chars
            assert {"text", "x0", "x1", "top", "bottom", "doctop", "upright", "matrix", "size"} <= set(lean.chars[0])
            assert scan_page(lean) == scan_page(page)
            upright |= {c["upright"] for c in lean.chars}
    assert upright == ({True, False} if look.rotated_bodies else {True})


def test_a_provision_alone_in_its_row_is_not_a_pillar_heading(tmp_path):
    rows = [Heading("D. Regional and International Cooperation and Coordination"),
            ("D. Regional cooperation on border control.", "", "", "", "", ""),
            (SPANNED, "- Joint border patrol exercises", "", "", "", "SOMTC")]
    _, got, coverage = _parts(read_pdf(build_matrix_pdf(tmp_path / "lone.pdf", MAY_2016, rows, SMALL)))
    assert view(got, MAY_2016) == [
        ("pillar", "D", "D. Regional and International Cooperation and Coordination"),
        {"provision": "D. Regional cooperation on border control."},
        {"Institutional Development": "- Joint border patrol exercises", "bodies": "SOMTC"},
    ]
    assert [c.status for c in coverage if c.status == "pillar-heading"] == ["pillar-heading"]


def test_coverage_numbers_every_text_line_and_marks_boilerplate(tmp_path):
    rows = [Heading("A. Prevention of TIP"),
            ("A. Increase awareness", "- Strengthen the linkages\nwith Local Government Units", "", "", "",
             "SLOM (ACMW)")]
    _, got, coverage = _parts(read_pdf(build_matrix_pdf(tmp_path / "one.pdf", MAY_2016, rows, SMALL)))
    assert [(c.line, c.page, c.status, c.text) for c in coverage] == [
        (1, "1", "prose", "Possible Areas of Collaboration under the Framework of APA (test matrix)"),
        (2, "1", "header", "Provision Institutional Development Research Development Training/Capacity Building"
                           " Prevention Sectoral Body /"),
        (3, "1", "header", "Organ"),
        (4, "1", "pillar-heading", "A. Prevention of TIP"),
        (5, "1", "unassigned", "A. Increase awareness - Strengthen the linkages SLOM (ACMW)"),
        (6, "1", "unassigned", "with Local Government Units"),
        (7, "1", "footer", "Page 1 of 1"),
    ]
    # Cells name those line numbers, and where they are printed (x0, top, x1, bottom from the top-left).
    assert [(c.column, c.lines, c.page, c.bbox) for c in got[1].cells] == [
        ("provision", (5, 5), "1", (20.0, 82.0, 170.0, 108.0)),
        ("Institutional Development", (5, 6), "1", (170.0, 82.0, 320.0, 108.0)),
        ("bodies", (5, 5), "1", (700.0, 82.0, 790.0, 108.0)),
    ]
    assert got[0].cells[0].lines == (4, 4)


def test_every_line_of_a_multi_page_matrix_is_boilerplate_or_in_a_cell(may_read):
    _, rows, coverage = may_read
    assert [c.line for c in coverage] == list(range(1, len(coverage) + 1))
    in_cells = {n for r in rows if not r.pillar for c in r.cells for n in range(c.lines[0], c.lines[1] + 1)}
    assert in_cells == {c.line for c in coverage if c.status == "unassigned"}
    assert [(c.page, c.text) for c in coverage if c.status == "footer"] == [("1", "Page 1 of 2"), ("2", "Page 2 of 2")]


def test_cell_lines_are_joined_at_hyphens_and_soft_hyphens():
    assert join_cell_lines(["resource persons on gender-", "sensitive  issues"]) == \
        "resource persons on gender-sensitive issues"
    assert join_cell_lines(["prevention of traf\u00ad", "ficking", "", "- a list -", "item"]) == \
        "prevention of trafficking - a list - item"


# -- bad input ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def good_pdf_bytes(tmp_path_factory) -> bytes:
    rows = [Heading("A. Prevention of TIP"), ("A. Provision", "- Item", "", "", "", "ACWC")]
    return build_matrix_pdf(tmp_path_factory.mktemp("pdf") / "good.pdf", MAY_2016, rows, SMALL).read_bytes()


def _input_error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_pdf(path)
    assert caught.value.path == str(path)
    return caught.value.reason


def test_encrypted_pdf_is_an_input_error(tmp_path):
    path = build_matrix_pdf(tmp_path / "locked.pdf", MAY_2016, [("A. Provision", "", "", "", "", "ACWC")], SMALL,
                            encrypt="secret")
    assert _input_error(path) == "PDF is encrypted (password-protected); save an unprotected copy and extract that"


def test_corrupt_pdf_is_an_input_error(tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    assert _input_error(path) == ("not a readable PDF (PDFSyntaxError: No /Root object! - Is this really a PDF?);"
                                  " is the file truncated or corrupt?")


def test_truncated_pdf_is_an_input_error(tmp_path, good_pdf_bytes):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(good_pdf_bytes[: len(good_pdf_bytes) // 2])
    assert _input_error(path) == "not a readable PDF (PSEOF: Unexpected EOF); is the file truncated or corrupt?"


def test_pdf_with_text_but_no_table_is_an_input_error(tmp_path):
    path = build_text_pdf(tmp_path / "letter.pdf", ["Dear colleagues,", "the matrix follows under separate cover."])
    assert _input_error(path) == "no table found on any of its 1 page(s); is this the matrix?"


def test_table_with_an_unknown_header_is_an_input_error(tmp_path, monkeypatch):
    import bench.pdf_builder as builder

    monkeypatch.setitem(builder.HEADERS, "budget", ("Item", "Q1", "Q2", "Q3", "Q4", "Total"))
    path = build_matrix_pdf(tmp_path / "budget.pdf", "budget", [("Travel", "1", "2", "3", "4", "10")], SMALL)
    assert _input_error(path) == ("table header not recognised as a known matrix layout:"
                                  " 'Item | Q1 | Q2 | Q3 | Q4 | Total'; nearest is the May 2016 layout (0 of 6"
                                  " columns recognised: no column for 'Item | Q1 | Q2 | Q3 | Q4 | Total'; its column"
                                  " 'Provision | Institutional Development | Research Development | Training/Capacity"
                                  " Building | Prevention | Sectoral Body / Organ' is missing). If it is a new wording"
                                  " of that layout, add its headings to extract/layouts.toml (page 1)")


# -- records -> PDF -> rows -> records ----------------------------------------------------------

def _rec(draft: str, pillar: str, provision: str, provision_text: str, activity: str, lead: tuple[str, ...],
         **fields) -> Record:
    return Record(draft=draft, pillar=pillar, provision=provision, provision_text=provision_text, activity=activity,
                  source_file="", source_lines=(0, 0), lead=lead, **fields)


P_A = ("Increase awareness campaigns to educate all levels of society on trafficking in persons and its linkage to"
       " violation of human rights.")
P_B = "Continue capacity building of law enforcement, immigration, education, social welfare and labour officials."
P_D = "Provide for a regional mechanism of victim identification."
MAY_RECORDS = [
    _rec("2016-05", "A", "A", P_A, "Linking/Uploading of SOMTC activities to ACWC website", ("ACWC",),
         category="Training/Capacity Building", bodies_raw="ACWC"),
    _rec("2016-05", "A", "A", P_A, "Disseminate materials related to TIP (i.e. EVAC and EVAW)", ("ACWC",),
         category="Training/Capacity Building", bodies_raw="ACWC"),
    _rec("2016-05", "A", "A", P_A, "Thematic Studies on the existing policies to prevent TIP.", ("AICHR",),
         category="Research Development", bodies_raw="AICHR"),
    *[_rec("2016-05", "A", "A", P_A, f"Campaign in province number {i} with schools and communes", ("SOM-ED",),
           category="Prevention", bodies_raw="SOM-ED") for i in range(1, 11)],
    _rec("2016-05", "B", "B", P_B, "Training for trainers for law enforcement agencies in the prevention of TIP.",
         ("SLOM (ACMW)",), category="Training/Capacity Building", bodies_raw="SLOM (ACMW)"),
]
NOV_RECORDS = [
    _rec("2016-11", "A", "A", P_A, "Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC"
         " Website", ("SOMTC",), cooperating=("ACWC",), area="Public awareness campaign on TIP",
         bodies_raw="Lead: SOMTC CSB: ACWC"),
    _rec("2016-11", "A", "A", P_A, "Develop a tool for school heads and teachers on the identification and referral"
         " of victims of trafficking in persons.", ("SOMTC",), area="Public awareness campaign on TIP",
         bodies_raw="Lead: SOMTC"),
    *[_rec("2016-11", "A", "A", P_A, f"Conduct research number {i} on the trends of TIP cases in the region",
           ("SLOM",), cooperating=("AICHR",), area="Conduct thematic studies on TIP and related issues",
           bodies_raw="Lead: SLOM CSB: AICHR") for i in range(1, 9)],
    _rec("2016-11", "B", "A", P_D, "Develop and maintain a roster of regional experts", ("SOMTC",),
         area="Provision of resource persons", bodies_raw="Lead: SOMTC"),
]


def _compare(rec: Record) -> tuple:
    return (rec.pillar, rec.provision, rec.provision_text, rec.area, rec.category, rec.activity, rec.kind,
            rec.lead, rec.cooperating, rec.bodies_raw)


@pytest.mark.parametrize("layout, records", [(MAY_2016, MAY_RECORDS),
                                             (NOV_2016, NOV_RECORDS)], ids=["may", "nov"])
def test_records_survive_a_trip_through_a_pdf(tmp_path, layout, records):
    path = build_matrix_pdf(tmp_path / "matrix.pdf", layout, records_to_rows(records, layout), SMALL)
    got_layout, rows, _ = _parts(read_pdf(path))
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2  # the trip crosses page breaks
    back = rows_to_records(rows, got_layout, records[0].draft, path.name)
    assert [_compare(r) for r in back] == [_compare(r) for r in records]


def test_extraction_of_a_pdf_uses_every_line_of_its_cells(may_pdf):
    """The pipeline's audit: records claim every cell line (via Cell.lines), the rest is boilerplate."""
    extraction = extract_file(may_pdf, "2016-05")
    assert [(c.line, c.text) for c in extraction.coverage if c.status == "unassigned"] == []
    assert extraction.counts() == {"records": 29, "lines": 46, "used": 37, "boilerplate": 9, "unassigned": 0,
                                  "dropped": 0}


def test_bench_times_both_readers_on_the_same_file(good_pdf_bytes, tmp_path):
    """On the one-page matrix of the bad-input tests, not the two-page May matrix: what is checked is
    what the bench returns, which a page shows as well as two (each reading of may.pdf cost 0.15 s)."""
    path = tmp_path / "good.pdf"
    path.write_bytes(good_pdf_bytes)
    result = bench_pdf(path, repeat=1)
    assert result["pages"] == 1 and result["file"] == str(path)
    assert result["read_pdf_s"] > 0 and result["pdfplumber_extract_tables_s"] > 0
    assert set(result) == {"file", "pages", "read_pdf_s", "pdfplumber_extract_tables_s", "ratio"}
    assert result["ratio"] == result["read_pdf_s"] / result["pdfplumber_extract_tables_s"]


def test_a_slightly_reworded_header_still_tells_the_layout():
    from tipmatrix.extract.pdf_front import _header_layout

    may = ["Provision", "Institutional Development", "Research Development", "Training/Capacity Building",
           "Prevention", "Sectoral Body/Organ"]
    nov = ["Provisions of ACTIP / Sections of APA",
           "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
           "Proposed Programme/Project/Activities for 2016-2020", "Expected Outputs",
           "Lead Sectoral Body/ Cooperating Sectoral Body", "Implementation Status"]
    assert _header_layout(may) == MAY_2016
    assert _header_layout(nov) == NOV_2016
    assert _header_layout(["A. Increase awareness", "- Thematic studies", "", "", "", "ACWC"]) is None
    assert _header_layout(may[:5]) is None


def test_a_bug_in_our_page_code_is_not_reported_as_a_bad_pdf(monkeypatch, may_pdf):
    import extract.pdf_pages as pages

    namespace: dict = {}
    # a function whose code lives in pdf_pages.py, as our own page code does
    exec(compile("def broken(page):\n    raise KeyError('our bug')\n", pages.__file__, "exec"), namespace)
    monkeypatch.setattr(pages, "scan_page", namespace["broken"])
    with pytest.raises(KeyError, match="our bug"):
        pages.scan_pdf(may_pdf)


def test_a_title_row_above_the_first_header_row_is_skipped():
    from tipmatrix.extract.pdf_front import _header_row_index, _Words
    from tipmatrix.extract.pdf_pages import Word

    header = ["Provision", "Institutional Development", "Research Development", "Training/Capacity Building",
              "Prevention", "Sectoral Body / Organ"]
    # row 0: one wide title cell; row 1: the header, one word-run per cell (one cell = 100 pt wide)
    title_box = (0.0, 0.0, 600.0, 20.0)
    boxes = [(100.0 * i, 20.0, 100.0 * (i + 1), 40.0) for i in range(6)]
    words = [Word("Possible Areas of Collaboration", 10, 5, 300, 15)]
    words += [Word(text, x0 + 5, 25, x1 - 5, 35) for text, (x0, _, x1, _) in zip(header, boxes, strict=True)]
    table = [[title_box, None, None, None, None, None], boxes, boxes]
    assert _header_row_index(table, _Words([(w, n) for n, w in enumerate(words, start=1)])) == 1
    # no header among the first rows: row 0 is reported as the unrecognised header
    assert _header_row_index([[title_box], [title_box]], _Words([(words[0], 1)])) == 0
