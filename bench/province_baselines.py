"""The baselines of ``bench_province.py``: what a user writes today, without perfeval.

- (a) :func:`naive_loop`: the csv module, and for each row the indicator's
  band texts parsed with regular expressions, then the actual, compared
  with ``Decimal``.  Nothing is compiled ahead: every row parses its
  ladder again.
- (b) :func:`pandas_apply`: ``pd.read_csv``, then the same per-row function
  through ``DataFrame.apply(axis=1, raw=True)``.
- (c) :func:`numpy_grade`: hand-written numpy, the practical limit.  The
  thresholds are compiled once per ladder into arrays of exact scaled
  integers (base units × 10^6; units convert by integer factors, never
  by float multiplication); the CSV is read with the same pandas call as
  (b); the distinct actual strings are parsed once, in bulk, with Arrow's
  string functions (``pyarrow.compute``: pandas' string columns are Arrow
  arrays); each distinct (ladder, actual) pair is graded in one vectorised
  pass, with per-end inclusivity.

Each reads the band texts from the same YAML book perfeval loads (outside
the timed region, as ``perfeval.load`` is), and follows the rules as the
oracle does (rules.md §2–3): 以上/以下/以内 include the number; a bare band
value means "at least this" in the ladder's direction; ranges include both
ends; the first band best first that holds gives the grade; a value in a
gap takes the next worse band, and one worse than every band 差; an actual
that repeats a band's text takes that band; on a ladder of words a word it
does not list is an error; 及时/按期完成/完成 against a delay are on time;
a bare number takes the ladder's unit, and a bare 万 on money is 万元; 名 is
read as 人, 人 and 人次 never compare.  A text they cannot read is an error.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

GRADES = ("优", "良", "中", "差")
NOT_APPLICABLE = frozenset({"/", "无", "不适用"})
ON_TIME = frozenset({"及时", "按时", "按时完成", "准时", "如期", "如期完成", "按期完成", "完成", "已完成"})

# --- the book's band texts, as a user reads them from the YAML file --------------------------------


def read_ladders(book: Path) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Indicator id → (band texts best first, the indicator's unit)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(book.read_text(encoding="utf-8"), Loader=loader)
    out: dict[str, tuple[tuple[str, ...], str | None]] = {}
    for activity in data.get("activities") or ():
        for indicator in activity["indicators"]:
            ladder = indicator["ladder"]
            texts = tuple(str(ladder.get(g) or "") for g in GRADES)
            out[f"{activity['code']}/{indicator['name']}"] = (texts, indicator.get("unit"))
    return out


# --- (a) and (b): parse everything with regular expressions, every row ------------------------------

UNIT = r"人次|人|名|次|个月|个|户|万元|亿元|万|元|%|天|周"
NUMBER = r"\d+(?:\.\d+)?"
VALUE = re.compile(rf"(?P<pre>≥|≤|>|<|不低于|不少于|不超过|超过|低于|少于)?(?P<n>{NUMBER})(?P<u>{UNIT})?"
                   r"(?P<suf>以上|以下|以内)?")
RANGE = re.compile(rf"(?P<a>{NUMBER})(?P<ua>{UNIT})?[-~～至](?P<b>{NUMBER})(?P<ub>{UNIT})?")
DELAY = re.compile(rf"延期(?P<a>{NUMBER}|[一二两三四五六七八九十半])(?:-(?P<b>{NUMBER}))?(?P<u>天|周|个月)"
                   r"(?P<suf>以上|以内)?")
OPS = {"≥": "≥", "不低于": "≥", "不少于": "≥", "以上": "≥", "≤": "≤", "不超过": "≤", "以下": "≤", "以内": "≤",
       ">": ">", "超过": ">", "<": "<", "低于": "<", "少于": "<"}
NUMERALS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
            "九": "9", "十": "10", "半": "0.5"}
# unit → (dimension, factor to the dimension's base)
UNITS = {"%": ("share", Decimal(1)), "人": ("人", Decimal(1)), "名": ("人", Decimal(1)), "人次": ("人次", Decimal(1)),
         "次": ("次", Decimal(1)), "个": ("个", Decimal(1)), "户": ("户", Decimal(1)), "元": ("money", Decimal(1)),
         "万元": ("money", Decimal(10000)), "亿元": ("money", Decimal(100000000)), "天": ("days", Decimal(1)),
         "周": ("days", Decimal(7)), "个月": ("months", Decimal(1))}


def normal(text: str) -> str:
    """NFKC (full-width digits and ％), no spaces, no thousands separators."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.replace(" ", "").replace(",", "")


def parse_band(text: str) -> tuple | None:
    """("cmp", op, value, unit), ("range", low, high, unit), ("delay", op, low, high, unit); None for words."""
    t = normal(text)
    if t in ON_TIME:
        return ("delay", None, Decimal(0), None, None)
    m = DELAY.fullmatch(t)
    if m:
        a = Decimal(NUMERALS.get(m["a"], m["a"]))
        return ("delay", OPS.get(m["suf"] or ""), a, None if m["b"] is None else Decimal(m["b"]), m["u"])
    m = VALUE.fullmatch(t)
    if m:
        op = OPS.get(m["pre"] or m["suf"] or "")
        return ("cmp", op, Decimal(m["n"]), m["u"])
    m = RANGE.fullmatch(t)
    if m:
        return ("range", Decimal(m["a"]), Decimal(m["b"]), m["ua"] or m["ub"])
    return None


def _base(value: Decimal, unit: str | None, ladder_unit: str | None, months_as_days: bool) -> Decimal | None:
    """The value in the ladder's base unit, or None if the units do not convert."""
    unit = unit or ladder_unit
    if unit == "万" and ladder_unit in ("元", "万元", "亿元"):
        unit = "万元"
    if unit is None or ladder_unit is None:
        return value
    if months_as_days and unit == "个月":
        return value * 30
    have, want = UNITS.get(unit), UNITS.get(ladder_unit)
    if have is None or want is None:
        return None
    if months_as_days and want[0] == "months":
        want = ("days", Decimal(30))
    if have[0] != want[0]:
        return None
    return value * have[1]


def _interval(band: tuple, unit: str | None, mad: bool, up: bool) -> tuple:
    if band[0] == "range":
        return (_base(band[1], band[3], unit, mad), True, _base(band[2], band[3], unit, mad), True)
    if band[0] == "delay":
        _, op, a, b, u = band
        if b is not None:
            return (_base(a, u, unit, mad), True, _base(b, u, unit, mad), True)
        x = _base(a, u, unit, mad)
    else:
        _, op, x, u = band
        x = _base(x, u, unit, mad)
    op = op or ("≥" if up else "≤")
    return {"≥": (x, True, None, False), ">": (x, False, None, False), "≤": (None, False, x, True),
            "<": (None, False, x, False)}[op]


def grade_text(texts: tuple[str, ...], declared: str | None, actual: str) -> tuple[str, str | None]:
    """(status, grade) of one actual against one ladder's band texts, all parsed here."""
    a = normal(actual)
    if not a:
        return "missing", None
    if a in NOT_APPLICABLE:
        return "not-applicable", None
    bands = [parse_band(t) for t in texts]
    if all(b is None for b in bands) or any(b is None for b in bands):  # a ladder of words
        for grade, t in zip(GRADES, texts, strict=False):
            if normal(t) == a:
                return "graded", grade
        return "error", None
    for grade, t in zip(GRADES, texts, strict=False):  # the band's own text (rules §3)
        if t == actual:
            return "graded", grade
    units = [b[-1] for b in bands if b[-1] is not None]
    unit = declared or (units[0] if units else None)
    delay = bands[0][0] == "delay"
    if delay and unit == "周":
        unit = "天"
    mad = delay and "个月" in units and ("天" in units or "周" in units)
    if mad:
        unit = "天"
    anchors = []
    for b in bands:
        if b[0] == "range":
            anchors.append((_base(b[1], b[3], unit, mad) + _base(b[2], b[3], unit, mad)) / 2)
        elif b[0] == "delay":
            anchors.append(_base(b[2], b[4], unit, mad))
        else:
            anchors.append(_base(b[2], b[3], unit, mad))
    up = anchors[0] > anchors[-1] if anchors[0] != anchors[-1] else bands[0][1] in ("≥", ">")
    if delay and a in ON_TIME:
        x: Decimal | None = Decimal(0)
    else:
        m = DELAY.fullmatch(a) if delay else None
        if m and m["b"] is None and m["suf"] is None:
            x = _base(Decimal(NUMERALS.get(m["a"], m["a"])), m["u"], unit, mad)
        else:
            m = VALUE.fullmatch(a)
            if m is None or m["suf"] or (m["pre"] and OPS[m["pre"]] not in (("≥", ">") if up else ("≤", "<"))):
                return "error", None
            x = _base(Decimal(m["n"]), m["u"], unit, mad)
    if x is None:
        return "error", None
    intervals = [_interval(b, unit, mad, up) for b in bands]
    for grade, (low, lc, high, hc) in zip(GRADES, intervals, strict=False):
        if (low is None or x > low or (x == low and lc)) and (high is None or x < high or (x == high and hc)):
            return "graded", grade
    for grade, (low, lc, high, hc) in zip(GRADES, intervals, strict=False):
        if up and high is not None and (high < x or (high == x and not hc)):
            return "graded", grade
        if not up and low is not None and (low > x or (low == x and not lc)):
            return "graded", grade
    return "graded", GRADES[-1]


def naive_loop(book: Path, actuals: Path, ladders: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(a): the csv module and a loop."""
    out = []
    with actuals.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for indicator, actual in reader:
            ladder = ladders.get(indicator)
            out.append(("unknown-id", None) if ladder is None else grade_text(ladder[0], ladder[1], actual))
    return out


def read_frame(actuals: Path, engine: str | None = None) -> Any:
    """The CSV as (b), (c) and perfeval's (f) read it: every cell text, an empty cell ''."""
    import pandas as pd

    return pd.read_csv(actuals, dtype=str, keep_default_na=False, **({"engine": engine} if engine else {}))


def pandas_apply(book: Path, actuals: Path, ladders: dict[str, Any], engine: str | None = None) -> Any:
    """(b): pandas' reader, then the same per-row function through a row-wise ``apply``
    (``raw=True``: each row as an array, the fast form of a row-wise apply).  Each row
    gives one label, its grade or else its status: ``raw=True`` stacks what the
    function returns with ``np.apply_along_axis``, which would cut a tuple of strings
    to the width of the first one; a single ``str`` it keeps whole.

    The work per row is (a)'s; pandas adds its reader, the frame turned into an
    object array, and ``np.apply_along_axis``'s own Python loop, which cost more
    than (a)'s ``csv`` loop: (b) stays a little slower than (a)."""
    df = read_frame(actuals, engine)

    def row(r: Any) -> str:
        ladder = ladders.get(r[0])
        if ladder is None:
            return "unknown-id"
        status, grade = grade_text(ladder[0], ladder[1], r[1])
        return grade or status

    return df.apply(row, axis=1, raw=True)


# --- (c): hand-written numpy -------------------------------------------------------------------

SCALE = 10**6  # values held as integers: base units × 10^6
BIG = 2**63 - 1  # the largest int64: an open end, or a value past every threshold
U = ("", "%", "人", "名", "人次", "次", "个", "户", "元", "万元", "亿元", "万", "天", "周", "个月")
UCODE = {u: i for i, u in enumerate(U)}
# Kinds of a distinct actual string; the texts with a kind of their own.
BLANK, NA, NUM, DELAYED, ONTIME, WORD = range(6)
SPECIAL = {"": BLANK, **dict.fromkeys(sorted(NOT_APPLICABLE), NA), **dict.fromkeys(sorted(ON_TIME), ONTIME)}
# A number (an operator, digits with up to six decimals, a unit) and a delay, as whole texts for
# Arrow's regular expressions (RE2, whose \d is ASCII: NFKC has made full-width digits ASCII).
NUM_RE2 = rf"^(?:≥|≤|>|<)?\d+(?:\.\d{{1,6}})?(?:{UNIT})?$"
DELAY_RE2 = r"^延期\d+(?:\.\d{1,6})?(?:天|周|个月)$"
OPERATORS = ("≥", ">", "≤", "<")
SIGNS = (1, 1, -1, -1, 0)  # each operator's direction, then no operator's
UNIT_CHARS = "".join(sorted(set("".join(U))))


class Compiled:
    """Every ladder's thresholds, as arrays: compiled once, outside the timed region."""

    def __init__(self, ladders: dict[str, tuple[tuple[str, ...], str | None]]) -> None:
        import numpy as np
        import pyarrow as pa

        n = len(ladders)
        self.ids = pa.array(list(ladders), pa.large_string())
        # Closed integer bounds: values are integers (× 10^6), so x > a is x ≥ a + 1.  A ladder where
        # lower is better is stored negated, so that every ladder goes up (numpy_grade negates x).
        self.low = np.full((n, 4), -BIG, np.int64)
        self.high = np.full((n, 4), BIG, np.int64)
        self.up = np.zeros(n, bool)
        self.words = np.zeros(n, bool)
        self.delay = np.zeros(n, bool)
        self.factor = np.zeros((n, len(U)), np.int64)  # unit code → integer factor to the base; 0: no conversion
        vocabulary: dict[str, int] = {}
        word_grades: list[tuple[int, int, int]] = []
        band_texts: dict[tuple[int, str], int] = {}  # (ladder, text as written) → grade 1-4
        for i, (texts, declared) in enumerate(ladders.values()):
            parsed = [parse_band(t) for t in texts]
            for g, t in enumerate(texts):
                band_texts.setdefault((i, t), g + 1)  # a text written twice on one ladder: the better grade
            if any(b is None for b in parsed):
                self.words[i] = True
                for g in reversed(range(4)):  # the better grade wins a word written twice
                    word_grades.append((i, vocabulary.setdefault(normal(texts[g]), len(vocabulary)), g + 1))
                continue
            bands = [b for b in parsed if b is not None]
            units = [b[-1] for b in bands if b[-1] is not None]
            unit = declared or (units[0] if units else None)
            delay = bands[0][0] == "delay"
            mad = delay and "个月" in units and ("天" in units or "周" in units)
            if delay and (unit == "周" or mad):
                unit = "天"
            self.delay[i] = delay
            for u, c in UCODE.items():
                f = _base(Decimal(1), u or None, unit, mad)
                if f is not None and (not delay or u in ("", "天", "周", "个月")) and (delay or u not in ("天", "周")):
                    self.factor[i, c] = int(f)
            anchors = []
            for b in bands:
                lo, lc, hi, hc = _interval(b, unit, mad, True)
                anchors.append(lo if hi is None else hi if lo is None else (lo + hi) / 2)
            up = anchors[0] > anchors[-1] if anchors[0] != anchors[-1] else bands[0][1] in ("≥", ">")
            self.up[i] = up
            for g, b in enumerate(bands):
                lo, lc, hi, hc = _interval(b, unit, mad, up)
                if lo is not None:
                    self.low[i, g] = int(lo * SCALE) + (0 if lc else 1)
                if hi is not None:
                    self.high[i, g] = int(hi * SCALE) - (0 if hc else 1)
            if not up:
                self.low[i], self.high[i] = -self.high[i], -self.low[i]
        self.low, self.high = self.low.T.copy(), self.high.T.copy()  # a row per band: gathered one band at a time
        self.vocabulary = pa.array(list(vocabulary), pa.large_string())  # a word's code is its position
        self.word_grade = np.zeros((n, max(len(vocabulary), 1)), np.int8)
        for i, w, g in word_grades:
            self.word_grade[i, w] = g
        # The band texts: (ladder, text code) → grade, as sorted keys for searchsorted.
        distinct = list(dict.fromkeys(t for _, t in band_texts))
        code = {t: k for k, t in enumerate(distinct)}
        self.texts = pa.array(distinct, pa.large_string())
        keys = np.array([i * len(distinct) + code[t] for i, t in band_texts], np.int64)
        order = np.argsort(keys)
        self.text_keys = keys[order]
        self.text_grades = np.array(list(band_texts.values()), np.int8)[order]


def parse_distinct(strings: Any, c: Compiled) -> tuple[Any, Any, Any, Any, Any, Any]:
    """Each distinct actual once, in bulk with Arrow's string functions: its kind,
    its number × 10^6, its unit code, its operator (1 up, -1 down, 0 none), its
    word's code, and its band text's code (-1: none)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def position(values: Any, value_set: Any, missing: int = -1) -> Any:  # each value's index in value_set
        return pc.fill_null(pc.index_in(values, value_set=pa.array(value_set, values.type)), missing).to_numpy()

    text = position(strings, c.texts)  # a band's own text is matched as written (rules §3)
    # normal(): NFKC (full-width digits and ％), no spaces, no thousands separators.
    t = pc.replace_substring(pc.replace_substring(pc.utf8_normalize(strings, "NFKC"), " ", ""), ",", "")
    word = position(t, c.vocabulary)
    special = position(t, list(SPECIAL))
    kind = np.where(special >= 0, np.array(list(SPECIAL.values()), np.int8)[special], WORD).astype(np.int8)
    mant = np.zeros(len(t), np.int64)
    unit = np.zeros(len(t), np.int8)
    op = np.zeros(len(t), np.int8)
    for k, pattern, prefix in ((NUM, NUM_RE2, "≥≤><"), (DELAYED, DELAY_RE2, "延期")):
        # The regular expression checks the whole text; plain trims then cut out its parts (RE2's
        # capturing groups cost more than all of these together).
        found = pc.match_substring_regex(t, pattern)
        matched = pc.filter(t, found)
        ok = found.to_numpy(zero_copy_only=False)
        kind[ok] = k
        op[ok] = np.array(SIGNS, np.int8)[position(pc.utf8_slice_codeunits(matched, 0, 1), OPERATORS, 4)]
        body = pc.utf8_ltrim(matched, prefix)
        unit[ok] = position(pc.utf8_ltrim(body, "0123456789."), U)  # what follows the digits
        number = pc.utf8_rtrim(body, UNIT_CHARS)
        # Exact: the digits as one integer, times 10^(6 - decimals), never through a float.  A number
        # of 10^12 or more, past every threshold and near int64's end once scaled, is held at BIG
        # (a float only tells which numbers those are).
        dot = pc.find_substring(number, ".").to_numpy()
        decimals = np.where(dot >= 0, pc.utf8_length(number).to_numpy() - dot - 1, 0)
        huge = pc.greater_equal(pc.cast(number, pa.float64()), 1e12)
        digits = pc.if_else(huge, pa.scalar("0", number.type), pc.replace_substring(number, ".", ""))
        mant[ok] = np.where(huge.to_numpy(zero_copy_only=False), BIG,
                            pc.cast(digits, pa.int64()).to_numpy() * 10 ** (6 - decimals))
    return kind, mant, unit, op, word, text


def numpy_grade(book: Path, actuals: Path, c: Compiled, engine: str | None = None) -> tuple[Any, Any]:
    """(c): status codes (0 graded, 1 missing, 2 not applicable, 3 error, 5 unknown id)
    and grade codes (1-4 for 优良中差, 0 none), one of each per row."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    df = read_frame(actuals, engine)
    # Each row's ladder, by a hash lookup in the ladders' ids (-1: an unknown id).
    row_ind = pc.fill_null(pc.index_in(pa.array(df["id"]), value_set=c.ids), -1).to_numpy()
    # The distinct actuals and each row's: Arrow's hash, on the column as pandas holds it.
    encoded = pc.dictionary_encode(pa.chunked_array(pa.array(df["actual"]))).combine_chunks()
    codes, strings = encoded.indices.to_numpy(), encoded.dictionary
    kind_u, mant_u, unit_u, op_u, word_u, text_u = parse_distinct(strings, c)
    # Each distinct (ladder, actual) pair once.
    pair_codes, pairs = pd.factorize(row_ind * len(strings) + codes)
    ind, act = np.divmod(pairs, len(strings))
    unknown = ind < 0
    ind[unknown], act[unknown] = 0, 0
    kind, unit, op, up = kind_u[act], unit_u[act], op_u[act], c.up[ind]
    status = np.full(len(pairs), 3, np.int8)
    grade = np.zeros(len(pairs), np.int8)

    # Numbers and delays: exact integers in the ladder's base unit (a product past int64: BIG),
    # negated where lower is better (see Compiled).
    factor = c.factor[ind, unit]
    mant = mant_u[act]
    x = np.where(mant > BIG // np.maximum(factor, 1), BIG, mant * factor)
    x = np.where(up, x, -x)
    words, delay = c.words[ind], c.delay[ind]
    readable = ~words & (factor > 0) & (((kind == NUM) & ((op == 0) | ((op == 1) == up))) |
                                        ((kind == DELAYED) & delay))
    on_time = ~words & delay & (kind == ONTIME)
    x[on_time] = 0
    readable |= on_time
    # The first band that holds x; else, in a gap, the first band wholly worse (below x); else 差.
    high = [c.high[g][ind] for g in range(4)]
    band = np.full(len(pairs), 3, np.int8)
    for g in (3, 2, 1, 0):  # the better band last, so that the first one wins
        np.putmask(band, high[g] < x, g)
    for g in (3, 2, 1, 0):
        np.putmask(band, (c.low[g][ind] <= x) & (x <= high[g]), g)
    status[readable] = 0
    grade[readable] = band[readable] + 1
    # Words: a table of (ladder, word) → grade.
    listed = np.flatnonzero(words & (word_u[act] >= 0))
    g = c.word_grade[ind[listed], word_u[act[listed]]]
    status[listed[g > 0]] = 0
    grade[listed[g > 0]] = g[g > 0]
    # An actual that repeats a band's own text takes that band (rules §3).
    candidates = np.flatnonzero((text_u[act] >= 0) & ~unknown)
    keys = ind[candidates] * len(c.texts) + text_u[act[candidates]]
    at = np.minimum(np.searchsorted(c.text_keys, keys), len(c.text_keys) - 1)
    hit = c.text_keys[at] == keys
    status[candidates[hit]], grade[candidates[hit]] = 0, c.text_grades[at[hit]]
    blank, na = kind == BLANK, kind == NA
    status[blank], grade[blank] = 1, 0
    status[na], grade[na] = 2, 0
    status[unknown], grade[unknown] = 5, 0
    return status[pair_codes], grade[pair_codes]
