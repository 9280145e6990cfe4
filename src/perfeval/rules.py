"""The readings perfeval takes where the public rules leave a choice.

``../shared/domain/rules.md`` is the contract; every word list and default
that it fixes lives here, so that a reading can be changed in one place.

>>> PREFIX_WORDS["不少于"], SUFFIX_WORDS["以内"]
('≥', '≤')
>>> grade_of_ratio(Decimal("0.85"))
'良'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ._arith import EXACT as _EXACT_SCALE
from .codes import Code
from .errors import DefinitionError

GRADES = ("优", "良", "中", "差")
WORST_GRADE = GRADES[-1]

# --- direction of improvement: up (higher is better, 正向) or down (反向)
UP, DOWN = "up", "down"
# Split-column tables (rules §2) write the direction as 正向 or 正向指标 (四川's 指标方向性).
_DIRECTIONS = {
    "up": UP, "higher": UP, "正向": UP, "正向指标": UP, "≥": UP, ">": UP,
    "down": DOWN, "lower": DOWN, "反向": DOWN, "反向指标": DOWN, "≤": DOWN, "<": DOWN,
}


def direction_of(value: str | None) -> str | None:
    """``"up"`` (higher is better, 正向) or ``"down"`` (lower is better, 反向).

    >>> direction_of("反向")
    'down'
    """
    if value is None:
        return None
    try:
        return _DIRECTIONS[value]
    except (KeyError, TypeError):
        raise DefinitionError(Code.BAD_DIRECTION,
                              f"direction must be one of {', '.join(sorted(_DIRECTIONS))}, not {value!r}") from None


# --- comparison words (rules §2).  以上/以下/以内 include the number
# (《民法典》第一千二百五十九条).
PREFIX_WORDS: dict[str, str] = {
    "不低于": "≥", "不少于": "≥", "至少": "≥", "达到": "≥", "大于等于": "≥", "不小于": "≥",
    "不高于": "≤", "不超过": "≤", "不多于": "≤", "小于等于": "≤", "不大于": "≤", "控制在": "≤",
    "超过": ">", "高于": ">", "多于": ">", "大于": ">",
    "低于": "<", "少于": "<", "不足": "<", "不满": "<", "小于": "<",
}
SUFFIX_WORDS: dict[str, str] = {
    "及其以上": "≥", "及以上": "≥", "以上": "≥",
    "及其以下": "≤", "及以下": "≤", "以下": "≤", "以内": "≤", "之内": "≤", "内": "≤",
}

# --- not applicable (rules §2)
NOT_APPLICABLE = frozenset({"/", "无", "不适用"})


def is_not_applicable(normalized: str) -> bool:
    """Whether normalised text says the indicator does not apply (rules §2).

    >>> is_not_applicable("不适用"), is_not_applicable("0")
    (True, False)
    """
    return normalized in NOT_APPLICABLE

# --- actuals against a deadline or a delay (rules §2): on time, as the deadline's own reading.
ON_TIME_ACTUALS = frozenset({"完成", "已完成", "按时完成", "如期完成", "按期完成", "已按时完成", "已按期完成"})

# --- delays (rules §2): a month counts 30 days and a year 365 where a delay
# ladder mixes them with days or weeks (the natural method of counting a
# period with no calendar start, 自然计算法).
DAYS_PER_MONTH, DAYS_PER_YEAR = Decimal(30), Decimal(365)

# --- delays (rules §2): on time is a delay of 0.
ON_TIME_WORDS = frozenset({"及时", "按时", "按时完成", "准时", "如期", "如期完成", "按期完成"})
DELAY_WORDS = ("延期", "延迟", "推迟", "逾期")

# --- deadlines that mean the end of the budget year (rules §2).
YEAR_END_WORDS = ("年底前", "年底", "年末前", "年末", "年内", "年度内", "本年度内", "当年", "本年")

# --- periods (rules §2): a period as a target means done by its end, and is
# never a numeric range.  These words name a whole year (全年, 2020年全年); a
# year written alone (2020年, 2020年度) is read as that whole year too.
WHOLE_YEAR_WORDS = ("全年度", "全年")

# --- surrounding text (rules §2): not part of the value.
# A trailing 。, ；or ，is dropped (after NFKC: 。 ; , and the ASCII full stop).
TRAILING_PUNCTUATION = "。;,."
# A parenthesised standard note, (历史标准), (计划标准), (行业标准), (国家标准) …,
# is kept apart from the value, in Parsed.standard.
STANDARD_NOTE = re.compile(r"\((?P<standard>[\u4e00-\u9fff]{0,6}标准)\)")
# A short text with exactly one value and at most one comparison word yields
# that value (辖区企业满意率达95%以上。, 100%覆盖, 保障98%以上), flagged.  "Short":
# at most this many characters of words around the value and its comparison
# word.  A span of time in a sentence (1年内持续发挥作用) stays words: it may say
# how long an effect lasts, not a target to reach.
EXTRACT_MAX_WORDS = 12

# --- qualitative tiers (rules §2), best first.
ACHIEVED, PARTLY, NOT_ACHIEVED = "达成", "部分达成", "未达成"
TIERS = (ACHIEVED, PARTLY, NOT_ACHIEVED)
TIER_WORDS: dict[str, str] = {
    **dict.fromkeys(("达成", "完成", "已完成", "是", "合格", "合规", "及时", "达到", "符合",
                     "全部完成", "已达成", "按时完成"), ACHIEVED),
    **dict.fromkeys(("部分达成", "基本达到", "基本完成", "部分完成", "基本达成", "基本符合"), PARTLY),
    **dict.fromkeys(("未达成", "未完成", "否", "不合格", "未达到", "不符合", "不合规"), NOT_ACHIEVED),
}

# Words after a tier word that undo it: 完成率不高, 是否完成.
NEGATIONS = frozenset("不未否没无非")

# Ratio ranges of each tier, in percent (rules §4).  "2020" is the national
# scheme of 财预〔2020〕10号; "legacy" the older 80/50 split.
TIER_RANGES: dict[str, dict[str, tuple[Decimal, Decimal]]] = {
    "2020": {ACHIEVED: (Decimal(80), Decimal(100)), PARTLY: (Decimal(60), Decimal(80)),
             NOT_ACHIEVED: (Decimal(0), Decimal(60))},
    "legacy": {ACHIEVED: (Decimal(80), Decimal(100)), PARTLY: (Decimal(50), Decimal(80)),
               NOT_ACHIEVED: (Decimal(0), Decimal(50))},
}

# --- direction of a bare target (rules §4)
# Names that say less is better.  The reading is flagged so a user can
# confirm it; an explicit operator always wins.  A word counts only where it
# ends the name, or is followed by what counts it (率, 数, 次数 …): 投诉率 is
# less-is-better, 群众投诉办结率 is not.  Sources: rules §4's list, widened
# from the real tables in tests/data/real_cells.csv (安全事件, 中断, 调整率).
LESS_IS_BETTER_NAMES = ("发生率", "受害率", "成灾率", "事故", "投诉", "差错", "不合格", "失业率", "结余率",
                        "死亡率", "发病率", "变质", "发生数", "逾期", "安全事件", "违规", "失误", "上访",
                        "中断", "超支", "超概算", "调整率", "漏报", "错报", "返工", "流失率", "辍学率")
_COUNTED = "(?:率|数|次数|件数|起数|人数|量|次|起|件|例|宗|发放率|支付率|金额)?$"
_LESS_IS_BETTER = [(w, re.compile(re.escape(w) + ("$" if w.endswith("率") else _COUNTED)))
                   for w in LESS_IS_BETTER_NAMES]
# Rates where higher is better: a ≤ on one is a contradiction, a 1 with no
# unit means 100%, and a bare percentage under 成本 is still ≥ (rules §4).
HIGHER_IS_BETTER_RATES = ("执行率", "达标率", "到位率", "完成率", "覆盖率", "合格率", "发放率", "及时率",
                          "满意度", "满意率", "知晓率", "审稿率", "准确率", "正确率", "办结率", "通过率",
                          "完好率", "参保率", "兑现率", "使用率", "利用率", "入学率", "巩固率", "接种率",
                          "建档率", "回复率", "受理率", "出勤率", "达成率", "规范率", "落实率", "支付率",
                          "拨付率", "结算率", "参与率", "知晓度", "完工率", "验收率")
# Rates that cannot exceed 100%: only on these is ≤100% vacuous (rules §4).
# 执行率, 完成率 and 控制率 can (over-execution, 成本控制率 105%).
CAPPED_RATES = ("覆盖率", "合格率", "达标率", "满意度", "满意率", "知晓率", "准确率", "正确率", "及时率",
                "办结率", "通过率", "完好率", "参保率", "入学率", "巩固率", "接种率", "建档率", "回复率",
                "受理率", "出勤率", "规范率", "发放率", "兑现率", "知晓度", "完工率", "验收率")
# Durations where less is better (灾备恢复速度 2小时, 响应时间): a bare time is ≤ (rules §4).
LESS_TIME_IS_BETTER = ("速度", "用时", "耗时", "时长", "响应时间", "办理时间", "时限", "等待时间")
# An operator written into the name: 项目总投入(≥**万元), 救助标准(<**元/户·年) (rules §4).
_NAME_HINT = re.compile(r"[(（][^()（）]*?(≥|≤|>|<|不低于|不少于|不高于|不超过|低于|高于|以上|以下)")
COST_GROUP = "成本"
TIMELINESS_GROUP = "时效"
# Names that say an indicator counts money, so that a bare 万 means 万元 (rules §2).
_MONEY_NAME = re.compile(r"金额|资金|费用|成本|经费|补贴|补助|预算|投资|收入|支出")


def in_group(word: str, *groups: str | None) -> bool:
    """Whether an indicator sits under a group (一级 or 二级) naming ``word``.

    >>> in_group(COST_GROUP, "产出指标", "成本指标")
    True
    """
    return any(g and word in g for g in groups)


def is_money(name: str | None, *groups: str | None) -> bool:
    """Whether an indicator counts money: it sits under 成本, or its name
    says so (资金, 经费 …).  On such an indicator a bare 万 means 万元.

    >>> is_money("超征奖励费用总金额"), is_money("参保人数")
    (True, False)
    """
    return in_group(COST_GROUP, *groups) or bool(name and _MONEY_NAME.search(name))


# Names that say an indicator is a length, so that M means metres (rules §2:
# "M as metres only where the indicator's name is a length such as 长度, 距离,
# 宽度 or 里程").  射程 is from the real tables (雾炮车风炮射程 ≥80M).
LENGTH_NAME_WORDS = ("长度", "距离", "宽度", "里程", "射程")


def is_length(name: str | None) -> bool:
    """Whether an indicator's name says it is a length, so that ``M`` in its
    target reads as metres (rules §2).

    >>> is_length("雾炮车风炮射程"), is_length("新建堤防长度"), is_length("参保人数")
    (True, True, False)
    """
    return name is not None and any(w in name for w in LENGTH_NAME_WORDS)


def less_is_better_word(name: str | None) -> str | None:
    """The word in an indicator's name that says less is better, if any.

    >>> less_is_better_word("森林火灾受害率"), less_is_better_word("群众投诉办结率")
    ('受害率', None)
    """
    if not name:
        return None
    return next((w for w, pattern in _LESS_IS_BETTER if pattern.search(name)), None)


def higher_is_better_rate(name: str | None) -> str | None:
    """The rate word that ends a name and says higher is better, if any.

    >>> higher_is_better_rate("资金发放率"), higher_is_better_rate("逾期发放率")
    ('发放率', None)
    """
    if not name or less_is_better_word(name):
        return None
    return next((w for w in HIGHER_IS_BETTER_RATES if name.endswith(w)), None)


def is_capped_rate(name: str | None) -> bool:
    """Whether a name is a rate that cannot exceed 100%, so ≤100% bounds nothing.

    >>> is_capped_rate("资金发放率"), is_capped_rate("成本控制率")
    (True, False)
    """
    return name is not None and any(name.endswith(w) for w in CAPPED_RATES)


def less_time_word(name: str | None) -> str | None:
    """The word in a name that says a shorter time is better (恢复速度 2小时).

    >>> less_time_word("灾备恢复速度")
    '速度'
    """
    return next((w for w in LESS_TIME_IS_BETTER if name and w in name), None)


def operator_hint(name: str | None) -> str | None:
    """The operator written into a name, as ≥, ≤, > or <, if any.

    >>> operator_hint("项目总投入(≥**万元)"), operator_hint("救助标准（<**元/户·年）")
    ('≥', '<')
    """
    found = _NAME_HINT.search(name or "")
    if found is None:
        return None
    word = found.group(1)
    return PREFIX_WORDS.get(word) or SUFFIX_WORDS.get(word) or word


# --- actuals (rules §2) ----------------------------------------------------------
# Approximate values: read the number as written, flagged.  余 and 多 mean "a
# little more than", so the number is a lower bound and is read as written.
APPROXIMATE_PREFIXES = ("大约", "约为", "约", "近", "将近")
APPROXIMATE_SUFFIXES = ("左右", "上下")
APPROXIMATE_INFIXES = ("余", "多")  # 200余人, 600多人: between the number and its unit

# Grade scales written as a target (优良中低差, 优良, 好/较好/一般/差), best
# first, with the ratio of each grade (rules §4).  A four-step scale scores by
# the scheme's grade ratios; these are perfeval's own readings for the others.
GRADE_SCALES: tuple[tuple[tuple[str, Decimal], ...], ...] = (
    (("优", Decimal(1)), ("良", Decimal("0.8")), ("中", Decimal("0.6")), ("低", Decimal("0.4")),
     ("差", Decimal(0))),
    (("优", Decimal(1)), ("良", Decimal("0.8")), ("中", Decimal("0.6")), ("差", Decimal(0))),
    (("好", Decimal(1)), ("较好", Decimal("0.8")), ("一般", Decimal("0.6")), ("差", Decimal(0))),
    (("优", Decimal(1)), ("良", Decimal("0.8"))),
)


def grade_scale(text: str) -> tuple[tuple[str, Decimal], ...] | None:
    """The grade scale a target's text writes out, if it is one.

    >>> [g for g, _ in grade_scale("优良中低差")], [g for g, _ in grade_scale("好/较好/一般/差")]
    (['优', '良', '中', '低', '差'], ['好', '较好', '一般', '差'])
    >>> grade_scale("优秀") is None
    True
    """
    joined = re.sub(r"[/、,，\s]", "", text)
    return next((scale for scale in GRADE_SCALES if "".join(g for g, _ in scale) == joined), None)


# --- scoring defaults (rules §4, §5)
OVER_ACHIEVEMENT_FACTOR = Decimal("1.3")  # 偏差原因必填 at 130% of a ≥ target
# The grade of a total out of 100, and of one indicator's ratio in percent:
# [90, 100] 优, [80, 90) 良, [60, 80) 中, [0, 60) 差 (rules §4, §5).
GRADE_FLOORS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
# Exact whatever the context perfeval is imported in: 90 → 0.90.
_RATIO_FLOORS = tuple((floor.scaleb(-2, context=_EXACT_SCALE), grade) for floor, grade in GRADE_FLOORS)
GRADE_RATIOS = {"优": Decimal("1.0"), "良": Decimal("0.8"), "中": Decimal("0.6"), "差": Decimal("0")}
SUSPICIOUS_FRACTION = Decimal(1)  # a bare number ≤ 1 against a % target


# --- totals (rules §5)
# 一级指标 and the budget-execution line share the 100 points of a project.
BUDGET_LINE = "预算执行率"
FIRST_LEVEL_GROUPS = ("产出", "效益", "满意度", BUDGET_LINE)
DEFAULT_WEIGHTS = {"产出": Decimal(50), "效益": Decimal(30), "满意度": Decimal(10), BUDGET_LINE: Decimal(10)}
FULL_MARKS = Decimal(100)
# The self-assessment form states money in 万元: a budget amount with no unit is in 万元.
BUDGET_UNIT = "万元"
# Activities weigh equally in a department's total (rules §5 leaves the
# weights open; the activity table gives none).


# Older names of a 一级指标: 效果指标 is the pre-2020 forms' name for 效益指标.
FIRST_LEVEL_ALIASES = {"效果": "效益"}


# Groups that share their points (rules §5: Hubei's 效益+满意度 40): a weights key joins them with "+".
GROUP_JOIN = "+"
COMBINED_GROUPS = ("产出+效益", "效益+满意度", "产出+效益+满意度")


def members_of(group: str) -> tuple[str, ...]:
    """The 一级指标 a weights key covers: itself, or the groups it joins.

    >>> members_of("效益+满意度"), members_of("产出")
    (('效益', '满意度'), ('产出',))
    """
    return tuple(group.split(GROUP_JOIN))


def scored_groups(weight_keys: Iterable[str]) -> list[str]:
    """The groups a project's indicators are scored in: those the weights
    name (an 一级指标, or groups sharing points, 效益+满意度), then any 一级指标
    no weight covers (it scores nothing, rules §5).

    >>> scored_groups(["产出", "效益+满意度", "预算执行率"])
    ['产出', '效益+满意度']
    """
    named = [k for k in weight_keys if k != BUDGET_LINE]
    return [*named, *(g for g in FIRST_LEVEL_GROUPS[:-1] if not any(g in members_of(k) for k in named))]


# Named presets: the scoring options of the regional variants found, each
# with its published source in docs/presets.md.  A book's `scoring: {preset: …}`
# starts from one; the options it also gives override it.
PRESETS: dict[str, dict[str, object]] = {
    "national-2020": {},
    "hubei": {"weights": {"产出": "40", "效益+满意度": "40", "预算执行率": "20"}, "budget_weight": "20"},
    "department-10-90": {"department": "table", "budget_weight": "10"},
    "chongqing": {"department": "table", "budget_weight": "10"},
    "qingshen": {"reason_below": "90"},
    "legacy-80-50": {"qualitative": "legacy"},
    "jinzhai-blank": {"over_execution": "blank"},
    "dazhou": {"department": "framework"},
}


def first_level(group: str | None) -> str | None:
    """The 一级指标 a written group belongs to: 产出指标 → 产出, and the
    older 效果指标 → 效益 (rules §1).

    >>> first_level("效益指标"), first_level("效果指标"), first_level("其他")
    ('效益', '效益', None)
    """
    if not group:
        return None
    for old, new in FIRST_LEVEL_ALIASES.items():
        if group.startswith(old):
            return new
    return next((g for g in FIRST_LEVEL_GROUPS[:-1] if group.startswith(g)), None)


# The lower end of 部分达成 as a ratio, per qualitative scheme (60% in 2020, 50% legacy).
_PARTLY_FLOORS = {q: ranges[PARTLY][0].scaleb(-2, context=_EXACT_SCALE) for q, ranges in TIER_RANGES.items()}


def indicator_label(achieved: bool, ratio: Decimal, qualitative: str = "2020", by_grade: bool = False) -> str:
    """What one scored indicator is labelled (rules §4).  By default 达成,
    部分达成 (a missed target at a ratio of at least the lower end of 部分达成,
    60% in the 2020 scheme) or 未达成; only totals carry 优/良/中/差.  With
    ``by_grade`` (perfeval's own reading, an option) the grade of the ratio,
    under which a missed target is at most 良.

    >>> indicator_label(False, Decimal("0.75")), indicator_label(False, Decimal("0.95"), by_grade=True)
    ('部分达成', '良')
    """
    if by_grade:
        grade = grade_of_ratio(ratio)
        return "良" if grade == "优" and not achieved else grade
    if achieved:
        return ACHIEVED
    return PARTLY if ratio >= _PARTLY_FLOORS[qualitative] else NOT_ACHIEVED


def grade_of_ratio(ratio: Decimal) -> str:
    """Grade of a single indicator from its ratio: ≥90% 优, ≥80% 良, ≥60% 中, else 差."""
    for floor, grade in _RATIO_FLOORS:
        if ratio >= floor:
            return grade
    return GRADES[-1]
