"""tipmatrix: the 2016 ASEAN APA anti-trafficking collaboration matrix as clean records.

The installed namespace: `tipmatrix.extract`, `tipmatrix.normalize` and `tipmatrix.export` are the
stages (top-level folders in the checkout); the model, body registry, pipeline and command line sit
here. The Python API is `read_source`, `build`, `load_records` and `to_dataframe` (see README).
"""

from __future__ import annotations

__all__ = ["build", "load_records", "read_source", "to_dataframe"]


def __getattr__(name: str) -> object:
    """The API functions, imported on first use so that `import tipmatrix.cli` loads no more than it needs
    (and the command's entry point, tipmatrix/console.py, takes Ctrl-C after importing almost nothing)."""
    if name in __all__:
        from tipmatrix import api

        return getattr(api, name)
    raise AttributeError(f"module 'tipmatrix' has no attribute {name!r}")
