"""A third draft in the endorsed Bohol TIP Work Plan's shape (tests/bohol_plan.py): read from its PDF,
diffed against November, and followed by the lineage from May through November to it.

The PDF is LibreOffice's export of bohol-2017.docx (both committed); both are read here, the
Word document with its tracked changes and comment. What the draft changed is stated once, in
bohol_plan.EDITS; the tests check that the extractor, the diff and the lineage find exactly that.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pdfplumber
import pytest
from bohol_figures import raw_folder
from bohol_plan import DRAFT, EDITS, INTRO, added, dropped, lineage_changes
from office_score import load_expected, norm, score

# each PDF's pages read, and each source extracted, once per run
from shared_readings import shared_extractions, shared_pdf_scans  # noqa: F401
from shared_value import shared_value

from tipmatrix.export.diff import diff_name, render_diff_csv
from tipmatrix.export.lineage import render_lineage_csv
from tipmatrix.model import Extraction, Record
from tipmatrix.normalize.align import ADDED, DROPPED, align
from tipmatrix.normalize.lineage import build_lineage
from tipmatrix.pipeline import RunOptions, aligned, read_drafts, source_records

FIXTURES = Path(__file__).parent / "fixtures" / "office"
PDF = FIXTURES / "bohol-2017.pdf"
PDFS = {"2016-05": FIXTURES / "may-2016.pdf", "2016-11": FIXTURES / "nov-2016.pdf", DRAFT: PDF}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, Extraction]:
    """The three PDFs' records, read once per run (conftest.shared_value)."""
    return shared_value(tmp_path_factory, "bohol-extracted",
                        lambda _: {draft: source_records(path, draft) for draft, path in PDFS.items()})


def by_activity(records, text: str) -> Record:
    found = [r for r in records if norm(r.activity) == norm(text)]
    assert len(found) == 1, (text, len(found))
    return found[0]


def test_the_fixture_is_an_office_suite_pdf_in_the_endorsed_shape():
    with pdfplumber.open(PDF) as pdf:
        assert pdf.metadata["Producer"].startswith("LibreOffice")
        assert len(pdf.pages) == 7
        first = pdf.pages[0].extract_text()
        header = pdf.pages[0].extract_tables()[0][0]
    assert first.startswith("Bohol TIP Work Plan 2017-2020: ASEAN Multi-Sectoral Work Plan against Trafficking in"
                            " Persons | Endorsed Ad Referendum by SOMTC as of 13 November 2017 | Page 1 of 7")
    # narrow columns break the header's words inside their cells
    assert header[4:] == ["Lead\nand\nCooperat\ning\nSectoral\nBody/Or\ngan", "Implem\nentatio\nn\nStatus"]


def test_records_found_with_their_fields_right_and_no_line_unassigned(extracted):
    extraction = extracted[DRAFT]
    expected = load_expected(FIXTURES / f"expected-{DRAFT}.jsonl")
    result = score(expected, list(extraction.records))
    assert (result.found, result.misses, result.wrong, result.extra) == (len(expected), [], [], [])
    assert result.fields_share == 1.0
    assert extraction.counts()["unassigned"] == 0
    assert len(extraction.records) == len(expected) == 43
    filled = [(w["activity"], w["expected_outputs"]) for w in expected if w["expected_outputs"]]
    assert [(a, by_activity(extraction.records, a).expected_outputs) for a, _ in filled] == filled


def test_running_header_and_introduction_are_boilerplate(extracted):
    coverage = extracted[DRAFT].coverage
    running = [c for c in coverage if c.text.startswith("Bohol TIP Work Plan 2017-2020")]
    assert [(c.page, c.status) for c in running] == [(str(p), "header") for p in range(1, 8)]
    assert [c.text for c in coverage if c.status == "prose"] == [
        "ASEAN Multi-Sectoral Work Plan against Trafficking in Persons 2017-2020 (Bohol TIP Work Plan)",
        *_intro_lines(coverage)]
    assert " ".join(_intro_lines(coverage)) == INTRO


def _intro_lines(coverage) -> list[str]:
    return [c.text for c in coverage if c.status == "prose" and not c.text.startswith("ASEAN Multi")]


def test_diff_against_november_finds_the_kept_pairs_the_drops_and_the_additions(extracted):
    nov, new = extracted["2016-11"].records, extracted[DRAFT].records
    result = align(nov, new)
    gone = dropped()
    edited = {start: changes for e in EDITS for start, changes in e.records.items() if changes}
    kept = set()
    for want in load_expected(FIXTURES / "expected-2016-11.jsonl"):
        old = by_activity(nov, want["activity"])
        if any(old.activity.startswith(s) for s in gone):
            continue
        now = next((c.get("activity") for s, c in edited.items() if old.activity.startswith(s)), None)
        kept.add((old.record_id, by_activity(new, now or old.activity).record_id))
    pairs = {(p.old.record_id, p.new.record_id) for p in result.pairs if p.old is not None and p.new is not None}
    assert pairs == kept
    assert sorted(p.old.activity for p in result.pairs if p.change == DROPPED) == sorted(
        by_activity(nov, next(w["activity"] for w in load_expected(FIXTURES / "expected-2016-11.jsonl")
                              if w["activity"].startswith(s))).activity for s in gone)
    assert sorted(p.new.activity for p in result.pairs if p.change == ADDED) == sorted(added())


@pytest.fixture(scope="module")
def lineage_build(tmp_path_factory) -> tuple[list[dict[str, str]], dict[str, bytes]]:
    """The lineage CSV and the diff CSVs of a build of the three drafts, made as `build` makes them
    (pipeline.read_drafts, then each step `aligned` and the lineage built from the drafts and the
    diffs, pipeline.comparison_files), rendered as CSV only: no test here reads the workbooks or the
    drawn chart (drawing it was half this fixture's time). Once per run (shared_value)."""
    def make(folder: Path) -> tuple[list[dict[str, str]], dict[str, bytes]]:
        options = RunOptions(corrections=False)
        results = read_drafts(raw_folder(folder, PDFS), options)
        steps = list(zip(results, results[1:]))
        diffs = [aligned(old, new, options) for old, new in steps]
        files = {f"diff/{diff_name(old.source.draft, new.source.draft)}.csv": render_diff_csv(d)
                 for (old, new), d in zip(steps, diffs)}
        lineage = build_lineage([r.source.draft for r in results], [r.extraction.records for r in results], diffs)
        files["lineage.csv"] = render_lineage_csv(lineage)
        return list(csv.DictReader(io.StringIO(files["lineage.csv"].decode("utf-8-sig")))), files

    return shared_value(tmp_path_factory, "bohol-lineage", make)


def test_lineage_follows_every_change_made_and_nothing_else(lineage_build, extracted):
    rows, _ = lineage_build
    new = extracted[DRAFT].records
    changes = lineage_changes()
    for row in rows:
        if not row[f"{DRAFT}_record_id"]:
            # the chain ends before the third draft: in November only if November dropped it here
            if row["2016-11_record_id"]:
                assert any(row["2016-11_text"].startswith(s) for s in dropped()), row["2016-11_text"]
            continue
        rec = next(r for r in new if r.record_id == row[f"{DRAFT}_record_id"])
        if rec.activity in added():
            assert (row["2016-11_record_id"], row[f"{DRAFT}_change"]) == ("", "added")
            continue
        nov_text = row["2016-11_text"]
        want = next((c for s, c in changes.items() if nov_text.startswith(s)), "unchanged")
        assert row[f"{DRAFT}_change"] == want, (nov_text, row[f"{DRAFT}_change"])
    # every edit shows up once (a November item merged from two May items heads two chains: counted
    # once per step), every added item starts a chain, every drop ends one
    steps = {(r["2016-11_record_id"], r[f"{DRAFT}_record_id"], r[f"{DRAFT}_change"]) for r in rows}
    assert sorted(c for _, _, c in steps if c not in ("", "unchanged")) == sorted(
        [*changes.values(), *["added"] * len(added())])
    ended = {r["2016-11_text"] for r in rows if r["2016-11_record_id"] and not r[f"{DRAFT}_record_id"]}
    assert sorted(t[:30] for t in ended) == sorted(s[:30] for s in dropped())


def test_lineage_links_each_kept_item_back_to_may_where_the_may_to_november_diff_does(lineage_build, extracted):
    rows, files = lineage_build
    diff = list(csv.DictReader(io.StringIO(files["diff/2016-05_vs_2016-11.csv"].decode("utf-8-sig"))))
    may_links = {(d["record_id_old"], d["record_id_new"]) for d in diff if d["record_id_old"] and d["record_id_new"]}
    chained = {(r["2016-05_record_id"], r["2016-11_record_id"]) for r in rows
               if r["2016-05_record_id"] and r["2016-11_record_id"]}
    assert chained == may_links
    # and each such link reaches the third draft unless November's item was dropped there
    for r in rows:
        if r["2016-05_record_id"] and r["2016-11_record_id"]:
            assert bool(r[f"{DRAFT}_record_id"]) != any(r["2016-11_text"].startswith(s) for s in dropped())


def test_the_word_version_of_the_third_draft_reads_as_its_pdf_with_changes_and_comment_flagged():
    """bohol-2017.docx: the same draft with one rewording as tracked changes and a comment on a new
    lead, read by the Word front-end to the PDF's records; deleted and comment text only in flags."""
    extraction = source_records(FIXTURES / "bohol-2017.docx", DRAFT)
    expected = load_expected(FIXTURES / f"expected-{DRAFT}.jsonl")
    result = score(expected, list(extraction.records))
    assert (result.found, result.misses, result.wrong, result.extra) == (len(expected), [], [], [])
    assert extraction.counts()["unassigned"] == 0
    text = " ".join(f"{r.area} {r.activity} {r.note} {r.provision_text}" for r in extraction.records)
    for hidden in ("the identification and referral of", "SOMSWD agreed to lead"):  # "a tool" is printed elsewhere
        assert hidden not in text
    flags = [f for r in extraction.records for f in r.flags]
    assert any(f.startswith("tracked-change: ASEAN Secretariat deleted 'a tool'") for f in flags)
    assert any(f.startswith("comment: ") and "SOMSWD agreed to lead" in f for f in flags)
