"""The pure exporters: Atom, JSON, BibTeX and CSV of digests, read back by real parsers."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as SafeET

from sphinx_paperdigest.core.exports import Card, Site, Source, atom, bibtex, csv_table, json_doc
from sphinx_paperdigest.core.exports.safe_source import safe_digest
from sphinx_paperdigest.core.exports.summary_html import entry_html, summary_html
from sphinx_paperdigest.core.model import Digest, DigestMeta, Entry, Group, PaperLink
from sphinx_paperdigest.core.serialize import digest_data

from .exports_helpers import PAGE, parse_bib, site, sources, tex_to_text, validate_json

FEED = "https://example.org/docs/papers.atom"

#: Titles that trip writers up: TeX specials, Japanese, quotes, markup, controls.
TRICKY_TITLES = [
    r"Costs of 100% & $5 #1 {braces} ~tilde^ back\slash under_score",
    "日本語のタイトル「論文」について",
    "\"Double\" and 'single' quotes",
    "<script>alert('x')</script> & <b>bold</b>",
    r"\textbf{not a command} {unbalanced",
    "closing } first { then",
    "Émile's café: naïve résumé — ½ ∞",
    "Tab\tand\x0bvertical\x01controls",
    "%comment-looking title",
    "mail@example.org @misc{x, title={y}} and",
]


def one_entry_site(title: str, summary: str = "", url: str | None = None) -> Site:
    entry = Entry(
        id="e",
        title=title,
        url=url,
        line=1,
        summary=summary,
        papers=(PaperLink("https://arxiv.org/abs/2101.00001", "arxiv", "2101.00001", title),),
    )
    digest = Digest("d.md", DigestMeta(title="T"), (Group("", None, (entry,)),))
    card = Card("d.md", entry, ("a&b",), f"{PAGE}#e")
    return Site("T", (Source("d.md", digest),), (card,), home=PAGE)


def test_exports_import_no_sphinx():
    code = (
        "import sys, sphinx_paperdigest.core.exports as e\n"
        "from sphinx_paperdigest.core.exports import atom, bibtex, csv_table, json_doc\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sphinx', 'docutils', 'myst_parser'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- Atom ---------------------------------------------------------------------------------


def parse_feed(text: str) -> feedparser.FeedParserDict:
    """Parse with feedparser, its HTML sanitiser off (so the test sees our HTML)."""
    SafeET.fromstring(text.encode("utf-8"))  # well-formed XML, no entities
    parsed = feedparser.parse(text.encode("utf-8"), sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_atom_feed_entries_newest_first():
    parsed = parse_feed(atom.feed(site(), FEED))
    assert parsed.feed.id == FEED
    assert parsed.feed.title == "Tricky & <Digest>"
    assert parsed.feed.updated == "2024-03-05T00:00:00Z"
    assert [e.id for e in parsed.entries] == [
        f"{PAGE}#2401.01234",  # 2024-03-05
        f"{PAGE}#2312.00001",  # 2024-01-20
        f"{PAGE}#2312.00001-2",  # vision: 2023-12-02 (its id is taken on the page)
        f"{PAGE}#3292500",  # vision: the year only (2023-01-01)
        f"{PAGE}#hep-th-9901001",  # no date, no year: last, at the epoch
    ]
    first, _, _, year_only, undated = parsed.entries
    assert first.title == r"Costs of 100% & $5 #1 {braces} ~tilde^ back\slash under_score"
    assert first.link == "https://arxiv.org/abs/2401.01234v2"
    assert [link.href for link in first.links if link.rel == "related"] == [first.id]
    assert first.published == first.updated == "2024-03-05T00:00:00Z"
    assert [t.term for t in first.tags] == ["TeX", "Q&A"]
    assert year_only.updated == "2023-01-01T00:00:00Z" and "published" not in year_only
    assert undated.updated == "1970-01-01T00:00:00Z" and "published" not in undated
    # an entry without an article links its card
    assert undated.link == undated.id
    assert [t.term for t in undated.tags] == ["ML"]  # the digest's topics


def test_atom_summary_is_sanitised_html():
    parsed = parse_feed(atom.feed(site("tricky"), FEED))
    summary = BeautifulSoup(parsed.entries[0].summary, "html.parser")
    assert summary.find("script") is None
    assert "<script>" in summary.get_text()  # shown as text
    for tag in summary.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
    hrefs = [a["href"] for a in summary.find_all("a")]
    assert hrefs == ["https://example.org/docs/notes.html#part", "mailto:someone@example.org"]
    text = summary.get_text()
    assert "bad link" in text and "javascript" not in str(summary)
    assert '"Quotes"' in text
    # the entry's thumbnail is a file next to the digest: it has no address outside the site
    assert summary.find("img") is None
    japanese = BeautifulSoup(parsed.entries[1].summary, "html.parser")
    assert [img.attrs for img in japanese.find_all("img")] == [
        {
            "src": "https://example.org/pic.png",
            "alt": "日本語のタイトル「論文」について",
            "width": "320",
        }
    ]


@pytest.mark.parametrize(
    ("markdown", "expected_html"),
    [
        ("[x](javascript:alert(1))", "<p>x</p>\n"),
        ("[x](JaVaScRiPt:alert(1))", "<p>x</p>\n"),
        (
            "[x](<java\tscript:alert(1)>)",
            f'<p><a href="{PAGE.rsplit("/", 1)[0]}/java%09script:alert(1)">x</a></p>\n',
        ),
        ("<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"),
        ("[x](data:text/html;base64,xx)", "<p>x</p>\n"),
        ("![alt](data:image/png;base64,xx)", "<p>alt</p>\n"),
        ("![alt](pics/a.png)", "<p>alt</p>\n"),
        (
            "![alt](//cdn.example.org/a.png)",
            '<p><img src="https://cdn.example.org/a.png" alt="alt" /></p>\n',
        ),
        ("[rel](../up.html)", '<p><a href="https://example.org/up.html">rel</a></p>\n'),
        ("[frag](#here)", f'<p><a href="{PAGE}#here">frag</a></p>\n'),
        ("a <!-- hidden --> b", "<p>a  b</p>\n"),
        ("<div onclick='x'>hi</div>", "<p>&lt;div onclick=&#x27;x&#x27;&gt;hi&lt;/div&gt;</p>\n"),
        ('<img src="javascript:x" alt="A">', "<p>A</p>\n"),
        (
            '<a href="https://x.org">t</a>',
            "<p>&lt;a href=&quot;https://x.org&quot;&gt;t&lt;/a&gt;</p>\n",
        ),
        ("line<br>next", "<p>line<br>next</p>\n"),
        ("`<code>`", "<p><code>&lt;code&gt;</code></p>\n"),
    ],
)
def test_summary_html(markdown, expected_html):
    assert summary_html(markdown, PAGE) == expected_html


def test_summary_html_without_a_base_drops_relative_targets():
    assert summary_html("[rel](page.html) [abs](https://x.org/)", None) == (
        '<p>rel <a href="https://x.org/">abs</a></p>\n'
    )


def test_entry_html_shows_remote_thumbnails_only():
    from sphinx_paperdigest.core.model import Image

    entry = Entry("e", "T", None, 1, summary="S", thumbnail=Image("https://x.org/t.png", ""))
    assert entry_html(entry) == '<p><img src="https://x.org/t.png" alt="T"></p>\n<p>S</p>\n'
    local = dataclasses.replace(entry, thumbnail=Image("pics/t.png", "alt"))
    assert entry_html(local) == "<p>S</p>\n"


def test_atom_drops_exactly_what_xml_refuses():
    """Every code point: kept when XML 1.0 allows it (its Char production), else dropped."""
    allowed = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    text = "".join(map(chr, range(0x110000)))
    assert atom.xml_text(text) == "".join(c for c in text if allowed.fullmatch(c))


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_atom_round_trips_tricky_titles(title):
    summary = f"Summary of {title}"
    parsed = parse_feed(atom.feed(one_entry_site(title, summary, "https://x.org/a"), FEED))
    clean = atom.xml_text(title)
    assert parsed.entries[0].title == clean
    assert [t.term for t in parsed.entries[0].tags] == ["a&b"]
    shown = BeautifulSoup(parsed.entries[0].summary, "html.parser")
    assert shown.find("script") is None and shown.find("b") is None
    assert " ".join(shown.get_text().split()) == " ".join(f"Summary of {clean}".split())


def test_atom_is_deterministic_and_language_tagged():
    a_site = dataclasses.replace(site(), language="ja", author="Someone")
    text = atom.feed(a_site, FEED)
    assert text == atom.feed(a_site, FEED)
    parsed = parse_feed(text)
    assert parsed.feed.language == "ja"
    assert parsed.feed.author == "Someone"


def test_atom_empty_site():
    parsed = parse_feed(atom.feed(Site("Empty", (), ()), FEED))
    assert parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00Z"


# -- JSON -----------------------------------------------------------------------------------


def test_json_document_matches_the_schema_and_show():
    the_site = site()
    data = json.loads(json_doc.dumps(the_site))
    validate_json(data)
    assert data["schema"] == 1
    assert [d["digest"]["path"] for d in data["digests"]] == [
        "digests/tricky.md",
        "digests/vision.md",
    ]
    for document, source in zip(data["digests"], sources("tricky", "vision"), strict=True):
        # the summaries made safe to render: else what show prints
        digest = safe_digest(dataclasses.replace(source.digest, path=source.path))
        show = json.loads(json.dumps(digest_data(digest, list(source.diagnostics))))
        assert {k: v for k, v in document.items() if k != "cards"} == show
    assert data["digests"][1]["cards"] == {
        "2312.00001": [f"{PAGE}#2312.00001-2"],
        "3292500": [f"{PAGE}#3292500"],
    }
    # a diagnostic of the reader is kept
    assert {d["code"] for d in data["digests"][0]["diagnostics"]} == {
        "unsafe-url",
        "raw-html",
        "markup",
    }


def test_json_without_pages_has_no_cards():
    data = json.loads(json_doc.dumps(site(page=None)))
    validate_json(data)
    assert [d["cards"] for d in data["digests"]] == [{}, {}]


def test_json_turns_nan_into_text():
    entry = Entry("e", "T", None, 1, meta={"score": float("nan"), "n": [float("inf")]})
    digest = Digest("d.md", DigestMeta(), (Group("", None, (entry,)),))
    text = json_doc.dumps(Site("T", (Source("d.md", digest),), ()))
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert data["digests"][0]["digest"]["groups"][0]["entries"][0]["meta"] == {
        "score": "nan",
        "n": ["inf"],
    }


def test_schema_rejects_what_the_model_does_not_have():
    data = json.loads(json_doc.dumps(site("vision")))
    data["digests"][0]["digest"]["groups"][0]["entries"][0]["surprise"] = 1
    with pytest.raises(Exception, match="surprise"):
        validate_json(data)


# -- BibTeX ---------------------------------------------------------------------------------


def test_bibtex_entries_and_fields():
    text = bibtex.bibliography(site())
    entries = parse_bib(text)
    assert list(entries) == [
        "arxiv:2401.01234",
        "arxiv:2312.00001",
        "doi:10.1145/3292500.3330701",
        "arxiv:hep-th/9901001",
        "openreview:AbCdEf123",
    ]
    first = entries["arxiv:2401.01234"]
    assert first["eprint"] == "2401.01234"
    assert first["archivePrefix"] == "arXiv"
    assert first["year"] == "2024"
    assert first["url"] == "https://arxiv.org/abs/2401.01234"
    assert tex_to_text(first["title"]) == (
        r"Costs of 100% & $5 #1 {braces} ~tilde^ back\slash under_score"
    )
    # the link says 論文 (paper): the entry's title is used
    assert tex_to_text(entries["arxiv:2312.00001"]["title"]) == "日本語のタイトル「論文」について"
    doi = entries["doi:10.1145/3292500.3330701"]
    assert doi["doi"] == "10.1145/3292500.3330701"
    assert tex_to_text(doi["title"]) == "DOI の論文"  # the link's text reads as a title
    old = entries["arxiv:hep-th/9901001"]
    assert old["primaryClass"] == "hep-th" and old["year"] == "1999"
    assert tex_to_text(old["title"]) == "The Old One"
    assert entries["openreview:AbCdEf123"]["url"] == "https://openreview.net/forum?id=AbCdEf123"
    # code is not a paper
    assert "github" not in text


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_bibtex_round_trips_tricky_titles(title):
    entries = parse_bib(bibtex.bibliography(one_entry_site(title)))
    assert list(entries) == ["arxiv:2101.00001"]
    value = entries["arxiv:2101.00001"]["title"]
    assert tex_to_text(value) == " ".join(title.replace("\x01", " ").split())


def test_bibtex_keys_are_stable_and_unique():
    one = bibtex.bibliography(site("tricky"))
    both = bibtex.bibliography(site())
    keys_one = list(parse_bib(one))
    assert list(parse_bib(both))[: len(keys_one)] == keys_one
    # two papers whose ids would give one key both get a hash
    links = (
        PaperLink("https://doi.org/10.1/a(b)", "doi", "10.1/a(b)"),
        PaperLink("https://doi.org/10.1/a[b]", "doi", "10.1/a[b]"),
    )
    entry = Entry("e", "T", None, 1, papers=links)
    digest = Digest("d.md", DigestMeta(), (Group("", None, (entry,)),))
    keys = list(parse_bib(bibtex.bibliography(Site("T", (), (Card("d.md", entry),)))))
    assert len(keys) == 2 and all(k.startswith("doi:10.1/a-b-") for k in keys), keys
    assert digest.entries == (entry,)


def test_bibtex_verbatim_fields_are_encoded():
    link = PaperLink("https://example.org/x {y}\\z/論文", "acl", None, "A Paper Title")
    entry = Entry("e", "T", None, 1, papers=(link,))
    entries = parse_bib(bibtex.bibliography(Site("T", (), (Card("d.md", entry),))))
    (fields,) = entries.values()
    assert fields["url"] == "https://example.org/x%20%7By%7D%5Cz/%E8%AB%96%E6%96%87"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("SegFormer", True),
        ("Neural Radiance Fields", True),
        ("arXiv", False),
        ("PDF", False),
        ("論文", False),
        ("[pdf]", False),
        ("https://arxiv.org/abs/2101.00001", False),
        ("2101.00001v2", False),
        ("arXiv:2101.00001", False),
        ("", False),
        ("ab", False),
    ],
)
def test_link_text_that_reads_as_a_title(label, expected):
    assert bibtex.reads_as_title(label) is expected


# -- CSV ------------------------------------------------------------------------------------


def test_csv_rows():
    text = csv_table.table(site())
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == csv_table.COLUMNS
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["id"] for r in records] == [
        "2401.01234",
        "2312.00001",
        "hep-th-9901001",
        "2312.00001",
        "3292500",
    ]
    first = records[0]
    assert first["digest"] == "digests/tricky.md"
    assert first["card"] == f"{PAGE}#2401.01234"
    assert first["title"] == r"Costs of 100% & $5 #1 {braces} ~tilde^ back\slash under_score"
    assert first["date"] == "2024-03-05" and first["year"] == "2024" and first["group"] == "2024"
    assert first["topics"] == "TeX; Q&A"
    assert first["arxiv"] == "2401.01234"
    # made safe to render: the script is text
    assert "&lt;script>" in first["summary"] and "<script>" not in first["summary"]
    assert "\n" in first["summary"]
    japanese = records[1]
    assert japanese["arxiv"] == "2312.00001" and japanese["doi"] == "10.1145/3292500.3330701"
    assert japanese["papers"] == (
        "https://arxiv.org/abs/2312.00001 https://doi.org/10.1145/3292500.3330701"
    )
    assert records[2]["date"] == records[2]["year"] == records[2]["url"] == ""


@pytest.mark.parametrize("title", ['=HYPERLINK("x")', "+1", "-cmd", "@SUM(A1)", "\tx"])
def test_csv_cells_are_never_formulas(title):
    rows = list(csv.reader(io.StringIO(csv_table.table(one_entry_site(title)), newline="")))
    assert rows[1][3] == "'" + title
