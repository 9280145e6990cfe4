"""Hypothesis strategies for what people feed perfeval (issue 10, fuzzing).

Notation text, ladders, whole indicator files, and actuals and budget files
in CSV and YAML.  Each draws from the notation real tables use and mixes in
what breaks readers: stray quotes and commas, control characters, huge
exponents, wrong types.  ``tests/test_fuzz.py`` states the properties.
"""

from __future__ import annotations

import csv
import io
import json

from hypothesis import strategies as st

OPERATORS = ["", "≥", "≤", ">", "<", "=", "≧", ">=", "不低于", "不超过", "大于", "小于"]
UNITS = ["", "%", "人", "人次", "个", "万元", "元", "亿元", "天", "家", "次", "万亩", "樘", "%%"]
NUMBERS = st.one_of(
    st.integers(-10, 10_000).map(str),
    st.decimals(min_value=-1000, max_value=100_000, places=2, allow_nan=False).map(str),
    st.sampled_from(["1e999999", "1e-999999999", "9O", "NaN", "一百零五", "零", "1,300", "89.99999999999999999999999999999999999"]),
)
WORDS = st.sampled_from(["及时", "按时完成", "严格落实相关政策", "12月底前完成", "2023年2月30日", "延期三周", "是", "否",
                         "满意", "较满意", "/", "无", "不适用", "有效提升", "=提高", "—"])
# What hand-typed cells also hold: quotes, separators, controls, bidi overrides.
NOISE = st.sampled_from(['"', ",", "\x00", "\x1b[2J", "\u202e", "\r", "\n", " ", "'", "=", "@", "%", "～", "-", "--"])


@st.composite
def notation_text(draw: st.DrawFn) -> str:
    """A target or a ladder cell as real tables write it, or broken the ways they break."""
    kind = draw(st.integers(0, 9))
    if kind <= 5:
        text = draw(st.sampled_from(OPERATORS)) + draw(NUMBERS) + draw(st.sampled_from(UNITS))
    elif kind <= 7:
        text = draw(WORDS)
    else:
        text = draw(st.text(max_size=12))
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(NOISE) + text[at:]
    return text


def ladders() -> st.SearchStrategy[list[str]]:
    """A band row: usually four cells, sometimes two or five (the seed has a row of two)."""
    return st.lists(notation_text(), min_size=1, max_size=5)


NAMES = st.one_of(st.sampled_from(["到位率", "完成率", "培训人数", "满意度", "及时性", "资金", "=HYPERLINK(\"x\")"]),
                  st.text(min_size=1, max_size=8))


# Cells real tables hold, for books that build (the seed's, and 石家庄's and 池州's forms).
GOOD_LADDERS = st.sampled_from([["100%", "≥90%", "≥80%", "<80%"], ["≥500人", "≥480人", "≥460人", "<460人"],
                                ["及时", "延期一周", "延期二周", "延期三周"], ["是", "否"], ["3", "2", "1", "0"]])
GOOD_TARGETS = st.sampled_from(["≥7000万元", "≤30万元", "100%", "12月底前完成", "严格落实相关政策", "≥95%", "8000人以上",
                                "≥90%", "801", "≤100%"])


@st.composite
def books(draw: st.DrawFn, *, valid: bool = False) -> str:
    """A whole indicator file as YAML text: activities with ladders and
    projects with targets, the names and cells drawn (JSON is YAML, so
    every drawn string is quoted safely).  ``valid`` draws cells from real
    tables and no structural fault, for a book that builds."""
    ladder, target = (GOOD_LADDERS, GOOD_TARGETS) if valid else (ladders(), notation_text())
    activities = [{"code": f"A{n}", "name": draw(NAMES),
                   "indicators": [{"name": draw(NAMES), "ladder": draw(ladder),
                                   **({"weight": draw(st.sampled_from(["0", "10", "50"] if valid else ["0", "10", "1e-999999999", "-1"]))}
                                      if draw(st.booleans()) else {})}
                                  for _ in range(draw(st.integers(1, 3)))]}
                  for n in range(draw(st.integers(0, 2)))]
    projects = [{"name": f"项目{n}", "indicators": [{"group": "产出指标", "subgroup": "数量指标", "name": draw(NAMES),
                                                    "target": draw(target)}
                                                   for _ in range(draw(st.integers(1, 3)))]}
                for n in range(draw(st.integers(0, 2)))]
    document = {"perfeval": 1, "department": {"code": "1", "name": "局"}, "year": 2023,
                "activities": activities, "projects": projects}
    if not valid and draw(st.integers(0, 9)) == 0:  # a structural fault: a key misspelt or a list where a mapping goes
        document[draw(st.sampled_from(["activites", "year", "projects"]))] = draw(st.sampled_from([[1], "x", None]))
    return json.dumps(document, ensure_ascii=False)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def actuals_files(draw: st.DrawFn, ids: list[str]) -> tuple[str, str]:
    """(suffix, text) of an actuals file for a book with ``ids``: the ids
    given or misspelt, values drawn as cells are typed, in CSV or YAML; some
    CSV lines are then broken by hand (an unquoted comma, a stray quote)."""
    known = st.sampled_from(ids) if ids else st.just("x/y")
    records = draw(st.lists(st.tuples(st.one_of(known, NAMES), st.one_of(notation_text(), st.just("")),
                                      st.one_of(st.none(), st.text(max_size=10))), max_size=8))
    if draw(st.booleans()):
        return ".yaml", json.dumps([{"id": i, "actual": a, **({"note": n} if n is not None else {})}
                                    for i, a, n in records], ensure_ascii=False)
    text = _csv(["id", "actual", "note"], [[i, a, n or ""] for i, a, n in records])
    if draw(st.integers(0, 3)) == 0:
        text += draw(st.sampled_from(['P/资金,7,350万元\n', 'P/资金,"73\n', 'P/资金,"7"3\n', ',,,,\n', '\n\n']))
    return ".csv", text


@st.composite
def budget_files(draw: st.DrawFn, projects: list[str]) -> tuple[str, str]:
    """(suffix, text) of a budget file: amounts, words and junk, in CSV or YAML."""
    amounts = st.one_of(notation_text(), st.sampled_from(["145", "141.6万元", "1,300万元", "/", "无", "0", "-5"]))
    names = st.sampled_from(projects) if projects else NAMES
    records = draw(st.lists(st.tuples(names, amounts, amounts, st.sampled_from(["", "当年财政拨款", "其他", "本年财政拨款"])),
                            max_size=5))
    if draw(st.booleans()):
        return ".yaml", json.dumps([{"project": p, "budget": b, "executed": e, **({"source": s} if s else {})}
                                    for p, b, e, s in records], ensure_ascii=False)
    return ".csv", _csv(["project", "budget", "executed", "source"], [list(r) for r in records])
