"""records.csv and coverage.csv, rendered to bytes so the pipeline can write all or nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from tipmatrix.export.gc_paused import gc_paused
from tipmatrix.export.safety import neutralise, restore
from tipmatrix.model import COLUMNS, CoverageLine, Record, record_to_row, row_to_record

# A UTF-8 byte-order mark: without it Excel reads a CSV as the local code page and shows
# "•", "—" or Myanmar script as mojibake; pandas, Frictionless and csv readers with
# encoding="utf-8-sig" read it transparently.
BOM = "\ufeff"
COVERAGE_COLUMNS = ("line", "page", "status", "record_ids", "text")


def render_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """RFC 4180 CSV (CRLF, quotes where needed) in UTF-8 with a BOM, every cell neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(str(v)) for v in row])
    return (BOM + buf.getvalue()).encode("utf-8")


@gc_paused
def render_records(records: Iterable[Record], columns: Sequence[str] = COLUMNS) -> bytes:
    rows = (record_to_row(r) for r in records)
    return render_csv(columns, ([row[c] for c in columns] for row in rows))


@gc_paused
def render_coverage(coverage: Iterable[CoverageLine]) -> bytes:
    return render_csv(
        COVERAGE_COLUMNS,
        ([str(c.line), c.page, c.status, "; ".join(c.record_ids), c.text] for c in coverage),
    )


def read_records(data: bytes) -> list[Record]:
    """records.csv bytes back into records: the inverse of `render_records`."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [row_to_record({k: restore(v) for k, v in row.items()}) for row in reader]
