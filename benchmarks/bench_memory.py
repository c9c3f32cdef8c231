"""Benchmark: peak memory of a Sphinx build, with huge pictures and with huge digests.

Each build is a fresh ``python -m sphinx -E -q -b html`` process; its peak
resident memory is the kernel's high-water mark (``VmHWM`` in
``/proc/self/status``), read by the build process itself as it ends: a child's
``ru_maxrss`` can start at its parent's.

(1) pictures: one digest of 50 entries, each with its own 9,000 x 9,000 RGB PNG
    (81 megapixels, under Pillow's limit of about 89.5; 324 MB decoded), built
    (a) with the memory budget the extension uses and (b) with the budget made
    too large to matter (concurrency bounded only by the count of threads),
    and (c) as before this work: no budget, and Pillow's own 16 MiB blocks of
    memory (``PILLOW_BLOCK_SIZE``), which each thread's malloc arena keeps.
    Goal: (a) under 600 MB.
(2) entries: digests of 10,000, 25,000 and 50,000 entries in the seed's shape
    without pictures. Goal: memory linear in entries: the same MB per 1,000
    entries (above a 100-entry build) at every size.

The pictures are quick to make: one PNG at zlib level 1, copied with a
different text chunk each (so that each is a picture of its own to the cache).

    python benchmarks/bench_memory.py           # the numbers of docs/performance.md
    python benchmarks/bench_memory.py --quick   # a smoke run: small pictures and digests
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_build import make_digest  # noqa: E402

MB = 1_000_000
GOAL_MB = 600
#: Runs Sphinx and writes its peak resident memory (bytes) to argv[1].
LAUNCH = """
import sys
if sys.argv[2] == "unbounded":
    from sphinx_paperdigest.images import budget
    budget.PROCESS_BUDGET.total = 1 << 50
from sphinx.cmd.build import main
code = main(sys.argv[3:])
with open("/proc/self/status") as f:
    peak = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))
with open(sys.argv[1], "w") as f:
    f.write(str(peak))
sys.exit(code)
"""
_PICTURE = re.compile(r"<img [^>]*>|!\[[^\]]*\]\([^)]*\)")


def png_copies(folder: Path, count: int, side: int) -> list[str]:
    """``count`` different ``side`` x ``side`` RGB PNGs; their names relative to ``folder``."""
    picture = Image.new("RGB", (side, side), (235, 240, 250))
    draw = ImageDraw.Draw(picture)
    for i in range(0, side, max(1, side // 60)):
        draw.line((i, 0, side - i, side), fill=(20, 40, 120), width=3)
        draw.rectangle((i, i, i + side // 40, i + side // 40), fill=(200, 40, 40))
    path = folder / "base.png"
    picture.save(path, compress_level=1)
    del picture
    data = path.read_bytes()
    path.unlink()
    header_end = 8 + 25  # the signature, then IHDR (length, type, 13 bytes, CRC)
    names = []
    for i in range(count):
        text = b"Comment\x00copy %d" % i
        chunk = struct.pack(">I", len(text)) + b"tEXt" + text
        chunk += struct.pack(">I", zlib.crc32(b"tEXt" + text) & 0xFFFFFFFF)
        name = f"img/p{i:03d}.png"
        (folder / name).write_bytes(data[:header_end] + chunk + data[header_end:])
        names.append(name)
    return names


def picture_digest(names: list[str]) -> str:
    out = ["---\ntitle: Pictures\n---\n\n# 2024\n\n"]
    for i, name in enumerate(names):
        out.append(f"## [Paper {i}](https://example.org/p{i})\n\n![figure]({name})\n\n")
        out.append(
            f"A summary of paper {i}, with [its PDF](https://arxiv.org/abs/2401.{i:05d}).\n\n"
        )
    return "".join(out)


def write_project(src: Path, digest: str) -> None:
    (src / "digests").mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(
        "extensions = ['sphinx_paperdigest']\nproject = 'bench'\n"
        "exclude_patterns = ['_build', 'digests']\n",
        encoding="utf-8",
    )
    (src / "digests" / "bench.md").write_text(digest, encoding="utf-8")
    (src / "index.md").write_text(
        "# Digest\n\n```{paperdigest} digests/bench.md\n```\n", encoding="utf-8"
    )


def build(src: Path, out: Path, budget: str = "bounded", blocks: str = "") -> tuple[float, float]:
    """One fresh build: (its peak resident memory in MB, CPU seconds).

    ``blocks``: Pillow's block size (``PILLOW_BLOCK_SIZE``) when given.
    """
    report = out.parent / f"{out.name}.peak"
    command = [sys.executable, "-c", LAUNCH, str(report), budget]
    command += ["-E", "-q", "-b", "html", str(src), str(out)]
    env = {**os.environ, "PILLOW_BLOCK_SIZE": blocks} if blocks else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0 or result.stderr.strip():
        sys.exit(f"build of {src} failed or warned:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return int(report.read_text()) / MB, cpu


def pictures(root: Path, count: int, side: int) -> dict[str, tuple[float, float]]:
    """Peak MB and CPU seconds of the picture project, with and without the budget."""
    src = root / "pictures"
    (src / "digests" / "img").mkdir(parents=True)
    names = png_copies(src / "digests", count, side)
    write_project(src, picture_digest(names))
    empty = root / "no-pictures"
    write_project(
        empty,
        picture_digest([]).replace(
            "# 2024\n\n", "# 2024\n\n## [Paper](https://example.org/)\n\nText.\n"
        ),
    )
    return {
        "none": build(empty, root / "out-none"),
        "bounded": build(src, root / "out-bounded"),
        "unbounded": build(src, root / "out-unbounded", "unbounded"),
        "before": build(src, root / "out-before", "unbounded", "16m"),
    }


def entries(root: Path, sizes: list[int]) -> dict[int, tuple[float, float]]:
    """Peak MB and CPU seconds of a digest of each size, without pictures."""
    found = {}
    for n in sizes:
        src = root / f"entries-{n}"
        write_project(src, _PICTURE.sub("", make_digest(n)))
        found[n] = build(src, root / f"out-entries-{n}")
        print(f"  {n:>6} entries: {found[n][0]:7.1f} MB  ({found[n][1]:.0f} s CPU)", flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: small pictures, digests")
    args = parser.parse_args(argv)
    count, side = (3, 2000) if args.quick else (50, 9000)
    sizes = [100, 200, 400] if args.quick else [100, 10_000, 25_000, 50_000]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        root = Path(tmp)
        print(f"(1) {count} pictures of {side}x{side} (RGB PNG), peak resident memory:")
        found = pictures(root, count, side)
        labels = {
            "none": "a digest of one entry, no picture",
            "bounded": "(a) with the memory budget",
            "unbounded": "(b) budget too large to matter",
            "before": "(c) as before: (b), 16 MiB blocks",
        }
        for key, label in labels.items():
            peak, cpu = found[key]
            print(f"  {label:36s} {peak:8.1f} MB  ({cpu:.0f} s CPU)")
        a, b, c = (found[key][0] for key in ("bounded", "unbounded", "before"))
        print(f"  b/a = {b / a:.2f}, c/a = {c / a:.2f}; goal: (a) under {GOAL_MB} MB")
        if not args.quick and found["bounded"][0] >= GOAL_MB:
            print(f"FAIL: peak {found['bounded'][0]:.0f} MB", file=sys.stderr)
            failed = 1
        print("(2) digests without pictures, peak resident memory:", flush=True)
        peaks = entries(root, sizes)
    base_n, (base, _) = sizes[0], peaks[sizes[0]]
    print(f"MB per 1,000 entries above the {base_n}-entry build:")
    for n in sizes[1:]:
        per = (peaks[n][0] - base) / (n - base_n) * 1000
        print(f"  {n:>6} entries: {per:6.2f} MB per 1,000")
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
