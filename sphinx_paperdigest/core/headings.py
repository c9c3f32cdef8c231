"""Find a Markdown digest's headings and tell the title, the groups and the entries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markdown_it.token import Token

from .metadata import Report, capped_title, year_in
from .scan import Block, inline_text
from .urls import BARE_URL_RE


@dataclass(slots=True)
class Heading:
    """A heading of the file: where it is, its text and link, and its role."""

    index: int  # index of its block
    level: int
    line: int  # 1-based
    title: str
    url: str | None
    linked: bool
    year: int | None  # the year its title names, found once
    role: str = ""  # "title", "group", "entry" or "" (body text)


def heading_link(children: list[Token]) -> tuple[str, str] | None:
    """Return ``(href, text)`` when a heading's inline content is one link."""
    spots = [i for i, c in enumerate(children) if not (c.type == "text" and not c.content.strip())]
    if len(spots) < 2:
        return None
    first, last = spots[0], spots[-1]
    if children[first].type != "link_open" or children[last].type != "link_close":
        return None
    depth = 0
    for i in range(first, last + 1):
        kind = children[i].type
        depth += (kind == "link_open") - (kind == "link_close")
        if depth == 0 and i != last:
            return None
    href = str(children[first].attrs.get("href", ""))
    return href, inline_text(children[first + 1 : last])


def find_headings(blocks: list[Block], report: Report) -> list[Heading]:
    """The headings among ``blocks``, titles over the limit cut (and reported)."""
    headings = []
    for i, block in enumerate(blocks):
        if block.kind != "heading_open":
            continue
        children = block.tokens[1].children or []
        link = heading_link(children)
        if link is not None:
            title, url, linked = link[1], link[0], True
        elif any(c.type == "footnote_ref" for c in children):
            # ``#### wav2vec[^w]``: the footnote cites the paper, as a link would
            title, url, linked = inline_text(children), None, True
        else:
            title, url, linked = inline_text(children), None, False
            if BARE_URL_RE.fullmatch(title):  # ``## https://...``: a link too
                url, linked = title, True
        level = int(block.tokens[0].tag[1])
        title = capped_title(title, report, block.start + 1)
        headings.append(Heading(i, level, block.start + 1, title, url, linked, year_in(title)))
    return headings


def classify(headings: list[Heading], level: int | None) -> int:
    """Give each heading its role; return the entry level.

    The entry level is ``level`` if given, else the level with the most linked
    headings (the most headings when none is linked; on a tie, the deeper).
    """
    if not headings:
        return level or 2
    if level is None:
        linked = Counter(h.level for h in headings if h.linked)
        counts = linked or Counter(h.level for h in headings)
        # most headings wins; on a tie the deeper level (groups sit above)
        level = max(counts, key=lambda lv: (counts[lv], lv))
    for i, heading in enumerate(headings):
        if heading.level == level:
            heading.role = "entry"
        elif heading.level < level:
            # a linked heading above the entry level with no entry under it
            # is an entry too (files that mix levels, or groups with links)
            entry = heading.linked and not _has_entry_under(headings, i, level)
            heading.role = "entry" if entry else "group"
    _title(headings)
    return level


def classify_groups(headings: list[Heading]) -> None:
    """Give each heading its role when entries are not headings: groups, and the title."""
    for heading in headings:
        heading.role = "group"
    if headings:
        _title(headings)


def _title(headings: list[Heading]) -> None:
    """Make the first heading the digest's title when it is one (see :func:`classify`)."""
    first = headings[0]
    # a lone level-1 heading that opens the file and names no year is the
    # digest's title, not a group (``# Awesome NeRF``, ``# Algorithms``)
    if (
        first.role == "group"
        and first.level == 1
        and sum(1 for h in headings if h.level == 1) == 1
        and first.year is None
    ):
        first.role = "title"


def _has_entry_under(headings: list[Heading], index: int, level: int) -> bool:
    """Whether a heading at the entry ``level`` follows ``headings[index]`` in its section."""
    above = headings[index].level
    for later in headings[index + 1 :]:
        if later.level <= above:
            return False
        if later.level == level:
            return True
    return False
