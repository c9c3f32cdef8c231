"""The hostile suite's own checks catch what they look for (else its passes mean nothing)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from .hostile import Payload, checks
from .hostile.outputs import Outputs
from .hostile.project import build, placeholders, write_project
from .hostile.servers import running_hosts

THEME_ELEMENT = '<form class="pd-search" action="search.html"><input name="q"/></form>'


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<p><img src=x onerror=alert(1)></p>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="  JaVa\tScRiPt:alert(1)">x</a>',  # as a browser reads it
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<img src="data:image/svg+xml,x">',
        '<img src="https://example.org/a.png" srcset="a.png 1x, javascript:x 2x">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "<svg><circle/></svg>",
        "<math><mi>x</mi></math>",
        '<span style="background:url(javascript:alert(1))">x</span>',
        '<iframe srcdoc="x"></iframe>',
        '<button formaction="javascript:x">go</button>',
        '<base href="https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<a href="file:///etc/passwd">x</a>',
    ],
)
def test_markup_findings_catch_active_markup(markup: str) -> None:
    assert checks.markup_findings(f"<div>{markup}</div>", "test")


def test_markup_findings_allow_the_reference_and_safe_links() -> None:
    page = (
        '<a href="https://example.org/">a</a> <a href="mailto:a@example.org">m</a> '
        '<a href="other.html#x">r</a> <a href="//example.org/">p</a> '
        '<img src="_images/a.webp" srcset="_images/a.webp 1x, _images/a@2x.webp 2x">'
    )
    assert checks.markup_findings(page, "test") == []
    allowed = {sig for sig, _, _ in checks.active_elements(THEME_ELEMENT, "page")}
    assert checks.markup_findings(THEME_ELEMENT, "test", allowed, "page") == []
    # the same element with anything changed is not the theme's
    assert checks.markup_findings(THEME_ELEMENT.replace("search", "evil"), "test", allowed, "page")


@pytest.mark.parametrize(
    "tex",
    [
        r"\input{/etc/passwd}",
        r"\immediate\write18{id}",
        "^^5cinput",
        r"\catcode`\@=11",
        r"\openin1",
    ],
)
def test_tex_findings_catch_tex_that_reads_or_writes(tex: str) -> None:
    assert checks.tex_findings(f"text {tex} text", "test")
    assert not checks.tex_findings(r"\textbackslash{}input \sphinxincludegraphics{a.png}", "test")


def test_tex_documents_split_the_body_by_page() -> None:
    tex = (
        "\\documentclass{x}\\begin{document}\\label{\\detokenize{a::doc}}A"
        "\\label{\\detokenize{b::doc}}B \\input{x}\\end{document}"
    )
    head, parts = checks.tex_documents(tex)
    assert head == "\\documentclass{x}"
    assert set(parts) == {"a", "b"}
    assert checks.tex_findings(parts["b"], "b") and not checks.tex_findings(parts["a"], "a")


def test_leaks_are_found_in_files_and_zip_members(tmp_path: Path) -> None:
    import zipfile

    (tmp_path / "page.html").write_text("nothing here", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "book.epub", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("page.xhtml", "a SECRET-TOKEN b")
    found = checks.leaks(checks.files_under(tmp_path), [b"SECRET-TOKEN"])
    assert found == [f"{tmp_path / 'book.epub'}!page.xhtml: b'SECRET-TOKEN'"]


def test_warnings_of_tell_located_paperdigest_warnings() -> None:
    stream = (
        "/src/d.md:3: WARNING: raw HTML dropped [paperdigest.raw-html]\n"
        "WARNING: something else\n"
        "/src/p.md:1: WARNING: a Sphinx warning [misc.highlighting_failure]\n"
    )
    found = checks.warnings_of(stream)
    assert [(w.type, w.located) for w in found] == [
        ("paperdigest.raw-html", True),
        (None, False),
        ("misc.highlighting_failure", True),
    ]


# a trusted conf.py that does what a digest must never do: the watchers see it
SPY_CONF = """
import socket
from pathlib import Path
Path({text!r}).read_text()
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
except OSError:
    pass
"""


def test_the_watchers_see_files_opened_and_hosts_reached(tmp_path: Path) -> None:
    with running_hosts() as hosts:
        built = write_project(
            tmp_path / "spy",
            [Payload("control-spy", "## [P](https://example.org/p)\n", 1)],
            lambda canary: placeholders(canary, hosts.port, hosts.port6, hosts.redirector_port),
        )
        conf = built.srcdir / "conf.py"
        spy = SPY_CONF.format(text=str(built.canary.text), port=hosts.port)
        conf.write_text(conf.read_text(encoding="utf-8") + spy, encoding="utf-8")
        results = build([built], tmp_path, ("html",))
        connections = hosts.canary.connections
    assert any("secret.txt" in line for line in results["touched"]), results["touched"]
    assert any("127.0.0.1" in line for line in results["connected"]), results["connected"]
    assert connections >= 1
    assert not Outputs(built, results["projects"][built.name]).problems(("html",))


def test_the_canary_server_counts_connections_without_a_request() -> None:
    with running_hosts() as hosts:
        socket.create_connection(("127.0.0.1", hosts.port), timeout=5).close()
        for _ in range(100):
            if hosts.canary.connections:
                break
            import time

            time.sleep(0.05)
        assert hosts.canary.connections == 1
        assert sum(hosts.canary.paths.values()) == 0
