"""Card thumbnails in Sphinx: resolve, serve and show every card picture.

The pictures themselves are made by :mod:`sphinx_paperdigest.images` (no
Sphinx there). This module is the glue, in three steps:

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

The cache (thumbnails, what each source is, downloads) is under
``<doctreedir>/paperdigest/``.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import guess_mimetype

from .config import CONFIG_VALUES
from .images.cache import Thumbnail
from .images.fetch import FetchError, FetchLimits, RefusedHost, fetch
from .images.files import is_svg
from .images.plan import FITS, FORMATS, ThumbnailSettings
from .images.thumbnailer import Thumbnailer, ThumbnailError, map_threads, quiet_bombs
from .nodes import (
    ATTR_PICTURE,
    PLACEHOLDER_CLASS,
    THUMB_CLASS,
    is_digest_picture,
    paperdigest_grid,
    paperdigest_thumbnail,
)
from .report import file_location, warn
from .sphinxcompat import builder_class

REMOTE_MODES = ("link", "download", "off")
#: Suffixes that make a ``paperdigest_placeholder`` value a picture path.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
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


# -- settings and per-process state -------------------------------------------------


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


def _new_build(app: Sphinx) -> None:
    """Forget the last build's failed downloads and warnings (one process, many builds)."""
    _failed_downloads.clear()
    _warned.clear()


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
    name = relative[:120]  # a digest may name a picture with a 100,000-character path
    path = srcdir / relative
    try:
        real = path.resolve()
        real.relative_to(srcdir.resolve())
    except (OSError, ValueError):
        return None, f"picture {name!r} is outside the source directory"
    try:
        # is_file() lets some errors through (a name too long for the system)
        regular = real.is_file()
    except (OSError, ValueError):
        regular = False
    if not regular:
        return None, f"picture {name!r} not found"
    return path, None


def _placeholder_path(config: Config) -> str | None:
    """The picture ``paperdigest_placeholder`` names, relative to the source dir."""
    value = config.paperdigest_placeholder
    if isinstance(value, str) and value.lower().endswith(IMAGE_SUFFIXES):
        return value.lstrip("/")
    return None


def _limits(config: Config) -> FetchLimits:
    """The download limits of a project; ``tls_cacerts`` may be a path or ``{host: path}``."""
    cacerts = config.tls_cacerts
    per_host: tuple[tuple[str, str], ...] = ()
    if isinstance(cacerts, Mapping):
        per_host = tuple(sorted((str(k).lower(), str(v)) for k, v in cacerts.items() if v))
    return FetchLimits(
        timeout=float(config.paperdigest_remote_timeout),
        max_bytes=int(config.paperdigest_remote_max_bytes),
        user_agent=str(config.user_agent or "sphinx-paperdigest"),
        verify=bool(config.tls_verify),
        cafile=cacerts if isinstance(cacerts, str) and cacerts else None,
        host_cafiles=per_host,
        # only a real True opens the door: a stray truthy value does not
        allow_private_hosts=config.paperdigest_allow_private_hosts is True,
    )


# -- read time: thumbnail, download or drop each card picture -----------------------


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

    @property
    def failed(self) -> bool:
        """Whether no picture came of it (a download failure is not one: it is linked)."""
        return self.problem is not None or isinstance(self.result, ThumbnailError)


def resolve_pictures(app: Sphinx, doctree: nodes.document) -> None:
    """Read time: thumbnail, download or drop each card picture of a page."""
    env, config = app.env, app.config
    pictures = [n for n in doctree.findall(nodes.image) if is_digest_picture(n)]
    placeholder = _placeholder_path(config)
    grids = _grids_with_placeholder(doctree) if placeholder else []
    if not pictures and not grids:
        return
    srcdir = Path(env.srcdir)
    jobs = _card_jobs(pictures, config.paperdigest_remote_images, srcdir)
    held = None
    if placeholder and grids:
        path, problem = _local_source("/" + placeholder, srcdir)
        held = _Job(nodes.image(uri="/" + placeholder), source=path, problem=problem)
    settings = settings_from(config)
    if not is_web(app.builder.__class__) and app.builder.supported_image_types:
        settings = print_settings(settings)
    _run_jobs([*jobs, held] if held else jobs, env, settings)
    for job in jobs:  # warnings in document order, whatever order the threads finished in
        _settle(job, env)
    if placeholder and held:
        _insert_placeholders(grids, placeholder, held, env)


def _grids_with_placeholder(doctree: nodes.document) -> list[paperdigest_grid]:
    return [g for g in doctree.findall(paperdigest_grid) if g.placeholder]


def _card_jobs(pictures: Sequence[nodes.image], mode: str, srcdir: Path) -> list[_Job]:
    """The card pictures to thumbnail or download; remote ones dropped when ``"off"``."""
    jobs: list[_Job] = []
    for node in pictures:
        uri = str(node.get("uri", ""))
        remote = uri.startswith(("http://", "https://", "//"))
        if THUMB_CLASS not in node["classes"]:  # a picture in a summary
            if remote and mode == "off":
                _unlink_picture(node, uri)
        elif not remote:
            path, problem = _local_source(uri, srcdir)
            jobs.append(_Job(node, source=path, problem=problem))
        elif mode == "off":
            _drop(node)
        elif mode == "download":
            jobs.append(_Job(node, url="https:" + uri if uri.startswith("//") else uri))
    return jobs


def _run_jobs(jobs: Sequence[_Job], env: BuildEnvironment, settings: ThumbnailSettings) -> None:
    """Download and thumbnail, in threads (Pillow and sockets release the GIL)."""
    thumbs, where, limits = thumbnailer_for(env), cache_dir(env), _limits(env.config)

    def run(job: _Job) -> None:
        if job.url is not None:
            job.download, job.fetch_error = _download(job.url, where, limits)
            job.source = job.download
        if job.source is None or is_svg(job.source):
            return
        try:
            job.result = thumbs.find_or_make(job.source, settings)
        except ThumbnailError as exc:
            job.result = exc

    with quiet_bombs():
        map_threads(run, [job for job in jobs if job.problem is None])


def _download(url: str, where: Path, limits: FetchLimits) -> tuple[Path | None, str | None]:
    """The downloaded file, or why not (a failure is tried once per build)."""
    failed = _failed_downloads.get(url)
    if failed is not None:
        return None, failed
    try:
        return fetch(url, where, limits), None
    except FetchError as exc:
        why = str(exc)
        if isinstance(exc, RefusedHost):
            why += " (paperdigest_allow_private_hosts = True allows it)"
        _failed_downloads[url] = why
        return None, why


def _settle(job: _Job, env: BuildEnvironment) -> None:
    """Warn about a card picture that failed, or mark it for the write phase."""
    node = job.node
    if job.url is not None and job.fetch_error is not None:
        _warn_once(f"cannot download picture {job.url}: {job.fetch_error}; linked", node)
    elif job.url is not None and isinstance(job.result, ThumbnailError):
        _warn_once(f"downloaded picture {job.url} cannot be used: {job.result}; linked", node)
    elif job.failed:
        name = str(node["uri"]).lstrip("/")
        why = job.problem or f"picture {name!r} cannot be used: {job.result}"
        _warn_once(f"{why}; the placeholder is shown", node)
        _drop(node)
    else:
        _mark(node, job, env)


def _mark(node: nodes.image, job: _Job, env: BuildEnvironment) -> None:
    """Record on a card picture what the write phase needs (no machine paths)."""
    if job.download is not None:
        node[ATTR_ORIGIN] = "download"
        node[ATTR_FILE] = job.download.relative_to(cache_dir(env)).as_posix()
    else:
        node[ATTR_ORIGIN] = "local"
        node[ATTR_FILE] = str(node["uri"]).lstrip("/")
    result = job.result
    if not isinstance(result, Thumbnail):  # SVG: shown as it is
        node[ATTR_KIND] = "svg"
        return
    node[ATTR_HASH] = result.digest
    node[ATTR_KIND] = "animated" if result.facts.animated else "raster"
    first = result.variants[0]
    node["width"], node["height"] = str(first.width), str(first.height)


def _insert_placeholders(
    grids: Sequence[paperdigest_grid], placeholder: str, job: _Job, env: BuildEnvironment
) -> None:
    """Give every card without a picture the placeholder picture."""
    for grid in grids:
        if grid.placeholder.lstrip("/") != placeholder:
            continue
        grid["placeholder"] = ""
        if job.failed:
            why = job.problem or str(job.result)
            _warn_once(f"placeholder picture {placeholder!r} cannot be used: {why}", grid)
            continue
        for entry in grid.entries():
            if entry.picture is None:
                node = _placeholder_node(entry, placeholder)
                _mark(node, replace(job, node=node), env)
                entry.insert(0, node)


def _placeholder_node(entry: nodes.Element, placeholder: str) -> nodes.image:
    node = nodes.image(
        uri="/" + placeholder,
        alt="",
        classes=[THUMB_CLASS, PLACEHOLDER_CLASS],
        loading="lazy",
    )
    node[ATTR_PICTURE] = True
    node.source, node.line = entry.source, entry.line
    return node


def _unlink_picture(node: nodes.image, uri: str) -> None:
    """``paperdigest_remote_images = "off"``: a summary picture becomes a link."""
    text = str(node.get("alt") or uri)
    link: nodes.Element = nodes.reference(
        text, text, refuri=uri, classes=["paperdigest-picture-link"]
    )
    if not isinstance(node.parent, nodes.TextElement):
        link = nodes.paragraph("", "", link)
    node.replace_self(link)


# -- write time: the file each builder shows ----------------------------------------


class ServeThumbnails(SphinxPostTransform):
    """Point each card picture at the file this builder shows, through ``env.images``."""

    default_priority = 75  # before DropRemotePictures (80): downloads are local files

    def run(self, **kwargs: Any) -> None:
        builder = builder_class(self.env)
        web = is_web(builder)
        shows_images = bool(builder.supported_image_types) or web
        settings = settings_from(self.config)
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
            elif origin is None and web and self.config.paperdigest_link_originals:
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
        env = self.env
        if node[ATTR_ORIGIN] == "download":
            source = cache_dir(env) / node[ATTR_FILE]
            original, remote_url = str(source), str(node["uri"])
        else:
            source = Path(env.srcdir) / node[ATTR_FILE]
            original, remote_url = node[ATTR_FILE], None
        if web and self.config.paperdigest_link_originals:
            node[ATTR_ORIGINAL] = remote_url or original
            if remote_url is None:
                env.images.add_file(env.docname, original)
        if self._as_is(node, web):
            if remote_url is not None:
                env.images.add_file(env.docname, original)
            node["uri"] = original
            node["candidates"] = {"*": original}
            return True
        try:
            thumb = thumbnailer_for(env).thumbnail(source, settings, digest=node.get(ATTR_HASH))
        except ThumbnailError as exc:
            _warn_once(f"picture {node[ATTR_FILE]!r} cannot be used: {exc}", node)
            _drop(node)
            return False
        self._point_at(node, thumb, web)
        return True

    def _as_is(self, node: nodes.image, web: bool) -> bool:
        """Whether the original is shown: an SVG, or an animation HTML keeps."""
        kind = node.get(ATTR_KIND)
        keep = web and self.config.paperdigest_keep_animation
        return kind == "svg" or (kind == "animated" and keep)

    def _point_at(self, node: nodes.image, thumb: Thumbnail, web: bool) -> None:
        env, docname = self.env, self.env.docname
        first = thumb.variants[0]
        path = str(first.path)
        node["uri"] = path
        node["candidates"] = {"*": path}
        node["width"], node["height"] = str(first.width), str(first.height)
        env.images.add_file(docname, path)
        if web and len(thumb.variants) > 1:
            for variant in thumb.variants[1:]:
                env.images.add_file(docname, str(variant.path))
            node[ATTR_SRCSET] = [[str(v.path), v.descriptor] for v in thumb.variants[1:]]


def register_extra_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: files HTML names besides ``uri`` get copied too.

    Also drops a card picture no candidate of which the builder can show (an
    SVG in LaTeX when no converter made a PNG of it): no picture, no error.
    """
    web = is_web(type(app.builder))
    for node in list(doctree.findall(paperdigest_thumbnail)):
        if web:
            _register_html_files(app, node)
        elif not _can_show(app, node):
            _drop(node)


def _register_html_files(app: Sphinx, node: paperdigest_thumbnail) -> None:
    srcset: list[list[str]] = node.get(ATTR_SRCSET) or []
    extra = [pair[0] for pair in srcset]
    original = node.get(ATTR_ORIGINAL)
    if original and original in app.env.images:
        extra.append(original)
    for name in extra:
        app.builder.images[name] = app.env.images[name][1]


def _can_show(app: Sphinx, node: paperdigest_thumbnail) -> bool:
    supported = app.builder.supported_image_types
    candidates = node["candidates"]
    if not supported or "?" in candidates:
        return True
    if "*" in candidates:
        kinds = {guess_mimetype(Path(app.srcdir) / candidates["*"])}
    else:
        kinds = set(candidates)
    return bool(kinds & set(supported))


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


# -- configuration and CSS ----------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_size(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(_is_int(v) and 16 <= v <= 4096 for v in value)
    )


_CHECKS: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
    ("paperdigest_thumbnail_size", _is_size, "must be (width, height), whole pixels 16 to 4096"),
    ("paperdigest_thumbnail_fit", lambda v: v in FITS, "must be one of " + ", ".join(FITS)),
    (
        "paperdigest_thumbnail_format",
        lambda v: v in (*FORMATS, "jpg"),
        "must be one of " + ", ".join(FORMATS),
    ),
    (
        "paperdigest_thumbnail_quality",
        lambda v: _is_int(v) and 1 <= v <= 100,
        "must be a whole number from 1 to 100",
    ),
    ("paperdigest_keep_animation", lambda v: isinstance(v, bool), "must be True or False"),
    ("paperdigest_link_originals", lambda v: isinstance(v, bool), "must be True or False"),
    ("paperdigest_allow_private_hosts", lambda v: isinstance(v, bool), "must be True or False"),
    (
        "paperdigest_remote_images",
        lambda v: v in REMOTE_MODES,
        "must be one of " + ", ".join(REMOTE_MODES),
    ),
    (
        "paperdigest_remote_timeout",
        lambda v: (_is_int(v) or isinstance(v, float)) and v > 0,
        "must be a number of seconds above 0",
    ),
    (
        "paperdigest_remote_max_bytes",
        lambda v: _is_int(v) and v > 0,
        "must be a whole number of bytes above 0",
    ),
)


def check_thumbnail_config(app: Sphinx, config: Config) -> None:
    """Validate the thumbnail values once; a bad value is a warning and its default."""

    def reset(name: str, why: str) -> None:
        warn(f"{name}: {why}; the default is used", "option")
        setattr(config, name, next(v.default for v in CONFIG_VALUES if v.name == name))

    for name, valid, why in _CHECKS:
        if not valid(getattr(config, name)):
            reset(name, why)
    width, height = config.paperdigest_thumbnail_size
    config.paperdigest_thumbnail_size = (int(width), int(height))
    if config.paperdigest_thumbnail_format == "jpg":
        config.paperdigest_thumbnail_format = "jpeg"
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


__all__ = ["paperdigest_thumbnail", "setup_thumbnails", "thumbnailer_for"]
