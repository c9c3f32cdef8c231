"""Pillow's part of a thumbnail: open safely, decode in full, resize, encode.

Quality first: every output is one Lanczos resize of the whole decoded
picture, exactly what a careful hand would do. The shortcuts measured with
``benchmarks/bench_thumbs.py`` all cost quality on pictures of text and lines
(see ``docs/thumbnails.md``): JPEG draft mode (libjpeg drops each 8x8 block's
high frequencies, which folds fine lines into low ones however much margin
is left: still 4 dB on fine stripes when decoding 7.5 times the output's
pixels), ``reducing_gap`` (a box filter first: 7 to 14 dB on stripes) and
making the 1x file from the 2x one (1 dB on text, 6 dB on stripes). What is
left to save is saved: the picture is resized in its own mode (grey stays one
byte a pixel), premultiplied once for all outputs, and turned upright (EXIF)
only once small.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from PIL import Image, ImageChops, UnidentifiedImageError
from PIL import _imaging as pillow_core

from .plan import FORMATS, Plan, SourceFacts, ThumbnailSettings, shown_size, stored_box, stored_size

#: Bumped when the same source and settings would give other pixels or bytes.
ALGORITHM = 3

#: The only formats a picture is opened as. Pillow knows many more (EPS runs
#: Ghostscript, PSD and TIFF are large parsers); a digest may name any file.
ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
#: Signatures of the allowed formats, and of others worth naming in a refusal.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%!PS", "EPS"),
    (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "PSD"),
)

FILTER = Image.Resampling.LANCZOS

_ORIENTATION = 0x0112
#: EXIF orientation -> the turn that makes the picture upright (as ``ImageOps.exif_transpose``).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
#: Bytes a pixel takes in Pillow, by mode (RGB takes four, like RGBA); others: 4.
_PIXEL_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
#: Bytes a pixel of the working copies takes at most, by the mode the picture is
#: decoded in (see :func:`_normalise`): none for RGB and grey; RGBA is
#: premultiplied once; a palette becomes RGBA, then premultiplied; others: 8.
_WORK_BYTES = {"RGB": 0, "L": 0, "1": 1, "RGBA": 4, "RGBX": 4, "CMYK": 4, "YCbCr": 4}


#: Pillow's blocks of picture memory: above glibc's largest threshold for
#: mapping an allocation on its own (32 MiB), so that each block of a large
#: picture goes back to the system when freed. With Pillow's 16 MiB, each
#: thread's malloc arena keeps what the largest picture it made took: six
#: 6000x6000 pictures, one at a time on 4 threads, peaked at 567 MB, against
#: 207 MB with these blocks (the same on 1, 2 or 4 threads).
BLOCK_SIZE = 64 * 1024 * 1024


def release_memory_promptly() -> None:
    """Give large pictures' memory back when freed (Pillow's allocator, process-wide).

    Left alone when ``PILLOW_BLOCK_SIZE`` says otherwise.
    """
    if "PILLOW_BLOCK_SIZE" not in os.environ and pillow_core.get_block_size() < BLOCK_SIZE:
        pillow_core.set_block_size(BLOCK_SIZE)


class PictureError(Exception):
    """A picture refused before decoding; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A source picture as thumbnails start from: all its pixels, as stored.

    ``image`` is RGB, L (grey) or RGBa (premultiplied alpha), not yet turned
    upright: ``orientation`` is its EXIF orientation. ``icc`` is the colour
    profile that still fits the outputs.
    """

    image: Image.Image
    facts: SourceFacts
    orientation: int
    icc: bytes | None


def open_picture(path: Path) -> Image.Image:
    """Open ``path`` as JPEG, PNG, GIF or WebP only (its header; nothing is decoded).

    Raises :class:`PictureError` for any other kind of file.
    """
    with path.open("rb") as f:
        head = f.read(16)
    kind = picture_kind(head)
    if kind not in ALLOWED_FORMATS:
        named = f" ({kind})" if kind else ""
        raise PictureError(
            f"unsupported picture format{named}: only JPEG, PNG, GIF and WebP pictures are used"
        )
    try:
        return Image.open(path, formats=ALLOWED_FORMATS)
    except UnidentifiedImageError:
        raise PictureError(f"cannot decode the picture: not a valid {kind} file") from None
    except OSError as exc:  # its header is cut short, or wrong
        raise PictureError(f"cannot decode the picture: not a valid {kind} file ({exc})") from None


def picture_kind(head: bytes) -> str | None:
    """The format a file's first bytes announce, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)


def decode_bytes(opened: Image.Image, settings: ThumbnailSettings) -> int:
    """The most memory making the thumbnails of ``opened`` takes, from its header alone.

    The decoded picture, the working copies its mode needs, the first pass
    of a resize (every row of the picture at the largest output's width) and
    the outputs.
    """
    width, height = opened.size
    mode = opened.mode
    per_pixel = _PIXEL_BYTES.get(mode, 4) + _WORK_BYTES.get(mode, 8)
    largest = settings.width * max(settings.scales)
    outputs = sum((settings.width * s) * (settings.height * s) for s in settings.scales)
    return width * height * per_pixel + max(width, height) * largest * 4 + outputs * 16


def decode(opened: Image.Image) -> Decoded:
    """Load all of an opened picture's pixels (its first frame) in a mode to resize."""
    fmt = opened.format or "unknown"
    # an MPO (a camera's JPEG with extra pictures) is not an animation
    animated = bool(getattr(opened, "is_animated", False)) and fmt != "MPO"
    # an ICC profile fits the thumbnail only when the source is RGB already
    icc = opened.info.get("icc_profile") if opened.mode in ("RGB", "RGBA") else None
    opened.load()
    orientation = opened.getexif().get(_ORIENTATION, 1)
    if orientation not in _UPRIGHT:
        orientation = 1
    image, alpha = _normalise(opened)
    shown = shown_size(*opened.size, orientation)
    return Decoded(image, SourceFacts(fmt, *shown, alpha, animated), orientation, icc)


def render(decoded: Decoded, plan: Plan) -> list[Image.Image]:
    """The outputs of ``plan``, each one Lanczos resize of the whole decoded picture."""
    image, facts, orientation = decoded.image, decoded.facts, decoded.orientation
    box = stored_box(plan.crop, (facts.width, facts.height), orientation)
    outputs = []
    for target in plan.targets:
        small = image.resize(stored_size(target.content, orientation), FILTER, box=box)
        if small.mode != "RGB":
            small = small.convert("RGBA" if small.mode == "RGBa" else "RGB")
        if orientation != 1:
            small = small.transpose(_UPRIGHT[orientation])
        outputs.append(_pad(small, target.canvas, target.offset, plan.format))
    return outputs


def _pad(
    image: Image.Image, canvas_size: tuple[int, int], offset: tuple[int, int], fmt: str
) -> Image.Image:
    """Place a picture on its canvas (``contain``): clear, or white in JPEG."""
    if canvas_size == image.size:
        return image
    if fmt == "jpeg":
        canvas = Image.new("RGB", canvas_size, (255, 255, 255))
        canvas.paste(image.convert("RGB"), offset)
        return canvas
    canvas = Image.new("RGBA", canvas_size, (0, 0, 0, 0))
    canvas.paste(image.convert("RGBA"), offset)
    return canvas


def save_options(fmt: str, quality: int) -> dict[str, Any]:
    """Encoder options of a thumbnail format (shared with the benchmark's baseline).

    WebP: libwebp's method 2, not its default 4: a third of the time, for files
    10 % larger on photos (1 % on text); method 0 takes a third less again but
    makes photos 30 % larger. JPEG: optimised Huffman tables (12 % smaller on
    photos for 1.5 ms), not progressive: that takes 2.5 times as long, for files
    as large on photos (7 % smaller on dense text).
    """
    pillow = FORMATS[fmt][0]
    if fmt == "png":
        return {"format": pillow}
    if fmt == "jpeg":
        return {"format": pillow, "quality": quality, "optimize": True}
    return {"format": pillow, "quality": quality, "method": 2}


def encoder(
    image: Image.Image, fmt: str, quality: int, icc: bytes | None
) -> Callable[[IO[bytes]], None]:
    """A writer of ``image`` as a thumbnail file, for :func:`.files.write_atomic`.

    Nothing of the source's metadata rides along (Pillow's PNG encoder would
    take its ICC profile from ``info``): only the profile given here.
    """
    image.info = {}
    options = save_options(fmt, quality)
    if icc:
        options["icc_profile"] = icc

    def write(f: IO[bytes]) -> None:
        image.save(f, **options)

    return write


def _normalise(image: Image.Image) -> tuple[Image.Image, bool]:
    """The picture in a mode to resize (RGB, L or RGBa), and whether it has transparency.

    Grey stays grey (a quarter of RGB's memory; the outputs become RGB).
    Real transparency is premultiplied here once, as ``Image.resize`` would do
    for each output; an alpha channel that is all opaque is dropped.
    """
    has_alpha = image.mode in _ALPHA_MODES or (image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        # transparent somewhere: the inverted alpha has a non-zero pixel
        if ImageChops.invert(rgba.getchannel("A")).getbbox() is not None:
            return rgba.convert("RGBa"), True
        return rgba.convert("RGB"), False
    if image.mode in ("RGB", "L"):
        return image, False
    if image.mode == "1":
        return image.convert("L"), False
    if image.mode.startswith("I"):
        # 16- and 32-bit greys: scale to 8 bits (convert() would clip them)
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L"), False
    return image.convert("RGB"), False
