"""Read time: thumbnail, download or drop each card picture of a page.

At ``doctree-read`` (in the ``-j`` workers), every card picture is checked and
thumbnailed, downloaded or dropped, in threads; what the write phase needs is
recorded on the node as ``paperdigest_*`` attributes (no machine paths).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..config import settings
from ..core.files import picture_file
from ..core.urls import is_remote_url
from ..images.cache import Thumbnail
from ..images.fetch import FetchError, FetchLimits, RefusedHost, fetch
from ..images.files import is_svg
from ..images.plan import ThumbnailSettings
from ..images.thumbnailer import ThumbnailError, map_threads, quiet_bombs
from ..nodes import (
    ATTR_PICTURE,
    PLACEHOLDER_CLASS,
    THUMB_CLASS,
    is_digest_picture,
    paperdigest_grid,
)
from .state import (
    cache_dir,
    drop,
    fetch_limits,
    is_web,
    print_settings,
    state_of,
    thumbnailer_for,
    warn_once,
)

#: Where a card picture comes from: ``"local"`` (source dir) or ``"download"`` (cache).
ATTR_ORIGIN = "paperdigest_origin"
#: The source file: relative to the source dir (local) or the cache dir (download).
ATTR_FILE = "paperdigest_file"
ATTR_HASH = "paperdigest_hash"
#: ``"raster"``, ``"animated"`` or ``"svg"``.
ATTR_KIND = "paperdigest_kind"


def local_source(uri: str, srcdir: Path) -> tuple[Path | None, str | None]:
    """The file of a local picture URI (``/path`` from the source dir), or why not."""
    path, why = picture_file(uri, srcdir)
    if why is not None:
        return None, f"picture {uri.lstrip('/')[:120]!r} {why}"
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

    @property
    def failed(self) -> bool:
        """Whether no picture came of it (a download failure is not one: it is linked)."""
        return self.problem is not None or isinstance(self.result, ThumbnailError)


def resolve_pictures(app: Sphinx, doctree: nodes.document) -> None:
    """Read time: thumbnail, download or drop each card picture of a page."""
    env, config = app.env, app.config
    values = settings(config)
    pictures = [n for n in doctree.findall(nodes.image) if is_digest_picture(n)]
    placeholder = values.placeholder_picture
    grids = _grids_with_placeholder(doctree) if placeholder else []
    if not pictures and not grids:
        return
    srcdir = Path(env.srcdir)
    jobs = _card_jobs(pictures, values.remote_images, srcdir)
    held = None
    if placeholder and grids:
        path, problem = local_source("/" + placeholder, srcdir)
        held = _Job(nodes.image(uri="/" + placeholder), source=path, problem=problem)
    thumbs = values.thumbnails
    if not is_web(app.builder.__class__) and app.builder.supported_image_types:
        thumbs = print_settings(thumbs)
    _run_jobs([*jobs, held] if held else jobs, env, thumbs)
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
        remote = is_remote_url(uri)
        if THUMB_CLASS not in node["classes"]:  # a picture in a summary
            if remote and mode == "off":
                _unlink_picture(node, uri)
        elif not remote:
            path, problem = local_source(uri, srcdir)
            jobs.append(_Job(node, source=path, problem=problem))
        elif mode == "off":
            drop(node)
        elif mode == "download":
            jobs.append(_Job(node, url="https:" + uri if uri.startswith("//") else uri))
    return jobs


def _run_jobs(jobs: Sequence[_Job], env: BuildEnvironment, thumbs: ThumbnailSettings) -> None:
    """Download and thumbnail, in threads (Pillow and sockets release the GIL)."""
    thumbnailer, where, limits = thumbnailer_for(env), cache_dir(env), fetch_limits(env.config)
    failed = state_of(env).failed

    def run(job: _Job) -> None:
        if job.url is not None:
            job.download, job.fetch_error = _download(job.url, where, limits, failed)
            job.source = job.download
        if job.source is None or is_svg(job.source):
            return
        try:
            job.result = thumbnailer.find_or_make(job.source, thumbs)
        except ThumbnailError as exc:
            job.result = exc

    with quiet_bombs():
        map_threads(run, [job for job in jobs if job.problem is None])


def _download(
    url: str, where: Path, limits: FetchLimits, failures: dict[str, str]
) -> tuple[Path | None, str | None]:
    """The downloaded file, or why not (a failure is tried once per build)."""
    failed = failures.get(url)
    if failed is not None:
        return None, failed
    try:
        return fetch(url, where, limits), None
    except FetchError as exc:
        why = str(exc)
        if isinstance(exc, RefusedHost):
            why += " (paperdigest_allow_private_hosts = True allows it)"
        failures[url] = why
        return None, why


def _settle(job: _Job, env: BuildEnvironment) -> None:
    """Warn about a card picture that failed, or mark it for the write phase."""
    node = job.node
    if job.url is not None and job.fetch_error is not None:
        warn_once(env, f"cannot download picture {job.url}: {job.fetch_error}; linked", node)
    elif job.url is not None and isinstance(job.result, ThumbnailError):
        warn_once(env, f"downloaded picture {job.url} cannot be used: {job.result}; linked", node)
    elif job.failed:
        name = str(node["uri"]).lstrip("/")
        why = job.problem or f"picture {name!r} cannot be used: {job.result}"
        warn_once(env, f"{why}; the placeholder is shown", node)
        drop(node)
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
            warn_once(env, f"placeholder picture {placeholder!r} cannot be used: {why}", grid)
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
