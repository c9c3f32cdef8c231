"""What a paper's own record says (authors, title...), and how cards print its authors.

A :class:`Paper` comes from a source such as the arXiv API (see
:mod:`sphinx_paperdigest.enrich`), never from a digest. Papers are known by
their *key*, ``kind:id`` as :func:`~.urls.link_key` writes it
(``arxiv:2106.03253``, ``doi:10.1145/3292500``), so that any link to the same
paper finds it.

Authors on a card (:func:`short_authors`): one author is their surname, two
are both surnames, three or more the first two surnames and ``et al.``::

    Lovelace
    Lovelace, Turing
    Lovelace, Turing et al.

A surname (:func:`surname`) is what comes before a comma (``Lovelace, Ada``, but not
``King, Jr.``);
else the last word, with the lower-case particles before it (``van der
Waals``) and without a ``Jr.``, ``Sr.``, ``II``... after it. A name of one
word (``山田太郎``), and a group (``ATLAS Collaboration``, ``The OPERA Team``)
is kept whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .model import Entry
from .urls import link_key, paper_link

#: What comes after the first two surnames of three or more authors.
ET_AL = "et al."

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_GROUPS = frozenset(
    {
        "collaboration",
        "collaborations",
        "consortium",
        "group",
        "team",
        "project",
        "committee",
        "collective",
        "initiative",
    }
)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper as its source describes it.

    ``kind`` and ``id`` are those of the digest's link (``arxiv``,
    ``2106.03253``); ``source`` is where the record comes from (``arxiv``).
    Text fields are plain text (never markup), whitespace made single spaces.
    """

    kind: str
    id: str
    source: str
    title: str = ""
    authors: tuple[str, ...] = ()
    abstract: str = ""
    published: dt.date | None = None
    primary_category: str = ""

    @property
    def key(self) -> str:
        """``kind:id``, the key papers are known by."""
        return f"{self.kind}:{self.id}"

    def data(self) -> dict[str, Any]:
        """The paper as JSON data (``published`` an ISO date or None)."""
        return {
            "kind": self.kind,
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "authors": list(self.authors),
            "abstract": self.abstract,
            "published": self.published.isoformat() if self.published else None,
            "primary_category": self.primary_category,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Paper:
        """The paper :meth:`data` wrote; :class:`ValueError` for anything else."""
        try:
            published = data.get("published")
            authors = data.get("authors", [])
            if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
                raise ValueError("authors must be a list of names")
            texts = [data[k] for k in ("kind", "id", "source")] + [
                data.get(k, "") for k in ("title", "abstract", "primary_category")
            ]
            if not all(isinstance(t, str) for t in texts):
                raise ValueError("text fields must be strings")
            return cls(
                kind=data["kind"],
                id=data["id"],
                source=data["source"],
                title=data.get("title", ""),
                authors=tuple(authors),
                abstract=data.get("abstract", ""),
                published=dt.date.fromisoformat(published) if published else None,
                primary_category=data.get("primary_category", ""),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a paper record: {exc}") from None


def plain(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs made one space), at most ``limit`` characters."""
    text = _SPACE_RE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def paper_keys(entry: Entry) -> tuple[str, ...]:
    """The keys of the papers an entry names: its own link first, then its links."""
    links = [paper_link(entry.url)] if entry.url else []
    links += entry.papers
    keys = [link_key(link) for link in links if link.is_paper and link.id]
    return tuple(dict.fromkeys(keys))


def entry_paper(keys: Iterable[str], papers: Mapping[str, Paper]) -> Paper | None:
    """The paper a card describes: the first of ``keys`` that ``papers`` knows."""
    return next((papers[key] for key in keys if key in papers), None)


def surname(name: str) -> str:
    """The surname of an author's name, as a card prints it (see the module docstring)."""
    name = _SPACE_RE.sub(" ", name).strip()
    before, comma, after = name.partition(",")
    if comma and after.strip().casefold() in _SUFFIXES:  # King, Jr.
        name = before.strip()
    elif comma and before.strip():  # Lovelace, Ada
        return before.strip()
    words = name.split(" ")
    while len(words) > 1 and words[-1].casefold() in _SUFFIXES:
        words.pop()
    if len(words) == 1 or words[-1].casefold() in _GROUPS:
        return " ".join(words)
    start = len(words) - 1
    while start > 0 and words[start - 1].islower():
        start -= 1
    return " ".join(words[start:])


def short_authors(names: Iterable[str], et_al: str = ET_AL) -> str:
    """Authors as a card prints them: ``A``, ``A, B``, ``A, B et al.`` (surnames)."""
    found: list[str] = []
    for name in names:
        if name.strip():
            if len(found) == 2:  # a third: the others need no surname
                return f"{found[0]}, {found[1]} {et_al}"
            found.append(surname(name))
    return ", ".join(found)
