"""One build of raw/ through the Python API, its second half run here rather than in a forked copy:
made once per run (shared_value), for tests/test_api.py (what `tipmatrix.build` returns and writes),
tests/test_forked.py (its bytes against the session's build, whose second half ran in a forked copy)
and tests/test_cli.py (a build never writes into raw/, its files' modes, the count lines the command
prints for what it built). It reads a writable copy of raw/ under the usual umask 022, so that a
stray write into the sources would succeed and show, and the files' modes are the user's."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from shared_value import shared_value

import tipmatrix
from tipmatrix import forked, pipeline
from tipmatrix.model import Extraction

RAW = Path(__file__).resolve().parents[1] / "raw"


@dataclass(frozen=True)
class OneProcessBuild:
    raw: Path  # the writable copy of raw/ the build read
    raw_before: dict[str, tuple[str, int]]  # its files before the build: path -> (sha256, mtime in ns)
    out: Path
    extractions: dict[str, Extraction]  # what `tipmatrix.build` returned, by draft
    results: tuple[pipeline.DraftResult, ...]  # what the pipeline's build returned (the command prints them)


def files_of(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under `folder`: relative path -> (sha256 of its bytes, "dir" for a folder; mtime in ns)."""
    return {str(p.relative_to(folder)): ("dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


def one_process_build(tmp_path_factory) -> OneProcessBuild:
    """The build (read only), made by the first test that asks for it in this run."""
    def make(folder: Path) -> OneProcessBuild:
        from unittest import mock  # here: it imports asyncio, a tenth of a second of each worker's collection

        raw = folder / "raw"
        shutil.copytree(RAW, raw)
        for p in raw.iterdir():
            p.chmod(0o644)
        before = files_of(raw)
        results: list[pipeline.DraftResult] = []
        build = pipeline.build

        def kept(*args, **kwargs):
            results.extend(build(*args, **kwargs))
            return results

        umask = os.umask(0o022)  # tempfile.mkstemp (behind export/atomic.py) creates files with mode 0600
        try:
            with mock.patch.object(forked, "can_fork", return_value=False) as can_fork, \
                    mock.patch.object(pipeline, "build", kept):
                extractions = tipmatrix.build(raw, folder / "out")
        finally:
            os.umask(umask)
        assert can_fork.called  # the build asked, and ran its second half here
        return OneProcessBuild(raw, before, folder / "out", {e.draft: e for e in extractions}, tuple(results))

    return shared_value(tmp_path_factory, "api-build-one-process", make)


def api_build_in_one_process(tmp_path_factory) -> tuple[Path, dict[str, Extraction]]:
    """out/ of `tipmatrix.build(raw/)` in one process, and the extractions it returned by draft (read only)."""
    done = one_process_build(tmp_path_factory)
    return done.out, done.extractions
