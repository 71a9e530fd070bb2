"""Merges and splits by containment (normalize/align.py `_contained`): a short text that lies whole
inside a longer one under the same provision scores too low to pass any threshold (the word score
of a pair of unequal lengths), yet is the same activity. Texts from the generated later drafts'
misses (tests/corpus/diffs.py --misses)."""

from __future__ import annotations

import dataclasses

from test_align import may, nov

from tipmatrix.normalize.align import ALIGN, MERGED, SPLIT, align

CAMPAIGN = "Public campaign awareness to identify the victim of trafficking"
LONG = "Public campaign awareness to identify the victim of trafficking, and field visits to shelters in the region"


def pairs(result):
    return sorted((p.old.text, p.new.text) for p in result.pairs if p.old is not None and p.new is not None)


def test_an_item_whose_words_lie_inside_a_merged_item_is_merged_into_it():
    old = [may(CAMPAIGN, line=10), may("Field visits to shelters", line=11)]
    new = [nov(LONG, line=10)]
    result = align(old, new)
    assert pairs(result) == [("Field visits to shelters", LONG), (CAMPAIGN, LONG)]
    merged = [p for p in result.pairs if p.old is not None and p.old.text == "Field visits to shelters"]
    assert MERGED in merged[0].flags and merged[0].evidence.startswith("with ")
    # the same under another provision is not a merge: the short item is dropped
    elsewhere = align([old[0], dataclasses.replace(old[1], provision="B", provision_text="Another provision")], new)
    assert pairs(elsewhere) == [(CAMPAIGN, LONG)]


def test_an_item_that_lies_inside_an_old_one_is_split_from_it():
    old = [may("Youth forum on safe migration with radio spots in the provinces and a poster contest", line=10)]
    new = [nov("Youth forum on safe migration with radio spots in the provinces", line=10),
           nov("Poster contest in the provinces", line=11)]
    result = align(old, new)
    assert {n for _, n in pairs(result)} == {n.text for n in new}
    assert all(SPLIT in p.flags for p in result.pairs)


def test_a_short_text_is_no_evidence_and_the_share_is_a_setting():
    old = [may(CAMPAIGN, line=10), may("Report", line=11)]
    new = [nov(CAMPAIGN + ", report", line=10)]
    assert pairs(align(old, new)) == [(CAMPAIGN, CAMPAIGN + ", report")]  # "Report": one word
    old = [may(CAMPAIGN, line=10), may("Field visits to shelters", line=11)]
    strict = dataclasses.replace(ALIGN, contained_share=1.01)
    assert pairs(align(old, [nov(LONG, line=10)], strict)) == [(CAMPAIGN, LONG)]
