"""The catalogue of diagnostic codes.

Each code is stable: it is the ``[code]`` of ``paperdigest lint`` and the Sphinx
warning subtype ``paperdigest.<code>`` (so ``suppress_warnings`` can name it).
The docs' warnings reference is generated from :data:`CODES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .limits import cap_message
from .model import Diagnostic, Severity


@dataclass(frozen=True, slots=True)
class Code:
    """A diagnostic code: its default severity and what it means."""

    name: str
    severity: Severity
    summary: str
    where: str = "reader"


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every code, in the order the docs list them.
CODES: dict[str, Code] = {
    c.name: c
    for c in (
        Code("encoding", _E, "The file is not valid UTF-8; bad bytes are replaced."),
        Code(
            "front-matter",
            _E,
            "The YAML or TOML front matter cannot be parsed, is not closed, or is "
            "not a mapping; the rest of the file is still read.",
        ),
        Code(
            "front-matter-value",
            _W,
            "A known front matter key has a value of the wrong type; it is ignored.",
        ),
        Code("no-title", _W, "An entry heading has no text; the entry is kept."),
        Code(
            "unsafe-url",
            _W,
            "A URL with a scheme other than http, https or mailto (``javascript:``, "
            "``data:``...); it is dropped and never becomes a link.",
        ),
        Code(
            "broken-link",
            _W,
            "A half-broken link: ``「title](url)`` or ``title](url)`` (no ``[``), "
            "``[title] (url)`` (a space), ``[title](url`` (no ``)``), an extra ``[`` or "
            "``]``. It is read, and shown in the summary, as the link it means.",
        ),
        Code(
            "raw-html",
            _W,
            "Raw HTML that could run or load something: ``<script>``, ``<style>``, "
            "``<iframe>``, ``<object>``, a tag that is not harmless markup, an event "
            "handler (``onclick``...), a style that loads something. It is dropped, with "
            "the content of scripts, styles and embedded documents (said once per entry).",
        ),
        Code(
            "html-block",
            _W,
            "An HTML block (an ``<img ...>`` line, say) is followed by text and headings "
            "with no blank line between: CommonMark makes HTML of all of it, up to the "
            "next blank line, and the entries under those headings would be lost. The "
            "block is read as ending at its tag's line (or before the heading); write a "
            "blank line after the tag.",
        ),
        Code(
            "markup",
            _I,
            "Harmless HTML markup (``<a name>``, ``<p>``, ``<div align>``, ``<b>``, "
            "``<sup>``, tables...) is dropped and its text kept; one line per digest "
            "counts it. ``<img>``, ``<br>`` and comments are kept as they are.",
        ),
        Code(
            "image-path",
            _W,
            "A local image path that leaves the digest's directory (``../x.png``) or, "
            "for a path from the repository's root as Zenn writes them "
            "(``/images/x.png``), its root folder; or that no file system can hold (a "
            "name over 255 bytes); it is dropped.",
        ),
        Code(
            "private-host",
            _W,
            "A picture URL whose host names this machine or a private network: "
            "``localhost``, a loopback, private, link-local (``169.254.169.254``) or "
            "other non-public address, in any spelling (``2130706433``, ``0x7f.1``, "
            "``[::1]``). The picture is kept: in ``link`` mode a reader's browser asks its "
            "own network for it; ``download`` mode refuses it.",
        ),
        Code(
            "duplicate-id",
            _W,
            "Two entries have the same id; the later one gets a suffix.",
        ),
        Code("invalid-date", _W, "A date that cannot be read; it is ignored."),
        Code(
            "metadata",
            _W,
            "A ``<!-- paperdigest ... -->`` metadata comment is not a YAML mapping, "
            "or one of its keys has a value of the wrong type.",
        ),
        Code(
            "unclosed-comment",
            _E,
            "An HTML comment is never closed; it is taken to end at its first line so "
            "that the entries after it are not lost.",
        ),
        Code(
            "syntax",
            _E,
            "A summary uses MyST syntax a digest may not use (a directive other than "
            "the admonitions, ``{math}`` and ``{code-block}``; a role other than "
            "``{math}``, ``{sub}`` and ``{sup}``; a ``{{ substitution }}``); it is "
            "shown as the text it is and never runs.",
            where="summary",
        ),
        Code(
            "math",
            _W,
            "Math that uses a TeX command or environment outside the allowed list (see "
            "the Security page); it is shown as code.",
            where="summary",
        ),
        Code(
            "limit",
            _E,
            "A limit for untrusted input was hit: a file over 64 MB, data nested more "
            "than 32 deep, a number over 100 characters, or YAML aliases that refer to "
            "themselves or expand far beyond the file's size. The value is dropped "
            "(the file, when it is too large) and reading goes on.",
        ),
        Code(
            "protocol-relative",
            _I,
            "A picture written ``//host/path`` is a protocol-relative URL: it is read "
            "as ``https://host/path``, never as a file of the machine that builds.",
        ),
        Code(
            "empty",
            _W,
            "The digest has no entries; or a directive's filters (``:topics:``, "
            "``:exclude-topics:``, ``:years:``, ``:groups:``) leave none of them, and the "
            "warning names the filters and the topics, years (and groups) the digest has.",
        ),
        Code(
            "structure",
            _E,
            "A structured (YAML, JSON, TOML) digest cannot be parsed or does not have "
            "the documented shape.",
        ),
        Code(
            "not-found",
            _E,
            "The digest file does not exist or cannot be read.",
            where="directive",
        ),
        Code(
            "path",
            _E,
            "The digest path leaves the Sphinx source directory.",
            where="directive",
        ),
        Code(
            "ref",
            _W,
            "A ``{paper}`` reference names no entry of the site; it is shown as text.",
            where="directive",
        ),
        Code(
            "not-excluded",
            _W,
            "The digest file is also built as a page of its own: it is a source file "
            "(``.md``) that ``exclude_patterns`` does not exclude. Add the digests' "
            "folder to ``exclude_patterns``. Said once per digest (with ``-j``, once "
            "per process that reads a page using it).",
            where="directive",
        ),
        Code(
            "option",
            _W,
            "A directive option or a ``paperdigest_*`` config value is invalid; its "
            "default is used.",
            where="directive",
        ),
        Code(
            "draft",
            _I,
            "The digest is unpublished (``published: false``) and "
            "``paperdigest_show_drafts`` is off; nothing is rendered.",
            where="directive",
        ),
        Code(
            "image",
            _W,
            "An image cannot be used (missing, not a regular file, outside the source "
            "directory through a symbolic link, unreadable, corrupt, too large, or a "
            "download failed): a card shows the placeholder, a summary drops it. "
            "``paperdigest lint`` reports the local files.",
            where="directive",
        ),
        Code(
            "export",
            _W,
            "An export file is not written: ``paperdigest_exports`` names ``'atom'`` "
            "but ``html_baseurl`` is not an http(s) URL, or a file cannot be written "
            "or a digest read again.",
            where="build",
        ),
        Code(
            "enrich",
            _W,
            "Enrichment (``paperdigest_enrich``) cannot ask a source for its papers "
            "(offline, refused host, HTTP error, an answer it cannot read), or cannot "
            "write its cache; the cards show what the digests say, and the papers are "
            "asked for again next build. One warning per source and build.",
            where="build",
        ),
        Code(
            "theme-option",
            _W,
            "An option of the ``paperdigest`` HTML theme is invalid (not a ``--pd-*`` "
            "name, or a value that is not plain CSS); it is ignored.",
            where="theme",
        ),
        Code(
            "emoji",
            _W,
            "The digest's ``emoji`` is not a short emoji (more than 16 characters, "
            "spaces, markup or control characters); it is left out (of the theme's "
            "header and of cards without a picture).",
        ),
    )
}


def make(code: str, line: int | None, message: str) -> Diagnostic:
    """Return a diagnostic of ``code`` with the code's default severity.

    The message is cut to :data:`~.limits.MAX_MESSAGE` characters: it may quote
    the digest, and a digest line can be megabytes long.
    """
    return Diagnostic(CODES[code].severity, code, line, cap_message(message))
