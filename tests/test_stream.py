"""``perfeval grade-many``: a stream of rows graded against many books (issue 12).

Each row comes out as it goes in, the same as ``grade_many`` gives it; the
output goes through the atomic writer; a streamed input has per-row limits
instead of the whole-file one; and nothing but rows reaches the output.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main
from perfeval.io.stream import read_stream
from perfeval.limits import MAX_ROW_BYTES, MAX_ROW_CELLS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "indicators" / "caofeidian-hrss-2023.yaml"
SMALL = ROOT / "examples" / "small.yaml"
ACTUALS = ROOT / "examples" / "actuals-2023.csv"


def test_a_file_of_actuals_streams_to_the_rows_grade_many_gives(tmp_path, capsys):
    out = tmp_path / "rows.csv"
    assert main(["grade-many", str(SEED), str(ACTUALS), "-o", str(out)]) == 0
    written = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    book = perfeval.load(SEED)
    with ACTUALS.open("rb") as f:
        rows = list(perfeval.grade_many({"seed": book}, (("seed", *r[1:]) for r in read_stream(f, "a.csv"))))
    assert [(w["id"], w["status"], w["grade"], w["points"]) for w in written] == [
        (r.id, r.status, r.grade or "", "" if r.points is None else str(r.points)) for r in rows]
    assert "caofeidian-hrss-2023: 171 rows, 170 graded" in capsys.readouterr().err


def test_standard_input_and_several_books_by_a_book_column():
    text = "book,id,actual\nsmall,0101/社会保险补贴到位率,92%\ncaofeidian-hrss-2023,0101/社会保险补贴到位率,100%\n"
    done = subprocess.run([sys.executable, "-m", "perfeval", "grade-many", str(SMALL), str(SEED), "-"],
                          input=text.encode(), capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    assert [line.split(",")[:5] for line in lines[1:]] == [
        ["small", "0101/社会保险补贴到位率", "92%", "graded", "良"],
        ["caofeidian-hrss-2023", "0101/社会保险补贴到位率", "100%", "graded", "优"]]
    assert "rows" not in done.stdout.decode().split("\n", 1)[1]   # no progress bar or summary in the output


@pytest.mark.parametrize("text, code", [
    ("id,actual\n" + ",".join(["x"] * (MAX_ROW_CELLS + 1)) + "\n", "csv-syntax"),
    ("id,actual\nx," + "9" * (MAX_ROW_BYTES + 1) + "\n", "csv-syntax"),
    ("id,actual\nx,\"never closed\n", "csv-syntax"),
    ("id,actual\na,b,c\n", "extra-cells"),
    ("name,value\n", "missing-column"),
    ("", "empty-file"),
])
def test_a_stream_that_breaks_a_row_limit_is_a_typed_error_at_its_line(text, code, tmp_path, capsys):
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["grade-many", str(SMALL), str(path)]) == 1
    assert f"error {code}:" in capsys.readouterr().err


def test_bytes_that_are_not_text_name_their_line(tmp_path, capsys):
    path = tmp_path / "in.csv"
    path.write_bytes("id,actual\n0101/社会保险补贴到位率,92%\n".encode() + b"x,\xff\xfe\n")
    assert main(["grade-many", str(SMALL), str(path), "--no-progress"]) == 1
    assert "in.csv:3:1: error not-text" in capsys.readouterr().err


def test_gb18030_with_its_mark_and_utf16_stream_alike(tmp_path):
    text = "id,actual\n0101/社会保险补贴到位率,92%\n"
    for data in (b"\x84\x31\x95\x33" + text.encode("gb18030"), text.encode("utf-16")):
        rows = list(read_stream(io.BytesIO(data), "in.csv"))
        assert rows == [(None, "0101/社会保险补贴到位率", "92%", None)]


def test_a_failed_stream_leaves_the_old_output_whole(tmp_path):
    out = tmp_path / "rows.csv"
    out.write_text("old\n", encoding="utf-8")
    path = tmp_path / "in.csv"
    path.write_text("id,actual\n0101/社会保险补贴到位率,92%\nx,\"never closed\n", encoding="utf-8")
    assert main(["grade-many", str(SMALL), str(path), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rows.csv")] == []


def test_a_reader_that_leaves_early_cuts_the_output_short_without_a_word(tmp_path):
    """`perfeval grade-many … | head`: no "error unwritable" on standard
    error, no traceback, and not the status of success, since the output was
    cut short (141, as a shell gives a command that SIGPIPE ended)."""
    actuals = tmp_path / "many.csv"
    actuals.write_text("id,actual\n" + "0101/社会保险补贴到位率,92%\n" * 50_000, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "perfeval", "grade-many", str(SEED), str(actuals),
                                "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"book,id,actual")
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert error == ""


def test_a_closed_pipe_with_no_descriptor_behind_it_returns_141(monkeypatch):
    """main() called in a process whose standard output is an object (a
    test's capture, a notebook): the pipe's reader leaving still ends the
    command with 141, and no descriptor is left open."""
    import os

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["codes"]) == 141
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before
