"""Generated documents read through the project and scored against their records.

The matching is the acceptance scorer's (shared/reference/score.py): each expected record takes the
best extracted record by text (rapidfuzz token_set_ratio >= 85 counts as found; ties go to an unused
record in the same pillar and provision). Then, as there: pillar; provision (its first eight words alike,
ratio >= 80, or the same letter); and, as the office fixtures are scored (tests/office_score.py): the
area (November way, ratio >= 90) or category (May way); the activity (ratio >= 90); lead and cooperating
as sets of body codes. An invented body is a found record showing bodies where its row prints none; an
unassigned line is one the reader neither used nor called boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from corpus.generate import Spec
from tipmatrix.errors import InputError
from tipmatrix.model import Record
from tipmatrix.textfold import squash_spaces

FIELDS = ("pillar", "provision", "area/category", "activity", "lead", "cooperating")


LEADING_MARKS = re.compile(r"^[\s\-–—•*·\u2022\uf0b7]+")


def norm(text: str) -> str:
    text = LEADING_MARKS.sub("", (text or "").replace("\u00ad", ""))
    return squash_spaces(text).lower()


def _words8(text: str) -> str:
    return " ".join(norm(text).split()[:8])


@dataclass
class Result:
    """The figures of one document, or of several added up."""

    documents: int = 0
    refused: int = 0
    expected: int = 0
    found: int = 0
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    invented: int = 0
    unassigned: int = 0
    extra: int = 0  # extracted records that match no expected record
    problems: list[str] = field(default_factory=list)  # what went wrong, for -v

    def add(self, other: Result) -> None:
        self.documents += other.documents
        self.refused += other.refused
        self.expected += other.expected
        self.found += other.found
        for name in FIELDS:
            self.hits[name] += other.hits[name]
        self.invented += other.invented
        self.unassigned += other.unassigned
        self.extra += other.extra

    def share(self, name: str) -> float:
        return self.hits[name] / max(self.found, 1)

    @property
    def found_share(self) -> float:
        return self.found / max(self.expected, 1)

    def perfect(self) -> bool:
        return (not self.refused and self.found == self.expected and all(v == self.found for v in self.hits.values())
                and not self.invented and not self.unassigned and not self.extra)

    def line(self) -> str:
        fields = ", ".join(f"{name} {self.share(name):.1%}" for name in FIELDS)
        return (f"{self.documents} documents ({self.refused} refused): found {self.found}/{self.expected}"
                f" ({self.found_share:.1%}); {fields}; invented bodies {self.invented}; unassigned lines"
                f" {self.unassigned}; extra records {self.extra}")


def _checks(want: dict, got: Record) -> dict[str, bool]:
    if want["category"] or not want["area"]:
        area_or_category = got.category == want["category"]
    else:
        area_or_category = fuzz.ratio(norm(got.area), norm(want["area"])) >= 90
    return {
        "pillar": got.pillar == want["pillar"],
        "provision": fuzz.ratio(_words8(want["provision_text"]), _words8(got.provision_text)) >= 80
        or got.provision.strip().upper() == want["provision"],
        "area/category": area_or_category,
        "activity": fuzz.ratio(norm(want["activity"]), norm(got.activity)) >= 90,
        "lead": set(got.lead) == set(want["lead"]),
        "cooperating": set(got.cooperating) == set(want["cooperating"]),
    }


def _best(want: dict, records: list[Record], keys: list[str], used: set[int]) -> int | None:
    """The index of the extracted record that holds `want`'s text (token_set_ratio >= 85) and is closest
    as a whole; ties go to an unused record, then one in the same pillar and provision. None: missed."""
    wk = norm(want["activity"])

    def rank(i: int) -> tuple:
        return (min(fuzz.token_set_ratio(wk, keys[i]), 85), fuzz.ratio(wk, keys[i]), i not in used,
                records[i].pillar == want["pillar"],
                fuzz.ratio(_words8(want["provision_text"]), _words8(records[i].provision_text)))

    best = max((i for i, key in enumerate(keys) if key), key=rank, default=None)
    return best if best is not None and fuzz.token_set_ratio(wk, keys[best]) >= 85 else None


def score(expected: list[dict], records: Iterable[Record]) -> Result:
    """Every expected record matched to its best extracted record, and each field compared."""
    records = list(records)
    keys = [norm(r.activity) or norm(r.area) for r in records]
    result = Result(documents=1, expected=len(expected))
    used: set[int] = set()
    for want in expected:
        wk = norm(want["activity"])
        best_i = _best(want, records, keys, used)
        if best_i is None:
            result.problems.append(f"missed: {wk[:70]!r}")
            continue
        result.found += 1
        used.add(best_i)
        got = records[best_i]
        checks = _checks(want, got)
        for name, hit in checks.items():
            result.hits[name] += hit
        wrong = [name for name, hit in checks.items() if not hit]
        if wrong:
            shown = {"pillar": got.pillar, "provision": f"{got.provision}. {got.provision_text[:30]}",
                     "area/category": got.area[:40] or got.category, "activity": got.activity[:50],
                     "lead": "/".join(got.lead), "cooperating": "/".join(got.cooperating)}
            result.problems.append(f"wrong {', '.join(f'{n} (read {shown[n]!r})' for n in wrong)}: {wk[:50]!r}")
        if not want["lead"] and (got.lead or got.cooperating or got.bodies_raw):
            result.invented += 1
            result.problems.append(f"invented bodies {got.bodies_raw!r}: {wk[:50]!r}")
    expected_keys = [norm(w["activity"]) for w in expected]
    for gk in keys:
        if gk and max((fuzz.token_set_ratio(gk, wk) for wk in expected_keys), default=0) < 85:
            result.extra += 1
            result.problems.append(f"extra record: {gk[:70]!r}")
    return result


def read_and_score(path: Path, expected: list[dict]) -> Result:
    """The document read as `tipmatrix records` reads one file (tipmatrix.read_source), and scored."""
    from tipmatrix.api import read_source

    try:
        extraction = read_source(path, draft="corpus")
    except InputError as exc:
        return Result(documents=1, refused=1, expected=len(expected), problems=[f"refused: {exc}"])
    result = score(expected, extraction.records)
    result.unassigned = extraction.counts()["unassigned"]
    if result.unassigned:
        lines = [c for c in extraction.coverage if c.status == "unassigned"]
        result.problems += [f"unassigned line {c.line}: {c.text[:60]!r}" for c in lines[:3]]
    return result


def report(results: list[tuple[Spec, Result]]) -> list[str]:
    """The figures overall, then per format, per assembler and per variant, one line each."""
    lines = []
    total = Result()
    for _, r in results:
        total.add(r)
    lines.append(f"overall: {total.line()}")
    known, other = Result(), Result()
    for spec, r in results:
        (other if spec.departures() else known).add(r)
    lines.append(f"printed as the 2016 drafts: {known.line()}")
    lines.append(f"other column orders, label styles or pillar headings: {other.line()}")
    dimensions = list(results[0][0].variants()) if results else []
    for dimension in dimensions:
        groups: dict[str, Result] = {}
        for spec, r in results:
            groups.setdefault(spec.variants()[dimension], Result()).add(r)
        for value, r in sorted(groups.items()):
            lines.append(f"{dimension} {value}: {r.line()}")
    return lines
