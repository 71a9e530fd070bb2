"""The extractor's fast paths give what the plain code they replace gives (issue 22 item 8: the
extraction made faster without changing a record).

Each oracle below is the code as it was before the fast path: a regex where `str.split` now folds
whitespace, `dataclasses.replace` where the instance dict is now copied, the marker patterns run on
every text where text without what a pattern needs is now skipped, the provision text recomputed at
every call where it is now kept until a fragment is added. Arbitrary text (hypothesis) over an alphabet
of what the rules look at: letters, digits, list markers, brackets, stars and every kind of space.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipmatrix.extract import cells
from tipmatrix.extract.cells import Frag, _join_broken_compound, lift_notes, split_markers, unwrap_text
from tipmatrix.extract.labels import BULLET_GLYPHS, CAPITAL_REF, DASH_MARKER, LETTER_REF, NUMBER_REF
from tipmatrix.extract.provisions import ProvisionTracker
from tipmatrix.model import CoverageLine, Extraction, Record

FAST = settings(max_examples=120, deadline=None, derandomize=True, database=None)
ALPHABET = "aAbBcdeEfLNz019.);:,([]*-\u2013\u2022_ \t\n\r\u00a0\u2003\u2028\x1c"
TEXT = st.text(alphabet=ALPHABET, max_size=60) | st.sampled_from([
    "rights- based", "Anti- Trafficking", "Plan of Action- Elimination", "a) Develop a map - Including video",
    "1. Train officers 1.2 Share data", "A. Establish network B. Hold meetings", "(inputs from Group 2) Conduct",
    "- Set up\u00a0a hotline; \u2022 Train", "*recommendation: keep it", "Train staff *recommendation: keep it",
    "text [SOMSWD]", "Campaign (for Protection of Victims) on rights",
])


def unwrap_by_regex(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\b([A-Za-z]+)- ([A-Za-z]+)", _join_broken_compound, text)


def marker_spans_everywhere(text: str, capital_refs: bool, dashes: bool = True) -> list[tuple[int, int, str]]:
    spans = []
    for m in DASH_MARKER.finditer(text) if dashes else ():
        if m.start() > 0 and not set(BULLET_GLYPHS) & set(m.group(0)) and not re.match(
            r"[A-Z0-9(\"']", text[m.end() : m.end() + 1]
        ):
            continue
        spans.append((m.start(), m.end(), ""))
    spans += [(m.start(), m.end(), m.group(1) + ")") for m in LETTER_REF.finditer(text)]
    spans += [(m.start(), m.end(), m.group(1).rstrip(")")) for m in NUMBER_REF.finditer(text)]
    if capital_refs:
        spans += [(m.start(), m.end(), m.group(1) + ".") for m in CAPITAL_REF.finditer(text)]
    refs = [sp[0] for sp in spans if sp[2]]
    if refs:
        spans = [sp for sp in spans if sp[2] or sp[0] < refs[0]]
    merged: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if not (merged and span[0] < merged[-1][1]):
            merged.append(span)
    return merged


@FAST
@given(TEXT)
def test_unwrap_text_folds_whitespace_and_joins_compounds_as_the_regexes_did(text):
    assert unwrap_text(text) == unwrap_by_regex(text)


@FAST
@given(TEXT, st.booleans(), st.booleans())
def test_list_markers_are_found_as_when_every_pattern_ran_on_every_text(text, capital_refs, dashes):
    assert cells._marker_spans(text, capital_refs, dashes) == marker_spans_everywhere(text, capital_refs, dashes)


def lift_notes_everywhere(text: str) -> tuple[str, list[str]]:
    spans = [(m.start(), m.end()) for pattern in cells.NOTE_PATTERNS for m in pattern.finditer(text)]
    star = cells.STAR_NOTE.search(text)
    if star and text[: star.start()].strip():
        spans.append((star.start(), len(text)))
    kept, notes, pos = [], [], 0
    for start, end in sorted(spans):
        if start >= pos:
            kept.append(text[pos:start])
            notes.append(unwrap_by_regex(text[start:end]))
            pos = end
    kept.append(text[pos:])
    return unwrap_by_regex(" ".join(kept)), notes


@FAST
@given(TEXT)
def test_notes_are_lifted_as_when_every_note_pattern_ran_on_every_text(text):
    assert lift_notes(text) == lift_notes_everywhere(text)


def test_the_markers_of_a_real_cell_are_split_where_they_print():
    text = "a) Develop a visual map - Including video b) Train officers 1.2 Share data"
    assert [(text[s:e], ref) for s, e, ref in split_markers(text)] == [
        ("Develop a visual map - Including video ", "a)"), ("Train officers ", "b)"), ("Share data", "1.2")]


RECORD = Record(draft="2016-05", pillar="A", provision="B", provision_text="Prevent", activity="Train",
                source_file="x.txt", source_lines=(3, 4), lead=("SOMTC",), flags=("fuzzy-body: x",))


@pytest.mark.parametrize("changes", [
    {}, {"activity": "Share data"}, {"record_id": "2016-05-A-1", "flags": ()}, {"lead": ("ACWC", "SOMSWD")},
    {field.name: getattr(RECORD, field.name) for field in dataclasses.fields(Record)},
])
def test_record_replace_makes_what_dataclasses_replace_makes(changes):
    fast = RECORD.replace(**changes)
    assert fast == dataclasses.replace(RECORD, **changes)
    assert vars(fast) == vars(dataclasses.replace(RECORD, **changes))
    assert fast is not RECORD and RECORD.activity == "Train"  # a new record; the old one unchanged
    assert hash(fast) == hash(dataclasses.replace(RECORD, **changes))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.activity = "edited"  # type: ignore[misc]


def test_record_replace_refuses_an_unknown_field_as_dataclasses_does():
    with pytest.raises(TypeError, match="unexpected keyword argument 'activty'"):
        RECORD.replace(activty="typo")


def test_coverage_lines_are_re_derived_as_new_lines():
    coverage = (CoverageLine(3, "1", "unassigned", "Train"), CoverageLine(4, "1", "header", "Provision"))
    ex = Extraction(draft="2016-05", source_file="x.txt", layout="may-2016", records=(), coverage=coverage)
    got = ex.with_records([RECORD.replace(lines_used=(3,))]).coverage
    assert got == (CoverageLine(3, "1", "record", "Train", (got[0].record_ids[0],)), coverage[1])
    assert got[0].record_ids[0].startswith("2016-05-A-") and coverage[0].status == "unassigned"


def test_a_provision_s_text_follows_the_fragments_fed_to_it():
    tracker = ProvisionTracker()
    tracker.feed(Frag("A. Increase the", 1))
    first = tracker.current
    assert first is not None and first.text == "Increase the"
    tracker.feed(Frag("awareness- raising of", 2))
    assert first.text == "Increase the awareness-raising of"
    tracker.feed(Frag("victims;", 3))
    assert first.text == "Increase the awareness-raising of victims;"
    first.frags.pop()
    assert first.text == "Increase the awareness-raising of"
