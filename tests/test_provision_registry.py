"""The provision registry (normalize/provisions.csv): every record's provision is in it, every row
cites lines that print its text, and records carry its whole text, flagged where their own
printing differs (issue 10, item 4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tipmatrix.model import Record
from tipmatrix.normalize.provisions import RegisteredProvision, complete_record, load_registry
from tipmatrix.pipeline import records_of

ROOT = Path(__file__).parent.parent
RAW = ROOT / "raw"
FILES = {"2016-05": RAW / "000_77964c73432e17e8.txt", "2016-11": RAW / "001_fcb319b1d564dd03.txt"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@pytest.fixture(scope="module")
def drafts():
    return {draft: records_of(path, draft) for draft, path in FILES.items()}


def test_every_registry_row_cites_lines_that_print_its_text():
    registry = load_registry()
    assert len(registry) == 22  # pillar A 6, B 7, C 6, D 3
    for provision in registry:
        printed: set[str] = set()
        for place in provision.printed_in.split():
            name, _, span = place.rpartition(":")
            first, last = (int(n) for n in span.split("-"))
            lines = (RAW / name).read_text(encoding="utf-8").split("\n")[first - 1 : last]
            printed |= set(_words(" ".join(lines)))
        missing = [w for w in _words(provision.text) if w not in printed]
        assert not missing, (provision.text[:40], missing)


def test_every_record_carries_a_registered_whole_text(drafts):
    whole = {p.text for p in load_registry()}
    for ex in drafts.values():
        for rec in ex.records:
            assert rec.provision_text in whole, (rec.draft, rec.source_lines, rec.provision_text[:50])


def test_a_clipped_printing_gets_the_whole_text_and_says_so(drafts):
    # November line 27 prints provision A of pillar A clipped by the next column
    rec = next(r for r in drafts["2016-11"].records if r.activity.startswith("Linking/Uploading of SOMTC"))
    assert rec.provision_text.startswith("Increase awareness campaigns to educate all levels of society on "
                                         "trafficking in persons and its linkage to violation of human rights")
    assert any(f.startswith("provision-completed: printed here as 'Increase awareness of to educate all levels")
               and f.endswith("000_77964c73432e17e8.txt:6-6") for f in rec.flags)
    # printed whole in its own draft: no flag
    rec = next(r for r in drafts["2016-05"].records if r.activity.startswith("Linking/Uploading of SOMTC"))
    assert not [f for f in rec.flags if f.startswith("provision-")]


def test_the_same_provision_under_another_letter_is_one_registry_row(drafts):
    # May prints "Provide specialized services ..." without a letter; November as B.C
    may = [r for r in drafts["2016-05"].records if r.provision_text.startswith("Provide specialized services")]
    nov = [r for r in drafts["2016-11"].records if r.provision_text.startswith("Provide specialized services")]
    assert may and nov
    assert {r.provision for r in may} == {""} and {r.provision for r in nov} == {"C"}
    assert {r.provision_text for r in may} == {r.provision_text for r in nov}


def _record(pillar: str, letter: str, text: str) -> Record:
    return Record(draft="2016-11", pillar=pillar, provision=letter, provision_text=text, activity="x",
                  source_file="f", source_lines=(1, 1))


def test_a_letter_that_differs_in_the_draft_is_not_matched_by_words_alone():
    registry = (RegisteredProvision("C", {"2016-05": "E", "2016-11": ""}, "Prosecute crimes of trafficking.", "f:1-1",
                                    ""),)
    assert complete_record(_record("C", "", "Prosecute crimes of traff"), registry).provision_text == (
        "Prosecute crimes of trafficking.")
    out = complete_record(_record("B", "", "Prosecute crimes of traff"), registry)
    assert out.provision_text == "Prosecute crimes of traff"
    assert [f.split(":")[0] for f in out.flags] == ["provision-unregistered"]


def test_the_diff_keeps_a_provision_whose_letter_changed_in_place(drafts):
    from tipmatrix.normalize.align import MOVED, align

    result = align(drafts["2016-05"].records, drafts["2016-11"].records)
    relettered = [p for p in result.pairs if p.old is not None and p.new is not None
                  and p.old.provision != p.new.provision and p.old.provision_text == p.new.provision_text]
    # May's unlettered "Provide specialized services ...", "Subject to domestic laws ..." and
    # "Strengthen the information-sharing ..." are November's B.C, B.D and C.L
    assert {(p.old.pillar, p.new.provision) for p in relettered} == {("B", "C"), ("B", "D"), ("C", "L")}
    assert not [p for p in relettered if MOVED in p.flags]
