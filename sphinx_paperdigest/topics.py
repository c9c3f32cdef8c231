"""Topic badge colours: a fixed palette, a stable choice per topic."""

from __future__ import annotations

import zlib
from collections.abc import Mapping

#: Badge colours; ``paperdigest.css`` defines ``.paperdigest-topic-<name>`` for each,
#: light and dark, with text contrast of at least 4.5:1.
PALETTE: tuple[str, ...] = (
    "blue",
    "teal",
    "green",
    "olive",
    "orange",
    "red",
    "pink",
    "purple",
    "indigo",
    "cyan",
    "brown",
    "gray",
)


def topic_color(topic: str, overrides: Mapping[str, str] | None = None) -> str:
    """The palette colour of a topic: the override, else a hash of its name.

    CRC-32 rather than ``hash()``: Python salts string hashes per process, and a
    topic must get the same colour in every build and every ``-j`` worker.
    """
    if overrides and topic in overrides:
        return overrides[topic]
    return PALETTE[zlib.crc32(topic.casefold().encode()) % len(PALETTE)]
