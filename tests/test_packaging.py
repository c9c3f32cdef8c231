"""What a package index and Read the Docs read: metadata, README, changelog, RTD config."""

from __future__ import annotations

import os
import re
import tomllib

import pytest
import yaml
from trove_classifiers import classifiers as known_classifiers

from .conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
README = (REPO / "README.md").read_text(encoding="utf-8")
SOURCE = PROJECT["urls"]["Source"]


def test_classifiers_are_known_and_name_each_python():
    classifiers = PROJECT["classifiers"]
    assert [c for c in classifiers if c not in known_classifiers] == []
    assert "Development Status :: 3 - Alpha" in classifiers
    assert {"Framework :: Sphinx :: Extension", "Framework :: Sphinx :: Theme"} <= set(classifiers)
    versions = sorted(c.rsplit(" ", 1)[1] for c in classifiers if re.fullmatch(r".*:: 3\.\d+", c))
    assert versions == ["3.11", "3.12", "3.13"]
    assert PROJECT["requires-python"] == f">={versions[0]}"


def test_urls_are_one_repository():
    urls = PROJECT["urls"]
    assert SOURCE.startswith("https://github.com/")
    assert urls["Tracker"] == f"{SOURCE}/issues"
    assert urls["Changelog"] == f"{SOURCE}/blob/main/CHANGELOG.md"
    assert urls["Documentation"].startswith("https://")


def test_readme_pictures_and_links_work_on_a_package_index():
    """A package index shows the README alone: every picture and link is absolute."""
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    assert targets
    assert [t for t in targets if not t.startswith("https://")] == []
    raw = SOURCE.replace("https://github.com/", "https://raw.githubusercontent.com/") + "/main/"
    pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", README)
    assert pictures
    for url in pictures:
        assert url.startswith(raw)
        assert (REPO / url.removeprefix(raw)).is_file(), url  # the file is in the repository
    for url in targets:
        if url.startswith(f"{SOURCE}/blob/main/"):
            assert (REPO / url.removeprefix(f"{SOURCE}/blob/main/")).is_file(), url


def test_readme_set_up_commands_are_one_line_scripts():
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)
    for command in ("./scripts/docs", "./scripts/test"):
        assert f"{command}\n" in blocks, command
        script = REPO / command
        assert script.is_file() and os.access(script, os.X_OK), command
    assert (REPO / ".ci" / "run").read_text().strip().endswith("exec ./scripts/test")


def test_changelog_has_an_unreleased_section():
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "[Keep a Changelog](https://keepachangelog.com/" in text
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[0] == "[Unreleased]"
    # released versions: [1.2.3] - 2026-01-31
    assert all(re.fullmatch(r"\[[\d.]+\] - \d{4}-\d{2}-\d{2}", h) for h in headings[1:])
    assert re.search(r"^\[Unreleased\]: https://", text, flags=re.MULTILINE)


def test_read_the_docs_builds_the_docs_as_the_readme_does():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert (REPO / config["sphinx"]["configuration"]).is_file()
    assert config["sphinx"]["fail_on_warning"] is True  # as scripts/docs: -W
    assert config["python"]["install"] == [{"method": "pip", "path": "."}]
    python = config["build"]["tools"]["python"]
    assert f"Programming Language :: Python :: {python}" in PROJECT["classifiers"]


@pytest.mark.parametrize("name", ["CHANGELOG.md", ".readthedocs.yaml", "scripts/"])
def test_sdist_includes(name):
    flit = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["flit"]
    assert name in flit["sdist"]["include"]
