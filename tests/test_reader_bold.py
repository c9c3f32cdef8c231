"""Bold-paragraph digests: ``**Title**`` then ``- Paper: url`` bullets."""

from __future__ import annotations

import textwrap

from sphinx_paperdigest.core import parse_digest

BOLD = """
# Picks

## Vision

Some words first.

**Attention Is All You Need**

- Paper: https://arxiv.org/abs/1706.03762
- Code: [github](https://github.com/tensorflow/tensor2tensor)

What it does, in short.

**Deep Residual Learning**:

- Paper: [arXiv](https://arxiv.org/abs/1512.03385)
- Note: a very deep network

**Not an entry, just emphasis**

More text.

## Speech

**Tacotron 2**

- Paper: https://arxiv.org/abs/1712.05884
"""


def read(text: str, **kwargs):
    return parse_digest(textwrap.dedent(text).lstrip("\n"), **kwargs)


def test_bold_paragraphs_are_entries_and_headings_groups():
    digest, diagnostics = read(BOLD)
    assert diagnostics == []
    assert digest.shape == "bold"
    assert [g.title for g in digest.groups] == ["Vision", "Speech"]
    assert [(e.title, e.line) for e in digest.entries] == [
        ("Attention Is All You Need", 7),
        ("Deep Residual Learning", 14),
        ("Tacotron 2", 25),
    ]
    assert [e.primary_paper.id for e in digest.entries if e.primary_paper] == [
        "1706.03762",
        "1512.03385",
        "1712.05884",
    ]
    assert digest.groups[0].intro == "Some words first."
    # a group heading that names no time is the entries' topic
    assert digest.entries[0].topics == ("Vision",)


def test_bold_summary_leaves_out_link_only_lists_and_keeps_the_rest():
    digest, _ = read(BOLD)
    attention, resnet, tacotron = digest.entries
    assert attention.summary == "What it does, in short."
    assert "https://github.com/tensorflow/tensor2tensor" in {p.url for p in attention.papers}
    # a list that says more than links stays; so does a bold line with no link
    assert "- Note: a very deep network" in resnet.summary
    assert "**Not an entry, just emphasis**" in resnet.summary
    assert "More text." in resnet.summary
    assert tacotron.summary == ""


def test_bold_inside_text_is_no_title():
    digest, _ = read(
        """
        ---
        paperdigest: {entry: bold}
        ---
        # D

        Intro with **bold** words and [a link](https://x.org/a).

        **Title** and more text [here](https://x.org/b).
        """
    )
    assert digest.shape == "bold"
    assert digest.entries == ()
    assert "Intro with **bold** words" in digest.intro
    assert "**Title** and more text" in digest.intro
