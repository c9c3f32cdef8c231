"""The paperdigest theme's own behaviour: the colour toggle, the phone navigation, no JS."""

from __future__ import annotations

import pytest

from .conftest import SCHEMES

STORAGE_KEY = "paperdigest-color-scheme"
# the demo site is in Japanese (language = "ja"): the theme's words are
TO_DARK = "ダークモードに切り替え"
TO_LIGHT = "ライトモードに切り替え"

STATE_JS = """() => {
  const toggle = document.querySelector(".pd-scheme-toggle");
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  let stored = null;
  try { stored = localStorage.getItem("paperdigest-color-scheme"); } catch (e) {}
  const pygments = document.getElementById("pygments_dark_css");
  return {
    theme: document.documentElement.dataset.theme,
    dark: (r + g + b) / 3 < 100,
    stored,
    toggleVisible: !!toggle && toggle.getClientRects().length > 0,
    label: toggle ? toggle.getAttribute("aria-label") : null,
    pygmentsMedia: pygments ? pygments.media : null,
  };
}"""


def _state(page):
    return page.evaluate(STATE_JS)


def test_toggle_switches_and_remembers(open_page, screenshots):
    with open_page("paperdigest", "light", 1280) as visit:
        page = visit.page
        state = _state(page)
        assert state["theme"] == "auto"
        assert not state["dark"]
        assert state["toggleVisible"]
        assert state["label"] == TO_DARK

        page.click(".pd-scheme-toggle")
        state = _state(page)
        assert (state["theme"], state["dark"], state["stored"]) == ("dark", True, "dark")
        assert state["label"] == TO_LIGHT
        assert state["pygmentsMedia"] == "all"

        page.reload()
        state = _state(page)
        assert (state["theme"], state["dark"]) == ("dark", True)
        page.click("a.pd-next")
        page.wait_for_load_state("load")
        assert page.url.endswith("about.html")
        state = _state(page)
        assert (state["theme"], state["dark"]) == ("dark", True)
        assert state["pygmentsMedia"] == "all"  # code blocks dark too
        page.screenshot(path=screenshots / "paperdigest-toggled-dark-about.png")

        # back to the system's scheme: the choice is forgotten
        page.click(".pd-scheme-toggle")
        state = _state(page)
        assert (state["theme"], state["dark"], state["stored"]) == ("auto", False, None)
        page.reload()
        assert _state(page)["theme"] == "auto"
        assert visit.errors == []


def test_toggle_to_light_on_a_dark_system(open_page):
    with open_page("paperdigest", "dark", 1280) as visit:
        page = visit.page
        assert _state(page)["dark"]
        page.click(".pd-scheme-toggle")
        page.reload()
        state = _state(page)
        assert (state["theme"], state["dark"], state["stored"]) == ("light", False, "light")
        assert state["pygmentsMedia"] == "not all"
        assert visit.errors == []


def test_without_javascript_the_system_scheme_applies(open_page):
    with open_page("paperdigest", "dark", 390, js=False) as visit:
        page = visit.page
        state = _state(page)  # evaluate works with page scripts off
        assert state["dark"]
        assert not state["toggleVisible"]  # a button that could do nothing is hidden
        # the navigation follows the content instead of hiding behind a button
        nav = page.locator("#pd-sidebar")
        assert nav.is_visible()
        assert not page.locator(".pd-nav-toggle").is_visible()
        main_box = page.locator("#pd-main").bounding_box()
        assert nav.bounding_box()["y"] > main_box["y"] + main_box["height"] - 1


def test_phone_navigation_opens_behind_a_button(open_page, screenshots):
    with open_page("paperdigest", "light", 390) as visit:
        page = visit.page
        nav, button = page.locator("#pd-sidebar"), page.locator(".pd-nav-toggle")
        assert button.is_visible()
        assert not nav.is_visible()
        assert button.get_attribute("aria-expanded") == "false"
        button.click()
        assert nav.is_visible()
        assert button.get_attribute("aria-expanded") == "true"
        assert page.locator("#pd-sidebar a", has_text="About this digest").is_visible()
        page.screenshot(path=screenshots / "paperdigest-light-phone-navigation.png")
        page.keyboard.press("Escape")
        assert not nav.is_visible()
        assert button.get_attribute("aria-expanded") == "false"
        assert visit.errors == []


def test_desktop_navigation_lists_groups_and_topics(open_page):
    with open_page("paperdigest", "light", 1280) as visit:
        page = visit.page
        assert not page.locator(".pd-nav-toggle").is_visible()
        groups = [" ".join(t.split()) for t in page.locator(".pd-groups li").all_text_contents()]
        assert groups == ["2021年 8 件", "2020年 3 件"]
        topics = [" ".join(t.split()) for t in page.locator(".pd-topics li").all_text_contents()]
        # topic rules match next to kana and kanji: Attention in 4 entries of the seed
        assert topics[:2] == ["機械学習 11 件", "Transformer 4 件"]
        assert len(topics) == 12
        assert page.locator(".pd-emoji").inner_text() == "😸"
        # the skip link is the first stop and lands on the main column
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "pd-skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "pd-main"


OPTIONS = {
    "accent_color": "#8a2be2",
    "accent_color_dark": "#d8b4fe",
    "light_css_variables": {"--pd-bg": "#fffbe6"},
    "card_width": "20rem",
}
OPTION_STATE_JS = """(theme) => {
  document.documentElement.dataset.theme = theme;
  const style = getComputedStyle(document.body);
  return {
    accent: style.getPropertyValue("--pd-accent").trim(),
    width: style.getPropertyValue("--pd-card-width").trim(),
    background: style.backgroundColor,
  };
}"""


@pytest.mark.parametrize("system", SCHEMES)
def test_theme_options_follow_the_scheme(open_page, system):
    """Light values where the page is light, dark ones where it is dark, toggled or not."""
    from sphinx_paperdigest.theme import theme_css

    css, problems = theme_css(OPTIONS)
    assert problems == []
    with open_page("paperdigest", system, 1280) as visit:
        visit.page.add_style_tag(content=css)
        found = {
            theme: visit.page.evaluate(OPTION_STATE_JS, theme)
            for theme in ("auto", "light", "dark")
        }
    expected_auto = "dark" if system == "dark" else "light"
    light = {"accent": "#8a2be2", "width": "20rem", "background": "rgb(255, 251, 230)"}
    # --pd-bg has no dark option: the stylesheet's own dark background stays
    dark = {"accent": "#d8b4fe", "width": "20rem", "background": "rgb(13, 17, 23)"}
    assert found["light"] == light
    assert found["dark"] == dark
    assert found["auto"] == (dark if expected_auto == "dark" else light)
