"""Automatic topics: keywords and regular expressions matched in any script.

A keyword matches whole words where it meets Latin letters or digits only:
``Attention`` is found in ``Attentionベース`` and ``にAttentionを`` (kana and
kanji are not letters of its word) but not in ``Attentions``; ``GAN`` is not in
``organ``. Case and width do not matter: text and keywords are compared in
Unicode's compatibility form (NFKC: ``ＳＬＡＭ`` is ``SLAM``), ignoring case.

A keyword written between slashes, ``/vision[- ]transformers?/``, is a regular
expression (Python syntax, case ignored, same folding). Rules come from conf.py
and are trusted, but the text they run on is a digest's: a pattern that could
take exponential time (a repetition inside a repetition, a back-reference) is
refused by :func:`regex_problem`, and each pattern runs on lines of at most
:data:`MAX_LINE` characters of the first :data:`MAX_TEXT` characters of an
entry, so a match costs at most a bounded amount of time whatever the digest.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .model import Entry

# the parser ``re`` itself uses (Python 3.11+), to look at a pattern's shape
_sre_parse: Any = importlib.import_module("re._parser")
_sre_constants: Any = importlib.import_module("re._constants")

#: How much of an entry (title, then summary) rules look at, in characters.
MAX_TEXT = 20_000
#: How much of each line of it a regular expression looks at, in characters.
MAX_LINE = 1_000

# letters and digits a Latin word is made of: ASCII, and the Latin-1 and
# Latin Extended-A/B letters (accents), without × and ÷
_WORD = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_BEFORE = f"(?<![{_WORD}])"
_AFTER = f"(?![{_WORD}])"
_WORD_RE = re.compile(f"[{_WORD}]")


def fold(text: str) -> str:
    """``text`` in compatibility form (NFKC): full-width letters become ASCII."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def is_regex(keyword: str) -> bool:
    """Whether a rule keyword is a regular expression (``/.../``)."""
    keyword = keyword.strip()
    return len(keyword) >= 3 and keyword.startswith("/") and keyword.endswith("/")


def keyword_pattern(keyword: str) -> str:
    """The pattern of a plain keyword: itself, bounded where it meets a Latin word."""
    text = fold(" ".join(keyword.split()))
    if not text:
        return ""
    before = _BEFORE if _WORD_RE.match(text[0]) else ""
    after = _AFTER if _WORD_RE.match(text[-1]) else ""
    return before + re.escape(text) + after


_REPEATS = frozenset(
    {_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT, _sre_constants.POSSESSIVE_REPEAT}
)
_NESTS = frozenset(
    {
        _sre_constants.SUBPATTERN,
        _sre_constants.ASSERT,
        _sre_constants.ASSERT_NOT,
        _sre_constants.ATOMIC_GROUP,
    }
)
_REFERENCES = frozenset({_sre_constants.GROUPREF, _sre_constants.GROUPREF_EXISTS})


def _children(op: object, av: Any) -> tuple[list[Any], bool]:
    """The sub-patterns of one parsed item, and whether it repeats them more than once."""
    if op in _REPEATS:
        return [av[2]], av[1] > 1
    if op in _NESTS:
        return [av[-1] if isinstance(av, tuple) else av], False
    if op == _sre_constants.BRANCH:
        return list(av[1]), False
    return [], False


def _repeats(items: Iterable[tuple[object, Any]], inside: bool) -> str | None:
    """Why a parsed pattern could take exponential time, or None."""
    for op, av in items:
        if op in _REFERENCES:
            return "back-references are not allowed"
        children, repeats = _children(op, av)
        if repeats and inside:
            return "a repetition inside a repetition can take exponential time"
        for child in children:
            problem = _repeats(child, inside or repeats)
            if problem:
                return problem
    return None


def regex_problem(keyword: str) -> str | None:
    """Why a ``/.../`` keyword cannot be a rule, or None when it can."""
    source = keyword.strip()[1:-1]
    try:
        compiled = re.compile(source, re.IGNORECASE)
        parsed = _sre_parse.parse(source, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"{keyword.strip()!r} is not a regular expression: {exc}"
    problem = _repeats(parsed, False)
    if problem:
        return f"{keyword.strip()!r}: {problem}"
    if compiled.search(""):
        return f"{keyword.strip()!r} matches the empty text, so every entry"
    return None


@dataclass(frozen=True, slots=True)
class TopicRules:
    """Automatic topics: a topic for every entry whose title or summary has a keyword.

    ``rules`` holds, per topic, one pattern of its plain keywords and the
    patterns of its regular expressions (see the module docstring).
    """

    rules: tuple[tuple[str, re.Pattern[str] | None, tuple[re.Pattern[str], ...]], ...] = ()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Iterable[str]]) -> TopicRules:
        """Build the rules from ``{topic: [keyword, ...]}``; bad expressions are left out.

        conf.py's check (:func:`sphinx_paperdigest.checks.topic_rules`) reports them.
        """
        rules = []
        for topic, keywords in mapping.items():
            words: list[str] = []
            regexes: list[re.Pattern[str]] = []
            for keyword in keywords:
                if is_regex(keyword):
                    if regex_problem(keyword) is None:
                        regexes.append(re.compile(keyword.strip()[1:-1], re.IGNORECASE))
                elif pattern := keyword_pattern(keyword):
                    words.append(pattern)
            plain = re.compile("|".join(words), re.IGNORECASE) if words else None
            if plain is not None or regexes:
                rules.append((topic, plain, tuple(regexes)))
        return cls(tuple(rules))

    def topics_for(self, entry: Entry) -> tuple[str, ...]:
        """The rule topics whose keywords occur in the entry."""
        if not self.rules:
            return ()
        text = fold(f"{entry.title}\n{entry.summary}"[:MAX_TEXT])
        lines: list[str] | None = None
        found = []
        for topic, plain, regexes in self.rules:
            if plain is not None and plain.search(text):
                found.append(topic)
                continue
            if regexes:
                if lines is None:
                    lines = [line[:MAX_LINE] for line in text.split("\n")]
                if any(r.search(line) for r in regexes for line in lines):
                    found.append(topic)
        return tuple(found)
