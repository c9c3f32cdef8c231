"""Time ``sphinx-build -E -b html`` of a digest three ways, at several sizes.

For N entries in the seed digest's shape (``docs/digests/digest-example.md``:
Zenn front matter, year groups, linked ``##`` titles, Japanese summaries with
arXiv links, ``<img>`` pictures, ``---``/``<br>`` separators), builds:

(a) ``plain``: the digest itself as a MyST page (the baseline);
(b) ``cards``: the same entries written by hand as sphinx-design
    ``grid-item-card`` directives (picture, title link, badge, date, summary,
    footer links);
(c) ``directive``: one ``paperdigest`` directive on the digest.

Each build is a fresh ``python -m sphinx -E -q -b html`` process. The three are
run in turn (a, b, c, a, b, c...) so that drifts of the machine hit all three
alike; the table shows the median of the repeats and the ratios c/a and b/c.
Ratios are of CPU time (user + system) of the build process: on a shared
machine wall-clock time mostly measures the neighbours. Wall-clock medians are
shown in parentheses.
Goals at N = 2,000: c/a <= 1.0 (the directive costs no more than the plain
page) and b/c >= 1.5 (it is well ahead of hand-written cards), with time
growing linearly in N.

    python benchmarks/bench_build.py            # N = 100, 2000, 10000; 5 repeats
    python benchmarks/bench_build.py --quick    # a smoke run: N = 20, 60; 1 repeat
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "docs" / "digests" / "digest-example.md"
VARIANTS = ("plain", "cards", "directive")
PER_GROUP = 50

_ENTRY_SPLIT = re.compile(r"^(?=## \[)", re.MULTILINE)
_ARXIV = re.compile(r"(arxiv\.org/(?:abs|pdf)/)(\d{4})\.\d{4,5}(v\d+)?")


# -- the digest ------------------------------------------------------------------------


def seed_parts() -> tuple[str, list[str]]:
    """The seed's head (front matter and intro) and its entry blocks."""
    # the seed's one half-broken link mended (「Tabular...](url)): generated
    # digests are clean, so that a build of them warns of nothing
    text = SEED.read_text(encoding="utf-8").replace("「Tabular Data", "「[Tabular Data")
    first_group = text.index("\n# 2021年")
    head = text[:first_group].rstrip() + "\n"
    body = re.sub(r"^# \d{4}年\n", "", text[first_group:], flags=re.MULTILINE)
    blocks = [b.rstrip() + "\n" for b in _ENTRY_SPLIT.split(body) if b.startswith("## [")]
    return head, blocks


def make_digest(n: int) -> str:
    """N entries in the seed's shape; every URL and arXiv id made unique."""
    head, blocks = seed_parts()
    out = [head]
    serial = itertools.count(1)
    for i in range(n):
        if i % PER_GROUP == 0:
            out.append(f"\n# {2021 - i // PER_GROUP}年\n\n")
        block = blocks[i % len(blocks)]
        # the title's URL: a slug of its own
        block = re.sub(r"\]\((https://[^)]*?)/?\)", rf"](\1-{i}/)", block, count=1)
        block = _ARXIV.sub(lambda m: f"{m[1]}{m[2]}.{next(serial):05d}", block)
        out.append(block + "\n")
    return "".join(out)


# -- the three pages ----------------------------------------------------------------------


def card_source(n: int) -> str:
    """The entries as hand-written sphinx-design cards, from the reader's model."""
    sys.path.insert(0, str(REPO))
    from sphinx_paperdigest.core.reader import parse_digest
    from sphinx_paperdigest.render import entry_links

    digest, _ = parse_digest(make_digest(n), path="bench.md")
    out = ["# Paper digest\n"]
    for group in digest.groups:
        out.append(f"\n## {group.title}\n\n::::{{grid}} 1 2 3 3\n:gutter: 3\n\n")
        for entry in group.entries:
            out.append(f":::{{grid-item-card}} [{entry.title}]({entry.url})\n")
            if entry.thumbnail is not None:
                out.append(f":img-top: {entry.thumbnail.src}\n")
            out.append(":class-card: paper\n\n")
            date = f"{entry.date:%b} {entry.date.day}, {entry.date.year}" if entry.date else ""
            out.append(f"{{bdg-secondary}}`機械学習` {date}\n\n")
            out.append(entry.summary.strip() + "\n")
            out.append("+++\n")
            links = [
                f"{{bdg-link-primary-line}}`{link.label} <{link.url}>`"
                for link in entry_links(entry)
                if "<" not in link.label
            ]
            out.append(" ".join(links) + "\n:::\n\n")
        out.append("::::\n")
    return "".join(out)


def write_project(root: Path, variant: str, n: int) -> Path:
    src = root / variant
    src.mkdir(parents=True)
    extensions = {
        "plain": ["myst_parser"],
        "cards": ["myst_parser", "sphinx_design"],
        "directive": ["sphinx_paperdigest"],
    }[variant]
    (src / "conf.py").write_text(
        f"extensions = {extensions!r}\n"
        "project = 'bench'\n"
        "exclude_patterns = ['_build', 'digests']\n"
        "suppress_warnings = ['myst.header']\n",
        encoding="utf-8",
    )
    if variant == "plain":
        page = make_digest(n)
    elif variant == "cards":
        page = card_source(n)
    else:
        (src / "digests").mkdir()
        (src / "digests" / "bench.md").write_text(make_digest(n), encoding="utf-8")
        page = "# Paper digest\n\n```{paperdigest} digests/bench.md\n```\n"
    (src / "index.md").write_text(page, encoding="utf-8")
    return src


def build_env() -> dict[str, str]:
    """The builds' environment: Python's bytecode cache on, as for an installed package.

    Without it (``PYTHONDONTWRITEBYTECODE`` set, as on the machine measured) every
    build compiles the extension's modules from source, while Sphinx and the
    other packages come compiled from their installation: that would charge the
    directive alone some 0.2 s of CPU per build. The bytecode goes to a
    directory of its own (``PYTHONPYCACHEPREFIX``), never into the source tree.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "paperdigest-bench-pycache")
    return env


def warm_bytecode(*trees: Path) -> None:
    """Compile the extension (of this checkout and of ``trees``) before anything is timed."""
    for tree in (REPO, *trees):
        command = [sys.executable, "-m", "compileall", "-q", str(tree / "sphinx_paperdigest")]
        subprocess.run(command, env=build_env(), capture_output=True, check=True)


def build(src: Path, out: Path, tree: Path | None = None) -> tuple[float, float]:
    """One build: (CPU seconds of the build process, wall-clock seconds).

    ``tree``: a checkout of the project whose extension builds it (its
    directory first on ``PYTHONPATH``); by default, the one in the environment.
    """
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", str(src), str(out)]
    env = build_env()
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), env.get("PYTHONPATH", "")]).rstrip(":")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"build of {src.name} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def measure(
    n: int, repeats: int, root: Path, against: Path | None = None
) -> dict[str, tuple[float, float]]:
    """Median (CPU, wall) seconds per variant, the variants built in turn.

    With ``against``, the variant ``baseline`` is the directive's page built by
    that checkout's extension, in turn with the others.
    """
    sources = {v: write_project(root / str(n), v, n) for v in VARIANTS}
    runs: dict[str, tuple[Path, Path | None]] = {v: (sources[v], None) for v in VARIANTS}
    if against is not None:
        runs["baseline"] = (sources["directive"], against)
    times: dict[str, list[tuple[float, float]]] = {v: [] for v in runs}
    for _ in range(repeats):
        for variant, (src, tree) in runs.items():
            times[variant].append(build(src, root / str(n) / f"out-{variant}", tree))
    return {
        v: (statistics.median(c for c, _ in t), statistics.median(w for _, w in t))
        for v, t in times.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small N, 1 repeat")
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="entry counts (default 100 2000 10000)"
    )
    parser.add_argument("--repeats", type=int, help="builds per variant and size (default 5)")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="TREE",
        help="also build the directive's page with another checkout (an older version), "
        "in turn with the others: its ratio to the plain page is d/a",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ([20, 60] if args.quick else [100, 2000, 10000])
    repeats = args.repeats or (1 if args.quick else 5)

    warm_bytecode(*([args.against] if args.against else []))
    print(f"sphinx-build -E -b html: CPU seconds of the build (wall seconds), median of {repeats}")
    columns = ["(a) plain", "(b) cards", "(c) directive"]
    if args.against:
        print(f"(d) baseline: the directive's page built by {args.against}")
        columns.append("(d) baseline")
    names = "".join(f"{name:>16} " for name in columns)
    extra = f" {'d/a':>6}" if args.against else ""
    print(f"{'N':>7} {names}{'c/a':>6} {'b/c':>6}{extra}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for n in sizes:
            t = measure(n, repeats, Path(tmp), args.against)
            rows.append((n, t))
            cells = " ".join(f"{t[v][0]:>7.2f} ({t[v][1]:>6.2f})" for v in t)
            c_a = t["directive"][0] / t["plain"][0]
            b_c = t["cards"][0] / t["directive"][0]
            d_a = f" {t['baseline'][0] / t['plain'][0]:>6.2f}" if "baseline" in t else ""
            print(f"{n:>7} {cells} {c_a:>6.2f} {b_c:>6.2f}{d_a}", flush=True)
    for (n0, t0), (n1, t1) in itertools.pairwise(rows):
        growth = (t1["directive"][0] / t0["directive"][0]) / (n1 / n0)
        print(f"directive CPU time per entry, N={n1} against N={n0}: x{growth:.2f} (1.00: linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
