"""The core knows nothing of Sphinx: importing it loads neither Sphinx nor docutils."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import sphinx_paperdigest.core
import sphinx_paperdigest.core.view
import sphinx_paperdigest.core.serialize
import sphinx_paperdigest.cli
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"sphinx", "docutils", "myst_parser"})
print(",".join(loaded))
"""


def test_core_imports_no_sphinx():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
