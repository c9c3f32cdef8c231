"""A digest's ``emoji``: what may pass for one.

The front matter's ``emoji`` is shown in the theme's header and on cards
without a picture. The templates escape it anyway; this keeps words, markup and
invisible characters (bidi overrides...) out.
"""

from __future__ import annotations

import unicodedata

#: The longest emoji shown, in code points: a family or a flag with its
#: joiners, variation selectors and tags fits.
EMOJI_MAX = 16
# format characters an emoji is made of: joiner, variation selectors, flag tags
_EMOJI_FORMAT = frozenset("\u200d\ufe0e\ufe0f") | {chr(c) for c in range(0xE0020, 0xE0080)}
_EMOJI_FORBIDDEN = frozenset("<>&\"'`\\=")
_EMOJI_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})


def valid_emoji(text: str) -> bool:
    """Whether ``text`` is short and plain enough to be a digest's emoji."""
    if not 0 < len(text) <= EMOJI_MAX:
        return False
    for char in text:
        if char in _EMOJI_FORBIDDEN:
            return False
        # unassigned (Cn) passes: emoji newer than Python's Unicode tables
        category = unicodedata.category(char)
        if category in _EMOJI_BAD_CATEGORIES and char not in _EMOJI_FORMAT:
            return False
    return True
