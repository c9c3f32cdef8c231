"""Entry headings that cite their paper in a footnote."""

from __future__ import annotations

import textwrap

from sphinx_paperdigest.core import parse_digest

NOTES = """
# Speech

#### wav2vec[^w]

Speech from raw audio.

#### HuBERT[^h]

Masked units.

#### No note[^missing]

Text.

[^w]: [Baevski et al. 2020](https://arxiv.org/abs/2006.11477)
[^h]: Hsu et al., https://arxiv.org/abs/2106.07447
"""


def read(text: str, **kwargs):
    return parse_digest(textwrap.dedent(text).lstrip("\n"), **kwargs)


def test_a_footnote_cites_the_heading_paper():
    digest, diagnostics = read(NOTES)
    assert diagnostics == []
    assert digest.shape == "heading"
    wav2vec, hubert, other = digest.entries
    assert (wav2vec.title, wav2vec.url, wav2vec.id) == (
        "wav2vec",
        "https://arxiv.org/abs/2006.11477",
        "2006.11477",
    )
    assert (hubert.title, hubert.url) == ("HuBERT", "https://arxiv.org/abs/2106.07447")
    # the citation moves to its entry's summary; nothing is left on the last entry
    assert wav2vec.summary.endswith("[Baevski et al. 2020](https://arxiv.org/abs/2006.11477)")
    assert hubert.summary == "Masked units.\n\nHsu et al., https://arxiv.org/abs/2106.07447"
    # a mark with no definition stays as written
    assert (other.title, other.summary, other.papers) == ("No note[^missing]", "Text.", ())


def test_footnote_headings_are_entries_even_without_links_elsewhere():
    digest, _ = read(
        """
        # D

        ## 2020

        ### A[^a]

        ### B[^b]

        [^a]: https://arxiv.org/abs/2001.00001
        [^b]: https://arxiv.org/abs/2001.00002
        """
    )
    assert [g.title for g in digest.groups] == ["2020"]
    assert [e.id for e in digest.entries] == ["2001.00001", "2001.00002"]
