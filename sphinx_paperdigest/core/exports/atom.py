"""An Atom 1.0 feed (RFC 4287) of a site's entries, newest first.

Each entry's ``id`` is its card's absolute URL (``page.html#entry-id``), its
``alternate`` link the article (the card when it has none; the card is also a
``related`` link), its categories the card's topics and its summary the entry's
picture and summary as sanitised HTML (:mod:`.summary_html`). With enrichment,
its ``author`` elements are the authors of its paper (the feed's author stands
for entries without).

Dates: an entry's date is its ``published`` and ``updated`` time (midnight UTC).
An entry with only a year is ``updated`` on 1 January of that year and has no
``published``; an entry with neither is ``updated`` at the Unix epoch
(1970-01-01), a constant, so that a feed reader never sees it change, and goes
last. The feed's ``updated`` is its newest entry's. Nothing depends on the
clock: the same digests give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from ..model import Entry
from .site import Card, Site, unique_cards
from .summary_html import entry_html

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
GENERATOR_URI = "https://sphinx-paperdigest.readthedocs.io"

# XML 1.0 has no place for most control characters, even escaped, nor for lone
# surrogates; written as what is refused, not as the complement of what XML
# allows (that class took 7 ms to compile, at every build's start)
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML_RE.sub("", text)


def entry_time(entry: Entry) -> tuple[dt.datetime, bool]:
    """When the entry was ``updated`` and whether that is a real date (``published``)."""
    if entry.date is not None:
        return dt.datetime.combine(entry.date, dt.time(), dt.UTC), True
    if entry.year is not None and 1 <= entry.year <= 9999:
        return dt.datetime(entry.year, 1, 1, tzinfo=dt.UTC), False
    return EPOCH, False


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        child.text = xml_text(text)
    return child


def _entry(feed: ET.Element, card: Card, feed_url: str, site: Site) -> None:
    entry = card.entry
    card_url = card.url if card.url and "://" in card.url else urljoin(feed_url, f"#{entry.id}")
    node = _add(feed, "entry")
    _add(node, "id", card_url)
    _add(node, "title", entry.title or entry.id, type="text")
    _add(node, "link", rel="alternate", type="text/html", href=entry.url or card_url)
    if entry.url:
        _add(node, "link", rel="related", type="text/html", href=card_url)
    when, dated = entry_time(entry)
    if dated:
        _add(node, "published", _stamp(when))
    _add(node, "updated", _stamp(when))
    paper = site.paper(entry)
    for name in paper.authors if paper is not None else ():
        _add(_add(node, "author"), "name", name)
    for topic in card.topics:
        _add(node, "category", term=topic)
    content = entry_html(entry, card_url)
    if content:
        _add(node, "summary", content, type="html")


def feed(site: Site, feed_url: str) -> str:
    """The feed of every entry the site shows, as XML text (``feed_url`` is its address).

    Cards should have absolute URLs; one without gets ``feed_url#<entry id>``.
    """
    cards = sorted(unique_cards(site.cards), key=lambda c: entry_time(c.entry)[0], reverse=True)
    root = ET.Element("feed", {"xmlns": ATOM_NS})
    if site.language:
        root.set(_XML_LANG, site.language)
    _add(root, "id", feed_url)
    _add(root, "title", site.title, type="text")
    newest = entry_time(cards[0].entry)[0] if cards else EPOCH
    _add(root, "updated", _stamp(newest))
    _add(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    if site.home:
        _add(root, "link", rel="alternate", type="text/html", href=site.home)
    author = _add(root, "author")
    _add(author, "name", site.author or site.title)
    _add(root, "generator", "sphinx-paperdigest", uri=GENERATOR_URI)
    for card in cards:
        _entry(root, card, feed_url, site)
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"
