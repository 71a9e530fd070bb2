"""The provision-text figure of `make score`, over all four pillars of a records.csv: the share of
records whose provision_text is a whole text of the registry (normalize/provisions.csv).

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
    whole = {p.text for p in load_registry()}
    records = [r for r in rows if r["provision_text"]]
    registered = sum(r["provision_text"] in whole for r in records)
    completed = sum("provision-completed" in r["flags"] for r in records)
    share = registered / max(len(records), 1)
    return (f"provision-text whole {share:.0%} ({registered} of {len(records)} records, all pillars; "
            f"{completed} completed from another printing)")


if __name__ == "__main__":
    print(figure(Path(sys.argv[1])))
