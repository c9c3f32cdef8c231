"""What enrichment costs a build once its answers are cached: on (warm cache) against off.

``sphinx-build -E -b html`` of one page showing a digest of N entries in the
seed's shape (``bench_build.make_digest``: most entries link an arXiv paper),
every export written, built in turn:

``off``
    ``paperdigest_enrich = []`` (the baseline);
``cached``
    ``paperdigest_enrich = ["arxiv"]`` with every paper already in
    ``<doctrees>/paperdigest/arxiv.json`` (8 authors and a 1,000-character
    abstract each), as every build after the first finds it: no request is
    made (the API's address is a closed port on this machine; a request would
    be a warning, and the script fails on one).

CPU seconds of the build process, median of the repeats, and the ratio
cached/off. Goal at N = 2,000: at most 10 % more. Measured (two shared cores):
1.09; about half of it is the exports writing what they now hold (16,000
``author`` elements in the feed, 1,819 abstracts in ``papers.json``), the rest
the cards' authors lines, loading the cache and a larger environment. The first
build, which asks arXiv, is not measured: it waits 3 seconds between requests
of 100 papers, as the API's terms ask, and that wait is the whole of its cost.

    python benchmarks/bench_enrich.py            # N = 2000; 3 repeats
    python benchmarks/bench_enrich.py --quick    # a smoke run: N = 60; 1 repeat
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_build import make_digest

from sphinx_paperdigest.core.papers import Paper, paper_keys
from sphinx_paperdigest.core.reader import parse_digest

CONF = (
    "extensions = ['sphinx_paperdigest']\n"
    "project = 'bench'\n"
    "exclude_patterns = ['_build', 'digests']\n"
    "html_baseurl = 'https://example.org/'\n"
    "paperdigest_exports = ['atom', 'json', 'bibtex', 'csv']\n"
    "paperdigest_allow_private_hosts = True\n"
    "paperdigest_arxiv_api = 'http://127.0.0.1:9/api/query'\n"
)
VARIANTS = {"off": "paperdigest_enrich = []\n", "cached": "paperdigest_enrich = ['arxiv']\n"}


def write_project(root: Path, variant: str, text: str) -> Path:
    src = root / variant
    (src / "digests").mkdir(parents=True)
    (src / "digests" / "bench.md").write_text(text, encoding="utf-8")
    (src / "conf.py").write_text(CONF + VARIANTS[variant], encoding="utf-8")
    (src / "index.md").write_text(
        "# Paper digest\n\n```{paperdigest} digests/bench.md\n```\n", encoding="utf-8"
    )
    return src


def cache_file(text: str) -> tuple[str, int]:
    """The cache a first build would have left: every arXiv paper of the digest."""
    digest, _ = parse_digest(text, path="bench.md")
    ids = sorted(
        {k.split(":", 1)[1] for e in digest.iter_entries() for k in paper_keys(e) if "arxiv:" in k}
    )
    papers = {
        i: Paper(
            "arxiv",
            i,
            "arxiv",
            f"The paper {i}",
            tuple(f"Author{n} Surname{n}" for n in range(8)),
            "An abstract. " * 77,
            None,
            "cs.LG",
        ).data()
        for i in ids
    }
    data = {"format": 1, "source": "arxiv", "papers": papers}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), len(ids)


def build(src: Path, out: Path, doctrees: Path) -> float:
    """One build (fresh environment, the doctree directory kept): CPU seconds."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html"]
    command += ["-d", str(doctrees), str(src), str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0 or "WARNING" in result.stderr:
        sys.exit(f"build of {src.name} failed or warned:\n{result.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 60, 1 repeat")
    parser.add_argument("--size", type=int, help="entries (default 2000)")
    parser.add_argument("--repeats", type=int, help="builds per variant (default 3)")
    args = parser.parse_args(argv)
    n = args.size or (60 if args.quick else 2000)
    repeats = args.repeats or (1 if args.quick else 3)
    text = make_digest(n)
    cache, papers = cache_file(text)
    print(f"N = {n} entries, {papers} arXiv papers: sphinx-build -E -b html, CPU s,", end=" ")
    print(f"median of {repeats}")
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="bench-enrich-") as tmp:
        root = Path(tmp)
        sources = {v: write_project(root, v, text) for v in VARIANTS}
        target = root / "doctrees-cached" / "paperdigest" / "arxiv.json"
        target.parent.mkdir(parents=True)
        target.write_text(cache, encoding="utf-8")
        for _ in range(repeats):
            for variant, src in sources.items():
                doctrees = root / f"doctrees-{variant}"
                times[variant].append(build(src, root / f"out-{variant}", doctrees))
        page = (root / "out-cached" / "index.html").read_text(encoding="utf-8")
        shown = page.count('class="paperdigest-authors"')
    t = {v: statistics.median(found) for v, found in times.items()}
    print(f"  cards with authors (cached): {shown}")
    print("  " + "  ".join(f"{v} {t[v]:.2f}" for v in VARIANTS))
    print(f"  cached/off {t['cached'] / t['off']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
