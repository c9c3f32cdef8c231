"""What the paperdigest theme costs: build time against alabaster and furo.

Builds one page holding a digest of N entries in the seed's shape with each theme
(``sphinx-build -E -b html``), alternating themes, several repeats, and prints
each theme's median time as a ratio to alabaster's (Sphinx's default theme), as
measured in the same run.

    python benchmarks/bench_theme.py [N] [repeats]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THEMES = ("alabaster", "paperdigest", "furo")
ENTRY = """## [Paper {i}: a title long enough to wrap in a card](https://example.org/posts/{i}/)

Summary {i} of [the paper](https://arxiv.org/abs/2106.{i:05d}), with *emphasis* and
enough words to make a paragraph of the size the seed digest has in its entries.

"""


def make_project(root: Path, n: int) -> None:
    """A project whose index page holds a digest of ``n`` entries, 500 a year."""
    (root / "digests").mkdir()
    body = ['---\ntitle: Bench\nemoji: "📚"\ntopics: [ML]\n---\n\n']
    for i in range(n):
        if i % 500 == 0:
            body.append(f"# {2024 - i // 500}\n\n")
        body.append(ENTRY.format(i=i))
    (root / "digests" / "bench.md").write_text("".join(body), encoding="utf-8")
    (root / "index.md").write_text("# Bench\n\n```{paperdigest} digests/bench.md\n```\n")
    (root / "conf.py").write_text(
        'extensions = ["sphinx_paperdigest"]\nexclude_patterns = ["_build", "digests"]\n'
    )


def build(root: Path, theme: str) -> float:
    out = root / "_build" / theme
    start = time.perf_counter()
    command = [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html"]
    subprocess.run([*command, "-D", f"html_theme={theme}", str(root), str(out)], check=True)
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_project(root, n)
        times: dict[str, list[float]] = {theme: [] for theme in THEMES}
        for _ in range(repeats):
            for theme in THEMES:
                times[theme].append(build(root, theme))
    base = statistics.median(times["alabaster"])
    print(f"N = {n} entries, {repeats} repeats, median of sphinx-build -E -b html")
    for theme in THEMES:
        median = statistics.median(times[theme])
        print(f"{theme:12} {median:7.2f} s   ratio to alabaster {median / base:5.2f}")


if __name__ == "__main__":
    main()
