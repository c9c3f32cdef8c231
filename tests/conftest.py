"""Shared fixtures: Sphinx test roots, doctree normalisation, HTML parsing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"
FIXTURES = TESTS / "fixtures"
SEED = ROOTS / "test-seed" / "digests" / "digest-example.md"

# sphinx.testing.fixtures is loaded by addopts (-p) in pyproject.toml


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` projects."""
    return ROOTS


def normalise_doctree(doctree: nodes.document) -> str:
    """The doctree as pseudo-XML with machine-specific paths removed."""
    doctree = doctree.deepcopy()
    for node in doctree.findall(nodes.Element):
        for key in ("source", "paperdigest_digest"):
            if key in node.attributes and key != "paperdigest_digest":
                del node.attributes[key]
        if isinstance(node, nodes.image) and "candidates" in node:
            del node["candidates"]
    text = doctree.pformat()
    return re.sub(r"/[^\s\"']*?/(?=digests/)", "<srcdir>/", text)


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def warnings_of() -> Callable[..., list[str]]:
    """Lines of a test app's warning stream (colour codes stripped)."""

    def get(app: object) -> list[str]:
        text = app._warning.getvalue()  # type: ignore[attr-defined]
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
        return [line for line in text.splitlines() if line.strip()]

    return get
