"""Sphinx configuration of the sphinx-paperdigest docs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# local extensions: the reference pages' generator (configuration values, warning
# codes) and the pictures of the thumbnails page
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-paperdigest"
author = "sphinx-paperdigest contributors"
copyright = "2026, sphinx-paperdigest contributors"

extensions = ["sphinx_paperdigest", "paperdigest_docs", "thumbnail_pictures"]
# digests are data, snippets are included by the options pages, _generated holds
# the thumbnails page's pictures
exclude_patterns = ["_build", "digests", "snippets", "_generated"]
myst_enable_extensions = ["colon_fence", "deflist"]
# the seed digest is shown as its author wrote it, with one half-broken link
# (「Tabular Data: ...](url)): read as the link it means, and said in format.md
suppress_warnings = ["paperdigest.broken-link"]
html_title = "sphinx-paperdigest"
# absolute URLs for the cards' feed (docs/exports.md); Read the Docs says where it serves
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://sphinx-paperdigest.readthedocs.io/en/latest/"
)
# the JSON Schema of papers.json and `paperdigest show --format json`
html_static_path = ["_static"]

# the extension's own theme (docs/theme.md); the defaults are what a user gets
html_theme = "paperdigest"
html_theme_options: dict[str, object] = {}
