"""A PDF file -> per page, its words and its tables' cell boxes (the I/O edge of the PDF front-end).

Each page is parsed once by pdfminer (the slow part); the table cells and the words both come from
that one parse, and the page's cache is dropped before the next page is read. The page's characters
are taken from that parse with only the keys the word builder reads (`CharPage`), which halves what
pdfplumber spends after pdfminer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTItem
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from pdfplumber.utils.text import extract_words

from tipmatrix.errors import InputError

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in points, origin top-left of the page as shown
Table = tuple[tuple[BBox | None, ...], ...]  # one table's rows of cell boxes (None where a merged cell leaves no box)


@dataclass(frozen=True)
class PdfSettings:
    """Tunables of the PDF reading, each with why it has this value."""

    # Office suites rule every cell, so cells come from the rules ("lines"); the "text" strategies
    # would cut columns at the word gaps inside wrapped cells. pdfplumber's default tolerances (3 pt)
    # absorb the per-cell border segments office suites draw. The outline of partly ruled tables is
    # closed by `outline_edges` below, in our code, because pdfplumber only sees cells with four sides.
    vertical_strategy: str = "lines"
    horizontal_strategy: str = "lines"
    snap_tolerance: float = 3
    join_tolerance: float = 3
    intersection_tolerance: float = 3
    edge_min_length: float = 3
    # Word building as pdfplumber does it (gaps over 3 pt split words; lines within 3 pt).
    x_tolerance: float = 3
    y_tolerance: float = 3

    def table_settings(self, extra_edges: dict[str, list[dict]]) -> dict:
        return {
            "vertical_strategy": self.vertical_strategy,
            "horizontal_strategy": self.horizontal_strategy,
            "snap_tolerance": self.snap_tolerance,
            "join_tolerance": self.join_tolerance,
            "intersection_tolerance": self.intersection_tolerance,
            "edge_min_length": self.edge_min_length,
            # Only used if cell text were extracted by pdfplumber (it is not): vertical body names in
            # these matrices read bottom to top, and the default gives them reversed ("CTMOS").
            "text_char_dir_rotated": "btt",
            **extra_edges,
        }


SETTINGS = PdfSettings()

# Word's list bullets are printed from symbol fonts, so an office suite's PDF carries them as the
# fonts' private-use code points: Symbol U+F0B7 (the round bullet LibreOffice and Word use by
# default), Wingdings U+F0A7 (square), U+F0D8 (arrowhead), U+F076 (diamond), U+F0FC (tick). Read as
# "•", the list marker the assembler splits cells at; any other text is left as printed.
BULLET_GLYPHS = str.maketrans(dict.fromkeys("\uf0b7\uf0a7\uf0d8\uf076\uf0fc", "\u2022"))


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    upright: bool = True
    reading: str = "ltr"  # ltr (upright), btt (printed bottom to top) or ttb (top to bottom)

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.top + self.bottom) / 2)


@dataclass(frozen=True)
class PageScan:
    """What one page holds: its words, and each table as rows of cell boxes (None where a merged
    cell above or to the left covers the position), tables top to bottom."""

    number: int
    rotation: int
    words: tuple[Word, ...]
    tables: tuple[Table, ...]


def outline_edges(edges: list[dict]) -> dict[str, list[dict]]:
    """The table's outer rules as explicit edges, from the extent of the rules that are drawn.

    A table printed with inside borders only (or with a side rule missing where a row was cut by the
    page break) has no closed outer cells, and pdfplumber's "lines" strategy then drops the first and
    last columns and rows. The horizontal rules say where the table's left and right sides are, the
    vertical rules where its top and bottom are; drawing those four sides again is harmless when they
    are already there.
    """
    h = [e for e in edges if e["orientation"] == "h" and e["width"] >= SETTINGS.edge_min_length]
    v = [e for e in edges if e["orientation"] == "v" and e["height"] >= SETTINGS.edge_min_length]
    if not h or not v:
        return {}
    top, bottom = min(e["top"] for e in v), max(e["bottom"] for e in v)
    h = [e for e in h if top - 1 <= e["top"] <= bottom + 1]  # rules of the table, not a footer rule
    if not h:
        return {}
    left, right = min(e["x0"] for e in h), max(e["x1"] for e in h)

    def edge(orientation: str, x0: float, x1: float, y0: float, y1: float) -> dict:
        return {"object_type": "outline_edge", "orientation": orientation, "x0": x0, "x1": x1,
                "top": y0, "bottom": y1, "width": x1 - x0, "height": y1 - y0}

    return {
        "explicit_vertical_lines": [edge("v", x, x, top, bottom) for x in (left, right)],
        "explicit_horizontal_lines": [edge("h", left, right, y, y) for y in (top, bottom)],
    }


def chars_to_words(chars: list[dict]) -> list[Word]:
    """Words of a page, rotated text read in the direction it was printed, list-bullet glyphs as "\u2022".

    pdfplumber reads all rotated text one way (top to bottom unless told otherwise), so a body
    name printed bottom to top comes out reversed ("CTMOS"). The direction is in each char's text
    matrix: b > 0 means turned anticlockwise (reads bottom to top), b < 0 clockwise.
    """
    groups: dict[str, list[dict]] = {"ltr": [], "btt": [], "ttb": []}
    for ch in chars:
        if ch["upright"]:
            groups["ltr"].append(ch)
        else:
            groups["btt" if ch["matrix"][1] > 0 else "ttb"].append(ch)
    options: dict[str, dict[str, Any]] = {
        "ltr": {},
        "btt": {"char_dir_rotated": "btt", "line_dir_rotated": "ltr"},
        "ttb": {"char_dir_rotated": "ttb", "line_dir_rotated": "rtl"},
    }
    words = []
    for reading, group in groups.items():
        if not group:
            continue
        for w in extract_words(group, x_tolerance=SETTINGS.x_tolerance, y_tolerance=SETTINGS.y_tolerance,
                               **options[reading]):
            text = w["text"].translate(BULLET_GLYPHS)
            words.append(Word(text, w["x0"], w["top"], w["x1"], w["bottom"], reading == "ltr", reading))
    return words


class CharPage(Page):
    """A pdfplumber page whose characters carry only their text, size, box and direction.

    pdfplumber turns every object pdfminer lays out into a dict of all its attributes, each resolved
    through the PDF's references, with its colours and colour space: for a character that costs more
    than pdfminer's own reading of it, and an office-suite matrix page holds about 2,000 of them.
    Words (pdfplumber's `extract_words`, `chars_to_words`) read a character's text, box, `doctop`,
    `upright`, size and matrix, so those are given as pdfplumber computes them (tests/test_pdf_front.py
    compares the two); every other object (rules, images) is pdfplumber's own.
    """

    @classmethod
    def of(cls, page: Page) -> CharPage:
        return cls(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)

    def process_object(self, obj: LTItem) -> dict[str, Any]:
        if type(obj) is not LTChar or self.pdf.unicode_norm is not None:
            return super().process_object(obj)
        mb_x0, mb_top = self.mediabox[:2]
        x0, x1 = (obj.x0 + mb_x0, obj.x1 + mb_x0) if mb_x0 != 0 else (obj.x0, obj.x1)
        top = (self.height - obj.y1) + mb_top
        return {"object_type": "char", "page_number": self.page_number, "text": obj.get_text(), "size": obj.size,
                "upright": obj.upright, "matrix": obj.matrix, "x0": x0, "x1": x1, "y0": obj.y0, "y1": obj.y1,
                "width": obj.width, "height": obj.height, "top": top, "bottom": (self.height - obj.y0) + mb_top,
                "doctop": self.initial_doctop + top}


def scan_page(page: Page) -> PageScan:
    """One pdfplumber page -> its words and table cell boxes (the page is parsed here, once)."""
    settings = SETTINGS.table_settings(outline_edges(page.edges))
    tables = sorted(page.find_tables(settings), key=lambda t: (t.bbox[1], t.bbox[0]))
    cells = tuple(tuple(tuple(row.cells) for row in table.rows) for table in tables)
    return PageScan(page.page_number, page.rotation, tuple(chars_to_words(page.chars)), cells)


# Everything pdfminer/pdfplumber raise for a file that is not a readable PDF.
UNREADABLE = (PdfminerException, MalformedPDFException, PSException, ValueError, KeyError, TypeError,
              AttributeError, IndexError, AssertionError, EOFError)


def _raised_here(exc: BaseException) -> bool:
    """Was the exception raised in this project's code rather than in pdfminer/pdfplumber?

    pdfminer raises plain ValueError, KeyError, TypeError... on damaged files, so those are
    caught as unreadable input, but only when they come from the libraries.
    """
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return last is not None and Path(last).resolve().parent == Path(__file__).resolve().parent


def _reason(exc: BaseException) -> str:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFEncryptionError):
        return "PDF is encrypted (password-protected); save an unprotected copy and extract that"
    detail = str(cause) or type(cause).__name__
    return f"not a readable PDF ({type(cause).__name__}: {detail}); is the file truncated or corrupt?"


def scan_dpi(page: Page) -> float:
    """The resolution of the scan a page holds (its largest image), 0.0 for a page with text or no
    image: such a page is read by OCR (`extract.ocr_front`), a page with text never is."""
    if page.chars or not page.images:
        return 0.0
    image = max(page.images, key=lambda im: im["width"] * im["height"])
    return float(image["srcsize"][0]) / (float(image["width"]) / 72) if image["width"] else 0.0


def scan_pdf(path: Path) -> list[PageScan]:
    """Every page of the PDF at `path`, scanned (a page that holds only a scanned image, by OCR); an
    unreadable file is an InputError naming it."""
    scanned: dict[int, float] = {}
    try:
        with pdfplumber.open(path) as pdf:
            scans = []
            for page in map(CharPage.of, pdf.pages):
                dpi = scan_dpi(page)
                if dpi:
                    scanned[page.page_number] = dpi
                scans.append(scan_page(page))
                page.close()  # drop the parsed page: each is read once
    except FileNotFoundError as exc:
        raise InputError(path, "file not found") from exc
    except UNREADABLE as exc:
        if _raised_here(exc):
            raise  # a bug in our own page code, not a bad file: let it show as one
        raise InputError(path, _reason(exc)) from exc
    if scanned:
        from tipmatrix.extract.ocr_front import read_pdf_scans  # OpenCV and tesseract only for scans

        ocr = read_pdf_scans(path, scanned, every_page=len(scanned) == len(scans))
        scans = [ocr.get(s.number, s) for s in scans]
    return scans
