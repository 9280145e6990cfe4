"""A published document as the importer sees it: prose and tables of cells.

Every source (plain text, Word, Excel, PDF) is read into the same
:class:`Document`: its blocks in order, each a line of :class:`Prose` or a
:class:`Grid` of :class:`Cell` rows.  Every cell keeps where it was
published (file, and its line, or its table, row and cell), so whatever is
imported or left over can be located.

The plain-text form is the one such documents are commonly extracted to: a
table cell per line, each starting with a tab; a blank line ends a row; any
other line is prose, and ends the table.

>>> doc = read_text("标题\\n\\t一级指标\\n\\t指标值\\n\\n\\t产出指标\\n\\t≥5人\\n", "t.txt")
>>> [type(b).__name__ for b in doc.blocks]
['Prose', 'Grid']
>>> doc.blocks[1].rows[1][1]
Cell('≥5人' at t.txt:6:2 (table 1, row 2, cell 2))
"""

from __future__ import annotations

import attrs

from ...errors import Location

__all__ = ["Cell", "Grid", "Prose", "Document", "read_text"]


@attrs.frozen
class Cell:
    """One table cell: its text (stripped of surrounding space) and where it was published."""

    text: str
    origin: Location

    def __repr__(self) -> str:
        return f"Cell({self.text!r} at {self.origin})"


@attrs.frozen
class Grid:
    """A table: its rows of cells, in the published order.  Rows may have
    different lengths: a cell merged across columns is published once."""

    number: int  # counted from 1 in the document
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def origin(self) -> Location:
        return self.rows[0][0].origin if self.rows and self.rows[0] else Location("<table>", table=self.number)

    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row]


@attrs.frozen
class Prose:
    """A line of running text outside the tables: a heading, a title, a note."""

    text: str
    origin: Location


@attrs.frozen
class Document:
    """A published document: its source name and its blocks in order."""

    source: str
    blocks: tuple[Prose | Grid, ...]

    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]


def read_text(text: str, source: str) -> Document:
    """The plain-text form: a cell per tab-led line, a blank line between rows."""
    blocks: list[Prose | Grid] = []
    rows: list[tuple[Cell, ...]] = []
    row: list[Cell] = []
    tables = 0

    def end_row() -> None:
        nonlocal row
        if row:
            rows.append(tuple(row))
            row = []

    def end_table() -> None:
        nonlocal rows, tables
        end_row()
        if rows:
            tables += 1
            blocks.append(Grid(tables, tuple(
                tuple(attrs.evolve(c, origin=attrs.evolve(c.origin, table=tables)) for c in r) for r in rows)))
            rows = []

    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("\t"):
            body = line[1:]
            lead = len(body) - len(body.lstrip())
            where = Location(source, number, 2 + lead, row=len(rows) + 1, cell=len(row) + 1, line_text=line)
            row.append(Cell(cell_text(body), where))
        elif not line.strip():
            end_row()
        else:
            end_table()
            blocks.append(Prose(line.strip(), Location(source, number, 1, line_text=line)))
    end_table()
    return Document(source, tuple(blocks))


def cell_text(text: str) -> str:
    """A cell's text without the padding around it (the ideographic space of an empty cell too)."""
    return text.strip().strip("\u3000").strip()
