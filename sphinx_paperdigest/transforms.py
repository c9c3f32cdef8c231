"""Post-transforms that fit a digest's pictures to the builder.

:class:`DropRemotePictures` removes the remote pictures of digests for builders
that cannot show a remote picture (LaTeX, texinfo, EPUB): Sphinx would try to
download them. How entries become cards is in :mod:`.cards`.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .core.urls import is_remote_url
from .nodes import is_digest_picture
from .sphinxcompat import builder_class


class DropRemotePictures(SphinxPostTransform):
    """Remove remote pictures of digests for builders that cannot show them."""

    default_priority = 80  # before Sphinx's ImageDownloader (100)

    def run(self, **kwargs: Any) -> None:
        if builder_class(self.env).supported_remote_images:
            return
        for image in list(self.document.findall(nodes.image)):
            if is_digest_picture(image) and is_remote_url(str(image.get("uri", ""))):
                image.parent.remove(image)


def setup_transforms(app: Sphinx) -> None:
    """Register the post-transforms."""
    app.add_post_transform(DropRemotePictures)
