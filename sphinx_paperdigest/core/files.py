"""Read a digest file's bytes: regular files only, and not too many bytes."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from . import diagnostics as diag
from .limits import MAX_FILE_BYTES
from .model import Diagnostic, Digest, DigestMeta

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileTooLarge(OSError):
    """The file is larger than :data:`~.limits.MAX_FILE_BYTES`."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_source(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Return the bytes of the regular file at ``path``.

    Raises :class:`OSError` when it cannot be read or is not a regular file (a
    named pipe would block, a device would never end), and
    :class:`FileTooLarge` when it holds more than ``limit`` bytes.
    """
    # O_NONBLOCK: opening a named pipe must not wait for a writer; it changes
    # nothing for a regular file
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        # checked on the open descriptor, before a file object (which refuses a
        # directory with a message of its own) and before any read
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            raise OSError(errno.EINVAL, f"not a regular file ({kind})", str(path))
        file = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(
            errno.EFBIG,
            f"the file is {_megabytes(max(info.st_size, len(data)))}, over the "
            f"{_megabytes(limit)} limit; it is not read",
            str(path),
        )
    return data


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def unread_digest(path: str | Path, exc: FileTooLarge) -> tuple[Digest, list[Diagnostic]]:
    """The empty digest of a file too large to read, with its ``limit`` diagnostic."""
    digest = Digest(path=str(path), meta=DigestMeta(), groups=())
    return digest, [diag.make("limit", None, exc.strerror or str(exc))]
