"""Half-broken links: find them on a line, and write the link the author meant.

People type links by hand and drop a bracket. CommonMark then shows the rest
as text, ``](https://...)`` and all. These are read as links (and reported):

============================================  ==========================================
written                                       read as
============================================  ==========================================
``「Tabular Data: ...](https://x)``           ``「[Tabular Data: ...](https://x)``
``[Tabular Data] (https://x)``                ``[Tabular Data](https://x)``
``[Tabular Data](https://x``                  ``[Tabular Data](https://x)``
``[[Tabular Data](https://x)``                ``[Tabular Data](https://x)``
``[Tabular Data]](https://x)``                ``[Tabular Data](https://x)``
============================================  ==========================================

Only links to ``http(s)`` URLs are mended, and nothing inside a code span.
Each line costs one pass over it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a URL in parentheses: up to whitespace or a closing parenthesis (balanced
# parentheses inside, as in Wikipedia URLs); non-ASCII ends it too, as Zenn
# writes ``](url)という``
_URL_RE = re.compile(r"https?://(?:[!-'*-~]|\([!-'*-~]*\))+")
_TITLE_RE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^()]*\))\s*\)""")
# characters that open a quotation a title sits in
_OPENERS = "「『“‘\"'（(【〈《«"
# where a sentence (and so a label without an opener) starts
_SENTENCE_END = re.compile(r"(?:[。．！？!?]|[.;]\s|^\s*(?:[-*+]|\d+[.)])\s)")
_CODE_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
#: How far back a label without its ``[`` may start, in characters.
MAX_LABEL = 300


@dataclass(frozen=True, slots=True)
class Repair:
    """One mended link: what was written, and what it is read as."""

    written: str
    meant: str


def _code_mask(line: str) -> list[bool]:
    """Which characters of ``line`` are inside a code span."""
    mask = [False] * len(line)
    for match in _CODE_RE.finditer(line):
        for i in range(match.start(), match.end()):
            mask[i] = True
    return mask


def _url_after(line: str, at: int) -> tuple[int, bool] | None:
    """The end of an http(s) URL that starts at ``at``, and whether ``)`` closes it."""
    match = _URL_RE.match(line, at)
    if match is None:
        return None
    end = match.end()
    title = _TITLE_RE.match(line, end)  # ``(url "title")``
    if title is not None:
        return title.end() - 1, True
    return end, end < len(line) and line[end] == ")"


def _label_start(line: str, close: int, floor: int) -> int:
    """Where the label of a ``]`` without its ``[`` starts: after an opener, else a sentence."""
    low = max(floor, close - MAX_LABEL)
    for i in range(close - 1, low - 1, -1):
        if line[i] in _OPENERS:
            return i + 1
    start = low
    for match in _SENTENCE_END.finditer(line, low, close):
        start = match.end()
    while start < close and line[start].isspace():
        start += 1
    return start


class _Mender:
    """Finds the broken links of one line (one pass) and the edits that mend them."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.code = _code_mask(line)
        # each mended link: its span as written, and its edits (start, end, text)
        self.repairs: list[tuple[int, int, list[tuple[int, int, str]]]] = []
        self.floor = 0  # labels never reach back past a link already read

    def run(self) -> None:
        line = self.line
        opens: list[int] = []
        pairs: dict[int, int] = {}  # ``[`` position -> its ``]``
        closes: dict[int, int] = {}  # ``]`` position -> its ``[``
        i = 0
        while i < len(line):
            char = line[i]
            if char == "\\":
                i += 2
                continue
            if self.code[i]:
                i += 1
                continue
            if char == "[":
                opens.append(i)
            elif char == "]":
                if opens:
                    start = opens.pop()
                    pairs[start], closes[i] = i, start
                    i = self._after_pair(start, i)
                    continue
                i = self._stray_close(i, closes)
                continue
            i += 1
        for start in opens:  # ``[[label](url)``: an extra ``[`` before a link
            inner = pairs.get(start + 1)
            if inner is not None and line.startswith("(http", inner + 1):
                self._edit(start, start + 1, "", start, self._link_end(inner + 1))

    def _link_end(self, paren: int) -> int:
        found = _url_after(self.line, paren + 1)
        if found is None:
            return paren + 1
        end, closed = found
        return end + 1 if closed else end

    def _after_pair(self, start: int, close: int) -> int:
        """Mend ``[label] (url)`` and ``[label](url`` after a pair; return where to go on."""
        line = self.line
        at = close + 1
        spaces = at
        while spaces < len(line) and line[spaces] in " \t":
            spaces += 1
        if spaces < len(line) and line[spaces] == "(" and close > start + 1:
            found = _url_after(line, spaces + 1)
            if found is not None:
                end, closed = found
                if spaces > at:  # ``] (url)``
                    self._edit(at, spaces, "", start, end + closed)
                if not closed:  # ``](url`` and no ``)``
                    self._edit(end, end, ")", start, end)
                self.floor = end
                return end + closed
        return at

    def _stray_close(self, close: int, closes: dict[int, int]) -> int:
        """Mend a ``]`` without its ``[`` followed by ``(url)``; return where to go on."""
        line = self.line
        if not line.startswith("(", close + 1):
            return close + 1
        found = _url_after(line, close + 2)
        if found is None:
            return close + 1
        end, closed = found
        stop = end + closed
        before = close - 1
        if before in closes:
            # ``[label]](url)``: one ``]`` too many
            opener = closes[before]
            self._edit(before, close, "", opener, stop)
            if not closed:
                self._edit(end, end, ")", opener, stop)
            self.floor = stop
            return stop
        start = _label_start(line, close, self.floor)
        if start < close:
            self._edit(start, start, "[", start, stop)
            if not closed:
                self._edit(end, end, ")", start, stop)
        self.floor = stop
        return stop

    def _edit(self, start: int, end: int, text: str, span_start: int, span_end: int) -> None:
        """Replace ``[start, end)`` by ``text``, mending the link written at the span."""
        if not self.repairs or self.repairs[-1][:2] != (span_start, span_end):
            self.repairs.append((span_start, span_end, []))
        self.repairs[-1][2].append((start, end, text))


def _apply(text: str, edits: list[tuple[int, int, str]], offset: int = 0) -> str:
    """``text`` (which starts at ``offset`` of its line) with ``edits`` made, in one pass."""
    pieces, at = [], 0
    for start, end, new in sorted(edits):
        pieces += [text[at : start - offset], new]
        at = end - offset
    pieces.append(text[at:])
    return "".join(pieces)


def mend_line(line: str) -> tuple[str, list[Repair]]:
    """``line`` with its half-broken links mended, and what was mended."""
    if "]" not in line and "[" not in line:
        return line, []
    mender = _Mender(line)
    mender.run()
    if not mender.repairs:
        return line, []
    repairs = [Repair(line[a:b], _apply(line[a:b], edits, a)) for a, b, edits in mender.repairs]
    return _apply(line, [e for *_, edits in mender.repairs for e in edits]), repairs


def suspicious(text: str) -> bool:
    """Whether text the parser left outside links may hold a half-broken link."""
    return "](" in text or "] (" in text or "[" in text
