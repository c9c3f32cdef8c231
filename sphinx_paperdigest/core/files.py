"""Read a digest file's bytes, and find the files its pictures name.

Regular files only: a named pipe or a device is never opened.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from . import diagnostics as diag
from . import urls
from .limits import MAX_FILE_BYTES, MAX_NAME_BYTES, MAX_PATH_BYTES
from .model import Diagnostic, Digest, DigestMeta, Image

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


# -- picture files ---------------------------------------------------------------------------


def picture_file(relative: str, srcdir: str | Path) -> tuple[Path | None, str | None]:
    """The file of a local picture (a path from ``srcdir``), or why it cannot be used.

    Its real path (links followed) must stay inside ``srcdir`` and be a regular
    file. Only ``stat`` looks at it: a named pipe or a device is never opened.
    The build (summary pictures, card thumbnails) and ``paperdigest lint`` ask
    this one function.
    """
    relative = relative.lstrip("/")
    encoded = relative.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_PATH_BYTES or any(len(n) > MAX_NAME_BYTES for n in encoded.split(b"/")):
        return None, "cannot be read: a name is too long for a file"
    path = Path(srcdir) / relative
    try:
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(os.path.realpath(srcdir)):
            return None, "is outside the source directory"
        mode = real.stat().st_mode
    except FileNotFoundError:
        return None, "is not found"
    except (OSError, ValueError):  # a loop of links, a name the file system refuses...
        return None, "cannot be read"
    if not stat.S_ISREG(mode):
        return None, f"is not a regular file ({_kind(mode)})"
    return path, None


def picture_problems(digest: Digest, srcdir: str | Path | None = None) -> list[Diagnostic]:
    """What the build will say of the local picture files of ``digest`` (for lint).

    Paths are relative to the digest's directory; ``srcdir`` (the Sphinx source
    directory, by default the digest's directory) is where they must stay.
    """
    base = Path(digest.path or ".").parent
    root = Path(srcdir) if srcdir is not None else base
    found: list[Diagnostic] = []
    seen: set[tuple[str, int | None]] = set()
    for entry in digest.entries:
        pictures = [*entry.images, *([entry.thumbnail] if entry.thumbnail else [])]
        for image in pictures:
            key = (image.src, image.line)
            if key in seen:
                continue
            seen.add(key)
            why = _local_picture_problem(image, base, root)
            if why is not None:
                message = f"picture {image.src[:120]!r} {why}; it is not shown"
                found.append(diag.make("image", image.line or entry.line, message))
    return found


def picture_root(rooted: str, digest_dir: Path, srcdir: Path) -> Path:
    """The folder a ``/images/x.png`` path (``rooted``, without its ``/``) starts from.

    Zenn writes pictures from the repository's root, which is not the source
    directory: the root is the nearest of the digest's folder and its parents,
    up to ``srcdir``, that holds the picture; else the nearest that holds its
    first folder (``images``); else ``srcdir`` (where a missing picture is then
    reported).
    """
    folders = [digest_dir, *digest_dir.parents]
    inside = [f for f in folders if f.is_relative_to(srcdir)]
    first = rooted.split("/", 1)[0]
    for wanted in (rooted, first):
        for folder in inside:
            try:
                if (folder / wanted).exists():
                    return folder
            except OSError:  # a name no file system holds: found nowhere
                return srcdir
    return srcdir


def _local_picture_problem(image: Image, base: Path, root: Path) -> str | None:
    src = image.src.strip()
    if urls.is_remote_url(src) or src.startswith("\\\\") or urls.url_scheme(src) is not None:
        return None  # on the web, or refused by the reader already
    rooted = urls.rooted_path(src)
    local = rooted or urls.local_path(src)
    if local is None:
        return None  # the reader reports it (image-path)
    folder = picture_root(rooted, base, root) if rooted else base
    relative = os.path.relpath(folder / local, root)  # lexical, as the build joins them
    if relative == ".." or relative.startswith(".." + os.sep):
        return "is outside the source directory"
    return picture_file(Path(relative).as_posix(), root)[1]
