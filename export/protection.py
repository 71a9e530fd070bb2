"""Which sheets of our workbooks a rapporteur may edit, and protecting the others.

`tipmatrix review import` reads back the sheets named here (`READ_BACK`): the Matrix and Pillar
sheets of a draft, the Diff sheet of a diff. Every other sheet is rendered from the records, so an
edit there would be lost: it is protected (sheet protection with no password, so that a reader can
still lift it to copy or reformat) and says so in a comment on its first cell. The import refuses any
change found on such a sheet all the same (tipmatrix/review.py), protected or not.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

READ_BACK = re.compile(r"^(?:Matrix|Pillar [A-Z]|Diff)$")
READ_ONLY_NOTE = (
    "Read only: this sheet is made from the records and `tipmatrix review import` does not read it, so it is "
    "protected (no password). Write edits on the Matrix or Pillar sheets of a draft's workbook, or in the "
    "Review column of the Diff sheet."
)


def is_read_back(title: str) -> bool:
    return READ_BACK.match(title) is not None


def protect(ws: Worksheet) -> None:
    """Sheet protection without a password; sorting, filtering and resizing stay allowed."""
    ws.protection.sheet = True
    ws.protection.sort = False
    ws.protection.autoFilter = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    comment = Comment(READ_ONLY_NOTE, "tipmatrix")
    comment.width, comment.height = 300, 110  # points: the whole note, unwrapped by hand
    ws["A1"].comment = comment


def protect_unread(wb: Workbook) -> None:
    """Protect every sheet the review import does not read back."""
    for ws in wb.worksheets:
        if not is_read_back(ws.title):
            protect(ws)
