"""What one build's pictures share: the cache, the thumbnailer, failures, warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..config import settings
from ..images.fetch import FetchLimits
from ..images.plan import ThumbnailSettings
from ..images.thumbnailer import Thumbnailer
from ..report import file_location, warn


def cache_dir(env: BuildEnvironment) -> Path:
    """The cache of thumbnails and downloads: under the doctree dir, never the sources."""
    return Path(env.doctreedir) / "paperdigest"


@dataclass
class BuildState:
    """One build's shared picture state, in this process (each ``-j`` worker has its own).

    ``failed`` holds the downloads that failed (each is tried once a build),
    ``warned`` the warnings given (each is given once).
    """

    failed: dict[str, str] = field(default_factory=dict)
    warned: set[tuple[str, str]] = field(default_factory=set)


# keyed by the environment: a build's state ends with it, and a new build (a new
# environment, or builder-inited again) starts afresh
_states: WeakKeyDictionary[BuildEnvironment, BuildState] = WeakKeyDictionary()
# Thumbnailers outlive builds on purpose: what they remember (the content hash of
# a file of a given size and time) is true whatever the build, and a process that
# builds again (sphinx-autobuild, tests) need not hash every picture again.
_thumbnailers: dict[Path, Thumbnailer] = {}


def state_of(env: BuildEnvironment) -> BuildState:
    """The state of the build ``env`` belongs to."""
    found = _states.get(env)
    if found is None:
        found = _states[env] = BuildState()
    return found


def new_build(app: Sphinx) -> None:
    """``builder-inited``: forget an earlier build's failures and warnings."""
    _states.pop(app.env, None)


def thumbnailer_for(env: BuildEnvironment) -> Thumbnailer:
    """The thumbnailer of a build's cache directory."""
    where = cache_dir(env)
    found = _thumbnailers.get(where)
    if found is None:
        found = _thumbnailers[where] = Thumbnailer(where)
    return found


def warn_once(env: BuildEnvironment, message: str, node: nodes.Node) -> None:
    """A ``paperdigest.image`` warning at the picture's digest ``file:line``, once."""
    where = file_location(node.source or "", node.line)
    warned = state_of(env).warned
    if (where, message) not in warned:
        warned.add((where, message))
        warn(message, "image", where)


def is_web(builder: type[Builder]) -> bool:
    """Whether a builder makes web pages (WebP, srcset): HTML, but not EPUB."""
    return builder.format == "html" and not builder.name.startswith("epub")


def print_settings(thumbs: ThumbnailSettings) -> ThumbnailSettings:
    """Settings for builders that cannot show WebP or use a 2x file."""
    fmt = "jpeg" if thumbs.format == "webp" else thumbs.format
    return replace(thumbs, format=fmt, scales=(1,))


def drop(node: nodes.Element) -> None:
    """Take a picture out of its page."""
    if node.parent is not None:
        node.parent.remove(node)


def fetch_limits(config: Config) -> FetchLimits:
    """The download limits of a project; ``tls_cacerts`` may be a path or ``{host: path}``."""
    values = settings(config)
    cacerts = config.tls_cacerts
    per_host: tuple[tuple[str, str], ...] = ()
    if isinstance(cacerts, Mapping):
        per_host = tuple(sorted((str(k).lower(), str(v)) for k, v in cacerts.items() if v))
    return FetchLimits(
        timeout=values.remote_timeout,
        max_bytes=values.remote_max_bytes,
        user_agent=str(config.user_agent or "sphinx-paperdigest"),
        verify=bool(config.tls_verify),
        cafile=cacerts if isinstance(cacerts, str) and cacerts else None,
        host_cafiles=per_host,
        allow_private_hosts=values.allow_private_hosts,
    )
