"""How entries are written: HTML cards by visitors, other builders by standard nodes.

HTML (``html``, ``dirhtml``, ``singlehtml``, ``epub``): a grid is a sphinx-design
grid and each entry a sphinx-design card, written by the visitors below with
the writer's own ``starttag`` (so every value is escaped by the writer, and a
theme can override a visitor with ``app.add_node(..., override=True)``). The
cards reuse sphinx-design's CSS classes (``sd-row``, ``sd-card``, ``sd-btn``...),
its documented look for grids of cards; ``paperdigest-*`` classes are ours.

Other builders (LaTeX, text, man, texinfo): :class:`EntriesForPrint` adds to
each entry the standard nodes of what its card prints: a bold title, a meta
line (authors, date and topics), and a list of ``label: URL`` links. The entry
nodes are containers, written as containers. For the text builder,
:mod:`.longwords` cuts a digest's over-long words first.

Authors (known by enrichment, :mod:`.enrichment`) are printed short:
:func:`~.core.papers.short_authors`.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .core.papers import short_authors
from .longwords import LongWordsForText
from .nodes import (
    PLACEHOLDER_CLASS,
    THUMB_CLASS,
    Card,
    paperdigest_entry,
    paperdigest_grid,
    paperdigest_summary,
)
from .sphinxcompat import builder_class
from .topicpages import topic_href

#: What print builders put between the parts of an entry's meta line.
SEPARATOR = " · "
_GUTTER = "sd-g-3 sd-g-xs-3 sd-g-sm-3 sd-g-md-3 sd-g-lg-3"
_CARD = "sd-card sd-sphinx-override sd-w-100 sd-shadow-sm paperdigest-card"
_BUTTON = "sd-sphinx-override sd-btn sd-text-wrap paperdigest-link"
_BADGE = "sd-sphinx-override sd-badge paperdigest-topic"


def _tag(translator: Any, name: str, classes: str, **attributes: str) -> str:
    """An opening tag inside a card, its values escaped by the writer's ``attval``.

    The card itself and the grid are opened with ``starttag`` (their ids, their
    classes, what themes hook); the dozen tags inside a card are written here:
    ``starttag`` costs a quarter of a 2,000-card page's writing time. Class
    lists are the same on every card: each is escaped once per translator.
    """
    memo = _memo(translator)
    escaped = memo.classes.get(classes)
    if escaped is None:
        escaped = memo.classes[classes] = translator.attval(classes)
    attval = translator.attval
    extra = "".join(f' {key}="{attval(value)}"' for key, value in attributes.items())
    return f'<{name} class="{escaped}"{extra}>'


class _Memo:
    """What one translator writes alike on every card: escaped classes, topic links."""

    __slots__ = ("classes", "hrefs", "topics")

    def __init__(self) -> None:
        self.classes: dict[str, str] = {}
        self.hrefs: dict[tuple[str | None, str], str | None] = {}
        self.topics: dict[tuple[str, ...], str] = {}


def _memo(translator: Any) -> _Memo:
    memo: _Memo | None = translator.__dict__.get("_paperdigest_memo")
    if memo is None:
        memo = translator._paperdigest_memo = _Memo()
    return memo


def _topic_href(translator: Any, topic: str) -> str | None:
    """:func:`.topicpages.topic_href` from the page being written, once per topic."""
    builder = translator.builder
    key = (builder.current_docname, topic)
    hrefs = _memo(translator).hrefs
    if key not in hrefs:
        hrefs[key] = topic_href(builder, topic)
    return hrefs[key]


def _topics_data(translator: Any, card: Card) -> str:
    names = tuple(t.name for t in card.topics)
    known = _memo(translator).topics
    if names not in known:
        known[names] = json.dumps(list(names), ensure_ascii=False)
    return known[names]


# -- HTML ------------------------------------------------------------------------------


def visit_grid_html(translator: Any, node: paperdigest_grid) -> None:
    """The grid's container and row (sphinx-design's grid)."""
    columns = node.columns
    row = ["sd-row", f"sd-row-cols-{columns[0]}"] + [
        f"sd-row-cols-{size}-{n}" for size, n in zip(("xs", "sm", "md", "lg"), columns, strict=True)
    ]
    translator.body.append(
        translator.starttag(
            node,
            "div",
            "",
            CLASS=f"sd-container-fluid sd-sphinx-override sd-mb-4 paperdigest-grid "
            f"paperdigest-grid-{node.layout}",
        )
    )
    translator.body.append(_tag(translator, "div", " ".join(row) + " " + _GUTTER) + "\n")


def depart_grid_html(translator: Any, node: paperdigest_grid) -> None:
    """Close the row and the container."""
    translator.body.append("</div>\n</div>\n")


def visit_entry_html(translator: Any, node: paperdigest_entry) -> None:
    """A whole card: picture (or placeholder), title, meta line, summary, buttons."""
    grid = node.grid
    layout = grid.layout if grid is not None else "grid"
    card = node.card
    body = translator.body
    body.append(_tag(translator, "div", "sd-col sd-d-flex-row"))
    data = {"data-topics": _topics_data(translator, card)}
    if card.year:
        data["data-year"] = str(card.year)
    if card.paper_ids:  # searched by the filter; the rest it searches is the card's text
        data["data-paper-ids"] = " ".join(card.paper_ids)
    body.append(
        translator.starttag(node, "div", "", CLASS=f"{_CARD} paperdigest-card-{layout}", **data)
    )
    picture, summary = node.picture, node.summary
    if layout == "compact":
        picture = None
    elif picture is None and grid is not None and grid.placeholder:
        body.append(_tag(translator, "div", f"{THUMB_CLASS} {PLACEHOLDER_CLASS}"))
        body.append(f'<span aria-hidden="true">{translator.encode(grid.placeholder)}</span></div>')
    if picture is not None:
        for extra in ("sd-card-img-top", "no-scaled-link"):
            if extra not in picture["classes"]:
                picture["classes"].append(extra)
        picture.walkabout(translator)
    body.append(_tag(translator, "div", "sd-card-body paperdigest-body"))
    body.append(_title(translator, card) + _authors(translator, card) + _meta(translator, card))
    if summary is not None:
        summary.walkabout(translator)
    body.append("</div>" + _footer(translator, card) + "</div></div>\n")
    raise nodes.SkipNode


def _title(translator: Any, card: Card) -> str:
    text = str(translator.encode(card.title))
    if card.url:
        text = _tag(translator, "a", "reference external", href=card.url) + text + "</a>"
    classes = "paperdigest-title sd-card-title sd-font-weight-bold"
    return _tag(translator, "p", classes) + text + "</p>"


def _authors(translator: Any, card: Card) -> str:
    text = short_authors(card.authors)
    if not text:
        return ""
    return _tag(translator, "p", "paperdigest-authors") + str(translator.encode(text)) + "</p>"


def _meta(translator: Any, card: Card) -> str:
    parts = []
    if card.date:
        parts.append(
            _tag(translator, "span", "paperdigest-date") + translator.encode(card.date) + "</span>"
        )
    for topic in card.topics:
        classes = f"{_BADGE} paperdigest-topic-{topic.color}"
        href = _topic_href(translator, topic.name)
        # a badge is a link to its topic's page, where there are topic pages
        tag = (
            _tag(translator, "a", classes, href=href) if href else _tag(translator, "span", classes)
        )
        parts.append(tag + translator.encode(topic.name) + ("</a>" if href else "</span>"))
    if not parts:
        return ""
    return _tag(translator, "p", "paperdigest-meta") + "".join(parts) + "</p>"


def _footer(translator: Any, card: Card) -> str:
    if not card.links:
        return ""
    buttons = [
        _tag(
            translator,
            "a",
            f"{_BUTTON} paperdigest-link-{link.kind} reference external",
            href=link.url,
        )
        + translator.encode(link.label)
        + "</a>"
        for link in card.links
    ]
    return (
        _tag(translator, "div", "sd-card-footer paperdigest-footer")
        + _tag(translator, "p", "paperdigest-buttons")
        + "".join(buttons)
        + "</p></div>"
    )


def visit_container_like(translator: Any, node: nodes.Element) -> None:
    """Other builders: the node is a container."""
    translator.visit_container(node)


def depart_container_like(translator: Any, node: nodes.Element) -> None:
    """Close what :func:`visit_container_like` opened."""
    translator.depart_container(node)


# -- other builders --------------------------------------------------------------------


class EntriesForPrint(SphinxPostTransform):
    """Give builders other than HTML standard nodes for an entry's card data.

    The title becomes bold (a link to the article), the authors, date and
    topics a line with `` · `` between them, and the links a list of ``label: URL`` (each URL a
    link whose text is itself, so that every builder prints it once). Man pages
    and texinfo print a link's URL after its text: there the title is not
    linked, as the article's URL is in the list.
    """

    default_priority = 90

    def run(self, **kwargs: Any) -> None:
        builder = builder_class(self.env)
        if builder.format == "html":
            return
        unlink_title = builder.format in {"man", "texinfo"}
        for entry in list(self.document.findall(paperdigest_entry)):
            self.expand(entry, unlink_title)

    def expand(self, entry: paperdigest_entry, unlink_title: bool) -> None:
        """Picture, title, meta line, summary, links: the entry's data as nodes."""
        card = entry.card
        picture = [c for c in entry.children if isinstance(c, nodes.image)]
        rest = [c for c in entry.children if not isinstance(c, nodes.image)]
        entry.clear()
        entry.extend(picture)
        entry += self.title(card, unlink_title)
        meta = self.meta(card)
        if meta is not None:
            entry += meta
        entry.extend(rest)
        links = self.links(card)
        if links is not None:
            entry += links

    @staticmethod
    def title(card: Card, unlink: bool) -> nodes.paragraph:
        text = card.title
        inner: nodes.Node = (
            nodes.reference(text, text, refuri=card.url)
            if card.url and not unlink
            else nodes.Text(text)
        )
        return nodes.paragraph("", "", nodes.strong("", "", inner), classes=["paperdigest-title"])

    @staticmethod
    def meta(card: Card) -> nodes.paragraph | None:
        parts: list[nodes.Node] = []
        authors = short_authors(card.authors)
        if authors:
            parts.append(nodes.inline(authors, authors, classes=["paperdigest-authors"]))
        if card.date:
            parts.append(nodes.inline(card.date, card.date, classes=["paperdigest-date"]))
        for topic in card.topics:
            parts.append(
                nodes.inline(
                    topic.name,
                    topic.name,
                    classes=["paperdigest-topic", f"paperdigest-topic-{topic.color}"],
                )
            )
        if not parts:
            return None
        meta = nodes.paragraph(classes=["paperdigest-meta"])
        for i, part in enumerate(parts):
            if i:
                meta += nodes.Text(SEPARATOR)
            meta += part
        return meta

    @staticmethod
    def links(card: Card) -> nodes.bullet_list | None:
        if not card.links:
            return None
        listing = nodes.bullet_list(classes=["paperdigest-links"])
        for link in card.links:
            para = nodes.paragraph()
            para += nodes.Text(f"{link.label}: ")
            para += nodes.reference(
                link.url,
                link.url,
                refuri=link.url,
                classes=["paperdigest-link", f"paperdigest-link-{link.kind}"],
            )
            listing += nodes.list_item("", para)
        return listing


def setup_cards(app: Sphinx) -> None:
    """Register the nodes with their visitors, and the print post-transform."""
    plain = (visit_container_like, depart_container_like)
    for node, html in (
        (paperdigest_grid, (visit_grid_html, depart_grid_html)),
        (paperdigest_entry, (visit_entry_html, None)),
        (paperdigest_summary, plain),
    ):
        app.add_node(node, html=html, latex=plain, text=plain, man=plain, texinfo=plain)
    app.add_post_transform(EntriesForPrint)
    app.add_post_transform(LongWordsForText)
