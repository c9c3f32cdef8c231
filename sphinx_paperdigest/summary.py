"""Render digest Markdown (summaries, intros) with myst-parser, then sanitise it.

Summaries are MyST whatever the page is written in. The parser is MyST's own,
with the pieces digests need: Zenn pictures (``![](x.png =250x)``), Zenn
containers (``:::message`` becomes a note, ``:::details`` a sphinx-design
dropdown), bare URLs as links, ``$math$``, and ``<img>`` as images. Whatever
comes out is then made safe: raw HTML is dropped, unsafe links lose their
target, local pictures are resolved against the digest file.
"""

from __future__ import annotations

import dataclasses
import logging
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx.environment import BuildEnvironment

from .core import urls
from .core.mdit import bare_url_plugin, zenn_image_plugin

#: Syntax every summary may use, whatever the project's ``myst_enable_extensions``.
EXTENSIONS = frozenset({"colon_fence", "dollarmath", "html_image", "strikethrough"})

_MYST_LOGGER = "sphinx.myst_parser.warnings_"


def _zenn_containers(state: StateCore) -> None:
    """Turn Zenn's ``:::message`` / ``:::details Title`` fences into MyST directives."""
    for token in state.tokens:
        if token.type != "colon_fence":
            continue
        name, _, rest = token.info.strip().partition(" ")
        if name == "message":
            token.info = "{warning}" if rest.strip() == "alert" else "{note}"
        elif name == "details":
            token.info = "{dropdown} " + rest.strip()


def markdown_parser(config: MdParserConfig) -> MarkdownIt:
    """MyST's parser for digest Markdown (see the module docstring)."""
    config = dataclasses.replace(
        config,
        enable_extensions=set(config.enable_extensions) | EXTENSIONS,
        # a summary's links are the digest author's: plain URLs, never
        # cross-references to resolve against this project
        all_links_external=True,
    )
    md = create_md_parser(config, SphinxRenderer)
    md.use(zenn_image_plugin)
    md.use(bare_url_plugin)
    md.core.ruler.push("zenn_containers", _zenn_containers)
    return md


class _AtDigest(logging.Filter):
    """Point MyST's warnings about digest text at the digest, not the page."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if isinstance(location, tuple):
            record.location = f"{self.path}:{location[1] or 0}"
        return True


@contextmanager
def _warnings_at(path: str) -> Iterator[None]:
    logger = logging.getLogger(_MYST_LOGGER)
    where = _AtDigest(path)
    logger.addFilter(where)
    try:
        yield
    finally:
        logger.removeFilter(where)


_SIMPLE_INLINE = frozenset(
    {
        "text",
        "softbreak",
        "em_open",
        "em_close",
        "strong_open",
        "strong_close",
        "link_open",
        "link_close",
        "code_inline",
    }
)
_CLOSERS = frozenset({"em_close", "strong_close", "link_close"})


def _simple_nodes(tokens: list[Token], offset: int, source: str) -> list[nodes.Node] | None:
    """The nodes MyST would make of ``tokens``, if they are only simple paragraphs.

    Most summaries are paragraphs of text, links, emphasis and inline code.
    Building their nodes here, as MyST's renderer does (same nodes, same
    attributes), skips the renderer's per-token machinery, which is most of
    the cost of a digest of thousands of entries. Anything else (lists, code
    blocks, math, directives, raw HTML, pictures, attributes, unsafe links)
    gives None, and the caller renders with MyST.
    """
    result: list[nodes.Node] = []
    para: nodes.paragraph | None = None
    for token in tokens:
        kind = token.type
        if kind == "paragraph_open":
            if token.attrs or token.map is None:
                return None
            para = nodes.paragraph()
            para.line, para.source = offset + token.map[0] + 1, source
        elif kind == "inline" and para is not None:
            para.rawsource = token.content
            if not _fill(para, token.children or [], source):
                return None
        elif kind == "paragraph_close" and para is not None:
            result.append(para)
            para = None
        else:
            return None
    return result


def _fill(para: nodes.paragraph, children: list[Token], source: str) -> bool:
    """Add a paragraph's inline tokens to it; False if one is not simple."""
    stack: list[nodes.Element] = [para]
    for child in children:
        kind = child.type
        if kind not in _SIMPLE_INLINE:
            return False
        if kind == "text":
            stack[-1] += nodes.Text(child.content)
        elif kind == "softbreak":
            stack[-1] += nodes.Text("\n")
        elif kind in _CLOSERS:
            stack.pop()
        elif kind == "code_inline":
            if child.attrs:
                return False
            literal = nodes.literal(child.content, child.content)
            literal.source = source
            stack[-1] += literal
        else:
            node: nodes.Element
            if kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if set(child.attrs) - {"href", "title"} or not urls.is_safe_url(href):
                    return False
                node = nodes.reference()
                if "title" in child.attrs:
                    node["reftitle"] = child.attrs["title"]
                node["refuri"] = href
            else:
                if child.attrs:
                    return False
                node = nodes.emphasis() if kind == "em_open" else nodes.strong()
            node.source = source
            stack[-1] += node
            stack.append(node)
    return len(stack) == 1


class MarkdownRenderer:
    """Renders Markdown fragments of one digest into docutils nodes.

    ``digest_path`` is the digest's absolute path: local pictures are relative
    to it, and nodes and warnings point at it.
    """

    def __init__(self, document: nodes.document, env: BuildEnvironment, digest_path: Path) -> None:
        config = getattr(env, "myst_config", None) or MdParserConfig()
        self.md = markdown_parser(config)
        self.md.options["document"] = document
        renderer: Any = self.md.renderer  # MyST's SphinxRenderer
        renderer.setup_render(self.md.options, {})
        self.renderer = renderer
        self.document = document
        self.env = env
        self.path = digest_path
        self.srcdir = Path(env.srcdir)
        # a link that opens in a new tab is more than a reference: MyST renders it
        self.fast = not config.links_external_new_tab

    def render(self, text: str, line: int | None) -> list[nodes.Node]:
        """Render ``text`` (Markdown whose first line is ``line`` of the digest)."""
        if not text.strip():
            return []
        offset = max((line or 1) - 1, 0)
        if self.fast:
            simple = _simple_nodes(self.md.parse(text + "\n", {}), offset, str(self.path))
            if simple is not None:
                return simple
        holder = nodes.container()
        # a fresh markdown-it env: reference definitions of one summary must not
        # leak into the next
        self.renderer.md_env = {}
        with self.renderer.current_node_context(holder), _warnings_at(str(self.path)):
            self.renderer.nested_render_text(text, offset)
        self.sanitise(holder)
        children = list(holder.children)
        holder.clear()
        return children

    def sanitise(self, tree: nodes.Element) -> None:
        """Drop raw HTML and unsafe links; resolve local pictures; locate nodes."""
        source = str(self.path)
        for node in list(tree.findall(nodes.Element)):
            if node.source is None or node.source == self.document.get("source"):
                node.source = source
        for raw in list(tree.findall(nodes.raw)):
            raw.parent.remove(raw)
        for ref in list(tree.findall(nodes.reference)):
            uri = ref.get("refuri")
            if uri is not None and not urls.is_safe_url(uri):
                ref.replace_self(nodes.inline("", "", *ref.children))
        for image in list(tree.findall(nodes.image)):
            uri = self.image_uri(image.get("uri", ""))
            if uri is None:
                image.parent.remove(image)
            else:
                image["uri"] = uri
                image["paperdigest_picture"] = True
                image.setdefault("loading", "lazy")
        # a paragraph that held only dropped HTML or pictures would be an empty box
        for para in list(tree.findall(nodes.paragraph)):
            if not para.astext().strip() and not any(para.findall(nodes.image)):
                para.parent.remove(para)

    def image_uri(self, src: str) -> str | None:
        """A picture's URI for Sphinx: remote as is, local from the source dir.

        Local paths are relative to the digest; Sphinx reads ``/x`` as relative
        to the source directory. A path that leaves the digest's directory, or an
        unsafe scheme, gives None.
        """
        scheme = urls.url_scheme(src)
        if scheme in {"http", "https"} or src.startswith("//"):
            return src
        if scheme is not None:
            return None
        local = urls.local_path(src)
        if local is None:
            return None
        target = self.path.parent / local
        try:
            relative = target.relative_to(self.srcdir)
        except ValueError:
            return None
        return "/" + posixpath.join(*relative.parts)
