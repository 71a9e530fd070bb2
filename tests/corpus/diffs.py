"""`python -m corpus.diffs` (with tests/ and the checkout on the path; `make diff-corpus N=...`): draw N
later drafts (`corpus.drafts`), align each with its old draft (`normalize/align.py` `align`, as it is)
and score the pairs it makes against the pairs the generator made, per seed (-v) and overall.

- unit recall: an old record that has a counterpart is found when at least one of its true pairs is made;
- pair recall and pair precision: over the (old, new) pairs, as diff_reference scores the hand alignment;
- kept-pair recall: the pairs of records kept (word for word, edited, reworded, moved);
- recall per operation (pairs), and where the wrong pairs come from (the old record's operation, and
  whether the new record was added).

--misses lists, per operation, up to --examples missed pairs and wrong pairs with their texts.

--set NAME=VALUE aligns with one of `AlignSettings` changed, for a trial on the side (the thresholds are
tuned on the two 2016 drafts; `make score` must not get worse).

usage: PYTHONPATH=.:tests python -m corpus.diffs [--n N] [--first SEED] [-v] [--misses] [--examples K]
       [--set NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from corpus.drafts import KEPT, OPERATIONS, Draft, later_draft
from tipmatrix.normalize.align import ALIGN, AlignSettings, DiffResult, align


@dataclass
class Score:
    """Counts over one or more drafts; the figures are ratios of them."""

    units: int = 0
    units_found: int = 0
    pairs: int = 0
    pairs_found: int = 0
    made: int = 0
    wrong: int = 0
    kept: int = 0
    kept_found: int = 0
    per_op: Counter = field(default_factory=Counter)  # op -> true pairs
    per_op_found: Counter = field(default_factory=Counter)
    wrong_from: Counter = field(default_factory=Counter)  # the old record's op (and "-> added" when the new one was)
    lead_changed: int = 0
    lead_changed_found: int = 0
    missed: list = field(default_factory=list)  # (op, draft, old index, new index)
    wrongs: list = field(default_factory=list)  # (op, draft, old index, new index)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(value, Counter):
                mine.update(value)
            elif isinstance(value, list):
                mine.extend(value)
            else:
                setattr(self, name, mine + value)

    @property
    def unit_recall(self) -> float:
        return self.units_found / self.units if self.units else 1.0

    @property
    def pair_recall(self) -> float:
        return self.pairs_found / self.pairs if self.pairs else 1.0

    @property
    def precision(self) -> float:
        return 1 - self.wrong / self.made if self.made else 1.0

    @property
    def kept_recall(self) -> float:
        return self.kept_found / self.kept if self.kept else 1.0

    def op_recall(self, op: str) -> float:
        return self.per_op_found[op] / self.per_op[op] if self.per_op[op] else 1.0


def made_pairs(draft: Draft, result: DiffResult) -> set[tuple[int, int]]:
    """The (old index, new index) pairs of the diff."""
    old_at = {id(r): i for i, r in enumerate(result.old)}
    new_at = {id(r): j for j, r in enumerate(result.new)}
    return {(old_at[id(p.old)], new_at[id(p.new)]) for p in result.pairs if p.old is not None and p.new is not None}


def score(draft: Draft, made: set[tuple[int, int]]) -> Score:
    s = Score()
    truth = draft.truth
    s.pairs, s.pairs_found = len(truth), len(truth & made)
    s.made, s.wrong = len(made), len(made - truth)
    units = {i for i, _ in truth}
    s.units = len(units)
    s.units_found = len({i for i, _ in truth & made})
    for i, j in sorted(truth):
        op = draft.ops[i]
        found = (i, j) in made
        s.per_op[op] += 1
        s.per_op_found[op] += found
        if op in KEPT:
            s.kept += 1
            s.kept_found += found
        if i in draft.lead_changed:
            s.lead_changed += 1
            s.lead_changed_found += found
        if not found:
            s.missed.append((op, draft, i, j))
    origin_of: dict[int, str] = {}
    for i, j in sorted(truth):
        origin_of.setdefault(j, draft.ops[i])
    for i, j in sorted(made - truth):
        origin = f"{draft.ops[i]} -> {'added' if j in draft.added else origin_of.get(j, '?')}"
        s.wrong_from[origin] += 1
        s.wrongs.append((draft.ops[i], draft, i, j))
    return s


def run(seeds: Iterable[int], settings: AlignSettings = ALIGN) -> list[tuple[Draft, Score]]:
    """Each seed's draft and its score (with the aligner's settings, or others for a trial)."""
    out = []
    for seed in seeds:
        draft = later_draft(seed)
        out.append((draft, score(draft, made_pairs(draft, align(draft.old, draft.new, settings)))))
    return out


def settings_of(assignments: Iterable[str]) -> AlignSettings:
    """The aligner's settings with NAME=VALUE changed (`--set attach=85`): a trial on the side."""
    changes = {}
    for assignment in assignments:
        name, _, value = assignment.partition("=")
        if name not in AlignSettings.__dataclass_fields__:
            raise SystemExit(f"corpus.diffs: --set {assignment}: AlignSettings has no {name!r}")
        changes[name] = type(getattr(ALIGN, name))(value)
    return replace(ALIGN, **changes)


def total(scores: Iterable[Score]) -> Score:
    whole = Score()
    for s in scores:
        whole.add(s)
    return whole


def report(results: list[tuple[Draft, Score]]) -> list[str]:
    """One line per figure, overall; then recall per operation and where the wrong pairs come from."""
    s = total(score for _, score in results)
    seeds = [d.seed for d, _ in results]
    span = f"seeds {min(seeds)}-{max(seeds)}" if seeds else "no seeds"
    worst = min(results, key=lambda ds: (ds[1].unit_recall, ds[0].seed)) if results else None
    lines = [
        f"diff corpus ({len(results)} generated later drafts, {span}): unit recall {s.unit_recall:.1%} "
        f"({s.units_found} of {s.units} old records with a counterpart)",
        f"diff corpus: pair recall {s.pair_recall:.1%} ({s.pairs_found} of {s.pairs} true pairs)",
        f"diff corpus: pair precision {s.precision:.1%} ({s.wrong} wrong of {s.made} pairs made)",
        f"diff corpus: kept-pair recall {s.kept_recall:.1%} ({s.kept_found} of {s.kept} pairs of records kept, "
        "edited, reworded or moved)",
        f"diff corpus: lead-changed pair recall "
        f"{s.lead_changed_found / s.lead_changed if s.lead_changed else 1.0:.1%} "
        f"({s.lead_changed_found} of {s.lead_changed})",
    ]
    for op in OPERATIONS:
        if s.per_op[op]:
            lines.append(f"diff corpus: {op} pair recall {s.op_recall(op):.1%} "
                         f"({s.per_op_found[op]} of {s.per_op[op]})")
    if worst is not None:
        lines.append(f"diff corpus: worst seed {worst[0].seed} ({worst[0].base}): unit recall "
                     f"{worst[1].unit_recall:.1%}, pair precision {worst[1].precision:.1%}")
    wrong = ", ".join(f"{origin} {n}" for origin, n in sorted(s.wrong_from.items(), key=lambda kv: (-kv[1], kv[0])))
    lines.append(f"diff corpus: wrong pairs (old record's operation -> new record's): {wrong or 'none'}")
    return lines


def seed_line(draft: Draft, s: Score) -> str:
    return (f"seed {draft.seed} ({draft.base}, {len(draft.old)} -> {len(draft.new)} records): unit recall "
            f"{s.unit_recall:.1%} ({s.units_found}/{s.units}), pair recall {s.pair_recall:.1%}, pair precision "
            f"{s.precision:.1%} ({s.wrong} wrong of {s.made}), kept-pair recall {s.kept_recall:.1%}")


def _show(kind: str, op: str, draft: Draft, i: int, j: int) -> list[str]:
    note = draft.notes.get(i, "")
    return [f"  {kind} [{op}{': ' + note if note else ''}] seed {draft.seed}: {draft.old[i].record_id} -> "
            f"{draft.new[j].record_id}{' (added)' if j in draft.added else ''}",
            f"      old: {draft.old[i].text[:110]}",
            f"      new: {(draft.new[j].text if not draft.new[j].activity else draft.new[j].activity)[:110]}"
            + (f"  [area: {draft.new[j].area[:60]}]" if draft.new[j].area else "")]


def misses(results: list[tuple[Draft, Score]], examples: int) -> list[str]:
    s = total(score for _, score in results)
    lines = []
    for op in OPERATIONS:
        missed = [m for m in s.missed if m[0] == op]
        if missed:
            lines.append(f"missed {op}: {len(missed)}")
            for m in missed[:examples]:
                lines.extend(_show("missed", *m))
    by_origin: dict[str, list] = {}
    for w in s.wrongs:
        by_origin.setdefault(w[0], []).append(w)
    for op, wrongs in sorted(by_origin.items()):
        lines.append(f"wrong pairs from {op} old records: {len(wrongs)}")
        for w in wrongs[:examples]:
            lines.extend(_show("wrong", *w))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.diffs", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="later drafts to generate (default 1000: about a minute)")
    parser.add_argument("--first", type=int, default=1, help="the first seed (default 1)")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per seed too")
    parser.add_argument("--misses", action="store_true", help="examples of the pairs missed and made wrongly")
    parser.add_argument("--examples", type=int, default=5, help="examples per operation with --misses (default 5)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a trial: align with this AlignSettings value changed (attach=85); repeatable")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(range(args.first, args.first + args.n), settings_of(args.set))
    if args.verbose:
        for draft, s in results:
            print(seed_line(draft, s))
    for line in report(results):
        print(line)
    if args.misses:
        for line in misses(results, args.examples):
            print(line)
    print(f"diff corpus: {args.n} drafts generated, aligned and scored in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
