"""Close names for what a user mistyped: a digest path next to the files that exist."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path

#: Suffixes a digest is likely to have (a file of the path's own suffix is one too).
DIGEST_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".yaml", ".yml", ".json", ".toml"})
#: At most this many directory entries are looked at: a suggestion is no crawl.
MAX_ENTRIES = 2000


def _files(root: Path, depth: int, budget: list[int]) -> Iterator[Path]:
    """Files under ``root``, ``depth`` levels down at most, skipping hidden entries."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        budget[0] -= 1
        if budget[0] < 0:
            return
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_file():
                yield Path(entry.path)
            elif depth > 1 and entry.is_dir():
                yield from _files(Path(entry.path), depth - 1, budget)
        except OSError:
            continue


def close_paths(wanted: Path, srcdir: Path, base: Path, written: str) -> list[str]:
    """Existing files whose path is close to ``written``, written the same way.

    ``wanted`` is the missing file (absolute, normalised, inside ``srcdir``);
    ``written`` is how the directive named it: relative to ``base`` (the page's
    directory), or to ``srcdir`` when it starts with ``/``. Files are looked for
    from the nearest existing folder of ``wanted`` inside ``srcdir`` down to
    the missing file's depth, and never outside ``srcdir``; and the same path
    from the source directory (``/digests/ml.md`` for ``digests/ml.md``).
    """
    root = wanted.parent
    while not root.is_dir() and root != srcdir and root.parent.is_relative_to(srcdir):
        root = root.parent
    if not root.is_dir() or not root.is_relative_to(srcdir):
        return []
    depth = len(wanted.relative_to(root).parts)
    from_root = written.startswith(("/", "\\"))
    names: dict[str, Path] = {}
    for found in _files(root, depth, [MAX_ENTRIES]):
        suffix = found.suffix.lower()
        if suffix not in DIGEST_SUFFIXES and suffix != wanted.suffix.lower():
            continue
        if from_root:
            name = "/" + found.relative_to(srcdir).as_posix()
        else:
            name = Path(os.path.relpath(found, base)).as_posix()
        names[name] = found
    target = written.strip().replace("\\", "/")
    close = _closest(target, sorted(names))
    # the usual slip: a path from the source directory written without its ``/``
    from_srcdir = Path(os.path.normpath(srcdir / target))
    if not from_root and from_srcdir.is_relative_to(srcdir) and from_srcdir.is_file():
        close = ["/" + from_srcdir.relative_to(srcdir).as_posix(), *close][:3]
    return close


def _closest(target: str, names: list[str]) -> list[str]:
    """Up to 3 names close to ``target``, and about as close as the closest.

    Paths share long prefixes (``digests/``), which makes every file of a folder
    look alike; only the ones nearly as close as the best one are worth naming.
    """
    scored = []
    for name in names:
        matcher = difflib.SequenceMatcher(None, target, name)
        if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8:
            scored.append((matcher.ratio(), name))
    scored = sorted((s for s in scored if s[0] >= 0.8), key=lambda s: (-s[0], s[1]))
    if not scored:
        return []
    best = scored[0][0]
    return [name for score, name in scored[:3] if score >= best - 0.1]


def did_you_mean(names: list[str]) -> str:
    """``did you mean 'a'?``, ``... 'a' or 'b'?``; empty for no names."""
    if not names:
        return ""
    quoted = [repr(name) for name in names]
    if len(quoted) == 1:
        return f"did you mean {quoted[0]}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
