"""The provision-text figure of `make score`, over all four pillars of a records.csv: the share of
records whose provision_text is their own draft's whole text in the registry
(normalize/provisions.csv), and how many of them the registry completed: from another draft's
printing (the rendition clipped theirs), or from their own lines (an echo printed twice).

usage: python tests/provision_figure.py RECORDS.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from tipmatrix.normalize.provisions import load_registry


def figure(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    whole = {(p.draft, p.text) for p in load_registry()}
    records = [r for r in rows if r["provision_text"]]
    registered = sum((r["draft"], r["provision_text"]) in whole for r in records)
    completed = [f for r in records for f in r["flags"].split("; ") if f.startswith("provision-completed")]
    # the flag ends "whole text of KEY from OWN-LINES [OTHER-DRAFT-LINES]"
    elsewhere = sum(len(f.rpartition(" from ")[2].split()) > 1 for f in completed)
    share = registered / max(len(records), 1)
    return (f"provision-text whole {share:.0%} ({registered} of {len(records)} records, all pillars, in their own"
            f" draft's words; {elsewhere} completed from another printing, {len(completed) - elsewhere} from their"
            " own lines)")


if __name__ == "__main__":
    print(figure(Path(sys.argv[1])))
