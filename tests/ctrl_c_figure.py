"""Ctrl-C at random moments of a build: the figure of issue 22 (and the helpers of tests/test_interrupt.py).

Each try copies a good out/, starts `tipmatrix build` on it in a session of its own, and after a
random delay sends SIGINT to the whole process group, as a terminal's Ctrl-C does (the build's forked
copy gets it too); a signal that comes after the command has ended is not counted. A try passes
when the command exits 130 with the one line `tipmatrix: interrupted; <out>/ left as it was` and
nothing else, or (the signal came while the build swapped the new out/ in, or after) exits 0; and in
both cases out/ holds the same bytes as before and nothing is left beside it.

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
from collections.abc import Callable
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
    running: bool = True  # the command was still running when the signal was sent

    def ok(self, out: Path) -> bool:
        line = f"tipmatrix: interrupted; {out}/ left as it was\n"
        if "Traceback" in self.stderr or not self.intact:
            return False
        return (self.code, self.stderr) == (130, line) or (self.code == 0 and "interrupted" not in self.stderr)


def interrupt_build(out: Path, delay: float) -> Try:
    """One build of raw/ into `out` (a copy of a good build), Ctrl-C'd after `delay` seconds."""
    return interrupt_build_when(out, after(delay))


def after(delay: float) -> Callable[[subprocess.Popen[str]], float]:
    """A wait for `interrupt_build_when`: `delay` seconds, whatever the process does."""
    return lambda proc: time.sleep(delay) or delay


def children_of(pid: int) -> list[int]:
    """The processes `pid` started and has not reaped (Linux /proc: the kernel's list where it keeps one,
    else every process's parent)."""
    listed = Path(f"/proc/{pid}/task/{pid}/children")
    if listed.exists():
        return [int(child) for child in listed.read_text().split()]
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def forked_after(proc: subprocess.Popen[str], timeout: float = 120.0) -> float | None:
    """Seconds until the running command has a child process (a build's forked copy: both processes
    render), waited for here; None when it ended first."""
    start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < timeout:
        if children_of(proc.pid):
            return time.monotonic() - start
        time.sleep(0.005)
    return None


def interrupt_build_when(out: Path, wait: Callable[[subprocess.Popen[str]], float | None]) -> Try:
    """One build of raw/ into `out` (a copy of a good build), Ctrl-C'd once `wait(process)` returns (the
    seconds it waited, recorded as the Try's delay; None: the build ended first, no signal is counted)."""
    before = hashes(out)
    proc = subprocess.Popen([*command(), "build", "--raw", str(RAW), "--out", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    delay = wait(proc)
    running = delay is not None and proc.poll() is None
    try:
        os.killpg(proc.pid, signal.SIGINT)
    except ProcessLookupError:
        running = False  # already done
    _, err = proc.communicate(timeout=300)
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    return Try(delay or 0.0, proc.returncode, err, hashes(out) == before and beside == [], running)


def good_build(folder: Path) -> Path:
    out = folder / "good"
    subprocess.run([*command(), "build", "--raw", str(RAW), "--out", str(out)], check=True, capture_output=True)
    return out


def main() -> int:
    """TRIES Ctrl-C's that reach a running build (a signal sent after the command ended is not counted;
    the window is narrowed to the delay it came at, since this machine's speed varies)."""
    tries = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rng = random.Random(22)
    with tempfile.TemporaryDirectory() as tmp:
        good = good_build(Path(tmp))
        start = time.monotonic()
        subprocess.run([*command(), "build", "--raw", str(RAW), "--out", str(Path(tmp) / "timed")], check=True,
                       capture_output=True)
        took = time.monotonic() - start
        results: list[tuple[Try, Path]] = []
        late = 0
        while len(results) < tries and late < 3 * tries:
            out = Path(tmp) / f"try-{len(results) + late}" / "out"
            shutil.copytree(good, out)
            result = interrupt_build(out, rng.uniform(0.0, took))
            if not result.running:
                late += 1
                took = result.delay
                continue
            results.append((result, out))
            print(f"try {len(results):2}: Ctrl-C at {result.delay:.2f} s: exit {result.code}, "
                  f"{'ok' if result.ok(out) else 'FAILED'}: {result.stderr.strip()[:80]!r}", file=sys.stderr)
        interrupted = sum(r.code == 130 for r, _ in results)
        tracebacks = sum("Traceback" in r.stderr for r, _ in results)
        intact = sum(r.intact for r, _ in results)
        failed = sum(not r.ok(out) for r, out in results)
        print(f"{len(results)} Ctrl-C's at random moments of a running build: {interrupted} interrupted (exit 130, "
              f"the one line), {len(results) - interrupted} during the swap or after it (exit 0); {tracebacks} "
              f"tracebacks; out/ intact {intact} of {len(results)}; {failed} failed ({late} signals sent after the "
              "command had ended, not counted)")
    return 1 if failed or len(results) < tries else 0


if __name__ == "__main__":
    sys.exit(main())
