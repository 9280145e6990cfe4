"""The batch path in bulk (issue 12): numpy and exact scaled integers give,
row for row, what the pure-Python batch path and the per-row API give.

Ladders place values by rules §3 and read them by rules §2; these tests do
not restate the rules, they hold the bulk path to the paths that do.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfeval
from perfeval import grade_many
from perfeval.evaluate import Ladder
from perfeval.grading import vectorised
from perfeval.io.frames import grade_frame
from strategies import books

ROOT = Path(__file__).resolve().parent.parent
SEED = perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml")
FIELDS = ("status", "grade", "achieved", "ratio", "weight", "points", "flags")

MIXED = perfeval.loads("""
perfeval: 1
department: {code: "1", name: 局}
year: 2023
activities:
  - code: A
    name: 单位
    indicators:
      - {name: 费用, ladder: {优: ≤31.9万元, 良: ≤35万元, 中: ≤40万元, 差: ">40万元"}}
      - {name: 人数, ladder: {优: ≥1200人, 良: ≥1000人, 中: ≥800人, 差: <800人}}
      - {name: 到位率, ladder: {优: 100%, 良: ≥90%, 中: ≥80%, 差: <80%}}
      - {name: 面积, ladder: {优: ≥2.5万亩, 良: ≥2万亩, 中: ≥1.5万亩, 差: <1.5万亩}}
      - {name: 用时, ladder: {优: ≤14399999999999998560.00000000000014分钟, 良: ≤20000000000000000000分钟,
                              中: ≤30000000000000000000分钟, 差: ">30000000000000000000分钟"}}
""")

# Values as spreadsheets and DataFrames hold them, on and beside the seed's thresholds,
# with every type a cell can have (True, 1 and Decimal("1") are equal to Python, not to perfeval).
TEXTS = ["96.5%", "96.5", "100%", "100", "90%", "89.99%", "80%", "79.999%", "0.9", "1,200人", "283500元", "0.72亿元",
         "7000万元", "6999.99万元", "30万元", "30.01万元", "25次", "24次", "800人", "8000人", "2.0%", "2.01%", "及时",
         "延期5天", "/", "无", "达成", "部分达成", "未知的词", "", " ", "12月", "2023-12-31", "≥95%", "约95%", "９６％",
         "1" * 20 + ".5", "0.000001%", "严格落实相关政策", "是", "否", ">95%", "≤87.5%",
         "完成", "已完成", "延期3个月以上", "９７.５３％", " 1,200 人", "1 200人", "96.5\t%", "\u3000８８%", "28.8萬元",
         "１,２００人"]
def _on_ends(indicator) -> list[str]:
    """A ladder's interval ends written in its unit, and a hair either side: where a misplaced end shows."""
    ladder = indicator.evaluator
    if not isinstance(ladder, Ladder) or ladder.axis is None:
        return []
    unit = ladder.axis.unit
    texts = {band.text for band in ladder.bands}  # a band's own text repeated takes that band (rules §3)
    for end in ladder.cuts.ends:
        value = end if unit is None else end / unit.factor
        for x in (value, value + Decimal("0.01"), value - Decimal("0.01")):
            texts.add(f"{x.normalize():f}{'' if unit is None else unit.symbol}")
    return sorted(texts)


ON_ENDS = {i.id: _on_ends(i) for i in SEED.indicators}
OTHERS = [None, float("nan"), pd.NA, 96.5, 95, 100, Decimal("95.0"), Decimal("100"), True, 1, Decimal("1"), 0.9,
          10**30, Decimal("1E+5")]
VALUES = st.one_of(st.sampled_from(TEXTS), st.sampled_from(OTHERS),
                   st.decimals(min_value=0, max_value=200, places=3, allow_nan=False).map(lambda d: f"{d}%"),
                   st.integers(0, 10_000).map(str))


@pytest.fixture(params=["arrow", "one by one"], autouse=True)
def engine(request, monkeypatch):
    """Every test twice: plain numbers read with Arrow's string functions, and without pyarrow."""
    if request.param == "one by one":
        monkeypatch.setattr(vectorised, "pc", None)
    return request.param


def _same(frame: pd.DataFrame, rows: list) -> None:
    """The bulk frame's rows are the pure batch's rows, field by field."""
    assert len(frame) == len(rows)
    for i, row in enumerate(rows):
        got = {f: frame[f].iloc[i] for f in FIELDS}
        got = {f: None if v is pd.NA or (not isinstance(v, str) and pd.isna(v)) else v for f, v in got.items()}
        expected = {f: getattr(row, f) for f in FIELDS}
        expected["flags"] = ";".join(row.flags)
        assert got == expected, (i, row.id, row.actual)


def _pure(book, df, note_col=None):
    notes = df[note_col] if note_col else [None] * len(df)
    records = []
    for i, a, n in zip(df["id"], df["actual"], notes, strict=True):
        missing = a is None or a is pd.NA or (isinstance(a, float) and a != a)
        records.append(("b", i, None if missing else a, None if n is None or n is pd.NA or n != n else n))
    return list(grade_many({"b": book}, records))


@st.composite
def seed_rows(draw):
    """An id of the seed (or none), and a value: often one on or beside that indicator's own ends."""
    indicator_id = draw(st.sampled_from([*(i.id for i in SEED.indicators), "nope/不存在"]))
    own = ON_ENDS.get(indicator_id)
    value = draw(st.sampled_from(own) if own and draw(st.booleans()) else VALUES)
    return indicator_id, value, draw(st.sampled_from([None, "", "原因：资金晚到", float("nan")]))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(seed_rows(), min_size=1, max_size=60))
def test_the_seed_in_bulk_gives_the_pure_batch_rows(rows):
    df = pd.DataFrame(rows, columns=["id", "actual", "note"])
    _same(grade_frame(SEED, df, note_col="note"), _pure(SEED, df, "note"))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(books(valid=True), st.data())
def test_any_book_in_bulk_gives_the_pure_batch_rows(text, data):
    try:
        book = perfeval.loads(text)
    except perfeval.BookError:
        return
    ids = [i.id for i in book.indicators] or ["x/y"]
    rows = data.draw(st.lists(st.tuples(st.sampled_from(ids), VALUES), min_size=1, max_size=40))
    df = pd.DataFrame(rows, columns=["id", "actual"])
    _same(grade_frame(book, df), _pure(book, df))


def test_a_unit_converted_value_on_a_threshold_is_graded_exactly():
    """319000元 on a 万元 ladder is 31.9万元 exactly, so it meets ≤31.9万元 (a
    float shortcut, 319000 × 1e-4, gives 31.900000000000002 and misses it)."""
    df = pd.DataFrame({"id": ["A/费用"] * 4, "actual": ["319000元", "319000.01元", "0.00319亿元", "35万元"]})
    assert list(grade_frame(MIXED, df)["grade"]) == ["优", "良", "优", "良"]


def test_values_too_wide_for_int64_are_compared_as_decimals(monkeypatch):
    """Twenty digits do not fit in 64 bits: the ladder's values are then
    compared as exact Decimals, and still agree."""
    used = []
    real = vectorised._in_scale

    def in_scale(coefficients, places, scale):
        found = real(coefficients, places, scale)
        used.append(found.dtype)
        return found

    monkeypatch.setattr(vectorised, "_in_scale", in_scale)
    df = pd.DataFrame({"id": ["0101/社会保险补贴到位率"] * 3, "actual": ["1" * 20 + "%", "89.99%", "90.000000000000000001%"]})
    frame = grade_frame(SEED, df)
    assert np.dtype(object) in used
    assert list(frame["grade"]) == ["优", "中", "良"]
    _same(frame, _pure(SEED, df))


def test_each_distinct_actual_is_read_once_per_axis(monkeypatch, engine):
    calls = []
    real = perfeval.evaluate.actuals.Axis._read
    monkeypatch.setattr(perfeval.evaluate.actuals.Axis, "_read",
                        lambda self, given: calls.append((self, given)) or real(self, given))
    ladders = [i.id for i in SEED.indicators if i.kind == "ladder" and i.ladder[0][1].endswith("%")]
    assert len(ladders) >= 3
    # Approximate values take the long way (约 is flagged); plain ones are turned into digits, never read.
    n = len(engine)  # texts read nowhere else, this engine's own: no axis remembers them
    texts = [f"约91.25{n}%", f"约99.125{n}%", f"约70.500{n}%", "91.2502%"]
    df = pd.DataFrame({"id": ladders * 1000, "actual": (texts * len(ladders) * 1000)[: len(ladders) * 1000]})
    frame = grade_frame(SEED, df)
    assert (frame["status"] == "graded").all()
    axes = {SEED.indicator(i).evaluator.axis for i in ladders}
    assert len(calls) == len(set(calls)) and 3 <= len(calls) <= 3 * len(axes)
    assert not any(given == "91.2502%" for _, given in calls)
    _same(frame.iloc[:40], _pure(SEED, df.iloc[:40]))


def test_the_columns_are_typed_and_exact():
    df = pd.DataFrame({"id": ["0101/社会保险补贴到位率"] * 2, "actual": ["92%", "75%"]})
    frame = grade_frame(SEED, df)
    assert frame["grade"].cat.ordered and str(frame["achieved"].dtype) == "boolean"
    assert all(isinstance(p, Decimal) for p in frame["points"]) and frame["points"].dtype == np.dtype(object)


def test_every_end_of_every_seed_ladder_and_beside_it_gives_the_pure_batch_rows():
    """Where a misplaced end would show: each ladder's ends in its own unit, and ±0.01."""
    rows = [(i, text) for i, texts in ON_ENDS.items() for text in texts]
    assert len(rows) > 500
    df = pd.DataFrame(rows, columns=["id", "actual"])
    _same(grade_frame(SEED, df), _pure(SEED, df))


def test_a_missing_id_is_an_unknown_id_as_in_the_pure_path():
    df = pd.DataFrame({"id": [None, "0101/社会保险补贴到位率", float("nan"), pd.NA], "actual": ["92%"] * 4})
    frame = grade_frame(SEED, df)
    assert list(frame["status"]) == ["unknown-id", "graded", "unknown-id", "unknown-id"]
    _same(frame, _pure(SEED, df))


def test_bare_fractions_on_a_share_are_flagged_in_bulk_as_row_by_row():
    """rules §2: a bare 0 < x ≤ 1 against a % definition is read as that many
    per cent and flagged, in bulk as in the per-row path."""
    values = ["0", "0.5", "1", "1.0", "1.00001", "2", "01", "1,000"]
    df = pd.DataFrame({"id": ["0101/社会保险补贴到位率"] * len(values), "actual": values})
    frame = grade_frame(SEED, df)
    assert list(frame["flags"]) == ["", "suspicious-fraction", "suspicious-fraction", "suspicious-fraction", "", "",
                                    "suspicious-fraction", ""]
    _same(frame, _pure(SEED, df))


UNITS = ["", "%", "元", "万元", "亿元", "千元", "人", "名", "人次", "万人", "亩", "万亩", "公顷", "万", "个", " %", " 元", "天",
         "分钟", "周"]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([i.id for i in MIXED.indicators]),
                          st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False).map(str),
                          st.sampled_from(UNITS), st.sampled_from(["", " ", "  "])), min_size=1, max_size=50))
def test_numbers_in_any_unit_in_bulk_give_the_pure_batch_rows(rows):
    """rules §2: a number in another unit of the axis' dimension converts
    (`unit-converted`, or `counted-as` for 名 on a 人 axis); another dimension
    is an error.  In bulk as row by row, flags and all."""
    df = pd.DataFrame([(i, pad + n + u) for i, n, u, pad in rows], columns=["id", "actual"])
    _same(grade_frame(MIXED, df), _pure(MIXED, df))


def test_converted_and_counted_units_are_flagged_in_bulk():
    df = pd.DataFrame({"id": ["A/费用", "A/费用", "A/人数", "A/人数", "A/费用"],
                       "actual": ["319000元", "31.9 万元", "1200名", "1,200人", "5%"]})
    frame = grade_frame(MIXED, df)
    assert list(frame["flags"]) == ["unit-converted", "", "counted-as", "", "unit-mismatch"]
    _same(frame, _pure(MIXED, df))


def test_a_number_too_long_for_int64_with_its_factor_is_read_the_long_way_by_both_engines():
    """Found on review: 32 digits times 1440 (天 in minutes) needs more than
    34 digits; both engines now leave such a number to the axis, as the
    per-row path reads it."""
    df = pd.DataFrame({"id": ["A/用时"] * 3, "actual": ["9999999999999999.0000000000000001天", "1天", "12345678天"]})
    _same(grade_frame(MIXED, df), _pure(MIXED, df))


def test_the_bulk_path_ignores_the_callers_decimal_context():
    """perfeval computes in its own context: a caller's two digits that trap
    every rounding change nothing, cuts and all (a fresh book cuts afresh)."""
    import decimal

    df = pd.read_csv(ROOT / "examples" / "actuals-2023.csv", dtype=str, keep_default_na=False)
    expected = grade_frame(SEED, df)
    fresh = perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml")
    with decimal.localcontext() as hostile:
        hostile.prec = 2
        hostile.traps[decimal.Inexact] = hostile.traps[decimal.Rounded] = True
        graded = grade_frame(fresh, df)
    assert graded.equals(expected)


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]", "string[python]", "object"])
def test_a_text_column_of_any_string_dtype_grades_alike(dtype):
    """Arrow's own text is taken by index, with no copy into Python; any
    other string column is built into Arrow text first: the rows are the same."""
    rows = [(i, text) for i, texts in ON_ENDS.items() for text in texts]
    rows += [(i, odd) for i in ON_ENDS for odd in ("９７.５３％", " 96.5 %", "1,200", "", "待核实")]
    df = pd.DataFrame(rows, columns=["id", "actual"]).astype({"id": dtype, "actual": dtype})
    _same(grade_frame(SEED, df), _pure(SEED, df))


def test_numpy_numbers_grade_alike_in_every_path():
    """A DataFrame's rows hand out numpy scalars (`itertuples`, `.iloc`):
    the per-row and batch paths read them as the numbers they are, as
    `grade_frame` reads the column (issue 12: the same results, row for row)."""
    ids = ["0101/社会保险补贴到位率"] * 4
    df = pd.DataFrame({"id": ids, "actual": pd.array([95, 100, 79, None], dtype="Int64")})
    frame = grade_frame(SEED, df)
    numpy_rows = [("b", i, None if a is pd.NA else np.int64(a)) for i, a in zip(df["id"], df["actual"], strict=True)]
    _same(frame, list(grade_many({"b": SEED}, numpy_rows)))
    assert list(frame["grade"].astype(object).where(frame["grade"].notna(), None)) == ["良", "优", "差", None]
    ladder = SEED.indicator(ids[0]).evaluator
    assert ladder.grade(np.int64(95)).grade == ladder.grade(np.float32(95.0)).grade == ladder.grade(95).grade
