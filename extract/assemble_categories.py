"""The assembler "categories" (the May 2016 way): an activity's column is its category, one body cell per
table row; lines -> table rows -> cells -> records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tipmatrix.extract.body_cells import tidy
from tipmatrix.extract.cell_items import ITEM_MARK, SETTINGS, Item, drop_echoes, items_of
from tipmatrix.extract.cells import (
    Frag,
    ends_open,
)
from tipmatrix.extract.labels import DEFAULT_PROVISION_STYLES
from tipmatrix.extract.layouts import Layout, categories
from tipmatrix.extract.provisions import ProvisionTracker, opens_provision
from tipmatrix.extract.records_common import Where, item_record, provision_only_records
from tipmatrix.extract.rows import Row
from tipmatrix.model import Record, flag


def _fresh(cell_text: str, column_frags: list[Frag], marked: bool) -> bool:
    """Does this cell start a new item in its column (rather than continue the one above)? In a
    column whose items carry list markers, a line without one goes on with the item above."""
    text = cell_text.strip()
    if not text:
        return False
    if re.match(r"^([-–•*]|note\s*:|[a-z]\)|\d+\.)", text, re.I):
        return True
    if not text[:1].isupper():
        return False
    if not column_frags:
        return True
    if marked:
        return False
    return not ends_open(column_frags[-1].text)


def may_logical_rows(
    rows: list[Row], category_columns: tuple[str, ...] = (), styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES,
) -> list[list[Row]]:
    """Lines -> table rows. A row's body cell ends it, but a name printed vertically spans
    several lines and stands in the middle of its row, so a row closes only when, after its
    body, a line starts a new item or a new provision. `category_columns`: the layout's (default:
    every declared layout's)."""
    category_columns = category_columns or categories()
    groups: list[list[Row]] = []
    body_seen = False
    columns: dict[str, list[Frag]] = {}
    marked: dict[str, bool] = {}
    for row in rows:
        fresh = False
        for cell in row.cells:
            if cell.column in category_columns:
                fresh |= _fresh(cell.text, columns.get(cell.column, []), marked.get(cell.column, False))
            elif cell.column == "provision" and groups:
                fresh |= opens_provision(cell.text, " ".join(f.text for f in columns.get("provision", [])), styles)
        if not groups or (body_seen and fresh):
            groups.append([])
            body_seen = False
            columns, marked = {}, {}
        groups[-1].append(row)
        for cell in row.cells:
            if cell.column in category_columns and cell.text.strip():
                if not columns.get(cell.column):
                    marked[cell.column] = bool(re.match(ITEM_MARK, cell.text.strip(), re.I))
                columns.setdefault(cell.column, []).append(Frag(cell.text, cell.lines[0], cell.lines[1]))
            elif cell.column == "provision":
                columns.setdefault("provision", []).append(Frag(cell.text, cell.lines[0], cell.lines[1]))
        body_seen |= any(c.column == "bodies" for c in row.cells)
    return groups


def vertical_body(frags: list[Frag]) -> tuple[list[str], list[str]]:
    """A body name printed vertically reads as fragments on consecutive lines ("2 / SOMTC / Š").

    The longest fragment is the name; fragments of three characters or fewer around it are
    pieces of the same print and are dropped (reported in the flags).
    """
    texts = [tidy(f.text) for f in frags if f.text.strip()]
    if len(texts) <= 1:
        return texts, []
    main = max(texts, key=len)
    kept = [t for t in texts if t == main or len(re.sub(r"\W", "", t)) > SETTINGS.vertical_piece_letters]
    dropped = [t for t in texts if t not in kept]
    return kept, dropped


def _may_group_flags(body_frags: list[Frag], dropped: list[str], rows: list[Row]) -> list[str]:
    flags = []
    if dropped:
        flags.append(flag("vertical-body", f"fragments {dropped} of a vertically printed name dropped"))
    if not body_frags:
        flags.append(flag("missing-body", "no Sectoral Body / Organ cell in this row"))
    return flags + [f for row in rows for f in row.flags]


def _may_category(
    item: Item, column: str, guessed: set[tuple[int, str]], category_columns: tuple[str, ...]
) -> tuple[str, list[str]]:
    """The item's category, or "" (flagged) when its column was only guessed from dropped cells."""
    if (item.start, column) not in guessed:
        return (column if column in category_columns else ""), []
    return "", [flag(
        "category-uncertain",
        f"line {item.start} dropped its empty cells and its words suggest no column (placed as {column})",
    )]


@dataclass
class MayRow:
    """One table row of the May layout: its category cells, body cell and guessed columns."""

    rows: list[Row]
    per_column: dict[str, list[Frag]] = field(default_factory=dict)
    body_frags: list[Frag] = field(default_factory=list)
    guessed: set[tuple[int, str]] = field(default_factory=set)


def may_row_cells(group: list[Row], tracker: ProvisionTracker, category_columns: tuple[str, ...]) -> MayRow:
    """A May table row's lines -> its cells by column; provision text goes to the tracker."""
    row = MayRow(group, guessed={(c.lines[0], c.column) for r in group for c in r.cells if c.guessed})
    for line_row in group:
        for cell in line_row.cells:
            frag = Frag(cell.text, cell.lines[0], cell.lines[1])
            if cell.column == "provision":
                tracker.feed(frag)
            elif cell.column == "bodies":
                row.body_frags.append(frag)
            elif cell.column in category_columns or cell.column == "orphan":
                row.per_column.setdefault(cell.column, []).append(frag)
        for line in range(line_row.lines[0], line_row.lines[1] + 1):
            tracker.mark(line)
    return row


def may_row_records(
    row: MayRow, tracker: ProvisionTracker, category_columns: tuple[str, ...], **where: Any
) -> list[Record]:
    """A May table row -> one record per item of each category cell, all led by the row's body
    (`where`: draft, pillar, source_file, pages)."""
    names, dropped = vertical_body(row.body_frags)
    bodies_raw = " ".join(" ".join(f.text for f in row.body_frags).split())  # as printed
    group_flags = _may_group_flags(row.body_frags, dropped, row.rows)
    body_lines = tuple(n for f in row.body_frags for n in f.lines)
    records = []
    for column in [c for c in (*category_columns, "orphan") if c in row.per_column]:
        frags, echoes = drop_echoes(row.per_column[column])
        echo_flags = [flag("echo-dropped", f"line {e.line}: {e.text.strip()!r}") for e in echoes]
        for item in items_of(frags, column, sentences_when_unmarked=True):
            category, category_flags = _may_category(item, column, row.guessed, category_columns)
            records.append(
                item_record(
                    item,
                    provision=tracker.at(item.start),
                    extra_lines=body_lines + tuple(e.line for e in echoes),
                    category=category,
                    lead=tuple(names),
                    bodies_raw=bodies_raw,
                    flags=group_flags + echo_flags + category_flags,
                    **where,
                )
            )
    return records


def may_section(rows: list[Row], lay: Layout, where: Where) -> list[Record]:
    """One pillar the May way (the assembler "categories"): lines -> table rows -> cells -> records,
    each given its provision's whole printing (fed row by row), and provisions with no activity beside them.
    The provision labels are read in the styles the layout declares."""
    tracker = ProvisionTracker(lay.labels.provision)
    records: list[Record] = []
    for group in may_logical_rows(rows, lay.categories, lay.labels.provision):
        cells = may_row_cells(group, tracker, lay.categories)
        records += may_row_records(cells, tracker, lay.categories, **where.fields())
    records = [_whole_provision_text(r, tracker) for r in records]
    return records + provision_only_records(tracker, records, where.draft, where.pillar, where.source_file,
                                            where.pages)


def _whole_provision_text(rec: Record, tracker: ProvisionTracker) -> Record:
    provision = tracker.at(rec.source_lines[0])
    return rec.replace(provision_text=provision.text) if provision is not None and provision.text else rec
