"""Pillow's part of a thumbnail: decode little, resize once, encode.

The cold path of a 4000x3000 JPEG made into 1280x720 and 640x360 WebP files
is, in CPU time: the JPEG's entropy decoding, the resize of the largest output
and the encoder. Decoding at half size (draft mode) saves the most; the choices
below were measured with ``benchmarks/bench_thumbs.py`` (see
``docs/thumbnails.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from PIL import Image, ImageChops, ImageOps, JpegImagePlugin

from .plan import (
    FORMATS,
    Plan,
    Size,
    SourceFacts,
    Target,
    ThumbnailSettings,
    needed_size,
    plan_for,
)

#: Bumped when the same source and settings would give other pixels or bytes.
ALGORITHM = 2

#: ``reducing_gap`` of every resize: a picture is first shrunk by a whole factor
#: (``Image.reduce``, a cheap box filter) as long as the last, filtered step
#: still shrinks by 1.5 or more, much as JPEG draft mode leaves it. Resizing a
#: 4000x3000 PNG to 1280x720 takes half as long as with no reduce (Pillow's
#: ``thumbnail`` default of 2.0 does none there); photos come out the same, and
#: very fine stripes alias in the 2x file as they do after draft mode.
REDUCING_GAP = 1.5
#: The largest output, from the decoded (draft or reduced) picture: bicubic.
#: After draft mode, Lanczos is no closer to a Lanczos resize of the full photo
#: (the draft dropped what its extra taps keep) and takes a third longer.
LARGEST_FILTER = Image.Resampling.BICUBIC
#: Smaller outputs, from the largest one: Lanczos. A box ``reduce(2)`` costs
#: almost nothing but made 1x files 5 dB worse than the naive pipeline's on text
#: and 15 dB on fine stripes; Lanczos is within 1 dB on text (about 15 ms more).
SMALLER_FILTER = Image.Resampling.LANCZOS

_ORIENTATION = 0x0112
_TURNED = (5, 6, 7, 8)
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A source picture as thumbnails start from: upright, RGB or RGBA, maybe smaller.

    ``image`` may be smaller than ``facts`` says (draft mode); ``icc`` is the
    colour profile that still fits its pixels.
    """

    image: Image.Image
    facts: SourceFacts
    icc: bytes | None


def decode(opened: Image.Image, settings: ThumbnailSettings) -> Decoded:
    """Load an opened picture with no more pixels than ``settings`` need."""
    fmt = opened.format or "unknown"
    # an MPO (a camera's JPEG with extra pictures) is not an animation
    animated = bool(getattr(opened, "is_animated", False)) and fmt != "MPO"
    # an ICC profile fits the thumbnail only when the source is RGB already
    icc = opened.info.get("icc_profile") if opened.mode in ("RGB", "RGBA") else None
    orientation = opened.getexif().get(_ORIENTATION, 1)
    width, height = opened.size
    shown = (height, width) if orientation in _TURNED else (width, height)
    if isinstance(opened, JpegImagePlugin.JpegImageFile):  # also MPO
        # the geometry does not depend on transparency (a JPEG has none)
        plan = plan_for(SourceFacts(fmt, *shown, False, animated), settings)
        _draft(opened, plan, shown, turned=orientation in _TURNED)
    opened.load()
    image = ImageOps.exif_transpose(opened) if orientation != 1 else opened
    image, alpha = _normalise(image)
    return Decoded(image, SourceFacts(fmt, *shown, alpha, animated), icc)


def _draft(opened: Image.Image, plan: Plan, shown: Size, turned: bool) -> None:
    """Decode at 1/2, 1/4 or 1/8 of the size: the smallest that still covers the plan.

    libjpeg scales while it decodes (it drops high frequencies of each block),
    a far cheaper shrink than any resize of the full picture.
    """
    need = needed_size(plan, *shown)
    opened.draft(opened.mode, (need[1], need[0]) if turned else need)


def render(decoded: Decoded, plan: Plan) -> list[Image.Image]:
    """The outputs of ``plan``: the largest from the source, the others from it."""
    image, facts = decoded.image, decoded.facts
    # the crop region, in the pixels actually decoded (draft may have shrunk them)
    fx, fy = image.width / facts.width, image.height / facts.height
    crop = plan.crop
    box = (crop[0] * fx, crop[1] * fy, crop[2] * fx, crop[3] * fy)
    largest = image.resize(
        plan.targets[-1].content, LARGEST_FILTER, box=box, reducing_gap=REDUCING_GAP
    )
    return [_pad(_shrink(largest, target.content), target, plan.format) for target in plan.targets]


def _shrink(image: Image.Image, size: Size) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, SMALLER_FILTER, reducing_gap=REDUCING_GAP)


def _pad(image: Image.Image, target: Target, fmt: str) -> Image.Image:
    """Place a picture on its canvas (``contain``): clear, or white in JPEG."""
    if target.canvas == target.content:
        return image
    if fmt == "jpeg":
        canvas = Image.new("RGB", target.canvas, (255, 255, 255))
        canvas.paste(image.convert("RGB"), target.offset)
        return canvas
    canvas = Image.new("RGBA", target.canvas, (0, 0, 0, 0))
    canvas.paste(image.convert("RGBA"), target.offset)
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
    """RGB, or RGBA when the picture has real transparency; and whether it has."""
    has_alpha = image.mode in _ALPHA_MODES or (image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        # transparent somewhere: the inverted alpha has a non-zero pixel
        if ImageChops.invert(rgba.getchannel("A")).getbbox() is not None:
            return rgba, True
        return rgba.convert("RGB"), False
    if image.mode == "RGB":
        return image, False
    if image.mode.startswith("I"):
        # 16- and 32-bit greys: scale to 8 bits (convert() would clip them)
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return image.convert("RGB"), False
