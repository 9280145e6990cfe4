"""CSV that Excel opens: every CSV file perfeval writes with ``-o`` (``perfeval
template``, ``perfeval grade --format csv``) is UTF-8 with a byte-order mark
by default, so that Excel does not read it in the system's code page;
standard output gets no BOM; ``--encoding`` chooses another.  perfeval's own
readers take the BOM, GB18030's (84 31 95 33) included.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main
from perfeval.io import read_actuals, template

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
ACTUALS = ROOT / "examples" / "actuals-2023.csv"
BUDGET = ROOT / "examples" / "budget-2023.csv"
UTF8_BOM, GB18030_BOM = b"\xef\xbb\xbf", b"\x84\x31\x95\x33"


@pytest.fixture(scope="module")
def book() -> perfeval.Book:
    return perfeval.load(SEED)


def test_the_template_file_has_a_bom_and_grades_back_with_every_id(tmp_path, book, capsys):
    out = tmp_path / "actuals.csv"
    assert main(["template", str(SEED), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(UTF8_BOM) and not raw.startswith(UTF8_BOM * 2)
    assert raw[len(UTF8_BOM):].decode("utf-8") == template(book)
    # filled in as a person would in Excel, and read back: every id matches, none is unknown
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    assert header[0] == "id"  # not '\ufeffid'
    actual = header.index("actual")
    for row in rows[1:]:
        row[actual] = "/"  # not applicable: every row is read, none missing
    filled = tmp_path / "filled.csv"
    filled.write_bytes(UTF8_BOM + _csv(rows).encode("utf-8"))
    assert [e.id for e in read_actuals(filled)] == [i.id for i in book.indicators]
    capsys.readouterr()
    assert main(["grade", str(SEED), str(filled), "--budget", str(BUDGET), "--format", "json"]) == 0
    report = perfeval.grade(book, filled, budget=BUDGET)
    assert report.unknown == () and report.missing == 0
    assert all(r.status == "not-applicable" for r in report.rows)
    assert [r.id for r in report.rows] == [i.id for i in book.indicators]


def test_the_template_on_standard_output_has_no_bom(capsysbinary, book):
    assert main(["template", str(SEED)]) == 0
    out = capsysbinary.readouterr().out
    assert not out.startswith(UTF8_BOM) and out.decode("utf-8") == template(book)
    assert main(["template", str(SEED), "--encoding", "utf-8-sig"]) == 0  # not even when asked
    assert not capsysbinary.readouterr().out.startswith(UTF8_BOM)
    assert main(["template", str(SEED), "--encoding", "gb18030"]) == 0
    assert capsysbinary.readouterr().out.decode("gb18030") == template(book)


def test_the_template_in_gb18030_round_trips(tmp_path, book):
    out = tmp_path / "actuals.csv"
    assert main(["template", str(SEED), "-o", str(out), "--encoding", "GB18030"]) == 0
    raw = out.read_bytes()
    assert raw.decode("gb18030") == template(book)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert [e.id for e in read_actuals(out)] == [i.id for i in book.indicators]


def test_the_readers_take_gb18030_with_its_bom(tmp_path, book):
    out = tmp_path / "actuals.csv"
    out.write_bytes(("\ufeff" + template(book)).encode("gb18030"))
    assert out.read_bytes().startswith(GB18030_BOM)
    assert [e.id for e in read_actuals(out)] == [i.id for i in book.indicators]
    budget = tmp_path / "budget.csv"
    budget.write_bytes(("\ufeff" + BUDGET.read_text(encoding="utf-8")).encode("gb18030"))
    assert perfeval.io.read_budget(budget)[0]["project"] == "劳动就业社会保障服务协理员补贴及培训经费"
    report = perfeval.grade(book, ACTUALS, budget=budget)
    assert report == perfeval.grade(book, ACTUALS, budget=BUDGET)


def test_utf8_without_a_bom_is_chosen_by_name(tmp_path, book):
    out = tmp_path / "actuals.csv"
    assert main(["template", str(SEED), "-o", str(out), "--encoding", "utf-8"]) == 0
    assert out.read_bytes() == template(book).encode("utf-8")


def test_the_csv_report_file_has_a_bom_and_its_standard_output_none(tmp_path, capsysbinary):
    command = ["grade", str(SEED), str(ACTUALS), "--budget", str(BUDGET), "--format", "csv"]
    report = perfeval.grade(perfeval.load(SEED), ACTUALS, budget=BUDGET)
    out = tmp_path / "report.csv"
    assert main([*command, "-o", str(out)]) == 0
    assert out.read_bytes() == UTF8_BOM + report.render("csv").encode("utf-8")
    assert main(command) == 0
    assert capsysbinary.readouterr().out == report.render("csv").encode("utf-8")
    assert main([*command, "-o", str(out), "--encoding", "gb18030"]) == 0
    assert out.read_bytes().decode("gb18030") == report.render("csv")
    # only CSV: the other formats are UTF-8 without a BOM
    assert main([*command[:-1], "json", "-o", str(out)]) == 0
    assert out.read_bytes() == report.render("json").encode("utf-8")


def test_a_bad_or_too_small_encoding(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["template", str(SEED), "--encoding", "no-such-encoding"])
    assert info.value.code == 2 and "no encoding 'no-such-encoding'" in capsys.readouterr().err
    out = tmp_path / "actuals.csv"
    assert main(["template", str(SEED), "-o", str(out), "--encoding", "ascii"]) == 1
    assert "cannot be written in ascii" in capsys.readouterr().err and not out.exists()


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# Issue 10, item 20: both file kinds are read alike, by their BOM, and a file
# that is neither is an error naming the byte offset, never a silent retry.
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk", "utf-8", "utf-8-sig"])
def test_indicator_files_and_tables_are_read_in_the_same_encodings(tmp_path, book, encoding):
    marks = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}  # Excel's "Unicode text" has the mark
    indicators, actuals = tmp_path / "book.yaml", tmp_path / "actuals.csv"
    indicators.write_bytes(marks.get(encoding, b"") + SEED.read_text(encoding="utf-8").encode(encoding))
    actuals.write_bytes(marks.get(encoding, b"") + ACTUALS.read_text(encoding="utf-8").encode(encoding))
    assert perfeval.load(indicators) == book
    assert [(e.id, e.actual, e.note, e.location.line) for e in read_actuals(actuals)] == \
        [(e.id, e.actual, e.note, e.location.line) for e in read_actuals(ACTUALS)]


@pytest.mark.parametrize("raw, offset", [
    ("实际完成".encode() + b"\xff,1\n", 12),         # UTF-8, broken after Chinese: not retried as GB18030
    (UTF8_BOM + "id,实际".encode() + b"\xc3\x28\n", 12),  # a UTF-8 BOM promises UTF-8
    (b"\xff\xfe" + "id".encode("utf-16-le") + b"\x00\xd8", 6),  # a lone surrogate in UTF-16
])
def test_text_that_cannot_be_decoded_names_the_byte(tmp_path, book, raw, offset):
    for name, read in (("actuals.csv", read_actuals), ("book.yaml", perfeval.load)):
        path = tmp_path / name
        path.write_bytes(raw)
        with pytest.raises(perfeval.PerfevalError) as info:
            read(path)
        [problem] = info.value.problems
        assert problem.code == "not-text" and f"at byte {offset};" in problem.message, problem.message


def test_a_gbk_console_shows_what_it_cannot_encode_as_an_escape(tmp_path, monkeypatch):
    """Issue 10, item 22: PYTHONIOENCODING=gbk and a name with ✅ ended the run."""
    import sys

    indicators = tmp_path / "book.yaml"
    indicators.write_text('perfeval: 1\ndepartment: {code: "1", name: 局}\nyear: 2023\nactivities:\n'
                          '  - {code: A, name: 甲, indicators: [{name: 到位率✅, ladder: ["100%", "≥90%", "≥80%", '
                          '"<80%"]}]}\n', encoding="utf-8")
    actuals = tmp_path / "actuals.csv"
    actuals.write_text("id,actual\nA/到位率✅,95%\n", encoding="utf-8")
    console = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    monkeypatch.setattr(sys, "stdout", console)
    assert main(["grade", str(indicators), str(actuals)]) == 0
    console.flush()
    shown = console.buffer.getvalue().decode("gbk")  # type: ignore[attr-defined]
    assert "到位率\\u2705" in shown
