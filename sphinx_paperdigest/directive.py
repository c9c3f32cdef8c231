"""The ``paperdigest`` directive: read a digest file, render its entries."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import gcpause
from .config import settings
from .core.files import FileTooLarge, read_source, unread_digest
from .core.model import Diagnostic, Digest
from .core.reader import parse_digest
from .core.view import (
    OPTION_NAMES,
    TopicRules,
    ViewOptions,
    empty_selection,
    parse_options,
    select,
)
from .domain import DigestDomain
from .i18n import _
from .layout import Layout
from .nodes import paperdigest_entry
from .render import CardBuilder
from .rendercache import setup_render_cache
from .report import report_diagnostics, warn
from .safetext import xml_safe_model
from .suggest import close_paths, did_you_mean
from .summary import MarkdownRenderer

logger = logging.getLogger(__name__)

_DEFAULT_EMOJI = "📄"
#: A digest the directive read: its path, model and diagnostics.
Loaded = tuple[Path, Digest, list[Diagnostic]]
_CACHE_SIZE = 32
_cache: dict[tuple[str, str, int | None, str | None], tuple[Digest, list[Diagnostic]]] = {}


def load_digest(
    path: Path, entry_level: int | None, entry: str | None = None
) -> tuple[Digest, list[Diagnostic]]:
    """Read a digest once per build process: cached by path, content and reading.

    ``entry_level`` and ``entry`` are the directive's ``:entry-level:`` and ``:entry:``.

    Raises :class:`OSError` when the file cannot be read or is not a regular file.
    """
    try:
        data = read_source(path)
    except FileTooLarge as exc:
        return unread_digest(path, exc)
    key = (str(path), hashlib.sha256(data).hexdigest(), entry_level, entry)
    found = _cache.get(key)
    if found is None:
        digest, diagnostics = parse_digest(
            data, path=str(path), entry_level=entry_level, entry=entry
        )
        found = xml_safe_model(digest), diagnostics
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = found
    return found


#: Digests already said to be built as pages (one warning per digest and build).
_warned_pages: set[Path] = set()


def _new_build(app: Sphinx) -> None:
    _warned_pages.clear()


def _digest_path(argument: str, srcdir: Path, docname_path: Path) -> Path:
    """The digest's absolute path, written out but not resolved.

    Relative to the page's directory, or to the source directory when the
    argument starts with ``/``. Symbolic links are not followed: a link in the
    source directory is the project's own choice (a shared digest folder, say),
    while ``..`` that climbs out of it is refused by :func:`_inside`.
    """
    if argument.startswith(("/", "\\")):
        joined = srcdir / argument.lstrip("/\\")
    else:
        joined = srcdir / docname_path.parent / argument
    return Path(os.path.normpath(joined))


def _inside(path: Path, root: Path) -> bool:
    return path.is_relative_to(Path(os.path.normpath(root)))


class _AnyOption(dict[str, Callable[[str], Any]]):
    """An option spec that takes any option name as a string.

    docutils and MyST look options up by name and reject the directive (reST)
    or drop the option (MyST) when the name is missing; answering every name
    lets :func:`parse_options` report unknown ones as ``paperdigest.option``.
    """

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


class PaperDigestDirective(SphinxDirective):
    """Render a digest file as paper cards.

    The argument is the digest's path, relative to the current document, or to
    the source directory when it starts with ``/``.
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    # every option is a string here: parse_options judges them, so that a bad
    # value (or an unknown option) is a warning and a default rather than a
    # failed directive
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _AnyOption(
        dict.fromkeys(OPTION_NAMES, directives.unchanged)
    )

    def run(self) -> list[nodes.Node]:
        with gcpause.paused():  # thousands of nodes at once, no garbage (see gcpause)
            return self._run()

    def _run(self) -> list[nodes.Node]:
        values = settings(self.config)
        options, errors = parse_options(self.options, values.default_options)
        for error in errors:
            warn(str(error), "option", self._option_location(error.option))
        found = self._load(options.entry_level, options.entry)
        if isinstance(found, nodes.Element):
            return [found]
        path, digest, diagnostics = found
        relative = path.relative_to(self.env.srcdir).as_posix()
        emoji = self._report(path, relative, digest, diagnostics)
        if not digest.meta.published and not values.show_drafts:
            logger.info(
                f"{self.get_location()}: digest {relative!r} is unpublished; not rendered "
                "(set paperdigest_show_drafts = True to show it)",
                type="paperdigest",
                subtype="draft",
            )
            return []
        rules = TopicRules.from_mapping(values.topic_rules)
        sections = select(digest, options, rules, undated=_("Undated"), no_topic=_("No topic"))
        if not sections:
            warn_if_filtered_out(digest, options, rules, self.get_location())
        builder = CardBuilder(
            digest,
            options,
            MarkdownRenderer(self.state.document, self.env, path),
            language=self.config.language,
            date_format=values.date_format,
            topic_colors=values.topic_colors,
            placeholder=self._placeholder(emoji),
            set_source=self.set_source_info,
            digest_name=relative,
        )
        layout = Layout(builder, self.state.document, self.set_source_info, self._depth())
        if options.name:
            self.options["name"] = options.name
            self.add_name(layout.root)
        result = layout.place(sections)
        self._note(result, emoji)
        return result

    def _load(
        self, entry_level: int | None, entry: str | None
    ) -> tuple[Path, Digest, list[Diagnostic]] | nodes.Element:
        """The digest the argument names, or an error node (with its warning)."""
        srcdir = Path(self.env.srcdir)  # absolute already
        docpath = Path(self.env.doc2path(self.env.docname, base=False))
        path = _digest_path(self.arguments[0], srcdir, docpath)
        if not _inside(path, srcdir):
            warn(
                f"digest {self.arguments[0]!r} is outside the source directory; refused",
                "path",
                self.get_location(),
            )
            return self._error(_("Digest file refused (outside the source directory): %s"))
        self.env.note_dependency(str(path))
        try:
            digest, diagnostics = load_digest(path, entry_level, entry)
        except OSError as exc:
            warn(self._not_read(exc, path, srcdir, docpath), "not-found", self.get_location())
            return self._error(_("Digest file not found: %s"))
        return path, digest, diagnostics

    def _report(
        self, path: Path, relative: str, digest: Digest, diagnostics: list[Diagnostic]
    ) -> str:
        """Report the digest's problems once per build; return its emoji, if usable."""
        reported = cast("set[str]", self.env.temp_data.setdefault("paperdigest_reported", set()))
        first = str(path) not in reported
        reported.add(str(path))
        # the reader leaves out an emoji that is not one (and says so)
        emoji = digest.meta.emoji or ""
        if first:
            report_diagnostics(diagnostics, path)
        self._warn_if_a_page(path, relative)
        return emoji

    def _note(self, result: list[nodes.Node], emoji: str) -> None:
        """Tell the domain what the page shows."""
        domain = self.env.domains[DigestDomain.name]
        assert isinstance(domain, DigestDomain)
        for node in result:
            for entry in node.findall(paperdigest_entry):
                domain.note_entry(self.env.docname, entry)
        domain.note_emoji(self.env.docname, emoji)

    # -- pieces ------------------------------------------------------------------------

    def _option_location(self, option: str) -> str:
        """``file:line`` of an option's line (reST or MyST), else of the directive."""
        source, _ = self.get_source_info()
        lines = self.block_text.splitlines()
        if not source:
            return self.get_location()
        opening = re.compile(rf"^\s*(?:\.\.\s+|[`~:]{{3,}}\s*\{{){re.escape(self.name)}\b")
        # reST and MyST 5 give the whole block, from the directive's line; MyST 4
        # gives what follows that line
        offset = 0 if lines and opening.match(lines[0]) else 1
        # ``:topic: NeRF`` (reST, MyST) or ``topic: NeRF`` (MyST's YAML block)
        wanted = re.compile(rf"^\s*:?{re.escape(option)}:(?:\s|$)", re.IGNORECASE)
        for index, line in enumerate(lines[1 - offset :], start=1):
            if wanted.match(line):
                return f"{source}:{self.lineno + index}"
        return self.get_location()

    def _not_read(self, exc: OSError, path: Path, srcdir: Path, docpath: Path) -> str:
        """Why a digest cannot be read, where it was looked for, and close names."""
        written = self.arguments[0]
        relative = path.relative_to(srcdir).as_posix()
        if written.startswith(("/", "\\")):
            how = "relative to the source directory"
        else:
            how = "relative to the page; start the path with / for the source directory"
        message = f"cannot read digest {written!r}: {exc.strerror or exc}; looked for "
        message += f"{relative!r} in the source directory ({how})"
        if isinstance(exc, FileNotFoundError | NotADirectoryError):
            names = close_paths(path, srcdir, srcdir / docpath.parent, written)
            if names:
                message += "; " + did_you_mean(names)
        return message

    def _warn_if_a_page(self, path: Path, relative: str) -> None:
        """Warn, once per digest, when Sphinx also builds the digest as a page."""
        docname = self.env.path2doc(str(path))
        if docname is None or docname not in self.env.found_docs or path in _warned_pages:
            return
        _warned_pages.add(path)
        pattern = posixpath.dirname(relative) or relative
        warn(
            f"digest {relative!r} is also built as a page of its own, since "
            f'exclude_patterns does not exclude it; add "{pattern}" to exclude_patterns in '
            f'conf.py: exclude_patterns = ["_build", "{pattern}"]',
            "not-excluded",
            self.get_location(),
        )

    def _error(self, message: str) -> nodes.Element:
        text = message % self.arguments[0]
        error = nodes.error("", nodes.paragraph(text, text), classes=["paperdigest-error"])
        self.set_source_info(error)
        return error

    def _placeholder(self, emoji: str) -> str:
        setting = settings(self.config).placeholder
        if not setting:
            return ""
        if setting == "emoji":
            return emoji or _DEFAULT_EMOJI
        return str(setting)

    def _depth(self) -> int | None:
        """Section depth of the directive's parent, or None where no section may go."""
        parent = self.state_machine.node
        if not isinstance(parent, nodes.section | nodes.document):
            return None
        depth = 0
        node: nodes.Node | None = parent
        while node is not None:
            if isinstance(node, nodes.section):
                depth += 1
            node = node.parent
        return depth


def warn_if_filtered_out(
    digest: Digest, options: ViewOptions, rules: TopicRules, location: str
) -> None:
    """Warn (``paperdigest.empty``) when the filters leave none of the digest's entries."""
    why = empty_selection(digest, options, rules)
    if why is not None:
        warn(f"nothing to show: {why}", "empty", location)


def setup_directive(app: Sphinx) -> None:
    """Register the directive (reST ``.. paperdigest::``, MyST ``{paperdigest}``)."""
    app.add_directive("paperdigest", PaperDigestDirective)
    app.connect("builder-inited", _new_build)
    setup_render_cache(app)
