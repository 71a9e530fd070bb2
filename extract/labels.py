"""Every label style the matrix family prints, in one place: pillar headings, provision labels,
list items and activity references, read as printed and given a canonical key.

Pure functions on strings. A layout declares which styles it prints (`labels` in
`extract/layouts.toml`); the provision styles decide what opens a provision, and the canonical key
(pillar and the provision's letter "A".."L", whatever its printed style: "(b)", "2.", "ii." and "B."
are all "B") matches the same provision across drafts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from tipmatrix.model import PILLAR_TITLES
from tipmatrix.textfold import fold_lookalikes, squash_spaces

# ---------------------------------------------------------------- provisions

# The APA lists at most twelve provisions under a pillar ("A".."L").
PROVISION_LETTERS = "ABCDEFGHIJKL"
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
# Each provision style: its name (as a layout declares it) -> the label's pattern, after
# `fold_lookalikes` (a Cyrillic "В." reads as "B."). Longer roman numerals first: "iii" before "i".
PROVISION_STYLES: dict[str, str] = {
    "A.": r"[A-L]\.",
    "a.": r"[a-l]\.",
    "(a)": r"\([a-l]\)",
    "A)": r"[A-L]\)",
    "1.": r"(?:1[0-2]|[1-9])\.",
    "i.": r"(?:" + "|".join(sorted(ROMAN, key=len, reverse=True)) + r")\.",
}
DEFAULT_PROVISION_STYLES: tuple[str, ...] = ("A.",)


@dataclass(frozen=True)
class ProvisionGrammar:
    """The patterns that find a provision label of the declared styles in a provision cell: alone
    on its line ("В."), opening the text ("(a) Increase ..."), glued to the end of the provision
    before ("... victims; C.") or inside a cell after a sentence ("...; 2. Render ...")."""

    styles: tuple[str, ...]
    alone: re.Pattern[str]
    leading: re.Pattern[str]
    trailing: re.Pattern[str]
    embedded: re.Pattern[str]


@cache
def provision_grammar(styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES) -> ProvisionGrammar:
    """The label patterns of the provision styles a layout prints; an unknown style is an error."""
    unknown = [s for s in styles if s not in PROVISION_STYLES]
    if unknown:
        raise ValueError(f"unknown provision label style(s) {unknown}; known: {list(PROVISION_STYLES)}")
    label = "(" + "|".join(PROVISION_STYLES[s] for s in styles) + ")"
    return ProvisionGrammar(
        styles=styles,
        alone=re.compile(rf"^\s*{label}\s*$"),
        leading=re.compile(rf"^\s*{label}\s+(?=\S)"),
        trailing=re.compile(rf"(?<=[;.,])\s+{label}\s*$"),
        embedded=re.compile(rf"(?<=[;.])\s+{label}\s+(?=[A-Z])"),
    )


SPACED_LABEL = re.compile(r"^\s*(\S+?)\s+([.)])\s*$")


def squeeze_label(text: str) -> str:
    """A label printed with a space before its point ("B ." in a narrow column) as "B."."""
    return SPACED_LABEL.sub(r"\1\2", text)


def _ordinal(core: str, style: str) -> int:
    if style == "1.":
        return int(core)
    if style == "i.":
        return ROMAN.index(core) + 1
    return PROVISION_LETTERS.index(core.upper()) + 1


def label_style(label: str, styles: tuple[str, ...], previous: str = "") -> str:
    """Which of the declared styles a label (folded, as matched) is printed in. "i." is both a
    letter and a numeral: it is the letter after "h." (the previous provision's canonical letter
    "H"), else the numeral when the roman style is declared."""
    text = label.strip()
    matching = [s for s in styles if re.fullmatch(PROVISION_STYLES[s], text)]
    if len(matching) > 1 and "i." in matching:
        return "a." if previous == "H" and "a." in matching else "i."
    return matching[0] if matching else ""


def provision_letter(label: str, styles: tuple[str, ...] = DEFAULT_PROVISION_STYLES, previous: str = "") -> str:
    """The canonical letter ("A".."L") of a provision label printed in any declared style: "(b)",
    "b.", "B)", "2." and "ii." are all "B"; "" when the label is none of them."""
    folded = squeeze_label(fold_lookalikes(label)).strip()
    style = label_style(folded, styles, previous)
    if not style:
        return ""
    ordinal = _ordinal(folded.strip("()."), style)
    return PROVISION_LETTERS[ordinal - 1] if 1 <= ordinal <= len(PROVISION_LETTERS) else ""


def provision_key(pillar: str, letter: str) -> str:
    """The key that matches one provision across drafts: "C.B" (pillar C, provision B), "" if
    either is unknown."""
    return f"{pillar}.{letter}" if pillar and letter else ""


# ---------------------------------------------------------------- pillar headings

# The four pillars of the APA, by the first word of their titles (what a garbled heading keeps).
PILLAR_KEYWORDS: dict[str, str] = {"prevention": "A", "protection": "B", "law": "C", "regional": "D"}
# A heading's title as the drafts print it, whole or cut by a narrow cell ("Law Enforce | cement").
PILLAR_TITLE = re.compile(
    r"(prevention\s+of\s+(?:tip|trafficking)|protection\s+of\s+victims|law\s+enforce|regional\s+and\s+i)", re.I
)
# The words alone, for a heading that says it is one ("PILLAR A: PREVENTION") or prints nothing else
# ("A. PREVENTION").
PILLAR_WORD = re.compile(r"(prevention|protection|law\s+enforcement|regional\s+(?:and\s+international\s+)?"
                         r"cooperation)\b", re.I)
# A pillar's label: a letter (Latin, or its Cyrillic or Greek look-alike, folded first), a number or a
# roman numeral, with or without the word "Pillar" and with a point, a bracket, a colon or a dash.
PILLAR_LABEL = re.compile(
    r"^(?P<word>pillar\s*)?(?P<label>[A-DДΔ]|[1-4]|IV|I{1,3})?\s*(?P<sep>[.):\-–—]?)\s*(?P<title>.*)$", re.I | re.S
)
PILLAR_ORDINALS = {"1": "A", "2": "B", "3": "C", "4": "D", "I": "A", "II": "B", "III": "C", "IV": "D"}
# A heading is a short line; a provision that opens with a pillar's words is not.
PILLAR_HEADING_MAX_CHARS = 120


@dataclass(frozen=True)
class PillarHeading:
    """A pillar heading read: its pillar ("A".."D"), its label as printed ("A.", "PILLAR A:",
    "Pillar 1 -", "" when none) and its title."""

    pillar: str
    label: str
    title: str


@lru_cache(maxsize=4096)
def pillar_heading(text: str) -> PillarHeading | None:
    """A pillar heading in any style the family prints ("A. Prevention of TIP", "PILLAR A:
    PREVENTION", "Pillar 1 - Prevention", "b. protection of victims", garbled by a narrow cell or
    not), None for any other text. The pillar is told by the title's words; a label alone is not
    enough, since provisions are lettered too. Kept per text: every line and cell of a source is
    asked, and running headers repeat on each page."""
    squashed = squash_spaces(fold_lookalikes(text))
    if not squashed or len(squashed) > PILLAR_HEADING_MAX_CHARS:
        return None
    m = PILLAR_LABEL.match(squashed)
    if not m:
        return None
    title = m.group("title")
    label = squashed[: m.start("title")].strip()
    if m.group("word") and not m.group("label") and not m.group("sep"):
        return None  # "Pillar" in running text
    if m.group("sep") and not (m.group("word") or m.group("label")):
        return None  # "- Protection of victims in drafting SOP": a list item, not a heading
    whole = PILLAR_TITLE.match(title)
    word = whole.group(1) if whole else ""
    alone = None
    if not whole:
        alone = PILLAR_WORD.match(title)
        # the title's words alone make a heading only with the word "Pillar", or as the whole title
        if not alone or not (m.group("word") or alone.end() == len(title.rstrip(". "))):
            return None
        word = alone.group(1)
    heading = PillarHeading(PILLAR_KEYWORDS[word.split()[0].lower()], label, title)
    numbered = bool(m.group("label")) and not re.fullmatch(r"[A-DДΔ]", m.group("label"), re.I)
    if numbered and not m.group("word") and not (alone or is_whole_title(heading)):
        return None  # "2. Protection of victims in shelters": a numbered item, not "II. Protection of Victims"
    return heading


def is_whole_title(heading: PillarHeading) -> bool:
    """Does the heading print its pillar's whole title ("B. Protection of Victims", "TIP" for
    "Trafficking in Persons"), or say "Pillar"? A lone cell in an ordinary table row is a heading
    only then, so that a provision such as "D. Regional cooperation ..." alone in its row is none."""
    if heading.label.lower().startswith("pillar"):
        return True
    title = " ".join(heading.title.split()).casefold().rstrip(".")
    whole = PILLAR_TITLES[heading.pillar].casefold()
    return title in (whole, whole.replace("trafficking in persons", "tip"))


# ---------------------------------------------------------------- list items and activity references

# A list marker: a dash or bullet after white space (not "JULY 30- Celebration" nor "cross-border").
# (inside a character class: the hyphen escaped)
BULLET_CHARS = "\\-–•_\u25aa\u25e6\u25cf\uf0b7"  # - – • _ ▪ ◦ ● and the Symbol-font bullet Word exports
DASH_MARKER = re.compile(rf"(?:(?<=\s)|^)[{BULLET_CHARS}]+\s*(?=\S)")
# Bullet glyphs: markers whatever follows them (a dash in mid-text is one only before a capital).
BULLET_GLYPHS = "•\u25aa\u25e6\u25cf\uf0b7"
# Lettered and numbered references: "a)", "a.1)", "c).", "(i)"; "1.", "1)", "1.1", "1.2.1".
LETTER_REF = re.compile(r"(?:(?<=\s)|^)\(?([a-z](?:\.\d{1,2})?)\)\.?\s*(?=\S)")
NUMBER_REF = re.compile(
    r"(?:(?<=[\s;:])|^|(?<=[a-z]))(\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}[.)])\s+(?=[A-Z(\d\"'])"
)
# A capital letter item of the area column ("A. Establish network ...").
CAPITAL_REF = re.compile(r"(?:(?<=\s)|^)([A-L])\.\s+(?=[A-Z])")


def ref_number(ref: str) -> tuple[int, ...]:
    """The numbers of a numbered reference: "2.1" -> (2, 1), "3." -> (3,), "a)" -> ()."""
    core = ref.strip().rstrip(".)")
    return tuple(int(p) for p in core.split(".")) if re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*", core) else ()
