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

from .site import Card, Site, Source, file_site, unique_cards

#: The export formats, in the order the docs list them; each names a module's writer.
FORMATS = ("atom", "json", "bibtex", "csv")

__all__ = ["FORMATS", "Card", "Site", "Source", "file_site", "unique_cards"]
