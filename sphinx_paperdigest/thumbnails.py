"""Card thumbnails: resize, cache and serve every card picture; remote pictures done right.

Two halves. The first knows nothing of Sphinx: :class:`Thumbnailer` turns a
picture file and :class:`ThumbnailSettings` into thumbnail files in a cache
directory (Pillow's JPEG draft mode and ``reduce`` so that a 4000 px photo is
never decoded at full size), and :func:`fetch` downloads a remote picture with
a deadline, a size cap and a content-type check.

The second is the Sphinx glue, in three steps:

1. ``doctree-read`` (before Sphinx's ImageCollector, so in the ``-j`` workers):
   each card picture is checked and thumbnailed (or downloaded, or dropped);
   a failure is a ``paperdigest.image`` warning at the digest's ``file:line``
   and the card falls back to the placeholder. The image node keeps its
   source URI, so Sphinx notes the original as a dependency (editing the
   picture rebuilds the page), and gains ``paperdigest_*`` attributes that
   name the cached source (content hash, path relative to the source or cache
   directory; never a machine path).
2. A post-transform (per builder, in the main process) picks the file the
   builder can show (WebP for web pages, JPEG for LaTeX/EPUB/texinfo), points
   the node's ``uri`` and ``candidates`` at it and adds it to ``env.images``,
   as Sphinx's own image converters do, so every builder copies it; it then
   becomes a :class:`paperdigest_thumbnail` node, whose HTML visitor writes
   ``srcset``, ``loading`` and ``decoding``.
3. ``doctree-resolved`` registers the files only HTML refers to (the 2x
   variant, the linked original) with the builder, which copies them.

Cache layout, under ``<doctreedir>/paperdigest/``: ``facts/`` (what a source
picture is, by content hash: the warm path needs no Pillow at all),
``thumbs/`` (thumbnails, named by a hash of source and the settings that
shape them), ``remote/`` (downloads, by URL hash). Files are written to a
temporary name and renamed, so parallel workers never see half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from http.client import HTTPException, HTTPMessage
from pathlib import Path
from typing import IO, Any

from docutils import nodes
from PIL import Image, ImageChops, ImageOps, JpegImagePlugin
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import guess_mimetype

from .config import CONFIG_VALUES
from .render import ATTR_PICTURE, ATTR_PLACEHOLDER
from .report import file_location, warn

#: Bumped when the same source and settings would give other pixels.
ALGORITHM = 1

#: ``paperdigest_thumbnail_format`` values: (Pillow format, MIME type, suffix).
FORMATS: dict[str, tuple[str, str, str]] = {
    "webp": ("WEBP", "image/webp", ".webp"),
    "jpeg": ("JPEG", "image/jpeg", ".jpg"),
    "png": ("PNG", "image/png", ".png"),
}
FITS = ("cover", "contain")
REMOTE_MODES = ("link", "download", "off")
#: Suffixes that make a ``paperdigest_placeholder`` value a picture path.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
_SVG_SUFFIXES = (".svg", ".svgz")
_ORIENTATION = 0x0112
_CHUNK = 64 * 1024


class ThumbnailError(Exception):
    """A picture cannot be made into a thumbnail; the message says why."""


# -- settings and geometry (pure) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThumbnailSettings:
    """What a thumbnail should be; ``width`` x ``height`` is the 1x size in CSS pixels."""

    width: int = 640
    height: int = 360
    fit: str = "cover"
    format: str = "webp"
    quality: int = 80
    scales: tuple[int, ...] = (1, 2)


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What a source picture is, as far as thumbnails care.

    ``width`` x ``height`` is the size as shown (after EXIF orientation);
    ``alpha`` means real transparency (an alpha channel that is all opaque does
    not count).
    """

    format: str
    width: int
    height: int
    alpha: bool
    animated: bool


@dataclass(frozen=True, slots=True)
class Target:
    """One output file: its size, and where the resized picture sits in it."""

    canvas: tuple[int, int]
    content: tuple[int, int]
    offset: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Plan:
    """How to make the thumbnails of a source: the region kept, the outputs, the format."""

    format: str
    crop: tuple[float, float, float, float]
    targets: tuple[Target, ...]

    @property
    def padded(self) -> bool:
        """Whether some output has a margin around the picture (``contain``)."""
        return any(t.canvas != t.content for t in self.targets)


def plan_for(facts: SourceFacts, settings: ThumbnailSettings) -> Plan:
    """The outputs for ``facts`` under ``settings``; never enlarges a picture.

    ``cover`` keeps the centred region of the card's ratio; ``contain`` keeps all
    of the picture and pads it to the ratio. A scale is made only when the
    source has more pixels than the previous one (a small picture gets one file).
    """
    box_w, box_h = settings.width, settings.height
    src_w, src_h = facts.width, facts.height
    fmt = "png" if facts.alpha else settings.format
    targets: list[Target] = []
    if settings.fit == "contain":
        crop = (0.0, 0.0, float(src_w), float(src_h))
        for scale in settings.scales:
            k = min(1.0, box_w * scale / src_w, box_h * scale / src_h)
            content = (max(1, round(src_w * k)), max(1, round(src_h * k)))
            if k < 1.0:
                canvas = (box_w * scale, box_h * scale)
            else:
                canvas = (
                    max(content[0], round(content[1] * box_w / box_h)),
                    max(content[1], round(content[0] * box_h / box_w)),
                )
            if targets and canvas[0] <= targets[-1].canvas[0]:
                break
            offset = ((canvas[0] - content[0]) // 2, (canvas[1] - content[1]) // 2)
            targets.append(Target(canvas, content, offset))
    else:
        ratio = box_w / box_h
        if src_w / src_h > ratio:
            crop_w, crop_h = src_h * ratio, float(src_h)
        else:
            crop_w, crop_h = float(src_w), src_w / ratio
        left, top = (src_w - crop_w) / 2, (src_h - crop_h) / 2
        crop = (left, top, left + crop_w, top + crop_h)
        for scale in settings.scales:
            k = min(1.0, box_w * scale / crop_w)
            size = (max(1, round(crop_w * k)), max(1, round(crop_h * k)))
            if targets and size[0] <= targets[-1].canvas[0]:
                break
            targets.append(Target(size, size, (0, 0)))
    return Plan(fmt, crop, tuple(targets))


def cache_key(digest: str, plan: Plan, settings: ThumbnailSettings) -> str:
    """Name of a source's thumbnails: its content hash and what shapes the pixels.

    Only settings that change the output are in the key: the quality does not
    matter to a PNG, nor the requested size to a picture smaller than it.
    """
    lossy = plan.format != "png"
    shape = {
        "algorithm": ALGORITHM,
        "source": digest,
        "format": plan.format,
        "quality": settings.quality if lossy else None,
        "crop": [round(v, 3) for v in plan.crop],
        "targets": [asdict(t) for t in plan.targets],
        "pad": ("white" if plan.format == "jpeg" else "clear") if plan.padded else None,
    }
    text = json.dumps(shape, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# -- files --------------------------------------------------------------------------


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content (the cache key of a source)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _write_atomic(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` through a temporary file and a rename: readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def is_svg(path: Path, head: bytes | None = None) -> bool:
    """Whether a file is an SVG picture (by suffix, else by its first bytes)."""
    if path.suffix.lower() in _SVG_SUFFIXES:
        return True
    if head is None:
        try:
            with path.open("rb") as f:
                head = f.read(512)
        except OSError:
            return False
    text = head.lstrip().lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text)


@dataclass(frozen=True, slots=True)
class Variant:
    """One thumbnail file: its path, its density (1.0 for 1x) and size in pixels."""

    path: Path
    density: float
    width: int
    height: int

    @property
    def descriptor(self) -> str:
        """The ``srcset`` descriptor (``2x``, ``1.5x``)."""
        return f"{self.density:.2f}".rstrip("0").rstrip(".") + "x"


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """The thumbnails of one source under one set of settings; ``variants[0]`` is 1x."""

    digest: str
    facts: SourceFacts
    format: str
    variants: tuple[Variant, ...]
    written: int = 0

    @property
    def mimetype(self) -> str:
        """The MIME type of the files."""
        return FORMATS[self.format][1]


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


# -- the thumbnailer ----------------------------------------------------------------


class Thumbnailer:
    """Makes and caches thumbnails in ``cache_dir``.

    :meth:`thumbnail` is safe to call from several threads and from several
    processes sharing the cache: outputs are named by content and settings and
    written atomically, so the worst case is the same file written twice.
    """

    def __init__(self, cache_dir: Path, *, max_pixels: int | None = -1) -> None:
        self.cache_dir = Path(cache_dir)
        #: Pillow's decompression-bomb limit unless given (None: no limit).
        self.max_pixels = Image.MAX_IMAGE_PIXELS if max_pixels == -1 else max_pixels
        self.stats = Stats()
        self._digests: dict[tuple[str, int, int], str] = {}

    # -- public --------------------------------------------------------------------

    def thumbnail(
        self, source: Path, settings: ThumbnailSettings, *, digest: str | None = None
    ) -> Thumbnail:
        """The thumbnails of ``source``: from the cache, else made now.

        ``digest`` is the source's content hash when the caller knows it.
        Raises :class:`ThumbnailError` when the picture cannot be used.
        """
        with _quiet_bombs():
            return self._thumbnail(Path(source), settings, digest)

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
        workers = workers or default_workers()
        with _quiet_bombs():
            if workers <= 1 or len(jobs) <= 1:
                return [self._try(path, settings) for path, settings in jobs]
            with ThreadPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(lambda job: self._try(*job), jobs))

    def digest(self, source: Path) -> str:
        """The content hash of ``source``, remembered while its size and mtime hold."""
        stat = source.stat()
        key = (str(source), stat.st_size, stat.st_mtime_ns)
        found = self._digests.get(key)
        if found is None:
            found = self._digests[key] = file_digest(source)
        return found

    def facts(self, digest: str) -> SourceFacts | None:
        """The recorded facts of a source, or None when it was never decoded."""
        try:
            data = json.loads(self._facts_path(digest).read_text(encoding="utf-8"))
            return SourceFacts(**data)
        except (OSError, ValueError, TypeError):
            return None

    def variants(self, digest: str, facts: SourceFacts, settings: ThumbnailSettings) -> Thumbnail:
        """The thumbnail files for a source and settings (they may not exist yet)."""
        plan = plan_for(facts, settings)
        key = cache_key(digest, plan, settings)
        suffix = FORMATS[plan.format][2]
        base = plan.targets[0].canvas[0]
        variants = []
        for i, target in enumerate(plan.targets):
            name = key + ("" if i == 0 else f"-{i + 1}x") + suffix
            variants.append(
                Variant(
                    self.cache_dir / "thumbs" / key[:2] / name,
                    target.canvas[0] / base,
                    *target.canvas,
                )
            )
        return Thumbnail(digest, facts, plan.format, tuple(variants))

    # -- work ----------------------------------------------------------------------

    def _try(self, source: Path, settings: ThumbnailSettings) -> Thumbnail | ThumbnailError:
        try:
            return self._thumbnail(source, settings, None)
        except ThumbnailError as exc:
            return exc

    def _thumbnail(
        self, source: Path, settings: ThumbnailSettings, digest: str | None
    ) -> Thumbnail:
        try:
            digest = digest or self.digest(source)
        except OSError as exc:
            raise ThumbnailError(f"cannot read the picture: {exc.strerror or exc}") from None
        facts = self.facts(digest)
        if facts is not None:
            found = self.variants(digest, facts, settings)
            if all(v.path.is_file() for v in found.variants):
                self.stats.add(hits=1)
                return found
        try:
            return self._make(source, digest, settings)
        except ThumbnailError:
            raise
        except Image.DecompressionBombError as exc:
            raise ThumbnailError(f"refused as a decompression bomb: {exc}") from None
        except FileNotFoundError:
            raise ThumbnailError("the picture does not exist") from None
        except Exception as exc:  # any failure of Pillow on bad input
            name = type(exc).__name__
            raise ThumbnailError(f"cannot decode the picture ({name}: {exc})") from None

    def _make(self, source: Path, digest: str, settings: ThumbnailSettings) -> Thumbnail:
        with Image.open(source) as opened:
            if opened.format is None:  # pragma: no cover - Pillow always names it
                raise ThumbnailError("unknown picture format")
            if self.max_pixels and opened.width * opened.height > self.max_pixels:
                raise ThumbnailError(
                    f"refused as a decompression bomb: {opened.width}x{opened.height} pixels "
                    f"is more than Pillow's limit of {self.max_pixels}"
                )
            fmt = opened.format
            # an MPO (a camera's JPEG with extra pictures) is not an animation
            animated = bool(getattr(opened, "is_animated", False)) and fmt != "MPO"
            # an ICC profile fits the thumbnail only when the source is RGB already
            icc = opened.info.get("icc_profile") if opened.mode in ("RGB", "RGBA") else None
            orientation = opened.getexif().get(_ORIENTATION, 1)
            turned = orientation in (5, 6, 7, 8)
            width, height = opened.size
            shown = (height, width) if turned else (width, height)
            # the geometry does not depend on transparency: draft for it first
            geometry = plan_for(SourceFacts(fmt, *shown, False, animated), settings)
            largest = geometry.targets[-1].content
            crop_w = geometry.crop[2] - geometry.crop[0]
            crop_h = geometry.crop[3] - geometry.crop[1]
            wanted = (
                max(1, int(shown[0] * largest[0] / crop_w)),
                max(1, int(shown[1] * largest[1] / crop_h)),
            )
            if turned:
                wanted = (wanted[1], wanted[0])
            if isinstance(opened, JpegImagePlugin.JpegImageFile):  # also MPO
                # decode at 1/2, 1/4 or 1/8 of the size when that is still enough
                as_image: Image.Image = opened
                as_image.draft(opened.mode, wanted)
            opened.load()
            self.stats.add(decodes=1)
            image: Image.Image = opened
            if orientation != 1:
                image = ImageOps.exif_transpose(opened)
            image, alpha = _normalise(image)
        facts = SourceFacts(fmt, shown[0], shown[1], alpha, animated)
        plan = plan_for(facts, settings)
        result = self.variants(digest, facts, settings)
        self._save_facts(digest, facts)

        # the crop region, in the pixels actually decoded (draft may have shrunk them)
        fx, fy = image.width / shown[0], image.height / shown[1]
        box = (plan.crop[0] * fx, plan.crop[1] * fy, plan.crop[2] * fx, plan.crop[3] * fy)
        pictures: list[Image.Image] = []
        biggest = image.resize(
            plan.targets[-1].content, Image.Resampling.BICUBIC, box=box, reducing_gap=2.0
        )
        for target in plan.targets:
            pictures.append(_shrink(biggest, target.content))
        written = 0
        for target, picture, variant in zip(plan.targets, pictures, result.variants, strict=True):
            out = _pad(picture, target, plan.format)
            # nothing of the source's metadata rides along (Pillow's PNG encoder
            # would take its ICC profile from ``info``): only what is given here
            out.info = {}
            kwargs = save_options(plan.format, settings.quality)
            if icc:
                kwargs["icc_profile"] = icc
            _write_atomic(variant.path, _saver(out, kwargs))
            self.stats.add(encodes=1)
            written += 1
        return replace(result, written=written)

    def _facts_path(self, digest: str) -> Path:
        return self.cache_dir / "facts" / digest[:2] / f"{digest}.json"

    def _save_facts(self, digest: str, facts: SourceFacts) -> None:
        path = self._facts_path(digest)
        data = json.dumps(asdict(facts), sort_keys=True).encode()
        if path.is_file() and path.read_bytes() == data:
            return
        _write_atomic(path, lambda f: f.write(data))


def _saver(image: Image.Image, options: dict[str, Any]) -> Callable[[IO[bytes]], None]:
    def save(f: IO[bytes]) -> None:
        image.save(f, **options)

    return save


def save_options(fmt: str, quality: int) -> dict[str, Any]:
    """Encoder options of a thumbnail format (shared with the benchmark's baseline)."""
    pillow = FORMATS[fmt][0]
    if fmt == "png":
        return {"format": pillow}
    if fmt == "jpeg":
        return {"format": pillow, "quality": quality, "optimize": True, "progressive": True}
    # method 2, not libwebp's default 4: 4-5 times faster for files about 7 % larger
    # (still far smaller than JPEG); a build without its cache (CI) makes them all
    return {"format": pillow, "quality": quality, "method": 2}


def default_workers() -> int:
    """Threads for a batch of thumbnails: the cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


@contextlib.contextmanager
def _quiet_bombs() -> Iterator[None]:
    """Silence Pillow's bomb warning: the thumbnailer refuses such pictures itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def _normalise(image: Image.Image) -> tuple[Image.Image, bool]:
    """RGB, or RGBA when the picture has real transparency; and whether it has."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        # transparent somewhere: the inverted alpha has a non-zero pixel
        if ImageChops.invert(rgba.getchannel("A")).getbbox() is not None:
            return rgba, True
        return rgba.convert("RGB"), False
    if image.mode == "RGB":
        return image, False
    if image.mode.startswith("I"):
        # 16- and 32-bit greys: scale to 8 bits (convert() would clip them)
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return image.convert("RGB"), False


def _shrink(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """``image`` at ``size``: a box ``reduce`` when the factor is a whole number."""
    if image.size == size:
        return image
    fx, fy = image.width / size[0], image.height / size[1]
    if fx == fy and fx.is_integer():
        return image.reduce(int(fx))
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def _pad(image: Image.Image, target: Target, fmt: str) -> Image.Image:
    """Place a picture on its canvas (``contain``): clear, or white in JPEG."""
    if target.canvas == target.content:
        return image
    if fmt == "jpeg":
        canvas = Image.new("RGB", target.canvas, (255, 255, 255))
        canvas.paste(image.convert("RGB"), target.offset)
        return canvas
    canvas = Image.new("RGBA", target.canvas, (0, 0, 0, 0))
    canvas.paste(image.convert("RGBA"), target.offset)
    return canvas


# -- downloads (pure) ---------------------------------------------------------------


class FetchError(Exception):
    """A remote picture cannot be downloaded; the message says why."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds of a download: total seconds, bytes, and how to present ourselves."""

    timeout: float = 10.0
    max_bytes: int = 20_000_000
    user_agent: str = "sphinx-paperdigest"
    verify: bool = True
    cafile: str | None = None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would also follow ``ftp:``)."""

    max_redirections = 5

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirect to a {scheme or 'relative'}: URL refused ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "image/avif": ".avif",
}


def remote_path(url: str, cache_dir: Path, kind: str = "") -> Path:
    """Where the download of ``url`` is kept; the suffix follows its content type."""
    name = hashlib.sha256(url.encode()).hexdigest()[:32]
    return cache_dir / "remote" / name[:2] / (name + _SUFFIXES.get(kind, ".img"))


def cached_download(url: str, cache_dir: Path) -> Path | None:
    """The earlier download of ``url``, if there is one."""
    stem = remote_path(url, cache_dir)
    found = sorted(stem.parent.glob(stem.stem + ".*")) if stem.parent.is_dir() else []
    return next((p for p in found if not p.name.startswith(".")), None)


def fetch(url: str, cache_dir: Path, limits: FetchLimits) -> Path:
    """Download a picture once; later calls return the cached file.

    Refuses other schemes than http(s) (also in redirects), answers that are
    not ``image/*``, bodies over ``max_bytes``, and downloads slower than
    ``timeout`` seconds in all. Raises :class:`FetchError`.
    """
    found = cached_download(url, cache_dir)
    if found is not None:
        return found
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(f"not an http(s) URL: {url}")
    context = ssl.create_default_context(cafile=limits.cafile)
    if not limits.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(
        _HttpOnlyRedirects(), urllib.request.HTTPSHandler(context=context)
    )
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"User-Agent": limits.user_agent, "Accept": "image/*"}
    )
    deadline = time.monotonic() + limits.timeout
    chunks: list[bytes] = []
    try:
        with opener.open(request, timeout=limits.timeout) as response:
            kind = response.headers.get_content_type()
            if not kind.startswith("image/"):
                raise FetchError(f"the server sent {kind}, not a picture")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"{declared} bytes is more than {limits.max_bytes}")
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchError(f"more than {limits.max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"took more than {limits.timeout:g} s")
                chunks.append(chunk)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, FetchError):
            raise reason from None
        if isinstance(reason, TimeoutError):
            raise FetchError(f"took more than {limits.timeout:g} s") from None
        raise FetchError(f"cannot connect: {reason}") from None
    except TimeoutError:
        raise FetchError(f"took more than {limits.timeout:g} s") from None
    except (OSError, HTTPException, ValueError) as exc:
        raise FetchError(f"download failed: {exc}") from None
    data = b"".join(chunks)
    if not data:
        raise FetchError("the server sent an empty body")
    path = remote_path(url, cache_dir, kind)
    _write_atomic(path, lambda f: f.write(data))
    return path


# ===================================================================================
# Sphinx glue
# ===================================================================================

THUMB_CLASS = "paperdigest-thumb"
PLACEHOLDER_CLASS = "paperdigest-placeholder"
#: Where a card picture comes from: ``"local"`` (source dir) or ``"download"`` (cache).
ATTR_ORIGIN = "paperdigest_origin"
#: The source file: relative to the source dir (local) or the cache dir (download).
ATTR_FILE = "paperdigest_file"
ATTR_HASH = "paperdigest_hash"
#: ``"raster"``, ``"animated"`` or ``"svg"``.
ATTR_KIND = "paperdigest_kind"
ATTR_SRCSET = "paperdigest_srcset"
ATTR_ORIGINAL = "paperdigest_original"
_FORMATS_WITH_VISITORS = ("html", "latex", "text", "man", "texinfo")
_CSS_FILE = "paperdigest-thumbnails.css"
_DEFAULT_SIZE = (640, 360)


class paperdigest_thumbnail(nodes.image):
    """A card picture as a builder shows it; HTML adds ``srcset`` and ``decoding``."""


def settings_from(config: Config) -> ThumbnailSettings:
    """The thumbnail settings of a project (values already validated)."""
    width, height = config.paperdigest_thumbnail_size
    return ThumbnailSettings(
        width=int(width),
        height=int(height),
        fit=config.paperdigest_thumbnail_fit,
        format=config.paperdigest_thumbnail_format,
        quality=int(config.paperdigest_thumbnail_quality),
    )


def print_settings(settings: ThumbnailSettings) -> ThumbnailSettings:
    """Settings for builders that cannot show WebP or use a 2x file."""
    fmt = "jpeg" if settings.format == "webp" else settings.format
    return replace(settings, format=fmt, scales=(1,))


def cache_dir(env: BuildEnvironment) -> Path:
    """The cache of thumbnails and downloads: under the doctree dir, never the sources."""
    return Path(env.doctreedir) / "paperdigest"


_thumbnailers: dict[Path, Thumbnailer] = {}
_failed_downloads: dict[str, str] = {}
_warned: set[tuple[str, str]] = set()


def thumbnailer_for(env: BuildEnvironment) -> Thumbnailer:
    """This process's thumbnailer for a build's cache."""
    where = cache_dir(env)
    found = _thumbnailers.get(where)
    if found is None:
        found = _thumbnailers[where] = Thumbnailer(where)
    return found


def _builder_class(env: BuildEnvironment) -> type[Builder]:
    found = getattr(env, "_builder_cls", None)
    if found is not None:
        return found  # type: ignore[no-any-return]
    return type(env.app.builder)  # pragma: no cover - Sphinx < 9


def is_web(builder: type[Builder]) -> bool:
    """Whether a builder makes web pages (WebP, srcset): HTML, but not EPUB."""
    return builder.format == "html" and not builder.name.startswith("epub")


def _warn_once(message: str, node: nodes.Node) -> None:
    """A ``paperdigest.image`` warning at the picture's digest ``file:line``."""
    where = file_location(node.source or "", node.line)
    if (where, message) in _warned:
        return
    _warned.add((where, message))
    warn(message, "image", where)


def _drop(node: nodes.Element) -> None:
    if node.parent is not None:
        node.parent.remove(node)


def _local_source(uri: str, srcdir: Path) -> tuple[Path | None, str | None]:
    """The file of a local picture URI (``/path`` from the source dir), or why not."""
    relative = uri.lstrip("/")
    path = srcdir / relative
    try:
        real = path.resolve()
        real.relative_to(srcdir.resolve())
    except (OSError, ValueError):
        return None, f"picture {relative!r} is outside the source directory"
    if not real.is_file():
        return None, f"picture {relative!r} not found"
    return path, None


@dataclass
class _Job:
    """One card picture to resolve at read time."""

    node: nodes.image
    source: Path | None = None
    url: str | None = None
    result: Thumbnail | ThumbnailError | None = None
    download: Path | None = None
    fetch_error: str | None = None
    problem: str | None = None


def _run_job(
    job: _Job, thumbs: Thumbnailer, settings: ThumbnailSettings, env: BuildEnvironment
) -> None:
    if job.url is not None:
        failed = _failed_downloads.get(job.url)
        if failed is not None:
            job.fetch_error = failed
            return
        try:
            job.download = fetch(job.url, cache_dir(env), _limits(env.config))
        except FetchError as exc:
            job.fetch_error = _failed_downloads[job.url] = str(exc)
            return
        job.source = job.download
    assert job.source is not None
    if is_svg(job.source):
        return
    try:
        job.result = thumbs._thumbnail(job.source, settings, None)
    except ThumbnailError as exc:
        job.result = exc


def _limits(config: Config) -> FetchLimits:
    cacerts = config.tls_cacerts if isinstance(config.tls_cacerts, str) else None
    return FetchLimits(
        timeout=float(config.paperdigest_remote_timeout),
        max_bytes=int(config.paperdigest_remote_max_bytes),
        user_agent=str(config.user_agent or "sphinx-paperdigest"),
        verify=bool(config.tls_verify),
        cafile=cacerts or None,
    )


def _placeholder_path(config: Config) -> str | None:
    """The picture ``paperdigest_placeholder`` names, relative to the source dir."""
    value = config.paperdigest_placeholder
    if isinstance(value, str) and value.lower().endswith(IMAGE_SUFFIXES):
        return value.lstrip("/")
    return None


def resolve_pictures(app: Sphinx, doctree: nodes.document) -> None:
    """Read time: thumbnail, download or drop each card picture of a page."""
    env, config = app.env, app.config
    pictures = [n for n in doctree.findall(nodes.image) if n.get(ATTR_PICTURE)]
    placeholder = _placeholder_path(config)
    grids = [
        g
        for g in doctree.findall(nodes.container)
        if "paperdigest-entries" in g["classes"] and g.get(ATTR_PLACEHOLDER)
    ]
    if not pictures and not (placeholder and grids):
        return
    mode = config.paperdigest_remote_images
    srcdir = Path(env.srcdir)
    settings = settings_from(config)
    if not is_web(app.builder.__class__) and app.builder.supported_image_types:
        settings = print_settings(settings)
    jobs: list[_Job] = []
    for node in pictures:
        uri = str(node.get("uri", ""))
        remote = uri.startswith(("http://", "https://", "//"))
        if THUMB_CLASS not in node["classes"]:
            if remote and mode == "off":
                _unlink_picture(node, uri)
            continue
        if remote:
            if mode == "off":
                _drop(node)
            elif mode == "download":
                url = "https:" + uri if uri.startswith("//") else uri
                jobs.append(_Job(node, url=url))
            continue
        path, problem = _local_source(uri, srcdir)
        jobs.append(_Job(node, source=path, problem=problem))

    placeholder_job = None
    if placeholder and grids:
        path, problem = _local_source("/" + placeholder, srcdir)
        placeholder_job = _Job(nodes.image(uri="/" + placeholder), source=path, problem=problem)
        jobs.append(placeholder_job)

    thumbs = thumbnailer_for(env)
    work = [job for job in jobs if job.problem is None]
    with _quiet_bombs():
        if len(work) > 1 and default_workers() > 1:
            with ThreadPoolExecutor(max_workers=default_workers()) as pool:
                list(pool.map(lambda job: _run_job(job, thumbs, settings, env), work))
        else:
            for job in work:
                _run_job(job, thumbs, settings, env)

    # warnings in document order, whatever order the threads finished in
    for job in jobs:
        if job is placeholder_job:
            continue
        node = job.node
        if job.url is not None and job.fetch_error is not None:
            _warn_once(f"cannot download picture {job.url}: {job.fetch_error}; linked", node)
            continue
        if job.url is not None and isinstance(job.result, ThumbnailError):
            _warn_once(f"downloaded picture {job.url} cannot be used: {job.result}; linked", node)
            continue
        if job.problem is not None or isinstance(job.result, ThumbnailError):
            name = str(node["uri"]).lstrip("/")
            why = job.problem or f"picture {name!r} cannot be used: {job.result}"
            _warn_once(f"{why}; the placeholder is shown", node)
            _drop(node)
            continue
        _mark(node, job, srcdir, env)

    if placeholder and grids:
        _insert_placeholders(grids, placeholder, placeholder_job, srcdir, env)


def _mark(node: nodes.image, job: _Job, srcdir: Path, env: BuildEnvironment) -> None:
    """Record on a card picture what the write phase needs (no machine paths)."""
    assert job.source is not None
    if job.download is not None:
        node[ATTR_ORIGIN] = "download"
        node[ATTR_FILE] = job.download.relative_to(cache_dir(env)).as_posix()
    else:
        node[ATTR_ORIGIN] = "local"
        node[ATTR_FILE] = str(node["uri"]).lstrip("/")
    result = job.result
    if result is None:  # SVG: shown as it is
        node[ATTR_KIND] = "svg"
        return
    assert isinstance(result, Thumbnail)
    node[ATTR_HASH] = result.digest
    node[ATTR_KIND] = "animated" if result.facts.animated else "raster"
    first = result.variants[0]
    node["width"], node["height"] = str(first.width), str(first.height)


def _insert_placeholders(
    grids: Sequence[nodes.Element],
    placeholder: str,
    job: _Job | None,
    srcdir: Path,
    env: BuildEnvironment,
) -> None:
    """Give every card without a picture the placeholder picture."""
    for grid in grids:
        if str(grid.get(ATTR_PLACEHOLDER, "")).lstrip("/") != placeholder:
            continue
        grid[ATTR_PLACEHOLDER] = ""
        if job is None or job.problem is not None or isinstance(job.result, ThumbnailError):
            why = "not found" if job is None else (job.problem or str(job.result))
            _warn_once(f"placeholder picture {placeholder!r} cannot be used: {why}", grid)
            continue
        for entry in grid.children:
            if not isinstance(entry, nodes.Element):
                continue
            if any(isinstance(child, nodes.image) for child in entry.children):
                continue
            node = nodes.image(
                uri="/" + placeholder,
                alt="",
                classes=[THUMB_CLASS, PLACEHOLDER_CLASS],
                loading="lazy",
            )
            node[ATTR_PICTURE] = True
            node.source, node.line = entry.source, entry.line
            _mark(node, replace(job, node=node), srcdir, env)
            entry.insert(0, node)


def _unlink_picture(node: nodes.image, uri: str) -> None:
    """``paperdigest_remote_images = "off"``: a summary picture becomes a link."""
    text = str(node.get("alt") or uri)
    link: nodes.Element = nodes.reference(
        text, text, refuri=uri, classes=["paperdigest-picture-link"]
    )
    if not isinstance(node.parent, nodes.TextElement):
        link = nodes.paragraph("", "", link)
    node.replace_self(link)


def _new_build(app: Sphinx) -> None:
    """Forget the last build's failed downloads and warnings (one process, many builds)."""
    _failed_downloads.clear()
    _warned.clear()


class ServeThumbnails(SphinxPostTransform):
    """Point each card picture at the file this builder shows, through ``env.images``."""

    default_priority = 75  # before DropRemotePictures (80): downloads are local files

    def run(self, **kwargs: Any) -> None:
        env = self.env
        builder = _builder_class(env)
        web = is_web(builder)
        shows_images = bool(builder.supported_image_types) or web
        config = self.config
        settings = settings_from(config)
        if not web:
            settings = print_settings(settings)
        for node in list(self.document.findall(nodes.image)):
            if THUMB_CLASS not in node["classes"] or isinstance(node, paperdigest_thumbnail):
                continue
            if PLACEHOLDER_CLASS in node["classes"] and builder.format != "html":
                _drop(node)  # a placeholder only keeps a grid aligned
                continue
            origin = node.get(ATTR_ORIGIN)
            if origin is not None and shows_images:
                if not self.serve(node, settings, web):
                    continue
            elif origin is None and web and config.paperdigest_link_originals:
                node[ATTR_ORIGINAL] = node["uri"]  # a remote picture links to its URL
            if "no-scaled-link" not in node["classes"]:
                # its size is the card's; no "scaled image" link to itself
                node["classes"].append("no-scaled-link")
            if builder.format in _FORMATS_WITH_VISITORS:
                thumb = paperdigest_thumbnail(node.rawsource, *node.children, **node.attributes)
                thumb.source, thumb.line = node.source, node.line
                node.replace_self(thumb)

    def serve(self, node: nodes.image, settings: ThumbnailSettings, web: bool) -> bool:
        """Point ``node`` at its files; False when it was dropped."""
        env, config = self.env, self.config
        docname = env.docname
        origin, kind = node[ATTR_ORIGIN], node.get(ATTR_KIND)
        remote_url = node["uri"] if origin == "download" else None
        if origin == "download":
            source = cache_dir(env) / node[ATTR_FILE]
            original = str(source)
        else:
            source = Path(env.srcdir) / node[ATTR_FILE]
            original = node[ATTR_FILE]
        if web and config.paperdigest_link_originals:
            node[ATTR_ORIGINAL] = remote_url or original
            if remote_url is None:
                env.images.add_file(docname, original)
        if kind == "svg" or (kind == "animated" and web and config.paperdigest_keep_animation):
            if origin == "download":
                env.images.add_file(docname, original)
            node["uri"] = original
            node["candidates"] = {"*": original}
            return True
        try:
            thumb = thumbnailer_for(env).thumbnail(source, settings, digest=node.get(ATTR_HASH))
        except ThumbnailError as exc:
            _warn_once(f"picture {node[ATTR_FILE]!r} cannot be used: {exc}", node)
            _drop(node)
            return False
        first = thumb.variants[0]
        path = str(first.path)
        node["uri"] = path
        node["candidates"] = {"*": path}
        node["width"], node["height"] = str(first.width), str(first.height)
        env.images.add_file(docname, path)
        if web and len(thumb.variants) > 1:
            srcset = []
            for variant in thumb.variants[1:]:
                env.images.add_file(docname, str(variant.path))
                srcset.append([str(variant.path), variant.descriptor])
            node[ATTR_SRCSET] = srcset
        return True


def register_extra_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: files HTML names besides ``uri`` get copied too.

    Also drops a card picture no candidate of which the builder can show (an
    SVG in LaTeX when no converter made a PNG of it): no picture, no error.
    """
    builder = app.builder
    web = is_web(type(builder))
    for node in list(doctree.findall(paperdigest_thumbnail)):
        if web:
            srcset: list[list[str]] = node.get(ATTR_SRCSET) or []
            extra = [pair[0] for pair in srcset]
            original = node.get(ATTR_ORIGINAL)
            if original and original in app.env.images:
                extra.append(original)
            for name in extra:
                builder.images[name] = app.env.images[name][1]
            continue
        supported = builder.supported_image_types
        if not supported or "?" in node["candidates"]:
            continue
        candidates = node["candidates"]
        if "*" in candidates:
            kinds = {guess_mimetype(Path(app.srcdir) / candidates["*"])}
        else:
            kinds = set(candidates)
        if not kinds & set(supported):
            _drop(node)


# -- visitors -----------------------------------------------------------------------


def _image_url(translator: Any, path: str) -> str:
    images = translator.builder.images
    if path in images:
        return posixpath.join(translator.builder.imgpath, urllib.parse.quote(images[path]))
    return path


def visit_thumbnail_html(translator: Any, node: paperdigest_thumbnail) -> None:
    """``<img>`` with ``srcset``, ``loading="lazy"`` and ``decoding="async"``."""
    src = _image_url(translator, node["uri"])
    atts: dict[str, str] = {
        "src": src,
        "alt": str(node.get("alt", "")),
        "loading": str(node.get("loading", "lazy")),
        "decoding": "async",
    }
    srcset = node.get(ATTR_SRCSET)
    if srcset:
        atts["srcset"] = ", ".join(
            [f"{src} 1x", *(f"{_image_url(translator, p)} {d}" for p, d in srcset)]
        )
    for key in ("width", "height"):
        if key in node:
            atts[key] = str(node[key])
    node["classes"] = [c for c in node["classes"] if c != "no-scaled-link"]
    original = node.get(ATTR_ORIGINAL)
    if original:
        href = translator.attval(_image_url(translator, original))
        translator.body.append(f'<a class="reference external paperdigest-original" href="{href}">')
    translator.body.append(translator.emptytag(node, "img", "", **atts))
    if original:
        translator.body.append("</a>")
    raise nodes.SkipNode


def visit_thumbnail_other(translator: Any, node: paperdigest_thumbnail) -> None:
    """LaTeX, text, man, texinfo: the builder's own image rendering."""
    translator.visit_image(node)


def depart_thumbnail_other(translator: Any, node: paperdigest_thumbnail) -> None:
    """Close what ``visit_image`` opened."""
    translator.depart_image(node)


# -- configuration ------------------------------------------------------------------


def check_thumbnail_config(app: Sphinx, config: Config) -> None:
    """Validate the thumbnail values once; a bad value is a warning and its default."""

    def reset(name: str, why: str) -> None:
        warn(f"{name}: {why}; the default is used", "option")
        setattr(config, name, next(v.default for v in CONFIG_VALUES if v.name == name))

    size = config.paperdigest_thumbnail_size
    if not (
        isinstance(size, list | tuple)
        and len(size) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and 16 <= v <= 4096 for v in size)
    ):
        reset("paperdigest_thumbnail_size", "must be (width, height), whole pixels 16 to 4096")
    else:
        config.paperdigest_thumbnail_size = (int(size[0]), int(size[1]))
    if config.paperdigest_thumbnail_fit not in FITS:
        reset("paperdigest_thumbnail_fit", "must be one of " + ", ".join(FITS))
    fmt = config.paperdigest_thumbnail_format
    if fmt == "jpg":
        config.paperdigest_thumbnail_format = "jpeg"
    elif fmt not in FORMATS:
        reset("paperdigest_thumbnail_format", "must be one of " + ", ".join(FORMATS))
    quality = config.paperdigest_thumbnail_quality
    if isinstance(quality, bool) or not isinstance(quality, int) or not 1 <= quality <= 100:
        reset("paperdigest_thumbnail_quality", "must be a whole number from 1 to 100")
    for name in ("paperdigest_keep_animation", "paperdigest_link_originals"):
        if not isinstance(getattr(config, name), bool):
            reset(name, "must be True or False")
    if config.paperdigest_remote_images not in REMOTE_MODES:
        reset("paperdigest_remote_images", "must be one of " + ", ".join(REMOTE_MODES))
    timeout = config.paperdigest_remote_timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        reset("paperdigest_remote_timeout", "must be a number of seconds above 0")
    limit = config.paperdigest_remote_max_bytes
    if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
        reset("paperdigest_remote_max_bytes", "must be a whole number of bytes above 0")
    placeholder = _placeholder_path(config)
    if placeholder is not None:
        path, problem = _local_source("/" + placeholder, Path(app.srcdir))
        if path is None:
            reset("paperdigest_placeholder", str(problem))


def _non_default_css(config: Config) -> str:
    """CSS for a card ratio or fit other than the stylesheet's (16:9, cover)."""
    width, height = config.paperdigest_thumbnail_size
    rules = []
    if width * _DEFAULT_SIZE[1] != height * _DEFAULT_SIZE[0]:
        rules.append(f":root {{\n  --pd-thumb-ratio: {width} / {height};\n}}\n")
    if config.paperdigest_thumbnail_fit == "contain":
        rules.append(".paperdigest-card img.paperdigest-thumb {\n  object-fit: contain;\n}\n")
    if not rules:
        return ""
    head = "/* sphinx-paperdigest: from paperdigest_thumbnail_size and _fit */\n"
    return head + "\n".join(rules)


def _add_css(app: Sphinx) -> None:
    if app.builder.format == "html" and _non_default_css(app.config):
        app.add_css_file(_CSS_FILE)


def _write_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    css = _non_default_css(app.config)
    if css:
        target = Path(app.outdir) / "_static" / _CSS_FILE
        if not target.is_file() or target.read_text(encoding="utf-8") != css:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")


def setup_thumbnails(app: Sphinx) -> None:
    """Register the thumbnail node, its visitors, the read and write steps."""
    other = (visit_thumbnail_other, depart_thumbnail_other)
    app.add_node(
        paperdigest_thumbnail,
        html=(visit_thumbnail_html, None),
        latex=other,
        text=other,
        man=other,
        texinfo=other,
    )
    app.connect("config-inited", check_thumbnail_config)
    # before Sphinx's ImageCollector (500), which notes the pictures' files
    app.connect("doctree-read", resolve_pictures, priority=400)
    app.add_post_transform(ServeThumbnails)
    app.connect("doctree-resolved", register_extra_files)
    app.connect("builder-inited", _new_build)
    app.connect("builder-inited", _add_css)
    app.connect("build-finished", _write_css)


__all__ = [
    "FetchError",
    "FetchLimits",
    "SourceFacts",
    "Thumbnail",
    "ThumbnailError",
    "ThumbnailSettings",
    "Thumbnailer",
    "fetch",
    "paperdigest_thumbnail",
    "plan_for",
    "setup_thumbnails",
]
