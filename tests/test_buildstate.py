"""Generated outputs are made again only when what they are made of changed.

The export files are made from the site's entries, the digests, the papers
enrichment knows, the configuration and the extension's code; a build where
none of them changed (nothing read, or only a page without cards) leaves the
files as they are. Whenever they are made, they are a cold build's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_paperdigest import exports, topicpages
from sphinx_paperdigest.core.exports import FILENAMES

from .conftest import ROOTS

OVERRIDES = {"paperdigest_exports": ["atom", "json", "bibtex", "csv"]}


@pytest.fixture
def made(monkeypatch):
    """How many times the export files were made (``collect_site`` calls)."""
    calls: list[int] = []
    real = exports.collect_site

    def spy(app, records):
        calls.append(1)
        return real(app, records)

    monkeypatch.setattr(exports, "collect_site", spy)

    def count() -> int:
        found = len(calls)
        calls.clear()
        return found

    return count


def build(srcdir: Path, builddir: Path, **overrides: object) -> dict[str, tuple[bytes, int]]:
    """Each export file's bytes and modification time."""
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, confoverrides={**OVERRIDES, **overrides}
    )
    try:
        app.build()
        return {
            name: ((app.outdir / name).read_bytes(), (app.outdir / name).stat().st_mtime_ns)
            for name in FILENAMES.values()
            if (app.outdir / name).is_file()
        }
    finally:
        app.cleanup()


def data(found: dict[str, tuple[bytes, int]]) -> dict[str, bytes]:
    return {name: content for name, (content, _) in found.items()}


def test_exports_are_made_again_only_when_their_inputs_change(tmp_path, made):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-exports", srcdir)
    builddir = tmp_path / "build"
    first = build(srcdir, builddir)
    assert made() == 1

    # nothing changed; then a page without cards changed: the files stay
    assert build(srcdir, builddir) == first
    (srcdir / "plain.md").write_text("# A page without cards\n\nOther words.\n", "utf-8")
    assert build(srcdir, builddir) == first
    assert made() == 0

    # a digest changed: made again, as a cold build makes them
    vision = srcdir / "digests" / "vision.md"
    vision.write_text(vision.read_text("utf-8").replace("## [A DOI paper]", "## [A paper"), "utf-8")
    edited = build(srcdir, builddir)
    assert made() == 1
    assert data(edited) != data(first)
    assert data(edited) == data(build(srcdir, tmp_path / "cold"))
    made()

    # a file removed, or changed, in the output directory: made again
    (builddir / "html" / "papers.json").unlink()
    assert data(build(srcdir, builddir)) == data(edited)
    (builddir / "html" / "papers.bib").write_text("edited by hand\n", "utf-8")
    assert data(build(srcdir, builddir)) == data(edited)
    assert made() == 2

    # the configuration changed: made again
    renamed = build(srcdir, builddir, project="Another name")
    assert made() == 1
    assert b"Another name" in renamed["papers.atom"][0]


def test_a_build_that_warned_about_exports_makes_them_again(tmp_path, made):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-exports", srcdir)
    builddir = tmp_path / "build"
    build(srcdir, builddir)
    made()
    # an output directory the feed cannot be written to: a warning, every time
    (builddir / "html" / "papers.atom").unlink()
    (builddir / "html" / "papers.atom").mkdir()
    assert "papers.atom" not in build(srcdir, builddir)
    assert "papers.atom" not in build(srcdir, builddir)
    assert made() == 2


def site_files(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def test_topic_page_bodies_are_written_again_only_when_they_change(tmp_path, monkeypatch):
    written: list[str] = []
    real = topicpages._body

    def spy(builder, doctree):
        written.append(builder.current_docname)
        return real(builder, doctree)

    monkeypatch.setattr(topicpages, "_body", spy)
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-topics", srcdir)

    def build_topics(builddir: Path) -> dict[str, bytes]:
        app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir)
        try:
            app.build()
            return site_files(app.outdir)
        finally:
            app.cleanup()

    first = build_topics(tmp_path / "build")
    pages = set(written)
    assert {"topics/index", "topics/nerf", "topics/機械学習"} <= pages
    written.clear()
    assert build_topics(tmp_path / "build") == first
    assert written == []

    # a card links another article: the pages of its topics are written again
    digest = srcdir / "digests" / "a.md"
    text = digest.read_text("utf-8").replace("2021-06-13-npt/", "2021-06-13-npt-moved/")
    digest.write_text(text, "utf-8")
    edited = build_topics(tmp_path / "build")
    assert sorted(written) == ["topics/transformer", "topics/機械学習"]
    assert edited == build_topics(tmp_path / "fresh")
    assert "2021-06-13-npt-moved/" in edited["topics/機械学習.html"].decode()
