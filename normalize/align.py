"""Align the records of two drafts by meaning: what became of each activity of the older draft.

Texts are compared after normalisation (case, whitespace, list markers, body names, "trafficking
in persons" as TIP), with rapidfuzz scores and an optimal one-to-one matching (scipy's
`min_weight_full_bipartite_matching` on the sparse graph of the pairs that pass their threshold), not
a greedy first match. Drafts are compared one copy of the matrix at a time (`blocks`), and in a copy
only the candidate pairs are scored (`candidate_pairs`): every pair under one provision of one
pillar, and across provisions and pillars the pairs that share enough of their words (a sparse
product of word incidences, weighted by rarity). So time and memory grow with the records, and a
block whose candidates would not fit in memory is refused before they are made (`check_fits`). An
old item may be paired with a new activity or
with a "Possible Area of Collaboration" (then with every new activity under that area, flag
`became-area`); activities go to one old item each, areas to as many as the November draft
gathered in them. Later passes attach what one-to-one cannot express: a second old item merged
into an activity, a repeat of an old item, a new activity split out of an old one, and, among
what is still left, pairs that share rare words (flag `rare-words`). Pairs in
another pillar or provision need a higher score than pairs in place. What stays unpaired is
`dropped` (old) or `added` (new); `check_coverage` proves every record appears. A merge, a split
or a rare-word pair carries its evidence (`Pair.evidence`).

align(old, new) -> DiffResult, one plain result that export/diff.py renders as CSV, XLSX and
Markdown. Pure: no I/O but reading how much memory is free.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from tipmatrix.bodies import alias_index, body_key, registry, split_mentions
from tipmatrix.errors import TooLarge
from tipmatrix.model import Record
from tipmatrix.textfold import fold_lookalikes


@dataclass(frozen=True)
class AlignSettings:
    """Thresholds, tuned on the May and November 2016 drafts (all four pillars).

    Scores are 0-100 (`similarity_matrix`). The figures quoted are from the real extraction of
    raw/000 and raw/001, checked against tests/fixtures/diff-2016-05_vs_2016-11-gold.csv.
    """

    # A pair in the same provision needs this much. Rewordings start at 60: "ASEAN Member States to
    # facilitate information exchange through the INTERPOL ..." -> "Conduct sharing session on ...
    # sharing of information among ASEAN Member States" 61.8, "JULY 30- Celebration of World Day
    # Against TIP" -> "Develop a Regional Program to commemorate the World Day of TIP (July 30)" 62.4.
    # Below, the best candidates share the genre or stock words only, and the hand alignment in
    # ../shared/reference calls them dropped: "Thematic Studies on the existing policies to prevent
    # TIP ..." -> the area "Conduct thematic studies on TIP and related issues" 59.1 (the genre),
    # "Monitoring, Evaluation and Reports Implementation of Action Plan ..." -> "Workshop to align
    # National Action Plans ..." 58.0, "Ministries of Education to support..." -> "Develop a tool for
    # school heads..." 52; the few right pairs down there need a reader (or the rare-word pass).
    accept: float = 60.0
    # A pair in another provision or pillar needs this much: a real move keeps most of its words
    # ("Ministries of Education to build capacity of school heads..." -> "Develop a tool for school
    # heads..." 82, the labour-officials workshop moved to provision B 82, "Conduct region-wide
    # survey" moved from pillar A to C 100), while across provisions the drafts share stock phrases
    # that give wrong candidates up to 70 ("Public campaign awareness to identify the victim of
    # trafficking" -> "Enhancing capacity for law enforcement in identifying victims", 70.3).
    accept_moved: float = 72.0
    # Pairs below this are flagged `review`: their words alone do not show the pair, the reader
    # has to know the drafts (the World Day, the thematic studies). Every pair from here up that
    # was checked by hand was right.
    sure: float = 75.0
    # A second pair onto an activity (a merge of two old items, a second new item split out of
    # one old one, a repeat of an old item) needs a clearly higher score than a first pair: the
    # word-for-word repeats of the May draft score 97-100, while distinct activities built on one
    # template reach the high 80s ("Publication of an ASEAN Compendium of Migrant Workers
    # Education..." -> "Conduct seminars on Migrant Workers Education...", 86). A merge into an
    # area needs only `accept`/`accept_moved`: the November draft gathered several May items
    # into one area cell.
    attach: float = 90.0
    # Tie-breaks that prefer a candidate in the same place: the May draft repeats items under two
    # provisions, and the copy under the same provision is the one that was carried over. Small
    # enough that a clearly better text match elsewhere still wins (a real move).
    same_pillar_bonus: float = 3.0
    same_provision_bonus: float = 5.0
    # Provision texts of the same provision score 83-100 with token_set_ratio, even where the
    # November rendition of pillar A lost words to its column cut; different provisions of one
    # pillar score 69 at most.
    same_provision: float = 75.0
    # The containment half of the score counts fully only when the shorter text has at least this
    # share of the longer one's words, and proportionally less below: "Field Visit and Action
    # Operation" inside "Sharing of best practices on Case Studies / Field Visit and Action
    # Operation" (44%) is the same activity; the area "Sharing of Information" inside a 15-word May
    # activity (13%), or one bullet "Victim identification" inside a workshop (25%), is not.
    containment_share: float = 0.4
    # Words are cut to this many letters before scoring, a crude stemmer that lets "publication"
    # meet "publish", "creation" "create", "workshops" "workshop".
    stem_length: int = 5
    # Rare words. A rewording can share few words but rare ones ("resource persons", "table top
    # exercises", "I-24/7"); each word is weighted by its rarity across both drafts (`word_weights`:
    # an inverse document frequency over the ~200 records of both drafts: "tip" in 75 records weighs
    # 0.97, "asean" 1.94, "workshop" 1.91, "resource" in 3 records 4.04, "persons" 3.28). The rare-word
    # score is the weighted share of the shorter text's words found in the longer, counted fully only
    # once the shared words weigh `rare_evidence` (two words found in a handful of records; one rare
    # word alone is a coincidence of topic), times `rare_scale`, and it replaces the word score when
    # higher. So "ACWC may provide resource persons, trainers or lecturers ..." -> the area "Provision
    # of resource persons" goes from 32 to 70 (all its words, weight 10.3, in the May item). At
    # `rare_scale` 0.8 the May "Conduct a regular training ..." reaches three pillar-A activities it
    # has nothing to do with (gold precision 93%); at 0.7 no wrong pair passes `accept` and the
    # diff's recall on the hand alignment goes from 94.2% to 96.2% at 100% precision; an evidence of
    # 12 loses the resource-persons pair again, 6-10 give the same pairs.
    rare_evidence: float = 8.0
    rare_scale: float = 0.7
    # Candidate pairs (`candidate_pairs`): every pair under one provision of one pillar is scored;
    # a pair across provisions or pillars only when the words the two texts share hold this share
    # (%) of the shorter text's word weight (rarity as above). On the two 2016 drafts every pair
    # across provisions that scores 65 or more shares 30% or more (the lowest: "Workshop on
    # investigation and prosecution ... labour dimension of TIP" -> "Workshop to strengthen the
    # capacity of labour inspectors ...", 67.6 at 30%), every pair that passes `accept_moved` 71%
    # or more; 2.5% of the pairs across provisions share 25%.
    candidate_share: float = 25.0
    # Leftovers paired by their rare words (`_rare_leftovers`): an old record and a new one that
    # no pass paired, each the other's best among what is left, that share words of this much
    # rarity (three words found in a handful of records: one and a half times `rare_evidence`) and
    # score `rare_floor` or more. A pair the reader must check (flag `review`), shown with its
    # words. On the two 2016 drafts: "Hold workshops, seminars, table top exercises ..." (two May
    # items, 17.5: "table", "top", "exercises") -> "Joint activities or table-top exercises for
    # prosecutors, judges, and law enforcers" (54.3), and "Include activities like Lost & Stolen
    # Passport (LSP) Online Enquiry ..." (12.6: "LSP", "facilitate", "AMS", "information") ->
    # "Develop an integrated system to facilitate sharing of information among AMS ..." (54.0), a
    # pair of the hand alignment; the next leftovers share 10.9 or less, with one wrong pair at 9.3.
    rare_leftover: float = 12.0
    # Below this the pair's words are too far apart whatever they share (the lowest leftover pair
    # of the 2016 drafts with shared words weighing 8 or more scores 52.6).
    rare_floor: float = 50.0
    # An old record paired with an area is paired with every activity under it, so an area needs
    # more than `accept`: the genre and stock words give scores in the 60s to areas that share no
    # content ("Campaign in Siem Reap" -> the area "Campaign in Prah Sihanouk Ville"; "Constant
    # monitoring of the implementation of the HSU Annual Work Plan" -> "Encourage all ASEAN Member
    # States to establish their Specialized ATU ..."), each wrong once per activity under the area.
    # On 1000 generated later drafts (`make diff-corpus`) an area from 70 takes the pair precision
    # from 88.3% to 94.7% at about the same unit recall (300 drafts: 90.2% -> 89.8%). 70 is also the
    # rare-word score of a text whose words all lie in the other (`rare_scale`), which is how the
    # lowest right area pairs of the 2016 drafts score ("ACWC may provide resource persons ..." ->
    # "Provision of resource persons"); their pairs of the reference alignment all stay, and one pair
    # below goes ("Implementation of Action Plan to be carried out at national level" -> the area
    # "Coordination on the Implementation of Action Plans", 63.9: the reference calls it dropped).
    accept_area: float = 70.0
    # Merges and splits by containment (`_contained`), on what no other pass paired, under one
    # provision: an old record whose words, by rarity, lie this share or more inside a new activity
    # is merged into it ("Field visits" -> "Public campaign awareness to identify the victim of
    # trafficking, and field visits"); a new record that lies this much inside an old one, or holds
    # all of one, is split from it ("Campaign on: Communes" from "Campaign on: Communes; Youth Forum
    # ..."). Texts of three words or more: "Report" lies inside any report. On 1000 generated later
    # drafts the unit recall goes from 90.0% to 93.5% (merged pairs 46% -> 66%, split 75% -> 90%) at
    # the same precision (94.9% -> 94.8%); the 2016 drafts' pairs do not change.
    contained_share: float = 0.9


ALIGN = AlignSettings()

# Change kinds and flags, stable strings for every output.
UNCHANGED, REWORDED, DROPPED, ADDED = "unchanged", "reworded", "dropped", "added"
CHANGES = (UNCHANGED, REWORDED, DROPPED, ADDED)
MOVED, LEAD_CHANGED, COOP_CHANGED = "moved", "lead-changed", "cooperating-changed"
SPLIT, MERGED, BECAME_AREA, REVIEW = "split", "merged", "became-area", "review"
# paired from what no other pass paired, by the rare words the two share (`Pair.evidence` names them)
RARE_WORDS = "rare-words"
# a provision printed with no activity beside it (record kind "provision"): nothing to carry over
NO_ACTIVITY = "no-activity"
# the pair stays under the same provision, which the new draft words otherwise (each draft's own
# words come from normalize/provisions.csv; a draft not registered keeps its printing)
PROVISION_REWORDED = "provision-reworded"
FLAGS = (MOVED, LEAD_CHANGED, COOP_CHANGED, SPLIT, MERGED, BECAME_AREA, RARE_WORDS, REVIEW, NO_ACTIVITY,
         PROVISION_REWORDED)


def unmatched_flags(rec: Record) -> tuple[str, ...]:
    return (NO_ACTIVITY,) if rec.kind == "provision" else ()


@dataclass(frozen=True)
class Pair:
    """One row of the diff: an old record, a new record, or both, and what changed between them.

    `compared` is the new text the old one was scored against: the new activity, the area it
    sits under (flag `became-area`), or one item of a new cell that lists several.
    """

    change: str
    flags: tuple[str, ...]
    similarity: float | None
    old: Record | None
    new: Record | None
    compared: str = ""
    # why a pair the words alone do not show was made: the rare words both texts hold, and the other
    # old records merged into the same new one ("shares: table, top, exerc (17.5); with 2016-05-A-...")
    evidence: str = ""


@dataclass(frozen=True)
class DiffResult:
    """The diff of two drafts: every record of both appears in `pairs`."""

    old_draft: str
    new_draft: str
    old: tuple[Record, ...]
    new: tuple[Record, ...]
    pairs: tuple[Pair, ...] = field(default=())


# --- normalisation -------------------------------------------------------------------------

# A list marker or numbering at the start of a text: "-", "•", "a)", "a.1)", "A.", "1.2.1", "(ii)".
MARKER = re.compile(
    r"^\s*(?:[-–—•*·\uf0b7_]+|[a-z](?:\.\d+)*\)|[a-z]\.(?=\s)|\d+(?:\.\d+)*[.)]?(?=\s|$)|\((?:[a-z]|[ivx]+|\d+)\))\s*",
    re.IGNORECASE,
)
SQUARE = re.compile(r"\[([^\]]*)\]")
# Wordings the drafts use interchangeably.
ABBREVIATIONS = (
    (re.compile(r"\btrafficking in persons?\b"), "tip"),
    (re.compile(r"\btips\b"), "tip"),
    (re.compile(r"\basean member states?\b"), "ams"),
)
# Words that carry no meaning of their own in an activity text; dropped before fuzzy scoring.
STOPWORDS = frozenset(
    "a an the of on in to and or for with by from at as its their this that these those be is are "
    "was will which who can may such other all each any through into among between including e g i".split()
)


@cache
def _body_names() -> re.Pattern[str]:
    """Every registry code and alias, spaced or hyphenated in any way ("SOM -ED", "SOM HD")."""
    names = sorted({n for b in registry() for n in (b.code, *b.aliases)}, key=len, reverse=True)
    parts = (r"[\W_]*".join(map(re.escape, re.findall(r"[A-Za-z0-9]+", n))) for n in names)
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


def _drop_body_tag(m: re.Match[str]) -> str:
    """"[SOMSWD]" or "[SOM-ED]" tags the proposing body of a November area: not part of its text."""
    mentions = split_mentions(m.group(1))
    if mentions and all(body_key(x) in alias_index() for x in mentions):
        return " "
    return m.group(0)


def _body_code(m: re.Match[str]) -> str:
    code = alias_index().get(body_key(m.group(0)), m.group(0))
    return f" {body_key(code).lower()} "


@lru_cache(maxsize=8192)
def text_key(text: str) -> str:
    """The comparable form of an activity text: two texts with the same key are `unchanged`.

    Folds look-alike letters, drops list markers and "[BODY]" tags, writes each body name as its
    code, lower-cases, drops punctuation and spells "trafficking in persons" as "tip".
    """
    t = SQUARE.sub(_drop_body_tag, fold_lookalikes(text).replace("\u00ad", ""))
    previous = None
    while previous != t:
        previous, t = t, MARKER.sub("", t, count=1)
    t = _body_names().sub(_body_code, t)
    t = re.sub(r"[\W_]+", " ", t.lower())
    for pattern, replacement in ABBREVIATIONS:
        t = pattern.sub(replacement, t)
    return " ".join(t.split())


def content_key(text: str, stem_length: int = ALIGN.stem_length) -> str:
    """`text_key` without stop words and with each word cut to its stem: what fuzzy scores compare."""
    return " ".join(w[:stem_length] for w in text_key(text).split() if w not in STOPWORDS)


# Where a cell that lists several items breaks: a "[BODY]" tag, a list marker after a space,
# "; ", a sentence end before a capital (not the "A." that opens an item, and not before a
# "(remark)", which stays with its item), a lettered or numbered item ("C. ", "1.2 ", "2. ").
ITEM_BREAK = re.compile(
    r"\s*\[[^\]]*\]\s*"
    r"|\s+[-–—•\uf0b7]+\s*(?=\S)"
    r"|\s*;\s+"
    r"|(?<=\w\w[.:])\s+(?=[A-Z])"
    r"|\s+(?=[A-Z]\.\s)"
    r"|\s+(?=\d+(?:\.\d+)+\s)"
    r"|\s+(?=\d+\.\s+[A-Z])"
)


def items(text: str) -> list[str]:
    """The items of a cell that lists several ("A. ... [SOMSWD] -All schools ... -Report"); [] if one."""
    parts = [MARKER.sub("", p).strip() for p in ITEM_BREAK.split(text) if p and text_key(p)]
    return parts if len(parts) > 1 else []


# --- scoring -------------------------------------------------------------------------------


def word_weights(keys: Sequence[str]) -> dict[str, float]:
    """Each word of the keys (content keys of every record of both drafts) -> its rarity, an
    inverse document frequency: log((n + 1) / (records with the word + 0.5))."""
    counts: dict[str, int] = {}
    for key in keys:
        for word in set(key.split()):
            counts[word] = counts.get(word, 0) + 1
    n = len(keys)
    return {word: math.log((n + 1) / (count + 0.5)) for word, count in sorted(counts.items())}


def _incidence(key_sets: Sequence[set[str]], index: dict[str, int]) -> Any:
    """Rows of keys, columns of words: 1 where the key holds the word (a scipy sparse matrix).
    Each row's words in word order, so that sums over them run in one order whatever the hash seed."""
    from scipy import sparse

    ordered = [sorted(index[w] for w in words) for words in key_sets]
    rows = [i for i, cols_of in enumerate(ordered) for _ in cols_of]
    cols = [c for cols_of in ordered for c in cols_of]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(key_sets), len(index)))


def rare_word_matrix(
    old_keys: Sequence[str], new_keys: Sequence[str], weights: dict[str, float], settings: AlignSettings = ALIGN
) -> np.ndarray:
    """Scores 0-100 from the rare words two texts share (see `AlignSettings.rare_evidence`).

    The weight two texts share is a product of sparse word-incidence matrices: a text holds a
    few dozen words of thousands, and a loop over pairs and words cost seconds at 5,000 records."""
    unknown = max(weights.values(), default=1.0)
    old_sets = [set(k.split()) for k in old_keys]
    new_sets = [set(k.split()) for k in new_keys]
    index = {w: n for n, w in enumerate(sorted(set().union(*old_sets, *new_sets)))}
    w = np.array([weights.get(word, unknown) for word in index])
    old_m, new_m = _incidence(old_sets, index), _incidence(new_sets, index)
    old_w = (old_m @ w)[:, None]
    new_w = (new_m @ w)[None, :]
    shared = (old_m.multiply(w[None, :]) @ new_m.T).toarray() if index else np.zeros((len(old_keys), len(new_keys)))
    shorter = np.maximum(np.minimum(old_w, new_w), 1e-9)
    contained = 100.0 * shared / shorter
    return settings.rare_scale * contained * np.minimum(1.0, shared / settings.rare_evidence)


def similarity_matrix(
    old_keys: Sequence[str], new_keys: Sequence[str], settings: AlignSettings = ALIGN,
    weights: dict[str, float] | None = None,
) -> np.ndarray:
    """Scores 0-100 of every old key against every new key.

    Half the whole-text score (the better of `ratio` and `token_sort_ratio`: same words, same
    length), half `token_set_ratio` (one text contains the other: "Workshop on Addressing Root
    causes of TIP" -> "Addressing Root causes of TIP"). The containment half alone would give 100
    to a one-word item inside any long text, so it is scaled down when the shorter text is a small
    share of the longer (`AlignSettings.containment_share`). With `weights` (word rarities),
    the rare-word score (`rare_word_matrix`) stands in where it is higher.
    """
    if not old_keys or not new_keys:
        return np.zeros((len(old_keys), len(new_keys)))
    whole = np.maximum(
        process.cdist(old_keys, new_keys, scorer=fuzz.ratio, dtype=np.float64),
        process.cdist(old_keys, new_keys, scorer=fuzz.token_sort_ratio, dtype=np.float64),
    )
    contained = process.cdist(old_keys, new_keys, scorer=fuzz.token_set_ratio, dtype=np.float64)
    old_len = np.array([max(len(k.split()), 1) for k in old_keys], dtype=np.float64)[:, None]
    new_len = np.array([max(len(k.split()), 1) for k in new_keys], dtype=np.float64)[None, :]
    share = np.minimum(old_len, new_len) / np.maximum(old_len, new_len)
    scores = 0.5 * whole + 0.5 * contained * np.minimum(1.0, share / settings.containment_share)
    if weights is not None:
        scores = np.maximum(scores, rare_word_matrix(old_keys, new_keys, weights, settings))
    empty_old = np.array([not k for k in old_keys])
    empty_new = np.array([not k for k in new_keys])
    scores[empty_old, :] = 0.0
    scores[:, empty_new] = 0.0
    return scores


def _provision_key(rec: Record) -> str:
    return text_key(rec.provision_text)


def provision_reworded(a: Record, b: Record) -> bool:
    """Whether two records' provision texts differ in their words (case, punctuation, and a word
    written with or without a hyphen or space, "blood-borne"/"bloodborne", are not a rewording)."""
    ka, kb = _provision_key(a).replace(" ", ""), _provision_key(b).replace(" ", "")
    return bool(ka and kb) and ka != kb


def same_provision(a: Record, b: Record, settings: AlignSettings = ALIGN) -> bool:
    """Whether two records sit under the same provision of the same pillar.

    By provision text (the November rendition lost words to its column cut, so containment is
    scored); by the printed letter where one text is missing.
    """
    if a.pillar != b.pillar:
        return False
    ka, kb = _provision_key(a), _provision_key(b)
    if ka and kb:
        return fuzz.token_set_ratio(ka, kb) >= settings.same_provision
    return bool(a.provision) and a.provision == b.provision


# --- candidates on the new side ------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What an old record can be paired with: one new record, one item of its cell, or an area."""

    text: str
    records: tuple[int, ...]  # indices into the new records
    area: bool = False


def targets_of(new: Sequence[Record]) -> list[Target]:
    """The new records, every area with activities under it, and the items of an area cell.

    An area is a run of records with the same pillar, provision and area text; it is a target of
    its own only when some record under it has an activity (an area alone is already a record).
    An area cell of the November draft often lists several May items, each tagged with its body
    ("A. Continue to coordinate ... [SOMTC] -All schools have a ATIP Team -Report [SOMED]"), so
    each item is a target too. An activity's own sub-items ("especially on: Victim identification;
    ...") are not: they are details, not activities.
    """
    out: list[Target] = []
    for j, rec in enumerate(new):
        out.append(Target(rec.text, (j,)))
        if not rec.activity:
            out.extend(Target(part, (j,)) for part in items(rec.area))
    runs: list[tuple[tuple[str, str, str], list[int]]] = []
    for j, rec in enumerate(new):
        place = (rec.pillar, rec.provision_text, rec.area)
        if runs and runs[-1][0] == place:
            runs[-1][1].append(j)
        else:
            runs.append((place, [j]))
    for (_, _, area), members in runs:
        if area and any(new[j].activity for j in members):
            out.append(Target(area, tuple(members), area=True))
            out.extend(Target(part, tuple(members), area=True) for part in items(area))
    return out


# --- the alignment -------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A pair found by one of the passes: indices, score, and the two texts that were compared."""

    old: int
    new: int
    score: float
    old_text: str
    new_text: str
    area: bool = False
    shared: tuple[str, ...] = ()  # the rare words a `_rare_leftovers` pair shares, rarest first
    weight: float = 0.0  # their rarity together


@dataclass(frozen=True)
class Places:
    """Where each record of two drafts sits (pillar, provision letter and text), and the bonus of
    each pair of places: decided once per pair of places, not per pair of records."""

    old_of: np.ndarray  # place index of each old record
    new_of: np.ndarray  # place index of each new record
    bonus: np.ndarray  # old places x new places: same pillar, plus same provision

    def of(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The bonus of old records `i` paired with new records `j` (index arrays of one length)."""
        return self.bonus[self.old_of[i], self.new_of[j]] if len(i) else np.zeros(0)


def _place_index(records: Sequence[Record]) -> tuple[np.ndarray, list[Record]]:
    """Each record's place number, and the first record of each place."""
    index: dict[tuple[str, str, str], int] = {}
    first: list[Record] = []
    of = []
    for rec in records:
        key = (rec.pillar, rec.provision, rec.provision_text)
        if key not in index:
            index[key] = len(first)
            first.append(rec)
        of.append(index[key])
    return np.array(of, dtype=np.intp), first


def places(old: Sequence[Record], new: Sequence[Record], settings: AlignSettings) -> Places:
    old_of, old_first = _place_index(old)
    new_of, new_first = _place_index(new)
    bonus = np.zeros((len(old_first), len(new_first)))
    for p, a in enumerate(old_first):
        for q, b in enumerate(new_first):
            if a.pillar == b.pillar:
                same = settings.same_provision_bonus if same_provision(a, b, settings) else 0.0
                bonus[p, q] = settings.same_pillar_bonus + same
    return Places(old_of, new_of, bonus)


# --- candidate pairs -----------------------------------------------------------------------


def _weighted_incidence(keys: Sequence[str], index: dict[str, int], w: np.ndarray) -> Any:
    """Rows of keys, columns of words: the word's weight where the key holds it (scipy CSR)."""
    from scipy import sparse

    ordered = [sorted({index[x] for x in key.split()}) for key in keys]
    indptr = np.cumsum([0] + [len(c) for c in ordered])
    indices = np.array([c for cols in ordered for c in cols], dtype=np.int32)
    return sparse.csr_matrix((w[indices] if len(indices) else np.zeros(0), indices, indptr),
                             shape=(len(keys), len(index)))


@dataclass(frozen=True)
class Words:
    """The words of two lists of keys, weighted by rarity (`word_weights`), as sparse incidences."""

    left: Any  # CSR: left keys x words, the word's weight where the key holds it
    right: Any  # CSR: right keys x words, 1 where the key holds the word
    left_total: np.ndarray  # each key's word weight
    right_total: np.ndarray


def words_of(left: Sequence[str], right: Sequence[str], weights: dict[str, float]) -> Words:
    unknown = max(weights.values(), default=1.0)
    index: dict[str, int] = {}
    for key in (*left, *right):
        for x in key.split():
            index.setdefault(x, len(index))
    w = np.array([weights.get(x, unknown) for x in index], dtype=np.float64)
    lm, rm = _weighted_incidence(left, index, w), _weighted_incidence(right, index, w)
    right_total = np.asarray(rm.sum(axis=1)).ravel()
    rm.data[:] = 1.0
    return Words(lm, rm, np.asarray(lm.sum(axis=1)).ravel(), right_total)


def shared_weight(words: Words, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The weight of the words each pair (left row, right column) shares."""
    if not len(rows):
        return np.zeros(0)
    both = words.left[rows].multiply(words.right[cols])
    return np.asarray(both.sum(axis=1)).ravel()


def candidate_pairs(words: Words, in_place: list[tuple[np.ndarray, np.ndarray]],
                    settings: AlignSettings = ALIGN) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of the pairs worth scoring, sorted: every pair of a block in the same place
    (`in_place`: lists of left and right indices under one provision of one pillar), and, across
    blocks, the pairs whose shared words hold `candidate_share` of the shorter text's word weight
    (items that moved). A sparse product: pairs that share no word cost nothing."""
    shared = (words.left @ words.right.T).tocoo()
    shorter = np.maximum(np.minimum(words.left_total[shared.row], words.right_total[shared.col]), 1e-9)
    keep = 100.0 * shared.data / shorter >= settings.candidate_share
    parts_r = [shared.row[keep].astype(np.intp)]
    parts_c = [shared.col[keep].astype(np.intp)]
    for left, right in in_place:
        parts_r.append(np.repeat(left, len(right)))
        parts_c.append(np.tile(right, len(left)))
    n_right = max(words.right.shape[0], 1)
    code = np.unique(np.concatenate(parts_r) * n_right + np.concatenate(parts_c))
    return code // n_right, code % n_right


def pair_scores(left: Sequence[str], right: Sequence[str], rows: np.ndarray, cols: np.ndarray,
                settings: AlignSettings = ALIGN, words: Words | None = None) -> np.ndarray:
    """`similarity_matrix` of the pairs (rows, cols) alone: the three scorers pair by pair
    (rapidfuzz's `cpdist`), and with `words` the rare-word score where higher."""
    if not len(rows):
        return np.zeros(0)
    a = [left[i] for i in rows]
    b = [right[j] for j in cols]
    whole = np.maximum(process.cpdist(a, b, scorer=fuzz.ratio, dtype=np.float64),
                       process.cpdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float64))
    contained = process.cpdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float64)
    left_len = np.array([max(len(k.split()), 1) for k in left], dtype=np.float64)[rows]
    right_len = np.array([max(len(k.split()), 1) for k in right], dtype=np.float64)[cols]
    share = np.minimum(left_len, right_len) / np.maximum(left_len, right_len)
    scores = 0.5 * whole + 0.5 * contained * np.minimum(1.0, share / settings.containment_share)
    if words is not None:
        together = shared_weight(words, rows, cols)
        shorter = np.maximum(np.minimum(words.left_total[rows], words.right_total[cols]), 1e-9)
        rare = settings.rare_scale * (100.0 * together / shorter) * np.minimum(1.0, together / settings.rare_evidence)
        scores = np.maximum(scores, rare)
    empty = np.array([not left[i] for i in rows]) | np.array([not right[j] for j in cols])
    return np.where(empty, 0.0, scores)


@dataclass(frozen=True)
class Scored:
    """The candidate pairs of one block, old record x target, with their score and placement bonus;
    sorted by old record, then target."""

    rows: np.ndarray
    cols: np.ndarray
    score: np.ndarray
    bonus: np.ndarray


def _in_place(left_of: np.ndarray, right_of: np.ndarray, same: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(left indices, right indices) of each pair of places that `same` marks as one provision."""
    left_at = {int(p): np.flatnonzero(left_of == p) for p in np.unique(left_of)}
    right_at = {int(q): np.flatnonzero(right_of == q) for q in np.unique(right_of)}
    return [(left_at[p], right_at[q]) for p in left_at for q in right_at if same[p, q]]


def scored_candidates(old: Sequence[Record], targets: Sequence[Target],
                      old_keys: Sequence[str], target_keys: Sequence[str], where: Places, words: Words,
                      settings: AlignSettings) -> Scored:
    target_new = np.array([t.records[0] for t in targets], dtype=np.intp)
    same = where.bonus >= settings.same_pillar_bonus + settings.same_provision_bonus
    rows, cols = candidate_pairs(words, _in_place(where.old_of, where.new_of[target_new], same), settings)
    score = pair_scores(old_keys, target_keys, rows, cols, settings, words)
    return Scored(rows, cols, score, where.of(rows, target_new[cols]))


def _margins(scored: Scored, settings: AlignSettings, is_area: np.ndarray) -> np.ndarray:
    """What each candidate pair is worth: its score plus placement bonus above its threshold
    (`accept` in place, `accept_moved` elsewhere); an area needs `accept_area` as well.

    Not its whole score: otherwise two weak pairs outweigh one strong one, and the solver would
    give an activity to a barely similar item so that the item's true counterpart can take a
    second weak pair. Below the threshold a pair is worth nothing (-inf).
    """
    threshold = np.where(scored.bonus >= settings.same_pillar_bonus + settings.same_provision_bonus,
                         settings.accept, settings.accept_moved)
    # an area below `accept_area` is no candidate, but one above is worth what any pair is: a higher
    # threshold would make an area in place lose to the same area text under another provision
    # (less a rounding error: a rare-word score of all the words is 0.7 * 100 = 69.99999999999999)
    passes = (scored.score >= threshold) & ~(is_area[scored.cols] & (scored.score < settings.accept_area - 1e-9))
    return np.where(passes, scored.score + scored.bonus - threshold + 1.0, -np.inf)


# Worth taken from a pair per unit of distance between the two records' relative places in their
# drafts: far below any difference of scores, it only breaks ties (word-for-word repeats) in favour
# of the pairing that keeps source order, so that every solver makes the same choice.
IN_ORDER = 1e-6


def _in_order(margin: np.ndarray, scored: Scored, targets: Sequence[Target], n_old: int, n_new: int) -> np.ndarray:
    """The margins, less `IN_ORDER` times how far apart the two records sit (0-1 of their drafts)."""
    old_at = scored.rows / max(n_old, 1)
    new_at = np.array([targets[t].records[0] for t in scored.cols], dtype=np.float64) / max(n_new, 1)
    return margin - IN_ORDER * np.abs(old_at - new_at)


def _best_per_row(rows: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Positions of the highest value of each row (the first, in column order, on a tie), for
    candidates sorted by row then column."""
    if not len(rows):
        return np.zeros(0, dtype=np.intp)
    order = np.lexsort((np.arange(len(rows)), -value, rows))
    first = np.ones(len(order), dtype=bool)
    first[1:] = rows[order][1:] != rows[order][:-1]
    return order[first]


def _one_to_one(rows: np.ndarray, cols: np.ndarray, margin: np.ndarray, targets: Sequence[Target],
                is_area: np.ndarray, n_old: int) -> dict[int, int]:
    """Old index -> target index: the assignment with the highest total margin.

    Activities are shared columns: each goes to one old record at most. An area is not: the
    November draft gathered several May items into one area cell, so each old record gets a
    private column holding its own best area (or nothing, worth 0), and the solver weighs that
    area against the activities it could have instead. One new record can still be won twice,
    through its own text and through one item of its cell; it keeps its better claim.

    Only the candidate pairs above their threshold (a finite margin) are edges of the graph, matched
    by scipy's `min_weight_full_bipartite_matching`: every old record has its private column, so a
    full matching exists, and adding 1 to every edge changes no optimum (every old record takes one edge).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    edge = np.isfinite(margin)
    rows, cols, margin = rows[edge], cols[edge], margin[edge]
    area_edge = is_area[cols]
    best_area = np.full(n_old, -1)
    private = np.zeros(n_old)
    best = _best_per_row(rows[area_edge], margin[area_edge])
    best_area[rows[area_edge][best]] = cols[area_edge][best]
    private[rows[area_edge][best]] = margin[area_edge][best]
    shared = np.flatnonzero(~is_area)
    column_of = np.full(len(targets), -1)
    column_of[shared] = np.arange(shared.size)
    weight = np.concatenate([margin[~area_edge], private])
    g_rows = np.concatenate([rows[~area_edge], np.arange(n_old)])
    g_cols = np.concatenate([column_of[cols[~area_edge]], shared.size + np.arange(n_old)])
    graph = csr_matrix((weight + 1.0, (g_rows, g_cols)), shape=(n_old, shared.size + n_old))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph, maximize=True)
    value = {(int(i), int(c)): float(w) for i, c, w in zip(g_rows, g_cols, weight, strict=True)}
    chosen: dict[int, int] = {}
    claimed: set[int] = set()
    matched = ((int(i), int(c)) for i, c in zip(matched_rows, matched_cols, strict=True))
    for i, c in sorted(matched, key=lambda ic: (-value[ic], ic)):
        if value[i, c] <= 0:
            continue
        if c >= shared.size:
            chosen[i] = int(best_area[i])
            continue
        t = int(shared[c])
        if targets[t].records[0] not in claimed:
            chosen[i] = t
            claimed.add(targets[t].records[0])
    return chosen


def _link_all(i: int, t: int, score: float, old: Sequence[Record], targets: Sequence[Target]) -> list[Link]:
    """The links of old record i to target t: one per new record the target stands for."""
    target = targets[t]
    return [Link(i, j, score, old[i].text, target.text, target.area) for j in target.records]


def _merges(leftover: Sequence[int], scored: Scored, targets: Sequence[Target], is_area: np.ndarray,
            old: Sequence[Record], settings: AlignSettings) -> list[Link]:
    """Old records left over that attach to an activity another old record already holds.

    Only when the score is clearly high (`attach`): a second claim on one activity. (An area
    that passed its threshold was already open to every old record in `_one_to_one`.)
    """
    keep = np.isin(scored.rows, np.array(leftover, dtype=np.intp)) & (scored.score >= settings.attach) \
        & ~is_area[scored.cols]
    rows, cols, score = scored.rows[keep], scored.cols[keep], scored.score[keep]
    links: list[Link] = []
    for k in _best_per_row(rows, score + scored.bonus[keep]):
        links.extend(_link_all(int(rows[k]), int(cols[k]), float(score[k]), old, targets))
    return links


def _repeats(links: list[Link], old: Sequence[Record], old_keys: Sequence[str], weights: dict[str, float],
             settings: AlignSettings) -> list[Link]:
    """The May draft has items word for word under two provisions; a copy left over follows the
    copy that was paired (a merge), however weak that pair is."""
    paired = sorted({link.old for link in links})
    repeats = [i for i in range(len(old)) if i not in set(paired)]
    if not repeats or not paired:
        return []
    left, right = [old_keys[i] for i in repeats], [old_keys[k] for k in paired]
    rows, cols = candidate_pairs(words_of(left, right, weights), [], settings)
    twin = pair_scores(left, right, rows, cols, settings)
    keep = twin >= settings.attach
    out: list[Link] = []
    for k in _best_per_row(rows[keep], twin[keep]):
        i, twin_of = repeats[int(rows[keep][k])], paired[int(cols[keep][k])]
        out.extend(Link(i, link.new, link.score, old[i].text, link.new_text, link.area)
                   for link in links if link.old == twin_of)
    return out


def _splits(links: list[Link], old: Sequence[Record], new: Sequence[Record], new_keys: Sequence[str],
            where: Places, weights: dict[str, float], settings: AlignSettings) -> list[Link]:
    """A new record left over attaches to the old record (or one item of an old cell) it clearly
    came from, even if that old record is already paired: a split."""
    paired = {link.new for link in links}
    leftovers = [j for j in range(len(new)) if j not in paired]
    if not leftovers:
        return []
    sources = [(i, text) for i, rec in enumerate(old) for text in (rec.text, *items(rec.text))]
    source_keys = [content_key(text, settings.stem_length) for _, text in sources]
    leftover_keys = [new_keys[j] for j in leftovers]
    # columns: the leftover new records; rows: the sources
    cols, rows = candidate_pairs(words_of(leftover_keys, source_keys, weights), [], settings)
    score = pair_scores(source_keys, leftover_keys, rows, cols, settings)
    keep = score >= settings.attach
    source_old = np.array([i for i, _ in sources], dtype=np.intp)
    leftover_new = np.array(leftovers, dtype=np.intp)
    rows, cols, score = rows[keep], cols[keep], score[keep]
    ranked = score + where.of(source_old[rows], leftover_new[cols])
    out: list[Link] = []
    for k in _best_per_row(cols, ranked):
        source, j = int(rows[k]), int(cols[k])
        out.append(Link(sources[source][0], leftovers[j], float(score[k]), sources[source][1], new[leftovers[j]].text))
    return out


def copies(records: Sequence[Record]) -> list[int]:
    """Each record's copy of the matrix, in source order: 0, or k where its pillar starts for the
    (k+1)-th time (a draft that holds the matrix twice has its pillars A-D twice).

    A draft of this family holds each pillar once, so every record is in copy 0 and the alignment
    compares every pair, as it always has; drafts made of N matrices are compared copy with copy,
    in time and memory linear in N. A record with no pillar stays in the copy of the one before it.
    """
    started: dict[str, int] = {}
    out: list[int] = []
    previous = None
    for rec in records:
        if rec.pillar and rec.pillar != previous:
            started[rec.pillar] = started.get(rec.pillar, -1) + 1
            previous = rec.pillar
        out.append(started.get(previous or "", 0))
    return out


def blocks(old: Sequence[Record], new: Sequence[Record]) -> list[tuple[list[int], list[int]]]:
    """(old indices, new indices) of each copy of the matrix held by both drafts (`copies`); the
    records of a copy that only one draft holds are left out (dropped or added)."""
    old_at: dict[int, list[int]] = {}
    new_at: dict[int, list[int]] = {}
    for i, c in enumerate(copies(old)):
        old_at.setdefault(c, []).append(i)
    for j, c in enumerate(copies(new)):
        new_at.setdefault(c, []).append(j)
    return [(old_at[k], new_at[k]) for k in sorted(old_at.keys() & new_at.keys())]


def available_memory() -> int:
    """Bytes this process may still allocate: the system's available memory, or less under an
    address-space limit (`ulimit -v`, `prlimit --as`)."""
    import resource

    free = 1 << 62
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    free = int(line.split()[1]) * 1024
    except OSError:
        pass
    limit, _ = resource.getrlimit(resource.RLIMIT_AS)
    if limit != resource.RLIM_INFINITY:
        try:
            with open("/proc/self/statm", encoding="ascii") as statm:
                used = int(statm.read().split()[0]) * resource.getpagesize()
        except OSError:
            used = 0
        free = min(free, limit - used)
    return free


# Bytes one candidate pair takes while its block is aligned, counted as `candidate_count` counts
# them (an upper bound): the scores, bonus, margin and indices, the sparse rows of the rare-word
# score and numpy's temporaries. Measured with tracemalloc on pillar A of both drafts held 12 times
# in one copy (1,010 x 299 records, 862,000 pairs counted): 54 MiB at its peak, 66 bytes a pair.
BYTES_PER_PAIR = 100


def candidate_count(old: Sequence[Record], new: Sequence[Record], settings: AlignSettings = ALIGN) -> int:
    """An upper bound of the candidate pairs of one block, counted before any is made: every pair
    in one pillar, and every pair that shares a word (the sparse product's own work), twice over
    for the targets (areas and the items of area cells)."""
    per_pillar: dict[str, list[int]] = {}
    for side, records in enumerate((old, new)):
        for rec in records:
            per_pillar.setdefault(rec.pillar, [0, 0])[side] += 1
    in_place = sum(a * b for a, b in per_pillar.values())
    df = [{}, {}]  # type: list[dict[str, int]]
    for side, records in enumerate((old, new)):
        for rec in records:
            for x in set(content_key(rec.text, settings.stem_length).split()):
                df[side][x] = df[side].get(x, 0) + 1
    sharing = sum(n * df[1].get(x, 0) for x, n in df[0].items())
    return 2 * (in_place + sharing)


# Address space scipy's sparse matching takes when it is loaded (its compiled libraries: about
# 100 MiB mapped); where less than this is left beside the pairs, it is loaded before free memory is
# measured again, so that a limit with no room for it is refused in one line, not by an ImportError.
LIBRARY_ROOM = 256 << 20


def _load_scipy(draft_old: str, draft_new: str) -> None:
    try:
        import scipy.sparse.csgraph  # noqa: F401
    except (ImportError, MemoryError) as exc:
        if isinstance(exc, ImportError) and "failed to map" not in str(exc):
            raise
        raise TooLarge(f"aligning {draft_old} with {draft_new}: too little memory is free to load scipy's "
                       "matching; run with more memory") from None


def check_fits(old: Sequence[Record], new: Sequence[Record], available: int | None = None) -> None:
    """Refuse, in one line naming the sizes, an alignment whose largest block would not fit in
    memory, before any of it is allocated (raises `TooLarge`); with little to spare, scipy is
    loaded first (`LIBRARY_ROOM`)."""
    draft_old = old[0].draft if old else "old"
    draft_new = new[0].draft if new else "new"
    found = [(candidate_count(o, n), len(o), len(n)) for o, n in
             ((list(map(old.__getitem__, oi)), list(map(new.__getitem__, ni))) for oi, ni in blocks(old, new))]
    if not found:
        return
    pairs, n_old, n_new = max(found)
    need = pairs * BYTES_PER_PAIR
    free = available_memory() if available is None else available
    if available is None and need + LIBRARY_ROOM > free:
        _load_scipy(draft_old, draft_new)
        free = available_memory()
    if need > free:
        raise TooLarge(
            f"aligning {draft_old} ({len(old):,} records) with {draft_new} ({len(new):,} records) compares "
            f"{n_old:,} x {n_new:,} records at once (one copy of the matrix; {len(found)} in all): up to "
            f"{pairs:,} candidate pairs, about {need / 2**30:.1f} GiB, and {max(free, 0) / 2**30:.1f} GiB is free; "
            "give each matrix its own draft (its pillars once) or run with more memory"
        )


def _links(old: Sequence[Record], new: Sequence[Record], settings: AlignSettings) -> list[Link]:
    """Every pair found, block by block (`blocks`: one copy of the matrix in each draft), with the
    word rarities of both drafts whole."""
    if not old or not new:
        return []
    old_keys = [content_key(r.text, settings.stem_length) for r in old]
    new_keys = [content_key(r.text, settings.stem_length) for r in new]
    weights = word_weights(old_keys + new_keys)
    links: list[Link] = []
    for old_index, new_index in blocks(old, new):
        block_links = _block_links([old[i] for i in old_index], [new[j] for j in new_index],
                                   [old_keys[i] for i in old_index], [new_keys[j] for j in new_index], settings,
                                   weights)
        links.extend(dataclasses.replace(link, old=old_index[link.old], new=new_index[link.new])
                     for link in block_links)
    return links


def _block_links(old: Sequence[Record], new: Sequence[Record], old_keys: Sequence[str], new_keys: Sequence[str],
                 settings: AlignSettings, weights: dict[str, float]) -> list[Link]:
    """The pairs of one block: one to one first, then merges, repeats and splits on what is left
    (`old_keys`, `new_keys`: the records' `content_key`s)."""
    if not old or not new:
        return []
    targets = targets_of(new)
    target_keys = [content_key(t.text, settings.stem_length) for t in targets]
    where = places(old, new, settings)
    scored = scored_candidates(old, targets, old_keys, target_keys, where, words_of(old_keys, target_keys, weights),
                               settings)
    is_area = np.array([t.area for t in targets], dtype=bool)
    margin = _in_order(_margins(scored, settings, is_area), scored, targets, len(old), len(new))
    chosen = _one_to_one(scored.rows, scored.cols, margin, targets, is_area, len(old))
    score_of = {(int(i), int(t)): float(s) for i, t, s in zip(scored.rows, scored.cols, scored.score, strict=True)}
    links = [link for i, t in chosen.items() for link in _link_all(i, t, score_of[i, t], old, targets)]
    links += _merges([i for i in range(len(old)) if i not in chosen], scored, targets, is_area, old, settings)
    links += _repeats(links, old, old_keys, weights, settings)
    links += _splits(links, old, new, new_keys, where, weights, settings)
    links += _rare_leftovers(links, old, new, old_keys, new_keys, where, weights, settings)
    links += _contained(links, old, new, old_keys, new_keys, where, weights, settings)
    links += _provisions_alone(links, old, new)
    return links


def _rare_leftovers(links: list[Link], old: Sequence[Record], new: Sequence[Record], old_keys: Sequence[str],
                    new_keys: Sequence[str], where: Places, weights: dict[str, float],
                    settings: AlignSettings) -> list[Link]:
    """Old and new records no pass paired, each the other's best among what is left (by score plus
    placement bonus, as in the other passes), that share words of `rare_leftover` rarity and score
    `rare_floor`: a rewording that kept only its rare words. Several old records may go to one new
    record (a merge: word-for-word repeats of the May draft, or items the new draft joined)."""
    old_left = sorted(set(range(len(old))) - {link.old for link in links})
    new_left = sorted(set(range(len(new))) - {link.new for link in links})
    if not old_left or not new_left:
        return []
    left = [old_keys[i] for i in old_left]
    right = [new_keys[j] for j in new_left]
    words = words_of(left, right, weights)
    rows, cols = candidate_pairs(words, [], settings)
    together = shared_weight(words, rows, cols)
    score = pair_scores(left, right, rows, cols, settings, words)
    keep = (together >= settings.rare_leftover) & (score >= settings.rare_floor)
    rows, cols, together, score = rows[keep], cols[keep], together[keep], score[keep]
    rank = score + where.of(np.array(old_left, dtype=np.intp)[rows], np.array(new_left, dtype=np.intp)[cols])
    best_new = {int(rows[k]): int(cols[k]) for k in _best_per_row(rows, rank)}
    best_old = {int(cols[k]): int(rows[k]) for k in _best_per_row(cols, rank)}
    at = {(int(r), int(c)): k for k, (r, c) in enumerate(zip(rows, cols, strict=True))}
    out: list[Link] = []
    for r, c in sorted(best_new.items()):
        twin = best_old[c]
        # mutual: the new record's best old record is this one, or a word-for-word repeat of it
        if twin != r and text_key(old[old_left[twin]].text) != text_key(old[old_left[r]].text):
            continue
        k = at[r, c]
        common = set(left[r].split()) & set(right[c].split())
        shared = tuple(sorted(common, key=lambda x: (-weights.get(x, 0.0), x)))
        out.append(Link(old_left[r], new_left[c], float(score[k]), old[old_left[r]].text, new[new_left[c]].text,
                        shared=shared, weight=float(together[k])))
    return out


def _contained(links: list[Link], old: Sequence[Record], new: Sequence[Record], old_keys: Sequence[str],
               new_keys: Sequence[str], where: Places, weights: dict[str, float],
               settings: AlignSettings) -> list[Link]:
    """Merges and splits that the scores miss because one text is much longer than the other: an old
    record left over whose words lie inside a new activity under the same provision (a merge), a new
    record left over that lies inside an old one or holds all of it (a split); see `contained_share`."""
    linked_old, linked_new = {link.old for link in links}, {link.new for link in links}
    if len(linked_old) == len(old) and len(linked_new) == len(new):
        return []
    words = words_of(old_keys, new_keys, weights)
    rows, cols = candidate_pairs(words, [], settings)
    same = where.of(rows, cols) >= settings.same_pillar_bonus + settings.same_provision_bonus
    rows, cols = rows[same], cols[same]
    together = shared_weight(words, rows, cols)
    old_in_new = together / np.maximum(words.left_total[rows], 1e-9)
    new_in_old = together / np.maximum(words.right_total[cols], 1e-9)
    long_old = np.array([len(set(k.split())) >= 3 for k in old_keys], dtype=bool)[rows]
    long_new = np.array([len(set(k.split())) >= 3 for k in new_keys], dtype=bool)[cols]
    activity = np.array([bool(rec.activity) for rec in new], dtype=bool)[cols]
    free_old = ~np.isin(rows, np.array(sorted(linked_old), dtype=np.intp))
    free_new = ~np.isin(cols, np.array(sorted(linked_new), dtype=np.intp))
    share = settings.contained_share
    merge = free_old & long_old & activity & (old_in_new >= share)
    split = free_new & long_new & ((new_in_old >= share) | (long_old & (old_in_new >= share)))
    score = pair_scores(old_keys, new_keys, rows, cols, settings, words)
    out: list[Link] = []
    # ranked by share first (1000 x share: a tenth more of it outweighs any score), then by score
    for k in _best_per_row(rows[merge], old_in_new[merge] * 1000 + score[merge]):
        r, c = int(rows[merge][k]), int(cols[merge][k])
        out.append(Link(r, c, float(score[merge][k]), old[r].text, new[c].text))
    for k in _best_per_row(cols[split], np.maximum(new_in_old, old_in_new)[split] * 1000 + score[split]):
        r, c = int(rows[split][k]), int(cols[split][k])
        out.append(Link(r, c, float(score[split][k]), old[r].text, new[c].text))
    return out


def _provisions_alone(links: list[Link], old: Sequence[Record], new: Sequence[Record]) -> list[Link]:
    """A provision printed with no activity (kind "provision", no text to score) in both drafts, in
    the same pillar with the same text, is one record carried over: a draft against itself is all
    unchanged."""
    linked_old, linked_new = {link.old for link in links}, {link.new for link in links}
    free_new: dict[tuple[str, str], list[int]] = {}
    for j, rec in enumerate(new):
        if rec.kind == "provision" and j not in linked_new:
            free_new.setdefault((rec.pillar, text_key(rec.provision_text)), []).append(j)
    out = []
    for i, rec in enumerate(old):
        candidates = free_new.get((rec.pillar, text_key(rec.provision_text)), []) if rec.kind == "provision" else []
        if candidates and i not in linked_old:
            j = candidates.pop(0)
            out.append(Link(i, j, 100.0, rec.text, new[j].text))
    return out


def classify(link: Link, old: Record, new: Record, splits: bool, merges: bool, settings: AlignSettings) -> Pair:
    change = UNCHANGED if text_key(link.old_text) == text_key(link.new_text) else REWORDED
    moved = not same_provision(old, new, settings)
    facts = (
        (moved, MOVED),
        (set(old.lead) != set(new.lead), LEAD_CHANGED),
        (set(old.cooperating) != set(new.cooperating), COOP_CHANGED),
        (splits, SPLIT),
        (merges, MERGED),
        (link.area, BECAME_AREA),
        (bool(link.shared), RARE_WORDS),
        (link.score < settings.sure, REVIEW),
        (not moved and provision_reworded(old, new), PROVISION_REWORDED),
    )
    flags = tuple(name for present, name in facts if present)
    return Pair(change, flags, round(link.score, 1), old, new, link.new_text)


def readable(stems: Sequence[str], text: str) -> list[str]:
    """The words of `text` that the stems stand for ("exerc" -> "exercises"), in the stems' order."""
    words = text_key(text).split()
    return [next((w for w in words if w.startswith(stem)), stem) for stem in stems]


def evidence(link: Link, old: Record, others: Sequence[str]) -> str:
    """What a diff row shows a reader of a pair its score alone does not explain: the rare words both
    texts hold (a `rare-words` pair) and the other records of its merge or split."""
    parts = []
    if link.shared:
        parts.append(f"shares {', '.join(readable(link.shared[:6], old.text))} (rarity {link.weight:.1f})")
    if others:
        parts.append(f"with {', '.join(x for x in others if x) or f'{len(others)} other records'}")
    return "; ".join(parts)


def align(old: Sequence[Record], new: Sequence[Record], settings: AlignSettings = ALIGN) -> DiffResult:
    """Every record of two drafts, paired by meaning and classified; see the module docstring."""
    old, new = tuple(old), tuple(new)
    check_fits(old, new)
    best: dict[tuple[int, int], Link] = {}
    for link in _links(old, new, settings):
        key = (link.old, link.new)
        if key not in best or link.score > best[key].score:
            best[key] = link
    per_old: dict[int, int] = {}
    per_new: dict[int, int] = {}
    for i, j in best:
        per_old[i] = per_old.get(i, 0) + 1
        per_new[j] = per_new.get(j, 0) + 1

    rows: list[tuple[tuple, Pair]] = []
    news_of: dict[int, list[int]] = {}
    olds_of: dict[int, list[int]] = {}
    for i, j in sorted(best):
        news_of.setdefault(i, []).append(j)
        olds_of.setdefault(j, []).append(i)
    for (i, j), link in best.items():
        pair = classify(link, old[i], new[j], per_old[i] > 1, per_new[j] > 1, settings)
        others = [old[k].record_id for k in olds_of[j] if k != i] + [new[k].record_id for k in news_of[i] if k != j]
        rows.append(((old[i].pillar, 0, i, j), dataclasses.replace(pair, evidence=evidence(link, old[i], others))))
    for i, rec in enumerate(old):
        if i not in per_old:
            rows.append(((rec.pillar, 0, i, -1), Pair(DROPPED, unmatched_flags(rec), None, rec, None)))
    for j, rec in enumerate(new):
        if j not in per_new:
            rows.append(((rec.pillar, 1, j, -1), Pair(ADDED, unmatched_flags(rec), None, None, rec)))
    return diff_result(old, new, rows)


def diff_result(old: tuple[Record, ...], new: tuple[Record, ...], rows: list[tuple[tuple, Pair]]) -> DiffResult:
    """The result of two drafts' alignment from its (sort key, pair) rows: pairs in pillar and source
    order, checked to cover every record of both drafts."""
    rows.sort(key=lambda kp: kp[0])
    result = DiffResult(
        old_draft=old[0].draft if old else "",
        new_draft=new[0].draft if new else "",
        old=old,
        new=new,
        pairs=tuple(p for _, p in rows),
    )
    check_coverage(result)
    return result


def pairs_by_record(result: DiffResult) -> tuple[dict[int, list[Pair]], dict[int, list[Pair]]]:
    """The diff rows each old and each new record appears in, keyed by the record's id()."""
    by_old: dict[int, list[Pair]] = {}
    by_new: dict[int, list[Pair]] = {}
    for pair in result.pairs:
        if pair.old is not None:
            by_old.setdefault(id(pair.old), []).append(pair)
        if pair.new is not None:
            by_new.setdefault(id(pair.new), []).append(pair)
    return by_old, by_new


def check_coverage(result: DiffResult) -> None:
    """Every record appears; a record that appears more than once does so only in a split or merge.

    Raises ValueError naming the first record that breaks this: the diff must never lose one.
    """
    seen_old, seen_new = pairs_by_record(result)
    for records, seen, flag_name in ((result.old, seen_old, SPLIT), (result.new, seen_new, MERGED)):
        for rec in records:
            rows = seen.get(id(rec), [])
            if not rows:
                raise ValueError(f"diff lost record {rec.record_id or rec.text[:40]!r}")
            if len(rows) > 1 and not all(flag_name in p.flags for p in rows):
                name = rec.record_id or rec.text[:40]
                raise ValueError(f"record {name!r} appears {len(rows)} times without {flag_name}")
