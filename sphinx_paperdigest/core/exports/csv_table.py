"""One CSV row per entry a site shows (RFC 4180: commas, double quotes, CRLF; UTF-8).

Columns, in order:

``digest``
    the digest's path (relative to the Sphinx source directory in a build);
``id``
    the entry's id;
``card``
    the card's URL (absolute with a base URL, else relative to the site; empty
    for an export of files without ``--base-url``);
``title``, ``url``
    the entry's title and its article's URL;
``date``, ``year``, ``group``
    ISO date, year and the group heading the entry sits under;
``topics``
    the card's topics, joined by ``"; "``;
``arxiv``, ``doi``
    the first arXiv id and DOI the entry links, if any;
``papers``
    every paper URL of the entry (the article's too when it names a paper),
    joined by spaces;
``summary``
    the summary's Markdown source, made safe to render
    (:func:`.safe_source.safe_markdown`: no raw HTML, no unsafe link);
``authors``
    with enrichment, the full names of the authors of the entry's paper,
    joined by ``"; "`` (last, so that the columns before keep their places).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return as a formula; such a text cell (a title, say) gets a leading
``'``, as OWASP advises, so opening the file runs nothing.
"""

from __future__ import annotations

import csv
import io

from ..urls import paper_link
from .safe_source import safe_markdown
from .site import Card, Site, unique_cards

COLUMNS = (
    "digest",
    "id",
    "card",
    "title",
    "url",
    "date",
    "year",
    "group",
    "topics",
    "arxiv",
    "doi",
    "papers",
    "summary",
    "authors",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A text cell that a spreadsheet cannot take for a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def row(card: Card, site: Site | None = None) -> list[str]:
    """The cells of one card, in :data:`COLUMNS` order (authors from ``site.papers``)."""
    entry = card.entry
    paper = site.paper(entry) if site is not None else None
    papers = [p for p in entry.papers if p.is_paper]
    if entry.url and (own := paper_link(entry.url)).is_paper:
        papers.insert(0, own)
    first = {
        kind: next((p.id for p in papers if p.kind == kind and p.id), "")
        for kind in ("arxiv", "doi")
    }
    values = [
        card.digest,
        entry.id,
        card.url or "",
        entry.title,
        entry.url or "",
        entry.date.isoformat() if entry.date else "",
        str(entry.year) if entry.year is not None else "",
        entry.group or "",
        "; ".join(card.topics),
        first["arxiv"],
        first["doi"],
        " ".join(p.url for p in papers),
        safe_markdown(entry.summary),
        "; ".join(paper.authors) if paper is not None else "",
    ]
    return [cell(v) for v in values]


def table(site: Site) -> str:
    """The CSV text: a header row, then one row per entry, in site order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(card, site) for card in unique_cards(site.cards))
    return out.getvalue()
