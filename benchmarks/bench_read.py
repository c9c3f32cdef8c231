"""How much the digest reader costs beside a bare markdown-it-py parse.

Generates digests of N entries in the seed's shape (Zenn front matter, year
groups, linked ``##`` entries, arXiv links, ``<img>`` tags, separators), then
times (CPU time), alternating in one process and taking medians: (a) a bare
``MarkdownIt("commonmark").parse`` of the text, (b) ``parse_digest`` of the same
text. Prints entries per second and the ratio b/a (goal: <= 1.5).

    python benchmarks/bench_read.py            # N = 1,000 and 10,000
    python benchmarks/bench_read.py --quick    # a smoke run
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import time
from pathlib import Path

from markdown_it import MarkdownIt

from sphinx_paperdigest.core import parse_digest

SEED = Path(__file__).resolve().parent.parent / "docs" / "digests" / "digest-example.md"


def make_digest(entries: int) -> str:
    """A digest of ``entries`` entries made by repeating the seed's entries."""
    # the seed's one half-broken link mended (「Tabular...](url)): generated
    # digests are clean, so that a build of them warns of nothing
    text = SEED.read_text(encoding="utf-8").replace("「Tabular Data", "「[Tabular Data")
    front, body = text.split("\n# 2021年\n", 1)
    blocks = re.split(r"(?m)^(?=## \[)", body.replace("\n# 2020年\n", "\n"))
    templates = [b for b in blocks if b.startswith("## [")]
    out = [front, "\n"]
    for n in range(entries):
        if n % 50 == 0:
            out.append(f"\n# {2021 - n // 50}年\n\n")
        block = templates[n % len(templates)]
        # unique article URLs and arXiv ids, as a real digest has
        block = block.replace("/posts/", f"/posts/{n}-", 1)
        block = re.sub(r"arxiv\.org/abs/(\d{4})\.(\d{5})", rf"arxiv.org/abs/\1.{n:05d}", block)
        out.append(block.rstrip("\n") + "\n\n")
    return "".join(out)


def measure(text: str, repeats: int) -> tuple[float, float]:
    """Median CPU seconds of (bare parse, reader), alternating.

    CPU time of this process, not wall time: on a shared machine other work
    stretches wall time but hardly this process's own CPU time.
    """
    md = MarkdownIt("commonmark")
    bare: list[float] = []
    reader: list[float] = []
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        md.parse(text)
        bare.append(time.process_time() - start)
        gc.collect()
        start = time.process_time()
        parse_digest(text)
        reader.append(time.process_time() - start)
    return statistics.median(bare), statistics.median(reader)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    args = parser.parse_args()
    sizes, repeats = ((200,), 3) if args.quick else ((1_000, 10_000), 7)
    print(f"{'entries':>8} {'bare parse/s':>14} {'reader/s':>12} {'reader/bare':>12}")
    for size in sizes:
        text = make_digest(size)
        digest, diagnostics = parse_digest(text)
        assert len(digest.entries) == size, (len(digest.entries), size)
        assert not diagnostics, diagnostics[:3]
        bare, reader = measure(text, repeats)
        print(f"{size:>8} {size / bare:>14,.0f} {size / reader:>12,.0f} {reader / bare:>12.2f}")


if __name__ == "__main__":
    main()
