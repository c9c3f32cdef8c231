"""What an edit of one entry costs: the incremental build against a cold one.

For N entries in the seed digest's shape (``bench_build.make_digest``), one page
showing the digest with the ``paperdigest`` directive (and, as a yardstick, the
same digest as a plain MyST page), builds in turn:

``cold``
    ``sphinx-build -b html`` into an empty output directory (no environment,
    no doctrees, no cache);
``edit``
    then one paragraph added to the summary of the entry in the middle of the
    digest (every later entry moves down two lines), and ``sphinx-build -b html``
    again into the same directories: Sphinx reads and writes the page again;
``none``
    then the same build with nothing changed.

CPU seconds of the build process (user + system), median of the repeats, and the
ratios edit/cold and none/cold. The machine is shared: wall-clock time would
mostly measure the neighbours. Goal at N = 2,000: edit/cold <= 0.5 for the
directive.

    python benchmarks/bench_incremental.py            # N = 2000; 5 repeats
    python benchmarks/bench_incremental.py --quick    # a smoke run: N = 60; 1 repeat
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import build_env, warm_bytecode, write_project

VARIANTS = ("directive", "plain")
STEPS = ("cold", "edit", "none")


def digest_file(src: Path, variant: str) -> Path:
    """The file an author edits: the digest, or the plain page itself."""
    return src / "digests" / "bench.md" if variant == "directive" else src / "index.md"


def edited(text: str) -> str:
    """``text`` with a paragraph added to the summary of its middle entry."""
    starts = [m.start() for m in re.finditer(r"^## \[", text, re.MULTILINE)]
    middle = starts[len(starts) // 2]
    summary = text.index("\n\n", middle) + 2  # the title's line, a blank line
    return text[:summary] + "追記: 一つの項目を編集した。\n\n" + text[summary:]


def build(src: Path, out: Path) -> float:
    """One build into ``out`` (its doctrees inside): CPU seconds of the process."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=build_env())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0 or "WARNING" in result.stderr:
        sys.exit(f"build of {src.name} failed or warned:\n{result.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(src: Path, variant: str, out: Path) -> dict[str, float]:
    """One cold build, the edit's build and an unchanged build: CPU seconds of each."""
    path = digest_file(src, variant)
    original = path.read_text(encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    times = {"cold": build(src, out)}
    path.write_text(edited(original), encoding="utf-8")
    try:
        times["edit"] = build(src, out)
        times["none"] = build(src, out)
    finally:
        path.write_text(original, encoding="utf-8")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 60, 1 repeat")
    parser.add_argument("--sizes", type=int, nargs="+", help="entry counts (default 2000)")
    parser.add_argument("--repeats", type=int, help="rounds per size (default 5)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([60] if args.quick else [2000])
    repeats = args.repeats or (1 if args.quick else 5)

    warm_bytecode()
    print(f"sphinx-build -b html: CPU seconds of the build, median of {repeats}")
    print(
        f"{'N':>7} {'page':<10} {'cold':>7} {'edit':>7} {'none':>7} {'edit/cold':>10} "
        f"{'none/cold':>10}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        root = Path(tmp)
        for n in sizes:
            sources = {v: write_project(root / str(n), v, n) for v in VARIANTS}
            runs: dict[str, dict[str, list[float]]] = {v: {s: [] for s in STEPS} for v in VARIANTS}
            for _ in range(repeats):
                for variant in VARIANTS:
                    found = measure(sources[variant], variant, root / str(n) / f"out-{variant}")
                    for step, seconds in found.items():
                        runs[variant][step].append(seconds)
            for variant in VARIANTS:
                t = {s: statistics.median(runs[variant][s]) for s in STEPS}
                print(
                    f"{n:>7} {variant:<10} {t['cold']:>7.2f} {t['edit']:>7.2f} {t['none']:>7.2f} "
                    f"{t['edit'] / t['cold']:>10.2f} {t['none'] / t['cold']:>10.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
