"""Slugs: text made into names for ids, anchors, files and URLs.

One family, for the places that each had their own: :func:`slugify` (ASCII,
entry ids from titles and URLs), :func:`id_slug` (the characters a metadata
``id`` may keep), :func:`word_slug` (section anchors: words of any script) and
:func:`unicode_slug` (never empty, bounded: file and page names, for
Japanese topics as well as English ones).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_ASCII_DROP_RE = re.compile(r"[^a-z0-9]+")
_ID_DROP_RE = re.compile(r"[^A-Za-z0-9._~-]+")
_WORD_DROP_RE = re.compile(r"[^\w]+")


def slugify(text: str) -> str:
    """A lower-case ASCII slug of ``text``: ``NeRF in the Wild!`` is ``nerf-in-the-wild``.

    Empty when ``text`` has no ASCII letter or digit (``論文``).
    """
    return _ASCII_DROP_RE.sub("-", text.lower()).strip("-")


def id_slug(text: str) -> str:
    """``text`` with every run of characters a URL would escape made one ``-``.

    Keeps ASCII letters, digits and ``._~-`` (case too); may be empty.
    """
    return _ID_DROP_RE.sub("-", text).strip("-")


def word_slug(text: str, default: str) -> str:
    """A case-folded slug that keeps words of any script: ``2021年 Papers`` is ``2021年-papers``.

    ``default`` when nothing is left.
    """
    return _WORD_DROP_RE.sub("-", text.casefold()).strip("-_") or default


def _kept(char: str) -> bool:
    # letters, marks and digits of any script: a Devanagari vowel sign is part
    # of its word, as a Latin letter is
    return unicodedata.category(char)[0] in "LMN"


def unicode_slug(text: str, max_bytes: int = 80) -> str:
    """A slug of any text: stable, non-empty, and safe in a URL path and a file name.

    NFKC first (full-width ``ＮｅＲＦ`` is ``nerf``, half-width ``ｶﾅ`` is
    ``カナ``), then case-folded; letters, marks and digits of every script are
    kept and each run of anything else is one ``-``: ``機械学習 (ML)`` is
    ``機械学習-ml``. Text with no letter or digit (``!!!``, an emoji) is ``t-``
    and a short hash of it. A slug over ``max_bytes`` of UTF-8 is cut and ends
    with that hash, so that two long names that share a start stay apart.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = "".join(char if _kept(char) else " " for char in folded).split()
    slug = "-".join(words)
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    tag = digest.hexdigest()[:8]
    if not slug:
        return f"t-{tag}"
    if len(slug.encode("utf-8")) <= max_bytes:
        return slug
    room = max_bytes - len(tag) - 1
    cut = slug.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip("-")
    return f"{cut}-{tag}" if cut else f"t-{tag}"
