"""The `tipmatrix` command: regenerate the dataset, or read one source file.

Input errors are caught here once: one line naming the file and the reason, exit 1.
Usage errors exit 2 (argparse). `-v` shows the traceback. Ctrl-C anywhere in a command prints
one line and exits 130: the outputs are written all or nothing (export/atomic.py), so the earlier
ones are left as they were. The pipeline is imported after the Ctrl-C handler is in place (its
libraries take most of a second to import).
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tipmatrix.ctrl_c import Interrupt, noted, written
from tipmatrix.errors import InputError, OutputError, TooLarge

if TYPE_CHECKING:
    from tipmatrix.pipeline import RunOptions

EPILOG_BUILD = (
    "example: tipmatrix build --raw raw --out out; "
    "tipmatrix build --no-corrections --out out-raw (the extractor alone)"
)
EPILOG_RECORDS = "example: tipmatrix records raw/000_77964c73432e17e8.txt --out /tmp/may"
AS_ORIGINAL = "read Word documents with every tracked change rejected (the draft before its inputs)"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="tipmatrix",
        description="Regenerate the ASEAN APA anti-trafficking collaboration matrix dataset from its sources.",
        epilog="example: tipmatrix build",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="show tracebacks")
    ap.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="regenerate out/ from raw/", epilog=EPILOG_BUILD)
    b.add_argument("--raw", type=Path, default=Path("raw"), help="source folder with sources.toml")
    b.add_argument("--out", type=Path, default=Path("out"), help="output folder")
    b.add_argument(
        "--no-corrections",
        dest="corrections",
        action="store_false",
        help="do not apply the curated corrections of normalize/corrections/<draft>.csv",
    )
    b.add_argument("--tracked-changes-rejected", "--as-original", dest="as_original",
                   action="store_true", help=AS_ORIGINAL)

    r = sub.add_parser(
        "records",
        help="extract and reconcile one source file into DIR/records.csv, DIR/coverage.csv and the pillar files",
        epilog=EPILOG_RECORDS,
    )
    r.add_argument("file", type=Path, help="a text rendition (.txt), PDF or Word document (.docx) of either layout")
    r.add_argument("--out", type=Path, required=True, help="folder to write into")
    r.add_argument("--draft", default=None, help="draft id for the records (default: the file's stem)")
    r.add_argument(
        "--partial", action="store_true",
        help="the file is an excerpt on purpose: accept one that stops before pillar D (otherwise refused as "
             "truncated) and do not flag its end as cut",
    )
    r.add_argument("--tracked-changes-rejected", "--as-original", dest="as_original",
                   action="store_true", help=AS_ORIGINAL)
    d = sub.add_parser(
        "diff",
        help="align two drafts of raw/ by meaning and write out/diff/OLD_vs_NEW.csv/.xlsx/.md/.docx",
        epilog="example: tipmatrix diff 2016-05 2016-11",
    )
    d.add_argument("old", help="draft id of the earlier draft, as in raw/sources.toml")
    d.add_argument("new", help="draft id of the later draft")
    d.add_argument("--raw", type=Path, default=Path("raw"), help="source folder with sources.toml")
    d.add_argument("--out", type=Path, default=Path("out"),
                   help="output folder (diff goes in OUT/diff/), with the corrections setting of the records in it")
    d.add_argument("--tracked-changes-rejected", "--as-original", dest="as_original",
                   action="store_true", help=AS_ORIGINAL)
    _review_parser(sub)
    for p in (b, d):
        _folders(p)
    return ap


# --- review import (tipmatrix/review.py) ---
EPILOG_REVIEW = (
    "example: tipmatrix review import ~/pillar-B.xlsx --by 'M. Santos' (a pillar file or draft workbook -> "
    "normalize/corrections/<draft>.csv); tipmatrix review import out/diff/2016-05_vs_2016-11.xlsx "
    "(-> normalize/alignment/2016-05_vs_2016-11.csv); then make"
)


def _folders(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corrections-dir", "--corrections", dest="corrections_dir", type=Path, default=None, metavar="DIR",
                   help="folder of the curated corrections (default: normalize/corrections/)")
    p.add_argument("--alignment", type=Path, default=None, metavar="DIR",
                   help="folder of the diff's pins and forbids (default: normalize/alignment/)")


def _review_parser(sub: Any) -> None:
    review = sub.add_parser("review", help="take a rapporteur's edited workbook back", epilog=EPILOG_REVIEW)
    actions = review.add_subparsers(dest="action", required=True)
    i = actions.add_parser(
        "import", epilog=EPILOG_REVIEW,
        help="edits of a pillar file or draft workbook -> corrections; Review of the diff workbook -> pins",
    )
    i.add_argument("file", type=Path, help="an .xlsx from out/ that a rapporteur edited")
    i.add_argument("--by", default=None, help="who reviewed (default: the workbook's last editor)")
    i.add_argument("--raw", type=Path, default=Path("raw"), help="source folder with sources.toml")
    _folders(i)


def _review(args: argparse.Namespace) -> int:
    from tipmatrix.review import import_workbook

    report = import_workbook(args.file, args.by, args.raw, args.corrections_dir, args.alignment)
    written()
    for line in report.lines:
        print(line)
    for line in report.refused:
        print(f"tipmatrix: refused: {line}", file=sys.stderr)
    if report.refused:
        print(f"tipmatrix: nothing written ({len(report.refused)} refused)", file=sys.stderr)
    return report.status


def _options(args: argparse.Namespace) -> RunOptions:
    """The command's flags as the one options object of the pipeline."""
    from tipmatrix import pipeline

    read = pipeline.ReadOptions(as_original=getattr(args, "as_original", False),
                                partial=getattr(args, "partial", False))
    return pipeline.RunOptions(read, corrections=getattr(args, "corrections", True),
                               corrections_dir=getattr(args, "corrections_dir", None),
                               alignment_dir=getattr(args, "alignment", None))


def _out_checked(out: Path) -> None:
    """Refuse an out/ the run could not replace before the pipeline's libraries are imported (most of a
    second): the same check the pipeline makes first, so a wrong --out is told at once."""
    from tipmatrix.export import atomic

    atomic.check_replaceable(out)


def _diff(args: argparse.Namespace) -> int:
    _out_checked(args.out)
    from tipmatrix import pipeline

    files, corrected = pipeline.diff(args.raw, args.out, args.old, args.new, _options(args))
    written()
    setting = "with corrections" if corrected else "without corrections, as the records beside it"
    for name in sorted(files):
        print(f"wrote {args.out / 'diff' / name} ({setting})", file=sys.stderr)
    return 0


def _build(args: argparse.Namespace) -> int:
    _out_checked(args.out)
    from tipmatrix import pipeline

    results = pipeline.build(args.raw, args.out, _options(args))
    written()
    for result in results:
        if result.warning:
            print(f"tipmatrix: warning: {result.warning}", file=sys.stderr)
        for line in result.superseded:
            print(f"tipmatrix: warning: {line}", file=sys.stderr)
        print(pipeline.summary_line(result.extraction), file=sys.stderr)
    return 0


def _records(args: argparse.Namespace) -> int:
    from tipmatrix import pipeline

    extraction, warning = pipeline.read_checked_source(args.file, args.draft or args.file.stem, _options(args).read)
    pipeline.write_all(args.out, pipeline.draft_outputs(extraction))
    written()
    if warning:
        print(f"tipmatrix: warning: {warning}", file=sys.stderr)
    print(pipeline.summary_line(extraction), file=sys.stderr)
    return 0


COMMANDS = {"build": _build, "records": _records, "diff": _diff, "review": _review}


def version() -> str:
    """The installed distribution's version (the checkout's pyproject.toml, for an editable install)."""
    try:
        return metadata.version("tipmatrix")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C


def left_as_it_was(args: argparse.Namespace) -> str:
    """What an interrupted command leaves: every command writes all or nothing."""
    if args.command == "review":
        return "nothing written"
    out = getattr(args, "out", None)
    return f"{'out' if out is None else str(out).rstrip('/')}/ left as it was"


def _left_before_parsing(argv: list[str] | None) -> str:
    """What a command interrupted before its arguments were parsed leaves (it had written nothing): its
    arguments parsed now, to name the out/ folder it would have written."""
    try:
        return left_as_it_was(_parser().parse_args(argv))
    except (SystemExit, Exception):  # noqa: BLE001 - arguments that do not parse: nothing was written
        return "nothing written"


def main(argv: list[str] | None = None) -> int:
    with noted():
        try:
            args = _parser().parse_args(argv)
            try:
                return COMMANDS[args.command](args)
            except (InputError, OutputError, TooLarge) as exc:
                if args.verbose:
                    raise
                print(f"tipmatrix: error: {exc}", file=sys.stderr)
                return 1
            except MemoryError:
                if args.verbose:
                    raise
                print(f"tipmatrix: error: out of memory in `tipmatrix {args.command}` ({_memory_limit()}); nothing "
                      "was written; run it with more memory", file=sys.stderr)
                return 1
        except BaseException as exc:  # noqa: BLE001 - Ctrl-C, whatever it became on the way up
            if not (Interrupt.pressed or isinstance(exc, KeyboardInterrupt)):
                raise
            if "-v" in (argv or sys.argv[1:]) or "--verbose" in (argv or sys.argv[1:]):
                raise
            where = left_as_it_was(args) if "args" in locals() else _left_before_parsing(argv)
            print(f"tipmatrix: interrupted; {where}", file=sys.stderr)
            return INTERRUPTED


def _memory_limit() -> str:
    """The address-space limit this process runs under, for the out-of-memory line."""
    import resource

    limit, _ = resource.getrlimit(resource.RLIMIT_AS)
    return "no limit set" if limit == resource.RLIM_INFINITY else f"limit {limit / 2**20:,.0f} MiB"


if __name__ == "__main__":
    sys.exit(main())
