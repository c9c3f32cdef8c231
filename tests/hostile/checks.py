"""What the hostile suite asserts of outputs: markup, URLs, TeX, leaks, warnings.

Markup is judged by parsing (BeautifulSoup), never by substrings alone. An
element that can run script or load something (``<script>``, ``<svg>``, a
``<form>``, ``<meta http-equiv>``, any ``on*`` attribute, a URL with another
scheme than http(s) or mailto...) is allowed only when the same element, in
the same words, is on a page of a reference build of a harmless digest: the
theme's own header, scripts and search box, never anything a digest brought.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

#: Elements that can run script, load a document or send a form.
ACTIVE_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "svg",
        "math",
        "base",
        "link",
        "template",
        "portal",
        "noscript",
        "input",
        "button",
        "textarea",
        "select",
        "isindex",
    }
)
#: Attributes that hold one URL.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "longdesc",
        "xlink:href",
        "manifest",
        "ping",
        "lowsrc",
        "dynsrc",
        "codebase",
        "archive",
        "icon",
        "profile",
        "usemap",
    }
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_STRIPPED_RE = re.compile(r"[\t\n\r]")
_LEADING = "".join(chr(c) for c in range(0x21))
_UP_RE = re.compile(r'\b(href|src)="(?:\.\./)+')
_STYLE_RE = re.compile(
    r"url\s*\(|expression\s*\(|javascript:|@import|behavior\s*:|-moz-binding", re.I
)


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url`` (leading controls and spaces, tabs and
    newlines anywhere are ignored), lower case; None for a relative URL."""
    text = _STRIPPED_RE.sub("", url.lstrip(_LEADING))
    match = _SCHEME_RE.match(text)
    return match.group(1).lower() if match else None


def safe_url(url: str) -> bool:
    """http, https, mailto, or relative."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _problems(tag: Tag) -> list[str]:
    """Why ``tag`` could run script or load something, if it could."""
    found = []
    if tag.name in ACTIVE_ELEMENTS:
        found.append(f"<{tag.name}> element")
    if tag.name == "meta" and any(key.lower() == "http-equiv" for key in tag.attrs):
        found.append("<meta http-equiv>")
    for key, value in tag.attrs.items():
        name = key.lower()
        text = " ".join(value) if isinstance(value, list) else str(value)
        if name.startswith("on"):
            found.append(f"{name} attribute")
        elif name in URL_ATTRIBUTES and not safe_url(text):
            found.append(f"{name}={text[:80]!r}")
        elif name in {"srcset", "imagesrcset"}:
            found.extend(f"{name} URL {u[:80]!r}" for u in _srcset_urls(text) if not safe_url(u))
        elif name == "style" and _STYLE_RE.search(text):
            found.append(f"style={text[:80]!r}")
        elif name == "srcdoc":
            found.append("srcdoc attribute")
    return found


def signature(tag: Tag, page: str) -> str:
    """The element as written, with the page's own name (which differs between
    pages and builds) replaced, and the attributes Sphinx sets per page
    (``rel=next/prev/canonical`` links) reduced to their kind."""
    if tag.name == "link" and set(tag.get("rel") or []) & {"next", "prev", "canonical"}:
        return f"<link rel={' '.join(tag.get('rel') or [])}>"
    if tag.name == "button" and "paperdigest-filter-toggle" in (tag.get("class") or []):
        # the filter bar's toggles name the page's topics and years: their shape
        # (attribute names, type, classes, child elements) is compared, not the
        # words; an added attribute or element still differs
        return _shape(tag)
    # the name as a path or fragment, not any run of its letters (a page "b")
    text = re.sub(rf'(?<=[/"#]){re.escape(page)}(?=[."#?/])', "@PAGE@", str(tag))
    # a page in a folder (topics/x.html) reaches the same files through ../
    text = _UP_RE.sub(r'\1="', text)
    return " ".join(text.split())


def _shape(tag: Tag) -> str:
    """``tag`` and its descendants without text and attribute values (but type and class)."""
    attrs = " ".join(
        f"{key}={tag[key]}" if key in {"type", "class"} else key for key in sorted(tag.attrs)
    )
    inner = "".join(_shape(child) for child in tag.children if isinstance(child, Tag))
    return f"<{tag.name} {attrs}>{inner}</{tag.name}>"


@dataclass(frozen=True)
class Finding:
    """An element that should not be in an output."""

    where: str
    problem: str
    markup: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}: {self.markup[:300]}"


def active_elements(markup: str, page: str = "@none@") -> Iterator[tuple[str, list[str], Tag]]:
    """``(signature, problems, tag)`` of every element of ``markup`` that could act.

    XHTML (EPUB) is read as HTML too: the elements are the same, and a reader
    that falls back to HTML must find nothing either.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        tree = BeautifulSoup(markup, "html.parser")
    for tag in tree.find_all(True):
        problems = _problems(tag)
        if problems:
            yield signature(tag, page), problems, tag


def markup_findings(
    markup: str, where: str, allowed: Iterable[str] = (), page: str = "@none@"
) -> list[Finding]:
    """Active elements of ``markup`` that are not in ``allowed`` (reference signatures)."""
    known = set(allowed)
    return [
        Finding(where, ", ".join(problems), str(tag))
        for sig, problems, tag in active_elements(markup, page)
        if sig not in known
    ]


# -- TeX --------------------------------------------------------------------------------------

#: TeX that reads or writes files, runs programs or changes how TeX reads.
TEX_DANGER_RE = re.compile(
    r"\\(?:input|include|includeonly|write|immediate|openin|openout|read|readline|catcode"
    r"|lccode|uccode|csname|special|directlua|luaexec|ShellEscape|scantokens|everyeof"
    r"|endinput|newwrite|newread|usepackage|RequirePackage|verbatiminput|lstinputlisting"
    r"|pdffiledump|filecontents)(?![A-Za-z@])|\^\^",
)


def tex_findings(text: str, where: str) -> list[Finding]:
    """Every dangerous TeX command in ``text``, with its surroundings."""
    return [
        Finding(where, f"TeX {m.group(0)!r}", text[max(0, m.start() - 80) : m.end() + 80])
        for m in TEX_DANGER_RE.finditer(text)
    ]


_DOC_LABEL_RE = re.compile(r"\\label\{\\detokenize\{([^}:]*)::doc\}\}")


def tex_documents(tex: str) -> tuple[str, dict[str, str]]:
    """The preamble (up to ``\\begin{document}``) and each page's part of the body."""
    head, _, body = tex.partition("\\begin{document}")
    parts: dict[str, str] = {}
    marks = list(_DOC_LABEL_RE.finditer(body))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        parts[mark.group(1)] = parts.get(mark.group(1), "") + body[mark.start() : end]
    return head, parts


# -- leaks ------------------------------------------------------------------------------------


def files_under(*roots: Path) -> Iterator[Path]:
    """Every regular file under ``roots``."""
    for root in roots:
        if root.exists():
            yield from (p for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink())


def contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` of a file, and of each member when it is a zip (an EPUB)."""
    import zipfile

    data = path.read_bytes()
    yield str(path), data
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                yield f"{path}!{member}", archive.read(member)


def leaks(paths: Iterable[Path], secrets: Iterable[bytes]) -> list[str]:
    """``name: secret`` for every file (or zip member) holding one of ``secrets``."""
    wanted = tuple(secrets)
    found = []
    for path in paths:
        for name, data in contents(path):
            found.extend(f"{name}: {s[:40]!r}" for s in wanted if s in data)
    return found


# -- warnings ---------------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING_RE = re.compile(
    r"^(?:(?P<location>.*?): )?(?P<level>WARNING|ERROR|CRITICAL): (?P<message>.*?)"
    r"(?: \[(?P<type>[\w.-]+)\])?$"
)
_CONTINUATION_RE = re.compile(r"^\s")


@dataclass(frozen=True)
class Warned:
    """One warning of a build: its location (``""`` when none), message and type."""

    location: str
    message: str
    type: str | None
    line: str

    @property
    def located(self) -> bool:
        """Whether it points at ``file:line`` (a line number after the last colon)."""
        head, _, tail = self.location.rpartition(":")
        return bool(head) and tail.isdigit()


def warnings_of(stream: str) -> list[Warned]:
    """The warnings of a build's warning stream (lines that are not a warning are
    returned as warnings without type or location, so that they fail the checks)."""
    found = []
    for line in _ANSI.sub("", stream).splitlines():
        if not line.strip():
            continue
        match = _WARNING_RE.match(line)
        if match is None:
            if found and _CONTINUATION_RE.match(line):
                continue  # the indented rest of a multi-line warning
            found.append(Warned("", line, None, line))
        else:
            found.append(Warned(match["location"] or "", match["message"], match["type"], line))
    return found
