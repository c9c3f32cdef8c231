"""What thumbnails a picture gets: sizes, the region kept, the format.

Pure geometry: it needs a picture's size and transparency, never its pixels.
"""

from __future__ import annotations

from collections.abc import Callable
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

#: EXIF orientations that swap width and height.
TURNED = (5, 6, 7, 8)
#: EXIF orientation -> a point (x, y) of the shown picture of size (w, h), as stored.
_TO_STORED: dict[int, Callable[[float, float, float, float], tuple[float, float]]] = {
    1: lambda x, y, w, h: (x, y),
    2: lambda x, y, w, h: (w - x, y),
    3: lambda x, y, w, h: (w - x, h - y),
    4: lambda x, y, w, h: (x, h - y),
    5: lambda x, y, w, h: (y, x),
    6: lambda x, y, w, h: (y, w - x),
    7: lambda x, y, w, h: (h - y, w - x),
    8: lambda x, y, w, h: (h - y, x),
}


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


def shown_size(width: int, height: int, orientation: int) -> Size:
    """The size of a stored ``width`` x ``height`` picture once turned upright."""
    return (height, width) if orientation in TURNED else (width, height)


def stored_size(size: Size, orientation: int) -> Size:
    """A size of the shown picture, in the orientation the pixels are stored in."""
    return (size[1], size[0]) if orientation in TURNED else size


def stored_box(box: Box, shown: Size, orientation: int) -> Box:
    """``box`` of the shown (upright) picture, in the pixels as stored.

    Resizing the stored pixels and turning only the small result spares a
    turned copy of the whole picture.
    """
    to_stored = _TO_STORED.get(orientation, _TO_STORED[1])
    x0, y0 = to_stored(box[0], box[1], *shown)
    x1, y1 = to_stored(box[2], box[3], *shown)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


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
