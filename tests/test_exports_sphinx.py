"""The build's export files: papers.atom, papers.json, papers.bib, and the feed link."""

from __future__ import annotations

import json
import shutil

import feedparser
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_paperdigest.core.exports import FILENAMES

from .conftest import ROOTS, parsed_warnings, soup
from .exports_helpers import parse_bib, tex_to_text, validate_json

BASE = "https://example.org/docs/"
FEED_LINK = 'link[rel="alternate"][type="application/atom+xml"]'


@pytest.fixture(scope="module")
def exports_app(module_project):
    return module_project("exports")


def written(app) -> set[str]:
    return {name for name in FILENAMES.values() if (app.outdir / name).exists()}


def test_files_are_written_without_warnings(exports_app):
    assert parsed_warnings(exports_app) == []
    assert written(exports_app) == {"papers.atom", "papers.json", "papers.bib"}


def test_feed(exports_app):
    data = (exports_app.outdir / "papers.atom").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.id == f"{BASE}papers.atom"
    assert parsed.feed.title == "Exports & <Tests>"
    assert parsed.feed.author == "Test Authors"
    assert parsed.feed.language == "en"
    assert parsed.feed.link == BASE
    # each entry once (the vision page shows one twice), newest first
    assert [e.id for e in parsed.entries] == [
        f"{BASE}tricky.html#2401.01234",
        f"{BASE}tricky.html#2312.00001",
        f"{BASE}vision.html#2312.00001",
        f"{BASE}vision.html#3292500",
        f"{BASE}tricky.html#hep-th-9901001",
    ]
    assert [t.term for t in parsed.entries[0].tags] == ["TeX", "Q&A"]
    # the card's page is the base of relative links in a summary
    assert f'href="{BASE}notes.html#part"' in parsed.entries[0].summary


def test_feed_link_on_pages_with_cards(exports_app):
    for page, linked in [("tricky", True), ("vision", True), ("index", False), ("plain", False)]:
        links = soup(exports_app.outdir / f"{page}.html").select(FEED_LINK)
        expected = [{"href": f"{BASE}papers.atom", "title": "Exports & <Tests>"}] if linked else []
        assert [{"href": a["href"], "title": a["title"]} for a in links] == expected, page


def test_json(exports_app):
    data = json.loads((exports_app.outdir / "papers.json").read_text(encoding="utf-8"))
    validate_json(data)
    assert [d["digest"]["path"] for d in data["digests"]] == [
        "digests/tricky.md",
        "digests/vision.md",
    ]
    assert data["digests"][1]["cards"] == {
        "2312.00001": [f"{BASE}vision.html#2312.00001", f"{BASE}vision.html#2312.00001-2"],
        "3292500": [f"{BASE}vision.html#3292500"],
    }
    assert str(exports_app.srcdir) not in json.dumps(data)


def test_bibtex(exports_app):
    entries = parse_bib((exports_app.outdir / "papers.bib").read_text(encoding="utf-8"))
    assert list(entries) == [
        "arxiv:2401.01234",
        "arxiv:2312.00001",
        "doi:10.1145/3292500.3330701",
        "arxiv:hep-th/9901001",
        "openreview:AbCdEf123",
    ]
    assert tex_to_text(entries["arxiv:2401.01234"]["title"]) == (
        r"Costs of 100% & $5 #1 {braces} ~tilde^ back\slash under_score"
    )


def test_serial_and_parallel_builds_write_the_same_bytes(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-parallel", srcdir)
    outputs = []
    for run, jobs in enumerate((1, 2, 2)):
        app = SphinxTestApp(
            "html",
            srcdir=srcdir,
            builddir=tmp_path / f"build-{run}",
            parallel=jobs,
            confoverrides={
                "html_baseurl": BASE,
                "paperdigest_exports": ["atom", "json", "bibtex", "csv"],
            },
        )
        try:
            app.build()
            assert [w for w in parsed_warnings(app) if "paperdigest" in str(w.type)] == []
            outputs.append({name: (app.outdir / name).read_bytes() for name in FILENAMES.values()})
        finally:
            app.cleanup()
    assert outputs[0] == outputs[1] == outputs[2]
    assert feedparser.parse(outputs[0]["papers.atom"]).entries


def test_no_base_url_no_feed(project):
    app = project("exports", confoverrides={"html_baseurl": ""})
    assert parsed_warnings(app) == []
    assert "papers.atom (the feed) is not written" in app._status.getvalue()
    assert written(app) == {"papers.json", "papers.bib"}
    assert soup(app.outdir / "tricky.html").select(FEED_LINK) == []
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    # card URLs relative to the site's root
    assert data["digests"][0]["cards"]["2401.01234"] == ["tricky.html#2401.01234"]


def test_feed_asked_for_without_base_url_is_a_warning(project):
    app = project("exports", confoverrides={"html_baseurl": "", "paperdigest_exports": ["atom"]})
    (warning,) = parsed_warnings(app)
    assert warning.type == "paperdigest.export"
    assert "html_baseurl is not set" in warning.message
    assert written(app) == set()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([], set()),
        (["csv"], {"papers.csv"}),
        (("json", "json"), {"papers.json"}),
    ],
)
def test_exports_switch(project, value, expected):
    app = project("exports", confoverrides={"paperdigest_exports": value})
    assert parsed_warnings(app) == []
    assert written(app) == expected


@pytest.mark.parametrize(
    ("value", "message", "expected"),
    [
        (
            "atom",
            "must be None or a list of export names",
            {"papers.atom", "papers.json", "papers.bib"},
        ),
        (["bibtex", "rss"], "unknown export 'rss'", {"papers.bib"}),
    ],
)
def test_bad_exports_value(project, tmp_path, value, message, expected):
    app = project("exports", build=False)
    conf = app.srcdir / "conf.py"
    text = conf.read_text()
    conf.write_text(text + f"paperdigest_exports = {value!r}\n")
    app.cleanup()
    from sphinx.testing.util import SphinxTestApp as App

    app = App("html", srcdir=app.srcdir)
    try:
        app.build()
        (warning,) = parsed_warnings(app)
        assert warning.type == "paperdigest.option"
        assert message in warning.message
        assert warning.location == f"{app.srcdir / 'conf.py'}:{text.count(chr(10)) + 1}"
        assert written(app) == expected
    finally:
        app.cleanup()


def test_other_builders_write_nothing(project):
    app = project("exports", buildername="text")
    assert parsed_warnings(app) == []
    assert written(app) == set()


def test_dirhtml_card_urls(project):
    app = project("exports", buildername="dirhtml")
    parsed = feedparser.parse((app.outdir / "papers.atom").read_bytes())
    assert parsed.entries[0].id == f"{BASE}tricky/#2401.01234"
    links = soup(app.outdir / "tricky" / "index.html").select(FEED_LINK)
    assert [a["href"] for a in links] == [f"{BASE}papers.atom"]


def test_singlehtml_card_urls(project):
    app = project("exports", buildername="singlehtml")
    parsed = feedparser.parse((app.outdir / "papers.atom").read_bytes())
    assert parsed.entries[0].id == f"{BASE}index.html#2401.01234"
    assert len(soup(app.outdir / "index.html").select(FEED_LINK)) == 1


LEVELS = """\
## [Topic A](https://example.org/a)

### [Paper one](https://arxiv.org/abs/2101.00001)

### [Paper two](https://arxiv.org/abs/2101.00002)
"""


def test_entry_level_of_a_directive_is_found_again(project):
    pages = {
        "digests/levels.md": LEVELS,
        "levels.md": "# Levels\n\n```{paperdigest} digests/levels.md\n:entry-level: 2\n```\n",
        "index.md": "# Exports\n\n```{toctree}\ntricky\nvision\nplain\nlevels\n```\n",
    }
    app = project("exports", pages, confoverrides={"paperdigest_exports": ["json", "csv"]})
    assert parsed_warnings(app) == []
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    levels = next(d for d in data["digests"] if d["digest"]["path"] == "digests/levels.md")
    # read at its level 2, the digest has one entry, which takes the first arXiv id;
    # read at the level detected (3), that id is Paper one's: the titles tell them apart
    assert levels["digest"]["entry_level"] == 2
    (entry,) = [e for g in levels["digest"]["groups"] for e in g["entries"]]
    assert (entry["id"], entry["title"]) == ("2101.00001", "Topic A")
    assert list(levels["cards"]) == ["2101.00001"]


def test_unpublished_digests_are_not_exported(project):
    draft = "---\npublished: false\n---\n\n## [Secret](https://example.org/secret)\n"
    app = project("exports", {"digests/vision.md": draft})
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    assert [d["digest"]["path"] for d in data["digests"]] == ["digests/tricky.md"]
    assert b"Secret" not in (app.outdir / "papers.atom").read_bytes()


def test_digest_changed_or_gone_when_exporting(project):
    from sphinx_paperdigest.exports import write_exports

    app = project("exports")
    vision = app.srcdir / "digests" / "vision.md"
    vision.write_text(vision.read_text().split("## [A DOI paper]")[0])
    write_exports(app, None)
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    assert list(data["digests"][1]["cards"]) == ["2312.00001"]
    vision.unlink()
    write_exports(app, None)
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    assert [d["digest"]["path"] for d in data["digests"]] == ["digests/tricky.md"]
    found = [(w.type, w.location, w.message) for w in parsed_warnings(app)]
    assert found == [
        ("paperdigest.export", f"{vision}:1", "entry '3292500' not found again; not exported"),
        (
            "paperdigest.export",
            f"{vision}:1",
            "cannot read digest 'digests/vision.md' again: No such file or directory",
        ),
    ]
