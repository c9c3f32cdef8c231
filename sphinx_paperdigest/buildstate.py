"""What a build made last time from what inputs, to skip making it again.

Generated outputs (the export files, the bodies of topic pages) are made from
the whole site at every build, also when a build read nothing. Each is now
made under a *key*: a hash of everything it is made from, which includes
:func:`code` (the extension's own code and the versions of the libraries it
builds on) and :func:`configuration` (every configuration value, and the
tags). What was made under a key is kept in ``<doctreedir>/paperdigest/``,
written atomically; a key that differs, or a file that cannot be read, means
making it again, as before.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util._serialise import stable_hash

#: Directory of the extension's build state, in the doctree directory.
STATE_DIR = "paperdigest"
_LIBRARIES = (
    "sphinx",
    "docutils",
    "markdown_it",
    "mdit_py_plugins",
    "sphinx_design",
    "pygments",
    "babel",
    "jinja2",
)
_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code() -> str:
    """A hash of the extension's files and the versions of its libraries.

    Every file of the package counts (code, translations, templates, static
    files): any change (an upgrade, or a developer's edit) gives another hash,
    and what was made by other code is made again.
    """
    digest = hashlib.sha256(f"{sys.version_info[:2]}\n".encode())
    for name in _LIBRARIES:
        module = importlib.import_module(name)
        digest.update(f"{name} {getattr(module, '__version__', '')}\n".encode())
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and _counts(p)):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _counts(path: Path) -> bool:
    return "__pycache__" not in path.parts and path.suffix != ".pyc"


def configuration(app: Sphinx) -> str:
    """A hash of every configuration value and of the tags (Sphinx's own hashing)."""
    values = {value.name: value.value for value in app.config}
    return stable_hash([stable_hash(values), stable_hash(sorted(app.tags))])


def key(*parts: bytes | str) -> str:
    """A key of ``parts`` (each one delimited, so that no two lists give one key)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def state_dir(app: Sphinx) -> Path:
    """``<doctreedir>/paperdigest``."""
    return Path(app.doctreedir) / STATE_DIR


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file and a rename: no reader sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def file_marks(paths: Iterable[Path]) -> dict[str, list[int]] | None:
    """``{path: [size, mtime_ns]}`` of files, None when one is missing."""
    marks: dict[str, list[int]] = {}
    for path in paths:
        try:
            found = path.stat()
        except OSError:
            return None
        marks[str(path)] = [found.st_size, found.st_mtime_ns]
    return marks
