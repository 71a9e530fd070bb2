"""Scanned pages (page images, or PDF pages with no text layer) -> the PDF front-end's page scans.

Each page: checked (resolution, ink) -> turned straight and its table's cells found from the rules
(`extract.ocr_grid`) -> the rules painted out and the page read by tesseract (pytesseract; the
Debian package tesseract-ocr, English) into words with boxes and confidences -> words for the PDF
chain, specks apart, doubtful words kept (`extract.ocr_words`). The pages are read in parallel (a
thread per core, tesseract one thread each), and each page's reading is cached by the hash of its
image, so a rebuild reads no page again. The result is a `PageScan` per page, read by the PDF
front-end's own chain (`pdf_front.read_pages`), so the same layouts and assemblers apply.

Cache: `$TIPMATRIX_CACHE/ocr/`, else `$XDG_CACHE_HOME/tipmatrix/ocr/`, else `~/.cache/tipmatrix/ocr/`;
one JSON file per page image, keyed by the image's pixels, the settings and tesseract's version.
Delete the folder to read every page again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from tipmatrix import cache
from tipmatrix.errors import InputError
from tipmatrix.extract import ocr_grid
from tipmatrix.extract.ocr_words import OcrWord, page_words, tsv_to_words
from tipmatrix.extract.pdf_pages import PageScan, Word
from tipmatrix.extract.rows import READ_DEFAULTS, Reading, ReadOptions

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
A4_LONG_SIDE_IN = 297 / 25.4
A4_LONG_SIDE_PT = 841.89
# Bump when what a cached page holds changes meaning.
CACHE_FORMAT = 2


@dataclass(frozen=True)
class OcrSettings:
    """Tunables of reading a scanned page, each with why it has this value."""

    lang: str = "eng"
    # Tesseract's automatic page segmentation (3): with the rules painted out, each cell's text is a
    # block of its own; "single block" (6) runs the columns' lines together.
    psm: int = 3
    # Under 100 dpi at A4 the table's 9-10 pt text is under 14 pixels high: tesseract's reading
    # collapses (measured: 1 word in 3 wrong at 100 dpi against 1 in 200 at 150 dpi).
    min_dpi: float = 100
    # A page whose darkest ink (the 0.2 % darkest pixels) is lighter than this grey level (0-255) is
    # too faint to read; a page whose darkest pixels are within `blank_contrast` of its paper is blank.
    faint_ink: int = 150
    blank_contrast: int = 40


SETTINGS = OcrSettings()


@dataclass(frozen=True)
class OcrPage(PageScan):
    """A scanned page as the PDF chain reads it, plus the specks set apart and the words read with a
    confidence under the threshold (each with its confidence)."""

    specks: tuple[Word, ...] = ()
    uncertain: tuple[tuple[Word, float, str], ...] = ()
    dpi: float = 0.0


@dataclass(frozen=True)
class PageImage:
    """One page to read: its number, grey pixels, points per pixel and resolution."""

    number: int
    gray: np.ndarray
    scale: float
    dpi: float


# -- checks --------------------------------------------------------------------------------------

def page_problem(page: PageImage, settings: OcrSettings = SETTINGS) -> str:
    """Why a page image cannot be read (too small, too faint), "" when it can."""
    if page.dpi < settings.min_dpi:
        return (f"page {page.number} is scanned at {page.dpi:.0f} dpi (as an A4 page); OCR needs at least"
                f" {settings.min_dpi:.0f}: scan it again at 200-300 dpi")
    ink = float(np.percentile(page.gray, 0.2))
    paper = float(np.median(page.gray))
    if paper - ink >= settings.blank_contrast and ink > settings.faint_ink:
        return (f"page {page.number} is too faint to read (its darkest ink is grey level {ink:.0f} of 255);"
                " scan it again darker")
    return ""


def is_blank(page: PageImage, settings: OcrSettings = SETTINGS) -> bool:
    return float(np.median(page.gray)) - float(np.percentile(page.gray, 0.2)) < settings.blank_contrast


# -- one page ------------------------------------------------------------------------------------

def cache_dir() -> Path:
    """Where page readings are cached (outside out/; see the module's docstring and tipmatrix/cache.py)."""
    return cache.cache_dir("ocr")


def cache_key(page: PageImage, tesseract: str, settings: OcrSettings = SETTINGS) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([CACHE_FORMAT, tesseract, asdict(settings), asdict(ocr_grid.SETTINGS),
                              list(page.gray.shape)]).encode())
    digest.update(np.ascontiguousarray(page.gray).tobytes())
    return digest.hexdigest()


def _cache_read(key: str) -> dict | None:
    data = cache.read_entry("ocr", f"{key}.json")
    try:
        return json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return None


def _cache_write(key: str, value: dict) -> None:
    cache.write_entry("ocr", f"{key}.json", json.dumps(value).encode("utf-8"))


def read_image(page: PageImage, settings: OcrSettings = SETTINGS) -> dict:
    """A page image -> its rules and tesseract's words, in pixels of the page turned straight (so the
    reading does not depend on the page size a PDF gives the image: the same scan is one cache entry)."""
    import pytesseract

    ink = ocr_grid.binarize(page.gray)
    angle = ocr_grid.skew_angle(ink)
    straight = ocr_grid.turned(page.gray, angle)
    if straight is not page.gray:
        ink = ocr_grid.binarize(straight)
    horizontal, vertical = ocr_grid.rule_masks(ink)
    edges = ocr_grid.mask_edges(horizontal, vertical, 1.0)
    clean = ocr_grid.without_rules(straight, horizontal, vertical)
    data = pytesseract.image_to_data(clean, lang=settings.lang, config=f"--psm {settings.psm}",
                                     output_type=pytesseract.Output.DICT)
    return {"angle": round(angle, 3), "edges": edges, "words": [w.to_list() for w in tsv_to_words(data)]}


def read_page(page: PageImage, tesseract: str, settings: OcrSettings = SETTINGS) -> OcrPage:
    """One page read (or taken from the cache) into an OcrPage."""
    key = cache_key(page, tesseract, settings)
    reading = _cache_read(key)
    if reading is None:
        reading = read_image(page, settings)
        _cache_write(key, reading)
    tables = ocr_grid.edges_to_tables(ocr_grid.scaled(reading["edges"], page.scale))
    found = page_words([OcrWord.from_list(w) for w in reading["words"]], page.scale)
    return OcrPage(page.number, 0, found.words, tables, found.specks, found.uncertain, page.dpi)


def tesseract_version(path: Path) -> str:
    """Tesseract's version, or one line naming the package to install."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise InputError(path, "its pages are scanned images, and reading them needs tesseract: "
                               "install it with `apt-get install -y tesseract-ocr`") from exc


def read_pages(path: Path, pages: list[PageImage], settings: OcrSettings = SETTINGS,
               need_table: bool = True) -> list[OcrPage]:
    """The page images of `path` read in parallel (a thread per core; tesseract runs one thread
    each, so two pages on two cores beat one page on two). A page that cannot be read stops the
    run naming it, before any page is read; so do pages with no ruled table when they are all the
    source has (`need_table`)."""
    for page in pages:
        problem = page_problem(page, settings)
        if problem:
            raise InputError(path, problem)
    todo = [p for p in pages if not is_blank(p, settings)]
    if not todo:
        return [OcrPage(p.number, 0, (), (), dpi=p.dpi) for p in pages]
    version = tesseract_version(path)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's own threads only slow parallel pages
    workers = max(1, min(len(todo), os.cpu_count() or 1))
    read = partial(read_page, tesseract=version, settings=settings)
    if workers == 1:
        done = {p.number: read(p) for p in todo}
    else:
        with ThreadPoolExecutor(workers) as pool:
            done = {p.number: r for p, r in zip(todo, pool.map(read, todo))}
    out = [done.get(p.number) or OcrPage(p.number, 0, (), (), dpi=p.dpi) for p in pages]
    if need_table and not any(p.tables for p in out):
        numbers = ", ".join(str(p.number) for p in pages)
        raise InputError(path, f"no ruled table on its scanned page(s) {numbers} ({sum(len(p.words) for p in out)}"
                               " words read); is this a scan of the matrix?")
    return out


# -- sources -------------------------------------------------------------------------------------

def image_pages(path: Path) -> list[PageImage]:
    """The pages of an image file (every frame of a TIFF), grey, with the scale of an A4 page."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            frames = [np.asarray(f.convert("L")) for f in ImageSequence.Iterator(im)]
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable image ({exc}); is the file truncated or corrupt?") from exc
    out = []
    for number, gray in enumerate(frames, start=1):
        long_side = max(gray.shape)
        out.append(PageImage(number, gray, A4_LONG_SIDE_PT / long_side, long_side / A4_LONG_SIDE_IN))
    return out


def read_image_file(path: Path) -> list[PageScan]:
    """A page image file (.png, .jpg, .tif) -> its pages, read by OCR."""
    return list(read_pages(path, image_pages(path)))


def read_scan(path: Path, options: ReadOptions = READ_DEFAULTS) -> Reading:
    """The front-end of page image files: their pages read by OCR, then read as a PDF's pages are
    (`pdf_front.read_pages`: the same grid, assemblers and layout declarations)."""
    from tipmatrix.extract.pdf_front import read_pages as read_scanned_pages

    return read_scanned_pages(path, read_image_file(path))


def _whole_page_image(page: Any) -> np.ndarray | None:
    """The page's one image as the scanner stored it (a JPEG decoded here as a page image file is),
    when it covers the unrotated page; None otherwise (the page is then rendered)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c
    from PIL import Image

    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    if len(images) != 1 or page.get_rotation():
        return None
    left, bottom, right, top = images[0].get_bounds()
    width, height = page.get_size()
    if (right - left) * (top - bottom) < 0.95 * width * height:
        return None
    buf = io.BytesIO()
    try:
        images[0].extract(buf)
        with Image.open(io.BytesIO(buf.getvalue())) as im:
            return np.asarray(im.convert("L"))
    except (pypdfium2.PdfiumError, OSError, ValueError):
        return None


def pdf_pages(path: Path, wanted: dict[int, float]) -> list[PageImage]:
    """The pages of a PDF numbered in `wanted`: each page's scan as stored, or, when the page is more
    than one image, the page rendered at the resolution of its scan (pypdfium2, which pdfplumber uses)."""
    import pypdfium2

    out = []
    pdf = pypdfium2.PdfDocument(path)
    try:
        for number, dpi in sorted(wanted.items()):
            page = pdf[number - 1]
            gray = _whole_page_image(page)
            if gray is None:
                gray = np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            scale = page.get_width() / gray.shape[1]
            out.append(PageImage(number, gray, scale, 72 / scale))
            page.close()
    finally:
        pdf.close()
    return out


def read_pdf_scans(path: Path, wanted: dict[int, float], every_page: bool) -> dict[int, PageScan]:
    """The pages of a PDF that hold a scan and no text, by number (each with its scan's dpi), read by
    OCR; `every_page`: the PDF has no text page, so its scans must hold the table."""
    return {p.number: p for p in read_pages(path, pdf_pages(path, wanted), need_table=every_page)}
