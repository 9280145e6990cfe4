"""Benchmark: grade the seed department's whole year, and render its reports.

Run by hand (never in the test suite):

    python bench/bench_report.py          # 200 rounds
    python bench/bench_report.py 50

It loads indicators/caofeidian-hrss-2023.yaml and the example actuals and
budget once, then times Book.grade over all 171 indicators (exact totals
included), and each report format, and reports milliseconds per round.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import perfeval  # noqa: E402
from perfeval.io.tables import read_actuals, read_budget  # noqa: E402


def timed(label: str, rounds: int, work) -> None:
    started = time.perf_counter()
    for _ in range(rounds):
        work()
    seconds = (time.perf_counter() - started) / rounds
    print(f"{label:28s} {seconds * 1000:8.2f} ms")


def main(rounds: int = 200) -> None:
    started = time.perf_counter()
    book = perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml")
    print(f"load (parse YAML, compile {len(book.indicators)} indicators): "
          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    actuals = read_actuals(ROOT / "examples" / "actuals-2023.csv")
    budget = read_budget(ROOT / "examples" / "budget-2023.csv")
    report = book.grade(actuals, budget=budget)
    assert report.complete, report
    timed("grade 171 indicators", rounds, lambda: book.grade(actuals, budget=budget))
    for name in ("to_text", "to_markdown", "to_json", "to_csv", "to_html", "to_selfeval", "to_records"):
        timed(f"report.{name}()", max(rounds // 10, 5), getattr(report, name))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
