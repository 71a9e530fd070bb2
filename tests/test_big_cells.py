"""A huge cell is extracted in time linear in its items, or refused (issue 11, item 5)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tipmatrix.errors import InputError
from tipmatrix.pipeline import source_records

HEADER = (Path(__file__).parent.parent / "raw" / "001_fcb319b1d564dd03.txt").read_text(encoding="utf-8").split("\n")[29]


def _single_cell_source(path: Path, size: int) -> Path:
    sentences = []
    length = 0
    while length < size:
        sentences.append(f"Conduct workshop number {len(sentences)} on trafficking in persons for officials.")
        length += len(sentences[-1]) + 1
    path.write_text(f"{HEADER}\n\tA. PREVENTION OF TIP\t\t\t\t\t\t\nA. Increase awareness campaigns.\tPublic "
                    f"awareness\t{' '.join(sentences)}\t\tLead: SOMTC\t\n", encoding="utf-8")
    return path


def test_a_one_megabyte_cell_is_refused_at_once(tmp_path):
    source = _single_cell_source(tmp_path / "big.txt", 1_000_000)
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"line 3 is 1,000,\d{3} characters long"):
        source_records(source, "x")
    assert time.perf_counter() - start < 5


def test_a_long_cell_is_read_in_linear_time(tmp_path):
    # about 1,200 sentences in one activity cell: the sentences are items, paired with the one lead group
    source = _single_cell_source(tmp_path / "long.txt", 95_000)
    start = time.perf_counter()
    extraction = source_records(source, "x")
    elapsed = time.perf_counter() - start
    assert len(extraction.records) > 1_100
    assert {r.lead for r in extraction.records} == {("SOMTC",)}
    assert elapsed < 5
