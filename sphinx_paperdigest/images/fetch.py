"""Download a remote picture once: public hosts, one deadline, a size cap, four formats.

Downloads are kept in ``<cache>/remote/``, named by a hash of the URL, so a
later build finds them without the network. Where a download may connect
and how long it may take is :mod:`.netpolicy`'s business; this module makes
the request, follows redirects, and keeps only JPEG, PNG, GIF and WebP,
known by their first bytes (not by what the server says they are).

:func:`get` is the same request for anything that is not a picture (an API's
answer): the same hosts, redirects, deadline and size cap, the body returned
in memory, whatever its format.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import ssl
import tempfile
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPException, HTTPResponse
from pathlib import Path
from typing import IO, TypeVar

from .files import is_svg
from .netpolicy import Deadline, HeadersTooLarge, HostRefused, PinnedConnection, tls_context

_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_OK = frozenset({200, 203})
#: The formats downloads keep, by their first bytes: content type and suffix.
_SIGNATURES: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (lambda head: head.startswith(b"\xff\xd8\xff"), "image/jpeg"),
    (lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "image/png"),
    (lambda head: head[:6] in (b"GIF87a", b"GIF89a"), "image/gif"),
    (lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP", "image/webp"),
)
_SIGNATURE_BYTES = 12
_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
#: Characters a request target keeps as they are (others are percent-encoded).
_TARGET_SAFE = "!#$%&'()*+,/:;=?@[]~"
#: What a picture request accepts.
_PICTURE_ACCEPT = ", ".join(_SUFFIXES)

_T = TypeVar("_T")


class FetchError(Exception):
    """A remote picture cannot be downloaded; the message says why."""


class RefusedHost(FetchError):
    """The picture's host (or a redirect's) is this machine or a private network."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds of a download, and how to present ourselves.

    ``cafile`` is for every host; ``host_cafiles`` (``(host or host:port,
    path)`` pairs, Sphinx's ``tls_cacerts`` dict) win for their host. A path
    may be a file or a directory of certificates.
    """

    timeout: float = 10.0
    max_bytes: int = 20_000_000
    user_agent: str = "sphinx-paperdigest"
    verify: bool = True
    cafile: str | None = None
    host_cafiles: tuple[tuple[str, str], ...] = ()
    allow_private_hosts: bool = False

    def cafile_for(self, netloc: str, host: str) -> str | None:
        """The CA certificates for a host: its own (by ``host:port``, then host), or all's."""
        own = dict(self.host_cafiles)
        return own.get(netloc) or own.get(host) or self.cafile


def sniff(head: bytes) -> str | None:
    """The content type of a picture downloads keep, from its first bytes; else None."""
    return next((kind for matches, kind in _SIGNATURES if matches(head)), None)


def remote_path(url: str, cache_dir: Path, kind: str = "") -> Path:
    """Where the download of ``url`` is kept; the suffix follows its content type."""
    name = hashlib.sha256(url.encode()).hexdigest()[:32]
    return cache_dir / "remote" / name[:2] / (name + _SUFFIXES.get(kind, ".img"))


def cached_download(url: str, cache_dir: Path) -> Path | None:
    """The earlier download of ``url``, if there is one of a format downloads keep.

    Files an older version kept (an SVG...) are not used.
    """
    stem = remote_path(url, cache_dir)
    found = sorted(stem.parent.glob(stem.stem + ".*")) if stem.parent.is_dir() else []
    for path in found:
        if path.name.startswith(".") or path.suffix not in _SUFFIXES.values():
            continue
        with contextlib.suppress(OSError), path.open("rb") as f:
            if sniff(f.read(_SIGNATURE_BYTES)) is not None:
                return path
    return None


def fetch(url: str, cache_dir: Path, limits: FetchLimits) -> Path:
    """Download a picture once; later calls return the cached file.

    Refuses other schemes than http(s) (also in redirects), hosts that are or
    resolve to this machine or a private network (unless
    ``limits.allow_private_hosts``), bodies that are not JPEG, PNG, GIF or
    WebP, bodies over ``max_bytes``, and downloads slower than ``timeout``
    seconds in all. Raises :class:`FetchError`.
    """
    found = cached_download(url, cache_dir)
    if found is not None:
        return found
    return _download(url, limits, lambda kind: remote_path(url, cache_dir, kind))


def get(url: str, limits: FetchLimits, accept: str = "*/*") -> bytes:
    """The body of ``url``, under the same policy as a picture download.

    The same hosts (public only, unless ``limits.allow_private_hosts``), pinned
    connections, redirects, one deadline and ``max_bytes``; no check of the
    body's format, which is the caller's. Raises :class:`FetchError`.
    """
    deadline = Deadline(limits.timeout)
    return _guarded(
        limits, lambda: _follow(url, limits, deadline, accept, lambda r: _body(r, limits))
    )


def _download(url: str, limits: FetchLimits, path_for: Callable[[str], Path]) -> Path:
    """Follow ``url`` to a picture and save it; every failure is a :class:`FetchError`."""
    deadline = Deadline(limits.timeout)
    return _guarded(
        limits,
        lambda: _follow(
            url, limits, deadline, _PICTURE_ACCEPT, lambda r: _save(r, limits, path_for)
        ),
    )


def _guarded(limits: FetchLimits, request: Callable[[], _T]) -> _T:
    """Run ``request``; every failure of it becomes a :class:`FetchError`."""
    try:
        return request()
    except FetchError:
        raise
    except HostRefused as exc:
        raise RefusedHost(str(exc)) from None
    except TimeoutError:
        raise FetchError(f"took more than {limits.timeout:g} s") from None
    except HeadersTooLarge as exc:
        raise FetchError(str(exc)) from None
    except ssl.SSLCertVerificationError as exc:
        why = f"certificate verify failed: {exc.verify_message}"
        raise FetchError(f"cannot connect: {why}") from None
    except (OSError, HTTPException, ValueError, UnicodeError) as exc:
        raise FetchError(f"download failed: {exc or type(exc).__name__}") from None


@dataclass(frozen=True, slots=True)
class _Target:
    """Where a request goes: from an http(s) URL."""

    https: bool
    host: str
    port: int
    netloc: str
    path: str

    @classmethod
    def of(cls, url: str) -> _Target:
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        host = parts.hostname
        if not host:
            raise FetchError(f"no host in {url}")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchError(f"bad port in {url}") from None
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        netloc = parts.netloc.rpartition("@")[2].lower()
        return cls(scheme == "https", host, port, netloc, urllib.parse.quote(path, _TARGET_SAFE))


def _follow(
    url: str,
    limits: FetchLimits,
    deadline: Deadline,
    accept: str,
    receive: Callable[[HTTPResponse], _T],
) -> _T:
    """Request ``url``, and each redirect's target (a new, checked connection each).

    ``receive`` reads the body of the final answer (a 200 or 203).
    """
    for _ in range(_MAX_REDIRECTS + 1):
        target = _Target.of(url)
        context = None
        if target.https:
            context = tls_context(limits.verify, limits.cafile_for(target.netloc, target.host))
        conn = PinnedConnection(
            target.host,
            target.port,
            deadline=deadline,
            allow_private=limits.allow_private_hosts,
            context=context,
        )
        try:
            _connect(conn)
            conn.request("GET", target.path, headers=_headers(limits, accept))
            response = conn.getresponse()
            conn.body_phase()
            with response:
                if response.status in _REDIRECTS:
                    url = _redirect(url, response)
                    continue
                if response.status not in _OK:
                    raise FetchError(f"HTTP {response.status} {response.reason}")
                return receive(response)
        finally:
            conn.close()
    raise FetchError(f"more than {_MAX_REDIRECTS} redirects")


def _connect(conn: PinnedConnection) -> None:
    try:
        conn.connect()
    except (HostRefused, TimeoutError, ssl.SSLCertVerificationError):
        raise
    except OSError as exc:
        raise FetchError(f"cannot connect to {conn.host}:{conn.port}: {exc}") from None


def _headers(limits: FetchLimits, accept: str) -> dict[str, str]:
    return {"User-Agent": limits.user_agent, "Accept": accept, "Connection": "close"}


def _redirect(url: str, response: HTTPResponse) -> str:
    """The next URL: http(s) only. The redirect's body is never read."""
    location = response.getheader("Location")
    if not location:
        raise FetchError(f"HTTP {response.status} without a Location")
    new = urllib.parse.urljoin(url, location.strip()).partition("#")[0]
    scheme = urllib.parse.urlsplit(new).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"redirect to a {scheme or 'relative'}: URL refused ({new})")
    return new


def _save(response: HTTPResponse, limits: FetchLimits, path_for: Callable[[str], Path]) -> Path:
    """Write the body to its cache file, a chunk at a time; refuse it on any limit."""
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{declared} bytes is more than {limits.max_bytes}")
    head = _head(response)
    kind = sniff(head)
    if kind is None:
        raise FetchError(_not_a_picture(response, head))
    path = path_for(kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            size = _copy(response, head, f, limits.max_bytes)
        if declared.isdigit() and size < int(declared):
            raise FetchError(f"the body ended after {size} of {declared} bytes")
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    return path


def _head(response: HTTPResponse) -> bytes:
    """The first bytes of the body: enough to know its format (fewer if it is shorter)."""
    head = b""
    while len(head) < _SIGNATURE_BYTES:
        # read1: whatever has come, so a server that drips bytes meets the deadline
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        head += chunk
    if not head:
        raise FetchError("the server sent an empty body")
    return head


def _copy(response: HTTPResponse, head: bytes, out: IO[bytes], max_bytes: int) -> int:
    """Write ``head`` and the rest of the body to ``out``; its size in bytes."""
    size = len(head)
    chunk = head
    while chunk:
        if size > max_bytes:
            raise FetchError(f"more than {max_bytes} bytes")
        out.write(chunk)
        chunk = response.read1(_CHUNK)
        size += len(chunk)
    return size


def _body(response: HTTPResponse, limits: FetchLimits) -> bytes:
    """The whole body in memory, refused past ``max_bytes`` (declared or sent)."""
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{declared} bytes is more than {limits.max_bytes}")
    out = io.BytesIO()
    # read1: whatever has come, so a server that drips bytes meets the deadline
    size = _copy(response, response.read1(_CHUNK), out, limits.max_bytes)
    if declared.isdigit() and size < int(declared):
        raise FetchError(f"the body ended after {size} of {declared} bytes")
    return out.getvalue()


def _not_a_picture(response: HTTPResponse, head: bytes) -> str:
    served = response.headers.get_content_type() if response.getheader("Content-Type") else None
    said = f" (served as {served})" if served else ""
    if served == "image/svg+xml" or is_svg(Path("download"), head):
        return f"SVG pictures are not downloaded: they can hold scripts{said}"
    return f"not a JPEG, PNG, GIF or WebP picture{said}"
