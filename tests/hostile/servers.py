"""The hosts of the hostile build: a canary that must never be reached, and a redirector.

The canary listens on 127.0.0.1 and [::1] and counts every connection it
accepts (before any byte is read: a TLS handshake or a half request counts
too), and the paths asked for. The redirector listens on 127.0.0.2, the one
address the hostile build treats as public: ``/redirect?to=URL`` answers a 302
to ``URL``, ``/picture.png`` a small PNG.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image

REDIRECTOR_ADDRESS = "127.0.0.2"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (96, 54), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


@dataclass
class Tally:
    """What a server saw: connections accepted and paths asked for."""

    connections: int = 0
    paths: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def connected(self) -> None:
        with self.lock:
            self.connections += 1

    def asked(self, path: str) -> None:
        with self.lock:
            self.paths[path] += 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    tally: Tally

    def get_request(self) -> tuple[socket.socket, Any]:
        request = super().get_request()
        self.tally.connected()
        return request


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.tally.asked(self.path)
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.answer()

    def send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self) -> None:
        # the canary answers a picture too: a build that reached it would have
        # something to show, so a leak cannot hide behind a failed download
        self.send(200, "image/png", PNG)


class _Redirector(_Handler):
    def answer(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/redirect":
            target = parse_qs(parts.query).get("to", ["/picture.png"])[0]
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif parts.path == "/picture.png":
            self.send(200, "image/png", PNG)
        else:
            self.send(404, "text/plain", b"not found")


@dataclass
class Hosts:
    """The running servers: the canary's ports (IPv4, IPv6) and the redirector's."""

    port: int
    port6: int
    redirector_port: int
    canary: Tally
    redirector: Tally


def _serve(server: _Server) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@contextlib.contextmanager
def running_hosts() -> Iterator[Hosts]:
    """Start the canary (127.0.0.1, [::1]) and the redirector (127.0.0.2)."""
    canary, redirector = Tally(), Tally()
    servers: list[_Server] = []
    four = _Server(("127.0.0.1", 0), _Handler)
    servers.append(four)
    try:
        six: _Server = _Server6(("::1", 0), _Handler)
    except OSError:  # no IPv6 loopback: [::1] payloads then meet a closed port
        six = four
    else:
        servers.append(six)
    third = _Server((REDIRECTOR_ADDRESS, 0), _Redirector)
    servers.append(third)
    for server in servers:
        server.tally = canary if server is not third else redirector
    threads = [_serve(server) for server in servers]
    try:
        yield Hosts(
            four.server_address[1],
            six.server_address[1],
            third.server_address[1],
            canary,
            redirector,
        )
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(5)
