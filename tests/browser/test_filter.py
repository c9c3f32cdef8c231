"""The filter bar in the browser: filtering, URL state, no JavaScript, keyboard, axe, themes.

The demo page has 11 cards in two groups (2021: 8, 2020: 3) and a topic per
palette colour, in Japanese (``language = "ja"``). What each card should match
is read from its own ``data-topics``, ``data-year`` and ``data-paper-ids`` (and
its text), then compared with what the browser shows. The count is checked as
numbers (``data-shown``, ``data-total``) and as words in the page's own language
(the package's catalogue); the rubrics page is in English.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from sphinx_paperdigest.filter import status_text
from sphinx_paperdigest.i18n import LOCALE_DIR, MESSAGE_CATALOG

from .conftest import DARK_THEMES, SCHEMES, THEMES
from .test_interaction import FOCUSED_JS, NON_TEXT_AA, _axe_serious

SEED_CARDS = 11
BAR = ".paperdigest-filter"
SEARCH = "input.paperdigest-search"
STATUS = ".paperdigest-filter-status"
FILTERS = ".paperdigest-filter-more"  # the button that opens the toggles' panel
PANEL = ".paperdigest-filter-panel"

CARDS_JS = """() => [...document.querySelectorAll(".paperdigest-card")].map((card) => ({
  id: card.id,
  topics: JSON.parse(card.dataset.topics),
  year: card.dataset.year || "",
  ids: card.dataset.paperIds || "",
  shown: card.getClientRects().length > 0,
}))"""

STATE_JS = """() => {
  const bar = document.querySelector(".paperdigest-filter");
  const shown = (el) => el.getClientRects().length > 0;
  return {
    barShown: shown(bar),
    pressed: [...bar.querySelectorAll("[aria-pressed=true]")]
      .map((b) => b.dataset.paperdigestFilter),
    text: bar.querySelector("input.paperdigest-search").value,
    shown: [...document.querySelectorAll(".paperdigest-card")].filter(shown).map((c) => c.id),
    groups: Object.fromEntries([...document.querySelectorAll("section.paperdigest-group")]
      .map((s) => [s.id, shown(s)])),
    historyLength: history.length,
  };
}"""


def button(kind: str, value: str) -> str:
    return f"{BAR} button[data-paperdigest-filter='{kind}:{value}']"


def state(page: Any) -> dict[str, Any]:
    return page.evaluate(STATE_JS)  # type: ignore[no-any-return]


def expected(cards: list[dict[str, Any]], topics=(), years=(), ids=()) -> list[str]:
    """The cards a filter should show, from the cards' own data."""
    return [
        c["id"]
        for c in cards
        if (not topics or set(topics) & set(c["topics"]))
        and (not years or c["year"] in years)
        and all(i in c["ids"].split() for i in ids)
    ]


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def status_words(lang: str, shown: int, total: int) -> str:
    """The count as the package's catalogue words it in ``lang``."""
    catalogue = gettext.translation(MESSAGE_CATALOG, LOCALE_DIR, [lang], fallback=True)
    return status_text(catalogue.gettext("{shown} of {total} papers"), shown, total)


def wait_for_status(page: Any, shown: int, total: int = SEED_CARDS) -> None:
    """The live count says ``shown`` of ``total``: as numbers, and in the page's language."""
    from playwright.sync_api import expect

    status = page.locator(STATUS)
    expect(status).to_have_attribute("data-shown", str(shown))
    expect(status).to_have_attribute("data-total", str(total))
    lang = page.evaluate("document.documentElement.lang") or "en"
    expect(status).to_have_text(status_words(lang, shown, total))


def open_filters(page: Any) -> None:
    """Open the panel of toggles with the *Filters* button."""
    assert page.get_attribute(FILTERS, "aria-expanded") == "false"
    page.click(FILTERS)
    assert page.get_attribute(FILTERS, "aria-expanded") == "true"
    assert page.locator(PANEL).is_visible()


# -- filtering -------------------------------------------------------------------------


def test_topics_combine_with_or_and_years_with_and(open_page):
    with open_page("paperdigest") as visit:
        page = visit.page
        cards = page.evaluate(CARDS_JS)
        assert len(cards) == SEED_CARDS
        assert state(page)["barShown"]
        assert len(state(page)["shown"]) == SEED_CARDS
        assert not page.locator(PANEL).is_visible()  # the toggles wait behind Filters
        wait_for_status(page, SEED_CARDS)
        assert page.text_content(STATUS) == "11 件中 11 件"  # the Japanese words

        open_filters(page)
        page.click(button("topic", "NeRF"))
        wanted = expected(cards, topics=["NeRF"])
        assert state(page)["shown"] == wanted
        wait_for_status(page, len(wanted))
        assert page.get_attribute(button("topic", "NeRF"), "aria-pressed") == "true"

        page.click(button("topic", "SLAM"))
        wanted = expected(cards, topics=["NeRF", "SLAM"])
        assert len(wanted) == 2  # NeRF is 2021's, SLAM 2020's
        assert state(page)["shown"] == wanted

        page.click(button("year", "2020"))
        wanted = expected(cards, topics=["NeRF", "SLAM"], years=["2020"])
        assert len(wanted) == 1
        assert state(page)["shown"] == wanted
        wait_for_status(page, 1)
        assert query(page) == {"topic": ["NeRF", "SLAM"], "year": ["2020"]}
        assert page.text_content(f"{FILTERS} .paperdigest-filter-chosen") == "3"

        page.click(button("year", "2021"))
        assert state(page)["shown"] == expected(
            cards, topics=["NeRF", "SLAM"], years=["2020", "2021"]
        )
        page.click(f"{BAR} .paperdigest-filter-clear")
        assert len(state(page)["shown"]) == SEED_CARDS
        assert state(page)["pressed"] == []
        assert query(page) == {}
        assert visit.errors == []
        assert visit.remote == []


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("segformer", ["2105.15203"]),  # a title, whatever the case
        ("ＳｅｇＦｏｒｍｅｒ", ["2105.15203"]),  # full-width letters too (NFKC)
        ("2102.06171", ["2101.08692"]),  # the second paper of a card: in data-paper-ids only
        ("XGBoost", ["2106.02584"]),  # a summary
        ("resnet agc", ["2101.08692"]),  # every word, anywhere in the card
        ("resnet nothing-like-this", []),
    ],
)
def test_text_search_finds_titles_summaries_and_paper_ids(open_page, text, ids):
    with open_page("paperdigest") as visit:
        page = visit.page
        page.fill(SEARCH, text)
        assert state(page)["shown"] == ids
        wait_for_status(page, len(ids))
        assert query(page)["q"] == [text]


def test_text_and_topics_combine_with_and(open_page):
    with open_page("paperdigest") as visit:
        page = visit.page
        cards = page.evaluate(CARDS_JS)
        open_filters(page)
        page.click(button("topic", "CNN"))
        page.fill(SEARCH, "2102.06171")
        assert state(page)["shown"] == expected(cards, topics=["CNN"], ids=["2102.06171"])
        page.click(button("topic", "CNN"))
        page.click(button("topic", "NeRF"))
        assert state(page)["shown"] == []
        wait_for_status(page, 0)


def test_groups_with_no_card_left_hide_and_come_back(open_page):
    with open_page("paperdigest") as visit:
        page = visit.page
        cards = page.evaluate(CARDS_JS)
        assert state(page)["groups"] == {"2021": True, "2020": True}
        open_filters(page)
        page.click(button("year", "2021"))
        found = state(page)
        assert found["groups"] == {"2021": True, "2020": False}
        # a card of the 2021 group is dated 2020: it hides, its group stays
        assert found["shown"] == expected(cards, years=["2021"])
        assert len(found["shown"]) == 7
        page.click(button("year", "2021"))
        page.click(button("topic", "SLAM"))  # a paper of the 2020 group
        assert state(page)["groups"] == {"2021": False, "2020": True}
        # the hidden group's cards were left alone; they are right when it shows again
        page.click(button("topic", "NeRF"))  # a paper of the 2021 group
        assert state(page)["groups"] == {"2021": True, "2020": True}
        assert state(page)["shown"] == expected(cards, topics=["SLAM", "NeRF"])
        page.click(button("topic", "SLAM"))
        assert state(page)["groups"] == {"2021": True, "2020": False}
        assert state(page)["shown"] == expected(cards, topics=["NeRF"])
        page.click(button("topic", "NeRF"))
        assert state(page)["groups"] == {"2021": True, "2020": True}
        assert len(state(page)["shown"]) == SEED_CARDS


def test_a_link_to_a_hidden_card_clears_the_filter(open_page):
    with open_page("paperdigest", path="index.html?year=2021") as visit:
        page = visit.page
        assert "2011.10566" not in state(page)["shown"]
        page.evaluate("location.hash = '2011.10566'")
        page.wait_for_function("document.getElementById('2011.10566').getClientRects().length")
        assert len(state(page)["shown"]) == SEED_CARDS
        assert state(page)["pressed"] == []


# Groups as rubrics, with intros: tests/roots/test-options's digest, built beside the demo
RUBRICS_PAGE = """\
# Rubrics

```{paperdigest} digests/papers.md
:heading-level: 4
:intro:
```
"""


@pytest.fixture(scope="session")
def rubrics_site(sites: Path) -> str:
    src = sites / "filter-rubrics-src"
    root = Path(__file__).parents[1] / "roots" / "test-options"
    shutil.copytree(root, src)
    (src / "index.md").write_text(RUBRICS_PAGE, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    command += [str(src), str(sites / "filter-rubrics"), "-D", "html_theme=paperdigest"]
    run = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
    if run.returncode != 0:
        pytest.fail(f"the rubrics page does not build:\n{run.stdout}{run.stderr}")
    return "filter-rubrics"


RUBRICS_JS = """() => Object.fromEntries(
  [...document.querySelectorAll(".paperdigest-group-title")].map((rubric) => {
    const shown = (el) => !!el && el.getClientRects().length > 0;
    const intro = rubric.nextElementSibling.classList.contains("paperdigest-group-intro")
      ? rubric.nextElementSibling : null;
    const grid = (intro || rubric).nextElementSibling;
    return [rubric.textContent.trim(), [shown(rubric), intro ? shown(intro) : null, shown(grid)]];
  }))"""


def test_rubric_groups_hide_with_their_intro(open_page, rubrics_site):
    with open_page(rubrics_site) as visit:
        page = visit.page
        everything = {"2021": [True, True, True], "2020": [True, None, True]}
        everything["Classics"] = [True, None, True]
        assert page.evaluate(RUBRICS_JS) == everything
        assert page.evaluate("document.documentElement.lang") == "en"
        wait_for_status(page, 6, 6)
        assert page.text_content(STATUS) == "6 of 6 papers"  # the English words
        open_filters(page)
        page.click(button("topic", "Diffusion"))  # a 2020 paper
        assert page.evaluate(RUBRICS_JS) == {
            "2021": [False, False, False],
            "2020": [True, None, True],
            "Classics": [False, None, False],
        }
        wait_for_status(page, 1, 6)
        assert page.locator(".paperdigest-intro").is_visible()  # the digest's own intro stays
        page.click(button("topic", "Diffusion"))
        assert page.evaluate(RUBRICS_JS) == everything
        assert visit.errors == []


# -- URL state -------------------------------------------------------------------------


def test_state_comes_from_the_url_and_survives_a_reload(open_page):
    path = "index.html?topic=NeRF&topic=SLAM&year=2021&q=nerf"
    with open_page("paperdigest", path=path) as visit:
        page = visit.page
        cards = page.evaluate(CARDS_JS)
        for _ in range(2):
            found = state(page)
            assert found["pressed"] == ["topic:NeRF", "topic:SLAM", "year:2021"]
            assert found["text"] == "nerf"
            assert found["shown"] == ["2021-06-03-nsff-nural-scene-flow-field"]
            assert found["shown"] == expected(cards, topics=["NeRF", "SLAM"], years=["2021"])
            wait_for_status(page, 1)
            # what the address chose is in view: the panel opened by itself
            assert page.get_attribute(FILTERS, "aria-expanded") == "true"
            assert page.locator(button("topic", "NeRF")).is_visible()
            page.reload()
        assert visit.errors == []


def test_back_and_forward_restore_the_state(open_page):
    with open_page("paperdigest") as visit:
        page = visit.page
        start = state(page)["historyLength"]
        open_filters(page)  # opening the panel is no step in the history
        assert state(page)["historyLength"] == start
        page.click(button("topic", "NeRF"))
        page.click(button("year", "2021"))
        assert state(page)["historyLength"] == start + 2  # a toggle adds an entry

        page.go_back()
        found = state(page)
        assert found["pressed"] == ["topic:NeRF"]
        assert query(page) == {"topic": ["NeRF"]}
        page.go_back()
        assert state(page)["pressed"] == []
        assert len(state(page)["shown"]) == SEED_CARDS
        wait_for_status(page, SEED_CARDS)
        page.go_forward()
        page.go_forward()
        found = state(page)
        assert found["pressed"] == ["topic:NeRF", "year:2021"]
        assert len(found["shown"]) == 1


def test_a_search_is_one_history_entry(open_page):
    with open_page("paperdigest") as visit:
        page = visit.page
        start = state(page)["historyLength"]
        page.click(SEARCH)
        page.keyboard.type("resnet", delay=30)
        wait_for_status(page, 2)
        page.keyboard.type(" agc", delay=30)
        wait_for_status(page, 1)
        assert query(page) == {"q": ["resnet agc"]}
        # typing replaces the entry its first pause added
        assert state(page)["historyLength"] == start + 1
        page.go_back()
        found = state(page)
        assert (found["text"], len(found["shown"])) == ("", SEED_CARDS)
        page.go_forward()
        assert state(page)["text"] == "resnet agc"


def test_other_query_parameters_and_the_fragment_are_kept(open_page):
    with open_page("paperdigest", path="index.html?from=x#2021") as visit:
        page = visit.page
        open_filters(page)
        page.click(button("topic", "NeRF"))
        parts = urlsplit(page.url)
        assert parse_qs(parts.query) == {"from": ["x"], "topic": ["NeRF"]}
        assert parts.fragment == "2021"


HOSTILE_QUERY = (
    "index.html?topic=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&topic=Nope&year=1999"
    "&year=2021%3Cb%3E&q=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E"
)


def test_unknown_values_in_the_query_are_ignored(open_page):
    with open_page("paperdigest", path=HOSTILE_QUERY) as visit:
        page = visit.page
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        found = state(page)
        assert found["pressed"] == []  # no value names a button of the page
        assert found["text"] == "<img src=x onerror=alert(2)>"  # the box's value, as text
        assert found["shown"] == []
        assert page.evaluate("document.querySelectorAll('img[src=x], b').length") == 0
        wait_for_status(page, 0)
        assert page.get_attribute(FILTERS, "aria-expanded") == "false"  # nothing chosen
        page.fill(SEARCH, "")
        assert len(state(page)["shown"]) == SEED_CARDS
        assert dialogs == []
        assert visit.errors == []


# -- without JavaScript ----------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_without_javascript_every_card_shows_and_no_bar(open_page, theme):
    with open_page(theme, js=False, path="index.html?topic=NeRF&q=nothing") as visit:
        page = visit.page
        assert page.locator(BAR).count() == 1
        assert not page.locator(BAR).is_visible()
        cards = page.locator(".paperdigest-card")
        assert cards.count() == SEED_CARDS
        assert all(cards.nth(i).is_visible() for i in range(SEED_CARDS))
        assert page.locator("section.paperdigest-group:visible").count() == 2


# -- keyboard --------------------------------------------------------------------------

MARK_CONTROLS_JS = """() => {
  const controls = [...document.querySelectorAll(
    ".paperdigest-filter button, .paperdigest-filter input")];
  controls.forEach((c, i) => { c.dataset.pdTestLink = "filter-" + i; });
  return controls.length;
}"""


def tab_through_the_bar(page: Any) -> list[str]:
    """Press Tab until the focus has been through the bar's controls; the ones reached.

    Every control reached shows a focus ring (or a shadow) that stands out.
    """
    reached: list[str] = []
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or not str(focused["index"]).startswith("filter-"):
            if reached:
                break  # past the bar
            continue
        assert focused["ring"] or focused["shadow"], focused
        if focused["ring"]:
            assert focused["ringContrast"] >= NON_TEXT_AA, focused
        reached.append(focused["index"])
    return reached


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", THEMES)
def test_keyboard_reaches_and_works_every_control(open_page, theme, scheme):
    with open_page(theme, scheme) as visit:
        page = visit.page
        total = page.evaluate(MARK_CONTROLS_JS)
        # search, Filters, a topic per colour, two years, clear
        assert total == 1 + 1 + 12 + 2 + 1
        # the panel closed: the search box, the Filters button, then out of the bar
        assert tab_through_the_bar(page) == ["filter-0", "filter-1"]
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.dataset.pdTestLink") == "filter-1"
        page.keyboard.press("Enter")  # opens the panel; Tab goes on into it
        assert page.get_attribute(FILTERS, "aria-expanded") == "true"
        reached = tab_through_the_bar(page)
        assert ["filter-1", *reached] == [f"filter-{i}" for i in range(1, total)]  # in order

        # Space toggles a topic, Enter the next one, Enter again turns it off
        page.focus(button("topic", "NeRF"))
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        following = page.evaluate("document.activeElement.dataset.paperdigestFilter")
        page.keyboard.press("Enter")
        assert set(state(page)["pressed"]) == {"topic:NeRF", following}
        page.keyboard.press("Enter")
        assert state(page)["pressed"] == ["topic:NeRF"]
        page.focus(SEARCH)
        page.keyboard.type("nsff")
        assert len(state(page)["shown"]) == 1
        page.keyboard.press("Escape")  # a search box empties on Escape
        assert state(page)["text"] == ""
        # Space on Filters closes the panel; what is pressed stays pressed
        page.focus(FILTERS)
        page.keyboard.press("Space")
        assert page.get_attribute(FILTERS, "aria-expanded") == "false"
        assert not page.locator(PANEL).is_visible()
        assert state(page)["pressed"] == ["topic:NeRF"]
        assert visit.errors == []


# -- accessibility and looks, every theme ----------------------------------------------

LOOKS_JS = """() => {
  const bar = document.querySelector(".paperdigest-filter");
  const box = bar.getBoundingClientRect();
  const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = "rgba(0, 0, 0, 0)"; ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1); return [...ctx.getImageData(0, 0, 1, 1).data];
  };
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const backdrop = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] === 255) return c;
    }
    return [255, 255, 255, 255];
  };
  const unpressed = bar.querySelector("[aria-pressed=false]");
  const pressed = bar.querySelector("[aria-pressed=true]") || unpressed;
  const controls = [...bar.querySelectorAll("button, input")];
  return {
    left: box.left, right: box.right, width: box.width,
    viewport: document.documentElement.clientWidth,
    overflow: bar.scrollWidth - bar.clientWidth,
    pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    gridWidth: document.querySelector(".paperdigest-grid").getBoundingClientRect().width,
    smallest: Math.min(...controls.map((c) => c.getBoundingClientRect().height)),
    barLuminance: lum(backdrop(bar)),
    bodyLuminance: lum(backdrop(document.body)),
    pressedLuminance: lum(backdrop(pressed)),
    unpressedLuminance: lum(backdrop(unpressed)),
    check: getComputedStyle(pressed, "::before").content,
  };
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", THEMES)
def test_bar_looks_right_and_axe_finds_nothing_serious(open_page, screenshots, theme, scheme):
    with open_page(theme, scheme, path="index.html?topic=NeRF&topic=CNN") as visit:
        page = visit.page
        # the address chose topics: the panel is open, its toggles in view
        assert page.get_attribute(FILTERS, "aria-expanded") == "true"
        page.locator(BAR).scroll_into_view_if_needed()
        found = page.evaluate(LOOKS_JS)
        page.locator(BAR).screenshot(path=screenshots / f"filter-{theme}-{scheme}.png")
        assert visit.errors == []
        assert visit.remote == []
        # axe on the bar with a toggle pressed and one not (the whole page in
        # the paperdigest theme; another theme's page is its own business).
        # After the errors: axe reads the stylesheets again, and resolves
        # pydata-sphinx-theme's @import against the wrong directory.
        context = None if theme == "paperdigest" else {"include": [[BAR]]}
        assert _axe_serious(page, context) == []
    assert found["left"] >= 0
    assert found["right"] <= found["viewport"]
    assert found["overflow"] <= 0
    assert found["pageScroll"] <= 0
    assert found["width"] >= found["gridWidth"] * 0.9  # as wide as the cards' column
    assert found["smallest"] >= 24  # WCAG 2.5.8 target size
    page_dark = scheme == "dark" and theme in DARK_THEMES
    assert (found["barLuminance"] < 0.18) == page_dark
    assert (found["bodyLuminance"] < 0.18) == page_dark
    # a pressed toggle is told by more than its colour: its backdrop flips, and a check
    assert (found["pressedLuminance"] < 0.18) != (found["unpressedLuminance"] < 0.18)
    assert "✓" in found["check"]


@pytest.mark.parametrize("theme", THEMES)
def test_phone_width_keeps_the_bar_inside_the_page(open_page, theme):
    with open_page(theme, "light", 390, height=844) as visit:
        closed = visit.page.evaluate(LOOKS_JS)
        open_filters(visit.page)
        visit.page.click(button("topic", "NeRF"))  # the count on the Filters button too
        opened = visit.page.evaluate(LOOKS_JS)
    for found in (closed, opened):
        assert found["overflow"] <= 0
        assert found["pageScroll"] <= 0
        assert found["left"] >= 0
        assert found["right"] <= found["viewport"]
    assert opened["smallest"] >= 24  # WCAG 2.5.8 target size


def test_bar_is_not_printed(open_page):
    with open_page("paperdigest") as visit:
        visit.page.emulate_media(media="print")
        assert not visit.page.locator(BAR).is_visible()


def test_cards_keep_their_data(open_page):
    """The attributes the filter reads are on every card of the demo page."""
    with open_page("paperdigest") as visit:
        cards = visit.page.evaluate(CARDS_JS)
    assert len(cards) == SEED_CARDS
    assert all(c["year"] in {"2020", "2021"} for c in cards)
    assert all("機械学習" in c["topics"] for c in cards)
    # the first card cites two papers; its id is the one its title names
    holders = [c for c in cards if "2106.02584" in c["ids"].split()]
    assert [c["id"] for c in holders] == ["2106.02584"]
    assert holders[0]["ids"].split() == ["2106.03253", "2106.02584"]
