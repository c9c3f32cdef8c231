"""What an export is made of: the digests a site shows and where each entry's card is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Diagnostic, Digest, Entry
from ..papers import Paper, entry_paper, paper_keys
from ..view import TopicRules, entry_topics


@dataclass(frozen=True, slots=True)
class Source:
    """One digest file: the path exports name it by, its model, the reader's diagnostics."""

    path: str
    digest: Digest
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Card:
    """One entry where the site shows it.

    ``url`` is the card's address, ``page.html#anchor``: absolute when the site's
    base URL is known, relative to the site's root otherwise, None when no page
    shows it (an export of files). ``topics`` are the topics the card shows.
    """

    digest: str
    entry: Entry
    topics: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """Every digest a site shows (``sources``) and every card, in site order.

    ``home`` is the absolute URL of the site (None when unknown); ``title``,
    ``author`` and ``language`` (a BCP 47 tag) describe it in a feed.
    ``papers`` is what enrichment knows of the papers the entries name, by key
    (``arxiv:2106.03253``); empty without enrichment.
    """

    title: str
    sources: tuple[Source, ...]
    cards: tuple[Card, ...]
    home: str | None = None
    author: str | None = None
    language: str | None = None
    papers: Mapping[str, Paper] = field(default_factory=dict, hash=False)

    def paper(self, entry: Entry) -> Paper | None:
        """The paper whose authors the entry's card shows, if enrichment knows one."""
        return entry_paper(paper_keys(entry), self.papers) if self.papers else None


def unique_cards(cards: Iterable[Card]) -> Iterator[Card]:
    """Each entry once: the first card of every ``(digest, entry id)``."""
    seen: set[tuple[str, str]] = set()
    for card in cards:
        key = (card.digest, card.entry.id)
        if key not in seen:
            seen.add(key)
            yield card


_LANGUAGE_RE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def language_tag(language: str | None) -> str | None:
    """A BCP 47 tag from a Sphinx ``language`` (``zh_CN`` is ``zh-CN``), or None."""
    if not language:
        return None
    tag = language.replace("_", "-")
    return tag if _LANGUAGE_RE.fullmatch(tag) else None


def file_site(
    sources: Sequence[Source],
    page_url: str | None = None,
    title: str | None = None,
) -> Site:
    """A site of every entry of ``sources``, as if one page showed them all.

    With ``page_url``, a card's URL is ``page_url#<entry id>``, made unique as a
    page makes its ids unique (``-2``, ``-3``... on a repeat).
    """
    cards: list[Card] = []
    taken: set[str] = set()
    rules = TopicRules()
    for source in sources:
        for entry in source.digest.iter_entries():
            anchor, n = entry.id, 1
            while anchor in taken:
                n += 1
                anchor = f"{entry.id}-{n}"
            taken.add(anchor)
            url = f"{page_url.split('#', 1)[0]}#{anchor}" if page_url else None
            topics = entry_topics(entry, source.digest, rules)
            cards.append(Card(source.path, entry, topics, url))
    first = next((s.digest.meta.title for s in sources if s.digest.meta.title), None)
    return Site(
        title=title or first or "Paper digest",
        sources=tuple(sources),
        cards=tuple(cards),
        home=page_url.split("#", 1)[0] if page_url else None,
    )
