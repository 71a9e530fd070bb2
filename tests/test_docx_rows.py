"""Table rows of a Word package written here by hand, the way Word writes them: a tracked row
insertion and deletion (`w:trPr`), a paragraph whose mark alone is a change, a content control
around a row, a nested table, and a header row repeated without `w:tblHeader` in a second table."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tipmatrix.extract.docx_front import read_docx
from tipmatrix.extract.docx_package import W
from tipmatrix.extract.rows import ReadOptions

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
HEADER = ("Provisions of the ACTIP / Sections of APA", "Possible Areas of Collaboration Amongst ASEAN Sectoral"
          " Bodies under the Framework of APA", "Proposed Programme /Project / Activities for 2016 - 2020",
          "Expected Outputs", "Lead Sectoral Body/ Cooperating Sectoral Body", "Implementation Status")


def p(text: str = "", extra: str = "") -> str:
    return f'<w:p>{extra}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tr(*cells: str, trpr: str = "") -> str:
    return f"<w:tr>{trpr}" + "".join(f"<w:tc>{c or p()}</w:tc>" for c in cells) + "</w:tr>"


def table(*rows: str) -> str:
    grid = "".join("<w:gridCol/>" for _ in range(6))
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def docx(path: Path, body: str) -> Path:
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document)
    return path


def heading(text: str) -> str:
    return f'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="6"/></w:tcPr>{p(text)}</w:tc></w:tr>'


INSERTED_ROW = '<w:trPr><w:ins w:id="1" w:author="ACWC" w:date="2016-11-16T00:00:00Z"/></w:trPr>'
DELETED_ROW = '<w:trPr><w:del w:id="2" w:author="SOMTC" w:date="2016-11-16T00:00:00Z"/></w:trPr>'
MARK_DELETED = '<w:pPr><w:rPr><w:del w:id="3" w:author="SOMTC" w:date="2016-11-16T00:00:00Z"/></w:rPr></w:pPr>'


def _matrix(tmp_path: Path) -> Path:
    nested = table(tr(p("- Nested activity"), "", "", "", "", ""))
    first = table(
        tr(*(p(h) for h in HEADER)),
        heading("A. PREVENTION OF TIP"),
        tr(p("A. Increase awareness campaigns."), p("Area one"), p("- Kept activity"), "", p("Lead: SOMTC"), ""),
        tr("", "", p("- Added activity"), "", p("Lead: ACWC"), "", trpr=INSERTED_ROW),
        tr("", "", p("- Dropped activity"), "", p("Lead: AICHR"), "", trpr=DELETED_ROW),
        f"<w:sdt><w:sdtContent>{tr('', '', p('- Activity in a content control'), '', p('Lead: SLOM'), '')}"
        "</w:sdtContent></w:sdt>",
    )
    second = table(
        tr(*(p(h) for h in HEADER)),  # the header repeated by hand, no w:tblHeader
        heading("B. PROTECTION OF VICTIMS"),
        tr(p("A. Reaffirm."), p("Area two"), nested + p(), "", p("Lead: SOMSWD"), ""),
        tr("", "", p("- Last activity", MARK_DELETED), "", p("Lead: ACWC"), ""),
    )
    return docx(tmp_path / "rows.docx", p("Title") + first + p() + second)


def test_tracked_rows_content_controls_nested_tables_and_repeated_headers(tmp_path):
    reading = read_docx(_matrix(tmp_path))
    body = [[(c.column, c.text) for c in r.cells] for r in reading.rows]
    assert body == [
        [("pillar", "A. PREVENTION OF TIP")],
        [("provision", "A. Increase awareness campaigns."), ("area", "Area one"), ("activity", "- Kept activity"),
         ("bodies", "Lead: SOMTC")],
        [("activity", "- Added activity"), ("bodies", "Lead: ACWC")],
        [("activity", "- Activity in a content control"), ("bodies", "Lead: SLOM")],
        [("pillar", "B. PROTECTION OF VICTIMS")],
        [("provision", "A. Reaffirm."), ("area", "Area two"), ("activity", "- Nested activity"),
         ("bodies", "Lead: SOMSWD")],
        [("activity", "- Last activity"), ("bodies", "Lead: ACWC")],
    ]
    # rows numbered as the document reads accepted: the deleted row is gone, the second header is row 6
    assert [(c.line, c.status) for c in reading.coverage if c.text.startswith("Provisions of")] == [
        (1, "header"), (6, "header")]
    inserted = "tracked-change: ACWC inserted this table row"
    assert [(n.row, n.column, n.flag) for n in reading.notes] == [
        (4, "activity", inserted), (4, "bodies", inserted), (9, "activity", "tracked-change: paragraph deleted")]


def test_original_keeps_the_deleted_row_and_drops_the_inserted_one(tmp_path):
    reading = read_docx(_matrix(tmp_path), ReadOptions(as_original=True))
    activities = [c.text for r in reading.rows for c in r.cells if c.column == "activity"]
    assert activities == ["- Kept activity", "- Dropped activity", "- Activity in a content control",
                          "- Nested activity", "- Last activity"]
    deleted = "tracked-change: SOMTC deleted this table row"
    assert [(n.row, n.column, n.flag) for n in reading.notes] == [
        (4, "activity", deleted), (4, "bodies", deleted), (9, "activity", "tracked-change: paragraph deleted")]


def test_records_of_an_inserted_row_are_flagged(tmp_path):
    from tipmatrix.extract import extract_file

    records = extract_file(_matrix(tmp_path), "t").records
    assert [(r.activity, [f for f in r.flags if f.startswith("tracked-change")]) for r in records] == [
        ("Kept activity", []), ("Added activity", ["tracked-change: ACWC inserted this table row"]),
        ("Activity in a content control", []), ("Nested activity", []),
        ("Last activity", ["tracked-change: paragraph deleted"])]
