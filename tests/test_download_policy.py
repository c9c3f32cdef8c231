"""What ``download`` mode refuses: private hosts, slow headers, large bodies, other formats.

Every server here is on a loopback address (never the internet). Where a test
needs a *public* host, it binds a server on 127.0.0.2 and makes the address
judge call that one address public (:func:`public_127_0_0_2`); where it needs
a name, a resolver stand-in answers for names under ``.test``.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import time
import tracemalloc
from collections.abc import Iterator
from ipaddress import IPv4Address
from pathlib import Path
from types import SimpleNamespace

import pytest

from sphinx_paperdigest.core import hosts
from sphinx_paperdigest.images import netpolicy
from sphinx_paperdigest.images.fetch import (
    FetchError,
    FetchLimits,
    RefusedHost,
    cached_download,
    fetch,
    remote_path,
)
from sphinx_paperdigest.thumbnails import fetch_limits as _limits

from .conftest import ROOTS, soup
from .remote_server import (
    GIF,
    PICTURE,
    PNG,
    SLOW,
    TLS,
    WEBP,
    Server,
    SilentServer,
    server_tls,
    serving,
)

STRICT = FetchLimits(timeout=0.5, max_bytes=1_000_000)
ALLOW = FetchLimits(timeout=0.5, max_bytes=1_000_000, allow_private_hosts=True)
CA = str(TLS / "ca.pem")


@pytest.fixture(scope="module")
def local() -> Iterator[Server]:
    """A server on 127.0.0.1: a private host."""
    with serving("127.0.0.1") as running:
        yield running


@pytest.fixture(scope="module")
def local6() -> Iterator[Server]:
    """A server on [::1]."""
    with serving("::1") as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_counts(request: pytest.FixtureRequest) -> None:
    for name in ("local", "local6"):
        if name in request.fixturenames:
            request.getfixturevalue(name).hits.clear()


@pytest.fixture
def public_127_0_0_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """The address judge calls 127.0.0.2 public (and nothing else it did not)."""
    judge = hosts.why_refused

    def why_refused(address: hosts.IPAddress) -> str | None:
        return None if address == IPv4Address("127.0.0.2") else judge(address)

    monkeypatch.setattr(hosts, "why_refused", why_refused)


@pytest.fixture
def public() -> Iterator[Server]:
    """A server on 127.0.0.2 (public, with :func:`public_127_0_0_2`)."""
    with serving("127.0.0.2") as running:
        yield running


class Resolver:
    """Stands in for ``getaddrinfo``: names under ``.test`` answer what a test says."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real = socket.getaddrinfo
        self.answers: dict[str, list[list[str]]] = {}
        self.asked: list[str] = []
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host, port, *args, **kwargs):
        if not str(host).endswith(".test"):
            return self.real(host, port, *args, **kwargs)
        self.asked.append(host)
        answers = self.answers[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, port, 0, 0) if ":" in a else (a, port),
            )
            for a in addresses
        ]


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Resolver:
    return Resolver(monkeypatch)


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every address a download connects to."""
    seen: list[object] = []
    connect = netpolicy.WatchedSocket.connect

    def recording(self: netpolicy.WatchedSocket, address: object) -> None:
        seen.append(address)
        connect(self, address)

    monkeypatch.setattr(netpolicy.WatchedSocket, "connect", recording)
    return seen


# -- addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "said"),
    [
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("2130706433", "2130706433 resolves to 127.0.0.1, a loopback address"),
        ("0x7f000001", "0x7f000001 resolves to 127.0.0.1, a loopback address"),
        ("0177.0.0.1", "0177.0.0.1 resolves to 127.0.0.1, a loopback address"),
        ("127.1", "127.1 resolves to 127.0.0.1, a loopback address"),
        ("localhost", "localhost resolves to"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),  # Linux connects it to this machine
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is a loopback address"),
    ],
)
def test_loopback_in_every_spelling_is_refused(local, tmp_path, host, said):
    url = f"http://{host}:{local.port}/ok.jpg"
    with pytest.raises(RefusedHost, match=said.replace(".", r"\.")):
        fetch(url, tmp_path, STRICT)
    assert local.requests() == 0  # refused before any request
    # the same URL reaches the server when private hosts are allowed: the check refused it
    assert fetch(url, tmp_path, ALLOW).read_bytes() == PICTURE
    assert local.hits["/ok.jpg"] == 1


def test_ipv6_loopback_is_refused(local6, tmp_path):
    url = local6.url("/ok.jpg")
    assert url.startswith("http://[::1]:")
    with pytest.raises(RefusedHost, match=r"::1 is a loopback address"):
        fetch(url, tmp_path, STRICT)
    assert local6.requests() == 0
    assert fetch(url, tmp_path, ALLOW).read_bytes() == PICTURE


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1%25lo]:{port6}/ok.jpg",  # a zone id
        "http://[::1%lo]:{port6}/ok.jpg",
        "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:{port}/ok.jpg",  # full-width digits
        "http://xn--8g7ccp.xn--7g7c.xn--7g7c.xn--8g7c:{port}/ok.jpg",  # as Markdown spells it
    ],
)
def test_hosts_spelled_to_hide_an_address_are_refused(local, local6, tmp_path, url):
    # refused or unreachable: never a request to the server
    with pytest.raises(FetchError):
        fetch(url.format(port=local.port, port6=local6.port), tmp_path, STRICT)
    assert local.requests() == local6.requests() == 0


@pytest.mark.parametrize(
    ("addresses", "kind"),
    [
        (["10.0.0.1"], "a private address"),
        (["172.16.5.4"], "a private address"),
        (["192.168.1.1"], "a private address"),
        (["169.254.169.254"], "a link-local address"),
        (["100.64.0.1"], r"a shared \(carrier-grade NAT\) address"),
        (["224.0.0.1"], "a multicast address"),
        (["240.0.0.1"], "a reserved address"),
        (["255.255.255.255"], "a reserved address"),
        (["0.0.0.0"], "an unspecified address"),
        (["::"], "an unspecified address"),
        (["fe80::1"], "a link-local address"),
        (["fd00::1"], "a private address"),
        (["ff02::1"], "a multicast address"),
        (["::ffff:10.0.0.1"], "a private address"),
        (["::169.254.169.254"], "a link-local address"),
        (["2002:a00:1::1"], "a private address"),  # 6to4 of 10.0.0.1
        # one bad address is enough: the connection could go to any of them
        (["8.8.8.8", "10.0.0.1"], "a private address"),
        (["2606:4700:4700::1111", "::1"], "a loopback address"),
    ],
)
def test_names_are_judged_on_what_they_resolve_to(resolver, connects, tmp_path, addresses, kind):
    resolver.answers["pictures.test"] = [addresses]
    with pytest.raises(RefusedHost, match=f"pictures.test resolves to .*, {kind}"):
        fetch("http://pictures.test/x.jpg", tmp_path, STRICT)
    assert connects == []  # refused before any connection


@pytest.fixture
def public_and_private(public_127_0_0_2) -> Iterator[tuple[Server, Server]]:
    """A public server (127.0.0.2) and a private one (127.0.0.1) at the same port."""
    for _ in range(20):
        with contextlib.ExitStack() as stack:
            public = stack.enter_context(serving("127.0.0.2"))
            try:
                private = stack.enter_context(serving("127.0.0.1", port=public.port))
            except OSError:  # the port is taken on 127.0.0.1: try another
                continue
            yield public, private
            return
    raise AssertionError("no port free on both 127.0.0.1 and 127.0.0.2")


def test_the_connection_goes_to_the_checked_address(resolver, public_and_private, tmp_path):
    # DNS rebinding: the first answer is public, every later one private. The
    # name is looked up once and the socket connects to the address checked.
    public, private = public_and_private
    resolver.answers["rebind.test"] = [["127.0.0.2"], ["127.0.0.1"]]
    url = f"http://rebind.test:{public.port}/ok.jpg"
    assert fetch(url, tmp_path, STRICT).read_bytes() == PICTURE
    assert resolver.asked == ["rebind.test"]
    assert (public.hits["/ok.jpg"], private.requests()) == (1, 0)
    # the server is asked for the name, not the address
    assert public.hosts == [f"rebind.test:{public.port}"]


def test_a_rebinding_name_that_turns_private_is_refused(resolver, public_and_private, tmp_path):
    # the control of the test above: the later (private) answer would be refused
    public, private = public_and_private
    resolver.answers["rebind.test"] = [["127.0.0.1"]]
    with pytest.raises(RefusedHost, match=r"rebind\.test resolves to 127\.0\.0\.1"):
        fetch(f"http://rebind.test:{public.port}/ok.jpg", tmp_path, STRICT)
    assert (public.requests(), private.requests()) == (0, 0)


# -- redirects ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/ok.jpg",
        "http://2130706433:{port}/ok.jpg",
        "http://localhost:{port}/ok.jpg",
        "https://127.0.0.1:{port}/ok.jpg",
    ],
)
def test_a_redirect_to_a_private_host_is_refused(public_127_0_0_2, public, local, tmp_path, target):
    public.redirects["/to-private.jpg"] = target.format(port=local.port)
    with pytest.raises(RefusedHost, match="loopback address"):
        fetch(public.url("/to-private.jpg"), tmp_path, STRICT)
    assert public.hits["/to-private.jpg"] == 1
    assert local.requests() == 0


def test_a_redirect_between_public_hosts_is_followed(public_127_0_0_2, public, tmp_path):
    # the control: the same server, judged public, redirects to itself
    assert fetch(public.url("/to-ok.jpg"), tmp_path, STRICT).read_bytes() == PICTURE
    assert public.hits["/ok.jpg"] == 1


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/loop.jpg", "more than 5 redirects"),
        ("/to-data.jpg", "redirect to a data: URL refused"),
        ("/to-file.jpg", "redirect to a file: URL refused"),
    ],
)
def test_redirects_refused(local, tmp_path, route, message):
    with pytest.raises(FetchError, match=message):
        fetch(local.url(route), tmp_path, ALLOW)


def test_a_redirect_body_is_never_read(local, tmp_path):
    # the redirect's body never ends: reading it would take the whole deadline
    assert fetch(local.url("/redirect-flood.jpg"), tmp_path, ALLOW).read_bytes() == PICTURE


# -- one deadline ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "route", ["/drip-headers.jpg", "/drip-status.jpg", "/drip.jpg", "/slow.jpg"]
)
def test_the_deadline_covers_headers_and_body(local, tmp_path, route):
    # each byte comes well within the 0.5 s: only a deadline for the whole request stops it
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"took more than 0\.5 s"):
        fetch(local.url(route), tmp_path, ALLOW)
    assert time.monotonic() - started < SLOW / 2  # the limit holds, not the server's pace


def test_the_deadline_covers_the_name_lookup(monkeypatch, tmp_path):
    real = socket.getaddrinfo

    def slow(host, *args, **kwargs):
        if str(host).endswith(".test"):
            time.sleep(SLOW)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"took more than 0\.5 s"):
        fetch("http://slow-dns.test/x.jpg", tmp_path, ALLOW)
    assert time.monotonic() - started < SLOW / 2


def test_the_deadline_covers_the_tls_handshake(tmp_path):
    silent = SilentServer()
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"took more than 0\.5 s"):
            fetch(f"https://127.0.0.1:{silent.port}/x.jpg", tmp_path, ALLOW)
        assert time.monotonic() - started < SLOW / 2
        assert silent.accepted  # it did connect: the handshake is what waited
    finally:
        silent.close()


# -- memory ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/chunked.jpg", "more than 4000000 bytes"),  # chunked, never ends
        ("/big.jpg", "more than 4000000 bytes"),  # no length, until the server closes
        ("/header-flood.jpg", "headers larger than 64 KiB"),  # 720 KB of headers
    ],
)
def test_memory_stays_bounded(local, tmp_path, route, message):
    # the body goes to disk a chunk at a time; only the cap's worth is ever written
    limits = FetchLimits(timeout=5.0, max_bytes=4_000_000, allow_private_hosts=True)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=message):
            fetch(local.url(route), tmp_path, limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, peak  # a quarter of the cap: nothing held the body
    assert not list(tmp_path.rglob("*.*"))


def test_a_short_content_length_is_all_that_is_read(local, tmp_path):
    # the server says 100 bytes and sends two megabytes: 100 are read
    assert fetch(local.url("/short-declared.jpg"), tmp_path, ALLOW).read_bytes() == PICTURE[:100]


def test_a_body_cut_short_is_refused(local, tmp_path):
    with pytest.raises(FetchError, match=r"the body ended after \d+ of \d+ bytes"):
        fetch(local.url("/cut-short.jpg"), tmp_path, ALLOW)
    assert not list(tmp_path.rglob("*.*"))


def test_a_chunked_picture_is_read(local, tmp_path):
    assert fetch(local.url("/chunked-ok.jpg"), tmp_path, ALLOW).read_bytes() == PICTURE


# -- formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "body", "suffix"),
    [
        ("/ok.jpg", PICTURE, ".jpg"),
        ("/ok.png", PNG, ".png"),
        ("/ok.gif", GIF, ".gif"),
        ("/ok.webp", WEBP, ".webp"),
        # the bytes decide, not the content type
        ("/png-as-text.txt", PNG, ".png"),
        ("/png-untyped", PNG, ".png"),
    ],
)
def test_formats_kept(local, tmp_path, route, body, suffix):
    path = fetch(local.url(route), tmp_path, ALLOW)
    assert (path.suffix, path.read_bytes()) == (suffix, body)
    assert cached_download(local.url(route), tmp_path) == path


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (
            "/logo.svg",
            r"SVG pictures are not downloaded: they can hold scripts \(served as image/svg",
        ),
        ("/svg-as-png.png", r"SVG pictures are not downloaded.*\(served as image/png\)"),
        ("/eps.jpg", r"not a JPEG, PNG, GIF or WebP picture \(served as image/jpeg\)"),
        ("/eps-binary.jpg", r"not a JPEG, PNG, GIF or WebP picture \(served as image/jpeg\)"),
        ("/eps.eps", r"not a JPEG, PNG, GIF or WebP picture \(served as application/postscript\)"),
        ("/html-as-png.png", r"not a JPEG, PNG, GIF or WebP picture \(served as image/png\)"),
        ("/empty.jpg", "the server sent an empty body"),
        ("/teapot.jpg", "HTTP 418"),
    ],
)
def test_formats_refused(local, tmp_path, route, message):
    with pytest.raises(FetchError, match=message):
        fetch(local.url(route), tmp_path, ALLOW)
    assert not list(tmp_path.rglob("*.*"))


def test_an_old_cached_svg_is_not_used(local, tmp_path):
    # an earlier version kept SVG downloads: such a file is never served again
    url = local.url("/ok.jpg")
    old = remote_path(url, tmp_path, "image/svg+xml").with_suffix(".svg")
    old.parent.mkdir(parents=True)
    old.write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    assert cached_download(url, tmp_path) is None
    assert fetch(url, tmp_path, ALLOW).suffix == ".jpg"


# -- TLS: tls_cacerts, per host -------------------------------------------------------


@pytest.fixture(scope="module")
def tls_local() -> Iterator[Server]:
    with serving("127.0.0.1", tls=server_tls()) as running:
        yield running


@pytest.mark.parametrize(
    "limits",
    [
        {"host_cafiles": (("localhost:{port}", CA),)},  # Sphinx's key: the URL's host:port
        {"host_cafiles": (("localhost", CA),)},
        {"cafile": CA},
        {"cafile": str(TLS / "nowhere.pem"), "host_cafiles": (("localhost:{port}", CA),)},
        {"verify": False},
    ],
)
def test_tls_cacerts_per_host(tls_local, tmp_path, limits):
    given = {
        k: v if k != "host_cafiles" else ((v[0][0].format(port=tls_local.port), v[0][1]),)
        for k, v in limits.items()
    }
    tls_local.hits.clear()
    url = tls_local.url("/ok.jpg", host="localhost")
    assert (
        fetch(
            url, tmp_path, FetchLimits(timeout=2.0, allow_private_hosts=True, **given)
        ).read_bytes()
        == PICTURE
    )
    assert tls_local.hosts[-1] == f"localhost:{tls_local.port}"


@pytest.mark.parametrize("host_cafiles", [(), (("example.org", CA),), (("localhost:1", CA),)])
def test_tls_cacerts_of_another_host_do_not_apply(tls_local, tmp_path, host_cafiles):
    url = tls_local.url("/ok.jpg", host="localhost")
    limits = FetchLimits(timeout=2.0, allow_private_hosts=True, host_cafiles=host_cafiles)
    refused = "cannot connect: certificate verify failed: unable to get local issuer"
    with pytest.raises(FetchError, match=refused):
        fetch(url, tmp_path, limits)


def _config(**values: object) -> SimpleNamespace:
    base = {
        "paperdigest_remote_timeout": 10.0,
        "paperdigest_remote_max_bytes": 20_000_000,
        "paperdigest_allow_private_hosts": False,
        "user_agent": "",
        "tls_verify": True,
        "tls_cacerts": None,
    }
    return SimpleNamespace(**(base | values))


def test_limits_from_the_config():
    assert _limits(
        _config(tls_cacerts={"Example.org:8443": "/ca.pem", "b.org": ""})
    ).host_cafiles == (("example.org:8443", "/ca.pem"),)
    assert _limits(_config(tls_cacerts="/all.pem")).cafile == "/all.pem"
    assert _limits(_config(tls_cacerts="")).cafile is None
    assert _limits(_config()).allow_private_hosts is False
    assert _limits(_config(paperdigest_allow_private_hosts=True)).allow_private_hosts is True
    # only a real True opens the door
    assert _limits(_config(paperdigest_allow_private_hosts="yes")).allow_private_hosts is False


# -- builds ---------------------------------------------------------------------------


def _project(tmp_path: Path, urls: dict[str, str]) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-thumbs-remote", srcdir)
    text = "---\ntitle: Remote\n---\n\n# 2024\n\n" + "\n".join(
        f"## [Entry {name}](https://example.org/{name})\n\n"
        f'<img src="{url}" alt="Picture {name}" width="400" height="225">\n\nSummary.\n'
        for name, url in urls.items()
    )
    (srcdir / "digests").mkdir()
    (srcdir / "digests" / "remote.md").write_text(text, encoding="utf-8")
    return srcdir


def _images(app) -> tuple[list[str], list[str]]:
    """The card pictures' sources, and the build's paperdigest.image warnings."""
    page = soup(Path(app.outdir) / "index.html")
    sources = [img["src"] for img in page.select(".paperdigest-card img.paperdigest-thumb")]
    return sources, [w for w in app._warning.getvalue().splitlines() if "[paperdigest.image]" in w]


def test_a_build_refuses_private_hosts_by_default(make_app, local, tmp_path):
    url = local.url("/ok.jpg")
    srcdir = _project(tmp_path, {"ok": url})
    app = make_app(
        "html",
        srcdir=srcdir,
        builddir=tmp_path / "build",
        confoverrides={"paperdigest_allow_private_hosts": False},
    )
    app.build()
    sources, warned = _images(app)
    assert sources == [url]  # linked, as for any failed download
    assert len(warned) == 1
    assert "127.0.0.1 is a loopback address" in warned[0]
    assert "paperdigest_allow_private_hosts = True allows it" in warned[0]
    assert local.requests() == 0


def test_a_build_refuses_svg_and_links_it(make_app, local, tmp_path):
    url = local.url("/logo.svg")
    srcdir = _project(tmp_path, {"svg": url, "ok": local.url("/ok.png")})
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "build")
    app.build()
    sources, warned = _images(app)
    assert sources[0] == url
    assert sources[1].startswith("_images/")
    assert len(warned) == 1
    assert "SVG pictures are not downloaded" in warned[0]
    assert not list(Path(app.outdir).rglob("*.svg"))


def test_a_build_uses_tls_cacerts_per_host(make_app, tls_local, tmp_path):
    url = tls_local.url("/ok.jpg", host="localhost")
    srcdir = _project(tmp_path, {"tls": url})
    app = make_app(
        "html",
        srcdir=srcdir,
        builddir=tmp_path / "build",
        confoverrides={"tls_cacerts": {f"localhost:{tls_local.port}": CA}},
    )
    app.build()
    sources, warned = _images(app)
    assert warned == []
    assert sources[0].startswith("_images/")


def test_a_bad_allow_private_hosts_warns_and_stays_off(make_app, local, tmp_path):
    srcdir = _project(tmp_path, {"ok": local.url("/ok.jpg")})
    app = make_app(
        "html",
        srcdir=srcdir,
        builddir=tmp_path / "build",
        confoverrides={"paperdigest_allow_private_hosts": 1},
    )
    app.build()
    warned = app._warning.getvalue()
    assert "paperdigest_allow_private_hosts: must be True or False; the default is used" in warned
    assert app.config.paperdigest_allow_private_hosts is False
    assert local.requests() == 0
