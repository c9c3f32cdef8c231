"""The seed digest, built to HTML: every card, section, title, link and badge."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.core import read_digest

from .conftest import SEED, image_size, soup


@pytest.fixture(scope="module")
def seed_digest():
    digest, diagnostics = read_digest(SEED)
    assert [d.code for d in diagnostics] == ["broken-link"]
    return digest


@pytest.mark.sphinx("html", testroot="seed")
def test_seed_cards(app, warnings_of, seed_digest):
    app.build()
    # the seed's half-broken link is suppressed in this root (test_repair.py sees it)
    assert warnings_of(app) == []
    page = soup(app.outdir / "index.html")
    cards = page.select(".paperdigest-card")
    assert len(cards) == 11

    sections = page.select("section.paperdigest-group")
    assert [s["id"] for s in sections] == ["2021", "2020"]
    assert [s.find("h2").get_text(strip=True).rstrip("¶") for s in sections] == [
        "2021年",
        "2020年",
    ]
    assert [len(s.select(".paperdigest-card")) for s in sections] == [8, 3]

    for card, entry in zip(cards, seed_digest.entries, strict=True):
        assert card["id"] == entry.id
        title = card.select_one(".paperdigest-title a")
        assert title.get_text() == entry.title
        assert title["href"] == entry.url
        badges = [b.get_text() for b in card.select(".paperdigest-topic")]
        assert badges == ["機械学習"]
        for badge in card.select(".paperdigest-topic"):
            assert "sd-badge" in badge["class"]
        buttons = {a["href"] for a in card.select(".paperdigest-footer a")}
        assert entry.url in buttons
        for paper in entry.papers:
            if paper.kind == "arxiv":
                assert f"https://arxiv.org/abs/{paper.id}" in buttons
                assert f"https://arxiv.org/pdf/{paper.id}" in buttons
        # every link in a card stays clickable: no stretched overlay link
        assert not card.select(".sd-stretched-link")
        picture = card.select_one("img.paperdigest-thumb")
        if entry.thumbnail is None:
            assert picture is None
            assert card.select_one(".paperdigest-placeholder").get_text(strip=True) == "😸"
        else:
            assert picture["src"] == entry.thumbnail.src
            assert picture["loading"] == "lazy"
            assert image_size(picture)[0] == str(entry.thumbnail.width)
            assert picture["alt"] == entry.title


@pytest.mark.sphinx("html", testroot="seed")
def test_seed_dates_and_ids_in_toc(app):
    app.build()
    page = soup(app.outdir / "index.html")
    dates = [d.get_text() for d in page.select(".paperdigest-date")]
    assert dates[0] == "Jun 13, 2021"
    assert dates[-1] == "Aug 17, 2020"
    # groups are real sections: they are in the page's table of contents
    toc = app.env.tocs["index"]
    assert [ref.astext() for ref in toc.findall(lambda n: n.tagname == "reference")] == [
        "Paper digest",
        "2021年",
        "2020年",
    ]
