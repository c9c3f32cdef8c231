"""Cost: inputs whose naive handling is quadratic or exponential.

Sizes here are small enough for CI even where the handling is quadratic: this
corpus proves that the build finishes with every entry; how the cost grows is
measured by ``benchmarks/bench_hostile_build.py`` at larger sizes.
"""

from __future__ import annotations

from . import Payload, digest, entry


def bomb(levels: int) -> str:
    """YAML whose last anchor, ``l<levels - 1>``, expands to 9 ** levels values."""
    laughs = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, levels))
    return "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + laughs


# Where the reader walks what it finds (topics), a bomb of half a million values;
# where the value is kept and every export walks it again, 6,561 (still a
# thousand times what its text holds): larger ones are for the benchmark.
_BIG_BOMB = bomb(6)
_BOMB = bomb(4)


def entries(n: int, body: str = "Text.") -> list[str]:
    """``n`` plain entries, each with its own URL."""
    return [entry(f"Entry {i}", body, url=f"https://example.org/e{i}") for i in range(n)]


PAYLOADS = [
    # -- unclosed comments -------------------------------------------------------------------
    Payload(
        "cost-unclosed-comments",
        digest(entry("First", "Text.\n\n" + "<!--\n\n" * 200), *entries(3)),
        4,
    ),
    Payload("cost-unclosed-comment-top", "<!--\n\n" + digest(*entries(3)), 3),
    Payload(
        "cost-unclosed-comment-inline",
        digest(entry("First", "Text <!-- never closed " * 300), *entries(2)),
        3,
        flagged=False,
    ),
    # -- YAML aliases -----------------------------------------------------------------------------
    Payload("cost-yaml-alias-bomb", digest(*entries(2), front=_BIG_BOMB + "topics: *l5"), 2),
    Payload(
        "cost-yaml-alias-bomb-extra",
        digest(*entries(2), front=_BOMB + "extra: *l3"),
        2,
    ),
    Payload(
        "cost-yaml-alias-bomb-meta",
        digest(entry("Paper", "<!-- paperdigest\n" + _BOMB + "venue: *l3\n-->\n\nText.")),
        1,
    ),
    Payload(
        "cost-yaml-alias-bomb-structured",
        _BOMB + "entries:\n  - title: Paper\n    topics: *l3\n    venue: *l3\n",
        1,
        suffix=".yaml",
    ),
    Payload(
        "cost-yaml-self-reference",
        digest(*entries(2), front="extra: &a [*a]\nmap: &m {self: *m}"),
        2,
    ),
    Payload(
        "cost-yaml-self-reference-meta",
        digest(entry("Paper", "<!-- paperdigest\nvenue: &a [*a]\n-->\n\nText.")),
        1,
    ),
    Payload(
        "cost-yaml-self-reference-structured",
        "entries: &e\n  - title: Paper\n    venue: *e\n",
        1,
        suffix=".yaml",
    ),
    Payload(
        "cost-yaml-merge-bomb",
        digest(*entries(1), front="a: &a {x: 1}\nb: &b {<<: [*a, *a, *a]}\nc: {<<: [*b, *b, *b]}"),
        1,
        flagged=False,
    ),
    # -- references, links, entries ---------------------------------------------------------------
    Payload(
        "cost-reference-definitions",
        digest(
            *entries(40, "See [a][r1], [b][r2] and [c][r3]."),
            "".join(f"[r{i}]: https://example.org/ref{i}\n" for i in range(3000)),
        ),
        40,
        flagged=False,
    ),
    Payload(
        "cost-many-links",
        digest(
            entry(
                "Paper",
                " ".join(f"[l{i}](https://arxiv.org/abs/2106.{i:05d})" for i in range(1000)),
            )
        ),
        1,
        flagged=False,
    ),
    Payload("cost-many-entries", digest(*entries(600)), 600, flagged=False),
    Payload(
        "cost-many-groups",
        "".join(
            f"# Group {i}\n\n" + entry(f"Entry {i}", "x", url=f"https://example.org/g{i}")
            for i in range(200)
        ),
        200,
        flagged=False,
    ),
    Payload(
        "cost-bare-url-parentheses",
        digest(entry("Paper", "https://example.org/" + "(" * 3000 + ")" * 6000 + " and more")),
        1,
        flagged=False,
    ),
    Payload(
        "cost-html-tags",
        digest(entry("Paper", "<img " * 5000 + "\n\n" + "<a href=" * 5000)),
        1,
        flagged=False,  # never-closed tags are text
    ),
    Payload(
        "cost-emphasis-runs",
        digest(entry("Paper", "*a **a " * 5000 + "\n\n" + "_" * 20000)),
        1,
        flagged=False,
    ),
    Payload(
        "cost-pictures-many",
        digest(
            entry(
                "Paper", "\n\n".join(f"![p{i}](https://example.org/p{i}.png)" for i in range(500))
            )
        ),
        1,
        flagged=False,
    ),
    # -- big local pictures (made by the test) ---------------------------------------------
    Payload(
        "cost-large-pictures",
        digest(
            *(
                entry(
                    f"Picture {i}",
                    f"![p](big{i % 4}.png)\n\nText.",
                    url=f"https://example.org/big{i}",
                )
                for i in range(8)
            )
        ),
        8,
        prepare="big-pictures",
        flagged=False,
    ),
    Payload(
        "cost-picture-bomb",
        digest(entry("Bomb", "![p](bomb.png)\n\nText."), entry("Wide", "![p](wide.png)")),
        2,
        prepare="bomb-pictures",
        flagged=False,
    ),
]
