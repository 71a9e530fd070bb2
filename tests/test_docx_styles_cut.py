"""The styles part is parsed without its table styles (extract/docx_package.without_table_styles,
for speed): every other style, and the list numbering paragraphs get from their styles, are the
same as from the whole part."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tipmatrix.extract.docx_numbering import _style_numpr
from tipmatrix.extract.docx_package import PARSER, W, without_table_styles

OFFICE = Path(__file__).parent / "fixtures" / "office"
STYLE, TYPE = f"{{{W}}}style", f"{{{W}}}type"


@pytest.mark.parametrize("name", ["may-2016.docx", "nov-2016-word-lo.docx", "bohol-2017.docx"])
def test_cutting_the_table_styles_keeps_every_other_style_and_its_numbering(name):
    data = zipfile.ZipFile(OFFICE / name).read("word/styles.xml")
    whole, cut = etree.fromstring(data, PARSER), etree.fromstring(without_table_styles(data), PARSER)
    kept = [etree.tostring(s) for s in whole.iter(STYLE) if s.get(TYPE) != "table"]
    assert [etree.tostring(s) for s in cut.iter(STYLE)] == kept
    assert len(kept) < len(list(whole.iter(STYLE)))  # there were table styles to cut (100 in these files)
    assert len(without_table_styles(data)) < len(data) / 5
    table_styles = {s.get(f"{{{W}}}styleId") for s in whole.iter(STYLE) if s.get(TYPE) == "table"}
    numbered = _style_numpr(whole)
    assert numbered  # "List Bullet" and the like
    assert _style_numpr(cut) == {k: v for k, v in numbered.items() if k not in table_styles}


HEAD = f'<w:styles xmlns:w="{W}">'.encode()


@pytest.mark.parametrize("data", [
    HEAD + b'<w:style w:type="table" w:styleId="T"/><w:style w:type="paragraph" w:styleId="P"></w:style></w:styles>',
    f'<x:styles xmlns:x="{W}"><x:style x:type="table" x:styleId="T"></x:style></x:styles>'.encode(),
    HEAD + b'<w:style w:type="paragraph" w:styleId="P"></w:style></w:styles>',
])
def test_what_it_cannot_cut_safely_is_left_whole(data):
    assert without_table_styles(data) == data


def test_a_table_style_anywhere_in_the_part_is_cut_and_the_rest_kept_byte_for_byte():
    data = (HEAD + b'<w:style w:styleId="A" w:type="paragraph"><w:name w:val="a"/></w:style>'
            b"<w:style w:styleId='T' w:type='table'><w:tblPr/></w:style>"
            b'<w:style w:type="paragraph" w:styleId="B"></w:style></w:styles>')
    assert without_table_styles(data) == (HEAD + b'<w:style w:styleId="A" w:type="paragraph"><w:name w:val="a"/>'
                                          b'</w:style><w:style w:type="paragraph" w:styleId="B"></w:style></w:styles>')
