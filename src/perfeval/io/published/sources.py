"""Reading a published file into a :class:`~.document.Document`, by its kind.

Plain text (``.txt``) is read by the core.  Word (``.docx``), Excel
(``.xlsx``) and PDF (``.pdf``) need the ``import`` extra (python-docx,
openpyxl, pdfplumber); each library is imported only when a file of its
kind is read, and its absence is a ``missing-extra`` error.

Tables keep their grid: a merged cell's text is in its first row and column,
and the places it covers are empty cells, in every kind of file.  A cell's
origin is its table, row and cell (1-based); a text file's also has its line.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ...codes import Code
from ...errors import BookError, Diagnostic, Location
from ...notation.conditions import format_trimmed
from ..files import PathLike, decode_text, read_bytes
from .document import Cell, Document, Grid, Prose, cell_text, read_text
from .targets import Imported, read_document_tables, split_departments

__all__ = ["read_source", "read_tables", "read_departments"]

TEXT_SUFFIXES = (".txt", ".text")


def read_source(path: PathLike) -> Document:
    """The document in a published file; raises :class:`~perfeval.errors.BookError`
    (``unreadable``, ``not-text``, ``unknown-source``, ``missing-extra``)."""
    file = Path(path)
    suffix = file.suffix.lower()
    reader = _READERS.get(suffix)
    raw, problem = read_bytes(file)  # first: a folder or a missing file says so, whatever its name
    if problem is not None:
        raise BookError([problem], str(file))
    if reader is None and suffix not in TEXT_SUFFIXES:
        known = ", ".join((*TEXT_SUFFIXES, *_READERS))
        raise BookError([Diagnostic(Code.UNKNOWN_SOURCE, "error",
                                    f"cannot import {suffix or 'a file without a suffix'}: perfeval reads {known}",
                                    location=Location(str(file)))], str(file))
    if reader is None:
        text, problem = decode_text(raw, str(file))
        if problem is not None:
            raise BookError([problem], str(file))
        return read_text(text, str(file))
    module, read = reader
    try:
        library = importlib.import_module(module)
    except ImportError:
        raise BookError([Diagnostic(Code.MISSING_EXTRA, "error", f"reading {suffix} needs {module}: "
                                    "pip install 'perfeval[import]'", location=Location(str(file)))],
                        str(file)) from None
    try:
        return read(library, raw, str(file))
    except Exception as error:  # a damaged file: each library raises its own kinds
        raise BookError([Diagnostic(Code.UNREADABLE, "error", f"not a readable {suffix} file "
                                    f"({module} says {type(error).__name__}); save it again from its program, "
                                    "or export the tables as text", location=Location(str(file)))],
                        str(file)) from None


def _docx(docx: Any, raw: bytes, source: str) -> Document:
    """Paragraphs and tables of a Word file, in the body's order."""
    document = docx.Document(io.BytesIO(raw))
    blocks: list[Prose | Grid] = []
    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t")).strip()
            if text:
                blocks.append(Prose(text, Location(source, line=paragraphs)))
        elif tag == "tbl":
            tables += 1
            table = docx.table.Table(element, document)
            grid: list[list[tuple[object, str]]] = []
            for row in table.rows:
                # python-docx repeats a merged cell in every place it covers; the
                # underlying element tells a repeat from a cell of its own.
                grid.append([(cell._tc, cell.text) for cell in row.cells])
            blocks.append(_grid(tables, grid, source))
    return Document(source, tuple(blocks))


def _xlsx(openpyxl: Any, raw: bytes, source: str) -> Document:
    """Each sheet of a workbook is a table; merged ranges keep their text in the top-left cell."""
    workbook = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    blocks: list[Prose | Grid] = []
    for number, sheet in enumerate(workbook.worksheets, 1):
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    covered[(r, c)] = (merged.min_row, merged.min_col)
        grid: list[list[tuple[object, str]]] = []
        for r, row in enumerate(sheet.iter_rows(), 1):
            grid.append([(covered.get((r, c), (r, c)), _text(cell.value, cell.number_format))
                         for c, cell in enumerate(row, 1)])
        blocks.append(_grid(number, grid, source))
    return Document(source, tuple(blocks))


def _pdf(pdfplumber: Any, raw: bytes, source: str) -> Document:
    """The tables of a text-based PDF (pdfplumber's table extraction) and the
    lines of text around them, page by page, top to bottom."""
    blocks: list[Prose | Grid] = []
    tables = lines = 0
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        for page in pdf.pages:
            found = page.find_tables()
            boxes = [t.bbox for t in found]

            def outside(obj: dict[str, Any], boxes: list[Any] = boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            placed: list[tuple[float, Prose | list[list[str | None]]]] = []
            for line in page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj)).extract_text_lines():
                if line["text"].strip():
                    placed.append((line["top"], Prose(line["text"].strip(), Location(source))))
            placed.extend((t.bbox[1], t.extract()) for t in found)
            placed.sort(key=lambda item: item[0])
            for _, item in placed:
                if isinstance(item, Prose):
                    lines += 1
                    blocks.append(Prose(item.text, Location(source, line=lines)))
                else:
                    tables += 1
                    # pdfplumber gives None where a merged cell covers a place.
                    grid = [[(object(), cell or "") for cell in row] for row in item]
                    blocks.append(_grid(tables, grid, source))
    return Document(source, tuple(blocks))


def _grid(number: int, rows: list[list[tuple[object, str]]], source: str) -> Grid:
    """A table from ``(key, text)`` places: a place whose key repeats one
    already seen (a merged cell) is an empty cell."""
    seen: set[object] = set()
    out: list[tuple[Cell, ...]] = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, (key, text) in enumerate(row, 1):
            repeat = key in seen
            seen.add(key)
            cells.append(Cell("" if repeat else cell_text(text), Location(source, table=number, row=r, cell=c)))
        out.append(tuple(cells))
    return Grid(number, tuple(out))


def _text(value: Any, number_format: str = "General") -> str:
    """A spreadsheet value as its text: 95 not 95.0, 0.95 shown as 95% as
    95%, a date as 2023-12-31.  Numbers go through their shortest decimal
    text, never float arithmetic."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(repr(value))
        if "%" in number_format:
            return f"{format_trimmed(number * 100)}%"
        # A unit the format shows after the number: #,##0"元" shows 300,000元.
        unit = _FORMAT_UNIT.search(number_format)
        return format_trimmed(number) + (unit[1] if unit else "")
    if hasattr(value, "date") and hasattr(value, "hour") and not (value.hour or value.minute or value.second):
        return str(value.date())
    return str(value)


_FORMAT_UNIT = re.compile(r'"([^"0-9#]+)"\s*(?:;.*)?$')


_READERS: dict[str, tuple[str, Callable[[Any, bytes, str], Document]]] = {
    ".docx": ("docx", _docx),
    ".xlsx": ("openpyxl", _xlsx),
    ".pdf": ("pdfplumber", _pdf),
}


def read_tables(path: PathLike, *, department: str | None = None, code: str | None = None,
                year: int | None = None) -> Imported:
    """Read the 绩效目标 tables of a published file into a book.

    Returns an :class:`~.targets.Imported`: the book (``None`` if the
    source's own defects stop it building), its plain data as the file
    format writes it, every diagnostic located in the source, and a summary.
    ``department``, ``code`` and ``year`` override what the document states.
    """
    document = read_source(path)
    parts = split_departments(document)
    if len(parts) > 1 and department is None:
        names = [read_document_tables(p).data["department"].get("name", "?") for p in parts]
        raise BookError([Diagnostic(Code.SEVERAL_DEPARTMENTS, "error",
                                    f"the source holds the tables of {len(parts)} departments ({', '.join(names)}); "
                                    "read them with perfeval.read_departments, or perfeval import -o FOLDER/",
                                    location=Location(document.source))], document.source)
    return read_document_tables(document, department=department, code=code, year=year)


def read_departments(path: PathLike, *, year: int | None = None) -> list[Imported]:
    """Read a file that gathers several departments' tables: one
    :class:`~.targets.Imported` per department, in the file's order."""
    return [read_document_tables(part, year=year) for part in split_departments(read_source(path))]
