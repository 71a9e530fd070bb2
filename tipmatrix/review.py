"""`tipmatrix review import FILE.xlsx`: a rapporteur's edited workbook back into the dataset.

The I/O edge of the round trip: read the workbook (saved by Excel, LibreOffice or openpyxl) into
text cells, check its build stamp (export/stamp.py) against raw/ and the extractor of today, run
the current build in memory, hand the sheets to the pure steps (normalize/review_edits.py for
pillar sheets, normalize/review_pairs.py for the diff sheet), and append what they accept to
normalize/corrections/<draft>.csv or normalize/alignment/<old>_vs_<new>.csv. Nothing is written
when anything is refused. Which sheets are read:

- a pillar file (`pillar-B.xlsx`) and the draft workbook (`<draft>-matrix.xlsx`): every sheet named
  "Pillar X", and the draft workbook's "Matrix" sheet (tipmatrix/review_matrix.py);
- the diff workbook (`out/diff/<old>_vs_<new>.xlsx`): the sheet "Diff".

No edit is silently ignored. The other sheets (Bodies, Review, About; Summary, Lead changes) are
rendered from the records and protected (export/protection.py); each of their cells is compared with
the workbook the build rendered, and a change there is refused naming the cell, as is a sheet the
build did not make and any formula (read as the formula, never as a cached value).
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from tipmatrix import pipeline
from tipmatrix.errors import InputError, OutputError
from tipmatrix.export import atomic
from tipmatrix.export.diff import DIFF_COLUMNS, XLSX_COLUMNS, diff_workbook, pair_cells, printed_diff
from tipmatrix.export.headings import diff_title, title
from tipmatrix.export.protection import is_read_back
from tipmatrix.export.safety import restore
from tipmatrix.export.sheets import PILLARS, SHEET_COLUMNS, pillar_records, provision_labels
from tipmatrix.export.stamp import build_id, digest, read_stamp
from tipmatrix.export.workbook import matrix_workbook
from tipmatrix.extract.sources import Source, check_checksum, load_manifest, read_file
from tipmatrix.model import Extraction, Record
from tipmatrix.normalize import apply_corrections as corr
from tipmatrix.normalize import pins
from tipmatrix.normalize.align import DiffResult
from tipmatrix.normalize.review_edits import (
    Build,
    Outcome,
    Sheet,
    check_applies,
    index_build,
    lines_text,
    row_edits,
    same_text,
    sheet_edits,
    to_corrections,
)
from tipmatrix.normalize.review_pairs import pair_decisions
from tipmatrix.review_matrix import MATRIX_SHEET, matrix_contexts

PILLAR_SHEET_PREFIX = "Pillar "
DIFF_SHEET = "Diff"


@dataclass(frozen=True)
class Report:
    """What an import took (lines for a person to read) and whether anything was refused."""

    lines: tuple[str, ...]
    refused: tuple[str, ...]

    @property
    def status(self) -> int:
        return 1 if self.refused else 0


# --- reading the workbook ------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as the text it shows: None and "" alike, 3.0 as "3", our apostrophe undone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return restore(str(value))


# Headings in words (export/headings.py) -> the field names the pure steps read, per kind of sheet.
PILLAR_SHEET_FIELDS = {title(c): c for c in SHEET_COLUMNS}
# Diff sheet columns that print other words than the CSV (a provision whole, "wording unchanged")
SHEET_WORDED = ("change", "provision_old", "provision_new")
DIFF_SHEET_FIELDS = {diff_title(c): c for c in XLSX_COLUMNS}
# Columns rendered for reading only (not fields of a record): checked here against what the build
# showed, then left out of what the pure steps see.
DISPLAY_COLUMNS = ("provision_label",)


@dataclass(frozen=True)
class Book:
    """An edited workbook as text: every sheet (headings as typed), its document properties, and a
    refusal for each formula found (a formula is never read back: a file saved by a program that
    does not compute it holds no value for it, and one that does holds a value that may change)."""

    sheets: tuple[Sheet, ...]
    properties: Any
    formulas: tuple[str, ...]


PLAIN_VALUES = (str, int, float, bool, dt.datetime, dt.date, dt.time, dt.timedelta)


def formula_object(value: object) -> bool:
    """A value openpyxl made of a formula (an array or data-table formula), not a value of a cell."""
    return not (value is None or isinstance(value, PLAIN_VALUES))


def is_formula(cell: Any) -> bool:
    return cell.data_type == "f" or formula_object(cell.value)


def may_hold_formulas(rows: list[tuple[object, ...]]) -> bool:
    """Whether a sheet read as values may hold a formula: openpyxl gives a formula (read as a formula) as
    text starting with "=" or as an object of its own; any other value is no formula."""
    return any(isinstance(v, str) and v.startswith("=") or formula_object(v) for row in rows for v in row)


def formula_refusals(file: str, ws: Any) -> list[str]:
    """A refusal for each formula of a sheet, naming its cell (each cell looked at: slower, so only for a
    sheet whose values may hold one)."""
    found = []
    for number, row in enumerate(ws.iter_rows(), start=1):
        for col, cell in enumerate(row, start=1):
            if is_formula(cell):
                where = Sheet(file, ws.title, (), ()).where(number, col)
                value = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "a formula")
                found.append(f"{where}: a formula ({value!r}); type the value itself (formulas are not read back)")
    return found


def sheet_of_rows(file: str, title: str, rows: list[tuple[str, ...]]) -> Sheet:
    """A sheet's text rows as a `Sheet`: the first the header, the others numbered as the sheet numbers them."""
    return Sheet(file, title, rows[0] if rows else (), tuple(enumerate(rows[1:], start=2)))


def read_book(path: Path, data: bytes) -> Book:
    """Every sheet of the workbook as text cells, with its formulas (as formulas, not cached values)."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable .xlsx workbook ({exc}); give a workbook from out/") from exc
    sheets, formulas = [], []
    for ws in wb.worksheets:
        # read-only mode stops at the sheet's declared dimension, which the program that saved it may
        # have left short of its cells: read them all, so no edit beyond it is silently dropped
        ws.reset_dimensions()
        values = list(ws.iter_rows(values_only=True))  # a third faster than a cell object for each
        if may_hold_formulas(values):
            formulas += formula_refusals(path.name, ws)
        rows = [tuple(map(cell_text, row)) for row in values]
        width = max(map(len, rows), default=0)  # without a dimension each row ends at its last cell: pad
        sheets.append(sheet_of_rows(path.name, ws.title, [row + ("",) * (width - len(row)) for row in rows]))
    properties = wb.properties
    wb.close()
    return Book(tuple(sheets), properties, tuple(formulas))


def with_fields(sheet: Sheet, fields: dict[str, str]) -> Sheet:
    """The sheet with its headings in words read as the field names of `fields`."""
    header = tuple(fields.get(" ".join(h.split()), h) for h in sheet.header)
    return Sheet(sheet.file, sheet.name, header, sheet.rows)


def changed_cells(sheet: Sheet, rendered: Sheet) -> list[str]:
    """A refusal for each cell of a sheet that is not read back whose text differs from the build's."""
    if sheet.header == rendered.header and sheet.rows == rendered.rows:  # the sheet as the build made it
        return []
    grids = [{(1, c): t for c, t in enumerate(s.header)} | {(n, c): t for n, cells in s.rows
                                                             for c, t in enumerate(cells)} for s in (sheet, rendered)]
    now, was = grids
    return [
        f"{sheet.where(number, col + 1)}: {was.get((number, col), '')!r} changed to {now.get((number, col), '')!r}; "
        f"sheet {sheet.name!r} is made from the records and not read back (it is protected for that reason): "
        "edit the Matrix or Pillar sheets, or the Review column of the Diff sheet"
        for number, col in sorted(now.keys() | was.keys())
        if not same_text(now.get((number, col), ""), was.get((number, col), ""))
    ]


def sheets_in_memory(wb: Workbook, file: str) -> dict[str, Sheet]:
    """A workbook the build has just made, not saved, as `read_book` reads a saved one (every cell as its
    text): saving it and reading it back gives the same text, at twice the cost of the import."""
    sheets = {}
    for ws in wb.worksheets:
        rows = [tuple(map(cell_text, row)) for row in ws.iter_rows(values_only=True)]
        sheets[ws.title] = sheet_of_rows(file, ws.title, rows)
    return sheets


def unread_sheets(book: Book, made: dict[str, Sheet], read: Callable[[str], bool]) -> list[str]:
    """Refusals for each change on the sheets an import does not read (compared with the sheets the build
    makes, `made`), and for each sheet the build did not make."""
    refusals = []
    for sheet in book.sheets:
        if sheet.name not in made:
            refusals.append(f"{sheet.where()}: a sheet the build did not make; nothing on it is read back: write "
                            "remarks in the Review column of a Pillar sheet, and remove the sheet")
        elif not read(sheet.name):
            refusals += changed_cells(sheet, made[sheet.name])
    return refusals


def shown_labels(shown: tuple[Record, ...]) -> dict[str, str]:
    """Record id -> the "Provision" cell its pillar sheet showed (in full where a run starts, shortened below)."""
    labels: dict[str, str] = {}
    for pillar in PILLARS:
        records = pillar_records(shown, pillar)
        labels.update(zip((r.record_id for r in records), provision_labels(records)))
    return labels


def without_display(sheet: Sheet, labels: dict[str, str], refusals: list[str]) -> Sheet:
    """The sheet with its display-only columns blanked, each cell of them first checked to be as shown:
    the provision is not edited on a pillar sheet (it names the APA text), so a change there is refused."""
    display = [k for k, name in enumerate(sheet.header) if name in DISPLAY_COLUMNS]
    if not display or "record_id" not in sheet.header:
        return sheet
    id_at = sheet.header.index("record_id")
    for number, cells in sheet.rows:
        rid = cells[id_at].strip() if id_at < len(cells) else ""
        for k in display:
            text = cells[k] if k < len(cells) else ""
            if text.strip() and rid in labels and " ".join(text.split()) != " ".join(labels[rid].split()):
                refusals.append(f"{sheet.where(number, k + 1)}: column 'Provision' is read-only (was "
                                f"{labels[rid]!r}); only the area, activity, outputs, bodies, status, "
                                "remarks and Review take edits")
    # blanked, not removed, so the cells the pure steps name keep their letters
    header = tuple("" if k in display else h for k, h in enumerate(sheet.header))
    rows = tuple((n, tuple("" if k in display else c for k, c in enumerate(cells))) for n, cells in sheet.rows)
    return Sheet(sheet.file, sheet.name, header, rows)


def who_and_when(path: Path, properties: Any, by: str | None) -> tuple[str, str]:
    """--by, else the workbook's last editor ("" when neither says); and the date it was last saved."""
    who = (by or properties.lastModifiedBy or "").strip()
    when = properties.modified.date().isoformat() if properties.modified else "undated"
    return who, when


def need_who(path: Path, who: str) -> None:
    """Edits are written with who made them: one with no name is refused (an unedited workbook is not)."""
    if not who:
        raise InputError(path, "the workbook names no last editor; say who reviewed it with --by NAME")


# --- the build the workbook must come from ---------------------------------------------------


def source_of(raw_dir: Path, path: Path, stamp: dict[str, str], suffix: str = "") -> tuple[Source, Extraction]:
    """The manifest source the stamp names and its extraction, checked to be the stamped build."""
    draft = stamp.get(f"draft{suffix}", "")
    sources = {s.draft: s for s in load_manifest(raw_dir)}
    if draft not in sources:
        raise InputError(path, f"made from draft {draft!r}, which is not in {raw_dir / 'sources.toml'} "
                               f"(drafts: {', '.join(sources)})")
    source = sources[draft]
    if stamp.get(f"source-sha256{suffix}") != source.sha256:
        raise InputError(path, f"made from another source of draft {draft} (sha256 "
                               f"{stamp.get(f'source-sha256{suffix}', '')[:12]}..., raw/ has {source.sha256[:12]}...); "
                               "review a workbook of the current build")
    source_path = check_checksum(raw_dir, source)
    extraction = pipeline.check_complete(pipeline.source_records(source_path, draft), source_path)
    if stamp.get(f"build{suffix}") != build_id(extraction):
        raise InputError(path, f"made by another build of draft {draft} (the extractor has changed since: build "
                               f"{stamp.get(f'build{suffix}')}, now {build_id(extraction)}); run `make` and redo "
                               "the edits on the new workbook")
    return source, extraction


def as_exported(path: Path, workbook: Path, stamped: str, what: str) -> bytes:
    """The corrections or alignment file as the workbook's build read it: the start of today's file
    whose digest the stamp names (rows are only ever appended). b"" when there was none."""
    data = path.read_bytes() if path.is_file() else b""
    if not stamped:
        return b""
    ends = [len(data)] + [i + 1 for i in range(len(data) - 1, -1, -1) if data[i:i + 1] == b"\n"] + [0]
    for end in ends:
        if digest(data[:end]) == stamped:
            return data[:end]
    raise InputError(workbook, f"made with {what} {display(path)} as it was before an edit other than an "
                               "appended row; run `make` and review the new workbook")


# --- writing -------------------------------------------------------------------------------


def appended(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    """The file's bytes with rows added at the end (created with its header if missing), as the
    files are kept: UTF-8, LF line ends, quotes only where needed."""
    old = path.read_bytes() if path.is_file() else b""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if not old.strip():
        writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    if old and not old.endswith(b"\n"):
        old += b"\n"
    return old + buf.getvalue().encode("utf-8")


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def summary(count: int, noun: str, path: Path, who: str, when: str, kinds: Counter, target: Path) -> str:
    order = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = ", ".join(f"{n} {kind}" for kind, n in order)
    plural = noun if count == 1 else f"{noun}s"
    return f"{count} {plural} from {path.name} (by {who}, {when}): {parts} -> {display(target)}"


# --- the two kinds of workbook -------------------------------------------------------------


def import_draft(path: Path, data: bytes, stamp: dict[str, str], by: str | None, raw_dir: Path,
                 corrections_dir: Path | None) -> Report:
    book = read_book(path, data)
    who, when = who_and_when(path, book.properties, by)
    source, extraction = source_of(raw_dir, path, stamp)
    target = corr.corrections_file(source.draft, corrections_dir)
    then = corr.parse_corrections(as_exported(target, path, stamp.get("corrections", ""), "the corrections")
                                  .decode("utf-8"), str(target))
    build: Build = index_build(extraction, then, corr.load_corrections(source.draft, corrections_dir))
    out = Outcome(refusals=list(book.formulas))
    reason = f"rapporteur's review by {who or '?'}, {when}"
    pillars = [with_fields(s, PILLAR_SHEET_FIELDS) for s in book.sheets if s.name.startswith(PILLAR_SHEET_PREFIX)]
    pillars = [without_display(sheet, shown_labels(build.shown), out.refusals) for sheet in pillars]
    matrix = [s for s in book.sheets if s.name == MATRIX_SHEET]
    if not pillars and not matrix:
        out.refusals.append(f"{path.name}: no sheet named 'Matrix' or 'Pillar A' to 'Pillar D'; give a pillar file "
                            "or the draft workbook")
    for sheet in matrix:
        for ctx in matrix_contexts(sheet, build, extraction.layout, out):
            to_corrections(ctx, row_edits(ctx, out), build, reason, out)
    for sheet in pillars:
        sheet_edits(sheet, build, reason, out)
    if any(not is_read_back(s.name) for s in book.sheets):  # the draft workbook: Bodies, Review, About
        shown = corr.correct(extraction, then)
        made = sheets_in_memory(matrix_workbook(shown, source, only=lambda name: not is_read_back(name)), path.name)
        out.refusals += unread_sheets(book, made, is_read_back)
    check_applies(build, out, str(target))
    if out.refusals:
        return Report((), tuple(out.refusals))
    if not out.edits:
        return Report((f"no new edits in {path.name}; {display(target)} unchanged",), ())
    need_who(path, who)
    rows = [[lines_text(e.correction.lines), e.correction.text_starts, e.correction.field, e.correction.value,
             e.correction.reason] for e in out.edits]
    write(target, appended(target, corr.HEADER, rows))
    kinds = Counter(e.kind for e in out.edits)
    moot = [f"  {line}" for line in out.superseded]
    return Report((summary(len(out.edits), "edit", path, who, when, kinds, target), *moot), ())


def write(target: Path, data: bytes) -> None:
    """The curated file replaced in one step; a file system that refuses it, in one line."""
    try:
        atomic.write_bytes(target, data)
    except OSError as exc:
        if exc.errno == errno.EROFS:
            raise OutputError(target, "is on a read-only file system; import in a checkout on a writable disk, "
                                      "or give --corrections-dir/--alignment a folder on one") from exc
        raise OutputError(exc.filename or target, f"cannot write ({exc.strerror or exc}); nothing written") from exc


def expected_rows(result: DiffResult) -> dict[tuple[str, str], dict[str, str]]:
    """A diff's rows as the Diff sheet shows them, keyed by the pair's record ids."""
    rows = {}
    for cells, pair in zip(printed_diff(result).cells, result.pairs):  # by field name, whatever the headings say
        shown = {name: "" if value is None else str(value) for name, value in cells.items()}
        printed = {name: shown[name] for name in SHEET_WORDED}  # the CSV's values, except where the sheet words them
        values = shown | dict(zip(DIFF_COLUMNS, pair_cells(pair))) | printed
        rows[(values["record_id_old"], values["record_id_new"])] = values
    return rows


def exported_build(
    extraction: Extraction, workbook: Path, stamp: dict[str, str], suffix: str, corrections_dir: Path | None
) -> Extraction:
    """One draft's records as the workbook's build had them (its corrections file as it was then)."""
    path = corr.corrections_file(extraction.draft, corrections_dir)
    text = as_exported(path, workbook, stamp.get(f"corrections{suffix}", ""), "the corrections").decode("utf-8")
    return corr.correct(extraction, corr.parse_corrections(text, str(path)))


def import_diff(path: Path, data: bytes, stamp: dict[str, str], by: str | None, raw_dir: Path,
                corrections_dir: Path | None, alignment_dir: Path | None) -> Report:
    book = read_book(path, data)
    sheets = [with_fields(s, DIFF_SHEET_FIELDS) for s in book.sheets if s.name == DIFF_SHEET]
    who, when = who_and_when(path, book.properties, by)
    old_source, old_ex = source_of(raw_dir, path, stamp, "-old")
    new_source, new_ex = source_of(raw_dir, path, stamp, "-new")
    drafts = (old_source.draft, new_source.draft)
    if not sheets:
        return Report((), (f"{path.name}: no sheet named {DIFF_SHEET!r}",))
    then = [exported_build(ex, path, stamp, suffix, corrections_dir) for ex, suffix in
            ((old_ex, "-old"), (new_ex, "-new"))]
    now = [corr.correct(ex, corr.load_corrections(ex.draft, corrections_dir)) for ex in (old_ex, new_ex)]
    target = pins.alignment_file(*drafts, alignment_dir)
    on_file = pins.load_decisions(*drafts, alignment_dir)
    decided_then = pins.parse_decisions(as_exported(target, path, stamp.get("alignment", ""), "the decisions")
                                        .decode("utf-8"), str(target))
    shown = pins.align_decided(then[0].records, then[1].records, decided_then)
    ids = ({r.record_id for r in now[0].records}, {r.record_id for r in now[1].records})
    out = pair_decisions(sheets[0], expected_rows(shown), ids, drafts, on_file,
                         f"rapporteur's review by {who or '?'}, {when}")
    made = sheets_in_memory(diff_workbook(shown, *drafts, only=lambda name: not is_read_back(name)), path.name)
    refusals = [*book.formulas, *out.refusals, *unread_sheets(book, made, is_read_back)]
    if refusals:
        return Report((), tuple(refusals))
    if not out.decisions:
        return Report((f"no new decisions in {path.name}; {display(target)} unchanged",), ())
    need_who(path, who)
    rows = [[d.old_id, d.new_id, d.decision, d.reason] for d, _ in out.decisions]
    data_out = appended(target, pins.HEADER, rows)
    try:  # the file as the next build reads it, checked now
        pins.align_decided(now[0].records, now[1].records, pins.parse_decisions(data_out.decode("utf-8"), str(target)))
    except InputError as exc:
        return Report((), (f"{path.name}: {exc.reason}",))
    write(target, data_out)
    kinds = Counter("wrong" if d.decision == pins.FORBID else "pin" for d, _ in out.decisions)
    return Report((summary(len(out.decisions), "decision", path, who, when, kinds, target),), ())


def import_workbook(
    path: Path, by: str | None = None, raw_dir: Path = Path("raw"),
    corrections_dir: Path | None = None, alignment_dir: Path | None = None,
) -> Report:
    """Import one edited workbook; see the module docstring."""
    data = read_file(path, "a workbook; give an .xlsx file from out/")
    stamp = read_stamp(data)
    if not stamp:
        raise InputError(path, "not a workbook of a tipmatrix build (no build stamp in its document properties); "
                               "give a pillar file, draft workbook or diff workbook from out/")
    if "draft-old" in stamp:
        return import_diff(path, data, stamp, by, raw_dir, corrections_dir, alignment_dir)
    return import_draft(path, data, stamp, by, raw_dir, corrections_dir)
