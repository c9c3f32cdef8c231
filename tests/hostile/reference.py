"""The reference: a harmless digest, built like the hostile ones, whose active elements are allowed.

Every page the theme and Sphinx make has scripts, a search form, icons: those
are the project's own. They are collected from this build (a digest using every
construct a summary may use, so that Sphinx adds what it adds for them, such as
MathJax) and are the only active elements a hostile page may hold.
"""

from __future__ import annotations

from pathlib import Path

from . import Payload, checks, digest, entry
from .project import Project

CONTROL = Payload(
    "control-reference",
    '---\ntitle: Reference digest\nemoji: "📚"\ntopics: [vision, nlp]\n---\n\n'
    "An intro with a [link](https://example.org/intro) and *emphasis*.\n\n"
    + digest(
        entry(
            "Picture and math",
            "![A picture](https://example.org/picture.png)\n\n"
            "Inline $x^2 + \\alpha$ and\n\n$$\n\\frac{a}{b}\n$$\n\n"
            "[arXiv](https://arxiv.org/abs/2106.02584), <https://github.com/example/code>, "
            "[mail](mailto:a@example.org), [relative](other.html#x).",
        ),
        entry(
            "Containers",
            ":::message\nA note.\n:::\n\n:::details More\nHidden **text**.\n:::\n\n"
            ":::{warning}\nCareful.\n:::\n\n```python\nprint('hi')\n```\n\n"
            "| a | b |\n| - | - |\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A footnote.\n\n"
            "- one\n- two\n\n> quoted\n\nH{sub}`2`O and x{sup}`2`.",
        ),
        entry("Plain", '<img src="https://example.org/p.png" width="200"> and ~~old~~ text.'),
        group="# 2021",
    ),
    3,
    flagged=False,
)


def signatures(project: Project) -> set[str]:
    """The active elements of every HTML and XHTML file of a built reference project."""
    found: set[str] = set()
    for path in checks.files_under(project.outdir):
        for name, data in checks.contents(path):
            if name.endswith((".html", ".xhtml")):
                page = Path(name.rsplit("!", 1)[-1]).stem
                found.update(sig for sig, _, _ in checks.active_elements(data.decode(), page))
    return found


def tex_commands(head: str) -> list[str]:
    """The dangerous TeX commands of a preamble, in order (Sphinx's own, in the reference)."""
    return [finding.problem for finding in checks.tex_findings(head, "preamble")]
