"""Text renditions -> table rows, with every line classified for the coverage audit.

The renditions separate cells by TABs but drop empty cells, repeat (and garble) the column
headers on every page, and print footers. Each page's own header line is the best guide to
which column a TAB-separated cell belongs to, so rows are aligned to the header of their page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from tipmatrix.errors import InputError
from tipmatrix.extract.furniture import PROSE, repeat_key
from tipmatrix.extract.header_text import (
    detect_layout,
    header_template,
    is_body_like,
    is_header_line,
    pillar_of_heading,
    place_categories,
    supports,
)
from tipmatrix.extract.labels import DEFAULT_PROVISION_STYLES, provision_grammar
from tipmatrix.extract.layouts import layout
from tipmatrix.extract.provisions import PROVISION_VERBS
from tipmatrix.extract.rows import READ_DEFAULTS, Cell, Reading, ReadOptions, Row
from tipmatrix.extract.sources import read_lines
from tipmatrix.model import CoverageLine
from tipmatrix.textfold import fold_lookalikes

FOOTER = re.compile(r"Page\s*\**\s*\d+\s*\**\s*of\s*\**\s*\d+\s*\**|^\s*As of \d{1,2} \w+ \d{4}\s*$", re.I)
PAGE_NUMBER = re.compile(r"Page\s*\**\s*(\d+)", re.I)
TITLE = re.compile(r"^\s*Possible Areas of Collaboration with other Relevant ASEAN", re.I)
ACTION_PLANS = re.compile(r"^\s*IV\.\s*Action Plans\s*$", re.I)


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    status: str  # content | blank | header | footer | pillar-heading | prose
    page: str = ""
    pillar: str = ""


# A page number alone on its line, with no "of M": "Page 3", "Page **3**".
PAGE_ALONE = re.compile(r"^\s*Page\s*\**\s*\d+\s*\**\s*$", re.I)
# A line outside the grid (no TAB) printed on several pages is a running header or footer when it has
# this many words or more: a body name printed vertically ("SOMTC") repeats too, and is a cell.
RUNNING_MIN_WORDS = 4


def _copies(lines: list[str]) -> int:
    """How many times the rendition prints its table: the commonest number of times one table row
    (a line with TABs) is printed; 1 for a draft of this family, N for a draft repeated N times."""
    times = Counter(Counter(repeat_key(t) for t in lines if "\t" in t and t.strip()).values())
    return max(times, key=lambda n: (times[n], -n)) if times else 1


def _running_lines(lines: list[str]) -> frozenset[str]:
    """The repeat keys of the lines outside the grid that print a running header or footer without
    a page number ("Cross-Sectoral Matrix on TIP, draft of 5 October 2020" atop each page).

    A running line is printed on two pages or more of each copy of the table (`_copies`): in a
    draft that repeats its table, every cell printed one per line repeats too, and is a cell."""
    keys = Counter(repeat_key(t) for t in lines if "\t" not in t and len(t.split()) >= RUNNING_MIN_WORDS)
    least = 2 * _copies(lines)
    return frozenset(k for k, n in keys.items() if n >= least)


def classify(lines: list[str], layout: str) -> list[Line]:
    """Status of each line: boilerplate kinds, or content. Pages are counted from footers/headers."""
    out = []
    running = _running_lines(lines)
    for number, text in enumerate(lines, start=1):
        joined = " ".join(c.strip() for c in text.split("\t") if c.strip())
        if not joined:
            status, pillar = "blank", ""
        elif FOOTER.search(joined) or PAGE_ALONE.match(text):
            status, pillar = "footer", ""
        elif "\t" not in text and repeat_key(text) in running:
            status, pillar = "header", ""
        elif pillar := pillar_of_heading(joined):
            status = "pillar-heading"
        elif TITLE.search(joined) or ACTION_PLANS.search(joined) or is_header_line(joined):
            status, pillar = "header", ""
        else:
            status, pillar = "content", ""
        out.append(Line(number, text, status, pillar=pillar))
    return _number_pages(_prose_before_table(out, running))


def _prose_before_table(lines: list[Line], running: frozenset[str] = frozenset()) -> list[Line]:
    """Text printed before the first line of the column header (a title, an introductory
    paragraph) is prose around the table (extract/furniture.py), not a table row; a line with
    cells (TABs) is a row wherever it stands. A running header (`running`) or the document's title
    above it is no column header: prose after them is still prose."""
    first = next((i for i, li in enumerate(lines) if li.status == "header" and repeat_key(li.text) not in running
                  and not TITLE.search(li.text)), 0)
    return [replace(li, status=PROSE) if i < first and li.status == "content" and "\t" not in li.text else li
            for i, li in enumerate(lines)]


def _number_pages(lines: list[Line]) -> list[Line]:
    """A rendition that prints page numbers (May): a footer "Page N of M" closes page N (lines after
    the last footer are "after N", also where the numbering starts again for a repeated table). One
    that prints none (November): a run of header lines opens a page once a table row has been printed
    since the last one."""
    pages: list[str] = []
    if any(li.status == "footer" and PAGE_NUMBER.search(li.text) for li in lines):
        pending: list[int] = []
        last = 0
        for i, line in enumerate(lines):
            pending.append(i)
            if line.status == "footer" and (m := PAGE_NUMBER.search(line.text)):
                number = int(m.group(1))
                if number <= last:
                    # numbering starts again: another copy of the table, whose page opens at its
                    # first header line; the lines before it end the last page of the copy before
                    opens = next((k for k, at in enumerate(pending) if lines[at].status == "header"), 0)
                    pages.extend([f"after {last}"] * opens)
                    pending = pending[opens:]
                last = number
                pages.extend([str(last)] * len(pending))
                pending = []
        pages.extend([f"after {last}" if last else ""] * len(pending))
    else:
        page = 1
        row_since_header = False
        for line in lines:
            if line.status == "header" and row_since_header:
                page += 1
                row_since_header = False
            elif line.status in ("content", "pillar-heading") and "\t" in line.text:
                row_since_header = True
            pages.append(str(page))
    return [Line(li.number, li.text, li.status, pages[i], li.pillar) for i, li in enumerate(lines)]


def split_cells(text: str) -> list[str]:
    """TAB-separated cells with trailing empty cells dropped."""
    cells = [c.strip() for c in text.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def looks_like_provision(cell: str, styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES) -> bool:
    """The first cell of a short May line is the provision column when it is empty (printed as
    an empty cell), carries a provision label (in the layout's `styles`), opens with an APA verb, or
    continues in lower case."""
    text = cell.strip()
    if not text:
        return True
    folded = fold_lookalikes(text)
    grammar = provision_grammar(styles)
    if re.match(r"^[A-LА-Я]\.(\s|$)", folded) or grammar.alone.match(folded) or grammar.leading.match(folded):
        return True
    first = text.split()[0]
    return first in PROVISION_VERBS or text[:1].islower()


def provision_first(rest: list[str], styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES) -> bool:
    """Is the first of a May line's cells (body cell removed) the provision column?

    Five cells: yes. Four: the provision was dropped unless the first reads as provision text.
    Fewer: yes unless it opens a list item (only empty cells are ever dropped).
    """
    if len(rest) >= 5:
        return True
    if len(rest) == 4:
        return looks_like_provision(rest[0], styles)
    return not re.match(r"^\s*([-–•*]|note\s*:)", rest[0], re.I)


def drops_inner_cells(lines: list[Line], width: int) -> bool:
    """Does the rendition drop empty cells in the middle of a row? A content line that prints an empty
    cell and ends in a body cell, yet has fewer cells than the table has columns, lost one between."""
    for line in lines:
        if line.status != "content" or "\t" not in line.text:
            continue
        cells = split_cells(line.text)
        if "" in cells[:-1] and len(cells) < width and is_body_like(cells[-1], last_cell=True):
            return True
    return False


def align_may(
    cells: list[str], previous: list[str] | None, columns: tuple[str, ...], categories: tuple[str, ...],
    styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES, drops_inner: bool = False,
) -> tuple[list[tuple[str, str]], set[str]]:
    """(column, text) for a line of a layout with category columns (May), and the category columns
    that had to be guessed. `columns`: the roles of the page's header, as printed (provision first,
    bodies last, the category columns between in any order); `categories`: the layout's.

    The renditions drop empty cells, so a short line is aligned by content: the last cell is
    the body column when it looks like a body (or a fragment of one printed vertically), the
    first is the provision unless it opens a list item, and the category cells between are
    placed by `place_categories`, or in the column of the line above when they continue it.
    """
    if len(cells) == len(columns) or (
        len(cells) < len(columns) and (columns[0] != "provision" or columns[-1] != "bodies")
    ):
        # a whole line; or a header in another order than provision first and body last, where the
        # rules below for dropped cells do not hold: the cells stand where the header's columns do
        return [(columns[i], c) for i, c in enumerate(cells) if c], set()
    out: list[tuple[str, str]] = []
    rest = list(cells)
    body = rest.pop() if len(rest) >= 2 and is_body_like(rest[-1], last_cell=True) else None
    if rest and provision_first(rest, styles):
        if rest[0]:
            out.append(("provision", rest[0]))
        rest = rest[1:]
    categories = tuple(c for c in columns if c in categories)
    guessed: set[str] = set()
    if len(rest) > len(categories):
        rest = rest[:3] + [" ".join(rest[3:])]
    if len(rest) == len(categories):
        placed = list(categories)
    elif body is None and "" in cells and len(rest) < len(categories):
        # the line prints its empty cells up to its last text (only the trailing ones are dropped):
        # its cells stand where the header's columns do; in a rendition that drops empty cells in the
        # middle too (`drops_inner`), a cell whose words do not suggest its column is still a guess
        placed = list(categories[: len(rest)])
        if drops_inner:
            guessed = {col for col, c in zip(placed, rest) if c and not supports(c, col)}
    elif previous and len(previous) == len(rest) and all(
        c == "" or not re.match(r"^\s*([-–•*]|note\s*:)", c, re.I) for c in rest
    ):
        placed = previous
    elif previous and len(previous) == 1 and len([c for c in rest if c]) == 1 and body is None:
        # a page printed one text line per line (rotated): one column all the way down
        placed = [previous[0] if c else categories[0] for c in rest]
    else:
        placed, _ = place_categories(rest, categories)
        guessed = {col for col, c in zip(placed, rest) if c and not supports(c, col)}
    out += [(col, c) for col, c in zip(placed, rest) if c]
    if body is not None:
        out.append(("bodies", body))
    return out, guessed


def align_nov(cells: list[str], template: tuple[str, ...]) -> list[tuple[str, str]]:
    """(column, text) for a November line, cell by cell against its page header.

    Trailing empty cells are not printed, so positions hold; a body cell found elsewhere
    (interior cells dropped) is still read as the body, and a "Le" + "ead: SOMTC" cut is joined.
    """
    out: list[tuple[str, str]] = []
    for i, cell in enumerate(cells):
        if not cell:
            continue
        column = template[i] if i < len(template) else template[-1]
        if column != "bodies" and i == len(cells) - 1 and is_body_like(cell) and column in (
            "expected_outputs", "status", "activity"
        ) and "bodies" not in [c for c, _ in out]:
            column = "bodies"
        out.append((column, cell))
    joined: list[tuple[str, str]] = []
    for column, cell in out:
        if joined and column == "bodies" and re.match(r"^ead\s*:", cell) and joined[-1][1] in ("L", "Le"):
            joined[-1] = ("bodies", "L" + cell)
            continue
        joined.append((column, cell))
    return joined


def to_rows(lines: list[Line], layout_id: str) -> list[Row]:
    """One Row per content line (cells aligned to the page header), one per pillar heading.

    Text lines outside the grid printed above a page's first table row (pages printed one
    cell per line) belong to the end of that page's table, so they are moved there.
    """
    rows: list[Row] = []
    held: list[Row] = []
    page_has_row = False
    current_page = ""
    lay = layout(layout_id)
    template = lay.roles
    previous: list[str] | None = None
    inner = drops_inner_cells(lines, len(template))
    for line in lines:
        if line.page != current_page:
            rows += held
            held, page_has_row, current_page = [], False, line.page
        if line.status == "header" and "\t" in line.text:
            template = header_template(split_cells(line.text), layout_id) or template
            continue
        if line.status == "pillar-heading":
            heading = Cell("pillar", line.text.strip(), (line.number, line.number), line.page)
            rows.append(Row(pillar=line.pillar, cells=(heading,)))
            continue
        if line.status != "content":
            if line.status != "blank":
                previous = None
            continue
        cells = split_cells(line.text)
        guessed: set[str] = set()
        if "\t" not in line.text:
            placed = [("bodies" if is_body_like(cells[0]) else "orphan", cells[0])]
        elif lay.categories:
            placed, guessed = align_may(cells, previous, template, lay.categories, lay.labels.provision, inner)
            previous = [c for c, _ in placed if c in lay.categories] or None
        else:
            placed = align_nov(cells, template)
        row = Row(cells=tuple(
            Cell(col, text, (line.number, line.number), line.page, guessed=col in guessed) for col, text in placed
        ))
        if placed[0][0] == "orphan" and not page_has_row:
            held.append(Row(cells=tuple(Cell("orphan-above", c.text, c.lines, c.page) for c in row.cells)))
            continue
        page_has_row = page_has_row or "\t" in line.text
        rows.append(row)
    rows += held
    return rows


# The longest line of the real renditions is 1,982 characters (a table row of the November draft);
# a line fifty times longer is no table row a person wrote, and reading it costs seconds per 100 kB.
MAX_LINE = 100_000


def check_line_lengths(lines: list[str], path: Path | str) -> None:
    """Refuse a source with a line longer than MAX_LINE, naming the line."""
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            raise InputError(path, f"line {number} is {len(line):,} characters long, more than any table row "
                                   f"(limit {MAX_LINE:,}); is this a text rendition of the matrix?")


def read_text(path: Path, options: ReadOptions = READ_DEFAULTS) -> Reading:
    """A text rendition -> its reading: layout, rows, coverage with boilerplate marked."""
    return read_text_lines(read_lines(path), path)


def read_text_lines(lines: list[str], path: Path | str) -> Reading:
    """A text rendition's lines -> its reading (`path` names the source in errors)."""
    check_line_lengths(lines, path)
    layout = detect_layout(lines, path)
    classified = classify(lines, layout)
    rows = to_rows(classified, layout)
    if not any(r.cells and not r.pillar for r in rows):
        raise InputError(path, "no table rows after the column headers (is the file truncated?)")
    coverage = [
        CoverageLine(li.number, li.page, "unassigned" if li.status == "content" else li.status, li.text)
        for li in classified
    ]
    return Reading(layout, rows, coverage)
