"""Year-end self-assessment (绩效自评) of the seed department's 2023 budget.

Grades every indicator in indicators/caofeidian-hrss-2023.yaml against the
year's results (examples/actuals-2023.csv) and budget execution
(examples/budget-2023.csv). It prints the totals and the rows a reviewer
must look at, and writes the 自评表 and an HTML report.

Run from the top of the repository:  python examples/year_end.py [OUTPUT_DIR]
(without OUTPUT_DIR, the files go to a new temporary directory).
"""

import sys
import tempfile
from pathlib import Path

import perfeval

ROOT = Path(__file__).resolve().parent.parent
book = perfeval.load(ROOT / "indicators" / "caofeidian-hrss-2023.yaml")

# Grade the year. Actuals have one row per indicator id (plus a 偏差原因分析
# note). The budget file gives each project's 全年预算数 and 全年执行数.
report = book.grade(ROOT / "examples" / "actuals-2023.csv", budget=ROOT / "examples" / "budget-2023.csv")

# report.display rounds a number by the book's rule (two decimals, half up by
# default) for showing only: the report's own totals stay exact.
points = report.display

# Missing and unreadable actuals are never silently zero: they are counted.
print(f"{report.department_name} {report.year}: {len(report.rows)} indicators, "
      f"{report.missing} missing, {report.errors} errors")
print(f"部门整体 (mean of {len(report.activities)} activities): {points(report.total)} {report.grade}")

# Each project: 产出 + 效益 + 满意度 + 预算执行率, out of 100.
print("\n项目自评得分:")
for project in report.projects:
    rate = "" if project.budget is None else f"  预算执行率 {points(project.budget.rate * 100)}%"
    print(f"  {points(project.total):>6} {project.grade}  {project.name}{rate}")

# Rows a reviewer must look at: finished after the deadline ("late"), or
# over-achieved by 30% or more without a 偏差原因分析 ("note-required").
print("\n需关注的指标:")
for row in report.rows:
    flagged = [f for f in row.flags if f in ("late", "note-required")]
    if flagged:
        print(f"  [{', '.join(flagged)}] {row.id}: {row.actual}  ({row.note or '未填写偏差原因'})")

# Write the 项目支出绩效自评表 (text) and a standalone HTML report.
out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="perfeval-"))
out.mkdir(parents=True, exist_ok=True)
(out / "selfeval-2023.txt").write_text(report.to_selfeval(), encoding="utf-8")
(out / "report-2023.html").write_text(report.to_html(), encoding="utf-8")
print(f"\n自评表: {out / 'selfeval-2023.txt'}\nHTML:   {out / 'report-2023.html'}")
