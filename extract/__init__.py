"""Extraction: a source file (text rendition, PDF or Word document) -> records with provenance and a line audit."""

from __future__ import annotations

from pathlib import Path

from tipmatrix.extract.assemble import rows_to_records
from tipmatrix.extract.sources import read_lines
from tipmatrix.extract.text_front import read_text
from tipmatrix.model import Extraction

WORD_SUFFIXES = (".docx", ".doc")  # a .doc is refused by the Word reader with what to do


def front_end_of(path: Path) -> str:
    """Which front-end reads a source, by its suffix: "pdf", "word", or "text" (a rendition)."""
    suffix = path.suffix.lower()
    return "pdf" if suffix == ".pdf" else "word" if suffix in WORD_SUFFIXES else "text"


def extract_file(path: Path, draft: str, as_original: bool = False) -> Extraction:
    """Read one source, chosen by file type, into an Extraction whose records are not yet reconciled.

    `as_original`: a Word document is read with its tracked changes rejected (other files have none).
    """
    reading = None
    front_end = front_end_of(path)
    if front_end == "pdf":
        from tipmatrix.extract.pdf_front import read_pdf  # pdfplumber is loaded only for PDFs

        layout, rows, coverage = read_pdf(path)
    elif front_end == "word":
        from tipmatrix.extract.docx_front import read_docx  # lxml is loaded only for Word documents

        reading = read_docx(path, original=as_original)
        layout, rows, coverage = reading.layout, reading.rows, reading.coverage
    else:
        layout, rows, coverage = read_text(read_lines(path), path)
    records = rows_to_records(rows, layout, draft, path.name)
    if reading is not None:
        records = reading.annotate(records)
    empty = Extraction(draft=draft, source_file=path.name, layout=layout, records=(), coverage=tuple(coverage))
    return empty.with_records(records)
