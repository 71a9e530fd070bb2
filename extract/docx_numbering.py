"""Word list numbering -> the label Word displays before a paragraph ("•", "1.", "1.1", "a)").

A Word bullet or number is not in the paragraph's text: the paragraph (or its style, as "List
Bullet" does) names a numbering instance and a level (`w:numPr`), and `numbering.xml` says how that
level is drawn: its text with %1..%9 placeholders, each number's format, and where it starts; an
instance may restart a level (`w:startOverride`). Counting follows the document's reading order,
so one `Numberer` is fed every paragraph in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from tipmatrix.extract.docx_package import W, first_child

NS = {"w": W}
_W = f"{{{W}}}"
P_STYLE, NUM_PR, NUM_ID, ILVL, VAL = f"{_W}pStyle", f"{_W}numPr", f"{_W}numId", f"{_W}ilvl", f"{_W}val"
STYLE, STYLE_ID, BASED_ON, P_PR = f"{_W}style", f"{_W}styleId", f"{_W}basedOn", f"{_W}pPr"
START, NUM_FMT, LVL_TEXT = f"{_W}start", f"{_W}numFmt", f"{_W}lvlText"
LEVELS = 9
# Bullet glyphs as stored (Symbol / Wingdings private-use code points, "o", "§") are all shown as one
# bullet, so the shared cell parser sees a list marker it knows.
BULLET = "•"
KEPT_BULLETS = {"-", "–", "—", "•", "*"}


def _val(el: etree._Element | None, name: str = "val") -> str | None:
    return None if el is None else el.get(f"{{{W}}}{name}")


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 0
    style: str = ""


@dataclass(frozen=True)
class Instance:
    """A w:num: its abstract definition and the levels it overrides (a start override restarts)."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


def _level(lvl: etree._Element) -> Level:
    start = _val(first_child(lvl, START))
    return Level(
        fmt=_val(first_child(lvl, NUM_FMT)) or "decimal",
        text=_val(first_child(lvl, LVL_TEXT)) or "",
        start=int(start) if start and start.lstrip("-").isdigit() else 0,
        style=_val(first_child(lvl, P_STYLE)) or "",
    )


def _levels(el: etree._Element) -> dict[int, Level]:
    return {int(lvl.get(f"{{{W}}}ilvl", "0")): _level(lvl) for lvl in el.findall("w:lvl", NS)}


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa..."""
    if n <= 0:
        return ""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal, and formats this matrix never uses


@dataclass
class Numbering:
    """numbering.xml and the styles that carry numbering, parsed once."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)

    @classmethod
    def parse(cls, numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
        out = cls()
        if numbering is not None:
            for ab in numbering.findall("w:abstractNum", NS):
                out.abstracts[_val(ab, "abstractNumId") or ""] = _levels(ab)
            for num in numbering.findall("w:num", NS):
                starts, levels = {}, {}
                for ov in num.findall("w:lvlOverride", NS):
                    ilvl = int(ov.get(f"{{{W}}}ilvl", "0"))
                    start = _val(ov.find("w:startOverride", NS))
                    if start is not None and start.lstrip("-").isdigit():
                        starts[ilvl] = int(start)
                    if (lvl := ov.find("w:lvl", NS)) is not None:
                        levels[ilvl] = _level(lvl)
                out.instances[_val(num, "numId") or ""] = Instance(_val(num.find("w:abstractNumId", NS)) or "",
                                                                   starts, levels)
        if styles is not None:
            out.style_numpr = _style_numpr(styles)
        return out

    def level(self, num_id: str, ilvl: int) -> Level | None:
        inst = self.instances.get(num_id)
        if inst is None:
            return None
        if ilvl in inst.levels:
            return inst.levels[ilvl]
        return self.abstracts.get(inst.abstract, {}).get(ilvl)

    def style_level(self, num_id: str, style: str) -> int:
        """The level a style-numbered paragraph is at: the level linked to its style, else 0."""
        inst = self.instances.get(num_id)
        levels = self.abstracts.get(inst.abstract, {}) if inst else {}
        return next((i for i, lvl in sorted(levels.items()) if lvl.style == style), 0)


def _style_numpr(styles: etree._Element) -> dict[str, tuple[str | None, int | None]]:
    """Paragraph style id -> (numId, ilvl) from the style or the styles it is based on."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    ids = []
    for st in styles.iterchildren(STYLE):
        sid = st.get(STYLE_ID, "")
        ids.append(sid)
        if (parent := _val(first_child(st, BASED_ON))) is not None:
            based[sid] = parent
        numpr = first_child(first_child(st, P_PR), NUM_PR)
        if numpr is not None:
            ilvl = _val(first_child(numpr, ILVL))
            own[sid] = (_val(first_child(numpr, NUM_ID)), int(ilvl) if ilvl and ilvl.isdigit() else None)
    out = {}
    for sid in set(ids):
        seen, cur = set(), sid
        while cur and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based.get(cur, "")
        if cur in own:
            out[sid] = own[cur]
    return out


@dataclass
class Numberer:
    """Counts list paragraphs in reading order and renders each one's label.

    Instances of one abstract list count together (as Word and LibreOffice both do); an instance that
    overrides a level's start restarts that level, and the levels below it, where it is first used.
    """

    numbering: Numbering
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    restarts: dict[str, dict[int, int]] = field(default_factory=dict)  # abstract -> level -> start in force
    used: set[str] = field(default_factory=set)

    def numpr(self, ppr: etree._Element | None) -> tuple[str, int] | None:
        """The paragraph's (numId, ilvl), direct or through its style; None when it is no list item."""
        style_el = first_child(ppr, P_STYLE)
        style = None if style_el is None else style_el.get(VAL)
        num_id, ilvl = self.numbering.style_numpr.get(style or "", (None, None))
        direct = first_child(ppr, NUM_PR)
        if direct is not None:
            num_id = _val(first_child(direct, NUM_ID)) or num_id
            d_ilvl = _val(first_child(direct, ILVL))
            ilvl = int(d_ilvl) if d_ilvl and d_ilvl.isdigit() else ilvl
        if not num_id or num_id == "0" or num_id not in self.numbering.instances:
            return None
        if ilvl is None:
            ilvl = self.numbering.style_level(num_id, style or "")
        return num_id, min(ilvl, LEVELS - 1)

    def label(self, ppr: etree._Element | None) -> str:
        """The label of the next paragraph (its numbering counted), "" when it is no list item."""
        found = self.numpr(ppr)
        if found is None:
            return ""
        num_id, ilvl = found
        level = self.numbering.level(num_id, ilvl)
        if level is None:
            return ""
        inst = self.numbering.instances[num_id]
        counts = self.counters.setdefault(inst.abstract, [None] * LEVELS)
        if num_id not in self.used:
            self.used.add(num_id)
            for lvl, start in inst.starts.items():
                self.restarts.setdefault(inst.abstract, {})[lvl] = start
                counts[lvl:] = [None] * (LEVELS - lvl)
        current = counts[ilvl]
        counts[ilvl] = self._start(num_id, ilvl) if current is None else current + 1
        counts[ilvl + 1:] = [None] * (LEVELS - ilvl - 1)
        if level.fmt == "bullet":
            return level.text if level.text in KEPT_BULLETS else BULLET
        text = level.text
        for i in range(LEVELS):
            token = f"%{i + 1}"
            if token in text:
                lvl_i = self.numbering.level(num_id, i) or Level()
                count = counts[i]
                n = count if count is not None else self._start(num_id, i)
                text = text.replace(token, format_number(n, lvl_i.fmt))
        return text.strip()

    def _start(self, num_id: str, ilvl: int) -> int:
        inst = self.numbering.instances[num_id]
        if ilvl in self.restarts.get(inst.abstract, {}):
            return self.restarts[inst.abstract][ilvl]
        level = self.numbering.level(num_id, ilvl)
        return level.start if level else 0
