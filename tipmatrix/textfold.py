"""Text folding shared by every stage: look-alike letters and runs of whitespace.

Two different foldings with names that say which: `fold_lookalikes` for matching (NFKC, Cyrillic
and Greek look-alikes read as Latin), `squash_spaces` for comparing text as printed.
"""

from __future__ import annotations

import unicodedata

# Cyrillic and Greek capitals that OCR and fonts give for Latin ones ("В." for "B.", "СОМТС").
LOOKALIKES = str.maketrans(
    {
        "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "К": "K", "М": "M",
        "О": "O", "Р": "P", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "Ј": "J",
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "ѕ": "s",
        "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
    }
)


def fold_lookalikes(text: str) -> str:
    """NFKC and Latin look-alikes: "В." (Cyrillic) reads as "B."."""
    return unicodedata.normalize("NFKC", text).translate(LOOKALIKES)


def squash_spaces(text: str) -> str:
    """Every run of whitespace (line breaks included) as one space, none at the ends."""
    return " ".join(text.split())
