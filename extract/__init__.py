"""Extraction: a source file (text rendition, PDF, Word document or page scan) -> records with provenance and a
line audit."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from tipmatrix.extract.assemble import rows_to_records
from tipmatrix.extract.rows import READ_DEFAULTS, Reading, ReadOptions
from tipmatrix.model import Extraction

Reader = Callable[[Path, ReadOptions], Reading]
# The front-ends, one table keyed by suffix: (front-end, module, reader). Each reader takes (path, options)
# and returns a Reading. A module is imported only for the files it reads (pdfplumber only for PDFs, lxml
# only for Word documents); any other suffix is a text rendition. A .doc is refused by the Word reader
# with what to do.
READERS: dict[str, tuple[str, str, str]] = {
    ".pdf": ("pdf", "tipmatrix.extract.pdf_front", "read_pdf"),
    ".docx": ("word", "tipmatrix.extract.docx_front", "read_docx"),
    ".doc": ("word", "tipmatrix.extract.docx_front", "read_docx"),
    # page images, read by OCR (a PDF's pages that hold only a scan are read so inside the PDF front-end)
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff"), ("scan", "tipmatrix.extract.ocr_front", "read_scan")),
}
TEXT_READER = ("text", "tipmatrix.extract.text_front", "read_text")
WORD_SUFFIXES = tuple(suffix for suffix, (front_end, _, _) in READERS.items() if front_end == "word")


def _entry(path: Path) -> tuple[str, str, str]:
    return READERS.get(path.suffix.lower(), TEXT_READER)


def front_end_of(path: Path) -> str:
    """Which front-end reads a source, by its suffix: "pdf", "word", "scan" (page images) or "text" (a rendition)."""
    return _entry(path)[0]


def reader_of(path: Path) -> Reader:
    """The reader of a source, by its suffix (READERS)."""
    _, module, name = _entry(path)
    reader: Reader = getattr(import_module(module), name)
    return reader


def read_source_file(path: Path, options: ReadOptions = READ_DEFAULTS) -> Reading:
    """A source file read by its front-end: layout, rows, coverage (and notes on its cells)."""
    return reader_of(path)(path, options)


def extract_file(path: Path, draft: str, options: ReadOptions = READ_DEFAULTS) -> Extraction:
    """Read one source, chosen by file type, into an Extraction whose records are not yet reconciled."""
    reading = read_source_file(path, options)
    records = reading.annotate(rows_to_records(reading.rows, reading.layout, draft, path.name))
    empty = Extraction(draft=draft, source_file=path.name, layout=reading.layout, records=(),
                       coverage=tuple(reading.coverage))
    return empty.with_records(records)
