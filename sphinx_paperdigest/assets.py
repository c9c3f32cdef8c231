"""The extension's stylesheets and script, for HTML-format builders only.

``paperdigest.css`` styles the cards; ``paperdigest.js`` and
``paperdigest-clamp.css`` shorten grid cards' summaries behind a button, except
in an EPUB (its pages link no script).

The files are copied into ``_static`` at ``builder-inited``: before any page
is written, so that every page links them with the same ``?v=`` checksum
(Sphinx adds it only for a file already in the output, so a later copy gave a
cold build and an incremental one different pages), and before EPUB packs the
archive. A file of the same name in the project's ``html_static_path`` wins, as
it does over Sphinx's own. Adding a folder to ``html_static_path`` would do the same but changes the
configuration Sphinx compares between builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

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


def _project_has(app: Sphinx, name: str) -> bool:
    """Whether the project's ``html_static_path`` ships a file called ``name``."""
    for entry in app.config.html_static_path:
        path = Path(app.confdir, entry)
        if (path / name).is_file() or (path.is_file() and path.name == name):
            return True
    return False


def write_static(app: Sphinx, name: str, content: bytes) -> None:
    """Write ``_static/name`` (ours to replace), unless the project ships its own."""
    if _project_has(app, name):
        return
    target = Path(app.outdir) / "_static" / name
    if not target.is_file() or target.read_bytes() != content:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _copy_assets(app: Sphinx) -> None:
    """``builder-inited``: ship the files (see the module docstring)."""
    if app.builder.format == "html":
        scripted = (CLAMP_CSS_FILE, JS_FILE) if _scripted(app) else ()
        for name in (CSS_FILE, *scripted):
            write_static(app, name, (STATIC_DIR / name).read_bytes())


def setup_assets(app: Sphinx) -> None:
    """Link and ship the stylesheets and ``paperdigest.js`` in HTML-format output."""
    app.connect("builder-inited", _add_assets)
    app.connect("builder-inited", _copy_assets)
