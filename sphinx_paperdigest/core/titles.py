"""What a one-line entry says of itself: title, article link, authors, venue, year.

List items, table cells and HTML links write an entry on one line, in a few
shapes people use::

    [Title](url), Mildenhall et al., ECCV 2020 | [github](...)
    **Title** - what it does. [Paper](...), [Code](...)
    Tacotron 2 (2017) — [arXiv:1712.05884](...) / [repo](...)
    1) **Title** - summary
    Title, A. Author, B. Author, NeurIPS 2017          (an HTML link's text)

:func:`head` reads the title from the start of the line's inline tokens;
:func:`byline` the authors and venue after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

#: Link texts that name a kind of page, not a paper: such a link is not a title.
GENERIC_LABELS = frozenset(
    str.split(
        "paper papers code pdf arxiv github gitlab project page website site video videos "
        "slides bibtex bib blog demo data dataset talk poster supp supplementary html doi "
        "link links tweet thread homepage home openreview abstract abs repo repository "
        "model weights colab notebook huggingface hf 論文 コード 実装 記事 動画 リンク 資料"
    )
)
_GENERIC_RE = re.compile(r"[\W_]*(?P<label>[^\W_][\w .'-]*?)[\W_]*")
_NUMBERING_RE = re.compile(r"^\s*(?:\d{1,4}[.)]|#\d{1,4}|\(\d{1,4}\))\s+")
_TRAILING_RE = re.compile(r"[\s\[(（【「—–:：|/,;・-]+$")
_LEADING_RE = re.compile(r"^[\s,.;:：|/—–-]+")
_YEAR_PARENS_RE = re.compile(r"\s*[(（]((?:19|20)\d\d)[)）]$")
_BYLINE_STOP_RE = re.compile(r"\s+[|/—–]\s+|\s*\|\s*|\s+-\s+")
_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)(?![0-9])")
_VENUE_RE = re.compile(r"^(?:[A-Za-z][\w&.'/-]*\s+){0,4}'?(?:19|20)\d\d[a-z]?$")
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]\.|de|van|von|der|den|da|di|du|le|la|del|dos|y)"
_NAME_RE = re.compile(rf"^{_NAME_WORD}(?:[\s-]+{_NAME_WORD}){{0,4}}$")
_ET_AL_RE = re.compile(r"\s*\bet\.?\s*al\b\.?\s*", re.I)


def is_generic(label: str) -> bool:
    """Whether a link text names a kind of page (``[Paper]``, ``[code]``, ``論文``)."""
    match = _GENERIC_RE.fullmatch(label.strip())
    return match is not None and match.group("label").casefold() in GENERIC_LABELS


@dataclass(frozen=True, slots=True)
class Head:
    """The title an entry's line starts with, its link, and the text after it.

    ``kind`` is how the title is written: ``link`` (``[Title](url)``),
    ``strong`` (``**Title**``, ``*Title*``), ``plain`` (text before the first
    link) or ``label`` (a link's text, with nothing before it). ``after`` is the
    index of the first token after the title; ``year`` a year written in
    parentheses after a plain title (``Tacotron 2 (2017)``).
    """

    title: str
    url: str | None
    after: int
    kind: str
    year: int | None = None


def _text(tokens: list[Token]) -> str:
    parts = [t.content for t in tokens if t.type in {"text", "code_inline"}]
    parts += [" " for t in tokens if t.type in {"softbreak", "hardbreak"}]
    return " ".join("".join(parts).split())


def _closing(children: list[Token], start: int) -> int:
    """The index of the token that closes ``children[start]`` (its nesting pair)."""
    depth = 0
    for index in range(start, len(children)):
        depth += children[index].nesting
        if depth == 0:
            return index
    return len(children) - 1


def _first(children: list[Token]) -> int:
    """The index of the first token with something in it (numbering skipped)."""
    for index, child in enumerate(children):
        if child.type == "text":
            if not child.content.strip():
                continue
            if _NUMBERING_RE.fullmatch(child.content + " "):
                continue
        return index
    return len(children)


def head(children: list[Token]) -> Head | None:
    """The title at the start of an entry's inline tokens, or None when there is none."""
    start = _first(children)
    if start >= len(children):
        return None
    first = children[start]
    if first.type in {"link_open", "strong_open", "em_open"}:
        end = _closing(children, start)
        inside = children[start + 1 : end]
        links = [t for t in inside if t.type == "link_open"]
        url = str(first.attrs.get("href", "")) if first.type == "link_open" else None
        if url is None and links:
            url = str(links[0].attrs.get("href", ""))
        title = _text(inside)
        if title and not (url is not None and is_generic(title) and first.type == "link_open"):
            kind = "link" if first.type == "link_open" else "strong"
            return Head(title, url or None, end + 1, kind)
    return _plain_head(children, start)


def _plain_head(children: list[Token], start: int) -> Head | None:
    """A title written as text before the first link: ``Title (2017) — [arXiv](...)``."""
    stop = start
    while stop < len(children) and children[stop].type not in {"link_open", "image", "html_inline"}:
        stop += 1
    text = _NUMBERING_RE.sub("", _text(children[start:stop]))
    text = _TRAILING_RE.sub("", text)
    year = None
    match = _YEAR_PARENS_RE.search(text)
    if match:
        year = int(match.group(1))
        text = _TRAILING_RE.sub("", text[: match.start()])
    if text:
        return Head(text, None, stop, "plain", year)
    # nothing before the link: the link's own text, when it names something
    if stop < len(children) and children[stop].type == "link_open":
        end = _closing(children, stop)
        label = _text(children[stop + 1 : end])
        if label:
            href = str(children[stop].attrs.get("href", "")) or None
            return Head(label, href, end + 1, "label")
    return None


def byline_text(children: list[Token], after: int) -> str:
    """The plain text right after a title, up to the next link or separator."""
    parts = []
    for child in children[after:]:
        if child.type in {"link_open", "image", "html_inline"}:
            break
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            break
    text = _LEADING_RE.sub("", "".join(parts))
    return _BYLINE_STOP_RE.split(text, maxsplit=1)[0].strip()


@dataclass(frozen=True, slots=True)
class Byline:
    """Authors, venue and year, as a byline writes them."""

    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None


def _names(segment: str) -> list[str] | None:
    """The names of an authors segment (``A. Author and B. Author``), or None.

    A name has two words at least (``Ben Mildenhall``, ``B. Mildenhall``): one
    capitalised word alone is as likely a word of a title.
    """
    names = [n.strip() for n in re.split(r"\s+and\s+|\s*&\s*", segment) if n.strip()]
    if names and all(_NAME_RE.match(n) and len(n.split()) > 1 for n in names):
        return names
    return None


def byline(text: str) -> Byline:
    """Read ``Mildenhall et al., ECCV 2020`` (or ``A. Author, B. Author, 2021``...).

    Anything that does not read as names, ``et al.``, a venue or a year makes
    the whole text no byline: better nothing than something wrong.
    """
    authors: list[str] = []
    venue = None
    year = None
    unsure = False  # a part that is no name: the authors are not known
    for raw in text.split(","):
        segment = raw.strip()
        match = _ET_AL_RE.search(segment)
        if match:  # ``Mildenhall et al.``, ``Rebain et al. Arxiv 2020``
            first = segment[: match.start()].strip()
            unsure = unsure or not _NAME_RE.match(first) or bool(authors)
            authors.append(first)
            segment = segment[match.end() :].strip()
        segment = segment.rstrip(".")
        if not segment:
            continue
        if venue is not None or year is not None:
            return Byline()  # more after the venue: no byline
        if _VENUE_RE.match(segment):
            venue = None if segment.isdigit() else segment
            year = int(_YEAR_RE.findall(segment)[-1])
            continue
        found = _names(segment)
        unsure = unsure or found is None
        authors += found or []
    return Byline(() if unsure else tuple(authors), venue, year)


def split_title(text: str) -> tuple[str, Byline]:
    """``Title, Authors, Venue`` (one text, as an HTML link writes it): the title and byline.

    The longest tail of comma-separated parts that reads as authors with a
    venue, a year or ``et al.`` (or as a venue alone) is the byline; the rest
    is the title.
    """
    segments = text.split(",")
    for cut in range(1, len(segments)):
        title = ",".join(segments[:cut]).strip()
        tail = ",".join(segments[cut:])
        found = byline(tail)
        dated = found.venue is not None or found.year is not None
        named = bool(found.authors) and (dated or _ET_AL_RE.search(tail) is not None)
        if title and (named or (dated and cut == len(segments) - 1)):
            return title, found
    return text.strip(), Byline()


_LINK_END_RE = re.compile(
    r"\]\(\s*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+[\"'(][^\n]*?[\"')])?\s*\)"
)


def _skip_link(source: str, at: int) -> int:
    """The end of the link ``[text](url)`` that starts at ``at`` (or ``at`` if there is none)."""
    depth = 0
    for index in range(at, len(source)):
        char = source[index]
        if char == "\\":
            continue
        depth += (char == "[") - (char == "]")
        if depth == 0:
            match = _LINK_END_RE.match(source, index)
            return match.end() if match else at
    return at


def rest_after_title(source: str, kind: str) -> str:
    """The Markdown of an entry's line after its title (``, Authors, Venue | [code](...)``).

    ``source`` is the line's Markdown (list marker and indentation removed);
    ``kind`` is :attr:`Head.kind`.
    """
    at = _NUMBERING_RE.match(source)
    index = at.end() if at else 0
    if kind in {"link", "label"}:
        start = source.find("[", index)
        index = _skip_link(source, start) if start >= 0 else index
    elif kind == "strong":
        pair = source[index : index + 2]
        delimiter = pair if pair in {"**", "__"} else source[index : index + 1]
        close = source.find(delimiter, index + len(delimiter)) if delimiter else -1
        index = close + len(delimiter) if close >= 0 else index
    else:
        found = [source.find(c, index) for c in ("[", "<", "http")]
        index = min((i for i in found if i >= 0), default=len(source))
        if index > 0 and source[index - 1] == "!":  # a picture: ![...](...)
            index -= 1
    return _LEADING_RE.sub("", source[index:])
