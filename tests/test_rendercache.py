"""The summary cache: an edit renders what changed, and the output is a cold build's.

The ``test-incremental`` root shows one digest on six pages (with different
options); its summaries hold footnotes, code, a table, math, an admonition, a
local picture, a missing picture and refused syntax, so that a cached render
has lines, warnings, footnote ids and file checks to get right.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinx_paperdigest import buildstate, rendercache
from sphinx_paperdigest.nodes import paperdigest_summary
from sphinx_paperdigest.summary import MarkdownRenderer

from .conftest import ROOTS, normalise_doctree, warning_lines

NEW_ENTRY = """## [A new entry](https://example.org/2022-04-01-new/)

A new summary, two lines
long.

"""


#: The first words of each summary and intro of the digest.
ALL_FRAGMENTS = [
    "The digest's intro,",
    "Papers of 2022.",
    "A summary with",
    "A claim[^a] and",
    '```python print("highlighted") ```',
    "A local picture",
    "Text. ```{literalinclude} /etc/passwd",
    "Energy $E =",
]


#: The first words of the summaries an edit adds or changes.
EDITED = ["A new summary,", "Energy, edited, $E"]


def files(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def edit(srcdir: Path) -> None:
    """A new entry near the top (every later line moves) and one summary changed."""
    digest = srcdir / "digests" / "papers.md"
    text = digest.read_text(encoding="utf-8")
    first = text.index("## [A plain entry]")
    text = text[:first] + NEW_ENTRY + text[first:]
    text = text.replace("Energy $E = mc^2$", "Energy, edited, $E = mc^2$")
    digest.write_text(text, encoding="utf-8")


@pytest.fixture
def renders(tmp_path, monkeypatch):
    """The first words of every summary rendered afresh, as ``(pid, words)`` lines.

    A file, not a list: ``-j`` workers are forked processes.
    """
    log = tmp_path / "renders.txt"
    real = MarkdownRenderer._render

    def spy(self, text, prefix):
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\t{' '.join(text.split()[:3])}\n")
        return real(self, text, prefix)

    monkeypatch.setattr(MarkdownRenderer, "_render", spy)

    def read() -> list[tuple[str, str]]:
        found = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return [tuple(line.split("\t")) for line in found]  # type: ignore[misc]

    return read


def paragraphs_at_their_lines(doctree: nodes.document, digest: Path) -> None:
    """Each paragraph of a summary is at the digest line where its text starts."""
    lines = digest.read_text(encoding="utf-8").splitlines()
    checked = 0
    for summary in doctree.findall(paperdigest_summary):
        for para in summary.findall(nodes.paragraph):
            if para.rawsource:
                assert para.line is not None
                assert para.rawsource.splitlines()[0] in lines[para.line - 1], para.rawsource
                checked += 1
    assert checked >= 5


def build(srcdir: Path, builddir: Path, jobs: int) -> tuple[dict[str, bytes], list[str]]:
    """The output files (and the pages' doctrees, with every node's line) and the warnings."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, parallel=jobs)
    try:
        app.build()
        found = files(app.outdir)
        for docname in sorted(app.env.found_docs - {"index"}):
            doctree = app.env.get_doctree(docname)
            paragraphs_at_their_lines(doctree, srcdir / "digests" / "papers.md")
            lines = [f"{n.tagname} {n.line}" for n in doctree.findall(nodes.Element)]
            text = normalise_doctree(doctree, srcdir) + "\n".join(lines)
            found[f"doctree:{docname}"] = text.encode()
        return found, warning_lines(app)
    finally:
        app.cleanup()


def digest_warnings(lines: list[str]) -> list[str]:
    return sorted(line for line in lines if "digests/papers.md" in line)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edit_then_an_incremental_build_gives_a_cold_builds_output(
    tmp_path, renders, monkeypatch, jobs
):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", srcdir)
    build(srcdir, tmp_path / "incremental", jobs)
    first = sorted(words for _, words in renders())
    if jobs == 1:  # every summary and intro once: the pages after the first use the cache
        assert first == sorted(ALL_FRAGMENTS)
    edit(srcdir)
    incremental, warned = build(srcdir, tmp_path / "incremental", jobs)
    again = renders()
    with monkeypatch.context() as patch:  # a build without the cache
        patch.setattr(rendercache.SummaryCache, "get", lambda self, key: None)
        cold, cold_warned = build(srcdir, tmp_path / "cold", jobs)
    rendered = {words for _, words in renders()}
    assert rendered == {*ALL_FRAGMENTS, *EDITED} - {"Energy $E ="}

    assert incremental.keys() == cold.keys()
    for name, data in cold.items():
        assert incremental[name] == data, name
    # the cached renders warn again, at their new lines
    assert digest_warnings(warned) == digest_warnings(cold_warned)
    lines = (srcdir / "digests" / "papers.md").read_text(encoding="utf-8").splitlines()
    missing = next(n for n, text in enumerate(lines, 1) if "images/missing.png" in text)
    assert any(f"papers.md:{missing}: WARNING: picture 'images/missing.png'" in w for w in warned)

    # only what changed was rendered: the new summary and the edited one
    readers = {pid for pid, _ in again}
    assert {words for _, words in again} == set(EDITED)
    assert len(again) == len(EDITED) * len(readers)
    if jobs == 2:
        assert os.getpid() not in {int(pid) for pid in readers}  # read by workers


def test_a_deleted_picture_is_checked_again(tmp_path, renders):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", srcdir)
    build(srcdir, tmp_path / "incremental", 1)
    renders()
    (srcdir / "digests" / "images" / "fig.png").unlink()
    incremental, warned = build(srcdir, tmp_path / "incremental", 1)
    assert [words for _, words in renders()] == ["A local picture"]
    cold, cold_warned = build(srcdir, tmp_path / "cold", 1)
    # Sphinx leaves files it no longer writes; every other one is the same
    assert set(incremental) - set(cold) == {"_images/fig.png"}
    assert {name: incremental[name] for name in cold} == cold
    assert digest_warnings(warned) == digest_warnings(cold_warned)
    assert any("'images/fig.png' is not found; dropped" in w for w in warned)


def test_a_damaged_cache_is_rendered_anew(tmp_path, renders):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", srcdir)
    before, _ = build(srcdir, tmp_path / "build", 1)
    cache = tmp_path / "build" / "doctrees" / "paperdigest" / rendercache.FILENAME
    assert cache.is_file()
    cache.write_bytes(b"not a pickle")
    (srcdir / "digests" / "papers.md").touch()
    renders()
    after, _ = build(srcdir, tmp_path / "build", 1)
    assert after == before
    assert sorted(words for _, words in renders()) == sorted(ALL_FRAGMENTS)
    # and written whole again
    assert pickle.loads(cache.read_bytes())["format"] == rendercache.FORMAT


def _rendered(size: int) -> rendercache.Rendered:
    return rendercache.Rendered(b"x" * size, (), (), (), None)


def test_the_cache_keeps_the_renders_used_last_within_its_bound(tmp_path, monkeypatch):
    path = tmp_path / "doctrees" / "paperdigest" / rendercache.FILENAME
    cache = rendercache.SummaryCache(path)
    for n in range(4):
        cache.put(bytes([n]), _rendered(1000))
    cache.save()
    later = rendercache.SummaryCache(path)
    assert later.get(bytes([1])) is not None  # used in the next build
    later.put(bytes([9]), _rendered(1000))
    monkeypatch.setattr(rendercache, "MAX_BYTES", 2 * 1064 + 200)
    later.save()
    kept = rendercache.SummaryCache(path)
    assert {k for k in map(bytes, ([n] for n in (0, 1, 2, 3, 9))) if kept.get(k)} == {
        bytes([1]),
        bytes([9]),
    }


def test_a_cache_of_another_renderer_counts_as_empty(tmp_path, monkeypatch):
    path = tmp_path / "doctrees" / "paperdigest" / rendercache.FILENAME
    cache = rendercache.SummaryCache(path)
    cache.put(b"k", _rendered(10))
    cache.save()
    assert rendercache.SummaryCache(path).get(b"k") is not None
    monkeypatch.setattr(rendercache, "fingerprint", lambda: "another renderer")
    assert rendercache.SummaryCache(path).get(b"k") is None


def test_the_fingerprint_follows_the_extensions_code(tmp_path, monkeypatch):
    before = rendercache.fingerprint()
    package = Path(buildstate.__file__).parent
    copy = tmp_path / "package"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(buildstate, "_PACKAGE", copy)
    buildstate.code.cache_clear()
    try:
        assert rendercache.fingerprint() == before  # the same code
        mdnodes = copy / "mdnodes.py"
        mdnodes.write_text(mdnodes.read_text(encoding="utf-8") + "\n# changed\n", "utf-8")
        buildstate.code.cache_clear()
        assert rendercache.fingerprint() != before
    finally:
        buildstate.code.cache_clear()
