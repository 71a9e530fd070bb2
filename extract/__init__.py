"""Extraction: a source file (text rendition or PDF) -> records with provenance and a line audit."""

from __future__ import annotations

from pathlib import Path

from tipmatrix.extract.assemble import rows_to_records
from tipmatrix.extract.sources import read_lines
from tipmatrix.extract.text_front import read_text
from tipmatrix.model import Extraction


def extract_file(path: Path, draft: str) -> Extraction:
    """Read one source, chosen by file type, into an Extraction whose records are not yet reconciled."""
    if path.suffix.lower() == ".pdf":
        from tipmatrix.extract.pdf_front import read_pdf  # pdfplumber is loaded only for PDFs

        layout, rows, coverage = read_pdf(path)
    else:
        layout, rows, coverage = read_text(read_lines(path), path)
    records = rows_to_records(rows, layout, draft, path.name)
    empty = Extraction(draft=draft, source_file=path.name, layout=layout, records=(), coverage=tuple(coverage))
    return empty.with_records(records)
