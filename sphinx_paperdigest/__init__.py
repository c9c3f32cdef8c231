"""sphinx-paperdigest: paper digests as cards in Sphinx."""

from __future__ import annotations

__version__ = "0.1.0"
