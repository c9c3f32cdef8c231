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

from .render import ATTR_ENTRY, ATTR_TITLE, ATTR_TOPICS


class EntryRecord(NamedTuple):
    """Where an entry is shown: page, anchor, and what a listing needs of it."""

    docname: str
    anchor: str
    entry_id: str
    title: str
    digest: str
    topics: tuple[str, ...] = ()


class DigestDomain(Domain):
    """Holds, per page, the entries that page shows."""

    name = "paperdigest"
    label = "Paper digest"
    object_types = {"entry": ObjType("entry", "entry")}  # noqa: RUF012 - Sphinx API
    initial_data = {"entries": {}}  # noqa: RUF012 - Sphinx API
    data_version = 2

    @property
    def entries(self) -> dict[str, list[EntryRecord]]:
        """``{docname: [EntryRecord, ...]}`` in page order."""
        return self.data.setdefault("entries", {})  # type: ignore[no-any-return]

    def note_entry(self, docname: str, node: nodes.Element, digest: str) -> None:
        """Record an entry node the directive made on ``docname``."""
        record = EntryRecord(
            docname,
            node["ids"][0],
            node[ATTR_ENTRY],
            node[ATTR_TITLE],
            digest,
            tuple(node[ATTR_TOPICS]),
        )
        self.entries.setdefault(docname, []).append(record)

    def clear_doc(self, docname: str) -> None:
        self.entries.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, records in otherdata.get("entries", {}).items():
            if docname in docnames:
                self.entries[docname] = list(records)

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
