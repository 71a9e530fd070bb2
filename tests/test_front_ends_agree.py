"""One body-cell grammar for both front-ends (issue 10, item 3): the office-suite PDFs of the November
matrix and the November text rendition give every activity they both hold the same lead and cooperating
bodies. tests/fixtures/office/nov-2016-bodies.pdf (built by tests/office_matrix.py, `NOV_BODY_ROWS`)
prints the rows the issue names as raw/001 prints them; nov-2016.pdf is the wider matrix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# each PDF's pages read, and each source extracted, once per run
from shared_readings import shared_extractions, shared_pdf_scans  # noqa: F401
from shared_value import shared_value

from tipmatrix.pipeline import source_records

ROOT = Path(__file__).parent.parent
PDF = ROOT / "tests" / "fixtures" / "office" / "nov-2016-bodies.pdf"
TEXT = ROOT / "raw" / "001_fcb319b1d564dd03.txt"


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The November draft's records from its PDF and its text, once per run (shared_value)."""
    return shared_value(tmp_path_factory, "front-ends-agree",
                        lambda _: (source_records(PDF, "2016-11"), source_records(TEXT, "2016-11")))


@pytest.mark.parametrize("name, at_least", [("nov-2016-bodies.pdf", 14), ("nov-2016.pdf", 25)])
def test_every_activity_in_both_has_the_same_bodies(both, name, at_least):
    pdf, text = source_records(PDF.with_name(name), "2016-11"), both[1]
    in_text = {}
    for rec in text.records:
        if rec.activity:
            in_text.setdefault(_key(rec.activity), []).append(rec)
    pairs = [(rec, in_text[_key(rec.activity)]) for rec in pdf.records if _key(rec.activity) in in_text]
    assert len(pairs) >= at_least
    compared = 0
    for rec, twins in pairs:
        assert len(twins) == 1, rec.activity
        if _key(rec.bodies_raw) != _key(twins[0].bodies_raw) and name == "nov-2016.pdf":
            continue  # that document prints this cell otherwise on purpose ("Lead: DGICM" for 1.2)
        assert (rec.lead, rec.cooperating) == (twins[0].lead, twins[0].cooperating), rec.activity
        compared += 1
    assert compared >= at_least


@pytest.mark.parametrize("source", [0, 1], ids=["pdf", "text"])
def test_the_cells_the_issue_names_read_the_same(both, source):
    records = both[source].records

    def find(start: str):
        hits = [r for r in records if r.activity.startswith(start)]
        assert len(hits) == 1, start
        return hits[0]

    # November line 31: "Lead: SLOM and SOMTO CSB: AICHR"
    assert (find("Develop a Regional Program").lead, find("Develop a Regional Program").cooperating) == (
        ("SLOM", "SOMTC"), ("AICHR",))
    # lines 167/170: "a)Lead: SOM-ED/ SOMSWD AICHR ACWC ... SLOM"; b) has no group of its own
    a = find("Workshops or Consultation Meetings to enhance cooperation with CSOs")
    assert (a.lead, a.cooperating) == (("SOM-ED", "SOMSWD"), ("AICHR", "ACWC", "SLOM"))
    b = find("Dialogue with private sectors")
    assert (b.lead, b.cooperating, b.bodies_raw) == ((), (), "")
    assert "missing-lead" in [f.split(":")[0] for f in b.flags]
    # lines 190-197: row K's bodies stay in row K; the row after it prints none
    assert find("Law enforcers to familiarize").lead == ("SOMTC",)
    for start in ("Workshops and seminars for criminal", "HSU to interface", "Tap the assistance of ASEAN Law"):
        assert (find(start).lead, find(start).bodies_raw) == ((), "")
