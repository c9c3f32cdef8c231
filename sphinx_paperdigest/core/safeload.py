"""Parse YAML, TOML and JSON from a digest within the limits of :mod:`.limits`.

The standard parsers trust their input: nesting recurses until Python's stack
gives out, a 4,301-digit number raises, a hex number too long to print parses
fine and fails later, and YAML aliases expand a few hundred bytes into
gigabytes (or into a list that holds itself). Here YAML is composed into its
node graph first, and nesting, alias expansion and numbers are checked there,
before any Python value exists; TOML and JSON text is scanned once for nesting
and long numbers, which are replaced before parsing. What is dropped is
reported as ``limit`` at its line; parse errors are raised as the parser's own.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import ScalarToken, Token

from .limits import MAX_DEPTH, MAX_NUMBER_CHARS, Budget, brief

#: What a parser raises on bad content (beyond its own error class): Python's
#: ``int`` on long numbers, recursion on deep data, PyYAML constructors on odd
#: tagged values (``!!bool maybe`` is a KeyError, ``!!timestamp x`` an
#: AttributeError).
PARSE_ERRORS: tuple[type[Exception], ...] = (
    yaml.YAMLError,
    ValueError,  # also tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeError
    KeyError,
    AttributeError,
    TypeError,
    IndexError,
    OverflowError,
    RecursionError,
)

Report = Callable[[str, int | None, str], None]
#: A limit hit: its kind (one diagnostic per kind and document), its 0-based
#: line in the parsed text, and the message.
Hit = tuple[str, int, str]

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"


class SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with limits, and timestamps kept as strings.

    Nesting deeper than :data:`~.limits.MAX_DEPTH`, an alias of a collection
    that is still open (it would hold itself), an alias whose expansion would
    overrun the digest's :class:`~.limits.Budget`, and numbers longer than
    :data:`~.limits.MAX_NUMBER_CHARS` become null. ``hits`` lists them as
    ``(0-based line, message)``.
    """

    def __init__(self, stream: str, budget: Budget | None = None) -> None:
        super().__init__(stream)
        self.budget = budget if budget is not None else Budget.for_text(stream)
        self.hits: list[Hit] = []
        self._depth = 0
        self._open: set[str] = set()
        # expanded size of each collection composed so far, in characters
        self._sizes: dict[int, int] = {}

    def _size(self, node: Node) -> int:
        if isinstance(node, ScalarNode):
            return 1 + len(node.value)
        return self._sizes.get(id(node), 1)

    def _peek(self) -> Event:
        return cast(Event, self.peek_event())  # type: ignore[no-untyped-call]

    def _next(self) -> Event:
        return cast(Event, self.get_event())  # type: ignore[no-untyped-call]

    def _compose(self, parent: Node | None, index: Any) -> Node:
        return cast(Node, super().compose_node(parent, index))

    def _null(self, event: Event, kind: str, message: str) -> ScalarNode:
        """A null in place of what ``event`` starts, and the reason in :attr:`hits`."""
        mark = cast(yaml.Mark, event.start_mark)  # the pure-Python parser's marks
        self.hits.append((kind, mark.line, message))
        return ScalarNode(_NULL, "", mark, cast(yaml.Mark, event.end_mark))

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self._peek()
        if isinstance(event, AliasEvent):
            return self._alias(event, parent, index)
        if not isinstance(event, CollectionStartEvent):
            return self._compose(parent, index)
        if self._depth >= MAX_DEPTH:
            return self._skip_deep()
        anchor = event.anchor
        self._depth += 1
        if anchor is not None:
            self._open.add(anchor)
        try:
            node = self._compose(parent, index)
        finally:
            self._depth -= 1
            self._open.discard(anchor or "")
        self._sizes[id(node)] = 1 + sum(map(self._size, _children(node)))
        return node

    def _alias(self, event: AliasEvent, parent: Node | None, index: Any) -> Node:
        name = event.anchor
        node = self.anchors.get(name)
        if node is None:  # PyYAML's own error: an undefined alias
            return self._compose(parent, index)
        if name in self._open:
            self._next()
            return self._null(
                event, "cycle", f"the alias *{brief(name)} holds itself; it is dropped"
            )
        size = self._size(node)
        if size > self.budget.left:
            self._next()
            return self._null(
                event,
                "expansion",
                f"the alias *{brief(name)} would expand the data past the size of the "
                "file (YAML aliases that multiply data); it is dropped",
            )
        self.budget.left -= size
        return self._compose(parent, index)

    def _skip_deep(self) -> ScalarNode:
        """Pass over a collection nested too deep without composing it."""
        start = self._next()
        null = self._null(start, "depth", f"data nested more than {MAX_DEPTH} deep is dropped")
        depth = 0
        event: Event = start
        while True:
            if isinstance(event, CollectionStartEvent):
                depth += 1
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            if isinstance(event, ScalarEvent | CollectionStartEvent) and event.anchor:
                self.anchors[event.anchor] = null  # later aliases of it are null too
            if depth == 0:
                return null
            event = self._next()

    def fetch_flow_collection_start(self, TokenClass: type[Token]) -> None:
        """PyYAML's, except that a ``[`` or ``{`` nested too deep is passed over.

        PyYAML's scanner spends time in proportion to the open flow collections
        on every token: ``[[[[...`` would be quadratic. Its parent is nested too
        deep already, so the composer drops (and reports) that one: here the
        inner collection becomes one empty scalar.
        """
        if self.flow_level <= MAX_DEPTH:
            super().fetch_flow_collection_start(TokenClass)
            return
        self.save_possible_simple_key()
        self.allow_simple_key = False
        start_mark = self.get_mark()
        buffer, depth = self.buffer, 0
        end = len(buffer) - 1  # PyYAML ends the buffer with "\0"
        for match in _FLOW_SKIP_RE.finditer(buffer, self.pointer, end):
            if match.lastgroup == "open":
                depth += 1
            elif match.lastgroup == "close":
                depth -= 1
                if depth == 0:
                    end = match.end()
                    break
        self.forward(end - self.pointer)
        self.tokens.append(ScalarToken("", True, start_mark, self.get_mark()))

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        too_long = isinstance(node, ScalarNode) and len(node.value) > MAX_NUMBER_CHARS
        if too_long and node.tag == _INT:
            self.hits.append(_long_number(node.start_mark.line, len(node.value)))
            self.constructed_objects[node] = None
            return None
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except PARSE_ERRORS as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read a {node.tag} value: {brief(exc)}", node.start_mark
            ) from None


# quoted scalars (an unclosed one runs to the end: no scan fails late) and brackets
_FLOW_SKIP_RE = re.compile(
    r'"(?:[^"\\]|\\.?)*"?|\'(?:[^\']|\'\')*\'?|(?P<open>[\[{])|(?P<close>[\]}])', re.S
)

# PyYAML would turn ``2020-10-10 2:22`` into a string but ``2021-06-13`` into a
# date: keep every scalar a string so one parser judges every date the same way.
SafeLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def run_loader(loader: SafeLoader, report: Report, first_line: int) -> Any:
    """Load the single document of ``loader``; report its limit hits; raise on errors.

    ``first_line`` is the file line of the YAML text's first line. Whatever the
    parser raises is raised as :class:`yaml.YAMLError`.
    """
    try:
        data = clean_data(loader.get_single_data(), loader.hits)
    except yaml.YAMLError:
        raise
    except PARSE_ERRORS as exc:
        raise yaml.YAMLError(f"cannot read the data: {brief(exc)}") from None
    finally:
        report_hits(loader.hits, report, first_line)
        loader.hits = []
        loader.dispose()
    return data


def report_hits(hits: list[Hit], report: Report, first_line: int) -> None:
    """One ``limit`` per kind of hit, at its first line, with how many more there are.

    ``first_line`` is the file line of the parsed text's first line.
    """
    kinds: dict[str, tuple[int, str, int]] = {}
    for kind, line, message in hits:
        first = kinds.get(kind)
        kinds[kind] = (line, message, 0) if first is None else (*first[:2], first[2] + 1)
    for line, message, more in kinds.values():
        tail = f" (and {more:,} more like it)" if more else ""
        report("limit", first_line + line, message + tail)


def load_yaml(text: str, report: Report, first_line: int, budget: Budget | None = None) -> Any:
    """Parse YAML safely and within limits; raises :class:`yaml.YAMLError`."""
    return run_loader(SafeLoader(text, budget), report, first_line)


def yaml_error_line(exc: yaml.YAMLError) -> int | None:
    """Return the 0-based line a YAML error points at, if it says."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line if mark is not None else None


# -- TOML and JSON: one scan over the text -------------------------------------------

# Strings and comments are skipped so that brackets in them do not count. An
# unclosed one runs to the end of its line (or of the text), and a backslash may
# end the text: no match can fail after a long scan, so the scan stays linear.
# A number token must be longer than the limit to match at all.
_JSON_TOKEN_RE = re.compile(
    r'(?P<skip>"(?:[^"\\]|\\.?)*"?)'
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    rf"|(?P<number>(?<![\w.+-])-?\d[\w.+-]{{{MAX_NUMBER_CHARS},}})",
    re.S,
)
_TOML_TOKEN_RE = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.?|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^']|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.?)*"?'
    r"|'[^'\n]*'?"
    r"|\#[^\n]*)"
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    rf"|(?P<number>(?<![\w.+-])[+-]?\d[\w.:+-]{{{MAX_NUMBER_CHARS},}})",
    re.S,
)


class _LineOf:
    """0-based lines of increasing offsets, counted once over the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 0

    def __call__(self, pos: int) -> int:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _bound(
    text: str, token_re: re.Pattern[str], empty: Callable[[str], str], depth: int = 0
) -> tuple[str, list[Hit]]:
    """``text`` with containers nested too deep and long numbers replaced, and the hits.

    ``empty(span)`` gives what stands for a container (keeping the newlines of
    ``span``, so lines do not move); a number becomes ``0``. ``depth`` is the
    level of the text itself.
    """
    base = depth
    hits: list[Hit] = []
    line_of = _LineOf(text)
    out: list[str] = []
    done = 0  # text[:done] is in out
    deep_start: int | None = None
    for match in token_re.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth == MAX_DEPTH + 1:
                deep_start = match.start()
                hits.append(_deep(line_of(deep_start)))
        elif kind == "close" and depth > base:
            if depth == MAX_DEPTH + 1 and deep_start is not None:
                out += [text[done:deep_start], empty(text[deep_start : match.end()])]
                done = match.end()
                deep_start = None
            depth -= 1
        elif kind == "number" and deep_start is None:
            out += [text[done : match.start()], "0"]
            done = match.end()
            hits.append(_long_number(line_of(match.start()), len(match.group())))
    if deep_start is not None:  # never closed: the parser reports the rest
        out += [text[done:deep_start], empty(text[deep_start:])]
        done = len(text)
    if not out:
        return text, hits
    out.append(text[done:])
    return "".join(out), hits


def _deep(line: int) -> Hit:
    return "depth", line, f"data nested more than {MAX_DEPTH} deep is dropped"


def _long_number(line: int, size: int) -> Hit:
    return (
        "number",
        line,
        f"a number of {size:,} characters is dropped (the limit is {MAX_NUMBER_CHARS})",
    )


def bound_json(text: str) -> tuple[str, list[Hit]]:
    """JSON text whose too-deep containers are ``null`` and long numbers ``0``."""
    return _bound(text, _JSON_TOKEN_RE, lambda span: "null" + "\n" * span.count("\n"))


def bound_toml(text: str) -> tuple[str, list[Hit]]:
    """TOML text whose too-deep containers are ``[]`` and long numbers ``0``."""
    # the document is a table itself: the first level, as a JSON "{" is
    return _bound(text, _TOML_TOKEN_RE, lambda span: "[" + "\n" * span.count("\n") + "]", 1)


def load_toml(text: str, report: Report, first_line: int) -> dict[str, Any]:
    """Parse TOML within limits; raises what :data:`PARSE_ERRORS` lists."""
    text, hits = bound_toml(text)
    try:
        return clean_data(tomllib.loads(text), hits)  # type: ignore[no-any-return]
    finally:
        report_hits(hits, report, first_line)


# -- strings -----------------------------------------------------------------------------


def _valid(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (and pairs joined)."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


_fix = without_surrogates


def clean_data(data: Any, hits: list[Hit]) -> Any:
    """``data`` with lone surrogates replaced by U+FFFD, and nothing nested too deep.

    Lone surrogates (YAML and JSON escapes allow ``"\\ud800"``) cannot be
    written to any file. TOML nests tables with dotted keys (``a.b.c = 1``),
    which no bracket shows: containers deeper than
    :data:`~.limits.MAX_DEPTH` become None, a hit at line 0 unless one was
    found already. Containers are changed in place, and each is visited once
    however many aliases share it.
    """
    if isinstance(data, str):
        return data if _valid(data) else _fix(data)
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, 1)]
    cut = False
    while stack:
        value, depth = stack.pop()
        if id(value) not in seen and isinstance(value, dict | list):
            seen.add(id(value))
            cut = _clean_container(value, depth, stack) or cut
    if cut and not any(kind == "depth" for kind, _, _ in hits):
        hits.append(_deep(0))
    return data


def _clean_container(
    value: dict[Any, Any] | list[Any], depth: int, stack: list[tuple[Any, int]]
) -> bool:
    """Clean the strings of one container, queue its containers; whether one was cut."""
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        for key in [k for k in value if isinstance(k, str) and not _valid(k)]:
            value[_fix(key)] = value.pop(key)
        items = list(value.items())
    else:
        items = list(enumerate(value))
    cut = False
    for key, item in items:
        if isinstance(item, str) and not _valid(item):
            value[key] = _fix(item)
        elif isinstance(item, dict | list):
            if depth < MAX_DEPTH:
                stack.append((item, depth + 1))
            elif item:  # an empty one is what a cut left
                value[key] = None
                cut = True
    return cut
