"""Every directive option: what it does, and that a bad value warns and falls back."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sphinx_paperdigest.directive import PaperDigestDirective

from .conftest import page_with, parsed_warnings, soup

MAE, CLIP, NERF, DDPM, GAN, RESNET = (
    "2111.06377",
    "2103.00020",
    "2003.08934",
    "2006.11239",
    "gan-note",
    "resnet",
)
ALL = [MAE, CLIP, NERF, DDPM, GAN, RESNET]


def build(project, options="", **kwargs):
    app = project("options", {"index.md": page_with(options)}, **kwargs)
    return app, soup(app.outdir / "index.html")


def card_ids(page):
    return [card["id"] for card in page.select(".paperdigest-card")]


def groups(page):
    """``[(section id, heading text, [card ids])]`` of the digest's group sections."""
    return [
        (
            section["id"],
            section.find(["h2", "h3"]).get_text(strip=True).rstrip("¶"),
            card_ids(section),
        )
        for section in page.select("section.paperdigest-group")
    ]


def option_warnings(app):
    return [w for w in parsed_warnings(app) if w.type == "paperdigest.option"]


def assert_option_warning(app, option):
    """Exactly one ``paperdigest.option`` warning, about ``option``, at the option's line."""
    found = option_warnings(app)
    assert len(found) == 1, found
    assert f":{option}:" in found[0].message
    assert "the default is used" in found[0].message
    assert found[0].file == str(app.srcdir / "index.md")
    page = (app.srcdir / "index.md").read_text().splitlines()
    (line,) = [n for n, text in enumerate(page, 1) if text.startswith(f":{option}:")]
    assert found[0].line == line > 3  # below the directive's line (3)


# -- the default --------------------------------------------------------------------


def test_defaults(project):
    app, page = build(project)
    assert parsed_warnings(app) == []
    assert card_ids(page) == ALL
    assert groups(page) == [
        ("2021", "2021", [MAE, CLIP]),
        ("2020", "2020", [NERF, DDPM, GAN]),
        ("classics", "Classics", [RESNET]),
    ]
    # no intro unless asked
    assert page.select(".paperdigest-intro") == []
    assert page.select(".paperdigest-group-intro") == []


def test_rest_and_colon_fence(project):
    rest = ".. paperdigest:: digests/papers.md\n   :limit: 2\n"
    colon = (
        "---\norphan: true\n---\n# Colon\n\n:::{paperdigest} digests/papers.md\n:limit: 3\n:::\n"
    )
    app = project(
        "options",
        {"rest.rst": ":orphan:\n\nRest\n====\n\n" + rest, "colon.md": colon},
        confoverrides={"myst_enable_extensions": ["colon_fence"]},
    )
    assert parsed_warnings(app) == []
    assert card_ids(soup(app.outdir / "rest.html")) == [MAE, CLIP]
    assert card_ids(soup(app.outdir / "colon.html")) == [MAE, CLIP, NERF]


# -- filters ------------------------------------------------------------------------


def test_topics(project):
    app, page = build(project, ":topics: transformer, NeRF")
    assert parsed_warnings(app) == []
    assert card_ids(page) == [MAE, CLIP, NERF]


def test_topics_match_the_digest_topics_of_entries_without_their_own(project):
    _, page = build(project, ":topics: Vision")
    assert card_ids(page) == [GAN, RESNET]


def test_exclude_topics(project):
    _, page = build(project, ":exclude-topics: Transformer, diffusion")
    assert card_ids(page) == [NERF, GAN, RESNET]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ("2020", [NERF, DDPM, GAN]),
        ("2019-2021", [MAE, CLIP, NERF, DDPM, GAN]),
        ("2021, 2018", [MAE, CLIP]),
    ],
)
def test_years(project, years, expected):
    app, page = build(project, f":years: {years}")
    assert parsed_warnings(app) == []
    assert card_ids(page) == expected


def test_years_bad_value(project):
    app, page = build(project, ":years: last year")
    assert_option_warning(app, "years")
    assert card_ids(page) == ALL


@pytest.mark.parametrize(
    ("option", "expected"),
    [(":group: Classics", [RESNET]), (":groups: 2021, classics", [MAE, CLIP, RESNET])],
)
def test_groups(project, option, expected):
    app, page = build(project, option)
    assert parsed_warnings(app) == []
    assert card_ids(page) == expected


def test_limit(project):
    _, page = build(project, ":limit: 2")
    assert card_ids(page) == [MAE, CLIP]
    assert [g[0] for g in groups(page)] == ["2021"]


@pytest.mark.parametrize("bad", ["0", "two", "-3"])
def test_limit_bad_value(project, bad):
    app, page = build(project, f":limit: {bad}")
    assert_option_warning(app, "limit")
    assert card_ids(page) == ALL


# -- order and grouping ------------------------------------------------------------


def test_sort_newest_within_groups(project):
    _, page = build(project, ":sort: newest")
    # newest first inside each group; entries with only a year after dated ones
    # of that year; undated entries last
    assert groups(page) == [
        ("2021", "2021", [MAE, CLIP]),
        ("2020", "2020", [DDPM, NERF, GAN]),
        ("classics", "Classics", [RESNET]),
    ]


def test_sort_oldest_with_limit(project):
    _, page = build(project, ":sort: oldest\n:group-by: none\n:limit: 3")
    assert card_ids(page) == [GAN, NERF, DDPM]


def test_sort_title(project):
    _, page = build(project, ":sort: title\n:group-by: none")
    assert card_ids(page) == [GAN, RESNET, DDPM, CLIP, MAE, NERF]


def test_sort_bad_value(project):
    app, page = build(project, ":sort: random")
    assert_option_warning(app, "sort")
    assert card_ids(page) == ALL


def test_group_by_year(project):
    _, page = build(project, ":group-by: year")
    assert groups(page) == [
        ("2021", "2021", [MAE, CLIP]),
        ("2020", "2020", [NERF, DDPM, GAN]),
        ("undated", "Undated", [RESNET]),
    ]


def test_group_by_topic(project):
    _, page = build(project, ":group-by: topic")
    # an entry sits under each of its topics; its second card gets a suffixed id
    assert groups(page) == [
        ("topic-self-supervised", "Self-supervised", [MAE]),
        ("topic-transformer", "Transformer", [f"{MAE}-2", CLIP]),
        ("topic-multimodal", "Multimodal", [f"{CLIP}-2"]),
        ("topic-nerf", "NeRF", [NERF]),
        ("topic-3d", "3D", [f"{NERF}-2"]),
        ("topic-diffusion", "Diffusion", [DDPM]),
        ("topic-vision", "Vision", [GAN, RESNET]),
    ]


def test_group_by_none_gives_one_grid(project):
    app, page = build(project, ":group-by: none")
    assert parsed_warnings(app) == []
    assert groups(page) == []
    grids = page.select(".paperdigest-grid")
    assert len(grids) == 1
    assert card_ids(grids[0]) == ALL
    # no heading but the page's own
    assert [h.name for h in page.select("section h1, section h2, section h3")] == ["h1"]
    assert [t.astext() for t in app.env.tocs["index"].findall(_is_reference)] == ["Papers"]


def test_group_by_bad_value(project):
    app, page = build(project, ":group-by: colour")
    assert_option_warning(app, "group-by")
    assert [g[0] for g in groups(page)] == ["2021", "2020", "classics"]


def _is_reference(node):
    return node.tagname == "reference"


def test_groups_are_sections_in_the_toc(project):
    app, page = build(project)
    toc = [t.astext() for t in app.env.tocs["index"].findall(_is_reference)]
    assert toc == ["Papers", "2021", "2020", "Classics"]
    # the page's local table of contents links each group by its id
    links = [a["href"] for a in page.select(".sphinxsidebarwrapper a[href^='#']")]
    assert links[-3:] == ["#2021", "#2020", "#classics"]
    for ident in ("2021", "2020", "classics"):
        assert page.select_one(f"section[id='{ident}'] > h2") is not None


def test_group_intro_and_digest_intro(project):
    app, page = build(project, ":intro:")
    assert parsed_warnings(app) == []
    intro = page.select_one(".paperdigest-intro")
    assert intro.select_one("a")["href"] == "https://example.org/intro/"
    # the intro comes before the first group
    assert intro.find_next("section")["id"] == "2021"
    group_intro = page.select_one("section[id='2021'] .paperdigest-group-intro")
    assert group_intro.get_text(strip=True) == "Papers of 2021."


@pytest.mark.parametrize("value", ["off", "no", "false"])
def test_intro_off(project, value):
    _, page = build(project, f":intro: {value}")
    assert page.select(".paperdigest-intro, .paperdigest-group-intro") == []


def test_intro_bad_value(project):
    app, page = build(project, ":intro: maybe")
    assert_option_warning(app, "intro")
    assert page.select(".paperdigest-intro") == []


# -- layout -------------------------------------------------------------------------


def row_classes(page):
    return [
        [c for c in row["class"] if c.startswith("sd-row-cols")]
        for row in page.select(".paperdigest-grid > .sd-row")
    ]


def test_columns(project):
    _, page = build(project, ":columns: 1 1 2 4")
    expected = ["sd-row-cols-1", "sd-row-cols-xs-1", "sd-row-cols-sm-1"]
    expected += ["sd-row-cols-md-2", "sd-row-cols-lg-4"]
    assert row_classes(page) == [expected] * 3


def test_columns_one_number(project):
    _, page = build(project, ":columns: 2\n:group-by: none")
    assert row_classes(page) == [
        [
            "sd-row-cols-2",
            "sd-row-cols-xs-2",
            "sd-row-cols-sm-2",
            "sd-row-cols-md-2",
            "sd-row-cols-lg-2",
        ]
    ]


@pytest.mark.parametrize("bad", ["1 2", "0 1 1 1", "13", "a b c d"])
def test_columns_bad_value(project, bad):
    app, page = build(project, f":columns: {bad}\n:group-by: none")
    assert_option_warning(app, "columns")
    # sphinx-design's default-like 1 2 3 3
    assert row_classes(page) == [
        [
            "sd-row-cols-1",
            "sd-row-cols-xs-1",
            "sd-row-cols-sm-2",
            "sd-row-cols-md-3",
            "sd-row-cols-lg-3",
        ]
    ]


def test_layout_grid_is_the_default(project):
    _, page = build(project)
    cards = page.select(".paperdigest-card")
    assert all("paperdigest-card-grid" in c["class"] for c in cards)
    nerf = page.select_one(f"[id='{NERF}']")
    assert nerf.select_one("img.paperdigest-thumb") is not None
    assert nerf.select_one(".paperdigest-summary") is not None


def test_layout_list(project):
    _, page = build(project, ":layout: list")
    assert all("paperdigest-card-list" in c["class"] for c in page.select(".paperdigest-card"))
    assert all("paperdigest-grid-list" in g["class"] for g in page.select(".paperdigest-grid"))
    # one card per row whatever the screen, picture kept
    ones = ["sd-row-cols-1", "sd-row-cols-xs-1", "sd-row-cols-sm-1"]
    ones += ["sd-row-cols-md-1", "sd-row-cols-lg-1"]
    assert row_classes(page) == [ones] * 3
    assert page.select_one(f"[id='{NERF}'] img.paperdigest-thumb") is not None


def test_layout_compact(project):
    _, page = build(project, ":layout: compact")
    cards = page.select(".paperdigest-card")
    assert len(cards) == 6
    assert all("paperdigest-card-compact" in c["class"] for c in cards)
    # no summary, no picture, no placeholder; title, badges, date and links stay
    assert page.select(".paperdigest-summary, .paperdigest-thumb") == []
    for card in cards:
        assert card.select_one(".paperdigest-title a") is not None
        assert card.select(".paperdigest-topic")
        assert card.select(".paperdigest-footer a")


def test_layout_bad_value(project):
    app, page = build(project, ":layout: masonry")
    assert_option_warning(app, "layout")
    assert all("paperdigest-card-grid" in c["class"] for c in page.select(".paperdigest-card"))


def summary_texts(page):
    return {
        card["id"]: [p.get_text(" ", strip=True) for p in card.select(".paperdigest-summary > p")]
        for card in page.select(".paperdigest-card")
    }


def test_summary_full(project):
    _, page = build(project, ":summary: full")
    assert len(summary_texts(page)[MAE]) == 2


def test_summary_first_paragraph(project):
    _, page = build(project, ":summary: first-paragraph")
    texts = summary_texts(page)
    assert len(texts[MAE]) == 1
    assert texts[MAE][0].startswith("MAE masks most patches")


def test_summary_none(project):
    _, page = build(project, ":summary: none")
    assert page.select(".paperdigest-summary") == []
    # the links a summary held are still in the footer
    buttons = [a["href"] for a in page.select(f"[id='{MAE}'] .paperdigest-footer a")]
    assert "https://arxiv.org/abs/2111.06377" in buttons


def test_summary_bad_value(project):
    app, page = build(project, ":summary: short")
    assert_option_warning(app, "summary")
    assert len(summary_texts(page)[MAE]) == 2


def test_thumbnails_off(project):
    _, page = build(project, ":thumbnails: off")
    assert page.select(".paperdigest-thumb") == []
    assert len(page.select(".paperdigest-card")) == 6


def test_thumbnails_on_shows_picture_or_placeholder(project):
    _, page = build(project, ":thumbnails: on")
    for card in page.select(".paperdigest-card"):
        thumbs = card.select(".paperdigest-thumb")
        assert len(thumbs) == 1
        if card["id"] == NERF:
            assert thumbs[0].name == "img"
            assert thumbs[0]["alt"] == "A radiance field"
        else:
            assert "paperdigest-placeholder" in thumbs[0]["class"]
            assert thumbs[0].get_text(strip=True) == "🔭"


def test_thumbnails_bad_value(project):
    app, page = build(project, ":thumbnails: sometimes")
    assert_option_warning(app, "thumbnails")
    assert len(page.select(".paperdigest-thumb")) == 6


# -- headings, classes, names ------------------------------------------------------


def test_heading_level_natural_gives_sections(project):
    _, page = build(project, ":heading-level: 2")
    assert [g[0] for g in groups(page)] == ["2021", "2020", "classics"]


def test_heading_level_other_gives_rubrics_of_that_level(project):
    app, page = build(project, ":heading-level: 4")
    assert parsed_warnings(app) == []
    assert groups(page) == []
    rubrics = page.select(".paperdigest-group-title")
    assert [(r.name, r["id"], r.get_text(strip=True)) for r in rubrics] == [
        ("h4", "2021", "2021"),
        ("h4", "2020", "2020"),
        ("h4", "classics", "Classics"),
    ]
    # rubrics are not sections: the TOC has the page title only
    toc = [t.astext() for t in app.env.tocs["index"].findall(_is_reference)]
    assert toc == ["Papers"]
    assert card_ids(page) == ALL


@pytest.mark.parametrize("bad", ["0", "7", "h2"])
def test_heading_level_bad_value(project, bad):
    app, page = build(project, f":heading-level: {bad}")
    assert_option_warning(app, "heading-level")
    assert [g[0] for g in groups(page)] == ["2021", "2020", "classics"]


def test_directive_inside_a_container_gives_rubrics(project):
    page_text = "# Papers\n\n````{note}\n```{paperdigest} digests/papers.md\n:limit: 2\n```\n````\n"
    app = project("options", {"index.md": page_text})
    assert parsed_warnings(app) == []
    page = soup(app.outdir / "index.html")
    assert [r["id"] for r in page.select(".admonition .paperdigest-group-title")] == ["2021"]
    assert card_ids(page) == [MAE, CLIP]


def test_class(project):
    _, page = build(project, ":class: my-digest wide")
    for section in page.select("section.paperdigest-group"):
        assert {"my-digest", "wide"} <= set(section["class"])


def test_class_with_group_by_none(project):
    _, page = build(project, ":class: my-digest\n:group-by: none")
    root = page.select_one(".paperdigest.my-digest")
    assert len(root.select(".paperdigest-card")) == 6


def test_class_bad_value(project):
    app, page = build(project, ":class: 9lives")
    assert_option_warning(app, "class")
    assert len(page.select(".paperdigest-card")) == 6


def test_name_is_a_link_target(project):
    text = page_with(":name: vision-papers") + "\nSee {ref}`the papers <vision-papers>`.\n"
    app = project("options", {"index.md": text})
    assert parsed_warnings(app) == []
    page = soup(app.outdir / "index.html")
    assert page.select_one("[id='vision-papers']") is not None
    link = page.find("a", string="the papers")
    assert link["href"] == "#vision-papers"


def test_entry_level(project):
    default = project("options", {"index.md": page_with(digest="digests/levels.md")})
    assert card_ids(soup(default.outdir / "index.html")) == ["levels-b", "levels-c"]
    app = project("options", {"index.md": page_with(":entry-level: 1", digest="digests/levels.md")})
    assert parsed_warnings(app) == []
    page = soup(app.outdir / "index.html")
    assert card_ids(page) == ["levels-a"]
    # the deeper headings are part of its summary, as rubrics, not sections
    summary = page.select_one(".paperdigest-summary")
    assert [r.get_text(strip=True) for r in summary.select(".rubric")] == [
        "First sub-heading",
        "Second sub-heading",
    ]


def test_entry_level_bad_value(project):
    app = project("options", {"index.md": page_with(":entry-level: 9", digest="digests/levels.md")})
    assert_option_warning(app, "entry-level")
    assert card_ids(soup(app.outdir / "index.html")) == ["levels-b", "levels-c"]


def test_unknown_option_warns_and_renders(project):
    app, page = build(project, ":sort: source\n:colour: red")
    found = option_warnings(app)
    assert len(found) == 1
    assert found[0].message.startswith(":colour: unknown option, ignored; the options are ")
    assert ":topics:" in found[0].message and ":entry-level:" in found[0].message
    assert found[0].line == 5  # the option's own line
    assert card_ids(page) == ALL


def test_unknown_option_in_rest(project):
    rest = (
        ":orphan:\n\nRest\n====\n\n.. paperdigest:: digests/papers.md\n"
        "   :sort: newest\n   :colour: red\n"
    )
    app = project("options", {"rest.rst": rest})
    found = option_warnings(app)
    assert len(found) == 1
    assert found[0].file == str(app.srcdir / "rest.rst")
    assert found[0].line == 8  # the option's own line
    assert card_ids(soup(app.outdir / "rest.html"))[0] == "2111.06377"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("topic", "topics"),
        ("exclude_topics", "exclude-topics"),
        ("group_by", "group-by"),
        ("tags", "topics"),
        ("summery", "summary"),
        ("heading", "heading-level"),
    ],
)
def test_unknown_option_says_what_was_meant(project, written, meant):
    app, page = build(project, f":sort: source\n:{written}: NeRF")
    found = option_warnings(app)
    assert [w.message for w in found] == [
        f":{written}: unknown option, ignored; did you mean :{meant}:?"
    ]
    assert (found[0].file, found[0].line) == (str(app.srcdir / "index.md"), 5)
    assert card_ids(page) == ALL  # ignored: nothing filtered


def test_option_lines_in_a_myst_yaml_block(project):
    text = (
        "# Papers\n\n```{paperdigest} digests/papers.md\n---\nlimit: 2\n"
        "topic: NeRF\nsort: sideways\n---\n```\n"
    )
    app = project("options", {"index.md": text})
    found = {w.message.split(":")[1]: w.line for w in option_warnings(app)}
    assert found == {"topic": 6, "sort": 7}
    assert card_ids(soup(app.outdir / "index.html")) == ALL[:2]


def test_option_line_in_a_colon_fence(project):
    text = "# Papers\n\n:::{paperdigest} digests/papers.md\n:sort: newest\n:topic: NeRF\n:::\n"
    app = project(
        "options", {"index.md": text}, confoverrides={"myst_enable_extensions": ["colon_fence"]}
    )
    (found,) = option_warnings(app)
    assert (found.message.split(":")[1], found.line) == ("topic", 5)


def test_option_line_in_rest_with_a_suggestion(project):
    rest = ":orphan:\n\nRest\n====\n\n.. paperdigest:: digests/papers.md\n   :topic: NeRF\n"
    app = project("options", {"rest.rst": rest})
    (found,) = option_warnings(app)
    assert found.message == ":topic: unknown option, ignored; did you mean :topics:?"
    assert (found.file, found.line) == (str(app.srcdir / "rest.rst"), 7)


class _Directive(SimpleNamespace):
    def get_source_info(self):
        return ("page.md", self.lineno)

    def get_location(self):
        return f"page.md:{self.lineno}"


@pytest.mark.parametrize(
    ("block_text", "line"),
    [
        # reST, and MyST 5: the block from the directive's line
        (".. paperdigest:: d.md\n   :sort: x\n   :topic: y\n", 12),
        ("```{paperdigest} d.md\n:sort: x\n:topic: y\n```\n", 12),
        (":::{paperdigest} d.md\n---\ntopic: y\n---\n:::\n", 12),
        # MyST 4: only what follows the directive's line
        (":sort: x\n:topic: y\n", 12),
        # not found (a value that mentions it is no option line): the directive's line
        ("```{paperdigest} d.md\n:sort: topic: y\n```\n", 10),
    ],
)
def test_option_location(block_text, line):
    fake = _Directive(name="paperdigest", lineno=10, block_text=block_text)
    assert PaperDigestDirective._option_location(fake, "topic") == f"page.md:{line}"
