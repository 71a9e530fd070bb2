"""Neutralising text that a spreadsheet would run as a formula (CSV/formula injection).

OWASP lists =, +, -, @, TAB, CR and LF as dangerous first characters; a leading apostrophe
makes Excel and LibreOffice show the text as typed instead of evaluating it.
"""

from __future__ import annotations

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    if value and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value
