"""Every diagnostic is a Sphinx warning ``paperdigest.<code>`` at ``file:line``.

The ``test-warnings`` root has one page per code (``<code>.md``), each using
a digest made to raise that code (``digests/<code>.md``).
"""

from __future__ import annotations

import re
import shutil

import pytest
from sphinx.cmd.build import build_main

from sphinx_paperdigest.core.diagnostics import CODES

from .conftest import ROOTS, parsed_warnings, soup

#: code -> (file the warning points at, relative to the source dir; line)
EXPECTED: dict[str, tuple[str, int]] = {
    "encoding": ("digests/encoding.md", 7),
    "front-matter": ("digests/front-matter.md", 3),
    "front-matter-value": ("digests/front-matter-value.md", 1),
    "no-title": ("digests/no-title.md", 7),
    "unsafe-url": ("digests/unsafe-url.md", 5),
    "raw-html": ("digests/raw-html.md", 7),
    "broken-link": ("digests/broken-link.md", 5),
    "html-block": ("digests/html-block.md", 5),
    "image-path": ("digests/image-path.md", 5),
    "private-host": ("digests/private-host.md", 5),
    "duplicate-id": ("digests/duplicate-id.md", 7),
    "invalid-date": ("digests/invalid-date.md", 5),
    "metadata": ("digests/metadata.md", 7),
    "unclosed-comment": ("digests/unclosed-comment.md", 5),
    "syntax": ("digests/syntax.md", 7),
    "math": ("digests/math.md", 5),
    "limit": ("digests/limit.md", 6),
    # a problem of the whole file points at its first line
    "empty": ("digests/empty.md", 1),
    "structure": ("digests/structure.yaml", 1),
    # directive-level problems point at the directive
    "not-found": ("not-found.md", 5),
    "path": ("path.md", 5),
    # an option's problem points at the option's line
    "option": ("option.md", 4),
    # once per digest, at the first directive that uses it
    "not-excluded": ("not-excluded.md", 3),
}

#: Warnings a code's page does not raise but another page does: a structured
#: digest that cannot be read has no entries either.
ALSO: dict[str, set[tuple[str, int]]] = {"empty": {("digests/structure.yaml", 1)}}

#: ``image`` belongs to the thumbnail work (issue 4), ``draft`` is an info message.
# tested elsewhere: image in test_thumbnails_sphinx.py, theme-option and emoji in
# test_theme.py, export in test_exports_sphinx.py, ref in test_topic_pages.py,
# enrich in test_enrich_sphinx.py; draft is an info message (test_options.py), so is
# protocol-relative and markup (test_reader_diagnostics.py)
NOT_WARNINGS = {
    "image",
    "draft",
    "theme-option",
    "export",
    "emoji",
    "ref",
    "enrich",
    "protocol-relative",
    "markup",
}


def test_every_code_a_build_can_raise_is_tested():
    assert set(EXPECTED) == set(CODES) - NOT_WARNINGS


@pytest.fixture(scope="module")
def warnings_app(module_project):
    return module_project("warnings")


@pytest.mark.parametrize("code", list(EXPECTED))
def test_warning(warnings_app, code):
    app = warnings_app
    found = [w for w in parsed_warnings(app) if w.type == f"paperdigest.{code}"]
    assert found, f"no paperdigest.{code} warning"
    relative, line = EXPECTED[code]
    locations = {(w.file, w.line) for w in found}
    expected = {(relative, line)} | ALSO.get(code, set())
    assert locations == {(str(app.srcdir / path), n) for path, n in expected}
    # and its page is still written
    assert (app.outdir / f"{code}.html").is_file()


def test_no_other_warnings(warnings_app):
    expected = {f"paperdigest.{code}" for code in EXPECTED}
    for warning in parsed_warnings(warnings_app):
        assert warning.type in expected, warning
    # one warning per problem: the structured digest says it is empty too
    counts = {}
    for warning in parsed_warnings(warnings_app):
        counts[warning.type] = counts.get(warning.type, 0) + 1
    assert counts == dict.fromkeys(expected, 1) | {"paperdigest.empty": 2}


def test_draft_is_an_info_message(warnings_app):
    status = re.sub(r"\x1b\[[0-9;]*m", "", warnings_app._status.getvalue())
    lines = [line for line in status.splitlines() if "unpublished" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{warnings_app.srcdir / 'draft.md'}:3: ")


def test_missing_digest_leaves_an_error_node(warnings_app):
    page = soup(warnings_app.outdir / "not-found.html")
    error = page.select_one(".paperdigest-error")
    # an admonition titled "Error", as docutils makes them
    assert error.select_one(".admonition-title").get_text() == "Error"
    assert error.select_one("p:not(.admonition-title)").get_text() == (
        "Digest file not found: digests/missing.md"
    )
    # the rest of the page is there
    assert "Text after it." in page.get_text()
    refused = soup(warnings_app.outdir / "path.html").select_one(".paperdigest-error")
    assert "outside the source directory" in refused.get_text()


def test_entries_survive_their_problems(warnings_app):
    """Nothing lost: every entry of a digest with a problem still has its card."""
    expected = {
        "encoding": 1,
        "front-matter": 1,
        "front-matter-value": 1,
        "no-title": 2,
        "unsafe-url": 1,
        "raw-html": 1,
        "image-path": 1,
        "duplicate-id": 2,
        "invalid-date": 1,
        "metadata": 1,
        "unclosed-comment": 2,
        "syntax": 1,
        "math": 1,
        "limit": 2,
        "option": 1,
    }
    for page, count in expected.items():
        cards = soup(warnings_app.outdir / f"{page}.html").select(".paperdigest-card")
        assert len(cards) == count, page


def test_duplicate_id_gets_a_suffix(warnings_app):
    page = soup(warnings_app.outdir / "duplicate-id.html")
    assert [c["id"] for c in page.select(".paperdigest-card")] == ["same", "same-2"]


# -- suppress_warnings and -W ---------------------------------------------------------


def test_suppress_warnings_silences_one_subtype(project):
    app = project("warnings", confoverrides={"suppress_warnings": ["paperdigest.unsafe-url"]})
    types = {w.type for w in parsed_warnings(app)}
    assert "paperdigest.unsafe-url" not in types
    assert "paperdigest.raw-html" in types


def test_suppress_warnings_silences_the_type(project):
    app = project("warnings", confoverrides={"suppress_warnings": ["paperdigest"]})
    assert parsed_warnings(app) == []


def _build(srcdir, outdir, *extra):
    return build_main(["-q", "-b", "html", *extra, str(srcdir), str(outdir)])


def test_warning_is_error_fails_the_build(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-warnings", srcdir)
    # keep one page with one problem
    for page in srcdir.glob("*.md"):
        if page.name not in {"index.md", "unsafe-url.md"}:
            page.unlink()
    assert _build(srcdir, tmp_path / "out", "-W") != 0
    assert _build(srcdir, tmp_path / "out2", "-W", "--keep-going") != 0
    # suppressed, the same build passes with -W
    assert _build(srcdir, tmp_path / "out3", "-W", "-D", "suppress_warnings=paperdigest") == 0


# -- raw HTML and unsafe URLs ---------------------------------------------------------

UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


def test_raw_html_and_unsafe_urls_never_reach_the_page(project):
    app = project("hostile")
    page = soup(app.outdir / "index.html")
    cards = page.select(".paperdigest-card")
    assert len(cards) == 4  # every entry kept
    digest = page.select_one("section")
    for tag in digest.find_all(True):
        assert tag.name not in {"script", "iframe", "object", "embed", "style", "form", "svg"}, tag
        for attr, value in tag.attrs.items():
            assert not attr.startswith("on"), tag
            if attr in {"href", "src", "action", "formaction", "srcset"}:
                text = "".join(str(value).split()).lower()
                assert not text.startswith(UNSAFE_SCHEMES), tag
    # the page's own scripts are Sphinx's, none from the digest
    for script in page.find_all("script"):
        assert not script.string or "alert" not in script.string
    assert "alert(" not in " ".join(str(t) for t in page.find_all(href=True))
    types = {w.type for w in parsed_warnings(app)}
    assert {"paperdigest.unsafe-url", "paperdigest.raw-html"} <= types


def test_dropped_html_leaves_no_empty_paragraph(project):
    app = project("hostile")
    page = soup(app.outdir / "index.html")
    for para in page.select(".paperdigest-summary p"):
        assert para.get_text(strip=True) or para.find("img"), para
