"""Per-pillar CSV and Excel files of one draft: `pillar-A.csv`, `pillar-A.xlsx`, ... `pillar-D.xlsx`.

The CSV columns are those of records.csv in reader order (`export.sheets.READER_COLUMNS`); the
sheet shows them with headings in words, the printed ones first (`export.sheets.SHEET_COLUMNS`).
A pillar without records still gets both files, header only, so the set of files never depends
on the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from tipmatrix.export.gc_paused import gc_paused
from tipmatrix.export.records_csv import render_records
from tipmatrix.export.sheets import (
    PILLARS,
    READER_COLUMNS,
    empty_columns,
    new_workbook,
    pillar_label,
    pillar_records,
    set_properties,
    write_records_sheet,
)
from tipmatrix.export.xlsx_bytes import workbook_bytes
from tipmatrix.model import Extraction, Record


def draft_label(draft: str) -> str:
    return f"ASEAN APA TIP matrix, draft {draft}"


def pillar_workbook(records: Sequence[Record], draft: str, pillar: str, empty: Iterable[str] = ()) -> Workbook:
    """One pillar's sheet; `empty`: the printed columns the whole draft leaves empty (hidden)."""
    wb = new_workbook()
    write_records_sheet(wb.active, records, pillar, draft_label(draft), empty)
    set_properties(wb, title=f"{draft_label(draft)}, pillar {pillar}", subject=pillar_label(pillar))
    return wb


@gc_paused
def render_pillar_files(extraction: Extraction) -> dict[str, bytes]:
    """{"pillar-A.csv": ..., "pillar-A.xlsx": ..., ...} for pillars A-D, relative to the draft's folder."""
    files: dict[str, bytes] = {}
    empty = empty_columns(extraction.records)
    for pillar in PILLARS:
        records = pillar_records(extraction.records, pillar)
        files[f"pillar-{pillar}.csv"] = render_records(records, READER_COLUMNS)
        files[f"pillar-{pillar}.xlsx"] = workbook_bytes(pillar_workbook(records, extraction.draft, pillar, empty))
    return files
