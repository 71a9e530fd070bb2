"""Body cells -> groups of lead and cooperating bodies, as printed.

November cells read "Lead: SOMTC CSB: ACWC", "a)Lead: ACWC SOMSWD, SOMHD" (first body leads,
the rest cooperate), "Lead: DGICM Cooperating Sectoral Body:", or a bare list that continues
the group above it on the next line. Names stay as printed; normalize/ resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tipmatrix.bodies import alias_index, body_key
from tipmatrix.extract.cells import Frag, join_frags, lines_of
from tipmatrix.textfold import squash_spaces

LABEL = r"(?P<label>[a-z](?:\.\d{1,2})?)\)\s*\.?\s*"
LEAD = r"(?:\b(?:Le|L)?ead|(?<![A-Za-z])ead)\s*:"
GROUP_START = re.compile(rf"(?:(?<![\w(]){LABEL})?(?P<lead>{LEAD})|(?<![\w(]){LABEL.replace('label', 'label2')}")
CSB = re.compile(r"\bCSB\s*:|\bCooperating\s+Sectoral\s+Body\s*:", re.I)
STAR_NOTE = re.compile(r"\*.*$")


@dataclass
class BodyGroup:
    """One lead/cooperating assignment as printed, and the lines it came from."""

    label: str
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    raw: str = ""
    lines: tuple[int, ...] = ()
    note: str = ""
    echo: bool = False
    opened: bool = False  # opened by "Lead:" or a label ("b)"), not a bare list or a second "CSB:"

    @property
    def start(self) -> int:
        return self.lines[0] if self.lines else 0


SPACED_HYPHEN = re.compile(r"\s*-\s*(?=[A-Z])")


def tidy(text: str) -> str:
    """"SOM- ED", "SOM -ED" -> "SOM-ED"; whitespace folded."""
    return squash_spaces(SPACED_HYPHEN.sub("-", text))


def body_tokens(text: str) -> list[tuple[str, str]]:
    """(connector before, name) for each body name in a list as printed.

    Multi-word registry names ("All other SB") are matched whole; commas and spaces separate
    names; "and", "&", "/" (and OCR "a") join names that share a role.
    """
    words = re.findall(r"[^\s,;/&]+|[,;/&]", text)
    out: list[tuple[str, str]] = []
    connector = ""
    i = 0
    index = alias_index()
    while i < len(words):
        word = words[i]
        if word in {",", ";"}:
            i += 1
            continue
        if word.lower() in {"and", "&", "/", "a"}:
            connector = "and"
            i += 1
            continue
        for size in (4, 3, 2):
            parts = words[i : i + size]
            phrase = " ".join(parts)
            if (
                i + size <= len(words)
                and all(body_key(p) and p.lower() not in {"and", "a"} for p in parts)  # no "," or "&" inside
                and body_key(phrase) in index
            ):
                out.append((connector, phrase))
                i += size
                break
        else:
            if i + 1 < len(words) and words[i + 1].startswith("("):
                out.append((connector, f"{word} {words[i + 1]}"))  # "SLOM (ACMW)"
                i += 2
            else:
                out.append((connector, word))
                i += 1
        connector = ""
    return out


def _lead_and_rest(text: str) -> tuple[list[str], list[str]]:
    """The first name (and names joined to it by "and", "&", "/") lead; the rest cooperate."""
    tokens = body_tokens(text)
    lead: list[str] = []
    rest: list[str] = []
    for i, (connector, name) in enumerate(tokens):
        if i == 0 or (connector == "and" and not rest):
            lead.append(name)
        else:
            rest.append(name)
    return lead, rest


MARKER = re.compile(
    rf"(?:(?<![\w(]){LABEL})?(?P<lead>{LEAD})"
    r"|(?P<csb>\bCSB\s*:|\bCooperating\s+Sectoral\s+Body\s*:)"
    rf"|(?<![\w(]){LABEL.replace('label', 'label2')}",
    re.I,
)


def parse_body_frags(frags: list[Frag]) -> list[BodyGroup]:
    """The body column of a section -> groups, in order.

    Text with no marker continues the group before it (as cooperating bodies) or, at the start,
    opens a group whose first name leads; a "CSB:" after a group's own "CSB:" opens a new group.
    """
    text, starts = join_frags(frags)
    groups: list[BodyGroup] = []
    # (group, start offset, [(kind, begin, end)]) where kind is lead|coop|bare
    opened: list[tuple[BodyGroup, int, list[tuple[str, int, int]]]] = []
    pos = 0
    kind = "bare"
    for m in MARKER.finditer(text):
        if opened:
            opened[-1][2].append((kind, pos, m.start()))
        elif text[pos : m.start()].strip():
            opened.append((BodyGroup(label=""), pos, [("bare", pos, m.start())]))
        if m.group("csb"):
            has_csb = opened and any(k == "coop" for k, _, _ in opened[-1][2])
            if not opened or has_csb:
                opened.append((BodyGroup(label=""), m.start(), []))
            kind = "coop"
        else:
            label = (m.group("label") or m.group("label2") or "").lower()
            opened.append((BodyGroup(label=label, opened=True), m.start(), []))
            kind = "lead" if m.group("lead") else "bare"
        pos = m.end()
    if opened:
        opened[-1][2].append((kind, pos, len(text)))
    elif text.strip():
        opened.append((BodyGroup(label=""), 0, [("bare", 0, len(text))]))
    for i, (group, begin, parts) in enumerate(opened):
        end = opened[i + 1][1] if i + 1 < len(opened) else len(text)
        group.raw = text[begin:end].strip()
        group.lines = lines_of(starts, begin, end)
        for part_kind, b, e in parts:
            _fill_part(group, part_kind, text[b:e])
        if group.raw:
            groups.append(group)
    return groups


def _fill_part(group: BodyGroup, kind: str, text: str) -> None:
    text = tidy(text)
    note = STAR_NOTE.search(text)
    if note:
        group.note = note.group(0).strip()
        text = text[: note.start()]
    if kind == "coop":
        group.cooperating += [n for _, n in body_tokens(text)]
    elif kind == "lead" or not group.lead:
        lead, rest = _lead_and_rest(text)
        group.lead += lead
        group.cooperating += rest
    else:
        group.cooperating += [n for _, n in body_tokens(text)]


def mark_echoes(groups: list[BodyGroup]) -> list[BodyGroup]:
    """A lead-less group that ends one line and is repeated word for word at the start of the
    next body line is an OCR echo of that line ("... CSB: SOMTC & SOMED" printed twice)."""
    for i, group in enumerate(groups[:-1]):
        nxt = groups[i + 1]
        same_line_groups = [g for g in groups if g.lines and group.lines and g.start == group.start]
        if (
            not group.lead
            and len(same_line_groups) > 1
            and nxt.start > group.lines[-1]
            and re.sub(r"\s+", " ", nxt.raw) == re.sub(r"\s+", " ", group.raw)
        ):
            group.echo = True
    return groups



# A spreadsheet body cell (export/matrix_sheet.body_cell): "Lead: SOMTC, SOM-ED / Cooperating: ACWC".
CELL_LEAD = re.compile(rf"^\s*{LEAD}", re.I)
CELL_COOPERATING = re.compile(r"(?:/\s*)?\b(?:Cooperating(?:\s+Sectoral\s+Body)?|CSB)\s*:", re.I)


def parse_body_cell(text: str) -> tuple[list[str], list[str]]:
    """A body cell as the Matrix sheet shows it -> (lead names, cooperating names), as typed.

    Every name after "Lead:" leads and every name after "Cooperating:" (or "CSB:") cooperates, as
    the sheet writes them; a list with no label is read as a source's: the first name leads."""
    lead_part, *rest = CELL_COOPERATING.split(tidy(text), maxsplit=1)
    cooperating = [name for _, name in body_tokens(rest[0])] if rest else []
    marked = CELL_LEAD.match(lead_part)
    if marked:
        return [name for _, name in body_tokens(lead_part[marked.end():])], cooperating
    lead, others = _lead_and_rest(lead_part)
    return lead, others + cooperating
