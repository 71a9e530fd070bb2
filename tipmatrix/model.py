"""The record model: one activity of the matrix, and its column contract.

Every front-end (text rendition, PDF, Word document, page scan) produces `Record`s and every export reads them,
so the columns of `records.csv` are defined here once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from tipmatrix.flags import declared

COLUMNS: tuple[str, ...] = (
    "record_id",
    "draft",
    "pillar",
    "pillar_title",
    "provision",
    "provision_text",
    "area",
    "category",
    "activity_ref",
    "activity",
    "kind",
    "expected_outputs",
    "lead",
    "cooperating",
    "bodies_raw",
    "status",
    "note",
    "source_file",
    "source_page",
    "source_lines",
    "flags",
    "provision_label_printed",
)

PILLAR_TITLES: dict[str, str] = {
    "A": "Prevention of Trafficking in Persons",
    "B": "Protection of Victims",
    "C": "Law Enforcement and Prosecution of Crimes of Trafficking in Persons",
    "D": "Regional and International Cooperation and Coordination",
}

# "provision": a provision printed with no activity beside it, kept so its lines are accounted for.
KINDS: tuple[str, ...] = ("activity", "note", "provision")

LIST_SEPARATOR = "; "


def fast_replace(obj: Any, changes: dict[str, Any]) -> Any:
    """`dataclasses.replace(obj, **changes)` for a frozen dataclass whose fields are all set by its
    `__init__` and that has no `__post_init__` (Record, CoverageLine): the same new object, made by
    copying the instance dict instead of calling the generated `__init__` once per field. An
    extraction replaces records and coverage lines tens of thousands of times, and that `__init__`
    sets each of Record's 22 fields through `object.__setattr__`. Anything else goes through
    `dataclasses.replace`, which also raises its own error for an unknown field."""
    names = _PLAIN_FIELDS.get(type(obj))
    if names is None or not names.issuperset(changes):
        return dataclasses.replace(obj, **changes)
    new = object.__new__(type(obj))
    state = new.__dict__
    state.update(obj.__dict__)
    state.update(changes)
    return new


@dataclass(frozen=True)
class Record:
    """One activity (or a note) under one provision of one pillar of one draft."""

    draft: str
    pillar: str
    provision: str
    provision_text: str
    activity: str
    source_file: str
    source_lines: tuple[int, int]
    source_page: str = ""
    area: str = ""
    category: str = ""
    activity_ref: str = ""
    kind: str = "activity"
    expected_outputs: str = ""
    lead: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    bodies_raw: str = ""
    status: str = ""
    note: str = ""
    flags: tuple[str, ...] = ()
    record_id: str = ""
    # The provision's label as printed ("B.", "(b)", "2.", "ii."; look-alike letters folded), beside its
    # canonical letter in `provision`: extract/labels.py.
    provision_label_printed: str = ""
    # Every source line the record's text came from (source_lines is only their span);
    # not a column, it feeds the coverage audit.
    lines_used: tuple[int, ...] = ()

    @property
    def pillar_title(self) -> str:
        return PILLAR_TITLES.get(self.pillar, "")

    @property
    def text(self) -> str:
        """The text that identifies the record: the activity, or the area when there is none."""
        return self.activity or self.area

    def with_flag(self, flag: str) -> Record:
        if flag in self.flags:
            return self
        return self.replace(flags=self.flags + (flag,))

    def replace(self, **changes: Any) -> Record:
        return fast_replace(self, changes)


@dataclass(frozen=True)
class CoverageLine:
    """What became of one source line: used by records, dropped as boilerplate, or unassigned."""

    line: int
    page: str
    status: str  # record | header | footer | pillar-heading | echo | blank | prose | speck | unassigned | dropped
    text: str
    record_ids: tuple[str, ...] = field(default=())


# The classes `fast_replace` copies, with their field names: only those whose every field is set by
# `__init__` and that have no `__post_init__` (checked here, so a later change falls back by itself).
_PLAIN_FIELDS: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in dataclasses.fields(cls))
    for cls in (Record, CoverageLine)
    if not hasattr(cls, "__post_init__") and all(f.init for f in dataclasses.fields(cls))
}

# speck: a stray mark of a scanned page (dust, a stamp's edge) that OCR read as characters
BOILERPLATE = ("header", "footer", "pillar-heading", "echo", "blank", "prose", "speck")
# A line of a record that a curated correction drops (not a record, on the rapporteur's word): neither
# used nor lost. Only corrections give it.
DROPPED = "dropped"


def flag(kind: str, message: str = "") -> str:
    """A review flag as stored in a record: a stable kebab-case type, then what it is about.

    The type must be declared in `tipmatrix.flags`. Flags are joined with "; " in a CSV cell, so a
    ";" inside a message is escaped as "\\;" (and a backslash as "\\\\"): the message is kept as
    written, and `split_flags` reads the cell back.
    """
    if not declared(kind):
        raise ValueError(f"undeclared record flag type {kind!r}: declare it in tipmatrix/flags.py")
    message = message.replace("\\", "\\\\").replace(";", "\\;")
    return f"{kind}: {message}" if message else kind


FLAG_ITEM = re.compile(r"(?:\\.|[^;\\])+")


def split_flags(cell: str) -> tuple[str, ...]:
    """The flags of a `flags` cell: split at the "; " between them, not at an escaped "\\;"."""
    return tuple(part for part in (p.strip() for p in FLAG_ITEM.findall(cell)) if part)


def flag_kind(text: str) -> str:
    return text.split(":", 1)[0]


def identity(rec: Record) -> str:
    """What a record's id is made of: draft, pillar, provision and its text, area and text.

    Never line numbers or pages: an id must not move when lines are inserted or pages re-broken
    elsewhere in the source (review edits are keyed by record_id).
    """
    return "\x1f".join((rec.draft, rec.pillar, rec.provision, " ".join(rec.provision_text.split()),
                         " ".join(rec.area.split()), " ".join(rec.text.split()), rec.kind))


def assign_ids(records: list[Record]) -> list[Record]:
    """Give each record without an id one derived from `identity`: `<draft>-<pillar>-<hash>`,
    with `-2`, `-3`, ... for the second and later records of the same identity, in source order.

    Records that already have an id keep it, so a correction never changes the id of the record
    it corrects.
    """
    taken = {rec.record_id for rec in records if rec.record_id}
    seen: dict[str, int] = {}
    out = []
    for rec in records:
        if rec.record_id:
            out.append(rec)
            continue
        digest = hashlib.sha1(identity(rec).encode()).hexdigest()[:8]
        base = f"{rec.draft}-{rec.pillar or 'X'}-{digest}"
        seen[base] = seen.get(base, 0) + 1
        rid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        while rid in taken:  # only a record another step has already named
            seen[base] += 1
            rid = f"{base}-{seen[base]}"
        taken.add(rid)
        out.append(fast_replace(rec, {"record_id": rid}))
    return out


def record_to_row(rec: Record) -> dict[str, str]:
    """A record as the strings of one CSV row, in `COLUMNS` order."""
    values = {
        "record_id": rec.record_id,
        "draft": rec.draft,
        "pillar": rec.pillar,
        "pillar_title": rec.pillar_title,
        "provision": rec.provision,
        "provision_text": rec.provision_text,
        "area": rec.area,
        "category": rec.category,
        "activity_ref": rec.activity_ref,
        "activity": rec.activity,
        "kind": rec.kind,
        "expected_outputs": rec.expected_outputs,
        "lead": LIST_SEPARATOR.join(rec.lead),
        "cooperating": LIST_SEPARATOR.join(rec.cooperating),
        "bodies_raw": rec.bodies_raw,
        "status": rec.status,
        "note": rec.note,
        "source_file": rec.source_file,
        "source_page": rec.source_page,
        "source_lines": f"{rec.source_lines[0]}-{rec.source_lines[1]}",
        "flags": LIST_SEPARATOR.join(rec.flags),
        "provision_label_printed": rec.provision_label_printed,
    }
    return {name: values[name] for name in COLUMNS}


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part for part in (p.strip() for p in value.split(";")) if part)


def row_to_record(row: dict[str, str]) -> Record:
    """Inverse of `record_to_row`: read a records.csv row back into a Record."""
    first, _, last = row["source_lines"].partition("-")
    return Record(
        record_id=row["record_id"],
        draft=row["draft"],
        pillar=row["pillar"],
        provision=row["provision"],
        provision_text=row["provision_text"],
        area=row["area"],
        category=row["category"],
        activity_ref=row["activity_ref"],
        activity=row["activity"],
        kind=row["kind"],
        expected_outputs=row["expected_outputs"],
        lead=_split_list(row["lead"]),
        cooperating=_split_list(row["cooperating"]),
        bodies_raw=row["bodies_raw"],
        status=row["status"],
        note=row["note"],
        source_file=row["source_file"],
        source_page=row["source_page"],
        source_lines=(int(first), int(last or first)),
        flags=split_flags(row["flags"]),
        provision_label_printed=row.get("provision_label_printed", ""),
    )


@dataclass(frozen=True)
class Extraction:
    """Everything read from one source: its records and what became of each of its lines."""

    draft: str
    source_file: str
    layout: str
    records: tuple[Record, ...]
    coverage: tuple[CoverageLine, ...]

    def counts(self) -> dict[str, int]:
        """Records, lines used, boilerplate lines and unassigned lines: the run's audit figures."""
        statuses = [c.status for c in self.coverage]
        return {
            "records": len(self.records),
            "lines": len(statuses),
            "used": statuses.count("record"),
            "boilerplate": sum(statuses.count(kind) for kind in BOILERPLATE),
            "unassigned": statuses.count("unassigned"),
            "dropped": statuses.count(DROPPED),
        }

    def with_records(self, records: list[Record], dropped: Collection[int] = ()) -> Extraction:
        """The same source with new records: ids assigned, coverage re-derived from lines_used.

        A line that is not boilerplate is `record` when some record used it, else `dropped` when it
        is in `dropped` (the lines of records a correction drops), else `unassigned`.
        """
        records = assign_ids(records)
        used: dict[int, list[str]] = {}
        for rec in records:
            for line in rec.lines_used:
                used.setdefault(line, []).append(rec.record_id)
        coverage = tuple(
            c if c.status in BOILERPLATE
            else fast_replace(c, {
                "status": "record" if c.line in used else DROPPED if c.line in dropped else "unassigned",
                "record_ids": tuple(used.get(c.line, ())),
            })
            for c in self.coverage
        )
        return dataclasses.replace(self, records=tuple(records), coverage=coverage)
