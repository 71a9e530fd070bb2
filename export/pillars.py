"""Per-pillar CSV and Excel files of one draft: `pillar-A.csv`, `pillar-A.xlsx`, ... `pillar-D.xlsx`.

The columns are those of records.csv in reader order (`export.sheets.READER_COLUMNS`); a pillar
without records still gets both files, header only, so the set of files never depends on the data.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook

from tipmatrix.export.records_csv import render_records
from tipmatrix.export.sheets import (
    PILLARS,
    READER_COLUMNS,
    pillar_label,
    pillar_records,
    set_properties,
    write_records_sheet,
)
from tipmatrix.export.xlsx_bytes import workbook_bytes
from tipmatrix.model import Extraction, Record


def draft_label(draft: str) -> str:
    return f"ASEAN APA TIP matrix, draft {draft}"


def pillar_workbook(records: Sequence[Record], draft: str, pillar: str) -> Workbook:
    wb = Workbook()
    write_records_sheet(wb.active, records, pillar, draft_label(draft))
    set_properties(wb, title=f"{draft_label(draft)}, pillar {pillar}", subject=pillar_label(pillar))
    return wb


def render_pillar_files(extraction: Extraction) -> dict[str, bytes]:
    """{"pillar-A.csv": ..., "pillar-A.xlsx": ..., ...} for pillars A-D, relative to the draft's folder."""
    files: dict[str, bytes] = {}
    for pillar in PILLARS:
        records = pillar_records(extraction.records, pillar)
        files[f"pillar-{pillar}.csv"] = render_records(records, READER_COLUMNS)
        files[f"pillar-{pillar}.xlsx"] = workbook_bytes(pillar_workbook(records, extraction.draft, pillar))
    return files
