"""Benchmark: card thumbnails of large photos, naive Pillow against the thumbnailer.

Makes N synthetic 4000x3000 JPEGs (200 by default), then times, in one run and
for each of several repeats (the order alternates between repeats; the median
is printed):

(a) naive: ``Image.open`` + full decode + ``resize`` from the full picture to
    each output size + ``save``: the same files as the thumbnailer makes (1x
    and 2x, same crop, format, quality and encoder options);
(b1) the thumbnailer, cold cache, one thread;
(b) the thumbnailer, cold cache, as the extension runs it (a batch in threads);
(c) the thumbnailer, warm cache: the same batch again.

It prints the times and the ratios a/b1, a/b and a/c. Goal: a/b >= 5, and (c)
does no picture work at all: it counts every ``Image.open`` and every encoder
call made during (c) and fails when there is one.

``--quick`` is a smoke run (a few pictures, one repeat); its numbers mean little.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from sphinx_paperdigest.thumbnails import (
    SourceFacts,
    Thumbnailer,
    ThumbnailSettings,
    default_workers,
    plan_for,
    save_options,
)

SIZE = (4000, 3000)
SETTINGS = ThumbnailSettings()  # the extension's defaults: 640x360, cover, WebP, 80


def make_sources(folder: Path, count: int, size: tuple[int, int]) -> list[Path]:
    """``count`` different JPEGs: one busy base picture, each with its own marks."""
    rng = random.Random(42)
    base = Image.new("RGB", size, (40, 90, 160))
    draw = ImageDraw.Draw(base)
    for _ in range(150):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(40, size[0] // 6)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in "rgb"))
    base = Image.blend(base, Image.effect_noise(size, 30).convert("RGB"), 0.12)
    paths = []
    for i in range(count):
        picture = base.copy()
        marks = ImageDraw.Draw(picture)
        for _ in range(8):
            x, y = rng.randrange(size[0] - 400), rng.randrange(size[1] - 400)
            colour = (i * 37 % 256, i * 91 % 256, rng.randrange(256))
            marks.rectangle(
                (x, y, x + rng.randrange(50, 400), y + rng.randrange(50, 400)), fill=colour
            )
        path = folder / f"photo-{i:03d}.jpg"
        picture.save(path, "JPEG", quality=90)
        paths.append(path)
    return paths


def naive(sources: list[Path], out: Path) -> None:
    """Open, decode in full, resize from the full picture, save: the same outputs."""
    out.mkdir(parents=True, exist_ok=True)
    options = save_options(SETTINGS.format, SETTINGS.quality)
    for source in sources:
        with Image.open(source) as image:
            image.load()
            plan = plan_for(SourceFacts("JPEG", *image.size, False, False), SETTINGS)
            for n, target in enumerate(plan.targets):
                small = image.resize(target.content, box=plan.crop)
                small.save(out / f"{source.stem}-{n}.webp", **options)


class Counting:
    """Counts ``Image.open`` and encoder calls while active (proof of no work)."""

    def __init__(self) -> None:
        self.opens = 0
        self.saves = 0

    def __enter__(self) -> Counting:
        self._open, self._save = Image.open, Image.Image.save
        counter = self

        def open_(*args, **kwargs):
            counter.opens += 1
            return counter._open(*args, **kwargs)

        def save(self, *args, **kwargs):
            counter.saves += 1
            return counter._save(self, *args, **kwargs)

        Image.open = open_  # type: ignore[assignment]
        Image.Image.save = save  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Image.open = self._open  # type: ignore[assignment]
        Image.Image.save = self._save  # type: ignore[method-assign]


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="pictures (default 200)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 4 pictures, 1 repeat")
    args = parser.parse_args(argv)
    count, repeats = (4, 1) if args.quick else (args.count, args.repeats)

    work = Path(tempfile.mkdtemp(prefix="bench-thumbs-"))
    try:
        print(f"making {count} JPEGs of {SIZE[0]}x{SIZE[1]}...", flush=True)
        (work / "src").mkdir()
        sources = make_sources(work / "src", count, SIZE)
        jobs = [(path, SETTINGS) for path in sources]
        times: dict[str, list[float]] = {"a": [], "b1": [], "b": [], "c": []}
        proof = Counting()
        for repeat in range(repeats):
            single = Thumbnailer(work / f"cache-single-{repeat}")
            batch = Thumbnailer(work / f"cache-batch-{repeat}")
            runs: list[tuple[str, Callable[[], object]]] = [
                ("a", lambda r=repeat: naive(sources, work / f"naive-{r}")),
                ("b1", lambda t=single: t.thumbnail_many(jobs, workers=1)),
                ("b", lambda t=batch: t.thumbnail_many(jobs)),
            ]
            if repeat % 2:
                runs.reverse()
            for name, run in runs:
                times[name].append(timed(run))
            assert batch.stats.encodes == 2 * count, batch.stats
            with proof:
                warm = Thumbnailer(work / f"cache-batch-{repeat}")  # a new build process
                times["c"].append(timed(lambda t=warm: t.thumbnail_many(jobs)))
            assert warm.stats.hits == count and warm.stats.encodes == 0, warm.stats
            print(
                f"repeat {repeat + 1}/{repeats}: "
                + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items()),
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    print()
    print(
        f"{count} pictures {SIZE[0]}x{SIZE[1]} -> {SETTINGS.width}x{SETTINGS.height} "
        f"and 2x, {SETTINGS.format} q{SETTINGS.quality}; median of {repeats}; "
        f"{default_workers()} thread(s) in a batch"
    )
    labels = {
        "a": "(a)  naive: open + full decode + resize + save",
        "b1": "(b1) thumbnailer, cold, one thread",
        "b": "(b)  thumbnailer, cold, batch",
        "c": "(c)  thumbnailer, warm cache",
    }
    for key, label in labels.items():
        print(f"{label:50s} {med[key]:8.2f} s  {1000 * med[key] / count:7.1f} ms/picture")
    print()
    print(
        f"a/b1 = {med['a'] / med['b1']:.1f}x   a/b = {med['a'] / med['b']:.1f}x   "
        f"a/c = {med['a'] / med['c']:.0f}x"
    )
    print(f"(c) picture work: {proof.opens} Image.open calls, {proof.saves} encoder calls")
    if proof.opens or proof.saves:
        print("FAIL: the warm cache did picture work", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
