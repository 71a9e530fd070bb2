"""A rapporteur's edited pillar sheet -> curated correction rows, or the reasons it is refused.

Pure: the caller (tipmatrix/review.py) reads the workbook into `Sheet`s of text cells and runs the
build; here each row is matched to its record by `record_id`, every changed cell is checked, and
each edit becomes one row of `normalize/corrections/<draft>.csv` in the format of
`normalize/apply_corrections.py`. An edit is a cell of an editable column (`EDITABLE`) whose text differs
from the record as the workbook showed it (the build it was made from: the records as extracted with
the corrections on file then, which the caller finds again as a start of today's corrections file);
the Review column takes `drop` or a remark that becomes the note. Anything that cannot be taken as
the meeting meant it is refused, one line naming the cell, and then nothing is written: an edit to
a read-only column, a body the registry does not know, a deleted row, an unknown or repeated
record_id, an edit that contradicts a correction on file. An edit already on file is not repeated,
so the same workbook can be imported twice. A `drop` supersedes the corrections on file of its record
(`Outcome.superseded` names them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tipmatrix.bodies import alias_index, body_key, codes, resolve_parenthesised, split_mentions
from tipmatrix.errors import InputError
from tipmatrix.model import COLUMNS, LIST_SEPARATOR, Extraction, Record, record_to_row
from tipmatrix.normalize.apply_corrections import (
    Correction,
    correct,
    correct_record,
    target_of,
)
from tipmatrix.textfold import squash_spaces

# Heading on the sheet -> record field. The one place the importer learns the sheet's columns:
# when export/sheets.py renames a heading, add the new words here (old headings can stay, so that
# workbooks already sent out still import).
SHEET_FIELDS: dict[str, str] = {
    **{name: name for name in COLUMNS},
    "review": "review",
    "Review": "review",
}
EDITABLE = ("area", "activity", "expected_outputs", "lead", "cooperating", "status", "note")
BODY_FIELDS = ("lead", "cooperating")
REVIEW = "review"
DROP = "drop"
REMARK = "remark"  # a Review cell other than `drop`: a kind of edit in the summary, a `note` on file
# columns a sheet must keep for its rows to be read at all
REQUIRED = ("record_id", REVIEW)
SHEET_PILLAR = re.compile(r"^Pillar ([A-Z])$")


@dataclass(frozen=True)
class Sheet:
    """One sheet of an edited workbook as text: a heading per column, then (row number, cells)."""

    file: str
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def where(self, row: int | None = None, col: int | None = None) -> str:
        if row is None:
            return f"{self.file}, sheet {self.name!r}"
        return f"{self.file}, sheet {self.name!r}, cell {column_letter(col or 0)}{row}"


@dataclass(frozen=True)
class Edit:
    """A correction row to append, and what the summary calls it (a field, `drop` or `remark`)."""

    correction: Correction
    kind: str
    where: str  # the cell it came from


@dataclass
class Outcome:
    edits: list[Edit] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    on_file: int = 0  # edits of this workbook already on file
    superseded: list[str] = field(default_factory=list)  # corrections on file a new `drop` makes moot


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA (the spreadsheet's own name of a column)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- the build the workbook is compared with ------------------------------------------------


@dataclass(frozen=True)
class Build:
    """The records as extracted, the build the workbook was made from, and the corrections on file now.

    `shown[k]` came from `extracted[origin[k]]`, so an edit can be written against the record as
    extracted, which is what a correction names. `on_file[i]`: today's corrections of extracted record i.
    """

    extracted: tuple[Record, ...]
    shown: tuple[Record, ...]
    origin: tuple[int, ...]
    entries: tuple[Correction, ...]
    on_file: dict[int, list[Correction]]


def targets(extracted: Sequence[Record], entries: Sequence[Correction]) -> dict[int, list[Correction]]:
    found: dict[int, list[Correction]] = {}
    for entry in entries:
        found.setdefault(target_of(entry, list(extracted)), []).append(entry)
    return found


def index_build(extraction: Extraction, then: Sequence[Correction], now: Sequence[Correction]) -> Build:
    """The build made with the corrections `then` (as `correct` makes it, keeping where each record
    came from), and the corrections on file `now`."""
    extracted = list(extraction.records)
    applied = targets(extracted, then)
    records: list[Record] = []
    origin: list[int] = []
    for i, rec in enumerate(extracted):
        parts = correct_record(rec, applied[i]) if i in applied else [rec]
        records.extend(parts)
        origin.extend([i] * len(parts))
    shown = correct(extraction, tuple(then)).records  # the ids exactly as the pipeline gives them
    if len(shown) != len(records):
        raise AssertionError("index_build no longer follows normalize.apply_corrections.apply_corrections")
    return Build(tuple(extracted), tuple(shown), tuple(origin), tuple(now), targets(extracted, now))


# --- cells ---------------------------------------------------------------------------------


def same_text(cell: str, value: str) -> bool:
    """Whether a cell still says what the record says: spaces collapsed, numbers compared as numbers
    (a spreadsheet may store "3" typed into a text column as the number 3.0)."""
    if squash_spaces(cell) == squash_spaces(value):
        return True
    try:
        return abs(float(cell) - float(value)) < 0.05
    except ValueError:
        return False


def parse_bodies(text: str) -> tuple[tuple[str, ...], list[str]]:
    """Canonical codes of a body cell as typed ("somed; SLOM (ACMW)" -> SOM-ED, ACMW) and the
    mentions that name no registry body. No fuzzy match: a typed name is exact or refused."""
    found: list[str] = []
    unknown: list[str] = []
    index = alias_index()
    for part in (p.strip() for p in text.split(";")):
        mentions = [part] if body_key(part) in index else split_mentions(part)
        for mention in mentions:
            parenthesised = resolve_parenthesised(mention)
            code = index.get(body_key(mention)) or (parenthesised.code if parenthesised else None)
            if code is None:
                unknown.append(mention)
            else:
                found.append(code)
    return tuple(found), unknown


def lines_text(lines: tuple[int, int]) -> str:
    return str(lines[0]) if lines[0] == lines[1] else f"{lines[0]}-{lines[1]}"


def text_starts(rec: Record, extracted: Sequence[Record], words: int = 8) -> str:
    """The shortest start of the record's text, from `words` words on, that names it alone on its lines."""
    text = squash_spaces(rec.text).split(" ")
    same_lines = [squash_spaces(r.text) for r in extracted if r.source_lines == rec.source_lines and r is not rec]
    for n in range(min(words, len(text)), len(text) + 1):
        start = " ".join(text[:n])
        if not any(other.startswith(start) for other in same_lines):
            return start
    return " ".join(text)


# --- one sheet -----------------------------------------------------------------------------


@dataclass
class RowContext:
    sheet: Sheet
    row: int
    cells: dict[str, tuple[int, str]]  # field -> (column, text)
    origin: int
    record: Record  # as the workbook showed it

    def at(self, name: str) -> str:
        return self.sheet.where(self.row, self.cells[name][0])


SHEET_FIELDS_BY_FIELD = {v: k for k, v in SHEET_FIELDS.items()}


def columns_of(sheet: Sheet, refusals: list[str]) -> dict[str, int] | None:
    """Field -> column number by heading; None (and why) when the sheet cannot be read."""
    columns: dict[str, int] = {}
    for col, heading in enumerate(sheet.header, start=1):
        name = SHEET_FIELDS.get(squash_spaces(heading))
        if name is None:
            if heading.strip() or any(len(cells) >= col and cells[col - 1].strip() for _, cells in sheet.rows):
                refusals.append(
                    f"{sheet.where(1, col)}: column {squash_spaces(heading)!r} is not one of the sheet's columns; "
                    "write remarks in the Review column"
                )
            continue
        if name in columns:
            refusals.append(f"{sheet.where(1, col)}: a second column {squash_spaces(heading)!r}")
        columns[name] = col
    missing = [SHEET_FIELDS_BY_FIELD[name] for name in (*REQUIRED, *EDITABLE) if name not in columns]
    if missing:
        refusals.append(f"{sheet.where()}: no column {', '.join(map(repr, missing))}; put the column back")
        return None
    return columns


def read_rows(sheet: Sheet, build: Build, pillar: str | None, out: Outcome) -> list[RowContext]:
    """The sheet's rows matched to records, with the refusals of ids and rows."""
    columns = columns_of(sheet, out.refusals)
    if columns is None:
        return []
    by_id = {r.record_id: k for k, r in enumerate(build.shown)}
    rows: list[RowContext] = []
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        texts = {name: (col, cells[col - 1] if col <= len(cells) else "") for name, col in columns.items()}
        if not any(text.strip() for _, text in texts.values()):
            continue
        id_col, rid = texts["record_id"]
        rid = rid.strip()
        where = sheet.where(number, id_col)
        if not rid:
            out.refusals.append(f"{where}: a row with no record_id; records cannot be added from a sheet")
        elif rid in seen:
            out.refusals.append(f"{where}: record_id {rid!r} again (first on row {seen[rid]}); remove the copy")
        elif rid not in by_id:
            out.refusals.append(f"{where}: {rid!r} is no record of this build; do not type or change record ids")
        elif pillar is not None and build.shown[by_id[rid]].pillar != pillar:
            out.refusals.append(f"{where}: record {rid!r} is of pillar {build.shown[by_id[rid]].pillar}, "
                                "not of this sheet")
        else:
            k = by_id[rid]
            rows.append(RowContext(sheet, number, texts, build.origin[k], build.shown[k]))
        seen.setdefault(rid, number)
    missing_rows(sheet, build, pillar, seen, out)
    return rows


def short(text: str, words: int = 8) -> str:
    parts = squash_spaces(text).split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def missing_rows(sheet: Sheet, build: Build, pillar: str | None, seen: dict[str, int], out: Outcome) -> None:
    """Every record of the sheet's pillar must still have its row: a deleted row is refused."""
    if pillar is None:
        return
    for rec in build.shown:
        if rec.pillar == pillar and rec.record_id not in seen:
            out.refusals.append(
                f"{sheet.where()}: the row of record {rec.record_id} ({short(rec.text)!r}) was deleted; "
                "put it back and type `drop` in its Review cell to drop the record"
            )


def cell_edit(ctx: RowContext, name: str, text: str, row: dict[str, str], out: Outcome) -> tuple | None:
    """(field, value, cell, kind) when one cell of a row differs from its record, else None."""
    rec = ctx.record
    if name in BODY_FIELDS:
        typed, unknown = parse_bodies(text)
        for mention in unknown:
            out.refusals.append(f"{ctx.at(name)}: {mention!r} is no known body; known: {', '.join(codes())}")
        if len(set(typed)) < len(typed):
            out.refusals.append(f"{ctx.at(name)}: {text!r} names a body twice")
        elif not unknown and typed != getattr(rec, name):
            return (name, LIST_SEPARATOR.join(typed), ctx.at(name), name)
        return None
    if same_text(text, row[name]) or name == "record_id":
        return None
    if name in EDITABLE:
        return (name, squash_spaces(text), ctx.at(name), name)
    out.refusals.append(
        f"{ctx.at(name)}: column {SHEET_FIELDS_BY_FIELD[name]!r} is read-only (was {row[name]!r}); "
        f"only {', '.join(SHEET_FIELDS_BY_FIELD[f] for f in EDITABLE)} and Review take edits"
    )
    return None


def row_edits(ctx: RowContext, out: Outcome) -> list[tuple[str, str, str, str]]:
    """(field, value, cell, kind) of each changed cell of one row; refusals for what cannot be taken."""
    review = ctx.cells[REVIEW][1].strip()
    row = record_to_row(ctx.record)
    edits = [e for name, (_, text) in ctx.cells.items() if name != REVIEW
             for e in [cell_edit(ctx, name, text, row, out)] if e]
    if review.casefold() == DROP:
        if edits:
            out.refusals.append(f"{ctx.at(REVIEW)}: `drop` and edits in one row; keep one")
            return []
        return [(DROP, "", ctx.at(REVIEW), DROP)]
    if review:
        if any(e[0] == "note" for e in edits):
            out.refusals.append(f"{ctx.at(REVIEW)}: a remark and an edited note in one row; keep one")
            return []
        edits.append(("note", squash_spaces(f"{ctx.record.note} {review}"), ctx.at(REVIEW), REMARK))
    return edits


def to_corrections(
    ctx: RowContext, edits: Sequence[tuple[str, str, str, str]], build: Build, reason: str, out: Outcome
) -> None:
    """The row's edits as correction rows against the record as extracted; an edit that
    contradicts a correction on file is refused, one already on file is counted, not repeated."""
    origin = build.extracted[ctx.origin]
    on_file = build.on_file.get(ctx.origin, [])
    starts = text_starts(origin, build.extracted)
    for name, value, where, kind in edits:
        same = [e for e in on_file if e.field == name]
        split = [e for e in on_file if e.field == "split"]
        if same and same[0].value == value:
            out.on_file += 1
            continue
        if any((e.correction.lines, e.correction.text_starts, e.correction.field, e.correction.value)
               == (origin.source_lines, starts, name, value) for e in out.edits):
            continue  # the same edit typed on two sheets of one workbook (Matrix and Pillar)
        # a drop supersedes the record's corrections (a split record's parts are dropped one by one: refused)
        others = split if name == DROP else same
        if name == DROP and not split:
            out.superseded += [f"{e.path} line {e.line} ({e.field} {e.value!r}) no longer applies: the drop in "
                               f"{where} supersedes it; remove that line (each build says so until then)"
                               for e in on_file]
        if others:
            out.refusals.append(
                f"{where}: conflicts with {others[0].path} line {others[0].line} "
                f"({others[0].field} {others[0].value!r}); edit that line instead"
            )
            continue
        correction = Correction(
            path="", line=0, lines=origin.source_lines, text_starts=starts,
            field=name, value=value, reason=f"{reason} ({where})",
        )
        out.edits.append(Edit(correction, kind, where))


def sheet_edits(sheet: Sheet, build: Build, reason: str, out: Outcome) -> None:
    """The edits of one pillar sheet, added to `out`."""
    m = SHEET_PILLAR.match(sheet.name)
    for ctx in read_rows(sheet, build, m.group(1) if m else None, out):
        to_corrections(ctx, row_edits(ctx, out), build, reason, out)


def check_applies(build: Build, out: Outcome, path: str) -> None:
    """Apply the corrections on file and the new ones together, as the next build will; what
    fails there is refused now, naming the cell."""
    if out.refusals or not out.edits:
        return
    first = len(build.entries) + 2
    numbered = [
        Edit(Correction(path, first + n, e.correction.lines, e.correction.text_starts, e.correction.field,
                        e.correction.value, e.correction.reason), e.kind, e.where)
        for n, e in enumerate(out.edits)
    ]
    by_line = {e.correction.line: e for e in numbered}
    try:
        for i, entries in targets(build.extracted, [*build.entries, *(e.correction for e in numbered)]).items():
            correct_record(build.extracted[i], entries)
    except InputError as exc:
        m = re.match(r"line (\d+): (.*)", exc.reason)
        line, problem = (int(m.group(1)), m.group(2)) if m else (0, exc.reason)
        out.refusals.append(f"{by_line[line].where if line in by_line else path}: {problem}")
