"""What differs between the Sphinx versions the extension supports (8.2 and 9.x)."""

from __future__ import annotations

from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment


def builder_class(env: BuildEnvironment) -> type[Builder]:
    """The class of the running builder.

    Sphinx 9 keeps it on the environment and deprecates ``env.app``; Sphinx 8.2
    has only ``env.app``.
    """
    found = getattr(env, "_builder_cls", None)
    if found is not None:
        return found  # type: ignore[no-any-return]
    return type(env.app.builder)  # pragma: no cover - Sphinx < 9
