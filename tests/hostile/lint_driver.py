"""Run ``paperdigest lint`` on each file given, in one process, and print JSON results.

``python lint_driver.py FILE...`` prints ``{file: {"status", "output", "error"}}``:
the exit status of ``sphinx_paperdigest.cli.main(["lint", file])``, what it
printed, and the traceback of anything it raised (None when nothing). Each
file gets at most :data:`HANG_SECONDS` (a FIFO never opened for writing would
block its reader forever); then the run is an error, and the next file is linted.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import sys
import traceback
from typing import Any

HANG_SECONDS = 15


class Hung(Exception):
    """The lint of one file did not finish in time."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hung(f"lint did not finish in {HANG_SECONDS} s")


def lint(path: str) -> dict[str, Any]:
    from sphinx_paperdigest.cli import main

    out = io.StringIO()
    result: dict[str, Any] = {"status": None, "output": "", "error": None}
    signal.alarm(HANG_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            result["status"] = main(["lint", path])
    except SystemExit as exc:  # argparse, or a sys.exit() inside
        result["status"] = exc.code
    except BaseException:
        result["error"] = traceback.format_exc()
    finally:
        signal.alarm(0)
    result["output"] = out.getvalue()
    return result


def main() -> None:
    signal.signal(signal.SIGALRM, _alarm)
    results = {path: lint(path) for path in sys.argv[1:]}
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main()
