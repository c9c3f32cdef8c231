"""A picture server for the download tests, on a loopback address (never the internet).

Every answer is bounded in size and time; each server counts the requests it
saw, so a test can say that a refused download never reached it.
"""

from __future__ import annotations

import contextlib
import io
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image

from .conftest import FIXTURES
from .thumbnail_images import SVG, jpeg_bytes, photo

PICTURE = jpeg_bytes(photo((1600, 900), seed=5))
SLOW = 8.0  # seconds the slow answers take: far past the 0.5 s limit, even on a loaded machine
TLS = FIXTURES / "tls"


def picture_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 36), (200, 60, 20)).save(out, fmt)
    return out.getvalue()


PNG = picture_bytes("PNG")
GIF = picture_bytes("GIF")
WEBP = picture_bytes("WEBP")
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 64 36\nshowpage\n%%EOF\n"
# DOS EPS: a binary header in front of the PostScript
EPS_BINARY = b"\xc5\xd0\xd3\xc6" + b"\x1e\x00\x00\x00" + len(EPS).to_bytes(4, "little") + EPS
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
FILLER = b"\0" * 16384  # made once: the flood routes send it again and again

#: path -> (status, content type, body)
FILES: dict[str, tuple[int, str, bytes]] = {
    "/ok.jpg": (200, "image/jpeg", PICTURE),
    "/ok-latex.jpg": (200, "image/jpeg", PICTURE),
    "/shared.jpg": (200, "image/jpeg", PICTURE),
    "/ok.png": (200, "image/png", PNG),
    "/ok.gif": (200, "image/gif", GIF),
    "/ok.webp": (200, "image/webp", WEBP),
    "/png-as-text.txt": (200, "text/plain", PNG),
    "/png-untyped": (200, "", PNG),
    "/logo.svg": (200, "image/svg+xml", SVG.encode()),
    "/svg-as-png.png": (200, "image/png", SVG.encode()),
    "/eps.jpg": (200, "image/jpeg", EPS),
    "/eps-binary.jpg": (200, "image/jpeg", EPS_BINARY),
    "/eps.eps": (200, "application/postscript", EPS),
    "/html-as-png.png": (200, "image/png", HTML),
    "/page.jpg": (200, "text/html; charset=utf-8", b"<html>not a picture</html>"),
    "/corrupt.jpg": (200, "image/jpeg", b"\xff\xd8\xff\xe0 this is not a JPEG"),
    "/empty.jpg": (200, "image/jpeg", b""),
    "/teapot.jpg": (418, "text/plain", b"short and stout"),
}
#: path -> where it redirects (a path on the same server, or a URL)
REDIRECTS: dict[str, str] = {
    "/to-ok.jpg": "/ok.jpg",
    "/to-file.jpg": "file:///etc/passwd",
    "/to-ftp.jpg": "ftp://127.0.0.1/x.jpg",
    "/to-data.jpg": "data:image/png;base64,AAAA",
    "/loop.jpg": "/loop.jpg",
}


class Handler(BaseHTTPRequestHandler):
    """The routes; ``server.hits`` counts the paths asked for, ``server.seen`` their Host."""

    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        self.server.hosts.append(self.headers.get("Host", ""))
        self.close_connection = True
        # the client gives up on slow and large answers, as it should
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.route()

    def send(self, status: int, kind: str, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def route(self) -> None:
        path = self.path
        if path in FILES:
            self.send(*FILES[path])
        elif path in REDIRECTS or path in self.server.redirects:
            self.send_response(302)
            self.send_header("Location", self.server.redirects.get(path) or REDIRECTS[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif hasattr(self, "route_" + path.strip("/").replace("-", "_").replace(".", "_")):
            getattr(self, "route_" + path.strip("/").replace("-", "_").replace(".", "_"))()
        else:
            self.send(404, "text/plain", b"not found")

    # -- slow answers ----------------------------------------------------------------

    def route_slow_jpg(self) -> None:
        time.sleep(SLOW)
        self.send(200, "image/jpeg", PICTURE)

    def route_drip_jpg(self) -> None:
        """The body, 1 KiB at a time, in SLOW seconds."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(PICTURE)))
        self.end_headers()
        for start in range(0, 32 * 1024, 1024):
            self.wfile.write(PICTURE[start : start + 1024])
            self.wfile.flush()
            time.sleep(SLOW / 32)

    def route_drip_headers_jpg(self) -> None:
        """The status line, then a header a byte at a time: each byte well within 0.5 s."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nX-Drip: ")
        for _ in range(int(SLOW / 0.05)):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.05)

    def route_drip_status_jpg(self) -> None:
        """The status line itself, a byte at a time."""
        for byte in b"HTTP/1.1 200 OK\r\n" * 8:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(SLOW / 136)

    # -- large answers ---------------------------------------------------------------

    def route_big_jpg(self) -> None:
        """5 MB after a JPEG signature, no Content-Length: the size shows as it comes."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.end_headers()
        self.wfile.write(PICTURE[:3])
        for _ in range(5_000_000 // len(FILLER) + 1):
            self.wfile.write(FILLER)

    def route_big_declared_jpg(self) -> None:
        self.send(200, "image/jpeg", PICTURE[:10], length=5_000_000_000)

    def route_chunked_jpg(self) -> None:
        """A chunked body that never ends (until the client hangs up)."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.write(b"3\r\n" + PICTURE[:3] + b"\r\n")
        chunk = f"{len(FILLER):x}\r\n".encode() + FILLER + b"\r\n"
        for _ in range(100_000):  # 1.6 GB at most
            self.wfile.write(chunk)

    def route_chunked_ok_jpg(self) -> None:
        """The picture in chunks of 1000 bytes."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(PICTURE), 1000):
            piece = PICTURE[start : start + 1000]
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def route_short_declared_jpg(self) -> None:
        """Content-Length says 100 bytes; two megabytes follow."""
        self.send(200, "image/jpeg", PICTURE[:100] + FILLER * 128, length=100)

    def route_cut_short_jpg(self) -> None:
        """Content-Length says the whole picture; half of it comes."""
        self.send(200, "image/jpeg", PICTURE[: len(PICTURE) // 2], length=len(PICTURE))

    def route_header_flood_jpg(self) -> None:
        """Ninety 8 KB headers: each within http.client's limits, 720 KB in all."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n")
        for index in range(90):
            self.wfile.write(f"X-Flood-{index}: ".encode() + b"y" * 8000 + b"\r\n")
        self.wfile.write(b"Content-Length: 3\r\n\r\n" + PICTURE[:3])

    def route_redirect_flood_jpg(self) -> None:
        """A redirect whose body never ends: a client that reads it never moves on."""
        self.send_response(302)
        self.send_header("Location", "/ok.jpg")
        self.end_headers()
        for _ in range(100_000):
            self.wfile.write(FILLER)


class Server(ThreadingHTTPServer):
    """A test server; TLS when given a context (the handshake in the request's thread)."""

    daemon_threads = True

    def __init__(self, host: str, tls: ssl.SSLContext | None = None, port: int = 0) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.tls = tls
        self.hits: Counter[str] = Counter()
        self.hosts: list[str] = []
        self.redirects: dict[str, str] = {}
        super().__init__((host, port), Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        super().finish_request(request, client_address)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str, host: str | None = None) -> str:
        scheme = "https" if self.tls is not None else "http"
        name = host or self.server_address[0]
        if ":" in name:
            name = f"[{name}]"
        return f"{scheme}://{name}:{self.port}{path}"

    def requests(self) -> int:
        return sum(self.hits.values())


@contextlib.contextmanager
def serving(
    host: str = "127.0.0.1", tls: ssl.SSLContext | None = None, port: int = 0
) -> Iterator[Server]:
    """A server on ``host`` (at ``port``, else a free one) for the length of the block."""
    httpd = Server(host, tls, port)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def server_tls() -> ssl.SSLContext:
    """The server side of HTTPS with the test certificate (``localhost``, 127.0.0.1, ::1)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "localhost.pem", TLS / "localhost-key.pem")
    return context


@dataclass
class SilentServer:
    """Accepts connections and never says a word (a TLS handshake waits forever)."""

    host: str = "127.0.0.1"
    accepted: list[socket.socket] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock = socket.create_server((self.host, 0))
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.sock.accept()
                self.accepted.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()
