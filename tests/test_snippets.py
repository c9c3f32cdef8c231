"""Each docs snippet is a test input: its doctree, before and after post-transforms.

``docs/snippets/<name>.md`` is built as the body of a page of a small project
holding the docs' digests. The doctree Sphinx stores after reading (builder
neutral) and the one the HTML builder writes (after the post-transforms that
make the cards) are compared, normalised, with ``<name>.read.xml`` and
``<name>.html.xml`` next to this file (``pytest --force-regen`` rewrites them).
"""

from __future__ import annotations

import inspect
import shutil

import pytest

from .conftest import DOCS, normalise_doctree, parsed_warnings

SNIPPETS = sorted(p.stem for p in (DOCS / "snippets").glob("*.md"))

CONF = """\
extensions = ["sphinx_paperdigest"]
project = "Snippets"
exclude_patterns = ["_build", "digests"]
myst_enable_extensions = ["colon_fence", "deflist"]
# as the docs' conf.py: the seed's one half-broken link is read as the link it means
suppress_warnings = ["paperdigest.broken-link"]
"""


def resolved_doctree(app, docname):
    """The doctree the builder writes (``tags`` is asked for since Sphinx 9)."""
    env = app.env
    if "tags" in inspect.signature(env.get_and_resolve_doctree).parameters:
        return env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
    return env.get_and_resolve_doctree(docname, app.builder)


def test_there_are_snippets():
    assert len(SNIPPETS) >= 15


@pytest.mark.parametrize("name", SNIPPETS)
def test_snippet_doctree(name, tmp_path, make_app, file_regression):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    shutil.copytree(DOCS / "digests", srcdir / "digests")
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    snippet = (DOCS / "snippets" / f"{name}.md").read_text(encoding="utf-8")
    (srcdir / "index.md").write_text(f"# Snippet {name}\n\n{snippet}", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert parsed_warnings(app) == []

    read = app.env.get_doctree("index")
    file_regression.check(
        normalise_doctree(read, srcdir), basename=f"{name}.read", extension=".xml"
    )
    written = resolved_doctree(app, "index")
    file_regression.check(
        normalise_doctree(written, srcdir), basename=f"{name}.html", extension=".xml"
    )
