"""The rapporteur's workbook of one draft: `<draft>-matrix.xlsx`.

Sheets: "Matrix" (the draft in its own layout, export/matrix_sheet.py), one per pillar (as in
the pillar files), "Bodies" (each registry body and how many
activities it leads and co-operates on per pillar, with a chart), "Review" (every flagged record
with its flags and source lines) and "About" (the source, its checksum, the counts, how to
regenerate). The figures are computed from the extraction first, then rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.bodies import Body, registry
from tipmatrix.export.gc_paused import gc_paused
from tipmatrix.export.headings import titles
from tipmatrix.export.matrix_sheet import BOX, write_matrix_sheet
from tipmatrix.export.sheets import (
    PILLARS,
    SheetWriter,
    empty_columns,
    new_workbook,
    pillar_records,
    set_print,
    set_properties,
    sheet_name,
    write_records_sheet,
    write_sheets,
    write_table,
)
from tipmatrix.export.xlsx_bytes import workbook_bytes
from tipmatrix.extract.sources import Source
from tipmatrix.model import LIST_SEPARATOR, Extraction, Record, flag_kind

REGENERATE = (
    "From the project folder: `make` (or `tipmatrix build --raw raw --out out`). "
    "The run refuses a source whose sha256 differs from the one above."
)
FLAG_ESCAPE = re.compile(r"\\(.)")  # tipmatrix.model.flag escapes ";" and "\\" in a message
# The Review sheet: what to check and where, printed; the cooperating bodies, the flag types (each
# flag's message starts with its type), the body cell as printed and the record id after it, on
# screen (the printed flags name a body a flag is about).
REVIEW_COLUMNS = (
    "pillar",
    "provision",
    "activity",
    "lead",
    "flags",
    "source_page",
    "source_lines",
    "cooperating",
    "flag_types",
    "bodies_raw",
    "record_id",
)
REVIEW_PRINTED = REVIEW_COLUMNS.index("cooperating")
# Printed widths (characters; 140 fill a landscape page at 100 %): 170, so the sheet prints at 83 %
# (8.3 pt), the activity and the flags wide enough to take two or three lines (three pages, not nine).
REVIEW_WIDTHS = (7, 9.5, 64, 10, 64.5, 7.5, 7.5)
# The Bodies table: code, name, community, parent, eight per-pillar counts, two totals.
# The About sheet: the item, then its value across the rest of the page (the longest is a paragraph).
ABOUT_WIDTHS = (24, 110)
# The names whole on one or two lines (161 in all: printed at 88 %, the table on one page, the
# chart on the next); each other column as wide as its longest word.
BODIES_WIDTHS = (10, 40, 11.5, 8, *(9, 9.4) * 4, 8.5, 9.4)


@dataclass(frozen=True)
class BodyCounts:
    """How many activities one registry body leads and co-operates on, per pillar."""

    body: Body
    lead: dict[str, int]
    cooperating: dict[str, int]


def body_counts(records: Sequence[Record], bodies: Sequence[Body]) -> list[BodyCounts]:
    """Per body (registry order), the activities (kind "activity") naming it as lead or co-operating."""
    activities = [r for r in records if r.kind == "activity"]
    return [
        BodyCounts(
            body=b,
            lead={p: sum(1 for r in activities if r.pillar == p and b.code in r.lead) for p in PILLARS},
            cooperating={p: sum(1 for r in activities if r.pillar == p and b.code in r.cooperating) for p in PILLARS},
        )
        for b in bodies
    ]


def bodies_header() -> list[str]:
    per_pillar = [f"{role}_{p}" for p in PILLARS for role in ("lead", "cooperating")]
    return ["code", "name", "community", "parent", *per_pillar, "lead_total", "cooperating_total"]


def bodies_row(c: BodyCounts) -> list[str | int]:
    per_pillar = [counts[p] for p in PILLARS for counts in (c.lead, c.cooperating)]
    total = [sum(c.lead.values()), sum(c.cooperating.values())]
    return [c.body.code, c.body.name, c.body.community, c.body.parent, *per_pillar, *total]


def add_lead_chart(ws: Worksheet, bodies: int) -> None:
    """A stacked column chart of the activities each body leads, one series per pillar, below the table."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Activities led, per body and pillar"
    chart.y_axis.title = "activities led"
    chart.x_axis.title = "body"
    chart.x_axis.delete = False  # openpyxl 3.1 leaves axes unset, and Excel then hides them
    chart.y_axis.delete = False
    chart.width, chart.height = 24, 12
    header = bodies_header()
    ws.row_breaks.append(Break(id=bodies + 1))  # the table on its page(s), the chart on the next
    for pillar in PILLARS:
        col = header.index(f"lead_{pillar}") + 1
        chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=bodies + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=bodies + 1))
    ws.add_chart(chart, f"A{bodies + 4}")


def write_bodies_sheet(ws: Worksheet, records: Sequence[Record], draft_label: str) -> None:
    counts = body_counts(records, registry())
    ws.title = "Bodies"
    write_table(ws, titles(bodies_header()), [bodies_row(c) for c in counts], printed_widths=BODIES_WIDTHS)
    add_lead_chart(ws, len(counts))
    set_print(ws, f"{draft_label} | Bodies: activities led and co-operated on, per pillar", title_rows=None)
    # the table boxed, no grid lines: printed grid lines would cross the empty rows under the chart
    ws.print_options.gridLines = False
    for row in ws.iter_rows(min_row=1, max_row=len(counts) + 1, max_col=len(bodies_header())):
        for cell in row:
            cell.border = BOX


def flag_text(flag: str) -> str:
    """A flag as a reader reads it: the "\\;" that keeps it one item of a CSV cell unescaped."""
    return FLAG_ESCAPE.sub(r"\1", flag)


def review_row(rec: Record) -> list[str]:
    kinds = dict.fromkeys(flag_kind(f) for f in rec.flags)
    return [
        rec.pillar,
        rec.provision,
        rec.text,
        LIST_SEPARATOR.join(rec.lead),
        "\n".join(map(flag_text, rec.flags)),
        rec.source_page,
        f"{rec.source_lines[0]}-{rec.source_lines[1]}",
        LIST_SEPARATOR.join(rec.cooperating),
        LIST_SEPARATOR.join(kinds),
        rec.bodies_raw,
        rec.record_id,
    ]


def write_review_sheet(ws: Worksheet, records: Sequence[Record], draft_label: str) -> None:
    ws.title = "Review"
    write_table(ws, titles(REVIEW_COLUMNS), [review_row(r) for r in records if r.flags], printed=REVIEW_PRINTED,
                printed_widths=REVIEW_WIDTHS)
    set_print(ws, f"{draft_label} | Review: flagged records", columns=REVIEW_PRINTED)


def about_rows(extraction: Extraction, source: Source) -> list[tuple[str, str | int]]:
    counts = extraction.counts()
    records = extraction.records
    outside = sum(1 for r in records if r.pillar not in PILLARS)
    return [
        ("title", source.title),
        ("draft", source.draft),
        ("as of", source.as_of),
        ("source file", source.file),
        ("source sha256", source.sha256),
        ("layout", extraction.layout),
        ("records", counts["records"]),
        *((f"records in pillar {p}", len(pillar_records(records, p))) for p in PILLARS),
        *([("records outside pillars A-D", outside)] if outside else []),
        ("activities", sum(1 for r in records if r.kind == "activity")),
        ("notes", sum(1 for r in records if r.kind == "note")),
        ("flagged records", sum(1 for r in records if r.flags)),
        ("source lines", counts["lines"]),
        ("lines used by records", counts["used"]),
        ("boilerplate lines", counts["boilerplate"]),
        ("unassigned lines", counts["unassigned"]),
        *([("lines of records dropped by corrections", counts["dropped"])] if counts["dropped"] else []),
        ("sheets", "Matrix: the draft in its own layout, as it prints; Pillar A-D: one record per row, "
                   "to filter; Bodies; Review: flagged records; About"),
        ("printing", "Each sheet prints at 100 % on landscape A4. Pillar sheets print the columns Provision to "
                     "Remarks, leave out those the whole draft leaves empty (hidden, not deleted) and give a "
                     "provision in full once per run; flags, record ids and provenance are on screen only, "
                     "after the printed columns"),
        ("to regenerate", REGENERATE),
    ]


def write_about_sheet(ws: Worksheet, extraction: Extraction, source: Source, draft_label: str) -> None:
    ws.title = "About"
    write_table(ws, titles(("item", "value")), about_rows(extraction, source), printed_widths=ABOUT_WIDTHS)
    set_print(ws, f"{draft_label} | About this workbook")


def matrix_workbook(extraction: Extraction, source: Source, only: Callable[[str], bool] | None = None) -> Workbook:
    """The draft's workbook. With `only`, the sheets whose title it refuses are left empty (their titles kept):
    the review import renders only the sheets it compares, not the Matrix and Pillar sheets it reads."""
    if source.draft != extraction.draft:
        raise ValueError(f"source is draft {source.draft!r} but the extraction is draft {extraction.draft!r}")
    label = f"ASEAN APA TIP matrix, draft {source.draft} ({source.as_of})"
    empty = empty_columns(extraction.records)
    records = extraction.records

    def pillar_sheet(pillar: str) -> SheetWriter:
        return lambda ws: write_records_sheet(ws, pillar_records(records, pillar), pillar, label, empty)

    writers: list[tuple[str, SheetWriter]] = [
        ("Matrix", lambda ws: write_matrix_sheet(ws, records, extraction.layout, label)),
        *((sheet_name(p), pillar_sheet(p)) for p in PILLARS),
        ("Bodies", lambda ws: write_bodies_sheet(ws, records, label)),
        ("Review", lambda ws: write_review_sheet(ws, records, label)),
        ("About", lambda ws: write_about_sheet(ws, extraction, source, label)),
    ]
    wb = new_workbook()
    write_sheets(wb, writers, only)
    set_properties(wb, title=label, subject=source.title)
    return wb


@gc_paused
def render_workbook(extraction: Extraction, source: Source) -> dict[str, bytes]:
    """{"<draft>-matrix.xlsx": ...}, relative to the draft's folder."""
    return {f"{extraction.draft}-matrix.xlsx": workbook_bytes(matrix_workbook(extraction, source))}
