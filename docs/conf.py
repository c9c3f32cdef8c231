"""Sphinx configuration of the sphinx-paperdigest docs."""

from __future__ import annotations

import sys
from pathlib import Path

# the reference pages' generator (configuration values, warning codes)
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-paperdigest"
author = "sphinx-paperdigest contributors"
copyright = "2026, sphinx-paperdigest contributors"

extensions = ["sphinx_paperdigest", "paperdigest_docs"]
# digests are data, snippets are included by the options pages
exclude_patterns = ["_build", "digests", "snippets"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_title = "sphinx-paperdigest"
