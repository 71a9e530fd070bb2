"""PDF readings and extractions shared by the tests, once per run (the extractions: `shared_extractions`,
at the end).

PDF readings: a test module that imports `shared_pdf_scans`
(`from shared_readings import shared_pdf_scans  # noqa: F401`) reads each PDF's pages once per run,
however many of its tests (and of the other modules that import it, in either worker) extract or
build from the same bytes: kept per worker, and under pytest-xdist in the run's shared folder
(tests/shared_value.py) for the other worker.

Reading a PDF's pages (`tipmatrix.extract.pdf_pages.scan_pdf`: pdfminer's parse, the table finder,
OCR of scanned pages) is most of the time a PDF test takes, and the office-suite fixtures are read by
a dozen modules, some several times per test (a whole build, then each draft again). The reading is
a pure function of the file's bytes and the PDF settings, and what it returns is immutable (frozen
PageScans in tuples), so it is kept under the sha256 of the bytes: a changed file is read anew, and
a file that cannot be read is never kept (its InputError is raised each time). The same holds for
the extractions (`shared_extractions`), kept once per run by file, bytes, draft and options. Everything after the
reading (rows, records, reconciliation, the build's outputs) runs in each test as before.

Not for a module that checks what happens inside the reading (a PDF with text never sent to OCR, a
missing tesseract, a bug in the page code): a kept reading would hide it. Such modules do not import
it (tests/test_ocr.py, tests/test_pdf_front.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from shared_value import once_per_run

from tipmatrix import pipeline
from tipmatrix.extract import cell_items, ocr_front, ocr_grid, ocr_words, pdf_front, pdf_pages
from tipmatrix.extract.pdf_pages import PageScan
from tipmatrix.extract.rows import READ_DEFAULTS, ReadOptions
from tipmatrix.model import Extraction

T = TypeVar("T")
_READ = pdf_pages.scan_pdf  # the real reading
_KEPT: dict[tuple[str, pdf_pages.PdfSettings], tuple[PageScan, ...]] = {}


def _once_per_run(key: tuple[object, ...], make: Callable[[], T]) -> T:
    """`make()`, run once per run for `key` (any repr-able values): shared_value's `once_per_run`, named by
    a hash of the key."""
    return once_per_run("reading-" + hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:24], make)


def scan_pdf_once(path: Path) -> list[PageScan]:
    """`scan_pdf(path)`, read once per run for the same bytes and settings."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return _READ(path)  # the reading says what is wrong with the file, as it does in a run
    key = (hashlib.sha256(data).hexdigest(), pdf_pages.SETTINGS)
    if key not in _KEPT:
        _KEPT[key] = _once_per_run(("scan",) + key, lambda: tuple(_READ(path)))
    return list(_KEPT[key])


@pytest.fixture(scope="module", autouse=True)
def shared_pdf_scans() -> Iterator[None]:
    """For the tests of the module that imports it (and its module fixtures: an autouse fixture is set
    up first in its scope), the PDF front-end reads pages through `scan_pdf_once`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_front, "scan_pdf", scan_pdf_once)
        yield


# --- extractions -----------------------------------------------------------------------------------

_EXTRACT = pipeline.extract_and_reconcile  # the real extraction
_EXTRACTED: dict[tuple[object, ...], Extraction] = {}


def _settings() -> tuple[object, ...]:
    """Every module-level settings object of the extractor (frozen dataclasses): a test that sets
    another one gets its own entry."""
    return (pdf_pages.SETTINGS, cell_items.SETTINGS, ocr_front.SETTINGS, ocr_grid.SETTINGS, ocr_words.SETTINGS)


def extract_once(path: Path, draft: str, options: ReadOptions = READ_DEFAULTS) -> Extraction:
    """`pipeline.extract_and_reconcile(path, draft, options)`, run once per run for the same file
    (by its resolved path, since provenance names the file, and by its bytes), draft, options and
    settings. An Extraction is immutable (frozen dataclasses and tuples throughout), so a kept one
    cannot be changed by the test that gets it; a file that cannot be read is never kept."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return _EXTRACT(path, draft, options)
    key = (str(Path(path).resolve()), hashlib.sha256(data).hexdigest(), draft, options, _settings())
    if key not in _EXTRACTED:
        _EXTRACTED[key] = _once_per_run(("extraction",) + key, lambda: _EXTRACT(path, draft, options))
    return _EXTRACTED[key]


@pytest.fixture(scope="module", autouse=True)
def shared_extractions() -> Iterator[None]:
    """For the tests of a module that imports it (`from shared_readings import shared_extractions  # noqa:
    F401`), a build, a review import or `source_records` extracts each source once per run;
    everything after the extraction (corrections, alignment, outputs) runs in each test as before.
    For modules that check what a run does with what it extracted; not for those that check the
    extraction itself with patched readers, or time a whole run (which `real_extraction` undoes it for)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "extract_and_reconcile", extract_once)
        yield


@pytest.fixture
def real_extraction(monkeypatch) -> None:
    """For one test of a module that shares extractions: every source extracted anew (a test that times a run)."""
    monkeypatch.setattr(pipeline, "extract_and_reconcile", _EXTRACT)
