"""How the workbooks print: LibreOffice renders each to PDF, and each sheet's pages are measured.

`make print-check` (= `python -m bench.print_check out`) prints one line per printed sheet: its
pages and the median height of its rendered glyphs in points (pdfplumber's char size, which
includes the scaling LibreOffice applied to fit the page, times the page's scale to A4), and
fails when a sheet's median is under 8 pt. `--png DIR` also writes every page as a PNG
(pdftoppm -r 60) to look at. LibreOffice is not a dependency: without `soffice` the check says
so and exits 0 (nothing measured), so a machine without it is not a failure.

Pages are told apart by their printed page header: every sheet prints its own (the draft or
diff label and the sheet's name), so a page belongs to the sheet whose header it carries.
The page header and the "Page x of y" footer are left out of the glyph measure.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(xlsx: Path, out_dir: Path) -> Path:
    """The workbook as LibreOffice prints it, in a private profile (no clash with a running office)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(xlsx)],
            check=True, capture_output=True, timeout=300,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out_dir / (xlsx.stem + ".pdf")


def page_headers(xlsx: Path) -> dict[str, str]:
    """{printed page header: sheet name}, the header as it prints ("&&" is one "&")."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=False)
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


def measure(pdf: Path, headers: dict[str, str], workbook: str) -> list[SheetPrint]:
    import pdfplumber

    sizes: dict[str, list[float]] = {}
    pages: dict[str, int] = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
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
    order = list(headers.values())
    return [
        SheetPrint(workbook, sheet, pages[sheet], round(statistics.median(sizes[sheet] or [0.0]), 1))
        for sheet in sorted(pages, key=lambda s: order.index(s) if s in order else len(order))
    ]


def workbooks(out: Path) -> list[Path]:
    """The draft workbooks, the diff workbook and the minutes of a build, in a fixed order (or the one file given)."""
    if out.is_file():
        return [out]
    return (sorted(out.glob("*/*-matrix.xlsx")) + sorted(out.glob("diff/*.xlsx")) + sorted(out.glob("diff/*.docx"))
            + sorted(out.glob("lineage.xlsx")))


def measure_document(pdf: Path, name: str) -> SheetPrint:
    """A Word document's pages and the median size of all its glyphs (it has no page headers)."""
    import pdfplumber

    sizes = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            scale = A4_SHORT_SIDE_PT / min(page.width, page.height)
            sizes += [c["size"] * scale for c in page.chars if c["text"].strip()]
        pages = len(doc.pages)
    return SheetPrint(name, "(document)", pages, round(statistics.median(sizes or [0.0]), 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="out", type=Path,
                        help="a build's out/ folder (default: out), or one .xlsx")
    parser.add_argument("--png", type=Path, help="also write every page as PNG (pdftoppm -r 60) into this folder")
    parser.add_argument("--pdf", type=Path, help="keep the PDFs in this folder")
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
        pdf_dir = args.pdf or Path(tmp)
        pdf_dir.mkdir(parents=True, exist_ok=True)
        for book in books:
            pdf = to_pdf(book, pdf_dir)  # LibreOffice stops with an error on a file it would have to repair
            if book.suffix == ".docx":
                results.append(measure_document(pdf, book.name))
            else:
                results += measure(pdf, page_headers(book), book.name)
            if args.png:
                args.png.mkdir(parents=True, exist_ok=True)
                subprocess.run(["pdftoppm", "-r", str(PNG_DPI), "-png", str(pdf), str(args.png / pdf.stem)],
                               check=True)
    print(f"{'workbook':<28} {'sheet':<14} {'pages':>5} {'median glyph (pt)':>18}")
    for r in results:
        mark = "" if r.median_pt >= MIN_GLYPH_PT else f"  < {MIN_GLYPH_PT:g} pt"
        print(f"{r.workbook:<28} {r.sheet:<14} {r.pages:>5} {r.median_pt:>18.1f}{mark}")
    small = [r for r in results if r.median_pt < MIN_GLYPH_PT]
    print(f"{len(results)} printed sheets and documents, {len(small)} under {MIN_GLYPH_PT:g} pt")
    return 1 if small else 0


if __name__ == "__main__":
    raise SystemExit(main())
