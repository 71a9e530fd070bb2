"""Word front-end on the office-suite matrices of tests/fixtures/office/ (see the README there).

Six documents: the plain ones the PDFs were made from (`may-2016.docx`, `nov-2016.docx`), the copies as
they circulate (`*-word.docx`: Word list numbering instead of typed markers, tracked insertions,
deletions and moves, comments, hyperlinks, the table split into several) and LibreOffice's re-saves
of those (`*-word-lo.docx`). With every change accepted each reads as its plain document, so all are
scored against the same expected records (tests/office_score.py), which no code of the project wrote.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from office_score import load_expected, score
from shared_readings import shared_extractions  # noqa: F401  (each source extracted once per run)
from shared_value import shared_value

from tipmatrix import pipeline
from tipmatrix.cli import main
from tipmatrix.export.records_csv import render_records
from tipmatrix.extract.docx_front import read_docx
from tipmatrix.extract.rows import ReadOptions
from tipmatrix.model import Extraction
from tipmatrix.pipeline import source_records

FIXTURES = Path(__file__).parent / "fixtures" / "office"
DOCUMENTS = {
    "may-2016.docx": "2016-05",
    "may-2016-word.docx": "2016-05",
    "may-2016-word-lo.docx": "2016-05",
    "nov-2016.docx": "2016-11",
    "nov-2016-word.docx": "2016-11",
    "nov-2016-word-lo.docx": "2016-11",
}
CIRCULATING = [n for n in DOCUMENTS if "-word" in n]
DOCS = pytest.mark.parametrize("name", sorted(DOCUMENTS))
WORD = pytest.mark.parametrize("name", sorted(CIRCULATING))
# Text the circulating copies delete, and their comments: never in a record's text.
DELETED = ("in all languages of the region", "regional meeting of shelter managers", "Village meetings",
           "2nd edition", "and witnesses", "Field Visit on best")
COMMENTED = ("Please confirm the lead body", "data protection rules", "next AICHR meeting")
TEXT_FIELDS = ("provision_text", "area", "activity", "expected_outputs", "bodies_raw", "status", "note")
# a 1x1 PNG: the lineage workbook embeds the chart as a picture, which openpyxl sizes
STAND_IN = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a49444154"
                         "789c63f80f0001010100b138f6140000000049454e44ae426082")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, Extraction]:
    """Each Word fixture's records, read once per run (shared_value)."""
    return shared_value(tmp_path_factory, "docx-office-extracted",
                        lambda _: {name: source_records(FIXTURES / name, draft) for name, draft in DOCUMENTS.items()})


def _record(extraction: Extraction, start: str):
    found = [r for r in extraction.records if r.activity.startswith(start)]
    assert len(found) == 1, (start, [r.activity for r in found])
    return found[0]


def _part(name: str, part: str) -> str:
    with zipfile.ZipFile(FIXTURES / name) as zf:
        return zf.read(part).decode("utf-8")


def test_fixtures_carry_what_they_say():
    for name in CIRCULATING:
        document = _part(name, "word/document.xml")
        app = _part(name, "docProps/app.xml")
        assert ("LibreOffice" in app) == name.endswith("-lo.docx"), name
        moves = ("<w:moveTo ", "<w:moveFrom ") if name.startswith("nov") else ()
        for tag in ("<w:ins ", "<w:del ", "<w:delText", "<w:hyperlink ", "<w:commentRangeStart ", "<w:numPr>",
                    "<w:vMerge", "<w:gridSpan ", *moves):
            assert tag in document, (name, tag)
        assert document.count("<w:tbl>") == (5 if name.startswith("may") else 4), name
        assert "Please confirm the lead body." in _part("nov-2016-word.docx", "word/comments.xml")
    # no typed marker is left where the circulating copy numbers a list
    nov = _part("nov-2016-word.docx", "word/document.xml")
    assert ">1.1.1 " not in nov and ">a.1)Training" not in nov and ">1.2 " not in nov


@DOCS
def test_records_found_with_their_fields_right(extracted, name):
    result = score(load_expected(FIXTURES / f"expected-{DOCUMENTS[name]}.jsonl"), list(extracted[name].records))
    assert result.found_share == 1.0, result.summary()
    assert result.strict / result.expected >= 0.99, result.figures()
    assert result.fields_share >= 0.99, result.summary()
    assert result.extra == [], result.extra


@DOCS
def test_every_cell_paragraph_is_used_or_boilerplate(extracted, name):
    counts = extracted[name].counts()
    assert [(c.line, c.text) for c in extracted[name].coverage if c.status == "unassigned"] == []
    assert counts["used"] + counts["boilerplate"] == counts["lines"]


@DOCS
def test_provenance_is_table_rows_without_pages(extracted, name):
    records = extracted[name].records
    assert {r.source_page for r in records} == {""}
    assert {c.page for c in extracted[name].coverage} == {""}
    assert all(1 <= r.source_lines[0] <= r.source_lines[1] for r in records)


def test_source_lines_are_table_row_numbers(extracted):
    # row 1 is the header, row 2 the pillar A heading, row 3 the first provision's first row
    nov = extracted["nov-2016-word.docx"]
    assert _record(nov, "Linking/Uploading of SOMTC").source_lines == (3, 3)
    assert _record(nov, "Develop a tool for school heads").source_lines == (4, 4)
    header = [c for c in nov.coverage if c.status == "header" and c.text.startswith("Provisions of the ACTIP")]
    assert [c.line for c in header] == [1]


@DOCS
def test_headers_title_and_section_rows_are_boilerplate(extracted, name):
    coverage = extracted[name].coverage
    title = "Possible Areas of Collaboration with" if name.startswith("may") else "Work Plan of the ASEAN"
    assert [(c.line, c.status) for c in coverage if c.text.startswith(title)] == [(0, "header")]
    headings = [c.text for c in coverage if c.status == "pillar-heading"]
    assert [h[:2] for h in headings] == ["A.", "B.", "C.", "D."]
    header_start = "Provision" if name.startswith("may") else "Provisions of the ACTIP"
    # the May circulating copy repeats the header row at the top of each pillar's table
    repeats = 4 if name.startswith("may-2016-word") else 1
    assert sum(c.status == "header" and c.text.startswith(header_start) for c in coverage) == repeats
    assert not any("Page" in c.text or "Draft as of" in c.text or "As of 31 May" in c.text for c in coverage)
    if name.startswith("may"):
        assert [c.status for c in coverage if c.text == "IV. Action Plans"] == ["header"]


@WORD
def test_no_deleted_or_comment_text_in_any_record(extracted, name):
    texts = [getattr(r, f) for r in extracted[name].records for f in TEXT_FIELDS]
    for gone in DELETED + COMMENTED:
        assert not any(gone in t for t in texts), gone


@pytest.mark.parametrize("name", ["nov-2016-word.docx", "nov-2016-word-lo.docx"])
def test_pending_changes_and_comments_are_flags_of_their_records(extracted, name):
    flagged = [(r.activity[:30], [f for f in r.flags if f.startswith(("tracked-change", "comment"))])
               for r in extracted[name].records]
    flagged = [(a, f) for a, f in flagged if f]
    hold = "tracked-change: ACWC deleted '- Hold a regional meeting of shelter managers'"
    assert flagged == [
        ("Linking/Uploading of SOMTC Ant", ["tracked-change: ACWC inserted 'Anti-Trafficking'"]),
        ("Disseminate regional materials", ["tracked-change: SOMTC deleted ', in all languages of the region'"]),
        ("Develop a Regional Program to ", ["comment: ASEAN Secretariat: Please confirm the lead body."]),
        ("Workshop to Strengthening the ", ["tracked-change: ACWC inserted 'SOMTC'"]),
        ("Create blacklist database of t", ["comment: DGICM: Subject to the data protection rules of each AMS."]),
        ("Sharing of best practices on C", ["tracked-change: SOMSWD deleted 'Field Visit on'",
                                            "tracked-change: SOMSWD inserted 'Field Visit'"]),
        # a paragraph deleted whole is pending on its cell, so on every record of that cell
        *[(a, [hold]) for a in ("Map the existing shelters and ", "Develop a regional directory o",
                                "Conduct exchange visits among ", "Share good practices on the re",
                                "Develop guidelines on the refe", "Hold a regional forum of servi")],
    ]


@pytest.mark.parametrize("name", ["may-2016-word.docx", "may-2016-word-lo.docx"])
def test_may_changes_and_comments(extracted, name):
    may = extracted[name]
    assert "comment: AICHR: To be confirmed at the next AICHR meeting." in _record(may, "Workshop on Addressing").flags
    assert _record(may, "Creation of MOU for protection of victims.").flags[-2:] == (
        "tracked-change: SOMTC inserted 'protection of'", "tracked-change: SOMTC deleted 'and witnesses'")
    record = _record(may, "Training for trainers for law enforcement")
    assert ("tracked-change: AICHR inserted '- Training for trainers for law enforcement"
            " agencies in the prevention of TIP.'") in record.flags


@WORD
def test_list_numbers_come_from_numbering_xml(extracted, name):
    refs = {r.activity[:24]: r.activity_ref for r in extracted[name].records if r.activity_ref}
    if name.startswith("nov"):
        assert refs == {
            "Compilation of good prac": "a)", "Development of an ASEAN-": "b)",  # one list across two rows
            "Training for Law Enforce": "a.1)", "Regular Workshop / Train": "a.2)",
            "I-24/7, Red Notice": "1.1.1", "MIND/FIND Program": "1.1.2",  # level 3 of a list begun in the area
            "Elaborate the ASEAN Immi": "1.2.1", "Continue the efforts on ": "1.2.2",
            "Joint activities or tabl": "1.1", "Tap the assistance of AS": "1.2",  # restarted by w:startOverride
        }
        area = _record(extracted[name], "I-24/7").area
        assert area.startswith("Utilize existing regional and international mechanisms including:")
    else:
        assert refs == {"Conduct region-wide surv": "a)", "Adopt and implement appr": "b)"}


@DOCS
def test_list_bullet_style_paragraphs_are_items(extracted, name):
    if name.startswith("may"):
        for activity, lead in (("Set Monitoring and Evaluation Mechanism.", "SOM-ED"),
                               ("Provide focal points in monitoring the inventory.", "SOMTC"),
                               ("Maintenance of Identified Pool of trainers", "SOMTC")):
            assert _record(extracted[name], activity).lead == (lead,)
    else:
        assert [(r.activity[:20], r.lead) for r in extracted[name].records if r.area.startswith("Regional Workshops")] \
            == [("Community-based prot", ("SOMSWD",)), ("Addressing Root caus", ("AICHR",)),
                ("Effective Communicat", ("AICHR",))]


@WORD
def test_hyperlink_text_is_kept(extracted, name):
    if name.startswith("nov"):
        assert _record(extracted[name], "Linking/Uploading").activity.endswith("in the ASEAN and ACWC Website")
    else:
        assert _record(extracted[name], "JULY 30").activity.endswith("(UN Resolution A/RES/68/192)")


@pytest.mark.parametrize("name", ["nov-2016-word.docx", "nov-2016-word-lo.docx"])
def test_as_original_reads_every_change_rejected(name):
    nov = source_records(FIXTURES / name, "2016-11", ReadOptions(as_original=True))
    assert _record(nov, "Linking/Uploading").activity == (
        "Linking/Uploading of SOMTC activities in the ASEAN and ACWC Website")
    assert _record(nov, "Disseminate regional").activity.endswith(
        "(i.e. EVAC and EVAW), in all languages of the region, including in international airports and seaports")
    assert _record(nov, "Workshop to Strengthening").cooperating == ()
    assert _record(nov, "Hold a regional meeting of shelter managers").lead == ("SOMSWD",)
    assert _record(nov, "Sharing of").activity == (
        "Sharing of Field Visit on best practices on Case Studies / and Action Operation")


@pytest.mark.parametrize("name", ["may-2016-word.docx", "may-2016-word-lo.docx"])
def test_as_original_may(name):
    may = source_records(FIXTURES / name, "2016-05", ReadOptions(as_original=True))
    assert not [r for r in may.records if r.activity.startswith("Training for trainers")]
    assert _record(may, "Campaign on:").activity.startswith("Campaign on: Communes; Village meetings; Youth Forum")
    assert _record(may, "Creation of MOU").activity.startswith("Creation of MOU for victims.")


def test_split_tables_are_read_as_one(extracted):
    may = extracted["may-2016-word.docx"]
    # pillar A's table was split in the middle of a merged provision: the rows of the new table are still under it
    record = _record(may, "ASEAN Workshop on Improving Border Controls")
    assert (record.pillar, record.provision, record.lead) == ("A", "B", ("ACMW",))
    nov = extracted["nov-2016-word.docx"]
    # November: one table per pillar, the heading a paragraph between them, no header row after the first
    assert [(r.pillar, r.provision) for r in nov.records if r.activity.startswith("Exchange of information")] == [
        ("D", "B")]


def test_records_command_reads_a_word_document_as_original(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["records", str(FIXTURES / "nov-2016-word-lo.docx"), "--out", str(out), "--draft", "2016-11",
                 "--tracked-changes-rejected"]) == 0
    # the 43 records of the accepted text and the paragraph the changes delete; the same paragraphs as accepted
    lines = source_records(FIXTURES / "nov-2016-word-lo.docx", "2016-11").counts()["lines"]
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"2016-11: 44 records; {lines} lines: ")
    assert " boilerplate, 0 unassigned; last provision" in err
    records = (out / "records.csv").read_text(encoding="utf-8-sig")
    assert "Linking/Uploading of SOMTC activities in the ASEAN" in records
    assert "Please confirm" not in records.replace("comment: ASEAN Secretariat: Please confirm", "")


def test_reading_is_the_same_run_to_run():
    first = read_docx(FIXTURES / "nov-2016-word-lo.docx")
    again = read_docx(FIXTURES / "nov-2016-word-lo.docx")
    assert (first.rows, first.coverage, first.notes) == (again.rows, again.coverage, again.notes)


def test_word_documents_in_the_manifest_build_like_any_source(tmp_path, capsys, monkeypatch):
    """A manifest of two Word documents, built, read with their changes rejected, and diffed. The lineage's
    flow chart is a stand-in picture here: drawing it (matplotlib, in the build's forked copy) does not
    depend on the kind of source and was two thirds of this test's time; tests/test_lineage_chart.py checks
    the drawing, and the session's build (tests/conftest.py `built`) draws the real one."""
    from tipmatrix.export import lineage

    monkeypatch.setattr(lineage, "render_flow_chart", lambda _: {"lineage.svg": b"<svg/>", "lineage.png": STAND_IN})
    raw = tmp_path / "raw"
    raw.mkdir()
    entries = []
    for draft, name in (("2016-05-word", "may-2016-word-lo.docx"), ("2016-11-word", "nov-2016-word.docx")):
        data = (FIXTURES / name).read_bytes()
        (raw / name).write_bytes(data)
        entries.append(f'[[source]]\ndraft = "{draft}"\nfile = "{name}"\ntitle = "t"\nas_of = "a"\n'
                       f'layout = "{"may-2016" if name.startswith("may") else "nov-2016"}"\n'
                       f'sha256 = "{hashlib.sha256(data).hexdigest()}"\n')
    (raw / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == ["2016-05-word", "2016-11-word"]
    assert all(", 0 unassigned; last provision read: D." in line for line in err)
    assert (out / "2016-11-word" / "2016-11-word-matrix.xlsx").is_file()
    assert (out / "diff" / "2016-05-word_vs_2016-11-word.csv").is_file()
    assert (out / "lineage.png").read_bytes() == STAND_IN and (out / "lineage.xlsx").is_file()
    records = (out / "2016-11-word" / "records.csv").read_text(encoding="utf-8-sig")
    assert "tracked-change: ACWC inserted 'Anti-Trafficking'" in records
    # `build --tracked-changes-rejected` reads every Word source of the manifest with its changes rejected.
    # What the build reads is pipeline.read_drafts, the step before the files (which the build above
    # showed written from it): that step alone is run here, and its records rendered as records.csv is.
    read: list[pipeline.DraftResult] = []

    def read_only(raw_dir, out_dir, options):
        read.extend(pipeline.read_drafts(raw_dir, options))
        return read

    monkeypatch.setattr(pipeline, "build", read_only)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "orig"), "--tracked-changes-rejected"]) == 0
    monkeypatch.undo()
    original = render_records(next(r for r in read if r.source.draft == "2016-11-word").extraction.records).decode(
        "utf-8-sig")
    assert "Linking/Uploading of SOMTC activities in the ASEAN" in original
    assert "Linking/Uploading of SOMTC activities in the ASEAN" not in records
    assert main(["diff", "2016-05-word", "2016-11-word", "--raw", str(raw), "--out", str(tmp_path / "d"),
                 "--tracked-changes-rejected"]) == 0
    assert (tmp_path / "d" / "diff" / "2016-05-word_vs_2016-11-word.md").is_file()
