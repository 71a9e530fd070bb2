"""Time the regeneration and its parts: `make bench` runs `python -m bench`.

Each figure is the best of `repeat` runs, in seconds, and is printed on one labelled line:
the whole regeneration of raw/ (`pipeline.build` into a temporary folder, and the same in one
process), and `tipmatrix build` as a command, beside importing its libraries in a fresh
interpreter (aim: the command under 2x the import); exporting both drafts
from already-extracted records; aligning the two drafts; and the PDF front-end on a 16-page matrix
drawn by the test builder beside bare pdfplumber `extract_tables()` (aim: under 1.5x). Then
bench/extraction.py: Word and PDF extraction to records of the office-suite documents of the tests
beside the bare libraries (aims: 1.5x and 1.3x).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.timing import best_of
from tipmatrix import pipeline
from tipmatrix.normalize.align import align

RAW = Path(__file__).resolve().parents[1] / "raw"
IMPORT_STATEMENT = "import pandas, rapidfuzz, openpyxl, pdfplumber"
REGENERATION_AIM = 2.0  # the aim: regenerating everything costs under twice importing the libraries
PDF_AIM = 1.5  # our steps on top of pdfplumber's table finder cost under half as much again
PDF_PAGES = 16
DOCX_AIM = 1.5  # the Word front-end costs under half as much again as bare python-docx reading every cell


def time_regeneration(raw_dir: Path = RAW, repeat: int = 3) -> dict:
    """Seconds for `pipeline.build` of `raw_dir` into a fresh temporary folder (in this process,
    libraries already imported), beside a fresh `python -c "import ..."` (interpreter start
    included), and their ratio."""
    with tempfile.TemporaryDirectory(prefix="tipmatrix-bench-") as tmp:
        runs = iter(range(2 * repeat))
        regeneration = best_of(lambda: pipeline.build(raw_dir, Path(tmp) / f"out-{next(runs)}"), repeat)
        # the same with no second process: what the build costs a machine with one CPU
        one_process = best_of(
            lambda: pipeline.build(raw_dir, Path(tmp) / f"out-{next(runs)}", pipeline.RunOptions(parallel=False)),
            repeat,
        )
        # the same regeneration as a user runs it: a fresh `tipmatrix build`, imports included
        build = [sys.executable, "-m", "tipmatrix.cli", "build", "--raw", str(raw_dir)]
        outs = iter(range(repeat))
        command_s = best_of(
            lambda: subprocess.run([*build, "--out", str(Path(tmp) / f"cmd-{next(outs)}")], check=True,
                                   capture_output=True),
            repeat,
        )
    command = [sys.executable, "-c", IMPORT_STATEMENT]
    imports = best_of(lambda: subprocess.run(command, check=True), repeat)
    return {"regeneration_s": regeneration, "import_s": imports, "ratio": regeneration / imports,
            "one_process_s": one_process, "import_command": command, "command_s": command_s,
            "command_ratio": command_s / imports}


def time_export(results: list[pipeline.DraftResult], repeat: int = 3) -> dict:
    """Seconds to render every file of every draft (pillar files, workbook, records, coverage)
    from already-extracted records."""

    def export_all() -> None:
        for result in results:
            pipeline.draft_outputs(result.extraction, result.source)

    return {"export_s": best_of(export_all, repeat), "drafts": [r.source.draft for r in results]}


def time_alignment(results: list[pipeline.DraftResult], repeat: int = 3) -> dict:
    """Seconds to align the records of the first and the last draft by meaning."""
    old, new = results[0], results[-1]
    seconds = best_of(lambda: align(old.extraction.records, new.extraction.records), repeat)
    return {"align_s": seconds, "old": old.source.draft, "new": new.source.draft}


def sample_pdf(folder: Path, pages: int = PDF_PAGES) -> Path:
    """A November-layout matrix of `pages` pages, drawn by bench/pdf_builder.py (reportlab)."""
    from bench.pdf_bench import sample_matrix

    return sample_matrix(folder / f"matrix-{pages}-pages.pdf", pages)


def time_pdf(path: Path, repeat: int = 3) -> dict:
    """Seconds for `read_pdf` and for bare pdfplumber `extract_tables()` on every page of `path`."""
    from bench.pdf_bench import bench_pdf

    return bench_pdf(path, repeat)


def time_docx(repeat: int = 3) -> dict:
    """Seconds for `read_docx` and for bare python-docx reading every cell, on a 16-page Word matrix."""
    from bench.docx_bench import bench_docx, sample_docx

    with tempfile.TemporaryDirectory(prefix="tipmatrix-bench-docx-") as tmp:
        return bench_docx(sample_docx(Path(tmp) / "matrix-16-pages.docx"), repeat)


def docx_report(docx: dict) -> list[str]:
    """The Word front-end's line of the report, and what it covers."""
    return [
        f"docx extraction {docx['read_docx_s']:.2f} s | bare python-docx cell.text {docx['python_docx_cells_s']:.2f} s"
        f" | " + _aim(docx["ratio"], DOCX_AIM),
        f"  docx: a 16-page November matrix ({docx['rows']} rows) written by bench/docx_bench.py; read_docx beside"
        " python-docx reading every cell's text of every table",
    ]


def run(raw_dir: Path = RAW, repeat: int = 3, pdf_pages: int = PDF_PAGES) -> dict:
    """Every figure of the bench, by name."""
    figures = {"regeneration": time_regeneration(raw_dir, repeat)}
    results = pipeline.read_drafts(raw_dir)
    figures["export"] = time_export(results, repeat)
    figures["alignment"] = time_alignment(results, repeat)
    with tempfile.TemporaryDirectory(prefix="tipmatrix-bench-pdf-") as tmp:
        figures["pdf"] = time_pdf(sample_pdf(Path(tmp), pdf_pages), repeat)
    return figures


def _aim(ratio: float, aim: float) -> str:
    return f"ratio {ratio:.2f}x (aim < {aim:g}x{'' if ratio < aim else ', MISSED'})"


def report(figures: dict, repeat: int = 3) -> list[str]:
    """One labelled line per figure, then what each figure covers."""
    reg, exp, ali, pdf = figures["regeneration"], figures["export"], figures["alignment"], figures["pdf"]
    return [
        f"tipmatrix bench: best of {repeat} runs each",
        f"regeneration {reg['regeneration_s']:.2f} s | import {reg['import_s']:.2f} s | "
        + _aim(reg["ratio"], REGENERATION_AIM),
        f"regeneration as a command {reg['command_s']:.2f} s | import {reg['import_s']:.2f} s | "
        + _aim(reg["command_ratio"], REGENERATION_AIM),
        f"regeneration in one process {reg['one_process_s']:.2f} s",
        f"export {exp['export_s']:.2f} s ({' and '.join(exp['drafts'])})",
        f"alignment {ali['align_s']:.2f} s ({ali['old']} -> {ali['new']})",
        f"pdf extraction {pdf['read_pdf_s']:.2f} s | bare pdfplumber extract_tables"
        f" {pdf['pdfplumber_extract_tables_s']:.2f} s | " + _aim(pdf["ratio"], PDF_AIM),
        "  regeneration: pipeline.build of raw/ (every draft, diff, data package) into a temporary folder,"
        " in this process with the libraries already loaded; the drafts' files and the comparisons are"
        " rendered in two processes where fork and two CPUs are available",
        "  regeneration as a command: a fresh `python -m tipmatrix.cli build` (what `make` runs), interpreter"
        " start and imports included",
        "  regeneration in one process: the same build with parallel=False (one CPU's worth)",
        f"  import: a fresh `python -c \"{IMPORT_STATEMENT}\"`, interpreter start included",
        "  export: pillar files, workbooks, records.csv and coverage.csv rendered from already-extracted records",
        "  alignment: normalize.align.align of the two drafts' records",
        f"  pdf: a {pdf['pages']}-page November matrix drawn by bench/pdf_builder.py; read_pdf beside"
        " extract_tables() on every page, each on a freshly opened file",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                                 epilog="example: python -m bench --repeat 3")
    ap.add_argument("--raw", type=Path, default=RAW, help="source folder with sources.toml")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept")
    args = ap.parse_args(argv)
    for line in report(run(args.raw, args.repeat), args.repeat) + docx_report(time_docx(args.repeat)):
        print(line)
    from bench import extraction  # issue 20's aims: Word and PDF extraction beside the bare libraries

    for line in extraction.report(extraction.time_word(args.repeat), extraction.time_pdf(args.repeat)):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
