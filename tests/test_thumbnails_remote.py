"""Remote pictures: downloads from a real HTTP server on 127.0.0.1 (never the internet).

The server is on a loopback address, which downloads refuse unless
``allow_private_hosts`` says otherwise: these tests allow it. What is refused
and why is ``test_download_policy.py``.
"""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from sphinx_paperdigest.images.fetch import FetchError, FetchLimits, fetch, remote_path

from .conftest import ROOTS, soup
from .remote_server import PICTURE, SLOW, Server, serving

LIMITS = FetchLimits(timeout=0.5, max_bytes=1_000_000, allow_private_hosts=True)


@pytest.fixture(scope="module")
def httpd() -> Iterator[Server]:
    with serving("127.0.0.1") as running:
        yield running


@pytest.fixture
def server(httpd: Server) -> str:
    httpd.hits.clear()
    return httpd.url("")


# -- fetch ----------------------------------------------------------------------------


def test_fetch_once_then_from_the_cache(httpd, server, tmp_path):
    path = fetch(f"{server}/ok.jpg", tmp_path, LIMITS)
    assert path.read_bytes() == PICTURE
    assert path == remote_path(f"{server}/ok.jpg", tmp_path, "image/jpeg")
    assert path.suffix == ".jpg"
    again = fetch(f"{server}/ok.jpg", tmp_path, LIMITS)
    assert again == path
    assert httpd.hits["/ok.jpg"] == 1


def test_fetch_follows_http_redirects(server, tmp_path):
    assert fetch(f"{server}/to-ok.jpg", tmp_path, LIMITS).read_bytes() == PICTURE


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/missing.jpg", "HTTP 404"),
        ("/page.jpg", r"not a JPEG, PNG, GIF or WebP picture \(served as text/html\)"),
        ("/slow.jpg", "took more than 0.5 s"),
        ("/drip.jpg", "took more than 0.5 s"),
        ("/big.jpg", "more than 1000000 bytes"),
        ("/big-declared.jpg", "5000000000 bytes is more than 1000000"),
        ("/to-file.jpg", "redirect to a file: URL refused"),
        ("/to-ftp.jpg", "redirect to a ftp: URL refused"),
    ],
)
def test_fetch_refuses(server, tmp_path, route, message):
    started = time.monotonic()
    with pytest.raises(FetchError, match=message):
        fetch(server + route, tmp_path, LIMITS)
    # the limit holds, not the server's pace (half of it: room for a loaded machine)
    assert time.monotonic() - started < SLOW / 2
    assert not list(tmp_path.rglob("*.*"))  # nothing kept, not even a temporary file


def test_fetch_refuses_other_schemes(tmp_path):
    with pytest.raises(FetchError, match="not an http"):
        fetch("ftp://127.0.0.1/x.jpg", tmp_path, LIMITS)


def test_fetch_cannot_connect(tmp_path):
    # a port nothing listens on (the server fixture is not started here)
    with pytest.raises(FetchError, match="cannot connect"):
        fetch("http://127.0.0.1:9/x.jpg", tmp_path, LIMITS)


# -- builds ---------------------------------------------------------------------------

FAILING = {
    "missing": "HTTP 404",
    "page": "not a JPEG, PNG, GIF or WebP picture",
    "slow": "took more than",
    "big": "more than 1000000 bytes",
    "to-file": "redirect to a file: URL refused",
    "corrupt": "cannot be used",
}


@pytest.fixture
def remote_project(tmp_path: Path, server: str) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-thumbs-remote", srcdir)
    entries = ["ok", *FAILING]
    text = "---\ntitle: Remote\nemoji: 🌐\n---\n\n# 2024\n\n" + "\n".join(
        f"## [Entry {name}](https://example.org/{name})\n\n"
        f'<img src="{server}/{name}.jpg" alt="Picture {name}" width="400" height="225">\n\n'
        f"Summary of {name}.\n"
        for name in entries
    )
    (srcdir / "digests").mkdir()
    (srcdir / "digests" / "remote.md").write_text(text, encoding="utf-8")
    return srcdir


def test_download_thumbnails_and_fallbacks(make_app, remote_project, httpd, server, warnings_of):
    app = make_app("html", srcdir=remote_project, builddir=remote_project.parent / "build")
    app.build()
    out = Path(app.outdir)
    page = soup(out / "index.html")

    cards = page.select(".paperdigest-card")
    assert len(cards) == 1 + len(FAILING)
    ok = cards[0].select_one("img.paperdigest-thumb")
    assert ok["src"].startswith("_images/")
    assert (ok["width"], ok["height"]) == ("640", "360")
    assert ok["alt"] == "Picture ok"
    with Image.open(out / ok["src"]) as image:
        assert (image.format, image.size) == ("WEBP", (640, 360))
    assert ok["srcset"].endswith(" 2x")

    # every failure: one warning at the digest's line, and the URL is linked instead
    warned = [w for w in warnings_of(app) if "[paperdigest.image]" in w]
    assert len(warned) == len(FAILING)
    digest = remote_project / "digests" / "remote.md"
    for card, (name, text) in zip(cards[1:], FAILING.items(), strict=True):
        img = card.select_one("img.paperdigest-thumb")
        assert img["src"] == f"{server}/{name}.jpg"
        assert img["loading"] == "lazy"
        assert (img["width"], img["height"]) == ("400", "225")
        assert any(f"{server}/{name}.jpg" in w and text in w for w in warned), name
    for warning in warned:
        assert warning.startswith(f"{digest}:")
    assert httpd.hits["/ok.jpg"] == 1

    # LaTeX cannot show remote pictures: the downloaded thumbnail, and nothing else
    latex = make_app("latex", srcdir=remote_project, builddir=remote_project.parent / "build")
    latex.build()
    tex = next(Path(latex.outdir).glob("*.tex")).read_text()
    assert tex.count("sphinxincludegraphics") == 1
    assert "127.0.0.1" not in tex
    jpgs = list(Path(latex.outdir).glob("*.jpg"))
    assert len(jpgs) == 1
    with Image.open(jpgs[0]) as image:
        assert (image.format, image.size) == ("JPEG", (640, 360))

    # cached across builds: read everything again, download nothing again
    before = sum(httpd.hits.values())
    again = make_app(
        "html", srcdir=remote_project, builddir=remote_project.parent / "build", freshenv=True
    )
    again.build()
    fetched_again = sum(httpd.hits.values()) - before
    assert fetched_again == len(FAILING) - 1  # failures are tried again; corrupt was cached
    assert httpd.hits["/ok.jpg"] == 1


def test_link_mode_makes_no_request(make_app, remote_project, httpd, server, warnings_of):
    app = make_app(
        "html",
        srcdir=remote_project,
        builddir=remote_project.parent / "build",
        confoverrides={"paperdigest_remote_images": "link"},
    )
    app.build()
    assert sum(httpd.hits.values()) == 0
    # the reader says that readers' browsers are sent to a loopback address, nothing else
    warned = warnings_of(app)
    assert len(warned) == 1 + len(FAILING)
    assert all("127.0.0.1 is a loopback address [paperdigest.private-host]" in w for w in warned)
    imgs = soup(Path(app.outdir) / "index.html").select("img.paperdigest-thumb")
    assert len(imgs) == 1 + len(FAILING)
    assert all(img["src"].startswith("http://127.0.0.1:") for img in imgs)


def test_picture_bytes_are_real():
    with Image.open(io.BytesIO(PICTURE)) as image:
        assert image.size == (1600, 900)
