"""The papers a source described, kept in a JSON file so that a rebuild asks nothing again.

One file per source (``arxiv.json``)::

    {"format": 1, "source": "arxiv",
     "papers": {"2106.03253": {...}, "2401.99999": null}}

``null`` is an id the source was asked and does not know. Keys are sorted and
the file is replaced at once (written aside, then renamed), so that a build
that stops half-way, or another reading it, never sees half a file. A file
that cannot be read (or of another format) counts as empty and is written
anew.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..core.papers import Paper
from .source import Answer

FORMAT = 1


class PaperCache:
    """The papers of one source: loaded from ``path``, saved there by :meth:`save`."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.source = source
        self.papers: dict[str, Paper | None] = self._load()

    def _load(self) -> dict[str, Paper | None]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        if data.get("source") != self.source or not isinstance(data.get("papers"), dict):
            return {}
        found: dict[str, Paper | None] = {}
        for ident, record in data["papers"].items():
            if record is None:
                found[ident] = None
                continue
            with contextlib.suppress(ValueError):
                if isinstance(record, dict):
                    found[ident] = Paper.from_data(record)
        return found

    def missing(self, ids: Iterable[str]) -> list[str]:
        """The ``ids`` the source was never asked, in order."""
        return [i for i in ids if i not in self.papers]

    def get(self, ident: str) -> Paper | None:
        """The paper ``ident``, if the source described it."""
        return self.papers.get(ident)

    def add(self, answer: Answer) -> bool:
        """Keep what ``answer`` says; whether that changed anything."""
        before = len(self.papers)
        self.papers.update(answer.papers)
        for ident in answer.asked:
            self.papers.setdefault(ident, None)
        return len(self.papers) != before

    def save(self) -> None:
        """Write the file (see the module docstring); :class:`OSError` when it cannot be."""
        data = {
            "format": FORMAT,
            "source": self.source,
            "papers": {
                ident: (paper.data() if paper is not None else None)
                for ident, paper in sorted(self.papers.items())
            },
        }
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            Path(tmp).replace(self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
