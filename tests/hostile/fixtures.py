"""Fixtures of the hostile suite: the reference build, lint runs, building payload projects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from . import Payload, reference
from .outputs import Outputs
from .project import (
    REPO,
    build,
    digest_path,
    make_canary,
    placeholders,
    write_digest,
    write_project,
)

LINT_DRIVER = Path(__file__).with_name("lint_driver.py")
#: How long the lint of a whole corpus may take before it is called hung.
LINT_HANG_SECONDS = 900


@dataclass(frozen=True)
class Reference:
    """What a harmless build holds: the active elements allowed on a page, the
    preamble's TeX commands."""

    signatures: frozenset[str]
    tex_head: tuple[str, ...]


def dummy_values(project_canary: Any) -> dict[str, str]:
    """Placeholders for a project that runs no server (port 9 is the discard port)."""
    return placeholders(project_canary, 9, 9, 9)


@pytest.fixture(scope="session")
def hostile_reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """Build the reference digest (html, epub, latex) and collect what it holds."""
    root = tmp_path_factory.mktemp("reference")
    built = write_project(root / "project", [reference.CONTROL], dummy_values)
    results = build([built], root, ("html", "epub", "latex"))
    outputs = Outputs(built, results["projects"][built.name])
    assert not outputs.problems(("html", "epub", "latex")), outputs.problems(
        ("html", "epub", "latex")
    )
    head, _ = outputs.tex
    return Reference(frozenset(reference.signatures(built)), tuple(reference.tex_commands(head)))


def lint_all(paths: Sequence[Path], cwd: Path) -> dict[str, dict[str, Any]]:
    """``paperdigest lint`` of each file, in one process (see ``lint_driver.py``)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    process = subprocess.run(
        [sys.executable, str(LINT_DRIVER), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=LINT_HANG_SECONDS,
        env=env,
        cwd=cwd,
        check=False,
    )
    assert process.returncode == 0, process.stderr[-5000:]
    results: dict[str, dict[str, Any]] = json.loads(process.stdout)
    return results


def write_digests(root: Path, payloads: Iterable[Payload]) -> dict[str, Path]:
    """Each payload's digest (and what it needs) under ``root``; their paths by name."""
    canary = make_canary(root / "canary")
    srcdir = root / "src"
    values = dummy_values(canary)
    found = {}
    for payload in payloads:
        write_digest(srcdir, payload, canary, values)
        found[payload.name] = srcdir / digest_path(payload)
    return found
