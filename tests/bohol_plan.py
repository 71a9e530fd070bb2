"""A third draft: the November 2016 test matrix a year on, in the shape of the endorsed "Bohol TIP
Work Plan 2017-2020", with the changes listed in `EDITS` and the records it holds.

`python tests/bohol_plan.py [OUT_DIR]` (default tests/fixtures/office; python-docx and LibreOffice
needed, the tests need neither) writes bohol-2017.docx (with tracked changes and a comment, see
`TRACKED`), bohol-2017.pdf (LibreOffice's export, `soffice --headless --convert-to pdf` with a
private profile, of the same document with the changes accepted) and expected-2017-11.jsonl.

The endorsed plan's shape: the body column headed "Lead and Cooperating Sectoral Body/Organ", the
activity column "... for 2017 - 2020", columns narrow enough that Word breaks header words inside
their cells ("Cooperatin g", "Imple menta tion Statu s"), the running header "Bohol TIP Work Plan
2017-2020 ... Endorsed Ad Referendum by SOMTC as of 13 November 2017 | Page N of M" on every page,
and a title and an introductory paragraph before the table.

The rows are `office_matrix.NOV_ROWS` with the edits below applied; the expected records are the
November fixture's expected records (tests/fixtures/office/expected-2016-11.jsonl, checked by hand
against that document) with the same edits, so each edit's effect on the records is stated once,
here, beside the cell it changes, and never derived from the extractor.
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import office_matrix as om

DRAFT = "2017-11"
NOV = "2016-11"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "office"
HEADER = ("Provisions of the ACTIP / Sections of APA",
          "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
          "Proposed Programme /Project / Activities for 2017 - 2020", "Expected Outputs",
          "Lead and Cooperating Sectoral Body/Organ", "Implementation Status")
# Narrow body and status columns, as in the endorsed plan: Word breaks "Cooperating" and
# "Implementation Status" inside their header cells.
WIDTHS_MM = (50, 55, 77, 31, 22, 20)
RUNNING_HEADER = ("Bohol TIP Work Plan 2017-2020: ASEAN Multi-Sectoral Work Plan against Trafficking in Persons"
                  " | Endorsed Ad Referendum by SOMTC as of 13 November 2017 | Page ")
TITLE = "ASEAN Multi-Sectoral Work Plan against Trafficking in Persons 2017-2020 (Bohol TIP Work Plan)"
INTRO = ("This Work Plan sets out the programmes, projects and activities that the ASEAN Sectoral Bodies will"
         " carry out together from 2017 to 2020 under the ASEAN Plan of Action against Trafficking in Persons,"
         " Especially Women and Children (APA). It builds on the matrix of possible areas of collaboration drafted"
         " in 2016 and was endorsed ad referendum by SOMTC on 13 November 2017.")


@dataclass(frozen=True)
class Edit:
    """One change from November: the row whose activity cell starts with `row`, and what becomes of it.

    `cells`: new values for the row's cells by index (2 activity, 3 expected outputs, 4 bodies,
    5 status); `drop`: the row is gone; `add`: a new row printed after it. `records`: how the
    expected records change, by the start of a November activity: new field values, or None (the
    record is dropped). `added`: the expected records of the added row, which follow the record
    `after`. `change`: the lineage
    change each November record's counterpart must show (unlisted kept records: "unchanged").
    """

    row: str
    cells: dict[int, str] = field(default_factory=dict)
    drop: bool = False
    add: tuple | None = None
    records: dict[str, dict | None] = field(default_factory=dict)
    added: tuple[dict, ...] = ()
    after: str = ""  # the November record (start of its activity) the added records follow
    change: dict[str, str] = field(default_factory=dict)


def _new(pillar: str, letter: str, provision: str, area: str, activity: str, lead: list[str],
         cooperating: list[str], expected_outputs: str) -> dict:
    return {"draft": DRAFT, "pillar": pillar, "provision_letter": letter, "provision_text": provision,
            "area": area, "category": "", "activity_ref": "", "activity": activity, "kind": "activity",
            "lead": lead, "cooperating": cooperating, "note": "", "expected_outputs": expected_outputs}


TOOL = "Develop a tool for school heads and teachers on the identification and referral of victims"
TOOLKIT = ("Develop and pilot a toolkit for school heads and teachers on identifying and referring victims of"
           " trafficking in persons.")
DEMAND = "Conduct research on the trends on the demand side of trafficking"
TRAINERS = "Training for trainers for law enforcement agencies in the prevention of TIP."
TRAINERS_NEW = "Regional training of trainers for law enforcement agencies on the prevention of TIP."
BLACKLIST = "Create blacklist database of traffickers and share information to other countries in the region."
CASES = "Sharing of best practices on Case Studies / Field Visit and Action Operation"
FRONTLINE = "Regular Workshop / Training on identification of victims for frontline officers"
DIRECTORY = "Develop a directory of central authorities for mutual legal assistance"
DIRECTORY_NEW = "Develop and maintain an online directory of central authorities for mutual legal assistance"
ROSTER = "Develop and Maintain of roster of regional experts, trainers and resource persons on TIP"
NAPS = "Workshop to align National Action Plans (NAPs) with ACTIP and APA"
COURTS = "Tap the assistance of ASEAN Council of Chief Justices through the creation of special courts on TIP cases."
NAP_REVIEW = "Biennial regional review of National Action Plans against trafficking in persons"
JOINT = "Conduct a regional workshop on joint investigations with ASEAN Dialogue Partners"
SPECIAL = "Compile national practices of specialised courts and prosecutors for TIP cases"
A_SPECIAL = "Specialised courts and prosecutors"

EDITS: tuple[Edit, ...] = (
    # reworded, expected outputs filled in
    Edit("- Develop a tool for school heads", cells={2: f"- {TOOLKIT}", 3: "Toolkit for schools"},
         records={TOOL: {"activity": TOOLKIT, "expected_outputs": "Toolkit for schools"}},
         change={TOOL: "reworded"}),
    # a new lead: SOMSWD leads, ACWC co-operates
    Edit("- Conduct research on the trends on the demand side", cells={4: "Lead: SOMSWD\nCSB: ACWC and AICHR"},
         records={DEMAND: {"lead": ["SOMSWD"], "cooperating": ["ACWC", "AICHR"]}}, change={DEMAND: "lead-changed"}),
    # reworded and a new lead
    Edit("- Training for trainers for law enforcement", cells={
        2: f"- {TRAINERS_NEW}", 3: "Pool of regional trainers", 4: "Lead: SOMTC\nCSB: AICHR", 5: "For 2018"},
         records={TRAINERS: {"activity": TRAINERS_NEW, "lead": ["SOMTC"], "cooperating": ["AICHR"],
                             "expected_outputs": "Pool of regional trainers"}},
         change={TRAINERS: "reworded; lead-changed"}),
    # dropped
    Edit("- Create blacklist database", drop=True, records={BLACKLIST: None}),
    Edit("- Sharing of best practices on Case Studies", drop=True, records={CASES: None}),
    Edit("a.2)Regular Workshop", drop=True, records={FRONTLINE: None}),
    # expected outputs and status filled in, nothing else changed
    Edit("- Develop and Maintain of roster", cells={3: "Roster of regional experts", 5: "Ongoing"},
         records={ROSTER: {"expected_outputs": "Roster of regional experts"}}),
    # added after a kept row
    Edit("Workshop to align National Action Plans", cells={3: "NAPs aligned with ACTIP and APA"},
         records={NAPS: {"expected_outputs": "NAPs aligned with ACTIP and APA"}},
         add=(om.SPAN, om.SPAN, f"- {NAP_REVIEW}", "Review report", "Lead: SOMTC\nCSB: ACWC", "For 2018"),
         added=(_new("A", "", om.P_NAP, "Coordination on the Implementation of Action Plans", NAP_REVIEW,
                     ["SOMTC"], ["ACWC"], "Review report"),), after=NAPS),
    # reworded, and an activity added after it
    Edit("- Develop a directory of central authorities", cells={2: f"- {DIRECTORY_NEW}", 3: "Online directory"},
         records={DIRECTORY: {"activity": DIRECTORY_NEW, "expected_outputs": "Online directory"}},
         change={DIRECTORY: "reworded"},
         add=(om.SPAN, om.SPAN, f"- {JOINT}", "Workshop report", "Lead: SOMTC\nCSB: DGICM, ASLOM", ""),
         added=(_new("D", "A", om.P_MLA_CAPACITY, om.A_MLA, JOINT, ["SOMTC"], ["DGICM", "ASLOM"],
                     "Workshop report"),), after=DIRECTORY),
    # a new area with a new activity under a kept provision
    Edit("1.1 Joint activities or table-top", add=(
        om.SPAN, A_SPECIAL, f"- {SPECIAL}", "Compilation of national practices", "Lead: ASLOM\nCSB: SOMTC", ""),
         added=(_new("C", "E", om.P_PROSECUTE, A_SPECIAL, SPECIAL, ["ASLOM"], ["SOMTC"],
                     "Compilation of national practices"),), after=COURTS),
)


def _matches(row, start: str) -> bool:
    return isinstance(row, tuple) and isinstance(row[2], str) and row[2].startswith(start)


def bohol_rows() -> list:
    """NOV_ROWS with every edit applied; each edit must find exactly one row."""
    rows = list(om.NOV_ROWS)
    for edit in EDITS:
        found = [i for i, row in enumerate(rows) if _matches(row, edit.row)]
        assert len(found) == 1, (edit.row, found)
        i = found[0]
        if edit.drop:
            assert not (i + 1 < len(rows) and isinstance(rows[i + 1], tuple) and rows[i][0] is not om.SPAN
                        and rows[i + 1][0] is om.SPAN), f"dropping {edit.row!r} would orphan a merged cell"
            del rows[i]
            continue
        row = list(rows[i])
        for j, value in edit.cells.items():
            row[j] = value
        rows[i] = tuple(row)
        if edit.add is not None:
            rows.insert(i + 1, edit.add)
    return rows


# The endorsed plan rewords provision A(a): "... targeting those most at risk with *effective*
# involvement of mass media ...", where both 2016 drafts print "... with involvement of mass media ...".
P_A_ENDORSED = om.P_A.replace("most at risk with involvement", "most at risk with effective involvement")


def with_endorsed_provision_a(rows: list) -> list:
    """`rows` with provision A(a) printed in the endorsed plan's words (P_A_ENDORSED); the one cell
    that prints it must be found."""
    old, new = om.lettered("A", om.P_A), om.lettered("A", P_A_ENDORSED)
    found = [i for i, row in enumerate(rows) if isinstance(row, tuple) and row[0] == old]
    assert len(found) == 1, found
    out = list(rows)
    out[found[0]] = (new, *rows[found[0]][1:])
    return out


def _starts(record: dict, start: str) -> bool:
    return record["activity"].startswith(start)


def expected_records(november: list[dict]) -> list[dict]:
    """The November expected records with every edit applied, in document order."""
    out = []
    for rec in november:
        rec = {**copy.deepcopy(rec), "draft": DRAFT}
        rec.setdefault("expected_outputs", "")
        dropped = False
        for edit in EDITS:
            for start, changes in edit.records.items():
                if _starts(rec, start):
                    if changes is None:
                        dropped = True
                    else:
                        rec.update(copy.deepcopy(changes))
        if dropped:
            continue
        out.append(rec)
        for edit in EDITS:
            if edit.added and _starts(rec, (edit.records.get(edit.after) or {}).get("activity", edit.after)):
                out.extend(copy.deepcopy(list(edit.added)))
    return out


def lineage_changes() -> dict[str, str]:
    """November activity (start) -> the change its counterpart in this draft shows, for the edited ones."""
    return {start: change for edit in EDITS for start, change in edit.change.items()}


def dropped() -> list[str]:
    return [start for edit in EDITS for start, changes in edit.records.items() if changes is None]


def added() -> list[str]:
    return [rec["activity"] for edit in EDITS for rec in edit.added]


def load_november(path: Path = FIXTURES / f"expected-{NOV}.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- DOCX ---------------------------------------------------------------------------------------

# The Word version carries the rewording of TOOL as tracked changes (accepted, it reads TOOLKIT, as
# the PDF prints it) and a comment on the new lead of DEMAND, as Word users leave them.
TRACKED = {f"- {TOOLKIT}": (("", "- Develop "), ("ins", "and pilot a toolkit"), ("del", "a tool"),
                            ("", " for school heads and teachers on "), ("del", "the identification and referral of"),
                            ("ins", "identifying and referring"), ("", " victims of trafficking in persons."))}
COMMENTED = {"Lead: SOMSWD\nCSB: ACWC and AICHR": "SOMSWD agreed to lead; ACWC to co-operate (SOMTC, Bohol, 2017)"}
AUTHOR, DATE = "ASEAN Secretariat", "2017-11-13T00:00:00Z"


def _tracked_paragraph(paragraph, runs) -> None:
    """Replace a paragraph's runs by plain, inserted (w:ins) and deleted (w:del) runs."""
    _, _, _, _, OxmlElement, qn, _, _ = om._docx()
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    for n, (kind, text) in enumerate(runs):
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if kind == "del" else "w:t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        if kind:
            wrapper = OxmlElement(f"w:{kind}")
            for name, value in (("id", str(100 + n)), ("author", AUTHOR), ("date", DATE)):
                wrapper.set(qn(f"w:{name}"), value)
            wrapper.append(r)
            r = wrapper
        paragraph._p.append(r)


def _mark_up(doc) -> None:
    """Tracked changes on the paragraphs named in TRACKED, a comment on the cells named in COMMENTED."""
    for table in doc.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                if cell.text in COMMENTED:
                    doc.add_comment(cell.paragraphs[0].runs, COMMENTED[cell.text], author=AUTHOR, initials="AS")
                for paragraph in cell.paragraphs:
                    if paragraph.text in TRACKED:
                        _tracked_paragraph(paragraph, TRACKED[paragraph.text])

def build_docx(path: Path, rows: list, marked_up: bool = False) -> Path:
    """The plan as a Word document in the endorsed shape (see the module docstring); `marked_up`:
    with the tracked changes and comment above (the PDF is exported from the clean document, so
    that it prints the text as accepted, without change bars or comment balloons)."""
    docx, WD_ORIENT, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH, _, qn, Mm, Pt = om._docx()
    doc = om.landscape_document("Calibri", 10, top_mm=20)
    section = doc.sections[0]
    doc.styles["List Bullet"].paragraph_format.space_after = Pt(0)

    running = section.header.paragraphs[0]
    running.text = RUNNING_HEADER
    om._field(running, "PAGE")
    running.add_run(" of ")
    om._field(running, "NUMPAGES")
    for run in running.runs:
        run.font.size = Pt(8)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(TITLE).bold = True
    doc.add_paragraph()
    doc.add_paragraph(INTRO)
    doc.add_paragraph()

    widths = [Mm(w) for w in WIDTHS_MM]
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    header = table.rows[0]
    om._set(header._tr.get_or_add_trPr(), "w:tblHeader")
    for cell, text, width in zip(header.cells, HEADER, widths, strict=True):
        cell.width = width
        om._fill(cell, text, bold=True)
        om._tc_property(cell, "w:shd", val="clear", color="auto", fill="D9D9D9")
    for i, row in enumerate(rows):
        tr = table.add_row()
        for cell, width in zip(tr.cells, widths, strict=True):
            cell.width = width
        if isinstance(row, om.Heading):
            merged = tr.cells[0].merge(tr.cells[5])
            om._fill(merged, row.text, bold=True)
            om._tc_property(merged, "w:shd", val="clear", color="auto", fill="F2F2F2")
            continue
        following = rows[i + 1] if i + 1 < len(rows) else None
        for j, (cell, value) in enumerate(zip(tr.cells, row, strict=True)):
            if value is om.SPAN:
                om._tc_property(cell, "w:vMerge")
                continue
            if isinstance(following, tuple) and following[j] is om.SPAN:
                om._tc_property(cell, "w:vMerge", val="restart")
            om._fill(cell, value)
    if marked_up:
        _mark_up(doc)
    doc.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else FIXTURES
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clean = build_docx(Path(tmp) / "bohol-2017.docx", bohol_rows())
        pdf = om.to_pdf(clean, Path(tmp))
        shutil.copy(pdf, out_dir / pdf.name)
        pdf = out_dir / pdf.name
    build_docx(out_dir / "bohol-2017.docx", bohol_rows(), marked_up=True)
    expected = out_dir / f"expected-{DRAFT}.jsonl"
    expected.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected_records(load_november())),
                        encoding="utf-8")
    print(f"{pdf} ({pdf.stat().st_size} bytes), {expected}")
    print(om.soffice_version())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
