"""``paperdigest_thumbnail_size`` and ``_fit`` reach the cards as the browser draws them.

The settings' stylesheet must win over the cards' own defaults, in the
default theme and in the paperdigest theme, whatever order they load in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).parents[1] / "roots" / "test-seed" / "digests" / "digest-example.md"
CONF = """
extensions = ["sphinx_paperdigest"]
exclude_patterns = ["_build", "digests"]
suppress_warnings = ["paperdigest.broken-link"]  # the seed's 「Title](url)
html_theme = {theme!r}
paperdigest_thumbnail_size = (300, 300)
paperdigest_thumbnail_fit = "contain"
paperdigest_placeholder = "emoji"
"""
PAGE = "# Seed\n\n```{paperdigest} digests/digest-example.md\n```\n"
SHAPES = """() => [...document.querySelectorAll(".paperdigest-card .paperdigest-thumb")].map(
    (el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {fit: style.objectFit, ratio: box.width / box.height, img: el.tagName === "IMG"};
    })"""


@pytest.fixture(scope="module")
def square_sites(sites: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The seed built with square, contained thumbnails, served beside the demo sites."""
    built = {}
    for theme in ("alabaster", "paperdigest"):
        src = tmp_path_factory.mktemp(f"square-{theme}")
        (src / "digests").mkdir()
        (src / "digests" / SEED.name).write_bytes(SEED.read_bytes())
        (src / "conf.py").write_text(CONF.format(theme=theme), encoding="utf-8")
        (src / "index.md").write_text(PAGE, encoding="utf-8")
        name = f"square-{theme}"
        run = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(sites / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        built[theme] = name
    return built


@pytest.mark.parametrize("theme", ["alabaster", "paperdigest"])
def test_square_contained_thumbnails(square_sites, open_page, theme):
    with open_page(square_sites[theme]) as visit:
        shapes = visit.page.evaluate(SHAPES)
    assert len(shapes) == 11  # a picture or a placeholder on every card
    assert {s["img"] for s in shapes} == {True, False}  # both kinds are measured
    for shape in shapes:
        assert shape["ratio"] == pytest.approx(1, abs=0.02), shape
    assert {s["fit"] for s in shapes if s["img"]} == {"contain"}
