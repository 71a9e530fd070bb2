"""The whole regeneration: sources -> records -> every output, written all or nothing.

Everything is computed in memory first; only when every source has been read and every
output rendered are the files moved into place, so bad input leaves the earlier out/ intact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tipmatrix.errors import InputError
from tipmatrix.export import atomic
from tipmatrix.export.datapackage import render_datapackage
from tipmatrix.export.diff import render_diff
from tipmatrix.export.pillars import render_pillar_files
from tipmatrix.export.records_csv import render_coverage, render_records
from tipmatrix.export.workbook import render_workbook
from tipmatrix.extract import extract_file
from tipmatrix.extract.sources import Source, check_checksum, load_manifest
from tipmatrix.model import Extraction
from tipmatrix.normalize.align import align
from tipmatrix.normalize.corrections import correct, load_corrections
from tipmatrix.normalize.provisions import complete_provisions
from tipmatrix.normalize.reconcile import reconcile


@dataclass(frozen=True)
class DraftResult:
    source: Source
    extraction: Extraction


def records_of(path: Path, draft: str) -> Extraction:
    """Extraction, reconciliation and whole provision texts of one source file: the record dataset of one draft."""
    return complete_provisions(reconcile(extract_file(path, draft)))


def check_complete(extraction: Extraction, path: Path) -> Extraction:
    """A matrix runs through pillar D; one that stops earlier was cut (a truncated file)."""
    pillars = sorted({r.pillar for r in extraction.records if r.pillar})
    if "D" not in pillars:
        last = pillars[-1] if pillars else "none"
        raise InputError(
            path,
            f"the matrix stops before pillar D (last pillar read: {last}); is the file truncated? "
            "For an excerpt on purpose, use --partial",
        )
    return extraction


def draft_outputs(extraction: Extraction, source: Source | None = None) -> dict[str, bytes]:
    """Every file of one draft, relative to the draft's folder: records, coverage, pillar
    CSV/XLSX, and (for a manifest source, whose checksum and label it shows) the workbook."""
    files = {
        "records.csv": render_records(extraction.records),
        "coverage.csv": render_coverage(extraction.coverage),
        **render_pillar_files(extraction),
    }
    if source is not None:
        files.update(render_workbook(extraction, source))
    return files


def diff_outputs(old: DraftResult, new: DraftResult) -> dict[str, bytes]:
    """The diff of two drafts, relative to out/diff/."""
    result = align(old.extraction.records, new.extraction.records)
    return render_diff(result, old.source.draft, new.source.draft)


def pick(results: list[DraftResult], draft: str, raw_dir: Path) -> DraftResult:
    for result in results:
        if result.source.draft == draft:
            return result
    known = ", ".join(r.source.draft for r in results)
    raise InputError(raw_dir / "sources.toml", f"no draft {draft!r} in the manifest (drafts: {known})")


def read_drafts(raw_dir: Path, corrections: bool = True) -> list[DraftResult]:
    """Every draft of the manifest, extracted and reconciled, then (unless `corrections` is
    False, to measure the extractor alone) with its curated corrections applied."""
    results = []
    for source in load_manifest(raw_dir):
        path = check_checksum(raw_dir, source)
        extraction = check_complete(records_of(path, source.draft), path)
        if corrections:
            extraction = correct(extraction, load_corrections(source.draft))
        results.append(DraftResult(source, extraction))
    return results


def write_all(out_dir: Path, files: dict[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        atomic.write_bytes(out_dir / rel, data)


def build(raw_dir: Path, out_dir: Path, corrections: bool = True) -> list[DraftResult]:
    """Regenerate out/ from raw/: every draft in the manifest, the diff of each draft against
    the one before it in the manifest, and the data package describing every CSV."""
    results = read_drafts(raw_dir, corrections)
    files: dict[str, bytes] = {}
    for result in results:
        for rel, data in draft_outputs(result.extraction, result.source).items():
            files[f"{result.source.draft}/{rel}"] = data
    for old, new in zip(results, results[1:]):
        for rel, data in diff_outputs(old, new).items():
            files[f"diff/{rel}"] = data
    files.update(render_datapackage(files))
    write_all(out_dir, files)
    return results


def diff(raw_dir: Path, out_dir: Path, old_id: str, new_id: str) -> dict[str, bytes]:
    """Regenerate out/diff/ for two drafts of the manifest, by id."""
    results = read_drafts(raw_dir)
    files = diff_outputs(pick(results, old_id, raw_dir), pick(results, new_id, raw_dir))
    write_all(out_dir / "diff", files)
    return files


def summary_line(extraction: Extraction) -> str:
    c = extraction.counts()
    return (
        f"{extraction.draft}: {c['records']} records; {c['lines']} lines: {c['used']} used, "
        f"{c['boilerplate']} boilerplate, {c['unassigned']} unassigned"
    )
