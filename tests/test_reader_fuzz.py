"""Property tests: no input makes the reader raise, and what it reports stays in the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_paperdigest.core import parse_digest

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
