"""Post-transforms: fit the neutral entries to the builder.

The doctree the directive leaves is builder-neutral and small (see
:mod:`.render`): an entry is a container whose attributes hold its title,
date, topics and links. :class:`DropRemotePictures` runs first, for builders
that cannot show a remote picture (LaTeX, texinfo, EPUB): Sphinx would try to
download it. Then :class:`CardsForHTML` makes each ``paperdigest-entries``
container a sphinx-design grid of cards, and :class:`EntriesForPrint` gives the
other builders standard nodes: a bold title, a meta line, a list of links.

Cards are written as HTML around the entry's picture and summary nodes, not
built of nodes: a card's frame, title, badges and buttons would be some twenty
nodes, and every node costs in every later transform and in the writer, for
each of thousands of entries. Every value in that HTML is escaped here, and
every URL was judged safe by the reader.
"""

from __future__ import annotations

from html import escape
from typing import Any, TypeGuard

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import create_component

from .render import (
    ATTR_COLORS,
    ATTR_COLUMNS,
    ATTR_DATE,
    ATTR_LAYOUT,
    ATTR_LINK_KINDS,
    ATTR_LINK_LABELS,
    ATTR_LINK_URLS,
    ATTR_PICTURE,
    ATTR_PLACEHOLDER,
    ATTR_TITLE,
    ATTR_TOPICS,
    ATTR_URL,
    SEPARATOR,
)

_GUTTER = ["sd-g-3", "sd-g-xs-3", "sd-g-sm-3", "sd-g-md-3", "sd-g-lg-3"]


def _has_class(node: nodes.Node, cls: str) -> TypeGuard[nodes.Element]:
    return isinstance(node, nodes.Element) and cls in node["classes"]


def _is_entries(node: nodes.Node) -> TypeGuard[nodes.Element]:
    return _has_class(node, "paperdigest-entries")


def _is_remote(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "//"))


def _builder_class(transform: SphinxPostTransform) -> type[Builder]:
    """The builder's class; Sphinx 9 keeps it on the env and deprecates ``self.app``."""
    found = getattr(transform.env, "_builder_cls", None)
    return found if found is not None else type(transform.app.builder)


class DropRemotePictures(SphinxPostTransform):
    """Remove remote pictures of digests for builders that cannot show them."""

    default_priority = 80  # before Sphinx's ImageDownloader (100)

    def run(self, **kwargs: Any) -> None:
        if _builder_class(self).supported_remote_images:
            return
        for image in list(self.document.findall(nodes.image)):
            if image.get(ATTR_PICTURE) and _is_remote(image.get("uri", "")):
                image.parent.remove(image)


def _is_entry(node: nodes.Node) -> TypeGuard[nodes.Element]:
    return _has_class(node, "paperdigest-entry")


class CardsForHTML(SphinxPostTransform):
    """Make the neutral entries sphinx-design cards (HTML-format builders)."""

    default_priority = 90
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for entries in list(self.document.findall(_is_entries)):
            assert isinstance(entries, nodes.Element)
            entries.replace_self(self.grid(entries))

    def grid(self, entries: nodes.Element) -> nodes.Element:
        columns = str(entries.get(ATTR_COLUMNS, "1 2 3 3")).split()
        layout = str(entries.get(ATTR_LAYOUT, "grid"))
        placeholder = str(entries.get(ATTR_PLACEHOLDER, ""))
        row_classes = ["sd-row", f"sd-row-cols-{columns[0]}"] + [
            f"sd-row-cols-{size}-{n}"
            for size, n in zip(("xs", "sm", "md", "lg"), columns, strict=True)
        ]
        row = create_component("grid-row", [*row_classes, *_GUTTER])
        for entry in entries.children:
            if _is_entry(entry):
                row.extend(self.card(entry, layout, placeholder))
        grid = create_component(
            "grid-container",
            [
                "sd-container-fluid",
                "sd-sphinx-override",
                "sd-mb-4",
                "paperdigest-grid",
                f"paperdigest-grid-{layout}",
            ],
        )
        grid.source, grid.line = entries.source, entries.line
        grid += row
        return grid

    def card(self, entry: nodes.Element, layout: str, placeholder: str) -> list[nodes.Node]:
        """A card: its HTML frame around the entry's own picture and summary nodes."""
        picture = next((c for c in entry.children if isinstance(c, nodes.image)), None)
        summary = next((c for c in entry.children if _has_class(c, "paperdigest-summary")), None)
        classes = (
            "sd-card sd-sphinx-override sd-w-100 sd-shadow-sm paperdigest-card "
            f"paperdigest-card-{layout}"
        )
        head = [
            '<div class="sd-col sd-d-flex-row docutils">',
            f'<div class="{classes} docutils" id="{_attr(entry["ids"][0])}">',
        ]
        if layout == "compact":
            picture = None
        elif picture is None and placeholder:
            head.append(
                '<div class="paperdigest-thumb paperdigest-placeholder docutils">'
                f'<span aria-hidden="true">{escape(placeholder)}</span></div>'
            )
        out: list[nodes.Node] = [_raw("".join(head))]
        if picture is not None:
            # no-scaled-link: Sphinx would wrap a sized local picture in a
            # link to itself, an extra tab stop that carries the thumb's classes
            picture["classes"] += [
                c for c in ("sd-card-img-top", "no-scaled-link") if c not in picture["classes"]
            ]
            out.append(picture)
        out.append(
            _raw(
                '<div class="sd-card-body paperdigest-body docutils">'
                + _title(entry)
                + _meta(entry)
            )
        )
        if summary is not None:
            out.append(summary)
        out.append(_raw("</div>" + _footer(entry) + "</div></div>"))
        return out


def _raw(html: str) -> nodes.raw:
    return nodes.raw("", html, format="html")


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _title(entry: nodes.Element) -> str:
    title = escape(entry.get(ATTR_TITLE, ""))
    url = entry.get(ATTR_URL, "")
    if url:
        title = f'<a class="reference external" href="{_attr(url)}">{title}</a>'
    return f'<p class="paperdigest-title sd-card-title sd-font-weight-bold">{title}</p>'


def _topics(entry: nodes.Element) -> list[tuple[str, str]]:
    """``(topic, colour)`` pairs of an entry."""
    return list(zip(entry.get(ATTR_TOPICS, []), entry.get(ATTR_COLORS, []), strict=True))


def _meta(entry: nodes.Element) -> str:
    parts = []
    if entry.get(ATTR_DATE):
        parts.append(f'<span class="paperdigest-date">{escape(entry[ATTR_DATE])}</span>')
    for topic, color in _topics(entry):
        parts.append(
            '<span class="sd-sphinx-override sd-badge paperdigest-topic '
            f'paperdigest-topic-{_attr(color)}">{escape(topic)}</span>'
        )
    return f'<p class="paperdigest-meta">{"".join(parts)}</p>' if parts else ""


def _footer(entry: nodes.Element) -> str:
    buttons = [
        '<a class="sd-sphinx-override sd-btn sd-text-wrap paperdigest-link '
        f'paperdigest-link-{_attr(kind)} reference external" href="{_attr(url)}">'
        f"{escape(label)}</a>"
        for label, url, kind in _links(entry)
    ]
    if not buttons:
        return ""
    return (
        '<div class="sd-card-footer paperdigest-footer docutils">'
        f'<p class="paperdigest-buttons">{"".join(buttons)}</p></div>'
    )


def _links(entry: nodes.Element) -> list[tuple[str, str, str]]:
    return list(
        zip(
            entry.get(ATTR_LINK_LABELS, []),
            entry.get(ATTR_LINK_URLS, []),
            entry.get(ATTR_LINK_KINDS, []),
            strict=True,
        )
    )


class EntriesForPrint(SphinxPostTransform):
    """Give builders other than HTML standard nodes for an entry's card data.

    The title becomes bold (a link to the article), the date and topics a line
    with `` · `` between them, and the links a list of ``label: URL`` (each URL a
    link whose text is itself, so that every builder prints it once). Man pages
    and texinfo print a link's URL after its text: there the title is not
    linked, as the article's URL is in the list.
    """

    default_priority = 90

    def run(self, **kwargs: Any) -> None:
        builder = _builder_class(self)
        if builder.format == "html":
            return
        unlink_title = builder.format in {"man", "texinfo"}
        for entry in list(self.document.findall(_is_entry)):
            assert isinstance(entry, nodes.Element)
            self.expand(entry, unlink_title)

    def expand(self, entry: nodes.Element, unlink_title: bool) -> None:
        """Picture, title, meta line, summary, links: the entry's data as nodes."""
        picture = [c for c in entry.children if isinstance(c, nodes.image)]
        rest = [c for c in entry.children if not isinstance(c, nodes.image)]
        entry.clear()
        entry.extend(picture)
        entry += self.title(entry, unlink_title)
        meta = self.meta(entry)
        if meta is not None:
            entry += meta
        entry.extend(rest)
        links = self.links(entry)
        if links is not None:
            entry += links
        for key in _DATA:
            entry.attributes.pop(key, None)

    @staticmethod
    def title(entry: nodes.Element, unlink: bool) -> nodes.paragraph:
        text = entry.get(ATTR_TITLE, "")
        url = entry.get(ATTR_URL, "")
        inner: nodes.Node = (
            nodes.reference(text, text, refuri=url) if url and not unlink else nodes.Text(text)
        )
        return nodes.paragraph("", "", nodes.strong("", "", inner), classes=["paperdigest-title"])

    @staticmethod
    def meta(entry: nodes.Element) -> nodes.paragraph | None:
        parts: list[nodes.Node] = []
        if entry.get(ATTR_DATE):
            parts.append(
                nodes.inline(entry[ATTR_DATE], entry[ATTR_DATE], classes=["paperdigest-date"])
            )
        for topic, color in _topics(entry):
            parts.append(
                nodes.inline(
                    topic, topic, classes=["paperdigest-topic", f"paperdigest-topic-{color}"]
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
    def links(entry: nodes.Element) -> nodes.bullet_list | None:
        links = _links(entry)
        if not links:
            return None
        listing = nodes.bullet_list(classes=["paperdigest-links"])
        for label, url, kind in links:
            para = nodes.paragraph()
            para += nodes.Text(f"{label}: ")
            para += nodes.reference(
                url, url, refuri=url, classes=["paperdigest-link", f"paperdigest-link-{kind}"]
            )
            listing += nodes.list_item("", para)
        return listing


_DATA = (
    ATTR_TITLE,
    ATTR_URL,
    ATTR_DATE,
    ATTR_TOPICS,
    ATTR_COLORS,
    ATTR_LINK_LABELS,
    ATTR_LINK_URLS,
    ATTR_LINK_KINDS,
)


def setup_transforms(app: Sphinx) -> None:
    """Register the post-transforms."""
    app.add_post_transform(DropRemotePictures)
    app.add_post_transform(CardsForHTML)
    app.add_post_transform(EntriesForPrint)
