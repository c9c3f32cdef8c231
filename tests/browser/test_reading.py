"""Reading the cards: clamped summaries and their button, Japanese text, the list layout."""

from __future__ import annotations

import pytest

from .conftest import THEMES

SUMMARIES_JS = """() => [
  ...document.querySelectorAll(".paperdigest-card-grid .paperdigest-summary")
].map((summary) => {
    // lines of its text: a host may size paragraphs its own way (sphinx-rtd-theme)
    const style = getComputedStyle(summary.querySelector("p") || summary);
    const button = summary.querySelector(".paperdigest-more");
    const shown = button && button.getClientRects().length > 0;
    return {
      id: summary.id,
      card: summary.closest(".paperdigest-card").id,
      height: summary.clientHeight,
      full: summary.scrollHeight,
      lines: summary.clientHeight / parseFloat(style.lineHeight),
      clipped: summary.scrollHeight > summary.clientHeight + 1,
      button: shown ? {
        text: button.textContent,
        expanded: button.getAttribute("aria-expanded"),
        controls: button.getAttribute("aria-controls"),
        type: button.type,
      } : null,
    };
  })"""

SEED_SUMMARIES = 11
MORE = "続きを読む"  # the demo site is in Japanese (language = "ja")
LESS = "折りたたむ"


def _summaries(page):
    return page.evaluate(SUMMARIES_JS)


@pytest.mark.parametrize("theme", THEMES)
def test_long_summaries_show_their_first_lines_and_a_button(open_page, theme):
    with open_page(theme, "light", 1280) as visit:
        page = visit.page
        visit.settle()
        summaries = _summaries(page)
        assert len(summaries) == SEED_SUMMARIES
        clamped = [s for s in summaries if s["button"]]
        # the seed's Japanese summaries run to five lines and more in a grid card
        assert len(clamped) >= 6, summaries
        for summary in summaries:
            # a summary is clipped exactly when it has its button
            assert summary["clipped"] == bool(summary["button"]), summary
        for summary in clamped:
            assert summary["lines"] <= 3.05, summary
            assert summary["button"] == {
                "text": MORE,
                "expanded": "false",
                "controls": summary["id"],
                "type": "button",
            }

        card = clamped[0]["card"]
        button = page.locator(f"[id='{card}'] .paperdigest-more")
        button.click()
        opened = next(s for s in _summaries(page) if s["card"] == card)
        assert not opened["clipped"]
        assert opened["height"] > clamped[0]["height"]
        assert opened["button"]["expanded"] == "true"
        assert opened["button"]["text"] == LESS
        button.click()
        closed = next(s for s in _summaries(page) if s["card"] == card)
        assert closed == clamped[0]
        assert visit.errors == []


FOCUS_HIDDEN_LINK_JS = """() => {
  for (const summary of document.querySelectorAll(".paperdigest-card-grid .paperdigest-summary")) {
    const box = summary.getBoundingClientRect();
    const hidden = [...summary.querySelectorAll("a[href]")]
      .find((a) => a.getBoundingClientRect().top >= box.bottom);
    if (hidden) {
      hidden.focus();
      const after = summary.getBoundingClientRect();
      const link = hidden.getBoundingClientRect();
      return { open: summary.classList.contains("paperdigest-open"),
               visible: link.bottom <= after.bottom + 1 && link.top >= after.top };
    }
  }
  return null;
}"""


@pytest.mark.parametrize("theme", ["paperdigest", "furo"])
def test_a_link_under_the_fold_opens_its_summary_when_focused(open_page, theme):
    with open_page(theme, "light", 1280) as visit:
        visit.settle()
        found = visit.page.evaluate(FOCUS_HIDDEN_LINK_JS)
    assert found == {"open": True, "visible": True}


@pytest.mark.parametrize("theme", ["paperdigest", "furo"])
def test_without_javascript_summaries_are_whole(open_page, theme):
    with open_page(theme, "light", 1280, js=False) as visit:
        summaries = _summaries(visit.page)
    assert len(summaries) == SEED_SUMMARIES
    assert [s for s in summaries if s["clipped"] or s["button"]] == []
    assert max(s["lines"] for s in summaries) > 4  # long ones are long


TYPOGRAPHY_JS = """() => {
  const card = document.querySelector(".paperdigest-card");
  const summary = card.querySelector(".paperdigest-summary p");
  const title = card.querySelector(".paperdigest-title");
  const date = card.querySelector(".paperdigest-date");
  const s = getComputedStyle(summary), t = getComputedStyle(title);
  return {
    lang: summary.closest("[lang]").getAttribute("lang"),
    summaryLineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
    titleLineHeight: parseFloat(t.lineHeight) / parseFloat(t.fontSize),
    lineBreak: s.lineBreak,
    wordBreak: [s.wordBreak, t.wordBreak],
    dateLines: date.getClientRects().length,
    dateWrap: getComputedStyle(date).whiteSpace,
    summaryWrap: s.textWrap || s.textWrapStyle,
  };
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_japanese_text_reads_well(open_page, theme):
    with open_page(theme, "light", 390, height=844) as visit:
        found = visit.page.evaluate(TYPOGRAPHY_JS)
    assert found["lang"] == "ja"
    assert found["summaryLineHeight"] >= 1.75  # room between lines of kanji
    assert 1.3 <= found["titleLineHeight"] <= 1.6
    assert found["lineBreak"] == "strict"  # no line starts with 」 or 。
    assert found["wordBreak"] == ["auto-phrase", "auto-phrase"]  # Chromium has it
    assert (found["dateWrap"], found["dateLines"]) == ("nowrap", 1)
    assert found["summaryWrap"] == "pretty"  # no last line of one character


LIST_JS = """() => [...document.querySelectorAll(".paperdigest-card-list")].map((card) => {
  const box = card.getBoundingClientRect();
  const body = card.querySelector(".paperdigest-body").getBoundingClientRect();
  const picture = card.querySelector("img.paperdigest-thumb");
  return { picture: !!picture, bodyLeft: body.left - box.left, bodyWidth: body.width / box.width };
})"""


@pytest.mark.parametrize("theme", ["paperdigest", "furo", "sphinx_rtd_theme"])
def test_list_cards_without_a_picture_have_no_picture_column(open_page, theme):
    with open_page(theme, "light", 1280, path="list.html") as visit:
        cards = visit.page.evaluate(LIST_JS)
    assert len(cards) == 5
    assert {card["picture"] for card in cards} == {True, False}
    for card in cards:
        if card["picture"]:
            assert card["bodyLeft"] > 100, card  # the picture's column comes first
        else:
            assert card["bodyLeft"] < 2 and card["bodyWidth"] > 0.98, card


RATIO_JS = """(css) => {
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);
  const picture = document.querySelector(".paperdigest-card img.paperdigest-thumb");
  const box = picture.getBoundingClientRect();
  return box.width / box.height;
}"""


@pytest.mark.parametrize("theme", ["paperdigest", "furo"])
def test_the_thumbnail_size_sets_the_cards_ratio(open_page, theme):
    """The stylesheet paperdigest_thumbnail_size adds (on :root) reaches the cards."""
    from types import SimpleNamespace

    from sphinx_paperdigest.thumbnails.style import non_default_css as _non_default_css

    config = SimpleNamespace(
        paperdigest_thumbnail_size=(400, 300), paperdigest_thumbnail_fit="cover"
    )
    css = _non_default_css(config)
    assert "--pd-thumb-ratio: 400 / 300" in css
    with open_page(theme, "light", 1280) as visit:
        ratio = visit.page.evaluate(RATIO_JS, css)
    assert ratio == pytest.approx(4 / 3, rel=0.02)
