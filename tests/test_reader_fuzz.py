"""Property tests: no input makes the reader raise, and what it reports stays in the file."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from sphinx_paperdigest.core import parse_digest
from sphinx_paperdigest.core.html import scan_html
from sphinx_paperdigest.core.limits import MAX_MESSAGE, Budget
from sphinx_paperdigest.core.mdit import (
    IPV6_ZONE_URL_RE,
    PLAIN_URL_RE,
    normalize_link,
    reader_parser,
)
from sphinx_paperdigest.core.scan import MarkdownScanner, split_lines
from sphinx_paperdigest.core.serialize import digest_data
from sphinx_paperdigest.core.source import SummarySource, strip_picture
from sphinx_paperdigest.core.urls import trim_bare_url

# pieces digests are made of, to build inputs that reach deep into the reader
PIECES = [
    "---\n",
    "+++\n",
    "title: x\n",
    "topics: [a, b]\n",
    "# 2021年\n",
    "## [Title](https://tech.example.org/posts/2021-06-13-x/)\n",
    "### [T](https://arxiv.org/abs/2106.02584v2)\n",
    "## Plain\n",
    "Setext\n------\n",
    "text with https://arxiv.org/pdf/2101.08692.pdf)という\n",
    "[broken](javascript:alert(1))\n",
    "<img src='a.png' width=400>\n",
    "<img src='../x.png'>\n",
    "![p](b.png =250x)\n",
    "<br>\n",
    "<!-- paperdigest\ntopics: [x]\ndate: 2021-13-01\n-->\n",
    "<!-- never closed\n",
    "<script>x</script>\n",
    ":::details T\n# inner\n:::\n",
    "```\n# code\n```\n",
    "- item [a](https://github.com/o/r)\n",
    "\n",
    "\x0c\u2028\x85",
    "[ref]: https://doi.org/10.1/x\n",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=30))
def test_reader_never_raises(pieces):
    text = "".join(pieces)
    digest, diagnostics = parse_digest(text)
    # "\r\n" and a lone "\r" end lines too, as in any editor
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for diagnostic in diagnostics:
        assert diagnostic.line is None or 1 <= diagnostic.line <= lines
    for entry in digest.entries:
        assert 1 <= entry.line <= lines
        assert entry.id
        for paper in entry.papers:
            assert paper.url.startswith(("http://", "https://"))
    assert len({e.id for e in digest.entries}) == len(digest.entries)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_bytes_never_raise(data):
    parse_digest(data)


def test_unicode_line_separators_do_not_shift_lines():
    text = "Intro\x0c with \u2028 odd \x85 breaks.\n\n## [A](https://x.org/a)\n\nText.\n"
    digest, diagnostics = parse_digest(text)
    assert diagnostics == []
    assert digest.entries[0].line == 3
    assert digest.entries[0].summary == "Text."


# -- the reader parser's fast link normalisation ----------------------------------------

URL_CHARS = "ABCxyz019/?:&=+$,-_.!~*'()#;@%[] \\é"


@settings(max_examples=500, deadline=None)
@given(st.from_regex(PLAIN_URL_RE, fullmatch=True))
def test_plain_urls_are_what_normalize_link_gives(url):
    assert normalize_link(url) == url == normalizeLink(url)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "//", "", "mailto:", "x:"]),
    st.text(alphabet="abcXY09.-:_@[]é", max_size=10),
    st.text(alphabet=URL_CHARS, max_size=16),
)
def test_normalize_link_agrees_with_markdown_it(scheme, host, rest):
    url = scheme + host + rest
    # markdown-it moves an IPv6 host with a zone id into the path; ours keeps it
    assume(IPV6_ZONE_URL_RE.match(url) is None)
    assert normalize_link(url) == normalizeLink(url)


def test_reader_parser_uses_the_fast_normalisation():
    assert reader_parser().normalizeLink is normalize_link


# -- hostile digests: front matter, headings, links, raw HTML, deep nesting -------------

SAFE_WORDS = st.text(alphabet="abcdefghij KLMNOP0123456789", min_size=1, max_size=12)
URLS = st.one_of(
    st.builds("https://x.org/{}".format, SAFE_WORDS),
    st.sampled_from(["javascript:alert(1)", "data:text/html,x", "//cdn.x.org/a", "a.png", "../x"]),
    st.text(alphabet="abc:/()<> []%\\", max_size=20),
)


def _number() -> st.SearchStrategy[str]:
    digits = st.integers(min_value=1, max_value=6000)
    return st.one_of(
        st.integers().map(str),
        digits.map(lambda n: "9" * n),
        digits.map(lambda n: "0x" + "f" * n),
        digits.map(lambda n: "0b" + "1" * n),
        digits.map(lambda n: "-" + "1" * n + ".5"),
    )


def _nested(open_: str, close: str) -> st.SearchStrategy[str]:
    return st.integers(min_value=0, max_value=300).map(lambda n: open_ * n + "1" + close * n)


YAML_VALUES = st.recursive(
    st.one_of(
        _number(),
        SAFE_WORDS,
        st.sampled_from(['"\\ud800"', '"\\ud83d\\ude00"', "!!bool x", "!!timestamp y", "~", "*a"]),
        _nested("[", "]"),
        _nested("{k: ", "}"),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.tuples(st.sampled_from(["&a ", "&b ", ""]), st.lists(inner, max_size=4)).map(
            lambda t: t[0] + "[" + ", ".join(t[1]) + "]"
        ),
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join([*xs, "*b"]) + "]"),
    ),
    max_leaves=12,
)
TOML_VALUES = st.recursive(
    st.one_of(_number(), SAFE_WORDS.map(json.dumps), _nested("[", "]"), _nested("{k = ", "}")),
    lambda inner: st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
    max_leaves=8,
)
KEYS = st.sampled_from(["title", "topics", "date", "n", "paperdigest", "a.b.c", "x"])
YAML_FRONT = st.lists(st.tuples(KEYS, YAML_VALUES), max_size=5).map(
    lambda kv: "---\n" + "".join(f"{k}: {v}\n" for k, v in kv) + "---\n"
)
TOML_FRONT = st.lists(st.tuples(KEYS, TOML_VALUES), max_size=5).map(
    lambda kv: "+++\n" + "".join(f"{k} = {v}\n" for k, v in kv) + "+++\n"
)
# pieces of an entry's body that close what they open (an unclosed fence or
# <pre> would rightly take every later heading into itself)
BODY = st.one_of(
    SAFE_WORDS,
    st.builds("[{}]({})".format, SAFE_WORDS, URLS),
    st.builds("![{}]({})".format, SAFE_WORDS, URLS),
    st.builds("<img src='{}' width='{}'>".format, URLS, st.sampled_from(["1", "x", "9" * 50])),
    st.builds("<a href='{}'>{}</a>".format, URLS, SAFE_WORDS),
    st.builds("<div>{}".format, st.text(alphabet="<>/!?ab= '\"", max_size=30)),
    st.sampled_from(["<![foo[x", "https://x.org/a)))", "[r]: https://x.org", "<a <a <a"]),
    st.integers(min_value=1, max_value=300).map(lambda n: ">" * n + " q"),
    st.integers(min_value=1, max_value=60).map(
        lambda n: "".join("  " * i + "- x\n" for i in range(n))
    ),
    st.integers(min_value=1, max_value=300).map(lambda n: "[" * n + "x" + "]" * n),
    st.integers(min_value=1, max_value=300).map(lambda n: "*" * n + "x" + "_" * n),
)
# comments: closed ones (metadata), or unclosed ones, not both: an unclosed
# comment ends at the first "-->" after it, and what is between is a comment
CLOSED_COMMENTS = st.builds("<!-- paperdigest\nx: {}\n-->".format, YAML_VALUES)
UNCLOSED_COMMENTS = st.sampled_from(["<!-- never closed", "<!--", "  <!-- x"])


@st.composite
def hostile_digests(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A digest whose entries all have distinct linked headings, and their titles."""
    front = draw(st.one_of(st.just(""), YAML_FRONT, TOML_FRONT))
    comments = draw(st.sampled_from([CLOSED_COMMENTS, UNCLOSED_COMMENTS]))
    count = draw(st.integers(min_value=1, max_value=6))
    titles = [f"Entry {i} {draw(SAFE_WORDS).strip()}".strip() for i in range(count)]
    parts = [front, "\n"]
    for i, title in enumerate(titles):
        parts.append(f"## [{title}](https://x.org/{i})\n\n")
        for piece in draw(st.lists(st.one_of(BODY, comments), max_size=4)):
            parts.append(piece + "\n\n")
    return "".join(parts), [" ".join(t.split()) for t in titles]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_digests())
def test_hostile_digests_keep_every_entry(case):
    text, titles = case
    digest, diagnostics = parse_digest(text)
    assert [e.title for e in digest.entries] == titles
    lines = text.count("\n") + 1
    for diagnostic in diagnostics:
        assert diagnostic.line is None or 1 <= diagnostic.line <= lines, diagnostic
        assert len(diagnostic.message) <= MAX_MESSAGE
    json.dumps(digest_data(digest, diagnostics), ensure_ascii=False).encode()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(YAML_FRONT, TOML_FRONT), st.sampled_from(["md", "yaml", "toml", "json"]))
def test_front_matter_and_structured_data_never_raise(front, fmt):
    if fmt == "md":
        text = front + "\n## [A](https://x.org/a)\n"
    elif fmt == "json":
        text = '{"n": ' + front.replace("---", "").replace("+++", "") + ', "entries": []}'
    else:
        text = front.strip("-+\n") + "\nentries:\n- title: A\n"
    digest, diagnostics = parse_digest(text, path=f"d.{fmt}")
    lines = text.count("\n") + 1
    for diagnostic in diagnostics:
        assert diagnostic.line is None or 1 <= diagnostic.line <= lines, diagnostic
    json.dumps(digest_data(digest, diagnostics), ensure_ascii=False).encode()
    if fmt == "md":
        assert [e.title for e in digest.entries] == ["A"]


# -- the linear rewrites say what the regular expressions they replace said -------------

PICTURE_TEXT = st.text(alphabet="![]()<> \"'=ab/.simgrc\\", max_size=60)


@settings(max_examples=800, deadline=None)
@given(PICTURE_TEXT, st.text(alphabet="ab/.()[]<=", min_size=1, max_size=6))
def test_strip_picture_is_the_old_regular_expression(line, src):
    escaped = re.escape(src)
    old = re.compile(
        rf"!\[[^\]]*\]\(\s*<?{escaped}[^)]*\)|<img\b[^<>]*?\bsrc\s*=\s*[\"']?{escaped}[\"'\s>][^<>]*>?"
    )
    assert strip_picture(line, src) == old.sub("", line, count=1)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="https:/x.org()[].,;!?'*é", max_size=30))
def test_trim_bare_url_is_the_old_loop(url):
    old = url
    while old:
        if old[-1] in ".,:;!?'*" or (old.endswith(")") and old.count(")") > old.count("(")):
            old = old[:-1]
        else:
            break
    assert trim_bare_url(url) == old


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.from_regex(r"[abAB]([abAB ]{0,4}[abAB])?", fullmatch=True), min_size=1, max_size=5),
    st.text(alphabet="abAB []\n", max_size=40),
    st.integers(min_value=0, max_value=8),
)
def test_reference_definitions_are_those_the_old_search_found(labels, source, start):
    # no backslashes: the old substring search also matched escaped brackets
    defs = "".join(f"[{label}]: https://x.org/{i} 't'\n" for i, label in enumerate(labels))
    text = f"{defs}\n{source}\n"
    scanner = MarkdownScanner(split_lines(text), lambda *a: None, Budget.for_text(text))
    scanner.parse(0)
    end = start + 2
    old = []
    for label, ref in scanner.env.get("references", {}).items():
        span = ref.get("map")
        if span and start <= span[0] < end:
            continue
        if f"[{label.lower()}]" in source.lower():
            old.append(f'[{label}]: <{ref["href"]}> "{ref["title"]}"')
    expected = "\n\n" + "\n".join(old) if old else ""
    assert scanner.env["references"]
    summaries = SummarySource(scanner.lines, [], scanner.env)
    assert summaries.reference_defs(source, start, end) == expected


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="<>!/?-[]aib= '\"&#;x\n", max_size=50))
def test_scan_html_never_raises(fragment):
    scan = scan_html(fragment)
    assert all(set(attrs) <= {"src", "alt", "width", "height"} for attrs in scan.images)
