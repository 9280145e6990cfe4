"""Streaming a CSV file of actuals through the batch path (``perfeval grade-many``).

The input is read a line at a time, from a file or standard input, and each
graded row is written as soon as it is read, so memory stays flat however
long the stream.  A streamed input has no whole-file limit; each row has
its own (``MAX_ROW_CELLS`` cells, ``MAX_ROW_BYTES`` bytes, ``MAX_CSV_CELL``
a cell).  The encoding is told by the byte-order mark (UTF-8, GB18030,
UTF-16), else UTF-8, or given.

>>> import io, perfeval
>>> book = perfeval.load("examples/small.yaml")
>>> rows = read_stream(io.BytesIO("id,actual\\n0101/社会保险补贴到位率,92%\\n".encode()), "in.csv")
>>> [(r.status, r.grade) for r in perfeval.grade_many({"small": book}, (("small", *r[1:]) for r in rows))]
[('graded', '良')]
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from .._safe_text import from_spreadsheet_cell, spreadsheet_cell
from ..codes import Code
from ..errors import Diagnostic, Location, TableError
from ..grading.batch import BatchRow
from ..limits import MAX_CSV_CELL, MAX_ROW_BYTES, MAX_ROW_CELLS
from .files import BOMS

__all__ = ["read_stream", "write_rows", "OUTPUT_COLUMNS"]

OUTPUT_COLUMNS = ("book", "id", "actual", "status", "grade", "achieved", "ratio", "weight", "points", "flags")


def read_stream(binary: IO[bytes], source: str, *, book_column: str = "book",
                encoding: str | None = None) -> Iterator[tuple[str | None, str, str | None, str | None]]:
    """``(book, id, actual, note)`` for each row of a CSV stream with the
    columns ``id`` and ``actual`` (and ``note``, and ``book_column`` when
    several books are graded).  Raises :class:`~perfeval.errors.TableError`
    at the row where the stream cannot be read."""
    lines = _lines(binary, encoding, source)
    reader = csv.reader(lines, strict=True)
    header = _row(reader, source)
    if header is None:
        raise TableError([Diagnostic(Code.EMPTY_FILE, "error", "the stream holds nothing",
                                     location=Location(source, 1, 1))])
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    lacking = [c for c in ("id", "actual") if c not in names]
    if lacking:
        raise TableError([Diagnostic(Code.MISSING_COLUMN, "error",
                                     f"no column {', '.join(lacking)}; the columns are {', '.join(names)}",
                                     location=Location(source, 1, 1))])
    at = {name: names.index(name) for name in ("id", "actual", "note", book_column.lower()) if name in names}
    while True:
        line = reader.line_num + 1
        cells = _row(reader, source)
        if cells is None:
            return
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            raise TableError([Diagnostic(Code.EXTRA_CELLS, "error", f"{len(cells)} cells under {len(names)} "
                                         "columns; quote a cell that holds a comma",
                                         location=Location(source, line, 1))])
        yield (_cell(cells, at, book_column.lower()), (_cell(cells, at, "id") or "").strip(),
               _cell(cells, at, "actual"), _cell(cells, at, "note"))


def _cell(cells: list[str], at: dict[str, int], name: str) -> str | None:
    """A named cell as given (perfeval's own '= neutralising taken off); None when the row has none."""
    i = at.get(name)
    return from_spreadsheet_cell(cells[i]) if i is not None and i < len(cells) else None


def write_rows(rows: Iterator[BatchRow], out: IO[str]) -> None:
    """Each row as a CSV line as soon as it is graded (the row's book, id and
    actual, then its result; numbers as exact decimal strings)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for r in rows:
        values: list[Any] = [r.book, r.id, r.actual, r.status, r.grade,
                             None if r.achieved is None else ("true" if r.achieved else "false"),
                             r.ratio, r.weight, r.points, ";".join(r.flags)]
        writer.writerow(["" if v is None else spreadsheet_cell(str(v)) for v in values])


def _lines(binary: IO[bytes], encoding: str | None, source: str) -> Iterator[str]:
    """The stream's text lines, decoded a line at a time so that a byte that
    is not text names its line (``not-text``), none longer than a row may be.
    The encoding is ``encoding``, else the one a byte-order mark names (the
    mark skipped), else UTF-8."""
    buffered: Any = binary if hasattr(binary, "peek") else io.BufferedReader(binary)
    if encoding is None:
        head = buffered.peek(4)[:4]
        encoding = "utf-8"
        for mark, name in BOMS:
            if head.startswith(mark):
                buffered.read(len(mark))
                encoding = name
                break
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    pending, number = "", 1
    while True:
        chunk = buffered.readline(MAX_ROW_BYTES + 1)
        try:
            pending += decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raise TableError([Diagnostic(Code.NOT_TEXT, "error", f"not text in {encoding}: {error.reason} "
                                         "(give --encoding gb18030, or save it as UTF-8)",
                                         location=Location(source, number + pending.count("\n"), 1))]) from None
        while "\n" in pending:
            line, pending = pending.split("\n", 1)
            number += 1
            yield line + "\n"
        if len(pending) > MAX_ROW_BYTES:
            raise TableError([Diagnostic(Code.CSV_SYNTAX, "error", f"a line over {MAX_ROW_BYTES // 1024} KiB",
                                         location=Location(source, number, 1))])
        if not chunk:
            if pending:
                yield pending
            return


def _row(reader: Any, source: str) -> list[str] | None:
    line = reader.line_num + 1
    try:
        cells: list[str] | None = next(reader, None)
    except csv.Error as error:
        message = ("a quote opened in this row is never closed" if "unexpected end of data" in str(error)
                   else f"not well-formed CSV ({error})")
        raise TableError([Diagnostic(Code.CSV_SYNTAX, "error", message, location=Location(source, line, 1))]) from None
    if cells is not None and (len(cells) > MAX_ROW_CELLS or any(len(c) > MAX_CSV_CELL for c in cells)):
        raise TableError([Diagnostic(Code.CSV_SYNTAX, "error", f"a row over {MAX_ROW_CELLS} cells or a cell over "
                                     f"{MAX_CSV_CELL // 1024} KiB", location=Location(source, line, 1))])
    return cells
