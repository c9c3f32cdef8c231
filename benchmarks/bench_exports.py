"""What the exports cost: a build with every export against one with none, and each writer.

(1) ``sphinx-build -E -b html`` of one page showing a digest of N entries in the
    seed's shape (``bench_build.make_digest``), with ``paperdigest_exports = []``
    (``none``, the baseline), with the default and no ``html_baseurl``
    (``default``: ``json`` and ``bibtex``), and with every export (``all``:
    ``atom``, ``json``, ``bibtex``, ``csv``; ``html_baseurl`` set), built in turn;
    CPU seconds of the build process, median of the repeats, and the ratios to
    ``none``.
(2) In one process: each writer's time for the same N entries, as a ratio to
    reading the digest (``parse_digest``), the baseline measured in the same run.

Goal at N = 2,000: the default exports add at most 10 % to the build. The feed
renders every summary to HTML a second time (outside Sphinx), so ``all`` costs
more: about as much again as reading the digest.

    python benchmarks/bench_exports.py            # N = 2000; 3 repeats
    python benchmarks/bench_exports.py --quick    # a smoke run: N = 60; 1 repeat
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_build import build, make_digest

from sphinx_paperdigest.core.exports import FORMATS, Source, export, file_site
from sphinx_paperdigest.core.reader import parse_digest

VARIANTS = {
    "none": "paperdigest_exports = []\n",
    "default": "",
    "all": f"html_baseurl = 'https://example.org/'\npaperdigest_exports = {list(FORMATS)!r}\n",
}


def write_project(root: Path, variant: str, text: str) -> Path:
    src = root / variant
    (src / "digests").mkdir(parents=True)
    (src / "digests" / "bench.md").write_text(text, encoding="utf-8")
    (src / "conf.py").write_text(
        "extensions = ['sphinx_paperdigest']\n"
        "project = 'bench'\n"
        "exclude_patterns = ['_build', 'digests']\n" + VARIANTS[variant],
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        "# Paper digest\n\n```{paperdigest} digests/bench.md\n```\n", encoding="utf-8"
    )
    return src


def builds(n: int, repeats: int, root: Path) -> dict[str, float]:
    """Median CPU seconds of a build per variant, the variants built in turn."""
    text = make_digest(n)
    sources = {v: write_project(root, v, text) for v in VARIANTS}
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for _ in range(repeats):
        for variant, src in sources.items():
            times[variant].append(build(src, root / f"out-{variant}")[0])
    for variant in VARIANTS:
        written = sorted(p.name for p in (root / f"out-{variant}").glob("papers.*"))
        print(f"  {variant}: writes {', '.join(written) or 'nothing'}")
    return {v: statistics.median(t) for v, t in times.items()}


def best_of(repeats: int, work: object) -> float:
    """The fastest of ``repeats`` runs of ``work()`` (process time, seconds)."""
    found = []
    for _ in range(repeats):
        start = time.process_time()
        work()  # type: ignore[operator]
        found.append(time.process_time() - start)
    return min(found)


def writers(n: int, repeats: int) -> None:
    text = make_digest(n)
    read = best_of(repeats, lambda: parse_digest(text, path="bench.md"))
    digest, diagnostics = parse_digest(text, path="bench.md")
    site = file_site([Source("bench.md", digest, tuple(diagnostics))], "https://e.org/p.html")
    print(f"  read (baseline): {read * 1000:8.1f} ms")
    for fmt in FORMATS:
        seconds = best_of(repeats, lambda fmt=fmt: export(site, fmt, "https://e.org/f.atom"))
        print(f"  {fmt:>15}: {seconds * 1000:8.1f} ms   x{seconds / read:.2f} of reading")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 60, 1 repeat")
    parser.add_argument("--size", type=int, help="entries (default 2000)")
    parser.add_argument("--repeats", type=int, help="builds per variant (default 3)")
    args = parser.parse_args(argv)
    n = args.size or (60 if args.quick else 2000)
    repeats = args.repeats or (1 if args.quick else 3)
    print(f"N = {n}: (1) sphinx-build -E -b html, CPU seconds, median of {repeats}")
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as tmp:
        t = builds(n, repeats, Path(tmp))
    print("  " + "  ".join(f"{v} {t[v]:.2f}" for v in VARIANTS))
    print(f"  default/none {t['default'] / t['none']:.3f}  all/none {t['all'] / t['none']:.3f}")
    print(f"(2) each writer, best of {max(repeats, 3)}, against reading the digest")
    writers(n, max(repeats, 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
