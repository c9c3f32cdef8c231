"""GFM tables of digest Markdown as docutils tables (see :mod:`.mdnodes`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from markdown_it.token import Token

if TYPE_CHECKING:
    from .mdnodes import Converter

_ALIGN = {"text-align:left": "left", "text-align:center": "center", "text-align:right": "right"}


def table(converter: Converter, tokens: Sequence[Token], start: int, close: int) -> nodes.table:
    """A GFM table: a header row (if any) and body rows, columns as wide as their text."""
    token = tokens[start]
    head: list[list[tuple[Token | None, str]]] = []
    body: list[list[tuple[Token | None, str]]] = []
    rows = head
    for tok in tokens[start + 1 : close]:
        if tok.type == "tbody_open":
            rows = body
        elif tok.type == "tr_open":
            rows.append([])
        elif tok.type in {"th_open", "td_open"} and rows:
            rows[-1].append((None, _ALIGN.get(str(tok.attrs.get("style", "")), "")))
        elif tok.type == "inline" and rows and rows[-1]:
            rows[-1][-1] = (tok, rows[-1][-1][1])
    width = max((len(r) for r in head + body), default=1) or 1
    table = nodes.table(classes=["paperdigest-table"])
    converter.locate(table, token)
    group = nodes.tgroup(cols=width)
    table += group
    # relative column widths, from the longest text of each column: the
    # text builder draws the table with them
    for n in range(width):
        column = [r[n][0] for r in head + body if n < len(r)]
        longest = max((len(c.content) for c in column if c is not None), default=0)
        group += nodes.colspec(colwidth=min(max(longest, 3), 40))
    for rows, part in ((head, nodes.thead()), (body, nodes.tbody())):
        if not rows:
            continue
        for cells in rows:
            row = nodes.row()
            for n in range(width):
                cell, align = cells[n] if n < len(cells) else (None, "")
                entry = nodes.entry(classes=[f"text-{align}"] if align else [])
                if cell is not None and cell.children:
                    para = converter.locate(nodes.paragraph(), cell)
                    converter.inline(cell.children, para, converter.line_of(cell))
                    entry += para
                row += entry
            part.append(row)
        group += part
    return table
