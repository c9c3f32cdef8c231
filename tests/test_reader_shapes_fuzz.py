"""Every shape reader, forced on mixed input: no exception, lines in range, no HTML out."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_paperdigest.core import parse_digest
from sphinx_paperdigest.core.model import SHAPES

PIECES = [
    "# 2021\n",
    "## Topic\n",
    "#### w[^w]\n",
    "[^w]: [c](https://arxiv.org/abs/2006.11477)\n",
    "[^x]: https://x.org/a\n",
    "| Title | Authors | Date |\n| --- | --- | --- |\n",
    "| [T](https://x.org/t) | A. B | 2021-02-30 |\n",
    "| **B** - x | [Paper](https://arxiv.org/abs/2101.00001) |\n",
    "| |\n",
    "<div><a class=b>#Tag</a> <a href='https://x.org/h'>T, A. B, ICML 2020</a>",
    "<span onclick=x>s</span><script>alert(1)</script></div>\n",
    "<li><a href=javascript:alert(1)>Evil</a></li>\n",
    "<img src='a.png' onerror=x>\n",
    "<p>#a #b</p>\n",
    "**Bold**\n",
    "**Bold**: \n",
    "- Paper: https://arxiv.org/abs/2101.00002\n",
    "- [L](https://x.org/l), A. Author, NeurIPS 2020 | [code](https://github.com/o/r)\n",
    "  - sub\n",
    "- **Cat**\n  - [I](https://x.org/i)\n",
    "1) T (2017) — [arXiv:1712.05884](https://arxiv.org/abs/1712.05884)\n",
    "\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=25),
    st.sampled_from([None, *SHAPES]),
)
def test_shape_readers_never_raise(pieces, shape):
    text = "".join(pieces)
    digest, diagnostics = parse_digest(text, entry=shape)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for diagnostic in diagnostics:
        assert diagnostic.line is None or 1 <= diagnostic.line <= lines
    for entry in digest.entries:
        assert 1 <= entry.line <= lines
        assert entry.id
        if digest.shape == "html":
            # HTML entries are written back as Markdown by the reader; other
            # summaries are Markdown source, sanitised when rendered
            assert "<script" not in entry.summary and "onclick" not in entry.summary
            assert "javascript:" not in entry.summary.lower()
        for paper in entry.papers:
            assert paper.url.startswith(("http://", "https://"))
    assert len({e.id for e in digest.entries}) == len(digest.entries)
