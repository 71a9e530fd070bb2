"""The diff of two drafts rendered for people: `<old>_vs_<new>.csv`, `.xlsx` and `.md` under out/diff/.

All three are rendered from one `DiffResult` (normalize/align.py): the CSV one row per pair or
unmatched record; the workbook the same rows colour-coded by change with a word-level redline,
a "Summary" sheet (per pillar, per lead body) and a "Lead changes" sheet; the Markdown a short
summary for minutes. Bytes only, the pipeline writes them atomically.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tipmatrix.bodies import registry
from tipmatrix.export.records_csv import render_csv
from tipmatrix.export.safety import neutralise
from tipmatrix.export.sheets import (
    HEADER_FONT,
    REVIEW_HEADING,
    WRAP_TOP,
    copy_style,
    excel_text,
    put,
    set_print,
    set_properties,
    write_header,
    write_table,
)
from tipmatrix.export.xlsx_bytes import workbook_bytes
from tipmatrix.model import LIST_SEPARATOR, PILLAR_TITLES, Extraction, Record
from tipmatrix.normalize.align import (
    ADDED,
    BECAME_AREA,
    CHANGES,
    COOP_CHANGED,
    DROPPED,
    FLAGS,
    LEAD_CHANGED,
    MERGED,
    MOVED,
    REVIEW,
    REWORDED,
    SPLIT,
    UNCHANGED,
    DiffResult,
    Pair,
    align,
    pairs_by_record,
)

DIFF_COLUMNS: tuple[str, ...] = (
    "change",
    "flags",
    "similarity",
    "record_id_old",
    "record_id_new",
    "pillar_old",
    "pillar_new",
    "provision_old",
    "provision_new",
    "activity_old",
    "activity_new",
    "lead_old",
    "lead_new",
    "cooperating_old",
    "cooperating_new",
)
# The workbook adds what a reader needs beside the CSV columns: the area a new activity sits
# under, the new text the old one was compared with (the area, for an item that became one) and
# the word-level redline between them.
XLSX_COLUMNS: tuple[str, ...] = DIFF_COLUMNS + ("area_new", "compared_with", "redline", REVIEW_HEADING)
# REVIEW_HEADING, last, is the rapporteur's: `wrong` unpairs a pair; a record id of the other draft
# typed on a row left unpaired pairs them (`tipmatrix review import`, normalize/review_pairs.py).

# Fill of a row by its change: the colours of a tracked-changes view.
CHANGE_FILLS: dict[str, str] = {
    UNCHANGED: "FFFFFF",
    REWORDED: "FFF2CC",
    DROPPED: "F8CBAD",
    ADDED: "C6EFCE",
}
DELETED_FONT = InlineFont(strike=True, color="FFC00000")
INSERTED_FONT = InlineFont(color="FF00A040", u="single")
PROVISION_WORDS = 6


def diff_name(old_id: str, new_id: str) -> str:
    return f"{old_id}_vs_{new_id}"


def provision_label(rec: Record | None) -> str:
    """"B. Continue capacity building of law enforcement, …": the letter alone names no provision
    when a draft prints none, and the full text would swamp the row."""
    if rec is None:
        return ""
    words = rec.provision_text.split()
    short = " ".join(words[:PROVISION_WORDS]) + (" …" if len(words) > PROVISION_WORDS else "")
    return f"{rec.provision}. {short}".strip() if rec.provision else short


def _codes(codes: Sequence[str]) -> str:
    return LIST_SEPARATOR.join(codes)


def pair_cells(pair: Pair) -> list[str]:
    """One diff row as the strings of `DIFF_COLUMNS`."""
    old, new = pair.old, pair.new
    return [
        pair.change,
        LIST_SEPARATOR.join(pair.flags),
        "" if pair.similarity is None else f"{pair.similarity:.1f}",
        old.record_id if old else "",
        new.record_id if new else "",
        old.pillar if old else "",
        new.pillar if new else "",
        provision_label(old),
        provision_label(new),
        old.text if old else "",
        new.text if new else "",
        _codes(old.lead) if old else "",
        _codes(new.lead) if new else "",
        _codes(old.cooperating) if old else "",
        _codes(new.cooperating) if new else "",
    ]


# --- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PillarCounts:
    """What became of one pillar's old records (each counted once) and how many new ones were added."""

    pillar: str
    old: int
    unchanged: int
    reworded: int
    dropped: int
    new: int
    added: int
    flags: dict[str, int]


@dataclass(frozen=True)
class BodyLeads:
    """One body as lead: its activities in each draft, and what it gained and lost between them."""

    code: str
    led_old: int
    led_new: int
    gained: int  # new records it leads whose old counterparts it did not lead
    lost: int  # old records it led whose new counterparts it does not lead
    added: int  # new records it leads that have no old counterpart
    dropped: int  # old records it led that have no new counterpart


def fate(pairs: Sequence[Pair]) -> str:
    """What became of one old record over all its rows: unchanged beats reworded beats dropped."""
    changes = {p.change for p in pairs}
    for change in (UNCHANGED, REWORDED):
        if change in changes:
            return change
    return DROPPED


def pillar_counts(result: DiffResult) -> list[PillarCounts]:
    """Per pillar (the old record's pillar; the new one's for an added record), then a total row."""
    by_old, by_new = pairs_by_record(result)
    pillars = sorted({r.pillar for r in result.old} | {r.pillar for r in result.new})
    rows = []
    for pillar in [*pillars, ""]:
        olds = [r for r in result.old if pillar in ("", r.pillar)]
        news = [r for r in result.new if pillar in ("", r.pillar)]
        fates = [fate(by_old[id(r)]) for r in olds]
        flags = {
            name: sum(1 for r in olds if any(name in p.flags for p in by_old[id(r)]))
            for name in FLAGS
        }
        rows.append(
            PillarCounts(
                pillar=pillar or "all",
                old=len(olds),
                unchanged=fates.count(UNCHANGED),
                reworded=fates.count(REWORDED),
                dropped=fates.count(DROPPED),
                new=len(news),
                added=sum(1 for r in news if by_new[id(r)][0].change == ADDED),
                flags=flags,
            )
        )
    return rows


def body_leads(result: DiffResult) -> list[BodyLeads]:
    """Per body that leads anything in either draft (registry order first), its gains and losses as lead."""
    by_old, by_new = pairs_by_record(result)
    seen = [c for rec in (*result.old, *result.new) for c in rec.lead]
    order = [b.code for b in registry() if b.code in seen] + sorted(set(seen) - {b.code for b in registry()})
    out = []
    for code in order:
        led_old = [r for r in result.old if code in r.lead]
        led_new = [r for r in result.new if code in r.lead]
        old_counterparts = {id(r): [p.new for p in by_old[id(r)] if p.new is not None] for r in led_old}
        new_counterparts = {id(r): [p.old for p in by_new[id(r)] if p.old is not None] for r in led_new}
        out.append(
            BodyLeads(
                code=code,
                led_old=len(led_old),
                led_new=len(led_new),
                gained=sum(1 for olds in new_counterparts.values() if olds and all(code not in o.lead for o in olds)),
                lost=sum(1 for news in old_counterparts.values() if news and all(code not in n.lead for n in news)),
                added=sum(1 for olds in new_counterparts.values() if not olds),
                dropped=sum(1 for news in old_counterparts.values() if not news),
            )
        )
    return out


def lead_changes(result: DiffResult) -> list[list[str]]:
    """Every pair whose lead changed, once per body that gained or lost it: body, gained|lost, the pair."""
    rows = []
    for pair in result.pairs:
        if LEAD_CHANGED not in pair.flags or pair.old is None or pair.new is None:
            continue
        before, after = set(pair.old.lead), set(pair.new.lead)
        for code in sorted(after - before):
            rows.append([code, "gained", *_change_cells(pair)])
        for code in sorted(before - after):
            rows.append([code, "lost", *_change_cells(pair)])
    return sorted(rows, key=lambda r: (r[0], r[1]))


LEAD_CHANGE_COLUMNS = (
    "body",
    "gained_or_lost",
    "lead_old",
    "lead_new",
    "pillar_old",
    "pillar_new",
    "activity_old",
    "activity_new",
    "record_id_old",
    "record_id_new",
    "flags",
)


def _change_cells(pair: Pair) -> list[str]:
    assert pair.old is not None and pair.new is not None
    return [
        _codes(pair.old.lead),
        _codes(pair.new.lead),
        pair.old.pillar,
        pair.new.pillar,
        pair.old.text,
        pair.new.text,
        pair.old.record_id,
        pair.new.record_id,
        LIST_SEPARATOR.join(pair.flags),
    ]


# --- CSV -----------------------------------------------------------------------------------


def render_diff_csv(result: DiffResult) -> bytes:
    return render_csv(DIFF_COLUMNS, (pair_cells(p) for p in result.pairs))


# --- XLSX ----------------------------------------------------------------------------------


def word_ops(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level changes from old to new as (op, text) runs: op is "equal", "delete" or "insert".

    A replaced stretch is shown as its deletion, then its insertion, as tracked changes do.
    """
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("insert", " ".join(b[j1:j2])))
    return runs


def redline(old: str, new: str) -> CellRichText:
    """The redline as rich text: deleted words struck through in red, inserted words in green."""
    fonts = {"delete": DELETED_FONT, "insert": INSERTED_FONT}
    blocks: list[str | TextBlock] = []
    for n, (op, text) in enumerate(word_ops(old, new)):
        text = ILLEGAL_CHARACTERS_RE.sub("", text if n == 0 else " " + text)
        if n == 0:
            text = neutralise(text)
        blocks.append(TextBlock(fonts[op], text) if op in fonts else text)
    return CellRichText(blocks)


def _diff_sheet(ws: Worksheet, result: DiffResult, title: str) -> None:
    ws.title = "Diff"
    rows = []
    for pair in result.pairs:
        cells: list[str | float | None] = list(pair_cells(pair))
        cells[2] = pair.similarity
        cells += [pair.new.area if pair.new else "", pair.compared, "", ""]
        rows.append(cells)
    write_table(ws, XLSX_COLUMNS, rows)
    redline_col = XLSX_COLUMNS.index("redline") + 1
    styles: dict[str, object] = {}
    for r, pair in enumerate(result.pairs, start=2):
        fill = PatternFill("solid", fgColor=CHANGE_FILLS[pair.change])
        for col in range(1, len(XLSX_COLUMNS) + 1):
            styles[pair.change] = copy_style(ws.cell(row=r, column=col), styles.get(pair.change), fill=fill,
                                             alignment=WRAP_TOP)
        if pair.change == REWORDED and pair.old is not None:
            cell = ws.cell(row=r, column=redline_col)
            cell.value = redline(pair.old.text, pair.compared)
            cell.alignment = WRAP_TOP
    ws.column_dimensions[get_column_letter(redline_col)].width = 60
    set_print(ws, title, columns=len(DIFF_COLUMNS))


def _write_block(ws: Worksheet, top: int, header: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """A small table at row `top`: bold header, text typed "s"; returns the next free row."""
    write_header(ws, top, header)
    for r, row in enumerate(rows, start=top + 1):
        for col, value in enumerate(row, start=1):
            put(ws, r, col, value)
    return top + len(rows) + 2


PILLAR_HEADER = ("pillar", "old records", *CHANGES[:3], "new records", ADDED, *FLAGS)
BODY_HEADER = ("body", "led (old)", "led (new)", "gained", "lost", "added", "dropped")


def _pillar_rows(result: DiffResult) -> list[list[object]]:
    return [
        [c.pillar, c.old, c.unchanged, c.reworded, c.dropped, c.new, c.added, *(c.flags[f] for f in FLAGS)]
        for c in pillar_counts(result)
    ]


def _body_rows(result: DiffResult) -> list[list[object]]:
    return [[b.code, b.led_old, b.led_new, b.gained, b.lost, b.added, b.dropped] for b in body_leads(result)]


def _label(ws: Worksheet, row: int, text: str, bold: bool = True) -> None:
    cell = ws.cell(row=row, column=1, value=excel_text(text))
    cell.data_type = "s"
    if bold:
        cell.font = HEADER_FONT


def _summary_sheet(ws: Worksheet, result: DiffResult, old_id: str, new_id: str) -> None:
    ws.title = "Summary"
    _label(ws, 1, f"What became of the records of draft {old_id} in draft {new_id}")
    _label(ws, 2, "Each old record is counted once: unchanged if any of its rows is, else reworded, else dropped; "
           "a flag column counts the old records with that flag. Added: new records paired with none.", bold=False)
    _label(ws, 4, "Changes per pillar")
    row = _write_block(ws, 5, PILLAR_HEADER, _pillar_rows(result))
    _label(ws, row, "Lead bodies: activities gained and lost as lead (each one is listed on the sheet Lead changes)")
    row = _write_block(ws, row + 1, BODY_HEADER, _body_rows(result))
    _label(ws, row, "Colours of the Diff sheet")
    _write_block(ws, row + 1, ["change"], [[change] for change in CHANGES])
    for r, change in enumerate(CHANGES, start=row + 2):
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor=CHANGE_FILLS[change])
    ws.column_dimensions["A"].width = 18
    for col in range(2, len(PILLAR_HEADER) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 12


def render_diff_xlsx(result: DiffResult, old_id: str, new_id: str) -> bytes:
    wb = Workbook()
    title = f"Diff of drafts {old_id} and {new_id}"
    set_properties(wb, title, "What became of each activity between the two drafts")
    _diff_sheet(wb.active, result, title)
    _summary_sheet(wb.create_sheet(), result, old_id, new_id)
    ws = wb.create_sheet("Lead changes")
    write_table(ws, LEAD_CHANGE_COLUMNS, lead_changes(result))
    set_print(ws, f"{title} | lead changes")
    return workbook_bytes(wb)


# --- Markdown ------------------------------------------------------------------------------


def _md(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(_md(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]
    return lines


def _pillar_name(pillar: str) -> str:
    if pillar == "all":
        return "All pillars"
    return f"{pillar}. {PILLAR_TITLES[pillar]}" if pillar in PILLAR_TITLES else pillar or "(no pillar)"


def render_diff_md(result: DiffResult, old_id: str, new_id: str) -> bytes:
    """A summary a rapporteur can paste into minutes: one paragraph, a table per pillar and per lead body."""
    total = pillar_counts(result)[-1]
    f = total.flags
    name = diff_name(old_id, new_id)
    lines = [
        f"# Draft {old_id} compared with draft {new_id}",
        "",
        f"Of the {total.old} records of draft {old_id}, {total.unchanged} were carried over unchanged, "
        f"{total.reworded} reworded and {total.dropped} dropped; {total.added} of the {total.new} records "
        f"of draft {new_id} are new. Of the records carried over, {f[MOVED]} moved to another provision or "
        f"pillar, {f[LEAD_CHANGED]} have another lead body, {f[COOP_CHANGED]} other cooperating bodies, "
        f"{f[BECAME_AREA]} became a Possible Area of Collaboration, {f[SPLIT]} were split and {f[MERGED]} "
        f"merged with others. {f[REVIEW]} were matched with some doubt and are marked for review.",
        "",
        "## Per pillar",
        "",
        *_md_table(
            ("Pillar", f"{old_id} records", "unchanged", "reworded", "dropped", f"{new_id} records", "added",
             "moved", "lead changed", "became area", "review"),
            [
                [_pillar_name(c.pillar),
                 c.old, c.unchanged, c.reworded, c.dropped, c.new, c.added,
                 c.flags[MOVED], c.flags[LEAD_CHANGED], c.flags[BECAME_AREA], c.flags[REVIEW]]
                for c in pillar_counts(result)
            ],
        ),
        "",
        "## Lead bodies",
        "",
        *_md_table(
            ("Body", f"leads in {old_id}", f"leads in {new_id}", "gained", "lost", "added", "dropped"),
            _body_rows(result),
        ),
        "",
        f"Gained: activities of {new_id} a body leads whose counterparts in {old_id} (the item itself, or "
        f"the item that became their area) were led by another body; lost: the reverse. Added and "
        f"dropped: activities with no counterpart in the other draft. Each activity, with a word-level redline, is in "
        f"`{name}.xlsx` (and `{name}.csv`).",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def render_diff(result: DiffResult, old_id: str, new_id: str) -> dict[str, bytes]:
    """The three diff files keyed by name relative to out/diff/."""
    name = diff_name(old_id, new_id)
    return {
        f"{name}.csv": render_diff_csv(result),
        f"{name}.xlsx": render_diff_xlsx(result, old_id, new_id),
        f"{name}.md": render_diff_md(result, old_id, new_id),
    }


def diff_files(old: Extraction, new: Extraction) -> dict[str, bytes]:
    """Align two drafts' extractions and render the diff: the one call `tipmatrix diff OLD NEW` needs."""
    return render_diff(align(old.records, new.records), old.draft, new.draft)
