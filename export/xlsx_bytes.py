"""Saving an Office file to the same bytes for the same content.

openpyxl's `Workbook.save` stamps `dcterms:modified` with the current time, and both openpyxl and
python-docx stamp every zip entry with the current date, so two identical runs would differ
(FIELD-NOTES, openpyxl 3.1). A workbook is written through openpyxl's writer into an archive of
fixed entry times; a Word document, whose writer takes no archive, is re-zipped with them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from typing import TYPE_CHECKING

from openpyxl import Workbook

from tipmatrix.export.cells_xml import CellsExcelWriter
from tipmatrix.export.protection import protect_unread

if TYPE_CHECKING:
    from _typeshed import SizedBuffer

FIXED_TIME = dt.datetime(2016, 11, 30, 0, 0, 0)
ZIP_TIME = (2016, 11, 30, 0, 0, 0)


class FixedTimeZip(zipfile.ZipFile):
    """A zip archive every entry of which has the fixed time, however it is added: openpyxl adds
    parts by name (stamped with the current time) and sheets from temporary files (stamped with
    the file's time)."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: SizedBuffer | str,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = fixed_entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        with open(filename, "rb") as f:
            self.writestr(fixed_entry(str(arcname or filename)), f.read(), compress_type, compresslevel)


def fixed_entry(name: str) -> zipfile.ZipInfo:
    """A compressed zip entry with the fixed time (and the permissions zipfile gives a new entry)."""
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    return entry


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes with fixed document and archive timestamps, compressed once
    (`Workbook.save` would stamp the current time, and re-zipping to undo it cost a second pass).

    The workbook is spent: its cells are dropped once written. Each cell refers to its sheet and
    the sheet to its cells, so a dropped workbook waited for the cyclic garbage collector, which then
    traced every cell (0.4-0.6 s for a workbook of 100 copies of a draft, charged to whatever ran
    next); without the sheet's reference, counting references frees each cell at once."""
    protect_unread(wb)  # the sheets an import would not read: protected, and saying so
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with FixedTimeZip(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        CellsExcelWriter(wb, archive).write_data()
    for ws in wb.worksheets:
        ws._cells.clear()
    return raw.getvalue()


def fixed_zip(data: bytes) -> bytes:
    """An Office file (the Word minutes) re-zipped with fixed entry times; its document properties
    are set by its writer."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(fixed_entry(info.filename), src.read(info.filename))
    return out.getvalue()
