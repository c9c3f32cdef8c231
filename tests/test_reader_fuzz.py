"""Property tests: no input makes the reader raise, and what it reports stays in the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from sphinx_paperdigest.core import parse_digest
from sphinx_paperdigest.core.mdit import PLAIN_URL_RE, normalize_link, reader_parser

# pieces digests are made of, to build inputs that reach deep into the reader
PIECES = [
    "---\n",
    "+++\n",
    "title: x\n",
    "topics: [a, b]\n",
    "# 2021年\n",
    "## [Title](https://tech.example.org/posts/2021-06-13-x/)\n",
    "### [T](https://arxiv.org/abs/2106.02584v2)\n",
    "## Plain\n",
    "Setext\n------\n",
    "text with https://arxiv.org/pdf/2101.08692.pdf)という\n",
    "[broken](javascript:alert(1))\n",
    "<img src='a.png' width=400>\n",
    "<img src='../x.png'>\n",
    "![p](b.png =250x)\n",
    "<br>\n",
    "<!-- paperdigest\ntopics: [x]\ndate: 2021-13-01\n-->\n",
    "<!-- never closed\n",
    "<script>x</script>\n",
    ":::details T\n# inner\n:::\n",
    "```\n# code\n```\n",
    "- item [a](https://github.com/o/r)\n",
    "\n",
    "\x0c\u2028\x85",
    "[ref]: https://doi.org/10.1/x\n",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=30))
def test_reader_never_raises(pieces):
    text = "".join(pieces)
    digest, diagnostics = parse_digest(text)
    # "\r\n" and a lone "\r" end lines too, as in any editor
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for diagnostic in diagnostics:
        assert diagnostic.line is None or 1 <= diagnostic.line <= lines
    for entry in digest.entries:
        assert 1 <= entry.line <= lines
        assert entry.id
        for paper in entry.papers:
            assert paper.url.startswith(("http://", "https://"))
    assert len({e.id for e in digest.entries}) == len(digest.entries)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_bytes_never_raise(data):
    parse_digest(data)


def test_unicode_line_separators_do_not_shift_lines():
    text = "Intro\x0c with \u2028 odd \x85 breaks.\n\n## [A](https://x.org/a)\n\nText.\n"
    digest, diagnostics = parse_digest(text)
    assert diagnostics == []
    assert digest.entries[0].line == 3
    assert digest.entries[0].summary == "Text."


# -- the reader parser's fast link normalisation ----------------------------------------

URL_CHARS = "ABCxyz019/?:&=+$,-_.!~*'()#;@%[] \\é"


@settings(max_examples=500, deadline=None)
@given(st.from_regex(PLAIN_URL_RE, fullmatch=True))
def test_plain_urls_are_what_normalize_link_gives(url):
    assert normalize_link(url) == url == normalizeLink(url)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "//", "", "mailto:", "x:"]),
    st.text(alphabet="abcXY09.-:_@[]é", max_size=10),
    st.text(alphabet=URL_CHARS, max_size=16),
)
def test_normalize_link_agrees_with_markdown_it(scheme, host, rest):
    url = scheme + host + rest
    assert normalize_link(url) == normalizeLink(url)


def test_reader_parser_uses_the_fast_normalisation():
    assert reader_parser().normalizeLink is normalize_link
