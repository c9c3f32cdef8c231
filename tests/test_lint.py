"""ruff (lint and format) and mypy pass on the whole project: CI checks what a reviewer would.

The versions are pinned in ``pyproject.toml`` (the ``test`` extra), so that a new
release of either cannot fail a build the code did not change.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import sphinx

from .conftest import REPO


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_is_clean(command):
    if command[0] == "mypy" and sphinx.version_info < (9,):
        # typed against the newest Sphinx (what CI installs, and tox's lint
        # environment); Sphinx 8.2's annotations differ in places
        pytest.skip("mypy runs against Sphinx 9")
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
