"""List digests: one entry per list item (awesome lists, reference sections)."""

from __future__ import annotations

from sphinx_paperdigest.core import parse_digest

# fmt: off
AWESOME = (
    "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n"
    "[![badge](https://img.shields.io/a.svg)](https://x.org/ci)\n\n"
    "## Table of Contents\n\n"
    "- [Vision](#vision)\n"
    "- [Speech](#speech)\n\n"
    "## Vision\n\n"
    "- [NeRF](https://www.matthewtancik.com/nerf), Mildenhall et al., ECCV 2020"
    " | [github](https://github.com/bmild/nerf)\n"
    "- Evolution Strategies as a Scalable Alternative [[arXiv](https://arxiv.org/abs/1703.03864)]\n"
    "  - a sub-point about it\n"
    "- **Plain Bold** - no link but in the list\n\n"
    "## Speech\n\n"
    "- Tacotron 2 (2017) — [arXiv:1712.05884](https://arxiv.org/abs/1712.05884)"
    " / [repo](https://github.com/NVIDIA/tacotron2)\n"
    "- WaveNet (2016) — [arXiv:1609.03499](https://arxiv.org/abs/1609.03499)\n\n"
    "## Categories\n\n"
    "- **Robotics**\n"
    "  - [SLAM paper](https://arxiv.org/abs/2001.00003)\n"
    "  - [Other](https://arxiv.org/abs/2001.00004)\n"
)
# fmt: on


def test_every_item_is_an_entry_and_no_toc_or_badge_is():
    digest, diagnostics = parse_digest(AWESOME)
    assert diagnostics == []
    assert digest.shape == "item"
    assert [e.title for e in digest.entries] == [
        "NeRF",
        "Evolution Strategies as a Scalable Alternative",
        "Plain Bold",  # an item with no link, in a list of entries, is kept
        "Tacotron 2",
        "WaveNet",
        "SLAM paper",
        "Other",
    ]
    assert [g.title for g in digest.groups] == [
        "Table of Contents",
        "Vision",
        "Speech",
        "Categories",
    ]
    toc = digest.groups[0]
    assert toc.entries == () and "[Vision](#vision)" in toc.intro
    assert "img.shields.io" in digest.intro  # the badge line is the intro, not an entry


def test_item_line_says_title_authors_venue_year_and_links():
    digest, _ = parse_digest(AWESOME)
    nerf, es, _, tacotron, wavenet, slam, _ = digest.entries
    assert nerf.url == "https://www.matthewtancik.com/nerf"
    assert (nerf.authors, nerf.venue, nerf.year) == (("Mildenhall",), "ECCV 2020", 2020)
    assert "https://github.com/bmild/nerf" in {p.url for p in nerf.papers}
    assert es.primary_paper is not None and es.primary_paper.id == "1703.03864"
    assert es.summary == "- a sub-point about it"
    assert (tacotron.year, wavenet.year) == (2017, 2016)
    assert tacotron.primary_paper is not None and tacotron.primary_paper.id == "1712.05884"
    assert tacotron.summary == ""  # only links the card shows anyway
    # a group heading that names a topic, and an item that names a category
    assert nerf.topics == ("Vision",)
    assert slam.topics == ("Robotics", "Categories")
