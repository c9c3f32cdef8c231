"""What ``paperdigest lint`` once let pass: each test names the gap it closes."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink

from sphinx_paperdigest.cli import main as cli_main
from sphinx_paperdigest.core import hosts, urls
from sphinx_paperdigest.core.exports.safe_source import safe_digest, safe_markdown
from sphinx_paperdigest.core.files import picture_file
from sphinx_paperdigest.core.mdit import normalize_link
from sphinx_paperdigest.core.profile import digest_problems, problems, render_parser
from sphinx_paperdigest.core.reader import parse_digest


def _problems(text: str, line: int = 10) -> list[tuple[str, int | None, str]]:
    return [(p.code, p.line, p.message) for p in problems(render_parser(), text, line)]


def test_a_substitution_split_by_emphasis_is_reported():
    found = _problems("{{ ''.__class__.__mro__ }} and\n{{ self.__init__.__globals__ }}")
    assert [(code, line) for code, line, _ in found] == [("syntax", 10), ("syntax", 11)]
    assert "__class__" in found[0][2]
    assert "__globals__" in found[1][2]


def test_a_substitution_is_not_read_across_code_and_counts_its_lines():
    found = _problems("{{ a `code` {{ b }}\n`{{ not }}` x\n{{ c\nd }} {{ e }}")
    assert [(line, message.split(":")[0]) for _, line, message in found] == [
        (10, "'{{ b }}'"),
        (12, "'{{ c\\nd }}'"),
        (13, "'{{ e }}'"),
    ]


@pytest.mark.parametrize(
    ("picture", "said"),
    [
        ("http://[fe80::1%25lo]:8/x.png", "(fe80::1) is a link-local address"),
        ("http://[::1%25eth0]/x.png", "(::1) is a loopback address"),
        (
            "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:8/x.png",
            "127.0.0.1 is a loopback address",
        ),
        ("http://\uff11\uff12\uff17\u3002\uff11/x.png", "(127.0.0.1) is a loopback address"),
    ],
)
def test_a_private_host_hidden_by_a_zone_or_full_width_digits_is_reported(picture, said):
    _, diagnostics = parse_digest(f"# 2021\n\n## [P](https://example.org/p)\n\n![x]({picture})\n")
    found = [(d.code, d.line) for d in diagnostics]
    assert found == [("private-host", 5)], diagnostics
    assert said in diagnostics[0].message


def test_markdown_keeps_a_bracketed_host_in_place():
    # markdown-it's own normalisation moves ``[fe80::1%25lo]`` into the path
    assert normalize_link("http://[fe80::1%25lo]:9/a b") == "http://[fe80::1%25lo]:9/a%20b"
    assert normalize_link('http://u"@[::1%25a"]/x') == "http://u%22@[::1%25a%22]/x"
    assert normalize_link("http://[::1]/x") == normalizeLink("http://[::1]/x")
    assert hosts.url_host(normalize_link("http://\uff11\uff12\uff17.0.0.1/")) == "127.0.0.1"
    assert hosts.private_host("http://xn--bcher-kva.example/") is None


# -- pictures the build drops ---------------------------------------------------------------


def _digest(body: str) -> str:
    return f"# 2021\n\n## [P](https://example.org/p)\n\n{body}\n"


def test_a_picture_in_a_footnote_is_judged_as_the_reader_judges():
    text = _digest(
        "Text[^1] and[^2].\n\n[^1]: ![x](../../up.png)\n"
        "[^2]: <img src='javascript:x'>\n\n    See <img src=../../abs.png>."
    )
    digest, diagnostics = parse_digest(text)
    assert diagnostics == []  # the reader does not read footnotes
    found = [(d.code, d.line) for d in digest_problems(digest)]
    assert found == [("image-path", 7), ("unsafe-url", 8), ("image-path", 10)]
    # a picture in the summary itself is the reader's: not said twice
    digest, diagnostics = parse_digest(_digest("![x](../../up.png)"))
    assert [d.code for d in diagnostics] == ["image-path"]
    assert digest_problems(digest) == []


def _lint(capsys, *args: str) -> list[str]:
    cli_main(["lint", "-q", *args])
    return capsys.readouterr().out.splitlines()


def test_lint_looks_at_picture_files_without_opening_them(tmp_path, capsys, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"x")
    src = tmp_path / "src"
    src.mkdir()
    (src / "ok.png").write_bytes(b"x")
    (src / "link.png").symlink_to(outside / "secret.png")
    (src / "linkdir").symlink_to(outside, target_is_directory=True)
    (src / "zero.png").symlink_to("/dev/zero")
    os.mkfifo(src / "fifo.png")
    digest = src / "d.md"
    pictures = ["ok.png", "link.png", "linkdir/secret.png", "zero.png", "fifo.png", "no.png"]
    body = "\n\n".join(f"![x]({p})" for p in pictures[:-1])
    digest.write_text(_digest(body + "\n\n<!-- paperdigest\nimage: no.png\n-->"))
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(
        os, "open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k)
    )
    lines = _lint(capsys, str(digest))
    assert opened == [str(digest)]  # a FIFO or a device opened would block or never end
    said = [line.split(": ", 1)[1] for line in lines]
    assert said == [
        "warning: [image] picture 'link.png' is outside the source directory; it is not shown",
        "warning: [image] picture 'linkdir/secret.png' is outside the source directory; "
        "it is not shown",
        "warning: [image] picture 'zero.png' is outside the source directory; it is not shown",
        "warning: [image] picture 'fifo.png' is not a regular file (a named pipe); it is not shown",
        "warning: [image] picture 'no.png' is not found; it is not shown",
    ]
    assert [line.split(":")[1] for line in lines] == ["7", "9", "11", "13", "15"]


def test_lint_srcdir_is_where_pictures_must_stay(tmp_path, capsys):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "a.png").write_bytes(b"x")
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "shared").symlink_to(tmp_path / "shared")
    digest = tmp_path / "digests" / "d.md"
    digest.write_text(_digest("![x](shared/a.png)"))
    assert len(_lint(capsys, str(digest))) == 1  # the digest's directory by default
    assert _lint(capsys, "--srcdir", str(tmp_path), str(digest)) == []
    # a digest outside the source directory: its pictures are too
    other = tmp_path / "other"
    other.mkdir()
    said = _lint(capsys, "--srcdir", str(other), str(digest))
    assert said == [
        f"{digest}:5: warning: [image] picture 'shared/a.png' is outside the "
        "source directory; it is not shown"
    ]


def test_a_path_written_with_backslashes_is_looked_up_as_the_build_does(tmp_path, capsys):
    digest = tmp_path / "d.md"
    digest.write_text(_digest("![x](..\\..\\x.png)"))
    (lint_line,) = _lint(capsys, str(digest))
    # Markdown reads ``\.`` as ``.``: a file named ``....\x.png`` here, which is not found
    assert lint_line.endswith("[image] picture '....%5Cx.png' is not found; it is not shown")


def test_the_build_and_lint_ask_one_function(tmp_path):
    os.mkfifo(tmp_path / "f.png")
    assert picture_file("/f.png", tmp_path) == (None, "is not a regular file (a named pipe)")
    assert (
        picture_file("/" + "a" * 300, tmp_path)[1]
        == "cannot be read: a name is too long for a file"
    )
    (tmp_path / "ok.png").write_bytes(b"x")
    assert picture_file("/ok.png", tmp_path) == (tmp_path / "ok.png", None)


# -- markup in headings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("# 2021 <script>x</script>\n\n## [P](https://example.org/p)\n", [("raw-html", 1)]),
        ("# 2021\n\n## <iframe src=x></iframe> P\n\nText.\n", [("raw-html", 3)]),
        (
            "# 2021\n\n## [<img src=x onerror=alert(1)>P](https://example.org/p)\n",
            [("raw-html", 3)],
        ),
        ("# 2021\n\n## [<b style=x>P</b>](https://example.org/p)\n", []),
        ("# 2021\n\n## P<sup>2</sup> <!-- note -->\n\nText.\n", []),
        ("# 2021\n\n## [![x](javascript:x) P](https://example.org/p)\n", [("unsafe-url", 3)]),
        ("# 2021\n\n## <a href='javascript:x'>P</a>\n\nText.\n", [("unsafe-url", 3)]),
        # the entry's own link is its URL: said once, by the entry
        ("# 2021\n\n## [P](javascript:x)\n\nText.\n", [("unsafe-url", 3)]),
        ("# Title <foo>\n\n## [P](https://example.org/p)\n", [("raw-html", 1)]),
    ],
)
def test_dangerous_markup_in_a_heading_is_reported_at_its_line(text, said):
    _, diagnostics = parse_digest(text)
    assert [(d.code, d.line) for d in diagnostics] == said


def test_the_message_names_the_element_and_the_handler():
    text = "# 2021\n\n## <img src=x onError='a()'> <script> P\n\nText.\n"
    _, diagnostics = parse_digest(text)
    assert diagnostics[0].message.endswith(": <img onerror>, <script>")
    # the digest's title is read with the intro, which reports what it drops
    _, diagnostics = parse_digest(
        "# <img src=x onError='a()'> <script>\n\n## [P](https://x.org/p)\n"
    )
    # once, by the intro: the script and the handler
    assert [(d.code, d.line) for d in diagnostics] == [("raw-html", 1)]
    assert "<script>" in diagnostics[0].message and "onerror" in diagnostics[0].message


def test_a_heading_in_a_summary_is_reported_once():
    text = "# 2021\n\n## [P](https://example.org/p)\n\n### Sub <script>x</script>\n\nText.\n"
    _, diagnostics = parse_digest(text)
    assert [(d.code, d.line) for d in diagnostics] == [("raw-html", 5)]


# -- exported sources -----------------------------------------------------------------------

_CONSUMER = MarkdownIt("commonmark", {"html": True})
# a consumer that does not refuse javascript: links itself (markdown-it-py does)
_CONSUMER.validateLink = lambda url: True  # type: ignore[method-assign]


def _active(markdown: str) -> list[str]:
    """What a consumer rendering ``markdown`` (CommonMark, HTML on) would run or follow."""
    found = []
    for token in _CONSUMER.parse(markdown):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or ():
            url = str(child.attrs.get("href", child.attrs.get("src", "")))
            if child.type == "html_inline" or (
                child.type in {"link_open", "image"} and not urls.is_safe_url(url)
            ):
                found.append(child.content or url)
    return found


@pytest.mark.parametrize(
    ("source", "exported"),
    [
        # nothing active: as written
        ("Text [a](https://x.org) `<b>` <https://x.org>", None),
        ("```\n<script>x</script>\n```\n\n    <b>code</b>", None),
        # raw HTML is text, code keeps its text, safe autolinks stay links
        (
            "A <b>x</b> `a<b` <https://x.org> <mailto:a@b.c>",
            "A &lt;b>x&lt;/b> `a<b` <https://x.org> <mailto:a@b.c>",
        ),
        ("``x ` <i>`` <i>", "``x ` <i>`` &lt;i>"),
        ("\\`<i>` x`", "\\`&lt;i>` x`"),
        (
            "<div>\n[x](javascript:x)\n</div>\n\nText",
            "&lt;div>\n&#91;x](javascript:x)\n&lt;/div>\n\nText",
        ),
        # a paragraph with an unsafe link or picture: its links are text
        (
            "[x](javascript:a) [y](https://y.org)\n\n[z](https://z.org)",
            "&#91;x](javascript:a) &#91;y](https://y.org)\n\n[z](https://z.org)",
        ),
        ("![p](data:image/png;base64,x)", "!&#91;p](data:image/png;base64,x)"),
        ("[a][r]\n\n[r]: javascript:x", "&#91;a]&#91;r]\n\n&#91;r]: javascript:x"),
        ("<javascript:alert(1)>", "&lt;javascript:alert(1)>"),
        # a rewrite that would turn code into text: everything is written as references
        (
            "<script>x</script>\n    <img src=x onerror=y>",
            "&lt;script>x&lt;/script>\n    &lt;img src=x onerror=y>",
        ),
    ],
)
def test_exported_sources_render_to_nothing_active(source, exported):
    assert _active(source) != [] or exported is None
    assert safe_markdown(source) == (source if exported is None else exported)
    assert _active(safe_markdown(source)) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>[]()`!:/\\ \n\t-*>&#;ajvsciprtxhonerf=\"'", max_size=60))
def test_no_source_renders_to_anything_active(source):
    assert _active(safe_markdown(source)) == []


def test_exports_carry_the_safe_source():
    digest, _ = parse_digest(_digest("A <b onclick=x>y</b> and [z](javascript:x)."))
    safe = safe_digest(digest)
    assert safe.entries[0].summary == "A &lt;b onclick=x>y&lt;/b> and &#91;z](javascript:x)."
    assert digest.entries[0].summary.startswith("A <b onclick")  # show prints the source
