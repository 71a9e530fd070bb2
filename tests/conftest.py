"""Fixtures shared by the command-line tests: one good build of raw/, copied for each test that needs
an earlier out/ (a failure must leave it exactly as it was)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tipmatrix.cli import main

RAW = Path(__file__).resolve().parents[1] / "raw"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A good build of raw/ (read only by the tests: copy it to change it)."""
    out = tmp_path_factory.mktemp("built") / "out"
    assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 0
    return out


@pytest.fixture
def earlier_out(built, tmp_path) -> Path:
    """A copy of the good build, as the out/ an earlier run left."""
    out = tmp_path / "out"
    shutil.copytree(built, out)
    return out
