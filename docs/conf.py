"""Sphinx configuration of the sphinx-paperdigest docs."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-paperdigest"
author = "sphinx-paperdigest contributors"
copyright = "2026, sphinx-paperdigest contributors"

# thumbnail_pictures makes the pictures of the thumbnails page with Pillow
extensions = ["sphinx_paperdigest", "thumbnail_pictures"]
exclude_patterns = ["_build", "digests", "_generated"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_title = "sphinx-paperdigest"

# the extension's own theme (docs/theme.md); the defaults are what a user gets
html_theme = "paperdigest"
html_theme_options: dict[str, object] = {}
