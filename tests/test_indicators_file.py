"""indicators/caofeidian-hrss-2023.yaml holds section 五、预算绩效信息 of the
seed document as published.

The file is loaded with perfeval; the seed is read independently by
``seedtables`` (which does not import perfeval), and the two are compared
text by text.  The seed's own defects must survive in the file, and perfeval
must warn about each of them at the right line of the file.
"""

from __future__ import annotations

import functools
import pathlib
import re

import pytest
import yaml

import seedtables
from perfeval import BookError, Location
from perfeval.io.indicators import load

seedtables.require_seed()

FILE = pathlib.Path(__file__).resolve().parents[1] / "indicators" / "caofeidian-hrss-2023.yaml"
GRADES = ("优", "良", "中", "差")

SEED_GOALS = seedtables.department_goals()
SEED_ACTIVITIES = seedtables.activity_indicators()
SEED_PROJECTS = seedtables.projects()
SEED_PROJECT_INDICATORS = [ind for project in SEED_PROJECTS for ind in project.indicators]


@functools.cache
def book():
    try:
        return load(str(FILE))
    except BookError as error:  # show every problem, not just the summary
        pytest.fail("the file does not load:\n" + "\n".join(
            f"{p.location} {p.severity} {p.code}: {p.message}" for p in error.problems), pytrace=False)


@functools.cache
def file_lines() -> tuple[str, ...]:
    return tuple(FILE.read_text(encoding="utf-8").split("\n"))


def book_activity_indicators():
    return [(activity, ind) for activity in book().activities for ind in activity.indicators]


def book_project_indicators():
    return [(project, ind) for project in book().projects for ind in project.indicators]


# ---------------------------------------------------------------------------
# loading and counts


def test_the_file_loads_without_errors():
    assert not [d for d in book().diagnostics if d.severity == "error"]
    assert book().department_code == "323"
    assert book().department_name == "曹妃甸区人力资源和社会保障局"
    assert book().year == 2023


def test_counts_match_the_seed():
    # the seed itself: 21 activity codes (0301 and 0302 share a name), 51
    # activity indicators, 16 projects with 103 indicators, 4 goals
    assert len({a.code for a in SEED_ACTIVITIES}) == 21
    assert len(SEED_ACTIVITIES) == 51
    assert len(SEED_PROJECTS) == 16
    assert len(SEED_PROJECT_INDICATORS) == 103
    assert len(SEED_GOALS) == 4

    assert len(book().activities) == 21
    assert len({a.code for a in book().activities}) == 21
    assert len(book_activity_indicators()) == 51
    assert len(book().projects) == 16
    assert len(book_project_indicators()) == 103
    assert len(book().goals) == 4


# ---------------------------------------------------------------------------
# the activity table


def test_activity_codes_and_names_match_the_seed():
    seed = {}
    for a in SEED_ACTIVITIES:
        seed.setdefault(a.code, a.activity)
    assert [(a.code, a.name) for a in book().activities] == list(seed.items())


@pytest.mark.parametrize("k", range(len(SEED_ACTIVITIES)),
                         ids=[f"{a.code}-{a.name}" for a in SEED_ACTIVITIES])
def test_activity_indicator_matches_the_seed(k):
    seed = SEED_ACTIVITIES[k]
    activity, ind = book_activity_indicators()[k]
    assert activity.code == seed.code
    assert ind.kind == "ladder"
    assert ind.name == seed.name
    assert ind.description == seed.description
    # 优, 良, 中, 差 in that order, "" for an empty cell, texts as published
    assert tuple(grade for grade, _ in ind.ladder) == GRADES
    assert tuple(text for _, text in ind.ladder) == seed.ladder
    assert ind.id == f"{seed.code}/{seed.name}"


# ---------------------------------------------------------------------------
# the project tables


def test_project_names_and_goals_match_the_seed():
    assert [(p.name, p.goal) for p in book().projects] == [(p.name, p.goal) for p in SEED_PROJECTS]


def test_only_the_published_budget_is_given():
    # 六、政府采购预算情况 gives 人力资源服务产业园运行经费 a 预算资金 of 300.00 万元;
    # the document states no other project's budget.
    budgets = {p.name: p.budget for p in book().projects if p.budget is not None}
    assert budgets == {"人力资源服务产业园运行经费": "300万元"}


@pytest.mark.parametrize("k", range(len(SEED_PROJECT_INDICATORS)),
                         ids=[f"{i.project[:8]}-{i.name}" for i in SEED_PROJECT_INDICATORS])
def test_project_indicator_matches_the_seed(k):
    seed = SEED_PROJECT_INDICATORS[k]
    project, ind = book_project_indicators()[k]
    assert project.name == seed.project
    assert ind.kind == "target"
    assert (ind.group, ind.subgroup, ind.name, ind.description, ind.target, ind.basis) == \
        (seed.group, seed.subgroup, seed.name, seed.description, seed.target, seed.basis)
    assert ind.id == f"{seed.project}/{seed.name}"


# ---------------------------------------------------------------------------
# the department goals


def _seed_goal_paragraphs() -> dict[str, str]:
    """The 绩效目标 paragraph after each numbered goal title in section 五
    (seedtables returns only the 绩效指标 sentence)."""
    lines = seedtables.seed_lines()
    start = next(n for n, line in enumerate(lines) if line.strip() == "（二）分项绩效目标")
    found: dict[str, str] = {}
    title = None
    for raw in lines[start + 1:]:
        if raw.startswith("\t"):  # the activity table begins
            break
        line = raw.strip()
        m = re.match(r"^\d+[.．]\s*(.+?)。?$", line)
        if m:
            title = m.group(1).strip()
            continue
        m = re.match(r"^绩效目标\s*[：:]\s*(.*)$", line)
        if m and title is not None:
            assert title not in found, f"two 绩效目标 paragraphs under {title}"
            found[title] = m.group(1).strip()
    return found


def test_goal_names_and_goals_match_the_seed():
    assert [g.name for g in book().goals] == [title for title, _ in SEED_GOALS]
    paragraphs = _seed_goal_paragraphs()
    assert [g.goal for g in book().goals] == [paragraphs[title] for title, _ in SEED_GOALS]


@pytest.mark.parametrize("k", range(len(SEED_GOALS)), ids=[title for title, _ in SEED_GOALS])
def test_goal_indicators_cover_the_published_sentence(k):
    """The rule: the ``source`` texts of a goal's indicators, taken in file
    order and each followed by one separator (，；。), rebuild the goal's
    绩效指标 sentence exactly.  So every source is a clause as published
    (nothing dropped, not even a leading 全年 or 其中), every clause between
    the separators is some indicator's source, and the order is the
    sentence's.  Each target is part of its source (the notation part, or
    the whole clause when it has no number), and names are distinct."""
    title, sentence = SEED_GOALS[k]
    goal = book().goals[k]
    assert goal.name == title
    assert goal.indicators
    clauses = [c for c in re.split(r"[，；。]", sentence) if c]
    position = 0
    for ind in goal.indicators:
        assert ind.kind == "target"
        assert ind.source, f"{ind.id} has no source"
        assert ind.source in sentence
        assert sentence.startswith(ind.source, position), \
            f"{ind.source!r} is not the clause at {sentence[position:]!r}"
        position += len(ind.source)
        assert position < len(sentence) and sentence[position] in "，；。", \
            f"{ind.source!r} does not end at a separator"
        position += 1
        assert ind.target and ind.target in ind.source
        assert ind.id == f"{title}/{ind.name}"
    assert position == len(sentence), f"not covered: {sentence[position:]!r}"
    assert [ind.source for ind in goal.indicators] == clauses
    assert len({ind.name for ind in goal.indicators}) == len(goal.indicators)


# ---------------------------------------------------------------------------
# the file is written as the format asks


def _entry(line: str):
    """``(key, value)`` of a one-line YAML mapping entry (``- `` removed), or None."""
    body = line.strip()
    if body.startswith("- "):
        body = body[2:]
    if not body or body.startswith("#") or ":" not in body:
        return None
    try:
        data = yaml.load(body, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or len(data) != 1:
        return None
    return next(iter(data.items()))


def test_targets_and_bands_are_double_quoted():
    for number, line in enumerate(file_lines(), 1):
        entry = _entry(line)
        if entry is None:
            continue
        key, value = entry
        if key == "target":
            assert line.split("target:", 1)[1].lstrip().startswith('"'), f"line {number}: {line}"
        elif key == "ladder":
            assert isinstance(value, dict) and tuple(value) == GRADES, f"line {number}: {line}"
            for grade in GRADES:
                assert re.search(rf'{grade}: "', line), f"line {number}: band {grade} not quoted"


# ---------------------------------------------------------------------------
# the seed's defects are kept and reported at the right line


def _seed_defects() -> list[tuple[str, str, str, str | None]]:
    """``(code, indicator id, kind, band)`` for every defect of the seed that
    perfeval must warn about, found in the seed's own texts."""
    out: list[tuple[str, str, str, str | None]] = []
    for a in SEED_ACTIVITIES:
        ident = f"{a.code}/{a.name}"
        if "" in a.ladder:  # two values and two empty bands
            out += [("missing-bands", ident, "ladder", None), ("gap", ident, "ladder", None)]
        texts = [t for t in a.ladder if t]
        if len(set(texts)) < len(texts):  # 是/基本达到/否/否
            out.append(("duplicate-band", ident, "ladder", None))
    for i in SEED_PROJECT_INDICATORS:
        ident = f"{i.project}/{i.name}"
        if i.target.isdigit():  # 801
            out.append(("no-unit", ident, "target", None))
        if i.target == "≤100%":
            out.append(("vacuous-bound", ident, "target", None))
        if re.search(r"元，", i.target):  # ≤625元，人次
            out.append(("unit-separator", ident, "target", None))
        if re.search(r"(?<![\d月])\d{1,2}底前", i.target):  # 12底前, without 月
            out.append(("deadline-month-sign", ident, "target", None))
    return out


SEED_DEFECTS = _seed_defects()


def test_the_seed_has_the_known_defects():
    by_code: dict[str, list[str]] = {}
    for code, ident, _, _ in SEED_DEFECTS:
        by_code.setdefault(code, []).append(ident)
    assert by_code == {
        "missing-bands": ["0102/开展就业服务指导培训次数"],
        "gap": ["0102/开展就业服务指导培训次数"],
        "duplicate-band": ["0102/是否免费提供招聘服务", "0102/招聘及时性"],
        "no-unit": ["劳动力市场基础设施维护维修专项经费/人社政策落实情况"],
        "vacuous-bound": ["企业职工基本养老保险财政补助/任务完成及时率", "企业职工基本养老保险财政补助/资金发放率"],
        "unit-separator": ["专业技术职务任职资格审查费用/任职资格审查工作人均成本"],
        "deadline-month-sign": ["企业养老保险超征奖励/养老保险扩面征缴工作完成时间",
                                "人力资源服务产业园运行经费/各项综合实务工作完成时间"],
    }


def _expected_line(ident: str, kind: str) -> int:
    """The file line of an indicator's ``target:`` or ``ladder:`` entry,
    found by reading the file's lines (not perfeval's marks): the owner's
    entry (activity code or project name), then the indicator's ``name:``
    under it, then the first ``target:``/``ladder:`` after that."""
    owner, name = ident.split("/", 1)
    lines = file_lines()
    entries = [(n, _entry(line)) for n, line in enumerate(lines, 1)]
    owner_key = "code" if kind == "ladder" else "name"
    section = "activities" if kind == "ladder" else "projects"
    start = next(n for n, line in enumerate(lines, 1) if line.startswith(f"{section}:"))
    owner_line = next(n for n, e in entries if n > start and e == (owner_key, owner))
    name_line = next(n for n, e in entries if n > owner_line and e == ("name", name))
    return next(n for n, e in entries if n > name_line and e is not None and e[0] == kind)


def _line_col(location: Location) -> tuple[str, int, int]:
    assert location.line is not None and location.column is not None
    return location.source, location.line, location.column


@pytest.mark.parametrize("code, ident, kind, band", SEED_DEFECTS,
                         ids=[f"{code}-{ident}" for code, ident, _, _ in SEED_DEFECTS])
def test_each_seed_defect_is_reported_at_its_line(code, ident, kind, band):
    ind = book().indicator(ident)
    if kind == "ladder":
        texts = dict(ind.ladder)
        assert tuple(texts[g] for g in GRADES) == next(
            a.ladder for a in SEED_ACTIVITIES if f"{a.code}/{a.name}" == ident)
    expected = _expected_line(ident, kind)
    line_text = file_lines()[expected - 1]
    # the line found really is this indicator's target / ladder
    if kind == "target":
        assert f'target: "{ind.target}"' in line_text
    else:
        assert "ladder:" in line_text
        assert all(f'"{text}"' in line_text for _, text in ind.ladder)

    found = [d for d in book().diagnostics
             if d.code == code and d.message.startswith(f"{ind.name}:")]
    assert found, f"no {code} diagnostic for {ident}; got " + \
        ", ".join(f"{d.code} ({d.message})" for d in book().diagnostics)
    assert all(d.severity == "warning" for d in found)
    lines = set()
    for d in found:
        assert d.location, f"{code} on {ident} has no location"
        path, line, col = _line_col(d.location)
        assert pathlib.Path(path).resolve() == FILE
        lines.add(line)
        text = file_lines()[line - 1]
        assert 1 <= col <= len(text), f"{d.location}: column outside the line {text!r}"
        if d.subject in GRADES:  # a band's problem points at a line holding that band's text
            assert f'{d.subject}: "{dict(ind.ladder)[d.subject]}"' in text
    assert expected in lines, f"{code} on {ident} is at line(s) {sorted(lines)}, not {expected}: {line_text!r}"
