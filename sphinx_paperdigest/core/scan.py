"""Scan Markdown for what an entry holds: links, pictures, raw HTML, metadata.

Both readers use it: the Markdown reader on the blocks under each heading, the
structured reader on each entry's ``summary`` (:func:`scan_markdown`). The
text is parsed once with the reader's markdown-it parser
(:func:`.mdit.reader_parser`) into top-level :class:`Block` objects.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from markdown_it.token import Token

from .builder import EntryBuilder, Parts
from .html import HtmlScan, img_tag, pieces_markdown, scan_html
from .limits import Budget
from .mdit import reader_parser
from .metadata import Report
from .model import Image
from .repair import mend_line, suspicious
from .safeload import PARSE_ERRORS, load_yaml, yaml_error_line
from .urls import BARE_URL_RE, trim_bare_url

_META_PREFIX = "paperdigest"
_MD = reader_parser()


@dataclass(slots=True)
class Block:
    """A top-level block: its tokens and its 0-based line span ``[start, end)``."""

    tokens: list[Token]
    start: int
    end: int

    @property
    def kind(self) -> str:
        """The type of its first token (``heading_open``, ``html_block``...)."""
        return self.tokens[0].type


@dataclass(slots=True)
class EntryParts(Parts):
    """Parts, plus how the entry's source lines change to make its summary."""

    # 0-based line spans to drop, and spans to replace with sanitised text
    drop: list[tuple[int, int]] = field(default_factory=list)
    replace: dict[int, tuple[int, str]] = field(default_factory=dict)
    # HTML blocks written back as Markdown: first line -> pieces (text, and
    # indices of ``images``), so that the thumbnail can be left out of them
    html_blocks: dict[int, list[str | int]] = field(default_factory=dict)


def top_blocks(tokens: Sequence[Token]) -> Iterator[Block]:
    """Group a token stream into its top-level blocks."""
    depth = 0
    current: list[Token] = []
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            opener = current[0]
            span = opener.map or [0, 0]
            yield Block(current, span[0], span[1])
            current = []


def inline_text(children: Iterable[Token]) -> str:
    """The plain text of inline tokens, whitespace collapsed."""
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return " ".join("".join(parts).split())


def html_markdown(pieces: list[str | int], images: list[Image], skip: Image | None = None) -> str:
    """The Markdown of an HTML block's pieces (see :func:`.html.pieces_markdown`)."""
    tags = {i: img_tag(image_attrs(images[i])) for i in pieces if isinstance(i, int)}
    if skip is not None:
        tags = {i: tag for i, tag in tags.items() if images[i] is not skip}
    return pieces_markdown(pieces, tags)


def image_attrs(image: Image) -> dict[str, str]:
    """The ``<img>`` attributes that write ``image`` back."""
    attrs = {"src": image.src}
    if image.alt:
        attrs["alt"] = image.alt
    if image.width:
        attrs["width"] = str(image.width)
    if image.height:
        attrs["height"] = str(image.height)
    return attrs


def split_lines(text: str) -> list[str]:
    """``text`` as lines that keep their ``"\\n"``, as markdown-it counts them.

    Only ``"\\n"`` ends a line for markdown-it; ``str.splitlines`` would also
    split at ``\\x0c``, ``\\x85``, ``\\u2028``... and shift every later line.
    """
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


def _unclosed_comment(html: str) -> bool:
    return html.lstrip().startswith("<!--") and "-->" not in html


def _cut(text: str, limit: int = 100) -> str:
    """``text``, its middle cut out when it is long (a link's URL is at its end)."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-(limit // 2) :]}"


def _dedent(text: str) -> str:
    lines = text.split("\n")
    head = lines[0].strip()
    rest = textwrap.dedent("\n".join(lines[1:]))
    # keep the first line, even empty, so YAML error lines count from the comment
    return f"{head}\n{rest}"


class MarkdownScanner:
    """Parses a Markdown text once and walks its blocks for links, pictures and HTML.

    ``dropped`` collects the lines no summary may show (the first line of an
    unclosed comment); ``env`` keeps markdown-it's reference definitions.
    """

    def __init__(self, lines: list[str], report: Report, budget: Budget) -> None:
        self.lines = lines
        self.report = report
        self.budget = budget
        self.env: dict[str, Any] = {}
        self.dropped: list[int] = []
        self.builder = EntryBuilder(report)
        # metadata comments read so far: the intro's are read twice (for the
        # digest and as intro text), but parsed and reported once
        self._comments_read: dict[tuple[int, str], dict[str, Any] | None] = {}

    def parse(self, start: int) -> list[Block]:
        """Parse the lines from ``start`` on; an unclosed comment ends at its line.

        CommonMark runs an unclosed ``<!--`` to the end of the file, which would
        hide every later entry: the reader's parser ends it at its first line
        (see :func:`.mdit.reader_parser`), and it is reported here.
        """
        tokens = self._tokens(start)
        if self._mend(tokens):
            self.env.clear()
            tokens = self._tokens(start)
        blocks: list[Block] = []
        for block in top_blocks(tokens):
            if block.kind == "html_block" and block.tokens[0].meta.get("cut"):
                self.report(
                    "html-block",
                    block.start + 1,
                    "this HTML block runs on to the next blank line, over the heading at "
                    f"line {block.tokens[0].meta['cut']} and the entries after it; it is read "
                    f"as ending at line {block.end}: write a blank line after the tag",
                )
            if block.kind == "html_block" and _unclosed_comment(block.tokens[0].content):
                self.report(
                    "unclosed-comment",
                    block.start + 1,
                    "this HTML comment is never closed; it is taken to end at this line",
                )
                self.dropped.append(block.start)
                continue
            blocks.append(block)
        return blocks

    def _tokens(self, start: int) -> list[Token]:
        # blank lines in place of what is not parsed keep token lines equal to
        # file lines, with no pass over the tokens to shift them
        return _MD.parse("\n" * start + "".join(self.lines[start:]), self.env)

    def _mend(self, tokens: list[Token]) -> bool:
        """Mend the half-broken links of the lines that may hold one (see :mod:`.repair`).

        Returns whether a line changed (the text must then be parsed again).
        """
        suspects: set[int] = set()
        for token in tokens:
            if (
                token.type == "inline"
                and token.map
                and token.children
                and any(c.type == "text" and suspicious(c.content) for c in token.children)
            ):
                suspects.update(range(*token.map))
        changed = False
        for index in sorted(suspects):
            fixed, repairs = mend_line(self.lines[index])
            for repair in repairs:
                self.report(
                    "broken-link",
                    index + 1,
                    f"a half-broken link, read as the link it means: {_cut(repair.written)!r} "
                    f"is {_cut(repair.meant)!r}",
                )
            if repairs:
                self.lines[index] = fixed
                changed = True
        return changed

    # -- metadata comments -------------------------------------------------------------

    def metadata(self, comment: str, line: int) -> dict[str, Any] | None:
        """The mapping of a ``<!-- paperdigest ... -->`` comment, ``{}`` if bad, else None."""
        key = (line, comment)
        if key not in self._comments_read:
            self._comments_read[key] = self._read_metadata(comment, line)
        found = self._comments_read[key]
        return dict(found) if found is not None else None

    def _read_metadata(self, comment: str, line: int) -> dict[str, Any] | None:
        body = comment.strip()
        if not body.startswith(_META_PREFIX):
            return None
        rest = body[len(_META_PREFIX) :]
        if rest and not rest[0].isspace():
            return None
        try:
            data = load_yaml(_dedent(rest), self.report, line, self.budget)
        except PARSE_ERRORS as exc:
            err = yaml_error_line(exc) if isinstance(exc, yaml.YAMLError) else None
            message = f"metadata comment does not parse: {' '.join(str(exc).split())}"
            self.report("metadata", line + (err or 0), message)
            return {}
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.report("metadata", line, "metadata comment is not a mapping of keys to values")
            return {}
        return {str(k): v for k, v in data.items()}

    def block_metadata(self, block: Block) -> dict[str, Any] | None:
        """The metadata of every ``paperdigest`` comment of an HTML block, merged."""
        scan = scan_html(block.tokens[0].content)
        data: dict[str, Any] | None = None
        for comment in scan.comments:
            found = self.metadata(comment, block.start + 1)
            if found is not None:
                data = {**(data or {}), **found}
        return data

    # -- walking blocks ---------------------------------------------------------------

    def walk_block(self, block: Block, parts: EntryParts) -> None:
        """Add what ``block`` holds to ``parts``; mark what its summary leaves out."""
        kind = block.kind
        if kind == "hr":
            parts.drop.append((block.start, block.end))
            return
        if kind == "html_block":
            self._html_block(block, parts)
            return
        for token in block.tokens:
            if token.type == "inline" and token.children:
                text = token.content
                # links, pictures and HTML all need one of these: skip plain prose
                if "[" in text or "<" in text or "://" in text:
                    line = (token.map[0] if token.map else block.start) + 1
                    self._inline(token.children, line, parts)
            elif token.type == "html_block":
                # HTML nested in a list or quote: the renderer drops it, text and all
                scan = scan_html(token.content)
                line = (token.map[0] + 1) if token.map else block.start + 1
                self._html_scan(scan, line, parts)
                if scan.text.strip():
                    parts.raw_html.append((line, "text"))

    def _html_block(self, block: Block, parts: EntryParts) -> None:
        """Write a top-level HTML block back as Markdown: its text, links and pictures."""
        line = block.start + 1
        scan = scan_html(block.tokens[0].content)
        self._comments(scan, line, parts)
        kept = self._html_scan(scan, line, parts)
        pieces = [
            kept[p] if isinstance(p, int) else p
            for p in scan.pieces
            if not isinstance(p, int) or p in kept
        ]
        text = html_markdown(pieces, parts.images)
        if not text:
            parts.drop.append((block.start, block.end))
            return
        # a blank line after it: what follows is Markdown again, as it was here
        parts.replace[block.start] = (block.end, text + "\n\n")
        parts.html_blocks[block.start] = pieces

    def _comments(self, scan: HtmlScan, line: int, parts: Parts) -> None:
        """Take the entry's metadata from the ``<!-- paperdigest ... -->`` comments."""
        for comment in scan.comments:
            found = self.metadata(comment, line)
            if found:
                parts.meta.update(found)
                parts.meta_line = parts.meta_line or line

    def _html_scan(self, scan: HtmlScan, line: int, parts: Parts) -> dict[int, int]:
        """Take an HTML fragment's pictures, links and markup; map its pictures to ``images``."""
        kept: dict[int, int] = {}
        for index, attrs in enumerate(scan.images):
            image = self.builder.image(attrs, line, parts)
            if image is not None:
                kept[index] = len(parts.images)
                parts.images.append(image)
        for href in scan.links:
            self.builder.link(href, "", line, parts)
        parts.raw_html += [(line, what) for what in dict.fromkeys(scan.dangerous)]
        parts.markup += [(line, what) for what in dict.fromkeys(scan.harmless)]
        return kept

    def _inline(self, children: list[Token], line: int, parts: EntryParts) -> None:
        labels: list[tuple[str, list[str]]] = []  # open links: href, label text
        for child in children:
            kind = child.type
            if kind in {"softbreak", "hardbreak"}:
                line += 1
            elif kind == "link_open":
                labels.append((str(child.attrs.get("href", "")), []))
            elif kind == "link_close" and labels:
                href, label = labels.pop()
                self.builder.link(href, " ".join("".join(label).split()), line, parts)
            elif kind in {"text", "code_inline"} and labels:
                labels[-1][1].append(child.content)
            else:
                line = self._inline_other(child, line, parts)

    def _inline_other(self, child: Token, line: int, parts: EntryParts) -> int:
        """Bare URLs, pictures and inline HTML; returns the line after ``child``."""
        kind = child.type
        if kind == "text" and "://" in child.content:
            # bare URLs: the same rule as bare_url_plugin, which renders them
            for match in BARE_URL_RE.finditer(child.content):
                self.builder.link(trim_bare_url(match.group(0)), "", line, parts)
        elif kind == "image":
            attrs = {k: str(v) for k, v in child.attrs.items()}
            attrs["alt"] = inline_text(child.children or [])
            image = self.builder.image(attrs, line, parts)
            if image is not None:
                parts.images.append(image)
        elif kind == "html_inline":
            scan = scan_html(child.content)
            self._comments(scan, line, parts)
            self._html_scan(scan, line, parts)
            line += child.content.count("\n")
        return line


def scan_markdown(text: str, line: int, report: Report, budget: Budget | None = None) -> EntryParts:
    """The links, pictures and raw HTML of a Markdown fragment (a structured summary).

    Everything found, and every diagnostic, is given ``line``: structured
    formats do not say where in a multi-line string a link sits.
    """

    def at_line(code: str, _: int | None, message: str) -> None:
        report(code, line, message)

    scanner = MarkdownScanner(split_lines(text), at_line, budget or Budget.for_text(text))
    parts = EntryParts()
    for block in scanner.parse(0):
        scanner.walk_block(block, parts)
    parts.links = [replace(link, line=line) for link in parts.links]
    parts.images = [replace(image, line=line) for image in parts.images]
    parts.raw_html = [(line, tag) for _, tag in parts.raw_html]
    parts.markup = [(line, tag) for _, tag in parts.markup]
    parts.unsafe = [(line, url) for _, url in parts.unsafe]
    return parts
