"""Whole digests as JSON, against regression files (``--force-regen`` to update)."""

from __future__ import annotations

import json

import pytest

from sphinx_paperdigest.core import parse_digest
from sphinx_paperdigest.core.serialize import digest_data

from .conftest import FIXTURES, SEED

FILES = [SEED, *sorted((FIXTURES / "digests").iterdir())]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_json(path, file_regression):
    digest, diagnostics = parse_digest(path.read_bytes(), path=path.name)
    text = json.dumps(digest_data(digest, diagnostics), ensure_ascii=False, indent=2)
    file_regression.check(
        text + "\n", extension=".json", basename=f"digest-{path.stem}-{path.suffix[1:]}"
    )
