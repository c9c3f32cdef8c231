"""Turn a selection of digest entries into the extension's nodes (:mod:`.nodes`).

A digest may hold thousands of entries, and every node costs in every later
transform, in pickling and in the writer; so an entry is small: a
:class:`~.nodes.paperdigest_entry` whose :class:`~.nodes.Card` holds what the
card prints besides the summary (title, URL, date, topics, links), plus the
picture and the summary as nodes. :mod:`.cards` writes them for each builder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from docutils import nodes

from .core.model import Digest, Entry, Image, PaperLink
from .core.papers import paper_keys
from .core.view import Item, ViewOptions
from .dates import card_date
from .i18n import _
from .nodes import (
    ATTR_PICTURE,
    THUMB_CLASS,
    Card,
    Link,
    Topic,
    paperdigest_entry,
    paperdigest_grid,
    paperdigest_summary,
)
from .summary import MarkdownRenderer
from .topics import topic_color

_VENUE_LABELS = {
    "doi": "DOI",
    "openreview": "OpenReview",
    "acl": "ACL Anthology",
    "cvf": "CVF",
    "pmlr": "PMLR",
    "neurips": "NeurIPS",
    "iclr": "ICLR",
    "semanticscholar": "Semantic Scholar",
}


def paper_links(paper: PaperLink) -> list[Link]:
    """The links a card prints for one paper link (an arXiv id gives abs and PDF)."""
    if paper.kind == "arxiv" and paper.id:
        return [
            Link(f"arXiv:{paper.id}", f"https://arxiv.org/abs/{paper.id}", "arxiv"),
            Link(_("PDF"), f"https://arxiv.org/pdf/{paper.id}", "pdf"),
        ]
    if paper.kind == "github":
        return [Link(_("Code"), paper.url, "code")]
    if paper.kind in _VENUE_LABELS:
        return [Link(_VENUE_LABELS[paper.kind], paper.url, paper.kind)]
    return []


def entry_links(entry: Entry) -> list[Link]:
    """Every link of a card's footer, in order, without repeats."""
    links: list[Link] = []
    if entry.url:
        links.append(Link(_("Read the article"), entry.url, "article"))
    for paper in entry.papers:
        for link in paper_links(paper):
            if all(link.url != known.url for known in links):
                links.append(link)
    return links


class CardBuilder:
    """Builds the nodes of one directive: its sections and their entries."""

    def __init__(
        self,
        digest: Digest,
        options: ViewOptions,
        markdown: MarkdownRenderer,
        *,
        language: str | None,
        date_format: str,
        topic_colors: Mapping[str, str],
        placeholder: str,
        set_source: Callable[[nodes.Node], None],
        digest_name: str = "",
    ) -> None:
        self.digest = digest
        self.options = options
        self.markdown = markdown
        self.language = language
        # Translators: how a card prints a date, in strftime syntax as Sphinx's
        # today_fmt takes it (%-d: day without a leading zero)
        self.date_format = date_format or _("%b %-d, %Y")
        self.topic_colors = topic_colors
        self.placeholder = placeholder
        self.set_source = set_source
        self.source = markdown.path.as_posix()
        self.digest_name = digest_name

    # -- pieces ------------------------------------------------------------------------

    def entries(self, items: Sequence[Item], taken: Callable[[str], str]) -> paperdigest_grid:
        """A grid of entry nodes.

        ``taken(id)`` returns a page-unique id for an entry (the same entry may
        appear twice on a page).
        """
        options = self.options
        columns = (1, 1, 1, 1) if options.layout == "list" else options.columns
        shows_pictures = options.thumbnails and options.layout != "compact"
        grid = paperdigest_grid.make(
            columns, options.layout, self.placeholder if shows_pictures else ""
        )
        self.set_source(grid)
        for item in items:
            grid += self.entry(item, taken(item.entry.id))
        return grid

    def entry(self, item: Item, ident: str) -> paperdigest_entry:
        """The node of one entry (see the module docstring)."""
        entry = item.entry
        card = Card(
            entry_id=entry.id,
            title=entry.title,
            url=entry.url or "",
            date=self.date_text(entry),
            year=entry.year,
            topics=tuple(Topic(t, topic_color(t, self.topic_colors)) for t in item.topics),
            links=tuple(entry_links(entry)),
            digest=self.digest_name,
            iso_date=entry.date.isoformat() if entry.date else "",
            papers=paper_keys(entry),
            paper_ids=tuple(dict.fromkeys(paper.id for paper in entry.papers if paper.id)),
        )
        node = paperdigest_entry.make(card, ident)
        node.source, node.line = self.source, entry.line
        if self.options.thumbnails and self.options.layout != "compact" and entry.thumbnail:
            image = self.thumbnail(entry.thumbnail, entry.title)
            if image is not None:
                node += image
        if self.options.summary != "none" and self.options.layout != "compact":
            summary = self.summary(entry)
            if summary is not None:
                node += summary
        return node

    def thumbnail(self, image: Image, title: str) -> nodes.image | None:
        """The entry's picture; alt text falls back to the entry title."""
        uri = self.markdown.image_uri(image.src)
        if uri is None:
            return None
        node = nodes.image(uri=uri, alt=image.alt or title, classes=[THUMB_CLASS], loading="lazy")
        node[ATTR_PICTURE] = True
        if image.width:
            node["width"] = str(image.width)
        if image.height:
            node["height"] = str(image.height)
        node.source, node.line = self.markdown.path.as_posix(), image.line
        return node

    def date_text(self, entry: Entry) -> str:
        """The entry's date in the page's language, or its year."""
        if entry.date is not None:
            return card_date(self.date_format, entry.date, self.language or "en")
        return str(entry.year) if entry.year else ""

    def summary(self, entry: Entry) -> paperdigest_summary | None:
        """The summary, rendered (only its first paragraph if asked)."""
        children = self.markdown.render(entry.summary, entry.summary_line)
        if self.options.summary == "first-paragraph":
            first = next((c for c in children if isinstance(c, nodes.paragraph)), None)
            children = [first] if first is not None else []
        return paperdigest_summary.make(children) if children else None

    def prose(self, text: str, line: int | None, cls: str) -> paperdigest_summary | None:
        """A digest or group intro, rendered."""
        children = self.markdown.render(text, line)
        return paperdigest_summary.make(children, cls) if children else None
