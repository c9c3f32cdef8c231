"""Files of the picture cache: content hashes, atomic writes, SVG sniffing."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

_SVG_SUFFIXES = (".svg", ".svgz")


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content (the cache key of a source)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_atomic(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` through a temporary file and a rename: readers never see half.

    Parallel writers of the same file (``-j`` workers, threads) each rename a
    whole file of their own into place; the last one wins.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def is_svg(path: Path, head: bytes | None = None) -> bool:
    """Whether a file is an SVG picture (by suffix, else by its first bytes)."""
    if path.suffix.lower() in _SVG_SUFFIXES:
        return True
    if head is None:
        try:
            with path.open("rb") as f:
                head = f.read(512)
        except OSError:
            return False
    text = head.lstrip().lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text)
