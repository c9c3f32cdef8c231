"""Characters XML forbids, kept out of what a digest puts in a document.

EPUB pages (and any XML a builder writes) cannot hold C0 control characters
other than tab and line ends, nor U+FFFE and U+FFFF: one of them makes the
whole file unreadable. A digest can hold them as bytes, or as escapes of its
front matter or structured data (YAML ``"\\x1b"``, JSON ``"\\u0001"``). So every
string of a digest's model is cleaned once, after reading: such characters
are shown as U+FFFD (vertical tab and form feed, which Markdown reads as
spaces, as spaces). ``meta`` and ``extra`` mappings, which only the exports
use (and escape themselves), are left as they are.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TypeVar

_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = str.maketrans("\x0b\x0c", "  ")

T = TypeVar("T")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML forbids (see the module docstring)."""
    if _NOT_XML_RE.search(text) is None:
        return text
    return _NOT_XML_RE.sub("\ufffd", text.translate(_SPACES))


def xml_safe_model(value: T) -> T:
    """``value`` (a digest, or any part of its model) with every string made XML-safe.

    What needs no change is returned as it is (the same object).
    """
    if isinstance(value, str):
        return xml_safe(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = tuple(xml_safe_model(item) for item in value)
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else items  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            if isinstance(old, Mapping):
                continue
            new = xml_safe_model(old)
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
