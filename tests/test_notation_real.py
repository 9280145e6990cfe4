"""Reading real published cells (rules §2), row by row.

Every row quotes a cell of ``tests/data/real_cells.csv`` (the comment names
its place, year and line of the CSV), or, where that corpus has none, a cell
that the rules or the issue quote (marked "quoted").  A few rows marked
"constructed" pin an edge the corpus cannot show.  The expected condition is
built from the classes, never from the parser, and the notes' codes are
asserted with it.

The Hypothesis laws at the end build text from its parts: periods and delay
ranges read back as themselves, a period is never a numeric range, and a
quantity converted exactly to another unit of its dimension has the same base.
"""

from __future__ import annotations

import csv
import datetime
import pathlib
from decimal import Decimal

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import perfeval
from perfeval import NotationError, parse
from perfeval._arith import div, mul
from perfeval.codes import Code
from perfeval.notation import NotationContext, Period
from perfeval.notation.conditions import Compare, Deadline, Delay, Op, Quantity, Range, Words, format_decimal
from perfeval.notation.parser import Parsed, parse_measurement, parse_notation
from perfeval.notation.units import lookup
from perfeval.rules import is_length, is_money

D = Decimal
GE, LE = Op.GE, Op.LE
CORPUS = pathlib.Path(__file__).parent / "data" / "real_cells.csv"
LENGTH = NotationContext(length=True)
MONEY = NotationContext(money=True)


def q(value: str, unit: str | None = None) -> Quantity:
    return Quantity(D(value), lookup(unit) if unit else None)


def codes(parsed: Parsed) -> list[str]:
    return [n.code for n in parsed.notes]


# (text, context, condition, the codes of the parser's notes)
READINGS = [
    # --- 1. a notation context: what the indicator says about itself -------------------------------------------
    # 湘潭市环境卫生管理处 2023, 雾炮车风炮射程 (line 39): M is metres on a length (射程)
    ("≥80M", LENGTH, Compare(GE, q("80", "米")), [Code.METRES_FROM_NAME]),
    # 湘潭市环境卫生管理处 2024, 雾炮车风炮射程 (line 138)
    ("80M", LENGTH, Compare(None, q("80", "米")), [Code.METRES_FROM_NAME]),
    # 宁夏同心县下马关镇 2023, 作物种植补助标准 … 补助成本(≤**元/株) (line 117): '/' after the number is 元/
    ("≤28.40/株", MONEY, Compare(LE, q("28.40", "元/株")), [Code.YUAN_FROM_SLASH]),
    # --- 2. dates and periods as targets ---------------------------------------------------------------------
    # 武川县民族事务委员会 2021, 开工时限 / 竣工时限 (lines 282, 283): a year and a month is the end of that month
    ("2021年7月", None, Deadline(2021, 7), []),
    ("2021年9月", None, Deadline(2021, 9), []),
    # quoted (rules §2): 2023年12月, 2021年12月完成
    ("2023年12月", None, Deadline(2023, 12), []),
    ("2021年12月完成", None, Deadline(2021, 12, None, "完成"), []),
    # quoted: a month alone stays a quantity of months (under 时效 the evaluate layer reads it as a deadline)
    ("12月", None, Compare(None, q("12", "月")), []),
    # 广元市昭化区卫生健康局 2021, 项目实施时间 (line 248)
    ("2021年1月-12月", None, Period(2021, 1, 2021, 12), [Code.PERIOD_AS_DEADLINE]),
    # 某区城市管理委员会 2020, 各项费用使用周期 and 保障期限 (lines 165, 168)
    ("2020年1月--2020年11月", None, Period(2020, 1, 2020, 11), [Code.PERIOD_AS_DEADLINE]),
    # 湘潭市环境卫生管理处 2023, 服务周期 (line 41): a service period, not the range 2023.07–2024.01
    ("2023.07-2024.01", None, Period(2023, 7, 2024, 1), [Code.PERIOD_AS_DEADLINE]),
    # 大英县双心及文明城市创建专项资金 2020, 全年 (line 346)
    ("1-12月", None, Period(None, 1, None, 12), [Code.PERIOD_AS_DEADLINE]),
    # quoted (rules §2): 全年
    ("全年", None, Period(None, 1, None, 12), [Code.PERIOD_AS_DEADLINE]),
    # 四川大英经济开发区管理委员会 2020 (line 172), with its trailing 。
    ("2020年全年。", None, Period(2020, 1, 2020, 12), [Code.PERIOD_AS_DEADLINE]),
    # 大英县民政局 2020, 时效 cell 2020年 (line 334): that whole year, not 24240 months
    ("2020年", None, Period(2020, 1, 2020, 12), [Code.PERIOD_AS_DEADLINE]),
    # --- 3. delays (quoted: the corpus has none, rules §2 and its README "Gaps") -------------------------------
    ("延期15-30天", None, Delay(None, q("15", "天"), q("30", "天")), []),
    ("延期15天-30天", None, Delay(None, q("15", "天"), q("30", "天")), []),
    ("延期1-2周", None, Delay(None, q("1", "周"), q("2", "周")), []),
    ("延期一至两周", None, Delay(None, q("1", "周"), q("2", "周")), []),
    ("及时", None, Delay(None, q("0")), []),
    ("按时完成", None, Delay(None, q("0")), []),
    ("按期完成", None, Delay(None, q("0")), []),
    # --- 4. units ----------------------------------------------------------------------------------------------
    # 苏州市财政局 2021, 灾备存储空间 (line 423)
    ("80TB", None, Compare(None, q("80", "TB")), [Code.UNIT_FACTOR]),
    # 安徽省濉溪县民政局 2019, ★农村低保标准(≥**元/人·月) (line 220): * between the denominators
    (">=530元/人*月", None, Compare(GE, q("530", "元/人·月")), []),
    # the same table's names write 元/人·月 and 元/户·年 (lines 220, 224)
    ("≥530元/人·月", None, Compare(GE, q("530", "元/人·月")), []),
    ("≤5300元/户·年", None, Compare(LE, q("5300", "元/户·年")), []),
    # 临邑县师范附属小学 2025, 义务教育小学生均公用经费 (line 366): 生 is a counter, /年 a second denominator
    ("780元/生/年", None, Compare(None, q("780", "元/生·年")), []),
    # 武川县民族事务委员会 2021, 饲料库120平米 (line 285): 平米 is 平方米 (test_pingmi_is_square_metres)
    ("490元/平米", None, Compare(None, q("490", "元/平米")), []),
    # 岳阳县农业农村局 2022, 道路硬化里程 (line 52)
    ("≥100公里", None, Compare(GE, q("100", "公里")), []),
    # 某区城市管理委员会 2020, 清扫保洁道路面积 (line 160)
    ("1346.0088万平方米", None, Compare(None, q("1346.0088", "万平方米")), []),
    # 苏州市财政局 2021, 灾备恢复速度 / 灾备切换速度 (lines 417, 419): 分钟 is time, not 分 (points)
    ("2 小时", None, Compare(None, q("2", "小时")), []),
    ("5 分钟", None, Compare(None, q("5", "分钟")), []),
    # quoted (rules §2): points, multiples, km, GB, 万立方米, 名 and the counters the corpus lacks
    ("≥90分", None, Compare(GE, q("90", "分")), []),
    ("≥2倍", None, Compare(GE, q("2", "倍")), []),
    ("≥12km", None, Compare(GE, q("12", "km")), []),
    ("≥500GB", None, Compare(GE, q("500", "GB")), []),
    ("5万立方米", None, Compare(None, q("5", "万立方米")), []),
    ("≥20名", None, Compare(GE, q("20", "名")), []),
    ("≥3门", None, Compare(GE, q("3", "门")), []),
    ("≥6批次", None, Compare(GE, q("6", "批次")), []),
    ("≥4班次", None, Compare(GE, q("4", "班次")), []),
    # --- 6. surrounding text -----------------------------------------------------------------------------------
    # 四川大英经济开发区管理委员会 2020, 15万元。 (line 174): the trailing 。 is dropped
    ("15万元。", None, Compare(None, q("15", "万元")), []),
    # the same table (line 178): one value and one comparison word in a short sentence
    ("辖区企业满意率达95%以上。", None, Compare(GE, q("95", "%")), [Code.VALUE_EXTRACTED]),
    # the same table, an actual (line 175)
    ("按合同10.5万元。", None, Compare(None, q("10.5", "万元")), [Code.VALUE_EXTRACTED]),
    # 大英县双心及文明城市创建专项资金 2020, 宣传次数 (line 342): the comparison word need not touch the value
    ("至少全年完成2次宣传", None, Compare(GE, q("2", "次")), [Code.VALUE_EXTRACTED]),
    # 天津东疆保税港区管理委员会 2020, 建设占地面积 and its actual (lines 370, 371); 约 is noted
    ("约12000平方米", None, Compare(None, q("12000", "平方米")), [Code.VALUE_EXTRACTED]),
    ("约20000平方米", None, Compare(None, q("20000", "平方米")), [Code.VALUE_EXTRACTED]),
    # 苏州市财政局 2021, 资金节约率 (line 431): 及其以下 is 以下 in a sentence
    ("15%及其以下", None, Compare(LE, q("15", "%")), []),  # 及其以下 is a comparison word (rules §2): no extraction
    # quoted (rules §2, §3): a bare value keeps op None, so the group decides its direction
    ("100%覆盖", None, Compare(None, q("100", "%")), [Code.VALUE_EXTRACTED]),
    ("保障98%以上", None, Compare(GE, q("98", "%")), [Code.VALUE_EXTRACTED]),
    # quoted standard notes, on the corpus's value ≥95% (宁夏同心县下马关镇 2023, line 123)
    ("≥95%(历史标准)", None, Compare(GE, q("95", "%")), [Code.STANDARD_NOTE]),
    ("≥95%（计划标准）", None, Compare(GE, q("95", "%")), [Code.STANDARD_NOTE]),
    ("(行业标准)≥95%", None, Compare(GE, q("95", "%")), [Code.STANDARD_NOTE]),
    ("≥95%(国家标准)。", None, Compare(GE, q("95", "%")), [Code.STANDARD_NOTE]),
    # --- what stays words ----------------------------------------------------------------------------------------
    # the seed (曹妃甸区人社局 2023, ../shared/seed): how long an effect lasts is not ≤1年
    ("1年内持续发挥作用", None, Words("1年内持续发挥作用"), [Code.READ_AS_WORDS]),
    # 四川大英经济开发区管理委员会 2020 (lines 176, 170): words keep their whole text, 。 and all
    ("美化环境。", None, Words("美化环境。"), []),
    ("做好经开区辖区内河道保洁服务费。", None, Words("做好经开区辖区内河道保洁服务费。"), []),
    # 广元市昭化区卫生健康局 2021, 成本控制 (line 250): one value, but no short sentence
    ("严格按照预算标准1000元/人给补助对象兑付补助", None, Words("严格按照预算标准1000元/人给补助对象兑付补助"), []),
    # quoted (rules §2): a number inside longer text
    ("12345热线", None, Words("12345热线"), [Code.READ_AS_WORDS]),
    ("5G网络", None, Words("5G网络"), [Code.READ_AS_WORDS]),
    ("3A级", None, Words("3A级"), [Code.READ_AS_WORDS]),
    # quoted (rules §4): a tier with its explicit ratio is not a value read out of a sentence
    ("部分达成 75%", None, Words("部分达成75%"), []),
    ("已完成100%", None, Words("已完成100%"), []),  # 大英县双心及文明城市创建专项资金 2020, actual (line 343)
    # constructed: a date, a range or a Chinese numeral in a sentence is not extracted; 十分 is not ten points
    ("计划于2023年12月完成", None, Words("计划于2023年12月完成"), []),
    ("满意度80%-90%之间", None, Words("满意度80%-90%之间"), []),
    ("覆盖三个村95%以上", None, Words("覆盖三个村95%以上"), []),
    ("群众十分满意", None, Words("群众十分满意"), []),
]


@pytest.mark.parametrize("text, context, expected, notes", READINGS, ids=[r[0] for r in READINGS])
def test_real_cells_read_as(text, context, expected, notes):
    parsed = parse_notation(text, context or NotationContext())
    assert parsed.condition == expected
    assert codes(parsed) == notes
    assert perfeval.parse(text, context) == expected


@pytest.mark.parametrize("text, context, expected, notes", READINGS, ids=[r[0] for r in READINGS])
def test_real_cells_read_back(text, context, expected, notes):
    """The canonical form reads back as the same condition, without the context."""
    c = parse(text, context)
    assert parse(str(c)) == c


CANONICAL = [
    (Period(None, 1, None, 12, whole_year=True), "全年"),
    (Period(2020, 1, 2020, 12, whole_year=True), "2020年全年"),
    (Period(2021, 1, 2021, 12), "2021年1月-2021年12月"),
    (Period(None, 1, None, 12), "1月-12月"),
    (Period(2023, 7, 2024, 1), "2023年7月-2024年1月"),
    (Delay(None, q("15", "天"), q("30", "天")), "延期15-30天"),
    (Delay(None, q("1", "周"), q("30", "天")), "延期1周-30天"),
    (Delay.on_time(), "及时"),
    (Delay(None, q("0", "天")), "延期0天"),
]


@pytest.mark.parametrize("condition, text", CANONICAL, ids=[t for _, t in CANONICAL])
def test_canonical_forms(condition, text):
    assert str(condition) == text
    assert parse(text) == condition
    assert repr(condition) == f"{type(condition).__name__}({text!r})"


def test_written_periods_keep_their_form():
    # 全年 and 1-12月 are the same period; each is shown as it was written
    assert parse("全年") == parse("1-12月") == parse("1月至12月")
    assert (str(parse("全年")), str(parse("1-12月")), str(parse("2021年1月-12月"))) == (
        "全年", "1月-12月", "2021年1月-2021年12月")
    assert str(parse("2020年全年。")) == str(parse("2020年")) == "2020年全年"


# --- errors ----------------------------------------------------------------------------------------------------

ERRORS = [
    # 湘潭市环境卫生管理处 2023 and 2024, 雾炮车风炮射程 (lines 39, 138), read with no length context
    ("≥80M", None, Code.UNKNOWN_UNIT, (3, 4)),
    ("80M", None, Code.UNKNOWN_UNIT, (2, 3)),
    ("80M以上", None, Code.UNKNOWN_UNIT, (2, 3)),
    # constructed: one CJK character that is no unit
    ("≥5樽", None, Code.UNKNOWN_UNIT, (2, 3)),
    ("不少于5樽", None, Code.UNKNOWN_UNIT, (4, 5)),
    # 宁夏同心县下马关镇 2023 (line 117), on an indicator that does not count money: as before
    ("≤28.40/株", None, Code.UNEXPECTED_TEXT, (6, 7)),
    # constructed: periods that end before they start
    ("2021年12月-3月", None, Code.BAD_DATE, (0, 11)),
    ("2024.01-2023.07", None, Code.BAD_DATE, (0, 15)),
    # constructed: delay ranges
    ("延期30-15天", None, Code.RANGE_REVERSED, (2, 8)),
    ("延期≥15-30天", None, Code.OPERATOR_WITH_RANGE, (2, 3)),
    ("延期15-30人", None, Code.DELAY_UNIT, (2, 8)),
]


@pytest.mark.parametrize("text, context, code, span", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(text, context, code, span):
    with pytest.raises(NotationError) as info:
        parse(text, context)
    assert (info.value.code, info.value.span) == (code, span)


def test_an_unknown_unit_names_the_token_and_how_to_declare_it():
    with pytest.raises(NotationError) as info:
        parse("≥80M")  # 湘潭市环境卫生管理处 2023 (line 39)
    message = str(info.value)
    assert "'M'" in message and "units: [M]" in message
    text_line, caret_line = message.splitlines()[1:]
    assert caret_line.index("^") - text_line.index("≥") == 3  # under the M


def test_the_caret_of_an_unknown_unit_sits_under_the_text_as_typed():
    with pytest.raises(NotationError) as info:
        parse("≥８０Ｍ")  # full-width: the caret goes under the Ｍ as written
    assert info.value.code == Code.UNKNOWN_UNIT and info.value.span == (3, 4)


def test_the_caret_counts_a_stripped_standard_note():
    with pytest.raises(NotationError) as info:
        parse("(历史标准)≥80M")
    assert info.value.code == Code.UNKNOWN_UNIT and info.value.span == (9, 10)


def test_declared_counters_are_their_own_dimension():
    # a book declares `units: [樽, 批]` (rules §2); 批 is in the list already and stays as it is
    context = NotationContext(units=frozenset({"樽", "批"}))
    c = parse("≥5樽", context)
    assert isinstance(c, Compare) and c.quantity.value == 5
    assert (c.quantity.unit.symbol, c.quantity.dimension) == ("樽", "count:樽")
    assert parse("≥5批", context) == Compare(GE, q("5", "批"))
    assert parse("200元/樽", context).quantity.dimension == "money/count:樽"
    assert parse_measurement("6樽", context)[1].dimension == "count:樽"


def test_measurements_read_the_new_units():
    # 苏州市财政局 2021, 灾备存储空间 actual (line 424); 安徽省濉溪县民政局 2019 actual (line 221)
    op, quantity, notes = parse_measurement("120TB")
    assert (op, quantity, [n.code for n in notes]) == (None, q("120", "TB"), [Code.UNIT_FACTOR])
    assert quantity.base == D(120 * 1024)
    assert parse_measurement("583元/人*月")[1] == q("583", "元/人·月")
    assert parse_measurement("80M", LENGTH)[1] == q("80", "米")
    assert parse_measurement("15万元。")[1] == q("15", "万元")
    with pytest.raises(NotationError) as info:
        parse_measurement("80M")
    assert info.value.code == Code.UNKNOWN_UNIT


def test_pingmi_is_square_metres():
    # 武川县民族事务委员会 2021 (lines 285, 287): 490元/平米, 550元/平米
    assert parse("490元/平米").quantity.base == parse("490元/平方米").quantity.base
    assert parse("120平米").quantity.base == parse("120平方米").quantity.base


def test_ming_counts_people_not_person_times():
    assert lookup("名").dimension == lookup("人").dimension != lookup("人次").dimension
    assert parse("20名").quantity.base == parse("20人").quantity.base


def test_points_and_minutes_by_longest_match():
    assert parse("90分").quantity.dimension == "points"
    assert parse("90分钟").quantity.dimension == "time"
    assert parse("九十分以上") == Compare(GE, q("90", "分"))


def test_on_time_has_no_unit_and_is_zero():
    c = Delay.on_time()
    assert c.quantity.unit is None and c.quantity.base == 0 and str(c) == "及时"
    assert parse("延期0周") != c  # a zero delay written with its unit keeps it


def test_a_period_is_due_at_the_end_of_its_last_month():
    assert parse("2021年1月-12月").due() == datetime.date(2021, 12, 31)
    assert parse("2020年1月--2020年11月").due() == datetime.date(2020, 11, 30)
    assert parse("2023.07-2024.01").due(2023) == datetime.date(2024, 1, 31)  # a written year wins
    assert parse("1-12月").due(2023) == datetime.date(2023, 12, 31)          # else the budget year
    assert parse("全年").due(2024) == datetime.date(2024, 12, 31)
    assert Period(2024, 1, None, 2).due() == datetime.date(2024, 2, 29)       # the end year is the start's
    with pytest.raises(ValueError):
        parse("全年").due()


def test_a_standard_note_is_kept_apart():
    parsed = parse_notation("≥95%(历史标准)")
    assert (parsed.condition, parsed.standard) == (Compare(GE, q("95", "%")), "历史标准")
    assert parse_notation("≥95%").standard is None


def test_the_context_is_part_of_the_cache_key():
    assert parse_notation.cache_info().maxsize == 65536
    with pytest.raises(NotationError):
        parse_notation("80M")
    assert parse_notation("80M", LENGTH).condition == Compare(None, q("80", "米"))
    context = NotationContext(units=["门", "批"], money=True)  # any collection of text
    assert context == NotationContext(units=frozenset({"批", "门"}), money=True)
    assert hash(context) == hash(NotationContext(units=frozenset({"批", "门"}), money=True))
    with pytest.raises(AttributeError):
        context.money = False
    with pytest.raises(TypeError):
        NotationContext(units="门")
    with pytest.raises(TypeError):
        parse_notation("80M", {"length": True})


@pytest.mark.parametrize("name, length", [("雾炮车风炮射程", True), ("新建堤防、护岸长度", True), ("运输距离", True),
                                          ("道路宽度", True), ("脱贫村村内道路硬化里程", True), ("参保人数", False),
                                          (None, False)])
def test_names_that_are_lengths(name, length):
    # 湘潭市环境卫生管理处 2023 (line 39), 宝鸡市陈仓区水利局 2020 (指标1:新建堤防、护岸长度), 岳阳县农业农村局 2022 (line 52)
    assert is_length(name) is length


# --- the whole corpus --------------------------------------------------------------------------------------------

def _corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _context(row: dict[str, str]) -> NotationContext:
    name = row["name"] or None
    return NotationContext(money=is_money(name, row["subgroup"], row["group"]), length=is_length(name))


def test_the_real_cells_that_motivated_this_read_with_their_rows_context():
    rows = {(r["name"], r["text"]): r for r in _corpus() if r["kind"] == "target"}
    # 雾炮车风炮射程 is a length; the 补助成本 of 黄金蜜 counts money (lines 39, 117)
    assert parse("≥80M", _context(rows["雾炮车风炮射程", "≥80M"])) == Compare(GE, q("80", "米"))
    cost = next(r for (name, text), r in rows.items() if text == "≤28.40/株")
    assert parse("≤28.40/株", _context(cost)) == Compare(LE, q("28.40", "元/株"))


def test_every_real_target_reads_or_raises_a_catalogued_error():
    for row in _corpus():
        texts = row["text"].split(" / ") if row["kind"] == "ladder" else [row["text"]]
        for text in texts:
            try:
                c = parse(text, _context(row))
            except NotationError as error:
                assert error.code in {c.value for c in Code}
                continue
            assert parse(str(c)) == c, (text, c)


def test_no_real_period_reads_as_a_range():
    periods = ["2023.07-2024.01", "2020年1月--2020年11月", "2021年1月-12月", "1-12月", "2020年全年。", "2020年"]
    found = [r["text"] for r in _corpus() if r["text"] in periods]
    assert sorted(set(found)) == sorted(periods)
    assert all(isinstance(parse(t), Period) for t in found)


# --- Hypothesis laws (rules §2) ----------------------------------------------------------------------------------

YEARS = st.integers(1990, 2099)
MONTHS = st.integers(1, 12)


@st.composite
def periods(draw) -> Period:
    """A valid period built from its parts: years may be left out."""
    start_year = draw(st.one_of(st.none(), YEARS))
    if start_year is None:
        end_year = draw(st.one_of(st.none(), YEARS))
    else:
        end_year = draw(st.one_of(st.none(), st.integers(start_year, 2099)))
    m1, m2 = draw(MONTHS), draw(MONTHS)
    if end_year is None or end_year == start_year:
        m1, m2 = sorted((m1, m2))
    return Period(start_year, m1, end_year, m2, whole_year=draw(st.booleans()))


@given(periods())
def test_periods_read_back(c):
    note(f"{c!r} → {str(c)!r}")
    assert parse(str(c)) == c
    assert str(parse(str(c))) == str(c)


SEPARATORS = st.sampled_from(["-", "--", "—", "——", "~", "～", "至", "到"])


@st.composite
def written_periods(draw) -> tuple[str, Period]:
    """A period written as the tables write them: (text, the period)."""
    year = draw(YEARS)
    m1, m2 = sorted((draw(MONTHS), draw(MONTHS)))
    sep = draw(SEPARATORS)
    form = draw(st.sampled_from(["year-months", "years-months", "dotted", "months", "month-months", "whole",
                                 "year-whole", "year"]))
    end = draw(st.sampled_from(["", "", "。", "；", "，"]))
    if form == "year-months":  # 2021年1月-12月
        return f"{year}年{m1}月{sep}{m2}月{end}", Period(year, m1, year, m2)
    if form == "years-months":  # 2020年1月--2020年11月, 2023年7月-2024年1月
        later = draw(st.integers(year, 2099))
        if later > year:
            m1, m2 = draw(MONTHS), draw(MONTHS)
        return f"{year}年{m1}月{sep}{later}年{m2}月{end}", Period(year, m1, later, m2)
    if form == "dotted":  # 2023.07-2024.01
        later = draw(st.integers(year, 2099))
        if later > year:
            m1, m2 = draw(MONTHS), draw(MONTHS)
        dot = draw(st.sampled_from([".", "-", "/"]))
        return f"{year}{dot}{m1:02d}{sep}{later}{dot}{m2:02d}{end}", Period(year, m1, later, m2)
    if form == "months":  # 1-12月
        return f"{m1}{sep}{m2}月{end}", Period(None, m1, None, m2)
    if form == "month-months":  # 1月-12月
        return f"{m1}月{sep}{m2}月{end}", Period(None, m1, None, m2)
    if form == "whole":
        return f"全年{end}", Period(None, 1, None, 12)
    if form == "year-whole":  # 2020年全年。
        return f"{year}年全年{end}", Period(year, 1, year, 12)
    return f"{year}年{end}", Period(year, 1, year, 12)  # a year alone


@given(written_periods())
def test_a_period_is_never_a_numeric_range(case):
    text, expected = case
    c = parse(text)
    note(f"{text!r} → {c!r}")
    assert not isinstance(c, Range)
    assert isinstance(c, Period) and c == expected
    assert parse(str(c)) == c


DELAY_UNITS = ["天", "日", "周", "星期", "个工作日", "工作日", "小时", "分钟", "月", "个月"]
DELAY_VALUES = st.one_of(st.integers(0, 90).map(D), st.decimals(min_value=0, max_value=90, places=1))


@st.composite
def delay_ranges(draw) -> tuple[str, Delay]:
    """A delay range built from its parts, the unit written once at the end or on both ends."""
    unit = lookup(draw(st.sampled_from(DELAY_UNITS)))
    low, high = sorted((draw(DELAY_VALUES), draw(DELAY_VALUES)))
    word = draw(st.sampled_from(["延期", "延迟", "推迟", "逾期"]))
    sep = draw(st.sampled_from(["-", "~", "至", "到"]))
    both = draw(st.booleans())
    text = f"{word}{format_decimal(low)}{unit.symbol if both else ''}{sep}{format_decimal(high)}{unit.symbol}"
    return text, Delay(None, Quantity(low, unit), Quantity(high, unit))


@given(delay_ranges())
def test_delay_ranges_read_back(case):
    text, expected = case
    c = parse(text)
    note(f"{text!r} → {c!r} → {str(c)!r}")
    assert c == expected
    assert parse(str(c)) == c
    assert str(parse(str(c))) == str(c)


# Every dimension with more than one unit (rules §2), with the ways its units are written.
DIMENSIONS = {
    "money": ["元", "万元", "亿元"],
    "share": ["%", "‰"],
    "length": ["米", "m", "千米", "公里", "km", "厘米", "万米"],
    "area": ["亩", "万亩", "公顷", "平方米", "平米", "万平方米", "平方公里"],
    "volume": ["立方米", "万立方米"],
    "weight": ["克", "千克", "公斤", "斤", "吨", "万吨"],
    "time": ["分钟", "小时", "天", "日", "周", "星期"],
    "months": ["月", "个月", "季度", "年"],
    "workdays": ["个工作日", "工作日"],
    "data": ["GB", "TB"],
    "count:人": ["人", "名", "万人"],
}


@st.composite
def conversions(draw) -> tuple[str, str, str]:
    """(dimension, a quantity's text in one unit, the same quantity converted exactly to another)."""
    dimension = draw(st.sampled_from(sorted(DIMENSIONS)))
    a, b = draw(st.lists(st.sampled_from(DIMENSIONS[dimension]), min_size=2, max_size=2, unique=True))
    n = draw(st.one_of(st.integers(0, 10 ** 6).map(D), st.decimals(min_value=0, max_value=10 ** 4, places=2)))
    fa, fb = lookup(a).factor, lookup(b).factor
    # n·fa·fb in base units is n·fb in a and n·fa in b, both exact.
    va, vb = mul(n, fb), mul(n, fa)
    assert div(va, fb) == div(vb, fa)
    # Written with an operator: a bare 2020年 is a year, not 24240 months (rules §2).
    return dimension, f"≥{format_decimal(va)}{a}", f"≥{format_decimal(vb)}{b}"


@given(conversions())
def test_a_quantity_converted_exactly_has_the_same_base(case):
    dimension, written, converted = case
    x, y = parse(written), parse(converted)
    note(f"{written} → {x!r}, {converted} → {y!r}")
    assert isinstance(x, Compare) and isinstance(y, Compare)
    assert x.quantity.dimension == y.quantity.dimension == dimension
    assert x.quantity.base == y.quantity.base


@st.composite
def graded_conversions(draw) -> tuple[str, str, str, D]:
    """A target in one unit of a dimension, and one actual written in two units
    of that dimension, converted exactly (rules §2: a conversion happens only
    inside one dimension, and exactly)."""
    dimension = draw(st.sampled_from(sorted(d for d in DIMENSIONS if d not in ("months", "count:人"))))
    target_unit, a, b = draw(st.lists(st.sampled_from(DIMENSIONS[dimension]), min_size=3, max_size=3)
                             .filter(lambda units: units[1] != units[2]))
    bound = draw(st.integers(1, 10 ** 4).map(D))
    n = draw(st.one_of(st.integers(0, 10 ** 5).map(D), st.decimals(min_value=0, max_value=10 ** 4, places=2)))
    fa, fb = lookup(a).factor, lookup(b).factor
    op = draw(st.sampled_from(["≥", "≤", ">", "<", "="]))
    return f"{op}{format_decimal(bound)}{target_unit}", f"{format_decimal(mul(n, fb))}{a}", \
        f"{format_decimal(mul(n, fa))}{b}", n


@given(graded_conversions())
def test_converting_an_actual_to_another_unit_never_changes_its_grade(case):
    """Rules §2: for every dimension with more than one unit, an actual
    written in another unit of the dimension scores and grades the same."""
    text, one, other, _ = case
    t = perfeval.target(text)

    def outcome(actual):
        try:
            s = t.score(actual, 10)
        except perfeval.NotationError as error:
            return error.code
        return s.achieved, s.exact_ratio, s.grade

    note(f"{text}: {one} → {outcome(one)}, {other} → {outcome(other)}")
    assert outcome(one) == outcome(other)
