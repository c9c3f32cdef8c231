"""The ``paperdigest`` command: ``lint`` digests and ``show`` their model.

``paperdigest lint FILE...`` prints one line per diagnostic,
``file:line: severity: [code] message``, and exits 1 when any is an error.
``paperdigest show FILE --format json`` prints the model (see the docs for the
schema). Both are useful in a docs project's CI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import __version__
from .core.limits import brief
from .core.model import Diagnostic, Digest, Severity
from .core.reader import read_digest
from .core.serialize import digest_data


def _read(path: str) -> tuple[Digest, list[Diagnostic]] | str:
    """The digest at ``path``, or the message of why it cannot be read.

    The reader reports bad content as diagnostics; anything it raises is a bug
    of ours, and still a message rather than a traceback.
    """
    try:
        return read_digest(path)
    except OSError as exc:
        return f"{path}: error: [not-found] {exc.strerror or exc}"
    except Exception as exc:  # a bug must not end in a traceback
        return f"{path}: error: the reader failed ({type(exc).__name__}: {brief(str(exc))})"


def _lint(paths: Sequence[str], quiet: bool) -> int:
    failed = False
    for path in paths:
        found = _read(path)
        if isinstance(found, str):
            print(found)
            failed = True
            continue
        _, diagnostics = found
        for diagnostic in diagnostics:
            if quiet and diagnostic.severity is Severity.INFO:
                continue
            print(diagnostic.format(path))
            failed = failed or diagnostic.severity is Severity.ERROR
    return 1 if failed else 0


def _show(path: str, fmt: str) -> int:
    found = _read(path)
    if isinstance(found, str):
        print(found, file=sys.stderr)
        return 1
    digest, diagnostics = found
    if fmt == "json":
        json.dump(digest_data(digest, diagnostics), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        title = digest.meta.title or path
        print(f"{title} ({len(digest.entries)} entries)")
        for group in digest.groups:
            if group.title:
                print(f"\n{group.title}")
            for entry in group.entries:
                when = entry.date.isoformat() if entry.date else entry.year or ""
                print(f"  {entry.id}  {when}  {entry.title}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used by the docs to list the options)."""
    parser = argparse.ArgumentParser(
        prog="paperdigest", description="Check and inspect paper digest files."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    lint = commands.add_parser(
        "lint", help="report every problem in digest files; exit 1 on errors"
    )
    lint.add_argument("files", nargs="+", metavar="FILE")
    lint.add_argument("-q", "--quiet", action="store_true", help="do not print info lines")
    show = commands.add_parser("show", help="print what the reader makes of a digest")
    show.add_argument("file", metavar="FILE")
    show.add_argument("--format", choices=("json", "text"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "lint":
            return _lint(args.files, args.quiet)
        return _show(args.file, args.format)
    except BrokenPipeError:
        # the reader of our output went away (``| head``): not an error of ours;
        # point stdout at devnull so the interpreter's final flush stays quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # writing the output failed (an encoding, say)
        print(f"paperdigest: error: {type(exc).__name__}: {ascii(str(exc))[:200]}", file=sys.stderr)
        return 1
