"""The body registry and the reconciliation of body mentions to canonical codes.

A mention is matched by a normalised key (NFKC, Cyrillic/Greek look-alikes folded to Latin,
upper case, letters and digits only), first against the registry's codes and aliases, then by
fuzzy match with a margin over the runner-up. Anything else stays unresolved and is flagged.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from tipmatrix.textfold import fold_lookalikes

REGISTRY_FILE = Path(__file__).with_name("bodies.csv")



@dataclass(frozen=True)
class Body:
    code: str
    name: str
    community: str
    parent: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class FuzzySettings:
    # SOMTO~SOMTC and OMHD~SOMHD score 80 with fuzz.ratio; nothing that is not a misreading of
    # a registry body scores that high against these short codes except SLOM~ASLOM (88.9), and
    # those two are both exact aliases, so they never reach the fuzzy step.
    cutoff: float = 75.0
    # The best candidate must beat the runner-up (another body) by this much, else it is a guess.
    margin: float = 10.0
    # Keys shorter than this are noise ("SO", "ED", "2"), never a body on their own.
    min_key_length: int = 4


FUZZY = FuzzySettings()


@dataclass(frozen=True)
class Resolution:
    """What a mention resolved to: `code` is None when it did not resolve."""

    mention: str
    code: str | None
    method: str  # exact | fuzzy | unresolved
    score: float = 100.0



NOT_KEY = re.compile(r"[^A-Z0-9]")


@lru_cache(maxsize=4096)
def body_key(text: str) -> str:
    """The matching key of a body mention: SOM-ED, SOMED and "SOM -ED" all give SOMED.

    Kept per text: a matrix names the same few bodies in every row, and each is keyed several times."""
    return NOT_KEY.sub("", fold_lookalikes(text).upper())


def load_registry(path: Path = REGISTRY_FILE) -> tuple[Body, ...]:
    with open(path, newline="", encoding="utf-8") as f:
        return tuple(
            Body(
                code=row["code"],
                name=row["name"],
                community=row["community"],
                parent=row["parent"],
                aliases=tuple(a for a in row["aliases"].split("|") if a),
            )
            for row in csv.DictReader(f)
        )


@cache
def registry() -> tuple[Body, ...]:
    return load_registry()


@cache
def alias_index() -> dict[str, str]:
    """Key of every code and alias -> canonical code, in registry order."""
    index: dict[str, str] = {}
    for body in registry():
        for name in (body.code, *body.aliases):
            index.setdefault(body_key(name), body.code)
    return index


@cache
def codes() -> tuple[str, ...]:
    return tuple(b.code for b in registry())


@lru_cache(maxsize=4096)
def resolve(mention: str, settings: FuzzySettings = FUZZY) -> Resolution:
    """Resolve one body mention (one name, not a list) to a canonical code.

    Kept per mention (the registry is read once, and a Resolution is frozen): a misread name
    recurs on every row it is printed on, and its fuzzy match scores it against every alias."""
    key = body_key(mention)
    index = alias_index()
    if key in index:
        return Resolution(mention, index[key], "exact")
    if len(key) < settings.min_key_length:
        return Resolution(mention, None, "unresolved", 0.0)
    best: dict[str, float] = {}
    for alias_key, code in index.items():
        score = fuzz.ratio(key, alias_key)
        best[code] = max(best.get(code, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], codes().index(kv[0])))
    (code, score), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= settings.cutoff and score - runner_up >= settings.margin:
        return Resolution(mention, code, "fuzzy", round(score, 1))
    return Resolution(mention, None, "unresolved", round(score, 1))


# Words that join body names in a cell ("SOMTC & SOMED", "SLOM and SOMTO", OCR "SOMSWD a ACWC").
CONNECTORS = re.compile(r"\s*(?:,|&|/|\band\b|\ba\b|;)\s*")
PARENTHESISED = re.compile(r"^\s*([A-Za-z][\w -]*?)\s*\(\s*([A-Za-z][\w -]*?)\s*\)\s*$")


def split_mentions(text: str) -> list[str]:
    """Split a list of body names as printed into single mentions.

    "SLOM (ACMW)" stays whole (it names ACMW under SLOM); "All other SB" stays whole.
    """
    text = text.strip()
    if not text:
        return []
    if body_key(text) in alias_index():
        return [text]
    parts = [p.strip() for p in CONNECTORS.split(text)]
    return [p for p in parts if p and body_key(p)]


def resolve_parenthesised(mention: str) -> Resolution | None:
    """"SLOM (ACMW)": the body in brackets, when it is a registry body whose parent is outside."""
    m = PARENTHESISED.match(mention)
    if not m:
        return None
    inner = resolve(m.group(2))
    if inner.code:
        return Resolution(mention, inner.code, inner.method, inner.score)
    return None
