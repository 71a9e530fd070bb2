"""The `tipmatrix` command's entry point: Ctrl-C is taken from the first line on.

The command line imports its libraries for most of a second before `cli.main` runs; a Ctrl-C then
would print Python's traceback of an import. This module imports nothing else, notes Ctrl-C from
the start, then imports the command line; after the command, Ctrl-C is ignored (its work is done).
"""

from __future__ import annotations

import sys

INTERRUPTED = 130  # 128 + SIGINT


def where_left(argv: list[str]) -> str:
    """What the command left, from its arguments alone (nothing is written before they are parsed)."""
    words = [a for a in argv if not a.startswith("-")]
    if words[:1] == ["review"]:
        return "nothing written"
    out = "out"
    for i, arg in enumerate(argv):
        if arg == "--out" and i + 1 < len(argv):
            out = argv[i + 1]
        elif arg.startswith("--out="):
            out = arg.split("=", 1)[1]
    return f"{out.rstrip('/') or '/'}/ left as it was"


def run() -> int:
    """`tipmatrix ...` as installed: cli.main, with Ctrl-C during its imports reported as during a command."""
    try:
        # `signal` imports enum (10 ms): inside the try, so that a Ctrl-C there is reported like the rest
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)  # KeyboardInterrupt, also where Python set none
        from tipmatrix.cli import main
    except KeyboardInterrupt:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print(f"tipmatrix: interrupted; {where_left(sys.argv[1:])}", file=sys.stderr)
        return INTERRUPTED
    try:
        return main()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
