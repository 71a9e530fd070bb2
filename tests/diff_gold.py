"""Scoring a draft diff against the hand-made alignment in tests/fixtures (read from the sources).

A gold row names an old record and a new record by a snippet of their text (case, spacing,
markers and body names folded as in `text_key`; a leading "=" asks for the whole text; "|"
separates alternatives), within a pillar. `new_field` "area" finds every new record under an
area containing the snippet (an old item that became an area is rightly paired with each
activity under it) as well as a record
whose own text holds it (an area with no activity, or an area item the extraction read as an
activity).
`required` rows measure recall; `required` and `acceptable` rows together are what a predicted
pair may be (precision): a defensible reading that the hand alignment did not insist on.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tipmatrix.model import Record
from tipmatrix.normalize.align import DiffResult, text_key

GOLD = Path(__file__).with_name("fixtures") / "diff-2016-05_vs_2016-11-gold.csv"


@dataclass(frozen=True)
class GoldRow:
    status: str
    pillar_old: str
    old: str
    pillar_new: str
    new: str
    new_field: str


def load_gold(path: Path = GOLD) -> list[GoldRow]:
    with open(path, newline="", encoding="utf-8") as f:
        return [GoldRow(**row) for row in csv.DictReader(f)]


def _hits(snippets: str, text: str) -> bool:
    """Whether a text holds one of the "|"-separated snippets: the extraction may keep an area cell
    whole or give each item of it a record of its own."""
    for snippet in snippets.split("|"):
        if snippet.startswith("=") and text_key(snippet[1:]) == text_key(text):
            return True
        if not snippet.startswith("=") and f" {text_key(snippet)} " in f" {text_key(text)} ":
            return True
    return False


def _in_pillar(rec: Record, pillar: str) -> bool:
    """A record the extractor left without a pillar is searched in every pillar: this scores the
    alignment, not the extraction."""
    return rec.pillar in (pillar, "")


def old_matches(row: GoldRow, rec: Record) -> bool:
    return _in_pillar(rec, row.pillar_old) and _hits(row.old, rec.text)


def new_matches(row: GoldRow, rec: Record) -> bool:
    if not _in_pillar(rec, row.pillar_new):
        return False
    if row.new_field == "area":
        return _hits(row.new, rec.area) or _hits(row.new, rec.text)
    return _hits(row.new, rec.text)


@dataclass(frozen=True)
class GoldScore:
    recall: float
    precision: float
    missed: list[GoldRow]
    wrong: list[tuple[Record, Record]]
    unresolved: list[GoldRow]  # gold rows whose snippets name no record of the extraction


def score(result: DiffResult, gold: list[GoldRow]) -> GoldScore:
    pairs = [(p.old, p.new) for p in result.pairs if p.old is not None and p.new is not None]
    resolved, unresolved = [], []
    for row in gold:
        olds = [r for r in result.old if old_matches(row, r)]
        news = [r for r in result.new if new_matches(row, r)]
        (resolved if olds and news else unresolved).append((row, olds, news))
    required = [(row, o, n) for row, o, n in resolved if row.status == "required"]
    found = [
        row for row, olds, news in required
        if any(any(a is o for a in olds) and any(b is n for b in news) for o, n in pairs)
    ]
    missed = [row for row, _, _ in required if row not in found]

    def allowed(o: Record, n: Record) -> bool:
        return any(any(a is o for a in olds) and any(b is n for b in news) for _, olds, news in resolved)

    wrong = [(o, n) for o, n in pairs if not allowed(o, n)]
    return GoldScore(
        recall=len(found) / len(required) if required else 1.0,
        precision=1 - len(wrong) / len(pairs) if pairs else 1.0,
        missed=missed,
        wrong=wrong,
        unresolved=[row for row, _, _ in unresolved],
    )
