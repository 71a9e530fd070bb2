"""The scale series of `make bench-scale`: a build of the two 2016 drafts repeated N times.

As a new user tried it (issue 21): the May and the November text renditions are each repeated N
times as one draft each (the copies joined by a line break), with a manifest of the two, and
`tipmatrix build --raw` runs on it in a fresh process. Each build reports its wall time, its CPU
time (user and system, of the build and its forked copy: the machine may be shared, and CPU time
is what the build itself costs) and its peak memory: the largest resident set of the build
process and of its forked copy, and their sum, an upper bound on the two at once.

Then each output of the build is timed on its own at 25x, 50x and 100x, in this process, from the
drafts already read: each should grow in proportion to the records.

usage: python -m bench.scale [--sizes 25,50,100,200] [--outputs 25,50,100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "raw"
SIZES = (25, 50, 100, 200)
OUTPUT_SIZES = (25, 50, 100)
# the aims: 100x under 60 s and 1 GB; 200x within 2.2 times 100x
AIM_SECONDS, AIM_BYTES, AIM_RATIO = 60.0, 1 << 30, 2.2

# Runs in the fresh process: the build as `tipmatrix build` runs it, then its own and its forked
# copy's peak memory and CPU time, as one JSON line on stdout.
PROBE = """
import json, resource, sys, time
from tipmatrix.cli import main
start = time.perf_counter()
code = main(["build", "--raw", sys.argv[1], "--out", sys.argv[2]])
wall = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall_s": wall, "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
                  "rss_kib": me.ru_maxrss, "copy_rss_kib": kids.ru_maxrss}))
"""


def repeated_raw(folder: Path, n: int, raw_dir: Path = RAW) -> Path:
    """A raw/ folder holding each source of `raw_dir` repeated `n` times, and its manifest
    (checksums of the repeated files)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = (raw_dir / "sources.toml").read_text(encoding="utf-8")
    for source in sorted(raw_dir.glob("*.txt")):
        data = source.read_bytes()
        big = b"\n".join([data] * n)
        (folder / source.name).write_bytes(big)
        manifest = manifest.replace(hashlib.sha256(data).hexdigest(), hashlib.sha256(big).hexdigest())
    (folder / "sources.toml").write_text(manifest, encoding="utf-8")
    return folder


def build_figures(raw_dir: Path, out_dir: Path) -> dict:
    """Wall and CPU seconds and peak memory of one `tipmatrix build` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(raw_dir), str(out_dir)], capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        return {"code": done.returncode, "error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    records = [line.split(":")[1].split()[0] for line in done.stderr.splitlines() if " records; " in line]
    return {**figures, "records": records}


def series(sizes: tuple[int, ...], keep: Path | None = None) -> list[tuple[int, dict]]:
    with tempfile.TemporaryDirectory(prefix="tipmatrix-scale-") as tmp:
        root = keep or Path(tmp)
        out = []
        for n in sizes:
            raw = repeated_raw(root / f"raw-{n}x", n)
            out.append((n, build_figures(raw, root / f"out-{n}x")))
            print(build_line(n, out[-1][1]), flush=True)
        return out


def build_line(n: int, f: dict) -> str:
    if f.get("code"):
        return f"{n:>4}x build FAILED (exit {f['code']}): {f.get('error', '')}"
    peak = max(f["rss_kib"], f["copy_rss_kib"]) * 1024
    both = (f["rss_kib"] + f["copy_rss_kib"]) * 1024
    return (f"{n:>4}x build {f['wall_s']:6.1f} s wall, {f['cpu_s']:6.1f} s CPU | peak memory {peak / 2**20:5.0f} MiB "
            f"(build and its forked copy together at most {both / 2**20:5.0f} MiB) | records "
            f"{' + '.join(f['records'])}")


def verdict(runs: list[tuple[int, dict]]) -> list[str]:
    """The issue's aims, where the series holds the sizes they name."""
    by_n = {n: f for n, f in runs if not f.get("code")}
    lines = []
    if 100 in by_n:
        f = by_n[100]
        both = (f["rss_kib"] + f["copy_rss_kib"]) * 1024
        lines.append(f"100x: {f['wall_s']:.1f} s wall, {f['cpu_s']:.1f} s CPU (aim < {AIM_SECONDS:g} s), "
                     f"memory at most {both / 2**20:.0f} MiB (aim < 1 GiB; time judged on CPU: the machine may be "
                     "shared)"
                     + ("" if f["cpu_s"] < AIM_SECONDS and both < AIM_BYTES else ", MISSED"))
    if 100 in by_n and 200 in by_n:
        wall = by_n[200]["wall_s"] / by_n[100]["wall_s"]
        cpu = by_n[200]["cpu_s"] / by_n[100]["cpu_s"]
        lines.append(f"time(200x) / time(100x): {wall:.2f} wall, {cpu:.2f} CPU (aim <= {AIM_RATIO:g})"
                     + ("" if cpu <= AIM_RATIO else ", MISSED"))
    return lines


def cpu_seconds(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def output_steps(results: list) -> list[tuple[str, Callable[[], object]]]:
    """Each output of a build of `results` (the two drafts read), as a named call; the diff and the
    lineage are computed by their own steps and kept for the steps that render them."""
    from tipmatrix import pipeline
    from tipmatrix.export.datapackage import render_datapackage
    from tipmatrix.export.diff import render_diff_csv, render_diff_docx, render_diff_md, render_diff_xlsx
    from tipmatrix.export.lineage import render_lineage_csv, render_lineage_xlsx
    from tipmatrix.export.pillars import render_pillar_files
    from tipmatrix.export.records_csv import render_coverage, render_records
    from tipmatrix.export.workbook import render_workbook
    from tipmatrix.normalize.align import align
    from tipmatrix.normalize.lineage import build_lineage

    old, new = results[0], results[1]
    ids = (old.source.draft, new.source.draft)
    kept: dict = {"files": pipeline.drafts_files(results)}

    def diff() -> None:
        kept["diff"] = align(old.extraction.records, new.extraction.records)

    def lineage() -> None:
        kept["lineage"] = build_lineage(list(ids), [old.extraction.records, new.extraction.records], [kept["diff"]])

    return [
        ("records.csv + coverage.csv",
         lambda: [(render_records(r.extraction.records), render_coverage(r.extraction.coverage)) for r in results]),
        ("pillar sheets (csv, xlsx)", lambda: [render_pillar_files(r.extraction) for r in results]),
        ("draft workbooks (Matrix sheet)", lambda: [render_workbook(r.extraction, r.source) for r in results]),
        ("alignment", diff),
        ("diff csv", lambda: render_diff_csv(kept["diff"])),
        ("diff workbook", lambda: render_diff_xlsx(kept["diff"], *ids)),
        ("minutes md", lambda: render_diff_md(kept["diff"], *ids)),
        ("minutes docx", lambda: render_diff_docx(kept["diff"], *ids)),
        ("lineage chains", lineage),
        ("lineage csv", lambda: render_lineage_csv(kept["lineage"])),
        ("lineage workbook", lambda: render_lineage_xlsx(kept["lineage"])),
        ("data package", lambda: render_datapackage(kept["files"])),
    ]


def output_timings(sizes: tuple[int, ...]) -> list[str]:
    """CPU seconds of each output of a build at each size, from the drafts already read, and the
    growth from the first size to the last beside the growth of the records."""
    import scipy.sparse.csgraph  # noqa: F401  (imported before timing: the alignment imports it)

    from tipmatrix import pipeline

    table: dict[str, list[float]] = {}
    records: list[int] = []
    with tempfile.TemporaryDirectory(prefix="tipmatrix-scale-outputs-") as tmp:
        for n in sizes:
            results = pipeline.read_drafts(repeated_raw(Path(tmp) / f"raw-{n}x", n))
            records.append(sum(len(r.extraction.records) for r in results))
            # as a build renders them (pipeline.build_files): the records frozen, not scanned again by
            # each collection the steps' objects set off (which made the lineage chains grow 19.9x for 4x)
            gc.freeze()
            try:
                for name, fn in output_steps(results):
                    table.setdefault(name, []).append(cpu_seconds(fn))
            finally:
                gc.unfreeze()
    growth = records[-1] / records[0]
    lines = [f"each output, CPU seconds at {', '.join(f'{n}x' for n in sizes)} ({' / '.join(map(str, records))} "
             f"records; records grow {growth:.2f}x):"]
    for name, seconds in table.items():
        ratio = seconds[-1] / seconds[0] if seconds[0] > 0 else float("nan")
        lines.append(f"  {name:<32}" + "".join(f"{s:8.2f}" for s in seconds) + f"   grows {ratio:5.2f}x")
    return lines


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0],
                                 epilog="example: python -m bench.scale --sizes 25,50 --outputs 5,10")
    ap.add_argument("--sizes", type=_sizes, default=SIZES, help="repeats of the whole build (default 25,50,100,200)")
    ap.add_argument("--outputs", type=_sizes, default=OUTPUT_SIZES,
                    help="repeats at which each output is timed on its own (default 25,50,100; empty: none)")
    ap.add_argument("--keep", type=Path, help="keep the repeated raw/ and out/ folders here")
    args = ap.parse_args(argv)
    print("tipmatrix scale series: the two 2016 drafts each repeated N times, `tipmatrix build --raw` in a fresh "
          "process")
    runs = series(args.sizes, args.keep) if args.sizes else []
    for line in verdict(runs):
        print(line)
    if args.outputs:
        for line in output_timings(args.outputs):
            print(line)
    return 0 if all(not f.get("code") for _, f in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
