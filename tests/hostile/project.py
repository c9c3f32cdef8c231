"""Make and build hostile Sphinx projects: canary files, one page per digest, the driver.

Layout of a project (``root``)::

    root/canary/        secret.txt, canary.png: outside the source tree
    root/src/           conf.py, index.md (a glob toctree), <name>.md pages
    root/src/digests/<name>/digest.<suffix>
    root/out/<builder>/, root/out/doctrees/   what the builds write
"""

from __future__ import annotations

import io
import json
import os
import resource
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin

from . import Payload

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("build_driver.py")
BUILDERS = ("html", "epub", "latex", "text")
#: The substitution the project defines for its own pages; a digest must never get it.
SECRET_NAME = "secret"
#: How long a build may take before the test calls it hung (never a timing assertion:
#: a build that takes this long has stalled).
HANG_SECONDS = 900
#: Memory a build process may map: a bomb fails the build instead of the machine.
MEMORY_BYTES = 6 * 1024**3

CONF = """\
extensions = ["sphinx_paperdigest"]
project = "Hostile"
version = "1.0"
copyright = "2026, tests"
exclude_patterns = ["_build", "digests"]
html_theme = "paperdigest"
html_baseurl = "https://example.org/site/"
paperdigest_exports = ["atom", "json", "bibtex", "csv"]
paperdigest_remote_images = "download"
paperdigest_remote_timeout = 3.0
paperdigest_link_originals = True
myst_enable_extensions = ["substitution", "colon_fence", "dollarmath"]
myst_substitutions = {{"{secret_name}": "{secret}", "project_name": "HostileProject"}}
suppress_warnings = ["epub.unknown_project_files"]
{sidebars}"""
#: Sidebars of pages without the global table of contents (it costs each page the
#: size of the whole project): the ones a digest fills.
DIGEST_SIDEBARS = ["pd-search.html", "pd-page.html", "pd-topics.html"]


def sidebars(navigation: Iterable[str] | None) -> str:
    """``html_sidebars`` giving the navigation only to the pages ``navigation`` names
    (all pages when None: the theme's default)."""
    if navigation is None:
        return ""
    full = ["pd-search.html", "pd-navigation.html", *DIGEST_SIDEBARS[1:]]
    chosen: dict[str, list[str]] = {"**": DIGEST_SIDEBARS}
    chosen.update(dict.fromkeys(navigation, full))
    return f"html_sidebars = {chosen!r}\n"


@dataclass(frozen=True)
class Canary:
    """Files outside the source tree whose bytes must never reach an output.

    ``secrets`` are the strings that would show a leak: the text file's token,
    the picture's token (in a PNG text chunk), and their base64 spellings.
    ``substitution`` is the value of the project's secret substitution: the
    configuration holds it (and the pickled environment with it), no page may.
    """

    directory: Path
    text: Path
    picture: Path
    secrets: tuple[bytes, ...]
    substitution: str


def make_canary(directory: Path) -> Canary:
    """Write the canary files, each with fresh random content."""
    directory.mkdir(parents=True)
    token = f"HOSTILE-CANARY-{secrets.token_hex(16)}"
    picture_token = f"HOSTILE-PICTURE-{secrets.token_hex(16)}"
    text = directory / "secret.txt"
    text.write_text(f"{token}\nroot:x:0:0:{token}:/root:/bin/sh\n", encoding="utf-8")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", picture_token)
    picture = directory / "canary.png"
    out = io.BytesIO()
    Image.new("RGB", (1200, 700), (13, 201, 77)).save(out, "PNG", pnginfo=info)
    picture.write_bytes(out.getvalue())
    found = [token.encode(), picture_token.encode()]
    for raw in list(found):
        found.extend(_base64_spellings(raw))
    substitution = f"HOSTILE-SUBSTITUTION-{secrets.token_hex(16)}"
    return Canary(directory, text, picture, tuple(found), substitution)


def _base64_spellings(raw: bytes) -> list[bytes]:
    """What ``raw`` looks like inside base64, at each of the three alignments."""
    import base64

    spellings = []
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + raw)
        # drop the characters the padding and the end touch
        spellings.append(encoded[4:-4])
    return spellings


def fill(payload: Payload, values: Mapping[str, str]) -> bytes:
    """The digest's bytes with its placeholders filled in."""
    if isinstance(payload.digest, bytes):
        return payload.digest
    text = payload.digest
    for key, value in {**values, "@NAME@": payload.name}.items():
        text = text.replace(key, value)
    return text.encode("utf-8")


def placeholders(canary: Canary, port: int, port6: int, redirector_port: int) -> dict[str, str]:
    """Values of the corpus's placeholders (see :mod:`tests.hostile`)."""
    return {
        "@CANARY_PNG@": str(canary.picture),
        "@CANARY_DIR@": str(canary.directory),
        "@CANARY@": str(canary.text),
        "@UP@": "../../../" + canary.directory.name,
        "@PORT6@": str(port6),
        "@PORT@": str(port),
        "@RPORT@": str(redirector_port),
    }


# -- set-up steps payloads name ---------------------------------------------------------------


def _picture(path: Path, size: tuple[int, int], seed: int, mode: str = "RGB") -> None:
    image = Image.new(mode, size, (seed * 40 % 256, 90, 160) if mode == "RGB" else 1)
    image.save(path, "PNG")


def _prepare(step: str, folder: Path, canary: Canary) -> None:
    """Make what a payload needs next to its digest (its ``prepare`` step)."""
    if step == "symlink-file":
        (folder / "link.png").symlink_to(canary.picture)
    elif step == "symlink-dir":
        (folder / "linkdir").symlink_to(canary.directory, target_is_directory=True)
    elif step == "symlink-dev-zero":
        (folder / "zero.png").symlink_to("/dev/zero")
    elif step == "fifo-picture":
        os.mkfifo(folder / "fifo.png")
    elif step == "big-pictures":
        for i in range(4):
            _picture(folder / f"big{i}.png", (4000, 3000), i)
    elif step == "bomb-pictures":
        # 1-bit pixels: small files whose decoded size is huge
        _picture(folder / "bomb.png", (40000, 40000), 0, mode="1")
        _picture(folder / "wide.png", (200000, 1), 0, mode="1")
    else:
        raise AssertionError(f"unknown prepare step {step!r}")


def can_prepare(step: str | None) -> bool:
    """Whether this system can make what ``step`` needs (a FIFO needs ``os.mkfifo``)."""
    return step is None or "fifo" not in step or hasattr(os, "mkfifo")


def digest_path(payload: Payload) -> str:
    """Where a payload's digest is, relative to the source directory."""
    return digest_file(payload.name, payload.suffix)


def digest_file(name: str, suffix: str) -> str:
    """Where the digest of the payload ``name`` is, relative to the source directory."""
    return f"digests/{name}/digest{suffix}"


def write_digest(srcdir: Path, payload: Payload, canary: Canary, values: Mapping[str, str]) -> None:
    """Write one payload's digest (and what it needs) into the source tree."""
    path = srcdir / digest_path(payload)
    path.parent.mkdir(parents=True)
    if payload.prepare == "fifo-digest":
        os.mkfifo(path)
    elif payload.prepare == "directory-digest":
        path.mkdir()
    else:
        path.write_bytes(fill(payload, values))
        if payload.prepare is not None:
            _prepare(payload.prepare, path.parent, canary)


def page_text(payload: Payload) -> str:
    """The page that shows a payload's digest."""
    return f"# {payload.name}\n\n```{{paperdigest}} {digest_path(payload)}\n:intro:\n```\n"


@dataclass(frozen=True)
class Project:
    """A written project: its root (see the module docstring), sources and canary."""

    name: str
    root: Path
    srcdir: Path
    canary: Canary

    @property
    def outdir(self) -> Path:
        """Where each builder writes (``outdir/<builder>``), doctrees included."""
        return self.root / "out"

    @property
    def doctreedir(self) -> Path:
        return self.outdir / "doctrees"


def write_project(
    root: Path,
    payloads: Iterable[Payload],
    values: Callable[[Canary], Mapping[str, str]],
    navigation: Iterable[str] | None = None,
) -> Project:
    """Write the canary and a project with one page per payload."""
    canary = make_canary(root / "canary")
    srcdir = root / "src"
    srcdir.mkdir()
    filled = values(canary)
    (srcdir / "conf.py").write_text(
        CONF.format(
            secret_name=SECRET_NAME,
            secret=canary.substitution,
            sidebars=sidebars(navigation),
        ),
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text(
        "# Hostile digests\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\n*\n```\n", encoding="utf-8"
    )
    for payload in payloads:
        write_digest(srcdir, payload, canary, filled)
        (srcdir / f"{payload.name}.md").write_text(page_text(payload), encoding="utf-8")
    return Project(root.name, root, srcdir, canary)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def build(
    projects: Iterable[Project], workdir: Path, builders: Iterable[str] = BUILDERS
) -> dict[str, Any]:
    """Build each project with each builder in one watched process (see the driver).

    Returns the driver's results: ``projects`` (name -> the list of builds),
    ``touched``, ``started``, ``connected``. A hang or a crash of the process
    itself is the error of every project.
    """
    projects, builders = list(projects), list(builders)
    spec = {
        "projects": [
            {
                "name": p.name,
                "srcdir": str(p.srcdir),
                "builddir": str(p.outdir),
            }
            for p in projects
        ],
        "builders": builders,
        "canary_dirs": [str(p.canary.directory) for p in projects],
        "results": str(workdir / "results.json"),
        "public": "127.0.0.2",
    }
    spec_path = workdir / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        env.pop(name, None)
    try:
        process = subprocess.run(
            [sys.executable, str(DRIVER), str(spec_path)],
            capture_output=True,
            text=True,
            timeout=HANG_SECONDS,
            env=env,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        problem = f"the builds did not finish in {HANG_SECONDS} s"
    else:
        results_path = Path(spec["results"])
        if process.returncode == 0 and results_path.exists():
            results: dict[str, Any] = json.loads(results_path.read_text(encoding="utf-8"))
            results["stderr"] = process.stderr
            return results
        problem = f"the build process ended with {process.returncode}:\n{process.stderr[-5000:]}"
    failed = [{"builder": b, "error": problem, "status": None, "warnings": ""} for b in builders]
    return {
        "projects": {p.name: failed for p in projects},
        "touched": [],
        "started": [],
        "connected": [],
        "stderr": problem,
    }
