"""Every digest of a site as JSON (``papers.json``), in the ``paperdigest show`` schema.

The document is ``{"schema": N, "digests": [...]}``; each item is what
``paperdigest show --format json`` prints for the digest (``schema``, ``digest``,
``diagnostics``) plus ``cards``: ``{entry id: [card URL, ...]}`` for the
entries the site shows. ``digest.path`` is the path exports name the file by
(relative to the Sphinx source directory), never a path of the build machine.
With enrichment, ``papers`` holds what it knows of the papers the entries
name: ``{key: paper}`` (``arxiv:2106.03253``), keys sorted; without, there is
no ``papers``. Summaries and intros are their Markdown sources made safe to
render (:func:`.safe_source.safe_markdown`). The JSON Schema is in the docs
(``_static/paperdigest.schema.json``).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..serialize import SCHEMA_VERSION, digest_data
from . import jsontext
from .safe_source import safe_digest
from .site import Site


def site_data(site: Site) -> dict[str, Any]:
    """The JSON-ready document of every digest of ``site``."""
    cards: dict[str, dict[str, list[str]]] = {}
    for card in site.cards:
        if card.url is not None:
            cards.setdefault(card.digest, {}).setdefault(card.entry.id, []).append(card.url)
    digests = []
    for source in site.sources:
        # sources made safe to render: a consumer may render them as Markdown
        digest = safe_digest(dataclasses.replace(source.digest, path=source.path))
        data = digest_data(digest, list(source.diagnostics))
        data["cards"] = cards.get(source.path, {})
        digests.append(data)
    document: dict[str, Any] = {"schema": SCHEMA_VERSION, "digests": digests}
    if site.papers:
        document["papers"] = {key: site.papers[key].data() for key in sorted(site.papers)}
    return document


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities (a metadata value may be YAML's ``.nan``) as text.

    JSON has no such numbers; ``json.dumps`` would write ``NaN``, which strict
    readers refuse.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def dumps(site: Site) -> str:
    """:func:`site_data` as JSON text (UTF-8 characters as they are, two-space indent)."""
    # the text of json.dumps(..., ensure_ascii=False, indent=2), written faster
    return jsontext.dumps(_finite(site_data(site))) + "\n"
