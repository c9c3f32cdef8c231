"""``-j 2`` gives the same output as ``-j 1``; rebuilds read only what changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

import sphinx_paperdigest
from sphinx_paperdigest import directive

from .conftest import ROOTS, page_with, parsed_warnings, soup

ALPHA_PAGES = [f"page-{i:02d}" for i in range(1, 7)]


def files(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def test_parallel_output_is_byte_identical(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-parallel", srcdir)
    outputs = {}
    for jobs in (1, 2):
        readers = tmp_path / f"readers-j{jobs}.txt"

        def note_reader(app, docname, source, readers=readers):
            # forked workers inherit this handler: the file says who read what
            with readers.open("a", encoding="utf-8") as f:
                f.write(f"{os.getpid()} {docname}\n")

        app = SphinxTestApp(
            "html", srcdir=srcdir, builddir=tmp_path / f"build-j{jobs}", parallel=jobs
        )
        try:
            app.connect("source-read", note_reader)
            app.build()
            assert parsed_warnings(app) == []
            pids = {line.split()[0] for line in readers.read_text().splitlines()}
            # Sphinx really read in parallel: in more than one worker process
            if jobs == 1:
                assert pids == {str(os.getpid())}
            else:
                assert len(pids - {str(os.getpid())}) >= 2
            outputs[jobs] = files(app.outdir)
            outputs[f"entries-{jobs}"] = dict(app.env.domains["paperdigest"].entries)
        finally:
            app.cleanup()
    assert outputs[1].keys() == outputs[2].keys()
    for name, data in outputs[1].items():
        assert outputs[2][name] == data, name
    # the domain's data is merged from the workers
    assert outputs["entries-1"] == outputs["entries-2"]
    assert sorted(outputs["entries-2"]) == [f"page-{i:02d}" for i in range(1, 11)]
    assert len(outputs["entries-2"]["page-01"]) == 6


def test_extension_says_it_is_parallel_safe():
    class Recorder:
        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    metadata = sphinx_paperdigest.setup(Recorder())
    assert metadata["parallel_read_safe"] is True
    assert metadata["parallel_write_safe"] is True


class ReadRecorder:
    """Records the documents each build reads."""

    def __init__(self, app):
        self.read: list[str] = []
        app.connect("env-before-read-docs", self.before_read)

    def before_read(self, app, env, docnames):
        self.read = sorted(docnames)


def rebuild(srcdir, builddir, entries=None):
    """Build; return the documents read. ``entries`` gets the domain's records."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir)
    recorder = ReadRecorder(app)
    try:
        app.build()
        assert parsed_warnings(app) == []
        if entries is not None:
            entries.update(app.env.domains["paperdigest"].entries)
    finally:
        app.cleanup()
    return recorder.read


@pytest.fixture
def built_once(tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-parallel", srcdir)
    builddir = tmp_path / "build"
    first = rebuild(srcdir, builddir)
    assert first == sorted(["index", *(f"page-{i:02d}" for i in range(1, 13))])
    return srcdir, builddir


def test_unchanged_rebuild_reads_nothing(built_once):
    srcdir, builddir = built_once
    assert rebuild(srcdir, builddir) == []


def test_editing_a_digest_rereads_only_its_pages(built_once):
    srcdir, builddir = built_once
    digest = srcdir / "digests" / "alpha.md"
    digest.write_text(
        digest.read_text(encoding="utf-8")
        + "\n## [A new paper](https://example.org/2019-05-05-new/)\n\nJust added.\n",
        encoding="utf-8",
    )
    entries = {}
    assert rebuild(srcdir, builddir, entries) == ALPHA_PAGES
    # the re-read pages' records were replaced, not added to
    assert "2019-05-05-new" in [r.entry_id for r in entries["page-03"]]
    assert len(entries["page-03"]) == 7
    assert len(entries["page-07"]) == 4  # by topic: the NeRF entry is under two
    page = soup(builddir / "html" / "page-03.html")
    assert page.select_one(".paperdigest-card[id='2019-05-05-new']") is not None
    # and the next build reads nothing again
    assert rebuild(srcdir, builddir) == []


def test_a_digest_used_twice_is_read_once(project, monkeypatch):
    calls = []
    real = directive.parse_digest

    def counting(*args, **kwargs):
        calls.append(kwargs.get("path"))
        return real(*args, **kwargs)

    monkeypatch.setattr(directive, "parse_digest", counting)
    monkeypatch.setattr(directive, "_cache", {})
    twice = page_with(":limit: 1") + "\n```{paperdigest} digests/papers.md\n:group-by: none\n```\n"
    app = project(
        "options",
        {"index.md": twice + "\n```{toctree}\nother\n```\n", "other.md": page_with(title="Other")},
    )
    assert parsed_warnings(app) == []
    assert len(calls) == 1
    assert len(soup(app.outdir / "index.html").select(".paperdigest-card")) == 1 + 6
    assert len(soup(app.outdir / "other.html").select(".paperdigest-card")) == 6


def test_cache_sees_a_changed_digest(tmp_path, monkeypatch):
    monkeypatch.setattr(directive, "_cache", {})
    path = tmp_path / "d.md"
    path.write_text("## [One](https://example.org/one/)\n\nText.\n", encoding="utf-8")
    first, _ = directive.load_digest(path, None)
    assert directive.load_digest(path, None)[0] is first
    path.write_text("## [Two](https://example.org/two/)\n\nText.\n", encoding="utf-8")
    second, _ = directive.load_digest(path, None)
    assert [e.id for e in second.entries] == ["two"]
