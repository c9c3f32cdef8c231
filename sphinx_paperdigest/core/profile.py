"""The digest's Markdown profile: what a summary may use, and nothing else.

A digest is written by people the site's owner does not control, so its
summaries are not MyST pages: no directive or role runs, no file is read, no
raw HTML passes. What a summary may use is an allow-list, the same for the
renderer (which turns tokens into nodes) and for ``paperdigest lint`` (which
reports what the renderer will not show as written):

- CommonMark blocks and inlines: paragraphs, emphasis, code, lists, block
  quotes, headings (shown as small headings), links and pictures, plus GFM
  tables, strikethrough and footnotes, bare URLs, Zenn's ``![](x.png =250x)``;
- ``$math$`` and ``$$math$$`` whose TeX is on :mod:`.tex`'s allow-list;
- containers: Zenn's ``:::message`` / ``:::message alert`` / ``:::details
  Title``, and admonitions (``:::{note}`` or a ```` ```{note} ```` fence);
- fences ```` ```{math} ```` and ```` ```{code-block} lang ````, and the roles
  ``{math}``, ``{sub}`` and ``{sup}``.

Anything else that looks like MyST (a ```` ```{name} ```` fence, a
``{name}`text``` role, ``{{ substitution }}``) is shown as the text it is,
with a ``paperdigest.syntax`` diagnostic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .builder import EntryBuilder
from .diagnostics import make
from .html import scan_html
from .mdit import bare_url_plugin, normalize_link, zenn_image_plugin
from .model import Diagnostic, Digest
from .tex import tex_problem

#: Admonitions a summary may use, by name (Zenn's ``message`` maps onto two).
ADMONITIONS = frozenset(
    {
        "note",
        "warning",
        "tip",
        "important",
        "caution",
        "attention",
        "danger",
        "error",
        "hint",
        "seealso",
        "admonition",
    }
)
#: Fence names that show code, and the roles a summary may use.
CODE_FENCES = frozenset({"code-block", "code", "sourcecode"})
ROLES = frozenset({"math", "sub", "sup"})
#: How deep admonitions may nest inside one another (each is parsed again).
MAX_DEPTH = 4

_NAME_RE = re.compile(r"\{([A-Za-z][\w.:+-]*)\}")
_ROLE_RE = re.compile(r"\{([A-Za-z][\w.:+-]*)\}\Z")
_SUBSTITUTION_RE = re.compile(r"\{\{.*?\}\}", re.S)
_LANGUAGE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+#.\-]{0,39}")


def _any_name(params: str, *args: object) -> bool:
    return bool(params.strip())


def render_parser() -> MarkdownIt:
    """The parser summaries are rendered with (see the module docstring).

    ``html`` is on so that ``<img>`` tags become tokens the renderer can read
    as pictures; every other tag is dropped by the renderer. Links are
    validated by the renderer, on the final URL, not by markdown-it.
    """
    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(dollarmath_plugin, allow_labels=False, allow_space=True, allow_digits=True)
    md.use(zenn_image_plugin)
    md.use(bare_url_plugin)
    md.use(container_plugin, name="colon", validate=_any_name)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = normalize_link  # type: ignore[method-assign]
    return md


# -- what a token asks for -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fence:
    """What a fence shows: ``code``, ``math``, an ``admonition``, or ``refused`` text."""

    kind: str
    name: str = ""
    argument: str = ""
    language: str | None = None


def fence(info: str) -> Fence:
    """Classify a fence by its info string (```` ```python ````, ```` ```{note} ````)."""
    info = info.strip()
    match = _NAME_RE.match(info)
    if match is None:
        word = info.split(maxsplit=1)[0] if info else ""
        return Fence("code", language=word if _LANGUAGE_RE.fullmatch(word) else None)
    name, argument = match.group(1), info[match.end() :].strip()
    if name in ADMONITIONS:
        return Fence("admonition", name, argument)
    if name == "math":
        return Fence("math", name)
    if name in CODE_FENCES:
        word = argument.split(maxsplit=1)[0] if argument else ""
        return Fence("code", name, language=word if _LANGUAGE_RE.fullmatch(word) else None)
    return Fence("refused", name, argument)


def container(info: str) -> Fence:
    """Classify a ``:::`` container: Zenn's message and details, or an admonition."""
    info = info.strip()
    match = _NAME_RE.match(info)
    if match is not None:
        name, argument = match.group(1), info[match.end() :].strip()
        if name in ADMONITIONS:
            return Fence("admonition", name, argument)
        return Fence("refused", name, argument)
    name, _, argument = info.partition(" ")
    argument = argument.strip()
    if name == "message":
        return Fence("admonition", "warning" if argument == "alert" else "note")
    if name == "details":
        return Fence("details", name, argument)
    # any other ``:::name``: a plain box around Markdown, which is allowed
    return Fence("box", name, argument)


def directive_body(content: str) -> str:
    """The body of a ```` ```{note} ```` fence without its ``:option:`` lines or YAML block."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            return "\n".join(lines[end + 1 :])
    start = 0
    while start < len(lines) and re.match(r"\s*:[\w-]+:", lines[start]):
        start += 1
    return "\n".join(lines[start:])


def role_before(text: str) -> str | None:
    """The role a text token ends with (``{name}`` right before a code span), if any."""
    if not text.endswith("}"):
        return None
    match = _ROLE_RE.search(text)
    return match.group(1) if match else None


def role_problem(name: str) -> str | None:
    """Why the role ``name`` is shown as text, or None when it is allowed."""
    if name in ROLES:
        return None
    return f"the MyST role {{{name}}} is not allowed in a digest; shown as text"


def fence_problem(found: Fence) -> str | None:
    """Why a fence or container is shown as text, or None when it is allowed."""
    if found.kind == "refused":
        return f"the MyST directive {{{found.name}}} is not allowed in a digest; shown as text"
    return None


def math_problem(tex: str) -> str | None:
    """Why math is shown as code, or None when its TeX is allowed."""
    why = tex_problem(tex)
    return f"math shown as code: {why}" if why else None


# -- lint: the same judgements over a summary's tokens ---------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """Something of a summary the renderer shows otherwise than written."""

    code: str
    line: int | None
    message: str


#: Why an admonition is not rendered as one.
TOO_DEEP = "admonitions nested too deeply; shown as text"


def problems(md: MarkdownIt, text: str, line: int | None, depth: int = 0) -> list[Problem]:
    """What the renderer will refuse in ``text`` (Markdown whose first line is ``line``)."""
    offset = max((line or 1) - 1, 0)
    found: list[Problem] = []
    footnotes = 0  # inside a footnote block (which the reader does not see)
    for token in md.parse(text, {}):
        at = offset + token.map[0] + 1 if token.map else line
        found.extend(block_problems(token, at))
        footnotes += (token.type == "footnote_block_open") - (token.type == "footnote_block_close")
        if token.type == "inline":
            found.extend(inline_problems(token.children or [], at))
            if footnotes:
                found.extend(footnote_pictures(token.children or [], at))
        elif token.type == "html_block" and footnotes:
            found.extend(footnote_pictures([token], at))
        elif token.type == "fence" and fence(token.info).kind == "admonition":
            if depth + 1 >= MAX_DEPTH:
                found.append(Problem("syntax", at, TOO_DEEP))
            else:
                # the body starts on the line after the fence's opening line
                body = directive_body(token.content)
                found.extend(problems(md, body, (at or 1) + 1, depth + 1))
    return found


def footnote_pictures(children: Sequence[Token], line: int | None) -> list[Problem]:
    """What the reader would say of the pictures of a footnote, which it does not read.

    The renderer drops a picture whose path leaves the digest's directory
    without a word (the reader reports those it sees): these are judged here
    by the reader's own rules.
    """
    found: list[Problem] = []

    def report(code: str, at: int | None, message: str) -> None:
        found.append(Problem(code, at, message))

    builder = EntryBuilder(report)
    for child in children:
        if child.type == "image":
            builder.image({"src": str(child.attrs.get("src", ""))}, line, None)
        elif child.type in {"html_inline", "html_block"} and "<" in child.content:
            for attrs in scan_html(child.content).images:
                builder.image(attrs, line, None)
        elif child.type in {"softbreak", "hardbreak"} and line is not None:
            line += 1
    return found


def block_problems(token: Token, line: int | None) -> list[Problem]:
    """What the renderer refuses of one block token (not of what it holds)."""
    kind = token.type
    why: str | None = None
    code = "syntax"
    if kind == "fence":
        found = fence(token.info)
        why = fence_problem(found)
        if found.kind == "math":
            why, code = math_problem(token.content), "math"
    elif kind == "container_colon_open":
        why = fence_problem(container(token.info))
    elif kind in {"math_block", "math_block_label"}:
        why, code = math_problem(token.content), "math"
    return [Problem(code, line, why)] if why else []


def inline_problems(children: Sequence[Token], line: int | None) -> list[Problem]:
    """What the renderer refuses in an inline token's children (first line ``line``)."""
    found: list[Problem] = []
    start = line
    for i, child in enumerate(children):
        if child.type == "text":
            nxt = children[i + 1] if i + 1 < len(children) else None
            found.extend(_role_problems(child.content, nxt, line))
        elif child.type in {"math_inline", "math_inline_double"}:
            why = math_problem(child.content)
            if why:
                found.append(Problem("math", line, why))
        elif child.type in {"softbreak", "hardbreak"} and line is not None:
            line += 1
    found.extend(_substitution_problems(children, start))
    return found


#: Inline tokens that stand for their own markers in the source text (emphasis can
#: split a substitution: ``{{ x.__class__ }}`` holds ``__``).
_MARKERS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})


def _substitution_problems(children: Sequence[Token], line: int | None) -> list[Problem]:
    """``{{ ... }}`` in the text the children spell, emphasis markers put back."""
    parts: list[str] = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in _MARKERS:
            parts.append(child.markup)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append("\n")
        else:  # code, links, pictures, HTML: a substitution does not run across them
            parts.append("\0")
    text = "".join(parts)
    found: list[Problem] = []
    if "{{" not in text:
        return found
    for run in text.split("\0"):
        seen = 0  # where in the run ``line`` is counted to (each newline counted once)
        for match in _SUBSTITUTION_RE.finditer(run):
            if line is not None:
                line += run.count("\n", seen, match.start())
            seen = match.start()
            message = f"{match.group(0)[:60]!r}: substitutions are not applied in a digest; "
            found.append(Problem("syntax", line, message + "shown as text"))
        if line is not None:
            line += run.count("\n", seen)
    return found


def _role_problems(text: str, nxt: Token | None, line: int | None) -> list[Problem]:
    found: list[Problem] = []
    name = role_before(text)
    if name and nxt is not None and nxt.type == "code_inline":
        why = role_problem(name)
        if why:
            found.append(Problem("syntax", line, why))
        elif name == "math" and (why := math_problem(nxt.content)):
            found.append(Problem("math", line, why))
    return found


def digest_problems(digest: Digest) -> list[Diagnostic]:
    """The :func:`problems` of every summary and intro of a digest, as diagnostics.

    The renderer finds the same while it renders (it parses anyway); this is
    for ``paperdigest lint``, which renders nothing.
    """
    md = _lint_parser()
    texts = [(digest.intro, digest.intro_line)]
    for group in digest.groups:
        texts.append((group.intro, group.intro_line))
        texts.extend((entry.summary, entry.summary_line) for entry in group.entries)
    found: list[Diagnostic] = []
    for text, line in texts:
        if text.strip():
            found.extend(make(p.code, p.line, p.message) for p in problems(md, text + "\n", line))
    return found


@functools.cache
def _lint_parser() -> MarkdownIt:
    return render_parser()
