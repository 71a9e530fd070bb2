"""The user's cache of work a build can reuse (OCR page readings, drawn charts), outside out/.

`$TIPMATRIX_CACHE`, else `$XDG_CACHE_HOME/tipmatrix`, else `~/.cache/tipmatrix`. An entry is named by a
hash of everything that made it, so a stale one is never read; deleting the folder only costs time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir(kind: str) -> Path:
    """The folder of one kind of cached work ("ocr", "charts")."""
    if os.environ.get("TIPMATRIX_CACHE"):
        return Path(os.environ["TIPMATRIX_CACHE"]) / kind
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tipmatrix" / kind


def read_entry(kind: str, name: str) -> bytes | None:
    """A cached entry's bytes, None when there is none (or it cannot be read)."""
    try:
        return (cache_dir(kind) / name[:2] / name).read_bytes()
    except OSError:
        return None


def write_entry(kind: str, name: str, data: bytes) -> None:
    """Write beside, then rename: a reader never sees half a file. A cache that cannot be written (a
    read-only home) only costs the next run its time."""
    folder = cache_dir(kind) / name[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, folder / name)
    except OSError:
        pass
