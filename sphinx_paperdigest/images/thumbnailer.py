"""The thumbnailer: a picture file and settings in, cached thumbnail files out."""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from PIL import Image

from . import pixels
from .budget import MIB, PROCESS_BUDGET, MemoryBudget
from .cache import Thumbnail, ThumbnailCache
from .files import write_atomic
from .plan import SourceFacts, ThumbnailSettings, plan_for

_T = TypeVar("_T")
_R = TypeVar("_R")

#: The most memory one picture may take (estimated from its header): above it,
#: the picture is refused before it is decoded. Every picture under Pillow's
#: pixel limit passes, but one with an alpha channel and near that limit.
DEFAULT_MAX_BYTES = 1024 * MIB


class ThumbnailError(Exception):
    """A picture cannot be made into a thumbnail; the message says why."""


@dataclass
class Stats:
    """What a thumbnailer did; the benchmark and tests read it."""

    decodes: int = 0
    encodes: int = 0
    hits: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        """Add to the counters (thread-safe)."""
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


class Thumbnailer:
    """Makes and caches thumbnails in ``cache_dir``.

    :meth:`thumbnail` is safe to call from several threads and from several
    processes sharing the cache: outputs are named by content and settings and
    written atomically, so the worst case is the same file written twice.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        max_pixels: int | None = -1,
        max_bytes: int = DEFAULT_MAX_BYTES,
        budget: MemoryBudget | None = None,
    ) -> None:
        self.cache = ThumbnailCache(cache_dir)
        #: Pillow's decompression-bomb limit unless given (None: no limit).
        self.max_pixels = Image.MAX_IMAGE_PIXELS if max_pixels == -1 else max_pixels
        #: The most memory one picture may take; pictures above it are refused.
        self.max_bytes = max_bytes
        #: Shared by every thumbnailer of the process unless given.
        self.budget = PROCESS_BUDGET if budget is None else budget
        self.stats = Stats()
        pixels.release_memory_promptly()

    def thumbnail(
        self, source: Path, settings: ThumbnailSettings, *, digest: str | None = None
    ) -> Thumbnail:
        """The thumbnails of ``source``: from the cache, else made now.

        ``digest`` is the source's content hash when the caller knows it.
        Raises :class:`ThumbnailError` when the picture cannot be used.
        """
        with quiet_bombs():
            return self.find_or_make(source, settings, digest=digest)

    def find_or_make(
        self, source: Path, settings: ThumbnailSettings, *, digest: str | None = None
    ) -> Thumbnail:
        """:meth:`thumbnail` for threads: the caller holds :func:`quiet_bombs`."""
        source = Path(source)
        try:
            digest = digest or self.cache.digest(source)
        except OSError as exc:
            unread = f"cannot read the picture: {exc.strerror or exc}"
        else:
            return self._find_or_make(source, settings, digest)
        raise ThumbnailError(unread)

    def _find_or_make(self, source: Path, settings: ThumbnailSettings, digest: str) -> Thumbnail:
        found = self.cache.lookup(digest, settings)
        if found is not None:
            self.stats.add(hits=1)
            return found
        try:
            return self._make(source, digest, settings)
        except Exception as exc:  # any failure of Pillow on bad input
            problem = _problem(exc)
        # raised outside the ``except``: the error does not keep Pillow's exception,
        # whose traceback holds the (maybe huge) picture, alive for the build
        raise ThumbnailError(problem)

    def thumbnail_many(
        self,
        jobs: Sequence[tuple[Path, ThumbnailSettings]],
        *,
        workers: int | None = None,
    ) -> list[Thumbnail | ThumbnailError]:
        """:meth:`thumbnail` for many sources, in threads; results in order.

        Pillow releases the GIL while it decodes, resizes and encodes, so the
        threads run on several cores.
        """
        with quiet_bombs():
            return map_threads(lambda job: self._try(*job), jobs, workers)

    def _try(self, source: Path, settings: ThumbnailSettings) -> Thumbnail | ThumbnailError:
        try:
            return self.find_or_make(source, settings)
        except ThumbnailError as exc:
            return exc

    def _make(self, source: Path, digest: str, settings: ThumbnailSettings) -> Thumbnail:
        facts, outputs, icc = self._render(source, settings)
        # the whole picture is freed by now: encoding needs no budget
        plan = plan_for(facts, settings)
        result = self.cache.variants(digest, facts, settings)
        self.cache.save_facts(digest, facts)
        for variant, image in zip(result.variants, outputs, strict=True):
            encode = pixels.encoder(image, plan.format, settings.quality, icc)
            write_atomic(variant.path, encode)
            self.stats.add(encodes=1)
        return replace(result, written=len(outputs))

    def _render(
        self, source: Path, settings: ThumbnailSettings
    ) -> tuple[SourceFacts, list[Image.Image], bytes | None]:
        """Decode and resize, holding the picture's share of the memory budget."""
        with pixels.open_picture(source) as opened:
            self._check_pixels(opened.width, opened.height)
            need = pixels.decode_bytes(opened, settings)
            self._check_bytes(need, opened.width, opened.height)
            with self.budget.hold(need):
                decoded = pixels.decode(opened)
                self.stats.add(decodes=1)
                outputs = pixels.render(decoded, plan_for(decoded.facts, settings))
                # nothing of the decoded picture outlives the budget it held
                facts, icc = decoded.facts, decoded.icc
                del decoded
                opened.close()
        return facts, outputs, icc

    def _check_pixels(self, width: int, height: int) -> None:
        """Refuse a bomb before decoding it (Pillow only warns under twice its limit)."""
        if self.max_pixels and width * height > self.max_pixels:
            raise ThumbnailError(
                f"refused as a decompression bomb: {width}x{height} pixels "
                f"is more than Pillow's limit of {self.max_pixels}"
            )

    def _check_bytes(self, need: int, width: int, height: int) -> None:
        """Refuse a picture whose thumbnails would take more memory than the cap."""
        if need > self.max_bytes:
            raise ThumbnailError(
                f"refused: a {width}x{height} picture needs about {need // MIB} MB "
                f"to thumbnail, more than the limit of {self.max_bytes // MIB} MB"
            )


def _problem(exc: Exception) -> str:
    """What a failure to make thumbnails says to the author."""
    if isinstance(exc, ThumbnailError | pixels.PictureError):
        return str(exc)
    if isinstance(exc, Image.DecompressionBombError):
        return f"refused as a decompression bomb: {exc}"
    if isinstance(exc, FileNotFoundError):
        return "the picture does not exist"
    return f"cannot decode the picture ({type(exc).__name__}: {exc})"


def default_workers() -> int:
    """Threads for a batch of thumbnails: the cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def map_threads(
    work: Callable[[_T], _R], items: Sequence[_T], workers: int | None = None
) -> list[_R]:
    """``work`` on each item, in threads when there are several; results in order."""
    workers = workers or default_workers()
    if workers <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))


@contextlib.contextmanager
def quiet_bombs() -> Iterator[None]:
    """Silence Pillow's bomb warning: the thumbnailer refuses such pictures itself.

    The warnings filter is process-wide: enter this once around a batch of
    threads, not in each thread.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield
