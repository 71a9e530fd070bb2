"""Later drafts drawn from a seed: a real draft's records, edited as a drafting committee edits them, with
the (old, new) pairs of every edit as ground truth for the diff (`normalize/align.py`).

`later_draft(seed)` takes the records of one committed hand reading (tests/fixtures/office/
expected-2016-05.jsonl or expected-2016-11.jsonl: no text comes from the code under test) as the old
draft, and decides for each record, at the rates of the real May -> November 2016 change (`RATES`), what
the committee did with it:

- `same`: kept word for word; `edited`: kept with a small edit (a typo or spelling fixed, a word added or
  dropped, "Workshop" -> "Workshops"); `reworded` / `reworded-held-out`: a phrase of the family rewritten
  (`SEEN_REWRITES`: rewrites the two 2016 drafts or the 2017 draft make, which the aligner's thresholds
  were tuned on; `HELD_OUT_REWRITES`: rewrites no draft of the family makes), words reordered, a clause
  added; `moved`: kept (maybe edited) under another provision or pillar;
- `dropped`; `merged`: two or three records joined into one; `split`: one record made two or three;
  `became-area`: the record's text became a "Possible Area of Collaboration" with new activities under
  it (as pillars B-D of November did with May items);
- any kept record may also change its lead or cooperating bodies (`lead-changed`); a second copy of a
  record (the May draft repeats some, word for word or nearly) shares the first copy's fate (`repeated`);
- `added`: new activities, texts of another draft of the family that share no more than a third of
  their words with any text of the old draft (so that an added text is not in truth a rewording).

The new draft's records are in pillar and provision order, as a draft prints them. The same seed gives
the same draft.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from tipmatrix.model import Record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "office"
# The drafts a later draft is drawn from; the other files of FIXTURES give the texts of added activities.
BASES = ("2016-05", "2016-11")
POOL = ("2016-05", "2016-11", "2017-11")

# What became of each old record, per 101 May records of pillars A and B in the hand alignment
# ../shared/reference/alignment-2016-05_vs_2016-11-pillars-A-B.csv: 58 dropped, 2 same, 19 reworded
# (of them, by its notes, 4 moved to another provision and about 6 only small edits: "Publication of"
# -> "Publish", a word or a clause added), 14 split (12 of them because the May text became a November
# area with new activities under it), 8 merged (two by two). 12 of the 21 kept records changed lead.
# 8 November records were added (per 101 May records).
RATES: dict[str, float] = {
    "dropped": 58, "same": 2, "edited": 6, "reworded": 5, "reworded-held-out": 4, "moved": 4,
    "split": 2, "became-area": 12, "merged": 8,
}
LEAD_CHANGED = 12 / 21
ADDED_PER_OLD = 8 / 101
KEPT = ("same", "edited", "reworded", "reworded-held-out", "moved")
# "repeated": the second copy of a record the old draft holds twice, word for word or nearly (the May
# draft repeats items under two provisions, `copies`): one item with the first copy, so it pairs with what
# the first became (the hand alignment calls such twins merged), or is dropped with it.
OPERATIONS = (*KEPT, "split", "became-area", "merged", "repeated", "dropped", "added")

BODIES = ("ACWC", "AICHR", "SOM-ED", "SLOM", "SOMTC", "SOMHD", "SOMSWD", "DGICM", "ASLOM")

# Phrase rewrites the drafts of the family make (May 2016 -> November 2016 -> the 2017 draft): the
# aligner was tuned on drafts that hold them. (pattern, replacement); patterns are case-sensitive
# unless they say (?i).
SEEN_REWRITES: tuple[tuple[str, str], ...] = (
    (r"\bTrafficking in Persons\b", "TIP"),
    (r"\bTIP\b", "Trafficking in Persons"),
    (r"\bASEAN Member States\b", "AMS"),
    (r"\bAMS\b", "ASEAN Member States"),
    (r"^Publication of (an? )?", "Publish an "),
    (r"^Creation of (an? )?", "Create a "),
    (r"^Compile list of\b", "Compile, popularize and promote"),
    (r"\bTraining for trainers\b", "Regional training of trainers"),
    (r"\bDevelop a tool\b", "Develop and pilot a toolkit"),
    (r"\bidentification and referral of\b", "identifying and referring"),
    (r"(?i)\blabou?r officials\b", "labour inspectors"),
    (r"\bforce labor\b", "forced labor"),
    (r"^Train the\b", "Workshop for the"),
    (r"^(.*)Celebration of\b", r"\1Develop a Regional Program to commemorate"),
    (r"\binformation exchange\b", "sharing of information"),
    (r"\bexchange of information\b", "sharing of information"),
    (r"\bDevelop a directory\b", "Develop and maintain an online directory"),
    (r"\bin the prevention of\b", "on the prevention of"),
    (r"^Workshop on\b", "Workshop to"),
    (r"^Conduct a regular training, workshop\b", "Conduct regular trainings and workshops"),
    (r"\bPreventive Measures\b", "Prevention Measures"),
    (r"\bto other countries\b", "with other countries"),
    (r"^Conduct\b", "Conduct of"),
    (r"^Develop\b", "Development of"),
    (r"^Compilation of\b", "Compile"),
)
# Rewrites no draft of the family makes: held out from everything the aligner was tuned on.
HELD_OUT_REWRITES: tuple[tuple[str, str], ...] = (
    (r"^Conduct\b", "Organise"),
    (r"\bWorkshop\b", "Seminar"),
    (r"(?i)\bvictims of trafficking( in persons)?\b", "trafficked persons"),
    (r"(?i)\blaw enforcement agenc(y|ies)\b", "police and immigration authorities"),
    (r"(?i)\bcapacity[- ]building\b", "training"),
    (r"^Develop\b", "Draw up"),
    (r"^Research on\b", "A study of"),
    (r"^Sharing of\b", "Exchange of"),
    (r"\bbest practices\b", "good practices"),
    (r"^Promote\b", "Advocate"),
    (r"(?i)\bcampaign\b", "drive"),
    (r"(?i)\bHuman Rights-based Approach\b", "HRBA"),
    (r"(?i)\bStandard Operating Procedures?\b", "SOP"),
    (r"\bSOP\b", "Standard Operating Procedure"),
    (r"(?i)\bcivil society organi[sz]ations\b", "CSOs"),
    (r"\bregional\b", "region-wide"),
    (r"(?i)\btrafficking in persons\b", "human trafficking"),
    (r"(?i)\bmutual legal assistance\b", "MLA"),
    (r"\blaw enforcers\b", "police officers"),
    (r"\bto enhance\b", "in order to strengthen"),
    (r"\b[Ee]stablish\b", "set up"),
    (r"^Strengthen\b", "Reinforce"),
    (r"(?i)\bvictim identification\b", "identifying victims"),
    (r"^Continue the efforts on\b", "Sustain"),
    (r"(?i)\bstudies\b", "assessments"),
    (r"(?i)\bdissemination of information\b", "information sharing"),
    (r"(?i)^(Regional |National )?(Workshops?|Trainings?|Seminars?|Forums?|Consultations?) (on|for) (.+?)\.?$",
     r"\4: \1\2"),
)
# Clauses a committee adds to an activity (the November draft added "including in international
# airports and seaports", "to enhance cooperation with CSOs", "on victim identification").
CLAUSES = (" in the ASEAN region", ", with the support of Dialogue Partners", " for frontline officers",
           ", in cooperation with civil society organizations", " especially on victim identification",
           " at national and regional levels")

# Small edits: a typo or spelling fixed, a plural, a word added or dropped.
SPELLING = ((r"\blabor\b", "labour"), (r"\bLabor\b", "Labour"), (r"\borganize", "organise"),
            (r"\bprogram\b", "programme"), (r"\bProgram\b", "Programme"), (r"\bUtilize\b", "Utilise"),
            (r"\bgendersensitive\b", "gender-sensitive"), (r"\bcapacity ad\b", "capacity and"),
            (r"\bTIPs\b", "TIP"), (r"\bFinalise\b", "Finalize"), (r"\bcounseling\b", "counselling"))
PLURALS = ((r"\bWorkshop\b", "Workshops"), (r"\bworkshop\b", "workshops"), (r"\bTraining\b", "Trainings"),
           (r"\bSeminar\b", "Seminars"), (r"\bcampaign\b", "campaigns"), (r"\bstudy\b", "studies"),
           (r"\bWorkshops\b", "Workshop"), (r"\bguidelines\b", "guideline"))
ADDED_WORDS = ((r"\b(workshop|training|campaign|research|seminar|forum|network|program)", r"regional \1"),
               (r"\b(Workshop|Training|Campaign|Research|Seminar|Forum|Network|Program)", r"Regional \1"),
               (r"\bguidelines\b", "relevant guidelines"), (r"\bmaterials\b", "information materials"))
DROPPED_WORDS = (r"\bthe\s", r"\bregular\s", r"\brelevant\s", r"\bappropriate\s", r"\bexisting\s",
                 r"\bvarious\s", r"\ball\s", r"\bASEAN\s", r"\bregional\s", r"\bRegional\s")

# A split by audience or phase, where the text lists nothing to split at.
SPLIT_BY = ((" for law enforcement officers", " for social workers and shelter staff", " for labour inspectors"),
            (" at national level", " at regional level"),
            (" (phase 1, 2017-2018)", " (phase 2, 2019-2020)", " (phase 3, review)"))


@dataclass(frozen=True)
class Draft:
    """An old draft, the later draft drawn from it, and the truth: which (old, new) index pairs are one
    item, and what the committee did to each old record (`ops`) and each added record."""

    seed: int
    base: str
    old: tuple[Record, ...]
    new: tuple[Record, ...]
    truth: frozenset[tuple[int, int]]
    ops: tuple[str, ...]  # per old record: one of OPERATIONS (not "added")
    lead_changed: frozenset[int] = field(default=frozenset())  # old records whose lead or cooperating changed
    added: frozenset[int] = field(default=frozenset())  # new records the committee added
    notes: dict[int, str] = field(default_factory=dict)  # per old record: the rewrites applied (for reports)


def _record(row: dict, draft: str, n: int) -> Record:
    return Record(draft=draft, pillar=row["pillar"], provision=row["provision_letter"],
                  provision_text=row["provision_text"], activity=row["activity"], area=row["area"],
                  category=row["category"], activity_ref=row["activity_ref"], kind=row["kind"],
                  lead=tuple(row["lead"]), cooperating=tuple(row["cooperating"]), note=row["note"],
                  source_file=f"expected-{draft}.jsonl", source_lines=(n, n), record_id=f"{draft}-{row['pillar']}-{n}")


@cache
def fixture_records(draft: str) -> tuple[Record, ...]:
    """The hand-read records of one draft of tests/fixtures/office, as Records (ids `<draft>-<pillar>-<line>`)."""
    with open(FIXTURES / f"expected-{draft}.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return tuple(_record(row, draft, n) for n, row in enumerate(rows, 1))


STOP = frozenset("a an the of on in to and or for with by from at as its their this that these those be is are "
                 "will which who can may such other all each any through into among between including".split())


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP}


@cache
def added_pool(base: str) -> tuple[str, ...]:
    """Texts of the other drafts that share no more than a third of their words with any text of `base`
    (the generator's own word overlap, not the aligner's score): activities the old draft does not hold."""
    old = [content_words(r.text) for r in fixture_records(base)]
    seen: set[str] = set()
    out = []
    for draft in POOL:
        if draft == base:
            continue
        for rec in fixture_records(draft):
            words = content_words(rec.text)
            if rec.text in seen or not words:
                continue
            if all(len(words & o) <= len(words) / 3 and len(words & o) <= max(len(o), 1) / 3 for o in old):
                seen.add(rec.text)
                out.append(rec.text)
    return tuple(out)


def _sub_one(rng: random.Random, text: str, table: Sequence[tuple[str, str]],
             done: Sequence[str] = ()) -> tuple[str, str]:
    """One rule of `table` that changes `text`, drawn at random: (new text, the rule), or (text, "").
    A rule whose pattern matches what an earlier rule wrote (`done`: their replacements) is not drawn, so
    no rewrite undoes another ("TIP" -> "Trafficking in Persons" -> "TIP")."""
    rules = [(p, r) for p, r in table if re.search(p, text) and not any(re.search(p, d) for d in done)]
    rng.shuffle(rules)
    for pattern, replacement in rules:
        changed = re.sub(pattern, replacement, text, count=1)
        if changed != text:
            return changed[:1].upper() + changed[1:], f"{pattern} -> {replacement}"
    return text, ""


def small_edit(rng: random.Random, text: str) -> tuple[str, str]:
    """A typo or spelling fixed, a plural, a word added or dropped; else a full stop added or taken off."""
    tables = [SPELLING, PLURALS, ADDED_WORDS, tuple((p, "") for p in DROPPED_WORDS)]
    rng.shuffle(tables)
    for table in tables:
        changed, rule = _sub_one(rng, text, table)
        if rule:
            return changed, rule
    return (text[:-1], "full stop") if text.endswith(".") else (text + ".", "full stop")


def reword(rng: random.Random, text: str, table: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """One to three phrase rewrites of `table`, and, as the committee did, sometimes a trailing clause cut
    or a clause added (always one where the table has no rewrite for the text)."""
    rules: list[str] = []
    done: list[str] = []
    for _ in range(rng.choice((1, 2, 3))):
        text, rule = _sub_one(rng, text, table, done)
        if rule:
            rules.append(rule)
            done.append(rule.split(" -> ", 1)[1])
    head = re.match(r"^(.+)(?:\s*\([^()]*\)\.?$|,\s| through | especially | including )", text)
    if head and len(head.group(1).split()) >= 0.6 * len(text.split()) and rng.random() < 0.25:
        text = head.group(1).rstrip(" ,")
        rules.append("trailing clause cut")
    if not rules or rng.random() < 0.35:
        clause = rng.choice(CLAUSES)
        text = text.rstrip(". ") + clause
        rules.append(f"clause {clause.strip(' ,')!r}")
    return text, "; ".join(rules)


def split_text(rng: random.Random, text: str) -> list[str]:
    """Two or three activities from one: at its list ("workshops, seminars, table top exercises"), its
    sentences or "; ", else by audience or phase."""
    body = text.rstrip(". ")
    parts = [p.strip() for p in re.split(r";\s+|(?<=[a-z]{3})\.\s+(?=[A-Z])", body) if len(p.split()) >= 3]
    if len(parts) >= 2:
        return parts[:3]
    m = re.match(r"^(\w+ )?(\w+), (\w+),? (?:and |or )?([\w ]+?)( (?:that|to|for|on)\b.*)$", body)
    if m and m.group(1):
        return [f"{m.group(1)}{w}{m.group(5)}" for w in (m.group(2), m.group(3), m.group(4))]
    audience = rng.choice(SPLIT_BY)
    return [body + a for a in audience[: rng.choice((2, len(audience)))]]


def merge_text(rng: random.Random, texts: Sequence[str]) -> str:
    """One activity from several: joined by "and", or the first "including" the others."""
    first, *rest = [t.rstrip(". ") for t in texts]
    rest = [r[:1].lower() + r[1:] if not r[:2].isupper() else r for r in rest]
    if rng.random() < 0.5:
        return first + ", and " + ", and ".join(rest)
    return first + ", including " + "; ".join(rest)


def _other_body(rng: random.Random, rec: Record) -> Record:
    """The lead handed to another body (the old lead cooperating, one time in two), or a cooperating body added."""
    choice = rng.random()
    if choice < 0.6:
        lead = rng.choice([b for b in BODIES if b not in rec.lead])
        cooperating = rec.cooperating + rec.lead if rng.random() < 0.5 else rec.cooperating
        return replace(rec, lead=(lead,), cooperating=tuple(dict.fromkeys(c for c in cooperating if c != lead)))
    extra = rng.choice([b for b in BODIES if b not in rec.lead and b not in rec.cooperating])
    return replace(rec, cooperating=rec.cooperating + (extra,))


def _draw_ops(rng: random.Random, n: int) -> list[str]:
    names = list(RATES)
    return rng.choices(names, weights=[RATES[k] for k in names], k=n)


def _groups(rng: random.Random, old: Sequence[Record], ops: list[str]) -> list[list[int]]:
    """The merges: a committee joins items on one topic, so each record drawn "merged" (in order) is joined
    by the other records drawn so that share the most words with it (the generator's own word overlap),
    in its pillar where one is left (two records, or three one time in four); one left alone is kept
    word for word instead. Changes `ops` in place."""
    merging = [i for i, op in enumerate(ops) if op == "merged"]
    groups: list[list[int]] = []
    while merging:
        first, rest = merging[0], merging[1:]
        size = 3 if rng.random() < 0.25 and len(rest) >= 2 else 2
        words = content_words(old[first].text)
        ranked = sorted(rest, key=lambda k: (old[k].pillar != old[first].pillar,
                                             -len(words & content_words(old[k].text)), abs(k - first)))
        group = [first, *sorted(ranked[: size - 1])]
        merging = [k for k in merging if k not in group]
        if len(group) == 1:
            ops[first] = "same"
        else:
            groups.append(group)
    return groups


def _one_fate(old: Sequence[Record], ops: list[str]) -> dict[int, int]:
    """Records the old draft holds twice (`copies`) share the first copy's fate: a later copy is
    "repeated" (it pairs with what the first became) or dropped with it. Returns copy -> first copy;
    changes `ops` in place."""
    twin_of = copies(tuple(r.text for r in old))
    for i, k in twin_of.items():
        ops[i] = "dropped" if ops[k] == "dropped" else "repeated"
    return twin_of


@cache
def copies(texts: tuple[str, ...]) -> dict[int, int]:
    """Each later copy of a text -> its first copy. Copies: the same words (case and punctuation aside),
    nearly (difflib's ratio 0.9 or more: "reduce their risk" / "reduce risk"), or one text the other
    with more words after it ("... are fully captured" / "... are fully captured and subsequently
    reported ..."), as the May draft repeats items under two provisions."""
    keys = [_twin_key(t) for t in texts]
    # difflib's matching blocks are a common subsequence, so its ratio is at most rapidfuzz's (the longest
    # common subsequence's): pairs under 89.9 there are not near copies, and difflib (in Python, 3 s for the
    # May draft's 7,000 pairs) is asked only about the rest
    near = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=89.9)
    first: dict[int, int] = {}
    for j, b in enumerate(keys):
        for i in range(j):
            a = keys[i]
            if i in first or not a or not b:
                continue
            shorter, longer = sorted((a, b), key=len)
            if a == b or (len(shorter.split()) >= 8 and longer.startswith(shorter)) \
                    or (near[i, j] and SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9):
                first[j] = i
                break
    return first


class _Later:
    """The new draft as it is drawn: rows of (sort key, record, old indices it stands for, added)."""

    def __init__(self, rng: random.Random, old: Sequence[Record], ops: list[str], name: str, pool: list[str]):
        self.rng, self.old, self.ops, self.name, self.pool = rng, old, ops, name, pool
        self.places = list(dict.fromkeys(_place(r) for r in old))
        self.rank = {p: k for k, p in enumerate(self.places)}
        self.rows: list[tuple[tuple, Record, tuple[int, ...], bool]] = []
        self.lead_changed: set[int] = set()
        self.notes: dict[int, str] = {}

    def put(self, rec: Record, position: float, olds: tuple[int, ...], sub: int = 0, added: bool = False) -> None:
        """A new record, sorted as a draft prints it: by pillar, provision (in the old draft's order), place."""
        pillar = "ABCD".index(rec.pillar) if rec.pillar in "ABCD" else 4
        self.rows.append(((pillar, self.rank[_place(rec)], position, sub), rec, olds, added))

    def carried(self, i: int, rec: Record) -> Record:
        """Old record i under the new draft's name; a kept one changes its bodies at the real rate."""
        rec = replace(rec, draft=self.name, record_id=f"{self.name}-{rec.pillar}-{i + 1}")
        if self.ops[i] in KEPT and self.rng.random() < LEAD_CHANGED:
            self.lead_changed.add(i)
            rec = _other_body(self.rng, rec)
        return rec

    def keep(self, i: int) -> None:
        rec, op, rng = self.old[i], self.ops[i], self.rng
        text, note = rec.activity, ""
        how = rng.random() if op == "moved" else 0.0  # a moved record: as it was, edited or reworded
        if op == "edited" or 0.25 <= how < 0.75:
            text, note = small_edit(rng, text)
        elif op in ("reworded", "reworded-held-out") or how >= 0.75:
            text, note = reword(rng, text, HELD_OUT_REWRITES if op == "reworded-held-out" else SEEN_REWRITES)
        new = self.carried(i, replace(rec, activity=text))
        position = float(i)
        if op == "moved":
            here = _place(rec)
            same_pillar = [p for p in self.places if p[0] == rec.pillar and p != here]
            elsewhere = [p for p in self.places if p[0] != rec.pillar]
            target = rng.choice((same_pillar if same_pillar and rng.random() < 0.6 else elsewhere) or same_pillar)
            new = replace(new, pillar=target[0], provision=target[1], provision_text=target[2])
            position = len(self.old) + i
            note = f"to {target[0]}-{target[1] or '?'}" + (f"; {note}" if note else "")
        self.notes[i] = note
        self.put(new, position, (i,))

    def split(self, i: int) -> None:
        parts = split_text(self.rng, self.old[i].activity)
        first = self.carried(i, self.old[i])
        for k, part in enumerate(parts):
            self.put(replace(first, activity=part, record_id=f"{first.record_id}-{k + 1}"), float(i), (i,), k)
        self.notes[i] = f"{len(parts)} parts"

    def became_area(self, i: int) -> None:
        rec, rng = self.old[i], self.rng
        n_under = min(rng.choice((1, 2, 2, 3)), len(self.pool))
        if not n_under:
            self.ops[i] = "dropped"
            return
        area = rec.activity.rstrip(". ")
        widened = rng.random() < 0.2  # most became areas word for word, a few widened ("... and Legal processes")
        if widened:
            area = small_edit(rng, area)[0] if rng.random() < 0.5 else reword(rng, area, SEEN_REWRITES)[0]
        if rng.random() < 0.5 and rec.lead:
            area += f" [{rec.lead[0]}]"
        under = self.carried(i, rec)
        for k in range(n_under):
            lead = under.lead if rng.random() < 0.5 else (rng.choice(BODIES),)
            self.put(replace(under, activity=self.pool.pop(), area=area, category="", lead=lead,
                             record_id=f"{self.name}-{rec.pillar}-{i + 1}-{k + 1}"), float(i), (i,), k)
        self.notes[i] = f"{n_under} activities under it" + ("; area widened" if widened else "")

    def merge(self, group: list[int]) -> None:
        new = self.carried(group[0], replace(self.old[group[0]],
                                             activity=merge_text(self.rng, [self.old[i].activity for i in group])))
        bodies = [b for i in group[1:] for b in self.old[i].lead if b not in new.lead]
        self.put(replace(new, cooperating=tuple(dict.fromkeys(new.cooperating + tuple(bodies)))),
                 float(group[0]), tuple(group))

    def add(self, k: int) -> None:
        at = self.rng.randrange(len(self.old))
        host = self.old[at]
        self.put(Record(draft=self.name, pillar=host.pillar, provision=host.provision,
                        provision_text=host.provision_text, activity=self.pool.pop(), source_file="generated",
                        source_lines=(0, 0), lead=(self.rng.choice(BODIES),),
                        record_id=f"{self.name}-{host.pillar}-added-{k + 1}"), at + 0.5, (), k, added=True)


def _place(rec: Record) -> tuple[str, str, str]:
    return (rec.pillar, rec.provision, rec.provision_text)


def later_draft(seed: int, base: str | None = None, draft: str = "") -> Draft:
    """The later draft of seed `seed` (see the module docstring); `base` fixes the old draft."""
    rng = random.Random(seed)
    base = base or rng.choice(BASES)
    old = fixture_records(base)
    ops = _draw_ops(rng, len(old))
    pool = list(added_pool(base))
    rng.shuffle(pool)
    later = _Later(rng, old, ops, draft or f"gen-{seed}", pool)
    twin_of = _one_fate(old, ops)
    groups = _groups(rng, old, ops)
    for i, op in enumerate(ops):
        if op in KEPT:
            later.keep(i)
        elif op == "split":
            later.split(i)
        elif op == "became-area":
            later.became_area(i)
    for group in groups:
        later.merge(group)
    n_added = sum(rng.random() < ADDED_PER_OLD for _ in old)
    for k in range(min(n_added, len(pool))):
        later.add(k)
    rows = sorted(later.rows, key=lambda row: row[0])
    new = tuple(replace(rec, source_lines=(n, n)) for n, (_, rec, _, _) in enumerate(rows, 1))
    truth = {(i, j) for j, (_, _, olds, _) in enumerate(rows) for i in olds}
    for i, k in twin_of.items():
        carried = [(i, j) for kk, j in truth if kk == k]
        truth.update(carried)
        if ops[i] == "repeated" and not carried:
            ops[i] = "dropped"
    added = frozenset(j for j, row in enumerate(rows) if row[3])
    return Draft(seed, base, old, new, frozenset(truth), tuple(ops), frozenset(later.lead_changed), added,
                 later.notes)


def _twin_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def unchanged_draft(base: str) -> Draft:
    """A later draft with no edit at all: every record carried over as it is, each its own pair."""
    old = fixture_records(base)
    new = tuple(replace(r, draft="same", record_id=f"same-{r.pillar}-{n}") for n, r in enumerate(old, 1))
    return Draft(0, base, old, new, frozenset((i, i) for i in range(len(old))), ("same",) * len(old))
