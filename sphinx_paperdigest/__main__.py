"""``python -m sphinx_paperdigest``: the ``paperdigest`` command."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
