"""Every shape of digest, built: each entry read is a card (or a text entry), none lost."""

from __future__ import annotations

import pytest

from sphinx_paperdigest.core import parse_digest

from .conftest import parsed_warnings, soup
from .test_reader_bold import BOLD
from .test_reader_footnotes import NOTES
from .test_reader_html import HTML
from .test_reader_items import AWESOME
from .test_reader_rows import WEEKLY

SHAPES = {
    "row": WEEKLY,
    "html": HTML,
    "bold": BOLD,
    "item": AWESOME,
    "heading": NOTES,
}
PAGE = "# Shape\n\n```{paperdigest} digests/shape.md\n```\n"


def build(project, text, buildername):
    return project(
        "options",
        {"digests/shape.md": text.lstrip("\n"), "index.md": PAGE},
        buildername=buildername,
    )


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_entry_is_a_card(project, shape):
    digest, _ = parse_digest(SHAPES[shape].lstrip("\n"))
    assert digest.shape == shape
    app = build(project, SHAPES[shape], "html")
    page = soup(app.outdir / "index.html")
    cards = page.select(".paperdigest-card")
    assert [c["id"] for c in cards] == [e.id for e in digest.entries]
    titles = [c.select_one(".paperdigest-title").get_text(" ", strip=True) for c in cards]
    assert titles == [e.title for e in digest.entries]
    # warnings are located in the digest, never a flood of markup notices
    assert all(w.location.startswith(str(app.srcdir)) for w in parsed_warnings(app))


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_entry_reaches_the_text_builder(project, shape):
    digest, _ = parse_digest(SHAPES[shape].lstrip("\n"))
    app = build(project, SHAPES[shape], "text")
    text = "".join((app.outdir / "index.txt").read_text(encoding="utf-8").split())
    position = -1
    for entry in digest.entries:
        found = text.find("".join(entry.title.split()), position + 1)
        assert found > position, entry.title
        position = found


def test_html_digest_markup_never_reaches_the_page(project):
    app = build(project, HTML, "html")
    main = soup(app.outdir / "index.html").select_one(".paperdigest")
    assert len(main.select(".paperdigest-card")) == 5
    markup = str(main)
    for bad in ("<script", "alert(", "onerror", 'class="snippet"', 'class="button"', "javascript:"):
        assert bad not in markup, bad
    assert "Spectrograms then a vocoder." in main.get_text(" ")
