"""A small, strict reading of the raw HTML found in digests.

Digests carry HTML for pictures (``<img>``), spacing (``<br>``) and hidden notes
(comments). What is kept is written back from parsed attributes, never copied
through as text. Everything else is dropped, in two kinds:

- *harmless* markup (:data:`HARMLESS_TAGS`: ``<a name>``, ``<p>``, ``<div
  align="center">``, ``<b>``, ``<sup>``...) is dropped and its text kept (a
  link's URL too); it is no reason for a warning;
- *dangerous* markup (``<script>``, ``<style>``, ``<iframe>``, any other tag,
  event handlers such as ``onclick``, styles that load or run something) is
  dropped and reported; the text of an element that hides its content
  (:data:`HIDDEN_CONTENT`: a script's code, a style sheet) is dropped with it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .urls import is_safe_url


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ALLOWED_TAGS = frozenset({"img", "br"})
_IMG_ATTRS = ("src", "alt", "width", "height")

#: Tags whose markup is dropped quietly, their text (and a link's URL) kept.
HARMLESS_TAGS = _names(
    """a abbr address article aside b bdi big blockquote caption center cite code col
    colgroup dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4
    h5 h6 header hr i ins kbd li main mark nav nobr ol p picture pre q rp rt ruby s samp
    section small source span strike strong sub summary sup table tbody td tfoot th
    thead time tr tt u ul var wbr"""
)
#: Elements whose content is code or a document, never text to show.
HIDDEN_CONTENT = _names(
    """script style iframe noscript template textarea title xmp object embed svg math
    select head frameset noembed noframes plaintext applet audio video canvas"""
)
#: Tags that end a paragraph of text.
_BLOCK_TAGS = _names(
    """p div li ul ol tr table h1 h2 h3 h4 h5 h6 blockquote section article figure
    figcaption dl dt dd details summary center hr pre header footer nav main aside
    address caption"""
)
# attributes that load or run something, whatever their value
_BAD_ATTRS = frozenset({"srcdoc", "formaction", "action", "xlink:href", "background", "ping"})
_BAD_STYLE_RE = re.compile(r"url\s*\(|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.I)
# characters that make Markdown of text: each is written escaped
_MARKDOWN_SPECIALS_RE = re.compile(r"([\\`*_{}\[\]<>|~$&!#])")
_SPACES_RE = re.compile(r"\s+")
# a <br> among pieces, until they are joined (text never holds it: see markdown_text)
_BREAK = "\x00"


def dangerous_attribute(name: str, value: str) -> bool:
    """Whether an attribute runs or loads something: ``on*``, ``srcdoc``, a bad ``style``."""
    return (
        name.startswith("on")
        or name in _BAD_ATTRS
        or (name == "style" and _BAD_STYLE_RE.search(value) is not None)
    )


def markdown_text(text: str) -> str:
    """HTML text as Markdown that shows exactly it: spaces collapsed, specials escaped."""
    text = _SPACES_RE.sub(" ", text.replace(_BREAK, "\ufffd"))
    return _MARKDOWN_SPECIALS_RE.sub(r"\\\1", text)


@dataclass(slots=True)
class HtmlScan:
    """What an HTML fragment holds.

    ``other_tags`` are the tags besides ``<img>`` and ``<br>`` (``/p`` for an
    end tag); ``dangerous`` names what must be reported (``<script>``,
    ``onclick``), ``harmless`` the tags dropped quietly. ``pieces`` is the
    fragment as Markdown: text (escaped, links written as Markdown links) and,
    in their places, the indices of ``images``.
    """

    images: list[dict[str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    other_tags: list[str] = field(default_factory=list)
    dangerous: list[str] = field(default_factory=list)
    harmless: list[str] = field(default_factory=list)
    pieces: list[str | int] = field(default_factory=list)
    text: str = ""

    @property
    def only_allowed(self) -> bool:
        """Whether the fragment is nothing but images, line breaks and comments."""
        return not self.other_tags and not self.text.strip()


class _Scanner(HTMLParser):
    """Python's HTML parser, gathering an :class:`HtmlScan` as it goes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = HtmlScan()
        self._text: list[str] = []
        self._hidden = 0  # depth inside elements whose content is not text
        self._link: tuple[str, int] | None = None  # an open <a href>: URL, first piece

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)
        if tag in HIDDEN_CONTENT:
            self._hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        scan = self.scan
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "img":
            scan.images.append({k: values[k] for k in _IMG_ATTRS if k in values})
            scan.pieces.append(len(scan.images) - 1)
        elif tag == "br":
            scan.pieces.append(_BREAK)
        else:
            scan.other_tags.append(tag)
            described = f"<{tag}>"
            if tag == "a" and "href" not in values:  # an anchor: <a name="x">, <a id="x">
                described = "<a name>" if "name" in values else "<a id>"
            (scan.harmless if tag in HARMLESS_TAGS else scan.dangerous).append(described)
            if tag == "a" and values.get("href"):
                scan.links.append(values["href"])
                self._link = (values["href"], len(scan.pieces))
            elif tag in _BLOCK_TAGS:
                scan.pieces.append("\n\n")
        scan.dangerous += [k for k, v in values.items() if dangerous_attribute(k, v)]

    def handle_endtag(self, tag: str) -> None:
        if tag in _ALLOWED_TAGS:
            return
        self.scan.other_tags.append(f"/{tag}")
        if tag in HIDDEN_CONTENT:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "a" and self._link is not None:
            self._close_link()
        elif tag in _BLOCK_TAGS:
            self.scan.pieces.append("\n\n")

    def _close_link(self) -> None:
        """Write an ``<a href>`` and its text as a Markdown link (its pictures stay out)."""
        assert self._link is not None
        href, first = self._link
        self._link = None
        pieces = self.scan.pieces
        label = "".join(p for p in pieces[first:] if isinstance(p, str)).strip()
        pictures = [p for p in pieces[first:] if isinstance(p, int)]
        if not label or not is_safe_url(href) or any(c in href for c in " <>\n"):
            return
        del pieces[first:]
        pieces += [f"[{label}](<{href}>)", *pictures]

    def handle_comment(self, data: str) -> None:
        self.scan.comments.append(data)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self._text.append(data)
        if data.strip():
            self.scan.pieces.append(markdown_text(data))
        elif data:
            self.scan.pieces.append(" ")

    def unknown_decl(self, data: str) -> None:
        self._other("!" + data.split(None, 1)[0] if data.strip() else "!")

    def handle_decl(self, decl: str) -> None:
        self._other("!" + decl.split(None, 1)[0] if decl.strip() else "!")

    def handle_pi(self, data: str) -> None:
        self._other("?")

    def _other(self, what: str) -> None:
        self.scan.other_tags.append(what)
        self.scan.dangerous.append(f"<{what}>")

    def parse_html_declaration(self, i: int) -> int:
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            # ``<![foo[`` (a marked section Python < 3.13 does not know): read
            # it up to its ``>``, as later versions do
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1
            self.unknown_decl(self.rawdata[i + 3 : end])
            return end + 1


# Most digest HTML is ``<br>``, ``<img ...>`` and comments: read those with
# regular expressions, and leave anything else to the full HTML parser.
_BREAKS = frozenset({"<br>", "<br/>", "<br />"})
_SIMPLE_RE = re.compile(r"(?:\s*(?:<br\s*/?>|<img\b[^<>]*>|<!--(?:(?!-->).)*-->))*\s*", re.S)
_PART_RE = re.compile(r"<(img)\b([^<>]*)>|<!--((?:(?!-->).)*)-->", re.S)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _scan_simple(fragment: str) -> HtmlScan:
    scan = HtmlScan()
    for match in _PART_RE.finditer(fragment):
        if match.group(1):
            values: dict[str, str] = {}
            for attr in _ATTR_RE.finditer(match.group(2).rstrip("/")):
                value = next((v for v in attr.group(2, 3, 4) if v is not None), "")
                values.setdefault(attr.group(1).lower(), html.unescape(value))
            scan.images.append({k: values[k] for k in _IMG_ATTRS if k in values})
            scan.pieces.append(len(scan.images) - 1)
            scan.dangerous += [k for k, v in values.items() if dangerous_attribute(k, v)]
        else:
            scan.comments.append(match.group(3))
    return scan


def scan_html(fragment: str) -> HtmlScan:
    """Scan an HTML fragment (a markdown-it ``html_block`` or ``html_inline``).

    Everything from the first construct that is never closed (a tag without
    ``>``, a comment without ``-->``...) is text. ``HTMLParser.close`` would
    retry each later ``<`` against the rest of the fragment, which takes time
    in proportion to the square of its length (``<a <a <a ...``).
    """
    if fragment.strip() in _BREAKS:
        return HtmlScan()
    if _SIMPLE_RE.fullmatch(fragment):
        return _scan_simple(fragment)
    scanner = _Scanner()
    scanner.feed(fragment)  # no close(): it would retry what is left
    rest = html.unescape(scanner.rawdata)
    scanner.scan.text = "".join(scanner._text) + rest
    if rest.strip() and not scanner._hidden:
        scanner.scan.pieces.append(markdown_text(rest))
    return scanner.scan


def pieces_markdown(pieces: list[str | int], image: dict[int, str]) -> str:
    """The Markdown of :attr:`HtmlScan.pieces`, with ``image[index]`` for each picture kept.

    Paragraphs are separated by a blank line; a picture not in ``image`` is left out.
    """
    text = "".join(p if isinstance(p, str) else image.get(p, "") for p in pieces)
    paragraphs = (" ".join(line.split()) for line in text.split("\n\n"))
    kept = (p.strip(" " + _BREAK) for p in paragraphs)
    return "\n\n".join(p.replace(_BREAK, "\\\n") for p in kept if p)


def img_tag(attrs: dict[str, str]) -> str:
    """Write an ``<img>`` tag from its allowed attributes, escaped."""
    parts = [f'{k}="{html.escape(attrs[k], quote=True)}"' for k in _IMG_ATTRS if k in attrs]
    return "<img " + " ".join(parts) + ">"


def html_dimension(value: str | None) -> int | None:
    """Read an ``<img>`` width/height: ``400`` or ``400px`` (percentages are not sizes)."""
    if not value:
        return None
    text = value.strip().lower().removesuffix("px").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 100_000 else None
