"""Cross-document data: every entry every page shows, merged across ``-j`` workers.

The domain lists entries in ``objects.inv`` (``paperdigest:entry``), and is
where topic pages, filters and cross-references read what the site holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment

from .nodes import group_count, paperdigest_entry


def _is_group(node: nodes.Node) -> bool:
    return group_count(node) is not None and bool(node["ids"])  # type: ignore[index]


class EntryRecord(NamedTuple):
    """Where an entry is shown: page, anchor, and what a listing needs of it."""

    docname: str
    anchor: str
    entry_id: str
    title: str
    digest: str
    topics: tuple[str, ...] = ()


class GroupRecord(NamedTuple):
    """A group heading a page shows: its anchor, title and number of entries."""

    anchor: str
    title: str
    size: int


class PageRecord(NamedTuple):
    """What a page with digests shows besides its entries: an emoji, its groups."""

    emoji: str = ""
    groups: tuple[GroupRecord, ...] = ()


class DigestDomain(Domain):
    """Holds, per page, the entries that page shows."""

    name = "paperdigest"
    label = "Paper digest"
    object_types = {"entry": ObjType("entry", "entry")}  # noqa: RUF012 - Sphinx API
    initial_data = {"entries": {}, "pages": {}}  # noqa: RUF012 - Sphinx API
    data_version = 3

    @property
    def entries(self) -> dict[str, list[EntryRecord]]:
        """``{docname: [EntryRecord, ...]}`` in page order."""
        return self.data.setdefault("entries", {})  # type: ignore[no-any-return]

    def note_entry(self, docname: str, node: paperdigest_entry) -> None:
        """Record an entry node the directive made on ``docname``."""
        card = node.card
        record = EntryRecord(
            docname,
            node["ids"][0],
            card.entry_id,
            card.title,
            card.digest,
            tuple(t.name for t in card.topics),
        )
        self.entries.setdefault(docname, []).append(record)

    @property
    def pages(self) -> dict[str, PageRecord]:
        """``{docname: PageRecord}`` of every page with a digest."""
        return self.data.setdefault("pages", {})  # type: ignore[no-any-return]

    def note_emoji(self, docname: str, emoji: str) -> None:
        """Record a directive's digest emoji on ``docname``; the first one wins."""
        found = self.pages.get(docname, PageRecord())
        self.pages[docname] = found._replace(emoji=found.emoji or emoji)

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record the page's digest groups as the page shows them (after transforms)."""
        groups = []
        for node in document.findall(_is_group):
            assert isinstance(node, nodes.Element)
            title = next(iter(node.findall(nodes.title)), node)
            groups.append(GroupRecord(node["ids"][0], title.astext(), group_count(node) or 0))
        if groups or docname in self.pages:
            found = self.pages.get(docname, PageRecord())
            self.pages[docname] = found._replace(groups=tuple(groups))

    def page(self, docname: str) -> PageRecord | None:
        """What the theme shows of a page's digests, or None when it has none."""
        return self.pages.get(docname)

    def clear_doc(self, docname: str) -> None:
        self.entries.pop(docname, None)
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, records in otherdata.get("entries", {}).items():
            if docname in docnames:
                self.entries[docname] = list(records)
        for docname, page in otherdata.get("pages", {}).items():
            if docname in docnames:
                self.pages[docname] = page

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for docname in sorted(self.entries):
            for record in self.entries[docname]:
                yield (record.entry_id, record.title, "entry", docname, record.anchor, 1)

    def records(self, docnames: Iterable[str] | None = None) -> Iterator[EntryRecord]:
        """Every record, pages in name order (deterministic for ``-j``)."""
        for docname in sorted(self.entries if docnames is None else docnames):
            yield from self.entries.get(docname, [])


def setup_domain(app: Sphinx) -> None:
    """Register the domain."""
    app.add_domain(DigestDomain)
