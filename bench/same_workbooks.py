"""Whether the workbooks of two build folders read back the same in openpyxl.

For each .xlsx under the first folder, the one at the same place under the second: per sheet, every
cell's value (rich text as its runs and fonts), data type, font, fill, border, alignment, number
format and protection; merged ranges, column widths and hidden columns, row heights, freeze panes,
autofilter, print area and titles, page setup, margins, header and footer, page breaks, sheet
protection, data validations, conditional formats, and the count of charts and images. Bytes may
differ (a writer's change of attribute order, say); what a rapporteur sees may not.

usage: python -m bench.same_workbooks OLD_OUT NEW_OUT   (exit 1 and one line per difference)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.worksheet.worksheet import Worksheet


def _xml(obj: object) -> object:
    """An openpyxl object as its XML (its repr names nested objects by address); None as None."""
    if obj is None:
        return None
    if isinstance(obj, list | tuple):
        return [_xml(o) for o in obj]
    return etree.tostring(obj.to_tree()) if hasattr(obj, "to_tree") else repr(obj)


def _value(cell) -> object:  # type: ignore[no-untyped-def]
    value = cell.value
    if isinstance(value, CellRichText):
        return [(b.text, _xml(b.font)) if isinstance(b, TextBlock) else b for b in value]
    return value


def _cells(ws: Worksheet) -> Iterator[tuple[str, object]]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            yield cell.coordinate, (_value(cell), cell.data_type, _xml(cell.font), _xml(cell.fill), _xml(cell.border),
                                    _xml(cell.alignment), cell.number_format, _xml(cell.protection))


def sheet_facts(ws: Worksheet) -> dict[str, object]:
    """Everything compared of one sheet, by name."""
    return {
        "cells": dict(_cells(ws)),
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "columns": {k: (d.width, d.hidden) for k, d in sorted(ws.column_dimensions.items())},
        "rows": {k: (d.height, d.hidden) for k, d in sorted(ws.row_dimensions.items())},
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "print area": ws.print_area,
        "print titles": (ws.print_title_rows, ws.print_title_cols),
        "page setup": _xml(ws.page_setup),
        "fit to page": _xml(ws.sheet_properties.pageSetUpPr),
        "print options": _xml(ws.print_options),
        "margins": _xml(ws.page_margins),
        "header/footer": _xml(ws.HeaderFooter),
        "row breaks": [b.id for b in ws.row_breaks.brk],
        "protection": _xml(ws.protection),
        "validations": _xml(ws.data_validations.dataValidation),
        "conditional formats": _xml(list(ws.conditional_formatting)),
        "charts": len(ws._charts),
        "images": len(ws._images),
    }


def differences(old: Path, new: Path) -> Iterator[str]:
    """One line per difference between two workbooks."""
    a, b = load_workbook(old, rich_text=True), load_workbook(new, rich_text=True)
    if a.sheetnames != b.sheetnames:
        yield f"{new}: sheets {b.sheetnames}, were {a.sheetnames}"
        return
    for name in a.sheetnames:
        fa, fb = sheet_facts(a[name]), sheet_facts(b[name])
        for key in fa:
            if fa[key] == fb[key]:
                continue
            if key == "cells":
                ca, cb = fa[key], fb[key]
                assert isinstance(ca, dict) and isinstance(cb, dict)
                for ref in sorted(set(ca) | set(cb)):
                    if ca.get(ref) != cb.get(ref):
                        yield f"{new} [{name}] {ref}: {cb.get(ref)!r}, was {ca.get(ref)!r}"[:400]
                        break
            else:
                yield f"{new} [{name}] {key}: {fb[key]!r}, was {fa[key]!r}"[:400]


def main(argv: list[str] | None = None) -> int:
    old_dir, new_dir = (Path(p) for p in (argv or sys.argv[1:]))
    found, checked = 0, 0
    for old in sorted(old_dir.rglob("*.xlsx")):
        new = new_dir / old.relative_to(old_dir)
        checked += 1
        if not new.is_file():
            print(f"{new}: missing")
            found += 1
            continue
        for line in differences(old, new):
            print(line)
            found += 1
    print(f"{checked} workbooks compared, {found} differences")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
