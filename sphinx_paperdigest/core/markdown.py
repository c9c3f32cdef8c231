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

from . import footnotes
from .bold import BoldReader
from .builder import Said
from .headingmarkup import report_heading_markup
from .headings import Heading, classify, classify_groups, find_headings
from .htmlentries import HtmlReader
from .items import ItemReader
from .limits import Budget
from .metadata import (
    SETTINGS_KEYS,
    FrontMatter,
    Report,
    build_meta,
    entry_level_setting,
    entry_setting,
    settings_of,
    split_front_matter,
    year_in,
)
from .model import Digest, Entry, Group, Image
from .rows import RowReader
from .scan import Block, EntryParts, MarkdownScanner, split_lines
from .shapes import Context, Found, Prose, ShapeReader, detect, sections
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
        *,
        entry: str | None = None,
    ) -> None:
        self.path = path
        self.report = report
        self.entry_level_override = entry_level
        self.shape_override = entry
        self.cited: dict[int, footnotes.Note] = {}  # heading index -> its footnote
        self.note_lines: set[int] = set()
        self.budget = budget if budget is not None else Budget.for_text(text)
        self.lines = split_lines(text)
        self.scanner = MarkdownScanner(self.lines, report, self.budget)
        self.source = SummarySource(self.lines, self.scanner.dropped, self.scanner.env)
        context = Context(self.scanner, self.source, self.lines)
        self.readers: dict[str, ShapeReader] = {
            "item": ItemReader(context),
            "row": RowReader(context),
            "html": HtmlReader(context),
            "bold": BoldReader(context),
        }

    def read(self) -> Digest:
        """The digest; problems are reported, never raised."""
        front = split_front_matter(self.lines, self.report, self.budget)
        blocks = self.scanner.parse(front.body_start)
        data, meta_line = self._digest_data(front, blocks)
        meta = build_meta(data, self.report, meta_line)
        level = self.entry_level_override or entry_level_setting(data, self.report, meta_line)
        shape = self.shape_override or entry_setting(data, self.report, meta_line)
        headings = find_headings(blocks, self.report)
        self._cite(headings, front.body_start)
        if shape is None:
            shape = "heading" if level else detect(blocks, headings, self.readers)
        if shape in self.readers:
            entry_level = 0
            classify_groups(headings)
            groups, intro = self._assemble_shaped(blocks, headings, self.readers[shape])
        else:
            shape = "heading"
            entry_level = classify(headings, level)
            groups, intro = self._assemble(blocks, headings, front.body_start)
        report_heading_markup(blocks, headings, self.report)
        title = next((h for h in headings if h.role == "title"), None)
        if meta.title is None and title is not None:
            meta = replace(meta, title=title.title)
        self.scanner.builder.report_markup()
        return Digest(
            path=self.path,
            meta=meta,
            groups=tuple(groups),
            intro=intro[0],
            intro_line=intro[1],
            entry_level=entry_level,
            shape=shape,
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

    def _cite(self, headings: list[Heading], start: int) -> None:
        """Link the headings that cite their paper in a footnote (see :mod:`.footnotes`)."""
        notes = footnotes.definitions(self.lines, start) if "[^" in "".join(self.lines) else {}
        for heading in headings:
            source = self.lines[heading.line - 1]
            found = footnotes.cite(heading.title, source, notes) if notes else None
            if found is not None:
                heading.title, note = found
                heading.url, heading.linked = heading.url or note.url, True
                self.cited[heading.index] = note
        self.note_lines = {note.line for note in self.cited.values()}
        self.scanner.dropped.extend(self.note_lines)
        self.scanner.dropped.sort()

    def _drop_title(self, blocks: list[Block], headings: list[Heading]) -> None:
        """No summary or intro shows the title heading's lines."""
        for heading in headings:
            if heading.role == "title":
                block = blocks[heading.index]
                self.scanner.dropped.extend(range(block.start, block.end))
        self.scanner.dropped.sort()

    def _assemble_shaped(
        self, blocks: list[Block], headings: list[Heading], reader: ShapeReader
    ) -> tuple[list[Group], tuple[str, int | None]]:
        """Groups and intro when entries are not headings: every heading is a group.

        What is no entry under a group heading is that group's intro; before
        the first group heading, the digest's.
        """
        self._drop_title(blocks, headings)
        collector = _Groups()
        intro: list[tuple[str, int | None]] = []
        for heading, section in zip([None, *headings], sections(blocks, headings), strict=True):
            if heading is not None and heading.role == "group":
                collector.close_to(heading.level)
                collector.open(heading, ("", None))
            prose: list[tuple[str, int | None]] = []
            for found in reader.read(section):
                if isinstance(found, Prose):
                    first, last = found.blocks[0], found.blocks[-1]
                    prose.append(found.markdown or self._prose(found.blocks, first.start, last.end))
                    continue
                parent = collector.parent()
                collector.entries.append(self._found(found, parent, collector.year()))
            if collector.stack:
                collector.intro = _joined([collector.intro, *prose])
            else:
                intro += prose
        collector.flush()
        return collector.groups, _joined(intro)

    def _found(self, found: Found, parent: Heading | None, year: int | None) -> Entry:
        """The entry a shape reader found; a group heading that names a topic is one of it."""
        topics = found.topics
        if parent is not None and _names_a_topic(parent.title):
            topics = (*topics, parent.title)
        said = Said(topics, found.authors, found.venue, found.year)
        return self.scanner.builder.build(
            title=found.title,
            url=found.url,
            line=found.line,
            parts=found.parts,
            summary=found.summary,
            group=parent.title if parent else None,
            group_year=year,
            said=said,
        )

    def _assemble(
        self, blocks: list[Block], headings: list[Heading], body_start: int
    ) -> tuple[list[Group], tuple[str, int | None]]:
        """The groups of entries, and the intro (everything before the first of them)."""
        self._drop_title(blocks, headings)
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
            what = ", ".join(sorted({t for _, t in parts.raw_html}))
            self.report("raw-html", parts.raw_html[0][0], f"raw HTML dropped: {what}")
        self.scanner.builder.note_markup(parts.markup)
        return self.source.text(start, end, parts)

    def _entry(self, section: _Section, group: tuple[str | None, int | None]) -> Entry:
        """The entry of ``section``; ``group`` is its group's title and year."""
        parts = EntryParts()
        for block in section.body:
            # a footnote an entry heading cites is that entry's (its summary's end)
            if not self.note_lines.issuperset(range(block.start, block.end)):
                self.scanner.walk_block(block, parts)
        heading = section.heading
        note = self.cited.get(heading.index)

        def summary(thumbnail: Image | None) -> tuple[str, int | None]:
            text, line = self.source.text(section.start, section.end, parts, thumbnail)
            if note is None:
                return text, line
            return _joined([(text, line), (note.text, note.line + 1)])

        return self.scanner.builder.build(
            title=heading.title,
            url=heading.url,
            line=heading.line,
            parts=parts,
            summary=summary,
            group=group[0],
            group_year=group[1],
        )


def _joined(texts: list[tuple[str, int | None]]) -> tuple[str, int | None]:
    """Markdown texts joined by blank lines, with the line of the first."""
    kept = [(text, line) for text, line in texts if text]
    if not kept:
        return "", None
    return "\n\n".join(text for text, _ in kept), kept[0][1]


def _names_a_topic(title: str) -> bool:
    """Whether a group heading names a topic (``Faster Inference``) rather than a time."""
    return bool(title) and year_in(title) is None and len(title.split()) <= 6 and len(title) <= 60
