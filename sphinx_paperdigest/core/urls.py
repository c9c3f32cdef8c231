"""URLs: which are safe, which name papers, and what they tell (ids, dates)."""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote

from .model import PaperLink
from .slugs import slugify

#: Schemes a digest may link to; anything else with a scheme is unsafe.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tab/newline anywhere in a URL and leading C0 controls and
# spaces, so ``java\tscript:`` must be judged as ``javascript:``.
_IGNORED_CHARS_RE = re.compile(r"[\x00-\x20\x7f]")

#: A bare URL in running text: ASCII URL characters only, because digests
#: written in Japanese run text straight on after a URL (``...03253)という``).
BARE_URL_RE = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+")
_TRAILING = ".,:;!?'*"


def url_scheme(url: str) -> str | None:
    """Return the lower-cased scheme of ``url`` as a browser would see it."""
    if url.startswith(("https://", "http://")):  # the common case, decided at once
        return url[: url.index(":")]
    match = _SCHEME_RE.match(_IGNORED_CHARS_RE.sub("", url))
    return match.group(1).lower() if match else None


def is_remote_url(url: str) -> bool:
    """Whether ``url`` is on another host: http(s), or protocol-relative ``//host/...``.

    Anything else is a path (relative to the digest, or the source directory)
    or a scheme no picture or link may have.
    """
    return url.startswith("//") or url_scheme(url) in {"http", "https"}


def is_safe_url(url: str) -> bool:
    """Whether ``url`` may become a link: http(s), mailto, or relative."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


def trim_bare_url(url: str) -> str:
    """Drop trailing punctuation, and parentheses that close text around the URL."""
    end = len(url)
    unbalanced: int | None = None  # count(")") - count("(") in url[:end], once needed
    while end:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")":
            if unbalanced is None:
                unbalanced = url.count(")", 0, end) - url.count("(", 0, end)
            if unbalanced <= 0:
                break
            unbalanced -= 1
            end -= 1
        else:
            break
    return url[:end]


def local_path(src: str) -> str | None:
    """Return ``src`` normalised if it stays inside its base directory, else None.

    ``src`` is a relative path (no scheme); absolute paths and paths that climb
    out with ``..`` are refused.
    """
    path = unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not path or path.startswith("/"):
        return None
    norm = posixpath.normpath(path)
    if norm == ".." or norm.startswith("../") or norm == ".":
        return None
    return norm


def rooted_path(src: str) -> str | None:
    """``/images/x.png`` as ``images/x.png``, if it stays inside its root; else None.

    Zenn writes pictures from the repository's root (``/images/...``); the
    Sphinx layer finds that root among the digest's folder and its parents, in
    the source directory. Any other ``src`` gives None.
    """
    path = src.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return None
    return local_path(path.lstrip("/"))


# -- classification --------------------------------------------------------------

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_PATH_RE = re.compile(
    rf"^/(?:abs|pdf|html|format)/({_ARXIV_NEW}|{_ARXIV_OLD})(v\d+)?(?:\.pdf)?/?$"
)
_DOI_RE = re.compile(r"^/(10\.\d{4,9}/.+)$")
_ACL_RE = re.compile(r"^/(?:anthology/)?([A-Za-z0-9.\-]+?)(?:\.pdf)?/?$")
_PMLR_RE = re.compile(r"^/(v\d+)/([A-Za-z0-9_\-]+?)(?:/[^/]*)?(?:\.html|\.pdf)?$")
_NEURIPS_RE = re.compile(r"/paper(?:_files/paper)?/(\d{4})/(?:hash|file)/([0-9a-f]{16,})")
_S2_RE = re.compile(r"([0-9a-f]{40})")
_GITHUB_RE = re.compile(r"^/([A-Za-z0-9_.\-]+)/([A-Za-z0-9_.\-]+)")
_GITHUB_NOT_OWNERS = frozenset({"orgs", "topics", "features", "settings", "sponsors"})


def _host(netloc: str) -> str:
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
    return netloc.partition(":")[0].lower().removeprefix("www.")


# urlsplit does much more than this needs; a digest has thousands of URLs
_SPLIT_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://([^/?#]*)([^?#]*)(?:\?([^#]*))?")


@functools.lru_cache(maxsize=4096)
def _split(url: str) -> tuple[str, str, str]:
    """``(host without www., path, query)`` of an absolute URL (empty when not one)."""
    match = _SPLIT_RE.match(url.strip())
    if match is None:
        return "", "", ""
    return _host(match.group(1)), match.group(2), match.group(3) or ""


Kind = tuple[str, str | None]


def _arxiv(path: str, query: str) -> Kind:
    match = _ARXIV_PATH_RE.match(path)
    return ("arxiv", match.group(1)) if match else ("other", None)


def _doi(path: str, query: str) -> Kind:
    match = _DOI_RE.match(path)
    return ("doi", match.group(1).rstrip("/")) if match else ("other", None)


def _openreview(path: str, query: str) -> Kind:
    forum = parse_qs(query).get("id")
    return "openreview", forum[0] if forum else None


def _acl(path: str, query: str) -> Kind:
    match = _ACL_RE.match(path)
    return "acl", match.group(1) if match else None


def _cvf(path: str, query: str) -> Kind:
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return "cvf", stem or None


def _pmlr(path: str, query: str) -> Kind:
    match = _PMLR_RE.match(path)
    return "pmlr", f"{match.group(1)}/{match.group(2)}" if match else None


def _neurips(path: str, query: str) -> Kind:
    match = _NEURIPS_RE.search(path)
    return "neurips", f"{match.group(1)}/{match.group(2)[:32]}" if match else None


def _iclr(path: str, query: str) -> Kind:
    return "iclr", None


def _semanticscholar(path: str, query: str) -> Kind:
    match = _S2_RE.search(path)
    return "semanticscholar", match.group(1) if match else None


def _github(path: str, query: str) -> Kind:
    match = _GITHUB_RE.match(path)
    if match and match.group(1).lower() not in _GITHUB_NOT_OWNERS:
        return "github", f"{match.group(1)}/{match.group(2).removesuffix('.git')}"
    return "github", None


#: How each paper host's URLs are read: ``(unquoted path, query) -> (kind, id)``.
_CLASSIFIERS: dict[str, Callable[[str, str], Kind]] = {
    "arxiv.org": _arxiv,
    "export.arxiv.org": _arxiv,
    "doi.org": _doi,
    "dx.doi.org": _doi,
    "openreview.net": _openreview,
    "aclanthology.org": _acl,
    "aclweb.org": _acl,
    "openaccess.thecvf.com": _cvf,
    "proceedings.mlr.press": _pmlr,
    "proceedings.neurips.cc": _neurips,
    "papers.nips.cc": _neurips,
    "papers.neurips.cc": _neurips,
    "iclr.cc": _iclr,
    "semanticscholar.org": _semanticscholar,
    "api.semanticscholar.org": _semanticscholar,
    "github.com": _github,
}


def classify_url(url: str) -> Kind:
    """Return ``(kind, id)`` for a URL (see :class:`~.model.PaperLink`)."""
    host, raw_path, query = _split(url)
    classify = _CLASSIFIERS.get(host)
    return classify(unquote(raw_path), query) if classify else ("other", None)


def paper_link(url: str, label: str = "", line: int | None = None) -> PaperLink:
    """Classify ``url`` into a :class:`~.model.PaperLink`."""
    kind, ident = classify_url(url)
    return PaperLink(url=url, kind=kind, id=ident, label=label, line=line)


def link_key(link: PaperLink) -> str:
    """A key under which two spellings of the same page compare equal."""
    if link.id is not None:
        return f"{link.kind}:{link.id}"
    host, path, query = _split(link.url)
    return f"{host}{path.rstrip('/')}?{query}" if host else link.url


# -- what a URL tells ---------------------------------------------------------------

_URL_DATE_RES = (
    re.compile(r"(?<![0-9])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![0-9])"),
    re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)"),
)


def date_from_url(url: str) -> dt.date | None:
    """Return a date written in a URL's path (``/2021-06-13-x``, ``/2021/06/13/``)."""
    path = _split(url)[1]
    for pattern in _URL_DATE_RES:
        for match in pattern.finditer(path):
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def url_slug(url: str) -> str:
    """Return a slug for a page URL: its last meaningful path segment."""
    host, path, _ = _split(url)
    if not host:  # a relative URL: all of it is path
        path = url.split("#", 1)[0].split("?", 1)[0]
    segments = [s for s in unquote(path).split("/") if s]
    while segments:
        stem = posixpath.splitext(segments[-1])[0]
        if stem.lower() not in {"index", "abs", "pdf", "html", "paper", "post", "posts"}:
            return slugify(stem)
        segments.pop()
    return slugify(host)
