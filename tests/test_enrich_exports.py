"""Exports with what enrichment knows (``Site.papers``), read back by real parsers."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import feedparser
import pytest

from sphinx_paperdigest.core.exports import export
from sphinx_paperdigest.core.exports.bibtex import bib_name
from sphinx_paperdigest.core.papers import Paper

from .exports_helpers import PAGE, parse_bib, site, validate_json

OLD = Paper(
    "arxiv",
    "hep-th/9901001",
    "arxiv",
    "The Old One, As Published",
    ("Ludwig van Beethoven", "Research and Development Team", "Martin Luther King, Jr."),
    "An abstract.",
    dt.date(1999, 1, 4),
    "hep-th",
)
JAPANESE = Paper(
    "arxiv", "2312.00001", "arxiv", "Title", ("山田太郎", "Ada Lovelace"), "", None, ""
)
PAPERS = {OLD.key: OLD, JAPANESE.key: JAPANESE}


def enriched():
    return dataclasses.replace(site(), papers=PAPERS)


def test_without_enrichment_nothing_changes():
    plain = site()
    assert plain.papers == {}
    for fmt in ("json", "bibtex", "csv"):
        text = export(plain, fmt, PAGE)
        again = export(dataclasses.replace(plain, papers={}), fmt, PAGE)
        assert text == again
    assert "papers" not in json.loads(export(plain, "json"))
    assert "author = " not in export(plain, "bibtex")


def test_atom_authors_per_entry():
    feed = feedparser.parse(export(enriched(), "atom", PAGE + ".atom"))
    assert not feed.bozo, feed.get("bozo_exception")
    by_id = {e.id.rsplit("#", 1)[1]: [a.name for a in e.get("authors", [])] for e in feed.entries}
    assert by_id == {
        "2401.01234": [],  # not enriched: the feed's author stands for it
        # the Japanese post links 2312.00001 first (then a DOI); so does the vision entry
        "2312.00001": ["山田太郎", "Ada Lovelace"],
        "2312.00001-2": ["山田太郎", "Ada Lovelace"],
        "3292500": [],
        "hep-th-9901001": list(OLD.authors),  # linked from the summary
    }


def test_bibtex_author_title_class_and_year():
    bib = parse_bib(export(enriched(), "bibtex"))
    old = bib["arxiv:hep-th/9901001"]
    assert old["title"] == "{The Old One, As Published}"
    assert old["author"] == (
        "Ludwig van Beethoven and {Research and Development Team} and {Martin Luther King, Jr.}"
    )
    assert old["primaryClass"] == "hep-th"
    assert old["year"] == "1999"
    japanese = bib["arxiv:2312.00001"]
    assert japanese["author"] == "山田太郎 and Ada Lovelace"
    assert "primaryClass" not in japanese  # arXiv named none
    assert japanese["year"] == "2023"  # from the id, as without enrichment
    assert "author" not in bib["arxiv:2401.01234"]  # not enriched


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("Research and Development", "{Research and Development}"),
        ("AND Corp", "{AND Corp}"),
        ("Alexander Anderson", "Alexander Anderson"),  # 'and' inside a word is no separator
        ("King, Jr.", "{King, Jr.}"),
        ("100% {sure} \\o/", r"100\% \{sure\} \textbackslash{}o/"),
    ],
)
def test_bib_name(name, expected):
    assert bib_name(name) == expected


def test_json_papers_match_the_schema():
    data = json.loads(export(enriched(), "json"))
    validate_json(data)
    assert list(data["papers"]) == sorted(PAPERS)
    assert data["papers"][OLD.key]["authors"] == list(OLD.authors)
    assert data["papers"][OLD.key]["published"] == "1999-01-04"
    assert data["papers"][JAPANESE.key]["published"] is None


def test_csv_authors_column_is_last():
    rows = list(csv.reader(io.StringIO(export(enriched(), "csv"))))
    assert rows[0][-1] == "authors"
    by_id = {row[1]: row[-1] for row in rows[1:]}
    assert by_id["hep-th-9901001"] == "; ".join(OLD.authors)
    assert by_id["2401.01234"] == ""
