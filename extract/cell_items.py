"""The items of a cell: list items, lead-ins and echoes read from a cell's text fragments (shared by the
assemblers, extract/assemble_*.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from tipmatrix.extract.cells import (
    ACTION_VERBS,
    DASH_MARKER,
    Frag,
    boundary_candidates,
    join_frags,
    lift_notes,
    lines_of,
    segment,
    split_markers,
    strip_marker,
    tidy_activity,
)


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


# A May item's list marker: a dash or bullet, a letter "a)" or a number "1." (items in any style).
ITEM_MARK = r"^([-–•]|[a-z]\)|\d+\.)"
