"""The catalogue of codes: every error, diagnostic and flag perfeval gives.

Each code is listed once, here, with its severity and its meaning; the code
raises and reports only these members, never a string made on the fly.
``docs/errors.md`` is generated from this module
(``perfeval codes > docs/errors.md``), and a test checks that the two agree.
A member is a ``str``, so ``Code.GAP == "gap"`` and JSON writes the slug.

>>> Code.GAP, Code.GAP.severity, Code("gap") is Code.GAP
('gap', 'warning', True)
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Literal

from .limits import LIMITS

__all__ = ["Code", "Severity", "catalogue_markdown"]

Severity = Literal["error", "warning", "info"]


class Code(str, enum.Enum):
    """A stable slug, its default severity and what it means."""

    _value_: str  # the slug; typed here, since a custom __new__ leaves ``.value`` untyped
    severity: Severity
    meaning: str

    if TYPE_CHECKING:
        # Once the class is made, Enum's own __new__ takes over: ``Code("gap")``
        # looks a member up by its slug.  That is the call type checkers see.
        def __new__(cls, value: str) -> Code: ...
    else:
        # Each member is made from its (slug, severity, meaning) tuple.
        def __new__(cls, slug: str, severity: Severity, meaning: str) -> Code:
            member = str.__new__(cls, slug)
            member._value_ = slug
            member.severity = severity
            member.meaning = meaning
            return member

    # A member shows as its slug, in str(), format() and f-strings alike.
    def __str__(self) -> str:
        return self._value_

    def __format__(self, spec: str) -> str:
        return format(self._value_, spec)

    def __repr__(self) -> str:
        return repr(self._value_)

    # --- notation: text that cannot be read (rules §2) -----------------------
    EMPTY = "empty", "error", "The notation or value is empty."
    TOO_LONG = "too-long", "error", "The text is longer than notation can be."
    UNEXPECTED_TEXT = "unexpected-text", "error", "A character or word where the notation allows none."
    EXPECTED_NUMBER = "expected-number", "error", "A number was expected here."
    EXPECTED_UNIT = "expected-unit", "error", "A unit was expected here, as after '/' in 元/人."
    CONFLICTING_OPERATORS = "conflicting-operators", "error", "Two comparison operators that disagree (≥ … 以下)."
    OPERATOR_WITH_RANGE = "operator-with-range", "error", "A range a-b with an operator in front of it."
    RANGE_UNITS = "range-units", "error", "The two ends of a range are in units that do not convert."
    RANGE_REVERSED = "range-reversed", "error", "A range whose start lies above its end."
    DELAY_UNIT = "delay-unit", "error", "A delay without a time unit, or in months where days are needed."
    BAD_DATE = "bad-date", "error", "A date or month that does not exist (13月, 2月30日)."
    BAD_NUMERAL = "bad-numeral", "error", "A Chinese numeral that is not well formed."
    UNIT_SEPARATOR = "unit-separator", "warning", "'元，人' read as 元/人: a comma stands for '/'."
    DEADLINE_MONTH_SIGN = "deadline-month-sign", "warning", "'12底前' read as 12月底前: 月 was left out."
    READ_AS_WORDS = "read-as-words", "info", "Text with a number in it is read as words (定性)."
    PERIOD_AS_DEADLINE = "period-as-deadline", "info", "A period (2021年1月-12月, 全年) read as done by its end."
    VALUE_EXTRACTED = "value-extracted", "warning", "The value was read out of a sentence (辖区企业满意率达95%以上。)."
    STANDARD_NOTE = "standard-note", "info", "A standard note such as (历史标准) was kept apart from the value."
    UNIT_FACTOR = "unit-factor", "info", "A conversion that is a convention, stated: 1 TB = 1024 GB."
    METRES_FROM_NAME = "metres-from-name", "info", "M read as metres because the indicator's name is a length."
    YUAN_FROM_SLASH = "yuan-from-slash", "info", "A '/' straight after a number on a money indicator read as 元/."

    # --- actuals: values that cannot be read or scored ------------------------
    MISSING = "missing", "error", "No actual value was given."
    NOT_A_VALUE = "not-a-value", "error", "The actual is of a type that is not a value (a list, a mapping)."
    NOT_A_NUMBER = "not-a-number", "error", "The actual is a bool, NaN or infinity, not a number."
    OUT_OF_RANGE = "out-of-range", "error", "A number beyond any budget, or a setting outside its range."
    UNIT_MISMATCH = "unit-mismatch", "error", "The actual's unit does not convert to the definition's."
    FRACTION_AMBIGUOUS = "fraction-ambiguous", "error", "A bare number ≤ 1 against a % target, read two ways apart."
    OPERATOR_IN_ACTUAL = "operator-in-actual", "error", "The actual bounds the value (<90%) instead of giving it."
    EXPECTED_DATE = "expected-date", "error", "A deadline takes a completion date or a delay."
    EXPECTED_WORD = "expected-word", "error", "A ladder of words takes one of its words, not a number."
    EXPECTED_TIER = "expected-tier", "error", "A qualitative target takes a tier word such as 达成."
    UNKNOWN_WORD = "unknown-word", "error", "A word that the ladder does not list (never a silent 差)."
    UNKNOWN_TIER = "unknown-tier", "error", "Words that name no tier of 达成, 部分达成 or 未达成."
    RATIO_OUTSIDE_TIER = "ratio-outside-tier", "error", "An explicit ratio outside its tier's range."
    IN_GAP = "in-gap", "error", "A value in a gap of a ladder whose gap policy is 'error'."
    YEAR_UNKNOWN = "year-unknown", "error", "A deadline or month with no year, and no budget year given."
    GRADE_NOT_SCORED = "grade-not-scored", "error", "A ladder grade that has no ratio in the book's scoring."

    # --- flags on one result (rules §2, §4) -----------------------------------
    OPERATOR_DROPPED = "operator-dropped", "warning", "The actual copied the target's operator (≥266米); dropped."
    UNIT_CONVERTED = "unit-converted", "info", "The actual was converted to the definition's unit."
    UNIT_ASSUMED = "unit-assumed", "info", "A unit was taken from the ladder or the actual, not written."
    SUSPICIOUS_FRACTION = "suspicious-fraction", "warning", "A bare number ≤ 1 against a % target, read as written."
    OVER_ACHIEVEMENT = "over-achievement", "warning", "The actual is past the scheme's factor of a ≥ target."
    OVER_TARGET = "over-target", "info", "The actual is above an = target; not penalised."
    LATE = "late", "warning", "Completed after the deadline; the days late are stated."
    NOT_APPLICABLE = "not-applicable", "info", "The indicator does not apply (/, 无, 不适用); it drops out."
    NOTE_REQUIRED = "note-required", "warning", "A reason (偏差原因分析) is required and none was given."
    ON_TIME_WORD = "on-time-word", "info", "完成/已完成/按时完成 against a deadline or delay: on time."
    YEAR_ASSUMED = "year-assumed", "warning", "A date with no year, read in the budget year."
    EXCEL_DATE = "excel-date", "warning", "A number against a deadline read as an Excel date serial."
    TIER_FOR_NUMBER = "tier-for-number", "warning", "A tier word where a number, date or delay was expected."
    NEEDS_JUDGEMENT = "needs-judgement", "warning", "Words that name no tier: a person must confirm the tier."
    APPROXIMATE = "approximate", "warning", "An approximate value (约95%, 200余人) read as the number written."
    RATIO_FOR_WORDS = "ratio-for-words", "warning", "A number against a words target, read as an explicit ratio."
    FRACTION_SCALED = "fraction-scaled", "warning", "A bare number ≤ 1 against a % target read as a fraction of 1."
    MONTHS_AS_DAYS = "months-as-days", "info", "A delay ladder mixing months or years with days: 30 and 365 days."
    COUNTED_AS = "counted-as", "info", "A counter read as another (名 as 人)."

    # --- compiling a ladder or a target (rules §3, §4) ------------------------
    EMPTY_LADDER = "empty-ladder", "error", "A ladder with no bands."
    TOO_MANY_BANDS = "too-many-bands", "error", "More bands than grades, with no grade names given."
    MISSING_BANDS = "missing-bands", "warning", "A ladder with fewer than four bands (>2 / <2)."
    MIXED_BANDS = "mixed-bands", "error", "A ladder mixing quantities, delays and words."
    MIXED_UNITS = "mixed-units", "error", "A ladder whose bands are in units that do not convert."
    DUPLICATE_BAND = "duplicate-band", "warning", "The same condition given for two grades."
    GRADE_ORDER = "grade-order", "warning", "Grade names outside the known scales: their written order is best first."
    NOT_MONOTONE = "not-monotone", "warning", "Bands that do not move one way from best to worst."
    DIRECTION_CONFLICT = "direction-conflict", "warning", "A direction that the operator or the name contradicts."
    DIRECTION_UNKNOWN = "direction-unknown", "error", "A ladder whose direction cannot be told."
    GAP = "gap", "warning", "Values that no band holds, between two bands."
    OVERLAP = "overlap", "warning", "Two bands that share more than an end point."
    WORST_BAND_INCOMPLETE = "worst-band-incomplete", "warning", "The worst band does not hold everything below it."
    BEST_BAND_INCOMPLETE = "best-band-incomplete", "info", "The best band does not hold everything above it."
    NO_UNIT = "no-unit", "warning", "A target with no unit; actuals are read as bare numbers."
    SCALE_WITHOUT_UNIT = "scale-without-unit", "warning", "A 万 or 亿 with no unit after it."
    WAN_AS_MONEY = "wan-as-money", "info", "A bare 万 on a money indicator read as 万元."
    UNKNOWN_UNIT = "unknown-unit", "error", "A unit that perfeval does not know; a book may declare counters."
    UNIT_CONFLICT = "unit-conflict", "error", "A stated unit that the definition's own unit contradicts."
    DIRECTION_FROM_GROUP = "direction-from-group", "info", "A bare value under 成本 read as ≤."
    DIRECTION_FROM_NAME = "direction-from-name", "warning", "A bare value's direction read from the indicator's name."
    DIRECTION_FROM_HINT = "direction-from-hint", "info", "A bare value's direction read from an operator in the name."
    ONE_AS_FULL = "one-as-full", "warning", "A target of 1 with no unit on a rate read as 100%."
    WORD_AS_VALUE = "word-as-value", "info", "A word band on a number ladder read as a value (全部完成 = 100%)."
    GRADE_SCALE = "grade-scale", "info", "A grade scale as a target (优良中低差): the actual names a grade."
    VACUOUS_BOUND = "vacuous-bound", "warning", "A target that every value meets."
    BOUND_ABOVE_MAXIMUM = "bound-above-maximum", "info", "A rate target above 100%."
    STRICT = "strict", "error", "Strict mode, and the definition has warnings."
    BAD_OPTION = "bad-option", "error", "An option that is not one of its choices."
    BAD_DIRECTION = "bad-direction", "error", "A direction that is not up/down, 正向/反向, ≥/≤."
    BAD_SCHEME = "bad-scheme", "error", "A scoring scheme option that is not valid."
    BAD_WEIGHT = "bad-weight", "error", "A weight that is not a number of at least 0."

    # --- indicator files (the book) --------------------------------------------
    INVALID_BOOK = "invalid-book", "error", "A book that cannot be built; its problems say why."
    YAML_SYNTAX = "yaml-syntax", "error", "The file is not valid YAML."
    YAML_TAG = "yaml-tag", "error", "A YAML tag; indicator files hold plain text, lists and mappings."
    YAML_ANCHOR = "yaml-anchor", "error", "A YAML alias; aliases are not allowed."
    TOO_DEEP = "too-deep", "error", "Nesting deeper than any indicator file needs."
    TOO_LARGE = "too-large", "error", "A file over the size limit."
    UNREADABLE = "unreadable", "error", "A file that cannot be read: missing, a folder, or not permitted."
    NOT_TEXT = "not-text", "error", "A file that is not text in a known encoding."
    EMPTY_FILE = "empty-file", "error", "A file with nothing in it."
    DUPLICATE_KEY = "duplicate-key", "error", "A key given twice in one mapping."
    UNKNOWN_KEY = "unknown-key", "error", "A key the format does not have; the closest is suggested."
    MISSING_KEY = "missing-key", "error", "A required key that is absent or empty."
    WRONG_TYPE = "wrong-type", "error", "A value of the wrong kind (a list where text is expected …)."
    BAD_VALUE = "bad-value", "error", "A value that is not one of its choices."
    BAD_WEIGHTS = "bad-weights", "error", "First-level weights that do not add up to 100."
    WEIGHTS_EXCEED = "weights-exceed", "error", "Given weights that exceed their group's points."
    WEIGHTS_RESCALED = "weights-rescaled", "warning", "Weights that do not add up to their group, scaled to it."
    UNKNOWN_GROUP = "unknown-group", "error", "A group that is not a 一级指标 (产出, 效益, 满意度)."
    DUPLICATE_CODE = "duplicate-code", "error", "An activity code used twice."
    DUPLICATE_PROJECT = "duplicate-project", "error", "A project name given twice."
    DUPLICATE_ID = "duplicate-id", "error", "An indicator id used twice."

    # --- actuals and budget files, and grading ----------------------------------
    BAD_TABLE = "bad-table", "error", "An actuals or budget file that cannot be read; its problems say why."
    MISSING_COLUMN = "missing-column", "error", "A required column or record key that is absent."
    DUPLICATE_COLUMN = "duplicate-column", "error", "A column given twice."
    BAD_RECORD = "bad-record", "error", "An actual record that is not a mapping with an id."
    CSV_SYNTAX = "csv-syntax", "error", "A CSV file that is not well formed: an unterminated quote, a huge cell."
    EXTRA_CELLS = "extra-cells", "error", "A CSV row with more cells than its header (an unquoted 1,300?)."
    UNKNOWN_ID = "unknown-id", "error", "An actual for an indicator the book does not have."
    UNKNOWN_PROJECT = "unknown-project", "error", "Budget figures for a project the book does not have."
    BAD_BUDGET = "bad-budget", "error", "Budget figures that cannot be read or are out of range."
    NOTHING_APPLICABLE = "nothing-applicable", "warning", "Every indicator of a project is not applicable."
    DEPARTMENT_FALLBACK = "department-fallback", "warning", "No goal indicators: the department total is a mean."
    BUDGET_DERIVED = "budget-derived", "info", "The department's budget line is the sum of its projects' figures."
    OUTPUT_IS_INPUT = "output-is-input", "error", "An output file that is one of the inputs; it is refused."
    MISSING_EXTRA = "missing-extra", "error", "A format whose extra is not installed (xlsx: perfeval[xlsx])."

    # --- importing published tables ---------------------------------------------
    NO_TABLES = "no-tables", "error", "A source in which no 绩效目标 table is recognised."
    IMPORT_INCOMPLETE = "import-incomplete", "error", "A source that does not state the department or the year."
    IMPORT_LEFTOVER = "import-leftover", "warning", "Cells the importer could not place; they are not imported."
    IMPORT_SAME_NAME = "import-same-name", "warning", "Indicators read with the same name; rename them in the file."
    SEVERAL_DEPARTMENTS = "several-departments", "error", "A source with several departments' tables: read each."
    UNKNOWN_SOURCE = "unknown-source", "error", "A source of a kind the importer does not read (.txt .docx .xlsx .pdf)."

    # --- auditing a published self-assessment (perfeval audit) -------------------
    FULL_MARKS_MISSED = "full-marks-missed", "warning", "Full marks although the target was missed."
    POINTS_LOST_MET = "points-lost-met", "warning", "Points lost although the target was met."
    SCORE_OVER_WEIGHT = "score-over-weight", "error", "A published score above its 分值."
    TOTAL_MISMATCH = "total-mismatch", "warning", "Published scores that do not add up to the published 总分."
    REASON_MISSING = "reason-missing", "warning", "A missed target or an over-achievement with no 偏差原因."
    EXECUTION_MISMATCH = "execution-mismatch", "warning", "An execution-rate score the funding figures do not give."
    AUDIT_UNREADABLE = "audit-unreadable", "warning", "A target, actual or 分值 perfeval cannot read or score."
    SCORE_DIFFERS = "score-differs", "warning", "A published score further from perfeval's than the tolerance."
    NO_SELF_ASSESSMENT = "no-self-assessment", "error", "A source with no 自评表 (no 实际完成值/得分 header)."


def catalogue_markdown() -> str:
    """``docs/errors.md``: every code with its severity and meaning."""
    lines = [
        "# Error, diagnostic and flag codes",
        "",
        "Generated from `src/perfeval/codes.py` by `perfeval codes > docs/errors.md`;",
        "do not edit by hand. Every error perfeval raises is a `perfeval.PerfevalError`",
        "(a `ValueError`) with one of these codes in `.code`; diagnostics and flags carry",
        "them too. The severity is the code's default.",
        "",
        "| code | severity | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.value}` | {c.severity} | {c.meaning} |" for c in Code]
    lines += ["", "## Limits", "", "What perfeval reads is bounded (`src/perfeval/limits.py`); past a limit, the",
              "input is refused with a typed error (`out-of-range`, `too-long`, `too-deep`, `too-large`).", "",
              "| what | limit |", "|---|---|"]
    lines += [f"| {what} | {limit} |" for what, limit in LIMITS]
    return "\n".join(lines) + "\n"

