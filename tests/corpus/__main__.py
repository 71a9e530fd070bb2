"""`python -m corpus` (with tests/ and the checkout on the path; `make corpus N=200`): generate N
documents in a temporary folder, read each through the project, print the figures.

Each document's seed is FIRST+i; its format (reportlab PDF, LibreOffice PDF, Word, text rendition) is
drawn from the seed like everything else. -v lists what went wrong in each imperfect document, with
its seed: `python -m corpus --first SEED --n 1 --keep DIR -v` rebuilds one document to look at.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from corpus.generate import FORMATS, convert_with_office, draw, soffice, write
from corpus.measure import read_and_score, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents to generate (default 200)")
    parser.add_argument("--first", type=int, default=1, help="the first seed (default 1)")
    parser.add_argument("--format", choices=FORMATS, help="write every document in this format")
    parser.add_argument("--keep", type=Path, help="write the documents here (kept) instead of a temporary folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the problems of each imperfect document")
    args = parser.parse_args(argv)
    specs = [draw(seed, args.format) for seed in range(args.first, args.first + args.n)]
    if soffice() is None and any(s.fmt == "lo-pdf" for s in specs):
        print("corpus: LibreOffice (soffice) not found: the office-suite PDFs are written as Word documents",
              file=sys.stderr)
        specs = [s if s.fmt != "lo-pdf" else draw(s.seed, "docx") for s in specs]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tipmatrix-corpus-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        written = [(spec, *write(spec, folder)) for spec in specs]
        convert_with_office([p.with_suffix(".docx") for s, p, _ in written if s.fmt == "lo-pdf"], folder)
        generated = time.perf_counter()
        results = []
        for spec, path, expected in written:
            result = read_and_score(path, expected)
            results.append((spec, result))
            if args.verbose and not result.perfect():
                print(f"seed {spec.seed} ({path.name}; {', '.join(f'{k} {v}' for k, v in spec.variants().items())}):")
                for problem in result.problems[:8]:
                    print(f"    {problem}")
    read = time.perf_counter()
    for line in report(results):
        print(line)
    print(f"corpus: {len(specs)} documents generated in {generated - started:.1f} s, read and scored in"
          f" {read - generated:.1f} s (seeds {args.first}-{args.first + args.n - 1})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
