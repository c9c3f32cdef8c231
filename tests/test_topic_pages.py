"""Topic pages, topic badges as links, and ``{paper}`` references across a site."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import unquote

import pytest
from sphinx.cmd.build import build_main
from sphinx.util.inventory import InventoryFile

from sphinx_paperdigest.topicpages import topic_slug, topic_slugs

from .conftest import ROOTS, parsed_warnings, soup

TOPICS = {"3D", "NeRF", "SLAM", "Transformer", "機械学習"}


@pytest.fixture(scope="module")
def site(module_project):
    return module_project("topics")


def cards_by_topic(app):
    """``{topic: [card id, ...]}`` over every digest page of the site."""
    found: dict[str, list[str]] = {}
    for page in ("page-a", "page-b"):
        for card in soup(app.outdir / f"{page}.html").select(".paperdigest-card"):
            for topic in json.loads(card["data-topics"]):
                found.setdefault(topic, []).append(card["id"])
    return found


def topic_file(app, topic):
    return app.outdir / "topics" / f"{topic_slugs(TOPICS)[topic]}.html"


def test_a_page_per_topic_with_every_card_that_has_its_badge(site):
    by_topic = cards_by_topic(site)
    assert set(by_topic) == TOPICS
    for topic, ids in by_topic.items():
        page = soup(topic_file(site, topic))
        assert page.select_one("h1").get_text().rstrip("¶") == topic
        assert sorted(c["id"] for c in page.select(".paperdigest-card")) == sorted(ids)


def test_topic_page_is_newest_first_and_links_back(site):
    page = soup(topic_file(site, "3D"))
    titles = [t.get_text() for t in page.select(".paperdigest-title")]
    assert titles == ["SLAM in the wild", "NeRF: Representing Scenes as Neural Radiance Fields"]
    for card in page.select(".paperdigest-card"):
        back = card.select_one("a.paperdigest-link-digest")
        target, _, anchor = back["href"].partition("#")
        assert target.startswith("../page-")
        # the card it points at exists on its digest page
        digest_page = soup(site.outdir / "topics" / target)
        assert digest_page.select_one(f".paperdigest-card[id='{anchor}']") is not None


def test_badges_link_to_topic_pages(site):
    page = soup(site.outdir / "page-b.html")
    badges = page.select(".paperdigest-card .paperdigest-topic")
    assert badges and all(b.name == "a" for b in badges)
    for badge in badges:
        target = site.outdir / unquote(badge["href"])
        assert target.resolve() == topic_file(site, badge.get_text()).resolve()


def test_topic_index_lists_topics_with_counts(site):
    page = soup(site.outdir / "topics" / "index.html")
    items = {li.a.get_text(): li.get_text() for li in page.select(".paperdigest-topic-list li")}
    counts = {t: len(set(ids)) for t, ids in cards_by_topic(site).items()}
    assert set(items) == TOPICS
    for topic, text in items.items():
        assert text.endswith(f"({counts[topic]})")


def test_japanese_topic_has_a_readable_slug(site):
    assert topic_slug("機械学習") == "機械学習"
    assert topic_file(site, "機械学習").is_file()


def test_topic_pages_are_searchable(site):
    index = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    assert {"topics/nerf", "topics/index"} <= set(data["docnames"])


def test_nothing_is_written_into_the_source_directory(site):
    sources = {p.relative_to(site.srcdir) for p in site.srcdir.rglob("*")}
    sources = {p for p in sources if p.parts[0] != "_build"}
    assert not any(p.parts[0] == "topics" for p in sources)


def test_topic_pages_can_be_turned_off_or_moved(project):
    app = project("topics", confoverrides={"paperdigest_topic_pages": False})
    assert not (app.outdir / "topics").exists()
    badges = soup(app.outdir / "page-a.html").select(".paperdigest-card .paperdigest-topic")
    assert badges and all(b.name == "span" for b in badges)
    app = project("topics", confoverrides={"paperdigest_topic_pages": "papers/by-topic/"})
    assert (app.outdir / "papers" / "by-topic" / "nerf.html").is_file()
    badge = soup(app.outdir / "page-a.html").select_one(".paperdigest-card a.paperdigest-topic")
    assert badge["href"].startswith("papers/by-topic/")


def test_no_topic_pages_for_epub_or_text(project):
    for builder in ("epub", "text", "singlehtml"):
        app = project("topics", buildername=builder, confoverrides={"version": "1"})
        assert not list(app.outdir.rglob("topics*")), builder


@pytest.mark.parametrize(
    ("topics", "expected_distinct"),
    [(["NeRF", "nerf"], 2), (["C++", "C#", "C"], 3), (["", "!!!"], 2), (["ＮｅＲＦ", "NeRF"], 2)],
)
def test_slugs_are_unique_and_safe(topics, expected_distinct):
    slugs = topic_slugs(topics)
    assert len(set(slugs.values())) == expected_distinct
    for slug in slugs.values():
        assert slug and re.fullmatch(r"[\w-]+", slug) and not slug.startswith("-")
        assert slug == topic_slugs(topics)[next(t for t in topics if slugs[t] == slug)]


def _build(srcdir, outdir, *extra):
    return build_main(["-q", "-b", "html", *extra, str(srcdir), str(outdir)])


def _tree(outdir):
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in outdir.rglob("*.html")}


def test_parallel_build_is_identical(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-topics", srcdir)
    assert _build(srcdir, tmp_path / "serial") == 0
    assert _build(srcdir, tmp_path / "parallel", "-j", "2") == 0
    serial, parallel = _tree(tmp_path / "serial"), _tree(tmp_path / "parallel")
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], name


def test_editing_a_digest_updates_its_topic_pages(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-topics", srcdir)
    out = tmp_path / "out"
    assert _build(srcdir, out) == 0
    assert "Neural fields for robots" not in (out / "topics" / "3d.html").read_text()
    digest = srcdir / "digests" / "b.md"
    digest.write_text(digest.read_text().replace("[NeRF, SLAM]", "[NeRF, SLAM, 3D]"))
    assert _build(srcdir, out) == 0
    assert "Neural fields for robots" in (out / "topics" / "3d.html").read_text()
    # a topic that appears gets its page; one that goes away loses its cards
    digest.write_text(digest.read_text().replace("[NeRF, SLAM, 3D]", "[Robotics]"))
    assert _build(srcdir, out) == 0
    assert "Neural fields for robots" in (out / "topics" / "robotics.html").read_text()
    nerf = soup(out / "topics" / "nerf.html")
    assert [c["id"] for c in nerf.select(".paperdigest-card")] == ["2003.08934"]
    # an incremental build gives the pages a fresh build gives
    fresh = tmp_path / "fresh"
    assert _build(srcdir, fresh) == 0
    assert _tree(out) == _tree(fresh)


# -- {paper} ---------------------------------------------------------------------------


def test_paper_role_links_to_the_card(site):
    page = soup(site.outdir / "refs.html")
    links = page.select("a.reference.internal")
    texts = [a.get_text() for a in links]
    assert texts == [
        "NeRF: Representing Scenes as Neural Radiance Fields",
        "the radiance paper",
        "Tabular transformers",
    ]
    assert links[0]["href"] == "page-a.html#2003.08934"
    assert links[2]["href"] == "page-a.html#2106.02584"
    # the missing reference stays text
    assert "9999.99999" in page.get_text()


def test_paper_role_in_rest(site):
    page = soup(site.outdir / "rest.html")
    hrefs = [a["href"] for a in page.select("a.reference.internal")]
    assert hrefs == ["page-a.html#2003.08934", "page-b.html#slam-in-the-wild"]


def test_missing_reference_is_a_located_warning(site):
    refs = [w for w in parsed_warnings(site) if w.type == "paperdigest.ref"]
    assert sorted((w.file, w.line) for w in refs) == [
        (str(site.srcdir / "refs.md"), 7),
        (str(site.srcdir / "rest.rst"), 6),
    ]
    assert {"9999.99999", "0000.00000"} == {w.message.split("'")[1] for w in refs}


def test_entries_are_in_the_inventory(site):
    base = "https://example.org/docs"
    with (site.outdir / "objects.inv").open("rb") as f:
        inventory = InventoryFile.load(f, base, lambda base, uri: f"{base}/{uri}")
    entries = inventory["paperdigest:entry"]

    def uri_and_title(item):
        # Sphinx 9 has attributes; 8.2 a tuple (project, version, uri, title)
        if hasattr(item, "uri"):
            return item.uri, item.display_name
        return item[2], item[3]

    assert uri_and_title(entries["2003.08934"])[0] == f"{base}/page-a.html#2003.08934"
    assert uri_and_title(entries["slam-in-the-wild"])[1] == "SLAM in the wild"


def test_other_projects_link_to_entries_through_intersphinx(site, tmp_path, make_app):
    other = tmp_path / "other"
    other.mkdir()
    (other / "conf.py").write_text(
        'extensions = ["sphinx_paperdigest", "sphinx.ext.intersphinx"]\n'
        "intersphinx_mapping = {'digest': ('https://example.org/digest/', "
        f"{str(site.outdir / 'objects.inv')!r})}}\n",
        encoding="utf-8",
    )
    (other / "index.rst").write_text(
        "Other\n=====\n\n"
        ":external+digest:paperdigest:entry:`2003.08934` and :paper:`slam-in-the-wild`.\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=other)
    app.build()
    assert [w for w in parsed_warnings(app) if w.type == "paperdigest.ref"] == []
    hrefs = [a["href"] for a in soup(app.outdir / "index.html").select("a.reference.external")]
    assert hrefs == [
        "https://example.org/digest/page-a.html#2003.08934",
        "https://example.org/digest/page-b.html#slam-in-the-wild",
    ]
