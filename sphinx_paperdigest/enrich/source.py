"""The interface every enrichment source meets (arXiv now; Crossref, OpenReview later)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..core.papers import Paper

#: ``get(url) -> body``: the request a source makes, under the network policy.
Getter = Callable[[str], bytes]


class SourceError(Exception):
    """A source cannot answer (network, HTTP status, an answer it cannot read)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What a source found: papers by id, the ids it was asked, and why it stopped.

    ``asked`` are the ids of the requests that were answered (an id asked but
    not in ``papers`` is one the source does not know). ``error`` says why the
    source stopped before asking for the others; None when it asked for all.
    """

    papers: Mapping[str, Paper] = field(default_factory=dict)
    asked: frozenset[str] = frozenset()
    error: str | None = None


class Source(Protocol):
    """Where papers of one kind of link are described.

    ``name`` is the name ``paperdigest_enrich`` lists and the cache file's
    name; ``kind`` is the kind of link it describes (:class:`~..core.model.PaperLink`):
    its ids are those of the links of that kind.
    """

    @property
    def name(self) -> str:
        """The source's name (``arxiv``)."""
        ...

    @property
    def kind(self) -> str:
        """The kind of link whose papers it describes (``arxiv``)."""
        ...

    def fetch(self, ids: Sequence[str]) -> Answer:
        """Ask for the papers ``ids``; a failure stops the asking and is ``error``."""
        ...
