"""Kills (SIGKILL) of out/'s write at random moments: the figure of the README's "All or nothing" (and the
helpers of tests/test_outputs.py, which kills at moments spread evenly over the write instead).

Each try puts the old set in out/, forks a child that writes the new set over it (export/atomic.py's
replace_folder, as a build does), kills the child after a delay and checks that out/ holds exactly
the old set or exactly the new one; then the next write must remove whatever the killed one left
beside out/. The two sets are a build of raw/ with the curated corrections and one without.

    .venv/bin/python tests/kill_figure.py [TRIES]     (default 30)
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from tipmatrix import pipeline
from tipmatrix.export import atomic

RAW = Path(__file__).resolve().parents[1] / "raw"


def hashes(folder: Path) -> dict[str, str]:
    """Every entry under `folder`, hidden ones too: path -> sha256 (or "dir")."""
    return {
        str(p.relative_to(folder)): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
    }


def set_hashes(files: dict[str, bytes]) -> dict[str, str]:
    """What `hashes` gives for a folder holding exactly `files`."""
    out = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
    for rel in files:
        parts = rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            out["/".join(parts[:i])] = "dir"
    return dict(sorted(out.items()))


def beside(out: Path) -> list[str]:
    """What a write left beside `out` (its temporary folders are hidden and named after it)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def write_time(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> float:
    """How long replacing one set by the other takes here now (the longest of three, after a first write)."""
    timings = []
    for files in (new, old, new, old):
        started = time.perf_counter()
        atomic.replace_folder(out, files)
        timings.append(time.perf_counter() - started)
    return max(timings[1:])  # replacing an existing set, as the child does


def kill_during_write(out: Path, old: dict[str, bytes], new: dict[str, bytes], delay: float) -> str:
    """One try: "old" or "new", the set out/ held after the kill (AssertionError for anything else, or
    when the next write leaves out/ other than the new set or something beside it)."""
    old_set, new_set = set_hashes(old), set_hashes(new)
    atomic.replace_folder(out, old)
    assert hashes(out) == old_set and beside(out) == []
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: say "go", then write the new set
        os.close(read)
        os.write(write, b"go")
        try:
            atomic.replace_folder(out, new)
        finally:
            os._exit(0)
    os.close(write)
    assert os.read(read, 2) == b"go"
    os.close(read)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    now = hashes(out)
    assert now in (old_set, new_set), "a mixed or partial set"
    outcome = "new" if now == new_set else "old"
    left = beside(out)
    atomic.replace_folder(out, new)  # the next run removes what the killed one left
    assert hashes(out) == new_set and beside(out) == [], left
    return outcome


def main(argv: list[str]) -> int:
    tries = int(argv[0]) if argv else 30
    old = pipeline.build_files(RAW, pipeline.RunOptions(corrections=False))[1]
    new = pipeline.build_files(RAW)[1]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        duration = write_time(out, old, new)
        rnd = random.Random(12)
        outcomes, failed = [], 0
        for _ in range(tries):
            try:
                outcomes.append(kill_during_write(out, old, new, rnd.uniform(0, 2 * duration)))
            except AssertionError as exc:
                failed += 1
                print(f"kill_figure: {exc}", file=sys.stderr)
    print(f"{tries} kills at random moments over {duration * 1000:.0f} ms x2 of writing: {failed} mixed or partial "
          f"sets or leftovers (old set {outcomes.count('old')}, new set {outcomes.count('new')})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
