"""Which link of an entry is its paper: the one whose text best matches the title.

An entry often links several papers: the one it reviews and others it
mentions. The one it reviews is usually the one its title names, so its
*primary paper* is the paper link whose text shares the most words with the
title; with none sharing any, the first paper link.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol, TypeVar

# words of Latin script (and digits), and runs of any other letters
_LATIN_RE = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_OTHER_RE = re.compile(r"[^\W0-9a-z\u00c0-\u024f_]+")
#: Words that say nothing of which paper a text names.
STOPWORDS = frozenset(
    str.split(
        "a an and are as at by for from in into is it of on or the to via with without "
        "using towards toward we our its this that paper arxiv pdf link code html abs "
        "論文 記事 解説"
    )
)


class _Link(Protocol):
    """A link with text that may name a paper (a :class:`~.model.PaperLink`)."""

    @property
    def label(self) -> str: ...

    @property
    def is_paper(self) -> bool: ...


L = TypeVar("L", bound=_Link)


def words(text: str) -> set[str]:
    """The words of ``text`` a match counts: Latin words, and pairs of other letters.

    Scripts without spaces (Japanese, Chinese) are cut into overlapping pairs
    of characters, so ``拡散モデル`` and ``拡散モデルの解説`` share words.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    found = {w for w in _LATIN_RE.findall(folded) if len(w) > 1 and w not in STOPWORDS}
    for run in _OTHER_RE.findall(folded):
        if run in STOPWORDS:
            continue
        if len(run) == 1:
            found.add(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def match_score(label: str, title_words: set[str]) -> float:
    """How well a link's text matches a title's words: 0 (not at all) to 1."""
    label_words = words(label)
    common = len(label_words & title_words)
    if not common or common < min(2, len(label_words)):
        return 0.0
    return 2 * common / (len(label_words) + len(title_words))


def best_paper(links: Sequence[L], title: str) -> L | None:
    """The paper link whose text best matches ``title``; else the first paper link."""
    papers = [link for link in links if link.is_paper]
    if len(papers) < 2:
        return papers[0] if papers else None
    title_words = words(title)
    best, best_score = papers[0], 0.0
    for link in papers:
        score = match_score(link.label, title_words) if link.label else 0.0
        if score > best_score:
            best, best_score = link, score
    return best
