"""A seeded province-sized workload of ladders and actuals, and its exact oracle (issue 12, item 7).

Run by hand, or imported by ``bench_province.py``:

    python bench/province_workload.py -o /tmp/province            # 2,000 ladders, 1,000,000 actuals
    python bench/province_workload.py -o /tmp/province --small    # 200 ladders, 50,000 actuals
    python bench/province_workload.py -o /tmp/province --seed 7 --ladders 500 --rows 200000

The ladders are generated as structured definitions (kind, unit, direction
and, per band, an operator and exact ``Decimal`` thresholds), and only then
written out as the band texts a department publishes: ``100% / ≥90% / ≥80% /
<80%``, ``≤30万元 / ≤35万元 / ≤40万元 / >40万元``, ``是 / 基本达到 / 部分达到 / 否``,
``按期完成 / 延期1个月以内 / 延期3个月以内 / 延期3个月以上`` …  The actuals are
structured too (a number with the unit it is written in, a delay, a word, a
blank …) and are written the way spreadsheets hold them: ``96.5%``, ``96.5``,
``1,200人``, ``283500元`` against a 万元 ladder, ``0.72亿元``, ``及时``, blanks,
unknown words, values exactly on a threshold.

:func:`oracle` grades a structured actual against a structured ladder by the
rules (``../shared/domain/rules.md`` §2–3) and never parses a string: a
number is converted to the ladder's base unit by exact ``Decimal`` factors,
the bands are intervals built from the operators, the first band best first
that holds gives the grade, a value in a gap takes the next worse band, a
value worse than every band takes 差, and so on.

Files written: ``book.yaml`` (one book: activities of ten indicators each,
ids ``CODE/name``) and ``actuals.csv`` (columns ``id,actual``; one book, so
``perfeval grade-many`` needs no book column).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from array import array
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

D = Decimal
GRADES = ("优", "良", "中", "差")

# Result codes shared by every path: status * 8 + grade.
STATUSES = ("graded", "missing", "not-applicable", "error", "needs-judgement", "unknown-id", "unknown-book",
            "other")
GRADE_CODES = (None, "优", "良", "中", "差", "other")


def code(status: str, grade: str | None) -> int:
    """One byte for a row's (status, grade)."""
    s = STATUSES.index(status) if status in STATUSES else len(STATUSES) - 1
    g = GRADE_CODES.index(grade) if grade in GRADE_CODES else len(GRADE_CODES) - 1
    return s * 8 + g


def decode(c: int) -> tuple[str, str | None]:
    return STATUSES[c // 8], GRADE_CODES[c % 8]


# --- units, as the oracle knows them: (dimension, exact factor to the base) --------------------

MONEY = {"元": D(1), "万元": D(10000), "亿元": D(100000000)}
COUNTERS = ("人", "次", "个", "户", "人次")
NOT_APPLICABLE = ("/", "无", "不适用")
ON_TIME = ("及时", "按期完成", "按时完成")  # a delay of 0 (rules §2)
DONE = ("完成", "已完成")                    # against a delay: on time (rules §2, deadlines)
JUNK = ("待核实", "见附件", "暂未统计", "另行上报", "#DIV/0!", "#VALUE!", "详见说明", "数据未到")
CN = {1: "一", 2: "两", 3: "三", 4: "四"}


@dataclass(frozen=True)
class Band:
    """One band, structured: ``op`` is ≥ > ≤ < or None (a bare value: at least
    this in the ladder's direction); a range has ``high``; a word band has
    ``word``; ``text`` is how it is written."""

    text: str
    op: str | None = None
    value: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None   # the unit of value/high, None: the ladder's
    word: str | None = None


@dataclass(frozen=True)
class Ladder:
    id: str
    name: str
    kind: str            # percent, count, cost, range, words, delay
    unit: str | None     # the ladder's unit: %, 人 …, 元/万元/亿元, 天, 个月; None for words
    direction: str | None  # up, down; None for words
    bands: tuple[Band, ...]
    months_as_days: bool = False  # a delay ladder that mixes months with days (rules §2)
    declared_unit: bool = False   # the bands write no unit; the indicator's unit: says it
    template: str = ""

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.bands)

    def factor(self, unit: str | None) -> Decimal | None:
        """The exact factor from ``unit`` to this ladder's base unit; None if they do not convert."""
        if unit is None:
            unit = self.unit
        if self.kind == "delay":
            days = {"天": D(1), "周": D(7)}
            if self.unit == "个月" and not self.months_as_days:
                return D(1) if unit == "个月" else None
            if unit == "个月":
                return D(30) if self.months_as_days else None
            return days.get(unit)
        if self.unit in MONEY:
            if unit == "万":  # a bare 万 on a money ladder is 万元 (rules §2)
                unit = "万元"
            return MONEY.get(unit)
        if unit == self.unit:
            return D(1)
        if self.unit == "人" and unit == "名":  # 名 counts people (rules §2)
            return D(1)
        return None


@dataclass(frozen=True)
class Actual:
    """An actual, structured: ``kind`` is number, delay, ontime, done, word,
    na, blank, junk or bandtext; a number has ``value`` in ``unit`` (None:
    bare, it takes the ladder's unit); ``label`` says how it was written."""

    text: str
    kind: str
    label: str
    value: Decimal | None = None
    unit: str | None = None
    word: str | None = None
    band: int | None = None


# --- the oracle ----------------------------------------------------------------------------------

INF = None


def _interval(band: Band, ladder: Ladder) -> tuple[Decimal | None, bool, Decimal | None, bool]:
    """(low, low closed, high, high closed) in base units; None is infinite."""
    f = ladder.factor(band.unit)
    assert f is not None, (ladder.id, band)
    assert band.value is not None
    x = band.value * f
    if band.high is not None:
        return x, True, band.high * f, True        # a range includes both ends (rules §2)
    op = band.op or ("≥" if ladder.direction == "up" else "≤")  # a bare value: at least this (rules §3)
    return {"≥": (x, True, INF, False), ">": (x, False, INF, False),
            "≤": (INF, False, x, True), "<": (INF, False, x, False)}[op]


def _holds(iv: tuple, x: Decimal) -> bool:
    low, lc, high, hc = iv
    return (low is None or x > low or (x == low and lc)) and (high is None or x < high or (x == high and hc))


def _worse(iv: tuple, x: Decimal, up: bool) -> bool:
    """The whole interval lies on the worse side of x."""
    low, lc, high, hc = iv
    if up:
        return high is not None and (high < x or (high == x and not hc))
    return low is not None and (low > x or (low == x and not lc))


def grade_value(ladder: Ladder, x: Decimal) -> str:
    """The grade of a value in base units (rules §3): the first band, best first,
    that holds it; else, in a gap, the next band below the gap (the first band
    wholly worse than the value); worse than every band, the worst grade."""
    intervals = [_interval(b, ladder) for b in ladder.bands]
    up = ladder.direction == "up"
    for grade, iv in zip(GRADES, intervals, strict=False):
        if _holds(iv, x):
            return grade
    for grade, iv in zip(GRADES, intervals, strict=False):
        if _worse(iv, x, up):
            return grade
    return GRADES[-1]


def oracle(ladder: Ladder, actual: Actual) -> tuple[str, str | None]:
    """(status, grade) from the structured definitions, by rules §2–3."""
    if actual.kind == "blank":
        return "missing", None
    if actual.kind == "na":
        return "not-applicable", None
    if ladder.kind == "words":
        word = actual.word if actual.kind in ("word", "ontime", "done") else None
        if actual.kind == "bandtext":
            word = ladder.bands[actual.band].word
        for grade, band in zip(GRADES, ladder.bands, strict=False):
            if word is not None and band.word == word:
                return "graded", grade   # the first band with the word (duplicates: the better)
        return "error", None             # a word the ladder does not list (rules §3)
    if actual.kind == "bandtext":
        return "graded", GRADES[actual.band]  # an actual that repeats a band's own text takes it (rules §3)
    if actual.kind in ("ontime", "done"):
        if ladder.kind == "delay":
            return "graded", grade_value(ladder, D(0))
        return "error", None
    if actual.kind in ("number", "delay"):
        if (actual.kind == "delay") != (ladder.kind == "delay"):
            return "error", None
        f = ladder.factor(actual.unit)
        if f is None:
            return "error", None  # units that do not convert (人次 against 人): rejected (rules §2)
        assert actual.value is not None
        return "graded", grade_value(ladder, actual.value * f)
    return "error", None          # an unknown word against a number, or spreadsheet junk


# --- writing numbers -----------------------------------------------------------------------------

def plain(d: Decimal) -> str:
    """A Decimal as plain text, no exponent, no trailing zeros."""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def grouped(d: Decimal) -> str:
    """Thousands separators, as Excel shows them."""
    s = plain(d)
    whole, _, frac = s.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def fullwidth(s: str) -> str:
    return s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789%."}).replace("．", ".")


# --- ladders -------------------------------------------------------------------------------------

PERCENT_NAMES = ("社会保险补贴到位率", "资金拨付率", "培训合格率", "群众满意度", "政策知晓率", "任务完成率",
                 "就业困难人员帮扶率", "信息录入准确率", "档案规范率", "资金发放准确率", "按时办结率", "参保率")
COUNT_NAMES = {"人": ("培训人数", "新增就业人数", "帮扶人数"), "次": ("开展培训次数", "督导检查次数"),
               "个": ("新建服务站点个数", "示范项目个数"), "户": ("帮扶困难家庭户数", "走访企业户数"),
               "人次": ("职业指导人次", "服务人次")}
COST_NAMES = ("人均培训成本", "项目运行经费", "单位服务成本", "设备购置费用", "宣传印刷费用")
WORDS_NAMES = ("政策落实情况", "是否按规定执行", "制度建设情况", "工作开展情况")
DELAY_NAMES = ("资金拨付及时性", "项目完成时效", "信息报送及时性", "整改完成时限")


def _pct(rng: random.Random) -> tuple[Decimal, Decimal, Decimal]:
    """Three % thresholds, best first: (90, 80, 70) and the like, some with decimals (99.5%)."""
    top = rng.choice([D(100), D(98), D(95), D(95), D(90), D("99.5"), D("99.9"), D("97.5"), D(85)])
    if top >= 99:
        steps = rng.choice([(D("0.5"), D("1")), (D("1"), D("2")), (D("2"), D("5"))])
    else:
        steps = rng.choice([(D(5), D(10)), (D(3), D(5)), (D(10), D(20)), (D("2.5"), D(5))])
    a = top - steps[0]
    return top, a, a - steps[1]


def percent_ladder(rng: random.Random, lid: str, name: str) -> Ladder:
    t1, t2, t3 = _pct(rng)
    u = "%"
    form = rng.choices(["bare-top", "ge", "ge-range", "suffix", "prefix", "strict", "gap"],
                       [28, 30, 14, 10, 8, 8, 2])[0]
    w = plain
    if form == "gap":  # rules §1's real ladder with a gap: 100% / 80%-100% / 60%-80% / <50%
        t1, t2 = D(100), rng.choice([D(80), D(85)])
        t3, t4 = t2 - 20, t2 - 30
        bands = (Band(f"{w(t1)}%", None, t1, unit=u), Band(f"{w(t2)}%-{w(t1)}%", None, t2, t1, u),
                 Band(f"{w(t3)}%-{w(t2)}%", None, t3, t2, u), Band(f"<{w(t4)}%", "<", t4, unit=u))
    elif form == "bare-top":  # 100% / ≥90% / ≥80% / <80%
        t1 = D(100) if rng.random() < 0.7 else t1
        if t2 >= t1:
            t2, t3 = t1 - 5, t1 - 10
        bands = (Band(f"{w(t1)}%", None, t1, unit=u), Band(f"≥{w(t2)}%", "≥", t2, unit=u),
                 Band(f"≥{w(t3)}%", "≥", t3, unit=u), Band(f"<{w(t3)}%", "<", t3, unit=u))
    elif form == "ge":
        bands = (Band(f"≥{w(t1)}%", "≥", t1, unit=u), Band(f"≥{w(t2)}%", "≥", t2, unit=u),
                 Band(f"≥{w(t3)}%", "≥", t3, unit=u), Band(f"<{w(t3)}%", "<", t3, unit=u))
    elif form == "ge-range":  # ≥95% / 90%-95% / 85%-90% / <85%, the unit on one end or both
        one = rng.random() < 0.5
        bands = (Band(f"≥{w(t1)}%", "≥", t1, unit=u),
                 Band(f"{w(t2)}{'' if one else '%'}-{w(t1)}%", None, t2, t1, u),
                 Band(f"{w(t3)}%-{w(t2)}%", None, t3, t2, u), Band(f"<{w(t3)}%", "<", t3, unit=u))
    elif form == "suffix":  # 95%以上 / 90%以上 / 80%以上 / 80%以下: 以上 and 以下 include the number
        low = rng.choice([("以下", "≤"), ("以下", "≤"), ("", "<")])
        last = Band(f"{w(t3)}%以下", "≤", t3, unit=u) if low[0] else Band(f"低于{w(t3)}%", "<", t3, unit=u)
        bands = (Band(f"{w(t1)}%以上", "≥", t1, unit=u), Band(f"{w(t2)}%以上", "≥", t2, unit=u),
                 Band(f"{w(t3)}%以上", "≥", t3, unit=u), last)
    elif form == "prefix":
        bands = (Band(f"不低于{w(t1)}%", "≥", t1, unit=u), Band(f"不低于{w(t2)}%", "≥", t2, unit=u),
                 Band(f"不低于{w(t3)}%", "≥", t3, unit=u), Band(f"低于{w(t3)}%", "<", t3, unit=u))
    else:  # strict: >95% / >90% / >80% / ≤80%
        bands = (Band(f">{w(t1)}%", ">", t1, unit=u), Band(f">{w(t2)}%", ">", t2, unit=u),
                 Band(f">{w(t3)}%", ">", t3, unit=u), Band(f"≤{w(t3)}%", "≤", t3, unit=u))
    return Ladder(lid, name, "percent", u, "up", bands, template=f"percent:{form}")


def count_ladder(rng: random.Random, lid: str, name: str, unit: str) -> Ladder:
    form = rng.choices(["ge", "suffix", "prefix", "small", "unitless"], [45, 20, 15, 10, 10])[0]
    if form == "small":  # 3次 / 2次 / 1次 / 0次
        bands = tuple(Band(f"{n}{unit}", None, D(n), unit=unit) for n in (3, 2, 1, 0))
        return Ladder(lid, name, "count", unit, "up", bands, template="count:small")
    base = rng.choice([20, 50, 120, 300, 800, 1200, 2000, 5000, 12000, 30000, 80000, 150000])
    t1 = D(base + rng.randrange(base // 2 + 1))
    t2 = (t1 * D("0.9")).to_integral_value() if rng.random() < 0.5 else (t1 * D("0.8")).to_integral_value()
    t3 = (t2 * D("0.85")).to_integral_value()
    w = plain
    if form == "suffix":
        bands = (Band(f"{w(t1)}{unit}以上", "≥", t1, unit=unit), Band(f"{w(t2)}{unit}以上", "≥", t2, unit=unit),
                 Band(f"{w(t3)}{unit}以上", "≥", t3, unit=unit), Band(f"{w(t3)}{unit}以下", "≤", t3, unit=unit))
    elif form == "prefix":
        bands = (Band(f"不少于{w(t1)}{unit}", "≥", t1, unit=unit), Band(f"不少于{w(t2)}{unit}", "≥", t2, unit=unit),
                 Band(f"不少于{w(t3)}{unit}", "≥", t3, unit=unit), Band(f"少于{w(t3)}{unit}", "<", t3, unit=unit))
    elif form == "unitless":  # ≥500 / ≥480 / ≥460 / <460 with the indicator's unit: 人
        bands = (Band(f"≥{w(t1)}", "≥", t1), Band(f"≥{w(t2)}", "≥", t2), Band(f"≥{w(t3)}", "≥", t3),
                 Band(f"<{w(t3)}", "<", t3))
        return Ladder(lid, name, "count", unit, "up", bands, declared_unit=True, template="count:unitless")
    else:
        bands = (Band(f"≥{w(t1)}{unit}", "≥", t1, unit=unit), Band(f"≥{w(t2)}{unit}", "≥", t2, unit=unit),
                 Band(f"≥{w(t3)}{unit}", "≥", t3, unit=unit), Band(f"<{w(t3)}{unit}", "<", t3, unit=unit))
    return Ladder(lid, name, "count", unit, "up", bands, template=f"count:{form}")


def _cost_thresholds(rng: random.Random, unit: str) -> tuple[Decimal, Decimal, Decimal]:
    if unit == "元":
        t1 = D(rng.choice([800, 1500, 3000, 5000, 6000, 12000, 50000]))
    elif unit == "万元":
        t1 = rng.choice([D(30), D(12), D("8.5"), D(50), D(120), D(300), D(1500), D(6000)])
    else:
        t1 = rng.choice([D("1.2"), D("0.8"), D("2.5"), D(5)])
    step = t1 * rng.choice([D("0.1"), D("0.2"), D("0.25")])
    return t1, t1 + step, t1 + 2 * step


def cost_ladder(rng: random.Random, lid: str, name: str) -> Ladder:
    unit = rng.choices(["元", "万元", "亿元"], [30, 55, 15])[0]
    t1, t2, t3 = _cost_thresholds(rng, unit)
    form = rng.choices(["le", "within", "prefix"], [55, 25, 20])[0]
    w = plain
    if form == "within":  # 30万元以内 …: 以内 includes the number
        bands = (Band(f"{w(t1)}{unit}以内", "≤", t1, unit=unit), Band(f"{w(t2)}{unit}以内", "≤", t2, unit=unit),
                 Band(f"{w(t3)}{unit}以内", "≤", t3, unit=unit), Band(f"超过{w(t3)}{unit}", ">", t3, unit=unit))
    elif form == "prefix":
        bands = (Band(f"不超过{w(t1)}{unit}", "≤", t1, unit=unit), Band(f"不超过{w(t2)}{unit}", "≤", t2, unit=unit),
                 Band(f"不超过{w(t3)}{unit}", "≤", t3, unit=unit), Band(f"超过{w(t3)}{unit}", ">", t3, unit=unit))
    else:  # ≤30万元 / ≤35万元 / ≤40万元 / >40万元
        bands = (Band(f"≤{w(t1)}{unit}", "≤", t1, unit=unit), Band(f"≤{w(t2)}{unit}", "≤", t2, unit=unit),
                 Band(f"≤{w(t3)}{unit}", "≤", t3, unit=unit), Band(f">{w(t3)}{unit}", ">", t3, unit=unit))
    return Ladder(lid, name, "cost", unit, "down", bands, template=f"cost:{form}:{unit}")


def range_ladder(rng: random.Random, lid: str, name: str, form: str) -> Ladder:
    w = plain
    if form == "percent":  # 90%-100% / 80%-90% / 70%-80% / <70%
        t = rng.choice([(D(90), D(80), D(70)), (D(95), D(90), D(85)), (D(85), D(70), D(60))])
        bands = (Band(f"{w(t[0])}%-100%", None, t[0], D(100), "%"),
                 Band(f"{w(t[1])}-{w(t[0])}%", None, t[1], t[0], "%"),
                 Band(f"{w(t[2])}%-{w(t[1])}%", None, t[2], t[1], "%"), Band(f"<{w(t[2])}%", "<", t[2], unit="%"))
        return Ladder(lid, name, "range", "%", "up", bands, template="range:percent")
    if form == "count":  # 400人以上 / 360-400人 / 320-360人 / 320以下 (rules §1)
        t1 = D(rng.choice([40, 100, 400, 1000, 2500]))
        t2, t3 = t1 * D("0.9"), t1 * D("0.8")
        t2, t3 = t2.to_integral_value(), t3.to_integral_value()
        bands = (Band(f"{w(t1)}人以上", "≥", t1, unit="人"), Band(f"{w(t2)}-{w(t1)}人", None, t2, t1, "人"),
                 Band(f"{w(t3)}-{w(t2)}人", None, t3, t2, "人"), Band(f"{w(t3)}以下", "≤", t3))
        return Ladder(lid, name, "range", "人", "up", bands, template="range:count")
    t1, t2, t3 = _cost_thresholds(rng, "万元")  # ≤30万元 / 30-35万元 / 35-40万元 / >40万元
    bands = (Band(f"≤{w(t1)}万元", "≤", t1, unit="万元"), Band(f"{w(t1)}-{w(t2)}万元", None, t1, t2, "万元"),
             Band(f"{w(t2)}万元-{w(t3)}万元", None, t2, t3, "万元"), Band(f">{w(t3)}万元", ">", t3, unit="万元"))
    return Ladder(lid, name, "range", "万元", "down", bands, template="range:cost")


WORD_LADDERS = (
    ("是", "基本达到", "部分达到", "否"),
    ("达到", "基本达到", "部分达到", "未达到"),
    ("完成", "基本完成", "部分完成", "未完成"),
    ("好", "较好", "一般", "差"),
    ("及时", "基本及时", "不及时", "严重滞后"),  # 及时 beside 基本及时 is a word, not a delay of 0
    ("是", "基本达到", "否", "否"),            # the seed's own, with 否 twice: the better grade wins
)


def words_ladder(rng: random.Random, lid: str, name: str) -> Ladder:
    words = rng.choices(WORD_LADDERS, [30, 20, 20, 10, 10, 10])[0]
    return Ladder(lid, name, "words", None, None, tuple(Band(x, word=x) for x in words),
                  template="words:" + "/".join(words))


def delay_ladder(rng: random.Random, lid: str, name: str) -> Ladder:
    form = rng.choices(["weeks", "days", "days-range", "months", "mixed"], [30, 25, 15, 20, 10])[0]
    on = Band("及时", None, D(0), unit="天")
    if form == "weeks":  # 及时 / 延期一周 / 延期两周 / 延期三周
        bands = (on, *(Band(f"延期{CN[n]}周", None, D(n), unit="周") for n in (1, 2, 3)))
        return Ladder(lid, name, "delay", "天", "down", bands, template="delay:weeks")
    if form == "days":  # 及时 / 延期15天以内 / 延期30天以内 / 延期30天以上
        a, b = rng.choice([(15, 30), (7, 15), (10, 20), (5, 10)])
        bands = (on, Band(f"延期{a}天以内", "≤", D(a), unit="天"), Band(f"延期{b}天以内", "≤", D(b), unit="天"),
                 Band(f"延期{b}天以上", "≥", D(b), unit="天"))
        return Ladder(lid, name, "delay", "天", "down", bands, template="delay:days")
    if form == "days-range":  # 及时 / 延期15天以内 / 延期15-30天 / 延期30天以上
        a, b = rng.choice([(15, 30), (7, 15), (10, 20)])
        bands = (on, Band(f"延期{a}天以内", "≤", D(a), unit="天"), Band(f"延期{a}-{b}天", None, D(a), D(b), "天"),
                 Band(f"延期{b}天以上", "≥", D(b), unit="天"))
        return Ladder(lid, name, "delay", "天", "down", bands, template="delay:days-range")
    if form == "months":  # 按期完成 / 延期1个月以内 / 延期3个月以内 / 延期3个月以上: 按期完成 is a delay of 0
        a, b = rng.choice([(1, 3), (1, 2), (2, 6)])
        bands = (Band("按期完成", None, D(0), unit="个月"), Band(f"延期{a}个月以内", "≤", D(a), unit="个月"),
                 Band(f"延期{b}个月以内", "≤", D(b), unit="个月"), Band(f"延期{b}个月以上", "≥", D(b), unit="个月"))
        return Ladder(lid, name, "delay", "个月", "down", bands, template="delay:months")
    # 及时 / 延期15天以内 / 延期1个月以内 / 延期1个月以上: months with days, a month is 30 days (rules §2)
    bands = (on, Band("延期15天以内", "≤", D(15), unit="天"), Band("延期1个月以内", "≤", D(1), unit="个月"),
             Band("延期1个月以上", "≥", D(1), unit="个月"))
    return Ladder(lid, name, "delay", "天", "down", bands, months_as_days=True, template="delay:mixed")


def make_ladders(rng: random.Random, n: int) -> list[Ladder]:
    """n ladders in activities of ten: about 60% percentage ≥ ladders, 15%
    counts, 10% costs, 5% ranges, 5% words and 5% delays."""
    kinds = ["percent"] * 60 + ["count"] * 15 + ["cost"] * 10 + ["range"] * 5 + ["words"] * 5 + ["delay"] * 5
    out: list[Ladder] = []
    names_used: set[str] = set()
    for i in range(n):
        if i % 10 == 0:
            names_used = set()
        activity = f"{i // 10 + 1:04d}"
        kind = kinds[(i * 37 + rng.randrange(3)) % 100] if i >= 8 else \
            ["percent", "count", "cost", "range", "words", "delay", "delay", "words"][i]
        unit = rng.choice(COUNTERS)
        form = rng.choice(["percent", "count", "cost"])  # of a range ladder
        ranged = {"percent": PERCENT_NAMES, "count": COUNT_NAMES["人"], "cost": COST_NAMES}[form]
        base = {"percent": rng.choice(PERCENT_NAMES), "count": rng.choice(COUNT_NAMES[unit]),
                "cost": rng.choice(COST_NAMES), "range": rng.choice(ranged), "words": rng.choice(WORDS_NAMES),
                "delay": rng.choice(DELAY_NAMES)}[kind]
        name, k = base, 2
        while name in names_used:
            name, k = f"{base}{k}", k + 1
        names_used.add(name)
        lid = f"{activity}/{name}"
        if kind == "percent":
            ladder = percent_ladder(rng, lid, name)
        elif kind == "count":
            ladder = count_ladder(rng, lid, name, unit)
        elif kind == "cost":
            ladder = cost_ladder(rng, lid, name)
        elif kind == "range":
            ladder = range_ladder(rng, lid, name, form)
        elif kind == "words":
            ladder = words_ladder(rng, lid, name)
        else:
            ladder = delay_ladder(rng, lid, name)
        if i == 6:  # at least one mixing 按期完成 with 个月 (issue 12)
            bands = (Band("按期完成", None, D(0), unit="个月"), Band("延期1个月以内", "≤", D(1), unit="个月"),
                     Band("延期3个月以内", "≤", D(3), unit="个月"), Band("延期3个月以上", "≥", D(3), unit="个月"))
            ladder = Ladder(lid, name, "delay", "个月", "down", bands, template="delay:months")
        out.append(ladder)
    return out


# --- actuals -------------------------------------------------------------------------------------

def _thresholds(ladder: Ladder) -> list[tuple[Decimal, str | None]]:
    out = []
    for b in ladder.bands:
        for v in (b.value, b.high):
            if v is not None and (v, b.unit) not in out:
                out.append((v, b.unit))
    return out


def _number(rng: random.Random, low: Decimal, high: Decimal, places: int) -> Decimal:
    q = D(1).scaleb(-places)
    x = low + (high - low) * D(rng.random())
    return x.quantize(q)


def _around(rng: random.Random, ladder: Ladder) -> Decimal:
    """A value in the ladder's unit near its thresholds, a little beyond them on both sides."""
    values = [v * (ladder.factor(u) or 1) / (ladder.factor(None) or 1) for v, u in _thresholds(ladder)]
    lo, hi = min(values), max(values)
    span = (hi - lo) or hi or D(1)
    low, high = max(lo - span * D("0.8"), D(0)), hi + span * D("0.3")
    if ladder.unit == "%":
        high = min(high, D(105)) if hi <= 100 else high
        low = max(low, D(20)) if lo > 45 else max(low, D(2))
        return _number(rng, low, high, rng.choice([0, 1, 2, 2, 3, 3, 3, 3]))
    if ladder.unit in COUNTERS:
        return _number(rng, low, high, 0)
    if ladder.unit in MONEY:
        places = {"元": rng.choice([0, 0, 2]), "万元": rng.choice([2, 4, 4]), "亿元": rng.choice([2, 4, 4])}
        return _number(rng, low, high, places[ladder.unit])
    return _number(rng, low, high, 0)


def _in_unit(value: Decimal, unit: str, written: str) -> Decimal:
    return value * MONEY[unit] / MONEY[written]


def numeric_actual(rng: random.Random, ladder: Ladder, label: str) -> Actual:
    """A number against a % / count / cost / range ladder, written as ``label`` says."""
    unit = ladder.unit
    assert unit is not None
    if label == "threshold":
        v, u = rng.choice(_thresholds(ladder))
        u = u or unit
        form = rng.random()
        if u in MONEY and form < 0.3:  # on the threshold, in another unit: 300000元 against ≤30万元
            other = rng.choice([m for m in MONEY if m != u])
            x = _in_unit(v, u, other)
            if len(plain(x).partition(".")[2]) <= 4:
                return Actual(plain(x) + other, "number", label, x, other)
        if form < 0.55 and not ladder.declared_unit:
            return Actual(plain(v), "number", label, v, None if u == unit else u)  # bare
        if u == "%" and form < 0.65:
            return Actual(f"{v:.1f}%" if v == v.to_integral_value() else plain(v) + "%", "number", label, v, u)
        return Actual(plain(v) + u, "number", label, v, u)
    v = _around(rng, ladder)
    if label == "bare":
        if unit == "%" and v <= 1:
            v += 2  # a bare number ≤ 1 against % is the fraction question of rules §2: not this workload's
        return Actual(plain(v), "number", label, v, None)
    if label == "fullwidth":
        return Actual(fullwidth(plain(v) + "%"), "number", label, v, "%")
    if label == "spaced":
        return Actual(f" {plain(v)} {unit}", "number", label, v, unit)
    if label == "thousands" and v >= 1000 and unit in COUNTERS:
        return Actual(grouped(v) + unit, "number", label, v, unit)
    if label == "named" and unit == "人":
        return Actual(plain(v) + "名", "number", label, v, "名")
    if label == "wrong-unit" and unit in ("人", "次"):
        other = "人次" if unit == "人" else "个"
        return Actual(plain(v) + other, "number", label, v, other)
    if label == "converted" and unit in MONEY:
        others = [m for m in MONEY if m != unit and (m != "亿元" or v * MONEY[unit] >= 10**6)]
        other = rng.choice(others)
        x = _in_unit(v, unit, other)
        if len(plain(x).partition(".")[2]) <= 6:
            return Actual(plain(x) + other, "number", label, x, other)
    if label == "wan" and unit == "万元":
        return Actual(plain(v) + "万", "number", label, v, "万")
    if label == "hundred" and unit == "%":
        return Actual("100%", "number", label, D(100), "%")
    return Actual(plain(v) + ("" if ladder.declared_unit and rng.random() < 0.5 else unit), "number", "unit", v,
                  None if ladder.declared_unit else unit)


def delay_actual(rng: random.Random, ladder: Ladder, label: str) -> Actual:
    months = ladder.unit == "个月"
    if label == "ontime":
        w = rng.choice(ON_TIME)
        return Actual(w, "ontime", label, word=w)
    if label == "done":
        w = rng.choice(DONE)
        return Actual(w, "done", label, word=w)
    if label == "threshold":
        v, u = rng.choice([t for t in _thresholds(ladder) if t[0] > 0])
        if u == "周":
            v, u = v * 7, "天"
        return Actual(f"延期{plain(v)}{u}", "delay", label, v, u)
    if months:
        n = D(rng.choice([1, 1, 2, 2, 3, 4, 5, 6, 8])) if rng.random() < 0.8 else D(rng.choice(["0.5", "1.5", "2.5"]))
        if label == "bare":
            return Actual(plain(n), "delay", label, n, None)
        return Actual(f"延期{plain(n)}个月", "delay", "delay", n, "个月")
    if ladder.months_as_days and label == "months":
        n = D(rng.choice([1, 1, 2]))
        return Actual(f"延期{plain(n)}个月", "delay", label, n, "个月")
    if label == "weeks":
        n = D(rng.choice([1, 2, 3, 4]))
        return Actual(f"延期{plain(n)}周", "delay", label, n, "周")
    n = D(rng.randrange(1, 46))
    if label == "bare" and ladder.template != "delay:weeks":  # a bare number on a delay ladder of days is days
        return Actual(plain(n), "delay", label, n, None)
    return Actual(f"延期{plain(n)}天", "delay", "delay", n, "天")


def word_actual(rng: random.Random, ladder: Ladder, label: str) -> Actual:
    words = [b.word for b in ladder.bands]
    if label == "other-word":  # a tier word this ladder does not list: an error (rules §3)
        w = rng.choice([x for x in ("完成", "达成", "是", "合格", "基本完成", "否", "未完成") if x not in words])
        return Actual(w, "word", label, word=w)
    w = rng.choice(words) if rng.random() < 0.5 else words[min(int(rng.expovariate(1.2)), 3)]
    if label == "spaced":
        return Actual(f" {w} ", "word", label, word=w)
    return Actual(w, "word", "word", word=w)


# Rows by how the actual is written, per ladder kind (weights).
COMMON = {"blank": 3.0, "na": 1.0, "junk": 1.2, "bandtext": 0.5}
MIX = {
    "percent": {"unit": 60, "bare": 13, "fullwidth": 3, "spaced": 2, "hundred": 6, "threshold": 6.6},
    "range": {"unit": 55, "bare": 15, "converted": 6, "spaced": 2, "threshold": 6.6},
    "count": {"unit": 45, "thousands": 13, "bare": 18, "named": 2, "wrong-unit": 1.5, "spaced": 2, "threshold": 6.6},
    "cost": {"unit": 38, "converted": 18, "bare": 18, "wan": 5, "spaced": 2, "threshold": 6.6},
    "delay": {"ontime": 35, "delay": 30, "weeks": 6, "months": 4, "bare": 5, "done": 3, "threshold": 6.6},
    "words": {"word": 88, "spaced": 3, "other-word": 3},
}
# Distinct actuals kept per (ladder, label): real files repeat themselves.
POOL = {"unit": 800, "bare": 300, "thousands": 60, "converted": 60, "delay": 40, "fullwidth": 12, "spaced": 8}


def make_actual(rng: random.Random, ladder: Ladder, label: str) -> Actual:
    if label == "blank":
        return Actual(rng.choice(["", "", " "]), "blank", label)
    if label == "na":
        w = rng.choice(NOT_APPLICABLE)
        return Actual(w, "na", label, word=w)
    if label == "junk":
        return Actual(rng.choice(JUNK), "junk", label)
    if label == "bandtext":
        i = rng.randrange(len(ladder.bands))
        return Actual(ladder.bands[i].text, "bandtext", label, band=i)
    if ladder.kind == "words":
        return word_actual(rng, ladder, label)
    if ladder.kind == "delay":
        return delay_actual(rng, ladder, label)
    return numeric_actual(rng, ladder, label)


@dataclass
class Workload:
    seed: int
    ladders: list[Ladder]
    entries: list[Actual]      # the distinct (ladder, actual) pairs drawn
    entry_ladder: array        # entry -> ladder index
    rows: array                # row -> entry index
    oracle_codes: bytes        # entry -> oracle code

    def row_codes(self) -> bytes:
        """The oracle's code of every row."""
        by_entry = self.oracle_codes
        return bytes(by_entry[e] for e in self.rows)

    def stats(self) -> dict[str, object]:
        kinds = Counter(ladder.kind for ladder in self.ladders)
        label_rows: Counter[str] = Counter()
        per_entry = Counter(self.rows)
        for e, n in per_entry.items():
            label_rows[self.entries[e].label] += n
        distinct = len({self.entries[e].text for e in per_entry})
        statuses = Counter()
        for e, n in per_entry.items():
            statuses[decode(self.oracle_codes[e])[0]] += n
        return {"ladders": len(self.ladders), "rows": len(self.rows), "kinds": dict(kinds),
                "labels": dict(label_rows.most_common()), "distinct_strings": distinct,
                "distinct_pairs": len(per_entry), "on_threshold": label_rows["threshold"] / max(len(self.rows), 1),
                "statuses": dict(statuses.most_common())}


def generate(seed: int = 2023, ladders: int = 2000, rows: int = 1_000_000) -> Workload:
    """The workload: ladders, then rows drawn from per-ladder pools of actuals, and the oracle per pair."""
    rng = random.Random(seed)
    made = make_ladders(rng, ladders)
    entries: list[Actual] = []
    entry_ladder = array("I")
    index: dict[tuple[int, str], int] = {}
    pools: dict[tuple[int, str], list[int]] = {}
    mixes = []
    for ladder in made:
        mix = {**MIX[ladder.kind], **COMMON}
        labels = list(mix)
        weights = [mix[x] for x in labels]
        total = 0.0
        cum = []
        for w in weights:
            total += w
            cum.append(total)
        mixes.append((labels, cum))
    out = array("I")
    n_ladders = len(made)
    for _ in range(rows):
        li = rng.randrange(n_ladders)
        labels, cum = mixes[li]
        label = rng.choices(labels, cum_weights=cum)[0]
        key = (li, label)
        pool = pools.get(key)
        if pool is None:
            pool = pools[key] = []
        size = POOL.get(label, 6)
        # Zipf-like: a few values recur often, the pool fills up slowly.
        r = int(size ** rng.random()) - 1 if rng.random() < 0.5 else rng.randrange(size)
        if r < len(pool):
            out.append(pool[r])
            continue
        actual = make_actual(rng, made[li], label)
        e = index.get((li, actual.text))
        if e is None:
            e = index[(li, actual.text)] = len(entries)
            entries.append(actual)
            entry_ladder.append(li)
        pool.append(e)
        out.append(e)
    codes = bytes(code(*oracle(made[entry_ladder[e]], a)) for e, a in enumerate(entries))
    return Workload(seed, made, entries, entry_ladder, out, codes)


# --- files ---------------------------------------------------------------------------------------

def write_book(workload: Workload, path: Path) -> None:
    """One book: an activity per ten ladders, ids ``CODE/name``."""
    lines = ["perfeval: 1", "department:", '  code: "999"', "  name: 省级绩效测试部门", "year: 2023", "activities:"]
    for i, ladder in enumerate(workload.ladders):
        code_, name = ladder.id.split("/", 1)
        if i % 10 == 0:
            lines += [f'  - code: "{code_}"', f"    name: 活动{code_}", "    indicators:"]
        lines.append(f"      - name: {json.dumps(name, ensure_ascii=False)}")
        if ladder.declared_unit:
            lines.append(f"        unit: {ladder.unit}")
        bands = ", ".join(f"{g}: {json.dumps(t, ensure_ascii=False)}" for g, t in zip(GRADES, ladder.texts,
                                                                                      strict=True))
        lines.append(f"        ladder: {{{bands}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_actuals(workload: Workload, path: Path) -> None:
    ids = [ladder.id for ladder in workload.ladders]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("id", "actual"))
        entries, owner = workload.entries, workload.entry_ladder
        rows = [(ids[owner[e]], entries[e].text) for e in workload.rows]
        writer.writerows(rows)


def write(workload: Workload, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    book, actuals = folder / "book.yaml", folder / "actuals.csv"
    write_book(workload, book)
    write_actuals(workload, actuals)
    return book, actuals


def sizes(args: argparse.Namespace) -> tuple[int, int]:
    if args.small:
        return args.ladders or 200, args.rows or 50_000
    return args.ladders or 2000, args.rows or 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--ladders", type=int, default=None, help="default 2,000 (200 with --small)")
    parser.add_argument("--rows", type=int, default=None, help="default 1,000,000 (50,000 with --small)")
    parser.add_argument("--small", action="store_true", help="a quick run: 200 ladders, 50,000 rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("-o", "--out", type=Path, required=True, help="the folder for book.yaml and actuals.csv")
    args = parser.parse_args()
    n_ladders, n_rows = sizes(args)
    started = time.perf_counter()
    workload = generate(args.seed, n_ladders, n_rows)
    book, actuals = write(workload, args.out)
    json.dump(workload.stats(), sys.stdout, ensure_ascii=False, indent=1)
    print(f"\nwrote {book} and {actuals} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
