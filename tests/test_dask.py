"""grade_frame on Dask (issue 12, the ``dask`` extra): unchanged as a
``map_partitions`` function, on a local cluster of 2 worker processes, it
gives exactly what one process gives."""

from __future__ import annotations

from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import perfeval
from perfeval.io.frames import grade_frame

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as connected:
        yield connected


def test_two_workers_grade_as_one_process(client):
    book = perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml")
    actuals = pd.read_csv(ROOT / "examples" / "actuals-2023.csv", dtype=str, keep_default_na=False)
    actuals = pd.concat([actuals] * 10, ignore_index=True)
    single = grade_frame(book, actuals)
    spread = dd.from_pandas(actuals, npartitions=6).map_partitions(grade_frame, book, meta=single.iloc[:0])
    graded = spread.compute()
    assert len(client.scheduler_info()["workers"]) == 2
    assert list(graded.index) == list(single.index)
    for column in single.columns:
        assert [None if pd.isna(v) else v for v in graded[column]] == \
            [None if pd.isna(v) else v for v in single[column]], column


def test_either_order_grades_the_same():
    book = perfeval.load(ROOT / "examples" / "small.yaml")
    df = pd.DataFrame({"id": ["0101/社会保险补贴到位率"], "actual": ["92%"]})
    assert grade_frame(df, book).equals(grade_frame(book, df))
    with pytest.raises(TypeError):
        grade_frame(df, df)
