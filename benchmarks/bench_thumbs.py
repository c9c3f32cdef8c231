"""Benchmark: card thumbnails of large photos, naive Pillow against the thumbnailer.

Makes N synthetic 4000x3000 JPEGs (200 by default), then times, in one run and
for each of several repeats (the order alternates between repeats; the median
is printed):

(a) naive: ``Image.open`` + full decode + ``resize`` from the full picture to
    each output size + ``save``: the same files as the thumbnailer makes (1x
    and 2x, same crop, format, quality and encoder options);
(b1) the thumbnailer, cold cache, one thread (alternating with (a) picture by
     picture, so that both meet the same load on the machine);
(b) the thumbnailer, cold cache, as the extension runs it (a batch in threads);
(c) the thumbnailer, warm cache: the same batch again, from a new thumbnailer.

It prints wall-clock and CPU times (CPU time is what another load on the
machine disturbs least) and the ratios a/b1, a/b and a/c, each the median of
the repeats' ratios. Goal: a/b >= 5, and (c) does no picture work at all: it
counts every ``Image.open`` and encoder call made during (c), and fails when
there is one.

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

from sphinx_paperdigest.images.pixels import save_options
from sphinx_paperdigest.images.plan import SourceFacts, ThumbnailSettings, plan_for
from sphinx_paperdigest.images.thumbnailer import Thumbnailer, default_workers

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


def naive(source: Path, out: Path) -> None:
    """Open, decode in full, resize from the full picture, save: the same outputs."""
    options = save_options(SETTINGS.format, SETTINGS.quality)
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


class Clock:
    """Wall-clock and CPU time (all threads) of what runs inside ``with``."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


def one_repeat(work: Path, repeat: int, sources: list[Path], proof: Counting) -> dict[str, Clock]:
    """Time (a), (b1), (b) and (c) once, each with a cold cache of its own."""
    clocks = {key: Clock() for key in ("a", "b1", "b", "c")}
    out = work / f"naive-{repeat}"
    out.mkdir()
    single = Thumbnailer(work / f"cache-single-{repeat}")
    # (a) and (b1) alternate picture by picture, so that both see the same load
    for i, source in enumerate(sources):
        pair = [
            ("a", lambda s=source: naive(s, out)),
            ("b1", lambda s=source: single.thumbnail(s, SETTINGS)),
        ]
        if (i + repeat) % 2:
            pair.reverse()
        for key, run in pair:
            with clocks[key]:
                run()
    batch = Thumbnailer(work / f"cache-batch-{repeat}")
    jobs = [(path, SETTINGS) for path in sources]
    with clocks["b"]:
        made = batch.thumbnail_many(jobs)
    assert all(not isinstance(m, Exception) for m in made), made
    assert batch.stats.encodes == single.stats.encodes == 2 * len(sources)
    with proof, clocks["c"]:
        warm = Thumbnailer(work / f"cache-batch-{repeat}")  # as a new build process would
        warm.thumbnail_many(jobs)
    assert warm.stats.hits == len(sources) and warm.stats.encodes == 0, warm.stats
    return clocks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="pictures (default 200)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 4 pictures, 1 repeat")
    args = parser.parse_args(argv)
    count, repeats = (4, 1) if args.quick else (args.count, args.repeats)

    work = Path(tempfile.mkdtemp(prefix="bench-thumbs-"))
    runs: list[dict[str, Clock]] = []
    proof = Counting()
    try:
        print(f"making {count} JPEGs of {SIZE[0]}x{SIZE[1]}...", flush=True)
        (work / "src").mkdir()
        sources = make_sources(work / "src", count, SIZE)
        for repeat in range(repeats):
            runs.append(one_repeat(work, repeat, sources, proof))
            print(
                f"repeat {repeat + 1}/{repeats}: "
                + ", ".join(f"{k} {c.wall:.2f}s" for k, c in runs[-1].items()),
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median(value: Callable[[dict[str, Clock]], float]) -> float:
        return statistics.median(value(run) for run in runs)

    print()
    print(
        f"{count} pictures {SIZE[0]}x{SIZE[1]} -> {SETTINGS.width}x{SETTINGS.height} "
        f"and 2x, {SETTINGS.format} q{SETTINGS.quality}; median of {repeats} repeats; "
        f"{default_workers()} thread(s) in a batch"
    )
    labels = {
        "a": "(a)  naive: open + full decode + resize + save",
        "b1": "(b1) thumbnailer, cold, one thread",
        "b": "(b)  thumbnailer, cold, batch",
        "c": "(c)  thumbnailer, warm cache",
    }
    print(f"{'':50s} {'wall':>9s} {'ms/pic':>8s} {'cpu':>9s}")
    for key, label in labels.items():
        wall = median(lambda r, k=key: r[k].wall)
        cpu = median(lambda r, k=key: r[k].cpu)
        print(f"{label:50s} {wall:8.2f}s {1000 * wall / count:8.1f} {cpu:8.2f}s")
    print()
    for name, of in (("wall", lambda c: c.wall), ("cpu", lambda c: c.cpu)):
        ratios = {
            pair: median(lambda r, a=pair[0], b=pair[1], f=of: f(r[a]) / f(r[b]))
            for pair in (("a", "b1"), ("a", "b"), ("a", "c"))
        }
        print(
            f"{name:4s} ratios (median of the repeats' ratios): "
            + "   ".join(f"{a}/{b} = {v:.1f}x" for (a, b), v in ratios.items())
        )
    print(f"(c) picture work: {proof.opens} Image.open calls, {proof.saves} encoder calls")
    if proof.opens or proof.saves:
        print("FAIL: the warm cache did picture work", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
