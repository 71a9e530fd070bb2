"""Column headings in words, for people; the CSVs and datapackage.json keep the field names.

Every sheet of every workbook, the Word minutes and the data package's `title`s take their
headings from here, so a heading is declared once and a reader of a sheet (a person, or the
round trip that finds the "Record id" column by its heading) can rely on it. The words are the
drafts' own where the two drafts agree on one ("Possible area of collaboration", "Expected
outputs"); the Matrix sheet prints each draft's header exactly as its layout declares it
(`matrix_headings`, from extract/layouts.toml: each column's first heading).
"""

from __future__ import annotations

from tipmatrix.extract.layouts import layout

# records.csv fields (and the pillar CSVs, which hold the same fields in reader order)
RECORD_TITLES: dict[str, str] = {
    "record_id": "Record id",
    "draft": "Draft",
    "pillar": "Pillar",
    "pillar_title": "Pillar title",
    "provision": "Provision letter",
    "provision_text": "Provision text",
    "area": "Possible area of collaboration",
    "category": "Category",
    "activity_ref": "No.",
    "activity": "Activity",
    "kind": "Kind of row",
    "expected_outputs": "Expected outputs",
    "lead": "Lead body",
    "cooperating": "Cooperating bodies",
    "bodies_raw": "Body cell as printed",
    "status": "Status",
    "note": "Remarks",
    "source_file": "Source file",
    "source_page": "Source page",
    "source_lines": "Source lines",
    "flags": "Review flags",
    "provision_label_printed": "Provision label as printed",
}

# coverage.csv fields
COVERAGE_TITLES: dict[str, str] = {
    "line": "Line",
    "page": "Page",
    "status": "What became of the line",
    "record_ids": "Record ids",
    "text": "Text as in the source",
}

# The diff's own fields; the compared record fields get ", earlier draft" / ", later draft".
DIFF_OWN_TITLES: dict[str, str] = {
    "change": "Change",
    "flags": "Also changed",
    "similarity": "Similarity (0-100)",
    # the diff gives a provision as its letter and first words
    "provision_old": "Provision, earlier draft",
    "provision_new": "Provision, later draft",
}
SIDES: dict[str, str] = {"old": "earlier draft", "new": "later draft"}

# Columns that exist on sheets only: a value shaped for reading, beside the fields it comes from.
SHEET_TITLES: dict[str, str] = {
    # pillar sheets: the provision in full on the first row of its run, shortened below it
    "provision_label": "Provision",
    # pillar sheets and the Diff sheet: the rapporteur's column (`drop`, a remark; on the diff `wrong`
    # or a record id of the other draft), read back by `tipmatrix review import`
    "review": "Review",
    # Review sheet
    "flag_types": "Flag types",
    # Diff sheet: one column per field where the drafts are compared ("A" or "A → C")
    "pillar_change": "Pillar",
    "lead_change": "Lead body",
    "cooperating_change": "Cooperating bodies",
    "compared_with": "Compared with (later draft)",
    "evidence": "Evidence (shared rare words; the other records of a merge or split)",
    "redline": "Text: earlier → later draft (struck: deleted, underlined: inserted)",
    # Lead changes sheet
    "body": "Body",
    "gained_or_lost": "Gained or lost",
    # Bodies sheet
    "code": "Body",
    "name": "Name",
    "community": "Community",
    "parent": "Parent body",
    "lead_total": "Leads, all pillars",
    "cooperating_total": "Co-operates, all pillars",
    # About sheet
    "item": "Item",
    "value": "Value",
}



def matrix_headings(layout_id: str) -> tuple[str, ...]:
    """The Matrix sheet's header for a draft of this layout: its columns as the layout prints them
    (extract/layouts.toml, each column's first heading)."""
    return layout(layout_id).headings


def _per_pillar(name: str) -> str | None:
    """"lead_B" -> "Leads, B"; "cooperating_B" -> "Co-operates, B" (the Bodies sheet)."""
    role, _, pillar = name.rpartition("_")
    words = {"lead": "Leads", "cooperating": "Co-operates"}
    if role in words and len(pillar) == 1 and pillar.isupper():
        return f"{words[role]}, pillar {pillar}"
    return None


def _compared(name: str) -> str | None:
    """"lead_old" -> "Lead body, earlier draft"."""
    base, _, side = name.rpartition("_")
    if side in SIDES and base in RECORD_TITLES:
        return f"{RECORD_TITLES[base]}, {SIDES[side]}"
    if side in SIDES and base in SHEET_TITLES:
        return f"{SHEET_TITLES[base]}, {SIDES[side]}"
    return None


LINEAGE_PARTS: dict[str, str] = {"record_id": "Record id", "text": "Text", "lead": "Lead body", "change": "Change"}


def _lineage(name: str) -> str | None:
    """"chain" -> "Chain"; "2016-11_lead" -> "Lead body, 2016-11" (the lineage's per-draft columns)."""
    if name == "chain":
        return "Chain"
    for part, words in LINEAGE_PARTS.items():
        draft = name.removesuffix(f"_{part}")
        if draft != name and draft[:1].isdigit():
            return f"{words}, {draft}"
    return None


def title(name: str) -> str:
    """The heading in words for a field or sheet column name; an unknown name is an error, so a
    new column cannot reach a sheet with its machine name as heading."""
    for table in (RECORD_TITLES, DIFF_OWN_TITLES, SHEET_TITLES, COVERAGE_TITLES):
        if name in table:
            return table[name]
    found = _per_pillar(name) or _compared(name) or _lineage(name)
    if found is None:
        raise KeyError(f"column {name!r} has no heading in words; add it to export/headings.py")
    return found


def diff_title(name: str) -> str:
    """A heading of the diff, whose own fields come first ("flags" there is what else changed)."""
    return DIFF_OWN_TITLES.get(name) or title(name)


def titles(names: tuple[str, ...] | list[str]) -> list[str]:
    return [title(n) for n in names]
