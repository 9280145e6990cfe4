"""The ``perfeval`` command line.

    perfeval grade FILE ACTUALS [--budget BUDGET] [--format FORMAT] [--wide] [-o OUT] [--encoding ENC]
                   [--strict] [--allow-missing] [--cache]
    perfeval template FILE [-o OUT] [--encoding ENC]
    perfeval explain FILE ID ACTUAL [--weight W]
    perfeval lint FILE... [--strict] [--format text|json]
    perfeval grade-many BOOK... ACTUALS [-o OUT] [--book-column NAME] [--encoding ENC] [--no-progress] [--cache]
    perfeval import SOURCE [-o OUT] [--department NAME] [--code CODE] [--year YYYY]
    perfeval audit SOURCE [--tolerance POINTS] [--format table|markdown|json|csv|xlsx] [-o OUT] [--encoding ENC]
    perfeval schema
    perfeval codes

Exit status:

- 0 when all is well;
- 1 when a file cannot be read or has an error, a row is in error, or
  there is any other problem of severity error (an actual for an unknown
  id, unreadable budget figures);
- 1 when a row is missing, a project's budget figures are missing, or a
  row needs a person's judgement (words that name no tier, rules §4),
  unless ``--allow-missing``: the report is then provisional, and says so;
- 1 under ``--strict`` on any warning: a definition warning, a row's flag
  of severity warning (late, direction-conflict, needs-judgement …) or a
  warning about the inputs; info never changes the exit status;
- 2 on a bad command line, such as ``--format xlsx`` without ``-o``;
- 3 on an internal error: a bug in perfeval, never a problem of the input.
  It prints one line; ``--debug`` prints the traceback too.

``perfeval grade-many`` exits 1 when a row is in error or names an unknown
book or indicator.  ``perfeval lint`` exits 1 on any error, and under ``--strict`` on any
warning.  ``perfeval import`` writes the book it read even when the
source's defects stop it loading, so that they can be fixed in it, and
exits 1 on any error.  ``perfeval audit`` exits 1 when a published score
disagrees with perfeval's or anything is flagged, 0 when every row agrees.

Every file written with ``-o`` is written whole or not at all.  A CSV file
(``perfeval template``, ``perfeval grade --format csv``) is UTF-8 with a
byte-order mark, so that Excel opens it as UTF-8; every other text file is
UTF-8.  ``--encoding`` chooses another (``gb18030``, ``utf-8`` for no BOM);
standard output never gets a BOM.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from importlib import resources
from typing import cast

from . import __version__
from .book.model import Book
from .codes import Code, catalogue_markdown
from .errors import BookError, Diagnostic, Location, PerfevalError, TableError
from .evaluate import Ladder, Target
from .grading.audit import AUDIT_BINARY_FORMATS, AUDIT_FORMATS, DEFAULT_TOLERANCE
from .grading.batch import BatchRow, grade_many
from .grading.report import FORMATS
from .io import audit, load, read_tables, template, write_atomic
from .io import grade as grade_files
from .io.files import atomic_output
from .io.published import Imported, read_departments
from .io.stream import read_stream, write_rows

__all__ = ["main", "INTERNAL_ERROR"]

# The exit status of a bug in perfeval, apart from 1 (the input has a problem)
# and 2 (a bad command line), so that a script can tell them apart.
INTERNAL_ERROR = 3
# The exit status when the reader of standard output leaves early (`| head`), as a shell gives a command
# that SIGPIPE ended: the output was cut short, and no input was at fault.
BROKEN_PIPE = 128 + 13


def main(argv: Sequence[str] | None = None) -> int:
    _console_never_fails()
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run  # each command's set_defaults(run=…)
    try:
        return run(args)
    except BrokenPipeError:  # `perfeval … | head`: the reader has gone, and the output is cut short
        _silence_stdout()
        return BROKEN_PIPE
    except Exception as error:  # every input problem is handled in its command: what is left is a bug
        if args.debug:
            traceback.print_exc()
        print(f"perfeval: internal error: {type(error).__name__}: {_first_line(error)} (a bug in perfeval "
              f"{__version__}; {'' if args.debug else 'run again with --debug for the traceback, and '}"
              "please report it)", file=sys.stderr)
        return INTERNAL_ERROR


class _Nowhere(io.TextIOBase):
    """A standard output that takes everything and keeps nothing."""

    def write(self, text: str) -> int:
        return len(text)


def _silence_stdout() -> None:
    """Send whatever is still to be written to standard output nowhere, not
    even the interpreter's last flush into a closed pipe (Python's own advice,
    in the docs of `signal`), whether standard output is a descriptor or an
    object such as a test's capture."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # no descriptor behind it: replacing the object is enough
        sys.stdout = _Nowhere()
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def _console_never_fails() -> None:
    """A console that cannot show a character (GBK on Chinese Windows, for ✅)
    shows its escape, \\u2705, instead of ending the run (issue 10, item 22)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else "(no message)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfeval", description="Grade and score budget performance targets (绩效目标).")
    parser.add_argument("--version", action="version", version=f"perfeval {__version__}")
    # --debug is taken before or after the command: `perfeval --debug grade …` or `perfeval grade … --debug`
    debug_help = "on an internal error (exit status 3), print the traceback"
    parser.add_argument("--debug", action="store_true", default=False, help=debug_help)
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = commands.add_parser("lint", parents=[debug], help="check indicator files and list every diagnostic",
                               description="Check indicator files; print file:line:col: severity code: message.")
    lint.add_argument("files", nargs="+", metavar="FILE")
    lint.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.set_defaults(run=_lint)

    imp = commands.add_parser(
        "import", parents=[debug], help="read a disclosure's 绩效目标 tables into an indicator file",
        description="Read the 绩效目标 tables of SOURCE (.txt with a cell per tab-led line, .docx, .xlsx or a text "
                    "PDF) into an indicator file; every cell is imported or reported with its location. The file is "
                    "written even when the source's defects stop it loading, so that they can be fixed in it; "
                    "exit status 1 on any error.")
    imp.add_argument("source", metavar="SOURCE")
    imp.add_argument("-o", "--output", metavar="OUT",
                     help="write the indicator file here (default: standard output); a folder (OUT/) gets one "
                          "file per department")
    imp.add_argument("--department", metavar="NAME", help="the department's name, if the source does not state it")
    imp.add_argument("--code", metavar="CODE", help="the department's code")
    imp.add_argument("--year", metavar="YYYY", type=int, help="the budget year, if the source does not state it")
    imp.set_defaults(run=_import)

    aud = commands.add_parser(
        "audit", parents=[debug], help="re-score a published 项目支出绩效自评表 and flag what disagrees",
        description="Read the 项目支出绩效自评表 in SOURCE (.txt, .docx, .xlsx, .pdf), re-score every row by the "
                    "national rules, and show the published score, perfeval's and the difference.")
    aud.add_argument("source", metavar="SOURCE")
    aud.add_argument("--tolerance", metavar="POINTS", type=_points, default=DEFAULT_TOLERANCE,
                     help=f"how far apart two scores may be and still agree (default {DEFAULT_TOLERANCE})")
    aud.add_argument("--format", choices=(*AUDIT_FORMATS, *AUDIT_BINARY_FORMATS), default="table")
    aud.add_argument("-o", "--output", metavar="OUT", help="write the audit here instead of to standard output "
                     "(needed for xlsx)")
    aud.add_argument("--encoding", metavar="ENC", type=_encoding,
                     help="by default UTF-8, with a BOM in a CSV file (for Excel)")
    aud.set_defaults(run=_audit)

    schema = commands.add_parser("schema", parents=[debug], help="print the JSON Schema of the indicator file format")
    schema.set_defaults(run=_schema)

    codes = commands.add_parser("codes", parents=[debug], help="list every error, diagnostic and flag code (Markdown)")
    codes.set_defaults(run=_codes)

    grade = commands.add_parser("grade", parents=[debug], help="grade a year's actuals and print the report",
                                description="Grade ACTUALS (CSV or YAML: id, actual, note) against FILE.")
    grade.add_argument("file", metavar="FILE")
    grade.add_argument("actuals", metavar="ACTUALS")
    grade.add_argument("--budget", metavar="BUDGET",
                       help="CSV or YAML: project, budget, executed; optionally source, initial, summary, note")
    grade.add_argument("--format", choices=FORMAT_NAMES, default="table")
    grade.add_argument("--wide", action="store_true",
                       help=f"{'/'.join(WIDE_FORMATS)}: shorten nothing; every name, target and message in full, "
                            "however wide the lines (by default they fit 120 columns)")
    grade.add_argument("-o", "--output", metavar="OUT", help="write the report here instead of to standard output "
                       "(needed for xlsx)")
    grade.add_argument("--encoding", metavar="ENC", type=_encoding,
                       help="the text's encoding: by default UTF-8, with a BOM in a CSV file (for Excel); "
                            "e.g. gb18030, or utf-8 for a CSV file without a BOM")
    grade.add_argument("--strict", action="store_true",
                       help="exit 1 on any warning: a definition's, or a row's flag of severity warning")
    grade.add_argument("--allow-missing", action="store_true",
                       help="exit 0 even when actuals are missing or need a person's judgement")
    grade.add_argument("--cache", action="store_true", help=CACHE_HELP)
    grade.set_defaults(run=_grade)

    many = commands.add_parser(
        "grade-many", parents=[debug], help="grade a stream of rows against many books, a CSV line per row",
        description="Grade ACTUALS (CSV with id, actual and optionally note and a book column; - for standard "
                    "input) against the BOOKs, each row on its own, streaming: memory stays flat. A book is named "
                    "by its file's stem; with one book the book column may be left out.")
    many.add_argument("files", nargs="+", metavar="BOOK... ACTUALS")
    many.add_argument("-o", "--output", metavar="OUT", help="write the rows here (atomically) instead of to "
                      "standard output")
    many.add_argument("--book-column", default="book", metavar="NAME", help="the column naming each row's book")
    many.add_argument("--encoding", metavar="ENC", type=_encoding,
                      help="the input's encoding, if its byte-order mark does not say (default UTF-8)")
    many.add_argument("--no-progress", action="store_true", help="no progress bar on a terminal's stderr")
    many.add_argument("--cache", action="store_true", help=CACHE_HELP)
    many.set_defaults(run=_grade_many)

    tmpl = commands.add_parser("template", parents=[debug], help="write an actuals CSV to fill in",
                               description="Write a CSV with every indicator of FILE and an empty actual column.")
    tmpl.add_argument("file", metavar="FILE")
    tmpl.add_argument("-o", "--output", metavar="OUT")
    tmpl.add_argument("--encoding", metavar="ENC", type=_encoding,
                      help="by default UTF-8 with a BOM in a file (Excel opens it as UTF-8), without one on "
                           "standard output; e.g. gb18030, or utf-8 for no BOM")
    tmpl.set_defaults(run=_template)

    explain = commands.add_parser("explain", parents=[debug], help="show how one indicator grades one value")
    explain.add_argument("file", metavar="FILE")
    explain.add_argument("id", metavar="ID")
    explain.add_argument("actual", metavar="ACTUAL")
    explain.add_argument("--weight", default=Decimal(100), type=_points,
                         help="the points a target is worth (default 100; ladders grade without one)")
    explain.set_defaults(run=_explain)
    return parser


FORMAT_NAMES = tuple(name for name, f in FORMATS.items() if f.listed)
# The unshortened form of a format NAME is registered as NAME-wide (perfeval.render); --wide picks it.
WIDE = "-wide"
WIDE_FORMATS = tuple(name for name in FORMAT_NAMES if name + WIDE in FORMATS)
# grade and grade-many both load books: one help for their --cache.
CACHE_HELP = ("keep the compiled book in the user's cache folder, and read it from there, unparsed, while the file "
              "and perfeval stay the same (the folder: $PERFEVAL_CACHE_DIR, else $XDG_CACHE_HOME/perfeval or the "
              "platform's cache folder; docs/cache.md)")


# A CSV file is written with a BOM by default: Excel reads a CSV file without one in the
# system's code page (GB18030 on Chinese Windows), and garbles UTF-8.
CSV_FILE_ENCODING = "utf-8-sig"


def _encoding(text: str) -> str:
    try:
        return codecs.lookup(text).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"no encoding {text!r} (e.g. utf-8, utf-8-sig, gb18030)") from None


def _points(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"not a weight: {text!r}")
    return value


def _book(file: str, cache: bool = False) -> Book | None:
    """The book, or None after printing why it cannot be loaded; ``cache``
    reads and writes the on-disk cache of compiled books (docs/cache.md)."""
    try:
        return load(file, cache=cache)
    except BookError as error:
        _print_problems(error.problems, file)
    except OSError as error:
        print(f"{file}: error unreadable: {error.strerror or error}", file=sys.stderr)
    return None


def _print_problems(problems: Sequence[Diagnostic], file: str, only_errors: bool = True) -> None:
    for d in problems:
        if d.severity == "error" or not only_errors:
            print(f"{d.location or file}: {d.severity} {d.code}: {d.message}", file=sys.stderr)


def _grade(args: argparse.Namespace) -> int:
    name = args.format + WIDE if args.wide else args.format
    if name not in FORMATS:
        print(f"perfeval grade: error: --wide: the {args.format} format shortens nothing; "
              f"--wide applies to {', '.join(WIDE_FORMATS)}", file=sys.stderr)
        return 2
    chosen = FORMATS[name]
    if chosen.binary and args.output is None:
        print(f"perfeval grade: error: --format {args.format} writes a file: give it with -o "
              f"(e.g. -o 自评.{args.format})", file=sys.stderr)
        return 2
    if chosen.binary and args.encoding is not None:
        print(f"perfeval grade: error: --encoding: the {args.format} format is not text", file=sys.stderr)
        return 2
    book = _book(args.file, args.cache)
    if book is None:
        return 1
    try:
        report = grade_files(book, args.actuals, budget=args.budget)
    except TableError as error:
        _print_problems(error.problems, args.actuals)
        return 1
    try:
        content: str | bytes = report.render_bytes(name) if chosen.binary else report.render(name)
    except PerfevalError as error:  # a format whose extra is not installed
        print(f"perfeval grade: error {error.code}: {error.message}", file=sys.stderr)
        return 1
    encoding = args.encoding or (CSV_FILE_ENCODING if chosen.bom else "utf-8")
    written = _write(content, args.output, (args.file, args.actuals, args.budget), encoding, args.encoding)
    _print_problems(report.problems, args.actuals, only_errors=False)
    definitions = sum(d.severity == "warning" for d in book.diagnostics)
    budgets = sum(p.missing_budget for p in report.projects)
    rows = sum(r.status == "missing" for r in report.rows)
    summary = (f"{report.department_name} {report.year}: {len(report.rows)} indicators, {rows} missing, "
               f"{budgets} budget figure(s) missing, {report.needs_judgement} needing judgement, "
               f"{report.errors} error(s), {report.warnings} warning(s) ({definitions} in the definitions)")
    print(summary, file=sys.stderr)
    pending = report.missing or report.needs_judgement
    if not written or report.errors or (pending and not args.allow_missing) or (args.strict and report.warnings):
        return 1
    return 0


def _write(content: str | bytes, output: str | None, inputs: Sequence[str | None], encoding: str,
           chosen: str | None = None) -> bool:
    """Write to the output file in ``encoding``, or to standard output (in
    ``chosen``, the encoding the command line gives, if any, never with a
    BOM); False after saying why not.  A file is written whole or not at
    all, and never over an input."""
    if isinstance(content, str) and not content.endswith("\n"):
        content += "\n" if output is None else ""
    if output is None:
        assert isinstance(content, str)  # a binary format needs -o
        if chosen is None:
            sys.stdout.write(content)
            return True
        data = _encoded(content, "utf-8" if chosen == CSV_FILE_ENCODING else chosen, "standard output")
        if data is None:
            return False
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return True
    data = _encoded(content, encoding, output) if isinstance(content, str) else content
    if data is None:
        return False
    try:
        write_atomic(output, data, inputs=[i for i in inputs if i is not None])
    except OSError as error:
        print(f"{output}: error unwritable: {error.strerror or error}", file=sys.stderr)
        return False
    except PerfevalError as error:
        print(f"{output}: error {error.code}: {error.message}", file=sys.stderr)
        return False
    print(f"wrote {output}", file=sys.stderr)
    return True


def _encoded(text: str, encoding: str, where: str) -> bytes | None:
    """The text in ``encoding``, or None after saying what it cannot hold."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        print(f"{where}: error unwritable: {error.object[error.start:error.end]!r} cannot be written in {encoding}; "
              "try --encoding gb18030 or utf-8", file=sys.stderr)
        return None


def _grade_many(args: argparse.Namespace) -> int:
    if len(args.files) < 2:
        print("error bad-option: give one or more books, then the actuals (- for standard input)", file=sys.stderr)
        return 2
    *book_files, actuals = args.files
    books: dict[str, Book] = {}
    for file in book_files:
        book = _book(file, args.cache)
        if book is None:
            return 1
        key = os.path.splitext(os.path.basename(file))[0]
        if key in books:
            print(f"{file}: error bad-option: two books are named {key!r}", file=sys.stderr)
            return 2
        books[key] = book
    only = next(iter(books)) if len(books) == 1 else None
    source = "<stdin>" if actuals == "-" else actuals
    try:
        binary = sys.stdin.buffer if actuals == "-" else open(actuals, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        print(f"{actuals}: error unreadable: {error.strerror or error}", file=sys.stderr)
        return 1
    records = ((book or only, indicator_id, actual, note)
               for book, indicator_id, actual, note in read_stream(binary, source, book_column=args.book_column,
                                                                   encoding=args.encoding))
    run = grade_many(books, records)
    rows = _progress(run, args.no_progress)
    try:
        if args.output is None:
            write_rows(rows, sys.stdout)
        else:
            with atomic_output(args.output, inputs=[*book_files, *([] if actuals == "-" else [actuals])]) as out:
                text = io.TextIOWrapper(out, encoding=args.encoding or CSV_FILE_ENCODING, newline="")
                write_rows(rows, text)
                text.flush()
                text.detach()
            print(f"wrote {args.output}", file=sys.stderr)
    except TableError as error:
        _print_problems(error.problems, source)
        return 1
    except PerfevalError as error:
        print(f"{args.output}: error {error.code}: {error.message}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # standard output's reader left: main says nothing more
        raise
    except OSError as error:
        print(f"{args.output}: error unwritable: {error.strerror or error}", file=sys.stderr)
        return 1
    finally:
        if binary is not sys.stdin.buffer:
            binary.close()
    failed = 0
    for key, done in run.accounting.items():
        failed += done.errors + done.unknown
        print(f"{key}: {done.rows} rows, {done.graded} graded, {done.not_applicable} not applicable, "
              f"{done.needs_judgement} needing judgement, {done.blank} blank, {done.errors} in error, "
              f"{done.unknown} unknown ids; {len(done.missing)} indicators no row named", file=sys.stderr)
    return 1 if failed else 0


def _progress(rows: Iterable[BatchRow], disabled: bool) -> Iterator[BatchRow]:
    """The rows, counted by a progress bar on stderr when it is a terminal (never into the output)."""
    if disabled or not sys.stderr.isatty():
        return iter(rows)
    from tqdm import tqdm

    return iter(tqdm(rows, unit=" rows", file=sys.stderr, mininterval=0.5))


def _template(args: argparse.Namespace) -> int:
    book = _book(args.file)
    if book is None:
        return 1
    encoding = args.encoding or CSV_FILE_ENCODING
    return 0 if _write(template(book), args.output, (args.file,), encoding, args.encoding) else 1


def _explain(args: argparse.Namespace) -> int:
    book = _book(args.file)
    if book is None:
        return 1
    try:
        indicator = book.indicator(args.id)
    except KeyError as error:
        print(f"error unknown-id: {error.args[0]}", file=sys.stderr)
        return 1
    print(f"{indicator.id}: {indicator.name}")
    try:
        # A loaded book has compiled every indicator: a ladder's evaluator is a Ladder, a target's a Target.
        evaluator = indicator.evaluator
        if indicator.kind == "ladder":
            print(cast(Ladder, evaluator).grade(args.actual).explain())
        else:
            print(cast(Target, evaluator).score(args.actual, args.weight).explain())
    except PerfevalError as error:
        print(f"error {error.code}: {error}", file=sys.stderr)
        return 1
    return 0


def _lint(args: argparse.Namespace) -> int:
    found: list[tuple[str, Diagnostic]] = []
    for file in args.files:
        found.extend((file, d) for d in _problems(file))
    errors = sum(d.severity == "error" for _, d in found)
    warnings = sum(d.severity == "warning" for _, d in found)
    if args.format == "json":
        json.dump([_record(file, d) for file, d in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for file, d in found:
            print(f"{d.location or file}: {d.severity} {d.code}: {d.message}")
        print(f"{len(args.files)} file(s): {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def _import(args: argparse.Namespace) -> int:
    try:
        parts = ([read_tables(args.source, department=args.department, code=args.code, year=args.year)]
                 if args.department is not None else read_departments(args.source, year=args.year))
    except BookError as error:
        _print_problems(error.problems, args.source)
        return 1
    folder = args.output
    to_folder = folder is not None and (folder.endswith(("/", os.sep)) or os.path.isdir(folder))
    if not to_folder:
        if len(parts) == 1:
            return _write_import(parts[0], args.source, args.output)
        listed = ", ".join(p.data["department"].get("name", "?") for p in parts)
        print(f"{args.source}: error {Code.SEVERAL_DEPARTMENTS.value}: the source holds the tables of {len(parts)} "
              f"departments ({listed}); give a folder to write one file each: -o FOLDER/", file=sys.stderr)
        return 1
    os.makedirs(folder, exist_ok=True)
    names = [p.data["department"].get("name") or f"department-{n}" for n, p in enumerate(parts, 1)]
    status = 0
    for imported, name in zip(parts, names, strict=True):
        if names.count(name) > 1:  # one department's books of several years
            name = f"{name}-{imported.data['year']}"
        safe = "".join("_" if c in '/\\:*?"<>|' or not c.isprintable() else c for c in name)
        status = max(status, _write_import(imported, args.source, os.path.join(folder, f"{safe}.yaml")))
    return status


def _write_import(imported: Imported, source: str, output: str | None) -> int:
    """Write what was read, even with the source's defects (to fix in the file); nothing when nothing was read."""
    _print_problems(imported.diagnostics, source, only_errors=False)
    print(imported.summary, file=sys.stderr)
    if imported.summary.indicators == 0:
        print(f"{source}: nothing imported; {output or 'standard output'} not written", file=sys.stderr)
        return 1
    if not _write(imported.yaml(), output, (source,), "utf-8"):
        return 1
    return 1 if imported.errors else 0


def _audit(args: argparse.Namespace) -> int:
    try:
        report = audit(args.source, tolerance=args.tolerance)
    except BookError as error:
        _print_problems(error.problems, args.source)
        return 1
    binary = args.format in AUDIT_BINARY_FORMATS
    if binary and args.output is None:
        print(f"error bad-option: --format {args.format} writes a file: give -o FILE.{args.format}", file=sys.stderr)
        return 2
    try:
        content: str | bytes = report.render_bytes(args.format) if binary else report.render(args.format)
    except PerfevalError as error:
        print(f"error {error.code}: {error.message}", file=sys.stderr)
        return 1
    encoding = args.encoding or (CSV_FILE_ENCODING if args.format == "csv" else "utf-8")
    if not _write(content, args.output, (args.source,), encoding, args.encoding):
        return 1
    return 1 if report.flags else 0


def _problems(file: str) -> tuple[Diagnostic, ...]:
    try:
        return load(file).diagnostics
    except BookError as error:
        return error.problems
    except OSError as error:
        return (Diagnostic(Code.UNREADABLE, "error", error.strerror or str(error), location=Location(file)),)


def _record(file: str, d: Diagnostic) -> dict[str, object]:
    where = d.location or Location(file)
    return {"file": where.source, "line": where.line, "column": where.column, "severity": d.severity,
            "code": str(d.code), "message": d.message, "subject": d.subject}


def _codes(args: argparse.Namespace) -> int:
    sys.stdout.write(catalogue_markdown())
    return 0


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(resources.files("perfeval").joinpath("schema.json").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
