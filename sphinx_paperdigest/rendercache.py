"""Rendered summaries kept across builds, by content: an edit renders one summary, not all.

Rendering a summary (:class:`.summary.MarkdownRenderer`) parses its Markdown
and makes its nodes; a page of 2,000 entries is read again whenever one entry
changes. So each render is kept, as :class:`Rendered`, in
``<doctreedir>/paperdigest/summaries.pickle``, under a key of what decides it:
the text, the digest's path and the source directory. A render is a pure
function of those and of

- the extension's code and the libraries it builds on (their versions and
  the extension's source, :func:`.buildstate.code`) are the file's
  *fingerprint*; a file of another fingerprint (or format) counts as empty;
- what the file system said of each local picture, and Pygments of each code
  language: a render keeps the answers it got, and a cached render is used
  only while every answer is the same;
- the page's footnote id prefix, when the summary has footnotes;
- the summary's first line: nodes and warnings keep lines relative to the
  text, and are moved to the summary's place each time they are used.

Warnings a render gave are kept with it and given again, so that a build from
the cache warns exactly as a build without it. The file is read lazily, once
per process, and written by the main process only, at ``env-updated``, through
a temporary file and a rename: ``-j`` workers read it, and send what they
rendered back with their environment (``env-merge-info``). It is bounded
(:data:`MAX_BYTES`): the renders least recently used go first.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import buildstate

logger = logging.getLogger(__name__)

#: The file's layout; a file of another format is ignored (and replaced).
FORMAT = 1
FILENAME = "summaries.pickle"
#: The most the file may hold; the renders least recently used are dropped first.
MAX_BYTES = 64 * 2**20
#: Where a ``-j`` worker leaves what it rendered, for the main process.
_NEWS = "paperdigest_rendered"


class Rendered(NamedTuple):
    """One render of a summary, and what it depended on besides its text.

    ``nodes`` is the pickled list of nodes, lines relative to the text's first
    line (line 1); ``warnings`` are ``(code, relative line, message)``;
    ``pictures`` the local pictures checked, ``(uri, problem or None)``;
    ``languages`` the code languages asked, ``(language, highlightable)``;
    ``prefix`` the footnote id prefix the nodes use, None when they use none.
    """

    nodes: bytes
    warnings: tuple[tuple[str, int | None, str], ...]
    pictures: tuple[tuple[str, str | None], ...]
    languages: tuple[tuple[str, bool], ...]
    prefix: str | None


def _size(rendered: Rendered) -> int:
    return len(rendered.nodes) + 64 * (1 + len(rendered.warnings) + len(rendered.pictures))


def fingerprint() -> str:
    """What every render depends on besides its inputs: the code that renders."""
    return f"{FORMAT} {buildstate.code()}"


def key(text: str, digest_path: str, srcdir: str) -> bytes:
    """The cache key of a render of ``text`` from the digest at ``digest_path``."""
    data = f"{digest_path}\0{srcdir}\0{text}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=20).digest()


class SummaryCache:
    """The renders of one build directory: those loaded, those made by this process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.doctreedir = str(path.parent.parent)
        self.pid = os.getpid()
        self._loaded: dict[bytes, tuple[int, Rendered]] | None = None
        self.generation = 0
        #: renders made (or merged from workers) in this build, not yet saved
        self.new: dict[bytes, Rendered] = {}
        #: keys of cached renders used in this build
        self.used: set[bytes] = set()
        #: whether this is a ``-j`` worker's copy (forked from the main process)
        self.worker = False

    # -- reading ------------------------------------------------------------------------

    def _entries(self) -> dict[bytes, tuple[int, Rendered]]:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def _load(self) -> dict[bytes, tuple[int, Rendered]]:
        try:
            data = pickle.loads(self.path.read_bytes())  # noqa: S301 - the build's own file
        except FileNotFoundError:
            return {}
        except Exception as exc:
            logger.info(f"paperdigest: summary cache {self.path} not read ({exc}); starting anew")
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        if data.get("fingerprint") != fingerprint():
            return {}
        self.generation = int(data.get("generation", 0))
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, cache_key: bytes) -> Rendered | None:
        """The render kept under ``cache_key``, if any (noted as used)."""
        found = self.new.get(cache_key)
        if found is not None:
            return found
        kept = self._entries().get(cache_key)
        if kept is None:
            return None
        self.used.add(cache_key)
        return kept[1]

    def put(self, cache_key: bytes, rendered: Rendered) -> None:
        """Keep a new render (saved at the end of the reading phase)."""
        self.new[cache_key] = rendered

    def own_process(self) -> None:
        """In a ``-j`` worker, start lists of its own (the main process merges them)."""
        pid = os.getpid()
        if pid != self.pid:
            self.pid = pid
            self.new, self.used = {}, set()
            self.worker = True

    # -- the main process ---------------------------------------------------------------

    def take(self, news: tuple[dict[bytes, Rendered], set[bytes]]) -> None:
        """Merge what a worker rendered and used."""
        new, used = news
        self.new.update(new)
        self.used.update(used)

    def save(self) -> None:
        """Write the file when this build rendered anything; raises :class:`OSError`."""
        if not self.new:
            return
        generation = self.generation + 1
        entries = dict(self._entries())
        for cache_key in self.used:
            if cache_key in entries:
                entries[cache_key] = (generation, entries[cache_key][1])
        for cache_key, rendered in self.new.items():
            entries[cache_key] = (generation, rendered)
        kept = _bounded(entries, MAX_BYTES)
        data = {
            "format": FORMAT,
            "fingerprint": fingerprint(),
            "generation": generation,
            "entries": kept,
        }
        buildstate.write_atomic(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        self._loaded, self.generation = kept, generation
        self.new, self.used = {}, set()


def _bounded(
    entries: dict[bytes, tuple[int, Rendered]], limit: int
) -> dict[bytes, tuple[int, Rendered]]:
    """``entries`` without the least recently used ones beyond ``limit`` bytes."""
    total = sum(_size(r) for _, r in entries.values())
    if total <= limit:
        return entries
    kept: dict[bytes, tuple[int, Rendered]] = {}
    size = 0
    for cache_key, (stamp, rendered) in sorted(
        entries.items(), key=lambda item: item[1][0], reverse=True
    ):
        size += _size(rendered)
        if size > limit:
            break
        kept[cache_key] = (stamp, rendered)
    return kept


# -- one cache per build ---------------------------------------------------------------

_current: SummaryCache | None = None


def for_env(env: BuildEnvironment) -> SummaryCache:
    """The cache of the build ``env`` belongs to (made on first use in a build)."""
    global _current  # noqa: PLW0603 - one cache per build process
    if _current is None or _current.doctreedir != str(env.doctreedir):
        _current = SummaryCache(Path(env.doctreedir) / "paperdigest" / FILENAME)
    _current.own_process()
    if _current.worker:
        # a -j worker: what it renders goes back with its environment
        setattr(env, _NEWS, (_current.new, _current.used))
    return _current


def _new_build(app: Sphinx) -> None:
    """A cache for the build, made by the main process (workers see they are not it)."""
    global _current  # noqa: PLW0603 - one cache per build process
    _current = SummaryCache(Path(app.doctreedir) / "paperdigest" / FILENAME)


def _merge(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    news = getattr(other, _NEWS, None)
    if news is not None:
        for_env(env).take(news)


def _save(app: Sphinx, env: BuildEnvironment) -> None:
    if _current is None:
        return
    try:
        _current.save()
    except OSError as exc:
        logger.info(f"paperdigest: summary cache not written: {exc.strerror or exc}")


def setup_render_cache(app: Sphinx) -> None:
    """A new cache per build; workers' renders merged; the file written after reading."""
    app.connect("builder-inited", _new_build)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _save)
