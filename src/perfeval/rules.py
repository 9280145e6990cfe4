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
from decimal import Decimal

from ._arith import EXACT as _EXACT_SCALE
from .codes import Code
from .errors import DefinitionError

GRADES = ("优", "良", "中", "差")
WORST_GRADE = GRADES[-1]

# --- direction of improvement: up (higher is better, 正向) or down (反向)
UP, DOWN = "up", "down"
_DIRECTIONS = {
    "up": UP, "higher": UP, "正向": UP, "≥": UP, ">": UP,
    "down": DOWN, "lower": DOWN, "反向": DOWN, "≤": DOWN, "<": DOWN,
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
    "及以上": "≥", "以上": "≥",
    "及以下": "≤", "以下": "≤", "以内": "≤", "之内": "≤", "内": "≤",
}

# --- not applicable (rules §2)
NOT_APPLICABLE = frozenset({"/", "无", "不适用"})


def is_not_applicable(normalized: str) -> bool:
    """Whether normalised text says the indicator does not apply (rules §2).

    >>> is_not_applicable("不适用"), is_not_applicable("0")
    (True, False)
    """
    return normalized in NOT_APPLICABLE

# --- delays (rules §2): on time is a delay of 0.
ON_TIME_WORDS = frozenset({"及时", "按时", "按时完成", "准时", "如期", "如期完成", "按期完成"})
DELAY_WORDS = ("延期", "延迟", "推迟", "逾期")

# --- deadlines that mean the end of the budget year (rules §2).
YEAR_END_WORDS = ("年底前", "年底", "年末前", "年末", "年内", "年度内", "本年度内", "当年", "本年")

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
# less-is-better, 群众投诉办结率 is not.
LESS_IS_BETTER_NAMES = ("发生率", "受害率", "成灾率", "事故", "投诉", "差错", "不合格",
                        "失业率", "结余率", "死亡率", "发病率")
_COUNTED = "(?:率|数|次数|件数|起数|人数|量)?$"
_LESS_IS_BETTER = [(w, re.compile(re.escape(w) + ("$" if w.endswith("率") else _COUNTED)))
                   for w in LESS_IS_BETTER_NAMES]
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


def less_is_better_word(name: str | None) -> str | None:
    """The word in an indicator's name that says less is better, if any.

    >>> less_is_better_word("森林火灾受害率"), less_is_better_word("群众投诉办结率")
    ('受害率', None)
    """
    if not name:
        return None
    return next((w for w, pattern in _LESS_IS_BETTER if pattern.search(name)), None)


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


def first_level(group: str | None) -> str | None:
    """The 一级指标 a written group belongs to: 产出指标 → 产出.

    >>> first_level("效益指标"), first_level("其他")
    ('效益', None)
    """
    if not group:
        return None
    return next((g for g in FIRST_LEVEL_GROUPS[:-1] if group.startswith(g)), None)


def grade_of_ratio(ratio: Decimal) -> str:
    """Grade of a single indicator from its ratio: ≥90% 优, ≥80% 良, ≥60% 中, else 差."""
    for floor, grade in _RATIO_FLOORS:
        if ratio >= floor:
            return grade
    return GRADES[-1]
