"""The issue's figures on the third-draft fixture: `.venv/bin/python tests/bohol_figures.py [PDF EXPECTED]`.

Builds, in a temporary folder, a raw/ of the May and November office PDFs and the third draft
(default tests/fixtures/office/bohol-2017.pdf with expected-2017-11.jsonl), runs the whole build
on it (no corrections: those are for the text renditions), and prints one line per figure: the
build's counts, records found and fields right, the diff against November (kept pairs found,
precision, drops and additions), and the lineage's links back to May.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

from bohol_plan import EDITS, added, dropped, load_november
from office_score import load_expected, norm, score

from tipmatrix.pipeline import RunOptions, build, summary_line

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "office"


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def raw_folder(folder: Path, pdfs: dict[str, Path]) -> Path:
    """`folder` as a raw/ of the given sources (copied), with their manifest."""
    entries = []
    for draft, pdf in pdfs.items():
        shutil.copy(pdf, folder / pdf.name)
        sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
        entries.append(f'[[source]]\ndraft = "{draft}"\nfile = "{pdf.name}"\ntitle = "{draft}"\nas_of = ""\n'
                       f'layout = "nov-2016"\nsha256 = "{sha}"\n')
    (folder / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    return folder


def kept_pairs() -> set[tuple[str, str]]:
    """(November activity, its activity in the third draft), normalised, for every item kept."""
    edited = {start: changes for e in EDITS for start, changes in e.records.items() if changes}
    out = set()
    for want in load_november():
        old = want["activity"]
        if any(old.startswith(s) for s in dropped()):
            continue
        new = next((c.get("activity") for s, c in edited.items() if old.startswith(s)), None) or old
        out.add((norm(old), norm(new)))
    return out


def main(argv: list[str]) -> int:
    pdf = Path(argv[0]) if argv else FIXTURES / "bohol-2017.pdf"
    expected = load_expected(Path(argv[1]) if len(argv) > 1 else FIXTURES / "expected-2017-11.jsonl")
    draft = "2017-11"
    pdfs = {"2016-05": FIXTURES / "may-2016.pdf", "2016-11": FIXTURES / "nov-2016.pdf", draft: pdf}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "raw").mkdir()
        raw = raw_folder(Path(tmp, "raw"), pdfs)
        out = Path(tmp, "out")
        results = build(raw, out, RunOptions(corrections=False))
        for result in results:
            print("build:", summary_line(result.extraction))
        third = results[-1].extraction
        print(f"{draft} records:", score(expected, list(third.records)).summary())
        diff = _csv(out / "diff" / f"2016-11_vs_{draft}.csv")
        pairs = {(norm(d["activity_old"]), norm(d["activity_new"])) for d in diff
                 if d["record_id_old"] and d["record_id_new"]}
        want = kept_pairs()
        found = pairs & want
        print(f"diff 2016-11 -> {draft}: kept pairs found {len(found)}/{len(want)} ({len(found) / len(want):.1%}),"
              f" precision {len(found)}/{len(pairs)} ({len(found) / max(len(pairs), 1):.1%});"
              f" dropped {sum(d['change'] == 'dropped' for d in diff)} (made {len(dropped())}),"
              f" added {sum(d['change'] == 'added' for d in diff)} (made {len(added())})")
        lineage = _csv(out / "lineage.csv")
        may = _csv(out / "diff" / "2016-05_vs_2016-11.csv")
        links = {(d["record_id_old"], d["record_id_new"]) for d in may if d["record_id_old"] and d["record_id_new"]}
        kept_linked = {(r["2016-05_record_id"], r["2016-11_record_id"]) for r in lineage
                       if r["2016-05_record_id"] and r["2016-11_record_id"] and r[f"{draft}_record_id"]}
        reach = {(a, b) for a, b in links
                 if any(r["2016-11_record_id"] == b and r[f"{draft}_record_id"] for r in lineage)}
        print(f"lineage: {len(lineage)} chains; May-November links of items kept in {draft} followed back to May:"
              f" {len(kept_linked & reach)}/{len(reach)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
