"""Benchmark: peak memory to load a big book and to grade a big actuals file.

Run by hand (never in the test suite):

    python bench/bench_memory.py                 # 100,000 indicators, a 16 MiB actuals file
    python bench/bench_memory.py 20000           # a smaller book

It writes a book of about N indicators by repeating the seed's sixteen
projects under new names, and a year's actuals file for it: one row per
indicator, each row's actual taken from ``examples/actuals-2023.csv`` for the
seed indicator it copies, with a note that pads the file to 16 MiB.  Each
measurement runs in a fresh interpreter, so one step's garbage does not count
against the next, and reports the peak resident memory above the
interpreter with perfeval imported (``ru_maxrss`` minus that baseline), and
that peak as a multiple of the file's size.

The targets (issue 10): loading a book stays under 60× its file size, and
grading a 16 MiB actuals file stays under 300 MB.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
ACTUALS = ROOT / "examples" / "actuals-2023.csv"
MIB = 1024 * 1024
# Long prose keys are left out, so that 100,000 indicators fit the 16 MiB
# file limit (about 10 MiB, as a lean real book of that size would be).
_DROPPED = ("        description: ", "        basis: ", "    goal: ")

# Each step runs in its own interpreter; the first line it prints is the
# baseline (perfeval imported), the last the peak after the work.
_STEP = textwrap.dedent("""
    import resource, sys, time
    sys.setrecursionlimit(10000)
    import yaml
    import perfeval
    try:
        from yaml import CBaseLoader as Loader
    except ImportError:
        from yaml import BaseLoader as Loader
    import gc
    def status(field):
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    base = peak()
    book_path, actuals_path, budget_path, step = sys.argv[1:5]
    started = time.perf_counter()
    if step == "compose":
        text = open(book_path, encoding="utf-8").read()
        node = yaml.compose(text, Loader=Loader)
    elif step == "load":
        book = perfeval.load(book_path)
    elif step == "grade":
        book = perfeval.load(book_path)
        gc.collect()
        load_peak = status("VmHWM")
        # Linux: writing 5 to clear_refs resets the peak (VmHWM) to the
        # current size, so the grading's own peak can be read apart.
        since = status("VmRSS")
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        grading = time.perf_counter()
        report = book.grade(actuals_path, budget=budget_path)
        assert report.complete, (report.missing, report.problems[:3])
        print(since, status("VmHWM"), time.perf_counter() - grading)
        print(base, max(load_peak, status("VmHWM")), time.perf_counter() - started)
    if step != "grade":
        print(base, peak(), time.perf_counter() - started)
""")


def write_book(path: Path, indicators: int) -> dict[str, str]:
    """Write a book of about ``indicators`` project indicators; returns the
    seed id each new indicator copies."""
    seed = SEED.read_text(encoding="utf-8")
    head, projects = seed.split("\nprojects:\n", 1)
    blocks = [b for b in projects.split("\n  - name: ")[1:]]
    per_copy = sum(b.count("\n      - group: ") for b in blocks)
    copies = max(1, round(indicators / per_copy))
    copied_from: dict[str, str] = {}
    with path.open("w", encoding="utf-8") as out:
        out.write(head.split("\ngoals:\n", 1)[0] + "\nprojects:\n")
        for n in range(copies):
            for block in blocks:
                name, rest = block.split("\n", 1)
                kept = [line for line in rest.rstrip().splitlines() if not line.startswith(_DROPPED)]
                out.write(f"  - name: {name}-{n}\n" + "\n".join(kept) + "\n")
                for line in rest.splitlines():
                    if line.startswith("        name: "):
                        indicator = line.removeprefix("        name: ").strip()
                        copied_from[f"{name}-{n}/{indicator}"] = f"{name}/{indicator}"
    return copied_from


def write_actuals(path: Path, copied_from: dict[str, str], size: int) -> None:
    with ACTUALS.open(encoding="utf-8") as f:
        seed_actuals = {row["id"]: row["actual"] for row in csv.DictReader(f)}
    rows = [(new, seed_actuals.get(old, "")) for new, old in copied_from.items()]
    written = sum(len(f"{i},{a},\n".encode()) for i, a in rows) + len(b"id,actual,note\n")
    pad = max(0, (size - written) // len(rows))
    note = ("备注" * (pad // 6 + 1)).encode()[: pad - pad % 3].decode()
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "actual", "note"])
        for new, actual in rows:
            writer.writerow([new, actual, note])


def write_budget(path: Path, copied_from: dict[str, str]) -> None:
    """Every copy of a project spends what the seed's project spent."""
    with (ROOT / "examples" / "budget-2023.csv").open(encoding="utf-8") as f:
        seed = {row["project"]: row for row in csv.DictReader(f)}
    projects = dict.fromkeys(new.split("/")[0] for new in copied_from)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["project", "budget", "executed"])
        for project in projects:
            row = seed[project.rsplit("-", 1)[0]]
            writer.writerow([project, row["budget"], row["executed"]])


def measure(step: str, book: Path, actuals: Path) -> list[tuple[int, float]]:
    """(peak bytes above the baseline, seconds) of the step; for grading,
    first the grading alone above the loaded book, then load and grade."""
    done = subprocess.run([sys.executable, "-c", _STEP, str(book), str(actuals),
                           str(actuals.with_name("budget.csv")), step], capture_output=True,
                          text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"{step} failed:\n{done.stderr}")
    lines = [line.split() for line in done.stdout.splitlines()]
    return [(int(peak) - int(base), float(seconds)) for base, peak, seconds in lines]


def main(indicators: int = 100_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book, actuals = Path(folder) / "book.yaml", Path(folder) / "actuals.csv"
        copied_from = write_book(book, indicators)
        write_actuals(actuals, copied_from, 16 * MIB)
        write_budget(actuals.with_name("budget.csv"), copied_from)
        book_size, actuals_size = book.stat().st_size, actuals.stat().st_size
        print(f"book: {len(copied_from):,} indicators, {book_size / MIB:.1f} MiB; "
              f"actuals: {actuals_size / MIB:.1f} MiB")
        for step, size, labels in (("compose", book_size, ["yaml.compose alone"]),
                                   ("load", book_size, ["perfeval.load"]),
                                   ("grade", actuals_size, ["Book.grade", "load + grade"])):
            for label, (used, seconds) in zip(labels, measure(step, book, actuals), strict=True):
                above = "the loaded book" if label == "Book.grade" else "the baseline"
                what = "book" if step != "grade" else "actuals file"
                print(f"{label:18s} peak {used / MIB:5.0f} MiB above {above:15s} = {used / size:5.1f}× "
                      f"the {what}, {seconds:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
