"""Benchmark: load and compile a 20,000-indicator book against ``yaml.compose`` alone,
and load it from the on-disk cache of compiled books.

Run by hand (never in the test suite):

    python bench/bench_load.py            # 20,000 indicators
    python bench/bench_load.py 5000

The book repeats the seed's sixteen projects under new names (as
``bench_memory.py`` does), then shifts each copy's numbers and names so that
about two thirds of the definitions are distinct, as in a province's books:
a definition compiled once is shared by the indicators written alike
(issue 12).  It prints the best of three runs of each, and their ratio to
``yaml.compose``; the targets are at most 1.5× for a load that parses, and
at most 0.2× for ``perfeval.load(path, cache=True)`` from a warm cache (a
fresh cache folder in a temporary folder, written by one load first; that
load's time is printed too).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

import perfeval
from perfeval.io.cache import cache_info

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


def write_varied_book(path: Path, indicators: int) -> None:
    """The benchmark's book of about ``indicators`` indicators, at ``path``
    (tests/test_cache.py reads a small one)."""
    write_book(path, indicators)
    path.write_text(varied(path.read_text(encoding="utf-8")), encoding="utf-8")


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
        write_varied_book(path, indicators)
        text = path.read_text(encoding="utf-8")
        book = perfeval.load(path)
        distinct = len({(i.target, i.ladder, i.name, i.group, i.subgroup) for i in book.indicators})
        compose = best(lambda: yaml.compose(text, Loader=Loader))
        load = best(lambda: perfeval.load(path))
        os.environ["PERFEVAL_CACHE_DIR"] = str(Path(folder) / "cache")  # a fresh cache, of this run alone
        before = cache_info()
        started = time.perf_counter()
        perfeval.load(path, cache=True)  # parses, and writes the entry
        writing = time.perf_counter() - started
        cached = best(lambda: perfeval.load(path, cache=True))
        after = cache_info()
        assert (after.written - before.written, after.hits - before.hits) == (1, 3), "the cache was not used"
        entry = sum(f.stat().st_size for f in (Path(folder) / "cache").iterdir())
        print(f"book: {len(book.indicators):,} indicators, {distinct:,} distinct definitions, "
              f"{path.stat().st_size / 1024 / 1024:.1f} MiB; cache entry {entry / 1024 / 1024:.1f} MiB")
        print(f"yaml.compose  {compose:6.2f} s")
        print(f"perfeval.load {load:6.2f} s = {load / compose:.2f}× yaml.compose (target ≤ 1.5×)")
        print(f"cached load   {cached:6.2f} s = {cached / compose:.2f}× yaml.compose (target ≤ 0.2×); "
              f"the first, which writes the entry: {writing:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
