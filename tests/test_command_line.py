"""The command line as a new user meets it (issue 22, item 6): --version, manifest keys, a read-only file
system, and Ctrl-C (one line, exit 130, no traceback, out/ as it was).

The Ctrl-C of a real build at several moments, through the installed command, is tests/test_interrupt.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from shared_readings import shared_extractions  # noqa: F401  (each source extracted once per run)

from tipmatrix import cli, pipeline
from tipmatrix.export import atomic

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
MAY = RAW / "000_77964c73432e17e8.txt"


def run(argv: list[object], capsys) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_the_installed_release(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"tipmatrix {cli.version()}\n"
    assert cli.version()[0].isdigit()
    installed = subprocess.run([Path(sys.executable).with_name("tipmatrix"), "--version"], capture_output=True,
                               text=True)
    assert (installed.returncode, installed.stdout, installed.stderr) == (0, f"tipmatrix {cli.version()}\n", "")


def manifest_with(tmp_path: Path, old: str, new: str) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    text = (raw / "sources.toml").read_text(encoding="utf-8")
    assert old in text
    (raw / "sources.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return raw


KEYS = "draft, file, title, as_of, layout, sha256"


@pytest.mark.parametrize("old, new, message", [
    ('draft = "2016-05"\n', "", "[[source]] entry 1 (file '000_77964c73432e17e8.txt'): missing key 'draft'; "
                                f"the keys are {KEYS}"),
    ('layout = "nov-2016"\n', "", "[[source]] entry 2 (draft '2016-11'): missing key 'layout'; "
                                  f"the keys are {KEYS}"),
    ('as_of = "As of 31 May 2016"', 'as-of = "As of 31 May 2016"',
     f"[[source]] entry 1 (draft '2016-05'): unknown key 'as-of'; the keys are {KEYS}"),
    ('draft = "2016-11"', 'draft = 2016', "[[source]] entry 2 (file '001_fcb319b1d564dd03.txt'): key 'draft' is "
                                          "not a string; quote its value"),
], ids=["missing-draft", "missing-layout", "unknown-key", "not-a-string"])
def test_a_manifest_key_missing_or_unknown_is_one_line_naming_key_entry_and_file(old, new, message, tmp_path,
                                                                                  earlier_out, capsys):
    raw = manifest_with(tmp_path, old, new)
    before = {p: p.read_bytes() for p in earlier_out.rglob("*") if p.is_file()}
    assert run(["build", "--raw", raw, "--out", earlier_out], capsys) == (
        1, "", f"tipmatrix: error: {raw / 'sources.toml'}: {message}\n")
    assert {p: p.read_bytes() for p in earlier_out.rglob("*") if p.is_file()} == before


def test_a_read_only_file_system_gets_advice_that_fits(tmp_path, monkeypatch, capsys):
    """No chmod makes a read-only mount writable: the advice is another folder (statvfs says ST_RDONLY)."""
    mounted = tmp_path / "mnt"
    mounted.mkdir()
    monkeypatch.setattr(atomic, "on_read_only_system", lambda path: mounted in (path, *path.parents))
    advice = "is on a read-only file system; give --out a folder on a writable disk (your home folder, /tmp)"
    assert run(["build", "--raw", RAW, "--out", mounted / "out"], capsys) == (
        1, "", f"tipmatrix: error: {mounted}: {advice}\n")
    assert run(["records", MAY, "--out", mounted], capsys) == (1, "", f"tipmatrix: error: {mounted}: {advice}\n")
    assert list(mounted.iterdir()) == []


def test_a_read_only_file_system_found_only_when_writing_is_named_so(tmp_path, monkeypatch, capsys):
    """The error a write gets (EROFS) when the check before it could not tell, and no chmod advice."""
    import errno

    def write_bytes(path: Path, data: bytes) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(atomic, "write_bytes", write_bytes)
    mine = tmp_path / "mine"
    assert run(["records", MAY, "--out", mine], capsys) == (
        1, "", f"tipmatrix: error: {mine / 'coverage.csv'}: is on a read-only file system; give --out a folder on a "
               "writable disk (your home folder, /tmp)\n")


def test_ctrl_c_inside_an_open_zip_entry_is_one_line_and_exit_130(tmp_path, monkeypatch, capsys):
    """zipfile turns a KeyboardInterrupt raised while an entry is open into `ValueError: Can't close the
    ZIP file while there is an open writing handle`; the command still says it was interrupted."""
    def build_until_ctrl_c(*args, **kwargs):
        with zipfile.ZipFile(BytesIO(), "w") as archive, archive.open("sheet.xml", "w") as entry:
            entry.write(b"<x/>")
            os.kill(os.getpid(), signal.SIGINT)
            entry.write(b"<y/>")
        raise AssertionError("not interrupted")

    monkeypatch.setattr(pipeline, "build", build_until_ctrl_c)
    out = tmp_path / "out"
    assert run(["build", "--raw", RAW, "--out", out], capsys) == (
        130, "", f"tipmatrix: interrupted; {out}/ left as it was\n")
    assert not out.exists()


def test_ctrl_c_in_a_review_import_writes_nothing(tmp_path, monkeypatch, capsys):
    from tipmatrix import review

    def import_until_ctrl_c(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        raise AssertionError("not interrupted")

    monkeypatch.setattr(review, "import_workbook", import_until_ctrl_c)
    assert run(["review", "import", tmp_path / "x.xlsx", "--by", "x"], capsys) == (
        130, "", "tipmatrix: interrupted; nothing written\n")


def test_ctrl_c_while_the_new_out_is_swapped_in_is_held_off_until_it_is_done(tmp_path, monkeypatch):
    """The swap is one step, then the old set is removed: a Ctrl-C then is dropped (the run's work is done)."""
    target = tmp_path / "out"
    atomic.replace_folder(target, {"datapackage.json": b"{}", "a.csv": b"old\n"})
    swap_in = atomic.swap_in

    def swap_with_ctrl_c(staging: Path, to: Path) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        swap_in(staging, to)

    monkeypatch.setattr(atomic, "swap_in", swap_with_ctrl_c)
    atomic.replace_folder(target, {"datapackage.json": b"{}", "a.csv": b"new\n"})
    assert (target / "a.csv").read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_where_a_ctrl_c_during_the_imports_leaves_things():
    from tipmatrix.console import where_left

    assert where_left(["build"]) == "out/ left as it was"
    assert where_left(["build", "--raw", "raw", "--out", "/tmp/x/"]) == "/tmp/x/ left as it was"
    assert where_left(["records", "f.txt", "--out=mine"]) == "mine/ left as it was"
    assert where_left(["review", "import", "w.xlsx", "--by", "x"]) == "nothing written"
