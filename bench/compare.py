"""Run a benchmark at two revisions in one run, interleaved, and compare.

Each revision is checked out into a temporary git worktree and runs its own
copy of the benchmark against its own ``src/``, so that a benchmark whose
imports changed between the two still runs.  The rounds alternate (A, B, A,
B …) so that a machine that slows down mid-run slows both alike; the median
of each line's µs/grade is reported.

    python bench/compare.py 9f45765 HEAD                     # bench_grade.py, 200,000 grades, 5 rounds
    python bench/compare.py 9f45765 HEAD --rounds 7 --n 1000000
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<label>\w+)\s+[\d,]+ grades in\s+[\d.]+ s =\s+(?P<us>[\d.]+) µs/grade")


def _worktree(revision: str, into: Path) -> Path:
    path = into / revision.replace("/", "_")
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(path), revision], check=True,
                   capture_output=True)
    return path


def _run(tree: Path, script: str, n: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run([sys.executable, str(tree / "bench" / script), str(n)], env=env, capture_output=True,
                          text=True, check=True, cwd=tree)
    return {m["label"]: float(m["us"]) for m in map(LINE.match, done.stdout.splitlines()) if m}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--script", default="bench_grade.py")
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        shared = ROOT.parent / "shared"  # the seed, where the benchmarks read it: beside each tree
        if shared.exists():
            (Path(scratch) / "shared").symlink_to(shared)
        trees = {rev: _worktree(rev, Path(scratch)) for rev in (args.before, args.after)}
        try:
            results: dict[str, dict[str, list[float]]] = {rev: {} for rev in trees}
            for _ in range(args.rounds):
                for rev, tree in trees.items():
                    for label, us in _run(tree, args.script, args.n).items():
                        results[rev].setdefault(label, []).append(us)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    labels = list(results[args.before])
    print(f"{args.script}, {args.n:,} grades per path, median of {args.rounds} interleaved rounds (µs/grade)")
    print(f"{'path':8s} {args.before:>12s} {args.after:>12s} {'change':>8s}")
    for label in labels:
        a = statistics.median(results[args.before][label])
        b = statistics.median(results[args.after].get(label, [float("nan")]))
        print(f"{label:8s} {a:12.2f} {b:12.2f} {100 * (b - a) / a:+7.1f}%")


if __name__ == "__main__":
    main()
