"""The whole regeneration: sources -> records -> every output, written all or nothing.

Everything is computed in memory first; only when every source has been read and every
output rendered is the new out/ written beside the old one and swapped in as one unit
(`export/atomic.replace_folder`), so bad input, a failure or a kill leaves the earlier out/ intact.
"""

from __future__ import annotations

import errno
import gc
from dataclasses import dataclass, replace
from pathlib import Path

from tipmatrix import forked
from tipmatrix.ctrl_c import held_off
from tipmatrix.errors import InputError, OutputError
from tipmatrix.export import atomic
from tipmatrix.export.datapackage import render_datapackage
from tipmatrix.export.diff import render_diff
from tipmatrix.export.lineage import render_lineage
from tipmatrix.export.pillars import render_pillar_files
from tipmatrix.export.records_csv import render_coverage, render_records
from tipmatrix.export.sheets import excel_text
from tipmatrix.export.stamp import build_id, file_digest, stamp_xlsx
from tipmatrix.export.workbook import render_workbook
from tipmatrix.extract import extract_file, front_end_of, truncation
from tipmatrix.extract.rows import READ_DEFAULTS, ReadOptions
from tipmatrix.extract.sources import (
    Source,
    check_checksum,
    check_source_file,
    decode_text,
    load_manifest,
    split_lines,
)
from tipmatrix.model import DROPPED, Extraction, flag, record_to_row
from tipmatrix.normalize.align import DiffResult, align, check_fits
from tipmatrix.normalize.apply_corrections import (
    correct,
    corrections_file,
    load_corrections,
    superseded,
    superseded_line,
)
from tipmatrix.normalize.lineage import build_lineage
from tipmatrix.normalize.pins import Decision, align_decided, alignment_file, check_decisions, load_decisions
from tipmatrix.normalize.provisions import complete_provisions
from tipmatrix.normalize.reconcile import reconcile


@dataclass(frozen=True)
class RunOptions:
    """How a run reads and builds, one object instead of flags threaded through every function.

    `read`: how each source is read (`as_original`, `partial`: extract/rows.py ReadOptions);
    `corrections`: apply the curated corrections (False: the extractor alone);
    `corrections_dir` / `alignment_dir`: other folders than normalize/corrections/ and normalize/alignment/;
    `parallel`: render the drafts' files and the comparisons in two processes (default: where fork and
    two CPUs are available; the files are the same either way).
    """

    read: ReadOptions = READ_DEFAULTS
    corrections: bool = True
    corrections_dir: Path | None = None
    alignment_dir: Path | None = None
    parallel: bool | None = None



RUN_DEFAULTS = RunOptions()


@dataclass(frozen=True)
class DraftResult:
    source: Source
    extraction: Extraction
    warning: str = ""  # one line for stderr: the source looks cut short (see flag_truncation)
    # review round trip: digest of the records as extracted, before corrections (export/stamp.py)
    build_digest: str = ""
    corrections: str = ""  # digest of the corrections file applied ("" for none)
    # corrections a drop made moot, one line each for stderr until they are removed (corrections.superseded)
    superseded: tuple[str, ...] = ()

    def stamp(self, suffix: str = "") -> dict[str, str]:
        """The build stamp of this draft's workbooks (keys with `suffix` for a side of the diff)."""
        return {f"draft{suffix}": self.source.draft, f"source-sha256{suffix}": self.source.sha256,
                f"build{suffix}": self.build_digest, f"corrections{suffix}": self.corrections}


def source_records(path: Path, draft: str, options: ReadOptions = READ_DEFAULTS) -> Extraction:
    """Extraction, reconciliation and whole provision texts of one source file: the record dataset of one draft.

    `options.as_original`: read a Word document with its tracked changes rejected, as it was before its inputs."""
    return complete_provisions(extract_and_reconcile(path, draft, options))


def extract_and_reconcile(path: Path, draft: str, options: ReadOptions = READ_DEFAULTS) -> Extraction:
    """One source file extracted and its bodies reconciled, provision texts as printed."""
    return reconcile(extract_file(check_source_file(path), draft, options))


def flag_truncation(extraction: Extraction, path: Path) -> tuple[Extraction, str]:
    """A text rendition that shows a sign of being cut short (`extract/truncation.py`) is kept, with
    its last record flagged `truncated` and a warning line; "" when it shows none. Flagging rather
    than refusing: the signs are read from text with no end marker, and a false one must not cost
    the run. A cut exactly between two rows shows no sign (see README, "Truncation")."""
    if front_end_of(path) != "text":
        return extraction, ""  # a PDF or Word file is refused whole when cut (its zip or xref breaks)
    text = decode_text(path.read_bytes(), path)
    at = truncation.last_content_line(extraction)
    signs = truncation.end_signs(text, split_lines(text), extraction)
    index = truncation.last_record(extraction, at) if at is not None else None
    if not signs or index is None:
        return extraction, ""
    records = list(extraction.records)
    records[index] = records[index].with_flag(flag("truncated", f"the source looks cut after this record: "
                                                                f"{' / '.join(signs)}"))
    rec = records[index]
    warning = (f"{path}: the source looks cut short: {' / '.join(signs)}. Its last record (lines "
               f"{rec.source_lines[0]}-{rec.source_lines[1]}) is flagged truncated; if the file is an excerpt "
               "on purpose, use --partial")
    return extraction.with_records(records), warning


def check_cell_sizes(extraction: Extraction, path: Path) -> Extraction:
    """Every value must fit an Excel cell: a longer one stops the run naming the source line
    (cutting it would show a reader part of a text; continuation cells would break the columns)."""
    for rec in extraction.records:
        for column, value in record_to_row(rec).items():
            try:
                excel_text(value)
            except ValueError:
                first, last = rec.source_lines
                raise InputError(
                    path,
                    f"line {first}: the {column} of the record on lines {first}-{last} is {len(value):,} characters, "
                    "more than an Excel cell holds (32,767); check the source there (a lost line break?) "
                    "and shorten or split that cell",
                ) from None
    return extraction


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


def decisions(old: DraftResult, new: DraftResult, options: RunOptions = RUN_DEFAULTS) -> tuple[Decision, ...]:
    """The review's pins and forbids of two drafts (normalize/alignment/<old>_vs_<new>.csv), none when built
    without corrections (whose record ids the decisions may not name)."""
    return load_decisions(old.source.draft, new.source.draft, options.alignment_dir) if options.corrections else ()


def aligned(old: DraftResult, new: DraftResult, options: RunOptions = RUN_DEFAULTS) -> DiffResult:
    """Two drafts aligned, honouring the review's `decisions`."""
    pins = decisions(old, new, options)
    if pins:
        return align_decided(old.extraction.records, new.extraction.records, pins)
    return align(old.extraction.records, new.extraction.records)


def diff_outputs(old: DraftResult, new: DraftResult, result: DiffResult,
                 options: RunOptions = RUN_DEFAULTS) -> dict[str, bytes]:
    """The diff of two drafts, relative to out/diff/, its workbook stamped with both builds and the
    decisions file it honoured."""
    applied = (file_digest(alignment_file(old.source.draft, new.source.draft, options.alignment_dir))
               if options.corrections else "")
    stamp = {**old.stamp("-old"), **new.stamp("-new"), "alignment": applied}
    return stamped(render_diff(result, old.source.draft, new.source.draft), stamp)


def stamped(files: dict[str, bytes], stamp: dict[str, str]) -> dict[str, bytes]:
    """Every workbook of `files` with the build stamp the review import checks (export/stamp.py)."""
    return {rel: stamp_xlsx(data, stamp) if rel.endswith(".xlsx") else data for rel, data in files.items()}


def lineage_outputs(results: list[DraftResult], diffs: list[DiffResult]) -> dict[str, bytes]:
    """out/lineage.csv, .xlsx, .svg and .png: each item followed through every draft, in manifest order."""
    lineage = build_lineage([r.source.draft for r in results], [r.extraction.records for r in results], diffs)
    return render_lineage(lineage)


def pick(results: list[DraftResult], draft: str, raw_dir: Path) -> DraftResult:
    for result in results:
        if result.source.draft == draft:
            return result
    known = ", ".join(r.source.draft for r in results)
    raise InputError(raw_dir / "sources.toml", f"no draft {draft!r} in the manifest (drafts: {known})")


def read_drafts(raw_dir: Path, options: RunOptions = RUN_DEFAULTS) -> list[DraftResult]:
    """Every draft of the manifest, extracted and reconciled, then (unless `options.corrections` is
    False, to measure the extractor alone) with its curated corrections applied."""
    return [r.chosen(options.corrections) for r in read_extracted_and_corrected(raw_dir, options)]


@dataclass(frozen=True)
class ExtractedAndCorrected:
    source: Source
    extraction: Extraction  # as extracted and reconciled
    corrected: Extraction  # with the curated corrections applied
    warning: str = ""
    build_digest: str = ""  # digest of the records as extracted (export/stamp.py)
    corrections: str = ""  # digest of the corrections file ("" when not read)
    superseded: tuple[str, ...] = ()

    def chosen(self, corrections: bool) -> DraftResult:
        """The draft as a run uses it: corrected, or as extracted."""
        if corrections:
            return DraftResult(self.source, self.corrected, self.warning, self.build_digest, self.corrections,
                               self.superseded)
        return DraftResult(self.source, self.extraction, self.warning, self.build_digest, "")


def read_extracted_and_corrected(raw_dir: Path, options: RunOptions = RUN_DEFAULTS) -> list[ExtractedAndCorrected]:
    """Every draft of the manifest, without and with its corrections (applying them is cheap);
    `options.corrections` False leaves them unread (a build of the extractor alone must not stop on them)."""
    results = []
    for source in load_manifest(raw_dir):
        path = check_checksum(raw_dir, source)
        extraction, warning = read_checked_source(path, source.draft, options.read)
        corrected, applied = extraction, ""
        moot: tuple[str, ...] = ()
        if options.corrections:
            entries = load_corrections(source.draft, options.corrections_dir)
            corrected = check_cell_sizes(correct(extraction, entries), path)
            applied = file_digest(corrections_file(source.draft, options.corrections_dir))
            moot = tuple(superseded_line(*pair) for pair in superseded(entries, list(extraction.records)))
        results.append(ExtractedAndCorrected(source, extraction, corrected, warning, build_id(extraction), applied,
                                             moot))
    return results


def read_checked_source(path: Path, draft: str, options: ReadOptions = READ_DEFAULTS) -> tuple[Extraction, str]:
    """One source as a run reads it: extracted and reconciled; unless `options.partial` (an excerpt on
    purpose), refused when it stops before pillar D and flagged when its end looks cut; every
    value checked to fit a spreadsheet cell. Returns the warning line too ("" for none)."""
    extraction, warning = extract_and_reconcile(path, draft, options), ""
    if not options.partial:  # the end as printed: a provision cut mid-sentence is a sign, before it is completed
        extraction, warning = flag_truncation(check_complete(extraction, path), path)
    return check_cell_sizes(complete_provisions(extraction), path), warning


def write_all(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write each file atomically into a folder that is not replaced whole (`tipmatrix records --out`).

    Never into a build's out/ (a folder with a data package, or a draft folder in one): the data
    package there would no longer describe the files beside it."""
    atomic.check_writable_folder(out_dir)
    for folder in (out_dir, *out_dir.absolute().parents):
        if (folder / atomic.MARKER).is_file():
            raise OutputError(out_dir, f"is part of a build's output ({folder / atomic.MARKER} describes it); "
                                       "give --out a folder of its own")
    try:
        with held_off():  # a few small files: all of them, or (Ctrl-C before) none
            for rel, data in sorted(files.items()):
                atomic.write_bytes(out_dir / rel, data)
    except OSError as exc:
        if exc.errno == errno.EROFS:
            raise OutputError(exc.filename or out_dir, atomic.read_only_system(out_dir)) from exc
        raise OutputError(exc.filename or out_dir, f"cannot write ({exc.strerror or exc})") from exc


def build(raw_dir: Path, out_dir: Path, options: RunOptions = RUN_DEFAULTS) -> list[DraftResult]:
    """Regenerate out/ from raw/: every draft in the manifest, the diff of each draft against
    the one before it in the manifest, the lineage of each item across all of them, and the data
    package describing every CSV; out/ is replaced as one unit (`options`: see RunOptions)."""
    atomic.check_replaceable(out_dir)
    results, files = build_files(raw_dir, options)
    atomic.replace_folder(out_dir, files)
    return results


def build_files(raw_dir: Path, options: RunOptions = RUN_DEFAULTS) -> tuple[list[DraftResult], dict[str, bytes]]:
    """The drafts of raw/ and every file of out/ they make, by path relative to out/."""
    results = read_drafts(raw_dir, options)
    for old, new in zip(results, results[1:]):  # too large, or a stale decision: refused before anything is rendered
        check_fits(old.extraction.records, new.extraction.records)
        check_decisions(decisions(old, new, options), old.extraction.records, new.extraction.records)
    # The records stay alive to the end: the cyclic garbage collector need not scan them again at
    # each collection while the outputs are rendered, which made rendering grow faster than the
    # records (a Matrix sheet 5.3x for 4x the records, 3.5x with them frozen).
    gc.freeze()
    try:
        drafts, comparisons = forked.run_two(
            lambda: drafts_files(results), lambda: comparison_files(results, options), options.parallel
        )
    finally:
        gc.unfreeze()
    files = {**drafts, **comparisons}
    files.update(render_datapackage(files))
    return results, files


def drafts_files(results: list[DraftResult]) -> dict[str, bytes]:
    """Every draft's own files (records, coverage, pillar files, workbook), by path relative to out/."""
    files: dict[str, bytes] = {}
    for result in results:
        for rel, data in stamped(draft_outputs(result.extraction, result.source), result.stamp()).items():
            files[f"{result.source.draft}/{rel}"] = data
    return files


def comparison_files(results: list[DraftResult], options: RunOptions = RUN_DEFAULTS) -> dict[str, bytes]:
    """The diff of each draft against the one before it, and the lineage across all of them."""
    files: dict[str, bytes] = {}
    steps = list(zip(results, results[1:]))
    diffs = [aligned(old, new, options) for old, new in steps]
    for (old, new), diff_result in zip(steps, diffs):
        for rel, data in diff_outputs(old, new, diff_result, options).items():
            files[f"diff/{rel}"] = data
    files.update(lineage_outputs(results, diffs))
    return files


def current_files(out_dir: Path) -> dict[str, bytes]:
    """The files of an earlier out/ (none if there is none), by path relative to it."""
    if not out_dir.is_dir():
        return {}
    return {
        p.relative_to(out_dir).as_posix(): p.read_bytes()
        for p in sorted(out_dir.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def matching_setting(both: list[ExtractedAndCorrected], earlier: dict[str, bytes], out_dir: Path) -> bool:
    """Whether to diff the corrected drafts: the setting the records already in out/ were built
    with (corrected when there are none). Records of neither setting, or drafts built with
    different settings, stop the run: a diff never sits beside records it was not made from."""
    settings: set[bool] = set()
    for result in both:
        rel = f"{result.source.draft}/records.csv"
        if rel not in earlier:
            continue
        found = {setting for setting, ex in ((True, result.corrected), (False, result.extraction))
                 if render_records(ex.records) == earlier[rel]}
        if not found:
            raise OutputError(out_dir / rel, "was not built from raw/ as it is now; run `tipmatrix build` "
                                             "(make data) first, then the diff")
        if len(found) == 1:  # a draft with no corrections fits both settings
            settings |= found
    if len(settings) > 1:
        raise OutputError(out_dir, "its drafts were built with different corrections settings; "
                                   "run `tipmatrix build` (make data) first, then the diff")
    return settings.pop() if settings else True


def diff(raw_dir: Path, out_dir: Path, old_id: str, new_id: str,
         options: RunOptions = RUN_DEFAULTS) -> tuple[dict[str, bytes], bool]:
    """Regenerate out/<diff>/OLD_vs_NEW.* for two drafts of the manifest, by id, with the corrections
    setting of the records already in out/ (whatever `options.corrections` says), and the data package;
    out/ is replaced as one unit. Returns the diff files and whether the corrections were applied."""
    atomic.check_replaceable(out_dir)
    both = read_extracted_and_corrected(raw_dir, replace(options, corrections=True))
    earlier = current_files(out_dir)
    corrections = matching_setting([r for r in both if r.source.draft in (old_id, new_id)], earlier, out_dir)
    results = [r.chosen(corrections) for r in both]
    old, new = pick(results, old_id, raw_dir), pick(results, new_id, raw_dir)
    chosen = replace(options, corrections=corrections)
    diff_files = diff_outputs(old, new, aligned(old, new, chosen), chosen)
    files = {rel: data for rel, data in earlier.items() if rel != "datapackage.json"}
    files.update({f"diff/{rel}": data for rel, data in diff_files.items()})
    files.update(render_datapackage(files))
    atomic.replace_folder(out_dir, files)
    return diff_files, corrections


def summary_line(extraction: Extraction) -> str:
    """The run's line of counts for one draft, ending with the last provision read, so that a reader
    sees where the source stops (a cut between two rows shows no other sign)."""
    c = extraction.counts()
    return (
        f"{extraction.draft}: {c['records']} records; {c['lines']} lines: {c['used']} used, "
        f"{c['boilerplate']} boilerplate, {c['unassigned']} unassigned"
        f"{f', {c[DROPPED]} dropped by corrections' if c[DROPPED] else ''}; last provision read: "
        f"{last_provision(extraction)}"
    )


def last_provision(extraction: Extraction) -> str:
    """Pillar and provision of the record holding the last line read, and the provision's first words."""
    at = truncation.last_content_line(extraction)
    index = truncation.last_record(extraction, at) if at is not None else None
    if index is None:
        return "none"
    rec = extraction.records[index]
    words = " ".join(rec.provision_text.split())
    start = words if len(words) <= 40 else words[:40].rsplit(" ", 1)[0] + " ..."
    return f"{rec.pillar or '?'}.{rec.provision or '?'} ({start})"
