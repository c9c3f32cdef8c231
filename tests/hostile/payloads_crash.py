"""Crashes: huge numbers, deep nesting, long names and lines, odd characters and files."""

from __future__ import annotations

from . import (
    Payload,
    digest,
    entry,
)

_CODE = "```"
_BIG = "9" * 5000
_HEX = "0x" + "f" * 5000
_TWO = entry("First", "One.") + "\n" + entry("Second", "Two.")


def _front(name: str, front: str, *, flagged: bool = True, **kwargs: object) -> Payload:
    """Two plain entries under the front matter ``front``."""
    return Payload(name, digest(_TWO, front=front), 2, flagged=flagged, **kwargs)  # type: ignore[arg-type]


def _one(name: str, body: str, *, flagged: bool = False, **kwargs: object) -> Payload:
    """One entry whose summary is ``body``, then a second plain entry."""
    text = digest(entry("Paper", body), entry("After", "Still here."))
    return Payload(name, text, 2, flagged=flagged, **kwargs)  # type: ignore[arg-type]


_CONTROL = "".join(chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127))

PAYLOADS = [
    # -- huge numbers --------------------------------------------------------------------
    _front("crash-yaml-bigint-entry-level", f"paperdigest: {{entry_level: {_BIG}}}"),
    _front(
        "crash-yaml-bigint-title",
        f"title: {_BIG}\nemoji: {_BIG}\ntopics: [{_BIG}]",
    ),
    _front("crash-yaml-bigint-date", f"date: {_BIG}"),
    _front("crash-yaml-bigint-extra", f"count: {_BIG}\nnested: {{a: [{_BIG}]}}"),
    _front("crash-yaml-hexint", f"paperdigest: {{entry_level: {_HEX}}}\ndate: {_HEX}"),
    _front("crash-yaml-float-inf", "paperdigest: {entry_level: .inf}\ndate: .nan\ntitle: -.inf"),
    _front("crash-yaml-float-huge", "paperdigest: {entry_level: 1e999}\npublished: 1e400"),
    _front("crash-yaml-entry-level-odd", "paperdigest: {entry_level: -3}"),
    Payload(
        "crash-toml-bigint",
        f"+++\ntitle = 'x'\ncount = {_BIG}\n+++\n\n" + digest(_TWO),
        2,
    ),
    Payload("crash-toml-hexint", f"+++\ncount = {_HEX}\n+++\n\n" + digest(_TWO), 2),
    Payload(
        "crash-meta-bigint",
        digest(entry("Paper", f"<!-- paperdigest\nentry_level: {_BIG}\nid: {_BIG}\n-->\n\nText.")),
        1,
    ),
    Payload(
        "crash-json-bigint",
        f'{{"title": {_BIG}, "entries": '
        f'[{{"title": "Paper", "date": {_BIG}}}, {{"title": {_BIG}}}]}}',
        2,
        suffix=".json",
    ),
    Payload(
        "crash-yaml-structured-bigint",
        f"entries:\n  - title: Paper\n    date: {_BIG}\n    id: {_BIG}\n  - title: {_HEX}\n",
        2,
        suffix=".yaml",
    ),
    Payload(
        "crash-toml-structured-bigint",
        f'[[entries]]\ntitle = "Paper"\nyear = {_BIG}\n',
        1,
        suffix=".toml",
    ),
    # -- deep nesting -----------------------------------------------------------------------
    _one("crash-deep-brackets", "[" * 10000 + "x" + "]" * 10000),
    _one("crash-deep-links", "[" * 3000 + "x" + "](https://example.org/)" * 3000),
    _one("crash-deep-quotes", ">" * 5000 + " deep"),
    _one("crash-deep-lists", "".join("  " * i + "- x\n" for i in range(400))),
    _one("crash-deep-ordered", "".join("   " * i + "1. x\n" for i in range(400))),
    _one("crash-deep-emphasis", "*_" * 5000 + "x" + "_*" * 5000),
    _one("crash-deep-html", "<div>" * 10000 + "x" + "</div>" * 10000, flagged=True),
    _one("crash-deep-containers", ":::details a\n" * 200 + "x\n" + ":::\n" * 200),
    _front("crash-yaml-deep-flow", "topics: " + "[" * 800 + "x" + "]" * 800),
    _front("crash-yaml-deep-flow-unclosed", "topics: " + "[" * 800),
    _front(
        "crash-yaml-deep-block",
        "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v: 1",
        flagged=False,
    ),
    Payload(
        "crash-json-deep",
        '{"entries": [{"title": "Paper", "x": ' + "[" * 5000 + "]" * 5000 + "}]}",
        1,
        suffix=".json",
        flagged=False,
    ),
    Payload(
        "crash-json-deep-unclosed",
        '{"entries": [{"title": "Paper", "x": ' + "[" * 100000,
        0,
        suffix=".json",
    ),
    # -- long names and lines -----------------------------------------------------------------
    _one(
        "crash-picture-name-huge",
        "![x](" + "p" * 100_000 + ".png)",
        flagged=True,
    ),
    _one("crash-long-line", "word " * 40_000),
    _one("crash-long-word", "x" * 100_000),
    Payload("crash-long-title", digest(entry("T" * 50_000, "Text.")), 1, flagged=False),
    Payload(
        "crash-long-article-url",
        digest(entry("Long URL", "Text.", url="https://example.org/" + "u" * 100_000)),
        1,
        flagged=False,
    ),
    _one("crash-long-url", "[x](https://example.org/" + "a" * 100_000 + ")"),
    _one("crash-many-columns", "|" + " a |" * 300 + "\n|" + " - |" * 300 + "\n|" + " b |" * 300),
    # -- characters and bytes --------------------------------------------------------------------
    Payload(
        "crash-nul",
        "# 2021\n\n## [Pa\x00per](https://example.org/nul\x00)\n\n"
        "NUL \x00 in text, `\x00` code.\n\n" + entry("After", "Still here."),
        2,
        flagged=False,
    ),
    Payload(
        "crash-control-characters",
        f'---\ntitle: "t\\x1b[31m"\nemoji: "\\x07"\n---\n\n# 2021\n\n## [Con{_CONTROL}trol](https://example.org/c)\n\n'
        f"Text {_CONTROL} and \u2028 \u2029 \ufeff \ufffe \uffff \u202e.\n\n"
        + entry("After", "Still here."),
        2,
        flagged=False,
    ),
    Payload(
        "crash-invalid-utf8",
        b"# 2021\n\n## [Bad \xff\xfe bytes](https://example.org/a)\n\n"
        b"Text \xed\xa0\x80 \xc0\xaf \x80.\n\n" + entry("After", "Still here.").encode(),
        2,
    ),
    # not UTF-8: reported (encoding), and read as what its bytes say in UTF-8
    Payload("crash-utf16", ("\ufeff" + digest(_TWO)).encode("utf-16-le"), 0),
    Payload(
        "crash-bom-front-matter",
        ("\ufeff" + digest(_TWO, front="title: BOM")).encode(),
        2,
        flagged=False,
    ),
    Payload("crash-cr-only", digest(_TWO).replace("\n", "\r"), 2, flagged=False),
    # code that does not lex in the language it names is shown plain, never a Sphinx warning
    _one(
        "crash-code-that-does-not-lex",
        f"{_CODE}python\n?/ $ `\n{_CODE}\n\n{_CODE}json\n{{bad: ]\n{_CODE}\n\n"
        f':::{{note}}\n{_CODE}{{code-block}} c\n"unclosed\n{_CODE}\n:::',
    ),
    # -- odd files ---------------------------------------------------------------------------
    Payload("crash-fifo-digest", "", 0, prepare="fifo-digest"),
    Payload("crash-directory-digest", "", 0, prepare="directory-digest"),
    Payload("crash-empty", "", 0),
    Payload("crash-only-front-matter", "---\ntitle: x\n---\n", 0),
    # -- front matter of every wrong shape ------------------------------------------------------
    _front("crash-front-list", "- a\n- b"),
    _front("crash-front-scalar", '"just a string"'),
    _front(
        "crash-front-types",
        "title: [1, 2]\nemoji: {a: b}\ntopics: 5\npublished: maybe\ndate: [1]\npaperdigest: [1]",
    ),
    _front(
        "crash-front-tags",
        "title: !!binary aGk=\ndate: !!timestamp 2021-99-99\ntopics: !!set {a, b}",
    ),
    _front("crash-front-duplicate-keys", "title: a\ntitle: b", flagged=False),
    Payload("crash-front-unclosed", "---\ntitle: x\n\n" + digest(_TWO), 2),
    Payload("crash-toml-bad", "+++\ntitle = \n+++\n\n" + digest(_TWO), 2),
    Payload(
        "crash-toml-datetime",
        "+++\ndate = 9999-12-31T23:59:60Z\n+++\n\n" + digest(_TWO),
        2,
        flagged=False,
    ),
    Payload(
        "crash-dates",
        digest(
            entry(
                "A",
                "<!-- paperdigest\ndate: 0001-01-01\n-->",
                url="https://example.org/0000-00-00-a/",
            ),
            entry(
                "B",
                "<!-- paperdigest\ndate: 9999-12-31\n-->",
                url="https://example.org/9999/99/99/b",
            ),
            entry(
                "C",
                "<!-- paperdigest\ndate: '2021-02-30'\n-->",
                url="https://example.org/2021-13-45-c/",
            ),
        ),
        3,
    ),
    # -- headings and ids -----------------------------------------------------------------------
    Payload(
        "crash-empty-headings",
        "# 2021\n\n##\n\n## []()\n\n## [](javascript:)\n\n## [ ](https://example.org/a)\n",
        4,
    ),
    Payload(
        "crash-colliding-ids",
        digest(
            entry("Index", "<!-- paperdigest\nid: index\n-->", url="https://example.org/index"),
            entry("Genindex", "<!-- paperdigest\nid: genindex\n-->", url="https://example.org/g"),
            entry("Same", "<!-- paperdigest\nid: same\n-->", url="https://example.org/s1"),
            entry("Same", "<!-- paperdigest\nid: same\n-->", url="https://example.org/s2"),
            entry("2021", "", url="https://example.org/2021"),
        ),
        5,
    ),
    Payload(
        "crash-entry-level-override",
        digest(_TWO, front="paperdigest: {entry_level: 6}"),
        2,
        flagged=False,
    ),
    Payload(
        "crash-footnotes",
        digest(entry("Paper", "A[^1] B[^1] C[^x] D[^].\n\n[^1]: one\n[^1]: again\n[^x]: [^x]")),
        1,
        flagged=False,
    ),
]
