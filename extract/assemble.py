"""Table rows -> records: one per activity, with provision, area, bodies as printed, and lines.

Both front-ends produce `Row`s; this is where the matrix's structure is read: pillar headings,
provisions that span rows, areas that span activities (November), list items inside cells,
and which body cell belongs to which activity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from tipmatrix.extract.body_cells import BodyGroup, mark_echoes, parse_body_frags, tidy
from tipmatrix.extract.cells import (
    Frag,
    boundary_candidates,
    ends_open,
    join_frags,
    lift_notes,
    lines_of,
    segment,
    split_markers,
    strip_marker,
    tidy_activity,
)
from tipmatrix.extract.provisions import Provision, ProvisionTracker, opens_provision
from tipmatrix.extract.rows import LAYOUT_COLUMNS, MAY_2016, Row
from tipmatrix.model import Record, flag

MAY_CATEGORIES = LAYOUT_COLUMNS[MAY_2016][1:5]
BULLETS = {"-", "_", "–", "•", "—"}
PROPOSER = re.compile(r"^\[[A-Z][A-Z -]{2,10}\]$")


@dataclass
class Item:
    """An activity (or note, or area) read from a cell, before it becomes a record."""

    text: str
    lines: tuple[int, ...]
    ref: str = ""
    column: str = ""
    kind: str = "activity"
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # a lead-in merged with its sub-items keeps them, in case each has a lead body of its own
    parts: list[Item] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0] if self.lines else 0


# ---------------------------------------------------------------- cell text -> items


def _is_echo(frag: Frag, previous: list[Frag]) -> bool:
    """An OCR echo: a short fragment that repeats, damaged, the end of the text above it."""
    if not previous or len(frag.text.split()) < 3:
        return False
    before = " ".join(f.text for f in previous[-2:]).lower()
    return len(frag.text) < len(before) and fuzz.partial_ratio(frag.text.lower(), before) >= 80


def drop_echoes(frags: list[Frag]) -> tuple[list[Frag], list[Frag]]:
    kept: list[Frag] = []
    echoes: list[Frag] = []
    for frag in frags:
        if kept and frag.line != kept[-1].line and frag.text[:1].islower() and _is_echo(frag, kept):
            echoes.append(frag)
        else:
            kept.append(frag)
    return kept, echoes


def items_of(
    frags: list[Frag],
    column: str,
    sentences_when_unmarked: bool,
    capital_refs: bool = False,
    new_item_lines: frozenset[int] = frozenset(),
    areas: bool = False,
    continuation_lines: frozenset[int] = frozenset(),
) -> list[Item]:
    """A column's fragments -> items, split at list markers, action verbs and (optionally) sentences.

    Areas (November) are split at numbering ("A.", "1.2"); an unnumbered area cell (whose
    bullets the rendition lost) also at sentences and action verbs. A numbered area stays whole:
    what it lists (dashes, the May items it took over with their "[SOMSWD]" tags) is its content.
    """
    items: list[Item] = []
    groups = segment(
        frags, capital_refs, new_item_lines, respect_marks=not areas, continuation_lines=continuation_lines
    )
    for group in groups:
        text, starts = join_frags(group)
        spans = split_markers(text, capital_refs, dashes=not areas)
        has_markers = len(spans) > 1 or bool(spans and spans[0][2]) or text.lstrip()[:1] in "-–•"
        pieces: list[tuple[int, int, str]] = []
        for start, end, ref in spans:
            sentences = (not ref) if areas else (sentences_when_unmarked and not has_markers)
            candidates = [] if (areas and ref) else boundary_candidates(text[start:end], sentences)
            cuts = [start + pos for pos, strength in candidates if strength >= 2]
            bounds = [start, *cuts, end]
            for k in range(len(bounds) - 1):
                pieces.append((bounds[k], bounds[k + 1], ref if k == 0 else ""))
        pieces_items = _pieces_to_items(text, starts, pieces, column)
        items += prefix_lead_ins(pieces_items) if areas else merge_lead_ins(pieces_items)
    return items


def _under(ref: str, parent: str) -> bool:
    """Is numbered item `ref` ("1.2") one of `parent`'s ("1.", or none)?"""
    if not parent:
        return True
    return ref.rstrip(".)").startswith(parent.rstrip(".)") + ".")


def prefix_lead_ins(items: list[Item]) -> list[Item]:
    """An area lead-in ("... mechanisms including:") followed by numbered areas is carried by each."""
    out: list[Item] = []
    lead_in: Item | None = None
    carried = False
    for item in items:
        if item.text.endswith(":"):
            if lead_in is not None and not carried:
                out.append(lead_in)
            lead_in, carried = item, False
            continue
        if lead_in is not None and item.ref and _under(item.ref, lead_in.ref):
            item = Item(f"{lead_in.text} {item.text}", tuple(sorted(set(lead_in.lines) | set(item.lines))), item.ref,
                        item.column, item.kind, lead_in.notes + item.notes, item.flags)
            carried = True
        elif lead_in is not None:
            if not carried:
                out.append(lead_in)
            lead_in = None
        out.append(item)
    if lead_in is not None and not carried:
        out.append(lead_in)
    return out


def _pieces_to_items(text: str, starts, pieces, column: str) -> list[Item]:
    out = []
    for start, end, ref in pieces:
        raw = text[start:end]
        body = strip_marker(raw)
        if not body:
            continue
        kind = "activity"
        if raw.lstrip().startswith("*"):
            kind = "note"  # a cell that is only a starred remark ("* Refer to ...")
        elif re.match(r"note\s*:", body, re.I):
            kind, body = "note", re.sub(r"^note\s*:\s*", "", body, flags=re.I)
        body, notes = lift_notes(body)
        body = tidy_activity(body)
        if not body and notes:
            kind, body, notes = "note", strip_marker(notes[0].lstrip("*")), notes[1:]
        if not body:
            continue
        out.append(Item(body, lines_of(starts, start, end), ref, column, kind, notes))
    return out


def _sub_item(item: Item) -> bool:
    """An unnumbered activity that is not itself a lead-in: it can be one of a lead-in's items."""
    return not item.ref and item.kind == "activity" and not item.text.endswith(":")


def merge_lead_ins(items: list[Item]) -> list[Item]:
    """"Campaign on:" followed by unnumbered sub-items is one activity: "Campaign on: a; b; c"."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        item = items[i]
        if item.text.endswith(":") and not item.ref and i + 1 < len(items):
            subs = []
            j = i + 1
            while j < len(items) and _sub_item(items[j]):
                subs.append(items[j])
                j += 1
            if subs:
                text = item.text + " " + "; ".join(s.text.rstrip(";") for s in subs)
                lines = tuple(sorted(set(item.lines).union(*(s.lines for s in subs))))
                notes = item.notes + [n for s in subs for n in s.notes]
                out.append(Item(text, lines, item.ref, item.column, item.kind, notes, parts=[item, *subs]))
                i = j
                continue
        out.append(item)
        i += 1
    return out


# ---------------------------------------------------------------- records


def _record(
    item: Item,
    *,
    draft: str,
    pillar: str,
    provision: Provision | None,
    source_file: str,
    pages: dict[int, str],
    extra_lines: tuple[int, ...] = (),
    **fields,
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


def pillar_sections(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped under their pillar heading; rows before any heading go under ""."""
    sections: list[tuple[str, list[Row]]] = [("", [])]
    for row in rows:
        if row.pillar:
            sections.append((row.pillar, []))
        else:
            sections[-1][1].append(row)
    return [(p, r) for p, r in sections if r]


def rows_to_records(rows: list[Row], layout: str, draft: str, source_file: str) -> list[Record]:
    pages = {c.lines[0]: c.page for row in rows for c in row.cells}
    records: list[Record] = []
    for pillar, section in pillar_sections(rows):
        build = may_section if layout == MAY_2016 else nov_section
        for rec in build(section, draft, pillar, source_file, pages):
            if not pillar:
                rec = rec.with_flag(flag("missing-pillar", "row comes before any pillar heading"))
            records.append(rec)
    return records


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
            _record(
                item, draft=draft, pillar=pillar, provision=provision, source_file=source_file, pages=pages,
                activity="", flags=[flag("no-activity", "provision printed with no activity beside it")],
            )
        )
    return out


# ---------------------------------------------------------------- May 2016 layout


def _fresh(cell_text: str, column_frags: list[Frag], marked: bool) -> bool:
    """Does this cell start a new item in its column (rather than continue the one above)?"""
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


def may_logical_rows(rows: list[Row]) -> list[list[Row]]:
    """Lines -> table rows. A row's body cell ends it, but a name printed vertically spans
    several lines and stands in the middle of its row, so a row closes only when, after its
    body, a line starts a new item or a new provision."""
    groups: list[list[Row]] = []
    body_seen = False
    columns: dict[str, list[Frag]] = {}
    marked: dict[str, bool] = {}
    for row in rows:
        fresh = False
        for cell in row.cells:
            if cell.column in MAY_CATEGORIES:
                fresh |= _fresh(cell.text, columns.get(cell.column, []), marked.get(cell.column, False))
            elif cell.column == "provision" and groups:
                fresh |= opens_provision(cell.text, " ".join(f.text for f in columns.get("provision", [])))
        if not groups or (body_seen and fresh):
            groups.append([])
            body_seen = False
            columns, marked = {}, {}
        groups[-1].append(row)
        for cell in row.cells:
            if cell.column in MAY_CATEGORIES and cell.text.strip():
                if not columns.get(cell.column):
                    marked[cell.column] = bool(re.match(r"^[-–•]", cell.text.strip()))
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
    kept = [t for t in texts if t == main or len(re.sub(r"\W", "", t)) > 3]
    dropped = [t for t in texts if t not in kept]
    return kept, dropped


def _may_group_flags(body_frags: list[Frag], dropped: list[str], rows: list[Row]) -> list[str]:
    flags = []
    if dropped:
        flags.append(flag("vertical-body", f"fragments {dropped} of a vertically printed name dropped"))
    if not body_frags:
        flags.append(flag("missing-body", "no Sectoral Body / Organ cell in this row"))
    return flags + [f for row in rows for f in row.flags]


def _may_category(item: Item, column: str, guessed: set[tuple[int, str]]) -> tuple[str, list[str]]:
    """The item's category, or "" (flagged) when its column was only guessed from dropped cells."""
    if (item.start, column) not in guessed:
        return (column if column in MAY_CATEGORIES else ""), []
    return "", [flag(
        "category-uncertain",
        f"line {item.start} dropped its empty cells and its words suggest no column (placed as {column})",
    )]


def may_section(rows: list[Row], draft: str, pillar: str, source_file: str, pages: dict[int, str]) -> list[Record]:
    tracker = ProvisionTracker()
    records: list[Record] = []
    for group in may_logical_rows(rows):
        per_column: dict[str, list[Frag]] = {}
        body_frags: list[Frag] = []
        guessed = {(c.lines[0], c.column) for row in group for c in row.cells if c.guessed}
        for row in group:
            for cell in row.cells:
                frag = Frag(cell.text, cell.lines[0], cell.lines[1])
                if cell.column == "provision":
                    tracker.feed(frag)
                elif cell.column == "bodies":
                    body_frags.append(frag)
                elif cell.column in MAY_CATEGORIES or cell.column == "orphan":
                    per_column.setdefault(cell.column, []).append(frag)
            for line in range(row.lines[0], row.lines[1] + 1):
                tracker.mark(line)
        names, dropped = vertical_body(body_frags)
        bodies_raw = " ".join(" ".join(f.text for f in body_frags).split())  # as printed
        group_flags = _may_group_flags(body_frags, dropped, group)
        body_lines = tuple(n for f in body_frags for n in f.lines)
        for column in [c for c in (*MAY_CATEGORIES, "orphan") if c in per_column]:
            frags, echoes = drop_echoes(per_column[column])
            echo_flags = [flag("echo-dropped", f"line {e.line}: {e.text.strip()!r}") for e in echoes]
            for item in items_of(frags, column, sentences_when_unmarked=True):
                category, category_flags = _may_category(item, column, guessed)
                records.append(
                    _record(
                        item,
                        draft=draft,
                        pillar=pillar,
                        provision=tracker.at(item.start),
                        source_file=source_file,
                        pages=pages,
                        extra_lines=body_lines + tuple(e.line for e in echoes),
                        category=category,
                        lead=tuple(names),
                        bodies_raw=bodies_raw,
                        flags=group_flags + echo_flags + category_flags,
                    )
                )
    return records + provision_only_records(tracker, records, draft, pillar, source_file, pages)


# ---------------------------------------------------------------- November 2016 layout


@dataclass
class NovSection:
    """The column streams of one pillar of the November layout."""

    areas: list[Frag] = field(default_factory=list)
    activities: list[Frag] = field(default_factory=list)
    bodies: list[Frag] = field(default_factory=list)
    expected: dict[int, str] = field(default_factory=dict)
    status: dict[int, str] = field(default_factory=dict)
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
        for cell in row.cells:
            frag = Frag(cell.text, cell.lines[0], cell.lines[1])
            text = cell.text.strip()
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

    A "clip" cell (provision text clipped by an overlapping column, a damaged copy of text the
    provision cell has) feeds no stream.
    """
    if column == "area":
        s.areas.append(frag)
    elif column == "bodies":
        s.bodies.append(frag)
    elif column == "expected_outputs":
        s.expected[frag.line] = frag.text.strip()
    elif column == "status":
        s.status[frag.line] = frag.text.strip()
    elif column == "bullet":
        s.activities.append(frag)  # text, not a bullet, in the bullet column: it is activity text
    elif column in ("orphan", "orphan-above"):
        s.orphans.add(frag.line)
        if column == "orphan":
            s.activities.append(frag)
        else:
            s.held.add(frag.line)
            s.areas.append(frag)


def _ref_key(ref: str) -> str:
    return ref.lower().rstrip(").").split(".")[0]


def _area_for(item: Item, areas: list[Item], tracker: ProvisionTracker) -> Item | None:
    """The area an activity sits under: by numbering (1.2.1 under 1.2, a.1) under A.) when both
    are numbered, else the last area that starts at or before the activity."""
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
    before = [a for a in same if a.start <= item.start]
    return before[-1] if before else (same[0] if same else None)


def refine_for_groups(items: list[Item], groups: list[BodyGroup], row_of: dict[int, int] | None = None) -> list[Item]:
    """When a line carries more lead groups than items ("Lead: SOMSWD Lead: AICHR Lead: AICHR"
    beside one run-on cell), split its items at the strongest boundaries until they match.

    A lead-in ending with ":" is not an activity of its own; it is kept in the flags.
    """
    live = [g for g in groups if not g.echo and not g.label]
    out = list(items)
    row = (lambda line: row_of.get(line, line)) if row_of else (lambda line: line)
    for line in sorted({row(g.start) for g in live}):
        k = len([g for g in live if row(g.start) == line])
        for i, item in enumerate(out):
            # "Conduct Regional Workshops on: • a • b • c" beside three lead groups: three activities
            if row(item.start) == line and item.parts and len(item.parts) - 1 == k > 1:
                lead_in, subs = item.parts[0], item.parts[1:]
                flagged = [Item(s.text, s.lines, s.ref, s.column, s.kind, s.notes,
                                [*s.flags, flag("lead-in", lead_in.text)]) for s in subs]
                out[i : i + 1] = flagged
                break
        while True:
            on_line = [
                i for i, it in enumerate(out) if row(it.start) == line and not it.ref and it.column == "activity"
            ]
            if not on_line or len(on_line) >= k:
                break
            best = None
            for i in on_line:
                text = out[i].text
                lead_in = re.match(r"^(.{3,80}?:)\s+(?=[A-Z])", text)
                offset = lead_in.end() if lead_in else 0
                for pos, strength in boundary_candidates(text[offset:], True):
                    key = (strength, -pos)
                    if best is None or key > best[0]:
                        best = (key, i, offset + pos, lead_in.group(1) if lead_in else "")
            if best is None:
                break
            _, i, cut, lead_in = best
            item = out[i]
            head = item.text[:cut]
            if lead_in and head.startswith(lead_in):
                head = head[len(lead_in):]
            flags = [*item.flags, flag("split-by-bodies", f"cell split to match {k} lead groups on line {line}")]
            if lead_in and not any(f.startswith("lead-in") for f in flags):
                flags.append(flag("lead-in", lead_in))
            first_text, first_notes = lift_notes(head)
            rest_text, rest_notes = lift_notes(item.text[cut:])
            # notes already lifted from the run-on cell trail it, so they go with its last part
            first = Item(first_text, item.lines, "", item.column, item.kind, first_notes, flags)
            rest = Item(rest_text, item.lines, "", item.column, item.kind, rest_notes + item.notes, [*flags])
            out[i : i + 1] = [first, rest]
    return out


def _label(ref: str) -> str:
    return ref.lower().rstrip(").") + ")" if ref else ""


def pair_groups(
    items: list[Item], groups: list[BodyGroup], tracker: ProvisionTracker, row_of: dict[int, int] | None = None
) -> dict[int, BodyGroup]:
    """Which body group each item (by index) belongs to: the nearest group with the same label
    under the same provision ("a.1)" beside "a.1)Lead:"), else the groups on the item's line in
    order, else the last group above it under the same provision, else the first one below."""
    live = [g for g in groups if not g.echo]
    out: dict[int, BodyGroup] = {}
    row = (lambda line: row_of.get(line, line)) if row_of else (lambda line: line)

    def labelled(item: Item) -> BodyGroup | None:
        provision = tracker.at(item.start)
        same = [g for g in live if g.label and g.label == _label(item.ref) and tracker.at(g.start) is provision]
        return min(same, key=lambda g: abs(g.start - item.start)) if same else None

    claimed = {id(g) for it in items if it.ref and (g := labelled(it))}
    for idx, item in enumerate(items):
        if item.ref and (group := labelled(item)):
            out[idx] = group
            continue
        # a group whose label names another activity is that activity's, not this item's
        free = [g for g in live if id(g) not in claimed or (item.ref and g.label == _label(item.ref))]
        on_line = [g for g in free if row(g.start) == row(item.start)]
        if on_line:
            peers = [
                i for i, it in enumerate(items) if row(it.start) == row(item.start) and not (it.ref and labelled(it))
            ]
            pos = peers.index(idx) if idx in peers else 0
            out[idx] = on_line[min(pos, len(on_line) - 1)]
            continue
        provision = tracker.at(item.start)
        above = [g for g in free if row(g.start) < row(item.start) and tracker.at(g.start) is provision]
        below = [g for g in free if row(g.start) > row(item.start) and tracker.at(g.start) is provision]
        if above:
            out[idx] = above[-1]
        elif below:
            out[idx] = below[0]
    return out


def nov_section(rows: list[Row], draft: str, pillar: str, source_file: str, pages: dict[int, str]) -> list[Record]:
    tracker = ProvisionTracker()
    streams = nov_streams(rows, tracker)
    areas = items_of(
        streams.areas, "area", sentences_when_unmarked=False, capital_refs=True, areas=True,
        continuation_lines=frozenset(streams.held),
    )
    groups = mark_echoes(parse_body_frags(streams.bodies))
    for g in groups:
        g.label = (g.label.rstrip(").") + ")") if g.label else ""
    lead_lines = frozenset(g.start for g in groups if g.opened)
    activities = items_of(streams.activities, "activity", sentences_when_unmarked=False, new_item_lines=lead_lines)
    # which table row each line is printed in: a PDF row's cells start on different lines
    row_of = {line: i for i, r in enumerate(rows) for c in r.cells for line in range(c.lines[0], c.lines[1] + 1)}
    activities = refine_for_groups(activities, groups, row_of)
    area_of = {i: _area_for(a, areas, tracker) for i, a in enumerate(activities)}
    used_areas = {id(a) for a in area_of.values() if a is not None}
    # areas with no activity under them are records of their own (activity "")
    lone_areas = [a for a in areas if id(a) not in used_areas]
    units: list[tuple[Item, Item | None]] = [(a, area_of[i]) for i, a in enumerate(activities)]
    units += [(a, a) for a in lone_areas]
    units.sort(key=lambda u: (u[0].start, 0 if u[0].column == "area" else 1))
    items = [u[0] for u in units]
    pairing = pair_groups(items, groups, tracker, row_of)
    records = []
    for idx, (item, area) in enumerate(units):
        group = pairing.get(idx)
        is_area = item.column == "area"
        area_text = area.text if area is not None else ""
        # an area's editorial notes hold for what is under it; its proposer tag ("[SOMSWD]") does not
        notes = [n for n in (area.notes if area is not None else []) if is_area or not PROPOSER.match(n)]
        flags = []
        if item.start in streams.orphans or any(line in streams.orphans for line in item.lines):
            flags.append(flag("orphan-text", "text printed outside the table grid was placed by rule"))
        if group is None:
            flags.append(flag("missing-body", "no Lead / Cooperating Sectoral Body cell for this activity"))
        if group is not None and group.note:
            notes.append(group.note)
        extra = tuple(group.lines) if group else ()
        if area is not None and not is_area:
            extra += area.lines
        own_notes = [] if is_area else item.notes  # an area-only record's notes come with its area
        rec_item = Item(item.text, item.lines, item.ref, item.column, item.kind, own_notes, item.flags)
        records.append(
            _record(
                rec_item,
                draft=draft,
                pillar=pillar,
                provision=tracker.at(item.start),
                source_file=source_file,
                pages=pages,
                extra_lines=extra,
                activity="" if is_area else item.text,
                area=area_text,
                lead=tuple(group.lead) if group else (),
                cooperating=tuple(group.cooperating) if group else (),
                bodies_raw=group.raw if group else "",
                expected_outputs=" ".join(v for k, v in streams.expected.items() if k in item.lines),
                status=" ".join(v for k, v in streams.status.items() if k in item.lines),
                notes=notes,
                flags=flags,
            )
        )
    return records + provision_only_records(tracker, records, draft, pillar, source_file, pages)

