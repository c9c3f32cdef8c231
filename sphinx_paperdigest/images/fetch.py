"""Download a remote picture once: a deadline, a size cap, a content-type check.

Downloads are kept in ``<cache>/remote/``, named by a hash of the URL, so a
later build finds them without the network.
"""

from __future__ import annotations

import hashlib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage, HTTPResponse
from pathlib import Path
from typing import IO

from .files import write_atomic

_CHUNK = 64 * 1024
_SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "image/avif": ".avif",
}


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
    kind, data = _download(url, limits)
    path = remote_path(url, cache_dir, kind)
    write_atomic(path, lambda f: f.write(data))
    return path


def _download(url: str, limits: FetchLimits) -> tuple[str, bytes]:
    """The content type and body of ``url``; every failure is a :class:`FetchError`."""
    request = urllib.request.Request(  # noqa: S310 - the caller checked the scheme
        url, headers={"User-Agent": limits.user_agent, "Accept": "image/*"}
    )
    too_slow = f"took more than {limits.timeout:g} s"
    deadline = time.monotonic() + limits.timeout
    try:
        with _opener(limits).open(request, timeout=limits.timeout) as response:
            return _read(response, limits, deadline)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, FetchError):
            raise reason from None
        if isinstance(reason, TimeoutError):
            raise FetchError(too_slow) from None
        raise FetchError(f"cannot connect: {reason}") from None
    except TimeoutError:
        raise FetchError(too_slow) from None
    except (OSError, HTTPException, ValueError) as exc:
        raise FetchError(f"download failed: {exc}") from None


def _opener(limits: FetchLimits) -> urllib.request.OpenerDirector:
    context = ssl.create_default_context(cafile=limits.cafile)
    if not limits.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return urllib.request.build_opener(
        _HttpOnlyRedirects(), urllib.request.HTTPSHandler(context=context)
    )


def _read(response: HTTPResponse, limits: FetchLimits, deadline: float) -> tuple[str, bytes]:
    """The body of a picture answer, refused as soon as it breaks a limit."""
    kind = response.headers.get_content_type()
    if not kind.startswith("image/"):
        raise FetchError(f"the server sent {kind}, not a picture")
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{declared} bytes is more than {limits.max_bytes}")
    chunks: list[bytes] = []
    size = 0
    # read1: whatever has come, so a server that drips bytes meets the deadline
    # (read(n) would wait for all n bytes, a socket timeout at a time)
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"more than {limits.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"took more than {limits.timeout:g} s")
        chunks.append(chunk)
    if not chunks:
        raise FetchError("the server sent an empty body")
    return kind, b"".join(chunks)
