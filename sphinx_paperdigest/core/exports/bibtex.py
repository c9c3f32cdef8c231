"""BibTeX of the papers a site's entries link (``papers.bib``).

One entry per paper: every link of an entry that names a paper (arXiv, DOI,
OpenReview, ACL Anthology, CVF, PMLR, NeurIPS, ICLR, Semantic Scholar; the
entry's own URL too when it names one), once across all digests: two links to
the same arXiv id, DOI... are one entry, the first in site order.

- arXiv: ``@misc`` with ``eprint``, ``archivePrefix = {arXiv}``, ``primaryClass``
  when the id names it (old ids such as ``hep-th/9901001``), the ``year`` the id
  tells and the ``url``;
- with enrichment (``site.papers``), the paper's own title, its ``author``
  (``A and B``, full names; a name with a comma or the word ``and`` braced), the
  ``primaryClass`` and the ``year`` it was published win;
- DOI: ``@misc`` with ``doi`` and ``url``;
- any other paper: ``@misc`` with ``url``.

Keys are the link's kind and id (``arxiv:2106.03253``, ``doi:10.1145/3292500``,
``openreview:AbCd``), with characters other than letters, digits and ``.:/-``
made ``-``; so a key does not change when other papers come or go. Two papers
whose keys would be the same both get a short hash of their URL.

The title is the link's text when it reads like one (not ``arXiv``, ``PDF``,
``論文``, a URL...), else the entry's title. TeX's special characters
(``# $ % & _ { } ~ ^ \\``) are escaped; other characters stay as they are (the
file is UTF-8, which LaTeX, BibTeX, biber and bibtexparser read), and the title
is braced twice so that styles keep its case as written. In ``url``, ``doi`` and
``eprint`` (read verbatim by LaTeX), braces, backslashes, spaces and non-ASCII
characters are percent-encoded instead.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from ..model import Entry, PaperLink
from ..papers import Paper
from ..urls import link_key, paper_link
from .site import Site, unique_cards

HEADER = "% Papers linked by paper digests; written by sphinx-paperdigest. Encoding: UTF-8.\n"

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_RE = re.compile(r"[\\{}#$%&_~^]")
_SPACE_RE = re.compile(r"[\s\x00-\x1f\x7f]+")


def tex(text: str) -> str:
    """``text`` on one line with TeX's special characters escaped."""
    text = _SPACE_RE.sub(" ", text).strip()
    return _TEX_RE.sub(lambda m: _TEX_SPECIALS[m.group(0)], text)


def verbatim(value: str) -> str:
    """A URL, DOI or eprint for a verbatim field: braces, ``\\``, spaces, non-ASCII encoded."""
    return quote(value.strip(), safe="!#$%&'()*+,-./:;=?@[]^_`|~")


# -- titles -------------------------------------------------------------------------

_NOT_TITLES = frozenset(
    {
        "abs",
        "abstract",
        "acl",
        "acl anthology",
        "article",
        "arxiv",
        "arxiv paper",
        "bibtex",
        "code",
        "cvf",
        "doi",
        "full paper",
        "github",
        "here",
        "html",
        "link",
        "neurips",
        "iclr",
        "openreview",
        "paper",
        "pdf",
        "pmlr",
        "proceedings",
        "project",
        "project page",
        "semantic scholar",
        "source",
        "url",
        "website",
        "論文",
        "こちら",
        "ここ",
        "リンク",
    }
)
_ID_LIKE_RE = re.compile(r"(?:arxiv:?\s*)?\d{4}\.\d{4,5}(?:v\d+)?|10\.\d{4,9}/\S+", re.I)


def reads_as_title(label: str) -> bool:
    """Whether a link's text names the paper (rather than saying ``PDF`` or the URL)."""
    text = label.strip().strip("[]()").strip()
    if len(text) < 3 or "://" in text or _ID_LIKE_RE.fullmatch(text):
        return False
    return text.casefold() not in _NOT_TITLES


# -- entries ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One BibTeX entry before it is written: key, then ``(field, value)`` in order."""

    key: str
    fields: tuple[tuple[str, str], ...]


def _year(link: PaperLink) -> str | None:
    if link.kind == "arxiv" and link.id:
        match = re.search(r"(?:^|/)(\d\d)(\d\d)", link.id)
        if match:
            yy = int(match.group(1))
            return str(1900 + yy if yy >= 91 else 2000 + yy)
    if link.kind == "neurips" and link.id:
        return link.id.split("/", 1)[0]
    return None


_AND_RE = re.compile(r"\band\b", re.IGNORECASE)


def bib_name(name: str) -> str:
    """One author for ``author``: braced when BibTeX would split it (a comma, ``and``)."""
    text = tex(name)
    return "{" + text + "}" if "," in text or _AND_RE.search(text) else text


def _fields(link: PaperLink, title: str, paper: Paper | None) -> tuple[tuple[str, str], ...]:
    if paper is not None and paper.title:
        title = paper.title
    fields = [("title", "{" + tex(title) + "}")]
    if paper is not None and paper.authors:
        fields.append(("author", " and ".join(bib_name(n) for n in paper.authors)))
    if link.kind == "arxiv" and link.id:
        fields += [("eprint", verbatim(link.id)), ("archivePrefix", "arXiv")]
        if paper is not None and paper.primary_category:
            fields.append(("primaryClass", tex(paper.primary_category)))
        elif "/" in link.id:
            fields.append(("primaryClass", tex(link.id.split("/", 1)[0])))
    elif link.kind == "doi" and link.id:
        fields.append(("doi", verbatim(link.id)))
    if paper is not None and paper.published is not None:
        fields.append(("year", str(paper.published.year)))
    elif year := _year(link):
        fields.append(("year", year))
    url = f"https://arxiv.org/abs/{link.id}" if link.kind == "arxiv" and link.id else link.url
    fields.append(("url", verbatim(url)))
    return tuple(fields)


_KEY_DROP_RE = re.compile(r"[^A-Za-z0-9.:/-]+")


def _key(link: PaperLink) -> str:
    ident = link.id or link.url.split("://", 1)[-1]
    return f"{link.kind}:" + (_KEY_DROP_RE.sub("-", ident).strip("-") or "paper")


def _papers(entry: Entry) -> Iterator[PaperLink]:
    if entry.url:
        own = paper_link(entry.url, entry.title, entry.line)
        if own.is_paper:
            yield own
    yield from (p for p in entry.papers if p.is_paper)


def bib_entries(site: Site) -> list[BibEntry]:
    """The entries of :func:`bibliography`, in site order, one per paper."""
    found: dict[str, tuple[PaperLink, str]] = {}
    for card in unique_cards(site.cards):
        for link in _papers(card.entry):
            same = link_key(link)
            if same not in found:
                title = link.label if reads_as_title(link.label) else card.entry.title
                found[same] = (link, title or link.url)
    keys = {same: _key(link) for same, (link, _) in found.items()}
    counts: dict[str, int] = {}
    for key in keys.values():
        counts[key] = counts.get(key, 0) + 1
    entries = []
    for same, (link, title) in found.items():
        key = keys[same]
        if counts[key] > 1:
            key += "-" + hashlib.sha256(same.encode()).hexdigest()[:6]
        entries.append(BibEntry(key, _fields(link, title, site.papers.get(same))))
    return entries


def write(entry: BibEntry) -> str:
    """One entry as BibTeX text."""
    lines = [f"@misc{{{entry.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in entry.fields]
    return "\n".join(lines) + "\n}\n"


def bibliography(site: Site) -> str:
    """The ``.bib`` text of every paper the site's entries link."""
    return HEADER + "".join("\n" + write(entry) for entry in bib_entries(site))
