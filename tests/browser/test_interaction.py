"""Keyboard, accessibility scan and the themes' own dark-mode switches, in the browser."""

from __future__ import annotations

import pytest

from .conftest import MEASURE_JS, SCHEMES, THEMES

AA = 4.5
NON_TEXT_AA = 3.0  # WCAG 1.4.11: focus indicators against what is around them

# What the focused element looks like: a focus ring is an outline or a box-shadow
# that shows, in a colour that stands out from the background (3:1).
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const ctx = document.createElement("canvas").getContext("2d");
  const rgb = (css) => {
    ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = "#000"; ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1); return [...ctx.getImageData(0, 0, 1, 1).data];
  };
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  let bg = [255, 255, 255, 255];
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c[3] === 255) { bg = c; break; }
  }
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
  const shadow = style.boxShadow !== "none";
  const colour = ring ? rgb(style.outlineColor) : bg;
  const [hi, lo] = [lum(colour), lum(bg)].sort((a, b) => b - a);
  return {
    index: el.dataset.pdTestLink ?? null,
    ring, shadow,
    ringContrast: ring ? (hi + 0.05) / (lo + 0.05) : null,
    what: el.outerHTML.slice(0, 80),
  };
}"""

MARK_LINKS_JS = """() => {
  const links = [...document.querySelectorAll(".paperdigest-card a[href]")];
  links.forEach((a, i) => { a.dataset.pdTestLink = String(i); });
  return links.length;
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", THEMES)
def test_tab_reaches_every_card_link_with_a_visible_ring(open_page, theme, scheme):
    with open_page(theme, scheme, 1280) as visit:
        page = visit.page
        total = page.evaluate(MARK_LINKS_JS)
        assert total >= 11 * 2  # a title and at least one button per card
        reached: set[str] = set()
        for _ in range(total + 250):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED_JS)
            if focused is None or focused["index"] is None:
                continue
            assert focused["ring"] or focused["shadow"], focused
            if focused["ring"]:
                assert focused["ringContrast"] >= NON_TEXT_AA, focused
            reached.add(focused["index"])
            if len(reached) == total:
                break
        assert len(reached) == total, f"Tab reached {len(reached)} of {total} card links"
        assert visit.errors == []


def _axe_serious(page, context=None):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("page_name", ["index.html", "about.html"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_serious_in_the_paperdigest_theme(open_page, scheme, page_name):
    with open_page("paperdigest", scheme, 1280, path=page_name) as visit:
        visit.load_all_images()
        assert _axe_serious(visit.page) == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("theme", [t for t in THEMES if t != "paperdigest"])
def test_axe_finds_nothing_serious_in_the_cards_of_other_themes(open_page, theme, scheme):
    # the host theme's own pages are its business; the cards are ours
    with open_page(theme, scheme, 1280) as visit:
        visit.load_all_images()
        assert _axe_serious(visit.page, {"include": [[".paperdigest-grid"]]}) == []


# A stored choice that differs from the system's: each theme's own switch.
FORCED = [
    ("paperdigest", "dark", {"paperdigest-color-scheme": "dark"}),
    ("paperdigest", "light", {"paperdigest-color-scheme": "light"}),
    ("furo", "dark", {"theme": "dark"}),
    ("furo", "light", {"theme": "light"}),
    ("pydata_sphinx_theme", "dark", {"mode": "dark", "theme": "dark"}),
    ("pydata_sphinx_theme", "light", {"mode": "light", "theme": "light"}),
    ("sphinx_book_theme", "dark", {"mode": "dark", "theme": "dark"}),
    ("sphinx_book_theme", "light", {"mode": "light", "theme": "light"}),
]


@pytest.mark.parametrize(
    ("theme", "chosen", "storage"), FORCED, ids=[f"{t}-{c}" for t, c, _ in FORCED]
)
def test_cards_follow_the_themes_own_switch(open_page, theme, chosen, storage):
    system = "light" if chosen == "dark" else "dark"
    with open_page(theme, system, 1280, storage=storage) as visit:
        visit.load_all_images()
        found = visit.page.evaluate(MEASURE_JS)
    page_dark = found["bodyLuminance"] < 0.18
    assert page_dark == (chosen == "dark")
    assert (found["cardLuminance"] < 0.18) == page_dark
    assert [t for t in found["texts"] if t["ratio"] < AA] == []
    assert visit.errors == []


PRINT_JS = """() => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).display !== "none";
  const cards = [...document.querySelectorAll(".paperdigest-card")];
  const boxes = cards.map((c) => c.getBoundingClientRect());
  const button = document.querySelector(".paperdigest-link");
  return {
    cards: cards.length,
    lefts: [...new Set(boxes.map((b) => Math.round(b.left)))],
    tops: boxes.map((b) => Math.round(b.top)),
    thumbsShown: [...document.querySelectorAll(".paperdigest-thumb")].filter(shown).length,
    chromeShown: [...document.querySelectorAll(".pd-header, .pd-sidebar, .pd-footer")]
      .filter(shown).length,
    urlAfterButton: getComputedStyle(button, "::after").content,
  };
}"""


@pytest.mark.parametrize("theme", ["paperdigest", "furo", "sphinx_rtd_theme"])
def test_cards_print_as_a_clean_list(open_page, theme):
    with open_page(theme, "light", 1280) as visit:
        visit.page.emulate_media(media="print")
        found = visit.page.evaluate(PRINT_JS)
    assert found["cards"] == 11
    assert len(found["lefts"]) == 1  # one column
    assert found["tops"] == sorted(found["tops"])  # one after another, in order
    assert len(set(found["tops"])) == 11
    assert found["thumbsShown"] == 0
    assert found["chromeShown"] == 0  # the paperdigest theme's header, sidebar, footer
    assert "https://" in found["urlAfterButton"]  # links spelled out on paper
