"""Bodies of generated pages, kept from the last build under a key of what made them.

Topic pages are made again at every build (:mod:`.topicpages`): a page of
2,000 cards takes as long to write as the digest's own page. Its body (the
HTML fragment the builder's translator writes) depends only on what the page
shows and on how this builder writes it, so it is kept, per output directory
and builder, in ``<doctreedir>/paperdigest/<kind>-<hash>.pickle``: under the
*context* (the extension's code, the configuration, the builder, its
translator, the topics' slugs) and, per page, a key of what the page shows.
A page whose key and context are those of the last build gets the body it
had; any other is written as before.
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable

from sphinx.application import Sphinx

from . import buildstate

FORMAT = 1


class Fragments:
    """The page bodies of one kind (``topics``) that a build made, and the last build's."""

    def __init__(self, app: Sphinx, kind: str, context: str) -> None:
        assert app.builder is not None
        where = buildstate.key(str(app.outdir), app.builder.name)[:16]
        self.path = buildstate.state_dir(app) / f"{kind}-{where}.pickle"
        self.context = context
        self.kept = self._load()
        self.made: dict[str, tuple[str, str]] = {}

    def _load(self) -> dict[str, tuple[str, str]]:
        try:
            data = pickle.loads(self.path.read_bytes())  # noqa: S301 - the build's own file
        except Exception:  # missing or damaged: every page is written
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        if data.get("context") != self.context or not isinstance(data.get("pages"), dict):
            return {}
        return data["pages"]  # type: ignore[no-any-return]

    def body(self, name: str, made_from: str, write: Callable[[], str]) -> str:
        """The body of page ``name``: the one kept under ``made_from``, else ``write()``."""
        found = self.kept.get(name)
        body = found[1] if found is not None and found[0] == made_from else write()
        self.made[name] = (made_from, body)
        return body

    def save(self) -> None:
        """Keep the bodies of this build (the others are gone), if any changed."""
        if self.made == self.kept:
            return
        data = {"format": FORMAT, "context": self.context, "pages": self.made}
        with contextlib.suppress(OSError):  # without the file, the next build writes them
            buildstate.write_atomic(self.path, pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
