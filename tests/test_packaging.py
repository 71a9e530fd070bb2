"""What `pip install .` installs: one top-level package, tipmatrix, with its stages and data files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_exactly_one_top_level_package_with_its_data(tmp_path):
    project = tmp_path / "project"  # a copy, so the build's own folders do not land in the checkout
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("tipmatrix", "extract", "normalize", "export"):
        shutil.copytree(ROOT / name, project / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    # the wheel made as `pip wheel --no-build-isolation` makes it: by the build backend pyproject.toml names,
    # called in a fresh interpreter in the project's folder (pip's own start and checks cost a second more)
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["build-backend"]
    subprocess.run(
        [sys.executable, "-c", f"import {backend} as backend; backend.build_wheel({str(tmp_path)!r})"],
        cwd=project, check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("tipmatrix-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"tipmatrix", f"{wheel.name.split('-py')[0]}.dist-info"}
    assert (wheel.name.split("-")[0], "tipmatrix") == ("tipmatrix", "tipmatrix")
    for required in ("tipmatrix/extract/assemble.py", "tipmatrix/normalize/align.py", "tipmatrix/export/diff.py",
                     "tipmatrix/bodies.csv", "tipmatrix/cli.py"):
        assert required in names
    assert any(n.startswith("tipmatrix/normalize/corrections/") and n.endswith(".csv") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "tipmatrix = tipmatrix.console:run" in zipfile.ZipFile(wheel).read(entry).decode()
