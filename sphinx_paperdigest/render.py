"""Turn a selection of digest entries into builder-neutral docutils nodes.

A digest may hold thousands of entries, and every node costs in every later
transform, in pickling and in the writer; so an entry is small: a container
whose attributes hold what the card prints besides the summary (title, URL,
date, topics, links), plus the picture and the summary as nodes::

    container.paperdigest-entry#<entry id>   (paperdigest_title, _url, _date,
        image.paperdigest-thumb               _topics, _colors, _link_labels,
        container.paperdigest-summary         _link_urls, _link_kinds)

Post-transforms (:mod:`.transforms`) fit it to the builder once the builder is
known: sphinx-design cards for HTML, and for every other builder standard nodes
(a bold title, a meta line, the summary, a ``label: URL`` list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docutils import nodes
from sphinx.util.i18n import format_date

from .core.model import Digest, Entry, Image, PaperLink
from .core.view import Item, ViewOptions
from .i18n import _
from .summary import MarkdownRenderer
from .topics import topic_color

#: Attribute names the HTML post-transform reads from a ``paperdigest-entries`` node.
ATTR_COLUMNS = "paperdigest_columns"
ATTR_LAYOUT = "paperdigest_layout"
ATTR_PLACEHOLDER = "paperdigest_placeholder"
#: Marks every picture that comes from a digest (thumbnails and summary pictures).
ATTR_PICTURE = "paperdigest_picture"
#: What print builders put between the parts of an entry's meta line.
SEPARATOR = " · "
#: Attributes of a ``paperdigest-entry`` node: what its card prints besides the summary.
ATTR_ENTRY = "paperdigest_entry"
ATTR_TITLE = "paperdigest_title"
ATTR_URL = "paperdigest_url"
ATTR_DATE = "paperdigest_date"
ATTR_TOPICS = "paperdigest_topics"
ATTR_COLORS = "paperdigest_colors"
ATTR_LINK_LABELS = "paperdigest_link_labels"
ATTR_LINK_URLS = "paperdigest_link_urls"
ATTR_LINK_KINDS = "paperdigest_link_kinds"
#: On a group section or rubric: how many entries it holds.
ATTR_COUNT = "paperdigest_count"

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


@dataclass(frozen=True, slots=True)
class Link:
    """A link a card prints: its label, URL and kind (``article``, ``arxiv``, ``pdf``...)."""

    label: str
    url: str
    kind: str


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
        topic_colors: dict[str, str],
        placeholder: str,
        set_source: Callable[[nodes.Node], None],
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

    # -- pieces ------------------------------------------------------------------------

    def entries(self, items: Sequence[Item], taken: Callable[[str], str]) -> nodes.container:
        """A ``paperdigest-entries`` container of entry nodes.

        ``taken(id)`` returns a page-unique id for an entry (the same entry may
        appear twice on a page).
        """
        options = self.options
        grid = nodes.container(classes=["paperdigest-entries"])
        grid[ATTR_COLUMNS] = " ".join(
            str(n) for n in ((1, 1, 1, 1) if options.layout == "list" else options.columns)
        )
        grid[ATTR_LAYOUT] = options.layout
        grid[ATTR_PLACEHOLDER] = (
            self.placeholder if options.thumbnails and options.layout != "compact" else ""
        )
        self.set_source(grid)
        for item in items:
            grid += self.entry(item, taken(item.entry.id))
        return grid

    def entry(self, item: Item, ident: str) -> nodes.container:
        """The neutral node of one entry (see the module docstring)."""
        entry = item.entry
        node = nodes.container(classes=["paperdigest-entry"], ids=[ident])
        node.source, node.line = self.source, entry.line
        node[ATTR_ENTRY] = entry.id
        node[ATTR_TITLE] = entry.title
        node[ATTR_URL] = entry.url or ""
        node[ATTR_DATE] = self.date_text(entry)
        node[ATTR_TOPICS] = list(item.topics)
        node[ATTR_COLORS] = [topic_color(t, self.topic_colors) for t in item.topics]
        links = entry_links(entry)
        node[ATTR_LINK_LABELS] = [link.label for link in links]
        node[ATTR_LINK_URLS] = [link.url for link in links]
        node[ATTR_LINK_KINDS] = [link.kind for link in links]
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
        node = nodes.image(
            uri=uri, alt=image.alt or title, classes=["paperdigest-thumb"], loading="lazy"
        )
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
            when = dt.datetime.combine(entry.date, dt.time())
            return format_date(self.date_format, date=when, language=self.language or "en")
        return str(entry.year) if entry.year else ""

    def summary(self, entry: Entry) -> nodes.container | None:
        """The summary as MyST renders it (only its first paragraph if asked)."""
        children = self.markdown.render(entry.summary, entry.summary_line)
        if self.options.summary == "first-paragraph":
            first = next((c for c in children if isinstance(c, nodes.paragraph)), None)
            children = [first] if first is not None else []
        if not children:
            return None
        box = nodes.container(classes=["paperdigest-summary"])
        box.extend(children)
        return box

    def prose(self, text: str, line: int | None, cls: str) -> nodes.container | None:
        """A digest or group intro, rendered."""
        children = self.markdown.render(text, line)
        if not children:
            return None
        box = nodes.container(classes=[cls])
        box.extend(children)
        return box
