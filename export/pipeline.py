"""The whole regeneration: sources -> records -> every output, written all or nothing.

Everything is computed in memory first; only when every source has been read and every
output rendered are the files moved into place, so bad input leaves the earlier out/ intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from export import atomic
from export.records_csv import render_coverage, render_records
from extract import extract_file
from extract.records import Extraction
from extract.sources import Source, check_checksum, load_manifest
from normalize.reconcile import reconcile


@dataclass(frozen=True)
class DraftResult:
    source: Source
    extraction: Extraction


def records_of(path: Path, draft: str) -> Extraction:
    """Extraction and reconciliation of one source file: the record dataset of one draft."""
    return reconcile(extract_file(path, draft))


def draft_outputs(extraction: Extraction) -> dict[str, bytes]:
    """records.csv and coverage.csv of one draft, relative to the draft's folder."""
    return {
        "records.csv": render_records(extraction.records),
        "coverage.csv": render_coverage(extraction.coverage),
    }


def read_drafts(raw_dir: Path) -> list[DraftResult]:
    results = []
    for source in load_manifest(raw_dir):
        path = check_checksum(raw_dir, source)
        results.append(DraftResult(source, records_of(path, source.draft)))
    return results


def write_all(out_dir: Path, files: dict[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        atomic.write_bytes(out_dir / rel, data)


def build(raw_dir: Path, out_dir: Path) -> list[DraftResult]:
    """Regenerate out/ from raw/: every draft in the manifest."""
    results = read_drafts(raw_dir)
    files: dict[str, bytes] = {}
    for result in results:
        for rel, data in draft_outputs(result.extraction).items():
            files[f"{result.source.draft}/{rel}"] = data
    write_all(out_dir, files)
    return results


def summary_line(extraction: Extraction) -> str:
    c = extraction.counts()
    return (
        f"{extraction.draft}: {c['records']} records; {c['lines']} lines: {c['used']} used, "
        f"{c['boilerplate']} boilerplate, {c['unassigned']} unassigned"
    )
