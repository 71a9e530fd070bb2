"""The source manifest (`raw/sources.toml`) and reading a source file safely.

Reading is the I/O edge of extraction: everything after it works on a list of lines.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from tipmatrix.errors import InputError

MANIFEST = "sources.toml"


@dataclass(frozen=True)
class Source:
    draft: str
    file: str
    title: str
    as_of: str
    layout: str
    sha256: str


def load_manifest(raw_dir: Path) -> list[Source]:
    path = raw_dir / MANIFEST
    if raw_dir.exists() and not raw_dir.is_dir():
        raise InputError(raw_dir, f"is a file; --raw takes the folder that holds {MANIFEST} and the sources "
                                  "(to read one file: tipmatrix records FILE --out DIR)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(path, "no source manifest; list each source there (see README)") from exc
    except PermissionError as exc:
        raise InputError(path, "cannot be read (permission denied); check the file's permissions") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"manifest is not valid TOML ({exc})") from exc
    sources = [source_of_entry(entry, n, path) for n, entry in enumerate(data.get("source", []), start=1)]
    return check_drafts(sources, path)


def source_of_entry(entry: object, number: int, path: Path) -> Source:
    """One `[[source]]` table of the manifest; a missing or unknown key is named with the entry."""
    keys = [f.name for f in fields(Source)]
    if not isinstance(entry, dict):
        raise InputError(path, f"[[source]] entry {number} is not a table; give each source a [[source]] table")
    named = f"[[source]] entry {number}" + (f" (draft {entry['draft']!r})" if isinstance(entry.get("draft"), str)
                                            else f" (file {entry['file']!r})" if isinstance(entry.get("file"), str)
                                            else "")
    unknown = [k for k in entry if k not in keys]
    if unknown:
        raise InputError(path, f"{named}: unknown key {unknown[0]!r}; the keys are {', '.join(keys)}")
    missing = [k for k in keys if k not in entry]
    if missing:
        raise InputError(path, f"{named}: missing key {missing[0]!r}; the keys are {', '.join(keys)}")
    wrong = [k for k in keys if not isinstance(entry[k], str)]
    if wrong:
        raise InputError(path, f"{named}: key {wrong[0]!r} is not a string; quote its value")
    return Source(**entry)


def check_drafts(sources: list[Source], path: Path) -> list[Source]:
    """Any number of drafts, in the order they were written (each is diffed against the one before
    it, and lineage follows that order); a draft id names one draft only."""
    seen: set[str] = set()
    for source in sources:
        if source.draft in seen:
            raise InputError(path, f"draft {source.draft!r} is listed twice; give each [[source]] its own draft id")
        seen.add(source.draft)
    return sources


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_checksum(raw_dir: Path, source: Source) -> Path:
    """The path of a manifest source, after checking it is byte for byte the recorded file."""
    path = raw_dir / source.file
    if not path.is_file():
        raise InputError(path, "source listed in raw/sources.toml is missing")
    actual = sha256_of(path)
    if actual != source.sha256:
        raise InputError(
            path,
            f"checksum changed (sha256 {actual[:12]}..., manifest says {source.sha256[:12]}...); "
            "restore the original file, or record a new source in raw/sources.toml",
        )
    return path


def check_source_file(path: Path) -> Path:
    """A source path that names a readable file, whatever its suffix (a folder named x.pdf is not one)."""
    if path.is_dir():
        raise InputError(path, "is a directory, not a source file")
    if not path.exists():
        raise InputError(path, "no such file")
    return path


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text rendition, without line endings; refuses what is not one."""
    return split_lines(decode_text(read_file(path), path))


def read_file(path: Path, what: str = "a source file") -> bytes:
    """A file's bytes, or one line saying why it cannot be read (missing, a folder, no permission)."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(path, f"is a directory, not {what}") from exc
    except PermissionError as exc:
        raise InputError(path, "cannot be read (permission denied); check the file's permissions") from exc


def decode_text(data: bytes, path: Path) -> str:
    """The text of a UTF-8 file (a BOM is dropped); each way it can fail says what the file is instead."""
    if not data.strip():
        raise InputError(path, "file is empty; expected the text rendition of the matrix")
    if data.startswith(b"%PDF-"):
        raise InputError(path, "is a PDF, not a text rendition; give it a .pdf name to read it as a PDF")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text; convert it to UTF-8 first (e.g. iconv -f utf-16 -t utf-8)")
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), not a text rendition")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, _not_utf8(data, exc)) from exc


def _not_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    """Why `data` is not UTF-8, where, and how to fix it."""
    before = data[: exc.start]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    where = f"byte 0x{data[exc.start]:02x} on line {line}, offset {exc.start}"
    if exc.end == len(data) and exc.reason == "unexpected end of data":
        return f"file ends in the middle of a UTF-8 character ({where}); is it truncated? copy it again"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return f"not UTF-8 ({where}); convert it to UTF-8 first"
    return f"not UTF-8 ({where}), probably Windows-1252; convert it first: iconv -f cp1252 -t utf-8"


def split_lines(text: str) -> list[str]:
    """Lines without their endings (LF, CRLF or CR); a final line ending opens no extra line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if text.endswith(("\n", "\r")) else lines
