"""Page furniture and prose around the table: text that is neither a table row nor lost.

A draft prints running headers and footers on each page ("Bohol TIP Work Plan 2017-2020 ...
Endorsed Ad Referendum by SOMTC as of 13 November 2017 | Page 3 of 25", "As of 31 May 2016
Page 4 of 16") and prose before or after its table (a title, an introductory paragraph, an "As of"
line). Both are boilerplate of the coverage audit: a running header or footer keeps the status
`header` (above the table) or `footer` (below it); prose gets its own status, `prose`. Neither is
ever a record, nor unassigned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PROSE = "prose"
# A page number as running headers and footers print it: "Page 3 of 25", "Page **2** of **16**".
PAGE_NUMBER = re.compile(r"\bPage\s*\**\s*\d+\s*\**\s*(?:of\s*\**\s*\d+)?\b", re.I)


DIGITS = re.compile(r"\d+")


def repeat_key(text: str) -> str:
    """A line compared across pages: numbers folded (the page number changes), spacing ignored."""
    return DIGITS.sub("#", " ".join(text.split())).casefold()


def repeated_on_pages(lines: Iterable[tuple[int, str]]) -> frozenset[str]:
    """The repeat keys of lines printed on two pages or more: running headers and footers.

    `lines`: (page number, text) of each text line outside the tables.
    """
    pages: dict[str, set[int]] = {}
    for page, text in lines:
        pages.setdefault(repeat_key(text), set()).add(page)
    return frozenset(key for key, on in pages.items() if len(on) >= 2)


def is_running(text: str, repeated: frozenset[str] = frozenset()) -> bool:
    """A running header or footer: it carries a page number, or it repeats from page to page."""
    return bool(PAGE_NUMBER.search(text)) or repeat_key(text) in repeated


def outside_status(text: str, above_table: bool, repeated: frozenset[str] = frozenset()) -> str:
    """The audit status of a line printed outside the table: `header` / `footer` for a running
    header or footer (above / below the table), `prose` for anything else (title, introduction,
    an "As of" line, a closing note)."""
    if is_running(text, repeated):
        return "header" if above_table else "footer"
    return PROSE
