"""Front matter and metadata values: YAML/TOML blocks and the keys with a meaning."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import diagnostics as diag
from .emoji import EMOJI_MAX, valid_emoji
from .limits import MAX_TITLE_CHARS, MAX_TOPICS, Budget, brief
from .model import SHAPES, Diagnostic, DigestMeta
from .safeload import PARSE_ERRORS, load_toml, load_yaml, yaml_error_line

_YAML_OPEN = "---"
_YAML_CLOSE = ("---", "...")
_TOML_FENCE = "+++"

Report = Callable[[str, int | None, str], None]


@dataclass(slots=True)
class FrontMatter:
    """What was found at the top of a file: the data and where the body starts."""

    data: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0  # 0-based index of the first body line
    kind: str | None = None


_TOML_LINE_RE = re.compile(r"at line (\d+)")


def split_front_matter(
    lines: list[str], report: Report, budget: Budget | None = None
) -> FrontMatter:
    """Read a ``---`` YAML or ``+++`` TOML block at the top of ``lines``.

    A block that does not parse is reported and the body still starts after it;
    a block that is never closed is reported and treated as body text.
    """
    if not lines:
        return FrontMatter()
    first = lines[0].rstrip()
    if first == _YAML_OPEN:
        closers: tuple[str, ...] = _YAML_CLOSE
        kind = "yaml"
    elif first == _TOML_FENCE:
        closers = (_TOML_FENCE,)
        kind = "toml"
    else:
        return FrontMatter()
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if end is None:
        report("front-matter", 1, f"the {kind.upper()} front matter is never closed")
        return FrontMatter()
    text = "".join(lines[1:end])
    result = FrontMatter(body_start=end + 1, kind=kind)
    try:
        data = load_yaml(text, report, 2, budget) if kind == "yaml" else load_toml(text, report, 2)
    except PARSE_ERRORS as exc:
        report(
            "front-matter",
            _error_line(exc),
            f"the {kind.upper()} front matter does not parse: {_one_line(exc)}",
        )
        return result
    if data is None:
        return result
    if not isinstance(data, dict):
        report("front-matter", 1, "the front matter is not a mapping of keys to values")
        return result
    result.data = {str(k): v for k, v in data.items()}
    return result


def _error_line(exc: Exception) -> int:
    """The file line of a front matter parse error (the block starts at line 2)."""
    if isinstance(exc, yaml.YAMLError):
        line = yaml_error_line(exc)
        return 2 + line if line is not None else 1
    match = _TOML_LINE_RE.search(str(exc)) if isinstance(exc, tomllib.TOMLDecodeError) else None
    return 1 + int(match.group(1)) if match else 1


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# -- values --------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")


def parse_date(value: Any) -> dt.date | None:
    """Read a date from a YAML/TOML/JSON value; raise :class:`ValueError` if not one.

    Accepts dates, datetimes, and strings that start with ``YYYY-MM-DD`` (or
    ``/``, ``.`` separators) followed by nothing, ``T`` or a space and a time.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE_RE.match(value)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    raise ValueError(f"{brief(value)} is not a date (write YYYY-MM-DD)")


_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)(?![0-9])")


def year_in(text: str) -> int | None:
    """The first four-digit year (1900-2099) written in ``text``, if any."""
    match = _YEAR_RE.search(text)
    return int(match.group(1)) if match else None


def parse_topics(value: Any) -> tuple[str, ...]:
    """Read topics from a list or a comma-separated string; raise ValueError if not."""
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValueError(f"topics must be a list or a comma-separated string, not {brief(value)}")
    topics: dict[str, None] = {}  # a dict keeps the order and finds a repeat at once
    for item in items:
        if not isinstance(item, str | int | float):
            raise ValueError(f"a topic must be text, not {brief(item)}")
        text = " ".join(str(item).split())
        if text:
            topics[text] = None
    return tuple(topics)


def capped_topics(
    topics: tuple[str, ...], report: Report, line: int | None, key: str
) -> tuple[str, ...]:
    """``topics`` cut to :data:`~.limits.MAX_TOPICS`, reported when cut."""
    if len(topics) <= MAX_TOPICS:
        return topics
    report("limit", line, f"{key}: {len(topics):,} topics; the first {MAX_TOPICS} are kept")
    return topics[:MAX_TOPICS]


def capped_title(title: str, report: Report, line: int | None) -> str:
    """``title`` cut to :data:`~.limits.MAX_TITLE_CHARS`, reported when cut."""
    if len(title) <= MAX_TITLE_CHARS:
        return title
    report(
        "limit",
        line,
        f"a title of {len(title):,} characters is cut to {MAX_TITLE_CHARS}: {title[:40]!r}",
    )
    return title[:MAX_TITLE_CHARS]


#: The words :func:`parse_bool` reads as true, and as false (any case).
TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})


def parse_bool(value: Any) -> bool:
    """Read a boolean: a YAML/TOML boolean, or one of :data:`TRUE_WORDS`, :data:`FALSE_WORDS`.

    The one reading of a yes or no, for metadata (``published: no``) and
    directive options (``:thumbnails: off``) alike.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueError(f"{brief(value)} is not true or false (nor on or off)")


def parse_entry_level(value: Any) -> int:
    """Read a heading level 1-6."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"entry level must be a number from 1 to 6, not {brief(value)}")
    try:
        level = int(value)
    except ValueError:
        raise ValueError(f"entry level must be a number from 1 to 6, not {brief(value)}") from None
    if not 1 <= level <= 6:
        raise ValueError(f"entry level must be a number from 1 to 6, not {brief(value)}")
    return level


#: Keys of the ``paperdigest:`` front matter mapping (and of a digest's metadata comment).
SETTINGS_KEYS = ("entry_level", "entry-level", "entry")


def settings_of(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the ``paperdigest:`` settings mapping of front matter (or {})."""
    value = data.get("paperdigest")
    return value if isinstance(value, Mapping) else {}


def entry_level_setting(data: Mapping[str, Any], report: Report, line: int | None) -> int | None:
    """Return ``paperdigest: {entry_level: N}`` from front matter, if valid."""
    settings = settings_of(data)
    raw = settings.get("entry_level", settings.get("entry-level"))
    if raw is None:
        return None
    try:
        return parse_entry_level(raw)
    except ValueError as exc:
        report("front-matter-value", line, f"paperdigest.entry_level: {exc}")
        return None


def parse_shape(value: Any) -> str:
    """Read how entries are written: one of :data:`~.model.SHAPES`."""
    if isinstance(value, str) and value.strip().lower() in SHAPES:
        return value.strip().lower()
    raise ValueError(f"entry must be one of {', '.join(SHAPES)}, not {brief(value)}")


def entry_setting(data: Mapping[str, Any], report: Report, line: int | None) -> str | None:
    """Return ``paperdigest: {entry: item}`` from front matter, if valid."""
    raw = settings_of(data).get("entry")
    if raw is None:
        return None
    try:
        return parse_shape(raw)
    except ValueError as exc:
        report("front-matter-value", line, f"paperdigest.entry: {exc}")
        return None


_KNOWN_KEYS = frozenset(
    {"title", "emoji", "type", "topics", "published", "published_at", "date", "paperdigest"}
)


def build_meta(data: Mapping[str, Any], report: Report, line: int | None) -> DigestMeta:
    """Turn front matter data into :class:`DigestMeta`, reporting bad values.

    Known keys: ``title``, ``emoji``, ``type``, ``topics`` (or ``tags``),
    ``published`` (or Hugo's ``draft``), ``published_at`` (or ``date``).
    """

    def bad(key: str, exc: Exception) -> None:
        report("front-matter-value", line, f"{key}: {exc}")

    kwargs: dict[str, Any] = _texts(data, bad)
    emoji = kwargs.get("emoji")
    if emoji is not None and not valid_emoji(emoji):
        # the theme prints it in every page's header, cards in their picture's place
        report(
            "emoji",
            line,
            f"emoji: {brief(emoji)} is not a short emoji (at most {EMOJI_MAX} characters, "
            "no spaces, markup or control characters); left out",
        )
        del kwargs["emoji"]
    topics_key = "topics" if "topics" in data else "tags" if "tags" in data else None
    if topics_key and data[topics_key] is not None:
        try:
            topics = parse_topics(data[topics_key])
            kwargs["topics"] = capped_topics(topics, report, line, topics_key)
        except ValueError as exc:
            bad(topics_key, exc)
    published = _published(data, bad)
    if published is not None:
        kwargs["published"] = published
    for key in ("published_at", "date"):
        if key in data and data[key] not in (None, ""):
            try:
                kwargs["date"] = parse_date(data[key])
            except ValueError as exc:
                report("invalid-date", line, f"{key}: {exc}")
            break
    extra = {key: value for key, value in data.items() if key not in _KNOWN_KEYS}
    return DigestMeta(extra=extra, **kwargs)


def _texts(data: Mapping[str, Any], bad: Callable[[str, Exception], None]) -> dict[str, Any]:
    """``title``, ``emoji`` and ``type``: text (a number is text too)."""
    found: dict[str, Any] = {}
    for key in ("title", "emoji", "type"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            found[key] = str(value).strip() or None
        else:
            bad(key, ValueError(f"must be text, not {brief(value)}"))
    return found


def _published(data: Mapping[str, Any], bad: Callable[[str, Exception], None]) -> bool | None:
    """``published``, else the opposite of Hugo's ``draft``; None when neither is read."""
    key = "published" if "published" in data else "draft" if "draft" in data else None
    if key is None:
        return None
    try:
        value = parse_bool(data[key])
    except ValueError as exc:
        bad(key, exc)
        return None
    return value if key == "published" else not value


def reporter(sink: list[Diagnostic]) -> Report:
    """Return a :data:`Report` that appends diagnostics to ``sink``."""

    def report(code: str, line: int | None, message: str) -> None:
        sink.append(diag.make(code, line, message))

    return report
