"""Cross-document data: every entry every page shows, merged across ``-j`` workers.

The domain lists entries in ``objects.inv`` (``paperdigest:entry``), resolves
the ``{paper}`` role (also ``paperdigest:paper``, and intersphinx references to
entries), and is where topic pages, the theme and exports read what the site
holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .nodes import Card, group_count, paperdigest_entry
from .report import warn


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
    card: Card | None = None


class GroupRecord(NamedTuple):
    """A group heading a page shows: its anchor, title and number of entries."""

    anchor: str
    title: str
    size: int


class PageRecord(NamedTuple):
    """What a page with digests shows besides its entries: an emoji, its groups."""

    emoji: str = ""
    groups: tuple[GroupRecord, ...] = ()


class PaperRole(XRefRole):
    """``{paper}`id``` or ``{paper}`text <id>```: a link to a digest entry's card."""

    def __init__(self) -> None:
        # a reference nothing resolves is reported (see warn_missing)
        super().__init__(warn_dangling=True)

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # registered as ``paper`` too, where Sphinx would take the domain from the name
        self.refdomain, self.reftype = "paperdigest", "paper"
        self.classes = ["xref", "paperdigest", "paperdigest-paper"]
        return super().create_xref_node()


class DigestDomain(Domain):
    """Holds, per page, the entries that page shows."""

    name = "paperdigest"
    label = "Paper digest"
    object_types = {"entry": ObjType("entry", "paper", "entry")}  # noqa: RUF012 - Sphinx API
    roles = {"paper": PaperRole(), "entry": PaperRole()}  # noqa: RUF012 - Sphinx API
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
            card,
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

    def find(self, entry_id: str) -> EntryRecord | None:
        """The first card of an entry (pages in name order), or None."""
        # built once per state of the data: references resolve after every read
        key = tuple((d, len(r)) for d, r in sorted(self.entries.items()))
        if getattr(self, "_index_key", None) != key:
            index: dict[str, EntryRecord] = {}
            for record in self.records():
                index.setdefault(record.entry_id, record)
            self._index, self._index_key = index, key
        return self._index.get(entry_id)

    def resolve_xref(  # noqa: PLR0917 - Sphinx API
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """``{paper}`2106.02584``: a link to the entry's card, titled by the entry."""
        record = self.find(target)
        if record is None:
            return None  # intersphinx may know it; else warn_missing says so
        return self._refnode(builder, fromdocname, record, node, contnode)

    def resolve_any_xref(  # noqa: PLR0917 - Sphinx API
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Entries for ``{any}`` and MyST's ``[text](#id)`` links."""
        record = self.find(target)
        if record is None:
            return []
        return [("paperdigest:paper", self._refnode(builder, fromdocname, record, node, contnode))]

    @staticmethod
    def _refnode(
        builder: Builder,
        fromdocname: str,
        record: EntryRecord,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference:
        if not node.get("refexplicit"):
            # the default text is the entry's title, not its id
            contnode = nodes.inline(record.title, record.title, classes=contnode["classes"])
        return make_refnode(
            builder, fromdocname, record.docname, record.anchor, contnode, record.title
        )


def warn_missing(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """``warn-missing-reference``: a ``{paper}`` nothing resolved (intersphinx neither).

    Sphinx asks this only for references it would warn about (``nitpick_ignore``
    is honoured); the warning is then ``paperdigest.ref`` instead of Sphinx's.
    """
    if domain is None or domain.name != DigestDomain.name:
        return None
    warn(f"no digest entry with the id {node['reftarget']!r}", "ref", node)
    return True


def setup_domain(app: Sphinx) -> None:
    """Register the domain, and its role as ``paper`` (``{paper}``, ``:paper:``)."""
    app.add_domain(DigestDomain)
    app.add_role("paper", PaperRole())
    app.connect("warn-missing-reference", warn_missing)
