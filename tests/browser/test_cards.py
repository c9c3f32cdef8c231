"""The cards of the demo page in six themes, light and dark, desktop and phone.

Each (theme, scheme, width) is loaded once (``measurements``); the tests assert
on what the browser rendered: box sizes, computed colours, scroll width.
"""

from __future__ import annotations

import itertools

import pytest

from .conftest import DARK_THEMES, SCHEMES, THEMES, WIDTHS

CASES = [
    pytest.param(theme, scheme, width, id=f"{theme}-{scheme}-{width}")
    for theme, scheme, width in itertools.product(THEMES, SCHEMES, WIDTHS)
]
SEED_CARDS = 11
SEED_PICTURES = 4
AA = 4.5
THUMB_RATIO = 16 / 9
TILE_MAX = 48  # pixels: the emoji tile of a card without a picture
MAX_LAYOUT_SHIFT = 0.01  # cumulative layout shift; 0.1 is "good" for Web Vitals


def _is_dark(luminance: float) -> bool:
    # 0.18: the luminance with equal contrast against black and white
    return luminance < 0.18


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_every_card_is_shown(measurements, theme, scheme, width):
    assert measurements(theme, scheme, width)["cards"] == SEED_CARDS


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_cards_in_a_row_have_equal_height(measurements, theme, scheme, width):
    rows = measurements(theme, scheme, width)["rows"]
    assert sum(len(row) for row in rows) == SEED_CARDS
    for row in rows:
        heights = [card["height"] for card in row]
        assert max(heights) - min(heights) <= 1, row
    if width == "desktop":
        # the seed's 2021 group has 8 cards: rows of several, or nothing was measured
        assert max(len(row) for row in rows) >= 2
    else:
        assert all(len(row) == 1 for row in rows), "phone: one card per row"


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_thumbnails_keep_their_ratio(measurements, theme, scheme, width):
    thumbs = measurements(theme, scheme, width)["thumbs"]
    pictures = [t for t in thumbs if t["tag"] == "img"]
    tiles = [t for t in thumbs if t["tag"] != "img"]
    # the demo digest has pictures of four shapes, and seven cards without any
    assert (len(pictures), len(tiles)) == (SEED_PICTURES, SEED_CARDS - SEED_PICTURES)
    for picture in pictures:
        assert picture["ratio"] == pytest.approx(THUMB_RATIO, rel=0.02), picture
        assert picture["loaded"], picture
        assert picture["objectFit"] == "cover", picture  # cropped, never stretched
        assert picture["alt"], picture
    for tile in tiles:
        # a card without a picture shows a small emoji tile, not an empty picture box
        assert tile["ratio"] == pytest.approx(1, rel=0.02), tile
        assert tile["height"] <= TILE_MAX, tile


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_titles_of_a_row_line_up(measurements, theme, scheme, width):
    """Grid cards read title first: a row's titles start at one height."""
    rows = measurements(theme, scheme, width)["rows"]
    for row in rows:
        tops = [card["titleTop"] for card in row]
        assert max(tops) - min(tops) <= 1, row


# What the first screen must show (entry titles wholly inside it, the page not
# scrolled); themes without a goal must at least show the first card's title.
FIRST_SCREEN_GOALS = {
    ("paperdigest", "desktop"): 6,
    ("paperdigest", "phone"): 2,
    ("furo", "desktop"): 4,
    ("furo", "phone"): 2,
}


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_first_screen_shows_several_titles(measurements, theme, scheme, width):
    found = measurements(theme, scheme, width)["firstScreen"]
    goal = FIRST_SCREEN_GOALS.get((theme, width), 1)
    print(
        f"first screen {theme} {scheme} {width} ({found['width']}x{found['height']}): "
        f"{found['titles']} of {found['of']} titles (goal {goal})"
    )
    assert found["of"] == SEED_CARDS
    assert found["titles"] >= goal


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_nothing_moves_after_the_first_paint(measurements, theme, scheme, width):
    """Our cards and bar never move once painted (``own``: see conftest's LAYOUT_SHIFT_JS).

    The page's own CLS is printed: a theme may move its own layout (pydata's
    sidebar arriving after a first paint made before the parser reached it).
    """
    shift = measurements(theme, scheme, width)["layoutShift"]
    print(
        f"layout shift {theme} {scheme} {width}: ours {shift['own']:.4f}, "
        f"page {shift['total']:.4f} {shift['sources'][:6]}"
    )
    assert shift["own"] < MAX_LAYOUT_SHIFT, shift["ownSources"][:10]


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_no_horizontal_scroll(measurements, theme, scheme, width):
    found = measurements(theme, scheme, width)
    assert found["scrollWidth"] <= found["clientWidth"], found["scrollWidth"]


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_text_and_badge_contrast_is_aa(measurements, theme, scheme, width):
    texts = measurements(theme, scheme, width)["texts"]
    badges = [t for t in texts if t["badge"]]
    assert len(badges) >= 12  # every palette colour is on the demo page
    low = [t for t in texts if t["ratio"] < AA]
    assert low == []


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_cards_match_the_page(measurements, theme, scheme, width):
    """Dark cards on a dark page, light on light; light-only themes stay light."""
    found = measurements(theme, scheme, width)
    page_dark = _is_dark(found["bodyLuminance"])
    assert page_dark == (scheme == "dark" and theme in DARK_THEMES)
    assert _is_dark(found["cardLuminance"]) == page_dark
    assert _is_dark(found["cardTextLuminance"]) != page_dark


@pytest.mark.parametrize(("theme", "scheme", "width"), CASES)
def test_no_console_errors_or_remote_requests(measurements, theme, scheme, width):
    found = measurements(theme, scheme, width)
    assert found["errors"] == []
    assert found["remote"] == []
