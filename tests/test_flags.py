"""The flag catalogue: flag() refuses undeclared types, and the README lists exactly the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tipmatrix.flags import RECORD_FLAGS, markdown_list
from tipmatrix.model import flag

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = re.compile(r"<!-- flags:begin[^>]*-->\n(.*?)\n<!-- flags:end -->", re.S)


def test_flag_refuses_an_undeclared_type():
    with pytest.raises(ValueError, match="undeclared record flag type 'made-up'"):
        flag("made-up", "x")


def test_flag_keeps_a_declared_type_and_its_message():
    assert flag("missing-lead", "no lead") == "missing-lead: no lead"


def test_every_catalogue_type_is_kebab_case_with_a_meaning():
    for kind, meaning in RECORD_FLAGS.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", kind), kind
        assert meaning and "\n" not in meaning


def test_the_readme_flag_list_is_the_catalogue():
    section = SECTION.search(README.read_text(encoding="utf-8"))
    assert section, "README.md lost its <!-- flags:begin --> ... <!-- flags:end --> section"
    assert section.group(1) == markdown_list(), (
        "README flag list differs from tipmatrix/flags.py: paste the output of "
        "`.venv/bin/python -c 'from tipmatrix.flags import markdown_list; print(markdown_list())'`"
    )


def test_every_flag_of_both_built_drafts_is_declared(tmp_path):
    from export_helpers import real_extraction

    for draft in ("2016-05", "2016-11"):
        for rec in real_extraction(draft).records:
            for f in rec.flags:
                assert f.split(":", 1)[0] in RECORD_FLAGS, (rec.record_id, f)
