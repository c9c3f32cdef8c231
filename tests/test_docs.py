"""The docs site builds with ``-W`` and its reference pages list everything."""

from __future__ import annotations

import pytest
from sphinx.cmd.build import build_main

from sphinx_paperdigest.config import CONFIG_VALUES
from sphinx_paperdigest.core.diagnostics import CODES

from .conftest import DOCS, SEED, soup


@pytest.fixture(scope="module")
def docs_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "html"
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(out)])
    assert status == 0
    return out


def test_docs_digest_is_the_seed():
    assert (DOCS / "digests" / "digest-example.md").read_bytes() == SEED.read_bytes()


def test_front_page_renders_the_seed(docs_html):
    page = soup(docs_html / "index.html")
    assert len(page.select(".paperdigest-card")) == 11
    assert [s["id"] for s in page.select("section.paperdigest-group")] == ["2021", "2020"]


def test_configuration_reference_lists_every_value(docs_html):
    page = soup(docs_html / "configuration.html")
    listed = [dt["id"] for dt in page.select("dl.confval > dt[id]")]
    assert listed == [f"confval-{value.name}" for value in CONFIG_VALUES]


def test_configuration_reference_shows_pictures_of_thumbnail_settings(docs_html):
    page = soup(docs_html / "configuration.html")
    shown = {}
    for dt in page.select("dl.confval > dt[id]"):
        pictures = dt.find_next_sibling("dd").select("table.setting-pictures img")
        shown[dt["id"].removeprefix("confval-")] = [img["src"] for img in pictures]
    pixel_settings = [
        "paperdigest_thumbnail_size",
        "paperdigest_thumbnail_fit",
        "paperdigest_thumbnail_format",
        "paperdigest_thumbnail_quality",
        "paperdigest_keep_animation",
        "paperdigest_placeholder",
    ]
    for name in pixel_settings:
        assert len(shown[name]) == 2, name  # before and after
        for src in shown[name]:
            assert (docs_html / src).stat().st_size > 0
    assert shown["paperdigest_remote_timeout"] == []


def test_warnings_reference_lists_every_code(docs_html):
    page = soup(docs_html / "warnings.html")
    terms = [dt.get_text(strip=True) for dt in page.select("dl > dt")]
    assert terms == [f"paperdigest.{code}" for code in CODES]


def test_every_snippet_is_shown(docs_html):
    snippets = sorted(p.stem for p in (DOCS / "snippets").glob("*.md"))
    shown = set()
    for page in docs_html.rglob("*.html"):
        for block in soup(page).select("div.highlight-md pre"):
            shown.add(block.get_text())
    for name in snippets:
        assert (DOCS / "snippets" / f"{name}.md").read_text(encoding="utf-8") in shown, name
