"""A Word paragraph (w:p) -> its text as it reads, with what is pending on it.

The text is read with every tracked change accepted (w:ins and w:moveTo kept, w:del and w:moveFrom
dropped), or with every change rejected (`original=True`). Either way the pending changes are kept
as "who inserted / deleted what", and the comments anchored in the paragraph as "author: text", so
they can become review flags; neither ever enters the text. Hyperlink and content-control text is
kept; field codes are not, nor the results of page fields (PAGE, NUMPAGES), which are furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from tipmatrix.extract.docx_package import W, first_child

NS = {"w": W}
_W = f"{{{W}}}"
INSERTED = (f"{_W}ins", f"{_W}moveTo")
DELETED = (f"{_W}del", f"{_W}moveFrom")
CHANGED = frozenset(INSERTED + DELETED)
# the tags the walk compares against, spelt once (not rebuilt for every element read)
P_PR, R_PR, INS, DEL = f"{_W}pPr", f"{_W}rPr", f"{_W}ins", f"{_W}del"
INSTR_TEXT, FLD_SIMPLE, RUN, FLD_CHAR = f"{_W}instrText", f"{_W}fldSimple", f"{_W}r", f"{_W}fldChar"
TEXTS = (f"{_W}t", f"{_W}delText")
NO_BREAK_HYPHEN, SYM = f"{_W}noBreakHyphen", f"{_W}sym"
COMMENT_ANCHORS = (f"{_W}commentRangeStart", f"{_W}commentReference")
WHITESPACE = re.compile(r"\s+")
# Containers whose children are read as if they stood in the paragraph.
TRANSPARENT = {f"{_W}{t}" for t in ("hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "dir",
                                    "bdo")}
# Never text: properties, drawings and text boxes (their text would be read twice), field codes.
SKIPPED = {f"{_W}{t}" for t in ("pPr", "rPr", "sdtPr", "sdtEndPr", "delInstrText", "drawing", "pict", "object")}
SPACES = {f"{_W}{t}" for t in ("tab", "br", "cr", "ptab")}
# Fields whose result is page furniture, not matrix text.
PAGE_FIELDS = frozenset("PAGE NUMPAGES SECTIONPAGES SECTION DATE TIME PRINTDATE SAVEDATE CREATEDATE FILENAME".split())
# Symbol-font bullets typed as w:sym
SYMBOLS = {"F0B7": "•", "F0A7": "•", "F0D8": "•", "F02D": "-"}


@dataclass
class Paragraph:
    """One paragraph's text and what is pending on it (tracked changes, comment ids)."""

    text: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (author, "inserted"|"deleted", text)
    comment_ids: list[str] = field(default_factory=list)

    def change_notes(self) -> list[str]:
        return [f"{author} {verb} '{shorten(text)}'" for author, verb, text in self.changes if text.strip()]


def shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Reader:
    original: bool
    parts: list[str] = field(default_factory=list)
    para: Paragraph = field(default_factory=Paragraph)
    # complex fields: for each open field, [instruction so far, "code" | "result", whether its result shows]
    fields: list[list] = field(default_factory=list)

    def showing(self) -> bool:
        return all(f[2] for f in self.fields if f[1] == "result") and not any(f[1] == "code" for f in self.fields)

    def field_char(self, el: etree._Element) -> None:
        kind = el.get(f"{_W}fldCharType")
        if kind == "begin":
            self.fields.append(["", "code", True])
        elif kind == "separate" and self.fields:
            instr = self.fields[-1][0].split()
            self.fields[-1][1:] = ["result", not (instr and instr[0].upper() in PAGE_FIELDS)]
        elif kind == "end" and self.fields:
            self.fields.pop()

    def walk(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == RUN:
                self.walk(child)
            elif tag in TEXTS:
                if not self.fields or self.showing():
                    self.parts.append(child.text or "")
            elif tag in SKIPPED:
                continue
            elif tag in CHANGED:
                self.change(child, "inserted" if tag in INSERTED else "deleted")
            elif tag == FLD_SIMPLE:
                instr = (child.get(f"{_W}instr") or "").split()
                if not (instr and instr[0].upper() in PAGE_FIELDS):
                    self.walk(child)
            elif tag in TRANSPARENT:
                self.walk(child)
            else:
                self.leaf(child, tag)

    def leaf(self, child: etree._Element, tag: str) -> None:
        """A character standing for text, a field character or code, or a comment anchor."""
        if tag == INSTR_TEXT:
            if self.fields and self.fields[-1][1] == "code":
                self.fields[-1][0] += child.text or ""
        elif tag in SPACES:
            self.parts.append(" ")
        elif tag == NO_BREAK_HYPHEN:
            self.parts.append("-")
        elif tag == SYM:
            self.parts.append(SYMBOLS.get((child.get(f"{_W}char") or "").upper(), ""))
        elif tag == FLD_CHAR:
            self.field_char(child)
        elif tag in COMMENT_ANCHORS:
            cid = child.get(f"{_W}id", "")
            if cid not in self.para.comment_ids:
                self.para.comment_ids.append(cid)

    def change(self, el: etree._Element, verb: str) -> None:
        """A tracked change: its text read or skipped as the mode says, and noted as pending."""
        author = el.get(f"{_W}author") or "unknown author"
        text = "".join(t.text or "" for t in el.iter(f"{_W}t", f"{_W}delText"))
        previous = self.para.changes[-1] if self.para.changes else None
        if previous and previous[:2] == (author, verb) and self._adjacent:
            self.para.changes[-1] = (author, verb, previous[2] + text)
        else:
            self.para.changes.append((author, verb, text))
        keep = (verb == "inserted") != self.original
        if keep:
            self.walk(el)
        self._mark = len(self.parts)

    @property
    def _adjacent(self) -> bool:
        """Nothing was read since the last change ended: a change Word split into pieces."""
        return getattr(self, "_mark", -1) == len(self.parts)


def read_paragraph(p: etree._Element, original: bool = False, label: str = "") -> Paragraph:
    """The paragraph's text (its list label first, when it has one) and its pending changes and comments."""
    reader = _Reader(original)
    reader.walk(p)
    text = WHITESPACE.sub(" ", "".join(reader.parts).replace("\u00ad", "")).strip()
    if label and text:
        text = f"{label} {text}"
    reader.para.text = text
    return reader.para


def paragraph_mark_change(p: etree._Element) -> str:
    """'inserted' / 'deleted' when the paragraph itself (its mark) is a tracked change, else ''."""
    rpr = first_child(first_child(p, P_PR), R_PR)
    if rpr is None:
        return ""
    if first_child(rpr, INS) is not None:
        return "inserted"
    if first_child(rpr, DEL) is not None:
        return "deleted"
    return ""


def read_comments(part: etree._Element | None) -> dict[str, str]:
    """comments.xml -> comment id -> "author: text"."""
    if part is None:
        return {}
    out = {}
    for comment in part.findall("w:comment", NS):
        texts = [read_paragraph(p).text for p in comment.iter(f"{_W}p")]
        author = comment.get(f"{_W}author") or "unknown author"
        out[comment.get(f"{_W}id", "")] = f"{author}: {shorten(' '.join(t for t in texts if t), 200)}"
    return out
