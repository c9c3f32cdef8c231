"""Markdown sources made safe to render, for exports that carry them (JSON, CSV).

A summary's source is the digest's text: a consumer of ``papers.json`` that
renders it as CommonMark with HTML on would run its raw HTML and follow its
``javascript:`` links. The exported source is therefore rewritten, as CommonMark
reads it:

- outside code (code blocks and code spans keep their text), every ``<`` is
  written ``&lt;``, except in an http(s) or mailto autolink: no raw HTML (inline
  or block) and no other autolink is left;
- in a paragraph (or heading, or table row) that holds a link or picture whose
  URL is not http, https, mailto or relative, and in every line that is neither
  code nor inline text (an HTML block, a link reference definition), every
  ``[`` is written ``&#91;``: its links are text;
- the result is parsed again; should anything active be left (a rewrite that
  changed how blocks are read), every ``<`` and ``[`` of the text is written as
  a reference, code included.

Character references are text to CommonMark, never markup, and the rewrite is
linear in the length of the text.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..model import Digest, Entry
from ..urls import is_safe_url

_SAFE_AUTOLINK_RE = re.compile(r"<(?:[hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:)[^\s<>]*>")
_BACKTICKS_RE = re.compile(r"`+")
_LT, _BRACKET = "&lt;", "&#91;"


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark with HTML on: how a consumer reads the source."""
    md = MarkdownIt("commonmark", {"html": True})
    # every link is a token, so that an unsafe one is seen (and judged here)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def safe_markdown(text: str) -> str:
    """``text`` rewritten so that CommonMark renders no raw HTML and no unsafe link."""
    if "<" not in text and "[" not in text:
        return text
    tokens = _parser().parse(text)
    if _is_safe(tokens):
        return text
    lines = text.splitlines(keepends=True)
    done = "".join(_rewrite(lines, tokens))
    if _is_safe(_parser().parse(done)):
        return done
    return text.replace("<", _LT).replace("[", _BRACKET)


def _is_safe(tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` hold no raw HTML and no link or picture of an unsafe URL."""
    for token in tokens:
        if token.type == "html_block":
            return False
        for child in token.children or ():
            if child.type == "html_inline" or not _safe_child(child):
                return False
    return True


def _safe_child(child: Token) -> bool:
    if child.type == "link_open":
        return is_safe_url(str(child.attrs.get("href", "")))
    if child.type == "image":
        return is_safe_url(str(child.attrs.get("src", "")))
    return True


def _rewrite(lines: list[str], tokens: Sequence[Token]) -> Iterable[str]:
    """The lines, rewritten by what the tokens say of each (see the module docstring)."""
    kinds: list[str | None] = [None] * len(lines)  # "code", or "inline"/"unsafe" text
    starts: dict[int, int] = {}  # first line of an inline run -> its end
    for token in tokens:
        if token.map is None:
            continue
        start, end = token.map
        if token.type in {"fence", "code_block"}:
            kinds[start:end] = ["code"] * (end - start)
        elif token.type == "inline":
            unsafe = not all(_safe_child(c) for c in token.children or ())
            if kinds[start] != "unsafe":
                kinds[start:end] = ["unsafe" if unsafe else "inline"] * (end - start)
            starts[start] = max(end, starts.get(start, end))
    i = 0
    while i < len(lines):
        kind = kinds[i]
        if kind == "code":
            yield lines[i]
            i += 1
        elif kind is not None and i in starts:
            end = starts[i]
            yield _escape_text("".join(lines[i:end]), brackets=kind == "unsafe")
            i = end
        else:  # an HTML block, a reference definition, a blank line...
            yield _escape_plain(lines[i], brackets=True)
            i += 1


def _escape_text(text: str, brackets: bool) -> str:
    """Inline text: ``<`` (and ``[``) escaped outside its code spans."""
    out: list[str] = []
    at = 0
    for start, end in _code_spans(text):
        out.append(_escape_plain(text[at:start], brackets))
        out.append(text[start:end])
        at = end
    out.append(_escape_plain(text[at:], brackets))
    return "".join(out)


def _escape_plain(text: str, brackets: bool) -> str:
    if brackets:
        text = text.replace("[", _BRACKET)
    if "<" not in text:
        return text
    out: list[str] = []
    at = 0
    for match in _SAFE_AUTOLINK_RE.finditer(text):
        out.append(text[at : match.start()].replace("<", _LT))
        out.append(match.group(0))
        at = match.end()
    out.append(text[at:].replace("<", _LT))
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of inline text are: a run of backticks to the next run as long.

    A backslash does not escape a backtick that closes a span, but does one that
    would open it. The runs are looked up by length, so the search is linear.
    """
    runs = list(_BACKTICKS_RE.finditer(text))
    by_length: dict[int, list[int]] = {}
    for index, run in enumerate(runs):
        by_length.setdefault(len(run.group(0)), []).append(index)
    cursor: dict[int, int] = {}
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        start, length = runs[i].start(), len(runs[i].group(0))
        if _escaped(text, start):  # ``\``` : its first backtick is text
            start, length = start + 1, length - 1
        close = _next_run(by_length.get(length, []), cursor, length, i) if length else None
        if close is None:
            i += 1
            continue
        spans.append((start, runs[close].end()))
        i = close + 1
    return spans


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _next_run(same: list[int], cursor: dict[int, int], length: int, i: int) -> int | None:
    """The index of the next run of ``length`` backticks after run ``i``, or None."""
    position = cursor.get(length, 0)
    while position < len(same) and same[position] <= i:
        position += 1
    cursor[length] = position
    return same[position] if position < len(same) else None


def safe_digest(digest: Digest) -> Digest:
    """``digest`` with every summary and intro made safe (:func:`safe_markdown`)."""
    groups = tuple(
        dataclasses.replace(
            group,
            intro=safe_markdown(group.intro),
            entries=tuple(_safe_entry(entry) for entry in group.entries),
        )
        for group in digest.groups
    )
    return dataclasses.replace(digest, intro=safe_markdown(digest.intro), groups=groups)


def _safe_entry(entry: Entry) -> Entry:
    return dataclasses.replace(entry, summary=safe_markdown(entry.summary))
