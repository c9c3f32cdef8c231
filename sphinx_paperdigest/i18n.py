"""Translations of the words cards print, through Sphinx's message catalogs."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

#: The gettext domain of this extension (``locale/<lang>/LC_MESSAGES/<domain>.mo``).
MESSAGE_CATALOG = "sphinx_paperdigest"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(MESSAGE_CATALOG)


def setup_i18n(app: Sphinx) -> None:
    """Register the extension's message catalogs."""
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
