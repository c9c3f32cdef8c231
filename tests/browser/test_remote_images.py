"""With remote pictures off, reading the seed digest's page asks nothing of another host.

The seed links four pictures on Google's servers. Built with
``paperdigest_remote_images = "off"``, its page must load entirely from
127.0.0.1; built with the default (``"link"``), the same page does ask for them,
which shows the interception below would catch a leak.
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
html_theme = "paperdigest"
paperdigest_remote_images = {mode!r}
"""
PAGE = "# Seed\n\n```{paperdigest} digests/digest-example.md\n```\n"


@pytest.fixture(scope="module")
def seed_sites(sites: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The seed (remote pictures) built with each mode, served beside the demo sites."""
    built = {}
    for mode in ("off", "link"):
        src = tmp_path_factory.mktemp(f"seed-{mode}")
        (src / "digests").mkdir()
        (src / "digests" / SEED.name).write_bytes(SEED.read_bytes())
        (src / "conf.py").write_text(CONF.format(mode=mode), encoding="utf-8")
        (src / "index.md").write_text(PAGE, encoding="utf-8")
        name = f"seed-remote-{mode}"
        run = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(sites / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        built[mode] = name
    return built


def test_no_request_leaves_localhost_when_remote_images_are_off(seed_sites, open_page):
    with open_page(seed_sites["off"]) as visit:
        visit.load_all_images()
        page = visit.page
        assert page.locator(".paperdigest-card").count() == 11
        sources = page.eval_on_selector_all("img", "els => els.map(e => e.src)")
        assert all(src.startswith("http://127.0.0.1") for src in sources)
        assert visit.remote == []
        assert visit.errors == []


def test_remote_pictures_are_asked_for_when_linked(seed_sites, open_page):
    with open_page(seed_sites["link"]) as visit:
        visit.load_all_images()
        hosts = {url.split("/")[2] for url in visit.remote}
        assert hosts == {"lh3.googleusercontent.com", "storage.googleapis.com"}
