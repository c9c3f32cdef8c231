"""The ``paperdigest`` command: ``lint`` digests, ``show`` their model, ``export`` them.

``paperdigest lint FILE...`` prints one line per diagnostic,
``file:line: severity: [code] message``, and exits 1 when any is an error; it
also looks at the local picture files (``--srcdir``: where they must stay).
``paperdigest show FILE --format json`` prints the model (see the docs for the
schema). Both are useful in a docs project's CI. ``paperdigest export FILE...
--format atom|json|bibtex|csv`` prints the digests as a feed, data or citations.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from urllib.parse import urljoin

from . import __version__
from .core.exports import FORMATS, Source, export, file_site
from .core.files import picture_problems
from .core.limits import brief
from .core.model import Diagnostic, Digest, Severity
from .core.profile import digest_problems
from .core.reader import read_digest
from .core.serialize import digest_data

#: Characters a terminal acts on rather than shows: C0 and C1 controls (ANSI escapes
#: start with one), DEL, bidirectional overrides, isolates and marks, line separators.
_CONTROLS = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x2028, 0x202F),
    *range(0x2066, 0x206A),
]
#: In text: Python-style escapes (``\x1b``, ``\u202e``), so nothing is hidden.
_TEXT_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _CONTROLS}
#: In JSON (whose own escaping leaves DEL, C1 and bidi characters raw when
#: ``ensure_ascii`` is off): JSON escapes, which read back as the same text.
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in _CONTROLS if c >= 0x7F}


def terminal_text(text: str) -> str:
    """``text`` with every control character written as a visible escape."""
    return text.translate(_TEXT_ESCAPES)


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _summary(path: str, entries: int, diagnostics: Sequence[Diagnostic]) -> str:
    """``seed.md: 11 entries, no problems`` or ``bad.md: 2 entries, 1 error, 3 warnings``."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    counts = [_count(errors, "error", "errors")] if errors else []
    counts += [_count(warnings, "warning", "warnings")] if warnings else []
    problems = ", ".join(counts) or "no problems"
    return f"{path}: {_count(entries, 'entry', 'entries')}, {problems}"


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


def _lint(paths: Sequence[str], quiet: bool, srcdir: str | None = None) -> int:
    failed = False
    for path in paths:
        found = _read(path)
        if isinstance(found, str):
            print(terminal_text(found))
            failed = True
            continue
        digest, diagnostics = found
        # what the renderer will refuse in summaries (it finds the same when building)
        # and what the build will say of the picture files (never opened, only looked at)
        every = [*diagnostics, *digest_problems(digest), *picture_problems(digest, srcdir)]
        diagnostics = sorted(every, key=lambda d: d.line or 0)
        for diagnostic in diagnostics:
            if quiet and diagnostic.severity is Severity.INFO:
                continue
            print(terminal_text(diagnostic.format(path)))
            failed = failed or diagnostic.severity is Severity.ERROR
        if not quiet:
            print(terminal_text(_summary(path, len(digest.entries), diagnostics)))
    return 1 if failed else 0


def _show(path: str, fmt: str) -> int:
    found = _read(path)
    if isinstance(found, str):
        print(terminal_text(found), file=sys.stderr)
        return 1
    digest, diagnostics = found
    if fmt == "json":
        data = json.dumps(digest_data(digest, diagnostics), ensure_ascii=False, indent=2)
        print(data.translate(_JSON_ESCAPES))
    else:
        title = digest.meta.title or path
        print(terminal_text(f"{title} ({len(digest.entries)} entries)"))
        for group in digest.groups:
            if group.title:
                print()
                print(terminal_text(group.title))
            for entry in group.entries:
                when = entry.date.isoformat() if entry.date else entry.year or ""
                print(terminal_text(f"  {entry.id}  {when}  {entry.title}"))
    return 0


def _export(
    paths: Sequence[str], fmt: str, base_url: str | None, feed_url: str | None, title: str | None
) -> int:
    for name, url in (("--base-url", base_url), ("--feed-url", feed_url)):
        if url is not None and not url.startswith(("https://", "http://")):
            print(f"paperdigest export: {name} must be an http(s) URL", file=sys.stderr)
            return 2
    if fmt == "atom" and not base_url:
        print(
            "paperdigest export: --format atom needs --base-url (the URL of the page "
            "that shows the digests)",
            file=sys.stderr,
        )
        return 2
    sources = []
    for path in paths:
        try:
            digest, diagnostics = read_digest(path)
        except OSError as exc:
            print(f"{path}: error: [not-found] {exc.strerror or exc}", file=sys.stderr)
            return 1
        sources.append(Source(path, digest, tuple(diagnostics)))
    site = file_site(sources, base_url, title)
    feed = feed_url or (urljoin(base_url, "papers.atom") if base_url else None)
    text = export(site, fmt, feed)
    # bytes, so that CSV's CRLF and UTF-8 reach the file as they are on any platform
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
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
    lint.add_argument(
        "--srcdir",
        metavar="DIR",
        help="the Sphinx source directory local pictures must stay in (default: each "
        "digest's directory)",
    )
    show = commands.add_parser("show", help="print what the reader makes of a digest")
    show.add_argument("file", metavar="FILE")
    show.add_argument("--format", choices=("json", "text"), default="text")
    export_ = commands.add_parser(
        "export", help="print digests as an Atom feed, JSON, BibTeX or CSV"
    )
    export_.add_argument("files", nargs="+", metavar="FILE")
    export_.add_argument("--format", choices=FORMATS, required=True)
    export_.add_argument(
        "--base-url",
        metavar="URL",
        help="URL of the page that shows the digests: cards are URL#entry-id (required for atom)",
    )
    export_.add_argument(
        "--feed-url",
        metavar="URL",
        help="atom: the feed's own URL (default: papers.atom beside --base-url)",
    )
    export_.add_argument("--title", help="the feed's title (default: the first digest's)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "lint":
            return _lint(args.files, args.quiet, args.srcdir)
        if args.command == "export":
            return _export(args.files, args.format, args.base_url, args.feed_url, args.title)
        return _show(args.file, args.format)
    except BrokenPipeError:
        # the reader of our output went away (``| head``): not an error of ours;
        # point stdout at devnull so the interpreter's final flush stays quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # writing the output failed (an encoding, say)
        print(f"paperdigest: error: {type(exc).__name__}: {ascii(str(exc))[:200]}", file=sys.stderr)
        return 1
