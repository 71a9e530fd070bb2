"""Word and PDF extraction beside the bare library reading the same documents (issue 20's speed aims).

On the office-suite documents of the tests (tests/fixtures/office: the 2016 drafts and the third
draft, made by LibreOffice and python-docx, as the documents held back for acceptance are), each
document is extracted to records in this process, libraries loaded: the front-end, the assembler,
the body reconciliation and the provision texts (`pipeline.source_records`). Beside it, the bare
library: python-docx reading every cell's text of every table, pdfplumber `extract_tables()` on every
page. Times are the CPU time of this process, the least of `repeat` runs, ours and the library's
taken in turn, so that other processes on a shared machine move both alike; the ratio is over all
documents together, and the worst document's ratio is named.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench.docx_bench import bare_python_docx
from bench.pdf_bench import _bare_extract_tables
from tipmatrix.pipeline import source_records

OFFICE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "office"
WORD_AIM = 1.5  # issue 20: Word extraction at most 1.5x bare python-docx reading every cell
PDF_AIM = 1.3  # issue 20: PDF extraction at most 1.3x bare pdfplumber
# the draft each fixture is of (the provision registry gives a registered draft its own texts)
DRAFTS = {"may-2016": "2016-05", "nov-2016": "2016-11", "bohol-2017": "2017-11"}


def draft_of(path: Path) -> str:
    return next((d for prefix, d in DRAFTS.items() if path.name.startswith(prefix)), "bench")


def cpu_seconds(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def documents(suffix: str, folder: Path = OFFICE) -> list[Path]:
    return sorted(folder.glob(f"*{suffix}"))


def time_extraction(paths: list[Path], bare: Callable[[Path], object], repeat: int = 3) -> dict:
    """CPU seconds of extracting each document to records and of the bare library reading it."""
    per_document = {}
    for path in paths:
        ours = theirs = float("inf")
        for _ in range(repeat):
            ours = min(ours, cpu_seconds(partial(source_records, path, draft_of(path))))
            theirs = min(theirs, cpu_seconds(partial(bare, path)))
        per_document[path.name] = (ours, theirs)
    ours_s = sum(o for o, _ in per_document.values())
    bare_s = sum(b for _, b in per_document.values())
    worst = max(per_document, key=lambda n: per_document[n][0] / per_document[n][1])
    return {"documents": len(per_document), "extraction_s": ours_s, "bare_s": bare_s, "ratio": ours_s / bare_s,
            "worst": worst, "worst_ratio": per_document[worst][0] / per_document[worst][1]}


def time_word(repeat: int = 3, folder: Path = OFFICE) -> dict:
    return time_extraction(documents(".docx", folder), bare_python_docx, repeat)


def time_pdf(repeat: int = 3, folder: Path = OFFICE) -> dict:
    return time_extraction(documents(".pdf", folder), _bare_extract_tables, repeat)


def _aim(ratio: float, aim: float) -> str:
    return f"ratio {ratio:.2f}x (aim <= {aim:g}x{'' if ratio <= aim else ', MISSED'})"


def report(word: dict, pdf: dict) -> list[str]:
    """One line per front-end, then what they cover."""
    return [
        f"word extraction, {word['documents']} office-suite documents: {word['extraction_s']:.3f} s CPU |"
        f" bare python-docx every cell {word['bare_s']:.3f} s | {_aim(word['ratio'], WORD_AIM)};"
        f" worst {word['worst_ratio']:.2f}x ({word['worst']})",
        f"pdf extraction, {pdf['documents']} office-suite PDFs: {pdf['extraction_s']:.3f} s CPU |"
        f" bare pdfplumber extract_tables {pdf['bare_s']:.3f} s | {_aim(pdf['ratio'], PDF_AIM)};"
        f" worst {pdf['worst_ratio']:.2f}x ({pdf['worst']})",
        "  word/pdf extraction: each document of tests/fixtures/office extracted to records in this process"
        " (front-end, assembler, bodies, provision texts), beside the bare library on the same file; CPU time,"
        " the least of the runs, taken in turn",
    ]
