"""The minutes as a Word document: the Markdown's summary in real tables under heading styles, the
wide tables on landscape pages, the pairs marked for review, and the same bytes on every run."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from export_helpers import DRAFTS, real_diff, real_diff_files, real_extraction

from tipmatrix.export.diff import render_diff
from tipmatrix.export.xlsx_bytes import ZIP_TIME
from tipmatrix.normalize.align import REVIEW, align

NAME = "2016-05_vs_2016-11"


def diff_files():
    old, new = (real_extraction(d) for d in DRAFTS)
    result = align(old.records, new.records)
    return result, render_diff(result, *DRAFTS)


@pytest.fixture(scope="module")
def real():
    result, files = real_diff(), real_diff_files()  # diff_files(), made once for the test modules
    return result, files, Document(io.BytesIO(files[f"{NAME}.docx"]))


def md_tables(md: str) -> list[list[list[str]]]:
    """The Markdown's pipe tables, each as rows of cells (the separator line left out)."""
    tables, current = [], []
    for line in [*md.splitlines(), ""]:
        if line.startswith("|"):
            if not line.startswith("|---"):
                current.append([c.strip() for c in line.strip("|").split(" | ")])
        elif current:
            tables.append(current)
            current = []
    return tables


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_docx_is_byte_identical_across_two_runs(real):
    _, files, _ = real
    _, again = diff_files()  # a second alignment and rendering from scratch
    assert again[f"{NAME}.docx"] == files[f"{NAME}.docx"]
    with zipfile.ZipFile(io.BytesIO(files[f"{NAME}.docx"])) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_TIME}
        core = z.read("docProps/core.xml").decode()
    stamps = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
    assert stamps == [("created", "2016-11-30T00:00:00Z"), ("modified", "2016-11-30T00:00:00Z")]
    assert "<cp:lastModifiedBy>tipmatrix</cp:lastModifiedBy>" in core


def test_the_same_summary_as_the_markdown_in_word_tables_and_headings(real):
    _, files, doc = real
    md = files[f"{NAME}.md"].decode()
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs if p.text]
    assert paragraphs[0] == ("Heading 1", "Draft 2016-05 compared with draft 2016-11")
    summary = md.split("\n\n")[1]
    assert paragraphs[1] == ("Normal", summary)
    assert [t for s, t in paragraphs if s == "Heading 2"] == ["Lead bodies", "Per pillar", "Pairs marked for review"]
    per_pillar, leads = md_tables(md)
    assert cells(doc.tables[0]) == leads
    assert cells(doc.tables[1]) == per_pillar
    # the Markdown's closing note, without its backticks
    note = md.rstrip("\n").rsplit("\n", 1)[-1]
    assert (("Normal", note.replace("`", ""))) in paragraphs


def test_the_pairs_marked_for_review_are_listed(real):
    result, _, doc = real
    review = [p for p in result.pairs if REVIEW in p.flags]
    assert review
    table = cells(doc.tables[2])
    assert table[0] == ["Pillar", "Draft 2016-05", "Draft 2016-11", "Change", "Similarity", "Also changed"]
    assert [(r[1], r[2]) for r in table[1:]] == [
        (p.old.text if p.old else "", p.new.text if p.new else "") for p in review]
    assert all("Review" not in r[5] for r in table[1:])


def test_wide_tables_on_landscape_pages_with_their_heading_row_repeated(real):
    _, _, doc = real
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert all(s.page_width > s.page_height for s in doc.sections[1:])
    for table in doc.tables:
        assert not [c.text for c in table.rows[0].cells if re.search(r"[a-z0-9]_[a-z0-9]", c.text)]
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
        assert table.style.name == "Light Grid Accent 1"
