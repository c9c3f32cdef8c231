"""Papers from the arXiv API: batches of ids, one request every 3 seconds, Atom read safely.

The API (https://info.arxiv.org/help/api/user-manual.html) takes up to 100
ids in one request (``id_list=a,b&max_results=2``) and asks clients for at
most one request every three seconds; :class:`ArxivSource` keeps to both.

The answer is untrusted, as a digest is: it is bounded in size by the request
(:func:`~sphinx_paperdigest.images.fetch.get`), read by ``defusedxml`` with
any DTD refused (so no entity is ever declared, let alone expanded, and no
external file or URL is read), and only the text of known elements is kept,
as plain text on one line, cut to a bounded length. Writers escape it like
any other text.

arXiv answers some failures with HTTP 200: an entry whose id is
``.../api/errors#...`` (a malformed id), or a feed without entries when it is
busy; both are failures of the request, not papers.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar
from urllib.parse import quote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..core.papers import Paper, plain
from ..core.urls import classify_url
from .source import Answer, Getter, SourceError

#: The public API's address.
API = "https://export.arxiv.org/api/query"
#: Ids in one request: 100 keeps the request line short and each answer small.
BATCH = 100
#: Seconds between two requests, as the API's terms ask.
INTERVAL = 3.0
#: Bytes an answer may have: 100 papers of a thousand authors each fit.
ANSWER_BYTES = 10_000_000

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
# longest text kept of each field (the API's own limits are far lower)
_TITLE_CHARS = 1_000
_ABSTRACT_CHARS = 10_000
_NAME_CHARS = 300
_CATEGORY_CHARS = 40

_MONTH = r"(?:0[1-9]|1[0-2])"
_NEW_ID_RE = re.compile(rf"\d\d{_MONTH}\.\d{{4,5}}")
_OLD_ID_RE = re.compile(rf"([a-z][a-z\-]*)(?:\.[A-Z]{{2}})?/(\d\d{_MONTH}\d{{3}})")


def canonical_id(ident: str) -> str | None:
    """The id as the API knows it (``math.AG/0601001`` is ``math/0601001``); None if malformed.

    New ids are ``YYMM.NNNNN`` (four or five digits), old ids an archive, a
    subject class the API drops, and ``YYMMNNN``; the month is 01 to 12.
    """
    if _NEW_ID_RE.fullmatch(ident):
        return ident
    match = _OLD_ID_RE.fullmatch(ident)
    return f"{match[1]}/{match[2]}" if match else None


def query_url(api: str, ids: Sequence[str]) -> str:
    """The request for ``ids``: ``api?id_list=a,b&max_results=2``."""
    joined = ",".join(quote(i, safe="/.") for i in ids)
    return f"{api}{'&' if '?' in api else '?'}id_list={joined}&max_results={len(ids)}"


def _text(parent: ET.Element, tag: str, limit: int) -> str:
    child = parent.find(tag)
    return plain("".join(child.itertext()), limit) if child is not None else ""


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _paper(entry: ET.Element, ident: str) -> Paper:
    names = (_text(author, f"{_ATOM}name", _NAME_CHARS) for author in entry.iter(f"{_ATOM}author"))
    primary = entry.find(f"{_ARXIV}primary_category")
    category = primary.get("term", "") if primary is not None else ""
    return Paper(
        kind="arxiv",
        id=ident,
        source="arxiv",
        title=_text(entry, f"{_ATOM}title", _TITLE_CHARS),
        authors=tuple(name for name in names if name),
        abstract=_text(entry, f"{_ATOM}summary", _ABSTRACT_CHARS),
        published=_date(_text(entry, f"{_ATOM}published", 40)),
        primary_category=plain(category, _CATEGORY_CHARS),
    )


def parse_answer(body: bytes) -> list[Paper]:
    """The papers of an API answer; :class:`SourceError` when it is not one.

    An entry without a title is an id arXiv does not know: it is left out. A
    feed without any entry is a failure: arXiv answers so when it is busy.
    """
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SourceError("the answer declares a DTD or entities: refused") from None
    except ET.ParseError as exc:
        start = plain(body[:60].decode("utf-8", "replace"), 60)
        raise SourceError(f"the answer is not XML ({exc}): {start!r}") from None
    if root.tag != f"{_ATOM}feed":
        raise SourceError(f"the answer is not an Atom feed but <{root.tag}>")
    entries = root.findall(f"{_ATOM}entry")
    if not entries:
        # what arXiv answers when it is busy: asking again later may work
        raise SourceError("arXiv answered no entry")
    papers = []
    for entry in entries:
        link = _text(entry, f"{_ATOM}id", 300)
        if "/api/errors" in link:
            why = _text(entry, f"{_ATOM}summary", 200) or link
            raise SourceError(f"arXiv answered an error: {why!r}")
        kind, ident = classify_url(link)
        if kind != "arxiv" or ident is None or not _text(entry, f"{_ATOM}title", 10):
            continue
        papers.append(_paper(entry, ident))
    return papers


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


@dataclass
class ArxivSource:
    """The arXiv API as a :class:`~.source.Source`.

    ``get`` makes each request (under the network policy); ``sleep`` waits
    between two requests, ``interval`` seconds (tests give one that does not).
    """

    name: ClassVar[str] = "arxiv"
    kind: ClassVar[str] = "arxiv"

    get: Getter
    api: str = API
    sleep: Callable[[float], None] = field(default=_sleep)
    interval: float = INTERVAL
    batch: int = BATCH

    def fetch(self, ids: Sequence[str]) -> Answer:
        """Ask for ``ids``, ``batch`` at a time; stop at the first failed request.

        A malformed id is answered at once, as unknown, without a request.
        """
        wanted: dict[str, list[str]] = {}  # canonical id -> the ids asked for
        asked: set[str] = set()
        for ident in ids:
            canonical = canonical_id(ident)
            if canonical is None:
                asked.add(ident)
            else:
                wanted.setdefault(canonical, []).append(ident)
        papers: dict[str, Paper] = {}
        for n, chunk in enumerate(_chunks(sorted(wanted), self.batch)):
            if n:
                self.sleep(self.interval)
            try:
                found = self._ask(chunk)
            except SourceError as exc:
                return Answer(papers, frozenset(asked), str(exc))
            for paper in found:
                for ident in wanted.get(paper.id, ()):
                    papers[ident] = replace(paper, id=ident)
            asked.update(i for canonical in chunk for i in wanted[canonical])
        return Answer(papers, frozenset(asked))

    def _ask(self, chunk: Sequence[str]) -> list[Paper]:
        return parse_answer(self.get(query_url(self.api, chunk)))


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
