"""The pure core of sphinx-paperdigest: the digest model and its readers.

Nothing in this package imports Sphinx or docutils.
"""

from __future__ import annotations

from .model import Diagnostic, Digest, DigestMeta, Entry, Group, Image, PaperLink, Severity
from .reader import parse_digest, read_digest

__all__ = [
    "Diagnostic",
    "Digest",
    "DigestMeta",
    "Entry",
    "Group",
    "Image",
    "PaperLink",
    "Severity",
    "parse_digest",
    "read_digest",
]
