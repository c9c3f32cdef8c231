"""What ``paperdigest lint`` once let pass: each test names the gap it closes."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.core import hosts
from sphinx_paperdigest.core.mdit import normalize_link
from sphinx_paperdigest.core.profile import problems, render_parser
from sphinx_paperdigest.core.reader import parse_digest


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


@pytest.mark.parametrize(
    ("picture", "said"),
    [
        ("http://[fe80::1%25lo]:8/x.png", "(fe80::1) is a link-local address"),
        ("http://[::1%25eth0]/x.png", "(::1) is a loopback address"),
        (
            "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:8/x.png",
            "127.0.0.1 is a loopback address",
        ),
        ("http://\uff11\uff12\uff17\u3002\uff11/x.png", "(127.0.0.1) is a loopback address"),
    ],
)
def test_a_private_host_hidden_by_a_zone_or_full_width_digits_is_reported(picture, said):
    _, diagnostics = parse_digest(f"# 2021\n\n## [P](https://example.org/p)\n\n![x]({picture})\n")
    found = [(d.code, d.line) for d in diagnostics]
    assert found == [("private-host", 5)], diagnostics
    assert said in diagnostics[0].message


def test_markdown_keeps_a_bracketed_host_in_place():
    # markdown-it's own normalisation moves ``[fe80::1%25lo]`` into the path
    assert normalize_link("http://[fe80::1%25lo]:9/a b") == "http://[fe80::1%25lo]:9/a%20b"
    assert normalize_link('http://u"@[::1"]/x') == "http://u%22@[::1%22]/x"
    assert hosts.url_host(normalize_link("http://\uff11\uff12\uff17.0.0.1/")) == "127.0.0.1"
    assert hosts.private_host("http://xn--bcher-kva.example/") is None
