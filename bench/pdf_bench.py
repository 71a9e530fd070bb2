"""Time the PDF front-end beside bare pdfplumber on the same file.

`bench_pdf(path)` times `read_pdf` and pdfplumber's `extract_tables()` on every page (each on a
freshly opened file, best of `repeat`), so the cost of our own steps shows as the ratio.
`python -m extract.pdf_bench [file.pdf]` prints both; without a file it draws a 16-page matrix
with the test builder (tests/pdf_builder.py, reportlab from the test extra) and times that.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pdfplumber

from bench.timing import best_of
from tipmatrix.extract.pdf_front import read_pdf


def _bare_extract_tables(path: Path) -> int:
    tables = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables += len(page.extract_tables())
            page.close()
    return tables



def bench_pdf(path: Path, repeat: int = 3) -> dict:
    """Seconds for read_pdf and for bare extract_tables() on every page of `path`, and their ratio."""
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    bare = best_of(lambda: _bare_extract_tables(path), repeat)
    ours = best_of(lambda: read_pdf(path), repeat)
    return {"file": str(path), "pages": pages, "read_pdf_s": ours, "pdfplumber_extract_tables_s": bare,
            "ratio": ours / bare}


def sample_matrix(path: Path, pages: int = 16) -> Path:
    """A November-layout matrix of about `pages` pages, drawn by the test builder."""
    from bench.pdf_builder import SPANNED, Heading, build_matrix_pdf

    rows: list = []
    for pillar, title in (("A", "Prevention of TIP"), ("B", "Protection of Victims"),
                          ("C", "Law Enforcement and Prosecution of Crimes of Trafficking in Persons"),
                          ("D", "Regional and International Cooperation and Coordination")):
        rows.append(Heading(f"{pillar}. {title}"))
        for p in range(pages * 7 // 16):  # about a page per 16/7 provisions of three rows, four pillars
            for a in range(3):
                provision = SPANNED if a else (f"{'ABCDEFGHIJKL'[p % 12]}. Strengthen regional cooperation on"
                                               f" provision {p} to prevent trafficking in persons")
                area = f"Area {p}.{a}: sharing of information and best practices" if a != 2 else SPANNED
                activity = "\n".join(f"- Conduct a regional workshop number {p}.{a}.{i} on victim identification"
                                     " and referral, with the cooperating sectoral bodies" for i in range(2))
                rows.append((provision, area, activity, "", "Lead: SOMTC\nCSB: ACWC and SLOM", ""))
    return build_matrix_pdf(path, "nov-2016", rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args[0]) if args else sample_matrix(Path(tmp) / "matrix-16-pages.pdf")
        result = bench_pdf(path)
    print(f"PDF front-end on {result['pages']} pages: read_pdf {result['read_pdf_s']:.3f} s,"
          f" bare pdfplumber extract_tables {result['pdfplumber_extract_tables_s']:.3f} s,"
          f" ratio {result['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
