"""markdown-it-py pieces for the Markdown dialects digests are written in.

The reader and the Sphinx renderer use the same rules, so what the reader sees
as a picture or a block is what the page shows.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import html_block
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from .urls import BARE_URL_RE, trim_bare_url

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


def _bare_urls(state: StateCore) -> None:
    """Split text tokens at bare URLs into links (outside links and code)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        depth = 0
        changed = False
        for child in block.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            if child.type != "text" or depth > 0 or "://" not in child.content:
                children.append(child)
                continue
            text, pos = child.content, 0
            for match in BARE_URL_RE.finditer(text):
                url = trim_bare_url(match.group(0))
                if "://" not in url or not state.md.validateLink(url):
                    continue
                start, end = match.start(), match.start() + len(url)
                if start > pos:
                    children.append(_text(text[pos:start], child))
                link_open = Token("link_open", "a", 1)
                link_open.attrs = {"href": state.md.normalizeLink(url)}
                link_open.markup, link_open.info = "linkify", "auto"
                link_close = Token("link_close", "a", -1)
                link_close.markup, link_close.info = "linkify", "auto"
                children += [link_open, _text(url, child), link_close]
                pos, changed = end, True
            if pos < len(text):
                children.append(_text(text[pos:], child) if pos else child)
        if changed:
            block.children = children


def _text(content: str, like: Token) -> Token:
    token = Token("text", "", 0)
    token.content, token.level = content, like.level
    return token


def bare_url_plugin(md: MarkdownIt) -> None:
    """Make links of bare ``http(s)://`` URLs, as Zenn and GitHub do.

    Unlike the GFM rule, a URL stops at the first non-ASCII character, so a URL
    that runs straight into Japanese text (``.../2106.03253)という``) is
    still the right URL.
    """
    md.core.ruler.after("inline", "bare_urls", _bare_urls)


def _any_name(params: str, *args: Any) -> bool:
    return bool(params.strip())


#: http(s) URLs that markdown-it's ``normalizeLink`` returns unchanged: a plain
#: host (no user, no brackets, no non-ASCII), an optional port, and a path, query
#: and fragment of characters it never encodes or moves (no ``%``, ``@``,
#: spaces or brackets). A test checks the claim against ``normalizeLink``.
PLAIN_URL_RE = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][A-Za-z0-9/?:&=+$,\-_.!~*'()#;]*)?\Z"
)


def normalize_link(url: str) -> str:
    """markdown-it's ``normalizeLink``, with a fast path for plain http(s) URLs.

    Parsing, punycoding and re-encoding every link cost a tenth of the reader's
    time on a digest of arXiv links, to return the same string.
    """
    if PLAIN_URL_RE.match(url):
        return url
    literal = IPV6_ZONE_URL_RE.match(url)
    if literal is not None:
        # mdurl misreads a bracketed IPv6 host with a zone (``[fe80::1%25lo]``) and
        # moves it into the path, hiding the address from the host checks
        host = quote(literal.group(2), safe=":.%")
        head = quote(literal.group(1), safe=":/@%!$&'()*+,;=-._~")
        return head + "[" + host + "]" + normalizeLink("http://x" + url[literal.end() :])[8:]
    return normalizeLink(url)


#: A URL whose host is an IPv6 literal with a zone id (``http://[fe80::1%25lo]/``).
IPV6_ZONE_URL_RE = re.compile(
    r"([a-zA-Z][a-zA-Z0-9+.\-]*://(?:[^/?#\[\]@]*@)?)\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*%[^\]/?#]*)\]"
)


# where the last ``-->`` of a parse's source is (-1: none), found once per parse
_LAST_CLOSE: weakref.WeakKeyDictionary[StateBlock, int] = weakref.WeakKeyDictionary()


def _html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's ``html_block``, but an unclosed top-level comment ends at its line.

    CommonMark runs an unclosed ``<!--`` to the end of the file, which would hide
    every later entry. No ``-->`` follows it anywhere, so every later comment is
    unclosed too: each is cut to its first line without a search for its end,
    and one parse reads the whole file (the reader reports each of them).
    """
    # top level only (state.level 0: not in a list, quote or container); a
    # nested comment ends with its container
    if silent or state.level or state.is_code_block(start):
        return html_block(state, start, end, silent)
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("<!--", pos):
        found = html_block(state, start, end, silent)
        if found and not _RAW_OPENER_RE.match(state.src, pos):
            _end_before_heading(state, start)
        return found
    last_close = _LAST_CLOSE.get(state)
    if last_close is None:
        last_close = _LAST_CLOSE[state] = state.src.rfind("-->")
    if last_close >= pos:  # closed: markdown-it finds where
        return html_block(state, start, end, silent)
    state.line = start + 1
    token = state.push("html_block", "", 0)
    token.map = [start, start + 1]
    token.content = state.getLines(start, start + 1, state.blkIndent, True)
    return True


# the HTML blocks that end at a closing tag (CommonMark's kinds 1 to 5), not
# at a blank line: <script>, <pre>, <style>, <textarea>, <!--, <?, <!X, <![CDATA[
_RAW_OPENER_RE = re.compile(r"<(?:(?:script|pre|style|textarea)(?:[\s>]|$)|!|\?)", re.I)
_ATX_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_ONLY_TAGS_RE = re.compile(r"[ \t]*(?:<[^<>]*>[ \t]*)+$")


def _end_before_heading(state: StateBlock, start: int) -> None:
    """End the HTML block just made before the heading it would swallow, if any.

    CommonMark ends an HTML block such as ``<img ...>`` only at a blank line:
    without one, the text and every heading after it are HTML, and the entries
    under them are lost. The block is ended at its tag's line when that line is
    nothing but tags, else before the heading; ``meta["cut"]`` says where the
    heading was (1-based) for the reader to report.
    """
    token = state.tokens[-1]
    stop = state.line
    for line in range(start + 1, stop):
        if state.sCount[line] - state.blkIndent >= 4:
            continue
        text = state.src[state.bMarks[line] : state.eMarks[line]]
        if _ATX_RE.match(text):
            first = state.src[state.bMarks[start] : state.eMarks[start]]
            cut = start + 1 if _ONLY_TAGS_RE.match(first) else line
            token.map = [start, cut]
            token.content = state.getLines(start, cut, state.blkIndent, True)
            token.meta = {**(token.meta or {}), "cut": line + 1}
            state.line = cut
            return


def _nesting_bounded(block: ParserBlock) -> Callable[[StateBlock, int, int], None]:
    """``block.tokenize``, except for what it does past ``maxNesting``.

    There markdown-it skips to the end of the range, which for a list item is
    the end of the file: twenty nested lists would hide every later entry.
    Here only the lines of the too-deep container itself are skipped (blank or
    indented to its level); its parent goes on after them.
    """
    tokenize = block.tokenize

    def run(state: StateBlock, start: int, end: int) -> None:
        if state.level < state.md.options.maxNesting:
            tokenize(state, start, end)
            return
        line = start
        while line < end and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
            line += 1
        state.line = line

    return run


def reader_parser() -> MarkdownIt:
    """Return the parser the digest reader uses.

    CommonMark with tables, Zenn pictures, ``:::name`` containers parsed as blocks (so
    a ``#`` inside ``:::details`` is never an entry heading), unclosed HTML
    comments that end at their first line (see :func:`_html_block`), and
    nesting past the limit that hides nothing after it. Every
    link is tokenised, unsafe ones included, so the reader can report them.
    Bare URLs are left to the reader, which finds them in text with
    :data:`~.urls.BARE_URL_RE` as :func:`bare_url_plugin` does for rendering:
    one pass over the text instead of two.
    """
    # tables, for digests that write an entry per row (a summary keeps a
    # table as its source lines all the same)
    md = MarkdownIt("commonmark")
    md.enable("table")
    md.use(zenn_image_plugin)
    md.use(container_plugin, name="colon", validate=_any_name)
    md.block.ruler.at("html_block", _html_block, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.tokenize = _nesting_bounded(md.block)  # type: ignore[method-assign,assignment]
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    return md
