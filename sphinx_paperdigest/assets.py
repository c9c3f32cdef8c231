"""The extension's stylesheet, for HTML-format builders only."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "paperdigest.css"


def _add_css(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.add_css_file(CSS_FILE)


def _copy_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        # force: the file of an earlier build is ours to replace
        copy_asset_file(STATIC_DIR / CSS_FILE, Path(app.outdir) / "_static", force=True)


def setup_assets(app: Sphinx) -> None:
    """Link and copy ``paperdigest.css`` in HTML output."""
    app.connect("builder-inited", _add_css)
    app.connect("build-finished", _copy_css)
