"""Table digests: one entry per table row, columns read from the header."""

from __future__ import annotations

import textwrap

from sphinx_paperdigest.core import parse_digest

WEEKLY = """
# Weekly papers

## Week 1 (2024-01-01)

| Paper | Links |
| --- | --- |
| **Fast Cats** - herds. |[Paper](https://arxiv.org/abs/2401.00001) [Code](https://github.com/a/c)|
| 2) **Slow Dogs** - the opposite, with `code`. | [Paper](https://arxiv.org/abs/2401.00002) |
| 3) **No Link Row** - a row with no link at all. | - |

## Week 2

| Authors | Title | Venue | Date | Notes |
|---|---|---|---|---|
| A. Author, B. Wu | [Tiny Nets](https://arxiv.org/abs/2402.00003) | ICLR 2024 | 2024-02-03 | ok |
| C. Person | [Big Nets](https://openreview.net/forum?id=xyz) | NeurIPS 2023 | 2023-12-10 | |
"""


def read(text: str, **kwargs):
    return parse_digest(textwrap.dedent(text).lstrip("\n"), **kwargs)


def test_every_row_is_an_entry_and_every_week_a_group():
    digest, diagnostics = read(WEEKLY)
    assert diagnostics == []
    assert digest.shape == "row"
    assert [g.title for g in digest.groups] == ["Week 1 (2024-01-01)", "Week 2"]
    assert [e.title for e in digest.entries] == [
        "Fast Cats",
        "Slow Dogs",
        "No Link Row",  # no row lost, linked or not
        "Tiny Nets",
        "Big Nets",
    ]
    assert [e.line for e in digest.entries] == [7, 8, 9, 15, 16]


def test_row_links_summary_and_columns():
    digest, _ = read(WEEKLY)
    cats, dogs, _, tiny, big = digest.entries
    assert cats.primary_paper is not None and cats.primary_paper.id == "2401.00001"
    assert "https://github.com/a/c" in {link.url for link in cats.papers}
    assert cats.summary == "herds."
    assert dogs.summary == "the opposite, with `code`."
    # the title column is found by its header, not by its place
    assert tiny.url == "https://arxiv.org/abs/2402.00003"
    assert tiny.authors == ("A. Author", "B. Wu")
    assert (tiny.venue, tiny.year, big.year) == ("ICLR 2024", 2024, 2023)
    assert tiny.date is not None and tiny.date.isoformat() == "2024-02-03"
    # field columns are shown as fields; the other cells are the summary
    assert tiny.summary == "Notes: ok"
    assert big.summary == ""


def test_a_table_of_contents_or_data_table_is_no_entry():
    digest, _ = read(
        """
        # Notes

        ## [Paper A](https://arxiv.org/abs/2101.00001)

        | metric | value |
        | --- | --- |
        | accuracy | 91 |
        | loss | 0.2 |

        ## [Paper B](https://arxiv.org/abs/2101.00002)

        Text.
        """
    )
    assert digest.shape == "heading"
    assert [e.title for e in digest.entries] == ["Paper A", "Paper B"]
    assert "accuracy" in digest.entries[0].summary


def test_entry_row_forced_and_unlinked_tables_stay_prose():
    digest, _ = read(
        """
        ---
        paperdigest: {entry: row}
        ---
        # Table

        Some intro.

        | Name | Link |
        | --- | --- |
        | Alpha | [a](https://x.org/a) |
        | Beta | [b](https://x.org/b) |

        | metric | value |
        | --- | --- |
        | accuracy | 91 |
        """
    )
    assert digest.shape == "row"
    assert [e.title for e in digest.entries] == ["Alpha", "Beta"]
    assert "Some intro." in digest.intro
    assert "accuracy" in digest.intro
