"""``paperdigest export``: digests as Atom, JSON, BibTeX or CSV on standard output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import feedparser
import pytest

from sphinx_paperdigest.cli import main

from .conftest import DOCS
from .exports_helpers import EXPORTS_ROOT, parse_bib, validate_json

TRICKY = str(EXPORTS_ROOT / "digests" / "tricky.md")
VISION = str(EXPORTS_ROOT / "digests" / "vision.md")
PAGE = "https://example.org/papers.html"


def run(capsysbinary, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsysbinary.readouterr()
    return status, out.decode("utf-8"), err.decode("utf-8")


def test_export_atom(capsysbinary):
    status, out, _ = run(
        capsysbinary, "export", TRICKY, VISION, "--format", "atom", "--base-url", PAGE
    )
    assert status == 0
    parsed = feedparser.parse(out.encode("utf-8"))
    assert not parsed.bozo
    assert parsed.feed.id == "https://example.org/papers.atom"
    assert parsed.feed.title == "Tricky & <Digest>"
    assert len(parsed.entries) == 5
    assert parsed.entries[0].id == f"{PAGE}#2401.01234"


def test_export_atom_title_and_feed_url(capsysbinary):
    status, out, _ = run(
        capsysbinary,
        "export",
        VISION,
        "--format=atom",
        f"--base-url={PAGE}",
        "--feed-url=https://feeds.example.org/v.xml",
        "--title=Vision & more",
    )
    assert status == 0
    parsed = feedparser.parse(out.encode("utf-8"))
    assert (parsed.feed.id, parsed.feed.title) == (
        "https://feeds.example.org/v.xml",
        "Vision & more",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "atom"],
        ["--format", "atom", "--base-url", "ftp://example.org/"],
        ["--format", "json", "--base-url", "javascript:alert(1)"],
    ],
)
def test_export_refuses_missing_or_bad_urls(capsysbinary, argv):
    status, out, err = run(capsysbinary, "export", TRICKY, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("paperdigest export: ") and "--base-url" in err


def test_export_json_is_the_documented_schema(capsysbinary):
    status, out, _ = run(capsysbinary, "export", TRICKY, VISION, "--format", "json")
    assert status == 0
    data = json.loads(out)
    validate_json(data)
    assert [d["digest"]["path"] for d in data["digests"]] == [TRICKY, VISION]
    assert [d["cards"] for d in data["digests"]] == [{}, {}]


def test_show_json_is_the_documented_schema(capsysbinary):
    assert main(["show", TRICKY, "--format", "json"]) == 0
    validate_json(json.loads(capsysbinary.readouterr().out), "document")


def test_export_bibtex(capsysbinary):
    status, out, _ = run(capsysbinary, "export", TRICKY, VISION, "--format", "bibtex")
    assert status == 0
    assert len(parse_bib(out)) == 5


def test_export_csv_bytes(capsysbinary):
    status, out, _ = run(capsysbinary, "export", VISION, "--format", "csv", "--base-url", PAGE)
    assert status == 0
    assert out.startswith("digest,id,card,") and out.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert [r[2] for r in rows[1:]] == [f"{PAGE}#2312.00001", f"{PAGE}#3292500"]


def test_export_missing_file(capsysbinary, tmp_path):
    missing = tmp_path / "nope.md"
    status, out, err = run(capsysbinary, "export", TRICKY, str(missing), "--format", "json")
    assert status == 1
    assert out == ""
    assert err == f"{missing}: error: [not-found] No such file or directory\n"


@pytest.mark.parametrize(
    "argv", [["export"], ["export", TRICKY], ["export", TRICKY, "--format", "rss"]]
)
def test_export_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_export_through_the_command():
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_paperdigest", "export", TRICKY, "--format", "bibtex"],
        capture_output=True,
        check=True,
    )
    assert result.stdout.decode("utf-8").startswith("% Papers linked by paper digests")
    assert "日本語のタイトル「論文」について".encode() in result.stdout


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("atom", "papers.atom"),
        ("json", "papers.json"),
        ("bibtex", "papers.bib"),
        ("csv", "papers.csv"),
    ],
)
def test_docs_examples_are_current(capsysbinary, monkeypatch, fmt, name):
    monkeypatch.chdir(DOCS)
    argv = ["export", "digests/export-example.md", "--format", fmt]
    assert main([*argv, "--base-url", "https://example.org/docs/notes.html"]) == 0
    assert capsysbinary.readouterr().out == (DOCS / "export-examples" / name).read_bytes()
