"""The diff on later drafts it has never seen (tests/corpus/drafts.py, `make diff-corpus`): a draft with no
edit gives every pair and nothing else; a fixed sample of 30 generated drafts keeps the figures measured
on it (they may rise, not fall); and the generator does what its truth says."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import pytest
from corpus.diffs import made_pairs, run, score, total
from corpus.drafts import (
    BASES,
    HELD_OUT_REWRITES,
    KEPT,
    OPERATIONS,
    RATES,
    SEEN_REWRITES,
    Draft,
    added_pool,
    content_words,
    copies,
    fixture_records,
    later_draft,
    unchanged_draft,
)

from tipmatrix.normalize.align import UNCHANGED, align

SAMPLE = range(1, 31)
# Measured on the sample (seeds 1-30) with normalize/align.py as it is, less about two points: unit recall
# 93.6%, pair recall 93.5%, pair precision 95.0%, kept pairs 99.6%, split pairs 85.0%, merged pairs 67.4%,
# became-area pairs 100% (before an area needed `accept_area` and containment made merges and splits: 89.9%,
# 89.4%, 87.3%, 99.6%, 71.0%, 47.1%, 100%).
FLOORS = {"unit recall": 0.92, "pair recall": 0.91, "pair precision": 0.93, "kept-pair recall": 0.98,
          "split": 0.83, "merged": 0.65, "became-area": 0.98}


@cache
def drawn(seed: int) -> Draft:
    """`later_draft(seed)`, drawn once for the tests here that only read it (a Draft is frozen): four tests
    read seeds 1-20, which each drew again. `test_the_same_seed_gives_the_same_draft` draws its own."""
    return later_draft(seed)


@pytest.mark.parametrize("base", [*BASES, "2017-11"])
def test_a_draft_with_no_edit_gives_every_pair_and_nothing_else(base):
    draft = unchanged_draft(base)
    result = align(draft.old, draft.new)
    assert made_pairs(draft, result) == set(draft.truth)
    assert len(draft.truth) == len(draft.old) == len(draft.new)
    assert {p.change for p in result.pairs} == {UNCHANGED}
    s = score(draft, made_pairs(draft, result))
    assert (s.unit_recall, s.pair_recall, s.precision) == (1.0, 1.0, 1.0)


def test_the_sample_keeps_its_figures():
    s = total(score for _, score in run(SAMPLE))
    figures = {"unit recall": s.unit_recall, "pair recall": s.pair_recall, "pair precision": s.precision,
               "kept-pair recall": s.kept_recall, "split": s.op_recall("split"), "merged": s.op_recall("merged"),
               "became-area": s.op_recall("became-area")}
    below = {name: f"{value:.1%}" for name, value in figures.items() if value < FLOORS[name]}
    assert below == {}
    assert s.units > 800 and s.kept > 400  # the sample is as large as when the floors were measured


def test_the_same_seed_gives_the_same_draft():
    a, b = later_draft(7), later_draft(7)
    assert (a.old, a.new, a.truth, a.ops) == (b.old, b.new, b.truth, b.ops)
    assert later_draft(8).new != a.new


def test_every_new_record_is_accounted_for_by_the_truth():
    for seed in range(1, 21):
        draft = drawn(seed)
        paired = {j for _, j in draft.truth}
        assert paired | draft.added == set(range(len(draft.new)))
        assert not paired & draft.added
        for i, op in enumerate(draft.ops):
            has_pair = any(k == i for k, _ in draft.truth)
            assert has_pair == (op != "dropped"), (seed, i, op)


def test_edits_change_what_they_say_and_keep_the_rest():
    for seed in range(1, 21):
        draft = drawn(seed)
        for i, j in draft.truth:
            old, new, op = draft.old[i], draft.new[j], draft.ops[i]
            if op == "same":
                assert new.activity == old.activity
            if op in ("reworded", "reworded-held-out"):
                assert new.activity != old.activity, draft.notes[i]
            if op == "moved":
                assert (new.pillar, new.provision_text) != (old.pillar, old.provision_text)
            if op == "became-area" and "area widened" not in draft.notes[i]:
                assert new.area.startswith(old.activity.rstrip(". "))


def test_the_new_draft_prints_its_pillars_in_order():
    """The aligner reads a pillar starting again as another copy of the matrix (align.copies)."""
    for seed in range(1, 21):
        pillars = [r.pillar for r in drawn(seed).new]
        assert pillars == sorted(pillars)


def test_added_texts_are_not_the_old_drafts_items():
    for base in BASES:
        old = [content_words(r.text) for r in later_draft(1, base=base).old]
        for text in added_pool(base):
            words = content_words(text)
            assert all(len(words & o) <= len(words) / 3 for o in old), text


def test_operations_come_at_the_rates_of_the_real_change():
    ops = Counter(op for seed in range(1, 101) for op in drawn(seed).ops)
    n = sum(ops.values())
    assert set(ops) <= set(OPERATIONS)
    assert abs(ops["dropped"] / n - RATES["dropped"] / sum(RATES.values())) < 0.05
    assert sum(ops[op] for op in KEPT) / n > 0.15
    assert all(ops[op] for op in ("same", "edited", "reworded", "reworded-held-out", "moved", "split", "became-area",
                                  "merged", "repeated"))


def test_every_rewrite_is_used_and_the_held_out_ones_are_apart():
    """Each rewrite of both tables meets some text of the old drafts (none is dead), and no held-out
    rewrite is also a seen one. (That none of them is made by a pair of the 2016 drafts was checked by
    reading the pairs of the hand alignment, ../shared/reference.)"""
    texts = [r.text for base in BASES for r in fixture_records(base)]
    for pattern, _ in (*SEEN_REWRITES, *HELD_OUT_REWRITES):
        assert any(re.search(pattern, t) for t in texts), pattern
    assert not set(SEEN_REWRITES) & set(HELD_OUT_REWRITES)
    assert not {r for _, r in SEEN_REWRITES} & {r for _, r in HELD_OUT_REWRITES}


def test_the_may_drafts_copies_are_its_repeated_items():
    """Read by hand: five items printed word for word under two provisions (the workshops and table top
    exercises, the regular training, the INTERPOL I-24/7 exchange, the Labour Ministers' Work Programme,
    the venue for investigators), and three printed twice with a few words more or less (the data
    collection systems, the region-wide survey, the labour laws)."""
    may = tuple(r.text for r in fixture_records("2016-05"))
    assert copies(may) == {35: 18, 82: 51, 75: 54, 80: 70, 95: 89, 72: 49, 96: 73, 97: 74}
    assert copies(tuple(r.text for r in fixture_records("2016-11"))) == {}
