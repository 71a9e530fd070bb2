"""The `tipmatrix` command as a user meets it: exit codes, the one-line errors, help, counts on
stderr, and what is (not) written: bad input leaves the earlier out/ byte for byte and mtime for
mtime as it was, raw/ is never written (two builds giving the same bytes: tests/test_forked.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from one_process_build import OneProcessBuild, files_of, one_process_build
from shared_readings import shared_extractions  # noqa: F401  (each source extracted once per run)

from tipmatrix.cli import main
from tipmatrix.errors import InputError

RAW = Path(__file__).resolve().parents[1] / "raw"
MAY = RAW / "000_77964c73432e17e8.txt"
NOV = RAW / "001_fcb319b1d564dd03.txt"
TIPMATRIX = Path(sys.executable).with_name("tipmatrix")
BOILERPLATE = {"header", "footer", "pillar-heading", "echo", "blank", "prose"}
PILLAR_FILES = {f"pillar-{p}.{ext}" for p in "ABCD" for ext in ("csv", "xlsx")}

NO_HEADER = (
    "no recognisable matrix header (expected the May 2016 columns 'Provision | Institutional Development | ...' or"
    " the November 2016 columns 'Provisions of the ACTIP / Sections of APA | Possible Areas of Collaboration Amongst"
    " ASEAN Sectoral Bodies under the Framework of APA | ...')"
)


def _may_lines(n: int) -> bytes:
    return b"".join(MAY.read_bytes().splitlines(keepends=True)[:n])


def _cut_inside_the_first_bullet() -> bytes:
    data = MAY.read_bytes()
    return data[: data.index("•".encode()) + 1]


# name -> (the bad file's bytes, the reason the error line gives)
BAD_INPUTS = {
    "empty": (lambda: b"", "file is empty; expected the text rendition of the matrix"),
    "whitespace-only": (lambda: b"\n\t\n  \r\n", "file is empty; expected the text rendition of the matrix"),
    "binary": (lambda: _may_lines(3) + bytes(range(256)), "binary file (contains NUL bytes), not a text rendition"),
    "utf-16": (lambda: MAY.read_text(encoding="utf-8").encode("utf-16"),
               "UTF-16 text; convert it to UTF-8 first (e.g. iconv -f utf-16 -t utf-8)"),
    "pdf-named-txt": (lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
                      "is a PDF, not a text rendition; give it a .pdf name to read it as a PDF"),
    # The May source saved as Windows-1252: its first non-ASCII character is the "—" on line 11.
    "cp1252": (lambda: MAY.read_text(encoding="utf-8").encode("cp1252", errors="replace"),
               "not UTF-8 (byte 0x97 on line 11, offset 2057), probably Windows-1252;"
               " convert it first: iconv -f cp1252 -t utf-8"),
    "no-header": (lambda: b"Dear colleagues,\n\tthe matrix follows\tunder separate cover.\n", NO_HEADER),
    "truncated-before-header": (lambda: _may_lines(2), NO_HEADER),
    "truncated-after-header": (lambda: _may_lines(5),
                               "no table rows after the column headers (is the file truncated?)"),
    "truncated-mid-character": (_cut_inside_the_first_bullet,
                                "file ends in the middle of a UTF-8 character (byte 0xe2 on line 24, offset 5801);"
                                " is it truncated? copy it again"),
}


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder`, hidden ones too: relative path -> (bytes or None for a folder, mtime in ns)."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def copy_raw(dest: Path) -> Path:
    """raw/ copied to `dest`, its files made writable (so a stray write would succeed and show)."""
    shutil.copytree(RAW, dest)
    for p in dest.iterdir():
        p.chmod(0o644)
    return dest


def replace_source(raw: Path, source: Path, data: bytes, *, update_manifest: bool = True) -> Path:
    """Put `data` in place of `source` in a copied raw/, and by default record its checksum in the manifest."""
    path = raw / source.name
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(data)
    if update_manifest:
        manifest = raw / "sources.toml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, hashlib.sha256(data).hexdigest()),
                            encoding="utf-8")
    return path




# Both sources end with provision C of pillar D ("C. Utilise international cooperation, including
# through mutual legal assistance ...", May lines 123-132, November lines 208 and 211), read by hand.
LAST_PROVISION = "D.C (Utilise international cooperation, ...)"


def count_line(draft: str, folder: Path, last: str = LAST_PROVISION) -> str:
    """The count line a run should print, counted from the records.csv and coverage.csv it wrote,
    ending with the last provision read."""
    records = csv_rows(folder / "records.csv")
    statuses = [row["status"] for row in csv_rows(folder / "coverage.csv")]
    used, unassigned = statuses.count("record"), statuses.count("unassigned")
    boilerplate = sum(s in BOILERPLATE for s in statuses)
    assert used + unassigned + boilerplate == len(statuses)
    return (f"{draft}: {len(records)} records; {len(statuses)} lines: {used} used, {boilerplate} boilerplate,"
            f" {unassigned} unassigned; last provision read: {last}")


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


# -- bad input: exit 1, one line naming the file and the reason, nothing written --------------------

@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_records_of_bad_input_is_one_line_exit_1_and_leaves_out_intact(case, earlier_out, tmp_path, capsys):
    make, reason = BAD_INPUTS[case]
    bad = tmp_path / f"{case}.txt"
    bad.write_bytes(make())
    before = snapshot(earlier_out)
    code, out, err = run(["records", bad, "--out", earlier_out / "2016-05"], capsys)
    assert (code, out, err) == (1, "", f"tipmatrix: error: {bad}: {reason}\n")
    assert snapshot(earlier_out) == before


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_build_with_a_bad_source_is_one_line_exit_1_and_leaves_out_intact(case, earlier_out, tmp_path, capsys):
    # The November source is read second, so the May draft has been extracted when the error comes.
    make, reason = BAD_INPUTS[case]
    raw = copy_raw(tmp_path / "raw")
    bad = replace_source(raw, NOV, make())
    before = snapshot(earlier_out)
    code, out, err = run(["build", "--raw", raw, "--out", earlier_out], capsys)
    assert (code, out, err) == (1, "", f"tipmatrix: error: {bad}: {reason}\n")
    assert snapshot(earlier_out) == before


def test_build_refuses_a_source_whose_checksum_changed(earlier_out, tmp_path, capsys):
    raw = copy_raw(tmp_path / "raw")
    data = bytearray(NOV.read_bytes())
    data[1000] ^= 0x20  # one letter's case
    bad = replace_source(raw, NOV, bytes(data), update_manifest=False)
    actual = hashlib.sha256(data).hexdigest()
    before = snapshot(earlier_out)
    code, out, err = run(["build", "--raw", raw, "--out", earlier_out], capsys)
    assert (code, out) == (1, "")
    assert err == (f"tipmatrix: error: {bad}: checksum changed (sha256 {actual[:12]}...,"
                   " manifest says 6de1a2313ab2...); restore the original file,"
                   " or record a new source in raw/sources.toml\n")
    assert snapshot(earlier_out) == before


def test_build_without_a_manifest_names_it(earlier_out, tmp_path, capsys):
    raw = tmp_path / "empty-raw"
    raw.mkdir()
    before = snapshot(earlier_out)
    assert run(["build", "--raw", raw, "--out", earlier_out], capsys) == (
        1, "", f"tipmatrix: error: {raw / 'sources.toml'}: no source manifest; list each source there (see README)\n")
    assert snapshot(earlier_out) == before


def test_records_of_a_missing_file_is_exit_1(tmp_path, capsys):
    missing = tmp_path / "nowhere.txt"
    assert run(["records", missing, "--out", tmp_path / "out"], capsys) == (
        1, "", f"tipmatrix: error: {missing}: no such file\n")


def test_a_failed_records_run_does_not_create_its_out_folder(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert run(["records", bad, "--out", tmp_path / "new" / "out"], capsys)[0] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_verbose_shows_the_traceback_instead(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError, match="file is empty"):
        main(["-v", "records", str(bad), "--out", str(tmp_path / "out")])


def test_the_installed_command_exits_1_on_bad_data_and_2_on_bad_usage(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    data = subprocess.run([TIPMATRIX, "records", bad, "--out", tmp_path / "out"], capture_output=True, text=True)
    assert (data.returncode, data.stdout, data.stderr) == (
        1, "", f"tipmatrix: error: {bad}: file is empty; expected the text rendition of the matrix\n")
    usage = subprocess.run([TIPMATRIX, "records", bad], capture_output=True, text=True)
    assert (usage.returncode, usage.stdout) == (2, "")
    assert usage.stderr.splitlines()[-1] == "tipmatrix records: error: the following arguments are required: --out"


# -- usage and help ----------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    ([], "tipmatrix: error: the following arguments are required: command"),
    (["frobnicate"], "tipmatrix: error: argument command: invalid choice: 'frobnicate' (choose from build, records,"
                     " diff, review)"),
    (["records", "x.txt"], "tipmatrix records: error: the following arguments are required: --out"),
    (["records", "--out", "o"], "tipmatrix records: error: the following arguments are required: file"),
    (["build", "--bogus"], "tipmatrix: error: unrecognized arguments: --bogus"),
    (["diff", "2016-05"], "tipmatrix diff: error: the following arguments are required: new"),
], ids=["no-command", "unknown-command", "records-without-out", "records-without-file", "unknown-option",
        "diff-with-one-draft"])
def test_usage_errors_exit_2_with_usage_and_the_problem(argv, message, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    assert (caught.value.code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith("usage: tipmatrix")
    assert lines[-1].replace("'build', 'records', 'diff', 'review'", "build, records, diff, review") == message


@pytest.mark.parametrize("argv, example", [
    (["--help"], "example: tipmatrix build"),
    (["build", "--help"], "example: tipmatrix build --raw raw --out out"),
    (["records", "--help"], "example: tipmatrix records raw/000_77964c73432e17e8.txt --out /tmp/may"),
    (["diff", "--help"], "example: tipmatrix diff 2016-05 2016-11"),
], ids=["tipmatrix", "build", "records", "diff"])
def test_help_of_each_command_shows_an_example(argv, example, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    assert (caught.value.code, err) == (0, "")
    assert out.startswith("usage: tipmatrix")
    examples = [line for line in out.splitlines() if line.startswith("example: ")]
    assert len(examples) == 1 and examples[0].startswith(example)


# -- good runs ---------------------------------------------------------------------------------------

def test_records_of_a_real_source_writes_its_files_and_one_count_line(tmp_path, capsys):
    out = tmp_path / "may"
    code, stdout, err = run(["records", MAY, "--out", out, "--draft", "2016-05"], capsys)
    assert (code, stdout) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == sorted({"records.csv", "coverage.csv"} | PILLAR_FILES)
    assert err == count_line("2016-05", out) + "\n"
    assert {row["draft"] for row in csv_rows(out / "records.csv")} == {"2016-05"}
    assert [int(row["line"]) for row in csv_rows(out / "coverage.csv")] == list(range(1, 133))


def test_records_without_a_draft_id_names_the_draft_after_the_file(tmp_path, capsys):
    out = tmp_path / "nov"
    code, _, err = run(["records", NOV, "--out", out], capsys)
    assert code == 0
    assert err == count_line(NOV.stem, out) + "\n"
    assert {row["draft"] for row in csv_rows(out / "records.csv")} == {NOV.stem}


@pytest.fixture(scope="module")
def second_build(tmp_path_factory) -> OneProcessBuild:
    """One more build of raw/ (a writable copy), under the usual umask 022: the API's build in one process,
    made once per run for this module, tests/test_api.py and tests/test_forked.py (which compares its
    bytes with the session's build, made in another process state from raw/ itself); read only."""
    return one_process_build(tmp_path_factory)


def test_build_prints_one_count_line_per_draft(second_build, tmp_path, capsys, monkeypatch):
    """What the command prints for the drafts a build made (the build above's, handed to it: the pipeline's
    build is not run again), checked against the files that build wrote."""
    from tipmatrix import pipeline

    monkeypatch.setattr(pipeline, "build", lambda raw_dir, out_dir, options: list(second_build.results))
    code, stdout, err = run(["build", "--raw", second_build.raw, "--out", tmp_path / "out"], capsys)
    out = second_build.out
    assert (code, stdout) == (0, "")
    assert err.splitlines() == [count_line("2016-05", out / "2016-05"), count_line("2016-11", out / "2016-11")]
    assert re.fullmatch(r"2016-05: \d+ records; 132 lines: \d+ used, \d+ boilerplate, \d+ unassigned; "
                        r"last provision read: D\.C \(Utilise international cooperation, \.\.\.\)",
                        err.splitlines()[0])


def test_a_build_never_writes_into_raw(second_build):
    raw = second_build.raw
    assert files_of(raw) == second_build.raw_before
    manifest = (raw / "sources.toml").read_text(encoding="utf-8")
    for source in (MAY, NOV):
        assert f'sha256 = "{hashlib.sha256((raw / source.name).read_bytes()).hexdigest()}"' in manifest
    assert sorted(second_build.extractions) == ["2016-05", "2016-11"]  # the build did read it


def test_a_source_cut_in_the_middle_of_the_table_is_refused(tmp_path, capsys):
    # The May rendition cut after its 40th line (of 132): pillars B-D and most of A are missing.
    cut = tmp_path / "may-first-40-lines.txt"
    cut.write_bytes(b"".join(MAY.read_bytes().splitlines(keepends=True)[:40]))
    code = main(["records", str(cut), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"tipmatrix: error: {cut}: ") and "truncated" in err and err.count("\n") == 1


def test_written_files_are_as_readable_as_any_file_the_user_creates(second_build):
    # tempfile.mkstemp (behind export/atomic.py) creates files with mode 0600; the build ran under umask 022
    assert (second_build.out / "datapackage.json").is_file()
    modes = {stat.filemode(p.stat().st_mode) for p in second_build.out.rglob("*") if p.is_file()}
    assert modes == {"-rw-r--r--"}
