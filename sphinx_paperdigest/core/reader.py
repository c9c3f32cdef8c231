"""Read a Markdown digest into the model, with markdown-it-py tokens.

The file is parsed once; headings are classified into the digest title, groups
and entries; each entry's blocks give its summary (kept as Markdown source),
its links, pictures and metadata. Content errors never raise: they become
:class:`~.model.Diagnostic` objects and reading goes on, so every entry of the
file is in the model.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from markdown_it.token import Token

from .builder import EntryBuilder, Parts
from .files import FileTooLarge, read_source, unread_digest
from .html import HtmlScan, img_tag, scan_html
from .limits import Budget
from .mdit import reader_parser
from .metadata import (
    SETTINGS_KEYS,
    Report,
    build_meta,
    capped_title,
    entry_level_setting,
    reporter,
    settings_of,
    split_front_matter,
    year_in,
)
from .model import Diagnostic, Digest, DigestMeta, Entry, Group, Image
from .safeload import PARSE_ERRORS, load_yaml, without_surrogates, yaml_error_line
from .urls import BARE_URL_RE, trim_bare_url

STRUCTURED_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

_META_PREFIX = "paperdigest"
_BLANK_RUNS_RE = re.compile(r"\n{3,}")
_MD = reader_parser()


def read_digest(
    path: str | Path, *, entry_level: int | None = None
) -> tuple[Digest, list[Diagnostic]]:
    """Read the digest file at ``path``.

    Raises :class:`OSError` when the file cannot be read or is not a regular
    file; every problem with its content is a diagnostic (a file over
    :data:`~.limits.MAX_FILE_BYTES` is one too, and is not read).
    """
    try:
        data = read_source(path)
    except FileTooLarge as exc:
        return unread_digest(path, exc)
    return parse_digest(data, path=str(path), entry_level=entry_level)


def digest_format(path: str | None) -> str:
    """Return ``markdown``, ``yaml``, ``json`` or ``toml`` from a file name."""
    if path is None:
        return "markdown"
    return STRUCTURED_SUFFIXES.get(Path(path).suffix.lower(), "markdown")


def decode(data: bytes | str, report: Report) -> str:
    """Decode UTF-8 (a BOM is allowed), reporting and replacing bad bytes."""
    if isinstance(data, str):
        text = data
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                line = text.count("\n", 0, exc.start) + 1
                report("encoding", line, "the text holds lone surrogates; they are shown as \ufffd")
                text = without_surrogates(text)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            report(
                "encoding",
                line,
                f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                "bad bytes are shown as \ufffd",
            )
            text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_digest(
    data: bytes | str,
    *,
    path: str | None = None,
    format: str | None = None,
    entry_level: int | None = None,
) -> tuple[Digest, list[Diagnostic]]:
    """Read a digest from its bytes or text; never raises on bad content.

    ``format`` defaults to what the file name says (Markdown unless it ends in
    ``.yaml``, ``.yml``, ``.json`` or ``.toml``). ``entry_level`` overrides the
    detected heading level of entries.
    """
    found: list[Diagnostic] = []
    report = reporter(found)
    text = decode(data, report)
    budget = Budget.for_text(text)
    fmt = format or digest_format(path)
    if fmt != "markdown":
        # structured digests reuse this module's Markdown scanning: a late import
        # breaks the cycle
        from .structured import read_structured  # noqa: PLC0415

        digest = read_structured(text, fmt, path, report, budget)
    else:
        digest = _MarkdownReader(text, path, report, entry_level, budget).read()
    if not digest.entries:
        report("empty", None, "the digest has no entries")
    found.sort(key=lambda d: d.line or 0)
    return digest, found


# -- blocks and headings ----------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    """A top-level block: its tokens and its 0-based line span ``[start, end)``."""

    tokens: list[Token]
    start: int
    end: int

    @property
    def kind(self) -> str:
        return self.tokens[0].type


@dataclass(slots=True)
class _Heading:
    index: int  # index of its block
    level: int
    line: int  # 1-based
    title: str
    url: str | None
    linked: bool
    year: int | None  # the year its title names, found once
    role: str = ""  # "title", "group", "entry" or "" (body text)


def _top_blocks(tokens: Sequence[Token]) -> Iterator[_Block]:
    depth = 0
    current: list[Token] = []
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            opener = current[0]
            span = opener.map or [0, 0]
            yield _Block(current, span[0], span[1])
            current = []


def _inline_text(children: Iterable[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _heading_link(children: list[Token]) -> tuple[str, str] | None:
    """Return ``(href, text)`` when a heading's inline content is one link."""
    spots = [i for i, c in enumerate(children) if not (c.type == "text" and not c.content.strip())]
    if len(spots) < 2:
        return None
    first, last = spots[0], spots[-1]
    if children[first].type != "link_open" or children[last].type != "link_close":
        return None
    depth = 0
    for i in range(first, last + 1):
        kind = children[i].type
        depth += (kind == "link_open") - (kind == "link_close")
        if depth == 0 and i != last:
            return None
    href = str(children[first].attrs.get("href", ""))
    return href, _inline_text(children[first + 1 : last])


def _unclosed_comment(html: str) -> bool:
    return html.lstrip().startswith("<!--") and "-->" not in html


# -- the reader ----------------------------------------------------------------------------


@dataclass(slots=True)
class _EntryParts(Parts):
    """Parts, plus how the entry's source lines change to make its summary."""

    # 0-based line spans to drop, and spans to replace with sanitised text
    drop: list[tuple[int, int]] = field(default_factory=list)
    replace: dict[int, tuple[int, str]] = field(default_factory=dict)
    image_blocks: dict[int, tuple[int, int]] = field(default_factory=dict)


class _MarkdownReader:
    def __init__(
        self,
        text: str,
        path: str | None,
        report: Report,
        entry_level: int | None,
        budget: Budget | None = None,
    ) -> None:
        self.path = path
        self.report = report
        self.budget = budget if budget is not None else Budget.for_text(text)
        # only "\n" ends a line for markdown-it; str.splitlines would also split
        # at \x0c, \x85, \u2028... and shift the line of everything after them
        pieces = text.split("\n")
        self.lines = [piece + "\n" for piece in pieces[:-1]]
        if pieces[-1]:
            self.lines.append(pieces[-1])
        self.entry_level_override = entry_level
        self.env: dict[str, Any] = {}
        self.dropped: list[int] = []  # lines no summary may show, in order
        self.builder = EntryBuilder(report)
        # reference labels, lower-cased, and their order of definition
        self._labels: dict[str, list[tuple[int, str]]] | None = None
        # metadata comments read so far: the intro's are read twice (for the
        # digest and as intro text), but parsed and reported once
        self._comments_read: dict[tuple[int, str], dict[str, Any] | None] = {}

    # -- parsing ------------------------------------------------------------------------

    def _parse(self, start: int) -> list[_Block]:
        """Parse the body from line ``start``; an unclosed comment ends at its line.

        CommonMark runs an unclosed ``<!--`` to the end of the file, which would
        hide every later entry: the reader's parser ends it at its first line
        (see :func:`.mdit.reader_parser`), and it is reported here.
        """
        # blank lines in place of what is not parsed keep token lines equal to
        # file lines, with no pass over the tokens to shift them
        tokens = _MD.parse("\n" * start + "".join(self.lines[start:]), self.env)
        blocks: list[_Block] = []
        for block in _top_blocks(tokens):
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

    def read(self) -> Digest:
        front = split_front_matter(self.lines, self.report)
        blocks = self._parse(front.body_start)
        data = dict(front.data)
        digest_meta_line = None
        first_heading = next(
            (i for i, b in enumerate(blocks) if b.kind == "heading_open"), len(blocks)
        )
        for block in blocks[:first_heading]:
            if block.kind == "html_block":
                found = self._metadata_comments(block)
                if found is not None:
                    # the comment is already ``paperdigest``'s: its settings keys
                    # go where front matter keeps them (``paperdigest: {...}``)
                    comment, digest_meta_line = found
                    settings = dict(settings_of(data))
                    for key in SETTINGS_KEYS:
                        if key in comment:
                            settings[key] = comment.pop(key)
                    data.update(comment)
                    if settings:
                        data["paperdigest"] = settings
        meta_line = 1 if front.kind else digest_meta_line
        meta = build_meta(data, self.report, meta_line)
        level = self.entry_level_override or entry_level_setting(data, self.report, meta_line)

        headings = self._headings(blocks)
        entry_level = self._classify(headings, level)
        if meta.title is None:
            title = next((h for h in headings if h.role == "title"), None)
            if title is not None:
                meta = replace(meta, title=title.title)

        return self._assemble(blocks, headings, meta, entry_level, front.body_start)

    def _headings(self, blocks: list[_Block]) -> list[_Heading]:
        headings = []
        for i, block in enumerate(blocks):
            if block.kind != "heading_open":
                continue
            children = block.tokens[1].children or []
            link = _heading_link(children)
            if link is not None:
                title, url, linked = link[1], link[0], True
            else:
                title, url, linked = _inline_text(children), None, False
                if BARE_URL_RE.fullmatch(title):  # ``## https://...``: a link too
                    url, linked = title, True
            level = int(block.tokens[0].tag[1])
            title = capped_title(title, self.report, block.start + 1)
            headings.append(_Heading(i, level, block.start + 1, title, url, linked, year_in(title)))
        return headings

    def _classify(self, headings: list[_Heading], level: int | None) -> int:
        """Give each heading its role; return the entry level."""
        if not headings:
            return level or 2
        if level is None:
            linked = Counter(h.level for h in headings if h.linked)
            counts = linked or Counter(h.level for h in headings)
            # most headings wins; on a tie the deeper level (groups sit above)
            level = max(counts, key=lambda lv: (counts[lv], lv))
        for i, heading in enumerate(headings):
            if heading.level == level:
                heading.role = "entry"
            elif heading.level < level:
                # a linked heading above the entry level with no entry under it
                # is an entry too (files that mix levels, or groups with links)
                has_child_entry = False
                for later in headings[i + 1 :]:
                    if later.level <= heading.level:
                        break
                    if later.level == level:
                        has_child_entry = True
                        break
                heading.role = "entry" if heading.linked and not has_child_entry else "group"
        first = headings[0]
        # a lone level-1 heading that opens the file and names no year is the
        # digest's title, not a group (``# Awesome NeRF``, ``# Algorithms``)
        if (
            first.role == "group"
            and first.level == 1
            and sum(1 for h in headings if h.level == 1) == 1
            and first.year is None
        ):
            first.role = "title"
        return level

    # -- assembly ---------------------------------------------------------------------

    def _assemble(
        self,
        blocks: list[_Block],
        headings: list[_Heading],
        meta: DigestMeta,
        entry_level: int,
        body_start: int,
    ) -> Digest:
        by_index = {h.index: h for h in headings if h.role}
        for heading in headings:
            if heading.role == "title":
                block = blocks[heading.index]
                self.dropped.extend(range(block.start, block.end))
        self.dropped.sort()
        bounds = sorted(by_index)
        # the intro: everything before the first group or entry heading
        first = next((i for i in bounds if by_index[i].role != "title"), len(blocks))
        intro_end = blocks[first].start if first < len(blocks) else len(self.lines)
        intro, intro_line = self._prose(blocks[:first], body_start, intro_end)

        groups: list[Group] = []
        # open group headings, outermost first: an entry belongs to the innermost
        # group above its own level, so an entry heading at a group's level
        # closes that group (files that mix group and entry headings)
        stack: list[_Heading] = []
        owner: _Heading | None = None
        intro_of: tuple[str, int | None] = ("", None)
        entries: list[Entry] = []

        def flush() -> None:
            if owner is None and not entries:
                return
            groups.append(
                Group(
                    title=owner.title if owner else "",
                    line=owner.line if owner else None,
                    entries=tuple(entries),
                    year=owner.year if owner else None,
                    intro=intro_of[0],
                    intro_line=intro_of[1],
                )
            )

        positions = [i for i in bounds if by_index[i].role in {"group", "entry"}]
        for n, index in enumerate(positions):
            heading = by_index[index]
            stop = positions[n + 1] if n + 1 < len(positions) else len(blocks)
            body = blocks[index + 1 : stop]
            end_line = blocks[stop].start if stop < len(blocks) else len(self.lines)
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            if heading.role == "group":
                flush()
                stack.append(heading)
                owner, entries = heading, []
                intro_of = self._prose(body, blocks[index].end, end_line)
                continue
            parent = stack[-1] if stack else None
            if parent is not owner:
                flush()
                owner, entries, intro_of = parent, [], ("", None)
            year = next((h.year for h in reversed(stack) if h.year), None)
            entries.append(
                self._entry(
                    heading,
                    body=body,
                    start=blocks[index].end,
                    end=end_line,
                    group=parent.title if parent else None,
                    group_year=year,
                )
            )
        flush()
        return Digest(
            path=self.path,
            meta=meta,
            groups=tuple(groups),
            intro=intro,
            intro_line=intro_line,
            entry_level=entry_level,
        )

    def _prose(self, blocks: list[_Block], start: int, end: int) -> tuple[str, int | None]:
        """Markdown of a run of non-entry blocks (an intro), sanitised like summaries."""
        parts = _EntryParts()
        for block in blocks:
            self._walk_block(block, parts)
        for line, url in parts.unsafe:
            self.report("unsafe-url", line, f"unsafe URL dropped: {url[:80]!r}")
        if parts.raw_html:
            tags = ", ".join(sorted({f"<{t}>" for _, t in parts.raw_html}))
            self.report("raw-html", parts.raw_html[0][0], f"raw HTML dropped: {tags}")
        return self._source(start, end, parts)

    # -- entries ----------------------------------------------------------------------

    def _entry(
        self,
        heading: _Heading,
        *,
        body: list[_Block],
        start: int,
        end: int,
        group: str | None,
        group_year: int | None,
    ) -> Entry:
        parts = _EntryParts()
        for block in body:
            self._walk_block(block, parts)
        return self.builder.build(
            title=heading.title,
            url=heading.url,
            line=heading.line,
            parts=parts,
            summary=lambda thumbnail: self._source(start, end, parts, thumbnail),
            group=group,
            group_year=group_year,
        )

    # -- walking blocks ---------------------------------------------------------------

    def _walk_block(self, block: _Block, parts: _EntryParts) -> None:
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
                # HTML nested in a list or quote: report, the renderer drops it
                scan = scan_html(token.content)
                line = (token.map[0] + 1) if token.map else block.start + 1
                self._html_scan(scan, line, parts)

    def _metadata_comments(self, block: _Block) -> tuple[dict[str, Any], int] | None:
        scan = scan_html(block.tokens[0].content)
        data: dict[str, Any] | None = None
        for comment in scan.comments:
            found = self._metadata(comment, block.start + 1)
            if found is not None:
                data = {**(data or {}), **found}
        return (data, block.start + 1) if data is not None else None

    def _metadata(self, comment: str, line: int) -> dict[str, Any] | None:
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
            self.report(
                "metadata",
                line + (err or 0),
                f"metadata comment does not parse: {' '.join(str(exc).split())}",
            )
            return {}
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.report("metadata", line, "metadata comment is not a mapping of keys to values")
            return {}
        return {str(k): v for k, v in data.items()}

    def _html_block(self, block: _Block, parts: _EntryParts) -> None:
        token = block.tokens[0]
        line = block.start + 1
        scan = scan_html(token.content)
        self._comments(scan, line, parts)
        first_image = len(parts.images)
        self._html_scan(scan, line, parts)
        kept = parts.images[first_image:]
        if not kept:
            parts.drop.append((block.start, block.end))
            return
        # written back from parsed attributes: nothing else of the block survives
        parts.replace[block.start] = (
            block.end,
            "\n".join(img_tag(_image_attrs(i)) for i in kept) + "\n",
        )
        parts.image_blocks[block.start] = (first_image, len(parts.images))

    def _comments(self, scan: HtmlScan, line: int, parts: Parts) -> None:
        """Take the entry's metadata from the ``<!-- paperdigest ... -->`` comments."""
        for comment in scan.comments:
            found = self._metadata(comment, line)
            if found:
                parts.meta.update(found)
                parts.meta_line = parts.meta_line or line

    def _html_scan(self, scan: HtmlScan, line: int, parts: Parts) -> None:
        for attrs in scan.images:
            image = self.builder.image(attrs, line, parts)
            if image is not None:
                parts.images.append(image)
        for href in scan.links:
            self.builder.link(href, "", line, parts)
        for tag in scan.other_tags:
            parts.raw_html.append((line, tag.lstrip("/")))
        if scan.text.strip() and not scan.other_tags:
            parts.raw_html.append((line, "text"))

    def _inline(self, children: list[Token], line: int, parts: _EntryParts) -> None:
        label_stack: list[tuple[str, list[str]]] = []
        for child in children:
            kind = child.type
            if kind in {"softbreak", "hardbreak"}:
                line += 1
            elif kind == "link_open":
                label_stack.append((str(child.attrs.get("href", "")), []))
            elif kind == "link_close" and label_stack:
                href, label = label_stack.pop()
                self.builder.link(href, " ".join("".join(label).split()), line, parts)
            elif kind in {"text", "code_inline"} and label_stack:
                label_stack[-1][1].append(child.content)
            elif kind == "text" and "://" in child.content:
                # bare URLs: the same rule as bare_url_plugin, which renders them
                for match in BARE_URL_RE.finditer(child.content):
                    self.builder.link(trim_bare_url(match.group(0)), "", line, parts)
            elif kind == "image":
                attrs = {k: str(v) for k, v in child.attrs.items()}
                attrs["alt"] = _inline_text(child.children or [])
                image = self.builder.image(attrs, line, parts)
                if image is not None:
                    parts.images.append(image)
            elif kind == "html_inline":
                scan = scan_html(child.content)
                self._comments(scan, line, parts)
                self._html_scan(scan, line, parts)
                line += child.content.count("\n")

    # -- summary source -----------------------------------------------------------------

    def _source(
        self, start: int, end: int, parts: _EntryParts, thumbnail: Image | None = None
    ) -> tuple[str, int | None]:
        """The Markdown of lines ``[start, end)`` minus dropped blocks and the thumbnail."""
        drop = {line for a, b in parts.drop for line in range(a, b)}
        if self.dropped:
            first = bisect.bisect_left(self.dropped, start)
            drop.update(self.dropped[first : bisect.bisect_left(self.dropped, end, first)])
        replace = dict(parts.replace)
        if thumbnail is not None and thumbnail in parts.images:
            self._drop_thumbnail(thumbnail, parts, drop, replace)
        out: list[str] = []
        first_line: int | None = None
        line = start
        # jump from one changed line to the next, copying the lines between
        for change in sorted(x for x in (*drop, *replace) if start <= x < end):
            if change < line:
                continue
            if first_line is None:
                first_line = self._first_text(line, change)
            out.extend(self.lines[line:change])
            if change in replace:
                stop, text = replace[change]
                if text and first_line is None:
                    first_line = change + 1
                out.append(text)
                line = stop
            else:
                out.append("\n")
                line = change + 1
        if first_line is None:
            first_line = self._first_text(line, end)
        out.extend(self.lines[line:end])
        source = "".join(out)
        if "\n\n\n" in source:
            source = _BLANK_RUNS_RE.sub("\n\n", source)
        source = source.strip("\n")
        if source and self.env.get("references"):
            source += self._reference_defs(source, start, end)
        return source, first_line

    def _first_text(self, start: int, end: int) -> int | None:
        """The 1-based number of the first line in ``[start, end)`` with text."""
        for number in range(start, end):
            if not self.lines[number].isspace():
                return number + 1
        return None

    def _drop_thumbnail(
        self,
        thumbnail: Image,
        parts: _EntryParts,
        drop: set[int],
        replace: dict[int, tuple[int, str]],
    ) -> None:
        index = parts.images.index(thumbnail)
        for start, (first, last) in parts.image_blocks.items():
            if first <= index < last:
                stop, _ = replace[start]
                rest = [
                    img_tag(_image_attrs(i)) for i in parts.images[first:last] if i is not thumbnail
                ]
                replace[start] = (stop, "\n".join(rest) + "\n" if rest else "")
                return
        # a picture inside a paragraph: drop its paragraph if it holds nothing else
        line = (thumbnail.line or 0) - 1
        if not 0 <= line < len(self.lines):
            return
        text = self.lines[line]
        stripped = _strip_picture(text, thumbnail.src)
        if stripped != text:
            if stripped.strip():
                replace[line] = (line + 1, stripped)
            else:
                drop.add(line)

    def _reference_defs(self, source: str, start: int, end: int) -> str:
        """Reference definitions the summary uses but that sit outside it."""
        references = self.env["references"]
        if self._labels is None:
            self._labels = {}
            for order, label in enumerate(references):
                self._labels.setdefault(label.lower(), []).append((order, label))
        used: dict[int, str] = {}
        for match in _LABEL_USE_RE.finditer(source.lower()):
            for order, label in self._labels.get(match.group(1) or "", ()):
                used[order] = label
        extra = []
        for order in sorted(used):  # in the order of definition
            ref = references[used[order]]
            span = ref.get("map")
            if span and start <= span[0] < end:
                continue
            title = f' "{ref["title"]}"' if ref.get("title") else ""
            extra.append(f"[{used[order]}]: <{ref['href']}>{title}")
        return "\n\n" + "\n".join(extra) if extra else ""


def scan_markdown(
    text: str, line: int, builder: EntryBuilder, budget: Budget | None = None
) -> Parts:
    """The links, pictures and raw HTML of a Markdown fragment (a structured summary).

    Everything found, and every diagnostic, is given ``line``: structured
    formats do not say where in a multi-line string a link sits.
    """

    def report(code: str, _: int | None, message: str) -> None:
        builder.report(code, line, message)

    reader = _MarkdownReader(text, None, report, None, budget)  # its own EntryBuilder
    parts = _EntryParts()
    for block in reader._parse(0):
        reader._walk_block(block, parts)
    parts.links = [replace(link, line=line) for link in parts.links]
    parts.images = [replace(image, line=line) for image in parts.images]
    parts.raw_html = [(line, tag) for _, tag in parts.raw_html]
    parts.unsafe = [(line, url) for _, url in parts.unsafe]
    return parts


# A bracketed label in a summary (``[label]``, ``[text][label]``). Escaped
# characters go as pairs, so an escaped ``[`` opens no label; a label stops at
# the next bracket, so no text is scanned twice.
_LABEL_USE_RE = re.compile(r"\\.|\[((?:[^\[\]\\]|\\.)*+)\]", re.S)
_SPACES_RE = re.compile(r"\s*")


def _strip_picture(text: str, src: str) -> str:
    """``text`` without its first picture of ``src``: ``![alt](src ...)`` or ``<img src=...>``.

    One pass over ``text``: a regular expression for the Markdown form would
    rescan the rest of the line from every ``![``.
    """
    markdown = _markdown_picture(text, src)
    html = re.search(rf"<img\b[^<>]*?\bsrc\s*=\s*[\"']?{re.escape(src)}[\"'\s>][^<>]*>?", text)
    if html and (markdown is None or html.start() < markdown[0]):
        return text[: html.start()] + text[html.end() :]
    if markdown:
        return text[: markdown[0]] + text[markdown[1] :]
    return text


def _markdown_picture(text: str, src: str) -> tuple[int, int] | None:
    r"""Where ``![alt](<src> ...)`` is in ``text``: the span ``!\[[^\]]*\]\(\s*<?src[^)]*\)``.

    The alt text ends at the first ``]`` after ``![``, so each ``](`` is tried
    once, with the first ``![`` after the ``]`` before it.
    """
    close = text.find("](")
    while close >= 0:
        at = _SPACES_RE.match(text, close + 2).end()  # type: ignore[union-attr]
        after = None
        if text.startswith("<", at) and text.startswith(src, at + 1):
            after = at + 1 + len(src)
        elif text.startswith(src, at):
            after = at + len(src)
        if after is not None:
            paren = text.find(")", after)
            if paren < 0:
                return None  # no ")" after this one, none after any later one
            start = text.find("![", text.rfind("]", 0, close) + 1, close)
            if start >= 0:
                return start, paren + 1
        close = text.find("](", close + 2)
    return None


def _image_attrs(image: Image) -> dict[str, str]:
    attrs = {"src": image.src}
    if image.alt:
        attrs["alt"] = image.alt
    if image.width:
        attrs["width"] = str(image.width)
    if image.height:
        attrs["height"] = str(image.height)
    return attrs


def _dedent(text: str) -> str:
    lines = text.split("\n")
    head = lines[0].strip()
    rest = textwrap.dedent("\n".join(lines[1:]))
    # keep the first line, even empty, so YAML error lines count from the comment
    return f"{head}\n{rest}"
