"""Signs that a text rendition was cut short, read from its text and what was extracted from it.

Neither draft has an end marker, and the renditions drop empty cells, so a cut that falls exactly
between two rows after pillar D began cannot be told from a complete matrix. Every other cut
leaves one of these signs at the end of the text:

- a final line break: both renditions end without one, right after their last row's cells;
- a page that stops after its column header;
- a last line with fewer cells (TABs) than the line before it on its page: a page prints its row
  lines with the same TABs (its column header's, in November), and a cut loses the last ones;
- a last word cut short: a word not found anywhere else in the text, though a longer word
  starting with it is ("Explor" where "Explore" is printed elsewhere);
- a last record with no body cell: its row was cut before the Lead / Sectoral Body column;
- a last provision that stops mid-sentence: every provision of the APA ends with "." or ";".

The signs are kept narrow so that a complete source shows none; a false sign costs a flag and a
warning, not the run (see `tipmatrix.pipeline.flag_truncation`).
"""

from __future__ import annotations

import re

from tipmatrix.model import Extraction

WORD = re.compile(r"\w+")
NO_BODY = ("missing-body", "missing-lead")


def last_content_line(extraction: Extraction) -> int | None:
    """The number of the last line that is not blank, by the coverage audit."""
    lines = [c.line for c in extraction.coverage if c.status != "blank" and c.text.strip()]
    return lines[-1] if lines else None


def cut_word(text: str, last_line: str) -> str | None:
    """The last word of the text when it is cut short: found nowhere else, though a longer word
    that starts with it is; None when the text ends after a space, TAB or punctuation."""
    if not last_line or not last_line[-1].isalnum():
        return None
    word = WORD.findall(last_line)[-1]
    others = WORD.findall(text[: len(text) - len(word)])
    known = set(others)
    if word in known or len(word) > 30:
        return None
    return word if any(w.startswith(word) and len(w) > len(word) for w in known) else None


def fewer_cells(lines: list[str], at: int, extraction: Extraction) -> bool:
    """Whether line `at` (1-based) has fewer TABs than the line before it on its page (its page's
    column header, or a content line): a page prints its row lines with the same TABs, so a cut
    inside the last line loses the last ones."""
    by_line = {c.line: c for c in extraction.coverage}
    last = by_line.get(at)
    before = next((c for n in range(at - 1, 0, -1)
                   if (c := by_line.get(n)) and c.text.strip() and c.status not in ("footer", "blank")), None)
    if last is None or before is None or last.page != before.page:
        return False
    return lines[at - 1].count("\t") < lines[before.line - 1].count("\t")


def open_provision(extraction: Extraction, index: int | None) -> str | None:
    """The end of the last record's provision text when it stops mid-sentence (every provision of
    the APA ends with a full stop or a semicolon)."""
    if index is None:
        return None
    text = extraction.records[index].provision_text.rstrip()
    return None if not text or text[-1] in ".;:)" else text[-30:]


def end_signs(text: str, lines: list[str], extraction: Extraction) -> list[str]:
    """What at the end of a text rendition shows it was cut; [] when nothing does."""
    signs = []
    if text.endswith(("\n", "\r")):
        signs.append("it ends with a line break, which the renditions do not")
    at = last_content_line(extraction)
    if at is None:
        return signs
    status = next(c.status for c in extraction.coverage if c.line == at)
    if status == "header":
        signs.append(f"it stops after a page's column header, line {at}")
    word = cut_word(text.rstrip("\r\n"), lines[at - 1])
    if word:
        signs.append(f"it stops inside a word, {word!r} on line {at}")
    if fewer_cells(lines, at, extraction):
        signs.append(f"its last line, {at}, has fewer cells than the line before it")
    index = last_record(extraction, at)
    if index is not None and any(f.split(":", 1)[0] in NO_BODY for f in extraction.records[index].flags):
        signs.append("its last record has no body cell")
    provision_end = open_provision(extraction, index)
    if provision_end:
        signs.append(f"its last provision stops mid-sentence, '...{provision_end}'")
    return signs


def last_record(extraction: Extraction, at: int) -> int | None:
    """The index of the record that holds the last line read (the last record that used a line
    at or before it, in source order)."""
    best = None
    for i, rec in enumerate(extraction.records):
        used = [n for n in rec.lines_used if n <= at] or [rec.source_lines[1]]
        key = (max(used), i)
        if best is None or key > best[0]:
            best = (key, i)
    return None if best is None else best[1]
