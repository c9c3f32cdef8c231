"""Summaries: the fast path for simple paragraphs makes exactly what MyST makes."""

from __future__ import annotations

import pytest

from sphinx_paperdigest import summary

from .conftest import normalise_doctree, page_with, parsed_warnings


def warning_lines(app):
    """Warnings with the source directory taken out, to compare two builds."""
    return [
        (w.location.replace(str(app.srcdir), "<srcdir>"), w.message, w.type)
        for w in parsed_warnings(app)
    ]


@pytest.mark.parametrize(
    ("root", "pages"),
    [
        ("seed", {"index.md": page_with(":intro:", digest="digests/digest-example.md")}),
        ("options", {"index.md": page_with(":intro:")}),
        ("cards", {}),
        ("hostile", {}),
    ],
)
def test_fast_path_equals_myst(project, monkeypatch, root, pages):
    taken = []
    real = summary._simple_nodes

    def counting(*args):
        found = real(*args)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(summary, "_simple_nodes", counting)
    fast = project(root, pages)
    monkeypatch.setattr(summary, "_simple_nodes", lambda *args: None)
    slow = project(root, pages)
    assert warning_lines(fast) == warning_lines(slow)
    # some summaries took the fast path; the hostile digest's are none of them simple
    assert any(taken) == (root != "hostile")
    for docname in fast.env.found_docs:
        assert normalise_doctree(fast.env.get_doctree(docname), fast.srcdir) == (
            normalise_doctree(slow.env.get_doctree(docname), slow.srcdir)
        )


def test_fast_path_skips_what_it_does_not_know(project, monkeypatch):
    seen = {}
    real = summary._simple_nodes

    def record(tokens, offset, source):
        found = real(tokens, offset, source)
        seen[offset] = found is not None
        return found

    monkeypatch.setattr(summary, "_simple_nodes", record)
    project("cards")
    # rich.md: the NeRF entry has math, admonitions, a dropdown and code; the
    # entry without a link is one plain paragraph
    assert seen[16] is False
    assert seen[41] is True
