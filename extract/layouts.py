"""The matrix's table layouts, declared once in `layouts.toml`, and telling a header row's layout.

A layout is data: its columns (each with its role, the record field it fills, whether its cells merge
down rows, the headings it is known by) and its assembler by name (extract/assemble.py ASSEMBLERS
maps the name to the function). No code asks which layout a document has; it asks the declaration.

Every front-end asks `layout_of_header(cells)` with the cells of a candidate header row (a PDF
table's first row, a text line's TAB-separated cells, a Word table's header row) and gets a
`LayoutMatch`: the layout, the role of each cell, or why not (the columns missing, the headings no
column of the nearest layout knows). Each cell is matched to the column whose heading it is, in
whatever order the columns stand, compared with all whitespace removed (so "Cooperatin g" and
"Imple menta tion Statu s", words broken inside narrow cells, match) and by similarity (so a heading
reworded slightly within its family still matches).
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Protocol, TypeVar

from rapidfuzz import fuzz

from tipmatrix.extract.labels import provision_grammar
from tipmatrix.model import COLUMNS

LAYOUTS_FILE = Path(__file__).with_name("layouts.toml")
# How alike (rapidfuzz ratio, 0-100, of the whitespace-free, case-folded texts) a header cell must
# be to one of its column's headings: "Provisions of ACTIP" for "Provisions of the ACTIP" (91) or
# "Sectoral Body/Organ" for "Sectoral Body / Organ" (100 once spaces go) pass, while no activity or
# body cell comes near every heading of a layout at once.
HEADER_SIMILARITY = 80.0


class _HasColumn(Protocol):
    @property
    def column(self) -> str: ...


C = TypeVar("C", bound=_HasColumn)


@dataclass(frozen=True)
class Column:
    role: str
    headings: tuple[str, ...]
    fragments: tuple[str, ...] = ()
    field: str = ""  # the record field its text fills
    merges: bool = False  # its cells are merged down the rows of several records
    category: bool = False  # its text is an activity whose category is the role

    @property
    def heading(self) -> str:
        """The heading as the layout prints it (the first declared)."""
        return self.headings[0]

    @cached_property
    def keys(self) -> tuple[str, ...]:
        """Its headings as header cells are compared (`heading_key`)."""
        return tuple(heading_key(h) for h in self.headings)


@dataclass(frozen=True)
class Labels:
    """The label styles a layout prints, by kind (names as in `extract/labels.py`)."""

    provision: tuple[str, ...] = ("A.",)


@dataclass(frozen=True)
class Layout:
    id: str
    name: str
    assembler: str
    columns: tuple[Column, ...]
    marks: tuple[tuple[str, ...], ...] = ()
    fragment_order: tuple[str, ...] = ()
    labels: Labels = Labels()

    @cached_property
    def roles(self) -> tuple[str, ...]:
        return tuple(c.role for c in self.columns)

    @cached_property
    def categories(self) -> tuple[str, ...]:
        """The roles of its category columns (the May way), in declared order."""
        return tuple(c.role for c in self.columns if c.category)

    @cached_property
    def merging(self) -> tuple[str, ...]:
        """The roles of the columns whose cells merge down rows."""
        return tuple(c.role for c in self.columns if c.merges)

    @property
    def headings(self) -> tuple[str, ...]:
        """Its header as it prints it, left to right."""
        return tuple(c.heading for c in self.columns)

    @cached_property
    def heading_index(self) -> tuple[tuple[str, int, int, int], ...]:
        """(heading key, shortest and longest cell key that can be HEADER_SIMILARITY alike to it, column
        index) for every heading: rapidfuzz ratio is 2 * matches / total length, so a cell much shorter or
        longer (most body cells) is passed over without being compared."""
        ratio = HEADER_SIMILARITY / 100
        return tuple((key, math.ceil(len(key) * ratio / (2 - ratio) - 1e-9),
                      math.floor(len(key) * (2 - ratio) / ratio + 1e-9), j)
                     for j, column in enumerate(self.columns) for key in column.keys if key)

    def column(self, role: str) -> Column:
        return next(c for c in self.columns if c.role == role)

    def in_order(self, cells: list[C], printed: tuple[str, ...] | list[str]) -> list[C]:
        """A row's cells (anything with a `column` role) in the layout's declared column order when the
        header `printed` its columns in another order, so that the assembler reads every document alike;
        as they are otherwise (a column of the printing's own, such as list bullets, keeps its place)."""
        rank = {role: i for i, role in enumerate(self.roles)}
        if [r for r in printed if r in rank] == sorted((r for r in printed if r in rank), key=rank.__getitem__):
            return list(cells)
        return sorted(cells, key=lambda c: rank.get(c.column, len(rank)))


@dataclass(frozen=True)
class Fragments:
    """What a text rendition's header lines are made of, beyond the headings themselves."""

    words: frozenset[str]
    phrases: tuple[str, ...]


def _check(entry: dict) -> None:
    """A layout declaration as the code reads it, or a ValueError naming the layout and what is wrong."""
    name = entry.get("id", "?")
    missing = [key for key in ("id", "name", "assembler", "columns") if key not in entry]
    missing += [f"{key} of column {c.get('role', i + 1)!r}" for i, c in enumerate(entry.get("columns", ()))
                for key in ("role", "field", "headings") if not c.get(key)]
    if missing:
        raise ValueError(f"{LAYOUTS_FILE.name}: layout {name!r} declares no {', '.join(missing)}")
    roles = [c["role"] for c in entry["columns"]]
    if len(set(roles)) < len(roles):
        raise ValueError(f"{LAYOUTS_FILE.name}: layout {name!r} declares a role twice: {roles}")
    if unknown := [c["field"] for c in entry["columns"] if c["field"] not in COLUMNS]:
        raise ValueError(f"{LAYOUTS_FILE.name}: layout {name!r}: {', '.join(map(repr, unknown))} is no record field"
                         f" (records.csv has {', '.join(COLUMNS)})")


def _labels(entry: dict) -> Labels:
    """A layout's `labels`, every style checked against the grammar (an unknown one is an error)."""
    unknown = sorted(set(entry) - {"provision"})
    if unknown:
        raise ValueError(f"{LAYOUTS_FILE.name}: unknown kind of label {unknown}; known: ['provision']")
    labels = Labels(**{kind: tuple(styles) for kind, styles in entry.items()})
    provision_grammar(labels.provision)
    return labels


def _parse(data: dict) -> tuple[tuple[Layout, ...], Fragments]:
    for entry in data["layout"]:
        _check(entry)
    layouts = tuple(
        Layout(
            id=entry["id"],
            name=entry["name"],
            assembler=entry["assembler"],
            columns=tuple(
                Column(c["role"], tuple(c["headings"]), tuple(c.get("fragments", ())), c["field"],
                       bool(c.get("merges", False)), bool(c.get("category", False)))
                for c in entry["columns"]
            ),
            marks=tuple(tuple(group) for group in entry.get("marks", ())),
            fragment_order=tuple(entry.get("fragment_order", ())),
            labels=_labels(entry.get("labels", {})),
        )
        for entry in data["layout"]
    )
    fragments = data.get("fragments", {})
    return layouts, Fragments(frozenset(fragments.get("words", ())), tuple(fragments.get("phrases", ())))


@cache
def _declaration() -> tuple[tuple[Layout, ...], Fragments]:
    return _parse(tomllib.loads(LAYOUTS_FILE.read_text(encoding="utf-8")))


def layouts() -> tuple[Layout, ...]:
    """Every declared layout, in the order of `layouts.toml`."""
    return _declaration()[0]


def layout(layout_id: str) -> Layout:
    return next(lay for lay in layouts() if lay.id == layout_id)


def categories() -> tuple[str, ...]:
    """Every category an activity can have: the category columns of every layout, in declared order."""
    return tuple(dict.fromkeys(role for lay in layouts() for role in lay.categories))


def known_layouts() -> str:
    """The layouts the declaration knows, for error texts: "the May 2016 columns 'Provision | Institutional
    Development | ...' or the November 2016 columns '...'"."""
    named = [f"the {lay.name} columns {' | '.join([*lay.headings[:2], '...'])!r}" for lay in layouts()]
    return " or ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)


def fragments() -> Fragments:
    return _declaration()[1]


def heading_key(text: str) -> str:
    """A heading or header cell compared: whitespace (and soft hyphens) removed, case folded."""
    return "".join(text.replace("\u00ad", "").split()).casefold()


def heading_similarity(cell: str, column: Column) -> float:
    """How alike a header cell is to the nearest of the headings its column is known by (0-100)."""
    return _key_similarity(heading_key(cell), column)


def _key_similarity(key: str, column: Column, cutoff: float = 0.0) -> float:
    """`heading_similarity` of a cell's key; with `cutoff`, 0 for anything less alike (rapidfuzz then
    rejects a long body cell by its length alone)."""
    if not key:
        return 0.0
    return max(100.0 if key == h else fuzz.ratio(key, h, score_cutoff=cutoff) for h in column.keys)


@dataclass(frozen=True)
class LayoutMatch:
    """What a row of header cells is: `layout` (its id) and the `roles` of its cells, in the cells'
    order, when it is a known header; otherwise `layout` is "" and `nearest` / `matched` say which
    known layout came closest and how many of its columns the cells matched, `missing` the headings
    of its columns no cell matched and `unknown` the cells that match none of its columns."""

    layout: str
    roles: tuple[str, ...]
    nearest: str
    matched: int
    columns: int
    cells: tuple[str, ...]
    missing: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.layout)

    @property
    def name(self) -> str:
        return layout(self.nearest).name

    def refusal(self) -> str:
        """Why the cells are not a known header: the columns seen, the nearest known layout, and the
        column it misses or the heading it does not know."""
        seen = " | ".join(" ".join(c.split()) for c in self.cells)
        why = [f"no column for {' | '.join(' '.join(c.split()) for c in self.unknown)!r}"] if self.unknown else []
        why += [f"its column {' | '.join(self.missing)!r} is missing"] if self.missing else []
        return (f"table header not recognised as a known matrix layout: {seen!r}; nearest is the {self.name}"
                f" layout ({self.matched} of {self.columns} columns recognised: {'; '.join(why)}). If it is a new"
                " wording of that layout, add its headings to extract/layouts.toml")


def _assign(keys: list[str], lay: Layout) -> list[int | None]:
    """Each cell's column (index) in the layout, None for a cell that matches none (`keys`: the cells'
    heading keys): pairs taken best first, each column at most once, so the columns may stand in any order."""
    best: dict[tuple[int, int], float] = {}
    for i, key in enumerate(keys):
        n = len(key)
        for heading, low, high, j in lay.heading_index:
            if low <= n <= high:
                score = 100.0 if key == heading else fuzz.ratio(key, heading, score_cutoff=HEADER_SIMILARITY)
                if score >= HEADER_SIMILARITY and score > best.get((i, j), 0.0):
                    best[(i, j)] = score
    scored = sorted(((score, i, j) for (i, j), score in best.items()), key=lambda t: (-t[0], t[1], t[2]))
    out: list[int | None] = [None] * len(keys)
    taken: set[int] = set()
    for _, i, j in scored:
        if out[i] is None and j not in taken:
            out[i] = j
            taken.add(j)
    return out


def layout_of_header(cells: list[str]) -> LayoutMatch:
    """The layout whose header row `cells` are: one cell per column, each matching its column's
    headings, in any order."""
    best: LayoutMatch | None = None
    keys = [heading_key(cell) for cell in cells]
    for lay in layouts():
        assigned = _assign(keys, lay)
        matched = sum(1 for j in assigned if j is not None)
        if matched == len(lay.columns) == len(cells):
            roles = tuple(lay.columns[j].role for j in assigned if j is not None)
            return LayoutMatch(lay.id, roles, lay.id, matched, len(lay.columns), tuple(cells))
        if best is None or matched > best.matched:
            missing = tuple(c.heading for j, c in enumerate(lay.columns) if j not in assigned)
            unknown = tuple(c for c, j in zip(cells, assigned) if j is None)
            best = LayoutMatch("", (), lay.id, matched, len(lay.columns), tuple(cells), missing, unknown)
    assert best is not None, "extract/layouts.toml declares no layout"
    return best


def layout_of_marks(text: str) -> str:
    """The layout a text names by its marks (phrases of its header, lower case), "" if none."""
    low = re.sub(r"\s+", " ", text).lower()
    for lay in layouts():
        if any(all(phrase in low for phrase in group) for group in lay.marks):
            return lay.id
    return ""


def role_of_fragment(cell: str, layout_id: str) -> str:
    """The column a clipped or garbled header cell of a text rendition belongs to, "" if none tells.

    The columns' fragments are tried in the layout's `fragment_order`: a cell that carries words
    of two columns goes to the first. Each is looked for in the cell as printed and with its
    spaces removed, so a word broken inside a narrow cell ("Imple menta tion Statu s") is found.
    """
    lay = layout(layout_id)
    by_role = {c.role: c for c in lay.columns}
    texts = (cell.lower(), heading_key(cell))
    for role in lay.fragment_order or lay.roles:
        if any(re.search(pattern, text) for pattern in by_role[role].fragments for text in texts):
            return role
    return ""


def header_words() -> frozenset[str]:
    """Every word of every heading, with the fragments' extra words (titles, OCR misreadings)."""
    out = set(fragments().words)
    for lay in layouts():
        for column in lay.columns:
            for heading in column.headings:
                out.update(re.findall(r"[a-z0-9]+", heading.lower()))
    return frozenset(out)
