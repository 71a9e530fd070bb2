"""Saving an openpyxl workbook to the same bytes for the same content.

openpyxl stamps `dcterms:modified` with the current time and every zip entry with the
current date, so two identical runs differ; both are fixed here (FIELD-NOTES, openpyxl 3.1).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook

FIXED_TIME = dt.datetime(2016, 11, 30, 0, 0, 0)
ZIP_TIME = (2016, 11, 30, 0, 0, 0)


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes with fixed document and archive timestamps."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    wb.save(raw)
    return fixed_zip(raw.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """An Office file (.xlsx, .docx) re-zipped with fixed entry times and a fixed `dcterms:modified`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                modified = rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)"
                part = re.sub(modified, rb"\g<1>" + stamp + rb"\g<2>", part)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, part)
    return out.getvalue()
