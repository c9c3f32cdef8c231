"""Exports of digests for feed readers, reference managers and data reuse.

Pure functions over the model (no Sphinx, no docutils): a :class:`~.site.Site`
says which entries are shown and where; each module writes one format of it.

- :mod:`.atom`: an Atom 1.0 feed (``papers.atom``);
- :mod:`.json_doc`: every digest in the ``paperdigest show --format json`` schema
  (``papers.json``);
- :mod:`.bibtex`: one BibTeX entry per paper (``papers.bib``);
- :mod:`.csv_table`: one CSV row per entry.
"""

from __future__ import annotations

from . import atom, bibtex, csv_table, json_doc
from .site import Card, Site, Source, file_site, unique_cards

#: The export formats and the file a Sphinx build writes each to.
FILENAMES = {
    "atom": "papers.atom",
    "json": "papers.json",
    "bibtex": "papers.bib",
    "csv": "papers.csv",
}
FORMATS = tuple(FILENAMES)


def export(site: Site, fmt: str, feed_url: str | None = None) -> str:
    """The text of ``site`` in format ``fmt``; an Atom feed needs its ``feed_url``."""
    if fmt == "atom":
        if feed_url is None:
            raise ValueError("an Atom feed needs its own URL")
        return atom.feed(site, feed_url)
    if fmt == "json":
        return json_doc.dumps(site)
    if fmt == "bibtex":
        return bibtex.bibliography(site)
    if fmt == "csv":
        return csv_table.table(site)
    raise ValueError(f"unknown export format {fmt!r}")


__all__ = [
    "FILENAMES",
    "FORMATS",
    "Card",
    "Site",
    "Source",
    "export",
    "file_site",
    "unique_cards",
]
