"""Benchmark: load and compile a 20,000-indicator book against ``yaml.compose`` alone.

Run by hand (never in the test suite):

    python bench/bench_load.py            # 20,000 indicators
    python bench/bench_load.py 5000

The book repeats the seed's sixteen projects under new names (as
``bench_memory.py`` does), then shifts each copy's numbers and names so that
about two thirds of the definitions are distinct, as in a province's books:
a definition compiled once is shared by the indicators written alike
(issue 12).  It prints the best of three runs of each, and their ratio; the
target is at most 1.5× ``yaml.compose`` on the same file.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

import perfeval

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_memory import write_book

try:
    from yaml import CBaseLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import BaseLoader as Loader  # type: ignore[assignment]

# Dates keep their numbers: 15月底前 is no deadline.
_DATED = re.compile("[月底年日]")


def varied(text: str) -> str:
    """Each project copy's first number in a target shifted, and its names suffixed."""
    out, copy = [], 0
    for line in text.splitlines():
        if line.startswith("  - name: "):
            copy += 1
        stripped = line.strip()
        if stripped.startswith("target:") and not _DATED.search(line):
            shift = copy % 97
            line = re.sub(r"\d+", lambda m, shift=shift: str(int(m[0]) + shift) if len(m[0]) < 6 else m[0], line,
                          count=1)
        if stripped.startswith("name:") and line.startswith("        "):
            line += str(copy % 7)
        out.append(line)
    return "\n".join(out) + "\n"


def best(work, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(indicators: int = 20_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.yaml"
        write_book(path, indicators)
        text = varied(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        book = perfeval.load(path)
        distinct = len({(i.target, i.ladder, i.name, i.group, i.subgroup) for i in book.indicators})
        compose = best(lambda: yaml.compose(text, Loader=Loader))
        load = best(lambda: perfeval.load(path))
        print(f"book: {len(book.indicators):,} indicators, {distinct:,} distinct definitions, "
              f"{path.stat().st_size / 1024 / 1024:.1f} MiB")
        print(f"yaml.compose  {compose:6.2f} s")
        print(f"perfeval.load {load:6.2f} s = {load / compose:.2f}× yaml.compose (target ≤ 1.5×)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
