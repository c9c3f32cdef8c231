"""What a card holds in HTML: picture, title, badges, date, summary, footer buttons."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.topics import topic_color

from .conftest import image_size, parsed_warnings, soup

NERF, PLAIN, HTML_PICTURE = "2003.08934", "an-entry-without-a-link", "2021-05-06-html-picture"


@pytest.fixture(scope="module")
def cards_app(module_project):
    app = module_project("cards")
    assert parsed_warnings(app) == []
    return app


@pytest.fixture(scope="module", params=["index", "rest"])
def page(request, cards_app):
    """The same digest on a MyST page and on a reST page."""
    return soup(cards_app.outdir / f"{request.param}.html")


def card(page, ident):
    found = page.select(f".paperdigest-card[id='{ident}']")
    assert len(found) == 1
    return found[0]


def test_one_card_per_entry_with_the_entry_id(page):
    assert [c["id"] for c in page.select(".paperdigest-card")] == [NERF, PLAIN, HTML_PICTURE]
    for c in page.select(".paperdigest-card"):
        assert {"sd-card", "paperdigest-card"} <= set(c["class"])
        # each card sits in its own sphinx-design grid item
        assert "sd-col" in c.parent["class"]


def test_thumbnail_on_top(page):
    nerf = card(page, NERF)
    picture = nerf.find(recursive=False)
    assert picture.name == "img"
    assert "paperdigest-thumb" in picture["class"]
    assert picture["src"] == "https://example.org/pictures/field.png"
    assert picture["alt"] == "A field of light"
    assert picture["loading"] == "lazy"
    assert image_size(picture) == ("320", "180")
    # the thumbnail is not also in the summary
    assert nerf.select(".paperdigest-summary img") == []


def test_thumbnail_alt_falls_back_to_the_title(page):
    picture = card(page, HTML_PICTURE).find(recursive=False)
    assert picture.name == "img"
    assert picture["alt"] == "A picture in HTML"
    assert image_size(picture) == ("400", "225")


def test_placeholder_for_entries_without_a_picture(page):
    first = card(page, PLAIN).find(recursive=False)
    assert "paperdigest-placeholder" in first["class"]
    assert first.get_text(strip=True) == "🧪"


def test_title_links_to_the_article(page):
    title = card(page, NERF).select_one(".paperdigest-title")
    assert "sd-card-title" in title["class"]
    link = title.find("a")
    assert link["href"] == "https://example.org/2022-03-04-nerf/"
    assert link.get_text() == "Radiance fields, in depth"


def test_title_without_article_is_text(page):
    title = card(page, PLAIN).select_one(".paperdigest-title")
    assert title.get_text(strip=True) == "An entry without a link"
    assert title.find("a") is None


def test_badges(page):
    nerf = card(page, NERF).select(".paperdigest-topic")
    assert [b.get_text() for b in nerf] == ["NeRF", "3D"]
    for badge, topic in zip(nerf, ["NeRF", "3D"], strict=True):
        assert "sd-badge" in badge["class"]
        assert f"paperdigest-topic-{topic_color(topic)}" in badge["class"]
    # without topics of its own, an entry shows the digest's
    assert [b.get_text() for b in card(page, PLAIN).select(".paperdigest-topic")] == ["Vision"]


def test_date_and_year(page):
    assert card(page, NERF).select_one(".paperdigest-date").get_text() == "Mar 4, 2022"
    # no date: the year of its group
    assert card(page, PLAIN).select_one(".paperdigest-date").get_text() == "2022"


def summary(page, ident):
    return card(page, ident).select_one(".paperdigest-summary")


def test_summary_inline_markup(page):
    text = summary(page, NERF)
    assert text.find("em").get_text() == "emphasis"
    assert text.find("strong").get_text() == "strong"
    assert text.find("code").get_text() == "inline code"
    links = {a.get_text(): a["href"] for a in text.find_all("a")}
    assert links["link"] == "https://arxiv.org/abs/2003.08934"
    # bare URLs become links
    assert links["https://github.com/bmild/nerf"] == "https://github.com/bmild/nerf"


def test_summary_math(page):
    text = summary(page, NERF)
    assert text.select_one("span.math").get_text() == r"\(E = mc^2\)"
    assert text.select_one("div.math").get_text(strip=True) == r"\[a^2 + b^2 = c^2\]"
    # the page loads MathJax for it
    assert any("mathjax" in (s.get("src") or "") for s in page.find_all("script"))


def test_summary_code_block(page):
    block = summary(page, NERF).select_one("div.highlight-python pre")
    assert block.get_text() == 'print("hello")\n'


def test_zenn_message_is_a_note_and_alert_a_warning(page):
    text = summary(page, NERF)
    note = text.select_one(".admonition.note")
    assert note.select_one(".admonition-title").get_text() == "Note"
    assert "A note from the author." in note.get_text()
    warning = text.select_one(".admonition.warning")
    assert "A warning from the author." in warning.get_text()


def test_zenn_details_is_a_dropdown(page):
    dropdown = summary(page, NERF).select_one("details.sd-dropdown")
    assert dropdown.select_one("summary").get_text(strip=True) == "Training details"
    assert "Four days on one GPU." in dropdown.get_text()


def buttons(page, ident):
    footer = card(page, ident).select_one(".paperdigest-footer")
    return [(a.get_text(), a["href"]) for a in footer.find_all("a")]


def test_footer_buttons(page):
    assert buttons(page, NERF) == [
        ("Read the article", "https://example.org/2022-03-04-nerf/"),
        ("arXiv:2003.08934", "https://arxiv.org/abs/2003.08934"),
        ("PDF", "https://arxiv.org/pdf/2003.08934"),
        ("Code", "https://github.com/bmild/nerf"),
        ("OpenReview", "https://openreview.net/forum?id=abc123"),
    ]
    assert buttons(page, PLAIN) == [("DOI", "https://doi.org/10.1000/xyz123")]
    for a in card(page, NERF).select(".paperdigest-footer a"):
        assert {"sd-btn", "paperdigest-link"} <= set(a["class"])


def test_footer_is_the_last_part_of_the_card(page):
    for c in page.select(".paperdigest-card"):
        parts = c.find_all(recursive=False)
        assert "sd-card-footer" in parts[-1]["class"]
        assert "sd-card-body" in parts[-2]["class"]


def test_every_link_stays_clickable(page):
    """No whole-card overlay link: no stretched link, no link around a card or picture."""
    assert page.select(".sd-stretched-link") == []
    for c in page.select(".paperdigest-card"):
        assert c.find_parent("a") is None
        for picture in c.select("img.paperdigest-thumb"):
            assert picture.find_parent("a") is None


def test_card_data_pickles_to_equal_values():
    import pickle
    from dataclasses import fields

    from sphinx_paperdigest.nodes import Card, Link, Topic

    card = Card(
        entry_id="e",
        title="T",
        url="https://example.org/",
        date="Jun 1, 2021",
        year=2021,
        topics=(Topic("NeRF", "blue"),),
        links=(Link("arXiv", "https://arxiv.org/abs/2106.00001", "arxiv"),),
        digest="digests/a.md",
        iso_date="2021-06-01",
        papers=("arxiv:2106.00001",),
        authors=("A B",),
        paper_ids=("2106.00001",),
    )
    # every field set to a value of its own, so that a field left out shows
    defaults = Card(entry_id="", title="")
    assert all(getattr(card, f.name) != getattr(defaults, f.name) for f in fields(Card))
    copy = pickle.loads(pickle.dumps(card, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == card
    assert type(copy.topics[0]) is Topic and type(copy.links[0]) is Link
