"""One build of raw/ through the Python API, its second half run here rather than in a forked copy:
made once per run (shared_value), for tests/test_api.py (what `tipmatrix.build` returns and writes)
and tests/test_forked.py (its bytes against the session's build, whose second half ran in a forked copy)."""

from __future__ import annotations

from pathlib import Path

from shared_value import shared_value

import tipmatrix
from tipmatrix import forked
from tipmatrix.model import Extraction

RAW = Path(__file__).resolve().parents[1] / "raw"


def api_build_in_one_process(tmp_path_factory) -> tuple[Path, dict[str, Extraction]]:
    """out/ of `tipmatrix.build(raw/)` in one process, and the extractions it returned by draft (read only)."""
    def make(folder: Path) -> tuple[Path, dict[str, Extraction]]:
        from unittest import mock  # here: it imports asyncio, a tenth of a second of each worker's collection

        with mock.patch.object(forked, "can_fork", return_value=False) as can_fork:
            extractions = tipmatrix.build(RAW, folder / "out")
        assert can_fork.called  # the build asked, and ran its second half here
        return folder / "out", {e.draft: e for e in extractions}

    return shared_value(tmp_path_factory, "api-build-one-process", make)
