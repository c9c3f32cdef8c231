"""The thumbnailer on its own: geometry, formats, orientation, failures, cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps, JpegImagePlugin

from sphinx_paperdigest.images.files import is_svg
from sphinx_paperdigest.images.plan import SourceFacts, ThumbnailSettings, plan_for
from sphinx_paperdigest.images.thumbnailer import Thumbnailer, ThumbnailError

from .thumbnail_images import (
    SVG,
    bomb_png,
    text_shot,
    write_alpha_png,
    write_animated_gif,
    write_photo,
    write_rotated,
    write_small,
    write_truncated,
)

DEFAULT = ThumbnailSettings()


@pytest.fixture
def thumbs(tmp_path: Path) -> Thumbnailer:
    return Thumbnailer(tmp_path / "cache")


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


# -- geometry -------------------------------------------------------------------------


def test_cover_crops_to_the_ratio_and_makes_2x():
    plan = plan_for(SourceFacts("JPEG", 4000, 3000, False, False), DEFAULT)
    assert plan.format == "webp"
    assert [t.canvas for t in plan.targets] == [(640, 360), (1280, 720)]
    assert plan.crop == (0.0, 375.0, 4000.0, 2625.0)


def test_cover_never_enlarges():
    small = plan_for(SourceFacts("PNG", 200, 100, False, False), DEFAULT)
    assert [t.canvas for t in small.targets] == [(178, 100)]
    # between 1x and 2x: the second file is as big as the source allows
    mid = plan_for(SourceFacts("PNG", 800, 600, False, False), DEFAULT)
    assert [t.canvas for t in mid.targets] == [(640, 360), (800, 450)]


def test_contain_pads_to_the_ratio():
    plan = plan_for(SourceFacts("PNG", 1000, 1000, False, False), replace_fit("contain"))
    assert [(t.canvas, t.content, t.offset) for t in plan.targets] == [
        ((640, 360), (360, 360), (140, 0)),
        ((1280, 720), (720, 720), (280, 0)),
    ]
    small = plan_for(SourceFacts("PNG", 300, 300, False, False), replace_fit("contain"))
    assert [(t.canvas, t.content) for t in small.targets] == [((533, 300), (300, 300))]


def replace_fit(fit: str) -> ThumbnailSettings:
    return ThumbnailSettings(fit=fit)


def test_transparency_keeps_png():
    plan = plan_for(SourceFacts("PNG", 800, 600, True, False), ThumbnailSettings(format="jpeg"))
    assert plan.format == "png"


# -- formats and pixels ---------------------------------------------------------------


def test_alpha_png_stays_png_with_its_transparency(thumbs, tmp_path):
    source = tmp_path / "alpha.png"
    write_alpha_png(source, (1600, 1200))
    thumb = thumbs.thumbnail(source, DEFAULT)
    assert thumb.format == "png"
    assert thumb.facts.alpha
    assert [(v.width, v.height, v.descriptor) for v in thumb.variants] == [
        (640, 360, "1x"),
        (1280, 720, "2x"),
    ]
    first = opened(thumb.variants[0].path)
    assert first.format == "PNG"
    assert first.size == (640, 360)
    assert first.mode == "RGBA"
    assert first.getpixel((0, 0))[3] == 0  # a transparent corner
    assert first.getpixel((320, 180))[3] == 255  # the opaque disc


def test_opaque_alpha_channel_is_not_transparency(thumbs, tmp_path):
    source = tmp_path / "opaque.png"
    Image.new("RGBA", (800, 450), (10, 20, 30, 255)).save(source)
    thumb = thumbs.thumbnail(source, DEFAULT)
    assert not thumb.facts.alpha
    assert thumb.format == "webp"
    assert opened(thumb.variants[0].path).format == "WEBP"


def lanczos(image: Image.Image, settings: ThumbnailSettings) -> list[Image.Image]:
    """What a careful hand makes: each output, one Lanczos resize of the whole picture."""
    plan = plan_for(SourceFacts("PNG", *image.size, False, False), settings)
    return [image.resize(t.content, Image.Resampling.LANCZOS, box=plan.crop) for t in plan.targets]


def test_large_jpeg_is_decoded_in_full(thumbs, tmp_path, monkeypatch):
    """No draft mode: libjpeg's reduced decoding folds fine lines into coarse ones."""
    source = tmp_path / "photo.jpg"
    write_photo(source, (3000, 2000))
    decoded: list[tuple[int, int]] = []
    real_load = JpegImagePlugin.JpegImageFile.load

    def load(self):
        decoded.append(self.size)
        return real_load(self)

    def no_draft(self, *args):
        raise AssertionError("draft mode was asked for")

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", load)
    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", no_draft)
    thumb = thumbs.thumbnail(source, ThumbnailSettings(format="jpeg", quality=70))
    assert decoded and set(decoded) == {(3000, 2000)}
    assert [(v.width, v.height) for v in thumb.variants] == [(640, 360), (1280, 720)]
    for variant in thumb.variants:
        image = opened(variant.path)
        assert image.format == "JPEG"
        assert image.size == (variant.width, variant.height)
        assert "exif" not in image.info  # metadata is not carried over


PNG = ThumbnailSettings(format="png")  # lossless: the pixels themselves are compared


@pytest.mark.parametrize("fit", ["cover", "contain"])
def test_every_output_is_one_lanczos_resize_of_the_whole_picture(thumbs, tmp_path, fit):
    """The 1x is not made from the 2x, nothing is reduced first: the same pixels."""
    source = tmp_path / "text.png"
    text_shot((1600, 1200)).save(source)
    settings = ThumbnailSettings(format="png", fit=fit)
    thumb = thumbs.thumbnail(source, settings)
    with Image.open(source) as full:
        full.load()
        exact = lanczos(full.convert("RGB"), settings)
    plan = plan_for(SourceFacts("PNG", 1600, 1200, False, False), settings)
    for variant, target, want in zip(thumb.variants, plan.targets, exact, strict=True):
        got = opened(variant.path).convert("RGB")
        left, top = target.offset
        content = got.crop((left, top, left + target.content[0], top + target.content[1]))
        assert ImageChops.difference(content, want).getbbox() is None


def test_transparency_is_premultiplied_as_pillow_does(thumbs, tmp_path):
    """Premultiplied once for both outputs: the pixels of ``resize`` on RGBA."""
    source = tmp_path / "alpha.png"
    picture = text_shot((1600, 1200)).convert("RGBA")
    picture.putalpha(Image.linear_gradient("L").resize((1600, 1200)))
    picture.save(source)
    thumb = thumbs.thumbnail(source, PNG)
    assert thumb.facts.alpha
    for variant, want in zip(thumb.variants, lanczos(picture, PNG), strict=True):
        got = opened(variant.path)
        assert got.mode == "RGBA"
        assert ImageChops.difference(got, want).getbbox() is None


def test_grey_is_resized_as_grey_and_shown_as_rgb(thumbs, tmp_path):
    source = tmp_path / "grey.png"
    grey = text_shot((1600, 1200)).convert("L")
    grey.save(source)
    thumb = thumbs.thumbnail(source, PNG)
    for variant, want in zip(thumb.variants, lanczos(grey, PNG), strict=True):
        got = opened(variant.path)
        assert got.mode == "RGB"
        assert ImageChops.difference(got, want.convert("RGB")).getbbox() is None


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_turned_after_resizing(thumbs, tmp_path, orientation):
    """Resizing the stored pixels, then turning: the pixels of turning first.

    Flips keep the order of Pillow's two resize passes: the very same pixels.
    A quarter turn swaps them, so the rounding between them differs by a level.
    """
    stored = text_shot((1500, 1000))
    exif = Image.Exif()
    exif[0x0112] = orientation
    source = tmp_path / "turned.png"
    stored.save(source, exif=exif.tobytes())
    thumb = thumbs.thumbnail(source, PNG)
    upright = ImageOps.exif_transpose(opened(source)).convert("RGB")
    assert (thumb.facts.width, thumb.facts.height) == upright.size
    for variant, want in zip(thumb.variants, lanczos(upright, PNG), strict=True):
        got = opened(variant.path)
        assert got.size == want.size
        worst = max(high for _, high in ImageChops.difference(got, want).getextrema())
        assert worst <= (0 if orientation <= 4 else 2), worst


def test_exif_orientation_is_applied(thumbs, tmp_path):
    source = tmp_path / "rotated.jpg"
    write_rotated(source)  # 800x600 stored, shown 600x800, red band on the right
    thumb = thumbs.thumbnail(source, ThumbnailSettings(format="png"))
    assert (thumb.facts.width, thumb.facts.height) == (600, 800)
    image = opened(thumb.variants[0].path).convert("RGB")
    assert image.size == (600, 338)
    right = image.getpixel((590, 169))
    left = image.getpixel((10, 169))
    assert right[0] > 200 and right[2] < 60  # red
    assert left[2] > 150 and left[0] < 60  # blue


def test_animated_gif_gives_its_first_frame(thumbs, tmp_path):
    source = tmp_path / "anim.gif"
    write_animated_gif(source)
    thumb = thumbs.thumbnail(source, ThumbnailSettings(format="png"))
    assert thumb.facts.animated
    image = opened(thumb.variants[0].path).convert("RGB")
    assert image.getpixel((5, 5)) == (255, 0, 0)


def test_contain_pads_clear_or_white(thumbs, tmp_path):
    source = tmp_path / "square.png"
    Image.new("RGB", (1000, 1000), (0, 0, 200)).save(source)
    webp = thumbs.thumbnail(source, ThumbnailSettings(fit="contain"))
    image = opened(webp.variants[0].path)
    assert image.size == (640, 360)
    assert image.mode == "RGBA"
    assert image.getpixel((5, 180))[3] == 0
    assert image.getpixel((320, 180))[3] == 255
    jpeg = thumbs.thumbnail(source, ThumbnailSettings(fit="contain", format="jpeg"))
    image = opened(jpeg.variants[0].path)
    assert image.getpixel((5, 180)) == pytest.approx((255, 255, 255), abs=3)


def test_small_picture_is_not_enlarged(thumbs, tmp_path):
    source = tmp_path / "small.png"
    write_small(source)
    thumb = thumbs.thumbnail(source, DEFAULT)
    assert [(v.width, v.height) for v in thumb.variants] == [(178, 100)]
    assert opened(thumb.variants[0].path).size == (178, 100)


def test_quality_changes_the_lossy_file(thumbs, tmp_path):
    source = tmp_path / "photo.jpg"
    write_photo(source, (1600, 900))
    low = thumbs.thumbnail(source, ThumbnailSettings(format="jpeg", quality=20))
    high = thumbs.thumbnail(source, ThumbnailSettings(format="jpeg", quality=95))
    assert low.variants[0].path != high.variants[0].path
    assert low.variants[0].path.stat().st_size < high.variants[0].path.stat().st_size


# -- failures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("truncated.jpg", write_truncated, "truncated"),
        ("bomb.png", lambda p: p.write_bytes(bomb_png()), "decompression bomb"),
        # above Pillow's limit but under twice it: Pillow only warns; refused all the same
        ("bomb-mild.png", lambda p: p.write_bytes(bomb_png(10_000, 10_000)), "decompression bomb"),
        ("notes.png", lambda p: p.write_text("hello"), "unsupported picture format: only"),
        # a PNG signature, then nothing of a PNG
        (
            "broken.png",
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 40),
            "not a valid PNG",
        ),
        ("missing.png", lambda p: None, "cannot read"),
    ],
)
def test_bad_pictures_raise_thumbnail_error(tmp_path, name, make, message, recwarn):
    thumbs = Thumbnailer(tmp_path / "cache")
    source = tmp_path / name
    make(source)
    with pytest.raises(ThumbnailError, match=message) as raised:
        thumbs.thumbnail(source, DEFAULT)
    # nothing chained: Pillow's traceback, and the picture its frames hold, are freed
    assert raised.value.__context__ is None and raised.value.__cause__ is None
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]
    assert not list((tmp_path / "cache").glob("thumbs/*/*"))


EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"newpath 0 0 moveto 10 10 lineto stroke\n%%EOF\n"
)


def write_other(path: Path) -> None:
    """A picture in a format Pillow reads but a digest may not use (by its suffix)."""
    if path.suffix == ".eps":
        path.write_bytes(EPS)
    else:
        Image.new("RGB", (64, 48), (200, 30, 30)).save(path)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("figure.eps", "EPS"), ("figure.bmp", "BMP"), ("figure.tiff", "TIFF"), ("figure.png", "EPS")],
)
def test_other_formats_are_refused_unopened(tmp_path, monkeypatch, name, kind):
    """EPS (Ghostscript!), BMP, TIFF: refused before any of Pillow's readers of them runs."""
    from PIL import BmpImagePlugin, EpsImagePlugin, TiffImagePlugin

    def never(*args, **kwargs):
        raise AssertionError("a refused format was read")

    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", never)
    for plugin in (
        EpsImagePlugin.EpsImageFile,
        BmpImagePlugin.BmpImageFile,
        TiffImagePlugin.TiffImageFile,
    ):
        monkeypatch.setattr(plugin, "_open", never)
    source = tmp_path / name
    if name == "figure.png":  # an EPS file named like a PNG
        source.write_bytes(EPS)
    else:
        write_other(source)
    with pytest.raises(ThumbnailError, match=rf"unsupported picture format \({kind}\): only JPEG"):
        Thumbnailer(tmp_path / "cache").thumbnail(source, DEFAULT)


def test_pictures_are_opened_only_as_the_allowed_formats(tmp_path, monkeypatch):
    """Even a file that looks like a JPEG is read by no other reader than these four."""
    asked: list[object] = []
    real_open = Image.open

    def spy(fp, mode="r", formats=None):
        asked.append(formats)
        return real_open(fp, mode, formats)

    monkeypatch.setattr(Image, "open", spy)
    source = tmp_path / "photo.jpg"
    write_photo(source, (800, 600))
    Thumbnailer(tmp_path / "cache").thumbnail(source, DEFAULT)
    assert asked == [("JPEG", "PNG", "GIF", "WEBP")]


def test_svg_is_recognised():
    assert is_svg(Path("logo.svg"))
    assert is_svg(Path("download.img"), SVG.encode())
    assert is_svg(Path("x.img"), b'<?xml version="1.0"?>\n<svg xmlns="...">')
    assert not is_svg(Path("photo.img"), b"\xff\xd8\xff\xe0")


# -- cache ----------------------------------------------------------------------------


def test_cache_hit_does_no_image_work(thumbs, tmp_path, monkeypatch):
    source = tmp_path / "photo.jpg"
    write_photo(source, (2000, 1500))
    first = thumbs.thumbnail(source, DEFAULT)
    assert first.written == 2
    mtimes = {v.path: v.path.stat().st_mtime_ns for v in first.variants}

    def no_open(*args, **kwargs):
        raise AssertionError("a cache hit opened a picture")

    fresh = Thumbnailer(tmp_path / "cache")  # another process: only the files are shared
    monkeypatch.setattr(Image, "open", no_open)
    again = fresh.thumbnail(source, DEFAULT)
    assert again.variants == first.variants
    assert again.written == 0
    assert fresh.stats.encodes == 0 and fresh.stats.decodes == 0 and fresh.stats.hits == 1
    assert {v.path: v.path.stat().st_mtime_ns for v in again.variants} == mtimes


def test_a_setting_that_does_not_shape_a_picture_keeps_its_file(thumbs, tmp_path):
    source = tmp_path / "alpha.png"
    write_alpha_png(source)
    png = thumbs.thumbnail(source, ThumbnailSettings(quality=80))
    before = thumbs.stats.encodes
    again = thumbs.thumbnail(source, ThumbnailSettings(quality=30, format="jpeg"))
    assert again.variants == png.variants  # PNG ignores quality and format
    assert thumbs.stats.encodes == before


def test_changed_content_makes_new_files(thumbs, tmp_path):
    source = tmp_path / "photo.jpg"
    write_photo(source, (1600, 900), seed=1)
    one = thumbs.thumbnail(source, DEFAULT)
    write_photo(source, (1600, 900), seed=2)
    two = thumbs.thumbnail(source, DEFAULT)
    assert one.digest != two.digest
    assert one.variants[0].path != two.variants[0].path
    assert one.variants[0].path.is_file()  # the old one is not rewritten


def test_many_in_threads_keeps_order_and_errors(thumbs, tmp_path):
    good = tmp_path / "photo.jpg"
    write_photo(good, (1600, 900))
    bad = tmp_path / "notes.png"
    bad.write_text("no")
    # the same source twice at once: both get the same, whole files
    results = thumbs.thumbnail_many([(good, DEFAULT), (bad, DEFAULT), (good, DEFAULT)], workers=3)
    assert isinstance(results[1], ThumbnailError)
    assert results[0].variants == results[2].variants
    for variant in results[0].variants:
        assert opened(variant.path).size == (variant.width, variant.height)
    assert not list((tmp_path / "cache").rglob(".tmp-*"))


def test_threads_and_serial_give_the_same_bytes(tmp_path):
    sources = []
    for i in range(4):
        path = tmp_path / f"p{i}.jpg"
        write_photo(path, (1200, 900), seed=i)
        sources.append(path)
    serial = Thumbnailer(tmp_path / "a").thumbnail_many([(p, DEFAULT) for p in sources], workers=1)
    threaded = Thumbnailer(tmp_path / "b").thumbnail_many(
        [(p, DEFAULT) for p in sources], workers=4
    )
    for one, two in zip(serial, threaded, strict=True):
        for a, b in zip(one.variants, two.variants, strict=True):
            assert a.path.name == b.path.name
            assert a.path.read_bytes() == b.path.read_bytes()


def test_other_modes_become_rgb(thumbs, tmp_path):
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (800, 450), (0, 255, 255, 0)).save(cmyk, icc_profile=b"not rgb")
    grey16 = tmp_path / "grey16.png"
    Image.new("I;16", (800, 450), 65535).save(grey16)
    for source, colour in ((cmyk, (255, 0, 0)), (grey16, (255, 255, 255))):
        thumb = thumbs.thumbnail(source, ThumbnailSettings(format="png"))
        image = opened(thumb.variants[0].path)
        assert image.mode == "RGB"
        assert "icc_profile" not in image.info  # a CMYK profile does not fit RGB pixels
        assert image.getpixel((320, 180)) == pytest.approx(colour, abs=8)
