"""Zenn's ``/images/...`` pictures: from the repository's root, found among the digest's parents."""

from __future__ import annotations

from sphinx_paperdigest.core import parse_digest

from .conftest import page_with, parsed_warnings, soup

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><!-- {} --></svg>\n'

DIGEST = """\
# 2021

## [Nearest](https://example.org/a/)

![a](/images/same.svg)

## [Only at the root](https://example.org/b/)

![b](/images/root-only.svg)

## [Missing](https://example.org/c/)

![c](/images/missing.svg)

## [Climbing out](https://example.org/d/)

![d](/images/../../secret.svg)

## [Linked out](https://example.org/e/)

![e](/images/link.svg)
"""


def zenn_project(project):
    conf = {"exclude_patterns": ["_build", "digests", "zenn"]}
    page = page_with(digest="zenn/articles/papers.md")
    app = project(
        "options",
        {"index.md": page, "zenn/articles/papers.md": DIGEST},
        confoverrides=conf,
        build=False,
    )
    src = app.srcdir
    (src / "zenn" / "images").mkdir()
    (src / "images").mkdir()
    (src / "zenn" / "images" / "same.svg").write_text(SVG.format("zenn"), encoding="utf-8")
    (src / "images" / "same.svg").write_text(SVG.format("root"), encoding="utf-8")
    (src / "images" / "root-only.svg").write_text(SVG.format("root only"), encoding="utf-8")
    (src.parent / "secret.svg").write_text(SVG.format("secret"), encoding="utf-8")
    (src / "zenn" / "images" / "link.svg").symlink_to(src.parent / "secret.svg")
    app.build()
    return app


def test_rooted_paths_are_found_in_the_nearest_folder_that_holds_them(project):
    app = zenn_project(project)
    page = soup(app.outdir / "index.html")
    cards = {c["id"]: c for c in page.select(".paperdigest-card")}
    assert len(cards) == 5  # nothing lost

    def picture(ident):
        img = cards[ident].select_one("img.paperdigest-thumb")
        return None if img is None else (app.outdir / img["src"]).read_text(encoding="utf-8")

    assert "zenn" in picture("a")  # zenn/images, not the source dir's images
    assert "root only" in picture("b")
    assert picture("c") is None
    assert picture("d") is None
    assert picture("e") is None
    warnings = sorted((w.type, w.line) for w in parsed_warnings(app))
    # missing: the build says so; climbing out of the root: the reader refuses it;
    # a link to a picture outside the source directory: the build refuses it
    assert warnings == [
        ("paperdigest.image", 13),
        ("paperdigest.image", 21),
        ("paperdigest.image-path", 17),
    ]
    assert all("secret" not in p.read_text(errors="ignore") for p in app.outdir.rglob("*.svg"))


def test_the_reader_keeps_rooted_paths_and_refuses_those_that_climb_out():
    digest, diagnostics = parse_digest(DIGEST)
    assert [e.thumbnail.src if e.thumbnail else None for e in digest.entries] == [
        "/images/same.svg",
        "/images/root-only.svg",
        "/images/missing.svg",
        None,
        "/images/link.svg",
    ]
    assert [(d.code, d.line) for d in diagnostics] == [("image-path", 17)]
    assert "leaves its root folder" in diagnostics[0].message
