"""sphinx-paperdigest: paper digests as cards in Sphinx.

Add ``"sphinx_paperdigest"`` to ``extensions``; it sets up ``myst_parser`` (summaries
are Markdown) and ``sphinx_design`` (cards, grids, badges) too.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

#: Bumped when what the extension stores in the environment changes shape.
ENV_VERSION = 4


def setup(app: Any) -> dict[str, Any]:
    """Set up the extension; each concern registers itself."""
    # imported here, not at the top: ``paperdigest lint`` imports this package
    # for its version and must not pay for loading Sphinx
    from .assets import setup_assets  # noqa: PLC0415
    from .cards import setup_cards  # noqa: PLC0415
    from .config import setup_config  # noqa: PLC0415
    from .directive import setup_directive  # noqa: PLC0415
    from .domain import setup_domain  # noqa: PLC0415
    from .enrichment import setup_enrichment  # noqa: PLC0415
    from .exports import setup_exports  # noqa: PLC0415
    from .filter import setup_filter  # noqa: PLC0415
    from .i18n import setup_i18n  # noqa: PLC0415
    from .thumbnails import setup_thumbnails  # noqa: PLC0415
    from .topicpages import setup_topic_pages  # noqa: PLC0415
    from .transforms import setup_transforms  # noqa: PLC0415

    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    setup_i18n(app)
    setup_config(app)
    setup_domain(app)
    setup_directive(app)
    setup_cards(app)
    setup_transforms(app)
    setup_thumbnails(app)
    setup_topic_pages(app)
    setup_assets(app)
    setup_exports(app)
    setup_enrichment(app)
    setup_filter(app)
    # the theme is an extension of its own (the entry point loads it when only
    # html_theme names it); loading it here registers it once either way
    app.setup_extension(f"{__name__}.theme")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
