"""Cut an entry's summary out of the file: its lines, minus what a card shows elsewhere.

A summary is Markdown source, rendered later: the entry's lines without
separators, metadata comments, raw HTML and the thumbnail, with the reference
definitions it uses from elsewhere in the file appended.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .model import Image
from .scan import EntryParts, html_markdown

_BLANK_RUNS_RE = re.compile(r"\n{3,}")
# A bracketed label in a summary (``[label]``, ``[text][label]``). Escaped
# characters go as pairs, so an escaped ``[`` opens no label; a label stops at
# the next bracket, so no text is scanned twice.
_LABEL_USE_RE = re.compile(r"\\.|\[((?:[^\[\]\\]|\\.)*+)\]", re.S)
_SPACES_RE = re.compile(r"\s*")


class SummarySource:
    """The file's lines, and what makes summaries of them.

    ``dropped`` (sorted) are lines no summary shows; ``env`` is markdown-it's,
    with the file's reference definitions.
    """

    def __init__(self, lines: list[str], dropped: list[int], env: dict[str, Any]) -> None:
        self.lines = lines
        self.dropped = dropped
        self.env = env
        # reference labels, lower-cased, and their order of definition
        self._labels: dict[str, list[tuple[int, str]]] | None = None

    def text(
        self, start: int, end: int, parts: EntryParts, thumbnail: Image | None = None
    ) -> tuple[str, int | None]:
        """The Markdown of lines ``[start, end)`` minus dropped blocks and the thumbnail.

        Returns it with the 1-based line of its first text (None when empty).
        """
        drop = {line for a, b in parts.drop for line in range(a, b)}
        if self.dropped:
            first = bisect.bisect_left(self.dropped, start)
            drop.update(self.dropped[first : bisect.bisect_left(self.dropped, end, first)])
        replace = dict(parts.replace)
        if thumbnail is not None and thumbnail in parts.images:
            self._drop_thumbnail(thumbnail, parts, drop, replace)
        source, first_line = self._splice(start, end, drop, replace)
        if "\n\n\n" in source:
            source = _BLANK_RUNS_RE.sub("\n\n", source)
        source = source.strip("\n")
        if source and self.env.get("references"):
            source += self.reference_defs(source, start, end)
        return source, first_line

    def _splice(
        self, start: int, end: int, drop: set[int], replace: dict[int, tuple[int, str]]
    ) -> tuple[str, int | None]:
        """Lines ``[start, end)`` with ``drop`` blank and ``replace`` in place."""
        out: list[str] = []
        first_line: int | None = None
        line = start
        # jump from one changed line to the next, copying the lines between
        for change in sorted(x for x in (*drop, *replace) if start <= x < end):
            if change < line:
                continue
            if first_line is None:
                first_line = self._first_text(line, change)
            out.extend(self.lines[line:change])
            if change in replace:
                stop, text = replace[change]
                if text and first_line is None:
                    first_line = change + 1
                out.append(text)
                line = stop
            else:
                out.append("\n")
                line = change + 1
        if first_line is None:
            first_line = self._first_text(line, end)
        out.extend(self.lines[line:end])
        return "".join(out), first_line

    def _first_text(self, start: int, end: int) -> int | None:
        """The 1-based number of the first line in ``[start, end)`` with text."""
        for number in range(start, end):
            if not self.lines[number].isspace():
                return number + 1
        return None

    def _drop_thumbnail(
        self,
        thumbnail: Image,
        parts: EntryParts,
        drop: set[int],
        replace: dict[int, tuple[int, str]],
    ) -> None:
        index = parts.images.index(thumbnail)
        for start, pieces in parts.html_blocks.items():
            if index in pieces:
                stop, _ = replace[start]
                text = html_markdown(pieces, parts.images, skip=thumbnail)
                replace[start] = (stop, text + "\n\n" if text else "")
                return
        # a picture inside a paragraph: drop its paragraph if it holds nothing else
        line = (thumbnail.line or 0) - 1
        if not 0 <= line < len(self.lines):
            return
        text = self.lines[line]
        stripped = strip_picture(text, thumbnail.src)
        if stripped != text:
            if stripped.strip():
                replace[line] = (line + 1, stripped)
            else:
                drop.add(line)

    def reference_defs(self, source: str, start: int, end: int) -> str:
        """Reference definitions ``source`` uses that sit outside lines ``[start, end)``."""
        references = self.env["references"]
        if self._labels is None:
            self._labels = {}
            for order, label in enumerate(references):
                self._labels.setdefault(label.lower(), []).append((order, label))
        used: dict[int, str] = {}
        for match in _LABEL_USE_RE.finditer(source.lower()):
            for order, label in self._labels.get(match.group(1) or "", ()):
                used[order] = label
        extra = []
        for order in sorted(used):  # in the order of definition
            ref = references[used[order]]
            span = ref.get("map")
            if span and start <= span[0] < end:
                continue
            title = f' "{ref["title"]}"' if ref.get("title") else ""
            extra.append(f"[{used[order]}]: <{ref['href']}>{title}")
        return "\n\n" + "\n".join(extra) if extra else ""


def strip_picture(text: str, src: str) -> str:
    """``text`` without its first picture of ``src``: ``![alt](src ...)`` or ``<img src=...>``.

    One pass over ``text``: a regular expression for the Markdown form would
    rescan the rest of the line from every ``![``.
    """
    markdown = _markdown_picture(text, src)
    html = re.search(rf"<img\b[^<>]*?\bsrc\s*=\s*[\"']?{re.escape(src)}[\"'\s>][^<>]*>?", text)
    if html and (markdown is None or html.start() < markdown[0]):
        return text[: html.start()] + text[html.end() :]
    if markdown:
        return text[: markdown[0]] + text[markdown[1] :]
    return text


def _markdown_picture(text: str, src: str) -> tuple[int, int] | None:
    r"""Where ``![alt](<src> ...)`` is in ``text``: the span ``!\[[^\]]*\]\(\s*<?src[^)]*\)``.

    The alt text ends at the first ``]`` after ``![``, so each ``](`` is tried
    once, with the first ``![`` after the ``]`` before it.
    """
    close = text.find("](")
    while close >= 0:
        at = _SPACES_RE.match(text, close + 2).end()  # type: ignore[union-attr]
        after = None
        if text.startswith("<", at) and text.startswith(src, at + 1):
            after = at + 1 + len(src)
        elif text.startswith(src, at):
            after = at + len(src)
        if after is not None:
            paren = text.find(")", after)
            if paren < 0:
                return None  # no ")" after this one, none after any later one
            start = text.find("![", text.rfind("]", 0, close) + 1, close)
            if start >= 0:
                return start, paren + 1
        close = text.find("](", close + 2)
    return None
