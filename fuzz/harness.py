"""What the fuzzer feeds perfeval (issue 10): plain Python, no atheris.

``fuzz/fuzz_perfeval.py`` runs it under atheris.  The first byte of each
input picks what the rest is fed to: a target's text, a ladder's four cells,
an indicator file, or an actuals or budget file (CSV or YAML) graded against
the seed's book and rendered in every text format.  The contract is the
library's: every input ends in a result or a
:class:`perfeval.PerfevalError` with a catalogued ``.code``.  Any other
exception is a crash, and atheris saves the input that caused it.

``one_input`` is plain Python, so ``tests/test_fuzz_harness.py`` runs the
corpus through it without atheris, and a crash the fuzzer finds becomes a
corpus file that the suite replays from then on.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import perfeval
from perfeval.codes import Code

ROOT = Path(__file__).resolve().parent.parent
SEED_BOOK = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
CODES = frozenset(c.value for c in Code)
TEXT_FORMATS = ("table", "markdown", "html", "json", "csv", "selfeval")

_book: perfeval.Book | None = None
_folder = Path(tempfile.mkdtemp(prefix="perfeval-fuzz-"))
atexit.register(shutil.rmtree, _folder, ignore_errors=True)


def _seed_book() -> perfeval.Book:
    global _book
    if _book is None:
        _book = perfeval.load(SEED_BOOK)
    return _book


def warm_up() -> None:
    """Load the seed's book once, before fuzzing starts."""
    _seed_book()


def _check(error: perfeval.PerfevalError) -> None:
    codes = [error.code, *(p.code for p in getattr(error, "problems", ()))]
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise AssertionError(f"uncatalogued codes {unknown} in {error!r}")


def _grade(name: str, data: bytes, as_budget: bool) -> None:
    path = _folder / name
    path.write_bytes(data)
    book = _seed_book()
    report = book.grade(None if as_budget else path, budget=path if as_budget else None)
    for format in TEXT_FORMATS:
        report.render(format)


def one_input(data: bytes) -> None:
    """Feed one input to the part of perfeval its first byte picks."""
    if not data:
        return
    choice, rest = data[0] % 7, data[1:]
    text = rest.decode("utf-8", errors="replace")
    try:
        if choice == 0:
            target = perfeval.target(text, year=2023)
            target.score(text[::-1], 10).explain()
        elif choice == 1:
            perfeval.bands([*text.split("|"), "", "", ""][:4]).grade(text[-8:]).explain()
        elif choice == 2:
            perfeval.loads(text)
        elif choice == 3:
            _grade("actuals.csv", rest, as_budget=False)
        elif choice == 4:
            _grade("actuals.yaml", rest, as_budget=False)
        elif choice == 5:
            _grade("budget.csv", rest, as_budget=True)
        else:
            _grade("budget.yaml", rest, as_budget=True)
    except perfeval.PerfevalError as error:
        _check(error)
