"""A rapporteur's Review column on the diff sheet -> pin / forbid decisions (normalize/pins.py).

Pure: the caller reads the Diff sheet into a `Sheet` and renders the rows of the current diff
(`expected`, keyed by the pair's two record ids) to compare it with. On a row of a pair, `wrong`
forbids the pair; on a row of an old record left unpaired, a record id of the new draft pins the
two together (and the other way round on a row of a new record). Every other cell is read-only;
a row deleted, added or repeated is refused, as on the pillar sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tipmatrix.normalize.pins import FORBID, PIN, Decision
from tipmatrix.normalize.review_edits import Sheet, same_text
from tipmatrix.textfold import squash_spaces

# Heading on the Diff sheet -> field (as in export/diff.py XLSX_COLUMNS); add new wording here.
DIFF_SHEET_FIELDS: dict[str, str] = {
    **{name: name for name in (
        "change", "flags", "similarity", "record_id_old", "record_id_new", "pillar_old", "pillar_new",
        "provision_old", "provision_new", "activity_old", "activity_new", "lead_old", "lead_new",
        "cooperating_old", "cooperating_new", "area_new", "compared_with", "evidence", "redline",
        "pillar_change", "lead_change", "cooperating_change", "review",
    )},
    "Review": "review",
}
WRONG = "wrong"
# the Review column takes the edits; every other cell, the redline too (its text, read without its
# strike-through and colours), must be as the workbook showed it
UNCOMPARED = ("review",)


@dataclass
class PairOutcome:
    decisions: list[tuple[Decision, str]] = field(default_factory=list)  # (decision, cell)
    refusals: list[str] = field(default_factory=list)
    on_file: int = 0


def _columns(sheet: Sheet, out: PairOutcome) -> dict[str, int] | None:
    columns = {}
    for col, heading in enumerate(sheet.header, start=1):
        name = DIFF_SHEET_FIELDS.get(squash_spaces(heading))
        if name is None and heading.strip():
            out.refusals.append(
                f"{sheet.where(1, col)}: column {squash_spaces(heading)!r} is not one of the sheet's columns")
        elif name is not None:
            columns[name] = col
    missing = [n for n in ("record_id_old", "record_id_new", "review") if n not in columns]
    if missing:
        out.refusals.append(f"{sheet.where()}: no column {', '.join(map(repr, missing))}; put the column back")
        return None
    return columns


def _decision(
    key: tuple[str, str], review: str, where: str, ids: tuple[set[str], set[str]], drafts: tuple[str, str],
    out: PairOutcome,
) -> tuple[str, str, str] | None:
    """(old id, new id, pin|forbid) that a Review cell asks for, or None with its refusal."""
    old_id, new_id = key
    if old_id and new_id:
        if review.casefold() == WRONG:
            return (old_id, new_id, FORBID)
        out.refusals.append(f"{where}: {review!r} on a pair; type `wrong` to unpair it")
    elif old_id:
        if review in ids[1]:
            return (old_id, review, PIN)
        out.refusals.append(f"{where}: {review!r} is no record of draft {drafts[1]}; type the record_id of the "
                            f"{drafts[1]} record this one became")
    else:
        if review in ids[0]:
            return (review, new_id, PIN)
        out.refusals.append(f"{where}: {review!r} is no record of draft {drafts[0]}; type the record_id of the "
                            f"{drafts[0]} record this one came from")
    return None


def _known(wanted: tuple[str, str, str], known: dict[tuple[str, str], Decision], where: str, out: PairOutcome) -> bool:
    """Whether a decision is on file already (counted), or contradicts one there (refused)."""
    d = known.get(wanted[:2])
    if d is None:
        return False
    if d.decision == wanted[2]:
        out.on_file += 1
    else:
        out.refusals.append(f"{where}: conflicts with {d.path} line {d.line} ({d.decision}); edit that line instead")
    return True


def _read_only(sheet: Sheet, number: int, text: dict[str, str], columns: dict[str, int],
               expected: dict[str, str], out: PairOutcome) -> None:
    for name, col in columns.items():
        if name not in UNCOMPARED and not same_text(text[name], expected.get(name, "")):
            out.refusals.append(f"{sheet.where(number, col)}: column {name!r} is read-only "
                                f"(was {expected.get(name, '')!r}); only Review takes edits")


def pair_decisions(
    sheet: Sheet,
    expected: dict[tuple[str, str], dict[str, str]],
    ids: tuple[set[str], set[str]],
    drafts: tuple[str, str],
    on_file: Sequence[Decision],
    reason: str,
) -> PairOutcome:
    """The decisions of the Review column, checked against the diff the workbook showed
    (`expected`), the record ids of today's build (`ids`) and the decisions on file."""
    out = PairOutcome()
    columns = _columns(sheet, out)
    if columns is None:
        return out
    known = {d.key: d for d in on_file}
    seen: dict[tuple[str, str], int] = {}
    for number, cells in sheet.rows:
        text = {name: (cells[col - 1] if col <= len(cells) else "").strip() for name, col in columns.items()}
        if not any(text.values()):
            continue
        key = (text["record_id_old"], text["record_id_new"])
        where = sheet.where(number, columns["review"])
        id_cell = sheet.where(number, columns["record_id_old" if key[0] else "record_id_new"])
        label = f"{key[0] or '-'} / {key[1] or '-'}"
        if key in seen:
            out.refusals.append(f"{id_cell}: the pair {label} again (first on row {seen[key]})")
            continue
        seen[key] = number
        wanted = _decision(key, text["review"], where, ids, drafts, out) if text["review"] else None
        decided = wanted is not None and _known(wanted, known, where, out)
        if key not in expected:
            out.refusals.append(f"{id_cell}: no pair {label} in this build; do not type or change record ids")
            continue
        _read_only(sheet, number, text, columns, expected[key], out)
        if wanted is not None and not decided:
            out.decisions.append((Decision("", 0, *wanted, f"{reason} ({where})"), where))
    for key in expected:
        if key not in seen:
            out.refusals.append(f"{sheet.where()}: the row of pair {key[0] or '-'} / {key[1] or '-'} was deleted; "
                                "put it back")
    return out
