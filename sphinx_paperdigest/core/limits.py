"""Limits that keep reading an untrusted digest cheap: sizes, depths, numbers.

A digest is input from anyone. Whatever it holds, reading it must end soon, in
memory that grows with the file, and report what it dropped: a value over a
limit becomes ``None`` (or is left out) with a ``limit`` diagnostic.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from typing import Any

#: The largest digest file read, in bytes.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The deepest nesting of lists and mappings in front matter, metadata and
#: structured digests (parsers and walks over the data recurse).
MAX_DEPTH = 32
#: The longest number literal, in characters (Python's ``int()`` refuses
#: decimals over 4,300 digits, and ``str()`` refuses such hex numbers).
MAX_NUMBER_CHARS = 100
#: The longest diagnostic message, in characters.
MAX_MESSAGE = 300
#: What YAML aliases may add to a digest, in characters of expanded data, beyond
#: the size of the file itself.
ALIAS_ALLOWANCE = 10_000
#: The longest name of a file or folder in a local picture path, in bytes (the
#: limit of common file systems; a longer one makes ``stat`` fail).
MAX_NAME_BYTES = 255
#: The longest local picture path, in bytes.
MAX_PATH_BYTES = 1024
#: The longest heading or group title, in characters (a group's title is
#: repeated in each of its entries).
MAX_TITLE_CHARS = 1000
#: The most topics an entry or a digest has (an entry without its own shows
#: the digest's).
MAX_TOPICS = 100
#: The longest picture URL, in characters (a thumbnail is looked for in its
#: line by comparing text with it).
MAX_URL_CHARS = 4096


@dataclass(slots=True)
class Budget:
    """How many characters of expanded YAML aliases a digest may still add."""

    left: int

    @classmethod
    def for_text(cls, text: str) -> Budget:
        """The budget of a digest of ``text``: its own size plus an allowance."""
        return cls(ALIAS_ALLOWANCE + len(text))


class _BoundedRepr(reprlib.Repr):
    """``reprlib`` with a cap on numbers too (``repr`` of a huge int fails)."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 256:
            return f"<a {x.bit_length()}-bit number>"
        return super().repr_int(x, level)


_REPR = _BoundedRepr()
_REPR.maxlevel = 3
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlong = 60


def brief(value: Any) -> str:
    """A short ``repr`` of ``value`` whose cost does not grow with its size."""
    try:
        return _REPR.repr(value)
    except Exception:  # a message must never fail
        return f"<{type(value).__name__}>"


def cap_message(message: str) -> str:
    """``message`` cut to :data:`MAX_MESSAGE` characters."""
    if len(message) <= MAX_MESSAGE:
        return message
    return message[: MAX_MESSAGE - 1] + "…"
