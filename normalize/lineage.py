"""Each item's lineage across every draft: chains of records matched across consecutive drafts.

Built from the pairwise `DiffResult`s of `normalize/align.py` (draft 1 -> 2, 2 -> 3, ...), nothing
is scored again. A chain is a path through the matched pairs: it starts at a record of the first
draft, or at a record its draft added (no counterpart in the draft before), and goes on while each
record has a counterpart in the next draft; a record with none ends it (dropped). A split (one
record, several in the next draft) or a merge (several records, one in the next draft) branches:
each path is a chain of its own, so a record may stand in several chains, never in none.

For each draft a chain records the record (or none) and the change from the draft before, in the
vocabulary `CHANGES`; several at once are joined by "; " ("reworded; lead-changed").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tipmatrix.model import LIST_SEPARATOR, Record
from tipmatrix.normalize.align import (
    ADDED,
    LEAD_CHANGED,
    MERGED,
    MOVED,
    PROVISION_REWORDED,
    REWORDED,
    SPLIT,
    UNCHANGED,
    DiffResult,
    Pair,
)

# The change of a record from the draft before, as `<draft>_change` spells it. "added": the chain
# starts in this draft; "" where the chain has no record in the draft (or in the first draft,
# which has no draft before it).
CHANGES: tuple[str, ...] = (UNCHANGED, REWORDED, MOVED, LEAD_CHANGED, SPLIT, MERGED, PROVISION_REWORDED, ADDED)
# Diff flags that are lineage changes too, in the order they are listed after the text change.
_FLAG_CHANGES = (MOVED, LEAD_CHANGED, SPLIT, MERGED, PROVISION_REWORDED)


@dataclass(frozen=True)
class Step:
    """One draft of a chain: its record there (None when the chain has none) and its change."""

    record: Record | None = None
    change: str = ""
    pair: Pair | None = None  # the diff row that led here from the draft before


@dataclass(frozen=True)
class Chain:
    steps: tuple[Step, ...]  # one per draft, in manifest order

    @property
    def first(self) -> int:
        return next(i for i, s in enumerate(self.steps) if s.record is not None)

    @property
    def last(self) -> int:
        return max(i for i, s in enumerate(self.steps) if s.record is not None)


@dataclass(frozen=True)
class Lineage:
    drafts: tuple[str, ...]
    chains: tuple[Chain, ...]
    records: tuple[tuple[Record, ...], ...]  # each draft's records, in source order


def change_of(pair: Pair) -> str:
    """A matched diff row as a lineage change: the text change unless a flag says more."""
    flags = [f for f in _FLAG_CHANGES if f in pair.flags]
    if flags:
        return LIST_SEPARATOR.join(([REWORDED] if pair.change == REWORDED else []) + flags)
    return pair.change


def _links(diffs: Sequence[DiffResult]) -> list[dict[int, list[Pair]]]:
    """Per step, each old record's matched rows (by the record's id()), in diff order."""
    out = []
    for diff in diffs:
        forward: dict[int, list[Pair]] = {}
        for pair in diff.pairs:
            if pair.old is not None and pair.new is not None:
                forward.setdefault(id(pair.old), []).append(pair)
        out.append(forward)
    return out


def build_lineage(drafts: Sequence[str], records: Sequence[Sequence[Record]],
                  diffs: Sequence[DiffResult]) -> Lineage:
    """Chains over `drafts` (manifest order) from their records and the diff of each consecutive
    pair (`diffs[k]` aligns draft k with draft k + 1)."""
    if len(diffs) != len(drafts) - 1 or len(records) != len(drafts):
        raise ValueError(f"{len(drafts)} drafts need {len(drafts) - 1} diffs and {len(drafts)} record lists")
    forward = _links(diffs)
    has_past = [{id(p.new) for p in d.pairs if p.old is not None and p.new is not None} for d in diffs]
    chains: list[Chain] = []
    for k, draft_records in enumerate(records):
        for rec in draft_records:
            if k > 0 and id(rec) in has_past[k - 1]:
                continue  # continues a chain that started earlier
            start = Step(rec, ADDED if k > 0 else "")
            for path in _paths(start, k, forward):
                steps = [Step()] * k + path
                chains.append(Chain(tuple(steps + [Step()] * (len(drafts) - len(steps)))))
    return Lineage(tuple(drafts), tuple(chains), tuple(tuple(r) for r in records))


def _paths(step: Step, k: int, forward: list[dict[int, list[Pair]]]) -> list[list[Step]]:
    """Every path from `step` (a record of draft k) forward through the matched pairs."""
    pairs = forward[k].get(id(step.record), []) if k < len(forward) else []
    if not pairs:
        return [[step]]
    return [[step, *rest] for pair in pairs for rest in _paths(Step(pair.new, change_of(pair), pair), k + 1, forward)]


@dataclass(frozen=True)
class Survival:
    """Items of the first draft (each record once) and how many reach the last draft."""

    key: str
    first: int
    survived: int

    @property
    def dropped(self) -> int:
        return self.first - self.survived


def _first_records(lineage: Lineage) -> list[tuple[Record, bool]]:
    """Each record of the first draft once, with whether some chain from it reaches the last draft."""
    last = len(lineage.drafts) - 1
    reaches: dict[int, bool] = {}
    for chain in lineage.chains:
        rec = chain.steps[0].record
        if rec is not None:
            reaches[id(rec)] = reaches.get(id(rec), False) or chain.last == last
    return [(rec, reaches.get(id(rec), False)) for rec in lineage.records[0]] if lineage.records else []


def survival_by_pillar(lineage: Lineage) -> list[Survival]:
    counts: dict[str, list[int]] = {}
    for rec, survived in _first_records(lineage):
        c = counts.setdefault(rec.pillar, [0, 0])
        c[0] += 1
        c[1] += survived
    return [Survival(k, *counts[k]) for k in sorted(counts)]


def survival_by_lead(lineage: Lineage) -> list[Survival]:
    """Per lead body of the first draft's records (a record with two leads counts for each; one
    with none under "(no lead)")."""
    counts: dict[str, list[int]] = {}
    for rec, survived in _first_records(lineage):
        for lead in rec.lead or ("(no lead)",):
            c = counts.setdefault(lead, [0, 0])
            c[0] += 1
            c[1] += survived
    return [Survival(k, *counts[k]) for k in sorted(counts)]
