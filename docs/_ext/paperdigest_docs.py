"""Reference pages generated from the code: configuration values and warning codes.

``.. paperdigest-config-reference::`` writes a ``confval`` per
:data:`sphinx_paperdigest.config.CONFIG_VALUES`; ``.. paperdigest-warnings-reference::``
a definition per :data:`sphinx_paperdigest.core.diagnostics.CODES`. Both are
reST directives: use them on ``.rst`` pages.
"""

from __future__ import annotations

import textwrap
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from thumbnail_pictures import PICTURES

from sphinx_paperdigest.config import CONFIG_VALUES
from sphinx_paperdigest.core.diagnostics import CODES


def _indent(text: str) -> str:
    return textwrap.indent(text, "   ")


def _type_name(types: tuple[type, ...]) -> str:
    return " | ".join("None" if t is type(None) else t.__name__ for t in types)


class ConfigReference(SphinxDirective):
    """Every ``paperdigest_*`` value, with its type, default and description."""

    def run(self) -> list[nodes.Node]:
        parts = []
        for value in CONFIG_VALUES:
            parts.append(
                f".. confval:: {value.name}\n"
                f"   :type: ``{_type_name(value.types)}``\n"
                f"   :default: ``{value.default!r}``\n\n"
                f"{_indent(value.description)}\n"
            )
            if value.name in PICTURES:
                parts.append(_indent(f".. setting-pictures:: {value.name}\n"))
        return self.parse_text_to_nodes("\n".join(parts))


_ORIGINS = {
    "reader": "the digest reader",
    "summary": "the summary renderer (and paperdigest lint)",
    "theme": "the theme",
    "build": "the build's exports",
}


class WarningsReference(SphinxDirective):
    """Every diagnostic code: its warning subtype, severity, origin and meaning."""

    def run(self) -> list[nodes.Node]:
        parts = []
        for code in CODES.values():
            origin = _ORIGINS.get(code.where, "the directive")
            kind = "an info message" if code.severity.value == "info" else code.severity.value
            parts.append(
                f".. _warning-{code.name}:\n\n"
                f"``paperdigest.{code.name}``\n"
                f"{_indent(f'*{kind}, from {origin}.* {code.summary}')}\n"
            )
        return self.parse_text_to_nodes("\n".join(parts))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the reference directives."""
    app.add_directive("paperdigest-config-reference", ConfigReference)
    app.add_directive("paperdigest-warnings-reference", WarningsReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
