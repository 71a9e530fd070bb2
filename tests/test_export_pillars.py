"""Per-pillar CSV and Excel files: columns, formatting, printing, safety, same bytes, real counts."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from export_helpers import (
    DRAFTS,
    HYPERLINK,
    csv_rows,
    extraction,
    open_xlsx,
    real_extraction,
    real_pillar_files,
    record,
    sheet_xml,
)
from openpyxl.utils import get_column_letter

from tipmatrix.export.headings import title, titles
from tipmatrix.export.pillars import render_pillar_files
from tipmatrix.export.sheets import (
    EXCEL_CELL_LIMIT,
    PRINTED_COLUMNS,
    READER_COLUMNS,
    SCREEN_COLUMNS,
    SHEET,
    SHEET_COLUMNS,
    provision_labels,
)
from tipmatrix.export.xlsx_bytes import ZIP_TIME
from tipmatrix.model import COLUMNS, PILLAR_TITLES, record_to_row
from tipmatrix.pipeline import draft_outputs

NAMES = [f"pillar-{p}.{ext}" for p in "ABCD" for ext in ("csv", "xlsx")]
LONG = "Long activity " + " ".join(f"word{i}" for i in range(600))


@pytest.fixture(scope="module")
def small():
    ex = extraction([
        record("A", "Linking/Uploading of SOMTC activities to ACWC website", line=6, cooperating=("SOMTC",)),
        record("A", HYPERLINK, line=8, category="Prevention"),
        record("A", "- Research on place of work", line=12, note="+ added later", lead=()),
        record("C", LONG, line=20, lead=("SOMTC",), flags=("missing-lead: none read",)),
    ])
    return ex, render_pillar_files(ex)


def test_reader_columns_are_the_record_columns_reordered():
    assert sorted(READER_COLUMNS) == sorted(COLUMNS)
    assert READER_COLUMNS[:5] == ("pillar", "provision", "provision_text", "area", "category")
    assert READER_COLUMNS.index("activity") < READER_COLUMNS.index("lead") < READER_COLUMNS.index("note")
    assert READER_COLUMNS[-5:] == ("source_file", "source_page", "source_lines", "record_id", "draft")
    # The sheet: the printed columns, the rapporteur's Review column, then on screen the rest of the
    # fields (ids, flags, provenance).
    assert sorted(SHEET_COLUMNS) == sorted([*COLUMNS, "provision_label", "review"])
    assert SHEET_COLUMNS == PRINTED_COLUMNS + ("review",) + SCREEN_COLUMNS
    assert PRINTED_COLUMNS[0] == "provision_label" and PRINTED_COLUMNS[-1] == "note"
    assert {"record_id", "flags", "source_lines", "provision_text"} <= set(SCREEN_COLUMNS)


def col(name: str) -> int:
    """1-based column of a field on a pillar sheet."""
    return SHEET_COLUMNS.index(name) + 1


def test_every_pillar_gets_both_files_even_without_records(small):
    _, files = small
    assert sorted(files) == sorted(NAMES)
    assert files["pillar-B.csv"] == ("\ufeff" + ",".join(READER_COLUMNS) + "\r\n").encode()
    ws = open_xlsx(files["pillar-D.xlsx"]).active
    assert ws.max_row == 1
    assert [c.value for c in ws[1]] == titles(SHEET_COLUMNS)
    assert ws.auto_filter.ref == "A1:X1"


def test_csv_is_the_pillar_records_in_reader_order_and_nothing_else(small):
    ex, files = small
    rows = csv_rows(files["pillar-A.csv"])
    assert rows[0] == list(READER_COLUMNS)
    expected = [record_to_row(r) for r in ex.records if r.pillar == "A"]
    assert len(rows) == 1 + 3
    for got, want in zip(rows[1:], expected, strict=True):
        assert dict(zip(READER_COLUMNS, got, strict=True)) == {
            k: ("'" + v if v[:1] in ("=", "-", "+") else v) for k, v in want.items()
        }
    assert files["pillar-A.csv"].endswith(b"\r\n")
    assert files["pillar-A.csv"].count(b"\r\n") == 4  # one header line and three records, CRLF each


def test_no_cell_would_run_as_a_formula(small):
    _, files = small
    rows = csv_rows(files["pillar-A.csv"])
    activity, note = READER_COLUMNS.index("activity"), READER_COLUMNS.index("note")
    assert [r[activity] for r in rows[1:]] == [
        "Linking/Uploading of SOMTC activities to ACWC website",
        "'" + HYPERLINK,
        "'- Research on place of work",
    ]
    assert rows[3][note] == "'+ added later"
    ws = open_xlsx(files["pillar-A.xlsx"]).active
    cells = [ws.cell(row=r, column=col("activity")).value for r in (3, 4)]
    assert cells == ["'" + HYPERLINK, "'- Research on place of work"]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            assert not (isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@", "\t", "\r"))
    for name, xml in sheet_xml(files["pillar-A.xlsx"]).items():
        assert "<f>" not in xml and "<f " not in xml, name


def test_xlsx_is_ready_to_read_filter_and_print(small):
    ex, files = small
    wb = open_xlsx(files["pillar-A.xlsx"])
    ws = wb.active
    assert ws.title == "Pillar A"
    assert [c.value for c in ws[1]] == titles(SHEET_COLUMNS)
    assert [c.value for c in ws[1]][:10] == [
        "Provision", "Possible area of collaboration", "Category", "No.", "Activity", "Expected outputs",
        "Lead body", "Cooperating bodies", "Status", "Remarks"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:X4"
    assert ws.max_row == 4
    assert all(c.alignment.wrap_text for row in ws.iter_rows(min_row=2) for c in row if c.value is not None)
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQRSTUV"]
    assert all(SHEET.min_width <= w <= SHEET.max_width <= SHEET.page_width for w in widths)
    # The printed columns no record of the draft fills are hidden: area, number, outputs, status.
    hidden = {name for name in PRINTED_COLUMNS if ws.column_dimensions[get_column_letter(col(name))].hidden}
    assert hidden == {"area", "activity_ref", "expected_outputs", "status"}
    assert not any(ws.column_dimensions[get_column_letter(col(name))].hidden for name in SCREEN_COLUMNS)
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.print_area == "'Pillar A'!$A$1:$J$4"
    assert ws.oddFooter.center.text == "Page &P"
    assert ws.oddHeader.center.text == f"ASEAN APA TIP matrix, draft 2016-05 | Pillar A: {PILLAR_TITLES['A']}"
    assert wb.properties.title == "ASEAN APA TIP matrix, draft 2016-05, pillar A"
    assert wb.properties.subject == f"Pillar A: {PILLAR_TITLES['A']}"


def test_long_text_is_kept_whole(small):
    _, files = small
    activity = READER_COLUMNS.index("activity")
    assert csv_rows(files["pillar-C.csv"])[1][activity] == LONG
    ws = open_xlsx(files["pillar-C.xlsx"]).active
    assert ws.cell(row=2, column=col("activity")).value == LONG
    assert ws.column_dimensions[get_column_letter(col("activity"))].width == SHEET.max_width


def test_text_too_long_for_an_excel_cell_is_an_error_not_a_cut():
    with pytest.raises(ValueError, match="does not fit an Excel cell"):
        render_pillar_files(extraction([record("A", "x" * (EXCEL_CELL_LIMIT + 1))]))


def test_control_characters_xml_forbids_are_dropped_from_cells_only():
    files = render_pillar_files(extraction([record("A", "Workshop\x0b on\x01 borders")]))
    activity = READER_COLUMNS.index("activity")
    assert open_xlsx(files["pillar-A.xlsx"]).active.cell(row=2, column=col("activity")).value == "Workshop on borders"
    assert csv_rows(files["pillar-A.csv"])[1][activity] == "Workshop\x0b on\x01 borders"


def test_same_input_gives_the_same_bytes(small):
    ex, files = small
    assert render_pillar_files(ex) == files
    with zipfile.ZipFile(BytesIO(files["pillar-A.xlsx"])) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_TIME}


@pytest.mark.parametrize("draft", DRAFTS)
def test_real_pillar_files_hold_exactly_the_records_of_their_pillar(draft):
    ex = real_extraction(draft)
    files = real_pillar_files(draft)  # rendered once for the tests (export_helpers)
    assert render_pillar_files(ex) == files  # same input, same bytes
    records = csv_rows(draft_outputs(ex)["records.csv"])
    header, body = records[0], records[1:]
    id_col, pillar_col = header.index("record_id"), header.index("pillar")
    total = 0
    for pillar in "ABCD":
        ids = [row[id_col] for row in body if row[pillar_col] == pillar]
        rows = csv_rows(files[f"pillar-{pillar}.csv"])
        assert [r[READER_COLUMNS.index("record_id")] for r in rows[1:]] == ids
        assert len(ids) == sum(1 for r in ex.records if r.pillar == pillar)
        ws = open_xlsx(files[f"pillar-{pillar}.xlsx"]).active
        assert ws.max_row - 1 == len(ids)
        id_at = col("record_id")
        assert ws.cell(row=1, column=id_at).value == title("record_id") == "Record id"
        assert [c.value for (c,) in ws.iter_rows(min_row=2, min_col=id_at, max_col=id_at)] == ids
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
        total += len(ids)
    # Records the extractor could not place in a pillar are in records.csv only (About counts them).
    assert total == len(ex.records) - sum(1 for r in ex.records if r.pillar not in tuple("ABCD"))
    assert total > 0


def test_a_provision_prints_in_full_once_per_run_then_shortened():
    long = "Continue capacity building of law enforcement, immigration, education and social welfare officials"
    records = [
        record("A", "First", line=10, provision="B", provision_text=long),
        record("A", "Second", line=12, provision="B", provision_text=long),
        record("A", "Third", line=14, provision="", provision_text="Adopt appropriate labour laws"),
        record("A", "Fourth", line=16, provision="B", provision_text=long),
    ]
    assert provision_labels(records) == [
        "B. " + long,
        "B. Continue capacity building of law enforcement, …",
        "Adopt appropriate labour laws",
        "B. " + long,  # a new run under the same provision: in full again
    ]


@pytest.mark.parametrize(("draft", "hidden"), [
    # columns no record of the draft fills, read off records.csv: May has no areas, numbers,
    # outputs, cooperating bodies or status; November no categories, outputs or status
    ("2016-05", {"area", "activity_ref", "expected_outputs", "cooperating", "status"}),
    ("2016-11", {"category", "expected_outputs", "status"}),
])
def test_real_sheets_hide_the_columns_the_draft_leaves_empty_and_fit_the_page(draft, hidden):
    ex = real_extraction(draft)
    rows = csv_rows(draft_outputs(ex)["records.csv"])
    empty = {name for i, name in enumerate(rows[0]) if not any(r[i] for r in rows[1:])}
    assert hidden == empty & set(PRINTED_COLUMNS)
    files = real_pillar_files(draft)
    for pillar in "ABCD":
        ws = open_xlsx(files[f"pillar-{pillar}.xlsx"]).active
        dims = [ws.column_dimensions[get_column_letter(col(name))] for name in PRINTED_COLUMNS]
        assert {name for name, d in zip(PRINTED_COLUMNS, dims) if d.hidden} == hidden
        # the visible printed columns fit a landscape page at 100 %: nothing is shrunk to print
        assert sum(d.width for d in dims if not d.hidden) <= SHEET.page_width
        assert ws.print_area == f"'Pillar {pillar}'!$A$1:$J${ws.max_row}"
