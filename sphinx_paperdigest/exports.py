"""Export files of an HTML build: ``papers.atom``, ``papers.json``, ``papers.bib``.

When the build finishes, the HTML builders (``html``, ``dirhtml``, ``singlehtml``)
write the formats ``paperdigest_exports`` names into the output directory, and
every page that shows cards links the feed in its ``<head>``.

What the site shows comes from the ``paperdigest`` domain
(:meth:`~.domain.DigestDomain.records` and ``entries``): of each
:class:`~.domain.EntryRecord`, only ``docname``, ``anchor``, ``entry_id``,
``title``, ``digest`` (the digest's path relative to the source directory) and
``topics``; what enrichment knows of their papers comes from
:func:`.enrichment.papers_of`. The digests themselves are read again with
:func:`.directive.load_digest` (cached in the process that read the pages), so
the environment holds nothing more. Records come in page-name order, so serial
and parallel builds write the same bytes.
"""

from __future__ import annotations

import contextlib
import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from . import buildstate, gcpause
from .config import settings
from .core.exports import FILENAMES, Card, Site, Source, export
from .core.exports.site import language_tag
from .core.model import SHAPES, Diagnostic, Digest
from .core.view import parse_options
from .directive import load_digest
from .domain import DigestDomain, EntryRecord
from .enrichment import papers_of
from .report import file_location, warn

logger = logging.getLogger(__name__)

#: What ``paperdigest_exports = None`` (the default) writes; the feed only with a base URL.
DEFAULT_EXPORTS = ("atom", "json", "bibtex")
#: Builders that get the files: the ones that make a web site.
HTML_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})


def wanted_exports(app: Sphinx) -> tuple[str, ...]:
    """The formats this build writes (none for builders that are not HTML sites)."""
    if app.builder is None or app.builder.name not in HTML_BUILDERS:
        return ()
    value = settings(app.config).exports
    return DEFAULT_EXPORTS if value is None else tuple(value)


def feed_url(app: Sphinx) -> str | None:
    """The feed's absolute URL, from ``html_baseurl``; None without an http(s) one."""
    base = str(app.config.html_baseurl or "")
    if not base.startswith(("https://", "http://")):
        return None
    return base.rstrip("/") + "/" + FILENAMES["atom"]


def _page_url(app: Sphinx, docname: str) -> str:
    """The page's URL: absolute with ``html_baseurl``, else relative to the site's root."""
    assert app.builder is not None
    if app.builder.name == "singlehtml":  # one page: index.html
        uri = f"{app.config.root_doc}{getattr(app.builder, 'out_suffix', '.html')}"
    else:
        uri = app.builder.get_target_uri(docname)
    base = str(app.config.html_baseurl or "")
    return f"{base.rstrip('/')}/{uri}" if base else uri


def _readings(app: Sphinx) -> list[tuple[int | None, str | None]]:
    """Readings of a digest (entry level, entry shape): the project's default first."""
    default, _ = parse_options({}, settings(app.config).default_options)
    readings: list[tuple[int | None, str | None]] = [
        (default.entry_level, default.entry),
        (None, None),
        *((None, shape) for shape in SHAPES),
        *((level, None) for level in range(1, 7)),
    ]
    return list(dict.fromkeys(readings))


def _read(
    app: Sphinx, relative: str, shown: set[tuple[str, str]]
) -> tuple[Digest, list[Diagnostic]] | None:
    """The digest as the directive read it: the first reading with every shown entry.

    A directive's ``:entry-level:`` and ``:entry:`` are not in the domain; the ``(id, title)`` of
    the entries the pages show tell which reading they used (an id alone may
    not: at another level, another heading can take the same arXiv id).
    """
    path = Path(app.srcdir) / relative
    best: tuple[int, tuple[Digest, list[Diagnostic]]] | None = None
    for level, shape in _readings(app):
        try:
            found = load_digest(path, level, shape)
        except OSError as exc:
            _problems.warn(
                f"cannot read digest {relative!r} again: {exc.strerror or exc}",
                file_location(path, None),
            )
            return None
        have = len(shown & {(entry.id, entry.title) for entry in found[0].iter_entries()})
        if have == len(shown):
            return found
        if best is None or have > best[0]:
            best = (have, found)
    assert best is not None
    return best[1]


def collect_site(app: Sphinx, records: Iterable[EntryRecord]) -> Site:
    """The site's digests and cards, from the domain's records."""
    by_digest: dict[str, list[EntryRecord]] = {}
    for record in records:
        by_digest.setdefault(record.digest, []).append(record)
    sources: list[Source] = []
    cards: list[Card] = []
    for relative, shown in by_digest.items():
        found = _read(app, relative, {(r.entry_id, r.title) for r in shown})
        if found is None:
            continue
        digest, diagnostics = found
        sources.append(Source(relative, digest, tuple(diagnostics)))
        entries = {entry.id: entry for entry in digest.iter_entries()}
        for record in shown:
            entry = entries.get(record.entry_id)
            if entry is None:
                where = file_location(Path(app.srcdir) / relative, None)
                _problems.warn(f"entry {record.entry_id!r} not found again; not exported", where)
                continue
            url = f"{_page_url(app, record.docname)}#{record.anchor}"
            cards.append(Card(relative, entry, tuple(record.topics), url))
    return Site(
        title=str(app.config.project),
        sources=tuple(sources),
        cards=tuple(cards),
        home=(str(app.config.html_baseurl).rstrip("/") + "/") if feed_url(app) else None,
        author=str(app.config.author or "") or None,
        language=language_tag(app.config.language),
        papers=papers_of(app.env),
    )


def _domain(app: Sphinx) -> DigestDomain:
    domain = app.env.domains[DigestDomain.name]
    assert isinstance(domain, DigestDomain)
    return domain


def write_exports(app: Sphinx, exception: BaseException | None) -> None:
    """Write the export files once the pages are written (not after a failed build)."""
    formats = wanted_exports(app)
    if exception is not None or not formats:
        return
    records = list(_domain(app).records())
    if not records:
        return  # no page shows a digest: nothing to export
    feed = feed_url(app)
    if "atom" in formats and feed is None:
        message = "html_baseurl is not set to an http(s) URL: papers.atom (the feed) is not written"
        if settings(app.config).exports is None:
            logger.info(f"paperdigest: {message}")
        else:
            warn(
                f"{message}; set html_baseurl, or leave 'atom' out of paperdigest_exports", "export"
            )
        formats = tuple(f for f in formats if f != "atom")
    targets = {fmt: Path(app.outdir) / FILENAMES[fmt] for fmt in formats}
    made_from = _inputs(app, records, formats, feed)
    state = _state_file(app)
    if _made_already(state, made_from, targets.values()):
        return
    problems = _problems.count
    with gcpause.paused():
        site = collect_site(app, records)
        texts = {fmt: export(site, fmt, feed) for fmt in formats}
    for fmt, text in texts.items():
        try:
            targets[fmt].write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            _problems.warn(f"cannot write {targets[fmt]}: {exc.strerror or exc}")
    if _problems.count == problems:  # a build that warned warns again next time
        _remember(state, made_from, targets.values())


class _Problems:
    """The warnings exports gave (a build that gave one makes them again next time)."""

    count = 0

    def warn(self, message: str, location: str | None = None) -> None:
        self.count += 1
        warn(message, "export", location)


_problems = _Problems()


def _inputs(
    app: Sphinx, records: list[EntryRecord], formats: tuple[str, ...], feed: str | None
) -> str:
    """A key of everything the export files are made of (see :mod:`.buildstate`)."""
    assert app.builder is not None
    digests = sorted({record.digest for record in records})
    contents = []
    for relative in digests:
        try:
            contents.append((Path(app.srcdir) / relative).read_bytes())
        except OSError:
            contents.append(b"unreadable")
    papers = sorted(papers_of(app.env).items())
    return buildstate.key(
        buildstate.code(),
        buildstate.configuration(app),
        app.builder.name,
        str(app.srcdir),
        " ".join(formats),
        feed or "",
        repr(records),
        "\0".join(digests),
        *contents,
        repr(papers),
    )


def _state_file(app: Sphinx) -> Path:
    """Where a build into this output directory notes what its exports were made of."""
    assert app.builder is not None
    where = buildstate.key(str(app.outdir), app.builder.name)[:16]
    return buildstate.state_dir(app) / f"exports-{where}.json"


def _made_already(state: Path, made_from: str, targets: Iterable[Path]) -> bool:
    """Whether the files are those made from the same inputs, untouched since."""
    try:
        noted = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(noted, dict) or noted.get("made-from") != made_from:
        return False
    marks = buildstate.file_marks(targets)
    return marks is not None and noted.get("files") == marks


def _remember(state: Path, made_from: str, targets: Iterable[Path]) -> None:
    marks = buildstate.file_marks(targets)
    data = {"made-from": made_from, "files": marks}
    with contextlib.suppress(OSError):  # without the note, the next build makes them again
        buildstate.write_atomic(state, json.dumps(data, sort_keys=True).encode())


def add_feed_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Link the feed in the ``<head>`` of every page that shows cards."""
    feed = feed_url(app)
    if feed is None or "atom" not in wanted_exports(app):
        return
    domain = _domain(app)
    single = app.builder is not None and app.builder.name == "singlehtml"
    if not (domain.entries.get(pagename) or (single and any(domain.entries.values()))):
        return
    title = html.escape(str(app.config.project), quote=True)
    link = (
        f'<link rel="alternate" type="application/atom+xml" title="{title}" '
        f'href="{html.escape(feed, quote=True)}" />'
    )
    context["metatags"] = f"{context.get('metatags') or ''}\n    {link}"


def setup_exports(app: Sphinx) -> None:
    """Write the export files at the end of HTML builds; link the feed from pages."""
    app.connect("html-page-context", add_feed_link)
    app.connect("build-finished", write_exports)
