"""HTML digests: entries from HTML elements, markup never passed through."""

from __future__ import annotations

import textwrap

from sphinx_paperdigest.core import parse_digest

HTML = """
# Reading list

Picked by hand.

<div class="list">
<p>Papers I liked.</p>
<div class="paper">
<a class="button">#Speech</a> <a class="button" href="#tts">#TTS</a>
<a href="https://arxiv.org/abs/1712.05884">Natural TTS Synthesis, J. Shen, R. Pang, ICASSP 2018</a>
<span class="snippet">Spectrograms <b>then</b> a vocoder. <script>alert(1)</script></span>
<a href="https://github.com/x/tacotron2">code</a>
</div>
<div class="paper">
<a class="button">#Vision</a>
<a href="https://arxiv.org/abs/2003.08934">NeRF: Scenes, Mildenhall et al., ECCV 2020</a>
<span class="snippet">Radiance fields. <img src="nerf.png" width="50" onerror="x()"></span>
</div>
</div>

<h2><a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a></h2>
<p>Transformers &amp; <i>attention</i> [1].</p>

<ul>
<li><a href="https://arxiv.org/abs/1810.04805">BERT</a> — pre-training.</li>
<li><a href="javascript:alert(1)">Evil</a> text</li>
</ul>

<table><tr><th>Paper</th></tr>
<tr><td><a href="https://arxiv.org/abs/1512.03385">ResNet</a> residuals</td></tr></table>
"""


def read(text: str, **kwargs):
    return parse_digest(textwrap.dedent(text).lstrip("\n"), **kwargs)


def test_html_elements_are_entries():
    digest, diagnostics = read(HTML)
    assert digest.shape == "html"
    assert [e.title for e in digest.entries] == [
        "Natural TTS Synthesis",
        "NeRF: Scenes",
        "Attention Is All You Need",
        "BERT",
        "ResNet",
    ]
    tts, nerf, attention, bert, resnet = digest.entries
    assert tts.url == "https://arxiv.org/abs/1712.05884"
    assert tts.line == 9
    assert tts.topics == ("Speech", "TTS")
    assert (tts.authors, tts.venue, tts.year) == (("J. Shen", "R. Pang"), "ICASSP 2018", 2018)
    assert nerf.topics == ("Vision",)
    assert "https://github.com/x/tacotron2" in {p.url for p in tts.papers}
    assert nerf.thumbnail is not None and nerf.thumbnail.src == "nerf.png"
    assert attention.summary == "Transformers \\& attention \\[1\\]."
    assert resnet.summary == "residuals"
    # the paragraph before the first entry is the digest's intro, not lost
    assert "Papers I liked." in digest.intro
    codes = sorted({(d.code, d.line) for d in diagnostics})
    assert codes == [("markup", 5), ("raw-html", 5), ("unsafe-url", 23)]
    assert "Evil text" in bert.summary  # its text kept, the javascript: link not


def test_no_markup_reaches_a_summary():
    digest, _ = read(HTML)
    for entry in digest.entries:
        assert "<script" not in entry.summary and "alert" not in entry.summary
        assert "<span" not in entry.summary and "<b>" not in entry.summary
        assert "onerror" not in entry.summary and "javascript" not in entry.summary


def test_entry_html_forced_and_tags_before_each_title():
    digest, _ = read(
        """
        <!-- paperdigest entry: html -->
        # Tagged

        <p><a class="tag">#A</a></p>
        <p><a href="https://x.org/one">One</a> first.</p>
        <p><a class="tag">#B</a> <a class="tag">#C</a></p>
        <p><a href="https://x.org/two">Two</a></p>
        <p>More about two.</p>
        """
    )
    assert digest.shape == "html"
    assert [(e.title, e.topics, e.summary) for e in digest.entries] == [
        ("One", ("A",), "first."),
        ("Two", ("B", "C"), "More about two."),
    ]


def test_a_heading_digest_with_html_stays_a_heading_digest():
    digest, _ = read(
        """
        # D

        ## [Paper A](https://arxiv.org/abs/2101.00001)

        <p>See <a href="https://x.org/more">more</a>.</p>

        ## [Paper B](https://arxiv.org/abs/2101.00002)
        """
    )
    assert digest.shape == "heading"
    assert [e.title for e in digest.entries] == ["Paper A", "Paper B"]
