"""The reader's rules, one by one (the docs' format page states each)."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from sphinx_paperdigest.core import parse_digest, read_digest

from .conftest import FIXTURES

DIGESTS = FIXTURES / "digests"


def read(text: str, **kwargs):
    digest, diagnostics = parse_digest(textwrap.dedent(text).lstrip("\n"), **kwargs)
    return digest, diagnostics


def titles(digest) -> list[str]:
    return [e.title for e in digest.entries]


# -- front matter ---------------------------------------------------------------------


def test_zenn_front_matter():
    digest, diagnostics = read(
        """
        ---
        title: "Digest" # a comment
        emoji: "😸"
        type: "idea"
        topics: ["ML", "CV"]
        published: True
        published_at: 2021-06-13 10:00
        unknown: [1, 2]
        ---

        ## [A](https://example.org/a)
        """
    )
    assert diagnostics == []
    meta = digest.meta
    assert (meta.title, meta.emoji, meta.type, meta.topics) == (
        "Digest",
        "😸",
        "idea",
        ("ML", "CV"),
    )
    assert meta.published is True
    assert meta.date == dt.date(2021, 6, 13)
    assert meta.extra == {"unknown": [1, 2]}


def test_toml_front_matter():
    digest, diagnostics = read(
        """
        +++
        title = "Hugo digest"
        tags = ["a", "b"]
        draft = true
        date = 2021-08-07T09:27:55+02:00
        +++

        ## [A](https://example.org/a)
        """
    )
    assert diagnostics == []
    assert digest.meta.title == "Hugo digest"
    assert digest.meta.topics == ("a", "b")
    assert digest.meta.published is False
    assert digest.meta.date == dt.date(2021, 8, 7)


def test_topics_as_comma_string():
    digest, _ = read("---\ntopics: nerf, slam , nerf\n---\n\n## [A](https://x.org/a)\n")
    assert digest.meta.topics == ("nerf", "slam")


def test_hugo_comments_are_not_headings():
    digest, diagnostics = read_digest(DIGESTS / "hugo-setext.md")
    assert diagnostics == []
    assert digest.meta.title == "OSDI 2021 papers summary"
    assert digest.meta.topics == ("osdi", "paper")
    assert digest.meta.published is True
    assert titles(digest) == [
        "DMon: Efficient Detection and Correction of Data Locality Problems",
        "Nap: A Black-Box Approach to NUMA-Aware Persistent Memory Indexes",
    ]


def test_jekyll_date_with_time():
    digest, diagnostics = read_digest(DIGESTS / "jekyll-mixed.md")
    assert diagnostics == []
    assert digest.meta.date == dt.date(2020, 10, 10)
    assert digest.meta.extra == {"layout": "post", "math": True}


# -- groups and entries -------------------------------------------------------------


def test_entries_at_level_three_without_groups():
    digest, _ = read_digest(DIGESTS / "jekyll-weekly.md")
    assert digest.entry_level == 3
    assert [g.title for g in digest.groups] == [""]
    assert [e.id for e in digest.entries] == ["2412.01234", "2412.02345"]


def test_setext_headings_and_bare_url():
    digest, _ = read_digest(DIGESTS / "hugo-setext.md")
    assert digest.entry_level == 2
    first = digest.entries[0]
    assert first.url is None
    assert [p.url for p in first.papers] == ["https://www.usenix.org/system/files/osdi21-khan.pdf"]
    assert first.summary.startswith("https://www.usenix.org/system/files/osdi21-khan.pdf")
    assert first.line == 19


def test_mixed_entry_levels():
    """``####`` entries, then a ``###`` linked heading with no entry under it: all entries."""
    digest, _ = read_digest(DIGESTS / "jekyll-mixed.md")
    assert digest.entry_level == 4
    assert titles(digest) == [
        "Uncertainty-aware Self-training for Text Classification",
        "Simple and Principled Uncertainty Estimation",
        "Energy Based Out-of-Distribution Detection",
    ]


def test_group_level_with_linked_headings():
    digest, _ = read_digest(DIGESTS / "mixed-levels.md")
    assert digest.meta.title == "Algorithms"
    assert digest.entry_level == 3
    assert [(g.title, [e.title for e in g.entries]) for g in digest.groups] == [
        ("Prerequisites", []),
        ("", ["ALVINN", "DAVE-2"]),
        ("VLM based planner", ["EMMA", "OmniDrive"]),
    ]
    assert digest.groups[0].intro.startswith("- Machine learning basics")
    assert digest.intro.startswith("Papers worth knowing.")


def test_commented_out_entries_are_not_entries():
    digest, _ = read_digest(DIGESTS / "mixed-levels.md")
    assert "DiffusionDrive" not in titles(digest)
    assert "OpenDriveVLA" not in titles(digest)
    assert all("DiffusionDrive" not in e.summary for e in digest.entries)
    digest, _ = read_digest(DIGESTS / "jekyll-mixed.md")
    assert len(digest.entries) == 3
    assert "Questions" not in digest.intro


def test_entry_level_override():
    text = """
    # 2021

    ## Vision

    ### [A](https://x.org/a)

    ### [B](https://x.org/b)

    ## [C](https://x.org/c)
    """
    digest, _ = read(text)
    assert digest.entry_level == 3
    digest, _ = read(text, entry_level=2)
    assert titles(digest) == ["Vision", "C"]
    digest, _ = read("---\npaperdigest:\n  entry_level: 2\n---\n" + textwrap.dedent(text))
    assert titles(digest) == ["Vision", "C"]


def test_entry_level_in_metadata_comment():
    digest, _ = read_digest(DIGESTS / "zenn-features.md")
    assert digest.entry_level == 2
    assert "entry_level" not in digest.meta.extra
    assert "paperdigest" not in digest.intro


def test_code_block_hash_is_not_a_heading():
    digest, _ = read(
        """
        ## [A](https://x.org/a)

        ```sh
        # not a heading
        ## [not an entry](https://x.org/b)
        ```

            # indented code, not a heading
        """
    )
    assert titles(digest) == ["A"]
    assert "# not a heading" in digest.entries[0].summary
    assert digest.entries[0].papers == ()


def test_year_groups_and_named_groups():
    digest, _ = read(
        """
        # 2021年

        ## [A](https://x.org/a)

        # CVPR

        ## [B](https://x.org/b)
        """
    )
    assert [(g.title, g.year) for g in digest.groups] == [("2021年", 2021), ("CVPR", None)]
    assert [e.year for e in digest.entries] == [2021, None]


def test_plain_heading_and_inline_markup_in_title():
    digest, _ = read(
        """
        ## [The *best* `paper`](https://x.org/a)

        ## A **plain** title

        ## [Link](https://x.org/c) with trailing text
        """
    )
    assert [(e.title, e.url) for e in digest.entries] == [
        ("The best paper", "https://x.org/a"),
        ("A plain title", None),
        ("Link with trailing text", None),
    ]


def test_lone_h1_is_the_title():
    digest, _ = read(
        """
        # My reading list

        Intro.

        ## [A](https://x.org/a)
        """
    )
    assert digest.meta.title == "My reading list"
    assert digest.intro == "Intro."
    assert [g.title for g in digest.groups] == [""]


# -- summaries -----------------------------------------------------------------------


def test_summary_drops_separators_and_keeps_containers():
    digest, _ = read_digest(DIGESTS / "zenn-features.md")
    first = digest.entries[0]
    assert first.summary == textwrap.dedent(
        """\
        :::message
        Read the [paper](https://arxiv.org/abs/2008.02268v3) first.
        :::

        :::details Why it matters
        # not a heading of the digest
        It handles photos from the internet.
        :::

        https://github.com/example/nerf-w"""
    )
    assert first.summary_line == 30


@pytest.mark.parametrize("separator", ["---", "***", "- - -", "<br>", "<br/>", "___"])
def test_separators(separator):
    digest, _ = read(
        f"## [A](https://x.org/a)\n\nText.\n\n{separator}\n\n## [B](https://x.org/b)\n"
    )
    assert digest.entries[0].summary == "Text."


def test_reference_definitions_travel_with_the_summary():
    digest, _ = read(
        """
        ## [A](https://x.org/a)

        See [the paper][p].

        ## [B](https://x.org/b)

        Nothing.

        [p]: https://arxiv.org/abs/2106.02584
        """
    )
    first = digest.entries[0]
    assert [p.id for p in first.papers] == ["2106.02584"]
    # markdown-it folds labels to upper case; labels match without case
    assert first.summary.lower().endswith("[p]: <https://arxiv.org/abs/2106.02584>")


# -- links --------------------------------------------------------------------------


def test_links_order_dedupe_and_article_excluded():
    digest, _ = read(
        """
        ## [Post](https://blog.example.org/post)

        Code first: https://github.com/a/b, then [the paper](https://arxiv.org/pdf/2106.02584v2.pdf),
        the same again https://arxiv.org/abs/2106.02584 and the post https://blog.example.org/post/
        and <https://doi.org/10.1000/xyz>.
        """
    )
    entry = digest.entries[0]
    assert [(p.kind, p.id, p.label) for p in entry.papers] == [
        ("github", "a/b", ""),
        ("arxiv", "2106.02584", "the paper"),
        ("doi", "10.1000/xyz", ""),
    ]
    assert entry.primary_paper.kind == "arxiv"
    assert [p.line for p in entry.papers] == [3, 3, 5]


def test_links_in_html_anchor_and_containers():
    digest, diagnostics = read(
        """
        ## [A](https://x.org/a)

        :::details More
        [paper](https://arxiv.org/abs/2001.00001)
        :::

        <a href="https://arxiv.org/abs/2002.00002">raw</a>
        """
    )
    assert [p.id for p in digest.entries[0].papers] == ["2001.00001", "2002.00002"]
    # <a href> is harmless markup: the tag dropped (an info line), its text and link kept
    assert [d.code for d in diagnostics] == ["markup"]


# -- images ---------------------------------------------------------------------------


def test_images_of_every_syntax():
    digest, _ = read_digest(DIGESTS / "zenn-features.md")
    first, second = digest.entries
    assert [(i.src, i.alt, i.width, i.height) for i in first.images] == [
        ("images/nerf-w.png", "teaser", 250, None)
    ]
    assert [(i.src, i.alt, i.width, i.height) for i in second.images] == [
        ("images/card.png", "Card", 320, 180),
        ("images/inline.png", "inline", 250, 100),
        ("images/second.png", "", None, None),
    ]
    assert second.thumbnail == second.images[0]
    # the thumbnail leaves the summary, other pictures stay
    assert "card.png" not in second.summary
    assert "inline.png" in second.summary
    assert "onclick" not in second.summary


def test_inline_thumbnail_leaves_its_paragraph():
    digest, _ = read("## [A](https://x.org/a)\n\nLook: ![pic](p.png) here.\n")
    entry = digest.entries[0]
    assert entry.thumbnail.src == "p.png"
    assert entry.summary == "Look:  here."


def test_metadata_image_overrides_thumbnail():
    digest, _ = read(
        """
        ## [A](https://x.org/a)

        <!-- paperdigest
        image: {src: cover.png, alt: Cover, width: 640}
        -->

        ![first](first.png)
        """
    )
    entry = digest.entries[0]
    assert (entry.thumbnail.src, entry.thumbnail.alt, entry.thumbnail.width) == (
        "cover.png",
        "Cover",
        640,
    )
    assert "first.png" in entry.summary


# -- metadata, dates, ids --------------------------------------------------------------


def test_entry_metadata_comment():
    digest, _ = read_digest(DIGESTS / "zenn-features.md")
    entry = digest.entries[0]
    assert entry.id == "nerf-w"
    assert entry.topics == ("NeRF", "3D")
    assert entry.date == dt.date(2023, 3, 5)
    assert dict(entry.meta) == {"venue": "CVPR 2021"}
    assert "venue" not in entry.summary


def test_single_line_metadata_comment():
    digest, _ = read("## [A](https://x.org/a)\n\n<!-- paperdigest topics: [x] -->\n\nText.\n")
    assert digest.entries[0].topics == ("x",)
    assert digest.entries[0].summary == "Text."


def test_date_precedence():
    digest, _ = read(
        """
        # 2019

        ## [Meta wins](https://x.org/2021-06-13-post/)

        <!-- paperdigest date: 2020-01-02 -->

        ## [URL next](https://x.org/2021/06/14/post/)

        ## [Group year last](https://x.org/post)
        """
    )
    assert [(e.date, e.year) for e in digest.entries] == [
        (dt.date(2020, 1, 2), 2020),
        (dt.date(2021, 6, 14), 2021),
        (None, 2019),
    ]


def test_ids():
    digest, diagnostics = read(
        """
        ## [Blog](https://x.org/posts/my-post/)

        ## [arXiv in summary](https://x.org/b)

        Paper: https://arxiv.org/abs/hep-th/9901001

        ## Only a title here

        ## 日本語のタイトル

        ## [Same](https://x.org/posts/my-post)
        """
    )
    assert [e.id for e in digest.entries] == [
        "my-post",
        "hep-th-9901001",
        "only-a-title-here",
        "entry-" + __import__("hashlib").sha1("日本語のタイトル".encode()).hexdigest()[:8],
        "my-post-2",
    ]
    assert [(d.code, d.line) for d in diagnostics] == [("duplicate-id", 11)]


# -- robustness on real-world shapes ----------------------------------------------------


@pytest.mark.parametrize("path", sorted(DIGESTS.glob("*.md")), ids=lambda p: p.name)
def test_nothing_lost(path):
    """Every heading at the entry level is an entry; every line of text is somewhere."""
    digest, _ = read_digest(path)
    kept = digest.intro + "".join(
        g.title + g.intro + "".join(e.title + e.summary for e in g.entries) for g in digest.groups
    )
    for word in ("Transformer", "差分プライバシー", "Third point", "Atari", "NUMA-aware"):
        if word in path.read_text(encoding="utf-8").split("<!--")[0]:
            assert word in kept, word


def test_list_style_digest_keeps_every_item():
    digest, diagnostics = read_digest(DIGESTS / "monthly-list.md")
    assert diagnostics == []
    assert digest.shape == "item"  # each bullet an entry, each month heading a group
    assert [e.title for e in digest.entries] == [
        "Learning to Generate Reviews",
        "Evolution Strategies",
        "Notes",
        "Playing Atari with Deep Reinforcement Learning",
    ]
    assert [g.title for g in digest.groups] == ["2017-03", "2016-11 (ICLR Edition)", "2013"]
    assert [e.year for e in digest.entries] == [2017, 2017, 2016, 2013]
    assert {p.id for e in digest.entries for p in [*e.papers, e.primary_paper] if p} >= {
        "1703.03864",
        "rJY0-Kcll",
        "1312.5602",
    }
    assert digest.entries[0].url == "https://arxiv.org/abs/1704.01444"


def test_inline_html_thumbnail_leaves_its_paragraph():
    digest, _ = read('## [A](https://x.org/a)\n\nLook <img src="p.png" width="40"> here.\n')
    entry = digest.entries[0]
    assert (entry.thumbnail.src, entry.thumbnail.width) == ("p.png", 40)
    assert entry.summary == "Look  here."
