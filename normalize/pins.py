"""A rapporteur's decisions on the draft diff: pairs pinned and pairs forbidden.

`normalize/alignment/<old>_vs_<new>.csv` (written by `tipmatrix review import` from the diff
workbook's Review column, or by hand) holds one decision per row:

    old_record_id,new_record_id,decision,reason

- `pin`: the two records are one activity; they are paired before the aligner's own passes, which
  then run on the other records only (several pins of one record are a split or a merge);
- `forbid`: the pair is wrong; it is removed from what the aligner found, and a record left with no
  pair is dropped (old) or added (new), flagged `unpaired`;
- `reason`: who decided, when, and where (required).

A row naming a record id that is not in the draft stops the run, naming the file and line, as a
stale correction does: ids change when a record's text or place does, and the decision must then
be taken again.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tipmatrix.errors import FileRow, InputError
from tipmatrix.model import Record
from tipmatrix.normalize.align import (
    ADDED,
    ALIGN,
    DROPPED,
    MERGED,
    REVIEW,
    SPLIT,
    AlignSettings,
    DiffResult,
    Link,
    Pair,
    align,
    classify,
    content_key,
    diff_result,
    similarity_matrix,
    unmatched_flags,
)
from tipmatrix.normalize.apply_corrections import read_curated

ALIGNMENT_DIR = Path(__file__).with_name("alignment")
HEADER = ("old_record_id", "new_record_id", "decision", "reason")
PIN, FORBID = "pin", "forbid"
DECISIONS = (PIN, FORBID)
# flags of the diff rows a decision made
PINNED, UNPAIRED = "pinned", "unpaired"


@dataclass(frozen=True)
class Decision(FileRow):
    """One row of an alignment file."""

    old_id: str
    new_id: str
    decision: str
    reason: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.old_id, self.new_id)


def alignment_file(old_draft: str, new_draft: str, directory: Path | None = None) -> Path:
    return (directory or ALIGNMENT_DIR) / f"{old_draft}_vs_{new_draft}.csv"


def parse_decisions(text: str, path: str) -> tuple[Decision, ...]:
    """The rows of an alignment file, each checked on its own and against the rows before it."""
    out: list[Decision] = []
    seen: dict[tuple[str, str], Decision] = {}
    header_seen = False
    for line, row in enumerate(csv.reader(io.StringIO(text.removeprefix("\ufeff"))), start=1):
        cells = tuple(cell.strip() for cell in row)
        if not any(cells):
            continue
        if not header_seen:
            if cells != HEADER:
                raise InputError(path, f"line {line}: the header must be {','.join(HEADER)}")
            header_seen = True
            continue
        if len(cells) != len(HEADER):
            raise InputError(path, f"line {line}: {len(cells)} columns, expected {len(HEADER)} ({','.join(HEADER)})")
        entry = Decision(path, line, *cells)
        if not entry.old_id or not entry.new_id:
            raise entry.error("give both record ids")
        if entry.decision not in DECISIONS:
            raise entry.error(f"decision {entry.decision!r} is not one of {', '.join(DECISIONS)}")
        if not entry.reason:
            raise entry.error("no reason; say who decided, when and why")
        if entry.key in seen:
            raise entry.error(
                f"the pair {entry.old_id} / {entry.new_id} is decided already on line {seen[entry.key].line}"
            )
        seen[entry.key] = entry
        out.append(entry)
    return tuple(out)


def load_decisions(old_draft: str, new_draft: str, directory: Path | None = None) -> tuple[Decision, ...]:
    """The decisions on the diff of two drafts; none when there is no file."""
    path = alignment_file(old_draft, new_draft, directory)
    text = read_curated(path, "alignment")
    return parse_decisions(text, str(path)) if text is not None else ()


def check_decisions(decisions: Sequence[Decision], old: Sequence[Record], new: Sequence[Record]) -> None:
    """Every id must name a record of its draft: a stale decision stops the run."""
    sides = [({r.record_id for r in records}, records[0].draft if records else side)
             for records, side in ((old, "old"), (new, "new"))]
    for d in decisions:
        for rid, (known, draft) in zip((d.old_id, d.new_id), sides):
            if rid not in known:
                raise d.error(
                    f"stale: no record {rid!r} in draft {draft} (its text or place changed since the decision); "
                    "look the pair up in out/diff/ again, then fix or delete the row"
                )


def _pinned_pairs(
    pins: Sequence[tuple[int, int]], old: Sequence[Record], new: Sequence[Record], settings: AlignSettings
) -> list[tuple[tuple, Pair]]:
    """Each pinned pair classified as the aligner would, but without `review` (a person decided)."""
    per_old = Counter(i for i, _ in pins)
    per_new = Counter(j for _, j in pins)
    rows = []
    for i, j in pins:
        score = float(similarity_matrix([content_key(old[i].text)], [content_key(new[j].text)], settings)[0, 0])
        link = Link(i, j, score, old[i].text, new[j].text)
        pair = classify(link, old[i], new[j], per_old[i] > 1, per_new[j] > 1, settings)
        flags = tuple(f for f in pair.flags if f != REVIEW) + (PINNED,)
        rows.append(((old[i].pillar, 0, i, j), dataclasses.replace(pair, flags=flags)))
    return rows


def _unpair(pairs: Sequence[Pair], forbidden: set[tuple[str, str]]) -> list[Pair]:
    """The aligner's pairs without the forbidden ones; a record left alone becomes dropped or added."""
    kept = [p for p in pairs if not (p.old and p.new and (p.old.record_id, p.new.record_id) in forbidden)]
    per_old = Counter(id(p.old) for p in kept if p.old is not None)
    per_new = Counter(id(p.new) for p in kept if p.new is not None)
    out = []
    for p in kept:
        drop = {SPLIT} if p.old is not None and p.new is not None and per_old[id(p.old)] < 2 else set()
        drop |= {MERGED} if p.old is not None and p.new is not None and per_new[id(p.new)] < 2 else set()
        out.append(dataclasses.replace(p, flags=tuple(f for f in p.flags if f not in drop)) if drop else p)
    for p in pairs:
        if p in kept:
            continue
        if p.old is not None and per_old[id(p.old)] == 0:  # a forbidden pair: both sides set
            per_old[id(p.old)] += 1
            out.append(Pair(DROPPED, (UNPAIRED, *unmatched_flags(p.old)), None, p.old, None))
        if p.new is not None and per_new[id(p.new)] == 0:
            per_new[id(p.new)] += 1
            out.append(Pair(ADDED, (UNPAIRED, *unmatched_flags(p.new)), None, None, p.new))
    return out


def align_decided(
    old: Sequence[Record], new: Sequence[Record], decisions: Sequence[Decision], settings: AlignSettings = ALIGN
) -> DiffResult:
    """`align` with a rapporteur's decisions: pinned pairs first, the aligner on the rest, then
    forbidden pairs undone. Same result shape and row order as `align`."""
    old, new = tuple(old), tuple(new)
    check_decisions(decisions, old, new)
    old_at = {r.record_id: i for i, r in enumerate(old)}
    new_at = {r.record_id: j for j, r in enumerate(new)}
    pins = [(old_at[d.old_id], new_at[d.new_id]) for d in decisions if d.decision == PIN]
    forbidden = {d.key for d in decisions if d.decision == FORBID}
    pinned_old, pinned_new = {i for i, _ in pins}, {j for _, j in pins}
    rest = align([r for i, r in enumerate(old) if i not in pinned_old],
                 [r for j, r in enumerate(new) if j not in pinned_new], settings)
    old_pos = {id(r): i for i, r in enumerate(old)}
    new_pos = {id(r): j for j, r in enumerate(new)}
    rows = _pinned_pairs(pins, old, new, settings)
    for p in _unpair(rest.pairs, forbidden):
        if p.old is not None:
            key = (p.old.pillar, 0, old_pos[id(p.old)], new_pos[id(p.new)] if p.new is not None else -1)
        else:
            assert p.new is not None, "a pair has an old or a new record"
            key = (p.new.pillar, 1, new_pos[id(p.new)], -1)
        rows.append((key, p))
    return diff_result(old, new, rows)
