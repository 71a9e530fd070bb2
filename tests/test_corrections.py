"""Curated corrections: parsing, each operation, the errors that stop a run, and the real build
with and without them."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from shared_readings import shared_extractions  # noqa: F401  (each source extracted once per run)

from tipmatrix import cli, pipeline
from tipmatrix.errors import InputError
from tipmatrix.export.records_csv import render_records
from tipmatrix.model import CoverageLine, Extraction, Record
from tipmatrix.normalize import apply_corrections as corrections
from tipmatrix.normalize.apply_corrections import apply_corrections, correct, load_corrections, parse_corrections

RAW = Path(__file__).resolve().parents[1] / "raw"
DRAFTS = ("2016-05", "2016-11")
FILE = "corrections/2016-05.csv"
HEADER = "lines,text_starts,field,value,reason\n"


def rec(activity: str, lines: tuple[int, int] = (11, 11), **kw) -> Record:
    fields = dict(
        draft="2016-05", pillar="A", provision="A", provision_text="Increase awareness campaigns",
        activity=activity, source_file="hand.txt", source_lines=lines, lead=("SOMTC",), bodies_raw="SOMTC",
        category="Institutional Development", lines_used=tuple(range(lines[0], lines[1] + 1)),
    )
    fields.update(kw)
    return Record(**fields)


def entries(*rows: str):
    return parse_corrections(HEADER + "".join(row + "\n" for row in rows), FILE)


def applied(records: list[Record], *rows: str) -> list[Record]:
    return apply_corrections(records, entries(*rows))


def error_of(records: list[Record], *rows: str) -> str:
    with pytest.raises(InputError) as exc:
        applied(records, *rows)
    return str(exc.value)


# -- parsing ---------------------------------------------------------------------------------------

def test_parse_reads_every_row_with_its_file_line_and_skips_blank_lines():
    text = (
        HEADER
        + '11,Incorporation of a curriculum,split,CHED to support,"the marker before CHED was lost, see line 11"\n'
        + "\n"
        + "45-60,  Encourage the   development ,lead,ACWC; SOMTC,bodies printed beside it\n"
        + "62,Refer to,drop,,not an activity\n"
    )
    got = [(e.line, e.lines, e.text_starts, e.field, e.value, e.reason) for e in parse_corrections(text, FILE)]
    assert got == [
        (2, (11, 11), "Incorporation of a curriculum", "split", "CHED to support",
         "the marker before CHED was lost, see line 11"),
        (4, (45, 60), "Encourage the development", "lead", "ACWC; SOMTC", "bodies printed beside it"),
        (5, (62, 62), "Refer to", "drop", "", "not an activity"),
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        ("11,Incorporation,lead,SOMTC; UNODC,named in the cell", "line 2: lead: unknown body code 'UNODC'"),
        ("11,Incorporation,cooperating,ACWC;ACWC,twice", "line 2: cooperating: 'ACWC;ACWC' names a body twice"),
        ("11,Incorporation,kind,remark,a note", "line 2: kind: 'remark' is not one of"),
        ("11,Incorporation,category,Training,cell", "line 2: category: 'Training' is not one of"),
        ("11,Incorporation,colour,red,why", "line 2: unknown field 'colour'"),
        ("11,Incorporation,lead,ACWC,", "line 2: no reason"),
        ("eleven,Incorporation,lead,ACWC,why", "line 2: lines 'eleven' is not a line number"),
        ("60-45,Incorporation,lead,ACWC,why", "line 2: lines '60-45' is not a line number"),
        ("11,Incorporation,drop,yes,why", "line 2: drop takes no value"),
        ("11,Incorporation,split,,why", "line 2: split: give the text"),
        ("11,Incorporation,source_lines,11-,why", "line 2: source_lines: '11-' is not 'first-last'"),
        ("11,Incorporation,lead,ACWC", "line 2: 4 columns, expected 5"),
    ],
)
def test_parse_refuses_a_bad_row_naming_file_and_line(row, message):
    with pytest.raises(InputError) as exc:
        entries(row)
    assert str(exc.value).startswith(f"{FILE}: {message}")


def test_parse_refuses_a_missing_header_and_a_repeated_entry():
    with pytest.raises(InputError, match=r"corrections/2016-05.csv: line 1: the header must be lines,text_starts"):
        parse_corrections("11,Incorporation,lead,ACWC,why\n", FILE)
    with pytest.raises(InputError, match=r": line 3: lead of the record on lines 11-11 .* already corrected on line 2"):
        entries("11,Incorporation,lead,ACWC,why", "11,Incorporation,lead,AICHR,why not")


def test_a_draft_without_a_file_has_no_corrections(tmp_path):
    assert load_corrections("2099-01", tmp_path) == ()
    (tmp_path / "2099-01.csv").write_text(HEADER + "11,Incorporation,kind,note,a comment\n", encoding="utf-8")
    assert [e.field for e in load_corrections("2099-01", tmp_path)] == ["kind"]


# -- applying --------------------------------------------------------------------------------------

def test_a_field_edit_sets_the_value_and_flags_the_record():
    records = [rec("Incorporation of a curriculum"), rec("Focus on sectoral-bodies.", category="Research Development")]
    out = applied(records, "11,Focus on,kind,note,a reviewer's comment", "11,Focus on,cooperating,ACWC,named there")
    assert [(r.activity, r.kind, r.cooperating, r.flags) for r in out] == [
        ("Incorporation of a curriculum", "activity", (), ()),
        ("Focus on sectoral-bodies.", "note", ("ACWC",),
         ("corrected: kind (a reviewer's comment)", "corrected: cooperating (named there)")),
    ]


def test_fields_corrected_for_one_reason_share_one_flag_and_a_lead_clears_missing_lead():
    records = [rec("Workshop on: Victim identification", (44, 44), lead=(), flags=("missing-lead: no lead",))]
    out = applied(
        records,
        '44,Workshop on,activity,"Workshop on: Victim identification; Legal framework",list cut by the page break',
        "44,Workshop on,source_lines,44-47,list cut by the page break",
        "44,Workshop on,lead,SLOM,Lead: SLOM printed beside it",
    )
    assert [(r.activity, r.source_lines, r.lines_used, r.lead, r.flags) for r in out] == [
        ("Workshop on: Victim identification; Legal framework", (44, 47), (44, 47), ("SLOM",),
         ("corrected: activity, source_lines (list cut by the page break)",
          "corrected: lead (Lead: SLOM printed beside it)")),
    ]


def test_a_split_cuts_the_activity_and_the_parts_inherit_every_other_field():
    records = [rec("Incorporation of a curriculum by BI CHED to support  the academe Hold workshops", note="(TBC)")]
    out = applied(
        records,
        "11,Incorporation,split,CHED to support the,marker lost",
        "11,Incorporation,split,Hold workshops,marker lost",
    )
    assert [(r.activity, r.lead, r.category, r.note, r.source_lines, r.flags) for r in out] == [
        ("Incorporation of a curriculum by BI", ("SOMTC",), "Institutional Development", "(TBC)", (11, 11),
         ("corrected: split (marker lost)",)),
        ("CHED to support the academe", ("SOMTC",), "Institutional Development", "(TBC)", (11, 11),
         ("corrected: split (marker lost)",)),
        ("Hold workshops", ("SOMTC",), "Institutional Development", "(TBC)", (11, 11),
         ("corrected: split (marker lost)",)),
    ]


def test_a_split_in_the_area_makes_the_area_before_it_an_area_only_record():
    records = [rec("Tapping existing programs", (203, 203), activity_ref="2.1", note="(TBC)", lead=("ASLOM",),
                   area="Research on Issue on fields relevant to TIP. Trainings and Scholarships in extradition")]
    out = applied(records, "203,Tapping,split,Trainings and Scholarships,numbering lost")
    assert [(r.area, r.activity, r.activity_ref, r.note, r.lead, r.flags) for r in out] == [
        ("Research on Issue on fields relevant to TIP.", "", "", "", ("ASLOM",),
         ("corrected: split (numbering lost)",)),
        ("Trainings and Scholarships in extradition", "Tapping existing programs", "2.1", "(TBC)", ("ASLOM",),
         ("corrected: split (numbering lost)",)),
    ]


def test_a_drop_removes_the_record_and_nothing_else():
    records = [rec("Workshop for Law Enforcement", (34, 34)), rec("und center visits", (35, 35))]
    out = applied(records, "35,und center,drop,,an echo of line 34")
    assert [r.activity for r in out] == ["Workshop for Law Enforcement"]


def test_correct_keeps_the_id_of_the_record_it_corrects_and_rederives_the_coverage():
    lines = (CoverageLine(10, "1", "header", "x"), CoverageLine(11, "1", "record", "x"))
    before = Extraction("2016-05", "hand.txt", "may-2016", (), lines).with_records([rec("First one Second one")])
    (rid,) = [r.record_id for r in before.records]
    after = correct(before, entries("11,First,split,Second one,two actions"))
    assert [(r.record_id, r.activity) for r in after.records] == [(rid, "First one"), (f"{rid}-part2", "Second one")]
    assert after.coverage[1].record_ids == tuple(r.record_id for r in after.records)
    assert after.counts() == {"records": 2, "lines": 2, "used": 1, "boilerplate": 1, "unassigned": 0, "dropped": 0}


# -- errors that stop the run ----------------------------------------------------------------------

def test_a_stale_entry_that_matches_no_record_stops_the_run():
    message = error_of([rec("Incorporation of a curriculum")], "12,Incorporation,kind,note,moved")
    assert message.startswith(f"{FILE}: line 2: stale: no record on lines 12-12 starts 'Incorporation'")
    message = error_of([rec("Incorporation of a curriculum")], "11,Incorporated,kind,note,moved")
    assert "line 2: stale: no record on lines 11-11 starts 'Incorporated' (records there start: 'Incorporation" \
        in message


def test_an_ambiguous_entry_that_matches_two_records_stops_the_run():
    records = [rec("Workshop on root causes"), rec("Workshop on border controls")]
    message = error_of(records, "11,Workshop on,kind,note,why")
    assert message.startswith(f"{FILE}: line 2: 2 records on lines 11-11 start 'Workshop on'; give more of the text")


def test_a_correction_the_extractor_has_overtaken_stops_the_run():
    message = error_of([rec("Focus on sectoral-bodies.", kind="note")], "11,Focus,kind,note,a comment")
    assert message.startswith(f"{FILE}: line 2: kind of the record on lines 11-11 starting 'Focus' is already 'note'")


def test_a_split_text_that_is_missing_stops_the_run():
    message = error_of([rec("Incorporation of a curriculum")], "11,Incorporation,split,CHED,marker lost")
    assert message.startswith(f"{FILE}: line 2: split text 'CHED' does not occur after the start")


def test_the_same_body_as_lead_and_cooperating_stops_the_run():
    message = error_of([rec("Incorporation")], "11,Incorporation,cooperating,SOMTC,printed twice")
    assert message.startswith(f"{FILE}: line 2: the record on lines 11-11 starting 'Incorporation' would have SOMTC")


# -- the real build --------------------------------------------------------------------------------

def rows_of(data: bytes) -> dict[str, dict[str, str]]:
    return {row["record_id"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))}


@pytest.fixture(scope="module")
def records_csv(built) -> dict[tuple[str, bool], bytes]:
    """(draft, corrected) -> the records.csv a build writes with and without the corrections: the build's
    first half (`pipeline.read_extracted_and_corrected`, both settings from one reading) rendered as the build
    renders it, instead of a second whole build (`--no-corrections`); the corrected ones checked to be the
    session's build's own bytes."""
    both = pipeline.read_extracted_and_corrected(RAW)
    files = {(r.source.draft, corrected): render_records(r.chosen(corrected).extraction.records)
             for r in both for corrected in (True, False)}
    for draft in DRAFTS:
        assert files[(draft, True)] == (built / draft / "records.csv").read_bytes()
    return files


@pytest.mark.parametrize("draft", DRAFTS)
def test_with_and_without_corrections_differ_exactly_by_the_corrected_records(records_csv, draft):
    fixed, raw = rows_of(records_csv[(draft, True)]), rows_of(records_csv[(draft, False)])
    named = {
        (f"{e.lines[0]}-{e.lines[1]}", e.text_starts) for e in load_corrections(draft)
    }
    targets = {
        rid for rid, row in raw.items()
        if any(row["source_lines"] == lines and " ".join((row["activity"] or row["area"]).split()).startswith(start)
               for lines, start in named)
    }
    assert targets, "every draft has corrections"
    changed_raw = {rid for rid, row in raw.items() if fixed.get(rid) != row}
    changed_fixed = {rid for rid, row in fixed.items() if raw.get(rid) != row}
    flagged = {rid for rid, row in fixed.items() if "corrected: " in row["flags"]}
    assert changed_raw == targets
    assert changed_fixed == flagged


@pytest.mark.parametrize("draft", DRAFTS)
def test_the_review_sheet_lists_every_corrected_record(built, draft):
    with_dir = built
    flagged = {rid for rid, row in rows_of((with_dir / draft / "records.csv").read_bytes()).items()
               if "corrected: " in row["flags"]}
    sheet = load_workbook(with_dir / draft / f"{draft}-matrix.xlsx", read_only=True)["Review"]
    header, *rows = sheet.iter_rows(values_only=True)
    types = {row[header.index("Record id")]: row[header.index("Flag types")] for row in rows}
    assert flagged
    assert {rid: "corrected" in types.get(rid, "") for rid in flagged} == dict.fromkeys(flagged, True)


def test_a_stale_correction_stops_the_build_and_leaves_the_earlier_out_intact(built, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    stale = tmp_path / "corrections"
    stale.mkdir()
    (stale / "2016-11.csv").write_text(HEADER + "9999,Nothing here,kind,note,moved away\n", encoding="utf-8")
    monkeypatch.setattr(corrections, "CORRECTIONS_DIR", stale)
    capsys.readouterr()
    assert cli.main(["build", "--raw", str(RAW), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"tipmatrix: error: {stale / '2016-11.csv'}: line 2: stale: no record on lines 9999-9999 starts "
        "'Nothing here' (no record has those lines); check the source and out/<draft>/records.csv, "
        "then fix or delete the entry\n"
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_corrections_files_are_valid_csv_with_a_reason_on_every_row():
    for draft in DRAFTS:
        path = corrections.corrections_file(draft)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows[0] == ["lines", "text_starts", "field", "value", "reason"]
        assert all(len(row) == 5 and row[4].strip() for row in rows[1:])
