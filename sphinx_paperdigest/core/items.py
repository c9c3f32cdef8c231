"""Entries written one per list item: dated lists, awesome lists, reference sections.

::

    - [NeRF](https://www.matthewtancik.com/nerf), Mildenhall et al., ECCV 2020 | [github](...)
    - Evolution Strategies as a Scalable Alternative [[arXiv](https://arxiv.org/abs/1703.03864)]
    - Tacotron 2 (2017) — [arXiv:1712.05884](...) / [repo](...)

A list is a list of entries when at least half of its items link somewhere
(not to an anchor of the page, as a table of contents does) with a title that
is not a kind of page (``[code]``); then each of its items is an entry, but
one that is only pictures (a line of badges). An item's sub-list and further
paragraphs belong to its summary. An item with no link of its own whose
sub-list is a list of entries is a category: its text is a topic of those
entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from . import urls
from .metadata import capped_title
from .model import Image
from .scan import Block, EntryParts
from .shapes import Context, Found, Prose
from .source import strip_picture
from .titles import Head, byline, byline_text, head, rest_after_title

_MARKER_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_LINK_RE = re.compile(
    r"!?\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\))?[^\s()<>]*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_WORD_RE = re.compile(r"\w")
_LIST_OPENERS = frozenset({"bullet_list_open", "ordered_list_open"})


@dataclass(slots=True)
class _Item:
    """One item of a list: its tokens, its lines ``[start, end)``, its first inline."""

    tokens: list[Token]
    start: int
    end: int
    children: list[Token] | None
    head: Head | None


def _items(tokens: Sequence[Token]) -> list[_Item]:
    """The items of the list ``tokens`` opens (not those of its sub-lists)."""
    found = []
    depth = 0
    start = 0
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and depth == 1:
            start = index
        depth += token.nesting
        if token.type == "list_item_close" and depth == 1:
            item = list(tokens[start : index + 1])
            span = item[0].map or [0, 0]
            children = None
            if len(item) > 2 and item[1].type == "paragraph_open" and item[2].type == "inline":
                children = item[2].children or []
            found.append(
                _Item(item, span[0], span[1], children, head(children) if children else None)
            )
    return found


def _links(children: Sequence[Token]) -> list[str]:
    """The URLs the inline tokens link to (bare URLs too)."""
    found = [str(c.attrs.get("href", "")) for c in children if c.type == "link_open"]
    found += [
        m.group(0)
        for c in children
        if c.type == "text"
        for m in urls.BARE_URL_RE.finditer(c.content)
    ]
    return found


def _entry_like(item: _Item) -> bool:
    """Whether an item reads as an entry: a title, and a link that is no anchor."""
    if item.children is None or item.head is None:
        return False
    if not any(href and not href.startswith("#") for href in _links(item.children)):
        return False
    # a line of badges: links around pictures, no text
    return any(c.type == "text" and c.content.strip() for c in item.children)


def _sublist(item: _Item) -> list[Token] | None:
    """The tokens of the item's first sub-list, if any."""
    for index, token in enumerate(item.tokens):
        if token.type in _LIST_OPENERS and token.level == item.tokens[0].level + 1:
            depth = 0
            for stop in range(index, len(item.tokens)):
                depth += item.tokens[stop].nesting
                if depth == 0:
                    return item.tokens[index : stop + 1]
    return None


def entry_items(tokens: Sequence[Token]) -> list[_Item] | None:
    """The items of a list of entries, or None when the list is not one."""
    items = _items(tokens)
    like = sum(1 for item in items if _entry_like(item))
    if not like or like * 2 < len(items):
        return None
    return [item for item in items if item.head is not None or _entry_like(item)]


class ItemReader:
    """Reads list items as entries (see the module docstring)."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def count(self, blocks: Sequence[Block]) -> tuple[int, int]:
        entries = prose = 0
        for block in blocks:
            found = self._entries(block.tokens) if block.kind in _LIST_OPENERS else None
            if found:
                entries += len(found)
            elif block.kind not in {"hr", "html_block"}:
                prose += 1
        return entries, prose

    def _entries(self, tokens: Sequence[Token]) -> list[tuple[_Item, str | None]] | None:
        """The entry items of a list, each with its category (or None)."""
        items = entry_items(tokens)
        if items is not None:
            return [(item, None) for item in items]
        found: list[tuple[_Item, str | None]] = []
        for item in _items(tokens):  # categories: ``- **Vision**`` over a list of entries
            sub = _sublist(item)
            inner = entry_items(sub) if sub and item.children is not None else None
            if inner is None or item.children is None:
                return None
            category = " ".join(
                "".join(c.content for c in item.children if c.type == "text").split()
            )
            found += [(entry, category or None) for entry in inner]
        return found or None

    def read(self, blocks: Sequence[Block]) -> list[Found | Prose]:
        out: list[Found | Prose] = []
        for block in blocks:
            found = self._entries(block.tokens) if block.kind in _LIST_OPENERS else None
            if not found:
                if out and isinstance(out[-1], Prose):
                    out[-1].blocks.append(block)
                else:
                    out.append(Prose([block]))
                continue
            out += [self.entry(item, category) for item, category in found]
        return out

    def entry(self, item: _Item, category: str | None) -> Found:
        """The entry of one item."""
        scanner = self.context.scanner
        parts = EntryParts()
        scanner.walk_block(Block(item.tokens, item.start, item.end), parts)
        line = item.start + 1
        title_head = item.head
        title = capped_title(title_head.title if title_head else "", scanner.report, line)
        said = byline(byline_text(item.children or [], title_head.after)) if title_head else None
        year = (said.year if said else None) or (title_head.year if title_head else None)
        kind = title_head.kind if title_head else "plain"
        return Found(
            title=title,
            url=title_head.url if title_head else None,
            line=line,
            parts=parts,
            summary=lambda thumbnail: self.summary(item, kind, parts, thumbnail),
            topics=(category,) if category else (),
            authors=said.authors if said else (),
            venue=said.venue if said else None,
            year=year,
        )

    def summary(
        self, item: _Item, kind: str, parts: EntryParts, thumbnail: Image | None
    ) -> tuple[str, int | None]:
        """The item's Markdown after its title: the rest of its line, then what is under it."""
        lines = self.context.lines
        first = lines[item.start]
        marker = _MARKER_RE.match(first)
        indent = marker.end() if marker else 0
        body = [_dedent(line, indent) for line in lines[item.start + 1 : item.end]]
        head_end = _paragraph_end(body)
        head_text = " ".join([first[indent:].strip(), *(line.strip() for line in body[:head_end])])
        rest = rest_after_title(head_text, kind)
        if _only_links(rest, parts):
            rest = ""
        text = "\n".join([rest, *body[head_end:]]) if rest else "\n".join(body[head_end:])
        if thumbnail is not None and thumbnail in parts.images:
            text = strip_picture(text, thumbnail.src)
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
        if text and self.context.source.env.get("references"):
            text += self.context.source.reference_defs(text, item.start, item.end)
        return text, (item.start + 1 if text else None)


def _dedent(line: str, indent: int) -> str:
    """``line`` without up to ``indent`` leading spaces (an item's own indentation)."""
    stripped = line.lstrip(" ")
    return line[min(indent, len(line) - len(stripped)) :].rstrip("\n")


def _paragraph_end(lines: list[str]) -> int:
    """How many of ``lines`` continue the item's first paragraph."""
    for index, line in enumerate(lines):
        if not line.strip() or _MARKER_RE.match(line) or line.startswith("    "):
            return index
    return len(lines)


def _only_links(rest: str, parts: EntryParts) -> bool:
    """Whether ``rest`` says nothing but links a card shows anyway ([arXiv], [code])."""
    shown = {link.url for link in parts.links if link.is_paper or link.kind == "github"}
    text = _COMMENT_RE.sub("", rest)
    text = _LINK_RE.sub(lambda m: "" if m.group(2) in shown else m.group(0), text)
    return not _WORD_RE.search(text)
