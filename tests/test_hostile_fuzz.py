"""Generated hostile digests (``tests/hostile/strategies.py``), many per Sphinx project.

Each example is a whole project of :data:`PAGES` generated digests, built in
html, epub, latex and text by the watched driver, with the assertions of
``test_hostile.py``: the builds finish, every entry the reader reads is on every
output, every warning is a located ``paperdigest.*`` one, no active markup and
no unsafe URL on any page, no dangerous TeX, no canary byte anywhere, no file
opened outside the source tree, no process, no connection to a private
address; and ``paperdigest lint`` reports without a traceback, flagging every
digest that holds an attack. The run is derandomised (the same examples in
every CI run) and does not shrink (a build is too slow to shrink with): a
failure prints the digests of the pages that failed.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .hostile import Payload, checks
from .hostile.fixtures import Reference, hostile_reference, lint_all
from .hostile.outputs import Outputs, collapse
from .hostile.project import BUILDERS, build, digest_path, placeholders, write_project
from .hostile.servers import Hosts, running_hosts
from .hostile.strategies import digests

__all__ = ["hostile_reference"]  # a fixture, used by name

#: Digests per project, and projects per run (more for a deeper run by hand:
#: ``PAPERDIGEST_FUZZ_EXAMPLES=50``; ``PAPERDIGEST_FUZZ_RANDOM=1`` draws new ones).
PAGES = 16
EXAMPLES = int(os.environ.get("PAPERDIGEST_FUZZ_EXAMPLES", "4"))
RANDOM = os.environ.get("PAPERDIGEST_FUZZ_RANDOM") == "1"
_DIAGNOSTIC = r"^.+?(?::\d+)?: (?:error|warning|info): \[[\w-]+\] "


@pytest.fixture(scope="module")
def hosts() -> Hosts:
    with running_hosts() as running:
        yield running


def _page_problems(outputs: Outputs, payload: Payload, allowed: frozenset[str]) -> list[str]:
    """Everything wrong with one generated page."""
    name, found = payload.name, []
    read = sorted(e.title for e in outputs.entries_read(name, payload.suffix))
    if sorted(outputs.cards(outputs.html(name))) != read:
        found.append(f"HTML cards differ from the {len(read)} entries read")
    if sorted(outputs.cards(outputs.epub_page(name))) != read:
        found.append(f"EPUB cards differ from the {len(read)} entries read")
    text = collapse(outputs.text(name))
    found += [
        f"text lacks {t[:60]!r}"
        for t, n in Counter(read).items()
        if text.count(collapse(f"**{t}**")) < n
    ]
    found += [
        f"{b}: {w.line}"
        for b, w in outputs.warnings_of(name)
        if not (w.type or "").startswith("paperdigest.") or not w.located
    ]
    found += map(str, checks.markup_findings(outputs.html(name), "html", allowed, name))
    found += map(str, checks.markup_findings(outputs.epub_page(name), "epub", allowed, name))
    found += map(str, checks.tex_findings(outputs.tex[1].get(name, ""), "tex"))
    if name not in outputs.tex[1]:
        found.append("not in the LaTeX document")
    return found


def _lint_problems(results: dict[str, dict[str, object]], path: Path, attacked: bool) -> list[str]:
    import re

    result = results[str(path)]
    found = []
    if result["error"] is not None or result["status"] not in (0, 1):
        found.append(f"lint: {result}")
    if attacked and not re.search(_DIAGNOSTIC, str(result["output"]), re.M):
        found.append(f"lint flags nothing of an attack:\n{result['output']}")
    return found


@settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(generated=st.lists(digests(), min_size=PAGES, max_size=PAGES))
def test_generated_digests(
    generated: list[tuple[str, str, bool]],
    hosts: Hosts,
    hostile_reference: Reference,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    payloads = [
        Payload(f"control-fuzz-{i:02d}", text, 0, flagged=attacked, suffix=suffix)
        for i, (text, suffix, attacked) in enumerate(generated)
    ]
    built = write_project(
        root / "project",
        payloads,
        lambda canary: placeholders(canary, hosts.port, hosts.port6, hosts.redirector_port),
    )
    results = build([built], root)
    outputs = Outputs(built, results["projects"][built.name])
    assert not outputs.problems(BUILDERS), "\n".join(outputs.problems(BUILDERS))
    lint = lint_all([built.srcdir / digest_path(p) for p in payloads], root)
    failures = []
    for payload in payloads:
        found = _page_problems(outputs, payload, hostile_reference.signatures)
        found += _lint_problems(lint, built.srcdir / digest_path(payload), payload.flagged)
        if found:
            failures.append(
                f"== {payload.name}:\n" + "\n".join(found) + f"\n-- digest:\n{payload.digest}"
            )
    assert not failures, "\n\n".join(failures)
    assert not checks.leaks(outputs.files(), built.canary.secrets)
    assert results["touched"] == results["started"] == results["connected"] == []
    assert hosts.canary.connections == 0, dict(hosts.canary.paths)
