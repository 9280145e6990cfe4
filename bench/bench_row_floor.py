"""Benchmark: how fast can a per-row loop over the province be? (issue 12, target (d))

Run by hand (never in the test suite):

    python bench/bench_row_floor.py                 # the province workload: 2,000 ladders, 1,000,000 actuals
    python bench/bench_row_floor.py --rounds 5

Target (d) asks perfeval's per-row API to run 5× faster than the naive
regex loop (a) of ``bench_province.py``.  This script measures what any
per-row loop in CPython pays on the same files, each step in a fresh
process, interleaved, best of ``--rounds``:

- ``csv``: the ``csv`` module reading the rows, and nothing else;
- ``floor``: the least a per-row grader can do: for each row a dictionary of
  the ladder's texts already graded; on a miss, the text's value in base
  units (``Axis.base_of``, once per distinct text of an axis) and one
  bisection of perfeval's compiled cut axis; a grade name per row, and no
  result object.  Texts that are not plain numbers take perfeval's own
  ``grade`` (they are about 2% of the distinct pairs);
- ``api``: perfeval's per-row API, ``book.indicator(id).evaluator.grade(actual).grade``
  (``bench_province.py``'s path (d));
- ``naive``: the naive regex loop, path (a).

Each step checks its grades against ``api``'s, row for row.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from bisect import bisect_left
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import province_workload  # noqa: E402

STEPS = ("csv", "floor", "api", "naive")


def _rows(actuals: Path) -> Any:
    f = actuals.open(encoding="utf-8", newline="")
    reader = csv.reader(f)
    next(reader)
    return reader


def step_csv(book: Any, actuals: Path) -> list[Any]:
    return [None for _ in _rows(actuals)]


def step_floor(book: Any, actuals: Path) -> list[Any]:
    from perfeval.errors import NotationError
    from perfeval.evaluate.ladder import Ladder

    def exact(evaluator: Any, text: str) -> str | None:  # the long way, for what is not a plain number
        try:
            return evaluator.grade(text).grade or "not-applicable"
        except NotationError:
            return "error"

    memo: dict[str, tuple[Any, dict[str, Any], dict[str, Any]]] = {}  # id → (ladder, its texts, its axis' bases)
    bases: dict[int, dict[str, Any]] = {}
    out: list[Any] = []
    for indicator_id, actual in _rows(actuals):
        found = memo.get(indicator_id)
        if found is None:
            evaluator = book.indicator(indicator_id).evaluator
            axis = evaluator.axis if isinstance(evaluator, Ladder) else None
            found = memo[indicator_id] = (evaluator, {}, bases.setdefault(id(axis), {}))
        evaluator, graded, base_of = found
        grade = graded.get(actual)
        if grade is None:
            if not actual.strip():
                grade = "missing"
            elif evaluator.axis is None:
                grade = exact(evaluator, actual)
            else:
                base = base_of.get(actual)
                if base is None:
                    base = evaluator.axis.base_of(actual)  # a plain number's value, no reading made
                    base_of[actual] = False if base is None else base
                if base is None or base is False:
                    grade = exact(evaluator, actual)
                else:
                    cuts = evaluator.cuts
                    i = bisect_left(cuts.ends, base)
                    placement = cuts.pieces[2 * i + 1 if i < len(cuts.ends) and cuts.ends[i] == base else 2 * i]
                    grade = placement.grade if placement.how != "error" else exact(evaluator, actual)
            graded[actual] = grade
        out.append(grade)
    return out


def step_api(book: Any, actuals: Path) -> list[Any]:
    from bench_province import per_row

    return [grade if status == "graded" else status for status, grade in per_row(book, actuals)]


def step_naive(ladders: Any, actuals: Path) -> list[Any]:
    import province_baselines as baselines

    rows = baselines.naive_loop(actuals.parent / "book.yaml", actuals, ladders)
    return [grade if status == "graded" else status for status, grade in rows]


def worker(step: str, folder: Path) -> None:
    """One step in this process: its setup (the book, or the naive loop's
    band texts) untimed, then the run timed; the seconds and the grades are
    written for the driver."""
    if step == "naive":
        import province_baselines as baselines

        prepared = baselines.read_ladders(folder / "book.yaml")
    else:
        import perfeval

        prepared = perfeval.load(folder / "book.yaml")
    run = globals()[f"step_{step}"]
    started = time.perf_counter()
    grades = run(prepared, folder / "actuals.csv")
    seconds = time.perf_counter() - started
    (folder / f"floor-{step}.txt").write_text(f"{seconds}\n" + "\n".join(map(str, grades)), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--ladders", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.dir)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as scratch:
        folder = Path(scratch)
        province_workload.write(province_workload.generate(args.seed, args.ladders, args.rows), folder)
        best: dict[str, float] = {}
        grades: dict[str, list[str]] = {}
        for _ in range(args.rounds):
            for step in STEPS:
                subprocess.run([sys.executable, __file__, "--worker", step, "--dir", str(folder)], check=True)
                seconds, *rows = (folder / f"floor-{step}.txt").read_text(encoding="utf-8").split("\n")
                best[step] = min(best.get(step, float("inf")), float(seconds))
                grades.setdefault(step, rows)
                print(f"  {step:6s} {float(seconds):7.2f} s", flush=True)
    print(f"\n{args.rows:,} rows, {args.ladders:,} ladders, best of {args.rounds}:")
    print(f"{'step':8s} {'seconds':>8s} {'× naive':>8s}")
    for step in STEPS:
        print(f"{step:8s} {best[step]:8.2f} {best['naive'] / best[step]:7.1f}×")
    print(f"(d)'s target, 5× the naive loop, is {best['naive'] / 5:.2f} s here")
    differ = [s for s in ("floor", "naive") if grades[s] != grades["api"]]
    if differ:
        print("grades differ from the per-row API's in: " + ", ".join(differ))
        return 1
    print("the floor and the naive loop give the per-row API's grade on every row")
    return 0


if __name__ == "__main__":
    sys.exit(main())
