"""Entries whose title is a bold paragraph, their links in the blocks below.

::

    **Attention Is All You Need**

    - Paper: https://arxiv.org/abs/1706.03762
    - Code: https://github.com/tensorflow/tensor2tensor

    What it does.

A paragraph that is only bold text (a trailing colon allowed) starts an entry
when it or the blocks after it, up to the next such paragraph, link
somewhere; those blocks are the entry's. A list whose items are only
``Label: link`` to papers or code is left out of the summary, since the card
shows those links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from .metadata import capped_title
from .model import Image
from .scan import Block, EntryParts
from .shapes import Context, Found, Prose
from .titles import Head, head

_LINK_RE = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s<>]*?)>?\s*\)|<(https?://[^\s<>]*)>")
_BARE_RE = re.compile(r"https?://[^\s<>()]+")
_LABEL_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:[^\s:：]{1,20}\s*[:：])?\s*", re.M)
_WORD_RE = re.compile(r"\w")


def _inline(block: Block) -> list[Token] | None:
    """The inline tokens of a paragraph block, or None for any other block."""
    if block.kind != "paragraph_open" or len(block.tokens) < 2:
        return None
    return block.tokens[1].children or []


def bold_title(block: Block) -> Head | None:
    """The title of a paragraph that is only bold text (``**Title**``, ``**Title**:``)."""
    children = _inline(block)
    if children is None:
        return None
    found = head(children)
    if found is None or found.kind != "strong":
        return None
    rest = "".join(c.content for c in children[found.after :] if c.type == "text")
    others = [c for c in children[found.after :] if c.type not in {"text", "softbreak"}]
    return None if others or rest.strip(" :：") else found


def _links(blocks: Sequence[Block]) -> bool:
    """Whether the blocks link to the web (a link, or a bare URL)."""
    return any(
        (token.type == "link_open" and not str(token.attrs.get("href", "")).startswith("#"))
        or (token.type == "text" and _BARE_RE.search(token.content) is not None)
        for block in blocks
        for inline in block.tokens
        if inline.type == "inline"
        for token in inline.children or []
    )


def _runs(blocks: Sequence[Block]) -> tuple[list[Block], list[tuple[Head, list[Block]]]]:
    """The blocks before the first entry, and each entry: its title and blocks."""
    lead: list[Block] = []
    runs: list[tuple[Head, list[Block]]] = []
    for block in blocks:
        title = bold_title(block)
        if title is not None:
            runs.append((title, [block]))
        elif runs:
            runs[-1][1].append(block)
        else:
            lead.append(block)
    # a bold paragraph with no link anywhere in its entry is prose
    kept: list[tuple[Head, list[Block]]] = []
    for title, run in runs:
        if _links(run):
            kept.append((title, run))
        elif kept:
            kept[-1][1].extend(run)
        else:
            lead.extend(run)
    return lead, kept


class BoldReader:
    """Reads bold-paragraph entries (see the module docstring)."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def count(self, blocks: Sequence[Block]) -> tuple[int, int]:
        lead, runs = _runs(blocks)
        return len(runs), sum(1 for b in lead if b.kind not in {"hr", "html_block"})

    def read(self, blocks: Sequence[Block]) -> list[Found | Prose]:
        lead, runs = _runs(blocks)
        out: list[Found | Prose] = [Prose(lead)] if lead else []
        return out + [self.entry(title, run) for title, run in runs]

    def entry(self, title: Head, run: list[Block]) -> Found:
        """The entry of a bold title and the blocks after it."""
        scanner = self.context.scanner
        parts = EntryParts()
        for block in run:
            scanner.walk_block(block, parts)
        line = run[0].start + 1
        shown = {link.url for link in parts.links if link.is_paper or link.kind == "github"}
        for block in run[1:]:
            if block.kind in {"bullet_list_open", "ordered_list_open"} and self._only_links(
                block, shown
            ):
                parts.drop.append((block.start, block.end))
        body = run[1:]
        start, end = (body[0].start, body[-1].end) if body else (run[0].end, run[0].end)

        def summary(thumbnail: Image | None) -> tuple[str, int | None]:
            return self.context.source.text(start, end, parts, thumbnail)

        return Found(
            title=capped_title(title.title, scanner.report, line),
            url=title.url,
            line=line,
            parts=parts,
            summary=summary,
        )

    def _only_links(self, block: Block, shown: set[str]) -> bool:
        """Whether a list says only ``Label: link`` for links the card shows anyway."""
        text = "\n".join(self.context.lines[block.start : block.end])
        text = _LINK_RE.sub(lambda m: "" if (m.group(2) or m.group(3)) in shown else "x", text)
        text = _BARE_RE.sub(lambda m: "" if m.group(0) in shown else "x", text)
        return not _WORD_RE.search(_LABEL_RE.sub("", text))
