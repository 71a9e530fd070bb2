"""Whole provision texts from the provision registry, `normalize/provisions.csv`.

The renditions clip the provision column (November's pillar A reads "Increase awareness of to
educate all levels of on ..."), and the drafts print the same APA provisions under different
letters. The registry holds each provision once: its pillar, its letter in each draft, its whole
text from the most complete printing and where that is printed (`file:first-last`, several
when the text is put together from two printings, as the note says).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from tipmatrix.errors import InputError
from tipmatrix.model import Extraction, Record, flag

REGISTRY = Path(__file__).with_name("provisions.csv")
DRAFTS = ("2016-05", "2016-11")
# The opening words tell provisions apart (they start with different verbs and objects); a clipped
# printing keeps most of them: November's damaged pillar-A openings score 80-90 against their
# whole text, the nearest other provision of the same pillar under 60.
OPENING_CHARS = 60
MIN_OPENING_SCORE = 70.0


@dataclass(frozen=True)
class RegisteredProvision:
    pillar: str
    letters: dict[str, str]  # draft -> letter printed in it ("" where none is printed)
    text: str
    printed_in: str  # "000_77964c73432e17e8.txt:16-17 001_fcb319b1d564dd03.txt:43-43"
    note: str


@cache
def load_registry(path: Path = REGISTRY) -> tuple[RegisteredProvision, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for number, row in enumerate(rows, start=2):
        if not row["text"].strip() or row["pillar"] not in "ABCD" or not re.fullmatch(
            r"(\S+:\d+-\d+)( \S+:\d+-\d+)*", row["printed_in"]
        ):
            raise InputError(path, f"line {number}: a provision needs a pillar A-D, a text and printed_in "
                                   "as FILE:FIRST-LAST; fix the row")
        letters = {d: row[f"letter_{d.replace('-', '_')}"].strip() for d in DRAFTS}
        out.append(RegisteredProvision(row["pillar"], letters, row["text"].strip(), row["printed_in"], row["note"]))
    return tuple(out)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def find(rec: Record, registry: tuple[RegisteredProvision, ...]) -> RegisteredProvision | None:
    """The registry's provision for a record: same pillar, the same letter in the record's draft
    when both have one, and the closest opening words (at least MIN_OPENING_SCORE)."""
    printed = _key(rec.provision_text)
    if not printed:
        return None
    best, best_score = None, MIN_OPENING_SCORE
    for provision in registry:
        if provision.pillar != rec.pillar:
            continue
        letter = provision.letters.get(rec.draft)
        if letter is not None and rec.provision and letter and letter != rec.provision:
            continue
        score = fuzz.ratio(printed[:OPENING_CHARS], _key(provision.text)[:OPENING_CHARS])
        if score >= best_score:
            best, best_score = provision, score
    return best


def complete_record(rec: Record, registry: tuple[RegisteredProvision, ...]) -> Record:
    """The record with its provision's whole text; flagged where that differs from its printing."""
    return with_provision(rec, find(rec, registry))


def with_provision(rec: Record, provision: RegisteredProvision | None) -> Record:
    if provision is None:
        if rec.provision_text:
            return rec.with_flag(flag("provision-unregistered", "no provision of the registry matches this one"))
        return rec
    if _key(provision.text) == _key(rec.provision_text):
        return rec
    printed = rec.provision_text if len(rec.provision_text) <= 60 else rec.provision_text[:57] + "..."
    return rec.replace(provision_text=provision.text).with_flag(
        flag("provision-completed", f"printed here as {printed!r}, whole text from {provision.printed_in}")
    )


def complete_provisions(extraction: Extraction, registry: tuple[RegisteredProvision, ...] | None = None) -> Extraction:
    registry = load_registry() if registry is None else registry
    found: dict[tuple[str, str, str, str], RegisteredProvision | None] = {}
    out = []
    for rec in extraction.records:
        key = (rec.draft, rec.pillar, rec.provision, rec.provision_text)
        if key not in found:
            found[key] = find(rec, registry)
        out.append(with_provision(rec, found[key]))
    return extraction.with_records(out)
