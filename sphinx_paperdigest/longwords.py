"""The text builder and a digest's over-long words.

Sphinx's text writer wraps a paragraph with a text wrapper that, for a word
longer than a line, cuts one line off at a time and measures the rest of the
word again: time quadratic in the length of the word (a minute for 20,000
characters, hours for a long line of a digest; links written one after the
other with no space are one word too). Before it writes, the runs of narrow
characters in the entries and intros of digests are cut into pieces of at most
:data:`LONGEST_WORD` characters, with a space. Wide characters (CJK), which
the wrapper splits one by one itself, end a run; literal blocks, which it does
not wrap, are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import paperdigest_entry, paperdigest_summary
from .sphinxcompat import builder_class

#: The longest run of narrow characters the text builder gets from a digest.
LONGEST_WORD = 200
_NARROW_RE = re.compile(r"[\x21-\x7e\u00a1-\u10ff]+")


def cut_runs(text: str, carried: int = 0) -> tuple[str, int]:
    """``text`` with a space wherever a run of narrow characters would pass
    :data:`LONGEST_WORD`, and the length of the run it ends with.

    ``carried`` is the length of the run that ends just before ``text`` (the
    text of the previous node of the same paragraph).
    """
    pieces: list[str] = []
    last, run = 0, carried
    for match in _NARROW_RE.finditer(text):
        if match.start() > last:  # a space or a wide character came between
            run = 0
        pieces.append(text[last : match.start()])
        word = match.group(0)
        room = LONGEST_WORD - run
        if len(word) <= room:
            pieces.append(word)
            run += len(word)
        else:
            pieces.append(word[:room])
            for i in range(room, len(word), LONGEST_WORD):
                pieces.append(" " + word[i : i + LONGEST_WORD])
            run = (len(word) - room) % LONGEST_WORD or LONGEST_WORD
        last = match.end()
    if last < len(text):
        run = 0
    pieces.append(text[last:])
    return "".join(pieces), run


def _cut_block(block: nodes.TextElement) -> None:
    run = 0
    for text in list(block.findall(nodes.Text)):
        cut, run = cut_runs(str(text), run)
        if cut != text and text.parent is not None:
            text.parent.replace(text, nodes.Text(cut))


def _holders(document: nodes.document) -> list[nodes.Element]:
    """Entries, and summaries (intros) outside entries."""
    found: list[nodes.Element] = list(document.findall(paperdigest_entry))
    for summary in document.findall(paperdigest_summary):
        parent = summary.parent
        while parent is not None and not isinstance(parent, paperdigest_entry):
            parent = parent.parent
        if parent is None:
            found.append(summary)
    return found


class LongWordsForText(SphinxPostTransform):
    """The text builder: cut the over-long words of entries and intros."""

    default_priority = 95  # after EntriesForPrint has made titles and links

    def run(self, **kwargs: Any) -> None:
        if builder_class(self.env).format != "text":
            return
        for holder in _holders(self.document):
            for block in list(holder.findall(nodes.TextElement)):
                if isinstance(block.parent, nodes.TextElement):
                    continue  # part of a block already cut
                if not isinstance(block, nodes.FixedTextElement):
                    _cut_block(block)
