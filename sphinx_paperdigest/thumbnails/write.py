"""Write time: the file each builder shows of a card picture, and its visitors.

:class:`ServeThumbnails` (a post-transform, per builder, in the main process)
points each card picture at the file the builder can show, through
``env.images`` as Sphinx's own image converters do, and makes it a
:class:`~sphinx_paperdigest.nodes.paperdigest_thumbnail`. ``doctree-resolved``
registers the files only HTML names (the 2x variant, the linked original).
"""

from __future__ import annotations

import posixpath
import urllib.parse
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import guess_mimetype

from ..config import settings
from ..images.cache import Thumbnail
from ..images.plan import ThumbnailSettings
from ..images.thumbnailer import ThumbnailError
from ..nodes import PLACEHOLDER_CLASS, THUMB_CLASS, paperdigest_thumbnail
from ..sphinxcompat import builder_class
from .read import ATTR_FILE, ATTR_HASH, ATTR_KIND, ATTR_ORIGIN
from .state import cache_dir, drop, is_web, print_settings, thumbnailer_for, warn_once

ATTR_SRCSET = "paperdigest_srcset"
ATTR_ORIGINAL = "paperdigest_original"
_FORMATS_WITH_VISITORS = ("html", "latex", "text", "man", "texinfo")


class ServeThumbnails(SphinxPostTransform):
    """Point each card picture at the file this builder shows, through ``env.images``."""

    default_priority = 75  # before DropRemotePictures (80): downloads are local files

    def run(self, **kwargs: Any) -> None:
        builder = builder_class(self.env)
        web = is_web(builder)
        shows_images = bool(builder.supported_image_types) or web
        values = settings(self.config)
        thumbs = values.thumbnails if web else print_settings(values.thumbnails)
        for node in list(self.document.findall(nodes.image)):
            if THUMB_CLASS not in node["classes"] or isinstance(node, paperdigest_thumbnail):
                continue
            if PLACEHOLDER_CLASS in node["classes"] and builder.format != "html":
                drop(node)  # a placeholder only keeps a grid aligned
                continue
            origin = node.get(ATTR_ORIGIN)
            if origin is not None and shows_images:
                if not self.serve(node, thumbs, web):
                    continue
            elif origin is None and web and values.link_originals:
                node[ATTR_ORIGINAL] = node["uri"]  # a remote picture links to its URL
            if "no-scaled-link" not in node["classes"]:
                # its size is the card's; no "scaled image" link to itself
                node["classes"].append("no-scaled-link")
            if builder.format in _FORMATS_WITH_VISITORS:
                thumb = paperdigest_thumbnail(node.rawsource, *node.children, **node.attributes)
                thumb.source, thumb.line = node.source, node.line
                node.replace_self(thumb)

    def serve(self, node: nodes.image, thumbs: ThumbnailSettings, web: bool) -> bool:
        """Point ``node`` at its files; False when it was dropped."""
        env = self.env
        if node[ATTR_ORIGIN] == "download":
            source = cache_dir(env) / node[ATTR_FILE]
            original, remote_url = str(source), str(node["uri"])
        else:
            source = Path(env.srcdir) / node[ATTR_FILE]
            original, remote_url = node[ATTR_FILE], None
        if web and settings(self.config).link_originals:
            node[ATTR_ORIGINAL] = remote_url or original
            if remote_url is None:
                env.images.add_file(env.docname, original)
        if self._as_is(node, web):
            if remote_url is not None:
                env.images.add_file(env.docname, original)
            node["uri"] = original
            node["candidates"] = {"*": original}
            return True
        try:
            thumb = thumbnailer_for(env).thumbnail(source, thumbs, digest=node.get(ATTR_HASH))
        except ThumbnailError as exc:
            warn_once(env, f"picture {node[ATTR_FILE]!r} cannot be used: {exc}", node)
            drop(node)
            return False
        self._point_at(node, thumb, web)
        return True

    def _as_is(self, node: nodes.image, web: bool) -> bool:
        """Whether the original is shown: an SVG, or an animation HTML keeps."""
        kind = node.get(ATTR_KIND)
        keep = web and settings(self.config).keep_animation
        return kind == "svg" or (kind == "animated" and keep)

    def _point_at(self, node: nodes.image, thumb: Thumbnail, web: bool) -> None:
        env, docname = self.env, self.env.docname
        first = thumb.variants[0]
        path = str(first.path)
        node["uri"] = path
        node["candidates"] = {"*": path}
        node["width"], node["height"] = str(first.width), str(first.height)
        env.images.add_file(docname, path)
        if web and len(thumb.variants) > 1:
            for variant in thumb.variants[1:]:
                env.images.add_file(docname, str(variant.path))
            node[ATTR_SRCSET] = [[str(v.path), v.descriptor] for v in thumb.variants[1:]]


def register_extra_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: files HTML names besides ``uri`` get copied too.

    Also drops a card picture no candidate of which the builder can show (an
    SVG in LaTeX when no converter made a PNG of it): no picture, no error.
    """
    web = is_web(type(app.builder))
    for node in list(doctree.findall(paperdigest_thumbnail)):
        if web:
            _register_html_files(app, node)
        elif not _can_show(app, node):
            drop(node)


def _register_html_files(app: Sphinx, node: paperdigest_thumbnail) -> None:
    srcset: list[list[str]] = node.get(ATTR_SRCSET) or []
    extra = [pair[0] for pair in srcset]
    original = node.get(ATTR_ORIGINAL)
    if original and original in app.env.images:
        extra.append(original)
    for name in extra:
        app.builder.images[name] = app.env.images[name][1]


def _can_show(app: Sphinx, node: paperdigest_thumbnail) -> bool:
    supported = app.builder.supported_image_types
    candidates = node["candidates"]
    if not supported or "?" in candidates:
        return True
    if "*" in candidates:
        kinds = {guess_mimetype(Path(app.srcdir) / candidates["*"])}
    else:
        kinds = set(candidates)
    return bool(kinds & set(supported))


def _image_url(translator: Any, path: str) -> str:
    images = translator.builder.images
    if path in images:
        return posixpath.join(translator.builder.imgpath, urllib.parse.quote(images[path]))
    return path


def visit_thumbnail_html(translator: Any, node: paperdigest_thumbnail) -> None:
    """``<img>`` with ``srcset``, ``loading="lazy"`` and ``decoding="async"``."""
    src = _image_url(translator, node["uri"])
    atts: dict[str, str] = {
        "src": src,
        "alt": str(node.get("alt", "")),
        "loading": str(node.get("loading", "lazy")),
        "decoding": "async",
    }
    srcset = node.get(ATTR_SRCSET)
    if srcset:
        atts["srcset"] = ", ".join(
            [f"{src} 1x", *(f"{_image_url(translator, p)} {d}" for p, d in srcset)]
        )
    for key in ("width", "height"):
        if key in node:
            atts[key] = str(node[key])
    node["classes"] = [c for c in node["classes"] if c != "no-scaled-link"]
    original = node.get(ATTR_ORIGINAL)
    if original:
        href = translator.attval(_image_url(translator, original))
        translator.body.append(f'<a class="reference external paperdigest-original" href="{href}">')
    translator.body.append(translator.emptytag(node, "img", "", **atts))
    if original:
        translator.body.append("</a>")
    raise nodes.SkipNode


def visit_thumbnail_other(translator: Any, node: paperdigest_thumbnail) -> None:
    """LaTeX, text, man, texinfo: the builder's own image rendering."""
    translator.visit_image(node)


def depart_thumbnail_other(translator: Any, node: paperdigest_thumbnail) -> None:
    """Close what ``visit_image`` opened."""
    translator.depart_image(node)
