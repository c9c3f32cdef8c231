"""Sphinx configuration of the sphinx-paperdigest docs."""

from __future__ import annotations

project = "sphinx-paperdigest"
author = "sphinx-paperdigest contributors"
copyright = "2026, sphinx-paperdigest contributors"

extensions = ["sphinx_paperdigest"]
exclude_patterns = ["_build", "digests"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_title = "sphinx-paperdigest"
