"""A provision reworded between drafts (issue 20, item 4): the third draft built by
tests/bohol_plan.py, with provision A(a) in the endorsed plan's words ("... with effective
involvement of mass media ..."), keeps those words (it is not in the registry), and the diff
and the lineage from November show the change as `provision-reworded` on exactly the items under
that provision."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from bohol_figures import raw_folder
from bohol_plan import DRAFT, P_A_ENDORSED, added, bohol_rows, build_docx, lineage_changes, with_endorsed_provision_a
from office_matrix import P_A

from tipmatrix.export.diff import render_diff_csv
from tipmatrix.export.lineage import render_lineage_csv
from tipmatrix.model import LIST_SEPARATOR
from tipmatrix.normalize.align import PROVISION_REWORDED, align
from tipmatrix.normalize.lineage import build_lineage
from tipmatrix.pipeline import RunOptions, aligned, read_drafts, source_records

FIXTURES = Path(__file__).parent / "fixtures" / "office"
NOV = "2016-11"


@pytest.fixture(scope="module")
def endorsed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("endorsed")
    return build_docx(folder / "bohol-2017-endorsed.docx", with_endorsed_provision_a(bohol_rows()))


def test_the_endorsed_words_are_kept_and_the_2016_ones_are_not_put_in_their_place(endorsed):
    records = source_records(endorsed, DRAFT).records
    under_a = [r for r in records if r.pillar == "A" and r.provision == "A"]
    assert under_a and {r.provision_text for r in under_a} == {P_A_ENDORSED}
    assert "with effective involvement of mass media" in P_A_ENDORSED and P_A_ENDORSED != P_A
    # matched to a registered provision: nothing flagged about provisions on any record
    assert not [f for r in records for f in r.flags if f.startswith(("provision-completed", "provision-unregistered"))]


def test_the_diff_from_november_flags_the_reworded_provision_on_its_items_only(endorsed):
    nov = source_records(FIXTURES / "nov-2016.docx", NOV).records
    new = source_records(endorsed, DRAFT).records
    result = align(nov, new)
    flagged = [p for p in result.pairs if PROVISION_REWORDED in p.flags]
    matched_under_a = [p for p in result.pairs if p.old is not None and p.new is not None
                       and p.new.provision_text == P_A_ENDORSED]
    assert flagged and flagged == matched_under_a
    assert {p.old.provision_text for p in flagged} == {P_A}  # type: ignore[union-attr]


def test_the_lineage_shows_the_provision_change_beside_the_other_changes(endorsed, tmp_path):
    (tmp_path / "raw").mkdir()
    raw = raw_folder(tmp_path / "raw", {"2016-05": FIXTURES / "may-2016.docx", NOV: FIXTURES / "nov-2016.docx",
                                        DRAFT: endorsed})
    # what a build (without corrections) writes as out/lineage.csv and the diff's CSV, made by the functions
    # it makes them with (pipeline.comparison_files), without rendering every other file of the three drafts
    options = RunOptions(corrections=False)
    results = read_drafts(raw, options)
    diffs = [aligned(old, new, options) for old, new in zip(results, results[1:])]
    lineage = build_lineage([r.source.draft for r in results], [r.extraction.records for r in results], diffs)
    rows = list(csv.DictReader(io.StringIO(render_lineage_csv(lineage).decode("utf-8-sig"))))
    new = {r.record_id: r for r in source_records(endorsed, DRAFT).records}
    changes = lineage_changes()
    seen = set()
    for row in rows:
        rec = new.get(row[f"{DRAFT}_record_id"])
        if rec is None or rec.activity in added():
            continue
        want = next((c for s, c in changes.items() if row[f"{NOV}_text"].startswith(s)), "unchanged")
        if rec.provision_text == P_A_ENDORSED:
            seen.add(rec.record_id)
            want = PROVISION_REWORDED if want == "unchanged" else LIST_SEPARATOR.join((want, PROVISION_REWORDED))
        assert row[f"{DRAFT}_change"] == want, (row[f"{NOV}_text"][:50], row[f"{DRAFT}_change"])
    # every item under the reworded provision is followed there from November (none was added under it)
    assert seen == {i for i, r in new.items() if r.provision_text == P_A_ENDORSED} and len(seen) == 10
    # the diff file says it too
    assert (diffs[-1].old_draft, diffs[-1].new_draft) == (NOV, DRAFT)
    diff = render_diff_csv(diffs[-1]).decode("utf-8-sig")
    assert PROVISION_REWORDED in diff
