"""How a Markdown digest writes its entries, and what a shape reader hands back.

Most digests give each entry a heading (``## [Title](url)``). Others write one
per list item (dated lists, awesome lists, reference sections), per table row
(weekly digests), in HTML, or as a bold paragraph with its links below. A
*shape reader* (:mod:`.items`, :mod:`.rows`, :mod:`.htmlentries`,
:mod:`.bold`) reads the blocks under one heading into :class:`Found` entries
and the :class:`Prose` around them; in those shapes every heading is a group.

:func:`detect` tells the shape when the digest does not say it
(``paperdigest: {entry: item}``): headings, unless most entry headings carry
no link and another shape has more entries than there are such headings, in
sections that hold more entries than prose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .headings import Heading, classify
from .model import Image
from .scan import Block, EntryParts, MarkdownScanner
from .source import SummarySource

Summary = Callable[[Image | None], tuple[str, int | None]]


@dataclass(slots=True)
class Found:
    """An entry a shape reader found: what the entry builder needs, and its line."""

    title: str
    url: str | None
    line: int
    parts: EntryParts
    summary: Summary
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None


@dataclass(slots=True)
class Prose:
    """Blocks that are no entry (a group's intro, a table of contents...).

    ``markdown`` (text, line), when given, is what the blocks say, already
    sanitised (part of an HTML block).
    """

    blocks: list[Block] = field(default_factory=list)
    markdown: tuple[str, int | None] | None = None


class ShapeReader(Protocol):
    """Reads the blocks under one heading into entries and prose."""

    def count(self, blocks: Sequence[Block]) -> tuple[int, int]:
        """How many entries the blocks hold, and how many blocks are prose."""
        ...

    def read(self, blocks: Sequence[Block]) -> list[Found | Prose]:
        """The entries and prose of the blocks, in order."""
        ...


@dataclass(slots=True)
class Context:
    """What shape readers share: the scanner (links, pictures) and the file's lines."""

    scanner: MarkdownScanner
    source: SummarySource
    lines: list[str]


def sections(blocks: list[Block], headings: list[Heading]) -> list[list[Block]]:
    """The blocks before the first heading, then under each heading (up to the next)."""
    cuts = [h.index for h in headings]
    found = []
    start = 0
    for cut in [*cuts, len(blocks)]:
        found.append(blocks[start:cut])
        start = cut + 1
    return found


def detect(blocks: list[Block], headings: list[Heading], readers: dict[str, ShapeReader]) -> str:
    """The shape a digest writes its entries in (see the module docstring)."""
    trial = [Heading(h.index, h.level, h.line, h.title, h.url, h.linked, h.year) for h in headings]
    classify(trial, None)
    entries = [h for h in trial if h.role == "entry"]
    linked = sum(1 for h in entries if h.linked)
    if entries and linked * 2 > len(entries):
        return "heading"
    parts = sections(blocks, headings)
    best, best_count = "heading", len(entries)
    for shape, reader in readers.items():
        counts = [reader.count(section) for section in parts]
        total = sum(count for count, _ in counts)
        holding = [(count, prose) for count, prose in counts if count]
        # sections that hold entries hold more entries than prose
        pure = sum(1 for count, prose in holding if count > prose)
        if total > best_count and pure * 2 >= len(holding):
            best, best_count = shape, total
    return best
