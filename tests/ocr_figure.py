"""`python tests/ocr_figure.py [--dpi 150 200 300] [--speed]`: the OCR figures on scans made here.

Scans the office-suite PDFs of the May and November 2016 matrices and of the Bohol draft
(tests/fixtures/office/) at each dpi with `tests/ocr_scans.py` (turned by up to a degree,
speckled, blurred, JPEG, image-only PDFs) in a temporary folder, reads each through the pipeline
with an empty OCR cache, and prints per scan: found, pillar, provision, lead and cooperating (the
scoring of tests/office_score.py against the expected records, which are hand-read, not made by the
code under test), invented bodies,
unassigned lines (% of the OCR text lines), seconds.
Invented bodies: a body code on a record that no expected record of its pillar and provision has.

`--speed`: the 9-page May scan at 200 dpi read cold (empty cache) beside bare `tesseract PAGE - tsv`
run over its page images one after another (as installed, and with OMP_THREAD_LIMIT=1), and read
again with the cache.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ocr_scans import OFFICE, scan_pdf
from office_score import load_expected, score

from tipmatrix.model import Record

SOURCES = {"2016-05": "may-2016.pdf", "2016-11": "nov-2016.pdf", "2017-11": "bohol-2017.pdf"}


def invented_bodies(expected: list[dict], records: list[Record]) -> list[str]:
    """Body codes on records that no expected record of the same pillar and provision has: a body made
    from a misread word (a record split off by a misread marker keeps its row's real bodies and does
    not count; its text counts in found)."""
    printed: dict[tuple[str, str], set[str]] = {}
    for want in expected:
        printed.setdefault((want["pillar"], want["provision_letter"]), set()).update(want["lead"], want["cooperating"])
    return [f"{b} ({rec.pillar}.{rec.provision}: {rec.text[:40]})" for rec in records
            for b in (*rec.lead, *rec.cooperating) if b not in printed.get((rec.pillar, rec.provision), set())]


def figures(pdf: Path, draft: str) -> str:
    from tipmatrix.pipeline import source_records

    started = time.perf_counter()
    extraction = source_records(pdf, draft)
    seconds = time.perf_counter() - started
    expected = load_expected(OFFICE / f"expected-{draft}.jsonl")
    result = score(expected, list(extraction.records))
    hits, found = result.field_hits, max(result.found, 1)
    counts = extraction.counts()
    invented = invented_bodies(expected, list(extraction.records))
    fields = ", ".join(f"{name} {hits[name] / found:.1%}" for name in ("pillar", "provision", "lead", "cooperating"))
    line = (f"found {result.found_share:.1%} ({result.found}/{result.expected}), {fields}, invented bodies"
            f" {len(invented)}, unassigned lines {counts['unassigned'] / counts['lines']:.1%}"
            f" ({counts['unassigned']}/{counts['lines']}), {seconds:.1f} s")
    return line + "".join(f"\n    invented: {b}" for b in invented) + "".join(
        f"\n    missed: {m}" for m in result.misses)


def speed(tmp: Path) -> None:
    """The May scan at 200 dpi: our reading (cold and cached) beside bare tesseract page by page."""
    from tipmatrix.pipeline import source_records

    pdf = scan_pdf(OFFICE / "may-2016.pdf", tmp / "may-2016-200dpi.pdf", 200)
    subprocess.run(["pdfimages", "-all", str(pdf), str(tmp / "page")], check=True)
    images = sorted(tmp.glob("page-*"))
    started = time.perf_counter()
    for image in images:
        subprocess.run(["tesseract", str(image), "-", "tsv"], check=True, capture_output=True)
    bare = time.perf_counter() - started
    started = time.perf_counter()  # the same with tesseract on one thread, as tipmatrix runs it per page
    for image in images:
        subprocess.run(["tesseract", str(image), "-", "tsv"], check=True, capture_output=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    bare_one = time.perf_counter() - started
    started = time.perf_counter()
    source_records(pdf, "2016-05")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    source_records(pdf, "2016-05")
    cached = time.perf_counter() - started
    print(f"speed, {len(images)}-page May scan at 200 dpi on {os.cpu_count()} cores: bare tesseract page by page"
          f" {bare:.1f} s (on one thread each: {bare_one:.1f} s); tipmatrix {cold:.1f} s ({cold / bare:.2f}x;"
          f" {cold / bare_one:.2f}x the one-thread run), again from the cache {cached:.1f} s ({cached / bare:.2f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="*", default=[150, 200, 300])
    parser.add_argument("--draft", nargs="*", default=list(SOURCES))
    parser.add_argument("--speed", action="store_true", help="time the May scan against bare tesseract")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TIPMATRIX_CACHE"] = str(Path(tmp) / "cache")  # every scan read, none from the cache
        if args.speed:
            speed(Path(tmp))
            return 0
        for dpi in args.dpi:
            for draft in args.draft:
                pdf = scan_pdf(OFFICE / SOURCES[draft], Path(tmp) / f"{draft}-{dpi}dpi.pdf", dpi)
                print(f"{draft} at {dpi} dpi: {figures(pdf, draft)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    raise SystemExit(main())
