"""The matrix's table layouts, declared once in `layouts.toml`, and telling a header row's layout.

Every front-end asks `layout_of_header(cells)` with the cells of a candidate header row (a PDF
table's first row, a text line's TAB-separated cells, a Word table's header row) and gets a
`LayoutMatch`: the layout, the role of each cell, or why not and which known layout came nearest.
A header is recognised by its columns: each cell must match, in order, one of the headings its
column is known by, compared with all whitespace removed (so "Cooperatin g" and "Imple menta
tion Statu s", words broken inside narrow cells, match) and by similarity (so a heading reworded
slightly within its family still matches).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from tipmatrix.extract.labels import provision_grammar

LAYOUTS_FILE = Path(__file__).with_name("layouts.toml")
# How alike (rapidfuzz ratio, 0-100, of the whitespace-free, case-folded texts) a header cell must
# be to one of its column's headings: "Provisions of ACTIP" for "Provisions of the ACTIP" (91) or
# "Sectoral Body/Organ" for "Sectoral Body / Organ" (100 once spaces go) pass, while no activity or
# body cell comes near every heading of a layout at once.
HEADER_SIMILARITY = 80.0


@dataclass(frozen=True)
class Column:
    role: str
    headings: tuple[str, ...]
    fragments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Labels:
    """The label styles a layout prints, by kind (names as in `extract/labels.py`)."""

    provision: tuple[str, ...] = ("A.",)


@dataclass(frozen=True)
class Layout:
    id: str
    name: str
    columns: tuple[Column, ...]
    marks: tuple[tuple[str, ...], ...] = ()
    fragment_order: tuple[str, ...] = ()
    labels: Labels = Labels()

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(c.role for c in self.columns)


@dataclass(frozen=True)
class Fragments:
    """What a text rendition's header lines are made of, beyond the headings themselves."""

    words: frozenset[str]
    phrases: tuple[str, ...]


def _labels(entry: dict) -> Labels:
    """A layout's `labels`, every style checked against the grammar (an unknown one is an error)."""
    unknown = sorted(set(entry) - {"provision"})
    if unknown:
        raise ValueError(f"{LAYOUTS_FILE.name}: unknown kind of label {unknown}; known: ['provision']")
    labels = Labels(**{kind: tuple(styles) for kind, styles in entry.items()})
    provision_grammar(labels.provision)
    return labels


def _parse(data: dict) -> tuple[tuple[Layout, ...], Fragments]:
    layouts = tuple(
        Layout(
            id=entry["id"],
            name=entry["name"],
            columns=tuple(
                Column(c["role"], tuple(c["headings"]), tuple(c.get("fragments", ()))) for c in entry["columns"]
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


def fragments() -> Fragments:
    return _declaration()[1]


def heading_key(text: str) -> str:
    """A heading or header cell compared: whitespace (and soft hyphens) removed, case folded."""
    return "".join(text.replace("\u00ad", "").split()).casefold()


def heading_similarity(cell: str, column: Column) -> float:
    """How alike a header cell is to the nearest of the headings its column is known by (0-100)."""
    key = heading_key(cell)
    if not key:
        return 0.0
    return max(100.0 if key == heading_key(h) else fuzz.ratio(key, heading_key(h)) for h in column.headings)


@dataclass(frozen=True)
class LayoutMatch:
    """What a row of header cells is: `layout` (its id) and the `roles` of its cells when it is a
    known header; otherwise `layout` is "" and `nearest` / `matched` say which known layout came
    closest and how many of its columns the cells matched."""

    layout: str
    roles: tuple[str, ...]
    nearest: str
    matched: int
    columns: int
    cells: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.layout)

    @property
    def name(self) -> str:
        return layout(self.nearest).name

    def refusal(self) -> str:
        """Why the cells are not a known header: the columns seen and the nearest known layout."""
        seen = " | ".join(" ".join(c.split()) for c in self.cells)
        return (f"table header not recognised as a known matrix layout: {seen!r}; nearest is the {self.name}"
                f" layout ({self.matched} of {self.columns} columns recognised). If it is a new wording of that"
                " layout, add its headings to extract/layouts.toml")


def _columns_matched(cells: list[str], lay: Layout) -> int:
    """How many of the layout's columns the cells match, position by position."""
    return sum(
        1 for cell, column in zip(cells, lay.columns) if heading_similarity(cell, column) >= HEADER_SIMILARITY
    )


def layout_of_header(cells: list[str]) -> LayoutMatch:
    """The layout whose header row `cells` are: one cell per column, each matching its column."""
    best: LayoutMatch | None = None
    for lay in layouts():
        matched = _columns_matched(cells, lay)
        if matched == len(lay.columns) == len(cells):
            return LayoutMatch(lay.id, lay.roles, lay.id, matched, len(lay.columns), tuple(cells))
        if best is None or matched > best.matched:
            best = LayoutMatch("", (), lay.id, matched, len(lay.columns), tuple(cells))
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
