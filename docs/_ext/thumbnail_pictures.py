"""Make the pictures of the thumbnails page with Pillow at build time (none committed).

Writes ``_generated/thumbnails/`` (before and after pictures, made by the
extension's own thumbnailer) and ``digests/thumbnails-demo/`` (the pictures of
the demo digest). A file is written only when missing or different, so that
an unchanged rebuild reads nothing again.

``.. setting-pictures:: <name>`` shows a setting's pictures side by side; the
thumbnails page and the configuration reference both use it.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

from docutils import nodes
from PIL import Image, ImageDraw
from sphinx.util.docutils import SphinxDirective

from sphinx_paperdigest.images.plan import ThumbnailSettings
from sphinx_paperdigest.images.thumbnailer import Thumbnailer

HERE = Path(__file__).parent.parent
OUT = HERE / "_generated" / "thumbnails"
DEMO = HERE / "digests" / "thumbnails-demo"


#: Each setting's pictures: (caption, file under ``_generated/thumbnails``, alt text).
PICTURES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "paperdigest_thumbnail_size": (
        ("(640, 360) (default)", "after-cover.webp", "16:9 thumbnail"),
        ("(360, 360)", "after-square.webp", "square thumbnail"),
    ),
    "paperdigest_thumbnail_fit": (
        ('"cover" (default)', "after-cover.webp", "cropped"),
        ('"contain"', "after-contain.webp", "padded"),
    ),
    "paperdigest_thumbnail_format": (
        ("before: a 900x900 PNG with transparency", "before-logo.png", "logo before"),
        ("after: still PNG, whatever the format", "after-logo.png", "logo after"),
    ),
    "paperdigest_thumbnail_quality": (
        ("JPEG, quality 15", "after-q15.jpg", "quality 15"),
        ("JPEG, quality 90", "after-q90.jpg", "quality 90"),
    ),
    "paperdigest_keep_animation": (
        ("before: an animated GIF (kept with True)", "before-animated.gif", "animation"),
        ("after: its first frame (False, the default)", "after-animated.webp", "first frame"),
    ),
    "paperdigest_placeholder": (
        ('before: "logo.png", a 900x900 picture', "before-logo.png", "placeholder before"),
        ("after: what a card with no picture shows", "after-logo.png", "placeholder after"),
    ),
}


class SettingPictures(SphinxDirective):
    """A setting's pictures side by side, in a table with a caption per column."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        pictures = PICTURES[self.arguments[0]]
        table = nodes.table(classes=["setting-pictures"])
        group = nodes.tgroup(cols=len(pictures))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in pictures)
        head, body = nodes.row(), nodes.row()
        for caption, name, alt in pictures:
            head += nodes.entry("", nodes.paragraph("", "", nodes.literal(caption, caption)))
            uri = f"/_generated/thumbnails/{name}"
            body += nodes.entry("", nodes.image(uri=uri, alt=alt))
        group += nodes.thead("", head)
        group += nodes.tbody("", body)
        return [table]


def scene(size: tuple[int, int] = (2400, 1600)) -> Image.Image:
    """A landscape: sky, sun, mountains and a red house near the left edge."""
    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=(int(90 + 120 * t), int(150 + 80 * t), 235))
    draw.ellipse((int(w * 0.68), int(h * 0.08), int(w * 0.82), int(h * 0.29)), fill=(255, 208, 60))
    draw.polygon([(0, h), (w * 0.3, h * 0.35), (w * 0.62, h)], fill=(70, 100, 80))
    draw.polygon([(w * 0.38, h), (w * 0.72, h * 0.42), (w, h * 0.85), (w, h)], fill=(50, 80, 70))
    draw.rectangle((0, h * 0.82, w, h), fill=(90, 150, 70))
    draw.rectangle((w * 0.04, h * 0.62, w * 0.16, h * 0.86), fill=(190, 40, 40))
    draw.polygon(
        [(w * 0.03, h * 0.63), (w * 0.10, h * 0.52), (w * 0.17, h * 0.63)], fill=(120, 30, 30)
    )
    return image


def logo(size: tuple[int, int] = (900, 900)) -> Image.Image:
    """A round logo on a transparent ground."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 60, size[0] - 60, size[1] - 60), fill=(29, 78, 216, 255))
    draw.ellipse((300, 300, size[0] - 300, size[1] - 300), fill=(255, 255, 255, 255))
    return image


def frames(size: tuple[int, int] = (480, 270)) -> list[Image.Image]:
    out = []
    for i, colour in enumerate(((220, 40, 40), (40, 160, 60), (40, 80, 220))):
        frame = Image.new("RGB", size, colour)
        ImageDraw.Draw(frame).ellipse((40 + 120 * i, 80, 150 + 120 * i, 190), fill=(255, 255, 255))
        out.append(frame)
    return out


def _encoded(image: Image.Image, fmt: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _write(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_pictures(*_: object) -> None:
    """Write every picture the thumbnails page and the demo digest show."""
    gif = frames()
    animated = _encoded(gif[0], "GIF", save_all=True, append_images=gif[1:], duration=400, loop=0)
    sources = {
        "scene.jpg": _encoded(scene(), "JPEG", quality=88),
        "logo.png": _encoded(logo(), "PNG"),
        "animated.gif": animated,
    }
    for name, data in sources.items():
        _write(OUT / f"before-{name}", data)
        _write(DEMO / name, data)
    wide = ThumbnailSettings()
    after = {
        "after-cover": ("scene.jpg", wide),
        "after-contain": ("scene.jpg", ThumbnailSettings(fit="contain")),
        "after-square": ("scene.jpg", ThumbnailSettings(width=360, height=360)),
        "after-q15": ("scene.jpg", ThumbnailSettings(quality=15, format="jpeg")),
        "after-q90": ("scene.jpg", ThumbnailSettings(quality=90, format="jpeg")),
        "after-logo": ("logo.png", wide),
        "after-animated": ("animated.gif", wide),
    }
    with tempfile.TemporaryDirectory() as tmp:
        thumbs = Thumbnailer(Path(tmp) / "cache")
        for name, (source, settings) in after.items():
            src = Path(tmp) / source
            src.write_bytes(sources[source])
            first = thumbs.thumbnail(src, settings).variants[0]
            _write(OUT / (name + first.path.suffix), first.path.read_bytes())
    shutil.rmtree(OUT / "cache", ignore_errors=True)


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", make_pictures)
    app.add_directive("setting-pictures", SettingPictures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
