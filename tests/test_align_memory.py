"""Large drafts under a memory limit (a subprocess under `resource.setrlimit(RLIMIT_AS)`).

The alignment compares one copy of the matrix at a time, and in a copy only the candidate pairs:
the two real drafts each held 20 times (2,380 + 1,580 records as extracted; all pairs at once would
be 2,380 x ~3,000 targets, about 1.4 GB of score matrices, as the alignment before blocks allocated
them) align within 600 MiB of address space. A draft whose one copy is too large for the limit is
refused before the alignment allocates anything (before the build renders anything, too), in one
line naming the sizes, and `tipmatrix build` prints that line alone, exits 1 and writes nothing.
"""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from export_helpers import real_extraction

from tipmatrix.errors import TooLarge
from tipmatrix.normalize.align import check_fits, copies

RAW = Path(__file__).resolve().parents[1] / "raw"
MAY, NOV = "000_77964c73432e17e8.txt", "001_fcb319b1d564dd03.txt"
MIB = 1 << 20
# single-threaded numerical libraries: a thread pool's stacks count against an address-space limit
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="address-space limits as Linux applies them")


def run_limited(code: str, limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -c code args` with its address space limited to `limit` bytes."""
    import os
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, preexec_fn=limited,
                          env={**os.environ, **ONE_THREAD}, timeout=300)


ALIGN_20 = textwrap.dedent("""
    import dataclasses, pickle, sys
    from tipmatrix.normalize.align import align

    def held(records, n):
        return [dataclasses.replace(r, source_lines=(k * 1000 + r.source_lines[0], k * 1000 + r.source_lines[1]))
                for k in range(n) for r in records]

    def pairs(result):
        return sum(1 for p in result.pairs if p.old is not None and p.new is not None)

    with open(sys.argv[1], "rb") as f:
        may, nov = pickle.load(f)
    old, new = held(may, 20), held(nov, 20)
    print(len(may), len(nov), pairs(align(may, nov)), len(old), len(new), pairs(align(old, new)))
""")


def test_twenty_copies_align_within_600_mib(tmp_path):
    """The records come pickled from here (this worker has read them): the limited process imports the
    alignment alone, not the pipeline that extracts them."""
    records = tmp_path / "records.pickle"
    records.write_bytes(pickle.dumps((real_extraction("2016-05").records, real_extraction("2016-11").records)))
    done = run_limited(ALIGN_20, 600 * MIB, str(records))
    assert done.returncode == 0, done.stderr[-2000:]
    may, nov, pairs, n_old, n_new, pairs_20 = map(int, done.stdout.split())
    assert (n_old, n_new) == (20 * may, 20 * nov)
    # each copy aligned as the drafts themselves are: 20 times the pairs of one
    assert pairs_20 == 20 * pairs


def one_big_copy(folder: Path, times: int) -> Path:
    """raw/ whose two drafts repeat their pillar A rows `times` times inside pillar A: one copy of the
    matrix, too large to compare at once."""
    folder.mkdir()
    manifest = (RAW / "sources.toml").read_text(encoding="utf-8")
    for name, first, stop in ((MAY, 5, 73), (NOV, 26, 87)):  # 0-based: pillar A's rows after its heading
        data = (RAW / name).read_bytes()
        lines = data.split(b"\n")
        big = b"\n".join(lines[:first] + lines[first:stop] * times + lines[stop:])
        (folder / name).write_bytes(big)
        manifest = manifest.replace(hashlib.sha256(data).hexdigest(), hashlib.sha256(big).hexdigest())
    (folder / "sources.toml").write_text(manifest, encoding="utf-8")
    return folder


BUILD = "import sys; from tipmatrix.cli import main; sys.exit(main(sys.argv[1:]))"


def test_a_copy_too_large_for_the_limit_fails_in_one_line(tmp_path):
    # pillar A held 16 times in one copy: 1,334 x 379 records, up to 1.5 million candidate pairs (0.14 GiB)
    raw = one_big_copy(tmp_path / "raw", 16)
    out = tmp_path / "out"
    done = run_limited(BUILD, 280 * MIB, "build", "--raw", str(raw), "--out", str(out),
                       "--no-corrections")
    errors = [line for line in done.stderr.splitlines() if not line.startswith(("tipmatrix: warning:", "2016-"))]
    assert done.returncode == 1, done.stderr[-2000:]
    assert len(errors) == 1, done.stderr[-2000:]
    line = errors[0]
    assert line.startswith("tipmatrix: error: aligning 2016-05 (")
    assert "records at once (one copy of the matrix; 1 in all): up to " in line and "GiB is free" in line
    assert "Traceback" not in done.stderr and not out.exists()


def test_check_fits_names_the_sizes():
    old, new = real_extraction("2016-05").records, real_extraction("2016-11").records
    assert set(copies(old)) == {0} and set(copies(new)) == {0}  # the real drafts: one copy each
    check_fits(old, new, available=1 << 30)
    with pytest.raises(TooLarge) as refused:
        check_fits(old, new, available=1 << 20)
    assert str(refused.value).startswith(
        f"aligning 2016-05 ({len(old)} records) with 2016-11 ({len(new)} records) compares {len(old)} x {len(new)} "
        "records at once (one copy of the matrix; 1 in all): up to ")
