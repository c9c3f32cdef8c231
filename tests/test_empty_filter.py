"""A filter that leaves nothing is a ``paperdigest.empty`` warning that says what exists."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.core import parse_digest
from sphinx_paperdigest.core.view import TopicRules, empty_selection, parse_options

from .conftest import SEED, page_with, parsed_warnings, soup


def seed_page(options: str) -> str:
    return page_with(options, digest="digests/digest-example.md")


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (":topics: NeRF, SLAM", ":topics: NeRF, SLAM leaves none of the digest's 11 entries"),
        (":years: 2019", ":years: 2019 leaves none"),
        (":years: 2017-2019", ":years: 2017-2019 leaves none"),
        (":exclude-topics: 機械学習", ":exclude-topics: 機械学習 leaves none"),
    ],
)
def test_a_filter_that_leaves_nothing_is_one_located_warning(project, options, said):
    app = project("seed", {"index.md": seed_page(options)})
    warnings = [w for w in parsed_warnings(app) if w.type == "paperdigest.empty"]
    assert len(warnings) == 1
    message = warnings[0].message
    assert said in message
    assert "topics: 機械学習" in message
    assert "years: 2021, 2020" in message or "years: 2020, 2021" in message
    assert warnings[0].location.endswith("index.md:3")
    assert not soup(app.outdir / "index.html").select(".paperdigest-card")


def test_groups_filter_names_the_groups(project):
    app = project("seed", {"index.md": seed_page(":groups: 2019年")})
    (warning,) = [w for w in parsed_warnings(app) if w.type == "paperdigest.empty"]
    assert "groups: 2021年, 2020年" in warning.message


def test_a_filter_that_keeps_something_says_nothing(project):
    app = project("seed", {"index.md": seed_page(":years: 2020")})
    assert [w for w in parsed_warnings(app) if w.type == "paperdigest.empty"] == []
    assert len(soup(app.outdir / "index.html").select(".paperdigest-card")) == 4  # by URL dates


def test_rule_topics_count_as_what_exists():
    digest, _ = parse_digest(SEED.read_bytes(), path=SEED.name)
    options, _ = parse_options({"topics": "NeRF"})
    rules = TopicRules.from_mapping({"SLAM": ["SLAM"]})
    why = empty_selection(digest, options, rules)
    assert why is not None
    assert "topics: 機械学習, SLAM" in why
    # with a rule that makes NeRF a topic, the filter keeps an entry
    assert empty_selection(digest, options, TopicRules.from_mapping({"NeRF": ["NeRF"]})) is None


def test_an_empty_digest_is_the_readers_warning_not_this_one():
    digest, diagnostics = parse_digest("no entries here\n")
    options, _ = parse_options({"topics": "x"})
    assert empty_selection(digest, options, TopicRules()) is None
    assert [d.code for d in diagnostics] == ["empty"]
