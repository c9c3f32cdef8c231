"""Sphinx-layer hardening the hostile corpus asked for, tested one by one.

The corpus (``test_hostile.py``) proves each on whole builds; these pin down
the pieces: a digest that is not a regular file, characters XML forbids, the
text builder's long words, footnote ids across pages, the theme's header.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from sphinx_paperdigest.core.files import read_source
from sphinx_paperdigest.core.reader import parse_digest
from sphinx_paperdigest.longwords import LONGEST_WORD, cut_runs
from sphinx_paperdigest.safetext import xml_safe, xml_safe_model

from .conftest import soup


def test_a_digest_that_is_not_a_regular_file_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "digest.md"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        read_source(fifo)  # a plain read would wait for a writer forever
    with pytest.raises(OSError, match="not a regular file"):
        read_source(tmp_path)
    (tmp_path / "ok.md").write_bytes(b"## [a](https://example.org/)\n")
    assert read_source(tmp_path / "ok.md") == b"## [a](https://example.org/)\n"


def test_characters_xml_forbids_become_replacement_characters() -> None:
    text = "a\x00b\x01c\x0bd\x0ce\tf\ng\rh\x7fi\ufffe\uffff日本"
    assert xml_safe(text) == "a\ufffdb\ufffdc d e\tf\ng\rh\x7fi\ufffd\ufffd日本"
    digest, _ = parse_digest(
        b'---\ntitle: "T\\x1b"\nvenue: "\\x01"\n---\n\n## [Pa\x02per](https://example.org/a)\n\nx\x03\n',
        path="d.md",
    )
    clean = xml_safe_model(digest)
    assert clean.meta.title == "T\ufffd"
    assert clean.entries[0].title == "Pa\ufffdper"
    assert clean.entries[0].summary == "x\ufffd"
    assert clean.meta.extra == {"venue": "\x01"}  # only the exports use it; they escape it
    assert xml_safe_model(clean) is clean  # nothing more to change: the same object


@pytest.mark.parametrize("carried", [0, 1, 150, 199, 200])
@pytest.mark.parametrize(
    "text",
    ["", "x", "x" * 199, "x" * 200, "x" * 201, "x" * 1000, "ab " * 90 + "c" * 450, "a日" * 300],
)
def test_long_words_are_cut_for_the_text_builder(text: str, carried: int) -> None:
    cut, run = cut_runs(text, carried)
    assert cut.replace(" ", "") == text.replace(" ", "")  # nothing but spaces added
    runs = [len(r) for r in re.findall(r"[\x21-\x7e]+", "x" * carried + cut)]
    assert max(runs, default=0) <= max(LONGEST_WORD, carried)
    assert run == (len(re.search(r"[\x21-\x7e]*$", "x" * carried + cut).group(0)))  # type: ignore[union-attr]


def test_wide_characters_are_not_cut() -> None:
    assert cut_runs("日本語" * 300) == ("日本語" * 300, 0)


FOOTNOTES = (
    "# 2021\n\n## [P](https://example.org/{name})\n\nA[^x] B[^y].\n\n[^x]: [^x]\n[^y]: back [^x]\n"
)


def test_footnotes_are_unique_across_pages_and_may_refer_to_themselves(project) -> None:  # type: ignore[no-untyped-def]
    pages = {"index.md": "# Index\n\n```{toctree}\n\na\nb\n```\n"}
    for name in ("a", "b"):
        pages[f"digests/{name}.md"] = FOOTNOTES.format(name=name)
        pages[f"{name}.md"] = f"# {name}\n\n```{{paperdigest}} digests/{name}.md\n```\n"
    app = project("hostile", pages, buildername="singlehtml")
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\bid="(paperdigest-[^"]*fn[^"]*)"', html)
    assert len(ids) >= 6
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    latex = project("hostile", pages, buildername="latex")  # raised on a footnote cycle
    assert "Traceback" not in latex._warning.getvalue()


def test_the_theme_header_prints_the_emoji_as_text(project) -> None:  # type: ignore[no-untyped-def]
    emoji = '<img src=x onerror="alert(1)">'
    digest = f"---\nemoji: '{emoji}'\n---\n\n# 2021\n\n## [P](https://example.org/p)\n\nText.\n"
    pages = {"digests/hostile.md": digest}
    app = project("hostile", pages, confoverrides={"html_theme": "paperdigest"})
    # the reader refuses an emoji that is not one (paperdigest.emoji); the
    # template escapes it too
    header = soup(app.outdir / "index.html").select_one(".pd-header")
    assert header is not None
    assert header.find("img") is None
    assert header.select_one(".pd-emoji") is None
    assert "paperdigest.emoji" in app.warning.getvalue()
