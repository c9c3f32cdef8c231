"""The extension's stylesheet, for HTML-format builders only."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "paperdigest.css"


def add_static_dir(app: Sphinx, directory: Path) -> None:
    """Have the builder copy ``directory``'s files into ``_static`` with its own.

    An entry of ``html_static_path`` is copied before the builder finishes,
    so EPUB packs the file (a copy at ``build-finished`` came after the zip).
    It goes first: a project's own ``_static`` file of the same name wins.
    """
    entry = str(directory)
    paths = list(app.config.html_static_path)
    if entry not in paths:
        app.config.html_static_path = [entry, *paths]


def _add_css(app: Sphinx) -> None:
    if app.builder.format == "html":
        add_static_dir(app, STATIC_DIR)
        app.add_css_file(CSS_FILE)


def setup_assets(app: Sphinx) -> None:
    """Link and ship ``paperdigest.css`` in HTML-format output (HTML, EPUB...)."""
    app.connect("builder-inited", _add_css)
