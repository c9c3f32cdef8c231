"""The ``paperdigest_*`` configuration values: declared, documented, validated once."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .core.exports import FORMATS
from .core.view import OPTION_NAMES, parse_options
from .report import file_location, warn
from .topics import PALETTE


@dataclass(frozen=True, slots=True)
class ConfigValue:
    """A configuration value as declared to Sphinx (and listed in the docs)."""

    name: str
    default: Any
    types: tuple[type, ...]
    description: str
    rebuild: str = "env"


#: Every configuration value, in the order the docs list them.
CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "paperdigest_default_options",
        {},
        (dict,),
        "Project-wide defaults for the directive's options, as ``{option: value}`` "
        "with the same strings the directive takes, e.g. "
        '``{"columns": "1 2 2 2", "sort": "newest"}``. A directive\'s own options win.',
    ),
    ConfigValue(
        "paperdigest_show_drafts",
        False,
        (bool,),
        "Render digests whose front matter says ``published: false`` (or ``draft: "
        "true``). When off, such a directive renders nothing and logs an info message.",
    ),
    ConfigValue(
        "paperdigest_placeholder",
        "emoji",
        (str, type(None)),
        "What a card without a picture shows in the picture's place: ``'emoji'`` for the "
        "digest's emoji (📄 when it has none), any other text to show that text, or "
        "``None`` (or ``''``) for no placeholder. A path ending in an image suffix "
        "(``.png``, ``.jpg``, ``.jpeg``, ``.gif``, ``.webp``, ``.svg``), relative to the "
        "source directory, shows that picture, thumbnailed like the others.",
    ),
    ConfigValue(
        "paperdigest_topic_rules",
        {},
        (dict,),
        "Automatic topics: ``{topic: [keyword, ...]}``. An entry whose title or summary "
        "contains a keyword gets the topic (ASCII keywords match whole words, ignoring "
        "case; others match anywhere).",
    ),
    ConfigValue(
        "paperdigest_topic_colors",
        {},
        (dict,),
        "Badge colours: ``{topic: colour}`` with a colour of the palette ("
        + ", ".join(f"``{c}``" for c in PALETTE)
        + "). Other topics get a colour from a stable hash of their name.",
    ),
    ConfigValue(
        "paperdigest_date_format",
        "",
        (str,),
        "How cards print dates, in Sphinx's ``today_fmt`` syntax (``%Y-%m-%d``...). "
        "Empty: the translated default (``%b %-d, %Y`` in English, ``%Y年%-m月%-d日`` "
        "in Japanese).",
    ),
    ConfigValue(
        "paperdigest_filter",
        True,
        (bool,),
        "Show a filter bar on each web page with cards (not EPUB): topic and year "
        "toggles and a text search, run in the browser, kept in the page's URL. "
        "``False`` leaves it out (and its script and stylesheet).",
        rebuild="html",
    ),
    # -- thumbnails (see sphinx_paperdigest.thumbnails) ----------------------------
    ConfigValue(
        "paperdigest_thumbnail_size",
        (640, 360),
        (tuple, list),
        "Size of a card's picture in CSS pixels, ``(width, height)``; it also fixes the "
        "ratio of every card picture and placeholder. Local pictures are resized and "
        "cropped (or padded) to it, never enlarged; a 2x variant is made for high-DPI "
        "screens when the source has the pixels.",
    ),
    ConfigValue(
        "paperdigest_thumbnail_fit",
        "cover",
        (str,),
        "How a picture meets the card's ratio: ``'cover'`` crops it around its centre, "
        "``'contain'`` shows all of it, padded (transparent in PNG and WebP, white in "
        "JPEG).",
    ),
    ConfigValue(
        "paperdigest_thumbnail_format",
        "webp",
        (str,),
        "Format of thumbnails: ``'webp'``, ``'jpeg'`` or ``'png'``. Pictures with "
        "transparency stay PNG. Builders that cannot show WebP (LaTeX, EPUB, texinfo) "
        "get JPEG instead.",
    ),
    ConfigValue(
        "paperdigest_thumbnail_quality",
        80,
        (int,),
        "Quality of WebP and JPEG thumbnails, 1 to 100.",
    ),
    ConfigValue(
        "paperdigest_keep_animation",
        False,
        (bool,),
        "Animated GIF and WebP pictures: ``False`` shows their first frame as a "
        "thumbnail; ``True`` shows the original, animated file in HTML (other builders "
        "still get the first frame).",
    ),
    ConfigValue(
        "paperdigest_link_originals",
        False,
        (bool,),
        "Make each card picture a link to its original: local originals are then "
        "copied into the HTML output (only then); remote pictures link to their URL.",
    ),
    ConfigValue(
        "paperdigest_remote_images",
        "link",
        (str,),
        "Pictures given by an http(s) URL: ``'link'`` shows the URL itself (lazy "
        "loading, fixed ratio); ``'download'`` fetches each once at build time and "
        "thumbnails it like a local picture (cached across builds; on failure a "
        "``paperdigest.image`` warning and the URL is linked); ``'off'`` never uses a "
        "remote picture: cards show the placeholder and summary pictures become links, "
        "so the pages make no request to another site.",
    ),
    ConfigValue(
        "paperdigest_remote_timeout",
        10.0,
        (int, float),
        "``'download'``: seconds a download may take, in all.",
    ),
    ConfigValue(
        "paperdigest_remote_max_bytes",
        20_000_000,
        (int,),
        "``'download'``: the largest picture, in bytes, that is downloaded.",
    ),
    ConfigValue(
        "paperdigest_allow_private_hosts",
        False,
        (bool,),
        "``'download'``: also download from hosts that are, or resolve to, this machine "
        "or a private network (loopback, private, link-local, shared and other "
        "non-public addresses), which are refused by default: a digest could "
        "otherwise make the build reach them. For a picture server on the intranet, "
        "or tests.",
    ),
    # -- exports (see sphinx_paperdigest.exports) --------------------------------------
    ConfigValue(
        "paperdigest_exports",
        None,
        (list, tuple, type(None)),
        "Files the HTML builders write next to the pages, from every entry the site "
        "shows: ``'atom'`` (``papers.atom``, a feed; needs ``html_baseurl``), ``'json'`` "
        "(``papers.json``), ``'bibtex'`` (``papers.bib``), ``'csv'`` (``papers.csv``). "
        "``None`` writes ``json`` and ``bibtex``, and ``atom`` when ``html_baseurl`` is "
        "set; a list naming ``'atom'`` without ``html_baseurl`` is a "
        "``paperdigest.export`` warning. ``[]`` writes none.",
        rebuild="html",
    ),
)


_ASSIGNMENT = re.compile(r"^(paperdigest_\w+)\s*(?::[^=]*)?=", re.MULTILINE)


def _conf_lines(confdir: str | Path | None) -> dict[str, int]:
    """``{name: line}`` of the top-level ``paperdigest_* =`` lines of ``conf.py``."""
    if not confdir:
        return {}
    try:
        text = (Path(confdir) / "conf.py").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    lines: dict[str, int] = {}
    for match in _ASSIGNMENT.finditer(text):
        lines.setdefault(match[1], text.count("\n", 0, match.start()) + 1)
    return lines


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def _check_exports(config: Config, where: str | None) -> None:
    """``paperdigest_exports``: None or a list of format names; unknown names are dropped."""
    value = config.paperdigest_exports
    if value is None:
        return
    names = ", ".join(repr(f) for f in FORMATS)
    if not _is_str_list(value):
        warn(
            f"paperdigest_exports: must be None or a list of export names ({names}); "
            "the default is used",
            "option",
            where,
        )
        config.paperdigest_exports = None
        return
    unknown = [name for name in value if name not in FORMATS]
    if unknown:
        warn(
            f"paperdigest_exports: unknown export {', '.join(map(repr, unknown))} "
            f"(use {names}); ignored",
            "option",
            where,
        )
    config.paperdigest_exports = [name for name in dict.fromkeys(value) if name in FORMATS]


def check_config(app: Sphinx, config: Config) -> None:
    """Validate the values once; a bad value is a warning and its default is used.

    A warning points at the line of ``conf.py`` that sets the value, when
    there is one (not for ``-D`` or values set another way).
    """
    conf_lines = _conf_lines(app.confdir)

    def where(name: str) -> str | None:
        line = conf_lines.get(name)
        return file_location(Path(app.confdir) / "conf.py", line) if line else None

    def reset(name: str, why: str) -> None:
        warn(f"{name}: {why}; the default is used", "option", where(name))
        setattr(config, name, next(v.default for v in CONFIG_VALUES if v.name == name))

    defaults = config.paperdigest_default_options
    if not isinstance(defaults, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str | int | bool) for k, v in defaults.items()
    ):
        reset("paperdigest_default_options", "must be a dict of option names to strings")
    else:
        config.paperdigest_default_options = {
            k: ("on" if v is True else "off" if v is False else str(v)) for k, v in defaults.items()
        }
        _, errors = parse_options({}, config.paperdigest_default_options)
        for error in errors:
            warn(
                f"paperdigest_default_options: {error}",
                "option",
                where("paperdigest_default_options"),
            )
        if errors:
            bad = {e.option for e in errors}
            config.paperdigest_default_options = {
                k: v for k, v in config.paperdigest_default_options.items() if k not in bad
            }
    rules = config.paperdigest_topic_rules
    if not isinstance(rules, Mapping) or not all(
        isinstance(k, str) and (_is_str_list(v) or isinstance(v, str)) for k, v in rules.items()
    ):
        reset("paperdigest_topic_rules", "must be a dict of topics to lists of keywords")
    else:
        config.paperdigest_topic_rules = {
            k: [v] if isinstance(v, str) else list(v) for k, v in rules.items()
        }
    colors = config.paperdigest_topic_colors
    if not isinstance(colors, Mapping) or not all(isinstance(v, str) for v in colors.values()):
        reset("paperdigest_topic_colors", "must be a dict of topics to colour names")
    else:
        for topic, color in list(colors.items()):
            if color not in PALETTE:
                warn(
                    f"paperdigest_topic_colors: {color!r} (for {topic!r}) is not one of "
                    + ", ".join(PALETTE),
                    "option",
                    where("paperdigest_topic_colors"),
                )
                del config.paperdigest_topic_colors[topic]
    _check_exports(config, where("paperdigest_exports"))


def setup_config(app: Sphinx) -> None:
    """Declare the configuration values and validate them when the config is read."""
    for value in CONFIG_VALUES:
        app.add_config_value(
            value.name,
            value.default,
            value.rebuild,  # type: ignore[arg-type]
            types=value.types,
            description=value.description,
        )
    app.connect("config-inited", check_config)


__all__ = ["CONFIG_VALUES", "OPTION_NAMES", "setup_config"]
