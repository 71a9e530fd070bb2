"""PDF readings shared by the tests of one worker: a test module that imports `shared_pdf_scans`
(`from shared_readings import shared_pdf_scans  # noqa: F401`) reads each PDF's pages once per worker,
however many of its tests (and of the other modules that import it) extract or build from the same
bytes.

Reading a PDF's pages (`tipmatrix.extract.pdf_pages.scan_pdf`: pdfminer's parse, the table finder,
OCR of scanned pages) is most of the time a PDF test takes, and the office-suite fixtures are read by
a dozen modules, some several times per test (a whole build, then each draft again). The reading is
a pure function of the file's bytes and the PDF settings, and what it returns is immutable (frozen
PageScans in tuples), so it is kept under the sha256 of the bytes: a changed file is read anew, and
a file that cannot be read is never kept (its InputError is raised each time). Everything after the
reading (rows, records, reconciliation, the build's outputs) runs in each test as before.

Not for a module that checks what happens inside the reading (a PDF with text never sent to OCR, a
missing tesseract, a bug in the page code): a kept reading would hide it. Such modules do not import
it (tests/test_ocr.py, tests/test_pdf_front.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tipmatrix.extract import pdf_front, pdf_pages
from tipmatrix.extract.pdf_pages import PageScan

_READ = pdf_pages.scan_pdf  # the real reading
_KEPT: dict[tuple[str, pdf_pages.PdfSettings], tuple[PageScan, ...]] = {}


def scan_pdf_once(path: Path) -> list[PageScan]:
    """`scan_pdf(path)`, read once per worker for the same bytes and settings."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return _READ(path)  # the reading says what is wrong with the file, as it does in a run
    key = (hashlib.sha256(data).hexdigest(), pdf_pages.SETTINGS)
    if key not in _KEPT:
        _KEPT[key] = tuple(_READ(path))
    return list(_KEPT[key])


@pytest.fixture(scope="module", autouse=True)
def shared_pdf_scans() -> Iterator[None]:
    """For the tests of the module that imports it (and its module fixtures: an autouse fixture is set
    up first in its scope), the PDF front-end reads pages through `scan_pdf_once`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_front, "scan_pdf", scan_pdf_once)
        yield
