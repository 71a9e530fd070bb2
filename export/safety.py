"""Neutralising text that a spreadsheet would run as a formula (CSV/formula injection).

OWASP lists =, +, -, @, TAB, CR and LF as dangerous first characters; a leading apostrophe
makes Excel and LibreOffice show the text as typed instead of evaluating it.
"""

from __future__ import annotations

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    """A leading apostrophe before a dangerous first character (and before an apostrophe that
    already precedes one, so that `restore` can always undo exactly what was added)."""
    if value and value.lstrip("'").startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text as it was before `neutralise`, for reading our own CSV back."""
    if value.startswith("'") and value[1:].lstrip("'").startswith(DANGEROUS_FIRST):
        return value[1:]
    return value
