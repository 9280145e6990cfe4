"""Recognising a table's layout by its header text, not by position.

Provinces publish the same tables with different columns: 指标值 or 目标值,
a 绩效指标描述 column or none, the target whole or split into 符号, 指标值
and 计量单位 with 指标方向 beside them.  A header row is read cell by cell
into roles; the roles say what the table is.

>>> layout = recognise(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"])
>>> layout.kind, layout.roles
('project', ('group', 'subgroup', 'name', 'op', 'value', 'unit'))
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ...rules import GRADES

__all__ = ["Layout", "recognise", "header_text", "META_LABELS"]

# Header texts of project tables (项目绩效目标表), by role.  The first match
# wins, so a longer, more specific text comes before a text it starts with.
PROJECT_HEADERS: tuple[tuple[str, str], ...] = (
    # A layout with a row per indicator may give its project's columns too (四川).
    ("项目名称", "project"),
    ("预算数", "budget"),
    ("年度目标", "goal"),
    ("单位名称", "department"),
    ("一级指标", "group"),
    ("二级指标", "subgroup"),
    ("三级指标", "name"),
    ("指标名称", "name"),
    ("绩效指标名称", "name"),
    ("绩效指标描述", "description"),
    ("指标描述", "description"),
    ("指标解释", "description"),
    ("指标说明", "description"),
    ("指标内容", "description"),
    ("指标值确定依据", "basis"),
    ("指标值设定依据", "basis"),
    ("确定依据", "basis"),
    ("绩效标准", "basis"),
    ("评（扣）分标准", "basis_scoring"),
    ("评分标准", "basis_scoring"),
    ("指标性质", "op"),
    ("计算符号", "op"),
    ("运算符号", "op"),
    ("指标值符号", "op"),
    ("比较符号", "op"),
    ("符号", "op"),
    ("度量单位", "unit"),
    ("计量单位", "unit"),
    ("单位", "unit"),
    ("指标方向性", "direction"),
    ("指标方向", "direction"),
    ("年度指标值", "value"),
    ("指标目标值", "value"),
    ("绩效指标值", "value"),
    ("预期目标值", "value"),
    ("指标值", "value"),
    ("指标值及单位", "value"),
    ("目标值", "value"),
    ("分值", "weight"),
    ("指标分值", "weight"),
    ("权重", "weight"),
    ("序号", "number"),
    ("备注", "remark"),
)

# Header texts of activity tables (部门活动绩效目标表), by role.
ACTIVITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("活动编码", "code"),
    ("活动名称", "activity"),
    ("活动描述", "activity_description"),
    ("预算年度", "year"),
    ("绩效目标", "goal"),
    ("绩效指标", "name"),
    ("指标描述", "description"),
    *((grade, grade) for grade in GRADES),
)

# Labels of the rows that describe a project, before its indicator header.
META_LABELS: tuple[tuple[str, str], ...] = (
    ("项目名称", "name"),
    ("项目支出名称", "name"),
    ("年度绩效目标", "goal"),
    ("年度总体目标", "goal"),
    ("项目绩效目标", "goal"),
    ("总体绩效目标", "goal"),
    ("绩效目标", "goal"),
    ("年度目标", "goal"),
    ("本年度绩效目标", "goal"),
    ("总体目标", "goal"),
    ("年度资金总额", "budget"),
    ("项目资金", "budget"),
    ("资金总额", "budget"),
    ("项目总金额", "budget"),
    ("预算金额", "budget"),
    ("年度本级预算金额", "budget"),
    ("年度资金申请总额", "budget"),
    ("预算部门", "department"),
    ("主管部门", "department"),
    ("预算主管部门", "department"),
    ("主管部门及编码", "department"),
    ("单位名称", "department"),
)

# Parenthesised notes in a header (指标值（包含数字及文字描述）), and spacing.
_NOTE = re.compile(r"[（(][^）)]*[）)]")
_SPACE = re.compile(r"\s+")


def header_text(text: str) -> str:
    """A header cell's text as matched: no spaces, no notes in brackets, no colon."""
    return _NOTE.sub("", _SPACE.sub("", text)).rstrip("：:")


def _role(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    key = header_text(text)
    if not key:
        return None
    for header, role in table:
        if key == header:
            return role
    return None


@attrs.frozen
class Layout:
    """A recognised header row: the table's kind and each column's role
    (``None`` for a column the importer does not use)."""

    kind: str  # "project" or "activity"
    roles: tuple[str | None, ...]

    def column(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None


def recognise(cells: Sequence[str]) -> Layout | None:
    """The layout of a header row, or ``None`` if the row is no indicator header.

    An activity header has 活动编码 or 活动名称, an indicator name and the
    four grades; a project header has a 三级指标 (or 指标名称) column, a
    指标值 column, and a 一级 or 二级指标 column.
    """
    activity = tuple(_role(c, ACTIVITY_HEADERS) for c in cells)
    if ("code" in activity or "activity" in activity) and "name" in activity and all(g in activity for g in GRADES):
        return Layout("activity", activity)
    project = tuple(_role(c, PROJECT_HEADERS) for c in cells)
    if "name" in project and "value" in project and ("group" in project or "subgroup" in project):
        return Layout("project", project)
    return None


def meta_label(text: str) -> str | None:
    """The role of a project's describing row by its label (项目名称, 年度绩效目标, 年度资金总额 …)."""
    return _role(text, META_LABELS)
