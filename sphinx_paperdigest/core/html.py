"""A small, strict reading of the raw HTML found in digests.

Digests carry HTML for pictures (``<img>``), spacing (``<br>``) and hidden notes
(comments). Everything else is reported and dropped; what is kept is written
back from parsed attributes, never copied through as text.
"""

from __future__ import annotations

import html
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
    unclosed_comment: bool = False

    @property
    def only_allowed(self) -> bool:
        """Whether the fragment is nothing but images, line breaks and comments."""
        return not self.other_tags and not self.text.strip()


class _Scanner(HTMLParser):
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


def scan_html(fragment: str) -> HtmlScan:
    """Scan an HTML fragment (a markdown-it ``html_block`` or ``html_inline``)."""
    scanner = _Scanner()
    stripped = fragment.lstrip()
    if stripped.startswith("<!--") and "-->" not in stripped:
        scanner.scan.unclosed_comment = True
    scanner.feed(fragment)
    scanner.close()
    scanner.scan.text = "".join(scanner._text)
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
