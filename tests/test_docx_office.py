"""Word front-end on the office-suite matrices of tests/fixtures/office/ (see the README there).

Each document is scored against its expected records (tests/office_score.py), the same records the
PDF exported from it is scored against, and its coverage audit must account for every cell paragraph.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from office_score import load_expected, score

from tipmatrix.model import Extraction
from tipmatrix.pipeline import records_of

FIXTURES = Path(__file__).parent / "fixtures" / "office"
DOCUMENTS = {
    "may-2016.docx": "2016-05",
    "nov-2016.docx": "2016-11",
}
DOCS = pytest.mark.parametrize("name", sorted(DOCUMENTS))


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    return {name: records_of(FIXTURES / name, draft) for name, draft in DOCUMENTS.items()}


@DOCS
def test_records_found_with_their_fields_right(extracted, name):
    result = score(load_expected(FIXTURES / f"expected-{DOCUMENTS[name]}.jsonl"), list(extracted[name].records))
    assert result.found_share == 1.0, result.summary()
    assert result.fields_share >= 0.99, result.summary()
    assert result.extra == [], result.extra


@DOCS
def test_every_cell_paragraph_is_used_or_boilerplate(extracted, name):
    counts = extracted[name].counts()
    assert [(c.line, c.text) for c in extracted[name].coverage if c.status == "unassigned"] == []
    assert counts["used"] + counts["boilerplate"] == counts["lines"]


@DOCS
def test_provenance_is_table_rows_without_pages(extracted, name):
    records = extracted[name].records
    assert {r.source_page for r in records} == {""}
    assert all(1 <= r.source_lines[0] <= r.source_lines[1] for r in records)
