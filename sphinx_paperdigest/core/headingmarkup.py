"""Report the dangerous markup of titles, group and entry headings.

A heading is shown as its text: raw HTML and pictures in it are dropped. That
is safe, but it must not be silent when the markup is an attack: a script, an
event handler, an unknown element or an unsafe URL gets a diagnostic at the
heading's line (``raw-html``, ``unsafe-url``). Harmless inline HTML (``<b>``,
``<sup>``...) is dropped quietly. Headings inside an entry's body are the
summary's, and the digest's title is read with its intro: both are reported
with those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from . import urls
from .headings import Heading
from .html import scan_html
from .metadata import Report
from .scan import Block

#: Inline HTML that only formats text, or that the reader judges by its URL.
HARMLESS_TAGS = frozenset(
    {
        *("a", "abbr", "b", "big", "br", "cite", "code", "del", "dfn", "em", "i", "img"),
        *("ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup"),
        *("time", "tt", "u", "var", "wbr"),
    }
)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# an attribute named on...: an event handler, whatever the tag
_EVENT_RE = re.compile(r"[\s\"'/](on[a-z]+)\s*=", re.IGNORECASE)


def report_heading_markup(
    blocks: Sequence[Block], headings: Sequence[Heading], report: Report
) -> None:
    """Report the dangerous markup of every title, group and entry heading."""
    for heading in headings:
        # the digest's title is read with its intro, which reports its markup
        if heading.role and heading.role != "title":
            children = blocks[heading.index].tokens[1].children or []
            # an entry's own link is its URL: the entry builder reports it
            own_link = heading.role == "entry" and heading.linked
            _report(children, heading, own_link, report)


def _report(children: Sequence[Token], heading: Heading, own_link: bool, report: Report) -> None:
    tags: list[str] = []
    bad_urls: list[str] = []
    links = 0
    for child in children:
        if child.type == "html_inline":
            tags.extend(dangerous_tags(child.content))
            bad_urls.extend(_unsafe_html_urls(child.content))
        elif child.type == "image":
            bad_urls.append(str(child.attrs.get("src", "")))
        elif child.type == "link_open":
            links += 1
            if not (own_link and links == 1):
                bad_urls.append(str(child.attrs.get("href", "")))
    if tags:
        shown = ", ".join(sorted({f"<{t}>" for t in tags}))
        message = (
            f"raw HTML dropped from the {heading.role} heading {heading.title[:60]!r}: {shown}"
        )
        report("raw-html", heading.line, message)
    for url in bad_urls:
        if not urls.is_safe_url(url.strip()):
            report("unsafe-url", heading.line, f"unsafe URL dropped: {url[:80]!r}")


def dangerous_tags(fragment: str) -> list[str]:
    """The names of the elements of an inline HTML tag that are more than formatting."""
    match = _TAG_RE.match(fragment)
    if match is None:  # a comment, a declaration, a processing instruction
        return [] if fragment.startswith("<!--") else [fragment[:10]]
    name = match.group(2).lower()
    event = _EVENT_RE.search(fragment, match.end())
    if event is not None:
        return [f"{name} {event.group(1).lower()}"]
    return [] if name in HARMLESS_TAGS else [name]


def _unsafe_html_urls(fragment: str) -> list[str]:
    if not fragment.lstrip("<").lower().startswith(("img", "a")):
        return []
    scan = scan_html(fragment)
    return [image.get("src", "") for image in scan.images] + scan.links
