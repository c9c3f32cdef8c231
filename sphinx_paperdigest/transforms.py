"""Post-transforms: sphinx-design cards for HTML; no remote pictures where none can show.

The doctree the directive leaves is builder-neutral (see :mod:`.render`). For
HTML builders, :class:`CardsForHTML` reshapes each ``paperdigest-entries``
container into a sphinx-design grid of cards; other builders keep the neutral
form. :class:`DropRemotePictures` runs first, for builders that cannot show a
remote picture (LaTeX, texinfo, EPUB): Sphinx would try to download it.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import create_component

from .render import ATTR_COLUMNS, ATTR_LAYOUT, ATTR_PICTURE, ATTR_PLACEHOLDER

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


class CardsForHTML(SphinxPostTransform):
    """Reshape neutral entries into sphinx-design cards (HTML-format builders)."""

    default_priority = 90
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for entries in [n for n in self.document.findall(nodes.container) if _is_entries(n)]:
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
            if isinstance(entry, nodes.Element):
                item = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
                item += self.card(entry, layout, placeholder)
                row += item
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

    def card(self, entry: nodes.Element, layout: str, placeholder: str) -> nodes.Element:
        card = create_component(
            "card",
            [
                "sd-card",
                "sd-sphinx-override",
                "sd-w-100",
                "sd-shadow-sm",
                "paperdigest-card",
                f"paperdigest-card-{layout}",
            ],
            ids=list(entry["ids"]),
        )
        card.source, card.line = entry.source, entry.line
        body = create_component("card-body", ["sd-card-body", "paperdigest-body"])
        footer = None
        picture: nodes.Element | None = None
        for child in list(entry.children):
            entry.remove(child)
            if isinstance(child, nodes.image):
                # no-scaled-link: a sized thumbnail is not wrapped in a link
                # to the picture, which would sit over the card like a second title
                child["classes"] += ["sd-card-img-top", "no-scaled-link"]
                picture = child
            elif _has_class(child, "paperdigest-title"):
                # the card title is bold by its class; the neutral <strong> goes
                for strong in list(child.findall(nodes.strong)):
                    strong.replace_self(strong.children)
                child["classes"] += ["sd-card-title", "sd-font-weight-bold"]
                body += child
            elif _has_class(child, "paperdigest-meta"):
                body += self.meta(child)
            elif _has_class(child, "paperdigest-links"):
                footer = self.footer(child)
            else:
                body += child
        if picture is None and placeholder:
            picture = create_component(
                "paperdigest-placeholder", ["paperdigest-thumb", "paperdigest-placeholder"]
            )
            picture += nodes.inline(placeholder, placeholder)
        if picture is not None and layout != "compact":
            card += picture
        card += body
        if footer is not None:
            card += footer
        return card

    @staticmethod
    def meta(meta: nodes.Element) -> nodes.Element:
        for child in list(meta.children):
            if _has_class(child, "paperdigest-sep"):
                meta.remove(child)
            elif _has_class(child, "paperdigest-topic"):
                child["classes"][:0] = ["sd-sphinx-override", "sd-badge"]
        return meta

    @staticmethod
    def footer(links: nodes.Element) -> nodes.Element:
        """The footer: one small button per link, its label as text."""
        footer = create_component("card-footer", ["sd-card-footer", "paperdigest-footer"])
        para = nodes.paragraph(classes=["paperdigest-buttons"])
        for item in links.findall(nodes.list_item):
            label = next(
                (n for n in item.findall(nodes.inline) if _has_class(n, "paperdigest-link-label")),
                None,
            )
            ref = next(
                (n for n in item.findall(nodes.reference) if _has_class(n, "paperdigest-link")),
                None,
            )
            if label is None or ref is None:
                continue
            text = label.astext()
            button = nodes.reference(
                text,
                text,
                refuri=ref["refuri"],
                classes=["sd-sphinx-override", "sd-btn", "sd-text-wrap", *ref["classes"]],
            )
            para += button
        footer += para
        return footer


class PlainTitlesForPrint(SphinxPostTransform):
    """Man pages and texinfo print a link's URL after its text: unlink entry titles.

    The article's URL is in the entry's link list already; a linked title
    would print it twice.
    """

    default_priority = 90
    formats = ("man", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for title in list(self.document.findall(nodes.paragraph)):
            if _has_class(title, "paperdigest-title"):
                for ref in list(title.findall(nodes.reference)):
                    ref.replace_self(ref.children)


def setup_transforms(app: Sphinx) -> None:
    """Register the post-transforms."""
    app.add_post_transform(DropRemotePictures)
    app.add_post_transform(CardsForHTML)
    app.add_post_transform(PlainTitlesForPrint)
