"""Read what a hostile build wrote, page by page: HTML, EPUB, text, LaTeX, exports, warnings."""

from __future__ import annotations

import functools
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from . import checks
from .project import Project, digest_file


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@dataclass(frozen=True)
class ReadEntry:
    """An entry as the reader read it (from the build's ``papers.json``)."""

    id: str
    title: str


class Outputs:
    """The outputs of one built project, and its builds' results."""

    def __init__(self, project: Project, builds: list[dict[str, Any]]) -> None:
        self.project = project
        self.builds = {build["builder"]: build for build in builds}

    # -- the builds --------------------------------------------------------------------

    def problems(self, builders: tuple[str, ...]) -> list[str]:
        """Why a build did not finish cleanly: errors, a status, tracebacks in warnings."""
        found = []
        for builder in builders:
            build = self.builds.get(builder)
            if build is None:
                found.append(f"{builder}: not built (an earlier builder failed)")
                continue
            if build["error"]:
                found.append(f"{builder}: {build['error'][-4000:]}")
            elif build["status"] != 0:
                found.append(f"{builder}: status {build['status']}")
            if "Traceback" in build["warnings"]:
                found.append(
                    f"{builder}: a traceback in the warnings:\n{build['warnings'][-4000:]}"
                )
        return found

    @functools.cached_property
    def warnings(self) -> list[tuple[str, checks.Warned]]:
        """``(builder, warning)`` of every build."""
        return [
            (builder, warned)
            for builder, build in self.builds.items()
            for warned in checks.warnings_of(build["warnings"])
        ]

    def warnings_of(self, name: str) -> list[tuple[str, checks.Warned]]:
        """The warnings that point at a payload's page or digest folder."""
        src = self.project.srcdir
        marks = (f"{src / 'digests' / name}/", f"{src / name}.md:")
        return [(b, w) for b, w in self.warnings if w.location.startswith(marks)]

    # -- pages -------------------------------------------------------------------------------

    def path(self, builder: str, name: str) -> Path:
        return self.project.outdir / builder / name

    def html(self, name: str) -> str:
        """The HTML page of a payload."""
        return self.path("html", f"{name}.html").read_text(encoding="utf-8")

    def text(self, name: str) -> str:
        """The text builder's page of a payload."""
        return self.path("text", f"{name}.txt").read_text(encoding="utf-8")

    @functools.cached_property
    def epub(self) -> dict[str, bytes]:
        """Every member of the ``.epub`` file."""
        found = list((self.project.outdir / "epub").glob("*.epub"))
        assert len(found) == 1, found
        with zipfile.ZipFile(found[0]) as archive:
            return {member: archive.read(member) for member in archive.namelist()}

    def epub_page(self, name: str) -> str:
        return self.epub[f"{name}.xhtml"].decode("utf-8")

    @functools.cached_property
    def tex(self) -> tuple[str, dict[str, str]]:
        """The LaTeX preamble and each page's part of the body."""
        found = list((self.project.outdir / "latex").glob("*.tex"))
        assert len(found) == 1, found
        return checks.tex_documents(found[0].read_text(encoding="utf-8"))

    @staticmethod
    def cards(markup: str) -> list[str]:
        """The titles of the cards of a page (HTML or XHTML), in order."""
        tree = BeautifulSoup(markup, "html.parser")
        titles = []
        for card in tree.select(".paperdigest-card"):
            title = card.select_one(".paperdigest-title")
            titles.append(title.get_text() if title is not None else "")
        return titles

    # -- exports ------------------------------------------------------------------------------

    def export(self, name: str) -> str:
        return self.path("html", name).read_text(encoding="utf-8")

    @functools.cached_property
    def papers(self) -> dict[str, Any]:
        """``papers.json``, read strictly (no NaN, no Infinity)."""
        data: dict[str, Any] = _strict_json(self.export("papers.json"))
        return data

    @functools.cached_property
    def read_entries(self) -> dict[str, list[ReadEntry]]:
        """Entries the reader read, by digest path (relative to the source directory)."""
        found: dict[str, list[ReadEntry]] = {}
        for item in self.papers["digests"]:
            digest = item["digest"]
            found[digest["path"]] = [
                ReadEntry(e["id"], e["title"]) for g in digest["groups"] for e in g["entries"]
            ]
        return found

    def entries_read(self, payload_name: str, suffix: str) -> list[ReadEntry]:
        """What the reader read of a payload's digest (none when it could not be read)."""
        return self.read_entries.get(digest_file(payload_name, suffix), [])

    # -- every file ---------------------------------------------------------------------------

    def files(self) -> Iterator[Path]:
        """Every file the builds wrote, doctrees included."""
        yield from checks.files_under(self.project.outdir)

    def payload_files(self, name: str) -> list[tuple[str, bytes]]:
        """``(what, bytes)`` of every output of one payload's page."""
        found = []
        for builder, suffix in (("html", ".html"), ("text", ".txt")):
            path = self.path(builder, name + suffix)
            if path.exists():
                found.append((str(path), path.read_bytes()))
        member = f"{name}.xhtml"
        if member in self.epub:
            found.append((member, self.epub[member]))
        part = self.tex[1].get(name)
        if part is not None:
            found.append((f"latex part of {name}", part.encode()))
        doctree = self.project.doctreedir / f"{name}.doctree"
        if doctree.exists():
            found.append((str(doctree), doctree.read_bytes()))
        return found


def collapse(text: str) -> str:
    """``text`` without any whitespace (the text builder wraps long lines anywhere)."""
    return re.sub(r"\s+", "", text)
