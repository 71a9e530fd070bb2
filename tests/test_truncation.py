"""A source cut short never passes silently: cut before pillar D it is refused; cut after, its last
record is flagged `truncated` and the run prints a warning line. The only cut that shows no sign is
one exactly between two rows, and the summary line then says where the source stops.

Every 500th byte of both sources is cut and read in-process (the text front-end, as `tipmatrix
records` reads it), not one hand-picked cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipmatrix.cli import main
from tipmatrix.errors import InputError
from tipmatrix.pipeline import read_checked_source, summary_line

RAW = Path(__file__).resolve().parents[1] / "raw"
SOURCES = {"2016-05": RAW / "000_77964c73432e17e8.txt", "2016-11": RAW / "001_fcb319b1d564dd03.txt"}


def cut_file(draft: str, data: bytes, folder: Path) -> Path:
    path = folder / f"{draft}-cut.txt"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("draft", sorted(SOURCES))
def test_every_500th_byte_cut_is_refused_or_flagged(draft, tmp_path):
    data = SOURCES[draft].read_bytes()
    refused, flagged, silent = [], [], []
    for cut in range(500, len(data), 500):
        path = cut_file(draft, data[:cut], tmp_path)
        try:
            extraction, warning = read_checked_source(path, draft)
        except InputError:
            refused.append(cut)
            continue
        truncated = [r for r in extraction.records if any(f.startswith("truncated: ") for f in r.flags)]
        if len(truncated) == 1 and warning.startswith(f"{path}: the source looks cut short: "):
            flagged.append(cut)
        else:
            silent.append(cut)
    print(f"\n{draft}: {len(data) // 500} cuts at every 500th byte: {len(refused)} refused, {len(flagged)} flagged "
          f"truncated, {len(silent)} silent")
    assert silent == []
    assert flagged and refused  # cuts fell both before and after pillar D began
    assert len(refused) + len(flagged) == len(data) // 500


@pytest.mark.parametrize("draft", sorted(SOURCES))
def test_a_complete_source_shows_no_sign_of_a_cut(draft):
    extraction, warning = read_checked_source(SOURCES[draft], draft)
    assert warning == ""
    assert not [r for r in extraction.records if any(f.startswith("truncated") for f in r.flags)]


def test_the_november_source_cut_after_line_204_is_flagged_with_a_warning(tmp_path, capsys):
    """The issue's `head -n 204`: 74 records and exit 0, with no word of truncation, before."""
    lines = SOURCES["2016-11"].read_bytes().splitlines(keepends=True)
    path = cut_file("2016-11", b"".join(lines[:204]), tmp_path)
    assert main(["records", str(path), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err.splitlines()
    # line 203 is the last row read: provision A of pillar D, whose text goes on ("... extradition") on
    # line 204 (the page break) and lines 207 and 211
    assert err == [
        f"tipmatrix: warning: {path}: the source looks cut short: it ends with a line break, which the renditions "
        "do not / its last provision stops mid-sentence, '... legal assistance, extradition'. Its last record "
        "(lines 203-203) is flagged truncated; if the file is an excerpt on purpose, use --partial",
        "2016-11-cut: 75 records; 204 lines: 84 used, 120 boilerplate, 0 unassigned; last provision read: D.A "
        "(Strengthen capacity building activities ...)",
    ]


def test_the_november_source_cut_inside_a_word_names_the_word(tmp_path):
    """The issue's `head -c 27000`: the last area read was "Explor"."""
    path = cut_file("2016-11", SOURCES["2016-11"].read_bytes()[:27000], tmp_path)
    extraction, warning = read_checked_source(path, "2016-11")
    (flagged,) = [r for r in extraction.records if any(f.startswith("truncated") for f in r.flags)]
    assert flagged.source_lines == (207, 207) and flagged is extraction.records[-1]
    assert "it stops inside a word, 'Explor' on line 207" in warning


def test_partial_reads_an_excerpt_without_refusing_or_flagging_it(tmp_path, capsys):
    lines = SOURCES["2016-05"].read_bytes().splitlines(keepends=True)
    path = cut_file("2016-05", b"".join(lines[:40]), tmp_path)
    assert main(["records", str(path), "--out", str(tmp_path / "out"), "--partial"]) == 0
    err = capsys.readouterr().err
    assert "warning" not in err and err.count("\n") == 1
    assert "truncated" not in (tmp_path / "out" / "records.csv").read_text(encoding="utf-8-sig")


def test_a_cut_exactly_between_two_rows_shows_no_sign_but_the_summary_says_where_it_stops(tmp_path):
    """The limit the README states: May line 106 is the whole row of provision A of pillar D; a cut
    right after it looks like a matrix that ends there."""
    data = SOURCES["2016-05"].read_bytes()
    end_of_106 = len(b"\n".join(data.split(b"\n")[:106]))
    path = cut_file("2016-05", data[:end_of_106], tmp_path)
    extraction, warning = read_checked_source(path, "2016-05")
    assert warning == ""
    assert summary_line(extraction).endswith("; last provision read: D.A (Strengthen capacity building activities ...)")
