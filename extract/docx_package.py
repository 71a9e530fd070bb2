"""A .docx file -> the XML parts the matrix is read from (document, numbering, styles, comments).

This is the I/O edge of the Word front-end: it opens the zip package, follows its relationships to
the parts, parses them with lxml, and turns each way a file can fail to be a Word document (a
truncated zip, an encrypted or Word 97-2003 file, a workbook, a PDF, text) into one InputError
that says what the file is and what to do.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tipmatrix.errors import InputError
from tipmatrix.extract.sources import read_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
# relationship types (their last path segment) of the parts read besides the document
PART_TYPES = ("numbering", "styles", "comments")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# an encrypted OOXML file is an OLE compound file whose directory names these streams (UTF-16LE)
ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
RESAVE = "open it in Word or LibreOffice and save it as a Word document (.docx)"
# lxml refuses entities and network access; a huge_tree is not needed for a matrix
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def first_child(el: etree._Element | None, tag: str) -> etree._Element | None:
    """The first child of `el` with the Clark-notation `tag` ("{ns}name"), or None.

    The same element as `el.find("w:name", NS)`, without lxml parsing the path and the namespace
    map on every call: the Word front-end asks this several times for every paragraph and cell.
    """
    if el is None:
        return None
    for found in el.iterchildren(tag):
        return found
    return None


@dataclass(frozen=True)
class Package:
    """The parsed parts of one Word document; a part the document does not have is None."""

    document: etree._Element
    numbering: etree._Element | None = None
    styles: etree._Element | None = None
    comments: etree._Element | None = None


def read_package(path: Path) -> Package:
    """Open `path` as a .docx and parse the parts the matrix needs; refuse what is not one."""
    head = read_file(path)[:8]
    if not head.startswith(b"PK"):
        raise InputError(path, not_a_zip(head, path))
    try:
        with zipfile.ZipFile(path) as zf:
            return _parts(zf, path)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as exc:
        raise InputError(path, f"truncated or corrupt .docx (the zip archive cannot be read: {exc}); copy the file"
                               f" again, or {RESAVE}") from exc


def not_a_zip(head: bytes, path: Path) -> str:
    """What a file that should be a .docx (a zip archive) is instead, and what to do with it."""
    if not head:
        return "file is empty; expected a Word document (.docx)"
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if any(name in data for name in ENCRYPTED_STREAMS):
            return ("password-protected (encrypted) Word document; remove the password in Word (File > Info >"
                    " Protect Document > Encrypt with Password, clear it) and save it again as .docx")
        return f"a Word 97-2003 .doc (an OLE file), not a .docx; {RESAVE}"
    if head.startswith(b"%PDF-"):
        return "is a PDF, not a Word document; give it a .pdf name to read it as a PDF"
    if head.startswith(b"{\\rtf"):
        return f"an RTF file, not a .docx; {RESAVE}"
    return (f"not a Word document (a .docx is a zip archive; this file starts with {head[:8]!r}); if it is a text"
            f" rendition give it a .txt name, otherwise {RESAVE}")


def _xml(zf: zipfile.ZipFile, name: str, path: Path, styles: bool = False) -> etree._Element:
    try:
        data = zf.read(name)
        return etree.fromstring(without_table_styles(data) if styles else data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"corrupt .docx: part {name} is not well-formed XML ({exc}); {RESAVE}") from exc


# A table style (w:style w:type="table") is most of the bytes of a styles part (python-docx's template
# and LibreOffice both write about 100 of them, 300 of 350 KB) and says nothing the matrix is read
# by: only paragraph styles carry list numbering a paragraph can name (w:pStyle names a paragraph style).
TABLE_STYLE_TYPES = (b'w:type="table"', b"w:type='table'")
STYLE_END = b"</w:style>"


def without_table_styles(data: bytes) -> bytes:
    """A styles part's bytes with its table styles cut out, so that parsing it costs a tenth.

    Cut by byte offsets, not parsed: a style element never holds another, so each table style runs
    from its start tag to the first "</w:style>" after it. A part that spells the namespace with
    another prefix, or a self-closing table style, is left whole (it then parses as before).
    """
    out, copied, scan = [], 0, 0
    while (start := data.find(b"<w:style ", scan)) >= 0:
        head_end = data.find(b">", start)
        if head_end < 0:
            return data
        scan = head_end + 1
        head = data[start:head_end]
        if head.endswith(b"/") or not any(t in head for t in TABLE_STYLE_TYPES):
            continue
        end = data.find(STYLE_END, head_end)
        if end < 0:
            return data
        out.append(data[copied:start])
        copied = scan = end + len(STYLE_END)
    if not out:
        return data
    out.append(data[copied:])
    return b"".join(out)


def _targets(zf: zipfile.ZipFile, rels_name: str, base: str, path: Path) -> dict[str, str]:
    """Relationship type (last path segment) -> the part it points to, from one .rels part."""
    if rels_name not in zf.namelist():
        return {}
    out: dict[str, str] = {}
    for rel in _xml(zf, rels_name, path).iter(f"{{{REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.setdefault(kind, name)
    return out


def _what_else(names: list[str]) -> str:
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if "mimetype" in names or "content.xml" in names:
        return "an OpenDocument file"
    return "a zip archive"


def _parts(zf: zipfile.ZipFile, path: Path) -> Package:
    names = zf.namelist()
    main = _targets(zf, "_rels/.rels", "", path).get(OFFICE_DOCUMENT.strip("/"))
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main is None or main not in names or not main.startswith("word/"):
        raise InputError(path, f"{_what_else(names)}, not a Word document (no word/document.xml); give the matrix"
                               " as the Word document (.docx) it circulates as")
    document = _xml(zf, main, path)
    if document.tag != f"{{{W}}}document":
        raise InputError(path, f"{main} is not a WordprocessingML document; {RESAVE}")
    folder = posixpath.dirname(main)
    rels = _targets(zf, posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels"), folder, path)
    parts = {kind: _xml(zf, rels[kind], path, styles=kind == "styles")
             for kind in PART_TYPES if rels.get(kind) in names}
    return Package(document, **parts)
