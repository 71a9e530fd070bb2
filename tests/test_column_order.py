"""Columns found by their headings in whatever order they stand, in every front-end; and a third layout
that is only a declaration (tests/fixtures/layouts/work-plan.toml).

The column-order documents are the 2016 test matrices of test_pdf_front (MAY_ROWS, NOV_ROWS, whose
readings are checked there against hand-written rows) with two columns swapped, header included: the
November "Lead ..." column before "Expected Outputs", the May "Research Development" column before
"Institutional Development". Each is built as a PDF (reportlab), a Word document (python-docx) and a
text rendition (TAB-separated cells), and must read exactly as the same document in the declared order:
the same rows, column by column, and the same records. The Word and PDF builders need no office suite.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from office_matrix import _fill, _set, _tc_property, landscape_document

# each PDF's pages read, and each source extracted, once per run
from shared_readings import shared_extractions, shared_pdf_scans  # noqa: F401
from test_pdf_front import MAY_EXPECTED, MAY_ROWS, NOV_EXPECTED, NOV_ROWS, SMALL, view

from bench.pdf_builder import SPANNED, Heading, Look, build_matrix_pdf
from tipmatrix.errors import InputError
from tipmatrix.extract import extract_file, layouts, read_source_file
from tipmatrix.extract.layouts import layout, layout_of_header
from tipmatrix.model import record_to_row
from tipmatrix.normalize.reconcile import reconcile

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
MAY, NOV = "may-2016", "nov-2016"
PDF_WIDTHS = {MAY: (150, 140, 140, 140, 110, 90), NOV: (150, 150, 150, 120, 110, 90)}
WORD_WIDTHS_MM = {MAY: (52, 46, 46, 46, 46, 29), NOV: (50, 52, 72, 26, 40, 25)}
# The swap each layout is printed with: (column, column), by position in the declared order.
SWAPS = {NOV: (3, 4), MAY: (1, 2)}


def swapped(items: tuple | list, pair: tuple[int, int]) -> tuple:
    """A row (or header, or widths) with two positions exchanged; a heading row as it is."""
    if isinstance(items, Heading):
        return items
    out = list(items)
    i, j = pair
    out[i], out[j] = out[j], out[i]
    return tuple(out)


def build_pdf(path: Path, layout_id: str, headers: tuple[str, ...], rows: list, widths: tuple[float, ...]) -> Path:
    look = Look(page_size=SMALL.page_size, margin=SMALL.margin, col_widths=widths, font_size=7.0, leading=9.0)
    body = next(i for i, h in enumerate(headers) if h == layout(layout_id).column("bodies").heading)
    return build_matrix_pdf(path, layout_id, rows, look, headers=headers, body=body)


def build_word(path: Path, headers: tuple[str, ...], rows: list, widths_mm: tuple[float, ...]) -> Path:
    """A Word matrix as the secretariat's tables are: header row repeated (w:tblHeader), pillar headings
    merged across the row, provision and area cells merged down (w:vMerge) where a row says SPANNED."""
    from docx.shared import Mm

    doc = landscape_document("Arial", 9, top_mm=15)
    doc.add_paragraph("Work plan (test matrix)")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    widths = [Mm(w) for w in widths_mm]
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        _fill(cell, text, bold=True)
    for k, row in enumerate(rows):
        tr = table.add_row()
        if isinstance(row, Heading):
            _fill(tr.cells[0].merge(tr.cells[-1]), row.text, bold=True)
            continue
        following = rows[k + 1] if k + 1 < len(rows) else None
        for j, (cell, value) in enumerate(zip(tr.cells, row, strict=True)):
            cell.width = widths[j]
            if value is SPANNED:
                _tc_property(cell, "w:vMerge")
                continue
            if isinstance(following, tuple) and following[j] is SPANNED:
                _tc_property(cell, "w:vMerge", val="restart")
            _fill(cell, value)
    doc.save(path)
    return path


def build_text(path: Path, headers: tuple[str, ...], rows: list) -> Path:
    """A text rendition: the header line and each row as TAB-separated cells, one line per row."""
    lines = ["Work plan (test matrix)", "\t".join(headers)]
    for row in rows:
        if isinstance(row, Heading):
            lines.append(row.text)
        else:
            lines.append("\t".join("" if v is SPANNED else " ".join(v.split()) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(kind: str, path: Path, layout_id: str, headers: tuple[str, ...], rows: list, pair: tuple[int, int] | None):
    """The document of `kind` (pdf, docx, txt), its columns swapped by `pair` (None: as declared)."""
    widths = {"pdf": PDF_WIDTHS, "docx": WORD_WIDTHS_MM}.get(kind, {}).get(layout_id, ())
    if pair is not None:
        headers, rows = swapped(headers, pair), [swapped(r, pair) for r in rows]
        widths = swapped(widths, pair) if widths else widths
    if kind == "pdf":
        return build_pdf(path.with_suffix(".pdf"), layout_id, headers, rows, widths)
    if kind == "docx":
        return build_word(path.with_suffix(".docx"), headers, rows, widths)
    return build_text(path.with_suffix(".txt"), headers, rows)


ROWS = {MAY: MAY_ROWS, NOV: NOV_ROWS}
EXPECTED = {MAY: MAY_EXPECTED, NOV: NOV_EXPECTED}


def test_the_swapped_headers_are_the_issue_s_refused_ones_and_now_read():
    nov = swapped(layout(NOV).headings, SWAPS[NOV])
    assert nov[3:5] == ("Lead Sectoral Body/ Cooperating Sectoral Body", "Expected Outputs")
    assert layout_of_header(list(nov)).roles == ("provision", "area", "activity", "bodies", "expected_outputs",
                                                 "status")
    may = swapped(layout(MAY).headings, SWAPS[MAY])
    assert layout_of_header(list(may)).roles == ("provision", "Research Development", "Institutional Development",
                                                 "Training/Capacity Building", "Prevention", "bodies")
    # words broken inside narrow header cells are still tolerated, in any order
    broken = ["Provisions of the ACTIP / Sections of APA", "Imple menta tion Statu s", "Expect ed Output s",
              "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
              "Lead Sectoral Body/ Cooperating Sectoral Body",
              "Proposed Programme /Project / Activities for 2016 - 2020"]
    assert layout_of_header(broken).roles == ("provision", "status", "expected_outputs", "area", "bodies", "activity")


def test_a_header_is_refused_naming_the_column_missing_or_the_heading_no_layout_knows():
    cells = list(layout(NOV).headings)
    cells[4] = "Budget (USD)"
    match = layout_of_header(cells)
    assert not match
    assert (match.nearest, match.missing, match.unknown) == (NOV, ("Lead Sectoral Body/ Cooperating Sectoral Body",),
                                                             ("Budget (USD)",))
    assert "(5 of 6 columns recognised: no column for 'Budget (USD)'; its column 'Lead Sectoral Body/ Cooperating" \
           " Sectoral Body' is missing)" in match.refusal()
    # the same heading twice is one column missing, whatever order the rest stands in
    twice = swapped(layout(MAY).headings, (0, 5))[:5] + ("Prevention",)
    refused = layout_of_header(list(twice))
    assert (refused.missing, refused.unknown) == (("Provision",), ("Prevention",))


@pytest.mark.parametrize("kind", ["pdf", "docx", "txt"])
@pytest.mark.parametrize("layout_id", [NOV, MAY])
def test_columns_in_another_order_read_as_the_declared_order(layout_id, kind, tmp_path):
    headers = layout(layout_id).headings
    declared = build(kind, tmp_path / "declared", layout_id, headers, ROWS[layout_id], None)
    other = build(kind, tmp_path / "swapped", layout_id, headers, ROWS[layout_id], SWAPS[layout_id])
    first, second = read_source_file(declared), read_source_file(other)
    assert (first.layout, second.layout) == (layout_id, layout_id)
    assert view(second.rows, layout_id) == view(first.rows, layout_id)
    if kind == "pdf":  # the declared order's reading is the hand-checked one of test_pdf_front
        assert view(first.rows, layout_id) == EXPECTED[layout_id]
    got = [record_to_row(r) for r in reconcile(extract_file(other, "t")).records]
    want = [record_to_row(r) for r in reconcile(extract_file(declared, "t")).records]
    for row in got + want:
        row.pop("source_file")
    assert got == want
    assert len(got) >= 7


def test_may_activities_keep_their_category_when_category_columns_are_swapped(tmp_path):
    path = build("docx", tmp_path / "may", MAY, layout(MAY).headings, MAY_ROWS, SWAPS[MAY])
    records = extract_file(path, "t").records
    assert [(r.category, r.activity) for r in records if r.category in ("Research Development",
                                                                       "Institutional Development")] == [
        ("Research Development", "Thematic Studies on the existing policies to prevent TIP"),
        ("Institutional Development", "Ministries of Education to support the lead Ministries in dissemination of"
                                      " information in schools."),
        ("Institutional Development", "ACWC may provide resource persons with expertise on gender-sensitive issues"),
    ]


# -- a third layout, as data ---------------------------------------------------------------------

@pytest.fixture
def work_plan(monkeypatch):
    """The declared layouts plus the test-only work-plan layout, as if layouts.toml held it too."""
    data = tomllib.loads(layouts.LAYOUTS_FILE.read_text(encoding="utf-8"))
    data["layout"] += tomllib.loads((LAYOUTS / "work-plan.toml").read_text(encoding="utf-8"))["layout"]
    monkeypatch.setattr(layouts, "_declaration", lambda: layouts._parse(data))
    return layout("work-plan-2018")


PROVISION_A = "A. Increase awareness campaigns to educate all levels of society on trafficking in persons"
PROVISION_B = "B. Provide for a regional mechanism of victim identification"
WORK_PLAN_ROWS = [
    Heading("A. PREVENTION OF TIP"),
    (PROVISION_A, "Public awareness campaign on TIP",
     "1.1 Develop a toolkit for teachers on the identification of victims", "Toolkit", "2018-2019", "Philippines",
     "Lead: SOMTC\nCSB: ACWC", "Ongoing"),
    (SPANNED, SPANNED, "1.2 Regional workshop on safe migration", "Workshop report", "2019", "Indonesia",
     "Lead: SLOM", ""),
    (SPANNED, "Research on the root causes of TIP", "2.1 Thematic study on online recruitment", "Study", "2020",
     "Thailand", "Lead: AICHR", "Planned"),
    Heading("B. PROTECTION OF VICTIMS"),
    (PROVISION_B, "Sharing of information", "1.1 Compile national referral guidelines", "Compendium", "2018",
     "Viet Nam", "Lead: ACWC\nCSB: SOMSWD", ""),
]
# The records the rows print, written out by hand: pillar, provision, area, number, activity, expected
# outputs, lead, cooperating, status, remarks (the two new columns, by heading).
WORK_PLAN_RECORDS = [
    ("A", "A", "Public awareness campaign on TIP", "1.1",
     "Develop a toolkit for teachers on the identification of victims", "Toolkit", ("SOMTC",), ("ACWC",), "Ongoing",
     "Timeline: 2018-2019; Lead Country: Philippines"),
    ("A", "A", "Public awareness campaign on TIP", "1.2", "Regional workshop on safe migration", "Workshop report",
     ("SLOM",), (), "", "Timeline: 2019; Lead Country: Indonesia"),
    ("A", "A", "Research on the root causes of TIP", "2.1", "Thematic study on online recruitment", "Study",
     ("AICHR",), (), "Planned", "Timeline: 2020; Lead Country: Thailand"),
    ("B", "B", "Sharing of information", "1.1", "Compile national referral guidelines", "Compendium", ("ACWC",),
     ("SOMSWD",), "", "Timeline: 2018; Lead Country: Viet Nam"),
]


def _work_plan_records(path: Path) -> list[tuple]:
    return [(r.pillar, r.provision, r.area, r.activity_ref, r.activity, r.expected_outputs, r.lead, r.cooperating,
             r.status, r.note) for r in reconcile(extract_file(path, "2018")).records]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("pair", [None, (4, 6)], ids=["declared-order", "bodies-before-timeline"])
def test_a_third_layout_declared_as_data_reads_at_100_percent(work_plan, kind, pair, tmp_path):
    widths = {"pdf": (120, 100, 130, 70, 50, 60, 90, 60), "docx": (45, 40, 55, 25, 20, 25, 40, 22)}[kind]
    headers = work_plan.headings
    assert headers[4:6] == ("Timeline", "Lead Country")
    rows = WORK_PLAN_ROWS
    if pair is not None:
        headers, rows, widths = swapped(headers, pair), [swapped(r, pair) for r in rows], swapped(widths, pair)
    path = (build_pdf(tmp_path / "plan.pdf", work_plan.id, headers, rows, widths) if kind == "pdf"
            else build_word(tmp_path / "plan.docx", headers, rows, widths))
    assert read_source_file(path).layout == "work-plan-2018"
    assert _work_plan_records(path) == WORK_PLAN_RECORDS
    provisions = {r.provision_text for r in extract_file(path, "2018").records}
    assert provisions == {PROVISION_A.removeprefix("A. "), PROVISION_B.removeprefix("B. ")}


def test_without_its_declaration_the_third_layout_is_refused_naming_its_new_columns(tmp_path):
    headers = ("Provisions of the ACTIP / Sections of APA",
               "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
               "Proposed Programme /Project / Activities for 2018 - 2020", "Expected Outputs", "Timeline",
               "Lead Country", "Lead Sectoral Body/ Cooperating Sectoral Body", "Implementation Status")
    path = build_word(tmp_path / "plan.docx", headers, WORK_PLAN_ROWS, (45, 40, 55, 25, 20, 25, 40, 22))
    with pytest.raises(InputError) as error:
        read_source_file(path)
    assert str(error.value).endswith(
        "table row 1: table header not recognised as a known matrix layout: 'Provisions of the ACTIP / Sections of"
        " APA | Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA | Proposed"
        " Programme /Project / Activities for 2018 - 2020 | Expected Outputs | Timeline | Lead Country | Lead Sectoral"
        " Body/ Cooperating Sectoral Body | Implementation Status'; nearest is the November 2016 layout (6 of 6"
        " columns recognised: no column for 'Timeline | Lead Country'). If it is a new wording of that layout, add"
        " its headings to extract/layouts.toml")


def test_the_matrix_sheet_of_the_third_layout_prints_its_own_columns(work_plan, tmp_path):
    from tipmatrix.export.matrix_sheet import matrix_layout

    path = build_word(tmp_path / "plan.docx", work_plan.headings, WORK_PLAN_ROWS, (45, 40, 55, 25, 20, 25, 40, 22))
    records = reconcile(extract_file(path, "2018")).records
    rows, merges = matrix_layout(records, work_plan.id)
    assert rows[1].cells == (PROVISION_A, "Public awareness campaign on TIP",
                             "1.1 Develop a toolkit for teachers on the identification of victims", "Toolkit",
                             "2018-2019", "Philippines", "Lead: SOMTC / Cooperating: ACWC", "Ongoing")
    # provision A over its three activities, the area over its two
    assert [(m.first, m.last, m.left, m.right) for m in merges][:3] == [(0, 0, 0, 7), (1, 3, 0, 0), (1, 2, 1, 1)]


# -- office-suite documents with two columns in another order ------------------------------------

OFFICE = Path(__file__).parent / "fixtures" / "office"
SWAPPED = Path(__file__).parent / "fixtures" / "column-order"  # made by tests/column_order_office.py
DRAFT_OF = {MAY: "2016-05", NOV: "2016-11"}


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("layout_id", [NOV, MAY])
def test_office_suite_matrices_with_two_columns_swapped_read_as_the_declared_ones(layout_id, kind):
    """The office fixtures (LibreOffice PDFs, python-docx Word files), printed with two columns swapped:
    refused (PDF) or read with the May categories exchanged (Word) before; now every record is found with
    the same fields as from the declared order, which office_score checks against hand-read records."""
    from office_score import load_expected, score

    from tipmatrix.pipeline import source_records

    draft = DRAFT_OF[layout_id]
    declared = source_records(OFFICE / f"{layout_id}.{kind}", draft)
    other = source_records(SWAPPED / f"{layout_id}-swapped.{kind}", draft)
    header = " | ".join(c.text for c in other.coverage if c.status == "header")
    assert layout(layout_id).column("bodies").heading.split()[0] in header
    where = ["source_file", "source_lines", "source_page"]
    if kind == "pdf":
        # LibreOffice lays the swapped table out a little differently, so a page break cuts the November
        # "Directory of | service providers" output cell elsewhere and one narrow cell breaks "Compendiu m":
        # the pagination limits of the PDF front-end, not the column order (the Word files match whole)
        where += ["expected_outputs", "status", "flags"]
    fields = [{k: v for k, v in record_to_row(r).items() if k not in where} for r in other.records]
    assert fields == [{k: v for k, v in record_to_row(r).items() if k not in where} for r in declared.records]
    expected = load_expected(OFFICE / f"expected-{draft}.jsonl")
    result = score(expected, list(other.records))
    assert result.summary() == score(expected, list(declared.records)).summary()
    assert result.found == result.expected and not result.extra
    assert other.counts()["unassigned"] == 0


def test_a_declaration_the_code_cannot_read_is_refused_naming_the_layout_and_what_is_wrong(monkeypatch):
    from tipmatrix.extract.assemble import rows_to_records

    data = tomllib.loads((LAYOUTS / "work-plan.toml").read_text(encoding="utf-8"))
    entry = data["layout"][0]
    entry["columns"][4]["field"] = "timeline"
    with pytest.raises(ValueError, match=r"layout 'work-plan-2018': 'timeline' is no record field"):
        layouts._parse(data)
    entry["columns"][4]["field"] = "note"
    entry["assembler"] = "timelines"
    monkeypatch.setattr(layouts, "_declaration", lambda: layouts._parse(data))
    with pytest.raises(ValueError, match=r"names the assembler 'timelines'; the assemblers are 'categories', 'areas'"):
        rows_to_records([], "work-plan-2018", "2018", "plan.docx")
