"""The provision registry (normalize/provisions.csv), in long form: one row per provision and draft.
Every record's provision is registered for its draft, every row cites lines that print its text,
and records carry their own draft's whole text, flagged where their own printing differs
(issue 10, item 4; issue 20, item 4)."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

from tipmatrix.errors import InputError
from tipmatrix.model import Record
from tipmatrix.normalize.provisions import (
    COLUMNS,
    RegisteredProvision,
    complete_provisions,
    complete_record,
    find,
    load_registry,
)
from tipmatrix.pipeline import extract_and_reconcile, source_records
from tipmatrix.textfold import fold_lookalikes

ROOT = Path(__file__).parent.parent
RAW = ROOT / "raw"
FILES = {"2016-05": RAW / "000_77964c73432e17e8.txt", "2016-11": RAW / "001_fcb319b1d564dd03.txt"}
DRAFT_OF_FILE = {s["file"]: s["draft"] for s in tomllib.loads((RAW / "sources.toml").read_text())["source"]}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _lines(places: str) -> str:
    out = []
    for place in places.split():
        name, _, span = place.rpartition(":")
        first, last = (int(n) for n in span.split("-"))
        out += (RAW / name).read_text(encoding="utf-8").split("\n")[first - 1 : last]
    return "\n".join(out)


def _printed(places: str) -> set[str]:
    return set(_words(_lines(places)))


@pytest.fixture(scope="module")
def drafts():
    return {draft: source_records(path, draft) for draft, path in FILES.items()}


def test_the_registry_is_long_form_with_no_column_named_after_a_draft():
    with (ROOT / "normalize" / "provisions.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == COLUMNS == ("provision", "draft", "label", "text", "source_lines", "completed_from", "note")
    registry = load_registry()
    keys = sorted({p.key for p in registry}, key=lambda k: (k[0], int(k[2:])))
    # pillar A 6, B 7, C 6, D 3: each printed in both drafts
    assert keys == [f"{p}-{n}" for p, count in (("A", 6), ("B", 7), ("C", 6), ("D", 3)) for n in range(1, count + 1)]
    assert sorted((p.key, p.draft) for p in registry) == sorted((k, d) for k in keys for d in FILES)


def test_every_registry_row_cites_lines_that_print_its_text():
    for provision in load_registry():
        # its own lines are in its own draft's file; the completion's in another draft's
        assert {DRAFT_OF_FILE[p.rpartition(":")[0]] for p in provision.source_lines.split()} == {provision.draft}
        assert provision.draft not in {DRAFT_OF_FILE[p.rpartition(":")[0]] for p in provision.completed_from.split()}
        places = provision.printed_in if provision.completed_from else provision.source_lines
        missing = [w for w in _words(provision.text) if w not in _printed(places)]
        assert not missing, (provision.key, provision.draft, missing)
        if provision.label:  # the letter as printed ("A." alone, before or glued after a text), look-alikes folded
            lines = fold_lookalikes(_lines(provision.source_lines))
            assert re.search(rf"(?<![A-Za-z]){re.escape(provision.label)}", lines), (provision.key, provision.draft)


def test_every_record_has_its_provision_registered_for_its_draft_and_carries_that_text(drafts):
    registry = load_registry()
    for draft, ex in drafts.items():
        for rec in ex.records:
            row = find(rec, registry)
            assert row is not None and row.draft == draft, (draft, rec.source_lines, rec.provision_text[:50])
            assert rec.provision_text == row.text, (draft, rec.source_lines)
            assert not [f for f in rec.flags if f.startswith("provision-unregistered")]


def test_each_draft_keeps_its_own_words(drafts):
    """Where the drafts print a provision differently, each record carries its own draft's printing."""
    def texts(draft: str, opening: str) -> set[str]:
        return {r.provision_text for r in drafts[draft].records if r.provision_text.startswith(opening)}

    assert {"blood-borne" in t for t in texts("2016-05", "Provide specialized")} == {True}
    assert {"bloodborne" in t for t in texts("2016-11", "Provide specialized")} == {True}
    assert {t.endswith("victims of trafficking in persons.") for t in texts("2016-05", "In line with Article 14")} == {
        True}
    assert {t.endswith("victims of trafficking in persons") for t in texts("2016-11", "In line with Article 14")} == {
        True}
    # November's clipped printing of A-2 keeps the words November prints ("into account ... organization.")
    assert {t.endswith("into count the need to respect human rights, child and gender-sensitive issues, and encourage"
                       " cooperation, where appropriate, with civil society, non-governmental")
            or "into count" in t for t in texts("2016-05", "Continue capacity building")} == {True}
    nov = texts("2016-11", "Continue capacity building")
    assert len(nov) == 1 and "taking into account" in next(iter(nov))
    assert next(iter(nov)).endswith("non-governmental organization.")


def test_a_clipped_printing_gets_the_whole_text_and_says_so(drafts):
    # November line 27 prints provision A of pillar A clipped by the next column
    rec = next(r for r in drafts["2016-11"].records if r.activity.startswith("Linking/Uploading of SOMTC"))
    assert rec.provision_text.startswith("Increase awareness campaigns to educate all levels of society on "
                                         "trafficking in persons and its linkage to violation of human rights")
    assert any(f.startswith("provision-completed: printed here as 'Increase awareness of to educate all levels")
               and f.endswith("whole text of A-1 from 001_fcb319b1d564dd03.txt:27-27 000_77964c73432e17e8.txt:6-6")
               for f in rec.flags)
    # printed whole in its own draft: no flag
    rec = next(r for r in drafts["2016-05"].records if r.activity.startswith("Linking/Uploading of SOMTC"))
    assert not [f for f in rec.flags if f.startswith("provision-")]


def test_the_same_provision_under_another_letter_is_one_registry_key(drafts):
    # May prints "Subject to domestic laws ..." without a letter; November as B.D
    registry = load_registry()
    may = [r for r in drafts["2016-05"].records if r.provision_text.startswith("Subject to domestic laws")]
    nov = [r for r in drafts["2016-11"].records if r.provision_text.startswith("Subject to domestic laws")]
    assert may and nov
    assert {r.provision for r in may} == {""} and {r.provision for r in nov} == {"D"}
    assert {find(r, registry).key for r in may + nov} == {"B-4"}  # type: ignore[union-attr]
    assert {r.provision_text for r in may} == {r.provision_text for r in nov}


def _record(pillar: str, letter: str, text: str, draft: str = "2016-11") -> Record:
    return Record(draft=draft, pillar=pillar, provision=letter, provision_text=text, activity="x",
                  source_file="f", source_lines=(1, 1))


PROSECUTE = (RegisteredProvision("C-3", "2016-05", "E.", "Prosecute crimes of trafficking.", "f:1-1"),
             RegisteredProvision("C-3", "2016-11", "", "Prosecute crimes of trafficking.", "g:1-1"))


def test_a_letter_that_differs_in_the_draft_is_not_matched_by_words_alone():
    assert complete_record(_record("C", "", "Prosecute crimes of traff"), PROSECUTE).provision_text == (
        "Prosecute crimes of trafficking.")
    out = complete_record(_record("C", "F", "Prosecute crimes of traff", draft="2016-05"), PROSECUTE)
    assert out.provision_text == "Prosecute crimes of traff"
    assert [f.split(":")[0] for f in out.flags] == ["provision-unregistered"]
    out = complete_record(_record("B", "", "Prosecute crimes of traff"), PROSECUTE)
    assert out.provision_text == "Prosecute crimes of traff"
    assert [f.split(":")[0] for f in out.flags] == ["provision-unregistered"]
    # a label read in another style ("(e)", "e.") is the same letter
    out = complete_record(_record("C", "(e)", "Prosecute crimes of traff", draft="2016-05"), PROSECUTE)
    assert out.provision_text == "Prosecute crimes of trafficking."


def test_a_draft_not_registered_keeps_its_own_words_and_flags_only_what_matches_nothing():
    reworded = _record("C", "E", "Prosecute crimes of trafficking in persons, swiftly.", draft="2017-11")
    assert complete_record(reworded, PROSECUTE) == reworded
    stranger = _record("C", "E", "Abolish something else entirely.", draft="2017-11")
    out = complete_record(stranger, PROSECUTE)
    assert out.provision_text == stranger.provision_text
    assert [f.split(":")[0] for f in out.flags] == ["provision-unregistered"]


def test_a_third_draft_registers_its_own_rows(tmp_path):
    """Any number of drafts: a row for draft 2017-11 gives its records their own text, completed
    from its own row where its printing is clipped."""
    rows = [*PROSECUTE, RegisteredProvision("C-3", "2017-11", "(e)", "Prosecute crimes of trafficking, swiftly.",
                                            "h:1-2")]
    path = tmp_path / "provisions.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows([p.key, p.draft, p.label, p.text, p.source_lines, p.completed_from, p.note] for p in rows)
    registry = load_registry(path)
    assert registry == tuple(rows)
    out = complete_record(_record("C", "(e)", "Prosecute crimes of traffic", draft="2017-11"), registry)
    assert out.provision_text == "Prosecute crimes of trafficking, swiftly."
    assert out.flags[0].endswith("whole text of C-3 from h:1-2")


@pytest.mark.parametrize(("header", "row", "message"), [
    ("provision,draft,label,text,source_lines,note", "", "the columns must be provision, draft, label, text"),
    (",".join(COLUMNS), "A1,2016-05,,Text.,f:1-1,,", "line 2: the provision key must be"),
    (",".join(COLUMNS), "A-1,,,Text.,f:1-1,,", "line 2: the draft must be named"),
    (",".join(COLUMNS), "A-1,2016-05,,Text.,f:1,,", "line 2: source_lines must be FILE:FIRST-LAST"),
])
def test_a_bad_registry_row_is_refused_naming_its_line(tmp_path, header, row, message):
    path = tmp_path / "provisions.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_registry(path)


def test_a_provision_registered_twice_for_a_draft_is_refused(tmp_path):
    path = tmp_path / "provisions.csv"
    path.write_text(",".join(COLUMNS) + "\nA-1,2016-05,,Text.,f:1-1,,\nA-1,2016-05,,Other.,f:2-2,,\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3: A-1 is registered twice for draft 2016-05"):
        load_registry(path)


def test_complete_provisions_on_an_extraction_is_the_record_rule(drafts):
    ex = extract_and_reconcile(FILES["2016-11"], "2016-11")
    assert complete_provisions(ex).records == tuple(complete_record(r, load_registry()) for r in ex.records)


def test_the_diff_keeps_a_provision_whose_letter_changed_in_place(drafts):
    from tipmatrix.normalize.align import MOVED, align

    result = align(drafts["2016-05"].records, drafts["2016-11"].records)
    registry = load_registry()
    relettered = [p for p in result.pairs if p.old is not None and p.new is not None
                  and p.old.provision != p.new.provision
                  and find(p.old, registry).key == find(p.new, registry).key]  # type: ignore[union-attr]
    # May's unlettered "Provide specialized services ...", "Subject to domestic laws ..." and
    # "Strengthen the information-sharing ..." are November's B.C, B.D and C.L
    assert {(p.old.pillar, p.new.provision) for p in relettered} == {("B", "C"), ("B", "D"), ("C", "L")}
    assert not [p for p in relettered if MOVED in p.flags]
