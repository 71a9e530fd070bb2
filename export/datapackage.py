"""`out/datapackage.json`: a Frictionless Data Package (v2) describing every CSV of the run.

The fields of each resource are read from its own header line, so the schema cannot drift from
the file; each column is then described from the catalogue below, and given as `title` the
heading in words the spreadsheets show for it (export/headings.py). A CSV of a kind not known here,
or a column without a description, is an error naming the file and the column: describe it here.
Deterministic: resources sorted by path, keys sorted, no timestamps.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import cast

from tipmatrix.bodies import codes
from tipmatrix.export.headings import diff_title, title
from tipmatrix.extract.layouts import categories
from tipmatrix.flags import RECORD_FLAGS
from tipmatrix.model import BOILERPLATE, DROPPED, KINDS, LIST_SEPARATOR, PILLAR_TITLES
from tipmatrix.normalize.align import CHANGES
from tipmatrix.normalize.align import FLAGS as DIFF_FLAGS
from tipmatrix.normalize.lineage import CHANGES as LINEAGE_CHANGES

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
PILLAR_CODES = list(PILLAR_TITLES)
Field = dict[str, object]


def one_of(values: list[str]) -> dict[str, object]:
    return {"enum": values}


def joined_pattern(values: Sequence[str]) -> str:
    """A list of the given values joined by "; "."""
    one = "(?:" + "|".join(re.escape(v) for v in values) + ")"
    return f"{one}(?:{re.escape(LIST_SEPARATOR)}{one})*"


def flag_list_pattern() -> str:
    """Record flags joined by "; ", each a catalogue type, then ": " and a detail in which ";" is escaped."""
    one = "(?:" + "|".join(re.escape(k) for k in RECORD_FLAGS) + r")(?:: (?:[^;\\]|\\.)*)?"
    return f"{one}(?:{re.escape(LIST_SEPARATOR)}{one})*"


def code_list_pattern() -> str:
    """A list of registry body codes joined by "; " (what `lead` and `cooperating` hold)."""
    return joined_pattern(codes())


def _pillars_text() -> str:
    return "; ".join(f"{k} {v}" for k, v in PILLAR_TITLES.items())


def record_fields() -> dict[str, Field]:
    """Descriptions of the records.csv columns (also the columns of pillar-X.csv, in another order)."""
    body_codes = ", ".join(codes())
    return {
        "record_id": {"type": "string", "constraints": {"required": True, "unique": True},
                      "description": "<draft>-<pillar>-<hash of the record as extracted: provision, area, text>, "
                                     "-2, -3 for repeats: no line numbers, stable across runs and edits "
                                     "elsewhere in the source; kept by corrections"},
        "draft": {"type": "string", "constraints": {"required": True}, "description": "draft id, e.g. 2016-05"},
        "pillar": {"type": "string", "constraints": one_of(PILLAR_CODES),
                   "description": f"APA pillar code: {_pillars_text()}"},
        "pillar_title": {"type": "string", "constraints": one_of(list(PILLAR_TITLES.values())),
                         "description": "title of the pillar"},
        "provision": {"type": "string",
                      "description": "the provision's canonical letter (A..L, whatever the style its label is "
                                     "printed in: '(b)', '2.', 'ii.' are B), '' where none"},
        "provision_text": {"type": "string", "description": "the APA provision (section) text, whitespace-normalised"},
        "area": {"type": "string",
                 "description": "November layout: the 'Possible Areas of Collaboration' text the activity sits under"},
        "category": {"type": "string", "constraints": one_of(list(categories())),
                     "description": "May layout: the column the activity sits in"},
        "activity_ref": {"type": "string", "description": "the numbering as printed (a), 1.2.1, ...), '' if none"},
        "activity": {"type": "string", "description": "the activity text, list marker and numbering removed"},
        "kind": {"type": "string", "constraints": one_of(list(KINDS)),
                 "description": "activity, or note (an editorial note in a body's cell)"},
        "expected_outputs": {"type": "string", "description": "November layout: expected outputs as printed"},
        "lead": {"type": "string", "constraints": {"pattern": code_list_pattern()},
                 "description": f"canonical codes of the lead bodies, joined by '; ' (codes: {body_codes})"},
        "cooperating": {
            "type": "string",
            "constraints": {"pattern": code_list_pattern()},
            "description": f"canonical codes of the co-operating bodies, joined by '; ' (codes: {body_codes})",
        },
        "bodies_raw": {"type": "string", "description": "the body cell text as printed, to check the codes against"},
        "status": {"type": "string", "description": "November layout: implementation status as printed"},
        "note": {"type": "string", "description": "editorial annotations moved out of the activity text"},
        "source_file": {"type": "string", "description": "the source file (in raw/) the record was read from"},
        "source_page": {"type": "string", "description": "the page of the source the record starts on"},
        "source_lines": {"type": "string", "constraints": {"pattern": r"[0-9]+-[0-9]+"},
                         "description": "first-last line numbers (1-based) of the record's text in the source file"},
        "flags": {"type": "string", "constraints": {"pattern": flag_list_pattern()},
                  "description": "review flags joined by '; ', each 'type: detail' (a ';' inside a detail is "
                                 "written '\\;'), of the types: " + ", ".join(RECORD_FLAGS)},
        "provision_label_printed": {"type": "string",
                                    "description": "the provision's label as printed ('B.', '(b)', '2.', 'ii.'), "
                                                   "'' where none"},
    }


def coverage_fields() -> dict[str, Field]:
    statuses = ["record", *BOILERPLATE, "unassigned", DROPPED]
    return {
        "line": {"type": "integer", "constraints": {"required": True, "unique": True},
                 "description": "line number (1-based) in the source file"},
        "page": {"type": "string", "description": "the page the line is on"},
        "status": {"type": "string", "constraints": {"required": True, **one_of(statuses)},
                   "description": "record (the line fed the records listed), a kind of boilerplate, unassigned, "
                                  "or dropped (a line of a record a curated correction drops)"},
        "record_ids": {"type": "string", "description": "ids of the records that used the line, joined by '; '"},
        "text": {"type": "string", "description": "the line as it is in the source file"},
    }


def diff_fields() -> dict[str, Field]:
    """The diff columns (export/diff.py): what changed, then the compared columns of both drafts."""
    fields: dict[str, Field] = {
        "change": {"type": "string", "constraints": {"required": True, **one_of(list(CHANGES))},
                   "description": "what became of the record: " + ", ".join(CHANGES)},
        "flags": {"type": "string", "constraints": {"pattern": joined_pattern(DIFF_FLAGS)},
                  "description": "what else changed, joined by '; ': " + ", ".join(DIFF_FLAGS)},
        "similarity": {"type": "number", "constraints": {"minimum": 0, "maximum": 100},
                       "description": "similarity (0-100) of the paired texts; empty for an added or dropped record"},
    }
    records = record_fields()
    own = {
        "provision": "the provision: its letter and first words",
        "activity": "the record's text: the activity, or its area where it has none",
    }
    for name in ("record_id", "pillar", "provision", "activity", "lead", "cooperating"):
        base = records[name]
        base_constraints = cast(Field, base.get("constraints", {}))  # record_fields() gives constraints as a dict
        constraints = {k: v for k, v in base_constraints.items() if k not in ("required", "unique")}
        for side, draft in (("old", "earlier"), ("new", "later")):
            description = f"{own.get(name, base['description'])} ({draft} draft)"
            field: Field = {"type": base["type"], "description": description}
            if constraints:
                field["constraints"] = constraints
            fields[f"{name}_{side}"] = field
    return fields


def folder_of(path: str) -> str:
    return path.rsplit("/", 1)[0].split("/")[0] if "/" in path else ""


LINEAGE_PARTS = {
    "record_id": "record_id of the chain's record in draft {draft} (records.csv of that draft); empty when the "
                 "chain has no record there",
    "text": "the record's text in draft {draft}: the activity, or its area where it has none",
    "lead": "lead body codes of the record in draft {draft}, joined by '; '",
    "change": "the change from the draft before to draft {draft}, joined by '; ' when several: "
              + ", ".join(LINEAGE_CHANGES) + "; 'added' where the chain starts in this draft, empty where it "
              "has no record in this draft (or in the first draft)",
}


def lineage_fields(header: Sequence[str]) -> dict[str, Field]:
    """The lineage columns (export/lineage.py): chain, pillar, and four columns per draft."""
    fields: dict[str, Field] = {
        "chain": {"type": "integer", "constraints": {"required": True, "unique": True},
                  "description": "number of the chain: records matched across consecutive drafts (a split or "
                                 "merge makes one chain per branch)"},
        "pillar": {"type": "string", "constraints": one_of(PILLAR_CODES),
                   "description": "APA pillar of the chain's first record"},
    }
    for column in header:
        part = next((p for p in LINEAGE_PARTS if column.endswith(f"_{p}")), "")
        if not part or column in fields:
            continue
        draft = column.removesuffix(f"_{part}")
        field: Field = {"type": "string", "description": LINEAGE_PARTS[part].format(draft=draft)}
        if part == "lead":
            field["constraints"] = {"pattern": code_list_pattern()}
        if part == "change":
            field["constraints"] = {"pattern": joined_pattern(LINEAGE_CHANGES)}
        fields[column] = field
    return fields


def table_kind(path: str, header: Sequence[str] = ()) -> tuple[str, dict[str, Field], list[str]]:
    """What a CSV is, by its path: its description, its column catalogue, its primary key."""
    name = path.rsplit("/", 1)[-1]
    if path == "lineage.csv":
        return ("one row per chain of records matched across consecutive drafts, in manifest order, with each "
                "draft's record, text, lead body and change"), lineage_fields(header), ["chain"]
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    if name == "records.csv":
        return f"one row per activity (or editorial note) of draft {folder}", record_fields(), ["record_id"]
    if name == "coverage.csv":
        return (f"what became of each line of the source of draft {folder}: used by records, boilerplate or "
                "unassigned"), coverage_fields(), ["line"]
    m = re.fullmatch(r"pillar-([A-D])\.csv", name)
    if m:
        pillar = m.group(1)
        return (f"the records of pillar {pillar} ({PILLAR_TITLES[pillar]}) of draft {folder}, "
                "columns in reader order"), record_fields(), ["record_id"]
    if folder.split("/")[0] == "diff":
        return "records of the two drafts aligned by meaning, and how each changed", diff_fields(), []
    raise ValueError(f"{path}: a CSV of a kind export/datapackage.py does not know; describe it there")


def csv_header(path: str, data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)), None)
    if not header:
        raise ValueError(f"{path}: CSV has no header line")
    return header


def resource_name(path: str) -> str:
    """A Data Package resource name: lower-case letters, digits, '-', '.', '_' only."""
    return re.sub(r"[^a-z0-9._-]+", "-", path.removesuffix(".csv").lower()).strip("-")


def describe_csv(path: str, data: bytes) -> dict[str, object]:
    header = csv_header(path, data)
    description, catalogue, key = table_kind(path, header)
    heading = diff_title if folder_of(path) == "diff" else title
    fields = []
    for column in header:
        if column not in catalogue:
            raise ValueError(f"{path}: column {column!r} has no description; add it to export/datapackage.py")
        fields.append({"name": column, "title": heading(column), **catalogue[column]})
    schema: dict[str, object] = {"$schema": SCHEMA_PROFILE, "fields": fields, "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    return {
        "name": resource_name(path),
        "type": "table",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "description": f"{description}. UTF-8 with a byte-order mark, RFC 4180, CRLF line ends; "
                       "a cell starting with = + - @ TAB or CR has a leading ' so no spreadsheet runs it",
        "schema": schema,
    }


def package_descriptor(files: Mapping[str, bytes]) -> dict[str, object]:
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "asean-apa-tip-matrix-2016",
        "title": "ASEAN APA anti-trafficking collaboration matrix, 2016 drafts",
        "description": (
            "Activities of the May and November 2016 drafts of the matrix 'Possible Areas of Collaboration ... "
            "under the Framework of the ASEAN Plan of Action (APA) against Trafficking in Persons', one record "
            "per activity, with per-pillar tables, the line audit of each source and the diff of the drafts. "
            "Regenerated from raw/ by `make`."
        ),
        "resources": [describe_csv(path, files[path]) for path in sorted(files) if path.endswith(".csv")]
        + [describe_file(path, files[path], WORKBOOKS[path]) for path in sorted(files) if path in WORKBOOKS],
    }


# Workbooks the package lists as files (not tables: their sheets are for people, the CSVs are the data).
WORKBOOKS = {
    "lineage.xlsx": "lineage.csv for people: the drafts side by side with the word-level redline of each step, "
                    "and a Survival sheet (items of the first draft that reach the last, per pillar and per "
                    "lead body)",
}
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def describe_file(path: str, data: bytes, description: str) -> dict[str, object]:
    return {
        "name": resource_name(path.replace(".", "-")),
        "type": "file",
        "path": path,
        "format": "xlsx",
        "mediatype": XLSX_MEDIATYPE,
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "description": description,
    }


def render_datapackage(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """{"datapackage.json": ...} describing the CSVs among `files` (keyed by their path relative to out/)."""
    text = json.dumps(package_descriptor(files), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return {"datapackage.json": text.encode("utf-8")}
