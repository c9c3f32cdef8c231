"""Checks of the ``paperdigest_*`` values: each reads a raw value, returns it normalised.

A check raises :class:`Invalid` when the value cannot be used at all (the
default is used instead), or returns the usable part of it with the problems
of the rest (an unknown export name, a colour not in the palette). Nothing
here knows Sphinx: :mod:`.config` runs the checks and reports.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.exports import FORMATS as EXPORT_FORMATS
from .core.topicrules import is_regex, regex_problem
from .core.view import parse_options
from .enrich import SOURCE_NAMES
from .images.plan import FITS, FORMATS
from .topics import PALETTE

REMOTE_MODES = ("link", "download", "off")
#: Suffixes that make a ``paperdigest_placeholder`` value a picture path.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
_PREFIX_RE = re.compile(r"(?:[A-Za-z0-9_-]+/)+")


class Invalid(ValueError):
    """A value that cannot be used; the message says what it must be."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A usable value, and what was wrong with the parts of it left out."""

    value: Any
    problems: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Context:
    """What checks may need besides the value: the source directory."""

    srcdir: Path


Check = Callable[[Any, Context], Checked]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def boolean(value: Any, ctx: Context) -> Checked:
    """``True`` or ``False``, nothing else (``"no"`` is a string, and true)."""
    if not isinstance(value, bool):
        raise Invalid("must be True or False")
    return Checked(value)


def text(value: Any, ctx: Context) -> Checked:
    """A string."""
    if not isinstance(value, str):
        raise Invalid("must be a string")
    return Checked(value)


def choice(*choices: str, aliases: Mapping[str, str] | None = None) -> Check:
    """One of ``choices`` (or an alias of one)."""
    names = {**dict(zip(choices, choices, strict=True)), **(aliases or {})}

    def check(value: Any, ctx: Context) -> Checked:
        if not isinstance(value, str) or value not in names:
            raise Invalid("must be one of " + ", ".join(choices))
        return Checked(names[value])

    return check


def whole(low: int, high: int | None, unit: str) -> Check:
    """A whole number from ``low`` (to ``high``)."""

    def check(value: Any, ctx: Context) -> Checked:
        if not _is_int(value) or value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise Invalid(f"must be a whole number {span}{unit}")
        return Checked(value)

    return check


def seconds(value: Any, ctx: Context) -> Checked:
    """A positive number of seconds."""
    if not (_is_int(value) or isinstance(value, float)) or not value > 0:
        raise Invalid("must be a number of seconds above 0")
    return Checked(float(value))


def size(value: Any, ctx: Context) -> Checked:
    """``(width, height)`` in whole pixels, 16 to 4096."""
    if not (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(_is_int(v) and 16 <= v <= 4096 for v in value)
    ):
        raise Invalid("must be (width, height), whole pixels 16 to 4096")
    return Checked((int(value[0]), int(value[1])))


def placeholder_picture(value: Any) -> str | None:
    """The picture a ``paperdigest_placeholder`` names (relative to the source dir), if any."""
    if isinstance(value, str) and value.lower().endswith(IMAGE_SUFFIXES):
        return value.lstrip("/")
    return None


def placeholder(value: Any, ctx: Context) -> Checked:
    """``'emoji'``, a text, a picture path in the source directory, or None (``''``)."""
    if value is None:
        return Checked("")
    if not isinstance(value, str):
        raise Invalid("must be 'emoji', a text, a picture path or None")
    picture = placeholder_picture(value)
    if picture is not None:
        path = ctx.srcdir / picture
        try:
            real = Path(os.path.realpath(path))
            inside = real.is_relative_to(os.path.realpath(ctx.srcdir))
            found = inside and real.is_file()
        except (OSError, ValueError):
            inside = found = False
        if not inside:
            raise Invalid(f"picture {picture!r} is outside the source directory")
        if not found:
            raise Invalid(f"picture {picture!r} not found")
    return Checked(value)


def default_options(value: Any, ctx: Context) -> Checked:
    """``{option: value}`` as the directive takes them; bad options are left out."""
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str | int | bool) for k, v in value.items()
    ):
        raise Invalid("must be a dict of option names to strings")
    options = {
        k: ("on" if v is True else "off" if v is False else str(v)) for k, v in value.items()
    }
    _, errors = parse_options({}, options)
    bad = {e.option for e in errors}
    return Checked(
        {k: v for k, v in options.items() if k not in bad}, tuple(str(e) for e in errors)
    )


def topic_rules(value: Any, ctx: Context) -> Checked:
    """``{topic: [keyword, ...]}`` (a single keyword may be a string).

    A keyword written ``/.../`` is a regular expression; one that does not
    compile, or could take exponential time, is left out.
    """
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and (_is_str_list(v) or isinstance(v, str)) for k, v in value.items()
    ):
        raise Invalid("must be a dict of topics to lists of keywords")
    rules: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for topic, keywords in value.items():
        kept = []
        for keyword in (keywords,) if isinstance(keywords, str) else keywords:
            problem = regex_problem(keyword) if is_regex(keyword) else None
            if problem:
                problems.append(f"topic {topic!r}: {problem}; the keyword is ignored")
            else:
                kept.append(keyword)
        rules[topic] = tuple(kept)
    return Checked(rules, tuple(problems))


def topic_colors(value: Any, ctx: Context) -> Checked:
    """``{topic: colour}`` with colours of the palette; other colours are left out."""
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise Invalid("must be a dict of topics to colour names")
    problems = tuple(
        f"{color!r} (for {topic!r}) is not one of " + ", ".join(PALETTE)
        for topic, color in value.items()
        if color not in PALETTE
    )
    return Checked({k: v for k, v in value.items() if v in PALETTE}, problems)


def thumbnail_format(value: Any, ctx: Context) -> Checked:
    """``'webp'``, ``'jpeg'`` (or ``'jpg'``) or ``'png'``."""
    return choice(*FORMATS, aliases={"jpg": "jpeg"})(value, ctx)


def thumbnail_fit(value: Any, ctx: Context) -> Checked:
    """``'cover'`` or ``'contain'``."""
    return choice(*FITS)(value, ctx)


def remote_images(value: Any, ctx: Context) -> Checked:
    """``'link'``, ``'download'`` or ``'off'``."""
    return choice(*REMOTE_MODES)(value, ctx)


def topic_pages(value: Any, ctx: Context) -> Checked:
    """A URL prefix ending in ``/`` (``topics/``), or False/None/'' for no topic pages."""
    if value is None or value is False or value == "":
        return Checked(None)
    if not isinstance(value, str) or not _PREFIX_RE.fullmatch(value):
        raise Invalid(
            "must be a URL prefix of path segments ending in '/' (letters, digits, "
            "'-', '_'), or False"
        )
    return Checked(value)


def exports(value: Any, ctx: Context) -> Checked:
    """None, or a list of export names; unknown names are left out."""
    names = ", ".join(repr(f) for f in EXPORT_FORMATS)
    if value is None:
        return Checked(None)
    if not _is_str_list(value):
        raise Invalid(f"must be None or a list of export names ({names})")
    unknown = [name for name in value if name not in EXPORT_FORMATS]
    problems = (
        (f"unknown export {', '.join(map(repr, unknown))} (use {names}); ignored",)
        if unknown
        else ()
    )
    kept = tuple(name for name in dict.fromkeys(value) if name in EXPORT_FORMATS)
    return Checked(kept, problems)


def enrich_sources(value: Any, ctx: Context) -> Checked:
    """A list of enrichment sources; unknown names are left out."""
    names = ", ".join(repr(n) for n in SOURCE_NAMES)
    if not _is_str_list(value):
        raise Invalid(f"must be a list of sources ({names})")
    unknown = [v for v in value if v not in SOURCE_NAMES]
    problems = (
        (f"unknown source {', '.join(map(repr, unknown))} (use {names}); ignored",)
        if unknown
        else ()
    )
    return Checked(tuple(v for v in dict.fromkeys(value) if v in SOURCE_NAMES), problems)


def http_url(value: Any, ctx: Context) -> Checked:
    """An http(s) URL."""
    if not isinstance(value, str) or not re.match(r"https?://[^/?#\s]+", value):
        raise Invalid("must be an http(s) URL")
    return Checked(value)
