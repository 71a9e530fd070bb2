"""`PYTHONPATH=.:tests python -m corpus.fixtures`: the generated documents the tests read as LibreOffice
made them (tests/fixtures/corpus/): for each seed of SEEDS, LibreOffice's PDF of the Word document
(`soffice --headless --convert-to pdf`) and the records it prints (<name>.jsonl). Needs LibreOffice, so
it runs on a dev machine only; the tests read the committed files (and check their records are still
what the generator draws from the seed)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from corpus.generate import convert_with_office, draw, write

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
# A May and two November documents in variants the readers know, and one in a column order they do not.
SEEDS = (8, 73, 77, 27)


def main() -> int:
    FOLDER.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for seed in SEEDS:
            spec = draw(seed, "lo-pdf")
            path, records = write(spec, folder)
            convert_with_office([path.with_suffix(".docx")], folder)
            (FOLDER / path.name).write_bytes(path.read_bytes())
            lines = [json.dumps(rec, ensure_ascii=False, sort_keys=True) for rec in records]
            (FOLDER / f"{path.stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            print(f"{FOLDER / path.name}: {len(records)} records; {spec.variants()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
