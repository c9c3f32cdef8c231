"""What hostile digests cost to read, beside a plain digest of the same size.

A digest is untrusted input: whatever it holds, reading it must take time in
proportion to its size. For each class of pathological input (unclosed
comments, YAML alias bombs, deep nesting, long numbers, reference definitions,
HTML the standard parser retries...) this times ``parse_digest`` on a hostile
file and on a plain digest in the seed's shape, in the same run, and prints
the ratio of their costs per byte at two sizes, the second four times the
first. Linear reading keeps the ratio: ``growth`` (ratio at 4x over ratio at
1x) stays near 1; a quadratic path shows as a growth near 4.

    python benchmarks/bench_hostile.py            # 64 KB and 256 KB, 3 repeats
    python benchmarks/bench_hostile.py --quick    # 8 KB and 32 KB, 1 repeat
    python benchmarks/bench_hostile.py yaml-alias-bomb unclosed-comments
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench_read import make_digest

from sphinx_paperdigest.core import parse_digest


@dataclass(frozen=True)
class Case:
    """A class of hostile input: ``make(size)`` gives a digest of about ``size`` bytes."""

    name: str
    make: Callable[[int], str]
    suffix: str = "md"


def entry(i: int) -> str:
    return f"## [Paper {i}](https://example.org/posts/{i})\n\nA summary of paper {i}.\n\n"


def repeat(unit: Callable[[int], str], size: int, head: str = "", tail: str = "") -> str:
    """``head``, then ``unit(0)``, ``unit(1)``... up to ``size`` bytes, then ``tail``."""
    parts, total, i = [head], len(head), 0
    while total < size:
        parts.append(unit(i))
        total += len(parts[-1])
        i += 1
    parts.append(tail)
    return "".join(parts)


def line_of(piece: str, size: int, head: str = "") -> str:
    """One entry, then a line of ``piece`` repeated to ``size`` bytes."""
    first = entry(0) + head
    return first + piece * max(1, (size - len(first)) // len(piece)) + "\n\n" + entry(1)


LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
)
DEEP = "[" * 300 + "]" * 300


def _json_entries(size: int, value: Callable[[int], str]) -> str:
    units = repeat(lambda i: f'{{"title": "Paper {i}", "n": {value(i)}}},\n', size)
    return '{"entries": [\n' + units + '{"title": "last"}\n]}\n'


CASES = [
    # Markdown structure
    Case("unclosed-comments", lambda n: repeat(lambda i: entry(i) + "<!-- note\n\n", n)),
    Case("unclosed-comment-lines", lambda n: repeat(lambda i: "<!--\n", n, tail=entry(0))),
    Case(
        "reference-definitions",
        lambda n: repeat(lambda i: entry(i) + f"[r{i}]: https://x.org/{i}\nSee [r{i}].\n\n", n),
    ),
    Case("escaped-brackets", lambda n: line_of("\\[", n, head="[") + "]\n"),
    Case("duplicate-ids", lambda n: repeat(lambda i: "## [T](https://x.org/a)\n\nx\n\n", n)),
    Case(
        "deep-lists",
        lambda n: repeat(
            lambda i: entry(i) + "".join("  " * k + "- x\n" for k in range(40)) + "\n", n
        ),
    ),
    Case("deep-quotes", lambda n: repeat(lambda i: entry(i) + ">" * 200 + " x\n\n", n)),
    Case("long-paragraph", lambda n: line_of("word ", n)),
    # inline Markdown that makes parsers retry
    Case("open-brackets", lambda n: line_of("[", n)),
    Case("link-openers", lambda n: line_of("[a", n)),
    Case("image-openers", lambda n: line_of("![a", n)),
    Case("unclosed-links", lambda n: line_of("[a](b", n)),
    Case("emphasis", lambda n: line_of("*a_", n)),
    Case("backticks", lambda n: line_of("`a", n)),
    Case("entities", lambda n: line_of("&#", n)),
    Case("bare-url-parens", lambda n: line_of(")", n, head="https://x.org/")),
    # pictures: the thumbnail is looked for in its line
    Case(
        "thumbnail-after-openers",
        lambda n: repeat(lambda i: entry(i) + "![y" * 300 + "<img src='t.png'>\n\n", n),
    ),
    Case(
        "thumbnail-periodic-src",
        lambda n: repeat(
            lambda i: entry(i) + "<img a=" + "src=" * 200 + " src='" + "src=" * 100 + "'>\n\n", n
        ),
    ),
    # raw HTML that html.parser retries to the end
    Case("html-open-tags", lambda n: line_of("<a ", n, head="<div>\n")),
    Case("html-comments", lambda n: line_of("<!--", n, head="<div>\n")),
    Case("html-end-tags", lambda n: line_of("</", n, head="<div>\n")),
    Case("html-declarations", lambda n: line_of("<!x", n, head="<div>\n")),
    Case("html-instructions", lambda n: line_of("<?", n, head="<div>\n")),
    # front matter and metadata comments
    Case(
        "yaml-keys",
        lambda n: repeat(
            lambda i: f"k{i}: [a, b, {{c: d}}]\n", n, head="---\n", tail="---\n" + entry(0)
        ),
    ),
    Case(
        "yaml-alias-bomb",
        lambda n: repeat(lambda i: entry(i) + f"<!-- paperdigest\n{LAUGHS}-->\n\n", n),
    ),
    Case(
        "yaml-self-alias",
        lambda n: repeat(lambda i: entry(i) + "<!-- paperdigest\na: &a [x, *a]\n-->\n\n", n),
    ),
    Case(
        "yaml-merge-chain",
        lambda n: repeat(
            lambda i: f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: v}}\n" if i else "m0: &m0 {k: v}\n",
            n,
            head="---\n",
            tail="---\n" + entry(0),
        ),
    ),
    Case(
        "yaml-deep",
        lambda n: repeat(lambda i: entry(i) + f"<!-- paperdigest\nn: {DEEP}\n-->\n\n", n),
    ),
    Case(
        "yaml-deep-block",
        lambda n: repeat(
            lambda i: (
                entry(i)
                + "<!-- paperdigest\nn:\n"
                + "".join(" " * k + "- \n" for k in range(1, 60))
                + "-->\n\n"
            ),
            n,
        ),
    ),
    Case(
        "yaml-long-numbers",
        lambda n: repeat(lambda i: entry(i) + f"<!-- paperdigest\nn: 0x{'f' * 5000}\n-->\n\n", n),
    ),
    Case(
        "yaml-many-topics",
        lambda n: (
            entry(0)
            + "<!-- paperdigest\ntopics: ["
            + ", ".join(f"t{i % 500}" for i in range(n // 6))
            + "]\n-->\n"
        ),
    ),
    Case(
        "toml-keys",
        lambda n: repeat(
            lambda i: f"k{i} = [1, 2, {{c = 3}}]\n", n, head="+++\n", tail="+++\n" + entry(0)
        ),
    ),
    Case(
        "toml-deep",
        lambda n: repeat(lambda i: f"k{i} = {DEEP}\n", n, head="+++\n", tail="+++\n" + entry(0)),
    ),
    Case(
        "toml-dotted-keys",
        lambda n: repeat(
            lambda i: ".".join(f"k{i}_{j}" for j in range(50)) + " = 1\n",
            n,
            head="+++\n",
            tail="+++\n" + entry(0),
        ),
    ),
    Case(
        "toml-long-numbers",
        lambda n: repeat(
            lambda i: f"k{i} = 0x{'f' * 5000}\n", n, head="+++\n", tail="+++\n" + entry(0)
        ),
    ),
    # other shapes: a table, HTML, bold titles, footnotes, all in one section
    Case(
        "table-rows",
        lambda n: repeat(
            lambda i: f"| **Paper {i}** - text | [Paper](https://arxiv.org/abs/2101.{i:05}) |\n",
            n,
            head="# T\n\n| Paper | Links |\n| --- | --- |\n",
        ),
    ),
    Case(
        "html-entries",
        lambda n: repeat(
            lambda i: (
                f'<div><a class="b">#T</a> <a href="https://x.org/{i}">Paper {i}, '
                f"A. Author, NeurIPS 2020</a> <span>text {i}</span></div>\n"
            ),
            n,
            head="# T\n\n",
        ),
    ),
    Case(
        "bold-entries",
        lambda n: repeat(
            lambda i: f"**Paper {i}**\n\n- Paper: https://arxiv.org/abs/2101.{i:05}\n\n",
            n,
            head="# T\n\n",
        ),
    ),
    Case(
        "footnote-headings",
        lambda n: (
            repeat(lambda i: f"## Paper {i}[^{i}]\n\nText.\n\n", n, head="# T\n\n")
            + "".join(f"[^{i}]: https://arxiv.org/abs/2101.{i:05}\n" for i in range(n // 30))
        ),
    ),
    # structured digests
    Case("json-entries", lambda n: _json_entries(n, str), "json"),
    Case("json-deep", lambda n: _json_entries(n, lambda i: DEEP), "json"),
    Case("json-long-numbers", lambda n: _json_entries(n, lambda i: "9" * 5000), "json"),
    Case(
        "yaml-entries",
        lambda n: repeat(
            lambda i: f"- title: Paper {i}\n  url: https://x.org/{i}\n", n, head="entries:\n"
        ),
        "yaml",
    ),
    Case(
        "yaml-digest-deep",
        lambda n: repeat(lambda i: f"- title: Paper {i}\n  n: {DEEP}\n", n, head="entries:\n"),
        "yaml",
    ),
    Case(
        "toml-entries",
        lambda n: repeat(
            lambda i: f'[[entries]]\ntitle = "Paper {i}"\nurl = "https://x.org/{i}"\n', n
        ),
        "toml",
    ),
]


def plain(size: int) -> str:
    """A digest in the seed's shape of at least ``size`` bytes."""
    entries = 8
    while len(text := make_digest(entries).encode()) < size:
        entries = entries * 3 // 2
    return text.decode()


def cpu(text: str, suffix: str) -> float:
    gc.collect()
    start = time.process_time()
    parse_digest(text, path=f"hostile.{suffix}")
    return time.process_time() - start


def ratio(case: Case, size: int, repeats: int) -> float:
    """(hostile seconds per byte) / (plain seconds per byte), medians, alternating."""
    hostile, baseline = case.make(size), plain(size)
    h_bytes, p_bytes = len(hostile.encode()), len(baseline.encode())
    h_times, p_times = [], []
    for _ in range(repeats):
        p_times.append(cpu(baseline, "md"))
        h_times.append(cpu(hostile, case.suffix))
    return (statistics.median(h_times) / h_bytes) / (statistics.median(p_times) / p_bytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="names of the cases to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    args = parser.parse_args()
    (small, large), repeats = ((8_000, 32_000), 1) if args.quick else ((64_000, 256_000), 3)
    unknown = set(args.cases) - {c.name for c in CASES}
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    cases = [c for c in CASES if not args.cases or c.name in args.cases]
    print(f"{'case':<26} {f'x{small:,} B':>10} {f'x{large:,} B':>11} {'growth':>7}")
    worst = ("", 0.0)
    for case in cases:
        first, second = ratio(case, small, repeats), ratio(case, large, repeats)
        growth = second / first
        worst = max(worst, (case.name, growth), key=lambda w: w[1])
        print(f"{case.name:<26} {first:>10.2f} {second:>11.2f} {growth:>7.2f}", flush=True)
    print(f"largest growth: {worst[1]:.2f} ({worst[0]}); 1.00: linear, 4.00: quadratic")


if __name__ == "__main__":
    main()
