"""The seed digest, read field by field (issue 2, "done means")."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_paperdigest.core import read_digest

from .conftest import SEED

# (id, title start, article URL, date, arXiv ids of the summary in order)
EXPECTED = [
    (
        "2106.02584",  # the paper its title names, not the first it links
        "【論文解説】Self-Attention Between Datapoints",
        "https://tech.fusic.co.jp/posts/2021-06-13-ml-npts-between-datapoints/",
        dt.date(2021, 6, 13),
        ["2106.03253", "2106.02584"],
    ),
    (
        "2105.15203",
        "【論文読み】SegFormer",
        "https://tech.fusic.co.jp/posts/2021-06-05-ml-segformer/",
        dt.date(2021, 6, 5),
        ["2105.15203"],
    ),
    (
        "2021-06-03-nsff-nural-scene-flow-field",
        "動画にない視点の画像を作成してみた!",
        "https://tech.fusic.co.jp/posts/2021-06-03-nsff-nural-scene-flow-field/",
        dt.date(2021, 6, 3),
        [],
    ),
    (
        "2021-06-01-ml-siam-mot",
        "オンライン複数物体追跡 SiamMOT",
        "https://tech.fusic.co.jp/posts/2021-06-01-ml-siam-mot/",
        dt.date(2021, 6, 1),
        [],
    ),
    (
        "2103.06255",
        "Involution: Inverting the Inherence of Convolution",
        "https://tech.fusic.co.jp/posts/2021-03-25-ml-involutoin-efficient-net/",
        dt.date(2021, 3, 25),
        ["2103.06255"],
    ),
    (
        "2010.13154",
        "Attenton is All You Need in Speech Separation.",
        "https://tech.fusic.co.jp/posts/2021-03-23-sss-attention/",
        dt.date(2021, 3, 23),
        ["2010.13154"],
    ),
    (
        "2101.08692",
        "【論文読み】 Nomalizer-Free ResNets (NFNet) with AGC",
        "https://tech.fusic.co.jp/posts/2021-02-25-nfnets/",
        dt.date(2021, 2, 25),
        ["2101.08692", "2102.06171"],
    ),
    (
        "2011.10566",
        "【論文読み】Exploring Simple Siamese Representation Learning",
        "https://tech.fusic.co.jp/posts/2020-12-25-ml-simsiam-representation-learning/",
        dt.date(2020, 12, 25),
        ["2011.10566"],
    ),
    (
        "2006.12567",
        "【論文読み】A Survey on Deep Learning for Localization and Mapping",
        "https://tech.fusic.co.jp/posts/2020-12-11-ml-robot-ai-loc-map-survey/",
        dt.date(2020, 12, 11),
        ["2006.12567"],
    ),
    (
        "1911.11763",
        "【論文読み】SuperGlue",
        "https://tech.fusic.co.jp/posts/2020-09-08-ai-super-glue-gnn/",
        dt.date(2020, 9, 8),
        ["1911.11763"],
    ),
    (
        "2020-08-17-ai-cv-gan-cartoonize-with-white-box-rep",
        "【論文読み】Learning to Cartoonize Using White-box Cartoon Representations",
        "https://tech.fusic.co.jp/posts/2020-08-17-ai-cv-gan-cartoonize-with-white-box-rep/",
        dt.date(2020, 8, 17),
        [],
    ),
]

# entry index -> (image src start, width, line)
IMAGES = {
    2: ("https://lh3.googleusercontent.com/ofZSgKJw5rCOrDcyfUdY6KoUuOCmwduFLiN8hVrk", 400, 40),
    3: ("https://lh3.googleusercontent.com/BIr_cx6zoBeTg76kZBPzvMYPbBDQeY3FEl7uVHP5", 400, 50),
    9: ("https://storage.googleapis.com/zenn-user-upload/ddd45b0eecd6a10bb90f6ee0.png", 600, 99),
    10: ("https://storage.googleapis.com/zenn-user-upload/493e0bd97b9efb20ac1c50f4.jpg", 400, 108),
}


@pytest.fixture(scope="module")
def seed():
    digest, diagnostics = read_digest(SEED)
    # the one problem of the seed: 「Tabular Data: ...](url), a link without its [
    assert [(d.code, d.line) for d in diagnostics] == [("broken-link", 22)]
    return digest


def test_metadata(seed):
    meta = seed.meta
    assert meta.title == "わっしー 機械学習記事まとめ"
    assert meta.emoji == "😸"
    assert meta.type == "idea"
    assert meta.topics == ("機械学習",)
    assert meta.published is True
    assert meta.extra == {}
    assert seed.entry_level == 2
    assert seed.intro.startswith("こんにちは、わっしーこと鷲崎です。")
    assert "<br>" not in seed.intro


def test_groups(seed):
    assert [(g.title, g.year, g.line, len(g.entries)) for g in seed.groups] == [
        ("2021年", 2021, 18, 8),
        ("2020年", 2020, 86, 3),
    ]


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_entry(seed, index, expected):
    ident, title, url, date, arxiv = expected
    entry = seed.entries[index]
    assert entry.id == ident
    assert entry.title.startswith(title)
    assert entry.url == url
    assert entry.date == date
    assert entry.year == date.year
    assert [p.id for p in entry.papers if p.kind == "arxiv"] == arxiv
    assert entry.group == ("2021年" if index < 8 else "2020年")
    assert entry.topics == ()  # the digest's topics are the card's fallback, not the entry's
    # the summary is the entry's prose: no separators, no thumbnail
    assert entry.summary
    assert "---" not in entry.summary
    assert "<br>" not in entry.summary
    assert "<img" not in entry.summary
    if index in IMAGES:
        src, width, line = IMAGES[index]
        assert len(entry.images) == 1
        assert entry.thumbnail is entry.images[0]
        assert entry.thumbnail.src.startswith(src)
        assert entry.thumbnail.width == width
        assert entry.thumbnail.line == line
    else:
        assert entry.images == ()
        assert entry.thumbnail is None


def test_broken_link_is_read_as_the_link_it_means(seed):
    """``「Tabular Data: ...](https://arxiv.org/abs/2106.03253)`` is a link with its text."""
    first = seed.entries[0]
    assert first.papers[0].url == "https://arxiv.org/abs/2106.03253"
    assert first.papers[0].label == "Tabular Data: Deep Learning is Not All You Need"
    mended = "「[Tabular Data: Deep Learning is Not All You Need](https://arxiv.org/abs/2106.03253)"
    assert mended in first.summary


def test_primary_paper_is_the_one_the_title_names(seed):
    first = seed.entries[0]
    assert first.papers[1].label.startswith("Self-Attention Between Datapoints")
    assert first.primary_paper is first.papers[1]
    assert first.id == "2106.02584"
    # a link whose text names nothing of the title: the first paper link
    nfnet = seed.entries[6]
    assert [p.label for p in nfnet.papers][1] == "論文"
    assert nfnet.primary_paper is nfnet.papers[0]


def test_lines(seed):
    assert [e.line for e in seed.entries] == [20, 29, 36, 45, 56, 63, 70, 78, 88, 95, 104]
    assert seed.entries[0].summary_line == 22
    assert seed.entries[0].papers[0].line == 22
    assert seed.entries[0].papers[1].line == 24
