"""Cell text -> activities: joining broken lines, splitting lists, lifting editorial notes.

Pure functions on strings. A cell's text arrives as fragments (one per source line); they are
joined with an offset map so every activity can say which lines it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# List markers and references ("-", "•", "a)", "a.1)", "1.", "1.2.1", "A.") are read by the grammar
# of every label style, extract/labels.py.
from tipmatrix.extract.labels import BULLET_CHARS, BULLET_GLYPHS, CAPITAL_REF, DASH_MARKER, LETTER_REF, NUMBER_REF
from tipmatrix.textfold import squash_spaces

FUNCTION_WORDS = frozenset(
    "the of and in to on for with a an or by at from as that which who is are be their its this these "
    "such including include especially e.g. i.e.".split()
)

# Imperative verbs that open an action. A capitalised one in mid-text, after a word that could
# end a phrase, starts a new activity: "... ACWC website Disseminate materials ...".
ACTION_VERBS = frozenset(
    """Adopt Cooperate Collaborate Compile Conduct Continue Create Develop Disseminate Encourage
    Enhance Ensure Establish Expand Explore Facilitate Finalise Finalize Get Hold Identify Implement
    Include Increase Integrate Launch Maintain Maximize Organise Organize Promote Provide Publish
    Put Raise Recognise Render Set Share Strengthen Suggested Tap Train Undertake Utilise Utilize""".split()
)

# Sentences that open with these words go on with the one before ("... Such survey may ...").
CONTINUING_WORDS = frozenset("Such This These That It They Its Their".split())
@dataclass(frozen=True)
class Frag:
    """A piece of cell text from one source line (or, from a PDF cell, lines line..last)."""

    text: str
    line: int
    last: int = 0

    @property
    def lines(self) -> range:
        return range(self.line, max(self.line, self.last) + 1)


def join_frags(frags: list[Frag]) -> tuple[str, list[tuple[int, Frag]]]:
    """Join fragments with spaces (a word cut by a hyphen at a line end keeps the hyphen).

    Returns the text and (start offset, fragment) for each fragment, to map spans back to lines.
    """
    text = ""
    starts: list[tuple[int, Frag]] = []
    for frag in frags:
        piece = frag.text.strip()
        if not piece:
            continue
        if text and not (text.endswith("-") and text[-2:-1].isalpha() and piece[:1].islower()):
            text += " "
        starts.append((len(text), frag))
        text += piece
    return text, starts


def lines_of(starts: list[tuple[int, Frag]], begin: int, end: int) -> tuple[int, ...]:
    """The source lines that text[begin:end] came from."""
    out: list[int] = []
    for i, (offset, frag) in enumerate(starts):
        next_offset = starts[i + 1][0] if i + 1 < len(starts) else 10**9
        if offset < end and next_offset > begin:
            out += [line for line in frag.lines if line not in out]
    return tuple(out)


# Word starts that make a compound with a capitalised word: "Anti- Trafficking" is one word.
COMPOUND_PREFIXES = frozenset("Anti Non Inter Intra Cross Multi Co Pre Post Sub Self Socio".split())


def _join_broken_compound(m: re.Match) -> str:
    left, right = m.group(1), m.group(2)
    if right[:1].islower() or left in COMPOUND_PREFIXES or (left.isupper() and len(left) >= 2):
        return f"{left}-{right}"
    return m.group(0)  # "Action- Elimination", "Country- ACWC": a dash the draft printed


BROKEN_COMPOUND = re.compile(r"\b([A-Za-z]+)- ([A-Za-z]+)")


def unwrap_text(text: str) -> str:
    """Whitespace folded; a compound broken at a line end joined ("rights- based", "Anti- Trafficking",
    "EU- ASEAN") but a printed dash kept ("Plan of Action- Elimination"); spaces before punctuation
    kept as printed."""
    text = squash_spaces(text)
    if "- " not in text:
        return text  # most cells: nothing broken at a line end
    return BROKEN_COMPOUND.sub(_join_broken_compound, text)


LIST_PUNCTUATION_END = re.compile(r"\s*[;,]\s*$")


def tidy_activity(text: str) -> str:
    """An activity's text without the list punctuation that separated it from the next ("...;")."""
    return LIST_PUNCTUATION_END.sub("", text)


def ends_open(text: str) -> bool:
    """Text that cannot end a cell: it stops on a function word, a comma, a hyphen or an open bracket."""
    text = text.rstrip()
    if not text:
        return True
    if text[-1] in ",-(/&:":
        return True
    last = text.split()[-1].lower()
    return last in FUNCTION_WORDS or text.count("(") > text.count(")")


def starts_marker(text: str, capital_refs: bool = False) -> bool:
    t = text.lstrip()
    if DASH_MARKER.match(t) or LETTER_REF.match(t) or NUMBER_REF.match(t) or t.startswith(("Note:", "*")):
        return True
    return bool(capital_refs and CAPITAL_REF.match(t))


def segment(
    frags: list[Frag],
    capital_refs: bool = False,
    new_item_lines: frozenset[int] = frozenset(),
    respect_marks: bool = True,
    continuation_lines: frozenset[int] = frozenset(),
    tail_words: int = 0,
) -> list[list[Frag]]:
    """Group a column's fragments into cells: a fragment continues the previous one unless it
    starts a new item (a list marker, or a capital after text that could end there).

    `tail_words`: a fragment of at most this many words, unmarked, on the line right after the
    previous one, is the tail of its wrapped cell ("Strategies to combat" / "TIP"), not an item.

    Inside a cell that uses list markers only a marker starts a new item, or a capital on one of
    `new_item_lines` (lines where a new lead body starts beside it). A star note ("*For
    clarification ...") and fragments on `continuation_lines` always continue.
    """
    groups: list[list[Frag]] = []
    marked = False
    for frag in frags:
        text = frag.text.strip()
        if not text:
            continue
        if not groups:
            groups.append([frag])
            marked = starts_marker(text, capital_refs)
            continue
        previous = " ".join(f.text for f in groups[-1])
        if frag.line in continuation_lines or text.startswith("*"):
            new = False
        elif starts_marker(text, capital_refs):
            new = True
        elif text[:1].islower() or not text[:1].isalnum() or ends_open(previous):
            new = False
        elif (len(text.split()) <= tail_words and frag.line == groups[-1][-1].lines[-1] + 1
              and not previous.rstrip().endswith((".", ";"))):
            new = False
        else:
            new = not (marked and respect_marks) or frag.line in new_item_lines
        if new:
            groups.append([frag])
            marked = starts_marker(text, capital_refs)
        else:
            groups[-1].append(frag)
    return groups


GLYPHS = frozenset(BULLET_GLYPHS)
MARKED_START = re.compile(r"[A-Z0-9(\"']")
# What each marker pattern cannot match without (a dash or bullet; the ")" of "a)"; a digit; the "." of
# "A."): text without it is not searched, and most cells have no list markers at all.
DASH_CHARS = frozenset("-\u2013\u2022_\u25aa\u25e6\u25cf\uf0b7")
DIGIT = re.compile(r"\d")


def _marker_spans(text: str, capital_refs: bool, dashes: bool = True) -> list[tuple[int, int, str]]:
    """(marker start, text start, reference) for every list marker in text."""
    spans = []
    for m in DASH_MARKER.finditer(text) if dashes and not DASH_CHARS.isdisjoint(text) else ():
        # a dash in mid-text is a marker only before a capital or a digit ("- Set", "-Youth");
        # a bullet glyph is a marker whatever follows it
        if m.start() > 0 and GLYPHS.isdisjoint(m.group(0)) and not MARKED_START.match(text, m.end()):
            continue
        spans.append((m.start(), m.end(), ""))
    for m in LETTER_REF.finditer(text) if ")" in text else ():
        spans.append((m.start(), m.end(), m.group(1) + ")"))
    for m in NUMBER_REF.finditer(text) if DIGIT.search(text) else ():
        spans.append((m.start(), m.end(), m.group(1).rstrip(")")))
    if capital_refs and "." in text:
        for m in CAPITAL_REF.finditer(text):
            spans.append((m.start(), m.end(), m.group(1) + "."))
    refs = [sp[0] for sp in spans if sp[2]]
    if refs:
        # "c) Develop a visual map ... - Including video ...": a dash inside a numbered item
        spans = [sp for sp in spans if sp[2] or sp[0] < refs[0]]
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            continue
        merged.append(span)
    return merged


def split_markers(text: str, capital_refs: bool = False, dashes: bool = True) -> list[tuple[int, int, str]]:
    """(start, end, ref) spans of the items of a list; text before the first marker is an item too."""
    spans = _marker_spans(text, capital_refs, dashes)
    items = []
    if not spans or spans[0][0] > 0:
        first_end = spans[0][0] if spans else len(text)
        if text[:first_end].strip():
            items.append((0, first_end, ""))
    for i, (_, start, ref) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if text[start:end].strip():
            items.append((start, end, ref))
    return items


FIRST_GAP = re.compile(r"\S\s")
CAPITALISED_WORD = re.compile(r"(?<=\S)\s+([A-Z][a-z][\w/-]*)")
# How far back `boundary_candidates` looks for the word before a capital: longer than any word.
LOOK_BACK = 120


def boundary_candidates(text: str, sentences: bool) -> list[tuple[int, int]]:
    """(offset, strength) where a new activity may start inside an item without a marker.

    3: after ". " (only with `sentences`); 2: an action verb after a word that could end a
    phrase; 1: a capitalised word after a lower-case word that is not a function word.
    """
    out = []
    # looking back only as far as the word before keeps this linear in the text (a 1 MB cell)
    first_gap = FIRST_GAP.search(text)
    for m in CAPITALISED_WORD.finditer(text):
        word, pos = m.group(1), m.start(1)
        before = text[max(0, m.start() - LOOK_BACK) : m.start()].rstrip()
        before_words = before.split()
        prev_word = before_words[-1] if before_words else ""
        one_word_before = first_gap is None or first_gap.start() + 1 >= m.start()
        prev_bare = prev_word.lower().strip(",;:")
        if prev_bare in FUNCTION_WORDS or before.endswith(("/", "&", "(", "-", ",")):
            continue
        if before.endswith((".", ";", ":", "?", "!")):
            if word in CONTINUING_WORDS or one_word_before:
                continue  # "Such survey ..." goes on; "Note: The ..." is one item
            if sentences or word in ACTION_VERBS:
                out.append((pos, 3))
            continue
        if before.endswith(")") or word in ACTION_VERBS:
            if word in ACTION_VERBS:
                out.append((pos, 2))
            continue
        if prev_word[:1].islower() and prev_word.isalpha():
            out.append((pos, 1))
        elif prev_word.isupper() and len(prev_word) >= 2 and prev_word.isalpha():
            out.append((pos, 1))
    return out


NOTE_PATTERNS = (
    re.compile(r"\[(?:input|inputs)\b[^\]]*\]", re.I),
    re.compile(r"\((?:input|inputs|recommendation|can be transferred|to be presented|lead country)\b[^()]*\)", re.I),
    re.compile(r"\(\s*\*?\s*lead country\s*:?\*?[^()]*\)", re.I),
    re.compile(r"\[(?:priority programme|current/existing)[^\]]*\]", re.I),
    re.compile(r"\[[A-Z][A-Z -]{2,10}\]"),  # the proposing body, "[SOMSWD]"
    # a pillar the item should move to: "(for Protection of Victims)"
    re.compile(r"\(for (?:Prevention|Protection of Victims|Law Enforcement[^()]*|Regional and International[^()]*)\)"),
)
STAR_NOTE = re.compile(r"(?:(?<=\s)|^)\*\s*\S.*$", re.S)


def lift_notes(text: str) -> tuple[str, list[str]]:
    """Editorial annotations out of an activity's text: "(inputs from Group 2)", "[input from ...]",
    "*recommendation: ..." (a star note runs to the end of the item). Returns the text and the notes."""
    if "(" not in text and "[" not in text and "*" not in text:
        return unwrap_text(text), []  # every note pattern opens with a bracket or a star
    spans: list[tuple[int, int]] = []
    for pattern in NOTE_PATTERNS:
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    star = STAR_NOTE.search(text)
    if star and text[: star.start()].strip():
        spans.append((star.start(), len(text)))
    kept, notes, pos = [], [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        kept.append(text[pos:start])
        notes.append(unwrap_text(text[start:end]))
        pos = end
    kept.append(text[pos:])
    return unwrap_text(" ".join(kept)), notes


LEADING_MARKER = re.compile(rf"^[\s—*{BULLET_CHARS}]+")


def strip_marker(text: str) -> str:
    return LEADING_MARKER.sub("", text).strip()
