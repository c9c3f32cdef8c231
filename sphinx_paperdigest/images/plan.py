"""What thumbnails a picture gets: sizes, the region kept, the format.

Pure geometry: it needs a picture's size and transparency, never its pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: ``paperdigest_thumbnail_format`` values: (Pillow format, MIME type, suffix).
FORMATS: dict[str, tuple[str, str, str]] = {
    "webp": ("WEBP", "image/webp", ".webp"),
    "jpeg": ("JPEG", "image/jpeg", ".jpg"),
    "png": ("PNG", "image/png", ".png"),
}
FITS = ("cover", "contain")

Box = tuple[float, float, float, float]
Size = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ThumbnailSettings:
    """What a thumbnail should be; ``width`` x ``height`` is the 1x size in CSS pixels."""

    width: int = 640
    height: int = 360
    fit: str = "cover"
    format: str = "webp"
    quality: int = 80
    scales: tuple[int, ...] = (1, 2)


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What a source picture is, as far as thumbnails care.

    ``width`` x ``height`` is the size as shown (after EXIF orientation);
    ``alpha`` means real transparency (an alpha channel that is all opaque does
    not count).
    """

    format: str
    width: int
    height: int
    alpha: bool
    animated: bool


@dataclass(frozen=True, slots=True)
class Target:
    """One output file: its size, and where the resized picture sits in it."""

    canvas: Size
    content: Size
    offset: Size


@dataclass(frozen=True, slots=True)
class Plan:
    """How to make the thumbnails of a source: the region kept, the outputs, the format."""

    format: str
    crop: Box
    targets: tuple[Target, ...]

    @property
    def padded(self) -> bool:
        """Whether some output has a margin around the picture (``contain``)."""
        return any(t.canvas != t.content for t in self.targets)


def plan_for(facts: SourceFacts, settings: ThumbnailSettings) -> Plan:
    """The outputs for ``facts`` under ``settings``; never enlarges a picture.

    ``cover`` keeps the centred region of the card's ratio; ``contain`` keeps all
    of the picture and pads it to the ratio. A scale is made only when the
    source has more pixels than the previous one (a small picture gets one file).
    """
    fmt = "png" if facts.alpha else settings.format
    if settings.fit == "contain":
        crop = (0.0, 0.0, float(facts.width), float(facts.height))
        return Plan(fmt, crop, _contain_targets(facts.width, facts.height, settings))
    crop = _cover_crop(facts.width, facts.height, settings.width / settings.height)
    return Plan(fmt, crop, _cover_targets(crop, settings))


def needed_size(plan: Plan, width: int, height: int) -> Size:
    """The fewest pixels of the whole ``width`` x ``height`` picture the plan needs.

    The largest output's content, scaled from the crop back to the whole
    picture: decoding fewer pixels than this would mean enlarging.
    """
    largest = plan.targets[-1].content
    crop_w, crop_h = plan.crop[2] - plan.crop[0], plan.crop[3] - plan.crop[1]
    return (math.ceil(width * largest[0] / crop_w), math.ceil(height * largest[1] / crop_h))


def _contain_targets(src_w: int, src_h: int, settings: ThumbnailSettings) -> tuple[Target, ...]:
    box_w, box_h = settings.width, settings.height
    targets: list[Target] = []
    for scale in settings.scales:
        k = min(1.0, box_w * scale / src_w, box_h * scale / src_h)
        content = (max(1, round(src_w * k)), max(1, round(src_h * k)))
        if k < 1.0:
            canvas = (box_w * scale, box_h * scale)
        else:  # the whole picture fits: pad it to the ratio, at its own size
            canvas = (
                max(content[0], round(content[1] * box_w / box_h)),
                max(content[1], round(content[0] * box_h / box_w)),
            )
        if targets and canvas[0] <= targets[-1].canvas[0]:
            break
        offset = ((canvas[0] - content[0]) // 2, (canvas[1] - content[1]) // 2)
        targets.append(Target(canvas, content, offset))
    return tuple(targets)


def _cover_crop(src_w: int, src_h: int, ratio: float) -> Box:
    """The centred region of ``ratio`` (width / height) as large as the picture allows."""
    if src_w / src_h > ratio:
        crop_w, crop_h = src_h * ratio, float(src_h)
    else:
        crop_w, crop_h = float(src_w), src_w / ratio
    left, top = (src_w - crop_w) / 2, (src_h - crop_h) / 2
    return (left, top, left + crop_w, top + crop_h)


def _cover_targets(crop: Box, settings: ThumbnailSettings) -> tuple[Target, ...]:
    crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
    targets: list[Target] = []
    for scale in settings.scales:
        k = min(1.0, settings.width * scale / crop_w)
        size = (max(1, round(crop_w * k)), max(1, round(crop_h * k)))
        if targets and size[0] <= targets[-1].canvas[0]:
            break
        targets.append(Target(size, size, (0, 0)))
    return tuple(targets)
