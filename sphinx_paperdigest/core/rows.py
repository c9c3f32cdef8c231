"""Entries written one per table row, as weekly digests do.

::

    | Paper | Links |
    | --- | --- |
    | 1) **Title** - what it does | [Paper](https://arxiv.org/abs/...), [Code](...) |

A table is a table of entries when at least half of its rows link somewhere.
The title is in the column whose header says so (*Title*, *Paper*, *Name*,
*論文*...), else the first; it is read as a list item's line is
(:mod:`.titles`). Columns headed *Authors*, *Venue*, *Date* or *Year* give
those fields; every other cell with more than links a card shows anyway goes
to the summary, after the rest of the title's cell, as ``Header: cell``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from .metadata import capped_title
from .model import Image
from .scan import Block, EntryParts
from .shapes import Context, Found, Prose
from .source import strip_picture
from .titles import Byline, Head, byline, byline_text, head, rest_after_title

_TITLE_RE = re.compile(r"title|name|タイトル|題", re.I)
_PAPER_RE = re.compile(r"paper|article|work|model|method|論文", re.I)
_AUTHORS_RE = re.compile(r"authors?|著者", re.I)
_VENUE_RE = re.compile(r"venue|conference|journal|会議|学会|掲載", re.I)
_DATE_RE = re.compile(r"date|published|日付|日時", re.I)
_YEAR_RE = re.compile(r"^\s*(?:year|年)\s*$", re.I)
_FOUR_DIGITS_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)(?![0-9])")
_LINK_RE = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s<>]*?)>?(?:\s+\"[^\"]*\")?\s*\)")
_WORD_RE = re.compile(r"\w")


@dataclass(slots=True)
class _Row:
    """A body row: its tokens, its line, its cells' inline tokens."""

    tokens: list[Token]
    line: int
    cells: list[Token]


def _table(tokens: Sequence[Token]) -> tuple[list[str], list[_Row]]:
    """The header texts and the body rows of a table's tokens."""
    header: list[str] = []
    rows: list[_Row] = []
    start = 0
    in_body = False
    for index, token in enumerate(tokens):
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open":
            start = index
        elif token.type == "inline" and not in_body:
            header.append(" ".join(token.content.split()))
        elif token.type == "tr_close" and in_body:
            row = list(tokens[start : index + 1])
            line = (row[0].map or [0])[0]
            rows.append(_Row(row, line, [t for t in row if t.type == "inline"]))
    return header, rows


def _linked(row: _Row) -> bool:
    return any(
        c.type == "link_open" and not str(c.attrs.get("href", "")).startswith("#")
        for cell in row.cells
        for c in cell.children or []
    ) or any("://" in cell.content for cell in row.cells)


def entry_rows(tokens: Sequence[Token]) -> tuple[list[str], list[_Row]] | None:
    """The header and rows of a table of entries, or None when the table is not one."""
    header, rows = _table(tokens)
    linked = sum(1 for row in rows if _linked(row))
    if not linked or linked * 2 < len(rows):
        return None
    return header, rows


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, text in enumerate(header) if pattern.search(text)), None)


def _title_column(header: list[str]) -> int | None:
    found = _column(header, _TITLE_RE)
    return found if found is not None else _column(header, _PAPER_RE)


def _field_columns(header: list[str]) -> set[int]:
    """The columns a card shows as fields (authors, venue, date, year), not in the summary."""
    found = (_column(header, p) for p in (_AUTHORS_RE, _VENUE_RE, _DATE_RE, _YEAR_RE))
    return {index for index in found if index is not None}


class RowReader:
    """Reads table rows as entries (see the module docstring)."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def count(self, blocks: Sequence[Block]) -> tuple[int, int]:
        entries = prose = 0
        for block in blocks:
            found = entry_rows(block.tokens) if block.kind == "table_open" else None
            if found:
                entries += len(found[1])
            elif block.kind not in {"hr", "html_block"}:
                prose += 1
        return entries, prose

    def read(self, blocks: Sequence[Block]) -> list[Found | Prose]:
        out: list[Found | Prose] = []
        for block in blocks:
            found = entry_rows(block.tokens) if block.kind == "table_open" else None
            if found is None:
                if out and isinstance(out[-1], Prose):
                    out[-1].blocks.append(block)
                else:
                    out.append(Prose([block]))
                continue
            header, rows = found
            out += [self.entry(header, row) for row in rows]
        return out

    def entry(self, header: list[str], row: _Row) -> Found:
        """The entry of one row."""
        scanner = self.context.scanner
        parts = EntryParts()
        scanner.walk_block(Block(row.tokens, row.line, row.line + 1), parts)
        line = row.line + 1
        column = _title_column(header)
        if column is None or column >= len(row.cells) or not row.cells[column].content.strip():
            column = next((i for i, c in enumerate(row.cells) if c.content.strip()), 0)
        cell = row.cells[column] if row.cells else None
        title_head = head(cell.children or []) if cell is not None else None
        said = self._said(header, row, cell, title_head, parts)
        return Found(
            title=capped_title(title_head.title if title_head else "", scanner.report, line),
            url=title_head.url if title_head else None,
            line=line,
            parts=parts,
            summary=lambda thumbnail: self.summary(
                header, row, column, title_head, parts, thumbnail=thumbnail
            ),
            authors=said.authors,
            venue=said.venue,
            year=said.year,
        )

    def _said(
        self,
        header: list[str],
        row: _Row,
        cell: Token | None,
        title: Head | None,
        parts: EntryParts,
    ) -> Byline:
        """Authors, venue and year: from their columns, else the title cell's byline."""
        said = byline(byline_text(cell.children or [], title.after)) if cell and title else Byline()
        cells = [c.content.strip() for c in row.cells]

        def cell_of(pattern: re.Pattern[str]) -> str:
            index = _column(header, pattern)
            return cells[index] if index is not None and index < len(cells) else ""

        authors = tuple(
            a.strip() for a in re.split(r",|\band\b", cell_of(_AUTHORS_RE)) if a.strip()
        )
        venue = cell_of(_VENUE_RE) or said.venue
        date = cell_of(_DATE_RE)
        if date:
            parts.meta.setdefault("date", date)
            parts.meta_line = parts.meta_line or row.line + 1
        years = _FOUR_DIGITS_RE.findall(" ".join([cell_of(_YEAR_RE), venue or "", date]))
        year = int(years[0]) if years else said.year
        return Byline(authors or said.authors, venue or None, year)

    def summary(
        self,
        header: list[str],
        row: _Row,
        column: int,
        title: Head | None,
        parts: EntryParts,
        *,
        thumbnail: Image | None,
    ) -> tuple[str, int | None]:
        """The rest of the title's cell, then the other cells as ``Header: cell``."""
        shown = {link.url for link in parts.links if link.is_paper or link.kind == "github"}
        texts = []
        fields = _field_columns(header) - {column}
        for index, cell in enumerate(row.cells):
            text = cell.content.strip()
            if index in fields:
                continue
            if index == column:
                text = rest_after_title(text, title.kind) if title else text
            elif index < len(header) and header[index] and text:
                text = f"{header[index]}: {text}"
            if text and not _only_links(text, shown, header[index] if index < len(header) else ""):
                texts.append(text)
        source = "\n\n".join(texts)
        if thumbnail is not None and thumbnail in parts.images:
            source = strip_picture(source, thumbnail.src).strip()
        if source and self.context.source.env.get("references"):
            source += self.context.source.reference_defs(source, row.line, row.line + 1)
        return source, (row.line + 1 if source else None)


def _only_links(text: str, shown: set[str], label: str) -> bool:
    """Whether a cell holds nothing but links a card shows anyway, and its header."""
    rest = _LINK_RE.sub(lambda m: "" if m.group(2) in shown else m.group(0), text)
    if label:
        rest = rest.replace(f"{label}:", "", 1)
    return not _WORD_RE.search(rest)
