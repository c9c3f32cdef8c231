"""Entry headings that cite their paper in a footnote: ``#### wav2vec[^w]``.

::

    #### wav2vec[^w]

    What it does.

    [^w]: [Baevski et al. 2020](https://arxiv.org/abs/2006.11477)

The reader's parser has no footnotes, so ``[^w]`` is text at the end of the
heading; :func:`cite` finds its definition line and the first link in it.
The heading then links to that paper, and the definition's text moves from
wherever it stands to the end of the entry's summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .urls import BARE_URL_RE

_REF_RE = re.compile(r"\s*\[\^([^\]\s]{1,64})\]\s*$")
_DEF_RE = re.compile(r"\[\^([^\]\s]{1,64})\]:[ \t]*(\S.*?)\s*$")
_LINK_RE = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s<>()]+)>?[^)]*\)")


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote definition: its 0-based line, its Markdown, and the link it gives."""

    line: int
    text: str
    url: str
    label: str


def definitions(lines: Sequence[str], start: int) -> dict[str, Note]:
    """The footnote definitions from line ``start`` on that link somewhere (first one wins)."""
    found: dict[str, Note] = {}
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.startswith("[^"):
            continue
        match = _DEF_RE.match(line)
        if match is None or match.group(1) in found:
            continue
        text = match.group(2)
        link = _LINK_RE.search(text)
        if link is not None:
            found[match.group(1)] = Note(index, text, link.group(2), link.group(1))
        elif (bare := BARE_URL_RE.search(text)) is not None:
            found[match.group(1)] = Note(index, text, bare.group(0), "")
    return found


def cite(title: str, source: str, notes: dict[str, Note]) -> tuple[str, Note] | None:
    """The title without its footnote mark, and the note, when a heading ends with one.

    ``source`` is the heading's line as written: when the definition also reads
    as a link reference (``[^a]: https://...``), the title holds ``^a``.
    """
    match = _REF_RE.search(source.rstrip().rstrip("#"))
    if match is None or match.group(1) not in notes:
        return None
    label = match.group(1)
    for mark in (f"[^{label}]", f"^{label}"):
        if title.endswith(mark) and title[: -len(mark)].strip():
            return title[: -len(mark)].strip(), notes[label]
    return None
