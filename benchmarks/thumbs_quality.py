"""The quality half of ``bench_thumbs.py``: test pictures, the naive pipeline, PSNR.

Also measures the shortcuts the thumbnailer does without (``--shortcuts``):
JPEG draft mode, ``reducing_gap`` and the 1x file made from the 2x one, each
against the naive pipeline, on the pictures they harm.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from sphinx_paperdigest.images.pixels import save_options
from sphinx_paperdigest.images.plan import FORMATS, Plan, SourceFacts, ThumbnailSettings, plan_for
from sphinx_paperdigest.images.thumbnailer import Thumbnailer

SIZE = (4000, 3000)
SETTINGS = ThumbnailSettings()  # the extension's defaults: 640x360, cover, WebP, 80
LANCZOS = Image.Resampling.LANCZOS


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


# -- the shortcuts left out ------------------------------------------------------------

#: A shortcut: (the decoded source, its plan, the output's index) -> that output.
Shortcut = Callable[[Path, Plan, int], Image.Image]


def _resize(
    image: Image.Image, plan: Plan, n: int, scale: float = 1.0, gap: float | None = None
) -> Image.Image:
    """Output ``n`` of ``plan`` from ``image``, decoded at ``scale`` of the plan's source."""
    box = (plan.crop[0] * scale, plan.crop[1] * scale, plan.crop[2] * scale, plan.crop[3] * scale)
    return image.resize(plan.targets[n].content, LANCZOS, box=box, reducing_gap=gap)


def _draft(source: Path, plan: Plan, n: int) -> Image.Image:
    with Image.open(source) as image:
        width = image.width
        image.draft("RGB", (image.width // 2, image.height // 2))
        image.load()
        return _resize(image, plan, n, image.width / width)


def _gap(gap: float) -> Shortcut:
    def shortcut(source: Path, plan: Plan, n: int) -> Image.Image:
        with Image.open(source) as image:
            return _resize(image, plan, n, gap=gap)

    return shortcut


def _from_2x(source: Path, plan: Plan, n: int) -> Image.Image:
    with Image.open(source) as image:
        two = _resize(image, plan, len(plan.targets) - 1)
    return two.resize(plan.targets[n].content, LANCZOS)


SHORTCUTS: dict[str, Shortcut] = {
    "JPEG draft mode, 1/2": _draft,
    "reducing_gap=2.0": _gap(2.0),
    "reducing_gap=3.0": _gap(3.0),
    "1x from the 2x": _from_2x,
}


def shortcuts(work: Path, side: int) -> list[tuple[str, str, str, float]]:
    """(shortcut, picture, output size, its file's dB minus the naive file's).

    JPEG sources of ``side`` x ``side * 3 / 4``: draft mode at 1/2 keeps 3.1
    times the 2x file's width when ``side`` is 8,000.
    """
    folder = work / "shortcuts"
    folder.mkdir()
    size = (side, side * 3 // 4)
    options = save_options(SETTINGS.format, SETTINGS.quality)
    rows = []
    for name, make in (("text", text_picture), ("stripes", stripes_picture)):
        source = folder / f"{name}.jpg"
        save_source(make(size), source)
        plan = plan_for(SourceFacts("JPEG", *size, False, False), SETTINGS)
        with Image.open(source) as full:
            full.load()
            exact = [full.resize(t.content, LANCZOS, box=plan.crop) for t in plan.targets]
        for label, shortcut in SHORTCUTS.items():
            for n, want in enumerate(exact):
                if label == "1x from the 2x" and n == len(exact) - 1:
                    continue
                plain = psnr(want, _encoded(want, options))
                ours = psnr(want, _encoded(shortcut(source, plan, n), options))
                rows.append((label, name, f"{want.width}x{want.height}", ours - plain))
    return rows


def _encoded(image: Image.Image, options: dict[str, object]) -> Image.Image:
    out = io.BytesIO()
    image.save(out, **options)  # type: ignore[arg-type]
    out.seek(0)
    return Image.open(out).convert("RGB")


def print_shortcuts(rows: list[tuple[str, str, str, float]], side: int) -> None:
    print(f"Shortcuts left out, on {side}x{side * 3 // 4} JPEGs: dB of each file minus the naive's")
    for label, name, size, delta in rows:
        print(f"{label:24s} {name:8s} {size:>9s} {delta:+7.2f}")
