"""Topic pages: one generated page per topic, listing its entries across the site.

HTML builders (not EPUB, not singlehtml) get, at ``html-collect-pages``, a page
per topic (``topics/<slug>``: its entries' cards, newest first, each linking
back to its card on its digest page) and an index of topics with counts
(``topics/index``). Nothing is written into the source directory: the pages
are made of nodes (:mod:`.nodes`) rendered by the builder's own writer, and fed
to the search index. Every topic badge on a card links to its page.

The pages are made again at every build from the ``paperdigest`` domain
(merged across ``-j`` workers), so an edited digest updates them. A slug is a
pure function of its topic, except where two topics would share one: then
both carry a short hash, and pages whose badges changed are written again.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from docutils import nodes
from docutils.utils import new_document
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from . import buildstate, gcpause
from .config import settings
from .core.slugs import unicode_slug
from .domain import DigestDomain, EntryRecord
from .fragments import Fragments
from .i18n import _
from .nodes import Card, Link, paperdigest_entry, paperdigest_grid

#: The default URL prefix of topic pages.
DEFAULT_PREFIX = "topics/"
_PREFIX_RE = re.compile(r"(?:[A-Za-z0-9_-]+/)*")
_MAX_SLUG = 60


def topic_slug(topic: str) -> str:
    """A URL- and file-safe slug of a topic, in any script (``NeRF`` -> ``nerf``).

    :func:`~.core.slugs.unicode_slug`: NFKC (full-width letters become ASCII),
    case-folded, runs of anything but letters and digits become ``-``; Japanese
    stays Japanese (``機械学習``); never empty.
    """
    return unicode_slug(topic, _MAX_SLUG)


def _hash(topic: str) -> str:
    return f"{zlib.crc32(topic.encode('utf-8', 'surrogatepass')):08x}"[:6]


def topic_slugs(topics: Iterable[str]) -> dict[str, str]:
    """``{topic: slug}`` for a site's topics; topics that share a slug get a hash each."""
    by_slug: dict[str, list[str]] = {}
    for topic in sorted(set(topics)):
        by_slug.setdefault(topic_slug(topic), []).append(topic)
    slugs: dict[str, str] = {}
    for slug, members in by_slug.items():
        for topic in members:
            slugs[topic] = slug if len(members) == 1 else f"{slug}-{_hash(topic)}"
    return slugs


def prefix_of(env: BuildEnvironment) -> str | None:
    """The URL prefix of topic pages (``topics/``), or None when they are off."""
    if not hasattr(env.config, "paperdigest_topic_pages"):
        return None  # the theme without the extension
    return settings(env.config).topic_pages


def wants_pages(builder: Any) -> bool:
    """Whether a builder makes topic pages: HTML pages, not EPUB nor one single page."""
    return (
        builder.format == "html"
        and not builder.name.startswith("epub")
        and builder.name != "singlehtml"
        and prefix_of(builder.env) is not None
    )


def _domain(env: BuildEnvironment) -> DigestDomain:
    domain = env.domains[DigestDomain.name]
    assert isinstance(domain, DigestDomain)
    return domain


def site_slugs(env: BuildEnvironment) -> dict[str, str]:
    """``{topic: slug}`` of every topic the site's cards show."""
    return topic_slugs(t for r in _domain(env).records() for t in r.topics)


def topic_href(builder: Any, topic: str, from_page: str | None = None) -> str | None:
    """The URL of a topic's page from ``from_page`` (else the page being written), or None.

    The slugs are those ``env-updated`` settled for this build.
    """
    if not wants_pages(builder):
        return None
    prefix = prefix_of(builder.env)
    slug = getattr(builder.env, "paperdigest_topic_slugs", {}).get(topic)
    if prefix is None or slug is None:
        return None
    return str(builder.get_relative_uri(from_page or builder.current_docname, prefix + slug))


def topic_index_href(builder: Any, from_page: str | None = None) -> str | None:
    """The URL of the topic index from ``from_page`` (else the page being written)."""
    prefix = prefix_of(builder.env)
    if not wants_pages(builder) or prefix is None:
        return None
    if not getattr(builder.env, "paperdigest_topic_slugs", None):
        return None  # no topics, no index
    return str(builder.get_relative_uri(from_page or builder.current_docname, prefix + "index"))


# -- the pages --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopicPage:
    """A topic's page: its name, topic, slug and entries (newest first)."""

    pagename: str
    topic: str
    slug: str
    records: tuple[EntryRecord, ...]


def _newest_first(records: list[EntryRecord]) -> list[EntryRecord]:
    def key(record: EntryRecord) -> tuple[str, str]:
        card = record.card
        when = (card.iso_date or (str(card.year) if card.year else "")) if card else ""
        return (when, "")

    # stable: entries of one date keep the site's order (pages by name, then page order)
    return sorted(records, key=key, reverse=True)


def topic_pages(env: BuildEnvironment) -> list[TopicPage]:
    """Every topic page of the site, topics in name order."""
    prefix = prefix_of(env)
    if prefix is None:
        return []
    by_topic: dict[str, list[EntryRecord]] = {}
    seen: set[tuple[str, str]] = set()
    for record in _domain(env).records():
        for topic in record.topics:
            # an entry shown twice (two pages, two directives) is listed once
            if (topic, record.entry_id) not in seen and record.card is not None:
                seen.add((topic, record.entry_id))
                by_topic.setdefault(topic, []).append(record)
    slugs = topic_slugs(by_topic)
    return [
        TopicPage(prefix + slugs[topic], topic, slugs[topic], tuple(_newest_first(records)))
        for topic, records in sorted(by_topic.items())
    ]


def _card_for(record: EntryRecord, builder: Any, pagename: str) -> Card:
    """The entry's card as a topic page shows it: first link, back to its digest page."""
    assert record.card is not None
    uri = builder.get_relative_uri(pagename, record.docname) + "#" + record.anchor
    title = builder.env.titles.get(record.docname)
    where = title.astext() if title is not None else record.docname
    back = Link(_("In %s") % where, uri, "digest")
    return replace(record.card, links=(back, *record.card.links))


def page_doctree(page: TopicPage, builder: Any) -> nodes.document:
    """The doctree of a topic page: a title and a grid of cards."""
    document = new_document(page.pagename)
    section = nodes.section(ids=["topic"], classes=["paperdigest-topic-page"])
    section += nodes.title(page.topic, page.topic)
    count = len(page.records)
    text = _("Entries: %d") % count
    section += nodes.paragraph(text, text, classes=["paperdigest-topic-count"])
    grid = paperdigest_grid.make((1, 2, 3, 3), "grid", "")
    used: set[str] = set()
    for record in page.records:
        ident, n = record.anchor, 1
        while ident in used:
            n += 1
            ident = f"{record.anchor}-{n}"
        used.add(ident)
        grid += paperdigest_entry.make(_card_for(record, builder, page.pagename), ident)
    section += grid
    document += section
    return document


def index_doctree(pages: list[TopicPage], builder: Any, pagename: str) -> nodes.document:
    """The doctree of the topic index: every topic, linked, with its number of entries."""
    document = new_document(pagename)
    section = nodes.section(ids=["topics"], classes=["paperdigest-topic-index"])
    title = _("Topics")
    section += nodes.title(title, title)
    listing = nodes.bullet_list(classes=["paperdigest-topic-list"])
    for page in pages:
        uri = builder.get_relative_uri(pagename, page.pagename)
        para = nodes.paragraph()
        para += nodes.reference(page.topic, page.topic, refuri=uri)
        para += nodes.Text(f" ({len(page.records)})")
        listing += nodes.list_item("", para)
    section += listing
    document += section
    return document


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the topic pages and their index, also fed to search."""
    builder: Any = app.builder
    if not wants_pages(builder):
        return
    pages = topic_pages(app.env)
    if not pages:
        return
    prefix = prefix_of(app.env)
    assert prefix is not None
    index_name = prefix + "index"
    with gcpause.paused():
        made = [(p.pagename, p.topic, page_doctree(p, builder)) for p in pages]
    made.append((index_name, _("Topics"), index_doctree(pages, builder, index_name)))
    indexer = getattr(builder, "indexer", None)
    if indexer is not None:
        _keep_in_search(indexer, {pagename for pagename, _, _ in made})
    bodies = Fragments(app, "topics", _context(app))
    shown = {p.pagename: _shown(p, app.env) for p in pages}
    shown[index_name] = repr([(p.pagename, p.topic, len(p.records)) for p in pages])
    for pagename, title, doctree in made:
        if indexer is not None:
            indexer.feed(pagename, pagename + builder.out_suffix, title, doctree)
        _prepare_writing(builder, pagename)
        body = bodies.body(pagename, shown[pagename], functools.partial(_body, builder, doctree))
        context = {"title": title, "body": body, "paperdigest_topic_page": True}
        yield pagename, context, "page.html"
    bodies.save()


def _body(builder: Any, doctree: nodes.document) -> str:
    return str(builder.render_partial(doctree[0])["fragment"])


def _context(app: Sphinx) -> str:
    """What every topic page's body depends on besides its entries (:mod:`.fragments`)."""
    builder: Any = app.builder
    translator = builder.get_translator_class()
    slugs = sorted(getattr(app.env, "paperdigest_topic_slugs", {}).items())
    return buildstate.key(
        buildstate.code(),
        buildstate.configuration(app),
        builder.name,
        f"{translator.__module__}.{translator.__qualname__}",
        repr(slugs),
    )


def _shown(page: TopicPage, env: BuildEnvironment) -> str:
    """What a topic page shows: its entries' cards and places, the titles of their pages."""
    titles = {
        r.docname: env.titles[r.docname].astext() for r in page.records if r.docname in env.titles
    }
    cards = [(r.docname, r.anchor, r.card) for r in page.records]
    return repr((page.pagename, page.topic, page.slug, cards, sorted(titles.items())))


def _prepare_writing(builder: Any, pagename: str) -> None:
    """Set what the HTML builder sets before it writes a document, for a generated page.

    ``write_doc`` sets these per document; a build that writes no document (an
    unchanged rebuild) never sets them, and the translator reads them. Topic
    pages have no numbered figures or sections; the cards' badges link
    relative to the page being written.
    """
    builder.current_docname = pagename
    builder.fignumbers = {}
    builder.secnumbers = {}
    builder.imgpath = relative_uri(builder.get_target_uri(pagename), builder.imagedir)
    builder.dlpath = relative_uri(builder.get_target_uri(pagename), "_downloads")


def _keep_in_search(indexer: Any, pagenames: set[str]) -> None:
    """Keep generated pages when the builder prunes the search index to its documents.

    Sphinx prunes the index to ``env.all_docs`` right before writing it; topic
    pages are not documents of the environment. The index is made for this
    build only, so the wrapper does not outlive it.
    """
    prune = indexer.prune

    def prune_keeping(docnames: Iterable[str]) -> None:
        prune({*docnames, *pagenames})

    indexer.prune = prune_keeping


def _rewrite_changed_badges(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: pages whose badges link elsewhere now (a slug changed)."""
    slugs = site_slugs(env) if prefix_of(env) is not None else {}
    before: dict[str, str] = getattr(env, "paperdigest_topic_slugs", {})
    env.paperdigest_topic_slugs = slugs  # type: ignore[attr-defined]
    changed = {t for t in set(slugs) & set(before) if slugs[t] != before[t]}
    if not changed:
        return []
    entries = _domain(env).entries
    return sorted(
        d for d, records in entries.items() if any(changed & set(r.topics) for r in records)
    )


def setup_topic_pages(app: Sphinx) -> None:
    """Generate topic pages for HTML builders."""
    app.connect("html-collect-pages", collect_pages)
    app.connect("env-updated", _rewrite_changed_badges)
