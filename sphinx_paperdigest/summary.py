"""Render digest Markdown (summaries, intros) into nodes, through an allow-list.

A digest is untrusted input: its summaries are not MyST. They are parsed with
the digest's own profile (:mod:`.core.profile`) and turned into standard
docutils nodes by :mod:`.mdnodes`, which knows nothing but that profile. So no
directive or role of the project runs, no file is read, no raw HTML passes and
the project's ``myst_enable_extensions`` (``substitution``...) never apply.
Local pictures are resolved against the digest, and must be regular files
inside the source directory. Whatever is refused is a ``paperdigest.*``
warning at the digest's ``file:line``; ``paperdigest lint`` reports the same.
"""

from __future__ import annotations

import functools
import posixpath
from pathlib import Path

from docutils import nodes
from markdown_it import MarkdownIt
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.highlighting import lexers as sphinx_lexers

from .core import profile, urls
from .core.files import picture_file
from .core.html import html_dimension
from .mdnodes import Context, Converter
from .report import file_location, warn

#: Node types a rendered summary may hold; anything else is replaced by its text.
ALLOWED_NODES: tuple[type, ...] = (
    nodes.Text,
    nodes.paragraph,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.reference,
    nodes.inline,
    nodes.subscript,
    nodes.superscript,
    nodes.image,
    nodes.math,
    nodes.math_block,
    nodes.literal_block,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.list_item,
    nodes.block_quote,
    nodes.rubric,
    nodes.table,
    nodes.tgroup,
    nodes.colspec,
    nodes.thead,
    nodes.tbody,
    nodes.row,
    nodes.entry,
    nodes.footnote,
    nodes.footnote_reference,
    nodes.label,
    nodes.title,
    nodes.container,
    nodes.Admonition,
    addnodes.seealso,
)


@functools.cache
def _parser() -> MarkdownIt:
    return profile.render_parser()


@functools.lru_cache(maxsize=256)
def can_highlight(language: str) -> bool:
    """Whether Sphinx can highlight ``language`` (else the code is shown plain)."""
    if language in sphinx_lexers or language in {"none", "text", "default"}:
        return True
    try:
        get_lexer_by_name(language)
    except ClassNotFound:
        return False
    return True


class MarkdownRenderer:
    """Renders Markdown fragments of one digest into docutils nodes.

    ``digest_path`` is the digest's absolute path: local pictures are relative
    to it, and nodes and warnings point at it.
    """

    def __init__(self, document: nodes.document, env: BuildEnvironment, digest_path: Path) -> None:
        self.document = document
        self.env = env
        self.path = digest_path
        self.srcdir = Path(env.srcdir)
        self.md = _parser()
        self.page_id = nodes.make_id(env.docname) or "page"

    def render(self, text: str, line: int | None) -> list[nodes.Node]:
        """Render ``text`` (Markdown whose first line is ``line`` of the digest)."""
        if not text.strip():
            return []
        context = Context(
            md=self.md,
            source=str(self.path),
            picture=self.picture,
            report=self.report,
            language_ok=can_highlight,
            # footnote ids: unique in the project (LaTeX and singlehtml put every
            # page in one document), the same in every build
            id_prefix=f"paperdigest-{self.page_id}-{self.env.new_serialno('paperdigest')}",
        )
        holder = nodes.container()
        holder.extend(Converter(context, max((line or 1) - 1, 0)).convert(text + "\n"))
        _keep_allowed(holder)
        children = list(holder.children)
        holder.clear()
        return children

    def report(self, code: str, line: int | None, message: str) -> None:
        """A warning at the digest's ``file:line``."""
        warn(message, code, file_location(self.path, line))

    # -- pictures ----------------------------------------------------------------------

    def picture(
        self, src: str, alt: str, width: str | None, height: str | None, line: int | None
    ) -> nodes.image | None:
        """A summary picture, or None (with a warning) when it cannot be shown."""
        uri = self.image_uri(src)
        if uri is None:
            return None  # the reader reports unsafe and escaping paths
        if not urls.is_remote_url(uri):
            why = self.local_problem(uri)
            if why is not None:
                self.report("image", line, f"picture {src[:120]!r} {why}; dropped")
                return None
        image = nodes.image(uri=uri, alt=alt, loading="lazy")
        image["paperdigest_picture"] = True
        for key, value in (("width", width), ("height", height)):
            size = html_dimension(value)
            if size:
                image[key] = str(size)
        image.source, image.line = str(self.path), line
        return image

    def image_uri(self, src: str) -> str | None:
        """A picture's URI for Sphinx: remote as an https URL, local from the source dir.

        ``//host/x`` is a protocol-relative URL, never a path. Local paths are
        relative to the digest; Sphinx reads ``/x`` as relative to the source
        directory. A path that leaves the digest's directory, or an unsafe
        scheme, gives None.
        """
        src = src.strip()
        scheme = urls.url_scheme(src)
        if scheme in {"http", "https"}:
            return src
        if src.startswith(("//", "\\\\")):
            return "https:" + src.replace("\\", "/")
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

    def local_problem(self, uri: str) -> str | None:
        """Why a local picture (``/path`` in the source dir) cannot be shown, or None."""
        return picture_file(uri, self.srcdir)[1]


def _keep_allowed(tree: nodes.Element) -> None:
    """Replace any node of a type not allowed, and any unsafe URL, by plain text.

    The converter makes only allowed nodes; this is the second lock, checked on
    the finished tree.
    """
    for node in list(tree.findall(include_self=False)):
        if node.parent is None:  # inside a node replaced already
            continue
        if not isinstance(node, ALLOWED_NODES):
            node.parent.replace(node, nodes.Text(node.astext()))
        elif isinstance(node, nodes.reference) and not urls.is_safe_url(
            str(node.get("refuri", ""))
        ):
            node["refuri"] = ""
            node.replace_self(nodes.inline("", "", *node.children))
        elif isinstance(node, nodes.image) and not _safe_picture(str(node.get("uri", ""))):
            node.parent.remove(node)


def _safe_picture(uri: str) -> bool:
    return urls.is_remote_url(uri) or (uri.startswith("/") and not uri.startswith("//"))
