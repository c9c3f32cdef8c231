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
``--quick`` is a smoke run (a few pictures, one repeat) whose times mean
little; it checks the quality all the same.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from sphinx_paperdigest.images import pixels
from sphinx_paperdigest.images.pixels import save_options
from sphinx_paperdigest.images.plan import FORMATS, SourceFacts, ThumbnailSettings, plan_for
from sphinx_paperdigest.images.thumbnailer import Thumbnailer, default_workers

SIZE = (4000, 3000)
SETTINGS = ThumbnailSettings()  # the extension's defaults: 640x360, cover, WebP, 80


def save_source(picture: Image.Image, path: Path) -> None:
    """A source picture: JPEG quality 90, or PNG (fast zlib level: only making it is faster)."""
    if path.suffix == ".png":
        picture.save(path, "PNG", compress_level=1)
    else:
        picture.save(path, "JPEG", quality=90)


def make_sources(folder: Path, count: int, size: tuple[int, int], suffix: str) -> list[Path]:
    """``count`` different pictures: one busy base picture, each with its own marks."""
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
        path = folder / f"photo-{i:03d}{suffix}"
        save_source(picture, path)
        paths.append(path)
    return paths


def naive(source: Path, out: Path) -> list[Path]:
    """Open, decode in full, resize from the full picture, save: the same outputs."""
    options = save_options(SETTINGS.format, SETTINGS.quality)
    suffix = FORMATS[SETTINGS.format][2]
    written = []
    with Image.open(source) as image:
        image.load()
        plan = plan_for(SourceFacts(str(image.format), *image.size, False, False), SETTINGS)
        for n, target in enumerate(plan.targets):
            small = image.resize(target.content, Image.Resampling.LANCZOS, box=plan.crop)
            written.append(out / f"{source.stem}-{n}{suffix}")
            small.save(written[-1], **options)
    return written


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


# -- quality --------------------------------------------------------------------------


def text_picture(size: tuple[int, int]) -> Image.Image:
    """A screenshot-like picture: lines of small text and thin slanted strokes."""
    rng = random.Random(3)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for y in range(40, size[1], 40):
        words = ("".join(rng.choices(letters, k=rng.randrange(2, 9))) for _ in range(40))
        draw.text((40, y), " ".join(words), fill=(20, 20, 20), font=font)
    for x in range(0, size[0], 23):
        draw.line((x, size[1] // 2, x + 300, size[1] - 400), fill=(200, 30, 30), width=2)
    return image


def stripes_picture(size: tuple[int, int]) -> Image.Image:
    """Black lines ever closer together (12 px apart down to 2): aliasing shows here."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    x = 0.0
    while x < size[0]:
        draw.line((int(x), 0, int(x), size[1]), fill=(0, 0, 0), width=1)
        x += 12 - 10 * x / size[0]
    return image


def psnr(one: Image.Image, two: Image.Image) -> float:
    """Peak signal-to-noise ratio of two RGB pictures of one size, in dB."""
    rms = ImageStat.Stat(ImageChops.difference(one, two)).rms
    mse = sum(v * v for v in rms) / len(rms)
    return math.inf if mse == 0 else 10 * math.log10(255 * 255 / mse)


#: The most a thumbnailer file may lose against the naive pipeline's, in dB.
GOAL_DB = 0.5
Row = tuple[str, str, float, float, int, int]


def quality(work: Path) -> list[Row]:
    """(picture, size, PSNR of (a), PSNR of (b), bytes of (a), bytes of (b)) per output.

    For each kind of picture, as a JPEG and as a PNG source.
    """
    folder = work / "quality"
    folder.mkdir()
    thumbs = Thumbnailer(folder / "cache")
    rows = []
    for suffix in (".jpg", ".png"):
        sources = {"photo": make_sources(folder, 1, SIZE, suffix)[0]}
        for name, make in (("text", text_picture), ("stripes", stripes_picture)):
            sources[name] = folder / (name + suffix)
            save_source(make(SIZE), sources[name])
        for name, source in sources.items():
            rows += quality_of(f"{name} {suffix[1:]}", source, folder, thumbs)
    return rows


def quality_of(name: str, source: Path, folder: Path, thumbs: Thumbnailer) -> list[Row]:
    """The rows of one source picture: one per output file."""
    plain = naive(source, folder)
    made = [v.path for v in thumbs.thumbnail(source, SETTINGS).variants]
    rows = []
    with Image.open(source) as full:
        full.load()
        plan = plan_for(SourceFacts(str(full.format), *full.size, False, False), SETTINGS)
        for target, a, b in zip(plan.targets, plain, made, strict=True):
            exact = full.resize(target.content, Image.Resampling.LANCZOS, box=plan.crop)
            with Image.open(a) as one, Image.open(b) as two:
                assert one.size == two.size == exact.size, (one.size, two.size)
                scores = psnr(exact, one.convert("RGB")), psnr(exact, two.convert("RGB"))
            size = f"{target.content[0]}x{target.content[1]}"
            rows.append((name, size, *scores, a.stat().st_size, b.stat().st_size))
    return rows


def missed(rows: list[Row]) -> list[Row]:
    """The files of (b) more than :data:`GOAL_DB` below those of (a)."""
    return [row for row in rows if row[3] < row[2] - GOAL_DB]


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


def print_quality(rows: list[Row]) -> None:
    print("PSNR of each file against the exact pixels (a Lanczos resize of the fully")
    print(f"decoded picture, not encoded); goal: (b) at most {GOAL_DB} dB below (a):")
    heads = ("size", "(a) dB", "(b) dB", "b - a", "(a) KiB", "(b) KiB")
    print(f"{'picture':12s} {heads[0]:>9s} " + " ".join(f"{h:>8s}" for h in heads[1:]))
    for name, size, one, two, a_bytes, b_bytes in rows:
        verdict = "" if two >= one - GOAL_DB else "  MISSED"
        print(
            f"{name:12s} {size:>9s} {one:8.2f} {two:8.2f} {two - one:+8.2f} "
            f"{a_bytes / 1024:8.1f} {b_bytes / 1024:8.1f}{verdict}"
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
