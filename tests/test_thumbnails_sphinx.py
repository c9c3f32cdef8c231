"""Thumbnails in real builds: every builder, warnings, cache, settings, ``-j``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from sphinx_paperdigest.thumbnails import thumbnailer_for

from .conftest import ROOTS, soup
from .thumbnail_images import make_thumbs_pictures, write_photo

CARDS = [
    "alpha",
    "photo",
    "rotated",
    "anim",
    "svg",
    "small",
    "remote",
    "none",
    "truncated",
    "bomb",
    "missing",
    "text",
    "outside",
]
BROKEN = {
    "truncated": (59, "truncated"),
    "bomb": (65, "decompression bomb"),
    "missing": (71, "not found"),
    "text": (77, "unsupported picture format"),
    "outside": (83, "outside the source directory"),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The ``thumbs`` root with its pictures, in a fresh directory."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-thumbs", srcdir)
    make_thumbs_pictures(srcdir, tmp_path / "elsewhere" / "outside.png")
    return srcdir


def build(make_app, srcdir: Path, buildername: str = "html", **kwargs):
    builddir = kwargs.pop("builddir", srcdir.parent / "build")
    app = make_app(buildername, srcdir=srcdir, builddir=builddir, **kwargs)
    app.build()
    return app


def files_under(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def image_warnings(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "[paperdigest.image]" in w]


def test_html_cards_thumbnails(make_app, project, warnings_of):
    before = files_under(project)
    app = build(make_app, project)
    out = Path(app.outdir)
    page = soup(out / "index.html")
    cards = page.select(".paperdigest-card")
    assert [c["id"] for c in cards] == CARDS  # no card lost

    # a 3000x2000 photo: WebP at 640x360 and 1280x720, through srcset
    img = page.select_one("#photo img.paperdigest-thumb")
    assert img["alt"] == "A big photo"
    assert img["loading"] == "lazy"
    assert img["decoding"] == "async"
    assert (img["width"], img["height"]) == ("640", "360")
    src = out / img["src"]
    with Image.open(src) as one:
        assert (one.format, one.size) == ("WEBP", (640, 360))
    first, second = (part.split() for part in img["srcset"].split(", "))
    assert first == [img["src"], "1x"]
    assert second[1] == "2x"
    with Image.open(out / second[0]) as two:
        assert (two.format, two.size) == ("WEBP", (1280, 720))
    assert img.parent.name == "div"  # no "scaled image" link around a card picture

    alpha = page.select_one("#alpha img.paperdigest-thumb")
    with Image.open(out / alpha["src"]) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (640, 360))
    # between 1x and 2x pixels: the second file says how dense it really is
    assert alpha["srcset"].split(", ")[1].endswith(" 1.25x")

    rotated = page.select_one("#rotated img.paperdigest-thumb")
    assert (rotated["width"], rotated["height"]) == ("600", "338")
    assert rotated["alt"] == "Rotated photo"  # no alt in the digest: the title
    assert "srcset" not in rotated.attrs  # no pixels for a 2x

    anim = page.select_one("#anim img.paperdigest-thumb")
    with Image.open(out / anim["src"]) as image:
        assert image.format == "WEBP"
        assert not getattr(image, "is_animated", False)

    svg = page.select_one("#svg img.paperdigest-thumb")
    assert svg["src"] == "_images/logo.svg"
    original = (project / "digests/img/logo.svg").read_text()
    assert (out / "_images" / "logo.svg").read_text() == original

    small = page.select_one("#small img.paperdigest-thumb")
    assert (small["width"], small["height"]) == ("178", "100")

    remote = page.select_one("#remote img.paperdigest-thumb")
    assert remote["src"] == "https://pictures.invalid/remote.png"
    assert (remote["width"], remote["height"]) == ("400", "300")
    assert remote["loading"] == "lazy" and remote["decoding"] == "async"
    assert remote.parent.name == "div"

    for card in ("none", *BROKEN):
        assert page.select_one(f"#{card} img") is None
        holder = page.select_one(f"#{card} .paperdigest-placeholder")
        assert holder.get_text(strip=True) == "🖼"

    # originals are not copied: only thumbnails (and the SVG, shown as it is)
    copied = sorted(p.name for p in (out / "_images").iterdir())
    assert "photo.jpg" not in copied and "alpha.png" not in copied
    assert len(copied) == 8

    # one warning per broken picture, at the digest's file:line
    warned = image_warnings(warnings_of(app))
    assert len(warned) == len(BROKEN)
    digest = project / "digests" / "thumbs.md"
    for line_no, text in BROKEN.values():
        assert any(w.startswith(f"{digest}:{line_no}: WARNING:") and text in w for w in warned)
    assert len(warnings_of(app)) == len(BROKEN)

    # the cache is under the doctree dir; the source dir is untouched
    assert files_under(project) == before
    cache = Path(app.doctreedir) / "paperdigest"
    assert len(list(cache.glob("thumbs/*/*"))) == 7


def test_rebuild_writes_no_file(make_app, project, warnings_of):
    app = build(make_app, project)
    cache = Path(app.doctreedir) / "paperdigest"
    before = files_under(cache)
    html = (Path(app.outdir) / "index.html").read_text()

    # everything read again (-E), against the same cache: no picture work at all
    thumbs = thumbnailer_for(app.env)
    encodes, decodes = thumbs.stats.encodes, thumbs.stats.decodes
    again = build(make_app, project, freshenv=True)
    assert thumbnailer_for(again.env) is thumbs
    assert (thumbs.stats.encodes, thumbs.stats.decodes) == (encodes, decodes)
    assert files_under(cache) == before
    assert (Path(again.outdir) / "index.html").read_text() == html
    assert len(image_warnings(warnings_of(again))) == len(BROKEN)

    # nothing changed: nothing read; the page and its pictures are not written again
    def pages(outdir: Path) -> dict[str, int]:
        found = files_under(outdir)
        return {k: v for k, v in found.items() if k == "index.html" or k.startswith("_images/")}

    written = pages(Path(again.outdir))
    third = build(make_app, project)
    assert "0 added, 0 changed, 0 removed" in third._status.getvalue()
    assert pages(Path(third.outdir)) == written


def test_changing_a_picture_remakes_only_its_thumbnail(make_app, project):
    app = build(make_app, project)
    cache = Path(app.doctreedir) / "paperdigest" / "thumbs"
    before = files_under(cache)
    old_src = soup(Path(app.outdir) / "index.html").select_one("#photo img")["src"]
    write_photo(project / "digests/img/photo.jpg", (3000, 2000), seed=7)
    again = build(make_app, project)
    assert "1 changed" in again._status.getvalue()  # the picture is a dependency
    after = files_under(cache)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing rewritten
    assert len(set(after) - set(before)) == 2  # the photo's 1x and 2x
    new_src = soup(Path(again.outdir) / "index.html").select_one("#photo img")["src"]
    assert new_src != old_src


def test_latex_gets_jpeg_thumbnails(make_app, project):
    app = build(make_app, project, "latex")
    out = Path(app.outdir)
    tex = (out / "thumbnails.tex").read_text()
    included = [
        line.split("{{")[1].split("}")[0] + line.split("}")[1].split("}")[0]
        for line in tex.splitlines()
        if "sphinxincludegraphics" in line
    ]
    # alpha (PNG), photo, rotated, anim and small (JPEG): no SVG (LaTeX cannot show
    # it and no converter is set up), no remote picture, no placeholder
    assert len(included) == 5
    for name in included:
        path = out / name
        with Image.open(path) as image:
            assert image.format in ("PNG", "JPEG")
            assert max(image.size) <= 640  # a thumbnail, never the 3000 px photo
    assert not list(out.glob("*.webp"))
    assert not (out / "photo.jpg").exists()
    assert "pictures.invalid" not in tex
    assert "logo.svg" not in tex


@pytest.mark.parametrize("buildername", ["text", "man", "texinfo", "singlehtml", "dirhtml", "epub"])
def test_other_builders(make_app, project, warnings_of, buildername):
    app = build(make_app, project, buildername)
    warned = warnings_of(app)
    assert len(image_warnings(warned)) == len(BROKEN)
    others = [w for w in warned if "[paperdigest.image]" not in w]
    if buildername == "epub":  # EPUB's own checks on a test project's metadata
        others = [w for w in others if "epub" not in w.lower()]
    assert others == []
    if buildername == "epub":
        images = sorted((Path(app.outdir) / "_images").iterdir())
        assert images and all(p.suffix in (".png", ".jpg", ".svg") for p in images)
    if buildername in ("singlehtml", "dirhtml"):
        page = Path(app.outdir) / "index.html"
        img = soup(page).select_one("#photo img")
        assert [part.split()[1] for part in img["srcset"].split(", ")] == ["1x", "2x"]
        assert (page.parent / img["src"]).is_file()
    if buildername == "text":
        text = (Path(app.outdir) / "index.txt").read_text()
        assert "[image: A big photo]" in text


def test_keep_animation_and_link_originals(make_app, project):
    app = build(
        make_app,
        project,
        confoverrides={"paperdigest_keep_animation": True, "paperdigest_link_originals": True},
    )
    out = Path(app.outdir)
    page = soup(out / "index.html")
    anim = page.select_one("#anim img.paperdigest-thumb")
    with Image.open(out / anim["src"]) as image:
        assert image.format == "GIF" and image.is_animated
    photo = page.select_one("#photo img.paperdigest-thumb")
    link = photo.parent
    assert link.name == "a" and "paperdigest-original" in link["class"]
    assert (out / link["href"]).read_bytes() == (project / "digests/img/photo.jpg").read_bytes()
    remote = page.select_one("#remote img.paperdigest-thumb")
    assert remote.parent["href"] == "https://pictures.invalid/remote.png"


def test_contain_and_size(make_app, project):
    app = build(
        make_app,
        project,
        confoverrides={
            "paperdigest_thumbnail_fit": "contain",
            "paperdigest_thumbnail_size": [300, 300],
        },
    )
    out = Path(app.outdir)
    page = soup(out / "index.html")
    img = page.select_one("#photo img.paperdigest-thumb")
    assert (img["width"], img["height"]) == ("300", "300")
    with Image.open(out / img["src"]) as image:
        assert image.size == (300, 300)
        assert image.getpixel((150, 5))[3] == 0  # padded above the 3:2 photo
    css = [link["href"].split("?")[0] for link in page.select("link[rel=stylesheet]")]
    assert "_static/paperdigest-thumbnails.css" in css
    rules = (out / "_static" / "paperdigest-thumbnails.css").read_text()
    assert "--pd-thumb-ratio: 300 / 300;" in rules
    assert "object-fit: contain;" in rules


def test_default_settings_add_no_stylesheet(make_app, project):
    app = build(make_app, project)
    assert not (Path(app.outdir) / "_static" / "paperdigest-thumbnails.css").exists()


def test_placeholder_picture(make_app, project, warnings_of):
    Image.new("RGB", (1600, 900), (200, 200, 200)).save(project / "placeholder.png")
    app = build(make_app, project, confoverrides={"paperdigest_placeholder": "placeholder.png"})
    out = Path(app.outdir)
    page = soup(out / "index.html")
    for card in ("none", *BROKEN):
        holder = page.select_one(f"#{card} img.paperdigest-placeholder")
        assert holder["alt"] == ""
        assert (holder["width"], holder["height"]) == ("640", "360")
        with Image.open(out / holder["src"]) as image:
            assert image.size == (640, 360)
    assert not page.select("div.paperdigest-placeholder")
    assert len(image_warnings(warnings_of(app))) == len(BROKEN)
    overrides = {"paperdigest_placeholder": "placeholder.png"}
    latex = build(make_app, project, "latex", confoverrides=overrides)
    assert (Path(latex.outdir) / "thumbnails.tex").read_text().count("sphinxincludegraphics") == 5


def test_remote_off_makes_no_remote_picture(make_app, project):
    digest = project / "digests" / "thumbs.md"
    text = digest.read_text()
    # a second remote picture, in a summary: it becomes a link
    text = text.replace(
        "Linked by default.",
        "Linked by default.\n\n![A chart](https://pictures.invalid/chart.png)",
    )
    digest.write_text(text)
    app = build(make_app, project, confoverrides={"paperdigest_remote_images": "off"})
    page = soup(Path(app.outdir) / "index.html")
    sources = [img["src"] for img in page.select("img")]
    assert sources and not any("//" in src for src in sources)
    assert page.select_one("#remote .paperdigest-placeholder") is not None
    link = page.select_one("#remote a.paperdigest-picture-link")
    assert link["href"] == "https://pictures.invalid/chart.png"
    assert link.get_text() == "A chart"


def test_bad_settings_warn_and_use_defaults(make_app, project, warnings_of):
    app = build(
        make_app,
        project,
        confoverrides={
            "paperdigest_thumbnail_size": [0, 10],
            "paperdigest_thumbnail_fit": "stretch",
            "paperdigest_thumbnail_format": "bmp",
            "paperdigest_thumbnail_quality": 500,
            "paperdigest_remote_images": "sometimes",
            "paperdigest_remote_timeout": -1,
            "paperdigest_placeholder": "nowhere.png",
        },
    )
    options = [w for w in warnings_of(app) if "[paperdigest.option]" in w]
    for name in (
        "paperdigest_thumbnail_size",
        "paperdigest_thumbnail_fit",
        "paperdigest_thumbnail_format",
        "paperdigest_thumbnail_quality",
        "paperdigest_remote_images",
        "paperdigest_remote_timeout",
        "paperdigest_placeholder",
    ):
        assert any(name in w for w in options), name
    assert app.config.paperdigest_thumbnail_size == (640, 360)
    img = soup(Path(app.outdir) / "index.html").select_one("#photo img")
    assert (img["width"], img["height"]) == ("640", "360")


def test_suppress_warnings(make_app, project, warnings_of):
    app = build(make_app, project, confoverrides={"suppress_warnings": ["paperdigest.image"]})
    assert warnings_of(app) == []


# -- parallel -------------------------------------------------------------------------


@pytest.fixture
def many_pages(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-thumbs-parallel", srcdir)
    img = srcdir / "digests" / "img"
    img.mkdir()
    for i in range(8):
        write_photo(img / f"p{i}.jpg", (1600, 1200), seed=i)
    return srcdir


def test_parallel_build_is_identical(make_app, many_pages):
    serial = build(make_app, many_pages, builddir=many_pages.parent / "serial")
    parallel = build(make_app, many_pages, builddir=many_pages.parent / "parallel", parallel=2)
    # both started cold; the serial build made its 16 files in this process, the
    # parallel one in its reading workers (forked processes): it really read in parallel
    assert thumbnailer_for(serial.env).stats.encodes == 16
    assert thumbnailer_for(parallel.env).stats.encodes == 0
    assert len(list((Path(parallel.doctreedir) / "paperdigest").glob("thumbs/*/*"))) == 16
    one, two = Path(serial.outdir), Path(parallel.outdir)
    names = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    assert len([n for n in names if n.startswith("_images/")]) == 16
    for name in names:
        if name.endswith((".html", ".webp", ".css", ".js", ".inv")) or name.startswith("_images"):
            assert (one / name).read_bytes() == (two / name).read_bytes(), name
    for page in (f"page{i}.html" for i in range(8)):
        assert soup(one / page).select("img.paperdigest-thumb[srcset]")
