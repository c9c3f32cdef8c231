"""The hostile corpus (``tests/hostile/``), built in one Sphinx project: html, epub, latex, text.

``docs/security.md`` says what a digest cannot do: read a file, reach a host,
run code, inject markup, crash or stall the build, lose an entry. Each payload
of the corpus is a digest on a page of its own, and each test below proves one
promise for every payload (so a failure names the payload). The project is
built once, in a watched process (``tests/hostile/build_driver.py``): a canary
directory outside the source tree holds random secrets, a canary HTTP server
on 127.0.0.1 and [::1] counts connections, and the build downloads card
pictures with the default policy. Payloads known to fail because of a bug
outside the Sphinx layer are strict xfails naming the bug
(``tests/hostile/__init__.py``); none may break the build.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from defusedxml import ElementTree
from markdown_it import MarkdownIt

from .hostile import Payload, checks
from .hostile.corpus import ALL
from .hostile.fixtures import Reference, hostile_reference, lint_all, write_digests
from .hostile.outputs import Outputs, collapse
from .hostile.project import (
    BUILDERS,
    Project,
    build,
    can_prepare,
    digest_path,
    placeholders,
    write_project,
)
from .hostile.servers import Tally, running_hosts

__all__ = ["hostile_reference"]  # a fixture, used by name

MAIN = tuple(p for p in ALL if can_prepare(p.prepare))
#: Pages that keep the theme's global navigation (it prints group titles).
NAVIGATION = ("markup-group-script", "markup-group-img", "markup-group-entities")


def cases(payloads: tuple[Payload, ...], check: str) -> list[object]:
    """One case per payload; a strict xfail where the payload is known to fail ``check``."""
    return [
        pytest.param(
            p,
            id=p.name,
            marks=[pytest.mark.xfail(strict=True, reason=p.known[check])]
            if check in p.known
            else [],
        )
        for p in payloads
    ]


@dataclass(frozen=True)
class Hostile:
    """The built corpus and what the watchers saw."""

    outputs: Outputs
    results: dict[str, object]
    canary: Tally
    redirector: Tally

    @property
    def project(self) -> Project:
        return self.outputs.project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    root = tmp_path_factory.mktemp("hostile")
    with running_hosts() as hosts:
        built = write_project(
            root / "project",
            MAIN,
            lambda canary: placeholders(canary, hosts.port, hosts.port6, hosts.redirector_port),
            navigation=NAVIGATION,
        )
        results = build([built], root)
    return Hostile(
        Outputs(built, results["projects"][built.name]), results, hosts.canary, hosts.redirector
    )


# -- the build finishes ------------------------------------------------------------------------


@pytest.mark.parametrize("builder", BUILDERS)
def test_the_build_finishes(hostile: Hostile, builder: str) -> None:
    assert not hostile.outputs.problems((builder,)), "\n".join(hostile.outputs.problems((builder,)))


# -- nothing is lost ----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", cases(MAIN, "entries"))
def test_every_entry_reaches_every_output(hostile: Hostile, payload: Payload) -> None:
    outputs = hostile.outputs
    read = outputs.entries_read(payload.name, payload.suffix)
    titles = sorted(e.title for e in read)
    assert len(read) == payload.entries, f"the reader read {len(read)} entries of {payload.entries}"
    assert sorted(outputs.cards(outputs.html(payload.name))) == titles, "HTML cards"
    assert sorted(outputs.cards(outputs.epub_page(payload.name))) == titles, "EPUB cards"
    text = collapse(outputs.text(payload.name))
    for title, count in Counter(titles).items():
        assert text.count(collapse(f"**{title}**")) >= count, f"text output lacks {title[:80]!r}"


# -- warnings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", cases(MAIN, "warnings"))
def test_warnings_are_located_paperdigest_warnings(hostile: Hostile, payload: Payload) -> None:
    bad = [
        f"{builder}: {warned.line}"
        for builder, warned in hostile.outputs.warnings_of(payload.name)
        if not (warned.type or "").startswith("paperdigest.") or not warned.located
    ]
    assert not bad, "\n".join(bad)


def test_every_warning_names_a_payload(hostile: Hostile) -> None:
    known = {(b, w) for p in MAIN for b, w in hostile.outputs.warnings_of(p.name)}
    stray = [f"{b}: {w.line}" for b, w in hostile.outputs.warnings if (b, w) not in known]
    assert not stray, "\n".join(stray[:50])


# -- markup -------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", cases(MAIN, "markup"))
def test_no_active_markup_on_a_page(
    hostile: Hostile, hostile_reference: Reference, payload: Payload
) -> None:
    outputs, allowed = hostile.outputs, hostile_reference.signatures
    found = checks.markup_findings(outputs.html(payload.name), "html", allowed, payload.name)
    found += checks.markup_findings(outputs.epub_page(payload.name), "epub", allowed, payload.name)
    assert not found, "\n".join(map(str, found))


def test_no_active_markup_on_the_other_pages(
    hostile: Hostile, hostile_reference: Reference
) -> None:
    outputs, found = hostile.outputs, []
    pages = {p.name for p in MAIN}
    for path in checks.files_under(outputs.project.outdir / "html"):
        if path.suffix == ".html" and path.stem not in pages:
            found += checks.markup_findings(
                path.read_text(encoding="utf-8"), str(path), hostile_reference.signatures, path.stem
            )
    for member, data in outputs.epub.items():
        name = Path(member).stem
        if member.endswith((".xhtml", ".ncx", ".opf")) and name not in pages:
            found += checks.markup_findings(
                data.decode(), member, hostile_reference.signatures, name
            )
    assert not found, "\n".join(map(str, found))


def test_epub_files_are_well_formed_xml(hostile: Hostile) -> None:
    bad = []
    for member, data in hostile.outputs.epub.items():
        if member.endswith((".xhtml", ".ncx", ".opf", ".xml")):
            try:
                ElementTree.fromstring(data)
            except ElementTree.ParseError as exc:
                bad.append(f"{member}: {exc}")
    assert not bad, "\n".join(bad)


# -- TeX ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", cases(MAIN, "tex"))
def test_tex_reads_and_writes_nothing(hostile: Hostile, payload: Payload) -> None:
    part = hostile.outputs.tex[1].get(payload.name)
    assert part is not None, "the page is not in the LaTeX document"
    found = checks.tex_findings(part, payload.name)
    assert not found, "\n".join(map(str, found))


def test_tex_preamble_is_sphinx_own(hostile: Hostile, hostile_reference: Reference) -> None:
    head, _ = hostile.outputs.tex
    commands = [f.problem for f in checks.tex_findings(head, "preamble")]
    assert commands == list(hostile_reference.tex_head)


# -- leaks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", cases(MAIN, "absent"))
def test_nothing_leaks_into_a_page(hostile: Hostile, payload: Payload) -> None:
    project = hostile.project
    canary = project.canary
    wanted = [*canary.secrets, canary.substitution.encode(), *(a.encode() for a in payload.absent)]
    found = [
        f"{what}: {secret[:60]!r}"
        for what, data in hostile.outputs.payload_files(payload.name)
        for secret in wanted
        if secret in data
    ]
    # the build machine's paths neither, unless the digest itself writes one
    digest = project.srcdir / digest_path(payload)
    root = str(project.root).encode()
    if not (digest.is_file() and root in digest.read_bytes()):
        found += [
            f"{what}: the path of the project"
            for what, data in hostile.outputs.payload_files(payload.name)
            if root in data and not what.endswith(".doctree")
        ]
    assert not found, "\n".join(found)


def test_no_canary_byte_anywhere(hostile: Hostile) -> None:
    canary = hostile.project.canary
    found = checks.leaks(hostile.outputs.files(), canary.secrets)
    # the configuration holds the secret substitution: the pickled environment too
    pages = [p for p in hostile.outputs.files() if p.name != "environment.pickle"]
    found += checks.leaks(pages, [canary.substitution.encode()])
    assert not found, "\n".join(found)


def test_no_file_outside_the_source_tree_is_opened(hostile: Hostile) -> None:
    assert hostile.results["touched"] == []


def test_no_process_is_started_and_nothing_is_written_outside(hostile: Hostile) -> None:
    assert hostile.results["started"] == []
    canary = hostile.project.canary
    assert sorted(p.name for p in canary.directory.iterdir()) == ["canary.png", "secret.txt"]


# -- hosts ---------------------------------------------------------------------------------------


def test_no_private_host_is_reached(hostile: Hostile) -> None:
    assert hostile.results["connected"] == [], "connections made by the build"
    assert hostile.canary.connections == 0, dict(hostile.canary.paths)


def test_downloads_happen_and_redirects_are_followed(hostile: Hostile) -> None:
    # the refusals above are refusals: the build downloads, and follows redirects
    asked = hostile.redirector.paths
    redirects = [p.name for p in MAIN if p.name.startswith("host-redirect-")]
    for name in redirects:
        assert any(name in path for path in asked), f"{name} was never asked for"
    assert asked["/picture.png"] >= 1
    page = hostile.outputs.html("host-public-control")
    thumbnails = re.findall(r'<img[^>]*class="[^"]*paperdigest-thumb[^>]*>', page)
    assert thumbnails and all('src="http' not in img for img in thumbnails), thumbnails


# -- exports and other files ----------------------------------------------------------------


def _strings(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


def test_json_export_links_only_safe_urls(hostile: Hostile) -> None:
    bad = [
        f"{key}: {text[:100]!r}"
        for key, text in _strings(hostile.outputs.papers)
        if key in {"url", "src", "home"} and not checks.safe_url(text)
    ]
    assert not bad, "\n".join(bad)


def test_exported_summaries_render_to_no_active_markup(hostile: Hostile) -> None:
    # papers.json (and papers.csv) hold Markdown sources: judged as a consumer reads
    # them, rendered by CommonMark with HTML on
    render = MarkdownIt("commonmark", {"html": True}).render
    found = []
    for item in hostile.outputs.papers["digests"]:
        digest = item["digest"]
        sources = [digest["intro"], *(g["intro"] for g in digest["groups"])]
        sources += [e["summary"] for g in digest["groups"] for e in g["entries"]]
        for source in filter(None, sources):
            found += checks.markup_findings(render(source), digest["path"])
    assert not found, "\n".join(map(str, found))


def test_atom_feed_is_safe(hostile: Hostile) -> None:
    text = hostile.outputs.export("papers.atom")
    root = ElementTree.fromstring(text.encode())
    found: list[object] = []
    for element in root.iter():
        href = element.get("href")
        if href is not None and not checks.safe_url(href):
            found.append(f"{element.tag} href={href!r}")
        if element.get("type") in {"html", "xhtml"} and element.text:
            found += checks.markup_findings(element.text, f"atom {element.tag}")
    assert not found, "\n".join(map(str, found))


def test_bibtex_export_has_no_dangerous_tex(hostile: Hostile) -> None:
    text = hostile.outputs.export("papers.bib")
    found = [str(f) for f in checks.tex_findings(text, "papers.bib")]
    found += [
        url
        for url in re.findall(r"^\s*url\s*=\s*\{(.*)\},?$", text, re.M)
        if not checks.safe_url(url)
    ]
    assert not found, "\n".join(found)


def test_csv_export_has_no_formula(hostile: Hostile) -> None:
    csv.field_size_limit(sys.maxsize)  # the corpus has summaries of megabytes
    rows = list(csv.reader(io.StringIO(hostile.outputs.export("papers.csv"))))
    formulas = [
        cell
        for row in rows[1:]
        for cell in row
        if cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    # numbers and dates are not formulas; text cells are the danger
    assert not [c for c in formulas if not re.fullmatch(r"-?\d+", c)], formulas[:20]


def test_searchindex_is_data(hostile: Hostile) -> None:
    text = (hostile.project.outdir / "html" / "searchindex.js").read_text(encoding="utf-8")
    match = re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S)
    assert match is not None, "searchindex.js is not one Search.setIndex(...) call"
    json.loads(match.group(1))


def test_sources_are_the_pages_only(hostile: Hostile) -> None:
    sources = hostile.project.outdir / "html" / "_sources"
    for path in checks.files_under(sources):
        page = hostile.project.srcdir / path.relative_to(sources).as_posix().removesuffix(".txt")
        assert page.suffix == ".md" and page.parent == hostile.project.srcdir, path
        assert path.read_bytes() == page.read_bytes(), path


# -- lint ------------------------------------------------------------------------------------------


_DIAGNOSTIC = re.compile(r"^.+?(?::\d+)?: (?:error|warning|info): \[[\w-]+\] ", re.M)


@pytest.fixture(scope="module")
def lint(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    root = tmp_path_factory.mktemp("lint")
    payloads = [p for p in ALL if can_prepare(p.prepare)]
    paths = write_digests(root, payloads)
    results = lint_all(list(paths.values()), root)
    return {name: results[str(path)] for name, path in paths.items()}


@pytest.mark.parametrize("payload", cases(tuple(p for p in ALL if can_prepare(p.prepare)), "lint"))
def test_lint_reports_without_a_traceback(
    lint: dict[str, dict[str, object]], payload: Payload
) -> None:
    result = lint[payload.name]
    output = str(result["output"])
    assert result["error"] is None, result["error"]
    assert result["status"] in (0, 1), result
    assert "Traceback" not in output
    if payload.flagged:
        assert _DIAGNOSTIC.search(output), f"no diagnostic for an attack:\n{output}"


def test_every_class_has_payloads() -> None:
    classes = Counter(p.cls for p in ALL)
    assert set(classes) == {"read", "markup", "exec", "host", "crash", "cost"}
    assert sum(classes.values()) >= 100
    assert all(count >= 10 for count in classes.values()), classes
