"""Remote pictures: downloads from a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import contextlib
import io
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from PIL import Image

from sphinx_paperdigest.images.fetch import FetchError, FetchLimits, fetch, remote_path

from .conftest import ROOTS, soup
from .thumbnail_images import SVG, jpeg_bytes, photo

PICTURE = jpeg_bytes(photo((1600, 900), seed=5))
LIMITS = FetchLimits(timeout=0.5, max_bytes=1_000_000)
SLOW = 8.0  # seconds the slow answers take: far past the 0.5 s limit, even on a loaded machine


class Handler(BaseHTTPRequestHandler):
    """The test server's routes; each answer is bounded in size and time."""

    hits: ClassVar[Counter[str]] = Counter()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, kind: str, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.hits[self.path] += 1
        # the client gives up on slow answers, as it should
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route()

    def route(self) -> None:
        path = self.path
        if path in ("/ok.jpg", "/ok-latex.jpg", "/shared.jpg"):
            self.send(200, "image/jpeg", PICTURE)
        elif path == "/logo.svg":
            self.send(200, "image/svg+xml", SVG.encode())
        elif path == "/slow.jpg":
            time.sleep(SLOW)
            self.send(200, "image/jpeg", PICTURE)
        elif path == "/drip.jpg":
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(PICTURE)))
            self.end_headers()
            for start in range(0, 32 * 1024, 1024):  # 32 slow pieces: SLOW seconds
                self.wfile.write(PICTURE[start : start + 1024])
                self.wfile.flush()
                time.sleep(SLOW / 32)
        elif path == "/page.jpg":
            self.send(200, "text/html; charset=utf-8", b"<html>not a picture</html>")
        elif path == "/big.jpg":  # no Content-Length: the size shows only as it comes
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            self.wfile.write(b"\xff" * 1_200_000)
            self.close_connection = True
        elif path == "/big-declared.jpg":
            self.send(200, "image/jpeg", b"\xff" * 10, length=5_000_000_000)
        elif path == "/to-file.jpg":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-ftp.jpg":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/x.jpg")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-ok.jpg":
            self.send_response(302)
            self.send_header("Location", "/ok.jpg")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/corrupt.jpg":
            self.send(200, "image/jpeg", b"\xff\xd8\xff\xe0 this is not a JPEG")
        else:
            self.send(404, "text/plain", b"not found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- fetch ----------------------------------------------------------------------------


def test_fetch_once_then_from_the_cache(server, tmp_path):
    Handler.hits.clear()
    path = fetch(f"{server}/ok.jpg", tmp_path, LIMITS)
    assert path.read_bytes() == PICTURE
    assert path == remote_path(f"{server}/ok.jpg", tmp_path, "image/jpeg")
    assert path.suffix == ".jpg"
    again = fetch(f"{server}/ok.jpg", tmp_path, LIMITS)
    assert again == path
    assert Handler.hits["/ok.jpg"] == 1


def test_fetch_keeps_the_type_in_the_suffix(server, tmp_path):
    # a browser shows an SVG only when it is served as one: the suffix says so
    path = fetch(f"{server}/logo.svg", tmp_path, LIMITS)
    assert path.suffix == ".svg"
    assert path.read_text() == SVG


def test_fetch_follows_http_redirects(server, tmp_path):
    assert fetch(f"{server}/to-ok.jpg", tmp_path, LIMITS).read_bytes() == PICTURE


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/missing.jpg", "HTTP 404"),
        ("/page.jpg", "text/html, not a picture"),
        ("/slow.jpg", "took more than 0.5 s"),
        ("/drip.jpg", "took more than 0.5 s"),
        ("/big.jpg", "more than 1000000 bytes"),
        ("/big-declared.jpg", "5000000000 bytes is more than 1000000"),
        ("/to-file.jpg", "Redirection to url 'file:///etc/passwd' is not allowed"),
        ("/to-ftp.jpg", "redirect to a ftp: URL refused"),
    ],
)
def test_fetch_refuses(server, tmp_path, route, message):
    started = time.monotonic()
    with pytest.raises(FetchError, match=message):
        fetch(server + route, tmp_path, LIMITS)
    # the limit holds, not the server's pace (half of it: room for a loaded machine)
    assert time.monotonic() - started < SLOW / 2
    assert not list(tmp_path.rglob("*.img"))


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
    "page": "not a picture",
    "slow": "took more than",
    "big": "more than 1000000 bytes",
    "to-file": "is not allowed",
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


def test_download_thumbnails_and_fallbacks(make_app, remote_project, server, warnings_of):
    Handler.hits.clear()
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
    assert Handler.hits["/ok.jpg"] == 1

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
    before = sum(Handler.hits.values())
    again = make_app(
        "html", srcdir=remote_project, builddir=remote_project.parent / "build", freshenv=True
    )
    again.build()
    fetched_again = sum(Handler.hits.values()) - before
    assert fetched_again == len(FAILING) - 1  # failures are tried again; corrupt was cached
    assert Handler.hits["/ok.jpg"] == 1


def test_link_mode_makes_no_request(make_app, remote_project, warnings_of):
    Handler.hits.clear()
    app = make_app(
        "html",
        srcdir=remote_project,
        builddir=remote_project.parent / "build",
        confoverrides={"paperdigest_remote_images": "link"},
    )
    app.build()
    assert sum(Handler.hits.values()) == 0
    assert warnings_of(app) == []
    imgs = soup(Path(app.outdir) / "index.html").select("img.paperdigest-thumb")
    assert len(imgs) == 1 + len(FAILING)
    assert all(img["src"].startswith("http://127.0.0.1:") for img in imgs)


def test_picture_bytes_are_real():
    with Image.open(io.BytesIO(PICTURE)) as image:
        assert image.size == (1600, 900)
