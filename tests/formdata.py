"""Shared by the tests of the forms, the text 自评表 and the workbook: a small
book with goals, an activity and three projects, its actuals, and a budget
with funding sources; and :func:`wired`.

:func:`wired` gives a report what ``grading/grade.py`` is to pass on to the
forms (``ProjectResult.goal`` and ``.figures``, ``GoalResult.goal``,
``DepartmentResult.figures``): the book's goal texts and the budget records
as given.  Where the report has them already, it changes nothing.
"""

from __future__ import annotations

from typing import Any

import perfeval

BOOK = """
perfeval: 1
department: {code: "902", name: 示例局}
year: 2023
goals:
  - name: 就业目标
    goal: 稳定和扩大就业。
    indicators:
      - {name: 城镇新增就业, target: "8000人以上"}
      - {name: 城镇登记失业率, target: "控制在2.0%以内"}
  - name: 社保目标
    goal: 应保尽保。
    indicators:
      - {name: 参保人数, target: "≥5000人"}
activities:
  - code: "0101"
    name: 补贴发放
    indicators:
      - name: 社会保险补贴到位率
        ladder: {优: "100%", 良: "≥90%", 中: "≥80%", 差: "<80%"}
projects:
  - name: 招聘经费
    goal: 组织招聘活动，促进就业。
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 招聘活动组织次数, target: "≥30次"}
      - {group: 产出指标, subgroup: 数量指标, name: 参会单位数, target: "≥200家"}
      - {group: 产出指标, subgroup: 时效指标, name: 按期完成, target: "12月底前完成"}
      - {group: 效益指标, subgroup: 社会效益指标, name: 促进就业人数, target: "≥100人"}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 服务对象满意度, target: "≥95%"}
  - name: "城乡居民养老保险困难人员政府代缴资金及区级补助资金（2023年度追加）:试点一"
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 代缴人数, target: "≥100人"}
      - {group: 满意度指标, subgroup: 服务对象满意度指标, name: 满意度, target: "≥90%"}
  - name: "城乡居民养老保险困难人员政府代缴资金及区级补助资金（2023年度追加）:试点二"
    indicators:
      - {group: 产出指标, subgroup: 数量指标, name: 代缴人数, target: "≥100人"}
"""
# Two names longer than a sheet name may be, alike in their first 31 characters, with a ':' Excel refuses.
LONG_ONE = "城乡居民养老保险困难人员政府代缴资金及区级补助资金（2023年度追加）:试点一"
LONG_TWO = LONG_ONE.replace("试点一", "试点二")

ACTUALS: dict[str, Any] = {
    "就业目标/城镇新增就业": "8326人",
    "就业目标/城镇登记失业率": "很多",  # an error: the 说明 says why
    # 社保目标/参保人数: missing
    "0101/社会保险补贴到位率": "92%",
    "招聘经费/招聘活动组织次数": "29次",  # 29/30: 部分达成, and no reason given
    "招聘经费/参会单位数": {"actual": "100家", "note": "受疫情影响，线下招聘会减少"},  # 50%: 未达成
    "招聘经费/按期完成": "2023-12-20",
    "招聘经费/促进就业人数": "120人",
    "招聘经费/服务对象满意度": "96%",
    f"{LONG_ONE}/代缴人数": "120人",
    f"{LONG_ONE}/满意度": "95%",
    f"{LONG_TWO}/代缴人数": "100人",
}

BUDGET: list[dict[str, Any]] = [
    {"project": "招聘经费", "initial": "30", "budget": "28", "executed": "25.3", "summary": "全年组织招聘会32场。",
     "note": "部分场次改为线上举办"},
    {"project": "招聘经费", "source": "当年财政拨款", "initial": "30", "budget": "25", "executed": "23"},
    {"project": "招聘经费", "source": "上年结转资金", "budget": "3", "executed": "2.3"},
    {"project": "部门整体", "initial": "3000", "budget": "3200", "executed": "3100", "summary": "全年完成就业目标。"},
    {"project": "部门整体", "source": "当年财政拨款", "initial": "3000", "budget": "3000", "executed": "2950"},
    {"project": LONG_ONE, "budget": "10", "executed": "11"},  # over-executed
    {"project": LONG_TWO, "budget": "10", "executed": "10"},
]


def book(scoring: str = "") -> perfeval.Book:
    return perfeval.loads(BOOK.replace("year: 2023\n", f"year: 2023\n{scoring}\n"))


def graded(scoring: str = "", budget: Any = None) -> perfeval.Report:
    """The small book graded."""
    given = BUDGET if budget is None else budget
    return book(scoring).grade(ACTUALS, budget=given)
