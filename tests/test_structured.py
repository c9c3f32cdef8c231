"""Structured digests (YAML, JSON, TOML) read into the same model."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sphinx_paperdigest.core import parse_digest, read_digest

from .conftest import FIXTURES

DIGESTS = FIXTURES / "digests"
FORMATS = ["yaml", "json", "toml"]

# line of each entry's mapping in each file
LINES = {"yaml": [6, 17, 21], "json": [7, 20, 26], "toml": [6, 18, 24]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_structured(fmt):
    digest, diagnostics = read_digest(DIGESTS / f"structured.{fmt}")
    assert diagnostics == []
    assert digest.format == fmt
    assert digest.meta.title == "Structured digest"
    assert digest.meta.emoji == "📚"
    assert digest.meta.topics == ("ml",)
    assert digest.intro == "Papers I keep as data."
    assert [(g.title, g.year, len(g.entries)) for g in digest.groups] == [
        ("2021", 2021, 1),
        ("2020", 2020, 2),
    ]
    first, second, third = digest.entries
    assert first.id == "2106.02584"
    assert first.date == dt.date(2021, 6, 13)
    assert first.topics == ("tabular",)
    assert [(p.kind, p.label) for p in first.papers] == [
        ("github", ""),
        ("doi", "DOI"),
        ("arxiv", "the paper"),
    ]
    assert (first.thumbnail.src, first.thumbnail.alt, first.thumbnail.width) == (
        "images/npts.png",
        "NPTs",
        400,
    )
    assert dict(first.meta) == {"venue": "NeurIPS"}
    assert first.summary.startswith("Non-parametric transformers")
    assert second.date == dt.date(2020, 9, 8)
    assert third.url is None
    assert third.year == 2020
    assert [e.line for e in digest.entries] == LINES[fmt]


def test_formats_agree():
    def without_lines(digest):
        entries = [
            dataclasses.replace(
                e,
                line=0,
                summary_line=None,
                papers=tuple(dataclasses.replace(p, line=None) for p in e.papers),
                images=(),
                thumbnail=None,
            )
            for e in digest.entries
        ]
        return entries

    digests = [read_digest(DIGESTS / f"structured.{fmt}")[0] for fmt in FORMATS]
    assert without_lines(digests[0]) == without_lines(digests[1]) == without_lines(digests[2])


def test_groups_form():
    digest, diagnostics = parse_digest(
        "groups:\n  - title: 2021年\n    intro: Hi\n    entries:\n      - title: A\n",
        format="yaml",
    )
    assert diagnostics == []
    assert [(g.title, g.year, g.intro, g.line) for g in digest.groups] == [
        ("2021年", 2021, "Hi", 2)
    ]
    assert digest.entries[0].line == 5


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("yaml", "title: [unclosed\n", [("structure", 2)]),
        ("json", '{"entries": [}', [("structure", 1)]),
        ("toml", 'title = "x\n', [("structure", 1)]),
        ("yaml", "- just\n- a list\n", [("structure", 1)]),
        ("yaml", "entries: 3\n", [("structure", 1), ("empty", None)]),
        ("json", '{"groups": 3}', [("structure", 1), ("empty", None)]),
        ("yaml", "entries:\n  - plain text entry\n  - title: B\n", [("structure", 1)]),
        (
            "yaml",
            "entries:\n  - title: A\n    url: javascript:alert(1)\n    papers: [3]\n",
            [("structure", 2), ("unsafe-url", 2)],
        ),
    ],
)
def test_bad_structure(fmt, text, expected):
    _, diagnostics = parse_digest(text, format=fmt)
    assert [(d.code, d.line) for d in diagnostics if d.code != "empty"] == [
        e for e in expected if e[0] != "empty"
    ]
    if ("empty", None) in expected:
        assert ("empty", None) in [(d.code, d.line) for d in diagnostics]


def test_bare_value_entry_is_kept():
    digest, _ = parse_digest("entries:\n  - plain text entry\n  - title: B\n", format="yaml")
    assert [e.title for e in digest.entries] == ["plain text entry", "B"]
