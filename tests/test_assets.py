"""The stylesheet and script reach HTML output; a second build into the same place is quiet."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.assets import CLAMP_CSS_FILE, CSS_FILE, JS_FILE, STATIC_DIR

from .conftest import soup


@pytest.mark.sphinx("html", testroot="seed", freshenv=True)
def test_css_linked_and_copied(app, warnings_of):
    app.build()
    assert warnings_of(app) == []
    css = app.outdir / "_static" / CSS_FILE
    assert css.read_bytes() == (STATIC_DIR / CSS_FILE).read_bytes()
    links = [
        link["href"] for link in soup(app.outdir / "index.html").select("link[rel=stylesheet]")
    ]
    assert any(href.split("?")[0] == f"_static/{CSS_FILE}" for href in links)
    # an older copy in the output (an earlier version) is replaced, not warned about
    css.write_text("/* stale */")
    app.build(force_all=True)
    assert warnings_of(app) == []
    assert css.read_bytes() == (STATIC_DIR / CSS_FILE).read_bytes()


@pytest.mark.sphinx("html", testroot="seed", freshenv=True, confoverrides={"language": "ja"})
def test_script_linked_with_its_words_and_copied(app, warnings_of):
    app.build()
    assert warnings_of(app) == []
    assert (app.outdir / "_static" / JS_FILE).read_bytes() == (STATIC_DIR / JS_FILE).read_bytes()
    scripts = soup(app.outdir / "index.html").select("script[src]")
    script = next(s for s in scripts if s["src"].split("?")[0] == f"_static/{JS_FILE}")
    assert script.has_attr("defer")
    # the "more" button's words, in the project's language
    assert (script["data-label-more"], script["data-label-less"]) == ("続きを読む", "折りたたむ")
    clamp = app.outdir / "_static" / CLAMP_CSS_FILE
    assert clamp.read_bytes() == (STATIC_DIR / CLAMP_CSS_FILE).read_bytes()
    links = [link["href"].split("?")[0] for link in soup(app.outdir / "index.html").select("link")]
    assert f"_static/{CLAMP_CSS_FILE}" in links


@pytest.mark.sphinx("epub", testroot="seed", freshenv=True)
def test_an_epub_gets_the_stylesheet_and_no_script(app):
    # its pages link no script: summaries are not shortened, the button never comes
    app.build()
    static = {path.name for path in (app.outdir / "_static").iterdir()}
    assert CSS_FILE in static
    assert not {JS_FILE, CLAMP_CSS_FILE} & static


@pytest.mark.sphinx("text", testroot="seed")
def test_no_css_for_text(app):
    app.build()
    assert not (app.outdir / "_static").exists()
