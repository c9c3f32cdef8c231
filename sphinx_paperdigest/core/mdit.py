"""markdown-it-py pieces for the Markdown dialects digests are written in.

The reader and the Sphinx renderer use the same rules, so what the reader sees
as a picture or a block is what the page shows.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.container import container_plugin

# Zenn's picture size: ``![alt](src =250x)`` or ``![alt](src =250x100)``.
_ZENN_IMAGE_RE = re.compile(
    r"!\[((?:[^\[\]\\]|\\.)*)\]\(\s*(<[^<>\n]*>|[^\s()<>]+)\s+=(\d*)x(\d*)\s*\)"
)


def _zenn_image(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("![", state.pos):
        return False
    match = _ZENN_IMAGE_RE.match(state.src, state.pos)
    if match is None or not (match.group(3) or match.group(4)):
        return False
    src = match.group(2)
    if src.startswith("<"):
        src = src[1:-1]
    href = state.md.normalizeLink(src)
    if not state.md.validateLink(href):
        return False
    if not silent:
        alt = match.group(1)
        children: list[Any] = []
        state.md.inline.parse(alt, state.md, state.env, children)
        token = state.push("image", "img", 0)
        token.attrs = {"src": href, "alt": ""}
        if match.group(3):
            token.attrs["width"] = match.group(3)
        if match.group(4):
            token.attrs["height"] = match.group(4)
        token.children = children
        token.content = alt
    state.pos = match.end()
    return True


def zenn_image_plugin(md: MarkdownIt) -> None:
    """Parse Zenn's ``![alt](src =WxH)`` into an ``image`` token with width/height."""
    md.inline.ruler.before("image", "zenn_image", _zenn_image)


def _any_name(params: str, *args: Any) -> bool:
    return bool(params.strip())


def reader_parser() -> MarkdownIt:
    """Return the parser the digest reader uses.

    CommonMark with tables, Zenn pictures, and ``:::name`` containers parsed as
    blocks (so a ``#`` inside ``:::details`` is never an entry heading). Every
    link is tokenised, unsafe ones included, so the reader can report them.
    """
    md = MarkdownIt("commonmark").enable("table")
    md.use(zenn_image_plugin)
    md.use(container_plugin, name="colon", validate=_any_name)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md
