"""The ``perfeval`` command line.

    perfeval lint FILE... [--strict] [--format text|json]
    perfeval schema

Exit status: 0 when all is well, 1 when a file has an error (or, under
``--strict``, a warning), 2 on a bad command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources

from . import __version__
from .book import BookError
from .errors import Diagnostic
from .loader import load

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfeval", description="Grade and score budget performance targets (绩效目标).")
    parser.add_argument("--version", action="version", version=f"perfeval {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lint = commands.add_parser("lint", help="check indicator files and list every diagnostic",
                               description="Check indicator files; print file:line:col: severity code: message.")
    lint.add_argument("files", nargs="+", metavar="FILE")
    lint.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.set_defaults(run=_lint)

    schema = commands.add_parser("schema", help="print the JSON Schema of the indicator file format")
    schema.set_defaults(run=_schema)
    return parser


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


def _problems(file: str) -> tuple[Diagnostic, ...]:
    try:
        return load(file).diagnostics
    except BookError as error:
        return error.problems
    except OSError as error:
        return (Diagnostic("unreadable", "error", error.strerror or str(error), location=file),)


def _record(file: str, d: Diagnostic) -> dict:
    path, line, column = file, None, None
    if d.location:
        path, _, rest = d.location.rpartition(":")
        path, _, line_text = path.rpartition(":")
        line, column = int(line_text), int(rest)
    return {"file": path, "line": line, "column": column, "severity": d.severity, "code": d.code,
            "message": d.message, "subject": d.subject}


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(resources.files("perfeval").joinpath("schema.json").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
