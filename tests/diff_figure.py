"""The diff figures of `make score`: unit recall and pair precision of the May-November alignment
against the hand alignment (tests/fixtures/diff-2016-05_vs_2016-11-gold.csv, scored by diff_gold),
then against the hand alignment of pillars A and B in the reference folder, one line per pillar
(diff_reference); with --pairs N, the N least similar pairs too, to check by hand, and with
--misses the reference pairs missed and made wrongly.

usage: python tests/diff_figure.py [--reference DIR] [--pairs N] [--misses]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent)]

from diff_gold import load_gold, score  # noqa: E402
from diff_reference import score_pillars  # noqa: E402
from export_helpers import real_extraction  # noqa: E402

from tipmatrix.normalize.align import align  # noqa: E402

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def main(argv: list[str]) -> int:
    result = align(real_extraction("2016-05").records, real_extraction("2016-11").records)
    gold = score(result, load_gold())
    pairs = [p for p in result.pairs if p.old is not None and p.new is not None]
    print(f"diff 2016-05 vs 2016-11: unit recall {gold.recall:.1%} ({len(gold.missed)} missed), pair precision "
          f"{gold.precision:.1%} ({len(gold.wrong)} wrong of {len(pairs)} pairs) against the hand alignment")
    reference = Path(argv[argv.index("--reference") + 1]) if "--reference" in argv else REFERENCE
    if not (reference / "CONVENTIONS.md").is_file():
        print(f"diff_figure: {reference} holds no reference (CONVENTIONS.md); give --reference DIR", file=sys.stderr)
        return 1
    for pillar in score_pillars(result, reference):
        print(pillar.line())
        if "--misses" in argv:
            for m, n, o, new in pillar.missed:
                print(f"  missed: May {m} -> November {n}: {o.record_id} -> {new.record_id}: {o.text[:60]!r} -> "
                      f"{new.text[:60]!r}")
            for o, n in pillar.wrong:
                print(f"  wrong: {o.record_id} -> {n.record_id}: {o.text[:60]!r} -> {n.text[:60]!r}")
    if "--pairs" in argv:
        n = int(argv[argv.index("--pairs") + 1])
        for p in sorted(pairs, key=lambda p: (p.similarity, p.old.record_id, p.new.record_id))[:n]:
            print(f"{p.similarity:5.1f}  {p.old.record_id} -> {p.new.record_id}  [{', '.join(p.flags)}]")
            print(f"       old: {p.old.text[:110]}")
            print(f"       new: {(p.compared or p.new.text)[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
