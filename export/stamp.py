"""The build stamp of a workbook: which draft, source and build it was made from.

A rapporteur's edited workbook comes back through `tipmatrix review import`, which must know that
its rows are those of the current build before it reads a changed cell as an edit. Every .xlsx of
a build carries the stamp as custom document properties (File > Properties > Custom in Excel and
LibreOffice, both keep them on saving), added to the rendered bytes so no sheet changes for it:

- `tipmatrix-draft`, `tipmatrix-source-sha256`, `tipmatrix-build` and `tipmatrix-corrections` (a
  digest of the corrections file the build applied) for a draft's workbooks;
- the same with `-old` / `-new` suffixes, and `tipmatrix-alignment` (a digest of the pins and
  forbids file) for the diff workbook.

The digests let the import find the build a workbook was made from again: corrections and
decisions are only ever appended, so the file as it was is a start of the file as it is.

The build is a digest of the records as extracted, before corrections: corrections imported from
a workbook leave it unchanged, so the same workbook can be imported again; a changed source or
extractor changes it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from tipmatrix.export.records_csv import render_records
from tipmatrix.export.xlsx_bytes import fixed_entry
from tipmatrix.model import Extraction

PREFIX = "tipmatrix-"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def build_id(extraction: Extraction) -> str:
    """A digest of the records of one source as extracted and reconciled, before corrections."""
    return hashlib.sha256(render_records(extraction.records)).hexdigest()[:16]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def file_digest(path: Path) -> str:
    """The digest of a corrections or alignment file as a build read it; "" when there was none."""
    return digest(path.read_bytes()) if path.is_file() else ""


def custom_xml(properties: dict[str, str]) -> bytes:
    rows = "".join(
        f'<property fmtid="{FMTID}" pid="{pid}" name="{escape(PREFIX + name)}"><vt:lpwstr>{escape(value)}'
        "</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(properties.items()), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{rows}</Properties>'
    ).encode()


def stamp_xlsx(data: bytes, properties: dict[str, str]) -> bytes:
    """The workbook bytes with the stamp as custom document properties (entry times kept fixed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            if name == CUSTOM_PART:
                continue
            part = src.read(name)
            if name == "[Content_Types].xml" and CUSTOM_PART.encode() not in part:
                override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_TYPE}"/>'.encode()
                part = part.replace(b"</Types>", override + b"</Types>")
            elif name == "_rels/.rels" and CUSTOM_REL.encode() not in part:
                rel = f'<Relationship Id="rIdTipmatrix" Type="{CUSTOM_REL}" Target="{CUSTOM_PART}"/>'.encode()
                part = part.replace(b"</Relationships>", rel + b"</Relationships>")
            dst.writestr(fixed_entry(name), part)
        dst.writestr(fixed_entry(CUSTOM_PART), custom_xml(properties))
    return out.getvalue()


CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def read_stamp(data: bytes) -> dict[str, str]:
    """The stamp of workbook bytes ({} when it has none), read from docProps/custom.xml with an XML
    parser: each office suite (and openpyxl with or without lxml) writes the same properties with its
    own prefixes and namespace declarations, so the text is never matched as written."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if CUSTOM_PART not in z.namelist():
                return {}
            root = ElementTree.fromstring(z.read(CUSTOM_PART))
    except (zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    stamp = {}
    for prop in root.iter(f"{CUSTOM_NS}property"):
        key = prop.get("name", "")
        if key.startswith(PREFIX) and len(prop):
            stamp[key.removeprefix(PREFIX)] = prop[0].text or ""
    return stamp
