"""The ``paperdigest_*`` configuration values: declared, checked once, read typed.

Each value is declared with its check (:mod:`.checks`). At ``config-inited``
every value is checked once: a bad value is a ``paperdigest.option`` warning at
the ``conf.py`` line that sets it, and its default is used. The result is one
frozen :class:`Settings`; every module reads the configuration through
:func:`settings`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from . import checks
from .images.plan import ThumbnailSettings
from .report import file_location, warn
from .topics import PALETTE

_DEFAULT_THUMBNAIL = ThumbnailSettings()


@dataclass(frozen=True, slots=True)
class ConfigValue:
    """A configuration value as declared to Sphinx (and listed in the docs)."""

    name: str
    check: checks.Check
    default: Any
    types: tuple[type, ...]
    description: str
    rebuild: str = "env"


#: Every configuration value, in the order the docs list them.
CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "paperdigest_default_options",
        checks.default_options,
        {},
        (dict,),
        "Project-wide defaults for the directive's options, as ``{option: value}`` "
        "with the same strings the directive takes, e.g. "
        '``{"columns": "1 2 2 2", "sort": "newest"}``. A directive\'s own options win.',
    ),
    ConfigValue(
        "paperdigest_show_drafts",
        checks.boolean,
        False,
        (bool,),
        "Render digests whose front matter says ``published: false`` (or ``draft: "
        "true``). When off, such a directive renders nothing and logs an info message.",
    ),
    ConfigValue(
        "paperdigest_placeholder",
        checks.placeholder,
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
        checks.topic_rules,
        {},
        (dict,),
        "Automatic topics: ``{topic: [keyword, ...]}``. An entry whose title or summary "
        "contains a keyword gets the topic. A keyword matches whole words where it meets "
        "Latin letters or digits (``Attention`` is in ``Attentionベース``, not in "
        "``Attentions``), ignoring case and width (``ＳＬＡＭ`` is ``SLAM``). A keyword "
        "written ``/.../`` is a regular expression (Python syntax, case ignored); one that "
        "does not compile or could take exponential time is a warning, and ignored.",
    ),
    ConfigValue(
        "paperdigest_topic_colors",
        checks.topic_colors,
        {},
        (dict,),
        "Badge colours: ``{topic: colour}`` with a colour of the palette ("
        + ", ".join(f"``{c}``" for c in PALETTE)
        + "). Other topics get a colour from a stable hash of their name.",
    ),
    ConfigValue(
        "paperdigest_date_format",
        checks.text,
        "",
        (str,),
        "How cards print dates, in Sphinx's ``today_fmt`` syntax (``%Y-%m-%d``...). "
        "Empty: the translated default (``%b %-d, %Y`` in English, ``%Y年%-m月%-d日`` "
        "in Japanese).",
    ),
    ConfigValue(
        "paperdigest_filter",
        checks.boolean,
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
        checks.size,
        (_DEFAULT_THUMBNAIL.width, _DEFAULT_THUMBNAIL.height),
        (tuple, list),
        "Size of a card's picture in CSS pixels, ``(width, height)``; it also fixes the "
        "ratio of every card picture and placeholder. Local pictures are resized and "
        "cropped (or padded) to it, never enlarged; a 2x variant is made for high-DPI "
        "screens when the source has the pixels.",
    ),
    ConfigValue(
        "paperdigest_thumbnail_fit",
        checks.thumbnail_fit,
        "cover",
        (str,),
        "How a picture meets the card's ratio: ``'cover'`` crops it around its centre, "
        "``'contain'`` shows all of it, padded (transparent in PNG and WebP, white in "
        "JPEG).",
    ),
    ConfigValue(
        "paperdigest_thumbnail_format",
        checks.thumbnail_format,
        "webp",
        (str,),
        "Format of thumbnails: ``'webp'``, ``'jpeg'`` or ``'png'``. Pictures with "
        "transparency stay PNG. Builders that cannot show WebP (LaTeX, EPUB, texinfo) "
        "get JPEG instead.",
    ),
    ConfigValue(
        "paperdigest_thumbnail_quality",
        checks.whole(1, 100, ""),
        80,
        (int,),
        "Quality of WebP and JPEG thumbnails, 1 to 100.",
    ),
    ConfigValue(
        "paperdigest_keep_animation",
        checks.boolean,
        False,
        (bool,),
        "Animated GIF and WebP pictures: ``False`` shows their first frame as a "
        "thumbnail; ``True`` shows the original, animated file in HTML (other builders "
        "still get the first frame).",
    ),
    ConfigValue(
        "paperdigest_link_originals",
        checks.boolean,
        False,
        (bool,),
        "Make each card picture a link to its original: local originals are then "
        "copied into the HTML output (only then); remote pictures link to their URL.",
    ),
    ConfigValue(
        "paperdigest_remote_images",
        checks.remote_images,
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
        checks.seconds,
        10.0,
        (int, float),
        "``'download'``: seconds a download may take, in all.",
    ),
    ConfigValue(
        "paperdigest_remote_max_bytes",
        checks.whole(1, None, " of bytes"),
        20_000_000,
        (int,),
        "``'download'``: the largest picture, in bytes, that is downloaded.",
    ),
    ConfigValue(
        "paperdigest_allow_private_hosts",
        checks.boolean,
        False,
        (bool,),
        "``'download'``: also download from hosts that are, or resolve to, this machine "
        "or a private network (loopback, private, link-local, shared and other "
        "non-public addresses), which are refused by default: a digest could "
        "otherwise make the build reach them. For a picture server on the intranet, "
        "or tests.",
    ),
    ConfigValue(
        "paperdigest_topic_pages",
        checks.topic_pages,
        "topics/",
        (str, bool, type(None)),
        "Where the generated topic pages go (HTML builders but EPUB and singlehtml): a "
        "page per topic listing its entries across the site, newest first, and an index "
        "of topics at ``<prefix>index``. A URL prefix of path segments ending in ``/`` "
        "(letters, digits, ``-``, ``_``); ``False`` (or ``None``, ``''``) for no topic "
        "pages. Topic badges link to their page.",
        rebuild="html",
    ),
    # -- exports (see sphinx_paperdigest.exports) --------------------------------------
    ConfigValue(
        "paperdigest_exports",
        checks.exports,
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
    # -- enrichment (see sphinx_paperdigest.enrichment) ----------------------------------
    ConfigValue(
        "paperdigest_enrich",
        checks.enrich_sources,
        [],
        (list, tuple),
        "Sources to ask for what a paper's own record says: ``['arxiv']`` asks the "
        "arXiv API for the papers the cards link by arXiv id (authors, title, abstract, "
        "date, primary category), once: the answers are kept in the doctree directory. "
        "Cards show the authors, the exports too. ``[]`` (the default) asks nothing. "
        "Requests follow the download policy (``paperdigest_allow_private_hosts``, "
        "``paperdigest_remote_timeout``...); a failure is a ``paperdigest.enrich`` "
        "warning and the build goes on.",
    ),
    ConfigValue(
        "paperdigest_arxiv_api",
        checks.http_url,
        "https://export.arxiv.org/api/query",
        (str,),
        "``paperdigest_enrich = ['arxiv']``: the address of the arXiv API (a mirror, "
        "or a test server).",
        rebuild="",
    ),
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every ``paperdigest_*`` value, checked and normalised (see :data:`CONFIG_VALUES`).

    ``placeholder`` is ``""`` for none; ``topic_pages`` None for none;
    ``exports`` None for the default set.
    """

    default_options: Mapping[str, str]
    show_drafts: bool
    placeholder: str
    topic_rules: Mapping[str, tuple[str, ...]]
    topic_colors: Mapping[str, str]
    date_format: str
    filter: bool
    thumbnail_size: tuple[int, int]
    thumbnail_fit: str
    thumbnail_format: str
    thumbnail_quality: int
    keep_animation: bool
    link_originals: bool
    remote_images: str
    remote_timeout: float
    remote_max_bytes: int
    allow_private_hosts: bool
    topic_pages: str | None
    exports: tuple[str, ...] | None
    enrich: tuple[str, ...]
    arxiv_api: str

    @property
    def thumbnails(self) -> ThumbnailSettings:
        """What thumbnails should be, for the images package."""
        width, height = self.thumbnail_size
        return ThumbnailSettings(
            width=width,
            height=height,
            fit=self.thumbnail_fit,
            format=self.thumbnail_format,
            quality=self.thumbnail_quality,
        )

    @property
    def placeholder_picture(self) -> str | None:
        """The picture the placeholder names (relative to the source dir), if any."""
        return checks.placeholder_picture(self.placeholder)


_ATTRIBUTE = "_paperdigest_settings"
_ASSIGNMENT = re.compile(r"^(paperdigest_\w+)\s*(?::[^=]*)?=", re.MULTILINE)


def settings(config: Config) -> Settings:
    """The project's checked ``paperdigest_*`` values (the one way modules read them)."""
    found = getattr(config, _ATTRIBUTE, None)
    if isinstance(found, Settings):
        return found
    # checked at config-inited; a config made another way is checked now, quietly
    return _check_all(config, Path(getattr(config, "confdir", None) or "."), report=None)


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


def conf_locator(confdir: str | Path | None) -> Callable[[str], str | None]:
    """``where(name)``: the ``conf.py:line`` that sets ``name``, or None.

    None when no top-level line of ``conf.py`` sets it (``-D``, a value set
    another way): the warning then has no location.
    """
    lines = _conf_lines(confdir)

    def where(name: str) -> str | None:
        line = lines.get(name)
        return file_location(Path(confdir or ".") / "conf.py", line) if line else None

    return where


Report = Callable[[str, str], None]


def _check_all(config: Config, srcdir: Path, report: Report | None) -> Settings:
    """Check every value; ``report(name, message)`` hears of each problem."""
    ctx = checks.Context(srcdir)
    values: dict[str, Any] = {}
    for value in CONFIG_VALUES:
        raw = getattr(config, value.name, value.default)
        try:
            checked = value.check(raw, ctx)
        except checks.Invalid as exc:
            if report is not None:
                report(value.name, f"{exc}; the default is used")
            checked = value.check(value.default, ctx)
            # what Sphinx and other extensions read is the default too
            setattr(config, value.name, value.default)
        for problem in checked.problems:
            if report is not None:
                report(value.name, problem)
        values[value.name.removeprefix("paperdigest_")] = checked.value
    return Settings(**values)


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: check every value once and keep the :class:`Settings`.

    Before Sphinx's own type check (priority 800), so that a value of the wrong
    type is our located warning, then its default, rather than Sphinx's
    warning without a location.
    """
    where = conf_locator(app.confdir)

    def report(name: str, message: str) -> None:
        warn(f"{name}: {message}", "option", where(name))

    setattr(config, _ATTRIBUTE, _check_all(config, Path(app.srcdir), report))


def setup_config(app: Sphinx) -> None:
    """Declare the configuration values and check them when the config is read."""
    for value in CONFIG_VALUES:
        app.add_config_value(
            value.name,
            value.default,
            value.rebuild,  # type: ignore[arg-type]
            types=value.types,
            description=value.description,
        )
    app.connect("config-inited", check_config)


__all__ = ["CONFIG_VALUES", "Settings", "conf_locator", "settings", "setup_config"]
