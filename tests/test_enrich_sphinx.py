"""Enrichment in builds: authors on cards and in exports, asked once, cached, failing softly.

The arXiv API is :mod:`.arxiv_server`, on 127.0.0.1 (no test reaches the
internet); :func:`sphinx_paperdigest.enrichment.pause` is replaced, so that no
test waits the API's 3 seconds.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_paperdigest import enrichment

from . import arxiv_server
from .conftest import ROOTS, parsed_warnings, soup
from .exports_helpers import parse_bib, validate_json

ATTENTION = "Vaswani, Shazeer et al."
ESCAPED = "<script>alert(1)</script>, {Jerry}% et al."
ALL_IDS = ["1706.03762", "2106.03253", "2401.00001", "2401.99999", "hep-th/9901001"]


@pytest.fixture(scope="module")
def api() -> Iterator[arxiv_server.ArxivServer]:
    with arxiv_server.serving() as running:
        yield running


@pytest.fixture(autouse=True)
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    found: list[float] = []
    monkeypatch.setattr(enrichment, "pause", found.append)
    return found


Builder = Callable[..., SphinxTestApp]


@pytest.fixture
def build(tmp_path: Path) -> Iterator[Builder]:
    """``build(api_url, buildername="html", **conf)``: a build of a copy of test-enrich.

    Builds share the copy and its build directory (so the cache) unless
    ``builddir`` says otherwise; ``pages`` adds or replaces pages.
    """
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-enrich", srcdir)
    apps: list[SphinxTestApp] = []

    def make(
        api_url: str | None,
        buildername: str = "html",
        *,
        builddir: Path | None = None,
        pages: dict[str, str] | None = None,
        freshenv: bool = False,
        parallel: int = 0,
        **conf: Any,
    ) -> SphinxTestApp:
        if apps:
            apps.pop().cleanup()
        for name, text in (pages or {}).items():
            (srcdir / name).write_text(text, encoding="utf-8")
        if api_url is not None:
            conf["paperdigest_arxiv_api"] = api_url
        app = SphinxTestApp(
            buildername,
            srcdir=srcdir,
            builddir=builddir,
            freshenv=freshenv,
            parallel=parallel,
            confoverrides=conf,
        )
        apps.append(app)
        app.build()
        return app

    yield make
    for app in apps:
        app.cleanup()


def authors_by_card(path: Path) -> dict[str, str]:
    """``{card id: authors line}`` of the cards of a page (empty line: none)."""
    found = {}
    for card in soup(path).select(".paperdigest-card"):
        line = card.select_one(".paperdigest-authors")
        found[card["id"]] = line.get_text() if line else ""
    return found


def outputs(outdir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts
    }


def enrich_warnings(app: SphinxTestApp) -> list[str]:
    return [w.message for w in parsed_warnings(app) if w.type == "paperdigest.enrich"]


# -- a build ----------------------------------------------------------------------------


def test_one_request_for_every_page_and_authors_on_cards(api, build):
    api.requests.clear()
    app = build(api.api())
    assert parsed_warnings(app) == []
    # both pages name papers: one request for all, each id once
    assert [r.ids for r in api.requests] == [ALL_IDS]
    assert authors_by_card(app.outdir / "index.html") == {
        "2401.00001": ESCAPED,
        "2401.99999": "",  # arXiv does not know it
        "2106.03253": "Lovelace, Turing",  # from a link in the summary
        "1706.03762": ATTENTION,
        "hep-th-9901001": "van Beethoven",
        "3292500": "",  # a DOI: nothing asked
    }
    assert authors_by_card(app.outdir / "again.html") == {"2401.00001": ESCAPED}
    # the authors line is text: the names' markup is escaped
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;, {Jerry}% et al." in html
    cache = json.loads((app.doctreedir / "paperdigest" / "arxiv.json").read_text("utf-8"))
    assert sorted(cache["papers"]) == ALL_IDS
    assert cache["papers"]["2401.99999"] is None


def test_exports_carry_the_authors(api, build):
    app = build(api.api())
    out = app.outdir
    feed = feedparser.parse((out / "papers.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    authors = {e.id.rsplit("#", 1)[1]: [a.name for a in e.get("authors", [])] for e in feed.entries}
    assert authors["1706.03762"][:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert len(authors["1706.03762"]) == 8
    assert authors["2401.00001"] == [
        "Eve <script>alert(1)</script>",
        "Tom & {Jerry}%",
        "Mallory \\relax O'Brien",
    ]
    assert authors["2106.03253"] == ["Ada Lovelace", "Alan Turing"]
    # an entry without a known paper has no author of its own (the feed's stands)
    assert authors["3292500"] in ([], ["Test Authors"])

    bib = parse_bib((out / "papers.bib").read_text(encoding="utf-8"))
    attention = bib["arxiv:1706.03762"]
    assert attention["author"].split(" and ") == [
        "Ashish Vaswani",
        "Noam Shazeer",
        "Niki Parmar",
        "Jakob Uszkoreit",
        "Llion Jones",
        "Aidan N. Gomez",
        "Lukasz Kaiser",
        "Illia Polosukhin",
    ]
    assert attention["title"] == "{Attention Is All You Need}"  # the paper's own title
    assert attention["primaryClass"] == "cs.CL"
    assert attention["year"] == "2017"
    escaped = bib["arxiv:2401.00001"]
    assert escaped["author"] == (
        r"Eve <script>alert(1)</script> and Tom \& \{Jerry\}\% and "
        r"Mallory \textbackslash{}relax O'Brien"
    )
    assert bib["arxiv:hep-th/9901001"]["author"] == "Ludwig van Beethoven"
    assert "author" not in bib["arxiv:2401.99999"]
    assert "author" not in bib["doi:10.1145/3292500.3330701"]

    data = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    validate_json(data)
    assert sorted(data["papers"]) == [f"arxiv:{i}" for i in ALL_IDS if i != "2401.99999"]
    record = data["papers"]["arxiv:2106.03253"]
    assert record == {
        "kind": "arxiv",
        "id": "2106.03253",
        "source": "arxiv",
        "title": "A Two-Author Paper",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "abstract": "Two authors.",
        "published": "2021-06-06",
        "primary_category": "cs.CV",
    }

    rows = list(csv.DictReader(io.StringIO((out / "papers.csv").read_text(encoding="utf-8"))))
    by_id = {row["id"]: row["authors"] for row in rows}
    assert by_id["2106.03253"] == "Ada Lovelace; Alan Turing"
    assert by_id["3292500"] == ""
    assert list(rows[0])[-1] == "authors"


@pytest.mark.parametrize(
    ("buildername", "page", "expected"),
    [
        ("text", "index.txt", f"{ATTENTION} · Jun 12, 2017"),
        ("text", "index.txt", "Lovelace, Turing · Jun 10, 2021"),
        ("latex", "enrichment.tex", rf"\DUrole{{paperdigest-authors}}{{{ATTENTION}}} · "),
        ("latex", "enrichment.tex", r"\textless{}script\textgreater{}alert(1)"),
        ("latex", "enrichment.tex", r"\{Jerry\}\%"),
    ],
)
def test_authors_in_print_builders(api, build, buildername, page, expected):
    app = build(api.api(), buildername)
    assert enrich_warnings(app) == []
    text = (app.outdir / page).read_text(encoding="utf-8")
    assert expected in text


# -- asked once -------------------------------------------------------------------------


def test_a_rebuild_asks_nothing_and_writes_the_same_bytes(api, build):
    first = build(api.api())
    before = outputs(first.outdir)
    api.requests.clear()
    first.build()  # nothing changed: nothing asked
    assert api.requests == []
    again = build(api.api(), freshenv=True)  # every page read and written again
    assert api.requests == []
    assert enrich_warnings(again) == []
    after = outputs(again.outdir)
    assert after.keys() == before.keys()
    for name, data in before.items():
        assert after[name] == data, name


def test_a_new_paper_is_asked_alone(api, build):
    build(api.api())
    api.requests.clear()
    page = "# New\n\n```{paperdigest} digests/new.md\n```\n"
    digest = "# 2020\n\n## [New](https://arxiv.org/abs/2002.00002)\n\nNew.\n"
    app = build(api.api(), pages={"new.md": page, "digests/new.md": digest})
    assert [r.ids for r in api.requests] == [["2002.00002"]]
    assert authors_by_card(app.outdir / "new.html") == {"2002.00002": "Alpha, Beta et al."}


def test_many_papers_are_asked_in_batches_with_pauses(api, build, pauses):
    digest = "# 2020\n\n" + "".join(
        f"## [Paper {n}](https://arxiv.org/abs/2003.{n:05d})\n\nText.\n\n" for n in range(250)
    )
    api.requests.clear()
    app = build(
        api.api(),
        pages={
            "many.md": "# Many\n\n```{paperdigest} digests/many.md\n```\n",
            "digests/many.md": digest,
        },
    )
    assert [len(r.ids) for r in api.requests] == [100, 100, 55]  # 250 and the other 5
    assert pauses == [3.0, 3.0]
    cards = authors_by_card(app.outdir / "many.html")
    assert len(cards) == 250
    assert cards["2003.00249"] == "Alpha, Beta et al."


# -- failing softly ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "why"),
    [("fail", "HTTP 500"), ("slow", "took more than 0.5 s"), ("rate", "not XML")],
)
def test_a_failing_api_is_one_warning_and_the_build_goes_on(api, build, mode, why):
    slow = {"paperdigest_remote_timeout": 0.5} if mode == "slow" else {}
    app = build(api.api(mode), **slow)
    (warning,) = [w for w in parsed_warnings(app) if w.type == "paperdigest.enrich"]
    assert warning.location == f"{app.srcdir / 'conf.py'}:8"  # paperdigest_enrich = ...
    warning = warning.message
    assert warning.startswith("cannot ask arxiv for 5 of 5 papers (")
    assert why in warning
    assert "asked for again next build" in warning
    assert [w for w in parsed_warnings(app) if w.type != "paperdigest.enrich"] == []
    assert set(authors_by_card(app.outdir / "index.html").values()) == {""}
    assert "papers" not in json.loads((app.outdir / "papers.json").read_text("utf-8"))
    assert not (app.doctreedir / "paperdigest" / "arxiv.json").exists()
    # the next build asks again, and writes the pages again with the authors
    api.requests.clear()
    app = build(api.api())
    assert [r.ids for r in api.requests] == [ALL_IDS]
    if not slow:  # the same configuration but the API's address: no page is read again
        assert "0 added, 0 changed, 0 removed" in app._status.getvalue()
    assert enrich_warnings(app) == []
    assert authors_by_card(app.outdir / "again.html") == {"2401.00001": ESCAPED}
    assert authors_by_card(app.outdir / "index.html")["1706.03762"] == ATTENTION


def test_an_answer_larger_than_the_cap_is_refused(api, build, monkeypatch):
    monkeypatch.setattr(enrichment, "ANSWER_BYTES", 2_000)  # the answer has about 6 KB
    app = build(api.api())
    (warning,) = enrich_warnings(app)
    assert "more than 2000" in warning
    assert set(authors_by_card(app.outdir / "index.html").values()) == {""}


def test_the_api_on_a_private_host_is_refused_unless_allowed(api, build):
    api.requests.clear()
    app = build(api.api(), paperdigest_allow_private_hosts=False)
    (warning,) = enrich_warnings(app)
    assert "127.0.0.1 is" in warning
    assert "paperdigest_allow_private_hosts = True allows it" in warning
    assert api.requests == []
    assert set(authors_by_card(app.outdir / "index.html").values()) == {""}


# -- -j ---------------------------------------------------------------------------------


def test_parallel_builds_ask_once_and_write_the_same_bytes(api, build, tmp_path):
    found = {}
    for jobs in (1, 2):
        api.requests.clear()
        app = build(api.api(), builddir=tmp_path / f"build-j{jobs}", parallel=jobs)
        assert parsed_warnings(app) == []
        assert [r.ids for r in api.requests] == [ALL_IDS]
        found[jobs] = outputs(app.outdir)
    assert found[1].keys() == found[2].keys()
    for name, data in found[1].items():
        assert found[2][name] == data, name


# -- configuration ----------------------------------------------------------------------


def test_off_by_default_nothing_asked(api, build):
    api.requests.clear()
    app = build(api.api(), paperdigest_enrich=[])
    assert parsed_warnings(app) == []
    assert api.requests == []
    assert set(authors_by_card(app.outdir / "index.html").values()) == {""}
    assert not (app.doctreedir / "paperdigest" / "arxiv.json").exists()


@pytest.mark.parametrize(
    ("setting", "message", "asks"),
    [
        (
            'paperdigest_enrich = "arxiv"',
            "paperdigest_enrich: must be a list of sources ('arxiv'); the default is used",
            False,
        ),
        (
            'paperdigest_enrich = ["arxiv", "crossref"]',
            "paperdigest_enrich: unknown source 'crossref' (use 'arxiv'); ignored",
            True,
        ),
        (
            'paperdigest_enrich = []\npaperdigest_arxiv_api = "ftp://example.org/api"',
            "paperdigest_arxiv_api: must be an http(s) URL; the default is used",
            False,
        ),
    ],
)
def test_bad_values_warn_at_their_line(api, build, setting, message, asks):
    conf = (ROOTS / "test-enrich" / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace("http://127.0.0.1:9/api/query", api.api())
    names = {line.split(" =")[0] for line in setting.splitlines()}
    conf = "".join(
        line for line in conf.splitlines(keepends=True) if line.split(" =")[0] not in names
    )
    api.requests.clear()
    app = build(None, pages={"conf.py": conf + setting + "\n"})
    (warning,) = parsed_warnings(app)
    assert (warning.message, warning.type) == (message, "paperdigest.option")
    line = conf.count("\n") + setting.count("\n") + 1
    assert warning.location == f"{app.srcdir / 'conf.py'}:{line}"
    assert bool(api.requests) is asks
