"""The code as a maintainer expects it: small modules, documented classes, no import circle."""

from __future__ import annotations

import ast
import importlib
import sys

import pytest

from .conftest import REPO

PACKAGE = REPO / "sphinx_paperdigest"
CORE = PACKAGE / "core"
MODULES = sorted(p for p in CORE.glob("*.py"))
#: every module of the package, the Sphinx layer too
ALL_MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", ALL_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small_and_classes_say_what_they_are(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 450
    tree = ast.parse(text)
    assert ast.get_docstring(tree), "module docstring"
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            assert ast.get_docstring(node), node.name


def _core_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def test_no_module_of_the_core_imports_itself_back():
    graph = {p.stem: _core_imports(p) for p in MODULES}
    # depth-first search for a cycle
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for other in sorted(graph.get(name, ())):
            assert state.get(other) != "open", " -> ".join([*path, other])
            if other not in state:
                visit(other, [*path, other])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_module_imports_on_its_own(path):
    name = f"sphinx_paperdigest.core.{path.stem}"
    saved = {k: v for k, v in sys.modules.items() if k.startswith("sphinx_paperdigest")}
    for key in saved:
        del sys.modules[key]
    try:
        importlib.import_module(name)
    finally:
        sys.modules.update(saved)
