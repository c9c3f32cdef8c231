"""The paperdigest HTML theme, built and parsed (its looks are in tests/browser)."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import sphinx

import sphinx_paperdigest
from sphinx_paperdigest.theme import THEME_DIR, theme_css, valid_emoji
from sphinx_paperdigest.topics import PALETTE

from .conftest import soup

DOCS = Path(__file__).parent.parent / "docs"


def test_registered_through_the_entry_point():
    found = {ep.name: ep.value for ep in entry_points(group="sphinx.html_themes")}
    assert found["paperdigest"] == "sphinx_paperdigest.theme"


@pytest.mark.sphinx("html", testroot="theme")
def test_page_layout(app, warnings_of):
    app.build()
    assert warnings_of(app) == []
    page = soup(app.outdir / "index.html")

    assert page.html["data-theme"] == "auto"
    skip = page.body.find("a")
    assert skip["class"] == ["pd-skip-link"]
    assert skip["href"] == "#pd-main"
    assert page.select_one("main#pd-main") is not None
    assert page.select_one("header.pd-header") is not None
    assert page.select_one("footer.pd-footer") is not None
    assert page.select_one("form.pd-search[role=search]")["action"] == "search.html"
    for nav in page.select("nav"):
        assert nav.get("aria-label") or nav.get("aria-labelledby")

    title = page.select_one(".pd-site-title")
    assert title.select_one(".pd-emoji").get_text() == "🧪"
    assert "Theme test" in title.get_text()

    groups = [
        (a["href"], a.get_text(), li.select_one(".pd-count").contents[0].strip())
        for li in page.select(".pd-groups li")
        for a in li.select("a")
    ]
    assert groups == [("#2022", "2022", "2"), ("#2021", "2021", "1")]
    topics = [
        (
            li.select_one(".paperdigest-topic").get_text(),
            li.select_one(".paperdigest-topic")["class"][-1],
            li.select_one(".pd-count").contents[0].strip(),
        )
        for li in page.select(".pd-topics li")
    ]
    # most cards first; each topic once per card; colours as the cards have them
    assert topics[:2] == [
        ("SLAM", "paperdigest-topic-indigo", "2"),
        ("NeRF", "paperdigest-topic-teal", "1"),
    ]
    assert ("Robotics", topics[2][1], "1") == topics[2]

    assert page.select_one("nav.pd-prevnext a.pd-next")["href"] == "notes.html"
    assert page.select_one("link#pygments_dark_css")["media"] == "(prefers-color-scheme: dark)"
    assert page.select_one('script[src^="_static/paperdigest-theme.js"]') is not None
    # shown only with JS (html.pd-js, set in <head>): not hidden then shown, which
    # would move the page after its first paint
    assert not page.select_one("button.pd-scheme-toggle").has_attr("hidden")
    assert 'root.classList.add("pd-js")' in str(page.head)
    assert (app.outdir / "_static" / "paperdigest-theme.css").exists()

    notes = soup(app.outdir / "notes.html")
    assert notes.select_one(".pd-emoji") is None  # no digest on the page
    assert notes.select_one(".pd-groups") is None
    assert [a.get_text() for a in notes.select(".pd-localtoc a")][-2:] == ["First", "Second"]
    assert notes.select_one("nav.pd-prevnext a.pd-prev")["href"] == "index.html"


@pytest.mark.sphinx(
    "html",
    testroot="theme",
    confoverrides={
        "html_theme_options": {
            "accent_color": "#8a2be2",
            "accent_color_dark": "#d8b4fe",
            "light_css_variables": {"--pd-radius": "0"},
            "dark_css_variables": {"--pd-bg": "#000000"},
            "card_width": "20rem",
            "sidebar": False,
        }
    },
)
def test_theme_options(app, warnings_of):
    app.build()
    assert warnings_of(app) == []
    page = soup(app.outdir / "index.html")
    style = page.head.find("style").get_text().splitlines()
    light = "{ --pd-accent: #8a2be2; --pd-radius: 0; }"
    dark = "{ --pd-accent: #d8b4fe; --pd-bg: #000000; }"
    assert style == [
        "body { --pd-card-width: 20rem; }",
        f'html[data-theme="light"] body {light}',
        f'@media not (prefers-color-scheme: dark) {{ html[data-theme="auto"] body {light} }}',
        f'html[data-theme="dark"] body {dark}',
        f'@media (prefers-color-scheme: dark) {{ html[data-theme="auto"] body {dark} }}',
    ]
    assert "pd-fixed-card-width" in page.body["class"]
    assert page.select_one("#pd-sidebar") is None
    assert page.select_one(".pd-nav-toggle") is None


@pytest.mark.sphinx(
    "html",
    testroot="theme",
    confoverrides={
        "html_theme_options": {
            "accent_color": "red; } body { display: none",
            "light_css_variables": {"color": "red", "--pd-ok": "1px"},
        }
    },
)
def test_bad_theme_options_warn_and_are_ignored(app, warnings_of):
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) == 2
    assert all("[paperdigest.theme-option]" in w for w in warnings)
    assert "accent_color" in warnings[0]
    assert "'color' is not a --pd-* custom property name" in warnings[1]
    style = soup(app.outdir / "index.html").head.find("style").get_text()
    assert style.splitlines()[0] == 'html[data-theme="light"] body { --pd-ok: 1px; }'
    assert "red" not in style


def test_theme_css_is_empty_without_options():
    assert theme_css({"accent_color": "", "light_css_variables": {}}) == ("", [])


@pytest.mark.sphinx("html", testroot="theme-alone")
def test_theme_without_the_extension(app, warnings_of):
    app.build()
    assert warnings_of(app) == []
    page = soup(app.outdir / "index.html")
    assert page.select_one("main#pd-main h1").get_text().rstrip("¶") == "Alone"
    assert page.select_one(".pd-topics") is None
    assert not (app.outdir / "_static" / "paperdigest.css").exists()


def test_docs_build_with_the_theme_and_no_warning(tmp_path):
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    run = subprocess.run(
        [*command, str(DOCS), str(out), "-d", str(doctrees)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    index = soup(tmp_path / "html" / "index.html")
    assert index.select_one("body.pd-body") is not None
    gallery = soup(tmp_path / "html" / "theme.html")
    shots = gallery.select(".pd-gallery img")
    assert len(shots) >= 4
    for shot in shots:
        assert shot["alt"]
        assert (tmp_path / "html" / shot["src"]).exists()


@pytest.mark.sphinx("html", testroot="theme", confoverrides={"language": "ja"})
def test_theme_words_in_japanese(app, warnings_of):
    app.build()
    assert warnings_of(app) == []
    page = soup(app.outdir / "index.html")
    assert page.select_one(".pd-skip-link").get_text() == "本文へスキップ"
    assert page.select_one("#pd-topics-title").get_text() == "トピック"
    assert page.select_one("#pd-groups-title").get_text() == "このページの内容"
    toggle = page.select_one(".pd-scheme-toggle")
    assert toggle["data-label-light"] == "ライトモードに切り替え"
    assert page.select_one(".pd-prevnext .pd-prevnext-label").get_text() == "次へ"
    count = page.select_one(".pd-groups .pd-count .pd-visually-hidden").get_text()
    assert count.strip() == "件"
    # a word Sphinx translates itself keeps Sphinx's translation, not ours (目次)
    sphinx_ja = gettext.translation("sphinx", Path(sphinx.__file__).parent / "locale", ["ja"])
    assert sphinx_ja.gettext("Contents") not in ("Contents", "目次")
    assert page.select_one("#pd-nav-title").get_text() == sphinx_ja.gettext("Contents")


# -- a hostile digest (issue 9): nothing from a digest becomes markup -------------------

HOSTILE_EMOJI = "<img src=x onerror=alert(1)>"
# what the theme itself writes: its colour-scheme script, Sphinx's and sphinx-design's
# files, the icons of its two buttons
OWN_INLINE_SCRIPT = "/* before the first paint"
OWN_SVG_PARENTS = {"pd-nav-toggle", "pd-scheme-toggle"}


FOREIGN_TAGS = {"img", "iframe", "object", "embed", "style", "form", "b", "i"}


def _own(tag) -> bool:
    """Whether a script, svg or one of FOREIGN_TAGS is the theme's or Sphinx's."""
    if tag.name == "script":
        text = tag.get_text().strip()
        return tag.get("src", "").startswith("_static/") or text.startswith(OWN_INLINE_SCRIPT)
    if tag.name == "svg":
        return bool(set(tag.parent.get("class", [])) & OWN_SVG_PARENTS)
    return tag.name == "form" and "pd-search" in tag.get("class", [])


def _foreign_markup(page) -> list[str]:
    """Elements and attributes of a page the theme and Sphinx did not write."""
    found = []
    for tag in page.find_all(True):
        found += [f"{tag.name}[{name}]" for name in tag.attrs if name.lower().startswith("on")]
        if tag.name in FOREIGN_TAGS | {"script", "svg"} and not _own(tag):
            found.append(str(tag)[:80])
    return found


@pytest.mark.sphinx("html", testroot="theme-hostile", freshenv=True)
def test_a_hostile_digest_puts_no_markup_in_the_theme(app, warnings_of):
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) == 1, warnings
    assert "hostile.md:1" in warnings[0]
    assert "[paperdigest.emoji]" in warnings[0]
    page = soup(app.outdir / "index.html")

    assert _foreign_markup(page) == []
    # the hostile emoji is left out; the next digest's emoji is shown
    assert page.select_one(".pd-site-title .pd-emoji").get_text() == "🧪"
    # the cards leave it out too: their placeholder is the default
    placeholder = page.select_one("#a .paperdigest-placeholder").get_text()
    assert placeholder == "📄"
    groups = [a.get_text() for a in page.select(".pd-groups li a")]
    assert groups[0] == "2021 <script>alert(“group”)</script>"
    assert groups[1] == "“><svg onload=alert(4)> <b onclick=alert(5)> named group"
    topics = {li["data-topic"] for li in page.select(".pd-topics li")}
    assert topics == {
        "<script>alert('front')</script>",
        '"><svg onload=alert(2)>',
        "a\"b'c<d>&e",
        "<img src=y onerror=alert(3)>",
    }
    for li in page.select(".pd-topics li"):
        assert li.select_one(".paperdigest-topic").get_text() == li["data-topic"]


@pytest.mark.sphinx("html", testroot="theme-hostile", freshenv=True)
def test_the_header_escapes_the_emoji_it_shows(app, monkeypatch):
    # were the emoji check to let markup through, the template still escapes it
    monkeypatch.setattr("sphinx_paperdigest.core.metadata.valid_emoji", lambda text: True)
    # digests read by earlier tests of this process are cached, with the real check
    monkeypatch.setattr("sphinx_paperdigest.directive._cache", {})
    app.build()
    page = soup(app.outdir / "index.html")
    assert page.select_one(".pd-site-title .pd-emoji").get_text() == HOSTILE_EMOJI
    assert _foreign_markup(page) == []


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("😸", True),
        ("🧪", True),
        ("👨‍👩‍👧‍👦", True),  # a family: four emoji and three joiners
        ("🏴󠁧󠁢󠁳󠁣󠁴󠁿", True),  # a subdivision flag: tag characters
        ("🇯🇵", True),
        ("#️⃣", True),  # a keycap
        ("ML", True),  # short text: harmless, shown as it is
        ("", False),
        ("x" * 17, False),
        ("<b>", False),
        ("a&b", False),
        ('"x', False),
        ("it's", False),
        ("a b", False),
        ("😸\n", False),
        ("\u202e😸", False),  # a bidi override
        ("😸\x00", False),
    ],
)
def test_valid_emoji(text, valid):
    assert valid_emoji(text) is valid


# -- one palette (issue 11) -------------------------------------------------------------

CARDS_CSS = Path(sphinx_paperdigest.__file__).parent / "static" / "paperdigest.css"
THEME_CSS = THEME_DIR / "static" / "paperdigest-theme.css"
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _rules(css: str, within: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """``(selectors and at-rules around it, declarations)`` for each rule of ``css``."""
    css = _COMMENT.sub("", css)
    depth, start, head = 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                head, start = css[:i].rsplit("}", 1)[-1].rsplit(";", 1)[-1].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                body = css[start:i]
                if "{" in body:
                    yield from _rules(body, (*within, head))
                else:
                    yield (*within, head), body


def _declarations(body: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in body.split(";") if ":" in part)
    return {name.strip(): " ".join(value.split()) for name, value in pairs}


@pytest.mark.parametrize("css", [CARDS_CSS, THEME_CSS], ids=["cards", "theme"])
def test_each_colour_is_written_once(css):
    """Rules for a colour scheme only pick it; the colours are light-dark() pairs."""
    rules = list(_rules(css.read_text(encoding="utf-8")))
    assert len(rules) > 20  # the stylesheet was read
    by_scheme = [
        (where, _declarations(body))
        for where, body in rules
        if any(s in " ".join(where) for s in ("data-theme", "data-mode", "prefers-color"))
    ]
    assert by_scheme, "no rule picks the dark scheme"
    for where, declarations in by_scheme:
        assert set(declarations) <= {"color-scheme", "display"}, where
    custom = {
        name: value
        for where, body in rules
        for name, value in _declarations(body).items()
        if name.startswith("--pd-") and "@media print" not in where  # paper is white
    }
    literal = re.compile(r"#[0-9a-f]{3,8}\b|rgb\(")
    for name, value in custom.items():
        if literal.search(value):
            assert "light-dark(" in value, f"{name}: {value}"


def test_every_palette_colour_has_a_badge_class():
    declarations = {
        name: value
        for where, body in _rules(CARDS_CSS.read_text(encoding="utf-8"))
        for name, value in _declarations(body).items()
        if where == ("@layer paperdigest-defaults", "body") or name == "background-color"
    }
    for colour in PALETTE:
        assert declarations[f"--pd-topic-{colour}"].startswith("light-dark(#"), colour
    badges = {
        where[-1]: body
        for where, body in _rules(CARDS_CSS.read_text(encoding="utf-8"))
        if where[-1].startswith(".paperdigest-topic-")
    }
    assert badges == {
        f".paperdigest-topic-{colour}.sd-badge": (
            f"\n  background-color: var(--pd-topic-{colour});\n"
        )
        for colour in PALETTE
    }
