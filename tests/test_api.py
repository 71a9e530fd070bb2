"""The Python API: read_source, build, load_records, to_dataframe, and the README's example run as written."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import real_extraction
from one_process_build import api_build_in_one_process

import tipmatrix

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = re.compile(r"<!-- api-example:begin -->\n```python\n(.*?)```\n<!-- api-example:end -->", re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A build of raw/ by the API, once per run (tests/one_process_build.py, shared with test_forked, which
    compares its bytes with a build forked in two): its out/ and the extractions it returned."""
    return api_build_in_one_process(tmp_path_factory)


def test_read_source_is_the_reconciled_extraction_of_one_file():
    path = ROOT / "raw" / "001_fcb319b1d564dd03.txt"
    got = tipmatrix.read_source(path, draft="2016-11")
    assert got.records == real_extraction("2016-11").records
    assert got.counts()["unassigned"] == 0
    assert tipmatrix.read_source(path).draft == "001_fcb319b1d564dd03"


def test_load_records_reads_a_built_records_csv_back_exactly(built):
    out, extractions = built
    for draft, extraction in extractions.items():
        expected = [r.replace(lines_used=()) for r in extraction.records]  # lines_used is not a column
        assert tipmatrix.load_records(out / draft / "records.csv") == expected


def test_to_dataframe_types_its_columns(built):
    out, extractions = built
    records = extractions["2016-11"].records
    frame = tipmatrix.to_dataframe(records)
    assert len(frame) == len(records)
    assert list(frame["pillar"].cat.categories) == ["A", "B", "C", "D"]
    assert str(frame["kind"].dtype) == "category"
    assert frame["lead"].tolist() == [list(r.lead) for r in records]
    assert frame["flags"].tolist() == [list(r.flags) for r in records]
    assert frame["first_line"].dtype == "int64"
    assert frame["first_line"].tolist() == [r.source_lines[0] for r in records]
    assert "source_lines" not in frame.columns


def test_the_readme_example_runs_and_counts_somtc_leads(built, monkeypatch):
    import pandas  # here, not at the module's top: each worker's collection would pay its import (0.4 s)

    out, extractions = built
    code = EXAMPLE.search((ROOT / "README.md").read_text(encoding="utf-8")).group(1)
    monkeypatch.chdir(out.parent)
    if out.name != "out":
        (out.parent / "out").symlink_to(out, target_is_directory=True)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    table = pandas.read_fwf(io.StringIO(printed.getvalue()), skiprows=2, header=None, index_col=0)
    for draft_col, draft in enumerate(("2016-05", "2016-11"), start=1):
        for pillar in "ABCD":
            expected = sum(1 for r in extractions[draft].records
                           if r.pillar == pillar and r.kind == "activity" and "SOMTC" in r.lead)
            assert table.loc[pillar, draft_col] == expected, (pillar, draft)


def test_the_api_names_do_not_shadow_the_stages():
    import tipmatrix.extract

    assert callable(tipmatrix.read_source) and tipmatrix.extract.__name__ == "tipmatrix.extract"


def test_the_command_line_does_not_import_pandas():
    code = "import sys, tipmatrix.cli; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
