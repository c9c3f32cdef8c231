"""Read a digest file into the model: the entry points of the core.

A digest is Markdown (:mod:`.markdown`) or, by its file name, YAML, JSON or
TOML data (:mod:`.structured`). Content errors never raise: they become
:class:`~.model.Diagnostic` objects and reading goes on, so every entry of the
file is in the model.
"""

from __future__ import annotations

from pathlib import Path

from .files import FileTooLarge, read_source, unread_digest
from .limits import Budget
from .markdown import MarkdownReader
from .metadata import Report, reporter
from .model import Diagnostic, Digest
from .safeload import without_surrogates
from .structured import read_structured

STRUCTURED_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


def read_digest(
    path: str | Path, *, entry_level: int | None = None, entry: str | None = None
) -> tuple[Digest, list[Diagnostic]]:
    """Read the digest file at ``path``.

    Raises :class:`OSError` when the file cannot be read or is not a regular
    file; every problem with its content is a diagnostic (a file over
    :data:`~.limits.MAX_FILE_BYTES` is one too, and is not read).
    """
    try:
        data = read_source(path)
    except FileTooLarge as exc:
        return unread_digest(path, exc)
    return parse_digest(data, path=str(path), entry_level=entry_level, entry=entry)


def digest_format(path: str | None) -> str:
    """Return ``markdown``, ``yaml``, ``json`` or ``toml`` from a file name."""
    if path is None:
        return "markdown"
    return STRUCTURED_SUFFIXES.get(Path(path).suffix.lower(), "markdown")


def decode(data: bytes | str, report: Report) -> str:
    """Decode UTF-8 (a BOM is allowed), reporting and replacing bad bytes."""
    if isinstance(data, str):
        text = data
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                line = text.count("\n", 0, exc.start) + 1
                report("encoding", line, "the text holds lone surrogates; they are shown as \ufffd")
                text = without_surrogates(text)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            report(
                "encoding",
                line,
                f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                "bad bytes are shown as \ufffd",
            )
            text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_digest(
    data: bytes | str,
    *,
    path: str | None = None,
    format: str | None = None,
    entry_level: int | None = None,
    entry: str | None = None,
) -> tuple[Digest, list[Diagnostic]]:
    """Read a digest from its bytes or text; never raises on bad content.

    ``format`` defaults to what the file name says (Markdown unless it ends in
    ``.yaml``, ``.yml``, ``.json`` or ``.toml``). ``entry`` overrides how
    entries are written (one of :data:`~.model.SHAPES`), ``entry_level`` the
    detected heading level of entries (and means ``heading``).
    """
    found: list[Diagnostic] = []
    report = reporter(found)
    text = decode(data, report)
    budget = Budget.for_text(text)
    fmt = format or digest_format(path)
    if fmt != "markdown":
        digest = read_structured(text, fmt, path, report, budget)
    else:
        digest = MarkdownReader(text, path, report, entry_level, budget, entry=entry).read()
    if not digest.entries:
        report("empty", None, "the digest has no entries")
    found.sort(key=lambda d: d.line or 0)
    return digest, found
