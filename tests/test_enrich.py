"""Enrichment without Sphinx: author names, the arXiv answer, batches, the cache, the policy."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from sphinx_paperdigest.core.model import Entry, PaperLink
from sphinx_paperdigest.core.papers import Paper, entry_paper, paper_keys, short_authors, surname
from sphinx_paperdigest.enrich import Answer, PaperCache, SourceError, enrich, policy_getter
from sphinx_paperdigest.enrich.arxiv import (
    ArxivSource,
    canonical_id,
    parse_answer,
    query_url,
)
from sphinx_paperdigest.images.fetch import FetchError, FetchLimits, RefusedHost, get

from . import arxiv_server
from .remote_server import PICTURE, Server, serving

ALLOW = FetchLimits(timeout=0.5, max_bytes=1_000_000, allow_private_hosts=True)
STRICT = FetchLimits(timeout=0.5, max_bytes=1_000_000)

# -- authors as cards print them ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "Lovelace"),
        ("  Ada   Lovelace ", "Lovelace"),
        ("Lovelace, Ada", "Lovelace"),
        ("Aidan N. Gomez", "Gomez"),
        ("Ludwig van Beethoven", "van Beethoven"),
        ("Johannes Diderik van der Waals", "van der Waals"),
        ("de Gaulle", "de Gaulle"),
        ("Robert L. Mercer Jr.", "Mercer"),
        ("Martin Luther King, Jr.", "King"),
        ("John Smith III", "Smith"),
        ("Madonna", "Madonna"),
        ("山田太郎", "山田太郎"),
        ("ATLAS Collaboration", "ATLAS Collaboration"),
        ("The OPERA Team", "The OPERA Team"),
    ],
)
def test_surname(name, expected):
    assert surname(name) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["Ada Lovelace"], "Lovelace"),
        (["Ada Lovelace", "Alan Turing"], "Lovelace, Turing"),
        (["Ada Lovelace", "Alan Turing", "Grace Hopper"], "Lovelace, Turing et al."),
        ([f"Author {n}" for n in range(3000)], "0, 1 et al."),
        (["", "  ", "Alan Turing"], "Turing"),
    ],
)
def test_short_authors(names, expected):
    assert short_authors(names) == expected


def test_short_authors_takes_a_translated_et_al():
    assert short_authors(["A B", "C D", "E F"], et_al="ほか") == "B, D ほか"


def test_paper_keys_own_link_first_each_once():
    entry = Entry(
        id="x",
        title="T",
        url="https://arxiv.org/abs/2106.03253v2",
        line=1,
        papers=(
            PaperLink("https://doi.org/10.1/x", "doi", "10.1/x"),
            PaperLink("https://arxiv.org/pdf/2106.03253", "arxiv", "2106.03253"),
            PaperLink("https://github.com/a/b", "github", "a/b"),
            PaperLink("https://arxiv.org/abs/hep-th/9901001", "arxiv", "hep-th/9901001"),
        ),
    )
    keys = paper_keys(entry)
    assert keys == ("arxiv:2106.03253", "doi:10.1/x", "arxiv:hep-th/9901001")
    known = {"arxiv:hep-th/9901001": Paper("arxiv", "hep-th/9901001", "arxiv", "Old")}
    found = entry_paper(keys, known)
    assert found is not None and found.title == "Old"
    assert entry_paper(keys, {}) is None


def test_paper_data_round_trips_and_refuses_other_data():
    paper = Paper("arxiv", "1", "arxiv", "T", ("A B",), "Abs", dt.date(2020, 1, 2), "cs.LG")
    assert Paper.from_data(json.loads(json.dumps(paper.data()))) == paper
    for bad in (
        {},
        {"kind": "arxiv"},
        {**paper.data(), "authors": "A B"},
        {**paper.data(), "title": 3},
    ):
        with pytest.raises(ValueError):
            Paper.from_data(bad)


# -- the answer ---------------------------------------------------------------------


def test_parse_answer_reads_what_arxiv_sends():
    ids = ["1706.03762", "hep-th/9901001", "2401.99999", "2401.00001"]
    papers = {p.id: p for p in parse_answer(arxiv_server.feed(ids))}
    assert set(papers) == {"1706.03762", "hep-th/9901001", "2401.00001"}  # 2401.99999 unknown
    attention = papers["1706.03762"]
    assert attention.key == "arxiv:1706.03762"
    assert attention.title == "Attention Is All You Need"  # hard wraps undone
    assert attention.authors[:2] == ("Ashish Vaswani", "Noam Shazeer")
    assert len(attention.authors) == 8
    assert attention.abstract.startswith("The dominant sequence transduction models are based")
    assert "\n" not in attention.abstract
    assert attention.published == dt.date(2017, 6, 12)
    assert attention.primary_category == "cs.CL"
    assert papers["hep-th/9901001"].authors == ("Ludwig van Beethoven",)
    # text stays text: the writers escape it
    assert papers["2401.00001"].authors[0] == "Eve <script>alert(1)</script>"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"Rate exceeded.", "not XML"),
        (b"", "not XML"),
        (arxiv_server.BOMB, "DTD"),
        (arxiv_server.EXTERNAL, "DTD"),
        (arxiv_server.feed([], error="incorrect id format for 1234.5678"), "incorrect id format"),
        (arxiv_server.feed([]), "no entry"),
        (b'<rss version="2.0"><channel/></rss>', "not an Atom feed"),
    ],
)
def test_parse_answer_refuses_what_is_not_an_answer(body, why):
    with pytest.raises(SourceError, match=why):
        parse_answer(body)


def test_parse_answer_bounds_each_field():
    long = "x" * 50_000
    body = arxiv_server.feed(["1111.11111"]).replace(b"Paper 1111.11111", long.encode())
    (paper,) = parse_answer(body)
    assert len(paper.title) == 1_000
    assert paper.title.endswith("…")


@pytest.mark.parametrize(
    ("ident", "expected"),
    [
        ("2106.03253", "2106.03253"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.AG/0601001", "math/0601001"),
        ("2113.00001", None),  # month 13
        ("9999.1", None),
        ("../../etc/passwd", None),
        ("2106.03253&max_results=1", None),
    ],
)
def test_canonical_id(ident, expected):
    assert canonical_id(ident) == expected


def test_query_url():
    assert query_url("https://export.arxiv.org/api/query", ["1706.03762", "hep-th/9901001"]) == (
        "https://export.arxiv.org/api/query?id_list=1706.03762,hep-th/9901001&max_results=2"
    )
    assert query_url("http://mirror.test/q?key=1", ["1"]).startswith("http://mirror.test/q?key=1&")


# -- batches and the rate limit -----------------------------------------------------------


class FakeApi:
    """Answers as :mod:`arxiv_server` does, and logs each request and each pause."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.log: list[tuple[str, object]] = []
        self.fail_at = fail_at

    def get(self, url: str) -> bytes:
        ids = url.split("id_list=", 1)[1].split("&", 1)[0].split(",")
        self.log.append(("get", ids))
        if self.fail_at is not None and len(self.requests()) == self.fail_at:
            raise SourceError("HTTP 500 Internal Server Error")
        return arxiv_server.feed(ids)

    def sleep(self, seconds: float) -> None:
        self.log.append(("sleep", seconds))

    def requests(self) -> list[list[str]]:
        return [ids for what, ids in self.log if what == "get"]  # type: ignore[misc]


def new_ids(n: int) -> list[str]:
    return [f"2001.{i:05d}" for i in range(n)]


def test_250_ids_make_3_requests_3_seconds_apart():
    api = FakeApi()
    source = ArxivSource(api.get, sleep=api.sleep)
    answer = source.fetch(list(reversed(new_ids(250))))
    assert [len(ids) for ids in api.requests()] == [100, 100, 50]
    assert [what for what, _ in api.log] == ["get", "sleep", "get", "sleep", "get"]
    assert [s for what, s in api.log if what == "sleep"] == [3.0, 3.0]
    asked = [i for ids in api.requests() for i in ids]
    assert asked == new_ids(250)  # each id once, in order
    assert answer.error is None
    assert len(answer.papers) == 250
    assert answer.asked == frozenset(new_ids(250))


def test_a_failed_request_stops_the_asking_and_keeps_what_came():
    api = FakeApi(fail_at=2)
    answer = ArxivSource(api.get, sleep=api.sleep).fetch(new_ids(250))
    assert len(api.requests()) == 2  # the third batch is not asked
    assert answer.error == "HTTP 500 Internal Server Error"
    assert answer.asked == frozenset(new_ids(100))
    assert set(answer.papers) == set(new_ids(100))


def test_malformed_ids_are_answered_unknown_without_a_request():
    api = FakeApi()
    answer = ArxivSource(api.get, sleep=api.sleep).fetch(["2113.00001", "x/y"])
    assert api.log == []
    assert answer.asked == frozenset({"2113.00001", "x/y"})
    assert answer.papers == {}


def test_old_ids_with_a_subject_class_are_asked_as_arxiv_knows_them():
    api = FakeApi()
    answer = ArxivSource(api.get, sleep=api.sleep).fetch(["math.AG/0601001"])
    assert api.requests() == [["math/0601001"]]
    assert answer.papers["math.AG/0601001"].id == "math.AG/0601001"


# -- the cache ------------------------------------------------------------------------


def paper(ident: str) -> Paper:
    return Paper("arxiv", ident, "arxiv", f"Paper {ident}", ("A B",), "", None, "cs.LG")


def test_cache_round_trip_is_sorted_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "deep" / "arxiv.json"
    cache = PaperCache(path, "arxiv")
    assert cache.add(Answer({"2": paper("2"), "1": paper("1")}, frozenset({"1", "2", "3"})))
    cache.save()
    assert [p.name for p in path.parent.iterdir()] == ["arxiv.json"]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data["papers"]) == ["1", "2", "3"]
    assert data["papers"]["3"] is None  # asked, unknown
    again = PaperCache(path, "arxiv")
    assert again.get("1") == paper("1")
    assert again.get("3") is None
    assert again.missing(["1", "3", "4"]) == ["4"]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"format": 2, "source": "arxiv", "papers": {}}',
        '{"format": 1, "source": "crossref", "papers": {"1": null}}',
        '{"format": 1, "source": "arxiv", "papers": []}',
    ],
)
def test_a_cache_that_cannot_be_read_counts_as_empty(tmp_path, text):
    path = tmp_path / "arxiv.json"
    path.write_text(text, encoding="utf-8")
    assert PaperCache(path, "arxiv").papers == {}


def test_a_bad_record_is_dropped_others_kept(tmp_path):
    path = tmp_path / "arxiv.json"
    good = paper("1").data()
    data = {"format": 1, "source": "arxiv", "papers": {"1": good, "2": {"id": 2}, "3": "x"}}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert PaperCache(path, "arxiv").papers == {"1": paper("1")}


def test_enrich_asks_only_what_the_cache_lacks(tmp_path):
    api = FakeApi()
    source = ArxivSource(api.get, sleep=api.sleep)
    keys = ["arxiv:2106.03253", "arxiv:2401.99999", "doi:10.1/x", "arxiv:2106.03253"]
    first = enrich(keys, [source], tmp_path)
    assert api.requests() == [["2106.03253", "2401.99999"]]
    assert first.asked == 2
    assert first.errors == ()
    assert set(first.papers) == {"arxiv:2106.03253"}
    second = enrich([*keys, "arxiv:1706.03762"], [source], tmp_path)
    assert api.requests()[1:] == [["1706.03762"]]  # only the new one
    assert set(second.papers) == {"arxiv:2106.03253", "arxiv:1706.03762"}
    third = enrich(keys, [source], tmp_path)
    assert len(api.requests()) == 2  # nothing asked
    assert third.asked == 0
    assert third.papers == {k: v for k, v in second.papers.items() if k in keys}


def test_enrich_reports_a_failure_and_caches_nothing_it_did_not_get(tmp_path):
    api = FakeApi(fail_at=1)
    outcome = enrich(["arxiv:2106.03253"], [ArxivSource(api.get, sleep=api.sleep)], tmp_path)
    assert outcome.papers == {}
    (error,) = outcome.errors
    assert "cannot ask arxiv for 1 of 1 papers (HTTP 500 Internal Server Error)" in error
    assert not (tmp_path / "arxiv.json").exists()


def test_enrich_reports_a_cache_it_cannot_write(tmp_path):
    (tmp_path / "blocked").write_text("a file where the directory would be", encoding="utf-8")
    api = FakeApi()
    outcome = enrich(
        ["arxiv:2106.03253"], [ArxivSource(api.get, sleep=api.sleep)], tmp_path / "blocked"
    )
    assert set(outcome.papers) == {"arxiv:2106.03253"}  # the answer is still used
    (error,) = outcome.errors
    assert error.startswith("cannot write ")


# -- over HTTP, under the download policy ------------------------------------------------


@pytest.fixture(scope="module")
def api() -> Iterator[arxiv_server.ArxivServer]:
    with arxiv_server.serving() as running:
        yield running


@pytest.fixture(scope="module")
def pictures() -> Iterator[Server]:
    with serving("127.0.0.1") as running:
        yield running


def test_batches_over_http(api):
    api.requests.clear()
    pauses: list[float] = []
    source = ArxivSource(
        policy_getter(ALLOW, "application/atom+xml"), api=api.api(), sleep=pauses.append
    )
    answer = source.fetch(new_ids(250))
    assert [len(r.ids) for r in api.requests] == [100, 100, 50]
    assert [r.query["max_results"] for r in api.requests] == [["100"], ["100"], ["50"]]
    assert pauses == [3.0, 3.0]
    assert answer.error is None
    assert answer.papers["2001.00249"].authors[0] == "Ann 2001.00249 Alpha"


def test_the_api_on_a_private_host_is_refused_unless_allowed(api):
    api.requests.clear()
    source = ArxivSource(policy_getter(STRICT), api=api.api(), sleep=lambda s: None)
    answer = source.fetch(["2106.03253"])
    assert answer.error is not None
    assert "127.0.0.1 is" in answer.error
    assert "paperdigest_allow_private_hosts = True allows it" in answer.error
    assert api.requests == []


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("fail", "HTTP 500"),
        ("slow", "took more than 0.5 s"),
        ("rate", "not XML"),
        ("error", "incorrect id format"),
        ("empty", "no entry"),
        ("bomb", "DTD"),
        ("external", "DTD"),
    ],
)
def test_failures_over_http(api, mode, why):
    source = ArxivSource(policy_getter(ALLOW), api=api.api(mode), sleep=lambda s: None)
    answer = source.fetch(["2106.03253"])
    assert answer.papers == {}
    assert answer.error is not None and why in answer.error


def test_get_returns_any_body_under_the_policy(pictures):
    # not a picture: a picture download refuses it, get does not judge formats
    assert get(pictures.url("/page.jpg"), ALLOW) == b"<html>not a picture</html>"
    assert get(pictures.url("/to-ok.jpg"), ALLOW) == PICTURE  # a redirect followed
    assert get(pictures.url("/chunked-ok.jpg"), ALLOW) == PICTURE
    with pytest.raises(RefusedHost):
        get(pictures.url("/page.jpg"), STRICT)
    for path, why in [
        ("/teapot.jpg", "HTTP 418"),
        ("/big.jpg", "more than 1000000 bytes"),
        ("/big-declared.jpg", "is more than 1000000"),
        ("/cut-short.jpg", "the body ended after"),
        ("/slow.jpg", "took more than 0.5 s"),
        ("/to-file.jpg", "redirect to a file: URL refused"),
    ]:
        with pytest.raises(FetchError, match=why):
            get(pictures.url(path), ALLOW)


def test_get_sends_the_accept_it_is_given(pictures, monkeypatch, tmp_path):
    sent: list[dict[str, str]] = []
    from sphinx_paperdigest.images import fetch

    headers = fetch._headers

    def spy(limits: FetchLimits, accept: str) -> dict[str, str]:
        found = headers(limits, accept)
        sent.append(found)
        return found

    monkeypatch.setattr(fetch, "_headers", spy)
    get(pictures.url("/page.jpg"), ALLOW, "application/atom+xml")
    fetch.fetch(pictures.url("/ok.png"), tmp_path, ALLOW)
    assert [h["Accept"] for h in sent] == [
        "application/atom+xml",
        "image/jpeg, image/png, image/gif, image/webp",  # pictures ask as before
    ]


def test_enrich_package_imports_no_sphinx():
    code = (
        "import sys, sphinx_paperdigest.enrich, sphinx_paperdigest.enrich.arxiv\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sphinx', 'docutils', 'myst_parser'})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
