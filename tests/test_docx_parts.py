"""The Word front-end's pure steps on small WordprocessingML snippets, each written the way Word or
LibreOffice writes it: list labels from numbering.xml, paragraph text with tracked changes, fields,
hyperlinks and comment anchors."""

from __future__ import annotations

from lxml import etree

from tipmatrix.extract.docx_front import Para, TableCell, TableRow, header_layout, pillar_letter
from tipmatrix.extract.docx_numbering import Numberer, Numbering, format_number
from tipmatrix.extract.docx_package import W
from tipmatrix.extract.docx_paragraphs import read_comments, read_paragraph

NSDECL = f'xmlns:w="{W}"'


def xml(text: str) -> etree._Element:
    """A snippet whose first tag gets the w: namespace declaration."""
    return etree.fromstring(text.replace(">", f" {NSDECL}>", 1))


NUMBERING = xml("""<w:numbering>
  <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
    <w:lvlText w:val="\uf0b7"/><w:pStyle w:val="ListBullet"/></w:lvl></w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/>
    <w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/>
    <w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>""")
STYLES = xml("""<w:styles>
  <w:style w:type="paragraph" w:styleId="ListBullet"><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="MyBullets"><w:basedOn w:val="ListBullet"/></w:style>
</w:styles>""")


def ppr(inner: str) -> etree._Element:
    return xml(f"<w:pPr>{inner}</w:pPr>")


def numpr(num: int, ilvl: int) -> etree._Element:
    return ppr(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>')


def test_bullets_come_from_the_style_or_the_style_it_is_based_on():
    numberer = Numberer(Numbering.parse(NUMBERING, STYLES))
    assert numberer.label(ppr('<w:pStyle w:val="ListBullet"/>')) == "•"  # Symbol-font glyph shown as a bullet
    assert numberer.label(ppr('<w:pStyle w:val="MyBullets"/>')) == "•"
    assert numberer.label(ppr('<w:pStyle w:val="Normal"/>')) == ""
    assert numberer.label(None) == ""
    # numId 0 removes the numbering a style gives
    assert numberer.label(ppr('<w:pStyle w:val="ListBullet"/><w:numPr><w:numId w:val="0"/></w:numPr>')) == ""


def test_multilevel_numbers_restarts_and_continuation():
    numberer = Numberer(Numbering.parse(NUMBERING, STYLES))
    labels = [numberer.label(numpr(n, lvl)) for n, lvl in
              [(2, 0), (2, 1), (2, 2), (2, 2), (2, 1), (2, 2), (2, 0), (2, 1),
               (3, 1), (3, 1),  # an instance restarting level 1 where it is first used
               (4, 1)]]  # another instance of the same list, without override, goes on counting
    assert labels == ["1.", "1.1", "a)", "b)", "1.2", "a)", "2.", "2.1", "2.1", "2.2", "2.3"]
    assert numberer.label(numpr(5, 0)) == "III."  # start 3, upper-case roman
    assert numberer.label(numpr(9, 0)) == ""  # an instance numbering.xml does not define


def test_number_formats():
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "lowerRoman") for n in (4, 9, 14, 40)] == ["iv", "ix", "xiv", "xl"]
    assert format_number(7, "decimalZero") == "07"
    assert format_number(7, "none") == ""


PARAGRAPH = """<w:p>
  <w:r><w:t xml:space="preserve">Linking of SOMTC </w:t></w:r>
  <w:ins w:id="1" w:author="ACWC" w:date="2016-11-16T00:00:00Z">
    <w:r><w:t xml:space="preserve">Anti-</w:t></w:r></w:ins>
  <w:ins w:id="2" w:author="ACWC" w:date="2016-11-16T00:00:00Z">
    <w:r><w:t xml:space="preserve">Trafficking </w:t></w:r></w:ins>
  <w:r><w:t xml:space="preserve">activities</w:t></w:r>
  <w:del w:id="3" w:author="SOMTC" w:date="2016-11-16T00:00:00Z">
    <w:r><w:delText xml:space="preserve"> in all languages</w:delText></w:r></w:del>
  <w:r><w:t xml:space="preserve"> on the </w:t></w:r>
  <w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
    <w:r><w:t>ACWC Website</w:t></w:r></w:hyperlink>
  <w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> (TBC)</w:t></w:r><w:commentRangeEnd w:id="0"/>
  <w:r><w:commentReference w:id="0"/></w:r>
</w:p>"""


def test_tracked_changes_accepted_with_who_changed_what():
    para = read_paragraph(xml(PARAGRAPH))
    assert para.text == "Linking of SOMTC Anti-Trafficking activities on the ACWC Website (TBC)"
    assert para.change_notes() == ["ACWC inserted 'Anti-Trafficking'", "SOMTC deleted 'in all languages'"]
    assert para.comment_ids == ["0"]


def test_tracked_changes_rejected_for_the_original():
    para = read_paragraph(xml(PARAGRAPH), original=True, label="1.1")
    assert para.text == "1.1 Linking of SOMTC activities in all languages on the ACWC Website (TBC)"


def test_moves_fields_and_special_characters():
    p = xml("""<w:p>
      <w:moveFrom w:id="4" w:author="SOMSWD"><w:r><w:delText>Field Visit </w:delText></w:r></w:moveFrom>
      <w:r><w:t xml:space="preserve">Sharing </w:t></w:r>
      <w:moveTo w:id="5" w:author="SOMSWD"><w:r><w:t xml:space="preserve">and Field Visit </w:t></w:r></w:moveTo>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>(see annex)</w:t></w:r>
      <w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>
      <w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> cross</w:t><w:noBreakHyphen/><w:t>border pre</w:t>
        <w:softHyphen/><w:t>vention</w:t><w:tab/><w:t>2016</w:t></w:r></w:sdtContent></w:sdt>
    </w:p>""")
    para = read_paragraph(p)
    assert para.text == "Sharing and Field Visit (see annex) cross-border prevention 2016"
    assert para.change_notes() == ["SOMSWD deleted 'Field Visit'", "SOMSWD inserted 'and Field Visit'"]
    assert read_paragraph(p, original=True).text.startswith("Field Visit Sharing (see annex)")


def test_comments_part():
    comments = xml("""<w:comments><w:comment w:id="0" w:author="ASEAN Secretariat" w:initials="AS">
      <w:p><w:r><w:t>Please confirm</w:t></w:r></w:p><w:p><w:r><w:t>the lead body.</w:t></w:r></w:p>
    </w:comment></w:comments>""")
    assert read_comments(comments) == {"0": "ASEAN Secretariat: Please confirm the lead body."}
    assert read_comments(None) == {}


def _row(*cells: tuple[str, int], width: int = 6) -> TableRow:
    grid, out = 0, []
    for text, span in cells:
        out.append(TableCell(grid, span, "", (Para(text),)))
        grid += span
    return TableRow(7, 0, width, False, tuple(out))


def test_pillar_heading_rows():
    assert pillar_letter(_row(("A. PREVENTION OF TIP", 6))) == "A"  # full width: the title's opening is enough
    assert pillar_letter(_row(("B. Protection of Victims", 1), *[("", 1)] * 5)) == "B"  # a lone cell: whole title
    assert pillar_letter(_row(("C. Law Enforcement and Prosecution of Crimes of TIP", 1), *[("", 1)] * 5)) == "C"
    # a provision alone in its row is no heading, nor a heading-like text beside other cells
    assert pillar_letter(_row(("D. Regional and International cooperation to ensure ...", 1), *[("", 1)] * 5)) == ""
    assert pillar_letter(_row(("A. Prevention of TIP", 1), ("SOMTC", 1), *[("", 1)] * 4)) == ""


def test_header_rows_are_told_by_the_shared_recognition():
    assert header_layout(["Provision", "Institutional Development", "Research Development",
                          "Training/Capacity Building", "Prevention", "Sectoral Body / Organ"]) == "may-2016"
    assert header_layout(["Provisions of the ACTIP / Sections of APA", "Possible Areas of Collaboration Amongst",
                          "Proposed Programme /Project / Activities for 2016 - 2020", "Expected Outputs",
                          "Lead Sectoral Body/ Cooperating Sectoral Body", "Implementation Status"]) == "nov-2016"
    assert header_layout(["Name", "Age"]) is None
    assert header_layout(["", ""]) is None
