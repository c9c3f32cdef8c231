"""Entries written in HTML: one per element that starts with a linked title.

::

    <div class="paper">
      <a class="button">#Speech</a>
      <a href="https://arxiv.org/abs/1712.05884">Natural TTS Synthesis, J. Shen, ICASSP 2018</a>
      <span class="snippet">What it does.</span>
    </div>

The HTML is read with :func:`.html.scan_html`, which keeps text, links and
pictures only (written back as Markdown, text escaped), so no markup of the
digest reaches the page. Each block element (``<div>``, ``<p>``, ``<li>``,
``<h2>``, ``<tr>``...) is a paragraph; a paragraph that starts with a link to
the web whose text names something (not ``[code]``, not ``#tag``) starts an
entry, and the paragraphs after it, up to the next such one, are its summary.
The link's text is the title, followed by authors and venue when written
(:func:`.titles.split_title`); ``#Tag`` words before it are topics.
Consecutive HTML blocks are read as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import urls
from .html import HtmlScan, img_tag, pieces_markdown, scan_html
from .metadata import capped_title
from .model import Image
from .scan import Block, EntryParts, image_attrs
from .shapes import Context, Found, Prose
from .titles import is_generic, split_title

_LINK_RE = re.compile(r"\[(?P<label>(?:[^\[\]\\]|\\.)*)\]\(<(?P<href>[^<>\n]*)>\)")
_ESCAPE_RE = re.compile(r"\\(.)")
_TAG_RE = re.compile(r"\\#([^\s\\#]+)")
_NUMBER_RE = re.compile(r"\d{1,4}[.)]")
_WORD_RE = re.compile(r"\w")


@dataclass(slots=True)
class _Para:
    """A paragraph of an HTML block: Markdown pieces; ints index ``pictures``."""

    pieces: list[str | int]
    pictures: list[dict[str, str]]
    block: Block
    scan: HtmlScan


@dataclass(slots=True)
class _Entry:
    """An entry being gathered: its title paragraph's link and what follows."""

    label: str
    href: str
    line: int
    topics: list[str]
    pieces: list[str | int] = field(default_factory=list)
    pictures: list[dict[str, str]] = field(default_factory=list)
    markup: list[tuple[int, str]] = field(default_factory=list)
    raw_html: list[tuple[int, str]] = field(default_factory=list)
    unsafe: list[tuple[int, str]] = field(default_factory=list)


def _paragraphs(block: Block) -> list[_Para]:
    """The non-empty paragraphs of an HTML block."""
    scan = scan_html(block.tokens[0].content)
    found: list[_Para] = []
    current: list[str | int] = []
    for piece in [*scan.pieces, "\n\n"]:
        if piece != "\n\n":
            current.append(piece)
            continue
        if any(isinstance(p, int) or p.strip() for p in current):
            found.append(_Para(current, scan.images, block, scan))
        current = []
    return found


def _unescape(text: str) -> str:
    return _ESCAPE_RE.sub(r"\1", text)


def _tags(text: str, tags: list[str]) -> str:
    """Collect the ``#tags`` of escaped text into ``tags``; return what is left."""
    tags += _TAG_RE.findall(text)
    return _TAG_RE.sub("", text)


def _title(para: _Para) -> tuple[int, str, str, list[str]] | None:
    """The title link of a paragraph: its piece's index, text, URL, and the ``#tags`` before it."""
    tags: list[str] = []
    for index, piece in enumerate(para.pieces):
        if isinstance(piece, int):
            continue
        link = _LINK_RE.fullmatch(piece)
        if link is None:
            if _WORD_RE.search(_NUMBER_RE.sub("", _tags(piece, tags))):
                return None  # text before any link: not a title paragraph
            continue
        label, href = _unescape(link.group("label")).strip(), link.group("href")
        if label.startswith("#"):
            tags.append(label[1:])
            continue
        if urls.url_scheme(href) in {"http", "https"} and not is_generic(label):
            return index, label, href, tags
        return None
    return None


def _tags_only(para: _Para) -> list[str] | None:
    """The ``#tags`` of a paragraph that holds nothing else, else None."""
    tags: list[str] = []
    for piece in para.pieces:
        if isinstance(piece, int):
            return None
        link = _LINK_RE.fullmatch(piece)
        if link is None:
            if _WORD_RE.search(_tags(piece, tags)):
                return None
            continue
        label = _unescape(link.group("label")).strip()
        if not label.startswith("#"):
            return None
        tags.append(label[1:])
    return tags or None


def _line(para: _Para, href: str, cursors: dict[int, tuple[int, int]]) -> int:
    """The 1-based line of ``href`` in the paragraph's block, searched from the last one found.

    ``cursors`` keeps, per block, where the last search ended and the lines
    before it, so that a block of many entries is searched once.
    """
    content = para.block.tokens[0].content
    at, lines = cursors.get(id(para.block), (0, 0))
    found = content.find(href, at)
    if found >= 0:
        lines += content.count("\n", at, found)
        cursors[id(para.block)] = (found, lines)
    return para.block.start + 1 + lines


def _append(entry: _Entry, para: _Para, pieces: Sequence[str | int]) -> None:
    """Add a paragraph's pieces to an entry (pictures renumbered into the entry's)."""
    if entry.pieces:
        entry.pieces.append("\n\n")
    for piece in pieces:
        if isinstance(piece, int):
            entry.pictures.append(para.pictures[piece])
            entry.pieces.append(len(entry.pictures) - 1)
        else:
            entry.pieces.append(piece)


class HtmlReader:
    """Reads HTML blocks as entries (see the module docstring)."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.cursors: dict[int, tuple[int, int]] = {}  # see _line

    def count(self, blocks: Sequence[Block]) -> tuple[int, int]:
        entries = prose = 0
        for block in blocks:
            if block.kind == "html_block":
                entries += sum(1 for para in _paragraphs(block) if _title(para))
            elif block.kind != "hr":
                prose += 1
        return entries, prose

    def read(self, blocks: Sequence[Block]) -> list[Found | Prose]:
        out: list[Found | Prose] = []
        run: list[Block] = []
        for block in [*blocks, None]:
            if block is not None and block.kind == "html_block":
                run.append(block)
                continue
            if run:
                out += self._run(run)
                run = []
            if block is None:
                break
            if out and isinstance(out[-1], Prose) and out[-1].markdown is None:
                out[-1].blocks.append(block)
            else:
                out.append(Prose([block]))
        return out

    def _run(self, run: list[Block]) -> list[Found | Prose]:
        """The entries of consecutive HTML blocks; blocks before the first title are prose."""
        paras = [para for block in run for para in _paragraphs(block)]
        first = next((i for i, para in enumerate(paras) if _title(para)), None)
        if first is None:
            return [Prose(list(run))]
        out: list[Found | Prose] = []
        start = paras[first].block
        lead = [b for b in run if b.start < start.start]
        if lead:
            out.append(Prose(lead))
        before = [p for p in paras[:first] if p.block is start]
        pending: list[str] = []
        while before and (tags := _tags_only(before[-1])) is not None:
            pending[:0] = tags  # ``#tags`` right before the first title are its topics
            before.pop()
        if before:
            out.append(Prose([start], markdown=self._lead(before)))
        entries: list[_Entry] = []
        seen: set[int] = set()
        self.cursors = {}
        for para in paras[first:]:
            entries, pending = self._add(para, entries, pending, seen)
        if pending:
            entries[-1].topics += pending
        out += [self._found(entry) for entry in entries]
        return out

    def _lead(self, paras: list[_Para]) -> tuple[str, int]:
        """The Markdown of paragraphs before the first title, in the title's block."""
        builder = self.context.scanner.builder
        line = paras[0].block.start + 1
        texts = []
        for para in paras:
            tags: dict[int, str] = {}
            for piece in para.pieces:
                image = (
                    builder.image(para.pictures[piece], line, None)
                    if isinstance(piece, int)
                    else None
                )
                if image is not None and isinstance(piece, int):
                    tags[piece] = img_tag(image_attrs(image))
            texts.append(pieces_markdown(para.pieces, tags))
        return "\n\n".join(t for t in texts if t), line

    def _add(
        self, para: _Para, entries: list[_Entry], pending: list[str], seen: set[int]
    ) -> tuple[list[_Entry], list[str]]:
        """Add one paragraph: a new entry, ``#tags`` for the next one, or summary."""
        markup = [] if id(para.block) in seen else self._markup(para)
        seen.add(id(para.block))
        title = _title(para)
        if title is not None:
            index, label, href, tags = title
            entry = _Entry(label, href, _line(para, href, self.cursors), [*pending, *tags])
            _append(entry, para, para.pieces[index + 1 :])
            entries.append(entry)
            pending = []
        else:
            tags_only = _tags_only(para)
            if tags_only is not None:
                return entries, [*pending, *tags_only]
            entry = entries[-1]
            entry.topics += pending
            pending = []
            _append(entry, para, para.pieces)
        for line, what, kind in markup:
            {"raw": entry.raw_html, "markup": entry.markup, "unsafe": entry.unsafe}[kind].append(
                (line, what)
            )
        return entries, pending

    @staticmethod
    def _markup(para: _Para) -> list[tuple[int, str, str]]:
        """What a paragraph's block dropped, once per block: markup, and unsafe links."""
        line = para.block.start + 1
        scan = para.scan
        return [
            *((line, what, "raw") for what in dict.fromkeys(scan.dangerous)),
            *((line, what, "markup") for what in dict.fromkeys(scan.harmless)),
            *((line, href, "unsafe") for href in scan.links if not urls.is_safe_url(href)),
        ]

    def _found(self, entry: _Entry) -> Found:
        """The :class:`Found` of a gathered entry."""
        builder = self.context.scanner.builder
        parts = EntryParts()
        parts.raw_html += entry.raw_html
        parts.markup += entry.markup
        parts.unsafe += entry.unsafe
        builder.link(entry.href, entry.label, entry.line, parts)
        for piece in entry.pieces:
            link = _LINK_RE.fullmatch(piece) if isinstance(piece, str) else None
            if link:
                builder.link(link.group("href"), _unescape(link.group("label")), entry.line, parts)
        kept: dict[int, Image] = {}
        for index, attrs in enumerate(entry.pictures):
            image = builder.image(attrs, entry.line, parts)
            if image is not None:
                kept[index] = image
                parts.images.append(image)
        title, said = split_title(entry.label)
        topics = tuple(dict.fromkeys(t for t in entry.topics if t))

        def summary(thumbnail: Image | None) -> tuple[str, int | None]:
            tags = {i: img_tag(image_attrs(img)) for i, img in kept.items() if img is not thumbnail}
            text = pieces_markdown(entry.pieces, tags).lstrip(" ,.;:-—–|")
            return text, (entry.line if text else None)

        return Found(
            title=capped_title(title, self.context.scanner.report, entry.line),
            url=entry.href,
            line=entry.line,
            parts=parts,
            summary=summary,
            topics=topics,
            authors=said.authors,
            venue=said.venue,
            year=said.year,
        )
