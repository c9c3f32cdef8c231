"""The ``paperdigest`` command: lint and show."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sphinx_paperdigest.cli import main

from .conftest import FIXTURES, SEED

DIGESTS = FIXTURES / "digests"


def test_lint_clean_file(capsys):
    assert main(["lint", str(SEED)]) == 0
    assert capsys.readouterr().out == ""


def test_lint_lines_and_exit_status(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [x\n---\n\n## [A](javascript:x)\n\n## [B](https://x.org/b)\n")
    warn_only = tmp_path / "warn.md"
    warn_only.write_text("## [A](https://x.org/a)\n\n<span>x</span>\n")
    assert main(["lint", str(warn_only)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{warn_only}:3: warning: [raw-html] raw HTML dropped from entry 'A': <span>"]
    assert main(["lint", str(bad), str(warn_only)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{bad}:3: error: [front-matter] the YAML front matter does not parse")
    assert out[1] == f"{bad}:5: warning: [unsafe-url] unsafe URL dropped: 'javascript:x'"
    assert out[2].startswith(f"{warn_only}:3: warning: [raw-html]")


def test_lint_missing_file(tmp_path, capsys):
    missing = tmp_path / "nope.md"
    assert main(["lint", str(missing)]) == 1
    assert capsys.readouterr().out == f"{missing}: error: [not-found] No such file or directory\n"


def test_show_json(capsys):
    assert main(["show", str(SEED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 1
    assert data["diagnostics"] == []
    entries = [e for g in data["digest"]["groups"] for e in g["entries"]]
    assert len(entries) == 11
    assert entries[0]["id"] == "2106.03253"
    assert entries[0]["date"] == "2021-06-13"
    assert entries[0]["papers"][0] == {
        "url": "https://arxiv.org/abs/2106.03253",
        "kind": "arxiv",
        "id": "2106.03253",
        "label": "",
        "line": 22,
    }


def test_show_text(capsys):
    assert main(["show", str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "わっしー 機械学習記事まとめ (11 entries)"
    assert lines[2] == "2021年"
    assert lines[3].startswith("  2106.03253  2021-06-13  【論文解説】")


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
    for command in ([sys.executable, "-m", "sphinx_paperdigest"], ["paperdigest"]):
        result = subprocess.run(
            [*command, "lint", str(DIGESTS / "jekyll-weekly.md")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


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
