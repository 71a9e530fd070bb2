"""Counts of a diff: what became of each pillar's records, and each body's gains and losses as lead.

Computed from one `DiffResult` (normalize/align.py), so the workbook, the Markdown minutes and any
other rendering show the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tipmatrix.bodies import registry
from tipmatrix.normalize.align import ADDED, DROPPED, FLAGS, REWORDED, UNCHANGED, DiffResult, Pair, pairs_by_record


@dataclass(frozen=True)
class PillarCounts:
    """What became of one pillar's old records (each counted once) and how many new ones were added."""

    pillar: str
    old: int
    unchanged: int
    reworded: int
    dropped: int
    new: int
    added: int
    flags: dict[str, int]


@dataclass(frozen=True)
class BodyLeads:
    """One body as lead: its activities in each draft, and what it gained and lost between them."""

    code: str
    led_old: int
    led_new: int
    gained: int  # new records it leads whose old counterparts it did not lead
    lost: int  # old records it led whose new counterparts it does not lead
    added: int  # new records it leads that have no old counterpart
    dropped: int  # old records it led that have no new counterpart


def fate(pairs: Sequence[Pair]) -> str:
    """What became of one old record over all its rows: unchanged beats reworded beats dropped."""
    changes = {p.change for p in pairs}
    for change in (UNCHANGED, REWORDED):
        if change in changes:
            return change
    return DROPPED


def pillar_counts(result: DiffResult) -> list[PillarCounts]:
    """Per pillar (the old record's pillar; the new one's for an added record), then a total row."""
    by_old, by_new = pairs_by_record(result)
    pillars = sorted({r.pillar for r in result.old} | {r.pillar for r in result.new})
    rows = []
    for pillar in [*pillars, ""]:
        olds = [r for r in result.old if pillar in ("", r.pillar)]
        news = [r for r in result.new if pillar in ("", r.pillar)]
        fates = [fate(by_old[id(r)]) for r in olds]
        flags = {
            name: sum(1 for r in olds if any(name in p.flags for p in by_old[id(r)]))
            for name in FLAGS
        }
        rows.append(
            PillarCounts(
                pillar=pillar or "all",
                old=len(olds),
                unchanged=fates.count(UNCHANGED),
                reworded=fates.count(REWORDED),
                dropped=fates.count(DROPPED),
                new=len(news),
                added=sum(1 for r in news if by_new[id(r)][0].change == ADDED),
                flags=flags,
            )
        )
    return rows


def body_leads(result: DiffResult) -> list[BodyLeads]:
    """Per body that leads anything in either draft (registry order first), its gains and losses as lead."""
    by_old, by_new = pairs_by_record(result)
    seen = [c for rec in (*result.old, *result.new) for c in rec.lead]
    order = [b.code for b in registry() if b.code in seen] + sorted(set(seen) - {b.code for b in registry()})
    out = []
    for code in order:
        led_old = [r for r in result.old if code in r.lead]
        led_new = [r for r in result.new if code in r.lead]
        old_counterparts = {id(r): [p.new for p in by_old[id(r)] if p.new is not None] for r in led_old}
        new_counterparts = {id(r): [p.old for p in by_new[id(r)] if p.old is not None] for r in led_new}
        out.append(
            BodyLeads(
                code=code,
                led_old=len(led_old),
                led_new=len(led_new),
                gained=sum(1 for olds in new_counterparts.values() if olds and all(code not in o.lead for o in olds)),
                lost=sum(1 for news in old_counterparts.values() if news and all(code not in n.lead for n in news)),
                added=sum(1 for olds in new_counterparts.values() if not olds),
                dropped=sum(1 for news in old_counterparts.values() if not news),
            )
        )
    return out
