"""The CSS that card pictures of another size or fit than the stylesheet's need."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from ..assets import write_static
from ..config import settings
from ..images.plan import ThumbnailSettings

CSS_FILE = "paperdigest-thumbnails.css"
_DEFAULT = ThumbnailSettings()


def non_default_css(config: Config) -> str:
    """CSS for a card ratio or fit other than the stylesheet's (16:9, cover)."""
    values = settings(config)
    width, height = values.thumbnail_size
    rules = []
    if width * _DEFAULT.height != height * _DEFAULT.width:
        # on body, unlayered: the stylesheet's default sits on body (in a layer),
        # and a value on :root would lose to it
        rules.append(f"body {{\n  --pd-thumb-ratio: {width} / {height};\n}}\n")
    if values.thumbnail_fit == "contain":
        rules.append(".paperdigest-card img.paperdigest-thumb {\n  object-fit: contain;\n}\n")
    if not rules:
        return ""
    head = "/* sphinx-paperdigest: from paperdigest_thumbnail_size and _fit */\n"
    return head + "\n".join(rules)


def add_css(app: Sphinx) -> None:
    """``builder-inited``: link the settings' CSS (HTML-format builders), when needed."""
    if app.builder.format == "html" and non_default_css(app.config):
        # after paperdigest.css (500): its object-fit rule is as specific as ours
        app.add_css_file(CSS_FILE, priority=600)


def write_css(app: Sphinx) -> None:
    """``builder-inited``: ship the settings' CSS, as :mod:`..assets` ships its files."""
    css = non_default_css(app.config) if app.builder.format == "html" else ""
    if css:
        write_static(app, CSS_FILE, css.encode())
