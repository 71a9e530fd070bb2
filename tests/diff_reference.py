"""Scoring a draft diff against the hand alignment of ../shared/reference, pillar by pillar.

`alignment-2016-05_vs_2016-11-pillars-A-B.csv` pairs the hand-read May and November reference
records (CONVENTIONS.md there): `may_rec` / `nov_rec` number the records of the reference files of
pillars A and B taken together, pillar A's lines first, from 1. Each reference record is found
among the project's records of its draft as `score.py` finds it (the record whose text contains it,
rapidfuzz token_set_ratio >= 85, the closest as a whole first, then one in the same pillar); the
reference reads some May cells as several records where the extraction keeps one, so several
reference records may stand for one project record.

Per pillar (the May record's): a unit is a May reference record with a counterpart; it is found when
the diff pairs its project record with the project record of each of its counterparts (pair recall
counts the pairs themselves). Pair precision is over the diff's pairs between project records that
stand for reference records of these files (the May one in the pillar): right when some hand pair
maps onto it. The pairs that cross into pillars C or D are held back with those pillars, and so are
not scored.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from tipmatrix.model import Record
from tipmatrix.normalize.align import DiffResult

PILLARS = ("A", "B")
ALIGNMENT = "alignment-2016-05_vs_2016-11-pillars-A-B.csv"
PAIRED = ("same", "reworded", "split", "merged")
FOUND = 85  # score.py's threshold: token_set_ratio of the reference text within a project record's


def _norm(text: str) -> str:
    """score.py's normalisation: soft hyphens and leading list markers dropped, spaces squashed, lower case."""
    text = (text or "").replace("\u00ad", "")
    text = re.sub(r"^[\s\-–—•*·\u2022\uf0b7]+", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def reference_records(reference: Path, draft: str) -> list[dict]:
    """The reference records of pillars A then B of one draft, numbered as the alignment numbers them."""
    out = []
    for pillar in PILLARS:
        with open(reference / f"reference-{draft}-pillar-{pillar}.jsonl", encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return out


def _provision_words(text: str) -> str:
    return " ".join(_norm(text).split()[:8])


def find_all(refs: Sequence[dict], records: Sequence[Record]) -> list[Record | None]:
    """The project record that holds each reference record's text, as score.py finds it (in
    reference order: among the records that contain it, one under the same area, the closest as a
    whole, then one not yet taken, in the same pillar, under the closest provision); None where none
    contains it. The area first: "Regular Workshop / Training on identification of victims" (under
    "Continue to coordinate efforts ...") is held whole by two November records, and the other one,
    "... for frontline officers", read whole, is closer to it than the extraction's garbled reading
    of its own record ("Regular Workshop / ACWC Philippines & Indonesia Training on ...")."""
    keys = [_norm(rec.text) for rec in records]
    used: set[int] = set()
    out: list[Record | None] = []
    for ref in refs:
        key = _norm(ref.get("activity") or "") or _norm(ref.get("area") or "")
        area = _norm(ref.get("area") or "") if ref.get("activity") else ""
        best, best_i, best_rank = -1.0, -1, None
        for i, (rec, text) in enumerate(zip(records, keys, strict=True)):
            if not text:
                continue
            contained = fuzz.token_set_ratio(key, text)
            rank = (min(contained, FOUND), area and fuzz.token_set_ratio(area, _norm(rec.area)) >= FOUND,
                    fuzz.ratio(key, text), i not in used, rec.pillar == ref["pillar"],
                    fuzz.ratio(_provision_words(ref.get("provision_text") or ""), _provision_words(rec.provision_text)))
            if best_rank is None or rank > best_rank:
                best, best_i, best_rank = contained, i, rank
        if best >= FOUND:
            used.add(best_i)
            out.append(records[best_i])
        else:
            out.append(None)
    return out


@dataclass(frozen=True)
class PillarScore:
    pillar: str
    units: int
    units_found: int
    pairs: int  # hand pairs both of whose records the extraction holds
    pairs_found: int
    predicted: int  # diff pairs between records of these files, the May one in this pillar
    wrong: list[tuple[Record, Record]]
    missed: list[tuple[int, int, Record, Record]]  # hand pairs (may_rec, nov_rec) the diff does not make

    def line(self) -> str:
        recall = self.units_found / self.units if self.units else 1.0
        pair_recall = self.pairs_found / self.pairs if self.pairs else 1.0
        precision = 1 - len(self.wrong) / self.predicted if self.predicted else 1.0
        return (f"pillar {self.pillar}: unit recall {recall:.1%} ({self.units_found} of {self.units} May records), "
                f"pair recall {pair_recall:.1%} ({self.pairs_found} of {self.pairs}), pair precision {precision:.1%} "
                f"({len(self.wrong)} wrong of {self.predicted} pairs) against {ALIGNMENT}")


def score_pillars(result: DiffResult, reference: Path) -> list[PillarScore]:
    """One score per pillar of the hand alignment (see the module docstring)."""
    may = reference_records(reference, "2016-05")
    nov = reference_records(reference, "2016-11")
    may_at = find_all(may, result.old)
    nov_at = find_all(nov, result.new)
    with open(reference / ALIGNMENT, newline="", encoding="utf-8") as f:
        hand = [(int(row["may_rec"]), int(row["nov_rec"])) for row in csv.DictReader(f) if row["relation"] in PAIRED]
    made = {(id(p.old), id(p.new)) for p in result.pairs if p.old is not None and p.new is not None}
    right = {(id(may_at[m - 1]), id(nov_at[n - 1])) for m, n in hand}
    ours_old = {id(r) for r in may_at if r is not None}
    ours_new = {id(r) for r in nov_at if r is not None}
    scores = []
    for pillar in PILLARS:
        pairs = [(m, n) for m, n in hand if may[m - 1]["pillar"] == pillar]
        held = [(m, n) for m, n in pairs if may_at[m - 1] is not None and nov_at[n - 1] is not None]
        missed = [(m, n, may_at[m - 1], nov_at[n - 1]) for m, n in held
                  if (id(may_at[m - 1]), id(nov_at[n - 1])) not in made]
        lost = {(m, n) for m, n, _, _ in missed}
        units = sorted({m for m, _ in pairs})
        units_found = [m for m in units if all((m, n) in held and (m, n) not in lost for mm, n in pairs if mm == m)]
        predicted = [p for p in result.pairs if p.old is not None and p.new is not None and p.old.pillar == pillar
                     and id(p.old) in ours_old and id(p.new) in ours_new]
        wrong = [(p.old, p.new) for p in predicted if (id(p.old), id(p.new)) not in right]
        scores.append(PillarScore(pillar, len(units), len(units_found), len(held), len(held) - len(missed),
                                  len(predicted), wrong, missed))  # type: ignore[arg-type]
    return scores
