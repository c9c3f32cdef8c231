"""The doctree vocabulary: the nodes a ``paperdigest`` directive leaves, and their data.

Every module finds structure by these classes, never by CSS class::

    paperdigest_grid                        a card grid: columns, layout, placeholder
        paperdigest_entry                   one entry; its card data in ``.card``
            paperdigest_thumbnail / image   its picture (optional)
            paperdigest_summary             its summary (optional)

The nodes subclass :class:`docutils.nodes.container` (the thumbnail,
:class:`~docutils.nodes.image`), so a builder without visitors of its own for
them writes them as it writes those (Sphinx's translators look visitors up
along the class hierarchy). An entry is small on purpose: what its card prints
besides the picture and the summary is one :class:`Card` attribute, not nodes,
until the builder is known (see :mod:`.cards`).

Groups stay standard ``section`` (or ``rubric``) nodes, for the table of
contents; :func:`group_count` tells a digest's group from any other section.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

from docutils import nodes

#: Attribute of a group section or rubric: how many entries it holds.
ATTR_COUNT = "paperdigest_count"
#: Marks every picture that comes from a digest (card pictures and summary pictures).
ATTR_PICTURE = "paperdigest_picture"
#: CSS classes of the nodes, stable for styling in every builder.
ENTRY_CLASS = "paperdigest-entry"
SUMMARY_CLASS = "paperdigest-summary"
GRID_CLASS = "paperdigest-entries"
THUMB_CLASS = "paperdigest-thumb"
PLACEHOLDER_CLASS = "paperdigest-placeholder"


@dataclass(frozen=True, slots=True)
class Link:
    """A link a card prints: its label, URL and kind (``article``, ``arxiv``, ``pdf``...)."""

    label: str
    url: str
    kind: str

    def __reduce__(self) -> tuple[type[Link], tuple[str, str, str]]:
        # pickled as a call: dataclasses' own state functions cost more (thousands of cards)
        return (Link, (self.label, self.url, self.kind))


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic badge: the topic and its palette colour."""

    name: str
    color: str

    def __reduce__(self) -> tuple[type[Topic], tuple[str, str]]:
        return (Topic, (self.name, self.color))


@dataclass(frozen=True, slots=True)
class Card:
    """What an entry's card prints besides its picture and summary.

    ``date`` is the date as printed (in the page's language), ``iso_date`` the
    same as ``YYYY-MM-DD`` (empty without a day); ``year`` is the entry's year,
    for filters. ``digest`` is the digest file, relative to the source directory.
    ``papers`` are the keys of the papers the entry names (``arxiv:2106.03253``,
    its own link first); ``authors`` the full names of the authors of the first
    of them that enrichment knows, set when the page is written
    (:mod:`.enrichment`), empty otherwise.
    ``paper_ids`` are the identifiers of the entry's papers and code (arXiv
    id, DOI, OpenReview id, ``owner/repo``...), for the filter's search.
    """

    entry_id: str
    title: str
    url: str = ""
    date: str = ""
    year: int | None = None
    topics: tuple[Topic, ...] = ()
    links: tuple[Link, ...] = ()
    digest: str = ""
    iso_date: str = ""
    papers: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    paper_ids: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Card], tuple[object, ...]]:
        return (Card, tuple(getattr(self, name) for name in _CARD_FIELDS))


_CARD_FIELDS = tuple(field.name for field in fields(Card))


class paperdigest_grid(nodes.container):
    """A grid of entries, as one section of a digest shows them."""

    @classmethod
    def make(
        cls, columns: tuple[int, int, int, int], layout: str, placeholder: str
    ) -> paperdigest_grid:
        """A grid with ``columns`` (phone, tablet, laptop, desktop), a layout, a placeholder.

        ``placeholder`` is what a card without a picture shows (an emoji, or a
        picture path); empty for nothing.
        """
        node = cls(classes=[GRID_CLASS])
        node["columns"] = list(columns)
        node["layout"] = layout
        node["placeholder"] = placeholder
        return node

    @property
    def columns(self) -> tuple[int, ...]:
        """Columns on phones, tablets, laptops and desktops."""
        return tuple(self.get("columns", (1, 2, 3, 3)))

    @property
    def layout(self) -> str:
        """``grid``, ``list`` or ``compact``."""
        return str(self.get("layout", "grid"))

    @property
    def placeholder(self) -> str:
        """What a card without a picture shows; empty for nothing."""
        return str(self.get("placeholder", ""))

    def entries(self) -> Iterator[paperdigest_entry]:
        """The grid's entries, in order."""
        for child in self.children:
            if isinstance(child, paperdigest_entry):
                yield child


class paperdigest_entry(nodes.container):
    """One entry of a digest: its card data, picture and summary."""

    @classmethod
    def make(cls, card: Card, ident: str) -> paperdigest_entry:
        """An entry node with its card data and page-unique id."""
        node = cls(classes=[ENTRY_CLASS], ids=[ident])
        node["card"] = card
        return node

    @property
    def card(self) -> Card:
        """What the card prints besides the picture and the summary."""
        card = self["card"]
        assert isinstance(card, Card)
        return card

    @property
    def picture(self) -> nodes.image | None:
        """The card's picture, if it has one."""
        return next((c for c in self.children if isinstance(c, nodes.image)), None)

    @property
    def summary(self) -> paperdigest_summary | None:
        """The rendered summary, if any."""
        return next((c for c in self.children if isinstance(c, paperdigest_summary)), None)

    @property
    def grid(self) -> paperdigest_grid | None:
        """The grid the entry is in."""
        return self.parent if isinstance(self.parent, paperdigest_grid) else None


class paperdigest_summary(nodes.container):
    """An entry's summary (or a digest's or group's intro), rendered."""

    @classmethod
    def make(
        cls, children: list[nodes.Node], css_class: str = SUMMARY_CLASS
    ) -> paperdigest_summary:
        """A summary holding ``children``; intros have their own CSS class."""
        node = cls(classes=[css_class])
        node.extend(children)
        return node


class paperdigest_thumbnail(nodes.image):
    """A card picture as a builder shows it; HTML adds ``srcset`` and ``decoding``."""


def is_digest_picture(node: nodes.Node) -> bool:
    """Whether ``node`` is a picture that came from a digest."""
    return isinstance(node, nodes.image) and bool(node.get(ATTR_PICTURE))


def is_card_picture(node: nodes.Node) -> bool:
    """Whether ``node`` is a card's own picture (not a picture in a summary)."""
    return isinstance(node, nodes.image) and isinstance(node.parent, paperdigest_entry)


def group_count(node: nodes.Node) -> int | None:
    """The number of entries of a digest's group heading (section or rubric), else None."""
    if isinstance(node, nodes.section | nodes.rubric):
        count = node.get(ATTR_COUNT)
        return count if isinstance(count, int) else None
    return None
