"""Layouts as data (extract/layouts.toml): a header row is told by its columns' headings, words
broken inside narrow cells and headings reworded within a family are tolerated, an unknown header
is refused naming the columns seen and the nearest layout; and page furniture around the table."""

from __future__ import annotations

import tomllib

import pytest

from tipmatrix.extract import layouts as layouts_mod
from tipmatrix.extract.furniture import outside_status, repeated_on_pages
from tipmatrix.extract.header_text import header_template, is_header_line
from tipmatrix.extract.layouts import layout_of_header
from tipmatrix.extract.text_front import classify

MAY_2016, NOV_2016 = "may-2016", "nov-2016"  # the 2016 layouts of extract/layouts.toml

# The endorsed plan's header as a PDF of narrow columns prints it (the refused example).
ENDORSED = ["Provisions of the ACTIP / Sections of APA",
            "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA",
            "Proposed Programme /Project / Activities for 2017 - 2020", "Expected Outputs",
            "Lead and Cooperatin g Sectoral Body/Organ", "Imple menta tion Statu s"]
NOV_ROLES = ("provision", "area", "activity", "expected_outputs", "bodies", "status")


def test_the_endorsed_header_with_broken_words_is_the_november_family():
    match = layout_of_header(ENDORSED)
    assert (match.layout, match.roles) == (NOV_2016, NOV_ROLES)
    assert layouts_mod.layout(NOV_2016).roles == NOV_ROLES


def test_the_may_header_and_its_roles():
    may = ["Provision", "Institutional Development", "Research Development", "Training/Capacity Building",
           "Prevention", "Sectoral Body / Organ"]
    assert layout_of_header(may).roles == layouts_mod.layout(MAY_2016).roles


def test_an_unknown_header_is_refused_naming_its_columns_and_the_nearest_layout():
    cells = ENDORSED[:5] + ["Timeline"]
    match = layout_of_header(cells)
    assert not match
    assert (match.nearest, match.matched, match.columns) == (NOV_2016, 5, 6)
    assert match.refusal() == (
        "table header not recognised as a known matrix layout: 'Provisions of the ACTIP / Sections of APA | Possible"
        " Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA | Proposed Programme"
        " /Project / Activities for 2017 - 2020 | Expected Outputs | Lead and Cooperatin g Sectoral Body/Organ |"
        " Timeline'; nearest is the November 2016 layout (5 of 6 columns recognised: no column for 'Timeline'; its"
        " column 'Implementation Status' is missing). If it is a new wording of that layout, add its headings to"
        " extract/layouts.toml")
    # a body row is no header, and neither is a header missing a column
    assert not layout_of_header(["A. Increase awareness", "- Thematic studies", "", "", "", "ACWC"])
    assert not layout_of_header(ENDORSED[:5])


def test_adding_a_variant_is_adding_a_heading_to_the_data(monkeypatch):
    cells = ENDORSED[:5] + ["Timeline"]
    data = tomllib.loads(layouts_mod.LAYOUTS_FILE.read_text(encoding="utf-8"))
    status = next(c for c in data["layout"][1]["columns"] if c["role"] == "status")
    status["headings"].append("Timeline")
    monkeypatch.setattr(layouts_mod, "_declaration", lambda: layouts_mod._parse(data))
    assert layout_of_header(cells).roles == NOV_ROLES


@pytest.mark.parametrize("cells", [
    ENDORSED,
    ["Provisions of the ACTIP / Sections of APA", "Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies"
     " under the Framework of APA", "Proposed Programme /Project / Activities for 2017 - 2020", "Expected Outputs",
     "Lead and Cooperating Sectoral Body/Organ", "Implementation Status"],
])
def test_a_text_rendition_reads_the_endorsed_header_line(cells):
    line = "\t".join(cells)
    assert is_header_line(line.replace("\t", " "))
    assert header_template(cells, NOV_2016) == NOV_ROLES


def test_prose_before_a_text_rendition_s_table_is_prose_and_running_lines_are_footers():
    lines = ["Bohol TIP Work Plan 2017-2020 Endorsed Ad Referendum by SOMTC as of 13 November 2017 | Page 1 of 25",
             "ASEAN Multi-Sectoral Work Plan against Trafficking in Persons",
             "This work plan sets out the activities the ASEAN sectoral bodies agreed to carry out together.",
             "\t".join(ENDORSED),
             "A. Increase awareness\tPublic awareness campaign\t- Develop a tool\t\tLead: SOMTC\t"]
    assert [li.status for li in classify(lines, NOV_2016)] == ["footer", "prose", "prose", "header", "content"]


def test_lines_outside_a_pdf_table_are_running_furniture_or_prose():
    running = "Bohol TIP Work Plan 2017-2020 Endorsed Ad Referendum by SOMTC as of 13 November 2017"
    repeated = repeated_on_pages([(1, running), (1, "Introduction"), (2, running)])
    assert outside_status(running, True, repeated) == "header"
    assert outside_status("Introduction", True, repeated) == "prose"
    assert outside_status("As of 13 November 2017", False, repeated) == "prose"
    assert outside_status("Page 3 of 25", False) == "footer"


def test_a_text_rendition_with_an_unknown_header_names_it_and_the_nearest_layout(tmp_path):
    from tipmatrix.errors import InputError
    from tipmatrix.extract.header_text import detect_layout

    lines = ["Work plan", "\t".join(ENDORSED[:5] + ["Timeline"]),
             "A. Increase awareness\tCampaign\t- Tool\t\tLead: SOMTC"]
    with pytest.raises(InputError) as error:
        detect_layout(lines, tmp_path / "plan.txt")
    assert str(error.value).endswith(
        "line 2: table header not recognised as a known matrix layout: 'Provisions of the ACTIP / Sections of APA |"
        " Possible Areas of Collaboration Amongst ASEAN Sectoral Bodies under the Framework of APA | Proposed Programme"
        " /Project / Activities for 2017 - 2020 | Expected Outputs | Lead and Cooperatin g Sectoral Body/Organ |"
        " Timeline'; nearest is the November 2016 layout (5 of 6 columns recognised: no column for 'Timeline'; its"
        " column 'Implementation Status' is missing). If it is a new wording of that layout, add its headings to"
        " extract/layouts.toml")
