"""Pictures for the thumbnail tests, made with Pillow (nothing binary is committed)."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont


def photo(size: tuple[int, int] = (3000, 2000), seed: int = 1) -> Image.Image:
    """A busy RGB picture (shapes and noise), so that codecs have real work."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), 90, 160))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(size[0] // 40 + 1, size[0] // 6 + 2)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    noise = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(image, noise, 0.1)


def jpeg_bytes(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **options)
    return out.getvalue()


def write_alpha_png(path: Path, size: tuple[int, int] = (800, 600)) -> None:
    """An RGBA PNG, transparent around an opaque disc."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((100, 100, size[0] - 100, size[1] - 100), fill=(200, 30, 30, 255))
    image.save(path)


def write_photo(path: Path, size: tuple[int, int] = (3000, 2000), seed: int = 1) -> None:
    path.write_bytes(jpeg_bytes(photo(size, seed)))


def write_rotated(path: Path) -> None:
    """800x600 pixels stored, EXIF orientation 6: shown as 600x800 (portrait).

    The top of the stored picture is red, so the shown picture has red on its right.
    """
    image = Image.new("RGB", (800, 600), (20, 20, 200))
    ImageDraw.Draw(image).rectangle((0, 0, 800, 150), fill=(230, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    path.write_bytes(jpeg_bytes(image, exif=exif.tobytes()))


def write_animated_gif(path: Path, size: tuple[int, int] = (320, 180)) -> None:
    """Three frames: red, green, blue."""
    frames = [Image.new("RGB", size, colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90">'
    '<rect width="160" height="90" fill="#1d4ed8"/></svg>\n'
)


def write_truncated(path: Path) -> None:
    data = jpeg_bytes(photo((600, 400), seed=3))
    path.write_bytes(data[: len(data) // 2])


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (and has almost no data)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def write_small(path: Path) -> None:
    Image.new("RGB", (200, 100), (10, 120, 40)).save(path)


def make_thumbs_pictures(srcdir: Path, outside: Path) -> None:
    """Every picture the ``thumbs`` test root names (``missing.png`` stays missing)."""
    img = srcdir / "digests" / "img"
    img.mkdir(parents=True, exist_ok=True)
    write_alpha_png(img / "alpha.png")
    write_photo(img / "photo.jpg")
    write_rotated(img / "rotated.jpg")
    write_animated_gif(img / "anim.gif")
    (img / "logo.svg").write_text(SVG, encoding="utf-8")
    write_small(img / "small.png")
    write_truncated(img / "truncated.jpg")
    (img / "bomb.png").write_bytes(bomb_png())
    (img / "notes.png").write_text("not a picture\n", encoding="utf-8")
    outside.parent.mkdir(parents=True, exist_ok=True)
    write_small(outside)
    link = img / "outside.png"
    if not link.is_symlink():
        link.symlink_to(outside)


def text_shot(size: tuple[int, int] = (2600, 1950), seed: int = 5) -> Image.Image:
    """A screenshot-like picture: lines of small text, thin slanted strokes.

    Fine detail of the kind a careless resize blurs or aliases.
    """
    rng = random.Random(seed)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(10, size[1] // 70))
    step = max(12, size[1] // 60)
    for y in range(step, size[1] - step, step):
        words = (
            "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randrange(2, 9)))
            for _ in range(60)
        )
        draw.text((step, y), " ".join(words), fill=(20, 20, 20), font=font)
    for x in range(0, size[0], 17):
        draw.line((x, size[1] // 3, x + size[0] // 12, size[1]), fill=(200, 30, 30), width=2)
    return image
