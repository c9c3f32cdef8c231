"""Every builder: cards in HTML-like builders, a readable entry per paper in the others.

Each test builds the seed digest and checks that every entry reaches the
output: its title, article URL, topic, date, summary and paper links.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_paperdigest.core import read_digest
from sphinx_paperdigest.render import entry_links

from .conftest import SEED, parsed_warnings, soup

DIGEST, _DIAGNOSTICS = read_digest(SEED)
ENTRIES = DIGEST.entries
TOPIC = "機械学習"


def date_text(entry):
    return f"{entry.date:%b} {entry.date.day}, {entry.date.year}"


def summary_fragment(entry):
    """A piece of plain text of the entry's summary that every builder prints as is."""
    first = entry.summary.split("\n\n")[0]
    runs = re.split(r"\[[^\]]*\]\([^)]*\)|<[^>]+>|https?://\S+|[*`$\[\]()]", first)
    longest = max(runs, key=len)
    return "".join(longest.split())[:12]


def squash(text):
    return "".join(text.split())


# -- HTML-like builders: full cards -------------------------------------------------


HTML_BUILDERS = {
    "html": "index.html",
    "dirhtml": "index.html",
    "singlehtml": "index.html",
    "epub": "index.xhtml",
}


@pytest.mark.parametrize("buildername", list(HTML_BUILDERS))
def test_html_like_builders_make_cards(project, buildername):
    app = project("seed", buildername=buildername)
    assert parsed_warnings(app) == []
    page = soup(app.outdir / HTML_BUILDERS[buildername])
    cards = page.select(".paperdigest-card")
    assert [c["id"] for c in cards] == [e.id for e in ENTRIES]
    sections = page.select("section.paperdigest-group")
    assert [s["id"] for s in sections] == ["2021", "2020"]
    for card, entry in zip(cards, ENTRIES, strict=True):
        title = card.select_one(".paperdigest-title a")
        assert (title.get_text(), title["href"]) == (entry.title, entry.url)
        assert [b.get_text() for b in card.select(".paperdigest-topic")] == [TOPIC]
        assert card.select_one(".paperdigest-date").get_text() == date_text(entry)
        assert summary_fragment(entry) in squash(card.select_one(".paperdigest-summary").text)
        buttons = [a["href"] for a in card.select(".paperdigest-footer a")]
        assert buttons == [link.url for link in entry_links(entry)]


def test_epub_has_no_remote_pictures(project):
    """EPUB readers are offline: remote thumbnails give way to the placeholder."""
    app = project("seed", buildername="epub")
    page = soup(app.outdir / "index.xhtml")
    assert page.select("img.paperdigest-thumb") == []
    assert len(page.select(".paperdigest-placeholder")) == len(ENTRIES)


# -- the other builders: a clean entry per paper ----------------------------------------


def latex_text(tex):
    for escaped, plain in [
        (r"\sphinxhyphen{}", "-"),
        (r"\&", "&"),
        (r"\_", "_"),
        (r"\#", "#"),
        (r"\%", "%"),
        ("{[}", "["),
        ("{]}", "]"),
        (r"\textasciitilde{}", "~"),
    ]:
        tex = tex.replace(escaped, plain)
    tex = re.sub(r"\\sphinxurl\{([^}]*)\}", r"\1", tex)
    while True:  # \DUrole{class}{text} -> text, innermost first
        plain = re.sub(r"\\DUrole\{[^}]*\}\{([^{}]*)\}", r"\1", tex)
        if plain == tex:
            return tex
        tex = plain


def man_text(man):
    # OSC 8 hyperlinks (Sphinx 8.2) and font changes
    man = re.sub(r"\\X'tty: link[^']*'|\\f[BIPR]", "", man)
    man = man.replace(r"\:", "").replace(r"\%", "").replace(r"\-", "-").replace(r"\&", "")
    return re.sub(r"<(https?://[^>]*)>", r"\1", man)


def texinfo_text(texi):
    for escaped, plain in [("@comma{}", ","), ("@{", "{"), ("@}", "}"), ("@@", "@")]:
        texi = texi.replace(escaped, plain)
    return re.sub(r"@indicateurl\{([^}]*)\}", r"\1", texi)


OTHER_BUILDERS = {
    "text": ("index.txt", str),
    "latex": ("seeddigest.tex", latex_text),
    "man": ("seeddigest.1", man_text),
    "texinfo": ("seeddigest.texi", texinfo_text),
}


@pytest.mark.parametrize("buildername", list(OTHER_BUILDERS))
def test_other_builders_print_every_entry(project, buildername):
    app = project("seed", buildername=buildername)
    assert parsed_warnings(app) == []
    name, unescape = OTHER_BUILDERS[buildername]
    output = unescape((app.outdir / name).read_text(encoding="utf-8"))
    flat = squash(output)
    position = -1
    for entry in ENTRIES:
        # entries come in digest order
        found = flat.find(squash(entry.title), position + 1)
        assert found > position, entry.title
        position = found
        assert entry.url in flat
        assert squash(date_text(entry)) in flat
        assert summary_fragment(entry) in flat
        for link in entry_links(entry):
            assert f"{squash(link.label)}:{link.url}" in flat, link
    assert flat.count(TOPIC) >= len(ENTRIES)
    # the HTML structure never leaks: no class names, no raw markup
    assert "sd-card" not in output
    assert "<div" not in output


def test_text_entry_reads_cleanly(project):
    app = project("seed", buildername="text")
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    first = ENTRIES[0]
    block = text[text.index("**【論文解説】") : text.index("**【論文読み】SegFormer")]
    lines = [line for line in block.splitlines() if line.strip()]
    assert lines[2] == f"{date_text(first)} · {TOPIC}"
    link_lines = [line for line in lines if line.startswith("* ")]
    assert link_lines[0].startswith("* Read the article: https://tech.fusic.co.jp/")
    assert len(link_lines) == len(entry_links(first))


def test_man_and_texinfo_print_each_link_once(project):
    for buildername, (name, unescape) in [
        ("man", OTHER_BUILDERS["man"]),
        ("texinfo", OTHER_BUILDERS["texinfo"]),
    ]:
        app = project("seed", buildername=buildername)
        flat = squash(unescape((app.outdir / name).read_text(encoding="utf-8")))
        for entry in ENTRIES:
            # once in the link list: the title is not linked again
            assert flat.count(entry.url) == 1, (buildername, entry.url)


def test_latex_local_picture_kept_remote_ones_dropped(project):
    app = project("options", buildername="latex")
    assert parsed_warnings(app) == []
    tex = (app.outdir / "options.tex").read_text(encoding="utf-8")
    includes = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([^}]*)\}([^}]*)\}", tex)
    assert len(includes) == 1
    stem, ext = includes[0]
    assert Path(app.outdir / f"{stem}{ext}").is_file()
    # the cards root has remote pictures only: none reach LaTeX, no download is tried
    app = project("cards", buildername="latex")
    assert parsed_warnings(app) == []
    tex = (app.outdir / "cards.tex").read_text(encoding="utf-8")
    assert "sphinxincludegraphics" not in tex
    assert "example.org/pictures" not in tex
