"""Summaries: rendered through the digest's allow-list, never through MyST.

``tests/roots/test-summary`` enables many of the project's own MyST extensions
(``substitution`` with a value, ``html_admonition``, ``attrs_inline``...):
none of them may reach a digest.
"""

from __future__ import annotations

import textwrap

import pytest
from docutils import nodes
from sphinx import addnodes

from sphinx_paperdigest.cli import main as cli_main
from sphinx_paperdigest.core.model import Severity
from sphinx_paperdigest.core.profile import digest_problems
from sphinx_paperdigest.core.reader import parse_digest
from sphinx_paperdigest.core.tex import tex_problem

from .conftest import parsed_warnings, soup

PAGE = "# T\n\n```{paperdigest} digests/d.md\n```\n"


def build_digest(project, digest, **kwargs):
    """Build the summary root with one page showing ``digest``."""
    return project("summary", {"index.md": PAGE, "digests/d.md": digest}, **kwargs)


def summary_of(doctree: nodes.document, index: int = 0) -> nodes.Element:
    entries = [n for n in doctree.findall(nodes.container) if "paperdigest-summary" in n["classes"]]
    return entries[index]


def kinds(tree: nodes.Element) -> set[str]:
    return {type(n).__name__ for n in tree.findall(nodes.Element)}


@pytest.fixture
def allowed(project):
    return project("summary")


def test_every_allowed_construct_becomes_its_node(allowed):
    assert parsed_warnings(allowed) == []
    summary = summary_of(allowed.env.get_doctree("index"))
    expected = {
        "paragraph",
        "emphasis",
        "strong",
        "literal",
        "reference",
        "math",
        "subscript",
        "superscript",
        "footnote_reference",
        "bullet_list",
        "enumerated_list",
        "list_item",
        "block_quote",
        "rubric",
        "table",
        "literal_block",
        "math_block",
        "note",
        "warning",
        "tip",
        "admonition",
        "image",
        "footnote",
    }
    assert expected <= kinds(summary)
    # the dropdown of ``:::details`` is sphinx-design's own component
    dropdowns = [n for n in summary.findall(nodes.container) if n.get("design_component")]
    assert [d["design_component"] for d in dropdowns] == ["dropdown"]
    # code: a known language is highlighted, an unknown one is shown plain,
    # never with a Sphinx warning the digest's author cannot silence
    languages = [b["language"] for b in summary.findall(nodes.literal_block)]
    assert languages == ["python", "none"]
    # a list that starts at 3 still does
    assert next(summary.findall(nodes.enumerated_list))["start"] == 3


def test_allowed_constructs_in_html(allowed):
    page = soup(allowed.outdir / "index.html")
    summary = page.select_one(".paperdigest-summary")
    assert summary.select_one("table.paperdigest-table")
    assert summary.select_one("details.sd-dropdown summary").get_text(strip=True) == (
        "Training details"
    )
    assert summary.select_one("div.admonition.note")
    assert summary.select_one("div.admonition.warning")
    link = summary.find("a", string="link")
    assert link["href"] == "https://arxiv.org/abs/2003.08934"
    assert link["title"] == "The paper"
    # the footnote and its reference find each other
    ref = summary.select_one("a.footnote-reference")
    target = page.find(id=ref["href"].removeprefix("#"))
    assert target is not None and "The footnote" in target.get_text()


def test_print_builders_write_every_construct(project):
    for builder in ("latex", "text", "man", "texinfo", "epub"):
        app = project("summary", buildername=builder)
        assert parsed_warnings(app) == [], builder


REFUSED = {
    # name: (summary text, what must not appear in the output)
    "literalinclude": ("```{literalinclude} /etc/hostname\n```", None),
    "include": ("```{include} ../conf.py\n```", "extensions ="),
    "eval-rst": (
        "```{eval-rst}\n.. raw:: html\n\n   <script>alert(1)</script>\n```",
        "<script>alert",
    ),
    "csv-table": ("```{csv-table}\n:file: ../conf.py\n```", "extensions ="),
    "raw": ("```{raw} html\n<script>alert(2)</script>\n```", "<script>alert"),
    "meta": (
        "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```",
        'http-equiv="refresh"',
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_directives_never_run(project, name):
    text, forbidden = REFUSED[name]
    digest = f"# 2021\n\n## [Entry](https://example.org/e/)\n\nBefore.\n\n{text}\n\nAfter.\n"
    app = build_digest(project, digest)
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    if forbidden:
        assert forbidden not in html
    page = soup(app.outdir / "index.html")
    summary = page.select_one(".paperdigest-summary")
    # shown as the text it is, in a code block: nothing lost, nothing run
    block = summary.select_one("pre")
    shown = text.split("\n")[0].removeprefix("```").split()[0]
    assert block is not None and shown in block.get_text()
    assert [p.get_text() for p in summary.find_all("p")] == ["Before.", "After."]
    warnings = parsed_warnings(app)
    assert [(w.type, w.line) for w in warnings] == [("paperdigest.syntax", 7)]
    assert warnings[0].file == str(app.srcdir / "digests" / "d.md")


def test_roles_and_substitutions_are_text(project):
    digest = textwrap.dedent(
        """\
        # 2021

        ## [Entry](https://example.org/e/)

        A {download}`x </etc/passwd>` role, {doc}`index`, {{ secret }} and
        {{ env.app.builder }}, `x`__ and [y](javascript:alert(1)).

        __ javascript:alert(1)
        """
    )
    app = build_digest(project, digest)
    page = soup(app.outdir / "index.html")
    text = page.select_one(".paperdigest-summary").get_text()
    assert "{download}" in text and "{doc}" in text
    assert "{{ secret }}" in text and "SUBSTITUTED-FROM-CONF" not in text
    assert not page.select(".paperdigest-summary a[href^='javascript']")
    assert not list(app.outdir.rglob("passwd"))
    types = sorted((w.type, w.line) for w in parsed_warnings(app))
    assert types == [
        ("paperdigest.syntax", 5),
        ("paperdigest.syntax", 5),
        ("paperdigest.syntax", 5),
        ("paperdigest.syntax", 6),
        ("paperdigest.unsafe-url", 6),
    ]


def test_project_myst_extensions_do_not_leak(project):
    digest = textwrap.dedent(
        """\
        # 2021

        ## [Entry](https://example.org/e/)

        <div class="admonition note"><p class="title">Raw</p></div>

        Term
        : definition

        [text]{.big #id onclick=alert(1)}
        """
    )
    app = build_digest(project, digest)
    doctree = app.env.get_doctree("index")
    summary = summary_of(doctree)
    assert not list(summary.findall(nodes.definition_list))
    assert not list(summary.findall(nodes.Admonition))
    page = soup(app.outdir / "index.html")
    rendered = page.select_one(".paperdigest-summary")
    assert not rendered.select("[onclick]") and not rendered.select(".big")


def test_math_outside_the_allow_list_is_code(project):
    digest = textwrap.dedent(
        r"""
        # 2021

        ## [Entry](https://example.org/e/)

        Fine $\alpha$; refused $\input{/etc/passwd}$ and {math}`\href{javascript:x}{y}`.

        $$
        \immediate\write18{id}
        $$
        """
    )
    app = build_digest(project, digest)
    summary = summary_of(app.env.get_doctree("index"))
    assert [m.astext() for m in summary.findall(nodes.math)] == [r"\alpha"]
    assert not list(summary.findall(nodes.math_block))
    literals = [n.astext() for n in summary.findall(nodes.literal)]
    assert r"\input{/etc/passwd}" in literals
    assert [(w.type, w.line) for w in parsed_warnings(app)] == [
        ("paperdigest.math", 6),
        ("paperdigest.math", 6),
        ("paperdigest.math", 8),
    ]


@pytest.mark.parametrize(
    ("tex", "ok"),
    [
        (r"\frac{a}{b} + \sqrt{x_i^2}", True),
        (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", True),
        (r"\mathbb{R}^n \to \mathcal{L}", True),
        (r"\input{x}", False),
        (r"\csname input\endcsname", False),
        (r"^^5cinput", False),
        (r"a % \end{equation}", False),
        (r"\begin{document}", False),
        (r"\end{equation}\input{x}", False),
        (r"}\input{x}{", False),
        (r"\def\x{y}", False),
        (r"\href{javascript:alert(1)}{x}", False),
        (r"\class{x}{y}", False),
        ("x" * 5000, False),
    ],
)
def test_tex_allow_list(tex, ok):
    assert (tex_problem(tex) is None) is ok


def test_local_pictures_must_stay_in_the_source_directory(project, tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\nSECRET-BYTES")
    digest = textwrap.dedent(
        """\
        # 2021

        ## [Entry](https://example.org/e/)

        Text.

        ![protocol-relative](//proc/self/environ) and <img src="//etc/passwd">
        ![linked out](link.png) ![missing](nothing.png) ![long](LONG.png)
        """
    ).replace("LONG", "x" * 300)
    app = build_digest(project, digest, build=False)
    (app.srcdir / "digests" / "link.png").symlink_to(outside)
    app.build()
    for path in app.outdir.rglob("*"):
        if path.is_file():
            assert b"SECRET-BYTES" not in path.read_bytes(), path
    doctree = app.env.get_doctree("index")
    uris = [n["uri"] for n in doctree.findall(nodes.image)]
    # //host/x is a URL on the web, never a path
    assert "https://proc/self/environ" in uris
    assert all(u.startswith("https://") for u in uris), uris
    problems = sorted(
        (w.type, w.message.split("'")[1][:12])
        for w in parsed_warnings(app)
        if "picture" in w.message
    )
    assert problems == [
        ("paperdigest.image", "link.png"),
        ("paperdigest.image", "nothing.png"),
        ("paperdigest.image", "xxxxxxxxxxxx"),
    ]


def test_lint_reports_what_the_build_refuses(project, tmp_path, capsys):
    digest = textwrap.dedent(
        r"""
        # 2021

        ## [Entry](https://example.org/e/)

        A {doc}`x` role and $\input{y}$.

        ```{include} x.md
        ```

        :::{raw} html
        <b>x</b>
        :::
        """
    )
    app = build_digest(project, digest)
    built = sorted((w.type.removeprefix("paperdigest."), w.line) for w in parsed_warnings(app))
    parsed, read = parse_digest(digest)
    found = [*read, *digest_problems(parsed)]
    # info lines (harmless <b> markup) are no Sphinx warnings
    linted = sorted((d.code, d.line) for d in found if d.severity is not Severity.INFO)
    assert built == linted
    assert linted == [("math", 6), ("syntax", 6), ("syntax", 8), ("syntax", 11)]
    path = tmp_path / "d.md"
    path.write_text(digest, encoding="utf-8")
    # a directive in a digest is an error for lint: CI on a digest's pull request fails
    assert cli_main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count("[syntax]") == 3 and out.count("[math]") == 1 and "[markup]" in out


def test_seealso_is_sphinx_node(project):
    digest = "# 2021\n\n## [E](https://example.org/e/)\n\n```{seealso}\nOther work.\n```\n"
    app = build_digest(project, digest)
    assert list(summary_of(app.env.get_doctree("index")).findall(addnodes.seealso))
