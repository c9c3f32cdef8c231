"""Sphinx configuration of the sphinx-paperdigest docs."""

from __future__ import annotations

project = "sphinx-paperdigest"
author = "sphinx-paperdigest contributors"
copyright = "2026, sphinx-paperdigest contributors"

extensions = ["sphinx_paperdigest"]
exclude_patterns = ["_build", "digests"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_title = "sphinx-paperdigest"

# the extension's own theme (docs/theme.md); the defaults are what a user gets
html_theme = "paperdigest"
html_theme_options: dict[str, object] = {}
