"""Shared fixtures: Sphinx test roots, doctree normalisation, HTML parsing, warnings."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
DOCS = REPO / "docs"
SEED = ROOTS / "test-seed" / "digests" / "digest-example.md"

# sphinx.testing.fixtures is loaded by addopts (-p) in pyproject.toml


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` projects."""
    return ROOTS


def normalise_doctree(doctree: nodes.document, srcdir: Path | str) -> str:
    """The doctree as pseudo-XML, stable across machines.

    Drops ``source`` attributes and image ``candidates`` (absolute paths), then
    writes the source directory as ``<srcdir>`` wherever it still shows.
    """
    doctree = doctree.deepcopy()
    for node in doctree.findall(nodes.Element):
        node.attributes.pop("source", None)
        for key, value in node.attributes.items():
            if isinstance(value, bool):  # docutils 0.21 prints True, 0.22 prints 1
                node[key] = int(value)
        if isinstance(node, nodes.image):
            node.attributes.pop("candidates", None)
    text = doctree.pformat()
    for root in {str(srcdir), str(Path(srcdir).resolve())}:
        text = text.replace(root, "<srcdir>")
    return text


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def image_size(img: Any) -> tuple[str | None, str | None]:
    """An ``<img>``'s width and height in pixels, from attributes or a ``style``.

    docutils 0.22 writes ``width="400"``; 0.21 writes ``style="width: 400px"``.
    """
    style = {
        part.split(":", 1)[0].strip(): part.split(":", 1)[1].strip().removesuffix("px")
        for part in (img.get("style") or "").split(";")
        if ":" in part
    }
    return img.get("width") or style.get("width"), img.get("height") or style.get("height")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(
    r"^(?:(?P<location>.*?): )?(?P<level>WARNING|ERROR|CRITICAL): (?P<message>.*?)"
    r"(?: \[(?P<type>[\w.-]+)\])?$"
)


@dataclass(frozen=True)
class Warning_:
    """One line of a build's warning stream, split into its parts."""

    location: str
    message: str
    type: str | None

    @property
    def file(self) -> str:
        return self.location.rsplit(":", 1)[0]

    @property
    def line(self) -> int | None:
        tail = self.location.rsplit(":", 1)
        return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else None


def warning_lines(app: Any) -> list[str]:
    """Lines of a test app's warning stream (colour codes stripped)."""
    text = _ANSI.sub("", app._warning.getvalue())
    return [line for line in text.splitlines() if line.strip()]


def parsed_warnings(app: Any) -> list[Warning_]:
    """The app's warnings with location (``""`` when none), message and ``type.subtype``."""
    found = []
    for line in warning_lines(app):
        match = _WARNING.match(line)
        assert match is not None, f"not a located warning: {line!r}"
        found.append(Warning_(match["location"] or "", match["message"], match["type"]))
    return found


@pytest.fixture
def warnings_of() -> Callable[..., list[str]]:
    """Lines of a test app's warning stream (colour codes stripped)."""
    return warning_lines


@pytest.fixture
def project(tmp_path: Path, make_app: Callable[..., Any]) -> Callable[..., Any]:
    """Build a copy of a test root, with pages replaced or added.

    ``project("options", {"index.md": "..."}, buildername="text")`` copies
    ``tests/roots/test-options`` to a fresh directory, writes the pages, builds,
    and returns the app.
    """
    count = 0
    last: list[Any] = []

    def make(
        root: str = "options",
        pages: dict[str, str] | None = None,
        *,
        buildername: str = "html",
        confoverrides: dict[str, Any] | None = None,
        build: bool = True,
        **kwargs: Any,
    ) -> Any:
        nonlocal count
        count += 1
        if last:
            # one live app at a time: Sphinx registers nodes and directives
            # globally, and a second app would warn that they exist
            last.pop().cleanup()
        srcdir = tmp_path / f"{root}-{count}"
        shutil.copytree(ROOTS / f"test-{root}", srcdir)
        for name, text in (pages or {}).items():
            page = srcdir / name
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(text, encoding="utf-8")
        app = make_app(buildername, srcdir=srcdir, confoverrides=confoverrides or {}, **kwargs)
        last.append(app)
        if build:
            app.build()
        return app

    return make


@pytest.fixture(scope="module")
def module_project(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Like :func:`project`, for a build that a whole test module reads."""
    from sphinx.testing.util import SphinxTestApp

    apps: list[Any] = []

    def make(
        root: str,
        pages: dict[str, str] | None = None,
        *,
        buildername: str = "html",
        confoverrides: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if apps:
            apps.pop().cleanup()
        srcdir = tmp_path_factory.mktemp(root) / "src"
        shutil.copytree(ROOTS / f"test-{root}", srcdir)
        for name, text in (pages or {}).items():
            (srcdir / name).write_text(text, encoding="utf-8")
        app = SphinxTestApp(buildername, srcdir=srcdir, confoverrides=confoverrides or {}, **kwargs)
        apps.append(app)
        app.build()
        return app

    yield make
    for app in apps:
        app.cleanup()


def page_with(options: str = "", digest: str = "digests/papers.md", title: str = "Papers") -> str:
    """A MyST page holding one directive with ``options`` (``:name: value`` lines)."""
    return f"# {title}\n\n```{{paperdigest}} {digest}\n{options.strip()}\n```\n"
