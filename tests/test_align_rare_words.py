"""Rare words count more in the draft diff (issue 10, item 5): a rewording that shares few words
but rare ones ("resource persons") is found; stock words ("ASEAN", "TIP", "workshop") weigh little."""

from __future__ import annotations

import pytest
from diff_gold import load_gold, score
from export_helpers import real_diff, real_extraction

from tipmatrix.normalize.align import ALIGN, content_key, rare_word_matrix, similarity_matrix, word_weights


def test_a_word_weighs_by_how_few_records_hold_it():
    keys = ["works tip asean", "works tip", "works resou perso", "tip asean"]
    weights = word_weights(keys)
    assert weights["works"] < weights["asean"] < weights["resou"]
    assert weights["resou"] == weights["perso"]


def _real_weights() -> dict[str, float]:
    records = [*real_extraction("2016-05").records, *real_extraction("2016-11").records]
    return word_weights([content_key(r.text) for r in records])


def test_shared_rare_words_lift_a_pair_that_shares_few_words():
    weights = _real_weights()
    assert weights["tip"] < 1.0 < weights["works"] < 2.0 < 4.0 < weights["resou"]
    may = content_key("ACWC may provide resource persons, trainers or lecturers who have expertise on child's "
                      "rights, women's rights and gendersensitive issues, especially those that pertain to aspects "
                      "of trafficking.")
    area = content_key("Provision of resource persons")
    plain = similarity_matrix([may], [area])[0, 0]
    weighted = similarity_matrix([may], [area], weights=weights)[0, 0]
    assert round(plain) == 32 and round(weighted) == 70
    # stock words shared with a short text are no evidence: a workshop on TIP in ASEAN is not any other
    stock = rare_word_matrix([content_key("ASEAN Workshop on TIP for border officials")],
                             [content_key("Regional workshop on TIP")], weights)
    assert stock[0, 0] < ALIGN.accept


@pytest.fixture(scope="module")
def real():
    return real_diff()


def test_the_resource_persons_item_is_paired_with_its_area(real):
    pairs = [p for p in real.pairs if p.old is not None and p.old.text.startswith("ACWC may provide resource persons")]
    assert [(p.new.area, p.compared) for p in pairs] == [("Provision of resource persons",
                                                          "Provision of resource persons")]


def test_recall_and_precision_on_the_hand_alignment(real):
    result = score(real, load_gold())
    # 50 of 51 required pairs; the one left shares one rare word ("trainers"); the LSP item is paired
    # from what was left by the words it shares ("LSP", "facilitate", "AMS", "information")
    assert (round(result.recall, 3), result.precision) == (0.98, 1.0), [r.old for r in result.missed]


def test_the_table_top_exercises_merge_with_their_evidence(real):
    """The issue's example: two May items into one November item of pillar C, 54.3, under every
    threshold: paired from the leftovers by three rare words, each row naming the other."""
    rows = [p for p in real.pairs if p.old is not None and p.old.text.startswith("Hold workshops, seminars, table top")]
    assert [(p.new.text[:40], p.similarity, p.flags) for p in rows] == [
        ("Joint activities or table-top exercises ", 54.3, ("moved", "merged", "rare-words", "review"))] * 2
    assert [p.evidence for p in rows] == [
        f"shares exercises, table, top, enforcers, law, tip (rarity 17.5); with {other.old.record_id}"
        for other in reversed(rows)]
