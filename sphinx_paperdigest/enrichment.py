"""Enrichment in a build: authors (and more) of the papers the cards name, from arXiv.

Opt-in: ``paperdigest_enrich = ["arxiv"]``. Where each step runs, so that
``-j`` builds and serial ones do the same, and the network is asked once:

1. reading (any process): each page's cards note the keys of the papers they
   name (``Card.papers``); the env keeps them per page, merged after ``-j``
   reads (``env-merge-info``) and dropped with the page (``env-purge-doc``);
2. ``env-updated`` (the main process, once, after every read and merge): the
   keys of every page are asked of the sources (:func:`.enrich.enrich`), only
   those that ``<doctreedir>/paperdigest/<source>.json`` does not hold; the
   papers of the keys the site shows are kept in the env, and the pages whose
   papers changed are written again;
3. writing (any process): :class:`ApplyPapers` sets each card's ``authors``
   from the env, before the cards are written (HTML visitors, print nodes);
   the exports read the same papers (:func:`site_papers`).

A source that cannot be reached is one ``paperdigest.enrich`` warning; the
build goes on with what the digests say, and asks again next time.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Set
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .config import conf_locator, settings
from .core.papers import Paper, entry_paper
from .enrich import Source, enrich, policy_getter
from .enrich.arxiv import ANSWER_BYTES, ArxivSource
from .nodes import paperdigest_entry
from .report import warn
from .thumbnails import fetch_limits

logger = logging.getLogger(__name__)

#: Where the sources' caches are, in the doctree directory.
CACHE_DIR = "paperdigest"
_KEYS = "paperdigest_paper_keys"  # env attribute: {docname: (key, ...)}
_PAPERS = "paperdigest_papers"  # env attribute: {key: Paper}, the keys the site shows


def pause(seconds: float) -> None:
    """Wait between two requests to a source (tests replace it)."""
    time.sleep(seconds)


# -- configuration ------------------------------------------------------------------


def conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:line`` of the line that sets ``name``, if there is one."""
    return conf_locator(app.confdir)(name)


def sources(config: Config) -> list[Source]:
    """The sources ``paperdigest_enrich`` names, asking under the download policy."""
    limits = dataclasses.replace(fetch_limits(config), max_bytes=ANSWER_BYTES)
    values = settings(config)
    found: list[Source] = []
    for name in values.enrich:
        if name == "arxiv":
            get = policy_getter(limits, "application/atom+xml")
            found.append(ArxivSource(get, api=values.arxiv_api, sleep=pause))
    return found


# -- reading: the keys each page's cards name ------------------------------------------


def _keys(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    if not hasattr(env, _KEYS):
        setattr(env, _KEYS, {})
    found: dict[str, tuple[str, ...]] = getattr(env, _KEYS)
    return found


def note_keys(app: Sphinx, doctree: Any) -> None:
    """Keep the keys of the papers the page's cards name (when enrichment is on)."""
    if not settings(app.config).enrich:
        return
    keys = (key for entry in doctree.findall(paperdigest_entry) for key in entry.card.papers)
    found = tuple(dict.fromkeys(keys))
    if found:
        _keys(app.env)[app.env.docname] = found


def purge_keys(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget a page's keys (it is read again, or gone)."""
    _keys(env).pop(docname, None)


def merge_keys(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    """Take the keys of the pages a ``-j`` worker read."""
    theirs = _keys(other)
    for docname in docnames:
        if docname in theirs:
            _keys(env)[docname] = theirs[docname]


# -- once, after reading: ask the sources ---------------------------------------------


def papers_of(env: BuildEnvironment) -> dict[str, Paper]:
    """``{key: paper}`` of the papers the site's cards name and enrichment knows."""
    found: dict[str, Paper] = getattr(env, _PAPERS, {})
    return found


def fetch_papers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Ask the sources for the papers no cache holds; the pages to write again."""
    keys = sorted({key for found in _keys(env).values() for key in found})
    before = papers_of(env)
    papers: dict[str, Paper] = {}
    wanted = sources(app.config)
    if wanted and keys:
        outcome = enrich(keys, wanted, Path(app.doctreedir) / CACHE_DIR)
        if outcome.asked:
            logger.info(f"paperdigest: enrichment asked for {outcome.asked} papers")
        for error in outcome.errors:
            warn(error, "enrich", conf_location(app, "paperdigest_enrich"))
        papers = outcome.papers
    setattr(env, _PAPERS, papers)
    changed = {k for k in before.keys() | papers.keys() if before.get(k) != papers.get(k)}
    if not changed:
        return []
    return sorted(doc for doc, found in _keys(env).items() if changed.intersection(found))


# -- writing: the cards get their authors --------------------------------------------


class ApplyPapers(SphinxPostTransform):
    """Give each card the authors of its paper (before :class:`.cards.EntriesForPrint`)."""

    default_priority = 85

    def run(self, **kwargs: Any) -> None:
        papers = papers_of(self.env)
        if not papers:
            return
        for entry in self.document.findall(paperdigest_entry):
            card = entry.card
            paper = entry_paper(card.papers, papers)
            if paper is not None and paper.authors:
                entry["card"] = dataclasses.replace(card, authors=paper.authors)


def setup_enrichment(app: Sphinx) -> None:
    """Register the configuration check, the env steps and the post-transform."""
    app.connect("doctree-read", note_keys)
    app.connect("env-purge-doc", purge_keys)
    app.connect("env-merge-info", merge_keys)
    app.connect("env-updated", fetch_papers)
    app.add_post_transform(ApplyPapers)
