"""The output side: out/ changes as one unit (a kill at any moment of the write leaves exactly the
old set or exactly the new one, and the next run removes what the killed one left), and every
output-side failure is one line, exit 1, with the earlier out/ as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from kill_figure import beside, hashes, kill_during_write, set_hashes, write_time
from shared_readings import shared_extractions  # noqa: F401  (each source extracted once per run)

from tipmatrix import pipeline
from tipmatrix.cli import main
from tipmatrix.export import atomic

RAW = Path(__file__).resolve().parents[1] / "raw"
MAY = RAW / "000_77964c73432e17e8.txt"
NOV = RAW / "001_fcb319b1d564dd03.txt"


@pytest.fixture(scope="module")
def two_sets(built, built_without) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Two complete, different out/ sets: the build with corrections and the one without (the session's)."""
    corrected, uncorrected = pipeline.current_files(built), pipeline.current_files(built_without)
    assert corrected.keys() == uncorrected.keys() and corrected != uncorrected
    return corrected, uncorrected


# -- all or nothing --------------------------------------------------------------------------------

def test_a_build_killed_at_any_moment_of_its_write_leaves_the_old_set_or_the_new_one(two_sets, tmp_path):
    """10 kills (SIGKILL) of a forked child writing the new set over the old, one in each tenth of twice
    the write's measured length (a forked child runs slower than the parent measured). Ten is enough:
    the set changes in one rename (renameat2), so a kill falls before it (old set, a half-written folder
    beside it that the next write removes) or after it (new set), and the kills spread over the whole
    write reach both sides and the half-written states between, which the assertion on both outcomes
    checks. The figure at 30 random moments: tests/kill_figure.py."""
    old, new = two_sets
    out = tmp_path / "out"
    duration = write_time(out, old, new)
    tries = 10
    outcomes = [kill_during_write(out, old, new, (i + 0.5) / tries * 2 * duration) for i in range(tries)]
    # a machine busy while the write was timed makes the measure too long (every kill after the swap) or
    # too short: then kills at halved (or doubled) delays until one falls on the missing side
    for k in range(1, 12):
        if {"old", "new"} <= set(outcomes):
            break
        delay = duration / 2**k if "old" not in outcomes else 2 * duration * 2**k
        outcomes.append(kill_during_write(out, old, new, delay))
    assert {"old", "new"} <= set(outcomes), outcomes  # the kills did fall across the write
    print(f"\nkill test: {len(outcomes)} kills over {duration * 1000:.0f} ms x2 of writing, 0 mixed or partial sets "
          f"(old set {outcomes.count('old')}, new set {outcomes.count('new')})")


def test_two_concurrent_writes_leave_one_complete_set_and_nothing_beside(two_sets, tmp_path):
    old, new = two_sets
    out = tmp_path / "out"
    pids = []
    for files in (old, new, old, new):
        pid = os.fork()
        if pid == 0:
            try:
                atomic.replace_folder(out, files)
            finally:
                os._exit(0)
        pids.append(pid)
    assert all(os.waitpid(pid, 0)[1] == 0 for pid in pids)
    assert hashes(out) in (set_hashes(old), set_hashes(new))
    assert beside(out) == []


def test_a_draft_diffed_against_itself_is_all_unchanged_and_the_data_package_describes_the_files_beside_it(
        earlier_out, tmp_path, capsys):
    """The May draft into a new out/, the November one into a copy of the session's build, whose data
    package the diff rewrites to describe every file beside it."""
    for draft, out in (("2016-05", tmp_path / "new-out"), ("2016-11", earlier_out)):
        assert main(["diff", draft, draft, "--raw", str(RAW), "--out", str(out)]) == 0
        rows = (out / "diff" / f"{draft}_vs_{draft}.csv").read_bytes().decode("utf-8-sig").splitlines()[1:]
        assert rows and {row.split(",", 1)[0] for row in rows} == {"unchanged"}
    package = (earlier_out / "datapackage.json").read_text(encoding="utf-8")
    for path in sorted(earlier_out.rglob("*.csv")):
        data = path.read_bytes()
        assert f'"hash": "sha256:{hashlib.sha256(data).hexdigest()}"' in package, path
    assert '"path": "diff/2016-11_vs_2016-11.csv"' in package and '"path": "2016-05/records.csv"' in package


def test_a_diff_follows_the_corrections_setting_of_the_records_beside_it(two_sets, built_without, tmp_path, capsys):
    corrected, uncorrected = two_sets
    out = tmp_path / "out"
    shutil.copytree(built_without, out)
    assert main(["diff", "2016-05", "2016-11", "--raw", str(RAW), "--out", str(out)]) == 0
    assert "(without corrections, as the records beside it)" in capsys.readouterr().err
    assert hashes(out) == set_hashes(uncorrected)  # the same diff as the uncorrected build wrote


def test_a_diff_refuses_records_from_elsewhere(two_sets, tmp_path, capsys):
    corrected, _ = two_sets
    out = tmp_path / "out"
    atomic.replace_folder(out, {**corrected, "2016-05/records.csv": b"record_id\r\n"})
    before = hashes(out)
    assert main(["diff", "2016-05", "2016-11", "--raw", str(RAW), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"tipmatrix: error: {out / '2016-05/records.csv'}: was not built from raw/ as it is now; run `tipmatrix "
        "build` (make data) first, then the diff\n")
    assert hashes(out) == before


def test_a_temp_file_left_by_a_killed_records_run_is_removed_by_the_next(tmp_path, capsys):
    out = tmp_path / "may"
    out.mkdir()
    (out / ".pillar-D.xlsx.k2j4h1.tmp").write_bytes(b"half")
    assert main(["records", str(MAY), "--out", str(out)]) == 0
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


# -- one line for every output-side error ----------------------------------------------------------

def long_cell_source(tmp_path: Path) -> Path:
    """The November source with the activity cell of line 208 grown past 32,767 characters."""
    lines = NOV.read_text(encoding="utf-8").split("\n")
    assert "1.1 Explore possible cooperation" in lines[207]
    lines[207] = lines[207].replace("1.1 Explore possible cooperation", "1.1 Explore" + " possible cooperation" * 1700)
    path = tmp_path / "nov-long-cell.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path




def output_case(case: str, tmp_path: Path, earlier: Path) -> tuple[list[str], str, Path]:
    """argv, the expected error line (after 'tipmatrix: error: ') and the folder that must not change."""
    if "read-only" in case:
        return read_only_case(case, tmp_path, earlier)
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"not a folder\n")
    if case == "build-out-a-file":
        return (["build", "--out", a_file], f"{a_file}: is a file, not a folder; give --out a folder (it is created "
                "if missing)", earlier)
    if case == "build-out-a-folder-of-the-users":
        (earlier / "datapackage.json").unlink()
        return (["build", "--out", earlier], f"{earlier}: holds files tipmatrix did not write (no datapackage.json); "
                "the whole folder is replaced by each run, so give --out a new or empty folder", earlier)
    if case == "records-out-a-file":
        return (["records", MAY, "--out", a_file], f"{a_file}: is a file, not a folder; give --out a folder (it is "
                "created if missing)", earlier)
    if case == "records-into-a-build":
        return (["records", MAY, "--out", earlier / "2016-05"], f"{earlier / '2016-05'}: is part of a build's "
                f"output ({earlier / 'datapackage.json'} describes it); give --out a folder of its own", earlier)
    if case == "records-into-a-build-subfolder":  # the next build would delete it with the rest of out/
        sub = earlier / "2016-05" / "sub"
        return (["records", MAY, "--out", sub], f"{sub}: is part of a build's output ({earlier / 'datapackage.json'} "
                "describes it); give --out a folder of its own", earlier)
    if case == "records-of-a-folder-named-pdf":
        folder = tmp_path / "x.pdf"
        folder.mkdir()
        return (["records", folder, "--out", earlier / "2016-05"], f"{folder}: is a directory, not a source file",
                earlier)
    if case == "build-raw-a-file":
        return (["build", "--raw", RAW / "sources.toml", "--out", earlier], f"{RAW / 'sources.toml'}: is a file; "
                "--raw takes the folder that holds sources.toml and the sources (to read one file: tipmatrix records "
                "FILE --out DIR)", earlier)
    if case == "cell-over-excel-limit":
        path = long_cell_source(tmp_path)
        # the activity as printed on line 208 with " possible cooperation" 1,699 times more
        length = len("Explore possible cooperation activities with AAPTIP, UNODC, IOM, and other ASEAN Dialogue "
                     "Partners.") + 1699 * len(" possible cooperation")
        return (["records", path, "--out", tmp_path / "nov"], f"{path}: line 208: the activity of the record on "
                f"lines 208-208 is {length:,} characters, more than an Excel cell holds (32,767); check the source "
                "there (a lost line break?) and shorten or split that cell", earlier)
    raise AssertionError(case)


def read_only_case(case: str, tmp_path: Path, earlier: Path) -> tuple[list[str], str, Path]:
    """The cases where a folder is made read-only (its owner-write bit off: honoured even for root)."""
    fix = "or give --out another folder"
    if case == "build-out-read-only-subfolder":
        (earlier / "2016-11").chmod(0o555)
        return (["build", "--out", earlier], f"{earlier / '2016-11'}: folder is read-only; make it writable "
                f"(chmod -R u+w {earlier}) {fix}", earlier)
    if case == "build-out-read-only":
        earlier.chmod(0o555)
        return (["build", "--out", earlier], f"{earlier}: folder is read-only; make it writable "
                f"(chmod -R u+w {earlier}) {fix}", earlier)
    if case == "build-out-in-read-only-parent":
        parent = tmp_path / "locked"
        parent.mkdir()
        parent.chmod(0o555)
        return (["build", "--out", parent / "out"], f"{parent}: folder is read-only; the new set is written beside "
                "out/ and swapped in, so make it writable or give --out a folder elsewhere", earlier)
    if case == "diff-out-read-only":
        (earlier / "diff").chmod(0o555)
        return (["diff", "2016-05", "2016-11", "--out", earlier], f"{earlier / 'diff'}: folder is read-only; make "
                f"it writable (chmod -R u+w {earlier}) {fix}", earlier)
    if case == "records-out-read-only":
        mine = tmp_path / "mine"
        mine.mkdir(mode=0o555)
        mine.chmod(0o555)
        return (["records", MAY, "--out", mine], f"{mine}: folder is read-only; make it writable "
                f"(chmod -R u+w {mine}) {fix}", mine)
    raise AssertionError(case)


OUTPUT_CASES = [
    "build-out-read-only-subfolder", "build-out-read-only", "build-out-in-read-only-parent", "build-out-a-file",
    "build-out-a-folder-of-the-users", "diff-out-read-only", "records-out-a-file", "records-out-read-only",
    "records-into-a-build", "records-into-a-build-subfolder",
    "records-of-a-folder-named-pdf", "build-raw-a-file", "cell-over-excel-limit",
]


def writable_again(folder: Path) -> None:
    """Every folder under `folder` made writable again (a case made one read-only), so pytest can remove it."""
    for p in (folder, *folder.rglob("*")):
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)


@pytest.mark.parametrize("case", OUTPUT_CASES)
def test_an_output_side_error_is_one_line_exit_1_and_out_stays_one_complete_set(case, earlier_out, tmp_path, capsys):
    argv, message, folder = output_case(case, tmp_path, earlier_out)
    argv = [str(a) for a in argv]
    if argv[0] in ("build", "diff") and "--raw" not in argv:
        argv += ["--raw", str(RAW)]
    before = hashes(folder)
    try:
        code = main(argv)
    finally:
        writable_again(tmp_path)
    out, err = capsys.readouterr()
    assert (code, out, err) == (1, "", f"tipmatrix: error: {message}\n")
    assert hashes(folder) == before
    assert beside(folder) == []


# What the installed command adds to main() (its entry point, exit status and stderr as a process) is the
# same for every case, and main() itself meets all of them in the test above, where any exception escaping
# it fails: so the command runs here once for each command whose --out is refused (build and diff check
# it before they import the pipeline: a tenth of a second each). `records` through the installed command,
# refused with exit 1 and one line: tests/test_cli.py test_the_installed_command_exits_1_on_bad_data_and_2_on_
# bad_usage (its output-side errors and the cell too long come from the same main() as its input errors).
INSTALLED_CASES = ["build-out-read-only-subfolder", "diff-out-read-only"]


@pytest.mark.parametrize("case", ["build-out-read-only-subfolder", "build-out-a-folder-of-the-users",
                                  "diff-out-read-only", "build-out-in-read-only-parent"])
def test_a_wrong_out_is_refused_before_the_pipeline_is_imported(case, earlier_out, tmp_path, monkeypatch, capsys):
    """The command's libraries take most of a second to import: build and diff check --out first."""
    import sys

    import tipmatrix

    argv, message, _ = output_case(case, tmp_path, earlier_out)
    monkeypatch.delattr(tipmatrix, "pipeline", raising=False)
    monkeypatch.setitem(sys.modules, "tipmatrix.pipeline", None)  # importing it now raises ImportError
    try:
        code = main([str(a) for a in argv] + ["--raw", str(RAW)])
    finally:
        writable_again(tmp_path)
    assert (code, capsys.readouterr().err) == (1, f"tipmatrix: error: {message}\n")


@pytest.mark.parametrize("case", INSTALLED_CASES)  # one test per case, so that the workers share them out
def test_no_output_side_error_is_a_traceback_from_the_installed_command(case, built, tmp_path):
    """Cases of the test above through the installed `tipmatrix` command, as a user meets them."""
    import subprocess
    import sys

    command = Path(sys.executable).with_name("tipmatrix")
    folder = tmp_path / case
    folder.mkdir()
    earlier = folder / "out"
    shutil.copytree(built, earlier)
    argv, message, _ = output_case(case, folder, earlier)
    argv = [str(a) for a in argv]
    if argv[0] in ("build", "diff") and "--raw" not in argv:
        argv += ["--raw", str(RAW)]
    try:
        run = subprocess.run([command, *argv], capture_output=True, text=True)
    finally:
        writable_again(folder)
    assert "Traceback" not in run.stderr
    assert (run.returncode, run.stdout, run.stderr) == (1, "", f"tipmatrix: error: {message}\n"), case
