"""What the matrix's fixed text looks like: column headers, pillar headings, body cells.

Shared by the front-ends (text, PDF, Word): telling the layout from the header text, recognising
header fragments and pillar headings, and telling a body cell from an activity cell by content.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from tipmatrix.bodies import alias_index, body_key, resolve
from tipmatrix.errors import InputError
from tipmatrix.extract.labels import pillar_heading
from tipmatrix.extract.layouts import (
    LayoutMatch,
    fragments,
    header_words,
    known_layouts,
    layout,
    layout_of_header,
    layout_of_marks,
    role_of_fragment,
)
from tipmatrix.textfold import fold_lookalikes

# Words and phrases of the column headings (extract/layouts.toml), for recognising the header
# lines a text rendition repeats on each page, whole or in fragments.
HEADER_WORDS = header_words()
HEADER_PHRASES = fragments().phrases



WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return WORD.findall(fold_lookalikes(text).lower())


@lru_cache(maxsize=4096)
def _header_word(word: str) -> bool:
    """A header word, or a fragment of one clipped by an overlapping column ("Amo", "ongst").

    Kept per word: every line of a text rendition is asked, and the fragment test scans every
    header word."""
    if word in HEADER_WORDS or len(word) == 1:
        return True
    return len(word) >= 2 and any(
        len(w) > len(word) and (w.startswith(word) or w.endswith(word)) for w in HEADER_WORDS if len(w) >= 5
    )


WHITESPACE_RUN = re.compile(r"\s+")
BODY_CELL_COLON = re.compile(r"(?:lead|csb)\s*:")


@lru_cache(maxsize=4096)
def is_header_line(joined: str) -> bool:
    """A repeated column-header line, whole or in fragments (one cell per line on rotated pages).
    Kept per text: it is printed again on every page."""
    low = WHITESPACE_RUN.sub(" ", joined.lower())
    if BODY_CELL_COLON.search(low):
        return False  # "c)Lead:" is a body cell; the header never has the colon
    if sum(p in low for p in HEADER_PHRASES) >= 2:
        return True
    ws = words(joined)
    if not ws or not all(_header_word(w) for w in ws):
        return False
    return any(w in HEADER_WORDS and len(w) >= 4 for w in ws)


def pillar_of_heading(joined: str) -> str:
    """"A".."D" when the line is a pillar heading in any style the family prints ("B. Protection of
    Victims", "PILLAR B: PROTECTION", garbled or not: extract/labels.py)."""
    heading = pillar_heading(joined)
    return heading.pillar if heading else ""


def detect_layout(lines: list[str], path: Path | str) -> str:
    """Tell the layout from the column-header text, not from the file name: the first line whose
    TAB-separated cells are a known header row, else (a header printed one fragment per line) the
    phrases that mark a layout. A line with one cell per column of a layout, all but one of them
    its headings, is a header with an unknown heading: it is refused, naming it, not guessed."""
    unknown: tuple[int, LayoutMatch] | None = None  # (line number, match) of a header with one unknown heading
    for number, line in enumerate(lines, start=1):
        if "\t" not in line:
            continue
        cells = [c for c in line.split("\t") if c.strip()]
        match = layout_of_header(cells)
        if match:
            return match.layout
        if unknown is None and len(cells) == match.columns and match.matched == match.columns - 1:
            unknown = (number, match)
    if unknown is not None:
        raise InputError(path, f"line {unknown[0]}: {unknown[1].refusal()}")
    if found := layout_of_marks(" ".join(lines)):
        return found
    raise InputError(path, f"no recognisable matrix header (expected {known_layouts()})")


def _header_column(cell: str, layout_id: str) -> str:
    """The column of one cell of a text rendition's header line: a heading or a fragment of one;
    an empty cell is the column of list bullets, anything else text clipped from a neighbour."""
    if not cell.strip():
        return "bullet"
    return role_of_fragment(cell, layout_id) or "clip"


def header_template(cells: list[str], layout_id: str) -> tuple[str, ...] | None:
    """The column (role) of each cell of a page's header line, in the order printed; None when it
    cannot be read.

    A header whose cells are the layout's headings gives their roles, in whatever order they stand.
    Otherwise, in a layout whose columns declare fragments, each cell is read by its fragments: the
    November renditions' pages differ, some with an extra column of clipped provision text ("Amo"
    in the header) and a separate column for list bullets (an empty header cell).
    """
    match = layout_of_header(cells)
    if match.layout == layout_id:
        return match.roles
    if not any(c.fragments for c in layout(layout_id).columns):
        return None
    columns = [_header_column(c, layout_id) for c in cells]
    for i in range(len(columns) - 1):
        if columns[i] == columns[i + 1] == "area":
            columns[i] = "clip"
    if "bodies" not in columns or "activity" not in columns:
        return None
    return tuple(columns)


LABEL = r"(?:[a-z](?:\.\d+)?\)|\d+(?:\.\d+)*[.)])"
BODY_MARKER = re.compile(r"(?:\b(?:L|Le)?ead\s*:|\bCSB\s*:|Cooperating Sectoral Body\s*:)", re.I)
NOTE_IN_BODY = re.compile(r"\*.*$")
CONNECTOR_WORDS = {"and", "a", "&"}


def is_body_like(cell: str, last_cell: bool = False) -> bool:
    """A cell that names lead/cooperating bodies, not activity text.

    `last_cell`: in the May layout the last cell of a row is the body column, so a lone
    fragment of a vertically printed name ("2", "SO", "Š") counts there too.
    """
    text = cell.strip()
    if not text:
        return False
    if BODY_MARKER.search(text):
        return True
    if text.startswith("["):
        return False  # "[SOMSWD]": the body that proposed an item, inside activity text
    whole = re.sub(r"\s*-\s*", "-", text)
    if body_key(whole) in alias_index() or (len(body_key(whole)) >= 4 and resolve(whole).code):
        return True
    text = NOTE_IN_BODY.sub("", text)
    text = re.sub(rf"^{LABEL}\s*", "", text)
    tokens = [t for t in re.split(r"[\s,;/&()]+", text) if t and t.lower() not in CONNECTOR_WORDS]
    if not tokens:
        return False
    resolved = 0
    for token in tokens:
        if body_key(token) in alias_index() or (len(body_key(token)) >= 4 and resolve(token).code):
            resolved += 1
        elif re.search(r"[a-z]", token) or len(token) > 3:
            return False
    return resolved > 0 or (last_cell and len(text) <= 3)


# Words that suggest which May category column a cell sits in, used only when the rendition
# dropped empty cells and the position alone cannot tell.
CATEGORY_HINTS = {
    "Institutional Development": r"mechanism|database|system|network|focal|creation|establish|monitor|guideline",
    "Research Development": r"research|stud(?:y|ies)|survey|literature",
    "Training/Capacity Building": r"train|workshop|capacity|seminar|exercise|lecturer",
    "Prevention": r"campaign|awareness|information|prevent|dissemin",
}


def supports(cell: str, column: str) -> bool:
    """Do the cell's words suggest this category column?"""
    return bool(re.search(CATEGORY_HINTS[column], cell, re.I))


def place_categories(cells: list[str], columns: tuple[str, ...]) -> tuple[list[str], bool]:
    """Choose columns for fewer cells than category columns, keeping their order.

    Each placement scores the category hints its cells match; ties go to the leftmost placement.
    Returns the columns and whether any placed text cell had no hint (an uncertain category).
    """
    best: tuple[int, list[str]] | None = None
    for chosen in combinations(range(len(columns)), len(cells)):
        score = sum(
            1 for cell, col in zip(cells, chosen) if cell and re.search(CATEGORY_HINTS[columns[col]], cell, re.I)
        )
        if best is None or score > best[0]:
            best = (score, [columns[c] for c in chosen])
    assert best is not None
    placed = best[1]
    uncertain = any(cell and not supports(cell, col) for cell, col in zip(cells, placed))
    return placed, uncertain
