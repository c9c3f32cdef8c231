"""The ``paperdigest`` command: lint and show."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_paperdigest.cli import main
from sphinx_paperdigest.core.reader import read_digest

from .conftest import FIXTURES, SEED

DIGESTS = FIXTURES / "digests"


def test_lint_clean_file(tmp_path, capsys):
    clean = tmp_path / "clean.md"
    clean.write_text("## [A](https://x.org/a)\n\nText.\n")
    assert main(["lint", str(clean)]) == 0
    assert capsys.readouterr().out == f"{clean}: 1 entry, no problems\n"


SEED_PROBLEM = f"{SEED}:22: warning: [broken-link] a half-broken link, read as the link it means: "


def test_lint_the_seed(capsys):
    assert main(["lint", str(SEED)]) == 0  # a warning: the exit status is 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(SEED_PROBLEM)
    assert out[1] == f"{SEED}: 11 entries, 1 warning"


def test_lint_quiet_prints_only_problems(tmp_path, capsys):
    warn_only = tmp_path / "warn.md"
    warn_only.write_text("## [A](https://x.org/a)\n\n<iframe>x</iframe>\n")
    assert main(["lint", "-q", str(SEED), str(warn_only)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith(SEED_PROBLEM)
    assert out[1] == f"{warn_only}:3: warning: [raw-html] raw HTML dropped from entry 'A': <iframe>"


def test_lint_lines_and_exit_status(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [x\n---\n\n## [A](javascript:x)\n\n## [B](https://x.org/b)\n")
    warn_only = tmp_path / "warn.md"
    warn_only.write_text("## [A](https://x.org/a)\n\n<iframe>x</iframe>\n")
    assert main(["lint", str(warn_only)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{warn_only}:3: warning: [raw-html] raw HTML dropped from entry 'A': <iframe>",
        f"{warn_only}: 1 entry, 1 warning",
    ]
    assert main(["lint", str(bad), str(warn_only)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{bad}:3: error: [front-matter] the YAML front matter does not parse")
    assert out[1] == f"{bad}:5: warning: [unsafe-url] unsafe URL dropped: 'javascript:x'"
    assert out[2] == f"{bad}: 2 entries, 1 error, 1 warning"
    assert out[3].startswith(f"{warn_only}:3: warning: [raw-html]")
    assert out[4] == f"{warn_only}: 1 entry, 1 warning"
    assert len(out) == 5


def test_lint_missing_file(tmp_path, capsys):
    missing = tmp_path / "nope.md"
    assert main(["lint", str(missing)]) == 1
    assert capsys.readouterr().out == f"{missing}: error: [not-found] No such file or directory\n"


def test_show_json(capsys):
    assert main(["show", str(SEED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 1
    assert [(d["code"], d["line"]) for d in data["diagnostics"]] == [("broken-link", 22)]
    entries = [e for g in data["digest"]["groups"] for e in g["entries"]]
    assert len(entries) == 11
    assert entries[0]["id"] == "2106.02584"
    assert entries[0]["date"] == "2021-06-13"
    assert entries[0]["papers"][0] == {
        "url": "https://arxiv.org/abs/2106.03253",
        "kind": "arxiv",
        "id": "2106.03253",
        "label": "Tabular Data: Deep Learning is Not All You Need",
        "line": 22,
    }


def test_show_text(capsys):
    assert main(["show", str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "わっしー 機械学習記事まとめ (11 entries)"
    assert lines[2] == "2021年"
    assert lines[3].startswith("  2106.02584  2021-06-13  【論文解説】")


def test_show_missing_file(tmp_path, capsys):
    assert main(["show", str(tmp_path / "x.md")]) == 1
    assert "[not-found]" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["lint"], ["show"], ["frobnicate"], []])
def test_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_module_and_console_script():
    """``python -m sphinx_paperdigest`` and the ``paperdigest`` script are the same command."""
    # the script installed beside this interpreter (not whichever is first on PATH)
    script = Path(sys.executable).parent / "paperdigest"
    for command in ([sys.executable, "-m", "sphinx_paperdigest"], [str(script)]):
        result = subprocess.run(
            [*command, "lint", str(DIGESTS / "jekyll-weekly.md")],
            capture_output=True,
            text=True,
            check=False,
        )
        summary = f"{DIGESTS / 'jekyll-weekly.md'}: 2 entries, no problems\n"
        assert (result.returncode, result.stdout, result.stderr) == (0, summary, "")


def test_broken_pipe_is_quiet():
    """``paperdigest show ... | head -1`` prints no traceback."""
    result = subprocess.run(
        f"{sys.executable} -m sphinx_paperdigest show --format json {SEED} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "{\n"
    assert result.stderr == ""


#: What a hostile digest could hide in its text: an ANSI colour (ESC), a C1 CSI,
#: a bell, DEL, a right-to-left override and a left-to-right isolate.
HOSTILE = "\x1b[31mred\x1b[0m \x9b2J \x07 \x7f \u202eevil\u202c \u2066iso\u2069"
CONTROL_CHARS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
)


@pytest.fixture
def hostile(tmp_path):
    digest = tmp_path / "hostile.md"
    digest.write_text(
        f"# T {HOSTILE}\n\n## G {HOSTILE}\n\n"
        f"### A {HOSTILE}\n\nText, [the paper](https://x.org/a).\n",
        encoding="utf-8",
    )
    # the reader keeps the characters: the command is what must not pass them on
    digest_data, _ = read_digest(digest)
    assert digest_data.meta.title == f"T {HOSTILE}"
    assert digest_data.groups[0].title == f"G {HOSTILE}"
    assert digest_data.entries[0].title == f"A {HOSTILE}"
    return digest


def test_show_text_escapes_control_characters(hostile, capsys):
    assert main(["show", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert CONTROL_CHARS.search(out) is None
    escaped = r"\x1b[31mred\x1b[0m \x9b2J \x07 \x7f \u202eevil\u202c \u2066iso\u2069"
    lines = out.splitlines()
    assert lines[0] == f"T {escaped} (1 entries)"
    assert lines[2] == f"G {escaped}"
    assert lines[3].endswith(f"A {escaped}")


def test_show_json_escapes_control_characters_losslessly(hostile, capsys):
    assert main(["show", str(hostile), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert CONTROL_CHARS.search(out) is None
    data = json.loads(out)
    assert data["digest"]["meta"]["title"] == f"T {HOSTILE}"
    assert data["digest"]["groups"][0]["title"] == f"G {HOSTILE}"
    assert data["digest"]["groups"][0]["entries"][0]["title"] == f"A {HOSTILE}"


def test_show_json_keeps_other_text_readable(capsys):
    assert main(["show", str(SEED), "--format", "json"]) == 0
    assert "わっしー 機械学習記事まとめ" in capsys.readouterr().out


def test_lint_escapes_control_characters(tmp_path, capsys):
    digest = tmp_path / "lint.md"
    text = f"## [A {HOSTILE}](https://x.org/a)\n\n<iframe>x</iframe>\n"
    digest.write_text(text, encoding="utf-8")
    main(["lint", str(digest)])
    out = capsys.readouterr().out
    assert "raw HTML dropped" in out
    assert CONTROL_CHARS.search(out) is None
