"""A stand-in for the arXiv API on a loopback address (no test reaches the internet).

``GET /api/query?id_list=a,b&max_results=2`` answers an Atom feed as arXiv
does: entry ids ``https://arxiv.org/abs/<id>v<n>`` (``http://`` for old ids),
hard-wrapped titles and abstracts, ``arxiv:`` and ``opensearch:`` elements.
Papers are :data:`PAPERS`, or made up from the id (``Ann <id> Alpha``...);
ids in :data:`UNKNOWN` get an entry without a title, as arXiv answers an id it
does not know.

Other paths fail as arXiv or a network can: ``/fail/...`` (HTTP 500),
``/slow/...`` (answers after :data:`SLOW` seconds), ``/rate/...`` (arXiv's
``Rate exceeded.`` text), ``/error/...`` (an error entry), ``/empty/...`` (a
feed without entries), ``/bomb/...`` (entities that expand a billion times),
``/external/...`` (an external entity naming a file).
"""

from __future__ import annotations

import contextlib
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
SLOW = 8.0  # far past the tests' 0.5 s limit, even on a loaded machine


@dataclass(frozen=True)
class Record:
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: str
    category: str


PAPERS: dict[str, Record] = {
    "1706.03762": Record(
        "Attention Is All\n  You Need",
        (
            "Ashish Vaswani",
            "Noam Shazeer",
            "Niki Parmar",
            "Jakob Uszkoreit",
            "Llion Jones",
            "Aidan N. Gomez",
            "Lukasz Kaiser",
            "Illia Polosukhin",
        ),
        "  The dominant sequence transduction models are based on complex recurrent\n"
        "or convolutional neural networks.\n",
        "2017-06-12T17:57:34Z",
        "cs.CL",
    ),
    "2106.03253": Record(
        "A Two-Author Paper",
        ("Ada Lovelace", "Alan Turing"),
        "Two authors.",
        "2021-06-06T17:59:59Z",
        "cs.CV",
    ),
    "hep-th/9901001": Record(
        "An Old Paper",
        ("Ludwig van Beethoven",),
        "One author, an old id.",
        "1999-01-04T00:00:00Z",
        "hep-th",
    ),
    "2401.00001": Record(
        "Markup <b>&</b> {TeX} 100% \\relax",
        ("Eve <script>alert(1)</script>", "Tom & {Jerry}%", "Mallory \\relax O'Brien"),
        "An abstract with <i>markup</i> & entities.",
        "2024-01-01T00:00:00Z",
        "cs.CR",
    ),
}
#: Ids arXiv does not know: an entry without a title.
UNKNOWN = frozenset({"2401.99999"})


def made_up(ident: str) -> Record:
    """A paper for any other id."""
    return Record(
        f"Paper {ident}",
        (f"Ann {ident} Alpha", f"Bob {ident} Beta", f"Cy {ident} Gamma"),
        f"About {ident}.",
        "2020-02-02T00:00:00Z",
        "cs.LG",
    )


def _entry(feed: ET.Element, ident: str) -> None:
    scheme = "http" if "/" in ident else "https"
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{scheme}://arxiv.org/abs/{ident}v2"
    if ident in UNKNOWN:
        return
    paper = PAPERS.get(ident) or made_up(ident)
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = paper.published
    ET.SubElement(entry, f"{{{ATOM}}}published").text = paper.published
    ET.SubElement(entry, f"{{{ATOM}}}title").text = paper.title
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = paper.abstract
    for name in paper.authors:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = name
        ET.SubElement(author, f"{{{ARXIV}}}affiliation").text = "Somewhere"
    ET.SubElement(
        entry, f"{{{ATOM}}}link", href=f"https://arxiv.org/abs/{ident}v2", rel="alternate"
    )
    ET.SubElement(entry, f"{{{ARXIV}}}primary_category", term=paper.category, scheme=ARXIV)
    ET.SubElement(entry, f"{{{ATOM}}}category", term=paper.category, scheme=ARXIV)


def feed(ids: list[str], *, error: str | None = None) -> bytes:
    """The API's answer for ``ids`` (or an error entry)."""
    ET.register_namespace("", ATOM)
    ET.register_namespace("arxiv", ARXIV)
    ET.register_namespace("opensearch", OPENSEARCH)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}link", href="https://arxiv.org/api/query", rel="self")
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"arXiv Query: id_list={','.join(ids)}"
    ET.SubElement(root, f"{{{OPENSEARCH}}}totalResults").text = str(len(ids))
    if error is not None:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = "http://arxiv.org/api/errors#bad"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = "Error"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = error
    else:
        for ident in ids:
            _entry(root, ident)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root)


BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY a "aaaaaaaaaa">\n'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n'.encode() for i in range(8)
    )
    + b']>\n<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&i;</title></entry></feed>'
)
EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title></entry></feed>'
)


class Handler(BaseHTTPRequestHandler):
    server: ArxivServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        ids = [i for i in ",".join(query.get("id_list", [])).split(",") if i]
        self.server.requests.append(Request(parts.path, ids, query, time.monotonic()))
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route(parts.path.removesuffix("/api/query").strip("/"), ids)

    def send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self, mode: str, ids: list[str]) -> None:
        atom = "application/atom+xml; charset=UTF-8"
        if mode == "":
            self.send(200, atom, feed(ids))
        elif mode == "fail":
            self.send(500, "text/plain", b"Internal Server Error")
        elif mode == "slow":
            time.sleep(SLOW)
            self.send(200, atom, feed(ids))
        elif mode == "rate":
            self.send(200, "text/plain", b"Rate exceeded.")
        elif mode == "error":
            self.send(200, atom, feed(ids, error="incorrect id format for 1234.5678"))
        elif mode == "empty":
            self.send(200, atom, feed([]))
        elif mode == "bomb":
            self.send(200, atom, BOMB)
        elif mode == "external":
            self.send(200, atom, EXTERNAL)
        else:
            self.send(404, "text/plain", b"not found")


@dataclass(frozen=True)
class Request:
    path: str
    ids: list[str]
    query: dict[str, list[str]]
    at: float


class ArxivServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[Request] = []
        super().__init__(("127.0.0.1", 0), Handler)

    def api(self, mode: str = "") -> str:
        """The API's address, failing as ``mode`` says (see the module docstring)."""
        prefix = f"/{mode}" if mode else ""
        return f"http://127.0.0.1:{self.server_address[1]}{prefix}/api/query"


@contextlib.contextmanager
def serving() -> Iterator[ArxivServer]:
    """The stand-in on 127.0.0.1 for the length of the block."""
    httpd = ArxivServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
