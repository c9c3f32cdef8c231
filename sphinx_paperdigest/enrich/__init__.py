"""Enrichment: what a paper's own record says (authors, title...), asked once and cached.

No Sphinx here (the glue is :mod:`sphinx_paperdigest.enrichment`). A
:class:`~.source.Source` describes the papers of one kind of link (the arXiv
API, :class:`~.arxiv.ArxivSource`, for arXiv ids); :func:`enrich` asks each
source only for the papers its cache (:class:`~.cache.PaperCache`) does not
hold yet, and returns every paper it knows of the keys it was given.

Every request goes through :func:`policy_getter`: the network policy of
picture downloads (public hosts only, pinned connections, one deadline, a
size cap), without their check of the format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.papers import Paper
from ..images.fetch import FetchError, FetchLimits, RefusedHost, get
from .cache import PaperCache
from .source import Answer, Getter, Source, SourceError

#: The sources ``paperdigest_enrich`` may name.
SOURCE_NAMES = ("arxiv",)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What :func:`enrich` knows, and what went wrong.

    ``papers`` maps keys (``arxiv:2106.03253``) to papers; ``asked`` is how many
    ids were asked of the sources this time (0 when the caches held all);
    ``errors`` has one message per source that failed, or whose cache could
    not be written.
    """

    papers: dict[str, Paper] = field(default_factory=dict)
    asked: int = 0
    errors: tuple[str, ...] = ()


def policy_getter(limits: FetchLimits, accept: str = "*/*") -> Getter:
    """``get(url)`` under the download policy; failures are :class:`SourceError`."""

    def fetch(url: str) -> bytes:
        try:
            return get(url, limits, accept)
        except RefusedHost as exc:
            raise SourceError(f"{exc} (paperdigest_allow_private_hosts = True allows it)") from None
        except FetchError as exc:
            raise SourceError(str(exc)) from None

    return fetch


def _ids(keys: Iterable[str], kind: str) -> list[str]:
    return sorted({key.split(":", 1)[1] for key in keys if key.startswith(f"{kind}:")})


def enrich(keys: Iterable[str], sources: Sequence[Source], cache_dir: Path) -> Outcome:
    """Every paper of ``keys`` the sources know, asking only for those never asked."""
    keys = list(keys)
    papers: dict[str, Paper] = {}
    errors: list[str] = []
    asked = 0
    for source in sources:
        ids = _ids(keys, source.kind)
        cache = PaperCache(cache_dir / f"{source.name}.json", source.name)
        missing = cache.missing(ids)
        if missing:
            answer = source.fetch(missing)
            asked += len(answer.asked)
            if answer.error is not None:
                left = len(missing) - len(answer.asked)
                errors.append(
                    f"cannot ask {source.name} for {left} of {len(missing)} papers "
                    f"({answer.error}); their cards show what the digests say, and they "
                    "are asked for again next build"
                )
            if cache.add(answer):
                try:
                    cache.save()
                except OSError as exc:
                    errors.append(
                        f"cannot write {cache.path} ({exc.strerror or exc}); its papers "
                        "are asked for again next build"
                    )
        for ident in ids:
            paper = cache.get(ident)
            if paper is not None:
                papers[f"{source.kind}:{ident}"] = paper
    return Outcome(papers, asked, tuple(errors))


__all__ = [
    "SOURCE_NAMES",
    "Answer",
    "Outcome",
    "PaperCache",
    "Source",
    "SourceError",
    "enrich",
    "policy_getter",
]
