"""Benchmark: card thumbnails of large photos, naive Pillow against the thumbnailer.

Quality comes first: the thumbnailer's files must be as good as a careful
hand's. For a photo, a text-like picture and a picture of fine stripes, each as
a JPEG and as a PNG source, it compares each output file (1x and 2x) of

(a) naive: ``Image.open`` + full decode + a Lanczos ``resize`` from the full
    picture to each output size + ``save`` (the same sizes, crop, format,
    quality and encoder options as the thumbnailer), and
(b) the thumbnailer

with the exact pixels (a Lanczos resize of the fully decoded picture, before
any encoder): the PSNR of (b) must be within 0.5 dB of that of (a) for every
file, else the script prints MISSED and exits with status 1.

Then speed. It makes N synthetic 4000x3000 JPEGs (200 by default) and times,
in one run and for each of several repeats (the order alternates between
repeats; the median is printed):

(a) naive, as above;
(b1) the thumbnailer, cold cache, one thread (alternating with (a) picture by
     picture, so that both meet the same load on the machine);
(b) the thumbnailer, cold cache, as the extension runs it (a batch in threads);
(c) the thumbnailer, warm cache: the same batch again, from a new thumbnailer.

It prints wall-clock and CPU times (CPU time, of all threads, is what another
load on the machine disturbs least) and the ratios a/b1, a/b and a/c, each the
median of the repeats' ratios. (c) must do no picture work at all: it counts
every ``Image.open`` and encoder call made during (c), and fails when there is
one. Last, the encoders' time and sizes at other settings, and where one
picture's CPU time goes in (a) and (b): decoding, resizing, encoding.

``--png`` makes the timed sources PNG files, as screenshots often are.
``--shortcuts`` also measures, on 8000x6000 JPEGs of text and stripes, the
quality lost by the shortcuts the thumbnailer does without (JPEG draft mode
at 1/2, ``reducing_gap`` 2 and 3, the 1x file made from the 2x one).
``--quick`` is a smoke run (a few pictures, one repeat) whose times mean
little; it checks the quality all the same.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from thumbs_quality import (
    GOAL_DB,
    SETTINGS,
    SIZE,
    make_sources,
    missed,
    naive,
    print_quality,
    print_shortcuts,
    quality,
    shortcuts,
)

from sphinx_paperdigest.images import pixels
from sphinx_paperdigest.images.pixels import save_options
from sphinx_paperdigest.images.plan import SourceFacts, plan_for
from sphinx_paperdigest.images.thumbnailer import Thumbnailer, default_workers


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


ENCODERS: dict[str, dict[str, object]] = {
    "WebP method 0": {"format": "WEBP", "method": 0},
    "WebP method 2": {"format": "WEBP", "method": 2},
    "WebP method 4 (libwebp's default)": {"format": "WEBP", "method": 4},
    "WebP method 6": {"format": "WEBP", "method": 6},
    "JPEG": {"format": "JPEG"},
    "JPEG optimize": {"format": "JPEG", "optimize": True},
    "JPEG optimize progressive": {"format": "JPEG", "optimize": True, "progressive": True},
}


def encoders(work: Path, photo: Path) -> list[tuple[str, float, int, float, int]]:
    """(encoder, ms and bytes for the photo's 1280x720, the same for the text picture)."""
    pictures = []
    for source in (photo, work / "quality" / "text.jpg"):
        with Image.open(source) as full:
            plan = plan_for(SourceFacts(str(full.format), *full.size, False, False), SETTINGS)
            pictures.append(full.resize(plan.targets[-1].content, box=plan.crop))
    rows = []
    for name, options in ENCODERS.items():
        row: list[float] = []
        for picture in pictures:
            out = io.BytesIO()
            picture.save(out, quality=SETTINGS.quality, **options)  # type: ignore[arg-type]
            row += [cpu_ms(lambda p=picture, o=options: save(p, o)), out.tell()]
        rows.append((name, row[0], int(row[1]), row[2], int(row[3])))
    return rows


def save(picture: Image.Image, options: dict[str, object]) -> None:
    """Encode ``picture`` in memory, at the benchmark's quality."""
    picture.save(io.BytesIO(), quality=SETTINGS.quality, **options)  # type: ignore[arg-type]


def cpu_ms(work: Callable[[], object], times: int = 9) -> float:
    """Median CPU milliseconds of ``work`` over ``times`` runs, after one warm-up run."""
    spent = []
    for _ in range(times + 1):
        start = time.process_time()
        work()
        spent.append(time.process_time() - start)
    return 1000 * statistics.median(spent[1:])


def steps(photo: Path) -> list[tuple[str, float, float]]:
    """(step, naive ms, thumbnailer ms): where one picture's CPU time goes."""
    options = save_options(SETTINGS.format, SETTINGS.quality)

    def full() -> Image.Image:
        with Image.open(photo) as image:
            image.load()
            return image

    def decode() -> pixels.Decoded:
        with pixels.open_picture(photo) as opened:
            return pixels.decode(opened)

    image, decoded = full(), decode()
    plan = plan_for(decoded.facts, SETTINGS)
    lanczos = Image.Resampling.LANCZOS
    plain = [image.resize(t.content, lanczos, box=plan.crop) for t in plan.targets]
    made = pixels.render(decoded, plan)

    def encode(outputs: list[Image.Image]) -> None:
        for output in outputs:
            output.save(io.BytesIO(), **options)

    return [
        ("open + decode", cpu_ms(full), cpu_ms(decode)),
        (
            "resize to every output",
            cpu_ms(lambda: [image.resize(t.content, lanczos, box=plan.crop) for t in plan.targets]),
            cpu_ms(lambda: pixels.render(decoded, plan)),
        ),
        ("encode every output", cpu_ms(lambda: encode(plain)), cpu_ms(lambda: encode(made))),
    ]


# -- report ---------------------------------------------------------------------------


def print_times(runs: list[dict[str, Clock]], count: int) -> None:
    def median(value: Callable[[dict[str, Clock]], float]) -> float:
        return statistics.median(value(run) for run in runs)

    labels = {
        "a": "(a)  naive: open + full decode + resize + save",
        "b1": "(b1) thumbnailer, cold, one thread",
        "b": "(b)  thumbnailer, cold, batch",
        "c": "(c)  thumbnailer, warm cache",
    }
    print(f"{'':50s} {'wall':>9s} {'ms/pic':>8s} {'cpu':>9s} {'ms/pic':>8s}")
    for key, label in labels.items():
        wall = median(lambda r, k=key: r[k].wall)
        cpu = median(lambda r, k=key: r[k].cpu)
        per = f"{1000 * wall / count:8.1f} {cpu:8.2f}s {1000 * cpu / count:8.1f}"
        print(f"{label:50s} {wall:8.2f}s {per}")
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


def print_encoders(rows: list[tuple[str, float, int, float, int]]) -> None:
    print(f"Encoders at quality {SETTINGS.quality}, 1280x720 (CPU ms, KiB):")
    print(f"{'':36s} {'photo ms':>9s} {'KiB':>7s} {'text ms':>9s} {'KiB':>7s}")
    for name, photo_ms, photo_bytes, text_ms, text_bytes in rows:
        print(
            f"{name:36s} {photo_ms:9.1f} {photo_bytes / 1024:7.1f} "
            f"{text_ms:9.1f} {text_bytes / 1024:7.1f}"
        )


def print_steps(rows: list[tuple[str, float, float]]) -> None:
    print("Where one picture's time goes (CPU ms, median of 9):")
    print(f"{'':24s} {'(a) naive':>10s} {'(b)':>10s}")
    for name, plain, made in rows:
        print(f"{name:24s} {plain:10.1f} {made:10.1f}")
    naive_total = sum(row[1] for row in rows)
    made_total = sum(row[2] for row in rows)
    floor = rows[0][2] + rows[2][2]
    ratio = naive_total / made_total
    print(f"{'total':24s} {naive_total:10.1f} {made_total:10.1f}   a/b = {ratio:.1f}x")
    print(
        f"(b) cannot go below its decode + encode, {floor:.1f} ms: even with a free resize, "
        f"a/b <= {naive_total / floor:.1f}x"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="pictures (default 200)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 4 pictures, 1 repeat")
    parser.add_argument(
        "--png", action="store_true", help="time PNG sources (as screenshots often are)"
    )
    parser.add_argument(
        "--shortcuts",
        action="store_true",
        help="also measure the quality of the shortcuts left out (draft mode, reducing_gap...)",
    )
    args = parser.parse_args(argv)
    suffix = ".png" if args.png else ".jpg"
    count, repeats = (4, 1) if args.quick else (args.count, args.repeats)

    work = Path(tempfile.mkdtemp(prefix="bench-thumbs-"))
    runs: list[dict[str, Clock]] = []
    proof = Counting()
    load_before = os.getloadavg()[0]
    try:
        print(f"making {count} {suffix} pictures of {SIZE[0]}x{SIZE[1]}...", flush=True)
        (work / "src").mkdir()
        sources = make_sources(work / "src", count, SIZE, suffix)
        for repeat in range(repeats):
            runs.append(one_repeat(work, repeat, sources, proof))
            print(
                f"repeat {repeat + 1}/{repeats}: "
                + ", ".join(f"{k} {c.wall:.2f}s" for k, c in runs[-1].items()),
                flush=True,
            )
        load_after = os.getloadavg()[0]
        rows = quality(work)
        encoder_rows = encoders(work, sources[0])
        step_rows = steps(sources[0])
        shortcut_rows = shortcuts(work, 8000) if args.shortcuts else []
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        f"{count} {suffix} pictures {SIZE[0]}x{SIZE[1]} -> {SETTINGS.width}x{SETTINGS.height} "
        f"and 2x, {SETTINGS.format} q{SETTINGS.quality}; median of {repeats} repeats; "
        f"{default_workers()} thread(s) in a batch; {os.cpu_count()} cores, "
        f"load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print_times(runs, count)
    print(f"(c) picture work: {proof.opens} Image.open calls, {proof.saves} encoder calls")
    print()
    print_quality(rows)
    print()
    print_encoders(encoder_rows)
    print()
    print_steps(step_rows)
    if shortcut_rows:
        print()
        print_shortcuts(shortcut_rows, 8000)
    failed = 0
    if proof.opens or proof.saves:
        print("FAIL: the warm cache did picture work", file=sys.stderr)
        failed = 1
    if missed(rows):
        print(
            f"FAIL: {len(missed(rows))} file(s) more than {GOAL_DB} dB below naive", file=sys.stderr
        )
        failed = 1
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
