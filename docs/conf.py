"""Sphinx configuration of the sphinx-paperdigest docs."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-paperdigest"
author = "sphinx-paperdigest contributors"
copyright = "2026, sphinx-paperdigest contributors"  # noqa: A001

# thumbnail_pictures makes the pictures of the thumbnails page with Pillow
extensions = ["sphinx_paperdigest", "thumbnail_pictures"]
exclude_patterns = ["_build", "digests", "_generated"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_title = "sphinx-paperdigest"
