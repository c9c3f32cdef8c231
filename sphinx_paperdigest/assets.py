"""The extension's stylesheets and script, for HTML-format builders only.

``paperdigest.css`` styles the cards; ``paperdigest.js`` and
``paperdigest-clamp.css`` shorten grid cards' summaries behind a button, except
in an EPUB (its pages link no script).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

from .i18n import _

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "paperdigest.css"
#: The button of shortened summaries, and the rules that shorten them.
JS_FILE = "paperdigest.js"
CLAMP_CSS_FILE = "paperdigest-clamp.css"


def _scripted(app: Sphinx) -> bool:
    # an EPUB has no scripts: its pages do not link them, its reader would not run them
    return not app.builder.name.startswith("epub")


def _add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.add_css_file(CSS_FILE)
    if _scripted(app):
        app.add_css_file(CLAMP_CSS_FILE)
        # the button's words travel on the script tag, in the project's language
        labels: dict[str, Any] = {
            "data-label-more": str(_("Show more")),
            "data-label-less": str(_("Show less")),
        }
        app.add_js_file(JS_FILE, loading_method="defer", **labels)


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        # force: the file of an earlier build is ours to replace
        scripted = (CLAMP_CSS_FILE, JS_FILE) if _scripted(app) else ()
        for name in (CSS_FILE, *scripted):
            copy_asset_file(STATIC_DIR / name, Path(app.outdir) / "_static", force=True)


def setup_assets(app: Sphinx) -> None:
    """Link and copy the stylesheets and ``paperdigest.js`` in HTML output."""
    app.connect("builder-inited", _add_assets)
    app.connect("build-finished", _copy_assets)
