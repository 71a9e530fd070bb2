"""The Matrix sheet of a draft's workbook read back: each record row's cells -> the record's fields.

The Matrix sheet is the draft in its own layout (export/matrix_sheet.py), the first sheet a rapporteur
sees, so it is where edits are typed. Its rows carry their record ids (the column after the table), and
the layout of the build the workbook was made from says what every cell showed. A changed cell becomes
edits of the record's fields, then goes through the same steps as a pillar sheet's row
(normalize/review_edits.py: `row_edits`, `to_corrections`):

- November: Area (a merged area stands for each record under it), Activity (its printed number, then
  the activity, then the remarks on the lines below: `note`), Expected outputs, the body cell
  ("Lead: X, Y / Cooperating: Z", read with extract/body_cells.py) and Implementation status;
- May: the activity cell in its category's column, and the body cell.

Everything else on the sheet is compared with what the build showed and refused when changed: the
Provision column, pillar headings, the header, record ids, rows added below or moved, an activity
moved to another category column, text beside the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from tipmatrix.export.headings import matrix_headings, title
from tipmatrix.export.matrix_sheet import MatrixRow, Merge, id_column, printed_matrix
from tipmatrix.extract.body_cells import parse_body_cell
from tipmatrix.extract.layouts import layout as declared_layout
from tipmatrix.model import Record
from tipmatrix.normalize.review_edits import REVIEW, Build, Outcome, RowContext, Sheet, same_text
from tipmatrix.textfold import squash_spaces

MATRIX_SHEET = "Matrix"
# The fields a Matrix column is read back into, one to one, by the record field the layout declares for it
# (extract/layouts.toml); the provision and remark columns are read-only.
PLAIN_FIELDS = ("area", "expected_outputs", "status")
ACTIVITY, BODIES = "activity", "bodies"
DROP_ELSEWHERE = "to drop a record, type `drop` in its Review cell on its Pillar sheet"


def expected_grid(rows: list[MatrixRow], merges: list[Merge], layout: str) -> dict[tuple[int, int], str]:
    """(sheet row, 0-based column) -> the text the build wrote there; cells under a merge are empty."""
    covered = {(r, c) for m in merges for r, c in m.cells()[1:]}
    grid = {(1, c): h for c, h in enumerate((*matrix_headings(layout), title("record_id")))}
    for r, row in enumerate(rows):
        for c, text in enumerate(row.cells):
            if (r, c) not in covered:
                grid[(r + 2, c)] = text
        if row.record is not None:
            grid[(r + 2, id_column(layout))] = row.record.record_id
    return grid


def activity_fields(text: str, rec: Record) -> tuple[dict[str, str], str]:
    """The activity cell ("a) Workshop ...", remarks on the lines below) -> {activity, note} as typed,
    or a problem. A cell of a record with no activity holds its remarks alone."""
    lines = [line.strip() for line in text.split("\n")]
    if not (rec.activity or rec.activity_ref):
        return {"note": squash_spaces(" ".join(lines))}, ""
    first, rest = lines[0], " ".join(lines[1:])
    if rec.activity_ref:
        if not first.startswith(rec.activity_ref):
            return {}, (f"keep the activity's number {rec.activity_ref!r} at the start of the cell (the number is "
                        "not edited here)")
        first = first[len(rec.activity_ref):]
    return {"activity": squash_spaces(first), "note": squash_spaces(rest)}, ""


def body_fields(text: str) -> dict[str, str]:
    """The body cell -> lead and cooperating names as typed, "; "-joined (resolved by the edit step)."""
    lead, cooperating = parse_body_cell(text)
    return {"lead": "; ".join(lead), "cooperating": "; ".join(cooperating)}


def record_columns(rec: Record, layout: str) -> dict[int, str]:
    """0-based column -> what it holds for this record, by the field its layout declares for the column: a
    field, ACTIVITY (the activity column, or the record's own category column) or BODIES."""
    lay = declared_layout(layout)
    home = rec.category if rec.category in lay.categories else next(iter(lay.categories), "")
    held: dict[int, str] = {}
    for col, column in enumerate(lay.columns):
        if column.category:
            if column.role == home:
                held[col] = ACTIVITY
        elif column.field == "activity":
            held[col] = ACTIVITY
        elif column.field == "bodies_raw":
            held[col] = BODIES
        elif column.field in PLAIN_FIELDS:
            held[col] = column.field
    return held


@dataclass
class MatrixRowContext(RowContext):
    """A record's row of the Matrix sheet; a field read from a merged cell is named by the merged cell
    (its top-left, the one that holds the text)."""

    tops: dict[int, int] = field(default_factory=dict)  # column -> sheet row of the cell that shows it

    def at(self, name: str) -> str:
        col = self.cells[name][0]
        return self.sheet.where(self.tops.get(col, self.row), col)


def row_context(
    sheet: Sheet, number: int, k: int, build: Build, layout: str, shown: Callable[[int], tuple[str, int]],
    want: MatrixRow, out: Outcome,
) -> RowContext | None:
    """One record row: its changed cells as field texts for `row_edits`, or None with a refusal."""
    rec = build.shown[k]
    cells: dict[str, tuple[int, str]] = {REVIEW: (id_column(layout) + 1, "")}
    tops: dict[int, int] = {}
    for col, what in record_columns(rec, layout).items():
        text, tops[col + 1] = shown(col)
        if same_text(text, want.cells[col]):
            continue
        if what == ACTIVITY:
            fields, problem = activity_fields(text, rec)
            if problem:
                out.refusals.append(f"{sheet.where(tops[col + 1], col + 1)}: {problem}")
                return None
        elif what == BODIES:
            fields = body_fields(text)
        else:
            fields = {what: text}
        cells.update({name: (col + 1, value) for name, value in fields.items()})
    return MatrixRowContext(sheet, number, cells, build.origin[k], rec, tops)


def matrix_contexts(sheet: Sheet, build: Build, layout: str, out: Outcome) -> list[RowContext]:
    """The record rows of an edited Matrix sheet, each with the fields its changed cells say; every
    other changed cell refused, naming it."""
    printed = printed_matrix(build.shown, layout)  # merges cut at page breaks, as the sheet was written
    rows, merges = printed.rows, printed.merges
    grid = expected_grid(rows, merges, layout)
    top = {cell: (m.first, m.left) for m in merges for cell in m.cells()}
    got = {1: sheet.header, **dict(sheet.rows)}

    def text(number: int, col: int) -> str:
        cells = got.get(number, ())
        return cells[col] if col < len(cells) else ""

    def seen(r: int, col: int) -> tuple[str, int]:
        """A cell as a reader sees it and the sheet row of the cell that shows it: the text of the
        merged cell it lies under, unless unmerged and typed."""
        own = text(r + 2, col)
        if own.strip() or (r, col) not in top:
            return own, r + 2
        first, left = top[(r, col)]
        return text(first + 2, left), first + 2

    by_id = {rec.record_id: k for k, rec in enumerate(build.shown)}
    contexts: list[RowContext] = []
    read: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        number = r + 2
        if row.record is None:
            continue
        rid = text(number, id_column(layout)).strip()
        if rid != row.record.record_id:
            out.refusals.append(
                f"{sheet.where(number, id_column(layout) + 1)}: record id {rid!r} where the workbook had "
                f"{row.record.record_id!r}; rows of the Matrix sheet are not moved, added or deleted "
                f"({DROP_ELSEWHERE}); undo that and edit the cells in place")
            return []
        fields = record_columns(row.record, layout)
        read |= {(number, c) for c in fields}
        ctx = row_context(sheet, number, by_id[rid], build, layout, partial(seen, r), row, out)
        if ctx is not None:
            contexts.append(ctx)
    unread_cells(sheet, got, grid, read, out, id_column(layout))
    return contexts


def unread_cells(sheet: Sheet, got: dict[int, tuple[str, ...]], grid: dict[tuple[int, int], str],
                 read: set[tuple[int, int]], out: Outcome, id_col: int) -> None:
    """Every cell of the sheet that is not a field of a record row must be as the build wrote it (`id_col`:
    the record id's column, the first after the printed table)."""
    numbers = {n for n, _ in grid} | set(got)
    for number in sorted(numbers):
        width = max(len(got.get(number, ())), 1 + max((c for n, c in grid if n == number), default=0))
        for col in range(width):
            cells = got.get(number, ())
            now = cells[col] if col < len(cells) else ""
            was = grid.get((number, col), "")
            if (number, col) in read or now == was or same_text(now, was):
                continue
            reason = ("the Provision, the pillar headings, the header and the record ids are read-only"
                      if was or col < id_col else "nothing beside the table is read back")
            out.refusals.append(f"{sheet.where(number, col + 1)}: {was!r} changed to {now!r}; {reason}; "
                                "edit the Area, Activity, outputs, bodies and status cells of a record's row")
