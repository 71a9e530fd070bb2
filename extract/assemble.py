"""Table rows -> records: one per activity, with provision, area, bodies as printed, and lines.

Every front-end produces `Row`s; this is where the matrix's structure is read: pillar headings,
provisions that span rows, areas that span activities (November), list items inside cells,
and which body cell belongs to which activity. A layout names its assembler (extract/layouts.toml);
`ASSEMBLERS` maps each name to the function that reads a pillar's rows that way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from tipmatrix.extract.body_cells import GROUP_START, LEAD, BodyGroup, mark_echoes, parse_body_frags, tidy
from tipmatrix.extract.cells import (
    ACTION_VERBS,
    DASH_MARKER,
    NUMBER_REF,
    Frag,
    boundary_candidates,
    ends_open,
    join_frags,
    lift_notes,
    lines_of,
    segment,
    split_markers,
    starts_marker,
    strip_marker,
    tidy_activity,
)
from tipmatrix.extract.labels import DEFAULT_PROVISION_STYLES, ref_number
from tipmatrix.extract.layouts import Layout, categories, layout
from tipmatrix.extract.provisions import Provision, ProvisionTracker, opens_provision
from tipmatrix.extract.rows import Row
from tipmatrix.model import Record, flag


@dataclass(frozen=True)
class AssembleSettings:
    """The assembler's thresholds, each with the reason for its value."""

    # An OCR echo repeats, damaged, the end of the text above it ("and survey offretated persons."
    # after "survey on related persons."): at least this many words, and at least this similar
    # (rapidfuzz partial_ratio) to the two fragments above. Shorter fragments are list items.
    echo_min_words: int = 3
    echo_similarity: float = 80.0
    # A body name printed vertically comes out as fragments around the name ("2 / SOMTC / Š");
    # fragments of at most this many letters and digits are pieces of the print, not names (the
    # shortest registry code, SLOM, has four).
    vertical_piece_letters: int = 3
    # Where an unmarked cell is cut into activities: 3 is a sentence end, 2 an action verb after a
    # word that can end a phrase ("... ACWC website Disseminate materials"); 1 (a capital after a
    # lower-case word) also cuts names and titles, so it is only used to match lead groups.
    split_strength: int = 2
    # A lead-in before a list ("Conduct Regional Workshops on:") is a short phrase; a colon further
    # in ends a sentence of the activity itself.
    lead_in_max_chars: int = 80
    # An area cell wrapped in a text rendition leaves its last words on the next line, beside the next
    # row ("Regional Workshops on Prevention Strategies to combat" / "TIP"); an area is never this
    # short, so an unmarked fragment of at most this many words on the next line is such a tail.
    area_tail_words: int = 2


SETTINGS = AssembleSettings()
LEAD_IN = re.compile(rf"^(.{{3,{SETTINGS.lead_in_max_chars}}}?:)\s+(?=[A-Z])")
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
    if not previous or len(frag.text.split()) < SETTINGS.echo_min_words:
        return False
    before = " ".join(f.text for f in previous[-2:]).lower()
    return len(frag.text) < len(before) and fuzz.partial_ratio(frag.text.lower(), before) >= SETTINGS.echo_similarity


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
        frags, capital_refs, new_item_lines, respect_marks=not areas, continuation_lines=continuation_lines,
        tail_words=SETTINGS.area_tail_words if areas else 0,
    )
    for group in groups:
        text, starts = join_frags(group)
        spans = split_markers(text, capital_refs, dashes=not areas)
        has_markers = len(spans) > 1 or bool(spans and spans[0][2]) or text.lstrip()[:1] in "-–•"
        pieces: list[tuple[int, int, str]] = []
        for start, end, ref in spans:
            sentences = (not ref) if areas else (sentences_when_unmarked and not has_markers)
            candidates = [] if (areas and ref) else boundary_candidates(text[start:end], sentences)
            if areas and not ref:
                candidates += dashed_actions(text[start:end])
            cuts = sorted({start + pos for pos, strength in candidates if strength >= SETTINGS.split_strength})
            bounds = [start, *cuts, end]
            for k in range(len(bounds) - 1):
                pieces.append((bounds[k], bounds[k + 1], ref if k == 0 else ""))
        pieces_items = _pieces_to_items(text, starts, pieces, column)
        items += prefix_lead_ins(pieces_items) if areas else merge_lead_ins(pieces_items)
    return items


def dashed_actions(text: str) -> list[tuple[int, int]]:
    """(offset, strength 3) of each dash that opens an action inside an unnumbered area cell
    ("... investigating TIP cases - Adopt and implement ..."): the area cell lists two areas.
    The dashes of a numbered area are its content (what a May item it took over listed)."""
    return [
        (m.start(), 3)
        for m in DASH_MARKER.finditer(text)
        if m.start() > 0 and text[m.end():].split(" ", 1)[0] in ACTION_VERBS
    ]


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


def _pieces_to_items(
    text: str, starts: list[tuple[int, Frag]], pieces: list[tuple[int, int, str]], column: str
) -> list[Item]:
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


def pillar_sections(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped under their pillar heading; rows before any heading go under ""."""
    sections: list[tuple[str, list[Row]]] = [("", [])]
    for row in rows:
        if row.pillar:
            sections.append((row.pillar, []))
        else:
            sections[-1][1].append(row)
    return [(p, r) for p, r in sections if r]


def assembler_of(lay: Layout) -> Assembler:
    """The function a layout's declared assembler names; an unknown name is an error naming the known ones."""
    try:
        return ASSEMBLERS[lay.assembler]
    except KeyError:
        raise ValueError(f"extract/layouts.toml: layout {lay.id!r} names the assembler {lay.assembler!r}; the"
                         f" assemblers are {', '.join(map(repr, ASSEMBLERS))}") from None


def rows_to_records(rows: list[Row], layout_id: str, draft: str, source_file: str) -> list[Record]:
    """A reading's rows -> records, pillar by pillar, by the assembler its layout declares."""
    lay = layout(layout_id)
    build = assembler_of(lay)
    pages = {c.lines[0]: c.page for row in rows for c in row.cells}
    records: list[Record] = []
    for pillar, section in pillar_sections(rows):
        for rec in build(section, lay, Where(draft, pillar, source_file, pages)):
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


# ---------------------------------------------------------------- the May way: category columns


# A May item's list marker: a dash or bullet, a letter "a)" or a number "1." (items in any style).
ITEM_MARK = r"^([-–•]|[a-z]\)|\d+\.)"


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
                _record(
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


# ---------------------------------------------------------------- the November way: areas and activities


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
    return _record(
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


Assembler = Callable[[list[Row], Layout, Where], list[Record]]
# The ways of reading a pillar's rows, by the name a layout's `assembler` gives (extract/layouts.toml).
ASSEMBLERS: dict[str, Assembler] = {"categories": may_section, "areas": nov_section}
