"""A draft repeated N times (the scale series of bench/scale.py, issue 21) reads as N copies of the
draft: its first copy gives the records of the draft alone, field for field, with the corrections.

Before, every cell the November rendition prints one per line ("Training on identification of
victims (*Lead country:*") was printed twice in the repeated draft and read as a running header,
and the corrections of lines 101-107 then found no record: the build stopped.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bench.scale import repeated_raw
from tipmatrix.pipeline import read_extracted_and_corrected

RAW = Path(__file__).resolve().parents[1] / "raw"


def _fields(records) -> list[dict]:
    return [dataclasses.asdict(r) for r in records]


def test_a_draft_repeated_twice_reads_as_two_copies_of_the_draft(tmp_path):
    alone = {r.source.draft: r for r in read_extracted_and_corrected(RAW)}
    twice = {r.source.draft: r.corrected for r in read_extracted_and_corrected(repeated_raw(tmp_path / "raw", 2))}
    assert sorted(twice) == sorted(alone) == ["2016-05", "2016-11"]
    for draft, read in alone.items():
        corrected, extracted = read.corrected.records, read.extraction.records
        doubled = twice[draft].records
        # the corrections name lines of the first copy: the second is read as extracted
        assert len(doubled) == len(corrected) + len(extracted), draft
        # copy 0: the same records, every field, the corrections applied (lines 101-107 of November)
        assert _fields(doubled[: len(corrected)]) == _fields(corrected), draft
        # copy 1: the same texts, one draft further down
        assert [r.activity for r in doubled[len(corrected):]] == [r.activity for r in extracted], draft
    assert "Regular Workshop / Training on identification of victims" in [r.activity for r in twice["2016-11"].records]
