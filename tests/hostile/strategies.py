"""Hypothesis strategies for hostile digests: front matter, headings, links, raw HTML,
nesting, MyST syntax and math, mixed.

:func:`digests` draws ``(text, suffix, attack)``: ``attack`` is True when the digest holds
at least one fragment that ``paperdigest lint`` must report (a refused directive,
raw HTML, an unsafe URL, refused TeX...). Such fragments stand alone in a
paragraph of their own, at the top of an entry's body, so that nothing drawn
around them (a code span, a comment) can turn them into text. The rest is
drawn freely. Inputs that the corpus already holds as known bugs of the reader
(numbers of thousands of digits, YAML nested hundreds deep, YAML that refers to
itself) are not drawn: the corpus tracks them.
"""

from __future__ import annotations

import json

import yaml
from hypothesis import strategies as st

_SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    "data:text/html,",
    "vbscript:",
    "file:///etc/",
    "&#106;avascript:",
]
_SAFE_URLS = [
    "https://example.org/a",
    "http://example.org/b?x=1&y=2",
    "https://arxiv.org/abs/2106.02584",
    "https://github.com/o/r",
    "mailto:a@example.org",
    "other.html#x",
    "//example.org/c",
    "https://doi.org/10.1000/x",
]
_TAGS = [
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "svg",
    "math",
    "meta",
    "base",
    "link",
    "details",
    "a",
    "span",
    "div",
    "img",
    "video",
    "textarea",
    "noscript",
    "template",
]
_ATTRS = [
    'onerror="alert(1)"',
    "onload=alert(1)",
    'href="javascript:alert(1)"',
    'src="x"',
    'style="x:url(javascript:1)"',
    'srcset="javascript:1 1x"',
    'http-equiv="refresh" content="0;url=javascript:1"',
    'formaction="javascript:1"',
]
#: Picture sources: safe, local, climbing out, on private hosts (the placeholders
#: are filled in by the project: canary files, the canary server, the redirector).
_PICTURES = [
    *_SAFE_URLS,
    "a.png",
    "../x.png",
    "/etc/passwd",
    "@UP@/canary.png",
    "file://@CANARY_PNG@",
    "http://127.0.0.1:@PORT@/fuzz.png",
    "http://[::1]:@PORT6@/fuzz.png",
    "http://2130706433:@PORT@/fuzz.png",
    "http://redirect.test:@RPORT@/redirect?to=http://127.0.0.1:@PORT@/fuzz.png",
]
_DIRECTIVES = [
    "include",
    "literalinclude",
    "eval-rst",
    "raw",
    "csv-table",
    "image",
    "figure",
    "toctree",
    "code-cell",
    "paperdigest",
    "dropdown",
]
_ROLES = ["download", "doc", "ref", "raw-html", "eval-rst", "abbr", "py:func"]
_TEX_BAD = [
    "\\input{/etc/passwd}",
    "\\write18{id}",
    "^^5c",
    "\\catcode 64=11",
    "\\def\\x{y}",
    "\\href{javascript:1}{x}",
    "\\openin1=x",
    "\\csname x\\endcsname",
    "x % c",
]
_TEX_OK = ["x^2", "\\alpha + \\beta", "\\frac{a}{b}", "\\sqrt{x}", "a_i", "\\sum_{i=1}^n i"]

words = st.text(
    alphabet=st.sampled_from(
        [
            *"abcdefgh xyz0129 .,;:!?-_*`[]()<>&#|\\'\"~$%^{}=/@",
            *"日本é\u200b\t\x00\x01\x0c\x1b\ufffe",
        ]
    ),
    min_size=0,
    max_size=30,
)
plain = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnop 0123456789")), min_size=1, max_size=20
).map(lambda t: t.strip() or "x")


@st.composite
def raw_html(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(_TAGS))
    attrs = " ".join(draw(st.lists(st.sampled_from(_ATTRS), max_size=3)))
    inner = draw(words)
    return f"<{tag} {attrs}>{inner}</{tag}>" if draw(st.booleans()) else f"<{tag} {attrs}>"


@st.composite
def attack(draw: st.DrawFn) -> str:
    """A fragment lint must report, as a paragraph of its own."""
    kind = draw(
        st.sampled_from(
            ["html", "link", "picture", "directive", "role", "substitution", "math", "autolink"]
        )
    )
    target = draw(st.sampled_from(_SCHEMES)) + draw(plain)
    if kind == "html":
        return (
            "<"
            + draw(st.sampled_from(["script", "iframe", "style", "object"]))
            + ">x</script></iframe></style></object>"
        )
    if kind == "link":
        return f"[{draw(plain)}]({target.replace(' ', '')})"
    if kind == "picture":
        return f"![{draw(plain)}]({target.replace(' ', '')})"
    if kind == "autolink":
        return f"<{target.replace(' ', '')}>"
    if kind == "directive":
        name = draw(st.sampled_from(_DIRECTIVES))
        return f"```{{{name}}} {draw(plain)}\n{draw(plain)}\n```"
    if kind == "role":
        return f"See {{{draw(st.sampled_from(_ROLES))}}}`{draw(plain)}` here."
    if kind == "substitution":
        return f"Value {{{{ {draw(plain).replace(' ', '') or 'x'} }}}} here."
    return f"Math ${draw(st.sampled_from(_TEX_BAD))}$ here."


@st.composite
def inline(draw: st.DrawFn) -> str:
    """Inline content: text, links, pictures, HTML, math, roles, code, emphasis."""
    parts = draw(
        st.lists(
            st.one_of(
                words,
                st.builds(
                    lambda t, u: f"[{t}]({u})", plain, st.sampled_from(_SAFE_URLS + _SCHEMES)
                ),
                st.builds(
                    lambda t, u: f"![{t}]({u})",
                    plain,
                    st.sampled_from(_PICTURES),
                ),
                raw_html(),
                st.builds(lambda t: f"${t}$", st.sampled_from(_TEX_OK + _TEX_BAD)),
                st.builds(
                    lambda r, t: f"{{{r}}}`{t}`",
                    st.sampled_from(["sub", "sup", "math", *_ROLES]),
                    plain,
                ),
                st.builds(lambda t: f"`{t}`", words),
                st.builds(lambda t: f"**{t}** *{t}* ~~{t}~~", plain),
                st.sampled_from(
                    [
                        "&lt;script&gt;",
                        "&#x6A;",
                        "&amp;",
                        "{{ x }}",
                        "[^1]",
                        "<!--",
                        "-->",
                        "\\",
                        "  \n",
                    ]
                ),
            ),
            min_size=1,
            max_size=6,
        )
    )
    return " ".join(parts).replace("\n\n", "\n")


def _table(draw: st.DrawFn) -> str:
    """A pipe table of one row of inlines."""
    cells = draw(
        st.lists(
            inline().map(lambda t: t.replace("|", "\\|").replace("\n", " ")),
            min_size=1,
            max_size=3,
        )
    )
    return (
        "| "
        + " | ".join(f"h{i}" for i in range(len(cells)))
        + " |\n|"
        + " - |" * len(cells)
        + "\n| "
        + " | ".join(cells)
        + " |"
    )


def _nested(draw: st.DrawFn, kind: str, depth: int) -> str:
    """A list item, block quote or container holding one more block."""
    inner = draw(block(depth + 1))
    if kind == "list":
        marker = draw(st.sampled_from(["-", "1.", "*"]))
        return "\n".join(
            f"{marker} {line}" if i == 0 else f"   {line}"
            for i, line in enumerate(inner.splitlines() or [""])
        )
    if kind == "quote":
        return "\n".join(f"> {line}" for line in inner.splitlines() or [""])
    opener = draw(
        st.sampled_from(
            [":::message", ":::details T", ":::{note}", ":::{admonition} T", ":::{warning}"]
        )
    )
    return f"{opener}\n{inner}\n:::"


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    """A block: a paragraph, list, quote, code, fence, container, table, HTML, comment..."""
    kinds = ["paragraph", "html", "code", "fence", "math", "table", "comment", "meta", "reference"]
    if depth < 3:
        kinds += ["list", "quote", "container"]
    kind = draw(st.sampled_from(kinds))
    if kind == "paragraph":
        return draw(inline())
    if kind == "html":
        return draw(raw_html())
    if kind == "code":
        language = draw(st.sampled_from(["", "python", "html", "latex", "nope"]))
        return f"```{language}\n{draw(words)}\n```"
    if kind == "fence":
        name = draw(st.sampled_from(["note", "math", "code-block python", *_DIRECTIVES]))
        return f"```{{{name}}}\n{draw(inline())}\n```"
    if kind == "math":
        return f"$$\n{draw(st.sampled_from(_TEX_OK + _TEX_BAD))}\n$$"
    if kind == "table":
        return _table(draw)
    if kind == "comment":
        return draw(st.sampled_from(["<!-- a comment -->", "<!-- " + "x" * 5, "<!--\n-->"]))
    if kind == "meta":
        return (
            "<!-- paperdigest\n"
            + draw(
                st.sampled_from(
                    [
                        "topics: [a, '<b>']",
                        "image: ../x.png",
                        "image: javascript:1",
                        "image: http://127.0.0.1:@PORT@/meta.png",
                        "image: '@UP@/canary.png'",
                        "date: 2021-02-30",
                        "id: '\"><x>'",
                        "- list",
                        "venue: *x",
                    ]
                )
            )
            + "\n-->"
        )
    if kind == "reference":
        return f"[{draw(plain)}]: {draw(st.sampled_from(_SAFE_URLS + _SCHEMES))}"
    return _nested(draw, kind, depth)


@st.composite
def heading(draw: st.DrawFn, level: int) -> str:
    text = draw(st.one_of(plain, inline().map(lambda t: t.replace("\n", " "))))
    if draw(st.booleans()):
        url = draw(
            st.sampled_from(_SAFE_URLS + _SCHEMES + ["https://example.org/2021-06-13-post/"])
        )
        text = f"[{text}]({url})"
    return "#" * level + " " + text


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    values = st.one_of(
        plain,
        raw_html(),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(
            [
                "[a, b]",
                "{a: b}",
                "true",
                "2021-06-13",
                "'{{ x }}'",
                "&a x",
                "*a",
                "!!binary aGk=",
                ".nan",
            ]
        ),
    )
    keys = st.sampled_from(
        ["title", "emoji", "topics", "tags", "published", "date", "type", "paperdigest", "venue"]
    )
    items = draw(st.dictionaries(keys, values, max_size=5))
    body = "\n".join(f"{k}: {v}" for k, v in items.items())
    return draw(
        st.sampled_from([f"---\n{body}\n---\n\n", f'+++\ntitle = "{draw(plain)}"\n+++\n\n', ""])
    )


@st.composite
def structured(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A YAML or JSON digest: ``(text, suffix, attack)``."""
    entries, attacked = [], False
    for _ in range(draw(st.integers(1, 3))):
        item: dict[str, object] = {"title": draw(st.one_of(plain, inline()))}
        summary = draw(block())
        if draw(st.integers(0, 2)) == 0:
            summary = draw(attack()) + "\n\n" + summary
            attacked = True
        item["summary"] = summary
        item["url"] = draw(st.sampled_from(_SAFE_URLS + _SCHEMES))
        item["image"] = draw(st.sampled_from(_PICTURES))
        item["topics"] = draw(st.lists(st.one_of(plain, raw_html()), max_size=2))
        item["papers"] = draw(st.lists(st.sampled_from(_SAFE_URLS + _SCHEMES), max_size=2))
        entries.append(item)
    data = {"title": draw(st.one_of(plain, raw_html())), "entries": entries}
    if draw(st.booleans()):
        return json.dumps(data), ".json", attacked
    return yaml.safe_dump(data, allow_unicode=True), ".yaml", attacked


@st.composite
def markdown(draw: st.DrawFn) -> tuple[str, bool]:
    """A Markdown digest and whether it holds an attack lint must report."""
    parts = [draw(front_matter())]
    if draw(st.booleans()):
        parts.append(draw(block()) + "\n\n")
    attacked = False
    for group in range(draw(st.integers(1, 2))):
        parts.append(draw(heading(1)) if group or draw(st.booleans()) else "# 2021")
        parts.append("\n\n")
        for _ in range(draw(st.integers(1, 3))):
            parts.append(draw(heading(2)) + "\n\n")
            if draw(st.integers(0, 3)) == 0:
                parts.append(draw(attack()) + "\n\n")
                attacked = True
            parts.extend(draw(block()) + "\n\n" for _ in range(draw(st.integers(0, 3))))
    return "".join(parts), attacked


@st.composite
def digests(draw: st.DrawFn) -> tuple[str, str, bool]:
    """A digest, Markdown most of the time: ``(text, suffix, attack)``."""
    if draw(st.integers(0, 4)) == 0:
        return draw(structured())
    text, attacked = draw(markdown())
    return text, ".md", attacked
