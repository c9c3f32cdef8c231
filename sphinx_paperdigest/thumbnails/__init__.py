"""Card thumbnails in Sphinx: resolve, serve and show every card picture.

The pictures themselves are made by :mod:`sphinx_paperdigest.images` (no
Sphinx there). This package is the glue, in three steps:

1. :mod:`.read` at ``doctree-read`` (before Sphinx's ImageCollector, so in the
   ``-j`` workers): each card picture is checked and thumbnailed (or
   downloaded, or dropped); a failure is a ``paperdigest.image`` warning at the
   digest's ``file:line`` and the card falls back to the placeholder. The image
   node keeps its source URI, so Sphinx notes the original as a dependency
   (editing the picture rebuilds the page), and gains ``paperdigest_*``
   attributes that name the cached source (content hash, path relative to the
   source or cache directory; never a machine path).
2. :mod:`.write`: a post-transform (per builder, in the main process) picks the
   file the builder can show (WebP for web pages, JPEG for LaTeX/EPUB/texinfo),
   points the node's ``uri`` and ``candidates`` at it and adds it to
   ``env.images``, as Sphinx's own image converters do, so every builder copies
   it; it then becomes a :class:`~sphinx_paperdigest.nodes.paperdigest_thumbnail`,
   whose HTML visitor writes ``srcset``, ``loading`` and ``decoding``.
   ``doctree-resolved`` registers the files only HTML refers to (the 2x
   variant, the linked original) with the builder, which copies them.
3. :mod:`.style`: the CSS that a card size or fit other than the default needs.

:mod:`.state` holds what one build shares: the cache directory (thumbnails,
what each source is, downloads: ``<doctreedir>/paperdigest/``), the
thumbnailer, the downloads that failed and the warnings already given.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ..nodes import paperdigest_thumbnail
from .read import resolve_pictures
from .state import fetch_limits, new_build, thumbnailer_for
from .style import add_css, write_css
from .write import (
    ServeThumbnails,
    depart_thumbnail_other,
    register_extra_files,
    visit_thumbnail_html,
    visit_thumbnail_other,
)


def setup_thumbnails(app: Sphinx) -> None:
    """Register the thumbnail node, its visitors, the read and write steps."""
    other = (visit_thumbnail_other, depart_thumbnail_other)
    app.add_node(
        paperdigest_thumbnail,
        html=(visit_thumbnail_html, None),
        latex=other,
        text=other,
        man=other,
        texinfo=other,
    )
    # before Sphinx's ImageCollector (500), which notes the pictures' files
    app.connect("doctree-read", resolve_pictures, priority=400)
    app.add_post_transform(ServeThumbnails)
    app.connect("doctree-resolved", register_extra_files)
    app.connect("builder-inited", new_build)
    app.connect("builder-inited", add_css)
    app.connect("builder-inited", write_css)


__all__ = ["fetch_limits", "paperdigest_thumbnail", "setup_thumbnails", "thumbnailer_for"]
