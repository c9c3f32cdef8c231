"""The ``paperdigest_*`` configuration values."""

from __future__ import annotations

import re

import pytest

from sphinx_paperdigest.config import CONFIG_VALUES
from sphinx_paperdigest.topics import PALETTE, topic_color

from .conftest import page_with, parsed_warnings, soup

ALL = ["2111.06377", "2103.00020", "2003.08934", "2006.11239", "gan-note", "resnet"]


def build(project, conf, options=""):
    app = project("options", {"index.md": page_with(options)}, confoverrides=conf)
    return app, soup(app.outdir / "index.html")


def card_ids(page):
    return [card["id"] for card in page.select(".paperdigest-card")]


def config_warnings(app):
    return [w for w in parsed_warnings(app) if w.type == "paperdigest.option"]


def test_every_value_is_declared_with_a_description(project):
    app = project("options", build=False)
    for value in CONFIG_VALUES:
        assert value.name.startswith("paperdigest_")
        assert value.description.strip()
        assert value.name in app.config
        assert getattr(app.config, value.name) == value.default


# -- paperdigest_default_options ---------------------------------------------------------


def test_default_options(project):
    app, page = build(project, {"paperdigest_default_options": {"group-by": "none", "limit": 2}})
    assert parsed_warnings(app) == []
    assert page.select("section.paperdigest-group") == []
    assert card_ids(page) == ALL[:2]


def test_default_options_lose_to_the_directive(project):
    conf = {"paperdigest_default_options": {"group-by": "none", "limit": "2"}}
    _, page = build(project, conf, ":limit: 3")
    assert card_ids(page) == ALL[:3]


def test_default_options_booleans(project):
    conf = {"paperdigest_default_options": {"thumbnails": False, "intro": True}}
    app, page = build(project, conf)
    assert parsed_warnings(app) == []
    assert page.select(".paperdigest-thumb") == []
    assert page.select_one(".paperdigest-intro") is not None


def test_default_options_bad_value_is_dropped(project):
    conf = {"paperdigest_default_options": {"sort": "random", "limit": "2"}}
    app, page = build(project, conf)
    found = config_warnings(app)
    assert len(found) == 1
    assert "paperdigest_default_options" in found[0].message
    assert ":sort:" in found[0].message
    # the bad one is dropped, the good one kept
    assert card_ids(page) == ALL[:2]


@pytest.mark.parametrize("bad", ['["limit", "2"]', '{"limit": [2]}', '"group-by: none"'])
def test_default_options_bad_shape(project, bad):
    conf = (
        'extensions = ["sphinx_paperdigest"]\nexclude_patterns = ["_build", "digests"]\n'
        f"paperdigest_default_options = {bad}\n"
    )
    app = project("options", {"conf.py": conf})
    found = config_warnings(app)
    assert len(found) == 1
    assert "paperdigest_default_options: must be a dict" in found[0].message
    assert (found[0].file, found[0].line) == (str(app.srcdir / "conf.py"), 3)
    assert card_ids(soup(app.outdir / "index.html")) == ALL


def test_default_options_unknown_option(project):
    app, page = build(project, {"paperdigest_default_options": {"colour": "red"}})
    found = config_warnings(app)
    assert len(found) == 1
    assert "unknown option" in found[0].message
    assert card_ids(page) == ALL


def test_default_options_unknown_option_says_what_was_meant(project):
    app, page = build(project, {"paperdigest_default_options": {"topic": "NeRF"}})
    (found,) = config_warnings(app)
    assert found.message == (
        "paperdigest_default_options: :topic: unknown option, ignored; did you mean :topics:?"
    )
    assert card_ids(page) == ALL


# -- drafts -------------------------------------------------------------------------


def test_drafts_hidden_by_default(project):
    app = project("options", {"index.md": page_with(digest="digests/draft.md")})
    assert parsed_warnings(app) == []
    page = soup(app.outdir / "index.html")
    assert page.select(".paperdigest-card, .paperdigest") == []
    status = re.sub(r"\x1b\[[0-9;]*m", "", app._status.getvalue())
    info = [line for line in status.splitlines() if "unpublished" in line]
    assert len(info) == 1
    assert info[0].startswith(f"{app.srcdir / 'index.md'}:3: ")
    assert "paperdigest_show_drafts" in info[0]


def test_drafts_shown_when_asked(project):
    app = project(
        "options",
        {"index.md": page_with(digest="digests/draft.md")},
        confoverrides={"paperdigest_show_drafts": True},
    )
    assert parsed_warnings(app) == []
    page = soup(app.outdir / "index.html")
    assert card_ids(page) == ["2022-01-02-wip"]


# -- placeholder ----------------------------------------------------------------------


def placeholders(page):
    return [p.get_text(strip=True) for p in page.select(".paperdigest-placeholder")]


def test_placeholder_emoji_is_the_default(project):
    _, page = build(project, {})
    assert placeholders(page) == ["🔭"] * 5  # every card but NeRF, which has a picture


def test_placeholder_emoji_without_digest_emoji(project):
    app = project("options", {"index.md": page_with(digest="digests/levels.md")})
    assert placeholders(soup(app.outdir / "index.html")) == ["📄", "📄"]


def test_placeholder_text(project):
    _, page = build(project, {"paperdigest_placeholder": "📚"})
    assert placeholders(page) == ["📚"] * 5


@pytest.mark.parametrize("off", [None, ""])
def test_placeholder_none(project, off):
    _, page = build(project, {"paperdigest_placeholder": off})
    assert page.select(".paperdigest-placeholder") == []
    assert len(page.select("img.paperdigest-thumb")) == 1


# -- topics -------------------------------------------------------------------------


def badges(page, ident):
    return [b.get_text() for b in page.select(f"[id='{ident}'] .paperdigest-topic")]


def test_topic_rules(project):
    rules = {"GAN": ["GAN", "adversarial"], "画像": "image", "Organ": ["organ"]}
    app, page = build(project, {"paperdigest_topic_rules": rules})
    assert parsed_warnings(app) == []
    # the entry's own topics (or the digest's) first, then the rule topics
    assert badges(page, "gan-note") == ["Vision", "GAN"]
    assert badges(page, "2111.06377") == ["Self-supervised", "Transformer", "画像"]
    assert badges(page, "2003.08934") == ["NeRF", "3D"]  # "organ" is no word of it


def test_topic_rules_select_entries(project):
    conf = {"paperdigest_topic_rules": {"GAN": ["GAN"]}}
    _, page = build(project, conf, ":topics: GAN")
    assert card_ids(page) == ["gan-note"]


def test_topic_rules_bad_shape(project):
    app, page = build(project, {"paperdigest_topic_rules": {"GAN": 3}})
    assert any("paperdigest_topic_rules" in w.message for w in config_warnings(app))
    assert badges(page, "gan-note") == ["Vision"]


def test_topic_rules_bad_expression_is_a_located_warning(project):
    conf = {"paperdigest_topic_rules": {"GAN": ["/GANs?/", "/(a+)+/"]}}
    app, page = build(project, conf)
    warnings = config_warnings(app)
    assert len(warnings) == 1
    assert "'/(a+)+/'" in warnings[0].message
    assert "exponential" in warnings[0].message
    assert badges(page, "gan-note") == ["Vision", "GAN"]  # the good expression works


def badge_colors(page, ident):
    found = []
    for badge in page.select(f"[id='{ident}'] .paperdigest-topic"):
        found += [
            c.removeprefix("paperdigest-topic-")
            for c in badge["class"]
            if c.startswith("paperdigest-topic-")
        ]
    return found


def test_topic_colors_are_stable_hashes(project):
    _, page = build(project, {})
    assert badge_colors(page, "2003.08934") == [topic_color("NeRF"), topic_color("3D")]
    assert all(c in PALETTE for c in badge_colors(page, "2111.06377"))
    # the same topic has the same colour on every card
    transformer = {
        c
        for ident in ("2111.06377", "2103.00020")
        for b, c in zip(badges(page, ident), badge_colors(page, ident), strict=True)
        if b == "Transformer"
    }
    assert len(transformer) == 1


def test_topic_colors_override(project):
    app, page = build(project, {"paperdigest_topic_colors": {"NeRF": "red", "3D": "indigo"}})
    assert parsed_warnings(app) == []
    assert badge_colors(page, "2003.08934") == ["red", "indigo"]


def test_topic_colors_bad_colour(project):
    conf = {"paperdigest_topic_colors": {"NeRF": "chartreuse", "3D": "indigo"}}
    app, page = build(project, conf)
    found = config_warnings(app)
    assert len(found) == 1
    assert "'chartreuse'" in found[0].message
    assert badge_colors(page, "2003.08934") == [topic_color("NeRF"), "indigo"]


# -- dates --------------------------------------------------------------------------


def dates(page):
    return [d.get_text() for d in page.select(".paperdigest-date")]


def test_date_format_default(project):
    _, page = build(project, {})
    # an entry with only a year shows the year; one with neither shows nothing
    assert dates(page) == ["Nov 11, 2021", "Feb 26, 2021", "Mar 19, 2020", "Jun 19, 2020", "2020"]


def test_date_format(project):
    _, page = build(project, {"paperdigest_date_format": "%Y-%m-%d"})
    assert dates(page)[:2] == ["2021-11-11", "2021-02-26"]
    assert dates(page)[-1] == "2020"


def test_config_warning_points_at_conf_py(project):
    conf = (
        'extensions = ["sphinx_paperdigest"]\nexclude_patterns = ["_build", "digests"]\n'
        'paperdigest_topic_colors = {"NeRF": "chartreuse"}\n'
    )
    app = project("options", {"conf.py": conf})
    found = config_warnings(app)
    assert len(found) == 1
    assert found[0].file == str(app.srcdir / "conf.py")
    assert found[0].line == 3


#: A bad value (a wrong type or a wrong value) for every value checked when the
#: config is read, each on its own line of conf.py.
BAD_VALUES = {
    "paperdigest_thumbnail_size": '"big"',
    "paperdigest_thumbnail_fit": '"stretch"',
    "paperdigest_thumbnail_format": "3",
    "paperdigest_thumbnail_quality": "500",
    "paperdigest_keep_animation": '"yes"',
    "paperdigest_link_originals": "1",
    "paperdigest_remote_images": "True",
    "paperdigest_remote_timeout": '"10"',
    "paperdigest_remote_max_bytes": "0",
    "paperdigest_placeholder": '"nowhere.png"',
    "paperdigest_show_drafts": '"no"',
    "paperdigest_date_format": "12",
    "paperdigest_allow_private_hosts": '"yes"',
    "paperdigest_default_options": '"columns"',
    "paperdigest_topic_rules": "3",
    "paperdigest_topic_colors": '["red"]',
    "paperdigest_topic_pages": '"../up"',
    "paperdigest_exports": '"json"',
    "paperdigest_filter": '"no"',
    "paperdigest_enrich": '"arxiv"',
    "paperdigest_arxiv_api": '"ftp://example.org"',
}


def test_every_checked_value_warns_at_its_conf_py_line(project):
    """Wrong types too: a ``paperdigest.option`` warning at ``conf.py:<line>``, no other."""
    checked = {value.name for value in CONFIG_VALUES}
    assert checked <= set(BAD_VALUES)  # a new value needs a case here
    head = 'extensions = ["sphinx_paperdigest"]\nexclude_patterns = ["_build", "digests"]\n'
    conf = head + "".join(f"{name} = {value}\n" for name, value in BAD_VALUES.items())
    app = project("options", {"conf.py": conf})
    found = parsed_warnings(app)
    assert {w.type for w in found} == {"paperdigest.option"}  # none of Sphinx's own
    conf_py = str(app.srcdir / "conf.py")
    where = {w.message.split(":", 1)[0]: (w.file, w.line) for w in found}
    assert where == {name: (conf_py, 3 + n) for n, name in enumerate(BAD_VALUES)}
    assert len(found) == len(BAD_VALUES)
    for value in CONFIG_VALUES:
        if value.name in BAD_VALUES:
            expected = value.default
            if value.name == "paperdigest_thumbnail_size":
                expected = tuple(expected)
            assert getattr(app.config, value.name) == expected, value.name
