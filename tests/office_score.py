"""Extracted records scored against the expected records of an office-suite fixture.

The matching is the acceptance scorer's (/work/shared/reference/score.py): each expected record
takes the best extracted record of its draft by text (rapidfuzz token_set_ratio >= 85 counts as
found; ties go to an unused record in the same pillar and provision). The fields are checked more
strictly than there, because the fixture is clean: the activity text (ratio >= 90), pillar,
provision letter and opening words, area (November and later, ratio >= 90, so a list separator such as a
trailing ";" does not count) or category (May), and lead and cooperating body codes exactly (ACMW is
not counted as SLOM).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from tipmatrix.model import Record

FIELDS = ("activity", "pillar", "provision", "area_or_category", "lead", "cooperating")


def norm(text: str) -> str:
    text = (text or "").replace("\u00ad", "")
    text = re.sub(r"^[\s\-–—•*·\u2022\uf0b7]+", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def load_expected(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(activity: str, area: str) -> str:
    return norm(activity) or norm(area)


def _provision_words(text: str) -> str:
    return " ".join(norm(text).split()[:8])


@dataclass
class Score:
    expected: int
    found: int = 0
    strict: int = 0  # found at the same granularity: the whole text alike (ratio >= 85), not a part or a merge
    exact: int = 0  # found with the activity text equal after folding case, spaces and a leading list marker
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)
    wrong: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (expected text, wrong fields)
    extra: list[str] = field(default_factory=list)  # extracted records that match no expected record

    @property
    def found_share(self) -> float:
        return self.found / self.expected

    @property
    def fields_share(self) -> float:
        return sum(self.field_hits.values()) / max(self.found * len(FIELDS), 1)

    def figures(self) -> str:
        """The acceptance figures: found, same granularity, activity exact and each field, as shares."""
        hits = self.field_hits
        share = [f"found {self.found_share:.1%}", f"same granularity {self.strict / self.expected:.1%}",
                 f"activity exact {self.exact / max(self.found, 1):.1%}"]
        share += [f"{name} {hits[name] / max(self.found, 1):.1%}"
                  for name in ("pillar", "provision", "area_or_category", "lead", "cooperating")]
        return ", ".join(share)

    def summary(self) -> str:
        per_field = ", ".join(f"{k} {v}/{self.found}" for k, v in self.field_hits.items())
        return (f"found {self.found}/{self.expected} ({self.found_share:.1%}), fields {self.fields_share:.1%}"
                f" ({per_field}), extra {len(self.extra)}")


def _checks(want: dict, got: Record) -> dict[str, bool]:
    area_or_category = (got.category == want["category"] if want["draft"] == "2016-05"
                        else fuzz.ratio(norm(got.area), norm(want["area"])) >= 90)
    return {
        "activity": fuzz.ratio(norm(want["activity"]), norm(got.activity)) >= 90,
        "pillar": got.pillar == want["pillar"],
        "provision": got.provision == want["provision_letter"]
        and fuzz.ratio(_provision_words(want["provision_text"]), _provision_words(got.provision_text)) >= 80,
        "area_or_category": area_or_category,
        "lead": tuple(got.lead) == tuple(want["lead"]),
        "cooperating": tuple(got.cooperating) == tuple(want["cooperating"]),
    }


def score(expected: list[dict], records: list[Record]) -> Score:
    """Every expected record matched to its best extracted record, and each field compared. The scores of
    every pair are computed at once (rapidfuzz's cdist, the same scorers in C, float64 as a single call
    gives them), then each expected record takes its best by the same ranking as one pair at a time."""
    keys = [_key(r.activity, r.area) for r in records]
    provisions = [_provision_words(r.provision_text) for r in records]  # once each, not once a pair
    expected_keys = [_key(w["activity"], w["area"]) for w in expected]
    want_provisions = [_provision_words(w["provision_text"]) for w in expected]
    result = Score(len(expected))
    if not records or not expected:
        result.misses = [wk[:80] for wk in expected_keys]
        result.extra = [gk[:80] for gk in keys if gk] if expected else []
        return result
    token_set = process.cdist(expected_keys, keys, scorer=fuzz.token_set_ratio, dtype=np.float64).tolist()
    ratio = process.cdist(expected_keys, keys, scorer=fuzz.ratio, dtype=np.float64).tolist()
    provision_ratio = process.cdist(want_provisions, provisions, scorer=fuzz.ratio, dtype=np.float64).tolist()
    used: set[int] = set()
    for w, (want, wk) in enumerate(zip(expected, expected_keys, strict=True)):
        best, best_i, best_rank = -1.0, -1, None
        for i, (got, gk) in enumerate(zip(records, keys, strict=True)):
            if not gk:
                continue
            s = token_set[w][i]
            rank = (min(s, 85), ratio[w][i], i not in used, got.pillar == want["pillar"], provision_ratio[w][i])
            if best_rank is None or rank > best_rank:
                best, best_i, best_rank = s, i, rank
        if best < 85:
            result.misses.append(wk[:80])
            continue
        result.found += 1
        result.strict += ratio[w][best_i] >= 85
        result.exact += wk == keys[best_i]
        used.add(best_i)
        checks = _checks(want, records[best_i])
        for name, hit in checks.items():
            result.field_hits[name] += hit
        if not all(checks.values()):
            result.wrong.append((wk[:80], tuple(n for n, hit in checks.items() if not hit)))
    result.extra = [gk[:80] for i, gk in enumerate(keys)
                    if gk and max(token_set[w][i] for w in range(len(expected))) < 85]
    return result


def main(argv: list[str] | None = None) -> int:
    """`python tests/office_score.py [FILE...]`: each office fixture (.docx or .pdf; by default both
    PDFs) read by the pipeline and scored against the expected records of its draft (may-* 2016-05,
    nov-* 2016-11), one line each."""
    import sys

    from tipmatrix.pipeline import source_records

    here = Path(__file__).parent / "fixtures" / "office"
    names = sys.argv[1:] if argv is None else argv
    for name in names or [str(here / "may-2016.pdf"), str(here / "nov-2016.pdf")]:
        path = Path(name)
        draft = "2016-05" if path.name.startswith("may") else "2016-11"
        extraction = source_records(path, draft)
        result = score(load_expected(here / f"expected-{draft}.jsonl"), list(extraction.records))
        print(f"{path.name}: {result.figures()}, {extraction.counts()['unassigned']} unassigned")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
