"""The Bohol test plan (tests/bohol_plan.py) printed with the endorsed plan's way of labelling:
provisions "(a)", "(b)", ... and pillar headings "PILLAR A: PREVENTION OF TIP".

`python tests/bohol_labels.py [OUT_DIR]` (default tests/fixtures/office; python-docx and LibreOffice
needed, the tests need neither) writes bohol-2017-labels.docx and its LibreOffice PDF export
bohol-2017-labels.pdf. Only the labels differ from bohol-2017.docx, so the records it holds are those
of expected-2017-11.jsonl (canonical provision letters "A".."L"; the labels as printed follow from
`relabel`).
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import bohol_plan as bp
import office_matrix as om

NAME = "bohol-2017-labels"


def provision_label(letter: str) -> str:
    """"B" -> "(b)": how the endorsed plan labels a provision."""
    return f"({letter.lower()})"


def relabel(rows: list) -> list:
    """The rows with each provision's "X. " printed "(x) " and each pillar heading "X. Title" printed
    "PILLAR X: TITLE"."""
    out: list = []
    for row in rows:
        if isinstance(row, om.Heading):
            m = re.match(r"^([A-D])\.\s+(.*)$", row.text)
            out.append(om.Heading(f"PILLAR {m.group(1)}: {m.group(2).upper()}") if m else row)
            continue
        cells = list(row)
        if isinstance(cells[0], str):
            cells[0] = re.sub(r"^([A-L])\.\s", lambda m: provision_label(m.group(1)) + " ", cells[0])
        out.append(tuple(cells))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else bp.FIXTURES
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docx = bp.build_docx(Path(tmp) / f"{NAME}.docx", relabel(bp.bohol_rows()))
        pdf = om.to_pdf(docx, Path(tmp))
        for path in (docx, pdf):
            shutil.copy(path, out_dir / path.name)
    print(f"{out_dir / NAME}.docx, .pdf")
    print(om.soffice_version())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
