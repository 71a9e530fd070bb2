"""Each draft's whole provision texts, from the provision registry `normalize/provisions.csv`.

The renditions clip the provision column (November's pillar A reads "Increase awareness of to
educate all levels of on ..."), the drafts print the same APA provisions under different letters
(or none), and a later draft may reword one. The registry is in long form, one row per provision
and draft, so any number of drafts can be registered:

- `provision`: the provision's key, its pillar and its number in the pillar ("A-1", "B-3"): the
  order in which the registry first listed it. A key is never renumbered or reused, so it names
  the same APA provision in every draft, whatever letter (or none) a draft prints;
- `draft`, and `label`: the letter as that draft prints it ("A.", look-alike letters folded; ""
  where it prints none);
- `text`: the provision in that draft's own words, whole;
- `source_lines`: where that draft prints it (`FILE:FIRST-LAST`);
- `completed_from`: where the words clipped by that draft's rendition are printed (another
  draft's `FILE:FIRST-LAST`, "" when the draft prints the text whole); `note`: what differs.

A record of a registered draft gets its own draft's text, flagged `provision-completed` where its
printing differs. A record of a draft the registry does not hold keeps the text it prints (the
registry never puts another draft's words in its place), flagged `provision-unregistered` only
where no registered provision matches it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from tipmatrix.errors import InputError
from tipmatrix.model import Extraction, Record, flag
from tipmatrix.textfold import fold_lookalikes

REGISTRY = Path(__file__).with_name("provisions.csv")
COLUMNS = ("provision", "draft", "label", "text", "source_lines", "completed_from", "note")
KEY = re.compile(r"[A-D]-[1-9]\d*")
PLACES = re.compile(r"(\S+:\d+-\d+)( \S+:\d+-\d+)*")
# The opening words tell provisions apart (they start with different verbs and objects); a clipped
# printing keeps most of them: November's damaged pillar-A openings score 80-90 against their
# whole text, the nearest other provision of the same pillar under 60.
OPENING_CHARS = 60
MIN_OPENING_SCORE = 70.0


@dataclass(frozen=True)
class RegisteredProvision:
    """One provision as one draft prints it (a row of the registry)."""

    key: str  # "A-1": pillar and number, the same in every draft
    draft: str
    label: str  # as the draft prints it, "A." ("" where none is printed)
    text: str  # the draft's own words, whole
    source_lines: str  # "001_fcb319b1d564dd03.txt:41-43"
    completed_from: str = ""  # where the words clipped in this draft's rendition are printed
    note: str = ""

    @property
    def pillar(self) -> str:
        return self.key.split("-")[0]

    @property
    def printed_in(self) -> str:
        """Every place that prints the words of `text`: the draft's own lines, then the completion's."""
        return " ".join(p for p in (self.source_lines, self.completed_from) if p)


def _row_problem(row: dict[str, str]) -> str:
    if not KEY.fullmatch(row["provision"]):
        return "the provision key must be a pillar A-D and a number, as 'A-1'"
    if not row["draft"].strip() or any(c.isspace() for c in row["draft"]):
        return "the draft must be named (as in raw/sources.toml), without spaces"
    if not row["text"].strip():
        return "the text is empty"
    if not PLACES.fullmatch(row["source_lines"]):
        return "source_lines must be FILE:FIRST-LAST"
    if row["completed_from"] and not PLACES.fullmatch(row["completed_from"]):
        return "completed_from must be empty or FILE:FIRST-LAST"
    return ""


@cache
def load_registry(path: Path = REGISTRY) -> tuple[RegisteredProvision, ...]:
    """Every row of the registry, checked: a bad row is an InputError naming its line."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise InputError(path, f"the columns must be {', '.join(COLUMNS)}; fix the header")
        rows = list(reader)
    out: list[RegisteredProvision] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        problem = _row_problem(row)
        if not problem and (row["provision"], row["draft"]) in seen:
            problem = f"{row['provision']} is registered twice for draft {row['draft']}"
        if problem:
            raise InputError(path, f"line {number}: {problem}; fix the row")
        seen.add((row["provision"], row["draft"]))
        out.append(RegisteredProvision(row["provision"], row["draft"], row["label"].strip(), row["text"].strip(),
                                       row["source_lines"], row["completed_from"], row["note"]))
    return tuple(out)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """Whitespace-normalised, lower-cased (cached: every record of a provision asks it of one text)."""
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=1024)
def label_core(label: str) -> str:
    """A provision label without its punctuation, look-alikes folded, lower-cased: "(a)", "A." -> "a"."""
    return re.sub(r"[\W_]+", "", fold_lookalikes(label)).lower()


def find(rec: Record, registry: tuple[RegisteredProvision, ...]) -> RegisteredProvision | None:
    """The registry row of a record's provision: same pillar and the closest opening words (at
    least MIN_OPENING_SCORE). Among the rows of the record's own draft when it is registered (and
    with the same letter when both print one); among every draft's rows when it is not."""
    printed = _key(rec.provision_text)
    if not printed:
        return None
    own = any(p.draft == rec.draft for p in registry)
    label = label_core(rec.provision)
    best, best_score = None, MIN_OPENING_SCORE
    for provision in registry:
        if provision.pillar != rec.pillar or (own and provision.draft != rec.draft):
            continue
        if own and label and provision.label and label_core(provision.label) != label:
            continue
        score = fuzz.ratio(printed[:OPENING_CHARS], _key(provision.text)[:OPENING_CHARS])
        if score > best_score or (score == best_score and best is None):
            best, best_score = provision, score
    return best


def complete_record(rec: Record, registry: tuple[RegisteredProvision, ...]) -> Record:
    """The record with its own draft's whole provision text; flagged where that differs from its printing."""
    return with_provision(rec, find(rec, registry))


def with_provision(rec: Record, provision: RegisteredProvision | None) -> Record:
    """`rec` with the text of its registry row, when that row is of its own draft."""
    if provision is None:
        if rec.provision_text:
            return rec.with_flag(flag("provision-unregistered", "no provision of the registry matches this one"))
        return rec
    if provision.draft != rec.draft or _key(provision.text) == _key(rec.provision_text):
        return rec
    printed = rec.provision_text if len(rec.provision_text) <= 60 else rec.provision_text[:57] + "..."
    return rec.replace(provision_text=provision.text).with_flag(
        flag("provision-completed", f"printed here as {printed!r}, whole text of {provision.key} from "
                                    f"{provision.printed_in}")
    )


def complete_provisions(extraction: Extraction, registry: tuple[RegisteredProvision, ...] | None = None) -> Extraction:
    """Every record with its own draft's whole provision text (see the module docstring)."""
    registry = load_registry() if registry is None else registry
    found: dict[tuple[str, str, str, str], RegisteredProvision | None] = {}
    out = []
    for rec in extraction.records:
        key = (rec.draft, rec.pillar, rec.provision, rec.provision_text)
        if key not in found:
            found[key] = find(rec, registry)
        out.append(with_provision(rec, found[key]))
    return extraction.with_records(out)
