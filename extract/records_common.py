"""What every assembler makes records with: where a pillar's rows come from, a record from an item, and the
records of provisions printed with no activity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tipmatrix.extract.cell_items import Item
from tipmatrix.extract.provisions import Provision, ProvisionTracker
from tipmatrix.model import Record, flag


def item_record(
    item: Item,
    *,
    draft: str,
    pillar: str,
    provision: Provision | None,
    source_file: str,
    pages: dict[int, str],
    extra_lines: tuple[int, ...] = (),
    **fields: Any,
) -> Record:
    lines = tuple(sorted(set(item.lines) | set(extra_lines) | set(provision.lines if provision else ())))
    span = (min(item.lines), max(item.lines)) if item.lines else (lines[0], lines[-1])
    flags = list(item.flags)
    if provision is None or not provision.text:
        flags.append(flag("missing-provision", "no provision text could be read for this row"))
    return Record(
        draft=draft,
        pillar=pillar,
        provision=provision.letter if provision else "",
        provision_text=provision.text if provision else "",
        provision_label_printed=provision.label if provision else "",
        activity=fields.pop("activity", item.text),
        kind=item.kind,
        activity_ref=item.ref,
        note="; ".join(item.notes + fields.pop("notes", [])),
        source_file=source_file,
        source_lines=span,
        source_page=pages.get(span[0], ""),
        flags=tuple(dict.fromkeys(flags + fields.pop("flags", []))),
        lines_used=lines,
        **fields,
    )


@dataclass(frozen=True)
class Where:
    """Where a pillar's records come from: the draft, the pillar, the source file, the page of each line."""

    draft: str
    pillar: str
    source_file: str
    pages: dict[int, str]

    def fields(self) -> dict[str, Any]:
        return {"draft": self.draft, "pillar": self.pillar, "source_file": self.source_file, "pages": self.pages}


def provision_only_records(
    tracker: ProvisionTracker, records: list[Record], draft: str, pillar: str, source_file: str, pages: dict[int, str]
) -> list[Record]:
    """A provision with no activity beside it still gets a record (kind "provision", no activity),
    so the matrix's gaps show and its lines are accounted for."""
    used = {r.provision_text for r in records}
    out = []
    for provision in tracker.provisions:
        if not provision.text or provision.text in used:
            continue
        item = Item("", provision.lines, kind="provision")
        out.append(
            item_record(
                item, draft=draft, pillar=pillar, provision=provision, source_file=source_file, pages=pages,
                activity="", flags=[flag("no-activity", "provision printed with no activity beside it")],
            )
        )
    return out
