"""What flags claim holds: a flag that names a line names a source line, and a correction's reason
reaches its flag as written (a "; " inside it is escaped, not rewritten), through records.csv too."""

from __future__ import annotations

import re
from pathlib import Path

from tipmatrix.export.records_csv import read_records, render_records
from tipmatrix.model import Extraction, Record, flag, split_flags
from tipmatrix.normalize.apply_corrections import correct, parse_corrections
from tipmatrix.pipeline import source_records

RAW = Path(__file__).resolve().parents[1] / "raw"
NOV = RAW / "001_fcb319b1d564dd03.txt"


def test_split_by_bodies_names_the_source_line_that_prints_the_lead_groups():
    lines = NOV.read_text(encoding="utf-8").split("\n")
    cited = []
    for rec in source_records(NOV, "2016-11").records:
        for f in rec.flags:
            m = re.fullmatch(r"split-by-bodies: cell split to match (\d+) lead groups on line (\d+)", f)
            if m:
                groups, line = int(m.group(1)), int(m.group(2))
                cited.append((rec.source_lines, line))
                assert lines[line - 1].count("Lead") == groups
    # read by hand: line 38 prints "Lead: SOMSWD", "Lead: AICHR", "Lead: AICHR" beside one run-on cell
    # (three records), line 61 three lead groups beside two activities of one cell
    assert cited == [((38, 38), 38)] * 3 + [((61, 61), 61)] * 2


def test_a_flag_message_keeps_its_semicolons_escaped_and_reads_back_whole():
    message = r"joined with '; ' and a \ backslash"
    stored = flag("corrected", message)
    assert stored == r"corrected: joined with '\; ' and a \\ backslash"
    assert split_flags(f"missing-lead; {stored}; fuzzy-body: 'SOMTO' read as SOMTC (score 80)") == (
        "missing-lead", stored, "fuzzy-body: 'SOMTO' read as SOMTC (score 80)")


def test_a_correction_reason_reaches_the_flag_and_records_csv_unchanged():
    reason = "its sub-items joined with '; ' (CONVENTIONS: lead-in with sub-items)"
    rec = Record(draft="2016-11", pillar="A", provision="A", provision_text="Increase awareness",
                 activity="Workshop for border control officers on: a", source_file="hand.txt",
                 source_lines=(47, 47), lines_used=(47,))
    ex = Extraction("2016-11", "hand.txt", "nov-2016", (), ()).with_records([rec])
    text = f'lines,text_starts,field,value,reason\n47,Workshop for border,activity,Workshop b,"{reason}"\n'
    (after,) = correct(ex, parse_corrections(text, "c.csv")).records
    (stored,) = after.flags
    assert stored.replace("\\;", ";") == f"corrected: activity ({reason})"
    (back,) = read_records(render_records([after]))
    assert back.flags == after.flags
