"""Extraction: a source file (text rendition, PDF, Word document or page scan) -> records with provenance and a
line audit."""

from __future__ import annotations

from pathlib import Path

from tipmatrix.extract.assemble import rows_to_records
from tipmatrix.extract.sources import read_lines
from tipmatrix.extract.text_front import read_text
from tipmatrix.model import Extraction

WORD_SUFFIXES = (".docx", ".doc")  # a .doc is refused by the Word reader with what to do
# The front-end of each suffix; any other file is a text rendition. A PDF's pages that hold only a
# scan are read by OCR inside the PDF front-end; page images are read by OCR ("scan").
FRONT_ENDS: dict[str, str] = {
    ".pdf": "pdf",
    **dict.fromkeys(WORD_SUFFIXES, "word"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff"), "scan"),
}


def front_end_of(path: Path) -> str:
    """Which front-end reads a source, by its suffix: "pdf", "word", "scan" (page images) or "text"."""
    return FRONT_ENDS.get(path.suffix.lower(), "text")


def extract_file(path: Path, draft: str, as_original: bool = False) -> Extraction:
    """Read one source, chosen by file type, into an Extraction whose records are not yet reconciled.

    `as_original`: a Word document is read with its tracked changes rejected (other files have none).
    """
    reading = None
    doubtful: list[tuple[int, str, float, str]] = []
    front_end = front_end_of(path)
    if front_end in ("pdf", "scan"):
        from tipmatrix.extract.pdf_front import read_pages  # pdfplumber is loaded only for PDFs and scans
        from tipmatrix.extract.pdf_pages import scan_pdf

        if front_end == "pdf":
            pages = scan_pdf(path)
        else:
            from tipmatrix.extract.ocr_front import read_image_file  # OpenCV and tesseract only for scans

            pages = read_image_file(path)
        layout, rows, coverage = read_pages(path, pages)
        if any(hasattr(p, "uncertain") for p in pages):
            from tipmatrix.extract.ocr_words import uncertain_words

            doubtful = uncertain_words(pages)
    elif front_end == "word":
        from tipmatrix.extract.docx_front import read_docx  # lxml is loaded only for Word documents

        reading = read_docx(path, original=as_original)
        layout, rows, coverage = reading.layout, reading.rows, reading.coverage
    else:
        layout, rows, coverage = read_text(read_lines(path), path)
    records = rows_to_records(rows, layout, draft, path.name)
    if reading is not None:
        records = reading.annotate(records)
    if doubtful:
        from tipmatrix.extract.ocr_words import flag_uncertain

        records = flag_uncertain(records, doubtful)
    empty = Extraction(draft=draft, source_file=path.name, layout=layout, records=(), coverage=tuple(coverage))
    return empty.with_records(records)
