"""Benchmark: compile the seed once, then grade 1,000,000 generated actuals.

Run by hand (never in the test suite):

    python bench/bench_grade.py            # 1,000,000 grades per path
    python bench/bench_grade.py 200000     # fewer

It compiles every ladder (51) and target (103) of the seed document once,
generates actuals up front, then times three paths:

- numbers: Decimal actuals, the path a finance application takes;
- text:    actuals as people type them ("92.5%", "延期5天", "2023-12-20", "部分达成 75%");
- mixed:   as text, but drawn from a small vocabulary, as a real year-end file repeats itself.

It counts every call to the notation parser with a definition's text while
grading, to show that definitions are never parsed again, and reports
microseconds per grade and the peak resident memory.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the independent seed reader

import perfeval  # noqa: E402
import perfeval.evaluate  # noqa: E402
import perfeval.notation.parser  # noqa: E402
import seedtables  # noqa: E402


def compile_seed():
    ladders = [perfeval.bands(list(a.ladder)) for a in seedtables.activity_indicators()]
    targets = [
        perfeval.target(i.target, name=i.name, group=i.group, subgroup=i.subgroup, year=2023)
        for p in seedtables.projects()
        for i in p.indicators
    ]
    return ladders, targets


def number_for(evaluator, rng: random.Random):
    """A plausible actual as a Decimal (or a tier word / date where numbers do not apply)."""
    if isinstance(evaluator, perfeval.Ladder):
        if evaluator.is_words:
            return rng.choice([b.text for b in evaluator.bands])
        anchor = max((i.low or i.high or Decimal(1)) for b in evaluator.bands for i in b.intervals)
        unit = evaluator.axis.unit
        scale = unit.factor if unit is not None else Decimal(1)
        return (anchor / scale * Decimal(rng.randint(50, 120)) / 100).quantize(Decimal("0.01"))
    kind = evaluator.kind
    if kind in ("compare", "range", "delay"):
        written = evaluator.written_bounds()  # bounds are held in base units
        bound = written[0] if written[0] else Decimal(1)
        return (bound * Decimal(rng.randint(50, 140)) / 100).quantize(Decimal("0.01"))
    if kind == "deadline":
        return f"2023-{rng.randint(10, 12)}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else "2024-01-15"
    return rng.choice(["达成", "部分达成", "未达成", "部分达成 75%", "达成 90%"])


def text_for(evaluator, rng: random.Random):
    value = number_for(evaluator, rng)
    if isinstance(value, str):
        return value
    if isinstance(evaluator, perfeval.Ladder):
        unit = evaluator.axis.unit
        if evaluator.axis.delay:
            return f"延期{rng.randint(0, 30)}天"
        return f"{value}{unit.symbol if unit else ''}"
    unit = evaluator.axis.unit
    return f"{value}{unit.symbol if unit else ''}"


def run(evaluators, actuals) -> float:
    started = time.perf_counter()
    for evaluator, actual in actuals:
        if evaluator.__class__ is perfeval.Ladder:
            evaluator.grade(actual)
        else:
            evaluator.score(actual, 10)
    return time.perf_counter() - started


def main(n: int = 1_000_000) -> None:
    started = time.perf_counter()
    ladders, targets = compile_seed()
    compile_seconds = time.perf_counter() - started
    evaluators = ladders + targets
    definition_texts = {b.text for lad in ladders for b in lad.bands} | {t.text for t in targets}

    rng = random.Random(2023)
    picks = [evaluators[i % len(evaluators)] for i in range(n)]
    numbers = [(e, number_for(e, rng)) for e in picks]
    texts = [(e, text_for(e, rng)) for e in picks]
    vocabulary = {id(e): [text_for(e, rng) for _ in range(20)] for e in evaluators}
    mixed = [(e, rng.choice(vocabulary[id(e)])) for e in picks]

    # Count definition texts reaching the parser while grading.
    original = perfeval.notation.parser.parse_notation
    reparsed = 0

    def counting(text, *args, **kwargs):
        nonlocal reparsed
        reparsed += text in definition_texts
        return original(text, *args, **kwargs)

    for module in (perfeval.notation.parser, perfeval.evaluate.actuals, perfeval.evaluate.ladder,
                   perfeval.evaluate.target):
        if hasattr(module, "parse_notation"):
            module.parse_notation = counting

    print(f"compiled {len(ladders)} ladders and {len(targets)} targets in {compile_seconds * 1000:.1f} ms")
    for label, actuals in (("numbers", numbers), ("text", texts), ("mixed", mixed)):
        seconds = run(evaluators, actuals)
        print(f"{label:8s} {n:>9,} grades in {seconds:6.2f} s = {seconds / n * 1e6:6.2f} µs/grade "
              f"({n / seconds:,.0f} grades/s)")
    print(f"definition texts parsed again while grading: {reparsed}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB (includes the {3 * n:,} pre-generated actuals)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
