"""Reading actuals and budget figures from CSV or YAML, and writing the
actuals template (I/O layer).

An actuals file has the columns ``id`` and ``actual``, and optionally
``note`` (偏差原因分析); other columns are context for the person filling it
in and are ignored, so that the template written by :func:`template` reads
back as it is.  A budget file has ``project``, ``budget`` (全年预算数) and
``executed`` (全年执行数), and optionally ``initial`` (年初预算数),
``summary``, ``note`` and ``source`` (当年财政拨款, 上年结转资金 or 其他资金:
that source's figures; the record without one is the project's total); an
amount without a unit is in 万元.

CSV may be UTF-8 (with or without the BOM Excel writes, and which perfeval
writes to a CSV file) or GB18030 (with or without its own BOM, the bytes
``84 31 95 33``), the encoding Excel uses for CSV on Chinese Windows.  Every
record keeps its ``file:line`` so that a problem with it can say where it is.

>>> _decode("\\ufeffid,actual\\n".encode("gb18030"), "a.csv")
'id,actual\\n'
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path
from typing import Any

from .._safe_text import from_spreadsheet_cell, spreadsheet_cell
from .._suggest import did_you_mean
from ..book.inputs import ENTRY_KEYS, Entry
from ..book.model import Book
from ..codes import Code
from ..errors import Diagnostic, Location, TableError
from ..limits import MAX_CSV_CELL
from .files import PathLike, decode_text, read_bytes
from .indicators import read_document

__all__ = ["read_actuals", "read_budget", "template"]

ACTUAL_COLUMNS = ("id", "actual")
BUDGET_COLUMNS = ("project", "budget", "executed")
TEMPLATE_COLUMNS = ("id", "section", "owner", "group", "subgroup", "name", "target", "actual", "note")


def read_actuals(path: PathLike) -> list[Entry]:
    """The entries of an actuals file (CSV, or YAML mapping ids to values)."""
    return [Entry(str(r["id"]).strip(), _cell(r.get("actual")), _cell(r.get("note")), r["location"])
            for r in _records(path, ACTUAL_COLUMNS)]


def read_budget(path: PathLike) -> list[dict[str, Any]]:
    """The records of a budget file: project, budget, executed and location,
    and the optional columns (source, initial, summary, note) where given."""
    # In CSV, columns besides these are context for the person filling it in.
    known = (*BUDGET_COLUMNS, *OPTIONAL_COLUMNS[BUDGET_COLUMNS], "location")
    return [{k: v for k, v in record.items() if k in known} for record in _records(path, BUDGET_COLUMNS)]


def template(book: Book) -> str:
    """An actuals CSV for ``book``: every indicator's id, where it belongs,
    its name and target, and empty ``actual`` and ``note`` columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    sections = {**{i.id: "goal" for g in book.goals for i in g.indicators},
                **{i.id: "activity" for a in book.activities for i in a.indicators},
                **{i.id: "project" for p in book.projects for i in p.indicators}}
    for indicator in book.indicators:
        definition = (" / ".join(t or "—" for _, t in indicator.ladder) if indicator.kind == "ladder"
                      else indicator.target or "")
        writer.writerow([spreadsheet_cell(c) for c in (
            indicator.id, sections[indicator.id], indicator.owner, indicator.group or "", indicator.subgroup or "",
            indicator.name, definition, "", "")])
    return out.getvalue()


# Columns a record may have besides the required ones; in CSV any other
# column is context and ignored, in a YAML record it is a typo.
OPTIONAL_COLUMNS = {ACTUAL_COLUMNS: tuple(k for k in ENTRY_KEYS if k not in ACTUAL_COLUMNS),
                    BUDGET_COLUMNS: ("source", "note", "initial", "summary")}


def _check_keys(record: dict[str, Any], known: tuple[str, ...], location: Location) -> None:
    for key in record:
        if key not in known:
            raise TableError([Diagnostic(Code.UNKNOWN_KEY, "error",
                                         f"unknown key {key!r}{did_you_mean(str(key), known)}", location=location)])


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _records(path: PathLike, required: tuple[str, ...]) -> list[dict[str, Any]]:
    path = Path(path)
    raw, problem = read_bytes(path)  # the same checks and limit as indicator files
    if problem is not None:
        raise TableError([problem])
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_records(raw, str(path), required)
    return _csv_records(raw, str(path), required)


def _decode(raw: bytes, source: str) -> str:
    text, problem = decode_text(raw, source)
    if problem is not None:
        raise TableError([problem])
    return text


def _csv_records(raw: bytes, source: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    # strict: text after a closing quote is an error at its line, not a cell read wrong
    reader = csv.reader(io.StringIO(_decode(raw, source), newline=""), strict=True)
    header = _next_row(reader, source, 1)
    if header is None:
        raise TableError([Diagnostic(Code.EMPTY_FILE, "error", "the file holds nothing",
                                     location=Location(source, 1, 1))])
    header = [h.strip().lower() for h in header]
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise TableError([Diagnostic(Code.DUPLICATE_COLUMN, "error", f"the column {', '.join(repeated)} is given twice",
                                     location=Location(source, 1, 1))])
    lacking = [c for c in required if c not in header]
    if lacking:
        raise TableError([Diagnostic(Code.MISSING_COLUMN, "error",
                                     f"no column {', '.join(lacking)}; the columns are {', '.join(header)}",
                                     location=Location(source, 1, 1))])
    records = []
    problems: list[Diagnostic] = []
    while True:
        start = reader.line_num + 1  # a record's first line: a quoted cell may span several
        where = Location(source, start, 1)
        try:
            cells = _next_row(reader, source, start)
        except TableError as error:  # the reader cannot go on; the rows before it are still reported
            problems.extend(error.problems)
            break
        if cells is None:
            break
        if not any(c.strip() for c in cells):  # a blank line
            continue
        if len(cells) > len(header):  # a cell split in two: it would be read wrong, silently
            problems.append(Diagnostic(Code.EXTRA_CELLS, "error", f"{len(cells)} cells under {len(header)} "
                                       f"columns{_split_number_hint(cells)}; quote a cell that holds a comma",
                                       location=where))
            continue
        if any(len(c) > MAX_CSV_CELL for c in cells):  # csv's own limit is global and a caller may raise it
            problems.append(_oversized(where))
            continue
        # a short row: the rest are empty; a cell perfeval wrote as '=… is read as it was given
        record: dict[str, Any] = dict(zip(header, map(from_spreadsheet_cell, cells), strict=False))
        record["location"] = where
        records.append(record)
    if problems:
        raise TableError(problems)
    return records


def _next_row(reader: Any, source: str, start: int) -> list[str] | None:
    """The next row, or None at the end; a malformed one is a csv-syntax error at its first line."""
    try:
        return next(reader, None)
    except csv.Error as error:
        where = Location(source, start, 1)
        if "field larger than field limit" in str(error):
            raise TableError([_oversized(where)]) from None
        if "unexpected end of data" in str(error):
            message = "a quote opened in this row is never closed"
        else:
            message = f"not well-formed CSV ({error}); a cell that holds a quote is written \"like \"\"this\"\"\""
        raise TableError([Diagnostic(Code.CSV_SYNTAX, "error", message, location=where)]) from None


def _oversized(where: Location) -> Diagnostic:
    return Diagnostic(Code.CSV_SYNTAX, "error", f"a cell over {MAX_CSV_CELL // 1024} KiB: a value or a note, "
                      "never a document", location=where)


def _split_number_hint(cells: list[str]) -> str:
    """Name the likely culprit: '7,350万元' unquoted is two cells, '7' and '350万元'."""
    for before, after in itertools.pairwise(cells):
        if _NUMBER_END.search(before) and _THOUSANDS_GROUP.match(after):
            return f"; '{before.strip()},{after.strip()}' looks like a number with a thousands separator"
    return ""


_NUMBER_END = re.compile(r"\d\s*$")
_THOUSANDS_GROUP = re.compile(r"\s*\d{3}(?!\d)")


def _yaml_records(raw: bytes, source: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    document, locate, problems = read_document(_decode(raw, source), source)
    if problems:
        raise TableError(problems)
    known = (*required, *OPTIONAL_COLUMNS[required])
    records = []
    if isinstance(document, dict):
        # id: value, or id: {actual: …, note: …}
        key, value_key = required[0], required[1]
        for name, value in document.items():
            record = dict(value) if isinstance(value, dict) else {value_key: value}
            _check_keys(record, known, locate((name,)))
            record[key] = name
            record["location"] = locate((name,))
            records.append(record)
    elif isinstance(document, list):
        for n, item in enumerate(document):
            if not isinstance(item, dict) or any(c not in item for c in required):
                raise TableError([Diagnostic(Code.MISSING_COLUMN, "error", f"each record needs {', '.join(required)}",
                                             location=locate((n,)))])
            _check_keys(item, known, locate((n,)))
            records.append({**item, "location": locate((n,))})
    else:
        raise TableError([Diagnostic(Code.WRONG_TYPE, "error", "expected a mapping or a list of records",
                                     location=Location(source, 1, 1))])
    return records
