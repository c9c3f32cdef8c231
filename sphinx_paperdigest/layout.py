"""Where a directive's sections go: group headings as sections (or rubrics), and grids.

A group heading is a real ``section`` when the directive sits where a section
may go and the heading level is the natural one (so groups are in the table of
contents); otherwise it is a ``rubric``. Cards that come after a group heading
cannot go back above it: a second container holds them.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes

from .core.slugs import word_slug
from .core.view import Section
from .nodes import ATTR_COUNT, paperdigest_grid
from .render import CardBuilder

#: ``set_source_info`` of the directive: where its nodes come from.
SetSource = Callable[[nodes.Node], None]


def section_id(section: Section) -> str:
    """``2021`` for a year, ``topic-nerf`` for a topic, else a slug of the title."""
    if section.kind == "year" and section.year:
        return str(section.year)
    if section.year:
        rest = word_slug(section.title.replace(str(section.year), ""), "group")
        if rest in {"group", "年"}:
            # a group that is just a year (``2021``, ``2021年``) is ``#2021``
            return str(section.year)
    if section.kind == "topic":
        return f"topic-{word_slug(section.title, 'group')}"
    return word_slug(section.title, "group")


def unique_id(document: nodes.document, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``-3``... the first the page does not use yet."""
    ident, n = wanted, 1
    while ident in document.ids:
        n += 1
        ident = f"{wanted}-{n}"
    return ident


class Layout:
    """Places one directive's sections on its page."""

    def __init__(
        self,
        builder: CardBuilder,
        document: nodes.document,
        set_source: SetSource,
        depth: int | None,
    ) -> None:
        self.builder = builder
        self.options = builder.options
        self.document = document
        self.set_source = set_source
        natural = None if depth is None else depth + 1
        self.as_sections = natural is not None and self.options.heading_level in (None, natural)
        self.root = nodes.container(
            classes=[
                "paperdigest",
                f"paperdigest-layout-{self.options.layout}",
                *self.options.classes,
            ]
        )
        self.root["paperdigest_digest"] = builder.digest_name
        set_source(self.root)

    def taken(self, ident: str) -> str:
        """A page-unique id for an entry, held until the entry node takes it."""
        unique = unique_id(self.document, ident)
        self.document.ids[unique] = self.root
        return unique

    def place(self, sections: list[Section]) -> list[nodes.Node]:
        """The root container, then each group (as a section, or in the root)."""
        digest = self.builder.digest
        if self.options.intro and digest.intro:
            intro = self.builder.prose(digest.intro, digest.intro_line, "paperdigest-intro")
            if intro is not None:
                self.root += intro
        result: list[nodes.Node] = [self.root]
        for section in sections:
            grid = self.builder.entries(section.items, self.taken)
            for entry in grid.entries():
                for ident in entry["ids"]:
                    self.document.ids[ident] = entry
            if not section.title:
                self._untitled(grid, result)
            elif self.as_sections:
                result.append(self._section(section, grid))
            else:
                self._rubric(section, grid)
        if not self.root.children and not self.root["names"]:
            result.remove(self.root)
        return result

    def _untitled(self, grid: paperdigest_grid, result: list[nodes.Node]) -> None:
        if len(result) == 1:
            self.root += grid
            return
        # cards after a group heading cannot go back above it
        tail = nodes.container(classes=["paperdigest", *self.options.classes])
        tail += grid
        result.append(tail)

    def _intro(self, section: Section) -> nodes.Element | None:
        if self.options.intro and section.intro:
            return self.builder.prose(section.intro, section.intro_line, "paperdigest-group-intro")
        return None

    def _section(self, section: Section, grid: paperdigest_grid) -> nodes.section:
        ident = unique_id(self.document, section_id(section))
        node = nodes.section(ids=[ident], classes=["paperdigest-group", *self.options.classes])
        node[ATTR_COUNT] = len(section.items)
        self.set_source(node)
        node += nodes.title(section.title, section.title)
        node["names"].append(nodes.fully_normalize_name(section.title))
        self.document.note_implicit_target(node, node)
        intro = self._intro(section)
        if intro is not None:
            node += intro
        node += grid
        return node

    def _rubric(self, section: Section, grid: paperdigest_grid) -> None:
        ident = unique_id(self.document, section_id(section))
        rubric = nodes.rubric(section.title, section.title, ids=[ident])
        rubric["classes"].append("paperdigest-group-title")
        rubric[ATTR_COUNT] = len(section.items)
        if self.options.heading_level:
            rubric["heading-level"] = self.options.heading_level
        self.set_source(rubric)
        self.document.ids[ident] = rubric
        self.root += rubric
        intro = self._intro(section)
        if intro is not None:
            self.root += intro
        self.root += grid
