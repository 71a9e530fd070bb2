"""out/datapackage.json: every CSV described, schemas from the files' own headers, valid for frictionless."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from export_helpers import DRAFTS, extraction, open_xlsx, real_diff, real_extraction, record
from shared_value import shared_value

from tipmatrix.bodies import codes
from tipmatrix.export.datapackage import code_list_pattern, render_datapackage
from tipmatrix.export.diff import render_diff_csv
from tipmatrix.export.pillars import render_pillar_files
from tipmatrix.export.records_csv import render_csv
from tipmatrix.export.sheets import READER_COLUMNS
from tipmatrix.model import COLUMNS
from tipmatrix.pipeline import draft_outputs

DIFF = "diff/2016-05_vs_2016-11.csv"
DIFF_COLUMNS = [
    "change", "flags", "similarity", "record_id_old", "record_id_new", "pillar_old", "pillar_new",
    "provision_old", "provision_new", "activity_old", "activity_new", "lead_old", "lead_new",
    "cooperating_old", "cooperating_new",
]


def diff_csv() -> bytes:
    """A small diff CSV in the columns export/diff.py writes."""
    return render_csv(DIFF_COLUMNS, [
        ["reworded", "", "0.87", "2016-05-A006-aaaaa", "2016-11-A010-bbbbb", "A", "A", "A", "A",
         "Linking of SOMTC activities", "Linking/Uploading of SOMTC activities", "ACWC", "ACWC", "", "SOMTC; SOM-ED"],
        ["added", "", "", "", "2016-11-B020-ccccc", "", "B", "", "C", "", "New workshop", "", "SLOM", "", ""],
    ])


def output_files(extractions, diff: bytes | None = None) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for ex in extractions:
        for rel, data in {**draft_outputs(ex), **render_pillar_files(ex)}.items():
            files[f"{ex.draft}/{rel}"] = data
        files[f"{ex.draft}/{ex.draft}-matrix.xlsx"] = b"not a csv"
    files[DIFF] = diff if diff is not None else diff_csv()
    return files


def write_out(tmp_path: Path, files: dict[str, bytes]) -> Path:
    for rel, data in {**files, **render_datapackage(files)}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    return tmp_path / "datapackage.json"


def validate(path: Path):
    """frictionless's report on a data package (imported here: collecting the suite need not load it, 0.3 s)."""
    import frictionless

    return frictionless.validate(path)


def errors(report) -> list[tuple]:
    """(resource name, row, field, error type) of every error in a frictionless report."""
    return [
        (task.name, *row)
        for task in report.tasks
        for row in task.flatten(["rowNumber", "fieldName", "type"])
    ]


@pytest.fixture(scope="module")
def real_files(tmp_path_factory) -> dict[str, bytes]:
    """Every CSV the run writes, from the real sources, the diff included (export/diff.py): rendered once
    per run (shared_value), not once in each worker that gets one of the tests reading it."""
    def make(_: Path) -> dict[str, bytes]:
        old, new = (real_extraction(d) for d in DRAFTS)
        return output_files([old, new], render_diff_csv(real_diff()))

    return shared_value(tmp_path_factory, "datapackage-real-files", make)


def test_real_outputs_validate_as_a_data_package(built):
    """The session's build of raw/ (tests/conftest.py, read only): every file a run writes, the diff and
    the lineage included."""
    report = validate(built / "datapackage.json")
    assert errors(report) == []
    assert report.valid


def test_every_csv_is_a_resource_and_nothing_else(real_files):
    package = json.loads(render_datapackage(real_files)["datapackage.json"])
    csvs = sorted(p for p in real_files if p.endswith(".csv"))
    assert len(csvs) == 2 * 6 + 1
    assert [r["path"] for r in package["resources"]] == csvs
    names = [r["name"] for r in package["resources"]]
    assert len(set(names)) == len(names)
    assert "2016-05-pillar-a" in names and "diff-2016-05_vs_2016-11" in names


def test_schemas_follow_each_files_header_with_codes_as_enums(real_files):
    package = json.loads(render_datapackage(real_files)["datapackage.json"])
    by_path = {r["path"]: r["schema"] for r in package["resources"]}
    records = by_path["2016-05/records.csv"]
    assert [f["name"] for f in records["fields"]] == list(COLUMNS)
    assert [f["name"] for f in by_path["2016-11/pillar-C.csv"]["fields"]] == list(READER_COLUMNS)
    assert [f["name"] for f in by_path[DIFF]["fields"]] == DIFF_COLUMNS
    coverage = [f["name"] for f in by_path["2016-05/coverage.csv"]["fields"]]
    assert coverage == ["line", "page", "status", "record_ids", "text"]
    fields = {f["name"]: f for f in records["fields"]}
    assert fields["pillar"]["constraints"]["enum"] == ["A", "B", "C", "D"]
    assert fields["kind"]["constraints"]["enum"] == ["activity", "note", "provision"]
    assert all(f.get("description") for f in records["fields"])
    assert all(code in fields["lead"]["description"] for code in codes())
    assert records["primaryKey"] == ["record_id"]
    diff = {f["name"]: f for f in by_path[DIFF]["fields"]}
    assert diff["pillar_new"]["constraints"]["enum"] == ["A", "B", "C", "D"]
    assert diff["similarity"]["type"] == "number"
    assert diff["change"]["constraints"]["enum"] == ["unchanged", "reworded", "dropped", "added"]
    assert {f["type"] for f in by_path["2016-05/coverage.csv"]["fields"]} == {"integer", "string"}


def test_every_field_has_the_heading_in_words_the_sheets_show(real_files):
    package = json.loads(render_datapackage(real_files)["datapackage.json"])
    by_path = {r["path"]: r["schema"]["fields"] for r in package["resources"]}
    for path, fields in by_path.items():
        assert all(f["title"] and "_" not in f["title"] for f in fields), path
    records = {f["name"]: f["title"] for f in by_path["2016-11/records.csv"]}
    assert records["provision_text"] == "Provision text"
    assert records["area"] == "Possible area of collaboration"
    assert records["expected_outputs"] == "Expected outputs"
    assert (records["lead"], records["cooperating"], records["note"]) == ("Lead body", "Cooperating bodies", "Remarks")
    assert records["record_id"] == "Record id"
    diff = {f["name"]: f["title"] for f in by_path[DIFF]}
    assert (diff["flags"], diff["lead_old"], diff["record_id_new"]) == (
        "Also changed", "Lead body, earlier draft", "Record id, later draft")
    # the same words as the sheets: the pillar sheet's "Activity" is the data package's title
    sheet = open_xlsx(real_files["2016-11/pillar-A.xlsx"]).active
    assert {c.value for c in sheet[1]} >= {records[n] for n in ("activity", "lead", "record_id", "flags")}


def test_body_code_lists_are_checked_against_the_registry():
    pattern = re.compile(code_list_pattern())
    assert pattern.fullmatch("SOM-ED; ACWC")
    assert pattern.fullmatch("ALL")
    assert not pattern.fullmatch("SOMED")
    assert not pattern.fullmatch("ACWC, SOMTC")
    assert not pattern.fullmatch("ACWC;SOMTC")


def test_validation_catches_data_that_breaks_the_schema(tmp_path):
    files = output_files([extraction([record("A"), record("B", "Second", line=20)])])
    path = write_out(tmp_path, files)
    assert validate(path).valid
    pillar_a = tmp_path / "2016-05" / "pillar-A.csv"
    pillar_a.write_bytes(pillar_a.read_bytes().replace(b"\r\nA,A,", b"\r\nE,A,").replace(b",ACWC,", b",ACWCX,"))
    found = {(p, f, t) for p, _, f, t in errors(validate(path))}
    assert found == {
        ("2016-05-pillar-a", "pillar", "constraint-error"),
        ("2016-05-pillar-a", "lead", "constraint-error"),
        ("2016-05-pillar-a", None, "hash-count"),
        ("2016-05-pillar-a", None, "byte-count"),
    }


def test_same_files_give_the_same_bytes_without_timestamps():
    files = output_files([extraction([record("A")])])
    first = render_datapackage(files)["datapackage.json"]
    assert render_datapackage(dict(reversed(list(files.items())))) == {"datapackage.json": first}
    text = first.decode()
    assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
    assert "created" not in json.loads(text)


def test_an_unknown_csv_or_column_is_an_error_naming_it():
    with pytest.raises(ValueError, match="2016-05/other.csv"):
        render_datapackage({"2016-05/other.csv": render_csv(["a"], [])})
    with pytest.raises(ValueError, match="'moved'"):
        render_datapackage({DIFF: render_csv([*DIFF_COLUMNS, "moved"], [])})
