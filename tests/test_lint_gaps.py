"""What ``paperdigest lint`` once let pass: each test names the gap it closes."""

from __future__ import annotations

from sphinx_paperdigest.core.profile import problems, render_parser


def _problems(text: str, line: int = 10) -> list[tuple[str, int | None, str]]:
    return [(p.code, p.line, p.message) for p in problems(render_parser(), text, line)]


def test_a_substitution_split_by_emphasis_is_reported():
    found = _problems("{{ ''.__class__.__mro__ }} and\n{{ self.__init__.__globals__ }}")
    assert [(code, line) for code, line, _ in found] == [("syntax", 10), ("syntax", 11)]
    assert "__class__" in found[0][2]
    assert "__globals__" in found[1][2]


def test_a_substitution_is_not_read_across_code_and_counts_its_lines():
    found = _problems("{{ a `code` {{ b }}\n`{{ not }}` x\n{{ c\nd }} {{ e }}")
    assert [(line, message.split(":")[0]) for _, line, message in found] == [
        (10, "'{{ b }}'"),
        (12, "'{{ c\\nd }}'"),
        (13, "'{{ e }}'"),
    ]
