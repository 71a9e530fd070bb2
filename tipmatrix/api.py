"""The Python API for data users: a handful of functions over the pipeline, re-exported by `tipmatrix`.

pandas is imported only by `to_dataframe` (an optional extra, `pip install tipmatrix[pandas]`), so the
command line never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tipmatrix import pipeline
from tipmatrix.export.records_csv import read_records
from tipmatrix.model import COLUMNS, KINDS, PILLAR_TITLES, Extraction, Record, record_to_row

if TYPE_CHECKING:  # pragma: no cover
    import pandas

LIST_FIELDS = ("lead", "cooperating", "flags")


def read_source(path: str | Path, draft: str | None = None) -> Extraction:
    """The reconciled records and the line audit of one source (a text rendition, .pdf, .docx, or a page
    image read by OCR); `draft` defaults to its stem.

    Curated corrections are not applied: they belong to a draft of the manifest (use `build`).
    """
    path = Path(path)
    return pipeline.source_records(path, draft or path.stem)


def build(raw_dir: str | Path = "raw", out_dir: str | Path = "out", corrections: bool = True) -> list[Extraction]:
    """Regenerate `out_dir` from the sources listed in `raw_dir`/sources.toml, as `tipmatrix build` does."""
    options = pipeline.RunOptions(corrections=corrections)
    return [r.extraction for r in pipeline.build(Path(raw_dir), Path(out_dir), options)]


def load_records(path: str | Path) -> list[Record]:
    """A records.csv read back exactly: the formula guard undone, lists and line ranges parsed."""
    return read_records(Path(path).read_bytes())


def to_dataframe(records: Iterable[Record]) -> pandas.DataFrame:
    """Records as a pandas DataFrame, one row each, columns in the records.csv order.

    pillar and kind are categoricals (all four pillars and every kind, so counts show zeros); lead,
    cooperating and flags are lists (body codes in printed order), ready for `DataFrame.explode` and
    `"SOMTC" in lead` without string matching that would also hit "SOMTC-X"; source_lines
    is split into integer first_line and last_line; every other column is a string.
    """
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install 'tipmatrix[pandas]'") from exc
    rows: list[dict[str, Any]] = []
    for rec in records:
        row: dict[str, Any] = dict(record_to_row(rec))
        for name in LIST_FIELDS:
            row[name] = list(getattr(rec, name))
        row.pop("source_lines")
        row["first_line"], row["last_line"] = rec.source_lines
        rows.append(row)
    columns = [c for c in COLUMNS if c != "source_lines"]
    at = columns.index("source_page") + 1
    columns[at:at] = ["first_line", "last_line"]
    frame = pandas.DataFrame(rows, columns=columns)
    frame["pillar"] = pandas.Categorical(frame["pillar"], categories=list(PILLAR_TITLES))
    frame["kind"] = pandas.Categorical(frame["kind"], categories=list(KINDS))
    return frame.astype({"first_line": "int64", "last_line": "int64"})
