"""No cyclic garbage collection while the extension makes thousands of nodes at once.

Python's collector runs after every few hundred new containers, and each full
collection walks every object of the process: during a build, the
environment, the doctrees, Sphinx's modules. A directive that makes a 2,000-entry
page allocates its tokens, models and nodes in one go and frees next to none of
them, so the collections it triggers find nothing, at a cost of up to a tenth of
the build (measured: ``docs/performance.md``). While a directive runs, and while
the exports are made, collection waits; it runs as usual once they return.
Nothing is kept alive longer than the pause: memory is freed by reference
counting as ever, and cyclic garbage made meanwhile waits for the next
collection.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Collection off for the block (left as it was if something else turned it off)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
