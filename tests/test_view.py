"""What a directive shows of a digest, without Sphinx: options, rules, selection."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_paperdigest.core.model import Digest, DigestMeta, Entry, Group
from sphinx_paperdigest.core.view import (
    DEFAULT_COLUMNS,
    OPTION_NAMES,
    OptionError,
    TopicRules,
    ViewOptions,
    entry_topics,
    parse_options,
    select,
)

# -- parse_options ------------------------------------------------------------------------


def parsed(**raw: str | None) -> ViewOptions:
    options, errors = parse_options({k.replace("_", "-"): v for k, v in raw.items()})
    assert errors == []
    return options


def errors_of(option: str, value: str | None) -> list[OptionError]:
    options, errors = parse_options({option: value})
    assert options == ViewOptions()  # a bad value leaves the default
    return errors


def test_no_options_are_the_defaults():
    options, errors = parse_options({})
    assert errors == []
    assert options == ViewOptions()
    assert options.columns == DEFAULT_COLUMNS
    assert (options.sort, options.group_by, options.layout, options.summary) == (
        "source",
        "group",
        "grid",
        "full",
    )
    assert options.thumbnails is True
    assert options.intro is False


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ({"topics": " NeRF, 3D ,,GAN "}, "topics", ("NeRF", "3D", "GAN")),
        ({"exclude-topics": "a,b"}, "exclude_topics", ("a", "b")),
        ({"years": "2021"}, "years", ((2021, 2021),)),
        ({"years": "2019-2021, 2023"}, "years", ((2019, 2021), (2023, 2023))),
        ({"years": "2021–2019"}, "years", ((2019, 2021),)),
        ({"years": "2018 .. 2019"}, "years", ((2018, 2019),)),
        ({"group": "2021年"}, "groups", ("2021年",)),
        ({"groups": "a, b"}, "groups", ("a", "b")),
        ({"limit": " 3 "}, "limit", 3),
        ({"sort": " Newest "}, "sort", "newest"),
        ({"group-by": "topic"}, "group_by", "topic"),
        ({"columns": "2"}, "columns", (2, 2, 2, 2)),
        ({"columns": "1 2 3 4"}, "columns", (1, 2, 3, 4)),
        ({"layout": "compact"}, "layout", "compact"),
        ({"summary": "first-paragraph"}, "summary", "first-paragraph"),
        ({"thumbnails": None}, "thumbnails", True),
        ({"thumbnails": "off"}, "thumbnails", False),
        ({"thumbnails": "No"}, "thumbnails", False),
        ({"thumbnails": "0"}, "thumbnails", False),
        ({"intro": ""}, "intro", True),
        ({"intro": "yes"}, "intro", True),
        ({"intro": "TRUE"}, "intro", True),
        ({"heading-level": "3"}, "heading_level", 3),
        ({"class": "wide  dark-mode"}, "classes", ("wide", "dark-mode")),
        ({"name": "  my   papers "}, "name", "my papers"),
        ({"entry-level": "4"}, "entry_level", 4),
    ],
)
def test_each_option_is_parsed(raw, field, value):
    options, errors = parse_options(raw)
    assert errors == []
    assert getattr(options, field) == value


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("years", "21", "write years as 2021, 2019-2021, or a comma list of them"),
        ("years", ",", "no year given"),
        ("limit", "0", "must be a whole number of at least 1"),
        ("limit", "many", "invalid literal for int() with base 10: 'many'"),
        ("sort", "random", "choose one of source, newest, oldest, title"),
        ("group-by", "month", "choose one of group, year, topic, none"),
        ("columns", "1 2", "give 1 or 4 whole numbers from 1 to 12 (phone tablet laptop desktop)"),
        ("columns", "13", "give 1 or 4 whole numbers from 1 to 12 (phone tablet laptop desktop)"),
        ("thumbnails", "maybe", "'maybe' is not true or false (nor on or off)"),
        ("heading-level", "7", "must be from 1 to 6"),
        ("class", "ok 9bad", "'9bad' is not a CSS class name"),
        ("name", "  ", "empty name"),
    ],
)
def test_a_bad_value_is_an_error_and_the_default_stays(option, value, reason):
    assert errors_of(option, value) == [OptionError(option, value, reason)]


def test_an_unknown_option_is_an_error_that_says_what_was_meant():
    [error] = errors_of("topic", "NeRF")
    assert error.unknown and error.option == "topic"
    assert "did you mean :topics:?" in error.reason
    [error] = errors_of("colour", "red")
    assert error.unknown and error.reason.startswith("unknown option")


def test_option_errors_say_what_happens():
    error = OptionError("sort", "random", "choose one of source, newest")
    assert str(error) == ":sort: 'random': choose one of source, newest; the default is used"


def test_the_directive_overrides_project_defaults():
    options, errors = parse_options(
        {"layout": "compact", "sort": "bad"}, defaults={"layout": "list", "sort": "title"}
    )
    assert (options.layout, options.sort) == ("compact", "title")  # bad: the project's
    assert errors == [OptionError("sort", "bad", "choose one of source, newest, oldest, title")]


def test_bad_project_defaults_are_errors_too():
    options, errors = parse_options({}, defaults={"limit": "-1"})
    assert options.limit is None
    assert [e.option for e in errors] == ["limit"]


def test_every_option_name_parses():
    samples = {"years": "2021", "limit": "1", "sort": "title", "group-by": "none",
               "columns": "1", "layout": "list", "summary": "none", "heading-level": "2",
               "class": "x", "name": "n", "entry-level": "2", "thumbnails": "off",
               "intro": "on", "entry": "item"}  # fmt: skip
    options, errors = parse_options({name: samples.get(name, "x") for name in OPTION_NAMES})
    assert errors == []
    assert options != ViewOptions()


# -- topics -------------------------------------------------------------------------------


def entry(
    title: str,
    *,
    year: int | None = None,
    date: dt.date | None = None,
    topics: tuple[str, ...] = (),
    summary: str = "",
) -> Entry:
    return Entry(
        id=title.lower().replace(" ", "-"),
        title=title,
        url=None,
        line=1,
        summary=summary,
        topics=topics,
        date=date,
        year=date.year if date else year,
    )


def digest(*groups: Group, topics: tuple[str, ...] = ()) -> Digest:
    return Digest(path=None, meta=DigestMeta(topics=topics), groups=groups)


def test_ascii_keywords_match_whole_words_in_any_case():
    rules = TopicRules.from_mapping({"GAN": ["gan", " GANs "], "NeRF": ["radiance field"]})
    assert rules.topics_for(entry("A GAN for cats")) == ("GAN",)
    assert rules.topics_for(entry("Organ donors")) == ()
    assert rules.topics_for(entry("x", summary="two GANS")) == ("GAN",)
    assert rules.topics_for(entry("Neural Radiance Fields")) == ()  # not the whole word
    assert rules.topics_for(entry("a radiance field")) == ("NeRF",)


def test_other_keywords_match_anywhere():
    rules = TopicRules.from_mapping({"生成": ["拡散モデル"], "empty": ["", "  "]})
    assert rules.topics_for(entry("画像の拡散モデルの解説")) == ("生成",)
    assert rules.rules[0][0] == "生成"
    assert len(rules.rules) == 1  # a topic with no keyword has no rule


def test_rule_topics_come_after_the_entrys_own_or_the_digests():
    rules = TopicRules.from_mapping({"GAN": ["gan"], "ml": ["gan"]})
    whole = digest(topics=("ml",))
    assert entry_topics(entry("GAN", topics=("vision",)), whole, rules) == ("vision", "GAN", "ml")
    assert entry_topics(entry("GAN"), whole, rules) == ("ml", "GAN")
    assert entry_topics(entry("none"), whole, TopicRules()) == ("ml",)


# -- select -------------------------------------------------------------------------------

A = entry("Alpha", date=dt.date(2021, 6, 13), topics=("NeRF",))
B = entry("beta", year=2020, topics=("GAN", "nerf"))
C = entry("Gamma", date=dt.date(2021, 1, 2))
D = entry("delta", topics=("GAN",))
SAMPLE = digest(
    Group("2021年", 1, (A, C), year=2021, intro="Intro of 2021.", intro_line=2),
    Group("2020年", 9, (B,), year=2020),
    Group("", None, (D,)),
)


def titles(sections) -> list[tuple[str, list[str]]]:
    return [(s.title, [i.entry.title for i in s.items]) for s in sections]


def test_by_group_in_file_order_with_intros():
    sections = select(SAMPLE, ViewOptions(), TopicRules())
    assert titles(sections) == [("2021年", ["Alpha", "Gamma"]), ("2020年", ["beta"]),
                                ("", ["delta"])]  # fmt: skip
    first = sections[0]
    assert (first.kind, first.year, first.key) == ("group", 2021, "group-0")
    assert (first.intro, first.intro_line) == ("Intro of 2021.", 2)
    assert sections[0].items[0].topics == ("NeRF",)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (ViewOptions(topics=("nerf",)), ["Alpha", "beta"]),  # topics fold case
        (ViewOptions(exclude_topics=("GAN",)), ["Alpha", "Gamma"]),
        (ViewOptions(topics=("nerf",), exclude_topics=("gan",)), ["Alpha"]),
        (ViewOptions(years=((2020, 2020),)), ["beta"]),
        (ViewOptions(years=((2019, 2020), (2021, 2021))), ["Alpha", "Gamma", "beta"]),
        (ViewOptions(groups=("2020年", "")), ["beta", "delta"]),
        (ViewOptions(limit=2), ["Alpha", "Gamma"]),
    ],
)
def test_filters(options, expected):
    sections = select(SAMPLE, options, TopicRules())
    assert [i.entry.title for s in sections for i in s.items] == expected


def test_digest_topics_and_rules_take_part_in_filters():
    whole = digest(Group("", None, (entry("A GAN"), entry("plain"))), topics=("ml",))
    rules = TopicRules.from_mapping({"GAN": ["gan"]})
    options = ViewOptions(topics=("gan",), group_by="none")
    assert titles(select(whole, options, rules)) == [("", ["A GAN"])]
    options = ViewOptions(topics=("ML",), group_by="none")
    assert titles(select(whole, options, rules)) == [("", ["A GAN", "plain"])]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("source", ["Alpha", "Gamma", "beta", "delta"]),
        ("newest", ["Alpha", "Gamma", "beta", "delta"]),  # undated last
        ("oldest", ["beta", "Gamma", "Alpha", "delta"]),  # a year sorts before its dates
        ("title", ["Alpha", "beta", "delta", "Gamma"]),  # case folded
    ],
)
def test_sorts(sort, expected):
    sections = select(SAMPLE, ViewOptions(sort=sort, group_by="none"), TopicRules())
    assert titles(sections) == [("", expected)]
    assert (sections[0].kind, sections[0].key) == ("all", "")


def test_the_limit_applies_after_sorting():
    sections = select(SAMPLE, ViewOptions(sort="oldest", limit=2, group_by="none"), TopicRules())
    assert titles(sections) == [("", ["beta", "Gamma"])]


def test_nothing_selected_is_no_section():
    for group_by in ("none", "group", "year", "topic"):
        options = ViewOptions(topics=("nothing",), group_by=group_by)
        assert select(SAMPLE, options, TopicRules()) == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("source", [("2021", 2021, "year-2021"), ("2020", 2020, "year-2020")]),
        ("newest", [("2021", 2021, "year-2021"), ("2020", 2020, "year-2020")]),
        ("oldest", [("2020", 2020, "year-2020"), ("2021", 2021, "year-2021")]),
    ],
)
def test_by_year_undated_last(sort, expected):
    sections = select(SAMPLE, ViewOptions(group_by="year", sort=sort), TopicRules(), "Sans date")
    assert [(s.title, s.year, s.key) for s in sections] == [
        *expected,
        ("Sans date", None, "undated"),
    ]
    assert {s.kind for s in sections} == {"year"}
    assert titles(sections)[-1] == ("Sans date", ["delta"])


def test_by_year_in_source_order_keeps_first_seen_order():
    whole = digest(Group("", None, (entry("old", year=2019), entry("new", year=2022))))
    sections = select(whole, ViewOptions(group_by="year"), TopicRules())
    assert [s.title for s in sections] == ["2019", "2022"]


def test_by_topic_an_entry_is_under_each_of_its_topics():
    sections = select(SAMPLE, ViewOptions(group_by="topic"), TopicRules(), no_topic="Sans")
    assert titles(sections) == [
        ("NeRF", ["Alpha"]),
        ("GAN", ["beta", "delta"]),
        ("nerf", ["beta"]),  # topics are names: case is kept, not folded
        ("Sans", ["Gamma"]),
    ]
    assert [s.key for s in sections] == ["topic-NeRF", "topic-GAN", "topic-nerf", "no-topic"]


def test_neighbouring_sections_of_one_group_are_merged():
    # a file that resumes a group after a sub-group the options leave out
    whole = digest(
        Group("2021", 1, (A,), year=2021, intro="first", intro_line=2),
        Group("sub", 5, (D,)),
        Group("2021", 9, (C,), year=2021, intro="second", intro_line=10),
    )
    sections = select(whole, ViewOptions(exclude_topics=("GAN",)), TopicRules())
    assert titles(sections) == [("2021", ["Alpha", "Gamma"])]
    assert (sections[0].key, sections[0].intro) == ("group-0", "first")
    # not merged when something stands between them
    sections = select(whole, ViewOptions(), TopicRules())
    assert titles(sections) == [("2021", ["Alpha"]), ("sub", ["delta"]), ("2021", ["Gamma"])]
    assert [s.key for s in sections] == ["group-0", "group-1", "group-2"]
