"""Read a Markdown digest: front matter, then headings that make groups and entries.

The file is parsed once (:class:`.scan.MarkdownScanner`); its headings are
classified into the digest title, groups and entries (:mod:`.headings`); each
entry's blocks give its links, pictures and metadata, and its lines give its
summary (:class:`.source.SummarySource`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .headingmarkup import report_heading_markup
from .headings import Heading, classify, find_headings
from .limits import Budget
from .metadata import (
    SETTINGS_KEYS,
    FrontMatter,
    Report,
    build_meta,
    entry_level_setting,
    settings_of,
    split_front_matter,
)
from .model import Digest, Entry, Group
from .scan import Block, EntryParts, MarkdownScanner, split_lines
from .source import SummarySource


@dataclass(slots=True)
class _Section:
    """A group or entry heading, the blocks under it, and their lines ``[start, end)``."""

    heading: Heading
    body: list[Block]
    start: int
    end: int


@dataclass(slots=True)
class _Groups:
    """Gathers entries into groups as their headings come, in file order.

    An entry belongs to the innermost open group above its own level, so an
    entry heading at a group's level closes that group (files that mix group
    and entry headings).
    """

    groups: list[Group] = field(default_factory=list)
    stack: list[Heading] = field(default_factory=list)  # open groups, outermost first
    owner: Heading | None = None  # the group the current entries go to
    intro: tuple[str, int | None] = ("", None)
    entries: list[Entry] = field(default_factory=list)

    def close_to(self, level: int) -> None:
        """Close the open groups at ``level`` and below."""
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()

    def open(self, heading: Heading, intro: tuple[str, int | None]) -> None:
        """Start the group of ``heading``, with its intro."""
        self.flush()
        self.stack.append(heading)
        self.owner, self.entries, self.intro = heading, [], intro

    def parent(self) -> Heading | None:
        """The group a new entry goes to (a new group without a heading if needed)."""
        parent = self.stack[-1] if self.stack else None
        if parent is not self.owner:
            self.flush()
            self.owner, self.entries, self.intro = parent, [], ("", None)
        return parent

    def year(self) -> int | None:
        """The year the innermost open group that names one names."""
        return next((h.year for h in reversed(self.stack) if h.year), None)

    def flush(self) -> None:
        """End the current group."""
        if self.owner is None and not self.entries:
            return
        owner = self.owner
        self.groups.append(
            Group(
                title=owner.title if owner else "",
                line=owner.line if owner else None,
                entries=tuple(self.entries),
                year=owner.year if owner else None,
                intro=self.intro[0],
                intro_line=self.intro[1],
            )
        )


class MarkdownReader:
    """Reads one Markdown digest into a :class:`~.model.Digest`."""

    def __init__(
        self,
        text: str,
        path: str | None,
        report: Report,
        entry_level: int | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.path = path
        self.report = report
        self.entry_level_override = entry_level
        self.budget = budget if budget is not None else Budget.for_text(text)
        self.lines = split_lines(text)
        self.scanner = MarkdownScanner(self.lines, report, self.budget)
        self.source = SummarySource(self.lines, self.scanner.dropped, self.scanner.env)

    def read(self) -> Digest:
        """The digest; problems are reported, never raised."""
        front = split_front_matter(self.lines, self.report, self.budget)
        blocks = self.scanner.parse(front.body_start)
        data, meta_line = self._digest_data(front, blocks)
        meta = build_meta(data, self.report, meta_line)
        level = self.entry_level_override or entry_level_setting(data, self.report, meta_line)
        headings = find_headings(blocks, self.report)
        entry_level = classify(headings, level)
        report_heading_markup(blocks, headings, self.report)
        title = next((h for h in headings if h.role == "title"), None)
        if meta.title is None and title is not None:
            meta = replace(meta, title=title.title)
        groups, intro = self._assemble(blocks, headings, front.body_start)
        return Digest(
            path=self.path,
            meta=meta,
            groups=tuple(groups),
            intro=intro[0],
            intro_line=intro[1],
            entry_level=entry_level,
        )

    def _digest_data(
        self, front: FrontMatter, blocks: list[Block]
    ) -> tuple[dict[str, Any], int | None]:
        """Front matter merged with the metadata comments before the first heading.

        Returns the data and the line its diagnostics point at.
        """
        data = dict(front.data)
        comment_line = None
        for block in blocks:
            if block.kind == "heading_open":
                break
            comment = self.scanner.block_metadata(block) if block.kind == "html_block" else None
            if comment is None:
                continue
            # the comment is already ``paperdigest``'s: its settings keys go
            # where front matter keeps them (``paperdigest: {...}``)
            comment_line = block.start + 1
            settings = dict(settings_of(data))
            for key in SETTINGS_KEYS:
                if key in comment:
                    settings[key] = comment.pop(key)
            data.update(comment)
            if settings:
                data["paperdigest"] = settings
        return data, 1 if front.kind else comment_line

    def _assemble(
        self, blocks: list[Block], headings: list[Heading], body_start: int
    ) -> tuple[list[Group], tuple[str, int | None]]:
        """The groups of entries, and the intro (everything before the first of them)."""
        for heading in headings:
            if heading.role == "title":
                block = blocks[heading.index]
                self.scanner.dropped.extend(range(block.start, block.end))
        self.scanner.dropped.sort()
        sections = [h for h in headings if h.role in {"group", "entry"}]
        first = sections[0].index if sections else len(blocks)
        intro_end = blocks[first].start if first < len(blocks) else len(self.lines)
        intro = self._prose(blocks[:first], body_start, intro_end)
        collector = _Groups()
        for section in self._sections(blocks, sections):
            collector.close_to(section.heading.level)
            if section.heading.role == "group":
                collector.open(
                    section.heading, self._prose(section.body, section.start, section.end)
                )
                continue
            parent = collector.parent()
            group = (parent.title if parent else None, collector.year())
            collector.entries.append(self._entry(section, group))
        collector.flush()
        return collector.groups, intro

    def _sections(self, blocks: list[Block], headings: list[Heading]) -> Iterator[_Section]:
        """Each group and entry heading with the blocks and lines up to the next one."""
        for n, heading in enumerate(headings):
            stop = headings[n + 1].index if n + 1 < len(headings) else len(blocks)
            end = blocks[stop].start if stop < len(blocks) else len(self.lines)
            index = heading.index
            yield _Section(heading, blocks[index + 1 : stop], blocks[index].end, end)

    def _prose(self, blocks: list[Block], start: int, end: int) -> tuple[str, int | None]:
        """Markdown of a run of non-entry blocks (an intro), sanitised like summaries."""
        parts = EntryParts()
        for block in blocks:
            self.scanner.walk_block(block, parts)
        for line, url in parts.unsafe:
            self.report("unsafe-url", line, f"unsafe URL dropped: {url[:80]!r}")
        if parts.raw_html:
            tags = ", ".join(sorted({f"<{t}>" for _, t in parts.raw_html}))
            self.report("raw-html", parts.raw_html[0][0], f"raw HTML dropped: {tags}")
        return self.source.text(start, end, parts)

    def _entry(self, section: _Section, group: tuple[str | None, int | None]) -> Entry:
        """The entry of ``section``; ``group`` is its group's title and year."""
        parts = EntryParts()
        for block in section.body:
            self.scanner.walk_block(block, parts)
        heading = section.heading
        return self.scanner.builder.build(
            title=heading.title,
            url=heading.url,
            line=heading.line,
            parts=parts,
            summary=lambda thumbnail: self.source.text(
                section.start, section.end, parts, thumbnail
            ),
            group=group[0],
            group_year=group[1],
        )
