"""The stylesheet and script reach HTML output; a second build into the same place is quiet."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_paperdigest.assets import CLAMP_CSS_FILE, CSS_FILE, JS_FILE, STATIC_DIR

from .conftest import ROOTS, soup


@pytest.mark.sphinx("html", testroot="seed", freshenv=True)
def test_css_linked_and_copied(app, app_params, make_app, warnings_of):
    app.build()
    assert warnings_of(app) == []
    css = app.outdir / "_static" / CSS_FILE
    assert css.read_bytes() == (STATIC_DIR / CSS_FILE).read_bytes()
    links = [
        link["href"] for link in soup(app.outdir / "index.html").select("link[rel=stylesheet]")
    ]
    # shipped before the pages are written: linked with its checksum, as Sphinx's own
    assert f"_static/{CSS_FILE}?v=" in {
        href.split("?")[0] + "?v=" for href in links if "?v=" in href
    }
    # an older copy in the output (an earlier version) is replaced, not warned about,
    # by the next build (a new process)
    css.write_text("/* stale */")
    args, kwargs = app_params
    again = make_app(*args, **kwargs)
    again.build(force_all=True)
    # (a second app in one process registers Sphinx's nodes again: not the build's)
    assert [w for w in warnings_of(again) if "while setting up extension" not in w] == []
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


def epub_files(app) -> dict[str, bytes]:
    """The files packed in the ``.epub`` the build wrote (the zip, not the folder)."""
    (book,) = app.outdir.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def stylesheets(xhtml: bytes) -> list[str]:
    page = BeautifulSoup(xhtml.decode("utf-8"), "html.parser")
    return [link["href"].split("?")[0] for link in page.select("link[rel=stylesheet]")]


@pytest.mark.sphinx(
    "epub", testroot="seed", freshenv=True, confoverrides={"paperdigest_thumbnail_fit": "contain"}
)
def test_epub_packs_the_stylesheets(app):
    """Both stylesheets are inside the ``.epub``, linked from the page and in the manifest."""
    app.build()
    files = epub_files(app)
    assert files[f"_static/{CSS_FILE}"] == (STATIC_DIR / CSS_FILE).read_bytes()
    settings_css = files["_static/paperdigest-thumbnails.css"].decode()
    assert "object-fit: contain;" in settings_css
    links = stylesheets(files["index.xhtml"])
    assert f"_static/{CSS_FILE}" in links
    assert "_static/paperdigest-thumbnails.css" in links
    manifest = files["content.opf"].decode()
    assert f'href="_static/{CSS_FILE}"' in manifest
    assert 'href="_static/paperdigest-thumbnails.css"' in manifest
    # the settings' CSS is written to the build's cache, never the sources
    build = Path(app.doctreedir).parent
    written = [p for p in app.srcdir.rglob("*.css") if not p.is_relative_to(build)]
    assert written == []


def test_a_project_stylesheet_of_the_same_name_wins(project):
    """Like Sphinx's own static files: a ``paperdigest.css`` in the project's ``_static`` wins."""
    conf = (ROOTS / "test-seed" / "conf.py").read_text() + '\nhtml_static_path = ["_static"]\n'
    mine = "/* the project's own card styles */\n"
    app = project("seed", {"conf.py": conf, f"_static/{CSS_FILE}": mine})
    assert (app.outdir / "_static" / CSS_FILE).read_text() == mine
