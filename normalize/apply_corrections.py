"""Curated corrections: reviewed edits applied to the records after extraction and reconciliation.

Some damage in the sources cannot be undone by a rule (a lead body beside two activities, a cell
the rendition cut). A rapporteur writes the fix once, as one row of `corrections/<draft>.csv`, and
every regeneration applies it again. The columns:

    lines,text_starts,field,value,reason

- `lines`: the record's `source_lines` as in records.csv ("11" or "45-60");
- `text_starts`: the start of the record's text (its activity, or its area when there is none),
  whitespace-normalised, case kept. With `lines` it must name exactly one record of the draft;
- `field`: a column to set (`EDITABLE`), or an operation: `split` (the record holds two activities,
  or its area two areas; `value` is the text at which the next one starts, one row per cut) or
  `drop` (not a record; `value` empty). A drop supersedes the record's other rows: they no longer
  apply, and each run says so (`superseded`) until they are removed; the record's lines show as
  `dropped` in the line audit;
- `value`: the new value. `lead` and `cooperating` take canonical body codes joined by "; ";
- `reason`: why, so that a reviewer can check it against the source line. Required.

Every row is matched against the records as extracted, before any correction. A row that
matches no record, or more than one, or that sets a value the record already has, stops the run:
a correction the extractor has overtaken is removed, never silently skipped. Corrected records
carry a `corrected: <fields> (<reason>)` flag; split parts inherit every other field.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from tipmatrix.bodies import codes
from tipmatrix.errors import FileRow, InputError
from tipmatrix.extract.layouts import categories
from tipmatrix.model import KINDS, PILLAR_TITLES, Extraction, Record, flag, flag_kind
from tipmatrix.textfold import squash_spaces

CORRECTIONS_DIR = Path(__file__).with_name("corrections")
HEADER = ("lines", "text_starts", "field", "value", "reason")

TEXT_FIELDS = (
    "provision_text", "area", "activity_ref", "activity", "expected_outputs", "bodies_raw", "status", "note",
)
CODE_FIELDS = ("lead", "cooperating")
CHOICE_FIELDS = {
    "pillar": tuple(PILLAR_TITLES),
    "provision": ("", *"ABCDEFGHIJKL"),
    "category": ("", *categories()),
    "kind": KINDS,
}
EDITABLE = (*TEXT_FIELDS, *CODE_FIELDS, *CHOICE_FIELDS, "source_lines")
OPERATIONS = ("split", "drop")
LINES = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


@dataclass(frozen=True)
class Correction(FileRow):
    """One row of a corrections file: which record, what to change, and why."""

    lines: tuple[int, int]
    text_starts: str
    field: str
    value: str
    reason: str

    @property
    def target(self) -> str:
        return f"the record on lines {self.lines[0]}-{self.lines[1]} starting {self.text_starts!r}"



def parse_lines(text: str) -> tuple[int, int] | None:
    m = LINES.match(text)
    if not m:
        return None
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    return (first, last) if 0 < first <= last else None


def parse_codes(value: str) -> tuple[str, ...]:
    return tuple(part for part in (p.strip() for p in value.split(";")) if part)


def check_value(entry: Correction) -> None:
    """Refuse a value its field cannot hold, naming the row."""
    field, value = entry.field, entry.value
    if field in CODE_FIELDS:
        listed = parse_codes(value)
        unknown = [c for c in listed if c not in codes()]
        if len(set(listed)) < len(listed):
            raise entry.error(f"{field}: {value!r} names a body twice")
        if unknown:
            raise entry.error(
                f"{field}: unknown body code {unknown[0]!r}; use canonical codes from tipmatrix/bodies.csv "
                f"({', '.join(codes())}) joined by '; '"
            )
    elif field in CHOICE_FIELDS and value not in CHOICE_FIELDS[field]:
        raise entry.error(f"{field}: {value!r} is not one of {', '.join(map(repr, CHOICE_FIELDS[field]))}")
    elif field == "source_lines" and parse_lines(value) is None:
        raise entry.error(f"source_lines: {value!r} is not 'first-last'")
    elif field == "split" and not value:
        raise entry.error("split: give the text at which the next record starts")
    elif field == "drop" and value:
        raise entry.error("drop takes no value; say why in the reason")


def parse_row(path: str, line: int, row: list[str]) -> Correction:
    if len(row) != len(HEADER):
        raise InputError(path, f"line {line}: {len(row)} columns, expected {len(HEADER)} ({','.join(HEADER)})")
    lines_text, text_starts, field, value, reason = (cell.strip() for cell in row)
    lines = parse_lines(lines_text)
    if lines is None:
        raise InputError(path, f"line {line}: lines {lines_text!r} is not a line number or 'first-last'")
    if field not in EDITABLE + OPERATIONS:
        raise InputError(path, f"line {line}: unknown field {field!r}; one of {', '.join(EDITABLE + OPERATIONS)}")
    if not reason:
        raise InputError(path, f"line {line}: no reason; say what in the source shows the fix")
    value = value if field in CODE_FIELDS else squash_spaces(value)
    entry = Correction(path, line, lines, squash_spaces(text_starts), field, value, squash_spaces(reason))
    check_value(entry)
    return entry


def parse_corrections(text: str, path: str) -> tuple[Correction, ...]:
    """The rows of a corrections file (CSV with the `HEADER` columns), each checked on its own."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    entries: list[Correction] = []
    header_seen = False
    seen: dict[tuple, int] = {}
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(path, f"line {start}: not valid CSV ({exc})") from exc
        if not any(cell.strip() for cell in row):
            continue
        if not header_seen:
            if tuple(cell.strip() for cell in row) != HEADER:
                raise InputError(path, f"line {start}: the header must be {','.join(HEADER)}")
            header_seen = True
            continue
        entry = parse_row(path, start, row)
        key = (entry.lines, entry.text_starts, entry.field, entry.value if entry.field == "split" else "")
        if key in seen:
            raise entry.error(f"{entry.field} of {entry.target} is already corrected on line {seen[key]}")
        seen[key] = start
        entries.append(entry)
    return tuple(entries)


def corrections_file(draft: str, directory: Path | None = None) -> Path:
    return (directory or CORRECTIONS_DIR) / f"{draft}.csv"


def load_corrections(draft: str, directory: Path | None = None) -> tuple[Correction, ...]:
    """The corrections of one draft; a draft with no file has none."""
    path = corrections_file(draft, directory)
    text = read_curated(path, "corrections")
    return parse_corrections(text, str(path)) if text is not None else ()


def read_curated(path: Path, what: str) -> str | None:
    """The text of a curated file (None when there is none), refused in one line when not UTF-8."""
    if not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 (offset {exc.start}); save the {what} file as UTF-8") from exc


def target_of(entry: Correction, records: list[Record]) -> int:
    """The index of the one record an entry names; none or several stop the run."""
    found = [
        i for i, rec in enumerate(records)
        if rec.source_lines == entry.lines and squash_spaces(rec.text).startswith(entry.text_starts)
    ]
    if not found:
        there = [squash_spaces(r.text)[:40] for r in records if r.source_lines == entry.lines]
        moved = [f"{r.source_lines[0]}-{r.source_lines[1]}" for r in records
                 if squash_spaces(r.text).startswith(entry.text_starts)]
        if there:
            seen = f"records there start: {'; '.join(map(repr, there))}"
        elif moved:
            seen = f"a record starting so is now on lines {', '.join(moved)}"
        else:
            seen = "no record has those lines"
        raise entry.error(
            f"stale: no record on lines {entry.lines[0]}-{entry.lines[1]} starts {entry.text_starts!r} ({seen}); "
            "check the source and out/<draft>/records.csv, then fix or delete the entry"
        )
    if len(found) > 1:
        raise entry.error(
            f"{len(found)} records on lines {entry.lines[0]}-{entry.lines[1]} start {entry.text_starts!r}; "
            "give more of the text so it names one"
        )
    return found[0]


def edit(rec: Record, entry: Correction) -> Record:
    """The record with one field set; setting the value it already has is an error (a stale entry)."""
    field, value = entry.field, entry.value
    if field in CODE_FIELDS:
        new: object = parse_codes(value)
    elif field == "source_lines":
        new = parse_lines(value)
    else:
        new = value
    if getattr(rec, field) == new:
        raise entry.error(
            f"{field} of {entry.target} is already {value!r} (the extractor now gets it right: delete the entry)"
        )
    changes: dict[str, object] = {field: new}
    if field == "source_lines":
        span = parse_lines(value) or rec.source_lines
        changes["lines_used"] = tuple(sorted({*rec.lines_used, *span}))
    if field == "lead" and new:
        changes["flags"] = tuple(f for f in rec.flags if flag_kind(f) != "missing-lead")
    return rec.replace(**changes)


def pieces(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *sorted(cuts), len(text)]
    return [squash_spaces(text[a:b]) for a, b in pairwise(bounds)]


def split(rec: Record, entries: list[Correction]) -> list[Record]:
    """The record cut before each split text, parts whitespace-cleaned, every other field kept.

    A split text found in the activity cuts the activity. One found only in the area (a November
    area cell holding two areas whose numbering was lost) cuts the area: the area before the cut
    becomes an area-only record of its own (no activity, ref, note, outputs or status), placed
    first, and the record keeps the area from the cut with its activity.
    """
    activity, area = squash_spaces(rec.activity), squash_spaces(rec.area)
    activity_cuts: list[int] = []
    area_cuts: list[int] = []
    for entry in entries:
        for text, cuts in ((activity, activity_cuts), (area, area_cuts)):
            at = text.find(entry.value)
            if at > 0:
                if text.find(entry.value, at + 1) != -1:
                    raise entry.error(f"split text {entry.value!r} occurs more than once in {entry.target}")
                cuts.append(at)
                break
        else:
            raise entry.error(
                f"split text {entry.value!r} does not occur after the start of the activity or the area of "
                f"{entry.target}"
            )
    parts = [rec.replace(activity=part) for part in pieces(activity, activity_cuts)]
    if not area_cuts:
        return parts
    *heads, last = pieces(area, area_cuts)
    area_only = dict(activity="", activity_ref="", note="", expected_outputs="", status="")
    return [rec.replace(area=head, **area_only) for head in heads] + [p.replace(area=last) for p in parts]


def correction_flags(entries: list[Correction]) -> list[str]:
    """One `corrected` flag per reason, naming the fields corrected for it."""
    by_reason: dict[str, list[str]] = {}
    for entry in entries:
        fields = by_reason.setdefault(entry.reason, [])
        if entry.field not in fields:
            fields.append(entry.field)
    return [flag("corrected", f"{', '.join(fields)} ({reason})") for reason, fields in by_reason.items()]


def correct_record(rec: Record, entries: list[Correction]) -> list[Record]:
    """One record after its entries, in file order: field edits, then splits; [] when dropped."""
    if any(e.field == "drop" for e in entries):
        return []  # the record's other entries no longer apply (`superseded` names them)
    edited: set[str] = set()
    for entry in entries:
        if entry.field in OPERATIONS:
            continue
        if entry.field in edited:
            raise entry.error(f"{entry.field} of {entry.target} is corrected twice; keep one entry")
        edited.add(entry.field)
        rec = edit(rec, entry)
    both = sorted(set(rec.lead) & set(rec.cooperating))
    if both:
        last = entries[-1]
        raise last.error(f"{last.target} would have {', '.join(both)} both as lead and as cooperating body")
    splits = [e for e in entries if e.field == "split"]
    parts = part_ids(rec, split(rec, splits)) if splits else [rec]
    flags = correction_flags(entries)
    out = []
    for part in parts:
        for f in flags:
            part = part.with_flag(f)
        out.append(part)
    return out


def part_ids(rec: Record, parts: list[Record]) -> list[Record]:
    """The parts of a split record: the part that starts with the record's text keeps its id (a
    correction never changes the id of the record it corrects), the others get `<id>-part<n>`."""
    start = squash_spaces(rec.text)[:40]
    keeper = next((i for i, p in enumerate(parts) if p.text and (start.startswith(squash_spaces(p.text)[:40])
                   or squash_spaces(p.text).startswith(start))), 0)
    return [p if i == keeper or not rec.record_id else p.replace(record_id=f"{rec.record_id}-part{i + 1}")
            for i, p in enumerate(parts)]


def apply_corrections(records: list[Record], entries: tuple[Correction, ...]) -> list[Record]:
    """The records with every entry applied; each entry must name exactly one record."""
    targets: dict[int, list[Correction]] = {}
    for entry in entries:
        targets.setdefault(target_of(entry, records), []).append(entry)
    out: list[Record] = []
    for i, rec in enumerate(records):
        out.extend(correct_record(rec, targets[i]) if i in targets else [rec])
    return out


def correct(extraction: Extraction, entries: tuple[Correction, ...]) -> Extraction:
    """An extraction with its corrections applied: ids re-assigned, coverage re-derived (the lines of
    a dropped record that no other record uses are `dropped`)."""
    if not entries:
        return extraction
    records = list(extraction.records)
    drops = [target_of(entry, records) for entry in entries if entry.field == "drop"]
    dropped = {line for i in drops for line in records[i].lines_used}
    return extraction.with_records(apply_corrections(records, entries), dropped=dropped)


def superseded(entries: tuple[Correction, ...], records: list[Record]) -> list[tuple[Correction, Correction]]:
    """(entry, the drop that makes it moot) for each entry of a record that another entry drops."""
    by_record: dict[int, list[Correction]] = {}
    for entry in entries:
        by_record.setdefault(target_of(entry, records), []).append(entry)
    moot = []
    for group in by_record.values():
        drop = next((e for e in group if e.field == "drop"), None)
        if drop is not None:
            moot += [(e, drop) for e in group if e is not drop]
    return moot


def superseded_line(entry: Correction, drop: Correction) -> str:
    """What a run says of an entry a drop made moot, until someone removes it."""
    return (f"{entry.path} line {entry.line} ({entry.field} {entry.value!r}) no longer applies: line {drop.line} "
            f"drops {entry.target}; remove line {entry.line}")
