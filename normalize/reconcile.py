"""Reconcile the body mentions of extracted records to canonical registry codes.

The extractor leaves in `lead` and `cooperating` the body text as printed (one entry per
list it read, e.g. "SLOM and SOMTO"); here each is split into mentions and resolved. What
does not resolve is kept out of the codes, named in an `unresolved-body` flag, never guessed.
"""

from __future__ import annotations

from tipmatrix.bodies import Resolution, resolve, resolve_parenthesised, split_mentions
from tipmatrix.model import Extraction, Record, flag


def resolve_mention(mention: str) -> Resolution:
    return resolve_parenthesised(mention) or resolve(mention)


def resolve_list(printed: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Codes for the printed body lists, in order without repeats, and the flags they raise."""
    found: list[str] = []
    flags: list[str] = []
    for text in printed:
        for mention in split_mentions(text):
            res = resolve_mention(mention)
            if res.code is None:
                flags.append(flag("unresolved-body", f"{mention!r} matches no registry body (best {res.score:.0f})"))
                continue
            if res.method == "fuzzy":
                flags.append(flag("fuzzy-body", f"{mention!r} read as {res.code} (score {res.score:.0f})"))
            if res.code not in found:
                found.append(res.code)
    return tuple(found), flags


def reconcile_record(rec: Record) -> Record:
    lead, lead_flags = resolve_list(rec.lead)
    cooperating, coop_flags = resolve_list(rec.cooperating)
    cooperating = tuple(c for c in cooperating if c not in lead)
    out = rec.replace(lead=lead, cooperating=cooperating)
    for f in lead_flags + coop_flags:
        out = out.with_flag(f)
    if rec.kind == "activity" and not lead:
        out = out.with_flag(flag("missing-lead", "no lead body could be read for this activity"))
    return out


def reconcile(extraction: Extraction) -> Extraction:
    return extraction.with_records([reconcile_record(r) for r in extraction.records])
