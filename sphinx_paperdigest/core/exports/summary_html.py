"""Digest Markdown as sanitised HTML, for readers outside the site (the Atom feed).

The text is untrusted. markdown-it reads it (CommonMark, tables, strikethrough,
Zenn pictures and ``:::`` containers, bare URLs), and nothing of it is copied
through as markup:

- raw HTML: comments are dropped; ``<br>`` and ``<img>`` are written back from
  their parsed attributes; any other tag is shown as text, escaped;
- links keep http(s) and mailto targets; a relative target is made absolute
  against the page's URL, or, without one, the link keeps its text only; any
  other scheme (``javascript:``, ``data:``...) leaves the text only;
- pictures must be http(s) (a relative picture is a file next to the digest,
  which has no address outside the site): other pictures become their alt text.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin

from ..html import html_dimension, img_tag, scan_html
from ..mdit import bare_url_plugin, normalize_link, zenn_image_plugin
from ..model import Entry
from ..urls import url_scheme

_WEB = frozenset({"http", "https"})


def safe_link(href: str, base: str | None) -> str | None:
    """The target a link may keep: http(s), mailto, or relative made absolute; else None."""
    scheme = url_scheme(href)
    if scheme in _WEB or scheme == "mailto":
        return href
    if scheme is not None or base is None:
        return None
    joined = urljoin(base, href.strip())
    return joined if url_scheme(joined) in _WEB else None


def safe_picture(src: str) -> str | None:
    """A picture's URL if it is http(s) (``//host/x`` is ``https://host/x``); else None."""
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src
    return src if url_scheme(src) in _WEB else None


def _unlink(children: Sequence[Token], base: str | None) -> list[Token]:
    out: list[Token] = []
    dropping = False
    for token in children:
        if token.type == "link_open":
            target = safe_link(str(token.attrGet("href") or ""), base)
            if target is None:
                dropping = True
                continue
            token.attrSet("href", target)
        elif token.type == "link_close" and dropping:
            dropping = False
            continue
        elif token.type == "image":
            src = safe_picture(str(token.attrGet("src") or ""))
            if src is None:
                out.extend(token.children or [])
                continue
            token.attrSet("src", src)
        out.append(token)
    return out


def _safe_urls(state: StateCore) -> None:
    """Check every link and picture of the parsed text (see the module docstring)."""
    base = state.env.get("base")
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _unlink(block.children, base)


def raw_html(fragment: str) -> str:
    """Raw HTML of a digest, made safe: pictures and breaks rebuilt, other tags as text."""
    scan = scan_html(fragment)
    if not scan.only_allowed:
        return html.escape(fragment)
    parts = []
    for attrs in scan.images:
        src = safe_picture(attrs.get("src", ""))
        if src is None:
            if attrs.get("alt"):
                parts.append(html.escape(attrs["alt"]))
            continue
        kept = {"src": src, "alt": attrs.get("alt", "")}
        for key in ("width", "height"):
            size = html_dimension(attrs.get(key))
            if size:
                kept[key] = str(size)
        parts.append(img_tag(kept))
    if not parts and "<br" in fragment.lower():
        parts.append("<br>")
    return "".join(parts)


def _html_inline(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return raw_html(tokens[idx].content)


def _html_block(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    text = raw_html(tokens[idx].content.strip())
    return f"<p>{text}</p>\n" if text and text != "<br>" else ""


def _container_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    name, _, rest = tokens[idx].info.strip().partition(" ")
    title = f"<p><strong>{html.escape(rest.strip())}</strong></p>\n" if name == "details" else ""
    return f"<div>\n{title}"


def _container_close(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</div>\n"


def _any_name(params: str, *args: Any) -> bool:
    return bool(params.strip())


@functools.cache
def summary_parser() -> MarkdownIt:
    """The parser and renderer of :func:`summary_html` (made once)."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(zenn_image_plugin)
    md.use(container_plugin, name="colon", validate=_any_name)
    md.use(bare_url_plugin)
    # every link is parsed, so that an unsafe one keeps its text (not its source)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    md.core.ruler.push("paperdigest_safe_urls", _safe_urls)
    md.add_render_rule("html_inline", _html_inline)
    md.add_render_rule("html_block", _html_block)
    md.add_render_rule("container_colon_open", _container_open)
    md.add_render_rule("container_colon_close", _container_close)
    return md


def summary_html(markdown: str, base: str | None = None) -> str:
    """Render digest Markdown as safe HTML; relative links are resolved against ``base``."""
    if not markdown.strip():
        return ""
    html_text: str = summary_parser().render(markdown, {"base": base})
    return html_text


def entry_html(entry: Entry, base: str | None = None) -> str:
    """An entry's picture (when it is http(s)) and its summary, as safe HTML."""
    parts = []
    if entry.thumbnail is not None and (src := safe_picture(entry.thumbnail.src)):
        attrs = {"src": src, "alt": entry.thumbnail.alt or entry.title}
        if entry.thumbnail.width:
            attrs["width"] = str(entry.thumbnail.width)
        if entry.thumbnail.height:
            attrs["height"] = str(entry.thumbnail.height)
        parts.append(f"<p>{img_tag(attrs)}</p>\n")
    parts.append(summary_html(entry.summary, base))
    return "".join(parts)
