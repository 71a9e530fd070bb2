"""Tesseract's words -> the PDF front-end's words, with specks set apart and doubtful words kept for
the review flag. Pure functions: no image, no tesseract here.

A word's box is given its text line's top and bottom (tesseract's `block/par/line`), so that the
words of one printed line share a top and `pdf_front.words_to_lines` groups them as it groups a
PDF's words: letters with and without ascenders start at different heights.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from tipmatrix.extract.pdf_front import words_to_lines
from tipmatrix.extract.pdf_pages import PageScan, Word
from tipmatrix.model import Record, flag


@dataclass(frozen=True)
class WordSettings:
    """Tunables of reading tesseract's words, each with why it has this value."""

    # Under this confidence (0-100) a word is named in the record's `ocr-uncertain` flag. Measured on
    # the test scans: correctly read words score 85-97; misread letters (S0MTC) and words run into a
    # dash score under 60.
    uncertain: float = 60
    # A speck: a mark of no letters, or one or two characters this much smaller than the page's text
    # and read with confidence under `speck_confidence` (a dot of dust, the corner of a stamp).
    speck_height_share: float = 0.6
    speck_confidence: float = 40
    # A mark whose box is under this share of the text height both ways is dust, not a list bullet or
    # a dash (a bullet is about half the text height; a dash as wide): "*" read from a 2x3 pixel speck.
    mark_share: float = 0.3


SETTINGS = WordSettings()

# Marks that are text though they hold no letter: list markers and the dash of an empty cell.
TEXT_MARKS = frozenset("-–—•*·/&()")
# A rule's remains ("|", "[", "]"), left when a rule was not wholly painted out: a word of nothing else
# is a speck.
# With the rules painted out, a "|" that starts a word before a letter, digit or hyphen is a sans-serif
# capital I, whose glyph is a bar ("|-24/7" is "I-24/7"). It is read as "I" and the record is flagged
# `ocr-uncertain` naming the word as read, whatever its confidence.
BAR_FOR_I = re.compile(r"(?:(?<=^)|(?<=[(\"'“‘]))\|(?=[A-Za-z0-9-])")
RULE_REMAINS = re.compile(r"^[|\[\]]+|[|\[\]]+$")


@dataclass(frozen=True)
class OcrWord:
    """One word as tesseract read it: text, confidence 0-100, box in pixels, and its text line."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # block, paragraph, line

    def to_list(self) -> list:
        return [self.text, self.conf, self.left, self.top, self.width, self.height, *self.line]

    @classmethod
    def from_list(cls, item: list) -> OcrWord:
        text, conf, left, top, width, height, block, par, line = item
        return cls(text, conf, left, top, width, height, (block, par, line))


def tsv_to_words(data: dict[str, list]) -> list[OcrWord]:
    """pytesseract's `image_to_data(..., output_type=DICT)` -> its words (level 5, non-blank)."""
    out = []
    for i, level in enumerate(data["level"]):
        text = str(data["text"][i]).strip()
        if level != 5 or not text:
            continue
        out.append(OcrWord(text, round(float(data["conf"][i]), 1), int(data["left"][i]), int(data["top"][i]),
                           int(data["width"][i]), int(data["height"][i]),
                           (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))))
    return out


# What tesseract reads a list bullet as ("•" -> "*", "«", "°", "* —", "©"): marks before a word of the
# same line. A run of them is the list marker; the assembler splits cells at it as at a printed "•".
BULLET_LOOKALIKES = frozenset("*«»°·•©®¢—–-~")


def _dust(word: OcrWord, text_height: float, settings: WordSettings = SETTINGS) -> bool:
    return max(word.width, word.height) < settings.mark_share * text_height


def bullets_read(line: list[OcrWord], text_height: float, settings: WordSettings = SETTINGS) -> list[OcrWord]:
    """One text line's words (left to right) with each run of bullet look-alikes that a word follows
    made one list marker: "-" when it is all dashes, else "•" (its confidence the run's lowest).
    A run of dust-sized marks is no marker: it is left to be told a speck."""
    out: list[OcrWord] = []
    run: list[OcrWord] = []
    for word in line:
        if not any(ch.isalnum() for ch in word.text) and set(word.text) <= BULLET_LOOKALIKES:
            run.append(word)
            continue
        if run and any(ch.isalnum() for ch in word.text) and not all(_dust(w, text_height, settings) for w in run):
            text = "-" if set("".join(w.text for w in run)) <= set("-–") else "\u2022"
            right = max(w.left + w.width for w in run)
            out.append(OcrWord(text, min(w.conf for w in run), run[0].left, min(w.top for w in run),
                               right - run[0].left, max(w.top + w.height for w in run) - min(w.top for w in run),
                               run[0].line))
        else:
            out += run
        run = []
        out.append(word)
    return out + run


def is_speck(word: OcrWord, text_height: float, settings: WordSettings = SETTINGS) -> bool:
    """A stray mark read as characters: nothing but punctuation that is no list marker, or one or two
    small, doubtful characters."""
    text = RULE_REMAINS.sub("", word.text)
    if not text:
        return True
    if not any(ch.isalnum() for ch in text):
        return not all(ch in TEXT_MARKS for ch in text) or _dust(word, text_height, settings)
    small = word.height < settings.speck_height_share * text_height
    return len(text) <= 2 and small and word.conf < settings.speck_confidence


@dataclass(frozen=True)
class PageWords:
    """One page's words for the PDF chain, its specks, and the doubtful words with their confidence."""

    words: tuple[Word, ...]
    specks: tuple[Word, ...]
    uncertain: tuple[tuple[Word, float, str], ...]  # (word, confidence, the word as tesseract read it)


def page_words(ocr: list[OcrWord], scale: float, settings: WordSettings = SETTINGS) -> PageWords:
    """Tesseract's words of a page -> Words in points (`scale` points a pixel), each spanning its text
    line's height; specks apart; words under the confidence threshold listed with their confidence."""
    heights = [w.height for w in ocr if sum(ch.isalnum() for ch in w.text) >= 3]
    text_height = statistics.median(heights) if heights else 0.0
    by_line: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in ocr:
        by_line.setdefault(w.line, []).append(w)
    ocr = [w for line in by_line.values()
           for w in bullets_read(sorted(line, key=lambda w: w.left), text_height, settings)]
    specks = [w for w in ocr if is_speck(w, text_height, settings)]
    kept = [w for w in ocr if not is_speck(w, text_height, settings)]
    spans: dict[tuple[int, int, int], tuple[int, int]] = {}
    for w in kept:
        top, bottom = spans.get(w.line, (w.top, w.top + w.height))
        spans[w.line] = (min(top, w.top), max(bottom, w.top + w.height))
    words, uncertain = [], []
    for w in kept:
        top, bottom = spans[w.line]
        text = BAR_FOR_I.sub("I", w.text)
        word = Word(text, round(w.left * scale, 2), round(top * scale, 2),
                    round((w.left + w.width) * scale, 2), round(bottom * scale, 2))
        words.append(word)
        if w.conf < settings.uncertain or text != w.text:
            uncertain.append((word, w.conf, w.text))
    stray = [Word(w.text, round(w.left * scale, 2), round(w.top * scale, 2), round((w.left + w.width) * scale, 2),
                  round((w.top + w.height) * scale, 2)) for w in specks]
    return PageWords(tuple(words), tuple(stray), tuple(uncertain))


def uncertain_words(pages: list[PageScan]) -> list[tuple[int, str, float, str]]:
    """The doubtful words of OCR pages as (text line, word, confidence, word as read), lines numbered
    as `words_to_lines` numbers them for the records."""
    line_of = {id(w): line.number for line in words_to_lines(pages) for w in line.words}
    return [(line_of[id(w)], w.text, conf, read) for p in pages for w, conf, read in getattr(p, "uncertain", ())]


def _tokens(text: str) -> set[str]:
    return set(text.split())


def flag_uncertain(records: list[Record], doubtful: list[tuple[int, str, float, str]]) -> list[Record]:
    """Each record flagged `ocr-uncertain` with the doubtful words it holds: (text line, word,
    confidence, word as read) whose line the record's text came from and whose word is in its text
    or body cell; a word read otherwise than placed is named with what tesseract read."""
    out = []
    for rec in records:
        text = " ".join((rec.provision_text, rec.area, rec.activity, rec.expected_outputs, rec.bodies_raw,
                         rec.status, rec.note, rec.activity_ref))
        tokens = _tokens(text)
        named = [f"'{word}' {conf:.0f}" if read == word else f"'{word}' (read '{read}') {conf:.0f}"
                 for line, word, conf, read in doubtful if line in rec.lines_used and (word in tokens or word in text)]
        if named:
            rec = rec.with_flag(flag("ocr-uncertain", ", ".join(dict.fromkeys(named))))
        out.append(rec)
    return out
