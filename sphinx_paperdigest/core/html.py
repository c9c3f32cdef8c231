"""A small, strict reading of the raw HTML found in digests.

Digests carry HTML for pictures (``<img>``), spacing (``<br>``) and hidden notes
(comments). Everything else is reported and dropped; what is kept is written
back from parsed attributes, never copied through as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_ALLOWED_TAGS = frozenset({"img", "br"})
_IMG_ATTRS = ("src", "alt", "width", "height")


@dataclass(slots=True)
class HtmlScan:
    """What an HTML fragment holds."""

    images: list[dict[str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    other_tags: list[str] = field(default_factory=list)
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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs)

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "img":
            self.scan.images.append({k: values[k] for k in _IMG_ATTRS if k in values})
        elif tag not in _ALLOWED_TAGS:
            self.scan.other_tags.append(tag)
            if tag == "a" and values.get("href"):
                self.scan.links.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag not in _ALLOWED_TAGS:
            self.scan.other_tags.append(f"/{tag}")

    def handle_comment(self, data: str) -> None:
        self.scan.comments.append(data)

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def unknown_decl(self, data: str) -> None:
        self.scan.other_tags.append("!" + data.split(None, 1)[0] if data.strip() else "!")

    def handle_decl(self, decl: str) -> None:
        self.scan.other_tags.append("!" + decl.split(None, 1)[0] if decl.strip() else "!")

    def handle_pi(self, data: str) -> None:
        self.scan.other_tags.append("?")

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
    scanner.scan.text = "".join(scanner._text) + html.unescape(scanner.rawdata)
    return scanner.scan


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
