"""The digest model: frozen dataclasses that know nothing of Sphinx.

A :class:`Digest` is what a reader makes of one digest file. Every element keeps
the 1-based line of the file it comes from, so diagnostics and Sphinx warnings
can point at ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .matching import best_paper

#: Paper link kinds that name a paper (as opposed to code or any other page).
PAPER_KINDS = frozenset(
    {
        "arxiv",
        "doi",
        "openreview",
        "acl",
        "cvf",
        "pmlr",
        "neurips",
        "iclr",
        "semanticscholar",
    }
)


#: How a Markdown digest writes its entries: a heading each (``## [Title](url)``), a
#: list item each, a table row each, HTML (a link each, as some sites write
#: them), or a bold paragraph each (``**Title**`` with its links below).
SHAPES = ("heading", "item", "row", "html", "bold")


class Severity(enum.StrEnum):
    """How bad a diagnostic is; ``error`` makes ``paperdigest lint`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found while reading a digest.

    ``code`` is a stable identifier (see :mod:`sphinx_paperdigest.core.diagnostics`);
    in Sphinx it becomes the warning subtype ``paperdigest.<code>``.
    """

    severity: Severity
    code: str
    line: int | None
    message: str

    def format(self, path: str) -> str:
        """Return ``path:line: severity: [code] message`` (the lint format)."""
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.severity}: [{self.code}] {self.message}"


@dataclass(frozen=True, slots=True)
class PaperLink:
    """A URL found in an entry, classified.

    ``kind`` is one of :data:`PAPER_KINDS`, ``"github"`` (code) or ``"other"``;
    ``id`` is the normalised identifier where the kind has one (an arXiv id
    without version, a DOI, an OpenReview forum id, ``owner/repo``...).
    """

    url: str
    kind: str
    id: str | None = None
    label: str = ""
    line: int | None = None

    @property
    def is_paper(self) -> bool:
        """Whether the link names a paper (not code, not another page)."""
        return self.kind in PAPER_KINDS


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of an entry: an http(s) URL or a path relative to the digest.

    :func:`.urls.is_remote_url` tells which.
    """

    src: str
    alt: str = ""
    width: int | None = None
    height: int | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One write-up of a digest: a linked title, a summary, links and pictures.

    ``summary`` is Markdown source (the entry's blocks minus separators, the
    thumbnail and metadata comments); it is rendered later. ``topics`` are the
    entry's own topics only; falling back to the digest's is a rendering choice.
    ``authors`` and ``venue`` are what the digest writes of them, where it does
    (``[Title](url), Mildenhall et al., ECCV 2020``: a list may name only the
    first author). ``meta`` holds every key of the entry's metadata comment that
    has no field.
    """

    id: str
    title: str
    url: str | None
    line: int
    summary: str = ""
    summary_line: int | None = None
    papers: tuple[PaperLink, ...] = ()
    images: tuple[Image, ...] = ()
    thumbnail: Image | None = None
    topics: tuple[str, ...] = ()
    date: dt.date | None = None
    year: int | None = None
    group: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict, hash=False)
    authors: tuple[str, ...] = ()
    venue: str | None = None

    @property
    def primary_paper(self) -> PaperLink | None:
        """The paper link whose text best matches the title, else the first paper link."""
        return best_paper(self.papers, self.title)


@dataclass(frozen=True, slots=True)
class Group:
    """A heading that gathers entries: a year (``# 2021年``) or a named group.

    ``intro`` is the Markdown between the group heading and its first entry.
    """

    title: str
    line: int | None
    entries: tuple[Entry, ...] = ()
    year: int | None = None
    intro: str = ""
    intro_line: int | None = None


@dataclass(frozen=True, slots=True)
class DigestMeta:
    """The digest's metadata: front matter keys with a meaning, and the rest."""

    title: str | None = None
    emoji: str | None = None
    type: str | None = None
    topics: tuple[str, ...] = ()
    published: bool = True
    date: dt.date | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Digest:
    """A whole digest file.

    Entries that come before the first group heading sit in a group whose
    ``title`` is empty. ``shape`` is how the file writes its entries (see
    :data:`SHAPES`; ``data`` for structured digests); ``entry_level`` is the
    heading level of entries (0 when entries are not headings).
    """

    path: str | None
    meta: DigestMeta
    groups: tuple[Group, ...]
    intro: str = ""
    intro_line: int | None = None
    entry_level: int = 0
    format: str = "markdown"
    shape: str = "heading"

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in file order."""
        return tuple(self.iter_entries())

    def iter_entries(self) -> Iterator[Entry]:
        """Yield every entry in file order."""
        for group in self.groups:
            yield from group.entries
