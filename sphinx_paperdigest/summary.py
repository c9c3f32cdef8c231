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
import pickle
import posixpath
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from markdown_it import MarkdownIt
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.highlighting import lexers as sphinx_lexers

from . import rendercache
from .core import profile, urls
from .core.files import picture_file, picture_root
from .core.html import html_dimension
from .mdnodes import Context, Converter, Reporter
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
        self.cache = rendercache.for_env(env)
        self.cache_key = functools.partial(
            rendercache.key, digest_path=str(digest_path), srcdir=str(self.srcdir)
        )

    def render(self, text: str, line: int | None) -> list[nodes.Node]:
        """Render ``text`` (Markdown whose first line is ``line`` of the digest).

        A render is taken from the summary cache (:mod:`.rendercache`) when one
        of the same text still holds; its warnings are given again either way.
        """
        if not text.strip():
            return []
        # footnote ids: unique in the project (LaTeX and singlehtml put every
        # page in one document), the same in every build
        prefix = f"paperdigest-{self.page_id}-{self.env.new_serialno('paperdigest')}"
        cache_key = self.cache_key(text)
        base = max((line or 1) - 1, 0)
        found = self.cache.get(cache_key)
        if found is not None and self._still_holds(found):
            children: list[nodes.Node] = pickle.loads(found.nodes)  # noqa: S301 - own cache
            _place(children, base, found.prefix, prefix)
        else:
            children, found = self._render(text, prefix)
            self.cache.put(cache_key, found)
            _place(children, base, None, prefix)
        for code, at, message in found.warnings:
            self.report(code, at + base if at is not None else None, message)
        return children

    def _render(self, text: str, prefix: str) -> tuple[list[nodes.Node], rendercache.Rendered]:
        """Render ``text`` as if it began at line 1, noting what the render depended on."""
        noted = _Noted(self.local_problem)
        context = Context(
            md=self.md,
            source=str(self.path),
            picture=functools.partial(
                self.picture, local_problem=noted.local_problem, report=noted.report
            ),
            report=noted.report,
            language_ok=noted.language_ok,
            id_prefix=prefix,
        )
        holder = nodes.container()
        holder.extend(Converter(context, 0).convert(text + "\n"))
        _keep_allowed(holder)
        children = list(holder.children)
        holder.clear()
        for child in children:
            child.parent = None  # pickled without the holder
        rendered = rendercache.Rendered(
            pickle.dumps(children, protocol=pickle.HIGHEST_PROTOCOL),
            tuple(noted.warnings),
            tuple(noted.pictures.items()),
            tuple(noted.languages.items()),
            prefix if context.prefix_used else None,
        )
        return children, rendered

    def _still_holds(self, rendered: rendercache.Rendered) -> bool:
        """Whether a cached render is still what rendering would give now."""
        if any(self.local_problem(uri) != why for uri, why in rendered.pictures):
            return False
        return all(can_highlight(language) == ok for language, ok in rendered.languages)

    def report(self, code: str, line: int | None, message: str) -> None:
        """A warning at the digest's ``file:line``."""
        warn(message, code, file_location(self.path, line))

    # -- pictures ----------------------------------------------------------------------

    def picture(
        self,
        src: str,
        alt: str,
        width: str | None,
        height: str | None,
        line: int | None,
        *,
        local_problem: Callable[[str], str | None],
        report: Reporter,
    ) -> nodes.image | None:
        """A summary picture, or None (with a warning) when it cannot be shown."""
        uri = self.image_uri(src)
        if uri is None:
            return None  # the reader reports unsafe and escaping paths
        if not urls.is_remote_url(uri):
            why = local_problem(uri)
            if why is not None:
                report("image", line, f"picture {src[:120]!r} {why}; dropped")
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
        relative to the digest; ``/images/x.png`` (Zenn's paths from the
        repository's root) to the folder :meth:`root_of` finds. A path that
        leaves the digest's directory (or its root), or an unsafe scheme, gives
        None.
        """
        src = src.strip()
        scheme = urls.url_scheme(src)
        if scheme in {"http", "https"}:
            return src
        if src.startswith(("//", "\\\\")):
            return "https:" + src.replace("\\", "/")
        if scheme is not None:
            return None
        rooted = urls.rooted_path(src)
        local = rooted or urls.local_path(src)
        if local is None:
            return None
        target = self.root_of(local) / local if rooted else self.path.parent / local
        try:
            relative = target.relative_to(self.srcdir)
        except ValueError:
            return None
        return "/" + posixpath.join(*relative.parts)

    def root_of(self, rooted: str) -> Path:
        """The folder a ``/images/x.png`` path starts from (:func:`.core.files.picture_root`)."""
        return picture_root(rooted, self.path.parent, self.srcdir)

    def local_problem(self, uri: str) -> str | None:
        """Why a local picture (``/path`` in the source dir) cannot be shown, or None."""
        return picture_file(uri, self.srcdir)[1]


def _place(children: list[nodes.Node], base: int, rendered: str | None, prefix: str) -> None:
    """Move a render made at line 1 to line ``base + 1``, its footnote ids to ``prefix``.

    ``rendered`` is the footnote id prefix the render used (None: it made no
    footnote ids); ids are ``<prefix>-fn<n>`` and ``<prefix>-fn<n>-ref<m>``.
    """
    rename = rendered is not None and rendered != prefix
    if not base and not rename:
        return
    for child in children:
        for node in child.findall():
            if base and node.line is not None:
                node.line += base
            if rename and isinstance(node, nodes.Element):
                _rename_ids(node, f"{rendered}-", f"{prefix}-")


def _rename_ids(node: nodes.Element, old: str, new: str) -> None:
    def renamed(ident: str) -> str:
        return new + ident[len(old) :] if ident.startswith(old) else ident

    for name in ("ids", "backrefs"):
        if node.get(name):
            node[name] = [renamed(ident) for ident in node[name]]
    if "refid" in node:
        node["refid"] = renamed(str(node["refid"]))


class _Noted:
    """What one render depended on and said: its warnings, file and Pygments answers."""

    def __init__(self, local_problem: Callable[[str], str | None]) -> None:
        self._local_problem = local_problem
        self.warnings: list[tuple[str, int | None, str]] = []
        self.pictures: dict[str, str | None] = {}
        self.languages: dict[str, bool] = {}

    def report(self, code: str, line: int | None, message: str) -> None:
        self.warnings.append((code, line, message))

    def local_problem(self, uri: str) -> str | None:
        self.pictures[uri] = why = self._local_problem(uri)
        return why

    def language_ok(self, language: str) -> bool:
        self.languages[language] = ok = can_highlight(language)
        return ok


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
