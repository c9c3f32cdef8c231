"""Topic rules in any script: word boundaries against Latin words only, folding, regexes."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.checks import Context, topic_rules
from sphinx_paperdigest.core import parse_digest
from sphinx_paperdigest.core.model import Entry
from sphinx_paperdigest.core.topicrules import (
    MAX_LINE,
    MAX_TEXT,
    TopicRules,
    keyword_pattern,
    regex_problem,
)

from .conftest import SEED


def entry(title: str, summary: str = "") -> Entry:
    return Entry(id="x", title=title, url=None, line=1, summary=summary)


def topics(rules: dict[str, list[str]], title: str, summary: str = "") -> tuple[str, ...]:
    return TopicRules.from_mapping(rules).topics_for(entry(title, summary))


@pytest.mark.parametrize(
    "text",
    ["Attentionベース", "にAttentionを導入", "Self-Attention", "ATTENTION。", "（Attention）"],
)
def test_a_latin_keyword_is_found_next_to_kana_kanji_and_punctuation(text):
    assert topics({"Attention": ["Attention"]}, text) == ("Attention",)


@pytest.mark.parametrize("text", ["Attentions", "MultiAttention", "Attention2", "attentioné"])
def test_a_latin_keyword_is_not_found_inside_a_latin_word(text):
    assert topics({"Attention": ["Attention"]}, text) == ()


def test_full_width_text_and_keywords_fold_to_ascii():
    assert topics({"SLAM": ["SLAM"]}, "ロボットのＳＬＡＭに") == ("SLAM",)
    assert topics({"SLAM": ["ＳＬＡＭ"]}, "ロボットのslamに") == ("SLAM",)
    assert topics({"GAN": ["gan"]}, "ＧＡＮｓ") == ()  # still a longer word


def test_a_keyword_that_ends_in_a_symbol_needs_no_boundary_there():
    assert topics({"C++": ["C++"]}, "written in C++.") == ("C++",)
    assert topics({"C++": ["C++"]}, "C++17") == ("C++",)  # "+" meets "1": no Latin word
    assert keyword_pattern("  ") == ""


def test_other_scripts_match_as_substrings():
    assert topics({"生成": ["拡散モデル"]}, "画像の拡散モデルの解説") == ("生成",)


def test_regular_expressions_match_case_and_width_folded():
    rules = {"ViT": ["/vision[- ]transformers?/"], "GAN": ["/\\bGANs?\\b/"]}
    assert topics(rules, "Vision-Transformer の解説") == ("ViT",)
    assert topics(rules, "two ＧＡＮｓ") == ("GAN",)
    assert topics(rules, "organs") == ()


@pytest.mark.parametrize(
    ("keyword", "why"),
    [
        ("/(a+)+$/", "repetition inside a repetition"),
        ("/(?:\\w+\\s?)*x/", "repetition inside a repetition"),
        ("/(x)\\1/", "back-references"),
        ("/[/", "not a regular expression"),
        ("/a|/", "empty text"),
    ],
)
def test_bad_or_exponential_expressions_are_refused(keyword, why):
    assert why in (regex_problem(keyword) or "")
    # and a rule made of them matches nothing rather than failing
    assert topics({"T": [keyword]}, "aaaa x") == ()


def test_bounded_nesting_is_allowed():
    assert regex_problem("/(?:ab)?c+/") is None
    assert regex_problem("/(?:ab){2}c/") is None


def test_the_text_a_rule_reads_is_bounded():
    far = "x " * MAX_TEXT + "NeRF"
    assert topics({"NeRF": ["NeRF"]}, "t", far) == ()
    long_line = "y" * MAX_LINE + " NeRF"
    assert topics({"NeRF": ["/NeRF/"]}, "t", long_line) == ()
    assert topics({"NeRF": ["/NeRF/"]}, "t", "y\nNeRF") == ("NeRF",)


def test_a_slow_pattern_on_hostile_text_is_cut_to_bounded_lines():
    # one unbounded repetition is allowed: the line limit bounds its cost
    # (benchmarks/bench_hostile.py times it); here, that it finishes and is right
    rules = TopicRules.from_mapping({"T": ["/a.*b.*c/"]})
    assert rules.topics_for(entry("t", ("a" + "b" * 5000 + "\n") * 200)) == ()
    assert rules.topics_for(entry("t", "a" + "b" * 10 + "c")) == ("T",)


def test_the_seed_topics_match_in_japanese():
    digest, _ = parse_digest(SEED.read_bytes(), path=SEED.name)
    rules = TopicRules.from_mapping({"Attention": ["Attention"], "SLAM": ["SLAM"]})
    found = {t: [e for e in digest.entries if t in rules.topics_for(e)] for t in rules_of(rules)}
    assert len(found["Attention"]) == 4
    assert len(found["SLAM"]) == 1


def rules_of(rules: TopicRules) -> list[str]:
    return [topic for topic, *_ in rules.rules]


def test_the_config_check_reports_bad_expressions_and_keeps_the_rest(tmp_path):
    checked = topic_rules({"GAN": ["GAN", "/(a+)+/"], "X": "/[/"}, Context(tmp_path))
    assert checked.value == {"GAN": ("GAN",), "X": ()}
    assert len(checked.problems) == 2
    assert "'GAN'" in checked.problems[0]
    assert "exponential" in checked.problems[0]
