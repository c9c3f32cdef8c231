"""Turn what a reader found for one entry into an :class:`~.model.Entry`.

Both readers (Markdown and structured) gather :class:`Parts` and hand them
here, so ids, dates, topics, pictures and the diagnostics about them follow
one set of rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import hosts, urls
from .html import html_dimension
from .limits import MAX_NAME_BYTES, MAX_PATH_BYTES, MAX_URL_CHARS, brief
from .matching import best_paper
from .metadata import Report, capped_topics, parse_date, parse_topics
from .model import Entry, Image, PaperLink
from .slugs import id_slug, slugify


@dataclass(slots=True)
class Parts:
    """What an entry's content holds, gathered by a reader."""

    links: list[PaperLink] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    meta_line: int | None = None
    raw_html: list[tuple[int, str]] = field(default_factory=list)  # dangerous markup
    markup: list[tuple[int, str]] = field(default_factory=list)  # harmless markup
    unsafe: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Said:
    """What an entry's line says besides its title: topics, authors, venue, year."""

    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None


class EntryBuilder:
    """Builds entries of one digest; keeps ids unique across them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.seen_ids: set[str] = set()
        self._slug_urls: dict[str, str] = {}  # a URL slug -> the page it came from
        # harmless markup dropped anywhere in the digest: said once, at the end
        self.markup: dict[str, int] = {}
        self.markup_line: int | None = None
        # the next suffix to try for an id, so that n repeats cost n steps, not n**2
        self._next_suffix: dict[str, int] = {}

    # -- pieces the readers share ------------------------------------------------------

    def image(self, attrs: dict[str, str], line: int | None, parts: Parts | None) -> Image | None:
        """Make an :class:`Image` from ``src``/``alt``/``width``/``height``, if usable."""
        src = attrs.get("src", "").strip()
        if not src:
            return None
        if len(src) > MAX_URL_CHARS:
            self.report(
                "limit",
                line,
                f"a picture URL of {len(src):,} characters is dropped "
                f"(the limit is {MAX_URL_CHARS:,}): {src[:60]!r}",
            )
            return None
        if not urls.is_remote_url(src):
            if urls.url_scheme(src) is not None:  # javascript:, data:...
                if parts is not None:
                    parts.unsafe.append((line or 0, src))
                else:
                    self.report("unsafe-url", line, f"unsafe URL dropped: {src[:80]!r}")
                return None
            problem = _local_problem(src)
            if problem:
                self.report("image-path", line, f"{problem}: {src[:80]!r}")
                return None
        else:
            private = hosts.private_host(src)
            if private is not None:
                self.report("private-host", line, f"picture URL {src[:80]!r}: {private}")
            if src.startswith("//"):
                self.report(
                    "protocol-relative",
                    line,
                    f"picture {src[:80]!r} is a URL on the web (https:{src[:60]}), never a file",
                )
        return Image(
            src=src,
            alt=attrs.get("alt", ""),
            width=html_dimension(attrs.get("width")),
            height=html_dimension(attrs.get("height")),
            line=line,
        )

    @staticmethod
    def link(href: str, label: str, line: int | None, parts: Parts) -> None:
        """Record a link: unsafe ones are remembered for a diagnostic, web ones kept."""
        href = href.strip()
        if not href or href.startswith("#"):
            return
        if not urls.is_safe_url(href):
            parts.unsafe.append((line or 0, href))
            return
        if urls.url_scheme(href) in {"http", "https"}:
            # an autolinked URL has itself as text: that is no label
            label = "" if label == href else label
            parts.links.append(urls.paper_link(href, label, line))

    # -- the entry ----------------------------------------------------------------------

    def build(
        self,
        *,
        title: str,
        url: str | None,
        line: int,
        parts: Parts,
        summary: Callable[[Image | None], tuple[str, int | None]],
        group: str | None,
        group_year: int | None,
        said: Said | None = None,
    ) -> Entry:
        """Make the entry; ``summary(thumbnail)`` gives its Markdown without the thumbnail.

        ``said`` is what the entry's line says besides its title, in shapes that
        write one (topics, authors, venue, year).
        """
        said = said or Said()
        report = self.report
        if url is not None and not urls.is_safe_url(url):
            parts.unsafe.insert(0, (line, url))
            url = None
        url = url or None
        if not title:
            report("no-title", line, "this entry has no title")
            title = url or "Untitled"

        meta = dict(parts.meta)
        meta_line = parts.meta_line or line
        topics = tuple(dict.fromkeys([*self._topics(meta, meta_line), *said.topics]))
        date = self._date(meta, meta_line, url)
        thumbnail = parts.images[0] if parts.images else None
        if "image" in meta:
            thumbnail = self._meta_image(meta.pop("image"), meta_line) or thumbnail
        self._report_dropped(parts, line, title)
        article = urls.paper_link(url) if url else None
        papers = _papers(parts.links, article)
        ident = self._unique(
            self._entry_id(meta.pop("id", None), meta_line, article, papers, title), line
        )
        text, text_line = summary(thumbnail)
        return Entry(
            id=ident,
            title=title,
            url=url,
            line=line,
            summary=text,
            summary_line=text_line,
            papers=tuple(papers),
            images=tuple(parts.images),
            thumbnail=thumbnail,
            topics=topics,
            date=date,
            year=date.year if date else said.year or group_year,
            group=group,
            meta=meta,
            authors=said.authors,
            venue=said.venue,
        )

    def _topics(self, meta: dict[str, Any], line: int) -> tuple[str, ...]:
        """The ``topics`` of ``meta`` (taken out of it), reported when bad."""
        if "topics" not in meta:
            return ()
        try:
            return capped_topics(parse_topics(meta.pop("topics")), self.report, line, "topics")
        except ValueError as exc:
            self.report("metadata", line, f"topics: {exc}")
            return ()

    def _date(self, meta: dict[str, Any], line: int, url: str | None) -> dt.date | None:
        """The ``date`` of ``meta`` (taken out of it), else the one in ``url``."""
        date = None
        if meta.get("date") not in (None, ""):
            try:
                date = parse_date(meta["date"])
            except ValueError as exc:
                self.report("invalid-date", line, f"date: {exc}")
        meta.pop("date", None)
        if date is None and url:
            date = urls.date_from_url(url)
        return date

    def _report_dropped(self, parts: Parts, line: int, title: str) -> None:
        """Say what of the entry was dropped: unsafe URLs, dangerous raw HTML."""
        for bad_line, bad in parts.unsafe:
            self.report("unsafe-url", bad_line or line, f"unsafe URL dropped: {bad[:80]!r}")
        if parts.raw_html:
            message = f"raw HTML dropped from entry {title[:60]!r}: {_what(parts.raw_html)}"
            self.report("raw-html", parts.raw_html[0][0], message)
        self.note_markup(parts.markup)

    def note_markup(self, markup: list[tuple[int, str]]) -> None:
        """Count harmless markup dropped (see :meth:`report_markup`)."""
        for found_line, tag in markup:
            self.markup[tag] = self.markup.get(tag, 0) + 1
            self.markup_line = self.markup_line or found_line

    def report_markup(self) -> None:
        """One ``markup`` line (info) for all the harmless markup of the digest, if any."""
        if not self.markup:
            return
        count = sum(self.markup.values())
        tags = ", ".join(sorted(self.markup))
        self.report(
            "markup",
            self.markup_line,
            f"harmless HTML markup dropped, its text kept "
            f"({count:,} tag{'' if count == 1 else 's'}): {tags}",
        )

    def _unique(self, ident: str, line: int) -> str:
        if ident not in self.seen_ids:
            self.seen_ids.add(ident)
            return ident
        # every suffix below the stored one is taken (ids are never released)
        n = self._next_suffix.get(ident, 2)
        while f"{ident}-{n}" in self.seen_ids:
            n += 1
        self._next_suffix[ident] = n + 1
        new = f"{ident}-{n}"
        self.report(
            "duplicate-id", line, f"entry id {ident!r} is already used; this one is {new!r}"
        )
        self.seen_ids.add(new)
        return new

    def _entry_id(
        self,
        raw: Any,
        line: int,
        article: PaperLink | None,
        papers: list[PaperLink],
        title: str,
    ) -> str:
        """The metadata id, else an arXiv id, else a slug of the URL or title.

        The arXiv id is the article's, else the primary paper's (the link whose
        text best matches the title), else the first arXiv link's. A URL's slug
        another entry has already taken gives way to the title's.
        """
        if raw is not None:
            ident = id_slug(str(raw))
            if ident:
                return ident
            self.report("metadata", line, f"id: {brief(raw)} has no URL-safe characters")
        primary = best_paper(papers, title)
        candidates = [link for link in (article, primary) if link is not None]
        for link in [*candidates, *papers]:
            if link.kind == "arxiv" and link.id:
                return link.id.replace("/", "-")
        if article and (slug := urls.url_slug(article.url)):
            slug = slug[:80].rstrip("-")
            titled = slugify(title)[:80].rstrip("-")
            # pages of other URLs share last segments (``/nerf/``, ``watch?v=``):
            # then the title's, if that is free (the same URL twice is reported)
            page = urls.link_key(article)
            taken_by = self._slug_urls.setdefault(slug, page)
            if taken_by != page and len(titled) >= 3 and titled not in self.seen_ids:
                return titled
            return slug
        if len(slug := slugify(title)) >= 3:
            return slug[:80].rstrip("-")
        return "entry-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]

    def _meta_image(self, value: Any, line: int) -> Image | None:
        if isinstance(value, str):
            value = {"src": value}
        if not isinstance(value, dict) or not isinstance(value.get("src"), str):
            self.report("metadata", line, "image: must be a path or URL, or a mapping with src")
            return None
        attrs = {str(k): str(v) for k, v in value.items() if v is not None}
        return self.image(attrs, line, None)


def _local_problem(src: str) -> str | None:
    """Why a local picture path cannot be used, or None."""
    rooted = src.replace("\\", "/").startswith("/")
    path = urls.rooted_path(src) if rooted else urls.local_path(src)
    if path is None:
        where = "its root folder" if rooted else "the digest's directory"
        return f"image path leaves {where}"
    encoded = path.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_PATH_BYTES:
        return f"image path is over {MAX_PATH_BYTES:,} bytes long"
    if any(len(name) > MAX_NAME_BYTES for name in encoded.split(b"/")):
        return f"image path has a name over {MAX_NAME_BYTES} bytes long"
    return None


def _papers(links: list[PaperLink], article: PaperLink | None) -> list[PaperLink]:
    """``links`` without the article and without a second spelling of one page."""
    article_key = urls.link_key(article) if article else None
    papers: list[PaperLink] = []
    seen: set[str] = set()
    for link in links:
        key = urls.link_key(link)
        if key != article_key and key not in seen:
            seen.add(key)
            papers.append(link)
    return papers


def _what(found: list[tuple[int, str]]) -> str:
    """``<script>, onclick``: what was found, each once, tags first."""
    names = {name for _, name in found}
    return ", ".join(sorted(names, key=lambda n: (not n.startswith("<"), n)))
