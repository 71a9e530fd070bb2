"""Aligning two drafts: each classification on small hand-made pairs (texts quoted from raw/),
then the real extraction of both drafts against the hand-made alignment in tests/fixtures."""

from __future__ import annotations

import dataclasses

import pytest
from diff_gold import load_gold, score
from export_helpers import real_diff, real_extraction, record

from tipmatrix.model import Record
from tipmatrix.normalize.align import (
    ADDED,
    ALIGN,
    BECAME_AREA,
    COOP_CHANGED,
    DROPPED,
    LEAD_CHANGED,
    MERGED,
    MOVED,
    PROVISION_REWORDED,
    REVIEW,
    REWORDED,
    SPLIT,
    UNCHANGED,
    AlignSettings,
    DiffResult,
    Pair,
    align,
    check_coverage,
    items,
    text_key,
)

AWARENESS = "Increase awareness campaigns to educate all levels of society on trafficking in persons"
CAPACITY = "Continue capacity building of law enforcement, immigration, education, social welfare"
REAFFIRM = "Reaffirm that the promotion of human rights for all victims of trafficking"
AVENUES = "Ensure that there are avenues for victims of trafficking in persons, with particular attention"
CAPACITY_K = "Intensify capacity building, where appropriate, of law enforcers, prosecutors, judges"
SHARING_L = "Strengthen the information-sharing, investigation and prosecution processes"
# The November rendition of provision A lost words to its column cut (raw/001, line 19).
AWARENESS_NOV = "Increase awareness of to educate all levels of on trafficking in persolinkage"
CARE = (
    "Continue to coordinate efforts to ensure that the provision of care and support services is sustainable "
    "and comprehensive"
)


def may(activity: str, pillar: str = "A", provision: str = "A", text: str = AWARENESS, line: int = 10, **kw) -> Record:
    return record(pillar, activity, line=line, provision=provision, provision_text=text, **kw)


def nov(
    activity: str, pillar: str = "A", provision: str = "A", text: str = AWARENESS_NOV, line: int = 10, **kw
) -> Record:
    return record(pillar, activity, line=line, provision=provision, provision_text=text, draft="2016-11", **kw)


def rows(result: DiffResult) -> list[tuple[str, tuple[str, ...], str, str]]:
    """The diff as compact (change, flags, old text, new text) tuples, in output order."""
    return [(p.change, p.flags, p.old.text if p.old else "", p.new.text if p.new else "") for p in result.pairs]


# --- normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("- Training for trainers for law enforcement agencies.", "training for trainers for law enforcement agencies"),
        ("a.1)Training for Law Enforcement", "training for law enforcement"),
        ("1.2.1 Elaborate the ASEAN Immigration Intelligence Forum (AIIF).",
         "elaborate the asean immigration intelligence forum aiif"),
        ("B. Continue to coordinate efforts [SOMSWD]", "continue to coordinate efforts"),
        ("Cooperate with SOM -ED and SOMED", "cooperate with somed and somed"),
        ("Senior Officials Meeting on Transnational Crime", "somtc"),
        ("Disseminate materials related to Trafficking in Persons", "disseminate materials related to tip"),
        ("[input from ACWC 11/16/16] kept", "input from acwc 11 16 16 kept"),
    ],
)
def test_text_key_folds_markers_case_body_names_and_tags(printed, key):
    assert text_key(printed) == key


def test_items_of_a_november_area_cell_that_lists_may_items():
    cell = (f"A. {CARE} [SOMTC] -All schools have a ATIP Team -Information through line connection "
            "-Report - Field visits [SOMED]")
    assert items(cell) == [
        CARE,
        "All schools have a ATIP Team",
        "Information through line connection",
        "Report",
        "Field visits",
    ]
    assert items("Public awareness campaign on TIP") == []


# --- classifications -----------------------------------------------------------------------


def test_unchanged_text_same_place_same_bodies():
    old = may("- Training for trainers for law enforcement agencies in the prevention of TIP.", "A", "B", CAPACITY,
              lead=("AICHR",))
    new = nov("Training for trainers for law enforcement agencies in the prevention of TIP.", "A", "B", CAPACITY,
              lead=("AICHR",))
    assert rows(align([old], [new])) == [(UNCHANGED, (), old.text, new.text)]
    assert align([old], [new]).pairs[0].similarity == 100.0


def test_reworded_with_new_lead_and_cooperating_body():
    old = may("Linking/Uploading of SOMTC activities to ACWC website", lead=("ACWC",))
    new = nov("Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website",
              lead=("SOMTC",), cooperating=("ACWC",), text=AWARENESS)
    assert rows(align([old], [new])) == [(REWORDED, (LEAD_CHANGED, COOP_CHANGED), old.text, new.text)]


def test_moved_to_another_provision():
    old = may("Research on illegal issue on force labor, cause and effect on inbound and outbound force labor.",
              "A", "B", CAPACITY, lead=("SLOM",))
    new = nov("Research on forced labor issues, cause and effect on inbound and outbound in the ASEAN region",
              lead=("SLOM",))
    assert rows(align([old], [new])) == [(REWORDED, (MOVED,), old.text, new.text)]


def test_same_provision_despite_the_cut_november_provision_text():
    old = may("Disseminate materials related to TIP (i.e. EVAC and EVAW)")
    new = nov("Disseminate regional materials on Trafficking in Persons and related cases (i.e. EVAC and EVAW)")
    assert MOVED not in align([old], [new]).pairs[0].flags


def test_split_one_may_cell_into_two_november_items():
    survey = ("Conduct region-wide survey of trafficking related laws including those dealing with money-laundering, "
              "MLAT and extradition with a view of identifying effective practices within and outside the region")
    labour = ("Adopt and implement appropriate labour laws or other mechanisms that promote and protect the interests "
              "and rights of workers to reduce risk of being trafficked.")
    old = may(f"{survey}; {labour}", "C", "K", CAPACITY_K, lead=("SOMTC",))
    new = [
        nov("", "C", "K", CAPACITY_K, area=f"1. {survey}.", lead=("ASLOM",), line=20),
        nov("", "C", "K", CAPACITY_K, area=f"- {labour} (for Protection of Victims)", lead=("SOMTC",), line=30),
    ]
    result = align([old], new)
    assert [(p.change, p.flags, p.new.text) for p in result.pairs] == [
        (REWORDED, (LEAD_CHANGED, SPLIT), new[0].text),
        (REWORDED, (SPLIT,), new[1].text),
    ]


def test_merged_repeats_prefer_the_copy_in_the_same_place():
    text = "Promote close coordination with other appropriate regional structures such as INTERPOL and ASEANAPOL"
    old = [
        may(text, "A", "A", AWARENESS, lead=("SOMTC",), line=11),
        may(text, "C", "L", SHARING_L, lead=("SOMTC",), line=90),
    ]
    new = [nov("", "C", "L", SHARING_L, area=f"1. {text}.", lead=("SOMTC",), line=50)]
    assert rows(align(old, new)) == [
        (UNCHANGED, (MOVED, MERGED), text, new[0].text),
        (UNCHANGED, (MERGED,), text, new[0].text),
    ]


def test_repeats_in_two_places_each_keep_their_own_counterpart():
    old = [
        may(CARE, "B", "A", REAFFIRM, lead=("SOMSWD",), line=80),
        may(CARE, "B", "", AVENUES, lead=("SOMSWD",), line=95),
    ]
    new = [
        nov("Compilation of good practices in the protection TIP survivors", "B", "A", REAFFIRM,
            area=f"B. {CARE} [SOMSWD]", lead=("ACWC",), line=40),
        nov("Research on how each AMS integrate TIP in school curricula and at what level", "B", "", AVENUES,
            area=f"A. {CARE} [SOMTC]", lead=("SOM-ED",), line=70),
    ]
    result = align(old, new)
    assert [(p.old.source_lines[0], p.new.source_lines[0], p.flags) for p in result.pairs] == [
        (80, 40, (LEAD_CHANGED, BECAME_AREA)),
        (95, 70, (LEAD_CHANGED, BECAME_AREA)),
    ]


def test_item_that_became_an_area_pairs_with_every_activity_under_it():
    old = may("Public awareness campaign on TIP", lead=("AICHR",))
    area = "Public awareness campaign on TIP and Legal processes of Migration"
    new = [
        nov("Linking/Uploading of SOMTC Anti-Trafficking activities in the ASEAN and ACWC Website", area=area,
            lead=("SOMTC",), line=27, text=AWARENESS),
        nov("Develop a Regional Program to commemorate the World Day of Trafficking in Persons (July 30)", area=area,
            lead=("AICHR",), line=31, text=AWARENESS),
    ]
    result = align([old], new)
    assert rows(result) == [
        (REWORDED, (LEAD_CHANGED, SPLIT, BECAME_AREA), old.text, new[0].text),
        (REWORDED, (SPLIT, BECAME_AREA), old.text, new[1].text),
    ]
    assert {p.compared for p in result.pairs} == {area}


def test_may_items_listed_in_one_november_area_cell_merge_into_its_activities():
    cell = f"A. {CARE} [SOMTC] -All schools have a ATIP Team -Information through line connection -Report [SOMED]"
    old = [
        may(CARE, "B", "", AVENUES, lead=("SOMSWD",), line=95),
        may("All schools have a ATIP Team", "B", "", AVENUES, lead=("SOM-ED",), line=96),
        may("Report", "B", "", AVENUES, lead=("SOM-ED",), line=96),
    ]
    new = [nov("Research on how each AMS integrate TIP in school curricula and at what level", "B", "", AVENUES,
               area=cell, lead=("SOM-ED",), line=70)]
    assert [(p.change, p.flags, p.compared) for p in align(old, new).pairs] == [
        (UNCHANGED, (LEAD_CHANGED, MERGED, BECAME_AREA), CARE),
        (UNCHANGED, (MERGED, BECAME_AREA), "All schools have a ATIP Team"),
        (UNCHANGED, (MERGED, BECAME_AREA), "Report"),
    ]


def test_dropped_and_added():
    old = may("Open Opinion Boxes", "D", "A", "Strengthen capacity building activities", lead=("SOM-ED",))
    new = nov("Establish regional registry of victims and perpetrators of TIP.", "D", "C",
              "Utilise international cooperation", lead=("SOMTC",))
    assert rows(align([old], [new])) == [(DROPPED, (), old.text, ""), (ADDED, (), "", new.text)]


def test_optimal_assignment_not_first_best_match():
    """The first old item's best match is also the only match of the second: a greedy first match
    would take it and drop the second; the optimal assignment pairs both."""
    old = [may("Workshop on identification of victims for frontline officers", line=10),
           may("Regular Workshop / Training for frontline officers", line=12)]
    new = [nov("Regular Workshop / Training on identification of victims for frontline officers", line=30),
           nov("Workshop on identification of victims", line=32)]
    pairs = [(p.old.text, p.new.text) for p in align(old, new).pairs]
    assert pairs == [(old[0].text, new[1].text), (old[1].text, new[0].text)]


def test_a_provision_worded_otherwise_is_flagged_on_the_pair_and_spelling_is_not():
    """Each draft's records carry their own draft's provision text (normalize/provisions.py), so
    words that differ are a provision reworded; case, punctuation and hyphens are not."""
    old = may("Public awareness campaign on TIP")
    reworded = AWARENESS.replace("educate all levels", "educate effectively all levels")
    assert align([old], [nov("Public awareness campaign on TIP", text=reworded)]).pairs[0].flags == (
        PROVISION_REWORDED,)
    respelt = AWARENESS.replace("trafficking in persons", "Trafficking-in-Persons.")
    assert align([old], [nov("Public awareness campaign on TIP", text=respelt)]).pairs[0].flags == ()
    # a pair under another provision is moved, not reworded
    moved = nov("Public awareness campaign on TIP", provision="B", text=CAPACITY)
    assert align([old], [moved]).pairs[0].flags == (MOVED,)


def test_uncertain_pair_is_flagged_for_review():
    old = may("JULY 30- Celebration of World Day Against TIP (UN Resolution A/RES/68/192)", lead=("SOMTC",))
    new = nov("Develop a Regional Program to commemorate the World Day of Trafficking in Persons (July 30)",
              lead=("SOMTC",), text=AWARENESS)
    pair = align([old], [new]).pairs[0]
    assert pair.flags == (REVIEW,)
    assert ALIGN.accept <= pair.similarity < ALIGN.sure


def test_settings_decide_the_threshold():
    old = may("JULY 30- Celebration of World Day Against TIP (UN Resolution A/RES/68/192)")
    new = nov("Develop a Regional Program to commemorate the World Day of Trafficking in Persons (July 30)")
    strict = dataclasses.replace(ALIGN, accept=70.0)
    assert [p.change for p in align([old], [new], strict).pairs] == [DROPPED, ADDED]
    assert isinstance(strict, AlignSettings)


def test_coverage_check_refuses_a_lost_record():
    a, b = may("Open Opinion Boxes"), nov("Open Opinion Boxes")
    with pytest.raises(ValueError, match="lost record"):
        check_coverage(DiffResult("2016-05", "2016-11", (a,), (b,), (Pair(ADDED, (), None, None, b),)))
    twice = (Pair(UNCHANGED, (), 100.0, a, b), Pair(UNCHANGED, (), 100.0, a, b))
    with pytest.raises(ValueError, match="without split"):
        check_coverage(DiffResult("2016-05", "2016-11", (a,), (b,), twice))


def test_empty_drafts():
    assert align([], []).pairs == ()
    assert rows(align([may("Open Opinion Boxes")], [])) == [(DROPPED, (), "Open Opinion Boxes", "")]


# --- the real drafts -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> DiffResult:
    return real_diff()


def test_real_every_record_appears_and_repeats_only_in_splits_and_merges(real):
    old_rows: dict[str, list[Pair]] = {}
    new_rows: dict[str, list[Pair]] = {}
    for pair in real.pairs:
        if pair.old is not None:
            old_rows.setdefault(pair.old.record_id, []).append(pair)
        if pair.new is not None:
            new_rows.setdefault(pair.new.record_id, []).append(pair)
    assert set(old_rows) == {r.record_id for r in real_extraction("2016-05").records}
    assert set(new_rows) == {r.record_id for r in real_extraction("2016-11").records}
    for found, flag in ((old_rows, SPLIT), (new_rows, MERGED)):
        for rid, pairs in found.items():
            assert len(pairs) == 1 or all(flag in p.flags for p in pairs), rid
    assert all(p.change in (DROPPED, ADDED) for p in real.pairs if p.old is None or p.new is None)


def test_real_recall_and_precision_against_the_hand_alignment(real):
    gold = load_gold()
    result = score(real, gold)
    # A gold row whose November record the extraction does not (yet) produce cannot be scored;
    # a few are tolerated, more means the extraction lost records.
    assert len(result.unresolved) <= len(gold) // 20, [(r.old, r.new) for r in result.unresolved]
    assert result.recall >= 0.9, [(r.old, r.new) for r in result.missed]
    assert result.precision >= 0.9, [(o.text[:50], n.text[:50]) for o, n in result.wrong]
