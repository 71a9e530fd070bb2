"""Word files that are not a readable matrix: one line naming the file and what to do, exit 1, out/ intact.

tests/fixtures/word/ holds real files of each kind (see the README there); the others are made here
from the office fixtures (cut, damaged, renamed).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tipmatrix.cli import main
from tipmatrix.errors import InputError
from tipmatrix.extract import extract_file

WORD = Path(__file__).parent / "fixtures" / "word"
OFFICE = Path(__file__).parent / "fixtures" / "office"


def _truncated(tmp: Path) -> Path:
    data = (OFFICE / "nov-2016-word.docx").read_bytes()
    path = tmp / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _damaged(tmp: Path) -> Path:
    """The document part's compressed bytes overwritten: the zip directory is intact, the CRC is not."""
    src = OFFICE / "nov-2016-word.docx"
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo("word/document.xml")
    data = bytearray(src.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + 200
    data[start : start + 64] = b"\x00" * 64
    path = tmp / "damaged.docx"
    path.write_bytes(bytes(data))
    return path


def _renamed(source: Path, name: str):
    def make(tmp: Path) -> Path:
        path = tmp / name
        shutil.copyfile(source, path)
        return path
    return make


def _workbook(tmp: Path) -> Path:
    path = tmp / "matrix.docx"
    openpyxl.Workbook().save(path)
    return path


def _text(tmp: Path) -> Path:
    path = tmp / "matrix.docx"
    path.write_text("Provision\tInstitutional Development\n", encoding="utf-8")
    return path


CASES = {
    "truncated": (_truncated, "truncated or corrupt .docx"),
    "corrupt": (_damaged, "truncated or corrupt .docx"),
    "encrypted": (_renamed(WORD / "encrypted.docx", "encrypted.docx"),
                  "password-protected (encrypted) Word document; remove the password"),
    "word-97": (_renamed(WORD / "word97.doc", "matrix.doc"), "a Word 97-2003 .doc (an OLE file), not a .docx;"),
    "doc-renamed": (_renamed(WORD / "word97.doc", "matrix.docx"), "a Word 97-2003 .doc (an OLE file), not a .docx;"),
    "no-table": (_renamed(WORD / "no-table.docx", "no-table.docx"), "no table in the document"),
    "not-a-matrix-header": (
        _renamed(WORD / "name-age-table.docx", "table.docx"),
        "no table has the May 2016 or November 2016 matrix header (first table starts 'Name | Age')",
    ),
    "workbook": (_workbook, "an Excel workbook, not a Word document"),
    "pdf": (_renamed(OFFICE / "nov-2016.pdf", "matrix.docx"), "is a PDF, not a Word document; give it a .pdf name"),
    "text": (_text, "not a Word document (a .docx is a zip archive"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_word_file_is_one_clear_error(tmp_path, case):
    make, message = CASES[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as err:
        extract_file(path, "2016-11")
    assert err.value.path == str(path)
    assert message in err.value.reason
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("case", ["corrupt", "encrypted", "doc-renamed", "not-a-matrix-header"])
def test_bad_word_file_exits_1_and_leaves_out_intact(tmp_path, capsys, case):
    make, message = CASES[case]
    path = make(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "records.csv").write_text("earlier run\n", encoding="utf-8")
    assert main(["records", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"tipmatrix: error: {path}: ") and message in err
    assert [p.name for p in out.iterdir()] == ["records.csv"]
    assert (out / "records.csv").read_text(encoding="utf-8") == "earlier run\n"


def test_fixtures_are_what_they_say():
    assert (WORD / "encrypted.docx").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert "EncryptedPackage".encode("utf-16-le") in (WORD / "encrypted.docx").read_bytes()
    assert (WORD / "word97.doc").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert "EncryptedPackage".encode("utf-16-le") not in (WORD / "word97.doc").read_bytes()
    for name in ("no-table.docx", "name-age-table.docx"):
        with zipfile.ZipFile(WORD / name) as zf:
            assert zf.testzip() is None
