"""Ctrl-C at random moments of a build: the figure of issue 22 (and the helpers of tests/test_interrupt.py).

Each try copies a good out/, starts `tipmatrix build` on it in a session of its own, and after a
random delay sends SIGINT to the whole process group, as a terminal's Ctrl-C does (the build's forked
copy gets it too). A try passes when the command exits 130 with the one line
`tipmatrix: interrupted; <out>/ left as it was` and nothing else, or (the signal came after the
build had swapped the new out/ in) exits 0; and in both cases out/ holds the same bytes as before and
nothing is left beside it.

    .venv/bin/python tests/ctrl_c_figure.py [TRIES]     (default 20)
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"


def command() -> list[str]:
    """The installed `tipmatrix` command beside this Python (as a user runs it)."""
    return [str(Path(sys.executable).with_name("tipmatrix"))]


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class Try:
    delay: float
    code: int
    stderr: str
    intact: bool  # out/ the same bytes as before, and nothing left beside it

    def ok(self, out: Path) -> bool:
        line = f"tipmatrix: interrupted; {out}/ left as it was\n"
        if "Traceback" in self.stderr or not self.intact:
            return False
        return (self.code, self.stderr) == (130, line) or (self.code == 0 and "interrupted" not in self.stderr)


def interrupt_build(out: Path, delay: float) -> Try:
    """One build of raw/ into `out` (a copy of a good build), Ctrl-C'd after `delay` seconds."""
    before = hashes(out)
    proc = subprocess.Popen([*command(), "build", "--raw", str(RAW), "--out", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(delay)
    try:
        os.killpg(proc.pid, signal.SIGINT)
    except ProcessLookupError:
        pass  # already done
    _, err = proc.communicate(timeout=120)
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    return Try(delay, proc.returncode, err, hashes(out) == before and beside == [])


def good_build(folder: Path) -> Path:
    out = folder / "good"
    subprocess.run([*command(), "build", "--raw", str(RAW), "--out", str(out)], check=True, capture_output=True)
    return out


def main() -> int:
    tries = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rng = random.Random(22)
    with tempfile.TemporaryDirectory() as tmp:
        good = good_build(Path(tmp))
        start = time.monotonic()
        subprocess.run([*command(), "build", "--raw", str(RAW), "--out", str(Path(tmp) / "timed")], check=True,
                       capture_output=True)
        took = time.monotonic() - start
        results = []
        for n in range(tries):
            out = Path(tmp) / f"try-{n}" / "out"
            shutil.copytree(good, out)
            result = interrupt_build(out, rng.uniform(0.0, took))
            results.append(result)
            print(f"try {n + 1:2}: Ctrl-C at {result.delay:.2f} s of {took:.2f}: exit {result.code}, "
                  f"{'ok' if result.ok(out) else 'FAILED'}: {result.stderr.strip()!r}", file=sys.stderr)
        interrupted = sum(r.code == 130 for r in results)
        tracebacks = sum("Traceback" in r.stderr for r in results)
        intact = sum(r.intact for r in results)
        failed = sum(not r.ok(Path(tmp) / f"try-{n}" / "out") for n, r in enumerate(results))
        print(f"{tries} Ctrl-C's at random moments of a build ({took:.2f} s): {interrupted} interrupted (exit 130), "
              f"{tries - interrupted} after the swap (exit 0); {tracebacks} tracebacks; out/ intact {intact} of "
              f"{tries}; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
