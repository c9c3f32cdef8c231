"""Sphinx warnings for digests: ``type="paperdigest"``, a subtype, a location."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from .core.model import Diagnostic, Severity

logger = logging.getLogger(__name__)

#: The warning type; subtypes are the diagnostic codes.
WARNING_TYPE = "paperdigest"

Location = str | tuple[str, int | None] | nodes.Node | None


def warn(message: str, subtype: str, location: Location = None) -> None:
    """Log a warning that ``suppress_warnings = ["paperdigest.<subtype>"]`` silences."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)


def file_location(path: str | Path, line: int | None) -> str:
    """A ``file:line`` location (Sphinx shows a location with a colon as it is).

    A problem of the whole file (no line) points at line 1: editors and CI
    annotations read ``file:line``, and line 0 is none.
    """
    return f"{path}:{line or 1}"


def report_diagnostics(diagnostics: Iterable[Diagnostic], path: str | Path) -> None:
    """Log a reader's diagnostics at ``digest-file:line``; info ones as info."""
    for diagnostic in diagnostics:
        location = file_location(path, diagnostic.line)
        if diagnostic.severity is Severity.INFO:
            logger.info(f"{location}: {diagnostic.message}")
        else:
            warn(diagnostic.message, diagnostic.code, location)
