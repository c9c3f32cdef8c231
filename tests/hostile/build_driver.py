"""Build Sphinx projects with several builders, watching what the builds touch.

Run as ``python build_driver.py SPEC.json`` (a separate process: a hang or a
memory bomb cannot take the test session down, and the audit hook stays
there). ``SPEC`` names ``projects`` (each ``{"name", "srcdir", "builddir"}``: a
builder writes ``builddir/<builder>``, the doctrees are ``builddir/doctrees``),
``builders``, ``canary_dirs``, ``results`` (where the JSON
results go) and ``public`` (the one address treated as a public host). The
process:

- records, through an audit hook, every file opened or directory listed under
  a canary directory, every process started, and every connection made (with
  its address) other than to the public address;
- answers name lookups itself: ``redirect.test`` is the public address, a name
  ending in ``.nip.test`` is the IPv4 address it starts with, ``localhost`` and
  address literals are looked up for real, any other name does not exist (so
  the build never reaches the internet);
- builds each project with each builder in turn (sharing the doctrees) and
  records the warnings and any exception with its traceback; a project whose
  build raised is not built with the next builders.
"""

from __future__ import annotations

import io
import json
import os
import socket
import sys
import time
import traceback
from pathlib import Path
from typing import Any

_SPEC = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
_CANARIES = tuple(os.path.realpath(path) for path in _SPEC["canary_dirs"])
_PUBLIC = _SPEC["public"]
_WATCHING = [False]
touched: list[str] = []
started: list[str] = []
connected: list[str] = []


def _under_canary(path: Any) -> bool:
    if isinstance(path, int):
        return False
    try:
        text = os.fsdecode(path)
    except TypeError:
        return False
    if "\x00" in text:
        return False
    return os.path.realpath(text).startswith(_CANARIES) or os.path.abspath(text).startswith(
        _CANARIES
    )


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHING[0]:
        return
    if event in {"open", "os.listdir", "os.scandir", "shutil.copyfile", "os.symlink"} and args:
        if _under_canary(args[0]):
            touched.append(f"{event} {args[0]!r}")
    elif event in {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"}:
        started.append(f"{event} {args!r}"[:300])
    elif event == "socket.connect" and len(args) > 1:
        address = args[1]
        if isinstance(address, tuple) and address and address[0] != _PUBLIC:
            connected.append(repr(address))


_real_getaddrinfo = socket.getaddrinfo


def _numeric(host: Any) -> bool:
    """Whether ``host`` is an address in any spelling the C library reads (no lookup)."""
    try:
        _real_getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError, ValueError):
        return False
    return True


def _getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else str(host)
    lowered = name.lower().rstrip(".")
    if lowered == "redirect.test":
        return _real_getaddrinfo(_PUBLIC, port, *args, **kwargs)
    if lowered.endswith(".nip.test"):
        return _real_getaddrinfo(".".join(lowered.split(".")[:4]), port, *args, **kwargs)
    if lowered == "localhost" or lowered.endswith(".localhost") or _numeric(host):
        return _real_getaddrinfo(host, port, *args, **kwargs)
    raise socket.gaierror(socket.EAI_NONAME, f"{name}: no such name in the hostile build")


def _treat_public() -> None:
    """The public address counts as public for the download policy; nothing else changes."""
    from sphinx_paperdigest.core import hosts

    real = hosts.why_refused

    def why_refused(address: Any) -> str | None:
        if str(address) == _PUBLIC:
            return None
        return real(address)

    hosts.why_refused = why_refused  # type: ignore[assignment]


def _build(project: dict[str, str], builder: str) -> dict[str, Any]:
    # Sphinx's test application: it undoes what a build registers globally, so
    # that the next build does not warn that its nodes exist already
    from sphinx.testing.util import SphinxTestApp

    warnings, status = io.StringIO(), io.StringIO()
    result: dict[str, Any] = {"builder": builder, "error": None, "status": None}
    started_at = time.perf_counter()
    app = None
    _WATCHING[0] = True
    try:
        app = SphinxTestApp(
            builder,
            srcdir=Path(project["srcdir"]),
            builddir=Path(project["builddir"]),
            status=status,
            warning=warnings,
        )
        app.build()
        result["status"] = app.statuscode
    except BaseException:
        result["error"] = traceback.format_exc()
    finally:
        _WATCHING[0] = False
        if app is not None:
            app.cleanup()
    result["warnings"] = warnings.getvalue()
    result["seconds"] = time.perf_counter() - started_at
    return result


def main() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]
    _treat_public()
    sys.addaudithook(_audit)
    results: dict[str, list[dict[str, Any]]] = {}
    for project in _SPEC["projects"]:
        builds = results[project["name"]] = []
        for builder in _SPEC["builders"]:
            builds.append(_build(project, builder))
            if builds[-1]["error"] is not None:
                break
    Path(_SPEC["results"]).write_text(
        json.dumps(
            {"projects": results, "touched": touched, "started": started, "connected": connected}
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
