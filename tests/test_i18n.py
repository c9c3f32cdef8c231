"""Card labels and dates through Sphinx's message catalogues; the shipped Japanese one."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

import sphinx_paperdigest
from sphinx_paperdigest.i18n import LOCALE_DIR, MESSAGE_CATALOG

from .conftest import page_with, parsed_warnings, soup

PACKAGE = Path(sphinx_paperdigest.__file__).parent
JA = LOCALE_DIR / "ja" / "LC_MESSAGES"


def messages(catalog):
    def key(value):  # plurals: a list or tuple of forms
        return value if isinstance(value, str) else tuple(value)

    return {key(m.id): key(m.string) for m in catalog if m.id}


def code_messages():
    found = set()
    for module in sorted(PACKAGE.glob("*.py")):
        for _, message, _, _ in extract_from_file("python", module, keywords={"_": None}):
            found.add(message)
    return found


def test_template_lists_every_message_of_the_code():
    with (LOCALE_DIR / f"{MESSAGE_CATALOG}.pot").open("rb") as f:
        template = read_po(f)
    assert set(messages(template)) == code_messages()


def test_japanese_catalogue_translates_every_message():
    with (JA / f"{MESSAGE_CATALOG}.po").open("rb") as f:
        po = read_po(f, locale="ja")
    translated = messages(po)
    assert set(translated) == code_messages()
    assert all(translated.values())
    assert not [m.id for m in po if m.id and m.fuzzy]


def test_committed_mo_matches_the_po():
    with (JA / f"{MESSAGE_CATALOG}.po").open("rb") as f:
        po = read_po(f, locale="ja")
    with (JA / f"{MESSAGE_CATALOG}.mo").open("rb") as f:
        mo = read_mo(f)
    assert messages(mo) == messages(po)


def template_messages():
    """The messages of the theme's templates, as pybabel extracts them."""
    found = set()
    for template in sorted((PACKAGE / "theme" / "paperdigest").glob("*.html")):
        with template.open("rb") as f:
            for _, _, message, _ in babel_extract(f, ("_", "gettext", "ngettext"), [], {}):
                # plurals come as (singular, plural, None)
                found.add(tuple(filter(None, message)) if isinstance(message, tuple) else message)
    return found


def test_theme_catalogue_lists_and_translates_every_template_message():
    with (LOCALE_DIR / "sphinx.pot").open("rb") as f:
        template = read_po(f)
    with (JA / "sphinx.po").open("rb") as f:
        po = read_po(f, locale="ja")
    with (JA / "sphinx.mo").open("rb") as f:
        mo = read_mo(f)
    assert set(messages(template)) == template_messages()
    assert set(messages(po)) == template_messages()
    translations = messages(po).values()
    assert all(all(t) if isinstance(t, tuple) else t for t in translations)
    assert not [m.id for m in po if m.id and m.fuzzy]
    assert messages(mo) == messages(po)


def test_japanese_labels_and_dates(project):
    app = project("options", {"index.md": page_with()}, confoverrides={"language": "ja"})
    assert parsed_warnings(app) == []
    page = soup(app.outdir / "index.html")
    dates = [d.get_text() for d in page.select(".paperdigest-date")]
    assert dates == ["2021年11月11日", "2021年2月26日", "2020年3月19日", "2020年6月19日", "2020"]
    labels = {a.get_text() for a in page.select(".paperdigest-footer a")}
    assert {"記事を読む", "PDF", "コード"} <= labels
    assert "Read the article" not in labels


def test_japanese_section_titles(project):
    app = project(
        "options",
        {"index.md": page_with(":group-by: year")},
        confoverrides={"language": "ja"},
    )
    page = soup(app.outdir / "index.html")
    titles = [s.find("h2").get_text(strip=True).rstrip("¶") for s in page.select("section")[1:]]
    assert titles == ["2021", "2020", "日付なし"]


def test_japanese_error_node(project):
    app = project(
        "options",
        {"index.md": page_with(digest="digests/missing.md")},
        confoverrides={"language": "ja"},
    )
    error = soup(app.outdir / "index.html").select_one(".paperdigest-error")
    assert error.get_text(strip=True).endswith(
        "ダイジェストファイルが見つかりません: digests/missing.md"
    )
