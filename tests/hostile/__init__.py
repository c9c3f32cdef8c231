"""The hostile corpus: digests that try to read files, inject markup, run code,
reach hosts, crash the build or make it costly.

Each payload is one small digest (or one entry). Its name starts with its class
(``read-``, ``markup-``, ``exec-``, ``host-``, ``crash-``, ``cost-``) and names a
page of the hostile project, so that a failing test names the payload. The
tables live in one module per class; :data:`ALL` holds them all.

Placeholders in a digest's text are filled in when the project is made
(:func:`tests.hostile.project.materialise`):

``@CANARY@``, ``@CANARY_PNG@``, ``@CANARY_DIR@``
    absolute paths of the canary files, outside the source tree;
``@UP@``
    the canary directory, relative to the digest's own directory (``../../../canary``);
``@PORT@``, ``@PORT6@``
    the canary HTTP server on 127.0.0.1 and on [::1] (it must never be reached);
``@RPORT@``
    the redirector on 127.0.0.2 (``redirect.test``), treated as a public host;
``@NAME@``
    the payload's name (each request path names its payload).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: The checks a payload can be known to fail (see ``Payload.known``).
CHECKS = frozenset({"entries", "warnings", "markup", "tex", "lint", "absent"})
#: The classes, by name prefix.
CLASSES = ("read", "markup", "exec", "host", "crash", "cost")
#: The prefix of harmless digests (the reference, the fuzz tests' pages).
HARMLESS = "control"


@dataclass(frozen=True)
class Payload:
    """One hostile digest.

    ``entries`` is how many entries the digest holds: every one must reach every
    output. ``flagged``: ``paperdigest lint`` must print at least one diagnostic
    for it (it asks for something the build refuses or repairs); a payload that
    is shown faithfully as text (a title spelled with ``&lt;script&gt;``) is not.
    ``absent``: strings that must appear in no output of the payload (what would
    show that something ran). ``prepare``: a setup step of the project (a
    symbolic link, a FIFO, big pictures) named in :mod:`tests.hostile.project`.
    ``known``: checks it fails because of a bug outside the Sphinx layer, with
    the reason; they are strict xfails, removed when the fix is merged (none
    may be known to break the build: all are built in one project).
    """

    name: str
    digest: str | bytes
    entries: int
    flagged: bool = True
    suffix: str = ".md"
    absent: tuple[str, ...] = ()
    prepare: str | None = None
    known: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        assert self.name.split("-", 1)[0] in (*CLASSES, HARMLESS), self.name
        assert set(self.known) <= CHECKS, self.known

    @property
    def cls(self) -> str:
        """The payload's class: the first word of its name."""
        return self.name.split("-", 1)[0]


def entry(title: str, body: str = "", url: str | None = None) -> str:
    """One ``##`` entry: a linked title (to a unique example.org URL) and a body."""
    link = url if url is not None else "https://example.org/" + title.lower().replace(" ", "-")
    return f"## [{title}]({link})\n\n{body}\n"


def digest(*entries: str, front: str = "", group: str = "# 2021") -> str:
    """A digest: optional YAML front matter, one group, the entries."""
    head = f"---\n{front.strip()}\n---\n\n" if front else ""
    return head + f"{group}\n\n" + "\n".join(entries)


# -- why payloads are known to fail (bugs outside the Sphinx layer) ---------------------------
# (a constant per bug, named by ``Payload.known``; none is left)
