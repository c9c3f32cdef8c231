"""The picture code knows nothing of Sphinx: importing it loads neither Sphinx nor docutils."""

from __future__ import annotations

import subprocess
import sys

PURE = [
    "sphinx_paperdigest.images",
    "sphinx_paperdigest.images.cache",
    "sphinx_paperdigest.images.fetch",
    "sphinx_paperdigest.images.files",
    "sphinx_paperdigest.images.netpolicy",
    "sphinx_paperdigest.images.pixels",
    "sphinx_paperdigest.images.plan",
    "sphinx_paperdigest.images.thumbnailer",
]
FRAMEWORKS = {"sphinx", "docutils", "myst_parser"}


def loaded_after_import(*modules: str) -> set[str]:
    """The top-level packages loaded by importing ``modules`` in a fresh interpreter."""
    code = "import importlib, sys\n"
    code += "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print(','.join(sorted({m.split('.')[0] for m in sys.modules})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.strip().split(","))


def test_picture_modules_import_no_sphinx():
    assert loaded_after_import(*PURE) & FRAMEWORKS == set()


def test_geometry_needs_no_pillow():
    assert "PIL" not in loaded_after_import("sphinx_paperdigest.images.plan")


def test_the_check_sees_sphinx_where_it_is():
    # the glue does import Sphinx: the check above would see a stray import
    assert {"sphinx", "docutils"} <= loaded_after_import("sphinx_paperdigest.thumbnails")
