"""Benchmark: grade a province (issue 12, item 7): seven paths on one seeded workload, each checked against an oracle.

Run by hand (never in the test suite):

    python bench/bench_province.py                  # 2,000 ladders, 1,000,000 actuals: several minutes
    python bench/bench_province.py --small          # 200 ladders, 50,000 actuals: a quick run
    python bench/bench_province.py --rounds 3       # each path three times, interleaved; the best time counts
    python bench/bench_province.py --paths cdef     # some paths only
    python bench/bench_province.py --keep /tmp/p    # keep the book and the CSV (bench/province_workload.py)

``province_workload.py`` generates the book (one YAML file of ladders) and
the actuals (a CSV of ``id,actual``) from a seed, with an exact oracle
computed from the structured definitions, never from the strings.  Each
path then runs in a subprocess of its own, so that its peak resident
memory is its own (``VmHWM`` on Linux: a child's ``ru_maxrss`` would start
at the driver's size; the CLI's ``ru_maxrss``, from a small worker that
waits for it), and is timed end to end from the CSV on disk to a list or
array of results:

- (a) naive:    the csv module and a regex parse of the ladder and the actual per row (``province_baselines``);
- (b) pandas:   ``pd.read_csv`` and the same per-row function through ``DataFrame.apply(axis=1, raw=True)``;
- (c) numpy:    hand-written numpy, thresholds compiled once, each distinct string parsed once, exact integers;
- (d) per-row:  ``book.indicator(id).evaluator.grade(actual).grade`` over ``csv.reader`` rows;
- (e) batch:    ``perfeval.grade_many({key: book}, rows)`` over ``csv.reader`` rows, pure Python;
- (f) frame:    ``pd.read_csv(path, dtype=str, keep_default_na=False)``, then ``grade_frame(book, df)``;
- (g) CLI:      ``perfeval grade-many BOOK ACTUALS.csv -o OUT.csv --no-progress``; OUT.csv is read back untimed.

Loading the book (``perfeval.load``, or reading the YAML for the
baselines) is setup, outside the timed region, and reported apart; the CLI
(g) loads it inside its time, as a command must.  Every perfeval path must
agree with the oracle on every row (status and grade); the baselines'
agreement is reported as a share.  The script prints a table, the issue's
targets with ✓/✗, and the first disagreements, and exits with 1 when a
perfeval path disagrees with the oracle (or fails), else 0.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import province_workload as workload_module  # noqa: E402
from province_workload import GRADES, code, decode  # noqa: E402

PATHS = {
    "a": "naive regex loop",
    "b": "pandas row-wise apply",
    "c": "hand-written numpy",
    "d": "perfeval per-row API",
    "e": "perfeval grade_many",
    "f": "perfeval grade_frame",
    "g": "perfeval grade-many CLI",
}
PERFEVAL_PATHS = "defg"
KEY = "province"


def _maxrss_kib(usage: Any) -> int:
    """ru_maxrss in KiB (Linux reports KiB, macOS bytes)."""
    return usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss


def _own_peak_kib() -> int:
    """This process's peak resident memory.  On Linux, VmHWM: ru_maxrss starts a
    child at its parent's resident size (the driver holds the whole workload),
    while VmHWM belongs to the process's own memory since its exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return _maxrss_kib(resource.getrusage(resource.RUSAGE_SELF))


# --- the worker: one path, in a process of its own ------------------------------------------------

def _read_csv(path: Path, engine: str | None) -> Any:
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False, **({"engine": engine} if engine else {}))


def _setup(path: str, book: Path, engine: str | None) -> Any:
    """What each path prepares before the clock starts: its imports and the book."""
    if path in "abc":
        import province_baselines as baselines

        if path in "bc":
            import numpy  # noqa: F401
            import pandas
        ladders = baselines.read_ladders(book)
        return baselines.Compiled(ladders) if path == "c" else ladders
    import perfeval

    if path == "f":
        import pandas  # noqa: F401

        import perfeval.io.frames
    return perfeval.load(book)


def _run(path: str, book: Path, actuals: Path, prepared: Any, engine: str | None) -> Any:
    """The timed region: from the CSV on disk to a list or array of results."""
    if path == "a":
        import province_baselines as baselines

        return baselines.naive_loop(book, actuals, prepared)
    if path == "b":
        import province_baselines as baselines

        return baselines.pandas_apply(book, actuals, prepared, engine)
    if path == "c":
        import province_baselines as baselines

        return baselines.numpy_grade(book, actuals, prepared, engine)
    import perfeval

    if path == "d":
        return per_row(prepared, actuals)
    if path == "e":
        with actuals.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            return list(perfeval.grade_many({KEY: prepared}, ((KEY, i, a) for i, a in reader)))
    from perfeval.io.frames import grade_frame

    return grade_frame(prepared, _read_csv(actuals, engine), id_col="id", actual_col="actual")


def per_row(book: Any, actuals: Path) -> list[tuple[str, str | None]]:
    """(d) as a user writes it: a blank is missing, an unreadable actual an error."""
    from perfeval.errors import DefinitionError, NotationError

    out: list[tuple[str, str | None]] = []
    with actuals.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for indicator_id, actual in reader:
            if not actual.strip():
                out.append(("missing", None))
                continue
            try:
                graded = book.indicator(indicator_id).evaluator.grade(actual)
            except KeyError:
                out.append(("unknown-id", None))
            except (NotationError, DefinitionError):
                out.append(("error", None))
            else:
                out.append(("not-applicable", None) if graded.grade is None else ("graded", graded.grade))
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None  # NaN, None: no grade


def encode(path: str, result: Any) -> bytes:
    """The results as one byte per row (status * 8 + grade), outside the timed region."""
    if path in "ad":
        return bytes(code(s, g) for s, g in result)
    if path == "b":  # one label per row: its grade, or else its status
        return bytes(code("graded", x) if x in GRADES else code(x, None) for x in result)
    if path == "c":
        status, grade = result
        return (status.astype("uint8") * 8 + grade.astype("uint8")).tobytes()
    if path == "e":
        return bytes(code(r.status, r.grade) for r in result)
    status = result["status"].astype(object)
    grade = result["grade"].astype(object)
    return bytes(code(s, _text(g)) for s, g in zip(status, grade, strict=True))


def worker(path: str, folder: Path, engine: str | None) -> None:
    if path == "g":
        print(json.dumps(run_cli(folder)))
        return
    book, actuals = folder / "book.yaml", folder / "actuals.csv"
    started = time.perf_counter()
    prepared = _setup(path, book, engine)
    setup = time.perf_counter() - started
    before = _own_peak_kib()
    started = time.perf_counter()
    result = _run(path, book, actuals, prepared, engine)
    seconds = time.perf_counter() - started
    peak = _own_peak_kib()
    (folder / f"result-{path}.bin").write_bytes(encode(path, result))
    print(json.dumps({"seconds": seconds, "setup": setup, "peak_kib": peak, "setup_peak_kib": before}))


# --- the CLI path (g), and the driver -------------------------------------------------------------

def run_cli(folder: Path) -> dict[str, Any]:
    """(g): the command, timed from start to exit; its own peak memory from wait4.
    Run from a small worker process, so that the command's ru_maxrss does not
    start at the driver's size."""
    out = folder / "out.csv"
    command = [sys.executable, "-m", "perfeval", "grade-many", str(folder / "book.yaml"),
               str(folder / "actuals.csv"), "-o", str(out), "--no-progress"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):  # 1: some rows are in error, as the workload means them to be
        raise RuntimeError(f"perfeval grade-many exited with {child.returncode}: {stderr.decode()[-2000:]}")
    with out.open(encoding="utf-8-sig", newline="") as f:
        codes = bytes(code(r["status"], r["grade"] or None) for r in csv.DictReader(f))
    (folder / "result-g.bin").write_bytes(codes)
    return {"seconds": seconds, "setup": 0.0, "peak_kib": _maxrss_kib(usage), "setup_peak_kib": None}


def run_path(path: str, folder: Path, engine: str | None) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", path, "--dir", str(folder)]
    if engine:
        command += ["--engine", engine]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"path {path} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def disagreements(work: workload_module.Workload, oracle: bytes, got: bytes) -> list[int]:
    if len(got) != len(oracle):
        return list(range(min(len(got), len(oracle)), max(len(got), len(oracle))))
    if got == oracle:
        return []
    return [i for i, (a, b) in enumerate(zip(oracle, got, strict=True)) if a != b]


# The rule each kind of actual exercises, for the summary of disagreements.
RULES = {
    "bandtext": "rules §3: an actual that repeats a band's own text exactly takes that band",
    "done": "rules §2 (deadlines): 完成/已完成 against a deadline or a delay is on time",
    "ontime": "rules §2 (delays): 及时/按时完成/按期完成 are a delay of 0",
    "threshold": "rules §2-3: 以上/以下/以内 include the number, ranges both ends, the better band a shared end",
    "wrong-unit": "rules §2: units convert inside one dimension only; 人 and 人次 never compare",
    "named": "rules §2: 名 counts people and is accepted against 人",
    "other-word": "rules §3: on a ladder of words, a word it does not list is an error",
    "converted": "rules §2: an actual with its own unit is converted inside its dimension",
    "wan": "rules §2: a bare 万 on a money indicator means 万元",
    "months": "rules §2 (delays): a ladder that mixes months with days counts a month as 30 days",
}


def describe(work: workload_module.Workload, oracle: bytes, got: bytes, rows: list[int], show: int) -> list[str]:
    """The first disagreements, then their count by how the actual was written and the ladder's form."""
    lines = []
    for i in rows[:show]:
        if i >= len(oracle) or i >= len(got):
            lines.append(f"    row {i + 1}: missing from the result ({len(got):,} rows, {len(oracle):,} expected)")
            continue
        e = work.rows[i]
        actual, ladder = work.entries[e], work.ladders[work.entry_ladder[e]]
        lines.append(f"    row {i + 1} (CSV line {i + 2}) {ladder.id}: ladder {' / '.join(ladder.texts)}, "
                     f"actual {actual.text!r} ({actual.label}): expected {decode(oracle[i])}, got {decode(got[i])}")
    kinds: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for i in rows:
        if i < len(oracle) and i < len(got):
            e = work.rows[i]
            kinds[(work.entries[e].label, work.ladders[work.entry_ladder[e]].template, decode(got[i])[0])] += 1
    for (label, template, status), n in kinds.most_common(12):
        rule = f" ({RULES[label]})" if label in RULES else ""
        lines.append(f"    {n:>9,} rows: actual {label}, ladder {template}, got {status}{rule}")
    return lines


def _git() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], capture_output=True, text=True,
                               cwd=ROOT, check=True).stdout.strip()
        return head + (" with src/ changed" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _versions() -> str:
    parts = [f"Python {platform.python_version()}"]
    for name in ("numpy", "pandas", "pyarrow"):
        try:
            module = __import__(name)
            parts.append(f"{name} {module.__version__}")
        except ImportError:
            parts.append(f"no {name}")
    return ", ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    workload_module.add_arguments(parser)
    parser.add_argument("--paths", default="abcdefg", help="which paths to run (default abcdefg)")
    parser.add_argument("--rounds", type=int, default=1, help="run every path this many times, interleaved, and "
                        "keep each path's best time (default 1)")
    parser.add_argument("--keep", type=Path, help="write the workload into this folder and keep it")
    parser.add_argument("--engine", choices=["c", "pyarrow"], help="pd.read_csv's engine for (b), (c) and (f) "
                        "(default: pandas' own default)")
    parser.add_argument("--show", type=int, default=10, help="disagreements to print per path (default 10)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.dir, args.engine)
        return 0
    paths = "".join(p for p in "abcdefg" if p in args.paths)
    n_ladders, n_rows = workload_module.sizes(args)
    with tempfile.TemporaryDirectory(prefix="bench-province-") as scratch:
        folder = args.keep or Path(scratch)
        return drive(args, paths, folder, n_ladders, n_rows)


def drive(args: argparse.Namespace, paths: str, folder: Path, n_ladders: int, n_rows: int) -> int:
    started = time.perf_counter()
    work = workload_module.generate(args.seed, n_ladders, n_rows)
    workload_module.write(work, folder)
    oracle = work.row_codes()
    stats = work.stats()
    print(f"bench_province: {datetime.date.today()}, {platform.machine()} with {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; {_versions()}; perfeval at {_git()}")
    kinds = ", ".join(f"{k} {v}" for k, v in stats["kinds"].items())
    size = (folder / "actuals.csv").stat().st_size / 2**20
    print(f"workload (seed {args.seed}): {n_ladders:,} ladders ({kinds}), {n_rows:,} actuals, "
          f"{stats['distinct_strings']:,} distinct strings, {stats['distinct_pairs']:,} distinct "
          f"(ladder, actual) pairs, {stats['on_threshold']:.1%} on a threshold; CSV {size:.1f} MiB; "
          f"generated in {time.perf_counter() - started:.1f} s")
    print("oracle: " + ", ".join(f"{k} {v:,}" for k, v in stats["statuses"].items()), flush=True)
    results: dict[str, dict[str, Any]] = {}
    codes: dict[str, bytes] = {}
    failed: dict[str, str] = {}
    for round_ in range(args.rounds):
        for p in paths:
            if p in failed:
                continue
            try:
                measured = run_path(p, folder, args.engine)
            except RuntimeError as error:
                failed[p] = str(error)
                print(f"  ({p}) FAILED: {str(error).splitlines()[0]}", flush=True)
                continue
            got = (folder / f"result-{p}.bin").read_bytes()
            if p not in codes:
                codes[p] = got
            elif got != codes[p]:
                failed[p] = "gave different results in another round"
            best = results.get(p)
            if best is None or measured["seconds"] < best["seconds"]:  # the best time; the highest peak
                results[p] = {**measured, "peak_kib": max(measured["peak_kib"], (best or measured)["peak_kib"]),
                              "setup_peak_kib": (best or measured)["setup_peak_kib"]}
            print(f"  round {round_ + 1}: ({p}) {PATHS[p]:24s} {measured['seconds']:8.2f} s", flush=True)
    return report(args, work, oracle, paths, results, codes, failed)


def report(args: argparse.Namespace, work: workload_module.Workload, oracle: bytes, paths: str,
           results: dict[str, dict[str, Any]], codes: dict[str, bytes], failed: dict[str, str]) -> int:
    n = len(oracle)
    seconds = {p: r["seconds"] for p, r in results.items()}
    wrong = {p: disagreements(work, oracle, codes[p]) for p in codes}
    print()
    print(f"{'path':30s} {'seconds':>8s} {'rows/s':>11s} {'× (a)':>7s} {'÷ (c)':>7s} {'peak MiB':>9s} "
          f"{'+ MiB':>6s} {'setup s':>8s} {'agrees with oracle':>19s}")
    for p in paths:
        if p not in results:
            print(f"({p}) {PATHS[p]:26s} failed: {failed.get(p, '')[:60]}")
            continue
        r = results[p]
        vs_a = f"{seconds['a'] / r['seconds']:6.1f}×" if "a" in seconds else "      -"
        vs_c = f"{r['seconds'] / seconds['c']:6.2f}×" if "c" in seconds else "      -"
        agree = 1 - len(wrong[p]) / n
        grown = "     -" if r["setup_peak_kib"] is None else f"{(r['peak_kib'] - r['setup_peak_kib']) / 1024:6.0f}"
        print(f"({p}) {PATHS[p]:26s} {r['seconds']:8.2f} {n / r['seconds']:11,.0f} {vs_a} {vs_c} "
              f"{r['peak_kib'] / 1024:9.0f} {grown} {r['setup']:8.2f} {agree:18.4%}{'' if not wrong[p] else ' ✗'}")
    print("× (a): times faster than the naive loop; ÷ (c): time over the hand-written numpy's; peak MiB: the "
          "process's peak resident memory (VmHWM; the CLI's ru_maxrss), imports and book included; + MiB: what "
          "the timed region added to the peak; setup: reading or loading the book, untimed (perfeval.load for "
          "d-f; the CLI (g) loads it inside its time)")
    print()
    print("targets (issue 12):")
    checks: list[tuple[str, bool | None, str]] = []

    def ratio(x: str, y: str) -> float | None:
        return seconds[x] / seconds[y] if x in seconds and y in seconds else None

    fc, bf, ad, ac, ab = ratio("f", "c"), ratio("b", "f"), ratio("a", "d"), ratio("a", "c"), ratio("a", "b")
    checks.append(("(f) grade_frame takes at most 1.5× the hand-written numpy's time",
                   None if fc is None else fc <= 1.5, "" if fc is None else f"{fc:.2f}×"))
    checks.append(("(f) grade_frame at least 10× faster than pandas apply",
                   None if bf is None else bf >= 10, "" if bf is None else f"{bf:.1f}×"))
    checks.append(("(d) per-row API at least 5× faster than the naive loop",
                   None if ad is None else ad >= 5, "" if ad is None else f"{ad:.1f}×"))
    checks.append(("(c) hand-written numpy at least 15× faster than the naive loop",
                   None if ac is None else ac >= 15, "" if ac is None else f"{ac:.1f}×"))
    checks.append(("(b) pandas apply at least as fast as the naive loop",
                   None if ab is None else ab >= 1, "" if ab is None else f"{ab:.2f}×"))
    for p in PERFEVAL_PATHS:
        if p in paths:
            ok = p in codes and not wrong[p] and p not in failed
            checks.append((f"({p}) {PATHS[p]} agrees with the oracle on every row", ok,
                           f"{len(wrong.get(p, ())):,} rows differ" if p in codes else "failed"))
    for text, ok, value in checks:
        mark = "-" if ok is None else "✓" if ok else "✗"
        print(f"  {mark} {text}{': ' + value if value else ''}")
    batch = [p for p in "efg" if p in codes]
    if "d" in codes and batch:
        apart = {p: sum(1 for x, y in zip(codes["d"], codes[p], strict=False) if x != y) for p in batch}
        print("  rows where the batch paths differ from the per-row API (the issue requires none): "
              + ", ".join(f"({p}) {k:,}" for p, k in apart.items()))
    bad = False
    shown: dict[bytes, str] = {}
    for p in paths:
        if wrong.get(p):
            print(f"\n({p}) {PATHS[p]} disagrees with the oracle on {len(wrong[p]):,} rows"
                  f"{'' if p in PERFEVAL_PATHS else ' (a baseline: reported, not a failure)'}", end="")
            if codes[p] in shown:
                print(f": the same rows, with the same results, as ({shown[codes[p]]})")
            else:
                shown[codes[p]] = p
                print(":\n" + "\n".join(describe(work, oracle, codes[p], wrong[p], args.show)))
        if p in PERFEVAL_PATHS and (wrong.get(p) or p in failed):
            bad = True
    for p, why in failed.items():
        print(f"\n({p}) {PATHS[p]} failed: {why}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
