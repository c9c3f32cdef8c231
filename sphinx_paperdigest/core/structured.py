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
from json.decoder import JSONObject  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import Any

import yaml

from .builder import EntryBuilder, Parts
from .metadata import Report, _LineLoader, build_meta, yaml_error_line, year_in
from .model import Digest, Entry, Group
from .reader import scan_markdown

Lines = dict[int, int]


class _YamlLoader(_LineLoader):
    """Remembers the line of every mapping it builds (keyed by ``id``)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: Lines = {}


def _yaml_map(loader: _YamlLoader, node: yaml.MappingNode) -> Any:
    data: dict[Any, Any] = {}
    loader.lines[id(data)] = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_YamlLoader.add_constructor("tag:yaml.org,2002:map", _yaml_map)


def _load_yaml(text: str) -> tuple[Any, Lines]:
    loader = _YamlLoader(text)
    try:
        return loader.get_single_data(), loader.lines
    finally:
        loader.dispose()


def _load_json(text: str) -> tuple[Any, Lines]:
    lines: Lines = {}
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        s, end = s_and_end
        obj, new_end = JSONObject(s_and_end, *args)
        lines[id(obj)] = s.count("\n", 0, end) + 1
        return obj, new_end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    # the C scanner does not call parse_object; the Python one does
    decoder.scan_once = py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text), lines


_TOML_TABLE_RE = re.compile(r"^[ \t]*\[\[\s*(entries|groups|groups\.entries)\s*\]\]", re.M)


def _load_toml(text: str) -> tuple[Any, Lines]:
    data = tomllib.loads(text)
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
    for match in _TOML_TABLE_RE.finditer(text):
        kind = match.group(1)
        if seen[kind] < len(tables[kind]):
            lines[id(tables[kind][seen[kind]])] = text.count("\n", 0, match.start()) + 1
            seen[kind] += 1
    return data, lines


_LOADERS: dict[str, Callable[[str], tuple[Any, Lines]]] = {
    "yaml": _load_yaml,
    "json": _load_json,
    "toml": _load_toml,
}


def read_structured(text: str, fmt: str, path: str | None, report: Report) -> Digest:
    """Read a YAML, JSON or TOML digest; bad shape is reported, never raised."""
    empty = Digest(path=path, meta=build_meta({}, report, None), groups=(), format=fmt)
    try:
        data, lines = _LOADERS[fmt](text)
    except yaml.YAMLError as exc:
        line = yaml_error_line(exc)
        report(
            "structure", line + 1 if line is not None else 1, f"YAML: {' '.join(str(exc).split())}"
        )
        return empty
    except json.JSONDecodeError as exc:
        report("structure", exc.lineno, f"JSON: {exc.msg}")
        return empty
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        report("structure", int(match.group(1)) if match else 1, f"TOML: {exc}")
        return empty
    except RecursionError:
        report("structure", 1, "the data is nested too deeply")
        return empty
    if not isinstance(data, dict):
        report("structure", 1, "a structured digest must be a mapping with an 'entries' list")
        return empty
    builder = EntryBuilder(report)
    meta_data = {k: v for k, v in data.items() if k not in {"entries", "groups"}}
    meta = build_meta(meta_data, report, 1)
    groups: list[Group] = []
    if "groups" in data:
        raw_groups = data["groups"]
        if not isinstance(raw_groups, list):
            report("structure", 1, "'groups' must be a list")
            raw_groups = []
        for raw in raw_groups:
            line = lines.get(id(raw))
            if not isinstance(raw, dict):
                report("structure", line, f"a group must be a mapping, not {raw!r:.40}")
                continue
            title = str(raw.get("title") or "")
            entries = tuple(
                _entry(builder, e, lines.get(id(e)) or line or 1, title or None)
                for e in _entry_list(raw.get("entries"), line, report)
            )
            groups.append(
                Group(
                    title=title,
                    line=line,
                    entries=entries,
                    year=year_in(title),
                    intro=str(raw.get("intro") or ""),
                    intro_line=line,
                )
            )
    if "entries" in data or "groups" not in data:
        by_group: dict[str, list[Any]] = {}
        for raw in _entry_list(data.get("entries"), 1, report):
            key = str(raw.get("group", "")) if isinstance(raw, dict) else ""
            by_group.setdefault(key, []).append(raw)
        for title, raws in by_group.items():
            first_line = lines.get(id(raws[0]))
            groups.append(
                Group(
                    title=title,
                    line=first_line if title else None,
                    entries=tuple(
                        _entry(builder, r, lines.get(id(r)) or 1, title or None) for r in raws
                    ),
                    year=year_in(title),
                )
            )
    return Digest(
        path=path,
        meta=meta,
        groups=tuple(groups),
        intro=str(data.get("intro") or ""),
        intro_line=1 if data.get("intro") else None,
        format=fmt,
    )


_ENTRY_FIELDS = frozenset({"title", "url", "summary", "papers", "image", "images", "group"})


def _entry(builder: EntryBuilder, raw: Any, line: int, group: str | None) -> Entry:
    report = builder.report
    if not isinstance(raw, dict):
        # nothing lost: a bare value is an entry with that title
        report("structure", line, f"an entry must be a mapping, not {raw!r:.40}")
        raw = {"title": str(raw)}
    title = " ".join(str(raw.get("title") or "").split())
    url = raw.get("url")
    if url is not None and not isinstance(url, str):
        report("structure", line, f"url must be text, not {url!r:.40}")
        url = None
    summary = raw.get("summary") or ""
    if not isinstance(summary, str):
        report("structure", line, "summary must be Markdown text")
        summary = str(summary)
    summary = summary.strip()
    found = scan_markdown(summary, line, builder)
    parts = Parts(meta={k: v for k, v in raw.items() if k not in _ENTRY_FIELDS})
    parts.meta_line = line
    for value in _as_list(raw.get("papers")):
        if isinstance(value, dict):
            builder.link(str(value.get("url", "")), str(value.get("label", "")), line, parts)
        elif isinstance(value, str):
            builder.link(value, "", line, parts)
        else:
            report(
                "structure", line, f"a paper must be a URL or a mapping with url, not {value!r:.40}"
            )
    for value in [*_as_list(raw.get("image")), *_as_list(raw.get("images"))]:
        attrs = value if isinstance(value, dict) else {"src": value}
        image = builder.image({str(k): str(v) for k, v in attrs.items()}, line, parts)
        if image is not None:
            parts.images.append(image)
    parts.links += found.links
    parts.images += found.images
    parts.raw_html, parts.unsafe = found.raw_html, parts.unsafe + found.unsafe
    return builder.build(
        title=title,
        url=url,
        line=line,
        parts=parts,
        summary=lambda _thumbnail: (summary, line if summary else None),
        group=group,
        group_year=year_in(group or ""),
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
