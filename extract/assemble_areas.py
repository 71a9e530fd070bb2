"""The assembler "areas" (the November 2016 way): areas that span activities, activities numbered under them,
body groups paired with the items of their own table row; rows -> column streams -> items -> records."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tipmatrix.extract.body_cells import GROUP_START, LEAD, BodyGroup, mark_echoes, parse_body_frags
from tipmatrix.extract.cell_items import BULLETS, LEAD_IN, PROPOSER, Item, items_of
from tipmatrix.extract.cells import (
    NUMBER_REF,
    Frag,
    boundary_candidates,
    lift_notes,
    starts_marker,
)
from tipmatrix.extract.labels import ref_number
from tipmatrix.extract.layouts import Layout
from tipmatrix.extract.provisions import ProvisionTracker
from tipmatrix.extract.records_common import Where, item_record, provision_only_records
from tipmatrix.extract.rows import Row
from tipmatrix.model import Record, flag


@dataclass
class NovSection:
    """The column streams of one pillar of the November layout."""

    areas: list[Frag] = field(default_factory=list)
    activities: list[Frag] = field(default_factory=list)
    bodies: list[Frag] = field(default_factory=list)
    # the text of each other column (expected outputs, status, ...) by role, then by line
    texts: dict[str, dict[int, str]] = field(default_factory=dict)
    # the source lines each of those cells is printed on (a PDF cell wraps below its row's first line)
    text_lines: dict[str, dict[int, tuple[int, ...]]] = field(default_factory=dict)
    orphans: set[int] = field(default_factory=set)
    held: set[int] = field(default_factory=set)


def nov_streams(rows: list[Row], tracker: ProvisionTracker) -> NovSection:
    """Rows -> column streams. A bullet printed in a column of its own marks the activity beside
    it; text lines outside the table grid ("orphans", from pages printed one cell per line)
    continue the activity column, or, when printed above the page's first row (the front-end
    moves those to the page's end), the page's last area cell."""
    s = NovSection()
    for row in rows:
        bullet = ""
        seen: dict[str, int] = {}  # a column's first line in this row
        for cell in row.cells:
            frag = Frag(cell.text, cell.lines[0], cell.lines[1])
            text = cell.text.strip()
            if cell.column in s.texts and cell.column in seen:
                # the rest of a cell the page break cut (a PDF row joined across pages): same cell
                first = seen[cell.column]
                s.texts[cell.column][first] = f"{s.texts[cell.column][first]} {text}".strip()
                s.text_lines[cell.column][first] += tuple(frag.lines)
                continue
            seen.setdefault(cell.column, frag.line)
            if cell.column == "provision":
                tracker.feed(frag)
            elif cell.column in ("bullet", "expected_outputs") and text in BULLETS:
                bullet = text  # a list bullet printed in a column of its own
            elif cell.column == "activity":
                s.activities.append(Frag(f"- {text}" if bullet else cell.text, frag.line, frag.last))
                bullet = ""
            else:
                _stream_cell(s, cell.column, frag)
        for line in range(row.lines[0], row.lines[1] + 1):
            tracker.mark(line)
    return s


def _stream_cell(s: NovSection, column: str, frag: Frag) -> None:
    """Add one November cell (other than provision, bullet and activity) to its stream.

    A cell of any other column (expected outputs, status, a column such as a timeline) is kept by
    line, for the records of its row; a "clip" cell (provision text clipped by an overlapping column,
    a damaged copy of text the provision cell has) feeds no stream.
    """
    if column == "area":
        s.areas.append(frag)
    elif column == "bodies":
        s.bodies.append(frag)
    elif column == "bullet":
        s.activities.append(frag)  # text, not a bullet, in the bullet column: it is activity text
    elif column in ("orphan", "orphan-above"):
        s.orphans.add(frag.line)
        if column == "orphan":
            s.activities.append(frag)
        else:
            s.held.add(frag.line)
            s.areas.append(frag)
    elif column != "clip":
        s.texts.setdefault(column, {})[frag.line] = frag.text.strip()
        s.text_lines.setdefault(column, {})[frag.line] = tuple(frag.lines)


def _ref_key(ref: str) -> str:
    return ref.lower().rstrip(").").split(".")[0]


def _area_for(
    item: Item, areas: list[Item], tracker: ProvisionTracker, row_of: dict[int, int] | None = None
) -> Item | None:
    """The area an activity sits under: by numbering (1.2.1 under 1.2, a.1) under A.) when both
    are numbered; by its number's head when only the activity is ("2.1" under the second area of
    its table row); else the last area that starts at or before the activity (the first of those
    that start on the same line: the area the cell opens with, beside the activity)."""
    provision = tracker.at(item.start)
    same = [a for a in areas if tracker.at(a.start) is provision]
    if item.ref:
        ref = item.ref.lower().rstrip(").")
        by_number = [a for a in same if a.ref and ref.startswith(a.ref.lower().rstrip(")."))]
        if by_number:
            return max(by_number, key=lambda a: len(a.ref))
        by_letter = [a for a in same if a.ref and _ref_key(a.ref) == _ref_key(item.ref)]
        if by_letter:
            return by_letter[0]
        if (nth := _nth_area_of_row(item, same, row_of)) is not None:
            return nth
    before = [a for a in same if a.start <= item.start]
    if not before:
        return same[0] if same else None
    # of the areas a cell starts beside the activity ("A - B" in one cell), the first one
    latest = max(a.start for a in before)
    return next(a for a in before if a.start == latest)


def _nth_area_of_row(item: Item, same: list[Item], row_of: dict[int, int] | None) -> Item | None:
    """An activity numbered "n.m" beside unnumbered areas sits under the n-th area of its table row
    (line 203 of the November draft: "2.1" beside "Research on Issue ... Trainings and Scholarships
    ..." is under the second); None when the areas carry numbers or the row has fewer than n."""
    number = ref_number(item.ref)
    if row_of is None or len(number) < 2 or any(a.ref for a in same):
        return None
    row = row_of.get(item.start, item.start)
    in_row = [a for a in same if row_of.get(a.start, a.start) == row]
    return in_row[number[0] - 1] if 1 <= number[0] <= len(in_row) else None


def _parent_ref(ref: str) -> str:
    return ref.rstrip(".)").rpartition(".")[0]


def siblings_share_areas(
    activities: list[Item], area_of: dict[int, Item | None], tracker: ProvisionTracker
) -> dict[int, Item | None]:
    """"4.2" after "4.1" sits under 4.1's area when the areas carry no numbers to tell: an
    unnumbered area cell that lists a second area after 4.1's ("... - Adopt ...") does not
    take the rest of the list."""
    out = dict(area_of)
    for i in range(1, len(activities)):
        item, before = activities[i], activities[i - 1]
        parent = _parent_ref(item.ref)
        area, before_area = out[i], out[i - 1]
        if (parent and parent == _parent_ref(before.ref) and area is not None and before_area is not None
                and not area.ref and not before_area.ref and tracker.at(item.start) is tracker.at(before.start)):
            out[i] = before_area
    return out


def refine_for_groups(items: list[Item], groups: list[BodyGroup], row_of: dict[int, int] | None = None) -> list[Item]:
    """When a table row carries more lead groups than items ("Lead: SOMSWD Lead: AICHR Lead: AICHR"
    beside one run-on cell), split its items until they match: a lead-in's list into its items,
    then run-on text at its strongest boundaries. A lead-in ending with ":" is kept in the flags."""
    row: Callable[[int], int] = (lambda line: row_of.get(line, line)) if row_of else (lambda line: line)
    by_row: dict[int, list[BodyGroup]] = {}
    for g in groups:
        if not g.echo and not g.label:
            by_row.setdefault(row(g.start), []).append(g)
    out = list(items)
    for table_row in sorted(by_row):
        k, printed_on = len(by_row[table_row]), by_row[table_row][0].start
        out = split_lead_in_list(out, [i for i, it in enumerate(out) if row(it.start) == table_row], k)
        while True:
            on_row = [i for i, it in enumerate(out) if row(it.start) == table_row and not it.ref
                      and it.column == "activity"]
            if not on_row or len(on_row) >= k or (split := split_at_strongest(out, on_row, k, printed_on)) is None:
                break
            out = split
    return out


def split_lead_in_list(items: list[Item], on_row: list[int], k: int) -> list[Item]:
    """"Conduct Regional Workshops on: • a • b • c" beside three lead groups: three activities,
    each flagged with the lead-in."""
    for i in on_row:
        item = items[i]
        if item.parts and len(item.parts) - 1 == k > 1:
            lead_in, subs = item.parts[0], item.parts[1:]
            flagged = [Item(s.text, s.lines, s.ref, s.column, s.kind, s.notes,
                            [*s.flags, flag("lead-in", lead_in.text)]) for s in subs]
            return items[:i] + flagged + items[i + 1 :]
    return items


def _strongest_boundary(items: list[Item], on_row: list[int]) -> tuple[int, int, str] | None:
    """(item index, cut offset, lead-in) of the strongest boundary in the row's run-on activities,
    the earliest of equal strength; a lead-in ("Conduct ... on:") is never cut."""
    best = None
    for i in on_row:
        text = items[i].text
        lead_in = LEAD_IN.match(text)
        offset = lead_in.end() if lead_in else 0
        for pos, strength in boundary_candidates(text[offset:], True):
            key = (strength, -pos)
            if best is None or key > best[0]:
                best = (key, i, offset + pos, lead_in.group(1) if lead_in else "")
    return best[1:] if best else None


def split_at_strongest(items: list[Item], on_row: list[int], k: int, printed_on: int) -> list[Item] | None:
    """The items with one run-on activity cut in two at the strongest boundary (None if none)."""
    best = _strongest_boundary(items, on_row)
    if best is None:
        return None
    i, cut, lead_in = best
    item = items[i]
    head = item.text[:cut]
    if lead_in and head.startswith(lead_in):
        head = head[len(lead_in):]
    flags = [*item.flags, flag("split-by-bodies", f"cell split to match {k} lead groups on line {printed_on}")]
    if lead_in and not any(f.startswith("lead-in") for f in flags):
        flags.append(flag("lead-in", lead_in))
    first_text, first_notes = lift_notes(head)
    rest_text, rest_notes = lift_notes(item.text[cut:])
    # notes already lifted from the run-on cell trail it, so they go with its last part
    first = Item(first_text, item.lines, "", item.column, item.kind, first_notes, flags)
    rest = Item(rest_text, item.lines, "", item.column, item.kind, rest_notes + item.notes, [*flags])
    return items[:i] + [first, rest] + items[i + 1 :]


def _label(ref: str) -> str:
    return ref.lower().rstrip(").") + ")" if ref else ""


def _opens_group(text: str) -> bool:
    """A body cell that opens a group ("Lead:", "a)Lead:", "b)"), not a bare list continuing one."""
    return bool(GROUP_START.match(text.strip()) or re.search(LEAD, text))


def _row_opens(row: Row, provision_changed: bool) -> bool:
    """Does this line open a table row: a new provision, a list item in the area or activity
    column, or a body cell that opens a group? A line with nothing but a body cell or text
    outside the grid (pages printed one cell per line) opens none: it cannot say where it sits."""
    if provision_changed:
        return True
    if all(c.column in ("bodies", "orphan", "orphan-above") for c in row.cells):
        return False
    for cell in row.cells:
        text = cell.text.strip()
        if cell.column == "bodies" and _opens_group(text):
            return True
        if cell.column in ("area", "activity", "bullet") and starts_marker(text, capital_refs=cell.column == "area"):
            return True
    return False


def _row_goes_on(row: Row, provision_changed: bool) -> bool:
    """Does the first line on a page go on with a cell the page break cut (text starting in lower
    case, or more of the same provision)? A label in lower case ("v." opening a provision, "a)"
    an item) opens a cell: it carries nothing on."""
    for cell in row.cells:
        text = cell.text.strip()
        if cell.column == "provision":
            if not provision_changed:
                return True
            continue
        if cell.column in ("area", "activity", "expected_outputs") and (
            (text[:1].islower() and not starts_marker(text)) or text.startswith("*")
        ):
            return True
    return False


def _successors(ref: str) -> set[str]:
    """The numbers that may follow `ref` in one list: "1.2" -> {"1.3", "2"}; "1" -> {"2", "1.1"}."""
    parts = ref.rstrip(".)").split(".")
    out = {".".join(parts + ["1"])}
    for depth in range(len(parts), 0, -1):
        head = parts[: depth - 1]
        if parts[depth - 1].isdigit():
            out.add(".".join(head + [str(int(parts[depth - 1]) + 1)]))
    return out


def _area_refs(row: Row) -> list[str]:
    return [m.group(1).rstrip(".)") for c in row.cells if c.column == "area" for m in NUMBER_REF.finditer(c.text)]


def _area_list_goes_on(row: Row, refs: list[str]) -> bool:
    """Does the line's area cell open with the next number of the row's numbered area list
    ("1.3" after "1.2", "2." after "1.4") and open no body group of its own? Then the area cell
    goes on: the same table row. A line that prints its own "Lead:" beside the next number is a row
    of its own (a Word table row, the next row of a PDF)."""
    if any(c.column == "bodies" and _opens_group(c.text) for c in row.cells):
        return False
    area = next((c.text.strip() for c in row.cells if c.column == "area"), "")
    m = NUMBER_REF.match(area)
    return bool(m and refs and m.group(1).rstrip(".)") in set().union(*(_successors(r) for r in refs)))


def table_rows(
    rows: list[Row], tracker: ProvisionTracker, merged_columns: tuple[str, ...] = ("provision", "area")
) -> dict[int, int]:
    """Source line -> the table row it is printed in (an index), for pairing bodies with items.

    A PDF Row is already one table row (a row cut by a page break joined). A text rendition
    prints a table row on one line per page, sometimes wrapped over several lines; a line goes
    on with the row above when it opens nothing (no new provision, no list item in the area or
    activity column, no "Lead:"); the first line of a page goes on with the row the page break
    cut unless it opens something and none of its cells carries on (text in lower case, more of
    the same provision). A line whose area cell goes on with the row's numbered list of areas
    ("1.3" after "1.2") and opens no body group is the same row whatever else it opens.

    A cell merged down several rows (`merged_columns`: the layout's) spans lines of the rows below
    it: a line goes to the row that prints another cell on it, to the merged cell's row only when
    none does.
    """
    out: dict[int, int] = {}
    spread: dict[int, int] = {}  # lines of the merged cells
    index = -1
    previous: Row | None = None
    refs: list[str] = []  # the numbered areas of the current row
    for row in rows:
        spans = [(c.column in merged_columns, range(c.lines[0], c.lines[1] + 1)) for c in row.cells]
        lines = [line for is_merged, span in spans if not is_merged for line in span]
        merged = [line for is_merged, span in spans if is_merged for line in span]
        pdf = any(c.bbox is not None for c in row.cells)
        if previous is None or pdf or row.pillar or previous.pillar:
            new = True
        else:
            changed = tracker.at(row.lines[0]) is not tracker.at(previous.lines[1])
            if row.cells[0].page != previous.cells[-1].page:
                new = _row_opens(row, changed) and not _row_goes_on(row, changed)
            else:
                new = _row_opens(row, changed)
            new = new and (changed or not _area_list_goes_on(row, refs))
        index += new
        refs = (refs if not new else []) + _area_refs(row)
        for line in lines:
            out.setdefault(line, index)
        for line in merged:
            spread.setdefault(line, index)
        previous = row
    return {**spread, **out}


def _share(items: list[tuple[int, Item]], groups: list[BodyGroup]) -> dict[int, BodyGroup]:
    """Groups over items in order, activities first (a lead body is printed for the activities
    of its row), the last group holding for the activities left; area-only records take the
    groups no activity took, or, in a row of areas only, share them the same way."""
    if not groups:
        return {}
    activities = [i for i, it in items if it.column != "area"]
    areas = [i for i, it in items if it.column == "area"]
    if not activities:
        activities, areas = areas, []
    out = {i: groups[min(pos, len(groups) - 1)] for pos, i in enumerate(activities)}
    out.update(zip(areas, groups[len(activities):]))
    return out


def _pair_row(items: list[tuple[int, Item]], groups: list[BodyGroup]) -> dict[int, BodyGroup]:
    """One table row: the groups printed on an item's line go to that line's items; items on a
    line without groups take the row's groups left over that no other item is printed beside, else
    share its last group (activities only, or on a line of areas only its numbered areas: an
    unnumbered area-only record takes a group only when no activity of the row needs it)."""
    out: dict[int, BodyGroup] = {}
    items_at: dict[int, list[tuple[int, Item]]] = {}
    for i, item in items:
        items_at.setdefault(item.start, []).append((i, item))
    groups_at: dict[int, list[BodyGroup]] = {}
    for g in groups:
        groups_at.setdefault(g.start, []).append(g)
    unused = {id(g): g for g in groups}
    for line in sorted(items_at):
        on_line = items_at[line]
        if own := groups_at.get(line):
            paired = _share(on_line, own)
        elif free := [g for g in unused.values() if g.start not in items_at]:
            paired = _share(on_line, free)  # a group printed beside another item is that item's
        else:
            # an activity shares the row's last group; so does a numbered area on a line of areas
            # only, which goes on with the row's list ("2.", "3." after "1.": line 180 of November)
            activities = [(i, it) for i, it in on_line if it.column != "area"]
            listed = [(i, it) for i, it in on_line if it.ref]
            paired = _share(activities or listed, groups[-1:])
        out.update(paired)
        for g in paired.values():
            unused.pop(id(g), None)
    return out


def pair_by_label(items: list[Item], groups: list[BodyGroup], tracker: ProvisionTracker) -> dict[int, BodyGroup]:
    """Item index -> the group printed with the item's own label under the same provision ("a.1)"
    beside "a.1)Lead:"), the nearest one where a label repeats."""
    by_label: dict[str, list[BodyGroup]] = {}
    for g in groups:
        if g.label:
            by_label.setdefault(g.label, []).append(g)
    out: dict[int, BodyGroup] = {}
    for idx, item in enumerate(items):
        if not item.ref:
            continue
        provision = tracker.at(item.start)
        same = [g for g in by_label.get(_label(item.ref), []) if tracker.at(g.start) is provision]
        if same:
            out[idx] = min(same, key=lambda g: abs(g.start - item.start))
    return out


def pair_groups(
    items: list[Item], groups: list[BodyGroup], tracker: ProvisionTracker, row_of: dict[int, int] | None = None
) -> dict[int, BodyGroup]:
    """Which body group each item (by index) belongs to, never one printed in another table row.

    First the group with the item's label under the same provision ("a.1)" beside "a.1)Lead:");
    then the unlabelled groups of the item's table row: those on the item's own line go to the
    items of that line, the rest to the row's items left over (see `_share`). An item whose row
    prints no body group stays unpaired: its lead is missing, not borrowed from a row above.
    """
    live = [g for g in groups if not g.echo]
    row: Callable[[int], int] = (lambda line: row_of.get(line, line)) if row_of else (lambda line: line)
    out = pair_by_label(items, live, tracker)
    claimed = {id(g) for g in out.values()}
    # a group whose label names another activity is that activity's, not this item's
    named = {_label(it.ref) for it in items if it.ref}
    members: dict[int, list[tuple[int, Item]]] = {}
    for i, item in enumerate(items):
        if i not in out:
            members.setdefault(row(item.start), []).append((i, item))
    row_groups: dict[int, list[BodyGroup]] = {}
    for g in live:
        if id(g) not in claimed and not (g.label and g.label in named):
            row_groups.setdefault(row(g.start), []).append(g)
    for table_row in sorted(members):
        out.update(_pair_row(members[table_row], row_groups.get(table_row, [])))
    return out


@dataclass
class NovCells:
    """A November section read into items and body groups, before they are placed and paired."""

    areas: list[Item]
    activities: list[Item]
    groups: list[BodyGroup]


def nov_cells(streams: NovSection) -> NovCells:
    """Column streams -> areas, activities and body groups. A line where a lead group opens also
    opens an activity in a cell that uses list markers ("Lead:" beside each item)."""
    areas = items_of(
        streams.areas, "area", sentences_when_unmarked=False, capital_refs=True, areas=True,
        continuation_lines=frozenset(streams.held),
    )
    groups = mark_echoes(parse_body_frags(streams.bodies))
    for g in groups:
        g.label = (g.label.rstrip(").") + ")") if g.label else ""
    lead_lines = frozenset(g.start for g in groups if g.opened)
    activities = items_of(streams.activities, "activity", sentences_when_unmarked=False, new_item_lines=lead_lines)
    return NovCells(areas, activities, groups)


def place_units(
    activities: list[Item], areas: list[Item], tracker: ProvisionTracker, row_of: dict[int, int] | None = None
) -> list[tuple[Item, Item | None]]:
    """(item, its area) for every record of the section, in reading order: each activity under its
    area, and each area with no activity under it as a record of its own (paired with itself)."""
    nearest = {i: _area_for(a, areas, tracker, row_of) for i, a in enumerate(activities)}
    area_of = siblings_share_areas(activities, nearest, tracker)
    used_areas = {id(a) for a in area_of.values() if a is not None}
    units: list[tuple[Item, Item | None]] = [(a, area_of[i]) for i, a in enumerate(activities)]
    units += [(a, a) for a in areas if id(a) not in used_areas]
    units.sort(key=lambda u: (u[0].start, 0 if u[0].column == "area" else 1))
    return units


def _unit_flags(item: Item, group: BodyGroup | None, streams: NovSection) -> list[str]:
    """Where the item's text or bodies were placed by rule: text outside the grid, no body in its
    row, bodies printed on another line of its row."""
    flags = []
    if item.start in streams.orphans or any(line in streams.orphans for line in item.lines):
        flags.append(flag("orphan-text", "text printed outside the table grid was placed by rule"))
    if group is None:
        flags.append(flag("missing-body", "no Lead / Cooperating Sectoral Body printed for it in its table row"))
    elif not (group.label and group.label == _label(item.ref)) and not set(item.lines) & set(group.lines):
        flags.append(flag("body-apart", f"bodies printed on line {group.start}, in the same table row"))
    return flags


# The record fields a column of its own row fills (other than provision, area, activity and bodies);
# a column that fills `note` adds "<its heading>: <text>" to the record's remarks.
ROW_TEXT_FIELDS = ("expected_outputs", "status", "note")


def row_texts(item: Item, streams: NovSection, lay: Layout) -> tuple[dict[str, str], list[str]]:
    """The record fields filled by the item's own row's other columns (expected outputs, status),
    and the remarks from columns declared to fill `note` ("Timeline: 2018-2019")."""
    fields = {"expected_outputs": "", "status": ""}
    notes = []
    for column in lay.columns:
        if column.field not in ROW_TEXT_FIELDS:
            continue
        text = " ".join(v for k, v in streams.texts.get(column.role, {}).items() if k in item.lines)
        if column.field == "note":
            notes += [f"{column.heading}: {text}"] if text else []
        else:
            fields[column.field] = " ".join(t for t in (fields.get(column.field, ""), text) if t)
    return fields, notes


def unit_to_record(
    item: Item, area: Item | None, group: BodyGroup | None, streams: NovSection, tracker: ProvisionTracker,
    lay: Layout, **where: Any,
) -> Record:
    """One placed and paired item -> its record (`where`: draft, pillar, source_file, pages)."""
    is_area = item.column == "area"
    # an area's editorial notes hold for what is under it; its proposer tag ("[SOMSWD]") does not
    notes = [n for n in (area.notes if area is not None else []) if is_area or not PROPOSER.match(n)]
    if group is not None and group.note:
        notes.append(group.note)
    texts, text_notes = row_texts(item, streams, lay)
    notes += text_notes
    extra = tuple(group.lines) if group else ()
    # the lines of the row's other cells it takes text from (an Expected Outputs cell wrapped below)
    extra += tuple(n for column in streams.text_lines.values() for k, lines in column.items() if k in item.lines
                   for n in lines)
    if area is not None and not is_area:
        extra += area.lines
    own_notes = [] if is_area else item.notes  # an area-only record's notes come with its area
    rec_item = Item(item.text, item.lines, item.ref, item.column, item.kind, own_notes, item.flags)
    return item_record(
        rec_item,
        provision=tracker.at(item.start),
        extra_lines=extra,
        activity="" if is_area else item.text,
        area=area.text if area is not None else "",
        lead=tuple(group.lead) if group else (),
        cooperating=tuple(group.cooperating) if group else (),
        bodies_raw=group.raw if group else "",
        notes=notes,
        flags=_unit_flags(item, group, streams),
        expected_outputs=texts["expected_outputs"],
        status=texts["status"],
        **where,
    )


def nov_section(rows: list[Row], lay: Layout, where: Where) -> list[Record]:
    """One pillar the November way (the assembler "areas"): rows -> column streams -> items and body groups -> run-on
    cells split to their lead groups -> items placed under their areas -> paired with the body
    groups of their table row -> records. Provision labels are read in the styles the layout declares."""
    tracker = ProvisionTracker(lay.labels.provision)
    streams = nov_streams(rows, tracker)
    cells = nov_cells(streams)
    row_of = table_rows(rows, tracker, lay.merging)
    activities = refine_for_groups(cells.activities, cells.groups, row_of)
    units = place_units(activities, cells.areas, tracker, row_of)
    pairing = pair_groups([item for item, _ in units], cells.groups, tracker, row_of)
    records = [
        unit_to_record(item, area, pairing.get(idx), streams, tracker, lay, **where.fields())
        for idx, (item, area) in enumerate(units)
    ]
    return records + provision_only_records(tracker, records, where.draft, where.pillar, where.source_file,
                                            where.pages)
