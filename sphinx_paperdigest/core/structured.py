"""Read structured digests: YAML, JSON or TOML data instead of prose.

The shape (documented in the docs' format page)::

    title: My digest            # any front matter key, same meaning
    topics: [ml]
    entries:                    # or groups: [{title, intro, entries: [...]}]
      - title: Paper title      # required
        url: https://...        # the article
        summary: Markdown text
        papers: [https://arxiv.org/abs/2106.02584, {url: ..., label: ...}]
        image: pic.png          # or {src, alt, width, height}; images: [...]
        topics: [nerf]
        date: 2021-06-13
        id: my-id
        group: 2021             # entries with the same group are gathered
        anything-else: kept     # in Entry.meta

Every mapping keeps its line (exact for YAML and JSON, the ``[[entries]]``
header for TOML).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from json.decoder import JSONObject  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any

import yaml

from .builder import EntryBuilder, Parts
from .limits import Budget, brief
from .metadata import Report, build_meta, capped_title, year_in
from .model import Digest, Entry, Group
from .safeload import (
    PARSE_ERRORS,
    Hit,
    SafeLoader,
    bound_json,
    bound_toml,
    clean_data,
    report_hits,
    run_loader,
    yaml_error_line,
)
from .scan import scan_markdown

Lines = dict[int, int]


class _YamlLoader(SafeLoader):
    """Remembers the line of every mapping it builds (keyed by ``id``)."""

    def __init__(self, stream: str, budget: Budget | None = None) -> None:
        super().__init__(stream, budget)
        self.lines: Lines = {}


def _yaml_map(loader: _YamlLoader, node: yaml.MappingNode) -> Any:
    data: dict[Any, Any] = {}
    loader.lines[id(data)] = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_YamlLoader.add_constructor("tag:yaml.org,2002:map", _yaml_map)


def _load_yaml(text: str, report: Report, budget: Budget) -> tuple[Any, Lines]:
    loader = _YamlLoader(text, budget)
    return run_loader(loader, report, 1), loader.lines


def _load_json(text: str, report: Report, budget: Budget) -> tuple[Any, Lines]:
    text, hits = bound_json(text)
    try:
        return _decode_json(text, hits)
    finally:
        report_hits(hits, report, 1)


def _decode_json(text: str, hits: list[Hit]) -> tuple[Any, Lines]:
    lines: Lines = {}
    decoder = json.JSONDecoder()
    counted = [0, 1]  # offset and line counted so far: objects open in file order

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        s, end = s_and_end
        counted[1] += s.count("\n", counted[0], end)
        counted[0] = end
        line = counted[1]
        obj, new_end = JSONObject(s_and_end, *args)
        lines[id(obj)] = line
        return obj, new_end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    # the C scanner does not call parse_object; the Python one does
    decoder.scan_once = py_make_scanner(decoder)  # type: ignore[attr-defined]
    return clean_data(decoder.decode(text), hits), lines


_TOML_TABLE_RE = re.compile(r"^[ \t]*\[\[\s*(entries|groups|groups\.entries)\s*\]\]", re.M)


def _load_toml(text: str, report: Report, budget: Budget) -> tuple[Any, Lines]:
    text, hits = bound_toml(text)
    try:
        data = clean_data(tomllib.loads(text), hits)
    finally:
        report_hits(hits, report, 1)
    # tomllib keeps no positions: the n-th ``[[entries]]`` header is the n-th
    # entry table, and likewise for groups and their entries
    tables: dict[str, list[Any]] = {"entries": [], "groups": [], "groups.entries": []}
    entries, groups = data.get("entries"), data.get("groups")
    if isinstance(entries, list):
        tables["entries"] = entries
    if isinstance(groups, list):
        tables["groups"] = groups
        for group in groups:
            if isinstance(group, dict) and isinstance(group.get("entries"), list):
                tables["groups.entries"].extend(group["entries"])
    lines: Lines = {}
    seen = dict.fromkeys(tables, 0)
    offset, line = 0, 1
    for match in _TOML_TABLE_RE.finditer(text):
        kind = match.group(1)
        line += text.count("\n", offset, match.start())
        offset = match.start()
        if seen[kind] < len(tables[kind]):
            lines[id(tables[kind][seen[kind]])] = line
            seen[kind] += 1
    return data, lines


_LOADERS: dict[str, Callable[[str, Report, Budget], tuple[Any, Lines]]] = {
    "yaml": _load_yaml,
    "json": _load_json,
    "toml": _load_toml,
}


def read_structured(
    text: str, fmt: str, path: str | None, report: Report, budget: Budget | None = None
) -> Digest:
    """Read a YAML, JSON or TOML digest; bad shape is reported, never raised."""
    empty = Digest(
        path=path, meta=build_meta({}, report, None), groups=(), format=fmt, shape="data"
    )
    budget = budget or Budget.for_text(text)
    try:
        data, lines = _LOADERS[fmt](text, report, budget)
    except PARSE_ERRORS as exc:
        report("structure", *_parse_error(fmt, exc))
        return empty
    if not isinstance(data, dict):
        report("structure", 1, "a structured digest must be a mapping with an 'entries' list")
        return empty
    reader = _Reader(EntryBuilder(report), lines, budget)
    meta_data = {k: v for k, v in data.items() if k not in {"entries", "groups"}}
    groups: list[Group] = []
    if "groups" in data:
        groups += reader.groups(data["groups"])
    if "entries" in data or "groups" not in data:
        groups += reader.grouped_entries(data.get("entries"))
    reader.builder.report_markup()
    return Digest(
        path=path,
        meta=build_meta(meta_data, report, 1),
        groups=tuple(groups),
        intro=str(data.get("intro") or ""),
        intro_line=1 if data.get("intro") else None,
        format=fmt,
        shape="data",
    )


@dataclass(slots=True)
class _Reader:
    """Makes groups and entries of parsed data; ``lines`` are its mappings' lines."""

    builder: EntryBuilder
    lines: Lines
    budget: Budget

    def groups(self, raw_groups: Any) -> list[Group]:
        """The groups of a ``groups`` list: ``{title, intro, entries}`` each."""
        report = self.builder.report
        if not isinstance(raw_groups, list):
            report("structure", 1, "'groups' must be a list")
            return []
        groups = []
        for raw in raw_groups:
            line = self.lines.get(id(raw))
            if not isinstance(raw, dict):
                report("structure", line, f"a group must be a mapping, not {brief(raw)}")
                continue
            title = capped_title(str(raw.get("title") or ""), report, line)
            year = year_in(title)
            entries = tuple(
                self.entry(e, self.lines.get(id(e)) or line or 1, (title or None, year))
                for e in _entry_list(raw.get("entries"), line, report)
            )
            groups.append(
                Group(
                    title=title,
                    line=line,
                    entries=entries,
                    year=year,
                    intro=str(raw.get("intro") or ""),
                    intro_line=line,
                )
            )
        return groups

    def grouped_entries(self, raw_entries: Any) -> list[Group]:
        """The groups of an ``entries`` list: entries with the same ``group`` together."""
        report = self.builder.report
        by_group: dict[str, list[Any]] = {}
        for raw in _entry_list(raw_entries, 1, report):
            key = str(raw.get("group", "")) if isinstance(raw, dict) else ""
            by_group.setdefault(key, []).append(raw)
        groups = []
        for key, raws in by_group.items():
            first_line = self.lines.get(id(raws[0]))
            title = capped_title(key, report, first_line)
            year = year_in(title)
            entries = tuple(
                self.entry(r, self.lines.get(id(r)) or 1, (title or None, year)) for r in raws
            )
            groups.append(
                Group(title=title, line=first_line if title else None, entries=entries, year=year)
            )
        return groups

    def entry(self, raw: Any, line: int, group: tuple[str | None, int | None]) -> Entry:
        """The entry of ``raw``; ``group`` is its group's title and year."""
        return _entry(self.builder, raw, line, group, self.budget)


def _parse_error(fmt: str, exc: Exception) -> tuple[int, str]:
    """The line and message of a structured digest that does not parse."""
    if isinstance(exc, yaml.YAMLError):
        line = yaml_error_line(exc)
        return (line + 1 if line is not None else 1), f"YAML: {' '.join(str(exc).split())}"
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, f"JSON: {exc.msg}"
    if isinstance(exc, tomllib.TOMLDecodeError):
        match = re.search(r"at line (\d+)", str(exc))
        return (int(match.group(1)) if match else 1), f"TOML: {exc}"
    if isinstance(exc, RecursionError):
        return 1, "the data is nested too deeply"
    return 1, f"{fmt.upper()}: {brief(exc)}"


_ENTRY_FIELDS = frozenset({"title", "url", "summary", "papers", "image", "images", "group"})


def _entry(
    builder: EntryBuilder,
    raw: Any,
    line: int,
    group: tuple[str | None, int | None],
    budget: Budget,
) -> Entry:
    """The entry of ``raw``; ``group`` is its group's title and year."""
    report = builder.report
    if not isinstance(raw, dict):
        # nothing lost: a bare value is an entry with that title
        report("structure", line, f"an entry must be a mapping, not {brief(raw)}")
        raw = {"title": str(raw)}
    title = capped_title(" ".join(str(raw.get("title") or "").split()), report, line)
    url = raw.get("url")
    if url is not None and not isinstance(url, str):
        report("structure", line, f"url must be text, not {brief(url)}")
        url = None
    summary = raw.get("summary") or ""
    if not isinstance(summary, str):
        report("structure", line, "summary must be Markdown text")
        summary = str(summary)
    summary = summary.strip()
    found = scan_markdown(summary, line, report, budget)
    parts = Parts(meta={k: v for k, v in raw.items() if k not in _ENTRY_FIELDS})
    parts.meta_line = line
    for value in _as_list(raw.get("papers")):
        if isinstance(value, dict):
            builder.link(str(value.get("url", "")), str(value.get("label", "")), line, parts)
        elif isinstance(value, str):
            builder.link(value, "", line, parts)
        else:
            message = f"a paper must be a URL or a mapping with url, not {brief(value)}"
            report("structure", line, message)
    for value in [*_as_list(raw.get("image")), *_as_list(raw.get("images"))]:
        attrs = value if isinstance(value, dict) else {"src": value}
        image = builder.image({str(k): str(v) for k, v in attrs.items()}, line, parts)
        if image is not None:
            parts.images.append(image)
    parts.links += found.links
    parts.images += found.images
    parts.raw_html, parts.unsafe = found.raw_html, parts.unsafe + found.unsafe
    parts.markup = found.markup
    return builder.build(
        title=title,
        url=url,
        line=line,
        parts=parts,
        summary=lambda _thumbnail: (summary, line if summary else None),
        group=group[0],
        group_year=group[1],
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _entry_list(value: Any, line: int | None, report: Report) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        report("structure", line, "'entries' must be a list")
        return []
    return value
