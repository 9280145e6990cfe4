"""Benchmark: ``grade_frame`` on Dask, 2 local worker processes, beside one process (issue 12, item 6).

Run by hand (never in the test suite), with the ``dask`` extra:

    python bench/bench_dask.py                 # the province workload: 2,000 ladders, 1,000,000 actuals
    python bench/bench_dask.py --rows 200000

It writes ``bench_province.py``'s seeded workload, grades it in one process
(``pd.read_csv`` then ``grade_frame``) and on a ``distributed.LocalCluster``
of 2 worker processes (``dd.read_csv`` then ``map_partitions(grade_frame,
book)``, the book scattered to every worker once), checks that the two give
the same rows, and prints each one's rows/s.  On 2 CPUs the cluster has
no spare core: what it shows is the overhead of shipping work, and that the
results are identical.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import province_workload  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--ladders", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()

    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    import perfeval
    from perfeval.io.frames import grade_frame

    with tempfile.TemporaryDirectory() as folder:
        book_file, actuals = province_workload.write(province_workload.generate(args.seed, args.ladders, args.rows),
                                                     Path(folder))
        book = perfeval.load(book_file)

        started = time.perf_counter()
        single = grade_frame(book, pd.read_csv(actuals, dtype=str, keep_default_na=False))
        one = time.perf_counter() - started

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            shipped = client.scatter(book, broadcast=True)
            started = time.perf_counter()
            frame = dd.read_csv(actuals, dtype=str, keep_default_na=False,
                                blocksize=max(1, actuals.stat().st_size // args.partitions))
            spread = frame.map_partitions(grade_frame, shipped, meta=single.iloc[:0]).compute()
            two = time.perf_counter() - started

    spread = spread.reset_index(drop=True)
    same = all(list(spread[c].astype(object).where(spread[c].notna(), None)) ==
               list(single[c].astype(object).where(single[c].notna(), None)) for c in single.columns)
    print(f"{args.rows:,} rows, {args.ladders:,} ladders, {args.partitions} partitions")
    print(f"one process      {one:6.2f} s = {args.rows / one:10,.0f} rows/s")
    print(f"2 Dask workers   {two:6.2f} s = {args.rows / two:10,.0f} rows/s")
    print(f"identical rows: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
