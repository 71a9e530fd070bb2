"""Shared by the export tests: hand-made records, the real extraction of each draft, and readers
that take rendered bytes back apart (CSV rows, workbooks, the raw sheet XML)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from shared_value import once_per_run

from tipmatrix.export.diff import render_diff
from tipmatrix.export.pillars import render_pillar_files
from tipmatrix.export.workbook import render_workbook
from tipmatrix.extract.sources import Source, load_manifest
from tipmatrix.model import CoverageLine, Extraction, Record
from tipmatrix.normalize.align import DiffResult, align
from tipmatrix.pipeline import source_records

RAW = Path(__file__).resolve().parents[1] / "raw"
DRAFTS = ("2016-05", "2016-11")
HYPERLINK = '=HYPERLINK("http://x","y")'


def record(pillar: str = "A", activity: str = "Workshop on border controls", line: int = 10, **kw) -> Record:
    """A hand-made record of draft "2016-05"; keyword arguments override any field."""
    fields = dict(
        draft="2016-05",
        pillar=pillar,
        provision="A",
        provision_text="Increase awareness campaigns",
        activity=activity,
        source_file="hand.txt",
        source_lines=(line, line + 1),
        source_page="2",
        lead=("ACWC",),
        bodies_raw="ACWC",
        lines_used=(line, line + 1),
    )
    fields.update(kw)
    return Record(**fields)


def extraction(records: list[Record], draft: str = "2016-05") -> Extraction:
    """An Extraction of hand-made records, ids assigned, every used line covered."""
    lines = sorted({n for r in records for n in r.lines_used} | {1})
    coverage = tuple(CoverageLine(line=n, page="1", status="header" if n == 1 else "record", text="x") for n in lines)
    return Extraction(draft, "hand.txt", "may-2016", (), coverage).with_records(records)


def hand_source(draft: str = "2016-05") -> Source:
    return Source(draft=draft, file="hand.txt", title="A & B matrix", as_of="As of 31 May 2016",
                  layout="may-2016", sha256="ab" * 32)


@cache
def sources() -> dict[str, Source]:
    return {s.draft: s for s in load_manifest(RAW)}


@cache
def real_extraction(draft: str) -> Extraction:
    """The reconciled records of one real source in raw/ (cached: several tests read them)."""
    return source_records(RAW / sources()[draft].file, draft)


@cache
def real_workbook(draft: str) -> bytes:
    """The draft workbook rendered from the real extraction of raw/ (once per run: several tests read it,
    each loading its own copy)."""
    return once_per_run(f"export-helpers-workbook-{draft}",
                        lambda: render_workbook(real_extraction(draft), sources()[draft])[f"{draft}-matrix.xlsx"])


@cache
def real_pillar_files(draft: str) -> Mapping[str, bytes]:
    """The pillar files rendered from the real extraction of raw/ (once per run, read only)."""
    return MappingProxyType(once_per_run(f"export-helpers-pillars-{draft}",
                                         lambda: render_pillar_files(real_extraction(draft))))


@cache
def real_diff() -> DiffResult:
    """The diff of the real extractions of the two drafts (once per run: six test modules read it; a test
    that checks a second run is the same aligns again itself)."""
    return once_per_run("export-helpers-diff",
                        lambda: align(real_extraction(DRAFTS[0]).records, real_extraction(DRAFTS[1]).records))


@cache
def real_diff_files() -> Mapping[str, bytes]:
    """The diff's files rendered from `real_diff` (once per run, read only)."""
    return MappingProxyType(once_per_run("export-helpers-diff-files", lambda: render_diff(real_diff(), *DRAFTS)))


def csv_rows(data: bytes) -> list[list[str]]:
    """A rendered CSV back as rows, header first; asserts the BOM is there."""
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def open_xlsx(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def sheet_xml(data: bytes) -> dict[str, str]:
    """Every worksheet's XML in an .xlsx, by part name (to see what openpyxl would hide)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}
