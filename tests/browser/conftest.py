"""Browser tests: the demo site in six themes, measured in Debian's Chromium.

Every test here is marked ``browser``. They need ``/usr/bin/chromium`` (Debian's
package; never a downloaded browser) and the ``playwright`` Python package. When
either is missing they fail if ``CI`` is set (CI must run them) and skip, saying
why, otherwise.

The demo site (``site/``) is built once per session for each theme, served on
127.0.0.1, and every request for anything else is refused and recorded.
Screenshots go to ``test-artifacts/screenshots/`` (not committed).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).parent
SITE = HERE / "site"
ARTIFACTS = HERE.parent.parent / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
MEASURE_JS = (HERE / "measure.js").read_text(encoding="utf-8")
# The entry titles wholly inside the first screen (the page not scrolled).
FIRST_SCREEN_JS = """() => {
  const height = window.innerHeight, width = window.innerWidth;
  const titles = [...document.querySelectorAll(".paperdigest-card .paperdigest-title")];
  const inside = titles.filter((title) => {
    const box = title.getBoundingClientRect();
    const top = box.top + window.scrollY, left = box.left + window.scrollX;
    return box.height > 0 && top >= 0 && top + box.height <= height
      && left >= 0 && left + box.width <= width;
  });
  return { titles: inside.length, of: titles.length, height, width };
}"""

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: html_theme names, the paperdigest theme first.
THEMES = (
    "paperdigest",
    "furo",
    "pydata_sphinx_theme",
    "sphinx_book_theme",
    "sphinx_rtd_theme",
    "alabaster",
)
#: Themes with a dark mode (the others stay light when the system prefers dark).
DARK_THEMES = frozenset({"paperdigest", "furo", "pydata_sphinx_theme", "sphinx_book_theme"})
WIDTHS = {"desktop": 1280, "phone": 390}
#: The first screen: a laptop's 1280x900, a phone's 390x844.
HEIGHTS = {"desktop": 900, "phone": 844}
SCHEMES = ("light", "dark")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian package: chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright Python package is missing (pip install -e '.[test]')"
    return None


def refuse(reason: str, ci: str | None) -> None:
    """Fail (``CI`` set: CI must run the browser tests) or skip, saying why."""
    if ci:
        pytest.fail(f"browser tests cannot run: {reason}; CI is set, so this fails")
    pytest.skip(f"browser tests skipped: {reason} (they fail instead when CI is set)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright."""
    reason = _unavailable()
    if reason is not None:
        refuse(reason, os.environ.get("CI"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


def _build(theme: str, outdir: Path) -> tuple[str, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "PAPERDIGEST_TEST_THEME": theme}
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    command += [str(SITE), str(outdir / theme), "-d", str(outdir / ".doctrees" / theme)]
    return theme, subprocess.run(command, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site built with each theme (``<root>/<theme>/``), two builds at a time."""
    root = tmp_path_factory.mktemp("sites")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda theme: _build(theme, root), THEMES))
    failed = [
        f"{theme}: exit {run.returncode}\n{run.stdout}{run.stderr}"
        for theme, run in results
        if run.returncode != 0
    ]
    if failed:
        pytest.fail("the demo site does not build cleanly:\n" + "\n".join(failed))
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(sites: Path) -> Iterator[str]:
    """Base URL of a static server of the built sites on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(sites))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# Layout shifts from the first paint on, as Chrome counts them for CLS (shifts right
# after a click or a key press are the reader's doing and are not counted).
# ``total`` is the page's CLS; ``own`` scores only the moves of our own elements (a
# node that is or is inside a ``paperdigest*`` element), leaving out those that
# only follow the theme: Chrome may paint a long page before its parser reaches
# the end, and pydata-sphinx-theme, whose "On this page" sidebar comes after the
# article in the source, then moves the whole article sideways when the sidebar
# arrives (a plain page of that theme with a few pictures and no paperdigest at
# all moves the same way); a theme's web font may make its heading taller. Chrome
# reports a child's rects net of its moving ancestor's move, so our cards count
# only for what they did inside the article; an element of ours that moved
# exactly as a theme element before it in the page did (in the same frame) was
# pushed from above and does not count. A bar that grows, a picture without its
# room, a row that grows as the parser reaches its next card: these count. The
# score is Chrome's (impact area times distance), with the sources' areas summed
# where Chrome takes their union: stricter.
LAYOUT_SHIFT_JS = """
window.__pdShift = { total: 0, own: 0, sources: [], ownSources: [] };
(() => {
const pdOwn = (node) => {
  const element = node && (node.nodeType === 1 ? node : node.parentElement);
  return Boolean(element && element.closest("[class*='paperdigest']"));
};
const pdArea = (rect) => {
  const width = Math.min(rect.right, innerWidth) - Math.max(rect.left, 0);
  const height = Math.min(rect.bottom, innerHeight) - Math.max(rect.top, 0);
  return Math.max(width, 0) * Math.max(height, 0);
};
const pdMove = (source) => [
  source.currentRect.x - source.previousRect.x,
  source.currentRect.y - source.previousRect.y,
];
const pdPushed = (entry, source, [dx, dy]) => entry.sources.some((other) => {
  if (pdOwn(other.node) || !other.node || other.node.contains(source.node)) return false;
  const before = other.node.compareDocumentPosition(source.node) & Node.DOCUMENT_POSITION_FOLLOWING;
  const [ox, oy] = pdMove(other);
  return before && Math.abs(ox - dx) < 1 && Math.abs(oy - dy) < 1;
});
const pdOwnScore = (entry) => {
  let area = 0, distance = 0;
  for (const source of entry.sources) {
    if (!pdOwn(source.node)) continue;
    const move = pdMove(source);
    if (pdPushed(entry, source, move)) continue;
    area += pdArea(source.previousRect) + pdArea(source.currentRect);
    distance = Math.max(distance, Math.abs(move[0]), Math.abs(move[1]));
    window.__pdShift.ownSources.push(
      `${entry.value.toFixed(4)} ${source.node.nodeName} ${source.node.className} by ${move}`
    );
  }
  const fraction = Math.min(area / (innerWidth * innerHeight), 1);
  return (fraction * distance) / Math.max(innerWidth, innerHeight);
};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__pdShift.total += entry.value;
    window.__pdShift.own += pdOwnScore(entry);
    for (const source of entry.sources) {
      const node = source.node;
      window.__pdShift.sources.push(
        `${entry.value.toFixed(4)} ${node && node.nodeName} ${node && node.className}`
      );
    }
  }
}).observe({ type: "layout-shift", buffered: true });
})();
"""


@dataclass
class Visit:
    """An open page and what happened while it loaded."""

    page: Any
    errors: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)

    def settle(self) -> None:
        """Wait until the page is quiet: no request, fonts in, two frames drawn."""
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate(
            """async () => {
                await document.fonts.ready;
                const frame = () => new Promise((done) => requestAnimationFrame(done));
                await frame();
                await frame();
            }"""
        )

    def layout_shift(self) -> dict[str, Any]:
        """The page's cumulative layout shift so far, our elements' part, and what moved."""
        return dict(self.page.evaluate("window.__pdShift"))

    def load_all_images(self) -> None:
        """Load lazy pictures now (measurements and screenshots need them)."""
        self.page.evaluate(
            """async () => {
                const images = [...document.images];
                images.forEach((img) => { img.loading = "eager"; });
                await Promise.all(images.map((img) => img.decode().catch(() => null)));
                await document.fonts.ready;
            }"""
        )
        self.page.wait_for_load_state("networkidle")


OpenPage = Callable[..., contextlib.AbstractContextManager[Visit]]


@pytest.fixture(scope="session")
def open_page(browser: Any, server: str) -> OpenPage:
    """``with open_page(theme, scheme, width, path=..., js=True, storage={}) as visit``.

    A fresh browser context each time (its own localStorage), ``height`` pixels
    high (900 unless told). Layout shifts are recorded from the start (see
    ``Visit.layout_shift``; not with ``js=False``). Console errors,
    page errors and failed local requests are collected in ``visit.errors``;
    requests for any host but 127.0.0.1 are refused and listed in ``visit.remote``.
    """

    @contextlib.contextmanager
    def opener(
        theme: str,
        scheme: str = "light",
        width: int = 1280,
        *,
        path: str = "index.html",
        js: bool = True,
        storage: dict[str, str] | None = None,
        height: int = 900,
    ) -> Iterator[Visit]:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            java_script_enabled=js,
            reduced_motion="reduce",
        )
        visit = Visit(context.new_page())

        def route(route: Any) -> None:
            url = route.request.url
            if urlsplit(url).hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                visit.remote.append(url)
                route.abort()

        context.route("**/*", route)
        context.add_init_script(LAYOUT_SHIFT_JS)
        if storage:
            items = ";".join(
                f"localStorage.setItem({key!r}, {value!r})" for key, value in storage.items()
            )
            context.add_init_script(
                f"if (!sessionStorage.getItem('seeded')) {{ {items};"
                " sessionStorage.setItem('seeded', '1'); }"
            )
        page = visit.page

        def on_console(message: Any) -> None:
            if message.type == "error":
                visit.errors.append(f"console: {message.text}")

        def on_response(response: Any) -> None:
            if response.status >= 400:
                visit.errors.append(f"HTTP {response.status}: {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: visit.errors.append(f"page error: {error}"))
        page.on("response", on_response)
        try:
            page.goto(f"{server}/{theme}/{path}", wait_until="load")
            yield visit
        finally:
            context.close()

    return opener


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """``test-artifacts/screenshots/``, emptied once per session."""
    # old screenshots would pass for this run's in the artefacts
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def measurements(
    open_page: OpenPage, screenshots: Path
) -> Callable[[str, str, str], dict[str, Any]]:
    """Measure the demo page once per (theme, scheme, width name); saves a screenshot.

    The first screen (``firstScreen``: what shows before any scrolling) and the
    layout shift are read as the page loaded, before the tests load every picture.
    """
    cache: dict[tuple[str, str, str], dict[str, Any]] = {}

    def measure(theme: str, scheme: str, width: str) -> dict[str, Any]:
        key = (theme, scheme, width)
        if key not in cache:
            with open_page(theme, scheme, WIDTHS[width], height=HEIGHTS[width]) as visit:
                visit.settle()
                first_screen = visit.page.evaluate(FIRST_SCREEN_JS)
                shift = visit.layout_shift()
                visit.load_all_images()
                result = visit.page.evaluate(MEASURE_JS)
                result["firstScreen"] = first_screen
                result["layoutShift"] = shift
                visit.page.evaluate("window.scrollTo(0, 0)")
                visit.page.screenshot(path=screenshots / f"{theme}-{scheme}-{width}.png")
                result["errors"] = list(visit.errors)
                result["remote"] = list(visit.remote)
            cache[key] = result
        return cache[key]

    return measure
