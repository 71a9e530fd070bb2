"""The catalogue of record flags: every type a record may carry, declared once with its meaning.

`tipmatrix.model.flag()` refuses a type that is not declared here, the README's flag list and the
data package's code list are rendered from it, so a new flag is one line in this table.
"""

from __future__ import annotations

RECORD_FLAGS: dict[str, str] = {
    "missing-pillar": "the row comes before any pillar heading",
    "missing-provision": "no provision text could be read for the row",
    "no-activity": "a provision printed with no activity beside it (kind `provision`)",
    "missing-body": "no body cell for the row or the activity",
    "missing-lead": "no lead body could be read for the activity",
    "unresolved-body": "a body name that matches no registry body (kept in `bodies_raw`)",
    "fuzzy-body": "a body name read as a registry body by a fuzzy match, with its score",
    "vertical-body": "fragments of a vertically printed body name were dropped",
    "echo-dropped": "an OCR echo of a line was dropped",
    "lead-in": "the activity is a sub-item of the lead-in quoted",
    "body-apart": "the record's bodies are printed on another line of its own table row (named)",
    "split-by-bodies": "one printed cell was split to match the body groups beside it",
    "orphan-text": "text printed outside the table grid was placed by rule",
    "full-width-row": "the row was read from a full-width table row of a PDF",
    "category-uncertain": "May layout: the cell's column was only guessed, so category is left empty",
    "provision-completed": "the record's own printing of its provision is clipped or differs; the whole text "
                           "comes from the provision registry (normalize/provisions.csv), where it is printed",
    "provision-unregistered": "the record's provision is not in the provision registry; its text is as printed",
    "corrected": "a curated correction changed the record (fields and reason)",
    "truncated": "the source looks cut short after this record (the signs are named); check the file's end",
    "tracked-change": "Word: the record's cells carry a pending tracked change (who inserted or deleted what)",
    "comment": "Word: a comment anchored in the record's cells (author: text)",
    "ocr-uncertain": "scan: words of the record that OCR read with a confidence under the threshold"
                     " (each with its confidence, 0-100)",
}


def declared(kind: str) -> bool:
    """Whether `kind` is a record flag type of the catalogue."""
    return kind in RECORD_FLAGS


def markdown_list() -> str:
    """The catalogue as the Markdown list the README shows."""
    return "\n".join(f"- `{kind}`: {meaning}" for kind, meaning in RECORD_FLAGS.items())
