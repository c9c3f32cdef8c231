"""What a directive shows of a digest: options, filters, order and sections.

Pure functions over the model; the Sphinx directive parses its options with
:func:`parse_options` and asks :func:`select` for the sections to render.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .metadata import parse_bool
from .model import SHAPES, Digest, Entry
from .topicrules import TopicRules

__all__ = [  # TopicRules too: its home was here
    "DEFAULT_COLUMNS",
    "GROUP_BYS",
    "LAYOUTS",
    "OPTION_NAMES",
    "SORTS",
    "SUMMARIES",
    "Item",
    "OptionError",
    "Section",
    "TopicRules",
    "ViewOptions",
    "empty_selection",
    "entry_topics",
    "filters_text",
    "parse_options",
    "select",
]

SORTS = ("source", "newest", "oldest", "title")
GROUP_BYS = ("group", "year", "topic", "none")
LAYOUTS = ("grid", "list", "compact")
SUMMARIES = ("full", "first-paragraph", "none")
DEFAULT_COLUMNS = (1, 2, 3, 3)


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """Parsed directive options (see the docs' directive reference)."""

    topics: tuple[str, ...] | None = None
    exclude_topics: tuple[str, ...] = ()
    years: tuple[tuple[int, int], ...] | None = None
    groups: tuple[str, ...] | None = None
    limit: int | None = None
    sort: str = "source"
    group_by: str = "group"
    columns: tuple[int, int, int, int] = DEFAULT_COLUMNS
    layout: str = "grid"
    summary: str = "full"
    thumbnails: bool = True
    intro: bool = False
    heading_level: int | None = None
    classes: tuple[str, ...] = ()
    name: str | None = None
    entry_level: int | None = None
    entry: str | None = None


@dataclass(frozen=True, slots=True)
class OptionError:
    """A bad option value (or an unknown option): the option, the value, and why."""

    option: str
    value: str
    reason: str
    #: An option the directive does not have: it is ignored (no default to use).
    unknown: bool = False

    def __str__(self) -> str:
        if self.unknown:
            return f":{self.option}: {self.reason}"
        return f":{self.option}: {self.value!r}: {self.reason}; the default is used"


def _words(value: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in value.split(",") if w.strip())


def _choice(choices: Sequence[str]) -> object:
    def parse(value: str) -> str:
        value = value.strip().lower()
        if value not in choices:
            raise ValueError("choose one of " + ", ".join(choices))
        return value

    return parse


def _years(value: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for part in _words(value):
        match = re.fullmatch(r"(\d{4})\s*(?:-|–|\.\.)\s*(\d{4})|(\d{4})", part)
        if not match:
            raise ValueError("write years as 2021, 2019-2021, or a comma list of them")
        if match.group(3):
            spans.append((int(match.group(3)), int(match.group(3))))
        else:
            lo, hi = sorted((int(match.group(1)), int(match.group(2))))
            spans.append((lo, hi))
    if not spans:
        raise ValueError("no year given")
    return tuple(spans)


def _positive(value: str) -> int:
    number = int(value.strip())
    if number < 1:
        raise ValueError("must be a whole number of at least 1")
    return number


def _columns(value: str) -> tuple[int, int, int, int]:
    parts = value.split()
    if len(parts) not in (1, 4) or not all(p.isdigit() and 1 <= int(p) <= 12 for p in parts):
        raise ValueError("give 1 or 4 whole numbers from 1 to 12 (phone tablet laptop desktop)")
    numbers = [int(p) for p in parts]
    a, b, c, d = numbers * 4 if len(numbers) == 1 else numbers
    return a, b, c, d


def _switch(value: str) -> bool:
    # a flag with no value (``:thumbnails:``) is on
    return parse_bool(value) if value.strip() else True


def _heading_level(value: str) -> int:
    level = int(value.strip())
    if not 1 <= level <= 6:
        raise ValueError("must be from 1 to 6")
    return level


def _classes(value: str) -> tuple[str, ...]:
    names = tuple(value.split())
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][\w-]*", name):
            raise ValueError(f"{name!r} is not a CSS class name")
    return names


def _name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValueError("empty name")
    return name


_PARSERS: dict[str, tuple[str, object]] = {
    "topics": ("topics", _words),
    "exclude-topics": ("exclude_topics", _words),
    "years": ("years", _years),
    "group": ("groups", _words),
    "groups": ("groups", _words),
    "limit": ("limit", _positive),
    "sort": ("sort", _choice(SORTS)),
    "group-by": ("group_by", _choice(GROUP_BYS)),
    "columns": ("columns", _columns),
    "layout": ("layout", _choice(LAYOUTS)),
    "summary": ("summary", _choice(SUMMARIES)),
    "thumbnails": ("thumbnails", _switch),
    "intro": ("intro", _switch),
    "heading-level": ("heading_level", _heading_level),
    "class": ("classes", _classes),
    "name": ("name", _name),
    "entry-level": ("entry_level", _heading_level),
    "entry": ("entry", _choice(SHAPES)),
}

#: The directive's option names, in the order the docs list them.
OPTION_NAMES: tuple[str, ...] = tuple(_PARSERS)


#: Words people write for an option, when spelling alone does not find it.
_MEANT = {
    "tag": "topics",
    "tags": "topics",
    "topic-filter": "topics",
    "year": "years",
    "order": "sort",
    "sort-by": "sort",
    "order-by": "sort",
    "count": "limit",
    "max": "limit",
    "cols": "columns",
    "style": "layout",
    "images": "thumbnails",
    "pictures": "thumbnails",
    "classes": "class",
}


def _unknown(option: str) -> str:
    """Why an option is refused, with the option probably meant (``:topic:``: ``:topics:``)."""
    wanted = option.strip().lower().replace("_", "-")
    meant = wanted if wanted in _PARSERS else _MEANT.get(wanted)
    if meant is None:
        close = difflib.get_close_matches(wanted, _PARSERS, n=1, cutoff=0.7)
        meant = close[0] if close else None
    if meant is not None:
        return f"unknown option, ignored; did you mean :{meant}:?"
    return "unknown option, ignored; the options are " + ", ".join(f":{o}:" for o in _PARSERS)


def parse_options(
    raw: Mapping[str, str | None], defaults: Mapping[str, str] | None = None
) -> tuple[ViewOptions, list[OptionError]]:
    """Parse option strings (``defaults`` first, then ``raw``); bad values are errors.

    A bad value leaves the field at its default (or the project default) and is
    returned as an :class:`OptionError` for the caller to report.
    """
    values: dict[str, object] = {}
    errors: list[OptionError] = []
    for source in (defaults or {}, raw):
        for option, text in source.items():
            if option not in _PARSERS:
                errors.append(OptionError(option, str(text or ""), _unknown(option), True))
                continue
            field_name, parser = _PARSERS[option]
            try:
                values[field_name] = parser(text or "")  # type: ignore[operator]
            except ValueError as exc:
                errors.append(OptionError(option, str(text or ""), str(exc)))
    return ViewOptions(**values), errors  # type: ignore[arg-type]


# -- topics -----------------------------------------------------------------------------


def entry_topics(entry: Entry, digest: Digest, rules: TopicRules) -> tuple[str, ...]:
    """The topics a card shows: the entry's own, else the digest's, plus rule topics."""
    topics = list(entry.topics or digest.meta.topics)
    for topic in rules.topics_for(entry):
        if topic not in topics:
            topics.append(topic)
    return tuple(topics)


# -- selection --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """An entry as a card shows it: the entry and its topics."""

    entry: Entry
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """One heading's worth of cards. ``kind`` is ``group``, ``year``, ``topic``, or ``all``.

    ``title`` is empty for the cards that come before any heading.
    """

    kind: str
    title: str
    items: tuple[Item, ...]
    year: int | None = None
    intro: str = ""
    intro_line: int | None = None
    key: str = field(default="")


def _in_years(entry: Entry, spans: tuple[tuple[int, int], ...]) -> bool:
    return entry.year is not None and any(lo <= entry.year <= hi for lo, hi in spans)


def _sort_key_date(item: Item) -> tuple[int, int, int]:
    entry = item.entry
    if entry.date is not None:
        return entry.date.year, entry.date.month, entry.date.day
    return (entry.year or 0), 0, 0


def _sorted(items: list[Item], sort: str) -> list[Item]:
    if sort == "title":
        return sorted(items, key=lambda i: i.entry.title.casefold())
    if sort in {"newest", "oldest"}:
        dated = [i for i in items if i.entry.year is not None]
        undated = [i for i in items if i.entry.year is None]
        dated.sort(key=_sort_key_date, reverse=sort == "newest")
        return dated + undated  # undated last either way
    return items


def select(
    digest: Digest,
    options: ViewOptions,
    rules: TopicRules,
    undated: str = "Undated",
    no_topic: str = "No topic",
) -> list[Section]:
    """Filter, sort, limit and group the digest's entries as the options say.

    ``undated`` and ``no_topic`` are the (translated) titles of the sections for
    entries without a year or a topic.
    """
    chosen = _chosen(digest, options, rules)
    items = _sorted([item for item, _ in chosen], options.sort)
    if options.limit is not None:
        items = items[: options.limit]
    if options.group_by == "none":
        return [Section("all", "", tuple(items))] if items else []
    if options.group_by == "group":
        group_of = {id(item): index for item, index in chosen}
        return _by_group(digest, items, group_of)
    if options.group_by == "year":
        return _by_year(items, options.sort, undated)
    return _by_topic(items, no_topic)


def filters_text(options: ViewOptions) -> str:
    """The filter options that are set, as written: ``:topics: NeRF, SLAM :years: 2019``."""
    spans = [f"{lo}-{hi}" if lo != hi else str(lo) for lo, hi in options.years or ()]
    parts = [
        ("topics", options.topics),
        ("exclude-topics", options.exclude_topics or None),
        ("years", spans if options.years is not None else None),
        ("groups", options.groups),
    ]
    return " ".join(f":{name}: {', '.join(value)}" for name, value in parts if value is not None)


def empty_selection(digest: Digest, options: ViewOptions, rules: TopicRules) -> str | None:
    """Why the filters leave none of a digest's entries, or None when they leave some.

    Says which filters are set and what the digest has to choose from: its
    topics (with the rules' topics), years and, for ``:groups:``, group titles.
    """
    entries = digest.entries
    if not entries or _chosen(digest, options, rules):
        return None
    topics = dict.fromkeys(t for e in entries for t in entry_topics(e, digest, rules))
    years = sorted({e.year for e in entries if e.year is not None})
    have = [
        "topics: " + (", ".join(topics) or "none"),
        "years: " + (", ".join(map(str, years)) or "none"),
    ]
    if options.groups is not None:
        titles = dict.fromkeys(g.title for g in digest.groups if g.title and g.entries)
        have.append("groups: " + (", ".join(titles) or "none"))
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    return f"{filters_text(options)} leaves none of the digest's {count}; it has " + "; ".join(have)


def _chosen(digest: Digest, options: ViewOptions, rules: TopicRules) -> list[tuple[Item, int]]:
    """The entries the filters keep, in file order, each with its group's index."""
    wanted = {t.casefold() for t in options.topics} if options.topics is not None else None
    unwanted = {t.casefold() for t in options.exclude_topics}
    groups = {g.casefold() for g in options.groups} if options.groups is not None else None
    chosen: list[tuple[Item, int]] = []
    for index, group in enumerate(digest.groups):
        if groups is not None and group.title.casefold() not in groups:
            continue
        for entry in group.entries:
            topics = entry_topics(entry, digest, rules)
            folded = {t.casefold() for t in topics}
            if (wanted is not None and not folded & wanted) or folded & unwanted:
                continue
            if options.years is not None and not _in_years(entry, options.years):
                continue
            chosen.append((Item(entry, topics), index))
    return chosen


def _by_group(digest: Digest, items: list[Item], group_of: dict[int, int]) -> list[Section]:
    """A section per group of the file, in file order, neighbours of one title merged."""
    by_group: dict[int, list[Item]] = {}
    for item in items:
        by_group.setdefault(group_of[id(item)], []).append(item)
    sections = [
        Section(
            "group",
            group.title,
            tuple(by_group[index]),
            year=group.year,
            intro=group.intro,
            intro_line=group.intro_line,
            key=f"group-{index}",
        )
        for index, group in enumerate(digest.groups)
        if index in by_group
    ]
    return _merge_same_titles(sections)


def _by_year(items: list[Item], sort: str, undated: str) -> list[Section]:
    """A section per year: in the order of ``sort`` (else as first seen), undated last."""
    years: dict[int | None, list[Item]] = {}
    for item in items:
        years.setdefault(item.entry.year, []).append(item)
    keys = [y for y in years if y is not None]
    if sort in {"newest", "oldest"}:
        keys.sort(reverse=sort == "newest")
    ordered: list[int | None] = [*keys, None] if None in years else list(keys)
    return [
        Section(
            "year",
            str(y) if y is not None else undated,
            tuple(years[y]),
            year=y,
            key=f"year-{y}" if y is not None else "undated",
        )
        for y in ordered
    ]


def _by_topic(items: list[Item], no_topic: str) -> list[Section]:
    """A section per topic, an entry under each of its topics; entries with none last."""
    by_topic: dict[str, list[Item]] = {}
    bare: list[Item] = []
    for item in items:
        for topic in item.topics:
            by_topic.setdefault(topic, []).append(item)
        if not item.topics:
            bare.append(item)
    sections = [Section("topic", t, tuple(v), key=f"topic-{t}") for t, v in by_topic.items()]
    if bare:
        sections.append(Section("topic", no_topic, tuple(bare), key="no-topic"))
    return sections


def _merge_same_titles(sections: list[Section]) -> list[Section]:
    """Join neighbouring sections of one group (a group a file resumes after a sub-group)."""
    runs: list[tuple[Section, list[Item]]] = []  # the first section of a run, all items
    for section in sections:
        if runs and runs[-1][0].title == section.title:
            runs[-1][1].extend(section.items)
        else:
            runs.append((section, list(section.items)))
    return [
        first if len(items) == len(first.items) else replace(first, items=tuple(items))
        for first, items in runs
    ]
