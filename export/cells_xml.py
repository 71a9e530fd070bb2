"""A worksheet's cells written as XML text, the bytes openpyxl's own writer would write.

openpyxl writes each cell through lxml's incremental writer, three nested elements and a style
look-up per cell: at 100 copies of the two drafts (1.5 million cells) that was most of a build's
time (issue 21). Our sheets hold plain cells (text, typed "s" and written inline; numbers; empty
styled cells), which are written here as text, with the escaping lxml applies (`&`, `<`, `>`,
carriage returns, and every non-ASCII character as a character reference: lxml writes ASCII). A
row holding anything else (rich text, a comment, a hyperlink, a formula, a date) goes through
openpyxl's own `write_row`, so its bytes and its side effects (comments and hyperlinks collected
for the sheet) are openpyxl's. `tests/test_cells_xml.py` checks the bytes against openpyxl's writer.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from lxml import etree
from openpyxl import LXML
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import xmlfile


def xml_text(text: str) -> str:
    """Text content as lxml serialises it in ASCII."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")


COLUMN_LETTERS = ("", *(get_column_letter(n) for n in range(1, 16385)))  # by 1-based column


class CellsWriter(WorksheetWriter):
    """openpyxl's worksheet writer, with the plain cells written as text (module docstring)."""

    def __init__(self, ws, out=None):
        super().__init__(ws, io.BytesIO() if out is None else out)
        self._style_ids: dict[bytes, str] = {}  # a cell's style record -> its s attribute
        self._fonts: dict[int, str] = {}  # id() of a rich text run's font -> its <rPr> (fonts live in the cells)

    def cleanup(self) -> None:  # nothing on disk to remove
        pass

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        dims = self.ws.row_dimensions
        with xf.element("sheetData"):
            parts = []
            for row_idx, row in self.rows():
                text = self._row_text(row_idx, row, dims)
                parts.append(text.encode("ascii") if text is not None else self._openpyxl_row(row_idx, row))
            xf.flush()
            self.out.write(b"".join(parts))
        self.xf.send(None)

    def _openpyxl_row(self, row_idx: int, row: list[Cell]) -> bytes:
        """A row as openpyxl's own writer writes it."""
        scratch = io.BytesIO()
        with xmlfile(scratch) as xf:
            self.write_row(xf, row, row_idx)
        return scratch.getvalue()

    def _style_attribute(self, cell: Cell) -> str:
        """' s="N"', the cell's style in the workbook's list; "" for a cell without style."""
        if cell._style is None:
            return ""
        key = cell._style.tobytes()
        found = self._style_ids.get(key)
        if found is None:
            found = self._style_ids[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return found

    def _rich_text(self, value: CellRichText) -> str:
        """The <is> of rich text, as `CellRichText.to_tree` builds it."""
        if not value:
            return "<is/>"
        runs = []
        for block in value:
            if isinstance(block, TextBlock):
                font, text = self._font(block.font), block.text
            else:
                font, text = "", block
            stripped = text.strip()
            space = ' xml:space="preserve"' if stripped and text != stripped else ""
            runs.append(f"<r>{font}<t{space}>{xml_text(text)}</t></r>")
        return f"<is>{''.join(runs)}</is>"

    def _font(self, font) -> str:  # type: ignore[no-untyped-def]
        found = self._fonts.get(id(font))
        if found is None:
            found = self._fonts[id(font)] = etree.tostring(font.to_tree(tagname="rPr")).decode("ascii")
        return found

    def _row_text(self, row_idx: int, row: Iterable[Cell], dims) -> str | None:  # type: ignore[no-untyped-def]
        """The row's XML, or None when a cell of it is not a plain one."""
        attrs = f'r="{row_idx}"'
        if row_idx in dims:
            attrs += "".join(f' {k}="{v}"' for k, v in dims[row_idx])
        out = [f"<row {attrs}>"]
        for cell in row:
            if type(cell) is not Cell or cell._comment is not None or cell._hyperlink is not None:
                return None
            value, kind = cell._value, cell.data_type
            style = self._style_attribute(cell)
            if value is None and not style:
                continue
            ref = f"{COLUMN_LETTERS[cell.column]}{row_idx}"
            if kind == "s" and type(value) is str:
                if value == "":
                    out.append(f'<c r="{ref}"{style} t="inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if value != value.strip() else ""
                out.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{xml_text(value)}</t></is></c>')
            elif kind == "s" and type(value) is CellRichText:
                out.append(f'<c r="{ref}"{style} t="inlineStr">{self._rich_text(value)}</c>')
            elif kind == "n" and value is None:
                out.append(f'<c r="{ref}"{style} t="n"></c>')
            elif kind == "n" and type(value) in (int, float):
                out.append(f'<c r="{ref}"{style} t="n"><v>{safe_string(value)}</v></c>')
            else:
                return None
        out.append("</row>")
        return "".join(out)


class CellsExcelWriter(ExcelWriter):
    """openpyxl's workbook writer, its worksheets written by `CellsWriter`."""

    def write_worksheet(self, ws):
        if self.workbook.write_only or not LXML:  # the text above is lxml's serialisation
            return super().write_worksheet(ws)
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = CellsWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.out.getvalue())
        self.manifest.append(ws)
