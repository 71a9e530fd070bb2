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
from tipmatrix.export.stamp import build_id, file_digest, stamp_xlsx
from tipmatrix.export.workbook import render_workbook
from tipmatrix.extract import extract_file
from tipmatrix.extract.sources import Source, check_checksum, load_manifest
from tipmatrix.model import Extraction
from tipmatrix.normalize.align import align
from tipmatrix.normalize.corrections import correct, corrections_file, load_corrections
from tipmatrix.normalize.pins import align_decided, alignment_file, load_decisions
from tipmatrix.normalize.reconcile import reconcile


@dataclass(frozen=True)
class DraftResult:
    source: Source
    extraction: Extraction
    # review round trip: digest of the records as extracted, before corrections (export/stamp.py)
    build: str = ""
    corrections: str = ""  # digest of the corrections file applied ("" for none)

    def stamp(self, suffix: str = "") -> dict[str, str]:
        """The build stamp of this draft's workbooks (keys with `suffix` for a side of the diff)."""
        return {f"draft{suffix}": self.source.draft, f"source-sha256{suffix}": self.source.sha256,
                f"build{suffix}": self.build, f"corrections{suffix}": self.corrections}


def records_of(path: Path, draft: str) -> Extraction:
    """Extraction and reconciliation of one source file: the record dataset of one draft."""
    return reconcile(extract_file(path, draft))


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


def diff_outputs(
    old: DraftResult, new: DraftResult, alignment_dir: Path | None = None, decisions: bool = True
) -> dict[str, bytes]:
    """The diff of two drafts, relative to out/diff/, honouring the review's pins and forbids
    (normalize/alignment/<old>_vs_<new>.csv) unless `decisions` is False (a build without corrections,
    whose record ids the decisions may not name)."""
    pins = load_decisions(old.source.draft, new.source.draft, alignment_dir) if decisions else ()
    if pins:
        result = align_decided(old.extraction.records, new.extraction.records, pins)
    else:
        result = align(old.extraction.records, new.extraction.records)
    applied = file_digest(alignment_file(old.source.draft, new.source.draft, alignment_dir)) if decisions else ""
    stamp = {**old.stamp("-old"), **new.stamp("-new"), "alignment": applied}
    return stamped(render_diff(result, old.source.draft, new.source.draft), stamp)


def stamped(files: dict[str, bytes], stamp: dict[str, str]) -> dict[str, bytes]:
    """Every workbook of `files` with the build stamp the review import checks (export/stamp.py)."""
    return {rel: stamp_xlsx(data, stamp) if rel.endswith(".xlsx") else data for rel, data in files.items()}


def pick(results: list[DraftResult], draft: str, raw_dir: Path) -> DraftResult:
    for result in results:
        if result.source.draft == draft:
            return result
    known = ", ".join(r.source.draft for r in results)
    raise InputError(raw_dir / "sources.toml", f"no draft {draft!r} in the manifest (drafts: {known})")


def read_drafts(raw_dir: Path, corrections: bool = True, corrections_dir: Path | None = None) -> list[DraftResult]:
    """Every draft of the manifest, extracted and reconciled, then (unless `corrections` is
    False, to measure the extractor alone) with its curated corrections applied."""
    results = []
    for source in load_manifest(raw_dir):
        path = check_checksum(raw_dir, source)
        extraction = check_complete(records_of(path, source.draft), path)
        build, applied = build_id(extraction), ""
        if corrections:
            extraction = correct(extraction, load_corrections(source.draft, corrections_dir))
            applied = file_digest(corrections_file(source.draft, corrections_dir))
        results.append(DraftResult(source, extraction, build, applied))
    return results


def write_all(out_dir: Path, files: dict[str, bytes]) -> None:
    for rel, data in sorted(files.items()):
        atomic.write_bytes(out_dir / rel, data)


def build(
    raw_dir: Path, out_dir: Path, corrections: bool = True,
    corrections_dir: Path | None = None, alignment_dir: Path | None = None,
) -> list[DraftResult]:
    """Regenerate out/ from raw/: every draft in the manifest, the diff of each draft against
    the one before it in the manifest, and the data package describing every CSV.
    `corrections_dir` / `alignment_dir`: other folders than normalize/corrections/ and normalize/alignment/."""
    results = read_drafts(raw_dir, corrections, corrections_dir)
    files: dict[str, bytes] = {}
    for result in results:
        for rel, data in stamped(draft_outputs(result.extraction, result.source), result.stamp()).items():
            files[f"{result.source.draft}/{rel}"] = data
    for old, new in zip(results, results[1:]):
        for rel, data in diff_outputs(old, new, alignment_dir, corrections).items():
            files[f"diff/{rel}"] = data
    files.update(render_datapackage(files))
    write_all(out_dir, files)
    return results


def diff(
    raw_dir: Path, out_dir: Path, old_id: str, new_id: str,
    corrections_dir: Path | None = None, alignment_dir: Path | None = None,
) -> dict[str, bytes]:
    """Regenerate out/diff/ for two drafts of the manifest, by id."""
    results = read_drafts(raw_dir, corrections_dir=corrections_dir)
    files = diff_outputs(pick(results, old_id, raw_dir), pick(results, new_id, raw_dir), alignment_dir)
    write_all(out_dir / "diff", files)
    return files


def summary_line(extraction: Extraction) -> str:
    c = extraction.counts()
    return (
        f"{extraction.draft}: {c['records']} records; {c['lines']} lines: {c['used']} used, "
        f"{c['boilerplate']} boilerplate, {c['unassigned']} unassigned"
    )
