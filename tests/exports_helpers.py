"""Shared pieces of the export tests: the test-exports digests, and real parsers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
from pylatexenc.latex2text import LatexNodes2Text

from sphinx_paperdigest.core.exports import Site, Source, file_site
from sphinx_paperdigest.core.reader import read_digest

from .conftest import DOCS, ROOTS

EXPORTS_ROOT = ROOTS / "test-exports"
SCHEMA_PATH = DOCS / "_static" / "paperdigest.schema.json"
PAGE = "https://example.org/docs/papers.html"


def sources(*names: str) -> list[Source]:
    """The test-exports digests ``names`` (``tricky``, ``vision``) as sources."""
    found = []
    for name in names:
        path = EXPORTS_ROOT / "digests" / f"{name}.md"
        digest, diagnostics = read_digest(path)
        found.append(Source(f"digests/{name}.md", digest, tuple(diagnostics)))
    return found


def site(*names: str, page: str | None = PAGE) -> Site:
    """Every entry of the digests ``names``, shown on ``page``."""
    return file_site(sources(*(names or ("tricky", "vision"))), page)


def validate_json(data: Any, definition: str | None = None) -> None:
    """Check ``data`` against the docs' JSON Schema (or one of its ``$defs``)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    if definition is not None:
        schema = {**schema, "$ref": f"#/$defs/{definition}"}
    jsonschema.Draft202012Validator(schema).validate(data)


def parse_bib(text: str) -> dict[str, dict[str, str]]:
    """``{key: {field: raw value}}`` as bibtexparser reads the text; fails on any bad block."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], library.failed_blocks
    assert len({e.key for e in library.entries}) == len(library.entries)
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def tex_to_text(value: str) -> str:
    """A BibTeX value as text, decoded by pylatexenc (bibtexparser's LaTeX decoder).

    pylatexenc decodes ``\\textasciicircum`` to U+02C6 (the modifier letter), where
    LaTeX prints ``^``: that one character is mapped back.
    """
    text: str = LatexNodes2Text().latex_to_text(value)
    return text.replace("\u02c6", "^")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
