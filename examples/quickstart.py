"""perfeval in five minutes: grade some of the seed department's 2023 ladders
and targets, and print how each grade was reached.

The texts below are copied from the 2023 budget disclosure of the
曹妃甸区人力资源和社会保障局 (section 五、预算绩效信息), defects included.

Run:  python examples/quickstart.py
"""

import perfeval

print("== Activity ladders (优 / 良 / 中 / 差) ==")
ladders = {
    "0101 社会保险补贴到位率": (["100%", "≥90%", "≥80%", "<80%"], ["100%", "92%", 0.85, "79.5%"]),
    "0102 劳动力资源调查及时性": (["及时", "延期一周", "延期两周", "延期三周"], ["及时", "延期5天", "延期30天"]),
    "0102 是否免费提供招聘服务": (["是", "基本达到", "否", "否"], ["是", "基本达到"]),
    "0102 开展就业服务指导培训次数": ([">2", "<2", "", ""], [3, 2, 1]),
    "0303 人才工作培训人数": (["400人以上", "360-400人", "320-360人", "320以下"], ["410人", 360, "300"]),
    "0301 组织专业技术人才考试、选拔次数": (["3", "2", "1", "0"], [3, 1]),
}
for name, (ladder_texts, actuals) in ladders.items():
    ladder = perfeval.bands(ladder_texts)
    print(f"\n{name}: {' / '.join(t or '（空）' for t in ladder_texts)}")
    for diagnostic in ladder.diagnostics:
        print(f"  ! {diagnostic.severity} {diagnostic.code}: {diagnostic.message}")
    for actual in actuals:
        print("  " + ladder.grade(actual).explain())

print("\n== Project targets (指标值), 10 points each ==")
targets = [
    # (target, indicator name, 一级指标, 二级指标, actuals)
    ("≥7000万元", "养老保险扩面征缴资金数", "产出指标", "数量指标", ["7200万元", "0.63亿元", "9500万元"]),
    ("≤30万元", "企业养老保险超征奖励费用总金额", "产出指标", "成本指标", ["28万元", "40万元"]),
    ("6000元/人", "协理员补贴预算控制额", "产出指标", "成本指标", ["5800元/人"]),
    ("12底前完成任务", "养老保险扩面征缴工作完成时间", "产出指标", "时效指标", ["2023-12-20", "2024-01-10"]),
    ("严格落实相关政策", "落实国家惠民政策", "效益指标", "社会效益指标", ["达成", "部分达成 75%"]),
    ("≤100%", "任务完成及时率", "产出指标", "时效指标", ["100%"]),
    ("801", "人社政策落实情况", "效益指标", "社会效益指标", ["801"]),
    ("≤625元，人次", "任职资格审查工作人均成本", "产出指标", "成本指标", ["600元/人次"]),
    ("≥95%", "服务对象满意度", "满意度指标", "服务对象满意度指标", ["96%", "≥95%", "/"]),
]
for text, name, group, subgroup, actuals in targets:
    compiled = perfeval.target(text, name=name, group=group, subgroup=subgroup, year=2023)
    print(f"\n{subgroup} {name}: {text}")
    for diagnostic in compiled.diagnostics:
        print(f"  ! {diagnostic.severity} {diagnostic.code}: {diagnostic.message}")
    for actual in actuals:
        print("  " + compiled.score(actual, 10).explain())

print("\n== Errors point at the text ==")
try:
    perfeval.parse("≥9O%")
except perfeval.NotationError as error:
    print(f"[{error.code}] {error}")
