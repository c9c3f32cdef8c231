"""The ``paperdigest`` HTML theme: its registration and what its templates read.

Sphinx finds the theme through the ``sphinx.html_themes`` entry point, which
loads this module as an extension; the ``sphinx_paperdigest`` extension loads it
too, so a project that lists the extension gets the theme without the entry point.

The templates read two values this module adds to each page's context:
``paperdigest_page`` (a :class:`PageDigest` made from the page's doctree: the
digest's emoji, its groups and topics with counts) and ``paperdigest_theme_css``
(the ``--pd-*`` custom properties the theme options set).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..core.emoji import EMOJI_MAX, valid_emoji
from ..i18n import LOCALE_DIR
from ..report import warn
from ..topics import topic_color

#: Where ``theme.toml``, the templates and the static files are.
THEME_DIR = Path(__file__).parent / "paperdigest"
THEME_NAME = "paperdigest"

_VARIABLE_RE = re.compile(r"--pd-[a-z0-9-]+")
# a value cannot end the declaration, the rule or the <style> element it is written in
_BAD_VALUE_RE = re.compile(r"[;{}<>\\\n\r]")
DOMAIN_NAME = "paperdigest"  # the extension's domain, when it is set up


@dataclass(frozen=True, slots=True)
class GroupLink:
    """A group (year) of the page: its anchor, title and number of cards."""

    anchor: str
    title: str
    count: int


@dataclass(frozen=True, slots=True)
class TopicCount:
    """A topic of the page's cards: its name, badge colour and number of cards."""

    name: str
    color: str
    count: int


@dataclass(frozen=True, slots=True)
class PageDigest:
    """What the theme shows about the digest(s) a page holds."""

    emoji: str
    cards: int
    groups: tuple[GroupLink, ...]
    topics: tuple[TopicCount, ...]


def _topics(records: Sequence[Any], colors: Mapping[str, str]) -> list[TopicCount]:
    """Each topic once per entry; most entries first, then by name."""
    counts: Counter[str] = Counter()
    for record in records:
        counts.update(set(record.topics))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [TopicCount(name, topic_color(name, colors), count) for name, count in ordered]


def page_digest(
    records: Sequence[Any],
    page: Any,
    colors: Mapping[str, str] | None = None,
) -> PageDigest | None:
    """Describe the digest(s) on a page, or None when it shows no entry.

    ``records`` are the page's entries and ``page`` what else it shows, as the
    ``paperdigest`` domain recorded them (:class:`~sphinx_paperdigest.domain.EntryRecord`,
    :class:`~sphinx_paperdigest.domain.PageRecord`); ``colors`` is
    ``paperdigest_topic_colors``.
    """
    if not records:
        return None
    return PageDigest(
        emoji=getattr(page, "emoji", ""),
        cards=len(records),
        groups=tuple(GroupLink(*group) for group in getattr(page, "groups", ())),
        topics=tuple(_topics(records, colors or {})),
    )


# -- theme options ---------------------------------------------------------------------


def _variables(value: Any, option: str, problems: list[str]) -> dict[str, str]:
    if not value:
        return {}
    if not isinstance(value, Mapping):
        problems.append(f"{option} must be a dict of --pd-* names to CSS values")
        return {}
    found: dict[str, str] = {}
    for name, css in value.items():
        if not isinstance(name, str) or not _VARIABLE_RE.fullmatch(name):
            problems.append(f"{option}: {name!r} is not a --pd-* custom property name")
        elif not isinstance(css, str) or not css.strip() or _BAD_VALUE_RE.search(css):
            problems.append(f"{option}: {css!r} (for {name}) is not a plain CSS value")
        else:
            found[name] = css.strip()
    return found


def _value(value: Any, option: str, problems: list[str]) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or _BAD_VALUE_RE.search(value):
        problems.append(f"{option}: {value!r} is not a plain CSS value")
        return ""
    return value.strip()


#: Where the page is light, and where it is dark: the toggle's choice, or the
#: system's when the page follows it (data-theme="auto").
_LIGHT = ('html[data-theme="light"] body', "not (prefers-color-scheme: dark)")
_DARK = ('html[data-theme="dark"] body', "(prefers-color-scheme: dark)")


def _block(selector: str, values: Mapping[str, str]) -> str:
    body = " ".join(f"{name}: {css};" for name, css in values.items())
    return f"{selector} {{ {body} }}"


def _scheme_rules(scheme: tuple[str, str], values: Mapping[str, str]) -> list[str]:
    """Rules that set ``values`` in one colour scheme only."""
    if not values:
        return []
    chosen, media = scheme
    auto = _block('html[data-theme="auto"] body', values)
    return [_block(chosen, values), f"@media {media} {{ {auto} }}"]


def theme_css(options: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The ``<style>`` text the theme options ask for, and what was wrong with them.

    ``options`` holds the theme options by name (``accent_color``...). Light
    values apply where the page is light, dark ones where it is dark (the
    stylesheet writes each colour as ``light-dark()``: a value on ``body`` would
    win in both schemes); ``card_width`` applies in both.
    """
    problems: list[str] = []
    accent = _value(options.get("accent_color"), "accent_color", problems)
    accent_dark = _value(options.get("accent_color_dark"), "accent_color_dark", problems)
    width = _value(options.get("card_width"), "card_width", problems)
    light = _variables(options.get("light_css_variables"), "light_css_variables", problems)
    dark = _variables(options.get("dark_css_variables"), "dark_css_variables", problems)
    if accent:
        light = {"--pd-accent": accent, **light}
    if accent_dark:
        dark = {"--pd-accent": accent_dark, **dark}
    rules = [_block("body", {"--pd-card-width": width})] if width else []
    rules += _scheme_rules(_LIGHT, light) + _scheme_rules(_DARK, dark)
    return "\n".join(rules), problems


def _is_paperdigest_theme(context: Mapping[str, Any]) -> bool:
    # every theme option is in the context as theme_<name>; this one is ours (a
    # theme that inherits from paperdigest has it too)
    return "theme_card_width" in context


def _check_options(app: Sphinx) -> None:
    """Warn once per build about invalid theme options."""
    theme = getattr(app.builder, "theme", None)
    if theme is None:
        return
    options = theme.get_options(getattr(app.builder, "theme_options", {}))
    if "card_width" not in options:
        return
    for problem in theme_css(options)[1]:
        warn(f"html_theme_options: {problem}; ignored", "theme-option")


def _page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if not _is_paperdigest_theme(context):
        return
    page = None
    if doctree is not None:
        try:
            # the extension's DigestDomain (not imported: the theme works alone)
            domain: Any = app.env.domains[DOMAIN_NAME]
        except KeyError:  # the theme without the extension
            pass
        else:
            colors = _topic_colors(app)
            page = page_digest(domain.entries.get(pagename, []), domain.page(pagename), colors)
    context["paperdigest_page"] = page
    urls, index = _topic_links(app, pagename, page)
    context["paperdigest_topic_urls"], context["paperdigest_topic_index"] = urls, index
    options = {
        key.removeprefix("theme_"): value
        for key, value in context.items()
        if key.startswith("theme_")
    }
    context["paperdigest_theme_css"] = theme_css(options)[0]


def _topic_colors(app: Sphinx) -> Mapping[str, str]:
    """``paperdigest_topic_colors``, checked (the extension is set up with the domain)."""
    from ..config import settings  # noqa: PLC0415 - the extension's

    return settings(app.config).topic_colors


def _topic_links(app: Sphinx, pagename: str, page: PageDigest | None) -> tuple[dict[str, str], str]:
    """The URLs of the page's topics' pages, and of the topic index ('' without them)."""
    from ..topicpages import topic_href, topic_index_href  # noqa: PLC0415 - the extension's

    urls = {}
    for topic in page.topics if page else ():
        href = topic_href(app.builder, topic.name, pagename)
        if href:
            urls[topic.name] = href
    return urls, topic_index_href(app.builder, pagename) or ""


def setup_theme(app: Sphinx) -> None:
    """Register the theme and the page-context handler its templates need."""
    app.add_html_theme(THEME_NAME, str(THEME_DIR))
    # Templates translate with the "sphinx" domain; this catalogue only adds the
    # theme's own words: Sphinx keeps its translation of any word it knows.
    app.add_message_catalog("sphinx", str(LOCALE_DIR))
    app.connect("builder-inited", _check_options)
    app.connect("html-page-context", _page_context)


def setup(app: Sphinx) -> dict[str, Any]:
    """Set the theme up as an extension (what the entry point does)."""
    from .. import __version__  # noqa: PLC0415

    setup_theme(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


__all__ = ["EMOJI_MAX", "page_digest", "setup_theme", "theme_css", "valid_emoji"]
