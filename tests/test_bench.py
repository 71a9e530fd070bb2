"""The bench (`make bench`): what each function returns and what the report prints, not how fast it is."""

from __future__ import annotations

import time

import pdfplumber

from bench import run as bench
from tipmatrix import pipeline


def test_the_bench_pdf_has_sixteen_pages(tmp_path):
    with pdfplumber.open(bench.sample_pdf(tmp_path)) as pdf:
        assert len(pdf.pages) == 16


FIGURES = {
    "regeneration": {"regeneration_s": 1.234, "import_s": 0.8, "ratio": 1.5425, "one_process_s": 2.0,
                     "import_command": ["python", "-c", "import pandas, rapidfuzz, openpyxl, pdfplumber"],
                     "command_s": 1.9, "command_ratio": 2.375},
    "export": {"export_s": 0.456, "drafts": ["2016-05", "2016-11"]},
    "alignment": {"align_s": 0.321, "old": "2016-05", "new": "2016-11"},
    "pdf": {"file": "matrix-3-pages.pdf", "pages": 3, "read_pdf_s": 0.3, "pdfplumber_extract_tables_s": 0.25,
            "ratio": 1.2},
}


def test_the_report_gives_each_figure_its_labelled_line_and_says_what_it_covers():
    """The whole report of a set of figures, line by line (a missed aim says so)."""
    assert bench.report(FIGURES, repeat=1) == [
        "tipmatrix bench: best of 1 runs each",
        "regeneration 1.23 s | import 0.80 s | ratio 1.54x (aim < 2x)",
        "regeneration as a command 1.90 s | import 0.80 s | ratio 2.38x (aim < 2x, MISSED)",
        "regeneration in one process 2.00 s",
        "export 0.46 s (2016-05 and 2016-11)",
        "alignment 0.32 s (2016-05 -> 2016-11)",
        "pdf extraction 0.30 s | bare pdfplumber extract_tables 0.25 s | ratio 1.20x (aim < 1.5x)",
        "  regeneration: pipeline.build of raw/ (every draft, diff, data package) into a temporary folder, in this "
        "process with the libraries already loaded; the drafts' files and the comparisons are rendered in two "
        "processes where fork and two CPUs are available",
        "  regeneration as a command: a fresh `python -m tipmatrix.cli build` (what `make` runs), interpreter start "
        "and imports included",
        "  regeneration in one process: the same build with parallel=False (one CPU's worth)",
        '  import: a fresh `python -c "import pandas, rapidfuzz, openpyxl, pdfplumber"`, interpreter start included',
        "  export: pillar files, workbooks, records.csv and coverage.csv rendered from already-extracted records",
        "  alignment: normalize.align.align of the two drafts' records",
        "  pdf: a 3-page November matrix drawn by bench/pdf_builder.py; read_pdf beside extract_tables() on every "
        "page, each on a freshly opened file",
    ]


def test_export_and_alignment_are_timed_on_the_drafts_of_raw(monkeypatch):
    """What the two cheap figures time (how long it takes is `make bench`'s to measure): every draft of the
    manifest rendered in order, with its source, and the first draft aligned with the last; the rendering and
    the alignment replaced by stand-ins that record their arguments and take a known time."""
    results = pipeline.read_drafts(bench.RAW)
    rendered, aligned = [], []

    def render(extraction, source):
        rendered.append((extraction, source))
        time.sleep(0.01)
        return {}

    def align(old, new):
        aligned.append((old, new))
        time.sleep(0.01)

    monkeypatch.setattr(pipeline, "draft_outputs", render)
    monkeypatch.setattr(bench, "align", align)
    export = bench.time_export(results, repeat=2)
    alignment = bench.time_alignment(results, repeat=2)
    assert export["drafts"] == ["2016-05", "2016-11"] and 0.02 <= export["export_s"] < 60
    assert rendered == [(r.extraction, r.source) for r in results] * 2
    assert (alignment["old"], alignment["new"]) == ("2016-05", "2016-11") and 0.01 <= alignment["align_s"] < 60
    assert aligned == [(results[0].extraction.records, results[-1].extraction.records)] * 2


def test_best_of_keeps_the_fastest_run():
    calls = iter([0.0, 0.05, 0.0])
    times = []

    def run() -> None:
        import time

        pause = next(calls)
        start = time.perf_counter()
        time.sleep(pause)
        times.append(time.perf_counter() - start)

    from bench.timing import best_of

    assert best_of(run, 3) <= min(times) + 0.01 and len(times) == 3


def test_a_missed_aim_says_so():
    assert bench._aim(1.2, 2.0) == "ratio 1.20x (aim < 2x)"
    assert bench._aim(2.5, 2.0) == "ratio 2.50x (aim < 2x, MISSED)"
