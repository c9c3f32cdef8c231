"""The filter bar as the build writes it: where it goes, its counts, its assets, its builders.

What it does in a browser is tested in ``tests/browser/test_filter.py``.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from docutils import nodes

from sphinx_paperdigest.filter import (
    Facet,
    Facets,
    InsertFilterBar,
    page_facets,
    paperdigest_filter,
    status_text,
)
from sphinx_paperdigest.nodes import Card, Topic

from .conftest import page_with, parsed_warnings, soup
from .test_snippets import resolved_doctree

# tests/roots/test-options/digests/papers.md: six entries, two years and an undated one
TOPICS = [
    ("Transformer", 2),
    ("Vision", 2),
    ("3D", 1),
    ("Diffusion", 1),
    ("Multimodal", 1),
    ("NeRF", 1),
    ("Self-supervised", 1),
]
YEARS = [("2021", 2), ("2020", 3)]


def toggles(bar, kind):
    """``[(value, count)]`` of the bar's toggles of ``kind``, in order."""
    found = []
    for button in bar.select(f"button[data-paperdigest-filter^='{kind}:']"):
        value = button["data-paperdigest-filter"].split(":", 1)[1]
        assert button.select_one(".paperdigest-filter-name").get_text() == value
        count = button.select_one(".paperdigest-filter-count").get_text(strip=True)
        found.append((value, int(count.strip("()"))))
    return found


def only_bar(page):
    bars = page.select(".paperdigest-filter")
    assert len(bars) == 1
    return bars[0]


@pytest.fixture(scope="module")
def options_page(module_project):
    app = module_project("options")
    assert parsed_warnings(app) == []
    return app, soup(app.outdir / "index.html")


# -- the bar's markup ------------------------------------------------------------------


def test_bar_is_hidden_until_the_script_shows_it(options_page):
    _, page = options_page
    bar = only_bar(page)
    assert bar.has_attr("hidden")
    assert bar["role"] == "search"
    assert bar["aria-label"] == "Filter the papers"


def test_bar_counts_the_cards_of_each_topic_and_year(options_page):
    _, page = options_page
    bar = only_bar(page)
    assert toggles(bar, "topic") == TOPICS
    assert toggles(bar, "year") == YEARS
    # the counts are what the cards say of themselves
    cards = page.select(".paperdigest-card")
    topics = Counter(t for c in cards for t in set(json.loads(c["data-topics"])))
    years = Counter(c["data-year"] for c in cards if c.has_attr("data-year"))
    assert dict(toggles(bar, "topic")) == topics
    assert dict(toggles(bar, "year")) == years


def test_toggles_are_unpressed_buttons_in_labelled_groups(options_page):
    _, page = options_page
    bar = only_bar(page)
    buttons = bar.select("button[data-paperdigest-filter]")
    assert len(buttons) == len(TOPICS) + len(YEARS)
    for button in buttons:
        assert button["type"] == "button"
        assert button["aria-pressed"] == "false"
    for kind, label in (("topics", "Topics"), ("years", "Years")):
        group = bar.select_one(f".paperdigest-filter-{kind}")
        assert group["role"] == "group"
        assert page.find(id=group["aria-labelledby"]).get_text() == label


def test_search_box_has_a_label(options_page):
    _, page = options_page
    bar = only_bar(page)
    box = bar.select_one("input.paperdigest-search")
    assert box["type"] == "search"
    label = bar.find("label", attrs={"for": box["id"]})
    assert label.get_text() == "Search the papers"


def test_live_count_starts_at_every_card(options_page):
    _, page = options_page
    bar = only_bar(page)
    status = bar.select_one(".paperdigest-filter-status")
    assert status["aria-live"] == "polite"
    assert status.get_text() == "6 of 6 papers"
    # the count as numbers, whatever the page's language
    assert (status["data-shown"], status["data-total"]) == ("6", "6")
    assert bar["data-status"] == "{shown} of {total} papers"
    assert bar.select_one("button.paperdigest-filter-clear").get_text() == "Clear filters"


def test_toggles_wait_in_a_panel_the_filters_button_opens(options_page):
    """One row (search box, count, Filters button), then the panel, closed."""
    _, page = options_page
    bar = only_bar(page)
    row, panel = bar.find_all(recursive=False)
    assert "paperdigest-filter-row" in row["class"]
    assert row.select_one("input.paperdigest-search") is not None
    assert row.select_one(".paperdigest-filter-status") is not None
    more = row.select_one("button.paperdigest-filter-more")
    assert more["type"] == "button"
    assert more["aria-expanded"] == "false"
    assert more.get_text(strip=True) == "Filters"
    assert more["aria-controls"] == panel["id"]
    assert panel.has_attr("hidden")
    inside = panel.select("button")
    assert inside == bar.select("button[data-paperdigest-filter], .paperdigest-filter-clear")
    assert len(inside) == len(TOPICS) + len(YEARS) + 1


def test_the_bar_speaks_the_page_language(project):
    app = project("options", confoverrides={"language": "ja"})
    bar = only_bar(soup(app.outdir / "index.html"))
    status = bar.select_one(".paperdigest-filter-status")
    assert status.get_text() == "6 件中 6 件"
    assert (status["data-shown"], status["data-total"]) == ("6", "6")
    assert bar["data-status"] == "{total} 件中 {shown} 件"
    assert bar.select_one(".paperdigest-filter-more").get_text(strip=True) == "絞り込み"
    assert bar.select_one(".paperdigest-filter-clear").get_text() == "絞り込みを解除"


def test_bar_sits_before_the_first_group(options_page):
    _, page = options_page
    bar = only_bar(page)
    assert bar.find_previous_sibling().name == "h1"
    following = bar.find_next_sibling()
    assert following.name == "section"
    assert following["id"] == "2021"


def test_bar_sits_after_the_intro(project):
    app = project("options", {"index.md": page_with(":intro:")})
    bar = only_bar(soup(app.outdir / "index.html"))
    assert "paperdigest-intro" in bar.find_previous_sibling().select_one("div")["class"]
    assert bar.find_next_sibling()["id"] == "2021"


def test_ids_of_the_bar_are_unique(project):
    # a section whose id is the bar's own
    page = "# Papers\n\n## Paperdigest filter search\n\n```{paperdigest} digests/papers.md\n```\n"
    app = project("options", {"index.md": page})
    page = soup(app.outdir / "index.html")
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
    box = only_bar(page).select_one("input.paperdigest-search")
    assert page.find("label", attrs={"for": box["id"]}) is not None


def test_cards_carry_their_paper_ids(module_project):
    app = module_project("cards")
    page = soup(app.outdir / "index.html")
    ids = {c["id"]: c.get("data-paper-ids") for c in page.select(".paperdigest-card")}
    assert ids == {
        "2003.08934": "2003.08934 bmild/nerf abc123",
        "an-entry-without-a-link": "10.1000/xyz123",
        "2021-05-06-html-picture": None,
    }


# -- where it goes ---------------------------------------------------------------------


def test_rubric_groups_the_bar_goes_before_the_first_rubric(project):
    app = project("options", {"index.md": page_with(":heading-level: 4")})
    page = soup(app.outdir / "index.html")
    bar = only_bar(page)
    following = bar.find_next_sibling()
    assert "paperdigest-group-title" in following["class"]
    assert following.get_text(strip=True) == "2021"


def test_ungrouped_cards_the_bar_goes_before_the_grid(project):
    app = project("options", {"index.md": page_with(":group-by: none\n:intro: off")})
    page = soup(app.outdir / "index.html")
    bar = only_bar(page)
    assert "paperdigest-grid" in bar.find_next_sibling()["class"]


def test_one_bar_for_every_card_of_the_page(project):
    twice = (
        "# Papers\n\n```{paperdigest} digests/papers.md\n:years: 2021\n```\n\n"
        "## More\n\n```{paperdigest} digests/papers.md\n:years: 2020\n```\n"
    )
    app = project("options", {"index.md": twice})
    page = soup(app.outdir / "index.html")
    bar = only_bar(page)
    assert len(page.select(".paperdigest-card")) == 5
    assert toggles(bar, "year") == YEARS
    assert bar.select_one(".paperdigest-filter-status").get_text() == "5 of 5 papers"
    # before the first directive's groups, not the second's
    assert bar.find_next_sibling()["id"] == "2021"


def test_page_without_cards_has_no_bar_nor_its_files(project):
    pages = {
        "other.md": "# Other\n\nNo cards.\n",
        "index.md": page_with() + "\n```{toctree}\nother\n```\n",
    }
    app = project("options", pages)
    page = soup(app.outdir / "other.html")
    assert page.select(".paperdigest-filter") == []
    assert "paperdigest-filter" not in str(page.head)
    with_cards = soup(app.outdir / "index.html")
    scripts = [s for s in with_cards.select("script[src]") if "paperdigest-filter.js" in s["src"]]
    assert len(scripts) == 1
    assert scripts[0].has_attr("defer")
    assert with_cards.select("link[href*='paperdigest-filter.css']")
    for name in ("paperdigest-filter.js", "paperdigest-filter.css"):
        assert (app.outdir / "_static" / name).is_file()


def test_paperdigest_filter_false_leaves_it_out(project):
    app = project("options", confoverrides={"paperdigest_filter": False})
    page = soup(app.outdir / "index.html")
    assert page.select(".paperdigest-filter") == []
    assert "paperdigest-filter" not in str(page)
    assert not (app.outdir / "_static" / "paperdigest-filter.js").exists()


# -- builders --------------------------------------------------------------------------


@pytest.mark.parametrize("buildername", ["dirhtml", "singlehtml"])
def test_other_web_builders_get_one_bar(project, buildername):
    pages = {
        "index.md": page_with() + "\n```{toctree}\nmore\n```\n",
        "more.md": page_with(":years: 2020", title="More"),
    }
    app = project("options", pages, buildername=buildername)
    page = soup(app.outdir / "index.html")
    bars = page.select(".paperdigest-filter")
    if buildername == "singlehtml":
        # one page: one bar, for the cards of both documents
        assert len(bars) == 1
        assert bars[0].select_one(".paperdigest-filter-status").get_text() == "9 of 9 papers"
    else:
        assert len(bars) == 1
        assert len(soup(app.outdir / "more" / "index.html").select(".paperdigest-filter")) == 1
    assert any("paperdigest-filter.js" in s["src"] for s in page.select("script[src]"))


def test_epub_has_no_bar(project):
    app = project("options", buildername="epub")
    text = (app.outdir / "index.xhtml").read_text(encoding="utf-8")
    assert "paperdigest-card" in text
    assert "paperdigest-filter" not in text
    assert not (app.outdir / "_static" / "paperdigest-filter.js").exists()


@pytest.mark.parametrize(
    ("buildername", "output"),
    [("text", "index.txt"), ("latex", "projectnamenotset.tex"), ("man", "options.1")],
)
def test_print_builders_are_unaffected(project, buildername, output, tmp_path):
    """The same bytes with the filter on or off, and no bar's word in them."""
    written = []
    for setting in (True, False):
        app = project(
            "options", buildername=buildername, confoverrides={"paperdigest_filter": setting}
        )
        assert parsed_warnings(app) == []
        found = sorted(app.outdir.glob(f"*{output[output.index('.') :]}"))
        assert found, list(app.outdir.iterdir())
        written.append(found[0].read_text(encoding="utf-8"))
    on, off = written
    assert on == off
    assert "Clear filters" not in on
    assert "Masked Autoencoders" in on


def test_print_doctrees_hold_no_bar(project):
    app = project("options", buildername="latex")
    doctree = resolved_doctree(app, "index")
    assert list(doctree.findall(paperdigest_filter)) == []
    assert InsertFilterBar.formats == ("html",)


# -- hostile names ---------------------------------------------------------------------

HOSTILE = '<b onmouseover="x">&amp;"\''


def test_topic_names_are_text_never_markup(project):
    digest = (
        "---\ntitle: T\n---\n\n# 2021\n\n## [One](https://example.org/one/)\n\n"
        f"<!-- paperdigest\ntopics: ['{HOSTILE.replace(chr(39), chr(39) * 2)}']\n-->\n\nText.\n"
    )
    app = project("options", {"digests/papers.md": digest})
    page = soup(app.outdir / "index.html")
    bar = only_bar(page)
    assert toggles(bar, "topic") == [(HOSTILE, 1)]
    assert bar.find("b") is None
    assert not [tag for tag in bar.find_all(True) if tag.has_attr("onmouseover")]


# -- counting --------------------------------------------------------------------------


def card(title, topics=(), year=None):
    return Card(
        entry_id=title, title=title, year=year, topics=tuple(Topic(t, "gray") for t in topics)
    )


def test_page_facets_counts_each_card_once_per_topic():
    facets = page_facets(
        [
            card("a", ["NeRF", "NeRF", "SLAM"], 2021),
            card("b", ["SLAM"], 2020),
            card("c", ["GAN"], 2021),
            card("d", [], None),
        ]
    )
    assert facets == Facets(
        total=4,
        topics=(Facet("SLAM", 2), Facet("GAN", 1), Facet("NeRF", 1)),
        years=(Facet("2021", 2), Facet("2020", 1)),
    )


def test_page_facets_of_nothing():
    assert page_facets([]) == Facets(total=0)


def test_status_text_fills_what_the_template_has():
    assert status_text("{shown} of {total} papers", 3, 11) == "3 of 11 papers"
    assert status_text("{total} 件中 {shown} 件", 3, 11) == "11 件中 3 件"
    assert status_text("shown: {shown}", 3, 11) == "shown: 3"  # a translation may drop one


def test_the_node_is_a_body_element():
    node = paperdigest_filter.make(Facets(total=1), "paperdigest-filter")
    assert isinstance(node, nodes.General)
    assert node.facets == Facets(total=1)
    assert node.prefix == "paperdigest-filter"
