"""The digest path: relative to the page, or to the source directory with ``/``."""

from __future__ import annotations

from .conftest import page_with, parsed_warnings, soup

TOC = "# Papers\n\n```{toctree}\nsub/page\n```\n"


def card_count(app, page):
    return len(soup(app.outdir / f"{page}.html").select(".paperdigest-card"))


def test_relative_to_the_page(project):
    app = project(
        "options",
        {"index.md": TOC, "sub/page.md": page_with(digest="../digests/papers.md")},
    )
    assert parsed_warnings(app) == []
    assert card_count(app, "sub/page") == 6


def test_absolute_is_from_the_source_directory(project):
    pages = {"index.md": TOC, "sub/page.md": page_with(digest="/digests/papers.md")}
    app = project("options", pages)
    assert parsed_warnings(app) == []
    assert card_count(app, "sub/page") == 6


def test_relative_to_the_page_not_the_source_directory(project):
    # digests/papers.md next to sub/page.md does not exist
    app = project("options", {"index.md": TOC, "sub/page.md": page_with()})
    found = parsed_warnings(app)
    assert [w.type for w in found] == ["paperdigest.not-found"]
    assert found[0].file == str(app.srcdir / "sub" / "page.md")
    assert card_count(app, "sub/page") == 0


def test_outside_the_source_directory_is_refused(project, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("## [Secret](https://example.org/secret/)\n\nText.\n", encoding="utf-8")
    # the project is copied to a directory of tmp_path: this file exists, but outside
    app = project("options", {"index.md": page_with(digest="../outside.md")})
    found = parsed_warnings(app)
    assert [w.type for w in found] == ["paperdigest.path"]
    assert (found[0].file, found[0].line) == (str(app.srcdir / "index.md"), 3)
    page = soup(app.outdir / "index.html")
    assert page.select(".paperdigest-card") == []
    assert page.select_one(".paperdigest-error") is not None


def test_absolute_path_is_still_inside(project, tmp_path):
    (tmp_path / "outside.md").write_text("## [X](https://example.org/x/)\n", encoding="utf-8")
    app = project("options", {"index.md": page_with(digest="/../outside.md")})
    assert [w.type for w in parsed_warnings(app)] == ["paperdigest.path"]


def test_digest_is_a_dependency_of_the_page(project):
    app = project("options", {"index.md": page_with()})
    deps = {str(d) for d in app.env.dependencies["index"]}
    assert any(d.endswith("digests/papers.md") for d in deps), deps


def test_symbolic_link_inside_the_source_directory_is_followed(project, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "d.md").write_text("## [Shared](https://example.org/shared/)\n\nText.\n")
    app = project("options", {"index.md": page_with(digest="digests/linked/d.md")}, build=False)
    (app.srcdir / "digests" / "linked").symlink_to(shared, target_is_directory=True)
    app.build()
    assert parsed_warnings(app) == []
    assert card_count(app, "index") == 1
