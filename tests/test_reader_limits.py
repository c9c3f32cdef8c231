"""A digest is untrusted input: each hostile shape ends in a diagnostic, never a crash.

One test per class of attack: the diagnostic's code and line, and every entry
still read. How long reading takes is measured in ``benchmarks/bench_hostile.py``,
never asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sphinx_paperdigest.core import parse_digest, read_digest
from sphinx_paperdigest.core import scan as scan_module
from sphinx_paperdigest.core.files import FileTooLarge, read_source
from sphinx_paperdigest.core.limits import (
    MAX_DEPTH,
    MAX_MESSAGE,
    MAX_TITLE_CHARS,
    MAX_TOPICS,
    brief,
)
from sphinx_paperdigest.core.serialize import digest_data

ENTRIES = "## [A](https://x.org/a)\n\nText.\n\n## [B](https://x.org/b)\n\nMore.\n"
BIG = "9" * 4301


def codes(diagnostics) -> list[tuple[str, int | None]]:
    return [(d.code, d.line) for d in diagnostics]


def titles(digest) -> list[str]:
    return [e.title for e in digest.entries]


def as_json(digest, diagnostics) -> str:
    """What ``paperdigest show --format json`` prints: it must not fail either."""
    return json.dumps(digest_data(digest, diagnostics), ensure_ascii=False)


# -- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [BIG, "0x" + "f" * 4000, "0b" + "1" * 15000, "0" + "7" * 4400, "1" + ":30" * 2000],
    ids=["decimal", "hex", "binary", "octal", "sexagesimal"],
)
def test_long_yaml_numbers_are_dropped(value):
    digest, diagnostics = parse_digest(f"---\ntitle: T\nn: {value}\n---\n\n{ENTRIES}")
    assert codes(diagnostics) == [("limit", 3)]
    assert "characters is dropped" in diagnostics[0].message
    assert titles(digest) == ["A", "B"]
    assert digest.meta.title == "T"
    assert digest.meta.extra == {"n": None}
    as_json(digest, diagnostics)


@pytest.mark.parametrize("value", [BIG, "0x" + "f" * 4000, "-" + BIG], ids=["dec", "hex", "neg"])
def test_long_toml_numbers_are_dropped(value):
    digest, diagnostics = parse_digest(f'+++\ntitle = "T"\nn = {value}\n+++\n\n{ENTRIES}')
    assert codes(diagnostics) == [("limit", 3)]
    assert titles(digest) == ["A", "B"]
    assert digest.meta.extra == {"n": 0}
    as_json(digest, diagnostics)


def test_long_json_numbers_are_dropped():
    text = f'{{"entries": [\n{{"title": "A", "n": {BIG}}},\n{{"title": "B", "n": 1}}\n]}}'
    digest, diagnostics = parse_digest(text, path="d.json")
    assert codes(diagnostics) == [("limit", 2)]
    assert titles(digest) == ["A", "B"]
    assert [e.meta["n"] for e in digest.entries] == [0, 1]
    as_json(digest, diagnostics)


def test_long_numbers_in_metadata_comments_are_dropped():
    text = f"{ENTRIES}\n<!-- paperdigest\ntopics: [x]\nid: {BIG}\n-->\n"
    digest, diagnostics = parse_digest(text)
    assert codes(diagnostics) == [("limit", 11)]
    assert titles(digest) == ["A", "B"]
    assert digest.entries[1].topics == ("x",)
    assert digest.entries[1].id == "b"  # the dropped id is no id
    as_json(digest, diagnostics)


# -- nesting ------------------------------------------------------------------------------

DEEP = "[" * 3000 + "]" * 3000


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"---\ntitle: T\nn: {DEEP}\n---\n\n{ENTRIES}", 3),
        (
            "---\ntitle: T\nn:\n"
            + "".join("  " * i + "- \n" for i in range(1, 200))
            + "---\n\n"
            + ENTRIES,
            3 + MAX_DEPTH,
        ),
        ("---\ntitle: T\nn: " + "{a: " * 3000 + "}" * 3000 + f"\n---\n\n{ENTRIES}", 3),
        (f'+++\ntitle = "T"\nn = {DEEP}\n+++\n\n{ENTRIES}', 3),
        (f"<!-- paperdigest\ntitle: T\nn: {DEEP}\n-->\n\n{ENTRIES}", 3),
    ],
    ids=["yaml-flow", "yaml-block", "yaml-mappings", "toml", "metadata-comment"],
)
def test_deep_front_matter_is_cut(text, line):
    digest, diagnostics = parse_digest(text)
    assert codes(diagnostics) == [("limit", line)]
    assert f"nested more than {MAX_DEPTH} deep" in diagnostics[0].message
    assert titles(digest) == ["A", "B"]
    assert digest.meta.title == "T"
    as_json(digest, diagnostics)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("json", f'{{"entries": [\n{{"title": "A", "n": {DEEP}}},\n{{"title": "B"}}\n]}}'),
        ("yaml", f"entries:\n- title: A\n  n: {DEEP}\n- title: B\n"),
        ("toml", f'[[entries]]\ntitle = "A"\nn = {DEEP}\n[[entries]]\ntitle = "B"\n'),
    ],
    ids=["json", "yaml", "toml"],
)
def test_deep_structured_digests_keep_their_entries(fmt, text):
    digest, diagnostics = parse_digest(text, path=f"d.{fmt}")
    assert codes(diagnostics) == [("limit", 2 if fmt == "json" else 3)]
    assert titles(digest) == ["A", "B"]
    as_json(digest, diagnostics)


@pytest.mark.parametrize(
    "template",
    [
        "---\nn: {}\n---\n" + ENTRIES,
        "+++\nn = {}\n+++\n" + ENTRIES,
        "<!-- paperdigest\nn: {}\n-->\n" + ENTRIES,
        '{{"n": {}, "entries": [{{"title": "A"}}]}}',
    ],
    ids=["yaml", "toml", "comment", "json"],
)
def test_the_document_counts_as_the_first_level(template):
    path = "d.json" if template.startswith("{") else "d.md"
    # the document and MAX_DEPTH - 1 lists: kept
    kept = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    digest, diagnostics = parse_digest(template.format(kept), path=path)
    assert diagnostics == []
    value = digest.meta.extra["n"]
    for _ in range(MAX_DEPTH - 1):
        (value,) = value
    assert value == 1
    # one more: the innermost list is dropped
    cut = "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    digest, diagnostics = parse_digest(template.format(cut), path=path)
    assert [d.code for d in diagnostics] == ["limit"]
    value = digest.meta.extra["n"]
    for _ in range(MAX_DEPTH - 1):
        (value,) = value
    assert value in (None, [])  # TOML has no null: an empty list stands in


def test_toml_dotted_keys_nest_too():
    keys = ".".join(f"k{i}" for i in range(3000))
    digest, diagnostics = parse_digest(f'+++\n{keys} = 1\ntitle = "T"\n+++\n{ENTRIES}')
    assert codes(diagnostics) == [("limit", 2)]
    assert digest.meta.title == "T"
    assert titles(digest) == ["A", "B"]
    as_json(digest, diagnostics)


@pytest.mark.parametrize(
    "body",
    [
        ">" * 3000 + " quote\n",
        "".join("  " * i + "- item\n" for i in range(400)),
        "[" * 3000 + "x" + "]" * 3000 + "\n",
        "*" * 3000 + "x" + "*" * 3000 + "\n",
        "[a" * 3000 + "](https://x.org)" * 3000 + "\n",
        "![a" * 3000 + "\n",
        "<div>" * 3000 + "\n",
    ],
    ids=["quotes", "lists", "brackets", "emphasis", "links", "images", "html"],
)
def test_deep_markdown_is_read(body):
    digest, diagnostics = parse_digest(f"{ENTRIES}\n{body}\n## [C](https://x.org/c)\n")
    assert titles(digest) == ["A", "B", "C"]
    # harmless markup (<div>) is one info line, dangerous markup a warning
    assert all(d.code in {"raw-html", "markup"} for d in diagnostics)
    as_json(digest, diagnostics)


# -- aliases ------------------------------------------------------------------------------

LAUGHS = (
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "title: [*g]\n"
)


def test_an_alias_bomb_in_front_matter_expands_no_further_than_the_file():
    text = f"---\n{LAUGHS}---\n\n{ENTRIES}"
    digest, diagnostics = parse_digest(text)
    assert {d.code for d in diagnostics} == {"limit", "front-matter-value"}
    limits = [d for d in diagnostics if d.code == "limit"]
    assert limits and all(2 <= d.line <= 9 for d in limits)
    assert "would expand the data" in limits[0].message
    assert titles(digest) == ["A", "B"]
    # the whole model as JSON stays the size of the file and its allowance
    assert len(as_json(digest, diagnostics)) < 100_000


def test_an_alias_bomb_in_metadata_comments_is_shared_across_the_file():
    # the allowance is the file's, not each comment's
    comment = "<!-- paperdigest\n" + LAUGHS.replace("title", "x") + "-->\n"
    text = "".join(f"## [T{i}](https://x.org/{i})\n\n{comment}\n" for i in range(30))
    digest, diagnostics = parse_digest(text)
    assert len(digest.entries) == 30
    assert diagnostics and {d.code for d in diagnostics} == {"limit"}
    # one diagnostic per kind of problem and comment, not per alias
    assert len(diagnostics) <= 30
    assert len(as_json(digest, diagnostics)) < 100_000


def test_an_alias_bomb_in_a_yaml_digest_keeps_the_entries():
    text = LAUGHS.replace("title: [*g]\n", "") + "entries:\n- title: A\n  x: *g\n- title: B\n"
    digest, diagnostics = parse_digest(text, path="d.yaml")
    assert titles(digest) == ["A", "B"]
    assert codes(diagnostics) == [("limit", 4)]  # the first alias over; all said once
    assert "more like it" in diagnostics[0].message
    assert digest.entries[0].meta["x"] is None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\na: &a [*a]\n---\n", 2),
        ("---\na: &a {b: *a}\n---\n", 2),
        ("---\na: &a\n  - b\n  - *a\n---\n", 4),
        ("<!-- paperdigest\na: &a [1, [2, *a]]\n-->\n", 2),
    ],
    ids=["list", "mapping", "block", "comment"],
)
def test_an_alias_that_holds_itself_is_dropped(text, line):
    digest, diagnostics = parse_digest(text + ENTRIES)
    assert codes(diagnostics) == [("limit", line)]
    assert "holds itself" in diagnostics[0].message
    assert titles(digest) == ["A", "B"]
    as_json(digest, diagnostics)  # no RecursionError


def test_aliases_within_the_allowance_are_expanded():
    text = "---\ntopics: &t [a, b]\ntags: *t\nmore: [*t, *t]\n---\n" + ENTRIES
    digest, diagnostics = parse_digest(text)
    assert diagnostics == []
    assert digest.meta.topics == ("a", "b")
    assert digest.meta.extra == {"tags": ["a", "b"], "more": [["a", "b"], ["a", "b"]]}


# -- values parsers choke on ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["!!bool maybe", "!!timestamp x", "!!int x", "!!float x", "!!set 1", "!!python/name:os.system"],
)
def test_odd_yaml_tags_are_parse_errors(value):
    digest, diagnostics = parse_digest(f"---\ntitle: T\nn: {value}\n---\n\n{ENTRIES}")
    assert codes(diagnostics) == [("front-matter", 3)]
    assert titles(digest) == ["A", "B"]


def test_lone_surrogates_become_replacement_characters():
    text = '---\ntitle: "a\\ud800b"\n"k\\udfff": 1\n---\n' + ENTRIES
    digest, diagnostics = parse_digest(text)
    assert diagnostics == []
    assert digest.meta.title == "a\ufffdb"
    assert digest.meta.extra == {"k\ufffd": 1}
    # a pair of escapes is one character
    digest, _ = parse_digest('---\ntitle: "\\ud83d\\ude00"\n---\n' + ENTRIES)
    assert digest.meta.title == "\U0001f600"
    structured, diagnostics = parse_digest('{"entries": [{"title": "\\ud800"}]}', path="d.json")
    assert diagnostics == []
    assert structured.entries[0].title == "\ufffd"
    assert structured.entries[0].id.startswith("entry-")
    as_json(structured, diagnostics).encode("utf-8")


def test_a_str_with_lone_surrogates_is_reported():
    digest, diagnostics = parse_digest("## [A\ud800](https://x.org/a)\n")
    assert codes(diagnostics) == [("encoding", 1)]
    assert titles(digest) == ["A\ufffd"]


def test_html_python_cannot_parse_is_text():
    # Python < 3.13 raises AssertionError on unknown marked sections
    text = f"{ENTRIES}\n<div><![foo[x]]> <![bar[\n\n## [C](https://x.org/c)\n"
    digest, diagnostics = parse_digest(text)
    # the declarations are reported; <div> is harmless markup (info)
    assert codes(diagnostics) == [("raw-html", 9), ("markup", 9)]
    assert titles(digest) == ["A", "B", "C"]


# -- pictures and URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "why"),
    [
        ("a" * 256 + ".png", "a name over 255 bytes"),
        ("d/" + "é" * 128 + ".png", "a name over 255 bytes"),
        ("/".join(["d" * 200] * 6) + ".png", "over 1,024 bytes"),
    ],
    ids=["name", "utf-8-name", "path"],
)
def test_picture_paths_no_file_system_holds_are_dropped(src, why):
    text = f"## [A](https://x.org/a)\n\n![x]({src})\n\n## [B](https://x.org/b)\n"
    digest, diagnostics = parse_digest(text)
    assert codes(diagnostics) == [("image-path", 3)]
    assert why in diagnostics[0].message
    assert titles(digest) == ["A", "B"]
    assert digest.entries[0].thumbnail is None


def test_a_picture_name_of_255_bytes_is_kept():
    src = "a" * 251 + ".png"
    digest, diagnostics = parse_digest(f"## [A](https://x.org/a)\n\n![x]({src})\n")
    assert diagnostics == []
    assert digest.entries[0].thumbnail.src == src


def test_a_very_long_picture_url_is_dropped():
    url = "https://x.org/" + "a" * 5000 + ".png"
    digest, diagnostics = parse_digest(f"## [A](https://x.org/a)\n\n<img src='{url}'>\n")
    assert codes(diagnostics) == [("limit", 3)]
    assert len(diagnostics[0].message) < 200
    assert digest.entries[0].images == ()


def test_the_sphinx_side_survives_a_name_too_long(tmp_path):
    from sphinx_paperdigest.thumbnails.read import local_source

    path, problem = local_source("/" + "a" * 300 + ".png", tmp_path)
    assert path is None
    assert problem is not None and "cannot be read" in problem


# -- files ----------------------------------------------------------------------------------


def _in_thread(function, *args):
    """Run ``function(*args)`` in a thread; return its result or exception, or hang-up."""
    result: list[object] = []

    def run():
        try:
            result.append(function(*args))
        except Exception as exc:
            result.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=20)
    return result[0] if result else "still running"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once(tmp_path):
    fifo = tmp_path / "digest.md"
    os.mkfifo(fifo)
    try:
        outcome = _in_thread(read_digest, fifo)
    finally:
        # a reader stuck in open() is released by a writer
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK) if outcome == "still running" else None
        if fd is not None:
            os.close(fd)
    assert isinstance(outcome, OSError), outcome
    assert outcome.strerror == "not a regular file (a named pipe)"


def test_directories_and_devices_are_refused(tmp_path):
    with pytest.raises(OSError, match="a directory"):
        read_digest(tmp_path)
    if Path("/dev/zero").exists():
        with pytest.raises(OSError, match="a character device"):
            read_digest("/dev/zero")


def test_a_file_over_the_limit_is_a_diagnostic(tmp_path):
    with pytest.raises(FileTooLarge, match="over the 10 bytes limit"):
        read_source(tmp_path.joinpath("d.md").write_bytes(b"x" * 11) and tmp_path / "d.md", 10)
    assert read_source(tmp_path / "d.md", 11) == b"x" * 11
    big = tmp_path / "big.md"
    with big.open("wb") as file:
        file.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk is used
    digest, diagnostics = read_digest(big)
    assert codes(diagnostics) == [("limit", None)]
    assert diagnostics[0].message == "the file is 64.0 MB, over the 64.0 MB limit; it is not read"
    assert digest.entries == ()


def test_the_directive_reads_files_the_same_way(tmp_path):
    from sphinx_paperdigest.directive import load_digest

    with pytest.raises(OSError, match="a directory"):
        load_digest(tmp_path, None)


# -- reading in one pass ------------------------------------------------------------------------


def test_unclosed_comments_are_read_in_one_parse(monkeypatch):
    calls = []
    parse = scan_module._MD.parse
    monkeypatch.setattr(scan_module._MD, "parse", lambda *a: calls.append(1) or parse(*a))
    text = "".join(f"## [T{i}](https://x.org/{i})\n\n<!-- note {i}\n\ntext\n\n" for i in range(50))
    digest, diagnostics = parse_digest(text)
    assert len(calls) == 1
    assert len(digest.entries) == 50
    assert codes(diagnostics) == [("unclosed-comment", 3 + 6 * i) for i in range(50)]
    assert digest.entries[7].summary == "text"


def test_nested_unclosed_comments_end_with_their_container():
    text = "## [A](https://x.org/a)\n\n> <!-- in a quote\n> still\n\nafter\n\n## [B](https://x.org/b)\n"
    digest, diagnostics = parse_digest(text)
    assert titles(digest) == ["A", "B"]
    assert codes(diagnostics) == [("raw-html", 3)]  # not a comment: text
    assert digest.entries[0].summary.endswith("after")


def test_reference_definitions_follow_the_summaries_that_use_them():
    text = (
        "## [A](https://x.org/a)\n\nSee [one] and [Two][two], not \\[three].\n\n"
        "## [B](https://x.org/b)\n\n[one]: https://x.org/1\n[TWO]: https://x.org/2 'T'\n"
        "[three]: https://x.org/3\n"
    )
    digest, _ = parse_digest(text)
    assert digest.entries[0].summary.endswith(
        '\n\n[ONE]: <https://x.org/1>\n[TWO]: <https://x.org/2> "T"'
    )
    assert "[THREE]" not in digest.entries[0].summary
    assert "\n\n[" not in digest.entries[1].summary.replace("\n\n[one]", "")


def test_many_repeated_ids_get_suffixes_in_order():
    text = "## [x](https://x.org/a-3)\n\n" + "## [x](https://x.org/a)\n\n" * 6
    digest, diagnostics = parse_digest(text)
    assert [e.id for e in digest.entries] == ["a-3", "a", "a-2", "a-4", "a-5", "a-6", "a-7"]
    assert [d.code for d in diagnostics] == ["duplicate-id"] * 5


# -- what every entry repeats ---------------------------------------------------------------


def test_a_group_title_is_cut_because_each_entry_repeats_it():
    title = "2021 " + "x" * 5000
    text = f"# {title}\n\n" + "".join(entry for entry in [ENTRIES] * 3)
    digest, diagnostics = parse_digest(text)
    assert codes(diagnostics)[0] == ("limit", 1)
    assert "a title of 5,005 characters is cut to 1000" in diagnostics[0].message
    assert len(digest.groups[0].title) == MAX_TITLE_CHARS
    assert {e.group for e in digest.entries} == {digest.groups[0].title}
    assert {e.year for e in digest.entries} == {2021}
    structured, diagnostics = parse_digest(
        f'{{"entries": [{{"title": "A", "group": "{title}"}}]}}', path="d.json"
    )
    assert codes(diagnostics) == [("limit", 1)]
    assert len(structured.entries[0].group) == MAX_TITLE_CHARS


def test_topics_are_cut_because_entries_without_their_own_show_them():
    topics = ", ".join(f"t{i}" for i in range(MAX_TOPICS + 50))
    text = f"---\ntopics: [{topics}]\n---\n{ENTRIES}<!-- paperdigest\ntopics: [{topics}]\n-->\n"
    digest, diagnostics = parse_digest(text)
    assert codes(diagnostics) == [("limit", 1), ("limit", 11)]
    assert len(digest.meta.topics) == len(digest.entries[1].topics) == MAX_TOPICS
    assert digest.meta.topics[-1] == f"t{MAX_TOPICS - 1}"


# -- messages -----------------------------------------------------------------------------------


def test_messages_never_quote_a_huge_value():
    text = "---\ntopics: {a: " + "x" * 100_000 + "}\n---\n" + ENTRIES
    _, diagnostics = parse_digest(text)
    assert codes(diagnostics) == [("front-matter-value", 1)]
    assert len(diagnostics[0].message) <= MAX_MESSAGE


def test_brief_is_short_whatever_the_value():
    assert len(brief("x" * 10**6)) < 80
    assert len(brief(list(range(10**5)))) < 80
    assert brief(1 << 20000) == "<a 20001-bit number>"
    nested: list[object] = []
    nested.append(nested)
    assert brief(nested) == "[[[[...]]]]"


# -- the command line ---------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_paperdigest", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_cli_never_traces_back(tmp_path):
    files = {
        "int.md": f"---\nn: 0x{'f' * 4000}\n---\n{ENTRIES}",
        "bomb.md": f"---\n{LAUGHS}---\n{ENTRIES}",
        "self.md": f"---\na: &a [*a]\n---\n{ENTRIES}",
        "deep.json": f'{{"n": {DEEP}, "entries": [{{"title": "A"}}]}}',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    lint = _cli("lint", *sorted(str(p) for p in tmp_path.iterdir()))
    assert lint.returncode == 1
    assert "Traceback" not in lint.stderr
    assert "pipe.md: error: [not-found] not a regular file (a named pipe)" in lint.stdout
    for name in files:
        show = _cli("show", "--format", "json", str(tmp_path / name))
        assert show.returncode == 0, show.stderr
        assert "Traceback" not in show.stderr
        assert "limit" in {d["code"] for d in json.loads(show.stdout)["diagnostics"]}
