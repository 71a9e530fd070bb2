"""How the workbooks print: LibreOffice renders each to PDF, and each sheet's pages are measured.

`make print-check` (= `python -m bench.print_check out --three-drafts --readme README.md --fixtures
tests/fixtures/print`) prints one line per printed sheet: its pages, the median height of its
rendered glyphs in points (a character's font size as pdfplumber gives it, read with pdfium, which
includes the scaling LibreOffice applied to fit the page, times the page's scale to A4), the words
broken inside a cell and the escapes printed; it fails when a sheet's median is under 8 pt or a word
is broken or an escape printed. `--three-drafts` adds the lineage workbook of May, November and the third draft of
tests/fixtures/office; `--readme` writes the table into the README between its markers;
`--fixtures` keeps the PDFs of out/ with the sha256 of their workbooks and the table, which the
tests read without LibreOffice. `--png DIR` also writes every page as a PNG (pdftoppm -r 60) to look
at. LibreOffice is not a dependency: without `soffice` the check says so and exits 0 (nothing
measured), so a machine without it is not a failure.

Pages are told apart by their printed page header: every sheet prints its own (the draft or
diff label and the sheet's name), so a page belongs to the sheet whose header it carries.
The page header and the "Page x" footer are left out of the glyph measure. A word is broken inside
a cell when a line ends with no word of the sources and the next line of the same cell starts with
its rest ("Communit" / "y"); the words of the sources are those of the workbook's cells.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MIN_GLYPH_PT = 8.0  # the floor: a printed page is read at arm's length
A4_SHORT_SIDE_PT = 595.3  # a page of another size is scaled to A4 before measuring
PNG_DPI = 60


@dataclass(frozen=True)
class SheetPrint:
    workbook: str
    sheet: str
    pages: int
    median_pt: float
    broken: tuple[str, ...] = ()  # words broken inside a cell ("Communit|y")
    escapes: tuple[str, ...] = ()  # escape sequences printed ("academe\\;")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(xlsx: Path, out_dir: Path) -> Path:
    """The workbook as LibreOffice prints it, in a private profile (no clash with a running office),
    as `<name>.<suffix>.pdf` (the diff's workbook and minutes share a stem)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(profile / "pdf"), str(xlsx)],
            check=True, capture_output=True, timeout=300,
        )
        pdf = out_dir / f"{xlsx.name}.pdf"
        shutil.move(profile / "pdf" / f"{xlsx.stem}.pdf", pdf)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return pdf


def page_headers(xlsx: Path) -> dict[str, str]:
    """{printed page header: sheet name}, the header as it prints ("&&" is one "&")."""
    from openpyxl import load_workbook

    return headers_of(load_workbook(xlsx, read_only=False))


def headers_of(wb) -> dict[str, str]:
    """page_headers of a workbook already open."""
    return {ws.oddHeader.center.text.replace("&&", "&"): ws.title for ws in wb.worksheets if ws.oddHeader.center.text}


def _edges(chars: list[dict]) -> tuple[float, float]:
    """The tops of the first and the last printed lines of a page (the page header and footer)."""
    return min(c["top"] for c in chars), max(c["top"] for c in chars)


def top_lines(chars: list[dict], zone: float = 45.0) -> list[str]:
    """The text of each line in a page's top margin (where the page header prints), left to right."""
    lines: dict[int, list[dict]] = {}
    for c in chars:
        if c["top"] < zone:
            lines.setdefault(round(c["top"]), []).append(c)
    texts = []
    for top in sorted(lines):
        text, last = "", None
        for c in sorted(lines[top], key=lambda c: c["x0"]):
            if last is not None and c["x0"] - last > 0.2 * c["size"]:
                text += " "
            text, last = text + c["text"], c["x1"]
        texts.append(text)
    return texts


def sheet_of(lines: list[str], headers: dict[str, str]) -> str:
    """The sheet whose page header is on one of the page's top lines (the longest header that
    matches: the clipped rest of a merged cell may share the line)."""
    top = "|".join(line.replace(" ", "") for line in lines)
    matches = [h for h in headers if h.replace(" ", "") in top]
    return headers[max(matches, key=len)] if matches else "?"


# What a reader must never see: a flag's escaped ";" or backslash, an XML escape of a control
# character, an entity, a page header's doubled "&".
ESCAPES = re.compile(r"\\[;\\]|_x[0-9A-Fa-f]{4}_|&amp;|&lt;|&gt;|&&")
BREAKS = re.compile(r"(?<=-)|\s+")  # where a line may break: at a space, after a hyphen
EDGE_PUNCTUATION = "\"'()[]{}.,;:!?«»“”‘’…*"


def word_key(text: str) -> str:
    return text.strip(EDGE_PUNCTUATION).casefold()


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words of the texts that were printed, as they may break at line ends (at spaces, after hyphens)."""
    return {word_key(w) for text in texts for w in BREAKS.split(text) if word_key(w)}


def broken_words(words: Sequence[dict], vocab: set[str]) -> list[str]:
    """Words of one page broken inside, as "Communit|y": a word at a line's end that is no word of
    the sources, whose rest starts the next line of the same cell (below, at or left of it), and
    together they make a word of the sources. `words`: pdfplumber's extract_words."""
    found = []
    for w in words:
        head = word_key(w["text"])
        if not head or head in vocab:
            continue
        size = w["bottom"] - w["top"]
        for v in words:
            if not (0.5 * size < v["top"] - w["top"] < 1.8 * size and w["x0"] - 500 < v["x0"] <= w["x0"] + 1):
                continue
            if word_key(w["text"] + v["text"]) in vocab:
                found.append(f"{w['text']}|{v['text']}")
                break
    return found


WHITESPACE = frozenset(ord(c) for c in " \t\r\n\u00a0")


@dataclass(frozen=True)
class PrintedPage:
    """One page of a PDF: its size, its characters as pdfplumber gives them (dicts with text, x0,
    x1, top, bottom, doctop, size and upright; top and bottom from the page's top edge), and its text
    in the order it was drawn (where an escape printed in a cell reads as it was written)."""
    width: float
    height: float
    chars: list[dict]
    text: str


def read_pdf(pdf: Path) -> list[PrintedPage]:
    """The pages of a PDF and their characters, read with pdfium (pypdfium2, which pdfplumber brings):
    pdfplumber's reading (pdfminer, in Python) took 25 s for the 120 pages of out/'s prints, pdfium
    under 2 s. The boxes are pdfplumber's: a character's box is its font's em square, from its
    baseline less the font's descent (pdfium's loose box is taller for some glyphs); a turned
    character keeps pdfium's box, and its size is the box's height, as pdfminer's is. pdfium's
    own spaces and line breaks (generated) are left out; a hyphen it took for a hyphenation is "-".
    `doctop` (pdfplumber's top within the document, which its words carry) is the top on the page.
    Two calls into pdfium a character (its box, its text object), through bare function pointers: the
    rest is read once per text object."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    unicode, font_size = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetFontSize

    def bare(function, *argtypes):
        """A pdfium function called through a plain pointer: arguments as ints, no conversion a call."""
        return ctypes.CFUNCTYPE(*argtypes)(ctypes.cast(function, ctypes.c_void_p).value)

    vp, i32 = ctypes.c_void_p, ctypes.c_int
    generated = bare(pdfium_c.FPDFText_IsGenerated, i32, vp, i32)
    loose_box = bare(pdfium_c.FPDFText_GetLooseCharBox, i32, vp, i32, vp)
    object_address = bare(pdfium_c.FPDFText_GetTextObject, vp, vp, i32)
    box_at = ctypes.addressof(box)
    pages = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            width, height = page.get_size()
            textpage = page.get_textpage()
            text = textpage.raw  # the handle itself: pypdfium2's wrapper costs a lookup a call
            handle = ctypes.cast(text, ctypes.c_void_p).value  # and as an int, for the bare functions
            # a text object's (upright, font size, bottom, top): one font, size and baseline an object (one
            # show-text operator), so an upright character's top and bottom are its object's
            objects: dict[int | None, tuple[bool, float, float, float]] = {}
            chars = []
            count = textpage.count_chars()
            codes = (ctypes.c_ushort * (count + 1))()
            pdfium_c.FPDFText_GetText(text, 0, count, codes)  # UTF-16: one unit a character, unless paired
            if any(0xD800 <= code < 0xE000 for code in codes[:count]):
                codes = [unicode(text, i) for i in range(count)]  # type: ignore[assignment]
            for i in range(count):
                code = codes[i]
                if code in WHITESPACE and generated(handle, i) == 1:  # pdfium's own spaces and line breaks
                    continue
                loose_box(handle, i, box_at)
                key = object_address(handle, i)
                found = objects.get(key)
                if found is None:
                    obj = pdfium_c.FPDFText_GetTextObject(text, i)
                    pdfium_c.FPDFText_GetMatrix(text, i, matrix)
                    pdfium_c.FPDFFont_GetDescent(pdfium_c.FPDFTextObj_GetFont(obj), 1.0, descent)
                    size = font_size(text, i)
                    upright = matrix.b == 0 and matrix.c == 0
                    bottom = 0.0
                    if upright:
                        pdfium_c.FPDFText_GetCharOrigin(text, i, x, y)
                        bottom = height - y.value - descent.value * size
                    found = objects[key] = (upright, size, bottom, bottom - size)
                upright, size, bottom, top = found
                if upright:
                    chars.append({"text": "-" if code == 2 else chr(code), "x0": box.left, "x1": box.right,
                                  "top": top, "bottom": bottom, "doctop": top, "size": size, "upright": True})
                else:
                    top, bottom = height - box.top, height - box.bottom
                    chars.append({"text": "-" if code == 2 else chr(code), "x0": box.left, "x1": box.right,
                                  "top": top, "bottom": bottom, "doctop": top, "size": bottom - top,
                                  "upright": False})
            pages.append(PrintedPage(width, height, chars, "".join(map(chr, codes[:count]))))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages


def page_defects(page: PrintedPage, vocab: set[str]) -> tuple[list[str], list[str]]:
    """The broken words and the printed escapes of one PDF page (its words as pdfplumber's
    extract_words makes them of the page's characters)."""
    from pdfplumber.utils import extract_words

    words = extract_words(page.chars, x_tolerance=1.5, y_tolerance=2)
    return broken_words(words, vocab), ESCAPES.findall(page.text)


def workbook_texts(xlsx: Path) -> list[str]:
    """Every text a workbook may print: its cells (rich text as plain) and page headers."""
    from openpyxl import load_workbook

    return texts_of(load_workbook(xlsx, rich_text=True))


def texts_of(wb) -> list[str]:
    """workbook_texts of a workbook opened with rich_text=True."""
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    return texts + [ws.oddHeader.center.text or "" for ws in wb.worksheets]


def document_texts(docx: Path) -> list[str]:
    """Every paragraph and table cell of a Word document."""
    from docx import Document

    doc = Document(str(docx))
    texts = [p.text for p in doc.paragraphs]
    return texts + [c.text for t in doc.tables for row in t.rows for c in row.cells]


def measure(pdf: Path, headers: dict[str, str], workbook: str, vocab: set[str] | None = None) -> list[SheetPrint]:
    sizes: dict[str, list[float]] = {}
    pages: dict[str, int] = {}
    broken: dict[str, list[str]] = {}
    escapes: dict[str, list[str]] = {}
    for page in read_pdf(pdf):
        # a merged cell cut by a page break is drawn again, clipped, above the page: not printed
        chars = [c for c in page.chars if c["text"].strip() and 0 <= c["top"] and c["bottom"] <= page.height]
        if not chars:
            continue
        sheet = sheet_of(top_lines(chars), headers)
        scale = A4_SHORT_SIDE_PT / min(page.width, page.height)
        header_top, footer_top = _edges(chars)
        body = [c for c in chars if header_top + 1 < c["top"] < footer_top - 1]
        sizes.setdefault(sheet, []).extend(c["size"] * scale for c in body)
        pages[sheet] = pages.get(sheet, 0) + 1
        if vocab is not None:
            cut, escaped = page_defects(page, vocab)
            broken.setdefault(sheet, []).extend(cut)
            escapes.setdefault(sheet, []).extend(escaped)
    order = list(headers.values())
    return [
        SheetPrint(workbook, sheet, pages[sheet], round(statistics.median(sizes[sheet] or [0.0]), 1),
                   tuple(broken.get(sheet, ())), tuple(escapes.get(sheet, ())))
        for sheet in sorted(pages, key=lambda s: order.index(s) if s in order else len(order))
    ]


def workbooks(out: Path) -> list[Path]:
    """The draft workbooks, the diff workbook and the minutes of a build, in a fixed order (or the one file given)."""
    if out.is_file():
        return [out]
    return (sorted(out.glob("*/*-matrix.xlsx")) + sorted(out.glob("diff/*.xlsx")) + sorted(out.glob("diff/*.docx"))
            + sorted(out.glob("lineage.xlsx")))


def measure_document(pdf: Path, name: str, vocab: set[str] | None = None) -> SheetPrint:
    """A Word document's pages and the median size of all its glyphs (it has no page headers)."""
    sizes = []
    broken: list[str] = []
    escapes: list[str] = []
    pages = read_pdf(pdf)
    for page in pages:
        scale = A4_SHORT_SIDE_PT / min(page.width, page.height)
        sizes += [c["size"] * scale for c in page.chars if c["text"].strip()]
        if vocab is not None:
            cut, escaped = page_defects(page, vocab)
            broken += cut
            escapes += escaped
    return SheetPrint(name, "(document)", len(pages), round(statistics.median(sizes or [0.0]), 1), tuple(broken),
                      tuple(escapes))


def check_pdf(pdf: Path, book: Path, name: str | None = None) -> list[SheetPrint]:
    """The print of one workbook or document (`book`, the file the PDF was rendered from)."""
    name = name or book.name
    if book.suffix == ".docx":
        return [measure_document(pdf, name, vocabulary(document_texts(book)))]
    from openpyxl import load_workbook

    wb = load_workbook(book, rich_text=True)  # once, for both the page headers and the texts
    return measure(pdf, headers_of(wb), name, vocabulary(texts_of(wb)))


TABLE_START, TABLE_END = "<!-- print-check:start -->", "<!-- print-check:end -->"
OFFICE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "office"
THREE_DRAFTS = {"2016-05": "may-2016.pdf", "2016-11": "nov-2016.pdf", "2017-11": "bohol-2017.pdf"}
THREE_DRAFTS_NAME = "lineage.xlsx (3 drafts)"


def three_draft_lineage(folder: Path) -> Path:
    """The lineage workbook of May, November and the third draft (tests/bohol_plan.py's, built as
    PDF in tests/fixtures/office): what the lineage prints when it has three drafts to follow."""
    import hashlib

    from tipmatrix.pipeline import RunOptions, build

    raw = folder / "raw"
    raw.mkdir(parents=True)
    entries = []
    for draft, name in THREE_DRAFTS.items():
        data = (OFFICE / name).read_bytes()
        (raw / name).write_bytes(data)
        entries.append(f'[[source]]\ndraft = "{draft}"\nfile = "{name}"\ntitle = "{draft}"\nas_of = ""\n'
                       f'layout = "nov-2016"\nsha256 = "{hashlib.sha256(data).hexdigest()}"\n')
    (raw / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    build(raw, folder / "out", RunOptions(corrections=False))
    return folder / "out" / "lineage.xlsx"


def table(results: Sequence[SheetPrint]) -> str:
    """The print table as Markdown (the README includes it between its print-check markers)."""
    lines = ["| workbook | sheet | pages | median glyph (pt) | words broken inside | escapes printed |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {r.workbook} | {r.sheet} | {r.pages} | {r.median_pt:.1f} | {len(r.broken)} | {len(r.escapes)} |"
              for r in results]
    small = sum(r.median_pt < MIN_GLYPH_PT for r in results)
    lines.append("")
    lines.append(f"{len(results)} printed sheets and documents: {small} under {MIN_GLYPH_PT:g} pt, "
                 f"{sum(len(r.broken) for r in results)} words broken inside a cell, "
                 f"{sum(len(r.escapes) for r in results)} escapes printed.")
    return "\n".join(lines) + "\n"


def readme_with(readme: str, block: str) -> str:
    """The README's text with the print table between its markers replaced by `block`."""
    head, _, rest = readme.partition(TABLE_START + "\n")
    _, found, tail = rest.partition(TABLE_END)
    if not found:
        raise ValueError(f"the README has no {TABLE_START} ... {TABLE_END} block for the print table")
    return f"{head}{TABLE_START}\n{block}{TABLE_END}{tail}"


def keep_fixtures(folder: Path, out: Path, rendered: Sequence[tuple[Path, Path]], block: str) -> None:
    """The PDFs of out/'s workbooks, with the sha256 of the bytes each was rendered from (a test
    reads them without LibreOffice, and fails once the workbooks change: re-run make print-check)."""
    import hashlib
    import json

    folder.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for book, pdf in rendered:
        shutil.copyfile(pdf, folder / pdf.name)
        manifest[pdf.name] = {"source": book.relative_to(out).as_posix(),
                              "sha256": hashlib.sha256(book.read_bytes()).hexdigest()}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "print-check.md").write_text(block, encoding="utf-8")


def render_all(books: Sequence[Path], pdf_dir: Path, png: Path | None) -> list[tuple[Path, Path]]:
    rendered = []
    pdf_dir.mkdir(parents=True, exist_ok=True)
    for book in books:
        pdf = to_pdf(book, pdf_dir)  # LibreOffice stops with an error on a file it would have to repair
        rendered.append((book, pdf))
        if png:
            png.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-r", str(PNG_DPI), "-png", str(pdf), str(png / pdf.stem)], check=True)
    return rendered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="out", type=Path,
                        help="a build's out/ folder (default: out), or one .xlsx")
    parser.add_argument("--png", type=Path, help="also write every page as PNG (pdftoppm -r 60) into this folder")
    parser.add_argument("--pdf", type=Path, help="keep the PDFs in this folder")
    parser.add_argument("--three-drafts", action="store_true",
                        help="also build May, November and the third draft of tests/fixtures/office and check "
                             "their lineage workbook")
    parser.add_argument("--readme", type=Path, help="write the print table into this README, between its markers")
    parser.add_argument("--fixtures", type=Path,
                        help="keep the PDFs, the hashes of their workbooks and the table here (for the tests)")
    args = parser.parse_args(argv)
    if soffice() is None:
        print("print-check: skipped, LibreOffice (soffice) is not installed; it renders the workbooks to PDF")
        return 0
    books = workbooks(args.out)
    if not books:
        print(f"print-check: no workbooks under {args.out}/; run `make` first", file=sys.stderr)
        return 2
    results: list[SheetPrint] = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf_dir = args.pdf or Path(tmp, "pdf")
        pdf_dir.mkdir(parents=True, exist_ok=True)
        rendered = render_all(books, pdf_dir, args.png)
        for book, pdf in rendered:
            results += check_pdf(pdf, book)
        if args.three_drafts:
            book = three_draft_lineage(Path(tmp, "three"))
            (pdf,) = [p for _, p in render_all([book], Path(tmp, "three-pdf"), None)]
            results += check_pdf(pdf, book, THREE_DRAFTS_NAME)
        block = table(results)
        if args.fixtures and args.out.is_dir():
            keep_fixtures(args.fixtures, args.out, rendered, block)
    if args.readme:
        args.readme.write_text(readme_with(args.readme.read_text(encoding="utf-8"), block), encoding="utf-8")
    print(f"{'workbook':<28} {'sheet':<14} {'pages':>5} {'median glyph (pt)':>18} {'broken':>7} {'escapes':>8}")
    for r in results:
        mark = "" if r.median_pt >= MIN_GLYPH_PT else f"  < {MIN_GLYPH_PT:g} pt"
        print(f"{r.workbook:<28} {r.sheet:<14} {r.pages:>5} {r.median_pt:>18.1f} {len(r.broken):>7} "
              f"{len(r.escapes):>8}{mark}")
        for word in r.broken + r.escapes:
            print(f"    {word}")
    print(block.splitlines()[-1])
    bad = [r for r in results if r.median_pt < MIN_GLYPH_PT or r.broken or r.escapes]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
