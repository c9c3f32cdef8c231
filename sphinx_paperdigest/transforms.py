"""Post-transforms: fit the neutral entries to the builder.

The doctree the directive leaves is builder-neutral (see :mod:`.render`). For
HTML builders, :class:`CardsForHTML` reshapes each ``paperdigest-entries``
container into a sphinx-design grid of cards; for the others,
:class:`EntriesForPrint` bolds titles and spells link URLs out.
:class:`DropRemotePictures` runs first, for builders that cannot show a remote
picture (LaTeX, texinfo, EPUB): Sphinx would try to download it.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import create_component

from .render import ATTR_COLUMNS, ATTR_LAYOUT, ATTR_PICTURE, ATTR_PLACEHOLDER, SEPARATOR

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
    """Reshape neutral entries into sphinx-design cards (HTML-format builders).

    The entry's nodes are reused, not copied: a digest may hold thousands of
    entries, and every node costs in every later transform and in the writer.
    """

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
        children = list(entries.children)
        entries.clear()
        for entry in children:
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
        """Make the entry node itself the card: picture, body, footer."""
        parts = list(entry.children)
        entry.clear()
        entry["classes"] = [
            "sd-card",
            "sd-sphinx-override",
            "sd-w-100",
            "sd-shadow-sm",
            "paperdigest-card",
            f"paperdigest-card-{layout}",
        ]
        # what sphinx_design.shared.create_component sets: its writer makes a <div>
        entry["is_div"] = True
        entry["design_component"] = "card"
        body = create_component("card-body", ["sd-card-body", "paperdigest-body"])
        footer = None
        picture: nodes.Element | None = None
        for child in parts:
            if isinstance(child, nodes.image):
                # no-scaled-link: Sphinx would wrap a sized local picture in a
                # link to itself, an extra tab stop that carries the thumb's classes
                child["classes"] += [
                    c for c in ("sd-card-img-top", "no-scaled-link") if c not in child["classes"]
                ]
                picture = child
            elif _has_class(child, "paperdigest-title"):
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
            entry += picture
        entry += body
        if footer is not None:
            entry += footer
        return entry

    @staticmethod
    def meta(meta: nodes.Element) -> nodes.Element:
        """Topics become sphinx-design badges."""
        for child in meta.children:
            if _has_class(child, "paperdigest-topic"):
                child["classes"][:0] = ["sd-sphinx-override", "sd-badge"]
        return meta

    @staticmethod
    def footer(links: nodes.Element) -> nodes.Element:
        """The footer: the links as small buttons."""
        footer = create_component("card-footer", ["sd-card-footer", "paperdigest-footer"])
        links["classes"] = ["paperdigest-buttons"]
        for child in links.children:
            if isinstance(child, nodes.reference):
                child["classes"][:0] = ["sd-sphinx-override", "sd-btn", "sd-text-wrap"]
        footer += links
        return footer


class EntriesForPrint(SphinxPostTransform):
    """Fit entries to builders other than HTML: bold titles, separators, URLs spelled out.

    The links become a list of ``label: URL`` (each URL a link whose text is
    itself, so that every builder prints it once). Man pages and texinfo print
    a link's URL after its text: there the title is not linked, as the
    article's URL is in the list.
    """

    default_priority = 90

    def run(self, **kwargs: Any) -> None:
        builder = _builder_class(self)
        if builder.format == "html":
            return
        unlink_title = builder.format in {"man", "texinfo"}
        for entry in list(self.document.findall(_is_entry)):
            assert isinstance(entry, nodes.Element)
            for child in list(entry.children):
                if _has_class(child, "paperdigest-title"):
                    self.title(child, unlink_title)
                elif _has_class(child, "paperdigest-meta"):
                    self.meta(child)
                elif _has_class(child, "paperdigest-links"):
                    child.replace_self(self.links(child))

    @staticmethod
    def title(title: nodes.Element, unlink: bool) -> None:
        strong = nodes.strong()
        for child in list(title.children):
            title.remove(child)
            if unlink and isinstance(child, nodes.reference):
                strong.extend(child.children)
            else:
                strong += child
        title += strong

    @staticmethod
    def meta(meta: nodes.Element) -> None:
        parts = list(meta.children)
        meta.clear()
        for i, part in enumerate(parts):
            if i:
                meta += nodes.Text(SEPARATOR)
            meta += part

    @staticmethod
    def links(links: nodes.Element) -> nodes.bullet_list:
        listing = nodes.bullet_list(classes=["paperdigest-links"])
        for ref in links.findall(nodes.reference):
            url = ref["refuri"]
            para = nodes.paragraph()
            para += nodes.Text(f"{ref.astext()}: ")
            para += nodes.reference(url, url, refuri=url, classes=ref["classes"])
            listing += nodes.list_item("", para)
        return listing


def setup_transforms(app: Sphinx) -> None:
    """Register the post-transforms."""
    app.add_post_transform(DropRemotePictures)
    app.add_post_transform(CardsForHTML)
    app.add_post_transform(EntriesForPrint)
