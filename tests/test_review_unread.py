"""The review import compares the sheets it does not read (Bodies, Review, About; Summary, Lead
changes) with the ones the build makes, rendered in memory and not saved: the text it compares must be
the text a saved workbook reads back as, on the real drafts, or an unedited workbook would be refused
(or an edit missed). The saved workbooks are the session's build of the same drafts (tests/conftest.py
`built`), not rendered again here."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_readings import shared_extractions  # noqa: F401  (each source extracted once per run)

from tipmatrix.export.diff import diff_workbook
from tipmatrix.export.protection import is_read_back
from tipmatrix.export.workbook import matrix_workbook
from tipmatrix.pipeline import aligned, read_drafts
from tipmatrix.review import read_book, sheets_in_memory

RAW = Path(__file__).resolve().parents[1] / "raw"


@pytest.fixture(scope="module")
def drafts():
    return read_drafts(RAW)


def unread(name: str) -> bool:
    return not is_read_back(name)


def test_a_draft_workbooks_unread_sheets_in_memory_read_as_saved(drafts, built):
    for result in drafts:
        ex, source = result.extraction, result.source
        saved_bytes = (built / ex.draft / f"{ex.draft}-matrix.xlsx").read_bytes()
        saved = {s.name: s for s in read_book(Path("w.xlsx"), saved_bytes).sheets}
        made = sheets_in_memory(matrix_workbook(ex, source, only=unread), "w.xlsx")
        assert list(made) == list(saved)  # every sheet the build makes, by name, in order
        compared = [name for name in made if unread(name)]
        assert compared == ["Bodies", "Review", "About"]
        for name in compared:
            assert made[name].header == saved[name].header and made[name].rows == saved[name].rows, name
        assert made["Matrix"].rows == ()  # the sheets the import reads are not rendered again


def test_the_diff_workbooks_unread_sheets_in_memory_read_as_saved(drafts, built):
    old, new = drafts
    result = aligned(old, new)  # as the build aligned them
    ids = (old.source.draft, new.source.draft)
    saved = {s.name: s for s in read_book(Path("d.xlsx"), (built / "diff" / f"{ids[0]}_vs_{ids[1]}.xlsx").read_bytes())
             .sheets}
    made = sheets_in_memory(diff_workbook(result, *ids, only=unread), "d.xlsx")
    assert list(made) == list(saved) == ["Diff", "Summary", "Lead changes"]
    for name in ("Summary", "Lead changes"):
        assert made[name].header == saved[name].header and made[name].rows == saved[name].rows, name
        assert len(made[name].rows) > 5
