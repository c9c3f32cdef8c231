"""Whole builds of pathological digests against a plain digest of the same size.

``docs/security.md`` promises that a digest costs the build time and memory
linear in its size, whatever it holds. For each case (an unclosed ``<!--``
repeated, a YAML alias bomb, thousands of reference definitions, deep
brackets, an enormous line, an enormous word, many pictures...), a digest of
each size is made, and a project with one ``paperdigest`` directive on it is
built from scratch (``sphinx-build -E``) with the html and the text builders,
each in a fresh process. The baseline is a plain digest of the same number of
bytes, built in the same run, in turn with the cases (so that drifts of the
machine hit all alike).

Printed, per case and size: CPU seconds (user + system) of the html and text
builds and the peak memory (max RSS) of the html build, each as a ratio to the
plain digest's. A case that costs time linear in its size keeps the same ratio
from one size to the next: the last column (``growth``) is the ratio at a size
divided by the ratio at the size before (1.00: linear like the plain digest;
4.00 for a size four times larger: quadratic). Reading alone is measured by
``bench_hostile.py``; this script measures everything a build does with it
(rendering, thumbnails, exports, writers).

A build that fails, or runs past ``--stop`` seconds, is shown as such.

    python benchmarks/bench_hostile_build.py             # 50 KB and 200 KB, 3 repeats
    python benchmarks/bench_hostile_build.py --quick     # a smoke run: 2 and 4 KB, html, 1 repeat
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
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILDERS = ("html", "text")
MEMORY_BYTES = 4 * 1024**3


# -- the digests -----------------------------------------------------------------------------


def _entry(i: int, body: str = "") -> str:
    text = body or (
        f"Summary {i} of a paper, with a [link](https://arxiv.org/abs/2106.{i % 99999:05d}) "
        "and some *emphasis*, as digests have."
    )
    return f"## [Entry {i}](https://example.org/posts/{i}/)\n\n{text}\n\n"


def _fill(head: str, size: int, tail: str = "") -> str:
    """``head``, then plain entries up to ``size`` bytes, then ``tail``."""
    parts, i = [head, "# 2021\n\n"], 0
    used = len(head.encode()) + len(tail.encode())
    while used < size:
        parts.append(_entry(i))
        used += len(parts[-1].encode())
        i += 1
    return "".join(parts) + tail


def plain(size: int) -> str:
    return _fill("", size)


def unclosed_comments(size: int) -> str:
    return _fill(
        "", size // 2, "## [Last](https://example.org/last/)\n\n" + "<!--\n\n" * (size // 12)
    )


def alias_bomb(size: int) -> str:
    # each level multiplies the expansion by 9; a level costs about 60 bytes
    levels = 3 + size // 40_000
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    head = "---\n" + "\n".join(lines) + f"\nextra: *l{levels - 1}\n---\n\n"
    return _fill(head, size)


def reference_definitions(size: int) -> str:
    count = size // 80
    uses = "".join(_entry(i, f"See [a][r{i}] and [b][r{i + 1}].") for i in range(count // 4))
    definitions = "".join(f"[r{i}]: https://example.org/ref/{i}\n" for i in range(count))
    return "# 2021\n\n" + uses + "\n" + definitions


def deep_brackets(size: int) -> str:
    return _fill("", size // 2, _entry(-1, "[" * (size // 4) + "x" + "]" * (size // 4)))


def long_line(size: int) -> str:
    return _fill("", size // 10, _entry(-1, "word " * (size // 5)))


def long_word(size: int) -> str:
    return _fill("", size // 10, _entry(-1, "x" * size))


def many_pictures(size: int) -> str:
    pictures = "\n\n".join(f"![p{i}](https://example.org/p{i}.png)" for i in range(size // 40))
    return _fill("", size // 10, _entry(-1, pictures))


def local_pictures(size: int) -> str:
    count = max(1, size // 4000)
    return "# 2021\n\n" + "".join(
        _entry(i, f"![p](pictures/p{i}.png)\n\nText.") for i in range(count)
    )


CASES: dict[str, Callable[[int], str]] = {
    "plain": plain,
    "unclosed-comments": unclosed_comments,
    "alias-bomb": alias_bomb,
    "reference-definitions": reference_definitions,
    "deep-brackets": deep_brackets,
    "long-line": long_line,
    "long-word": long_word,
    "many-remote-pictures": many_pictures,
    "large-local-pictures": local_pictures,
}


# -- one build ---------------------------------------------------------------------------------


def write_project(root: Path, case: str, size: int) -> Path:
    """A project with one page showing the case's digest of ``size`` bytes."""
    src = root / f"{case}-{size}"
    (src / "digests").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['sphinx_paperdigest']\nproject = 'bench'\n"
        "exclude_patterns = ['_build', 'digests']\n",
        encoding="utf-8",
    )
    text = CASES[case](size)
    (src / "digests" / "bench.md").write_text(text, encoding="utf-8")
    if case == "large-local-pictures":
        _pictures(src / "digests" / "pictures", text.count("](pictures/"))
    (src / "index.md").write_text(
        "# Digest\n\n```{paperdigest} digests/bench.md\n```\n", encoding="utf-8"
    )
    return src


def _pictures(folder: Path, count: int) -> None:
    from PIL import Image

    folder.mkdir()
    for i in range(count):
        # distinct pixels: the thumbnail cache cannot share the work
        Image.new("RGB", (2400, 1600), (i * 37 % 256, i * 11 % 256, 120)).save(folder / f"p{i}.png")


def child(src: str, out: str, builder: str) -> None:
    """In the build process: build, then print what it cost (JSON)."""
    from sphinx.cmd.build import build_main

    # a bomb fails the build (MemoryError), not the machine
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    status = build_main(["-E", "-q", "-b", builder, src, out])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {"status": status, "cpu": usage.ru_utime + usage.ru_stime, "kb": usage.ru_maxrss}
        )
    )


def build(src: Path, builder: str, stop: float) -> tuple[float, float] | str:
    """``(CPU seconds, peak MB)`` of one build, or why there is none."""
    out = src.parent / f"out-{src.name}-{builder}"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, __file__, "--child", str(src), str(out), builder]
    env_path = {"PYTHONPATH": str(REPO)}
    import os

    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=stop,
            check=False,
            env={**os.environ, **env_path},
        )
    except subprocess.TimeoutExpired:
        return f"> {stop:g} s"
    try:
        data = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return "failed"
    if result.returncode != 0 or data["status"] != 0:
        return "failed"
    return data["cpu"], data["kb"] / 1024


# -- the table ---------------------------------------------------------------------------------


def measure(
    root: Path, size: int, repeats: int, stop: float, builders: tuple[str, ...]
) -> dict[str, dict[str, tuple[float, float] | str]]:
    """Per case and builder: median (CPU, MB), the cases built in turn.

    A build that failed or was stopped is not tried again.
    """
    sources = {case: write_project(root, case, size) for case in CASES}
    runs: dict[str, dict[str, list[tuple[float, float] | str]]] = {
        case: {b: [] for b in builders} for case in CASES
    }
    for _ in range(repeats):
        for case in CASES:
            for builder in builders:
                done = runs[case][builder]
                if not any(isinstance(r, str) for r in done):
                    done.append(build(sources[case], builder, stop))
    return {case: {b: _median(r) for b, r in per.items()} for case, per in runs.items()}


def _median(results: list[tuple[float, float] | str]) -> tuple[float, float] | str:
    failed = [r for r in results if isinstance(r, str)]
    if failed:
        return failed[0]
    good = [r for r in results if not isinstance(r, str)]
    return statistics.median(c for c, _ in good), statistics.median(m for _, m in good)


def _ratio(value: tuple[float, float] | str, base: tuple[float, float] | str, index: int) -> str:
    if isinstance(value, str) or isinstance(base, str):
        return value if isinstance(value, str) else "-"
    return f"x{value[index] / base[index]:.2f}"


Cell = tuple[float, float] | str


def _row(
    case: str, size: int, per: dict[str, Cell], base: dict[str, Cell], previous: dict[str, float]
) -> str:
    """One line of the table; ``previous`` keeps each case's html ratio for the growth."""
    cells = []
    for builder, value in per.items():
        cells.append(f"{value[0]:>11.2f}" if not isinstance(value, str) else f"{value:>11}")
        cells.append(f"{_ratio(value, base[builder], 0):>8}")
    html = per["html"]
    cells.append(f"{html[1]:>8.0f}" if not isinstance(html, str) else f"{'-':>8}")
    cells.append(f"{_ratio(html, base['html'], 1):>8}")
    growth = "-"
    if not isinstance(html, str) and not isinstance(base["html"], str):
        ratio = html[0] / base["html"][0]
        if case in previous:
            growth = f"{ratio / previous[case]:.2f}"
        previous[case] = ratio
    return f"{case:<22} {size:>8} {' '.join(cells)} {growth:>7}"


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small sizes, html only")
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="digest sizes in bytes (default 50000 200000)"
    )
    parser.add_argument("--repeats", type=int, help="builds per case and size (default 3)")
    parser.add_argument(
        "--stop", type=float, help="seconds after which a build is stopped (default 300)"
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ([2000, 4000] if args.quick else [50_000, 200_000])
    repeats = args.repeats or (1 if args.quick else 3)
    stop = args.stop or (120.0 if args.quick else 300.0)
    builders = ("html",) if args.quick else BUILDERS

    print(f"sphinx-build -E, each case against 'plain' of the same size; median of {repeats}")
    heads = "".join(f" {b + ' CPU s':>11} {'ratio':>8}" for b in builders)
    print(f"{'case':<22} {'size':>8}{heads} {'html MB':>8} {'ratio':>8} {'growth':>7}")
    previous: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-hostile-build-") as tmp:
        for size in sizes:
            table = measure(Path(tmp), size, repeats, stop, builders)
            for case, per in table.items():
                print(_row(case, size, per, table["plain"], previous), flush=True)
    print(
        "ratio: against 'plain' of the same size; "
        "growth: ratio over the ratio at the size before (1.00: linear)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
