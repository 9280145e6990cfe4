"""The seed department's report, pinned byte for byte in every format.

``tests/golden/seed.<format>`` is what ``perfeval grade`` printed for the
shipped book, actuals and budget when the file was last changed on purpose,
run from the project's root with the paths below: the report's problems
name the indicator file as it was given, with line and column.
A change to the report updates the golden file in the same commit, and the
commit's note lists the differences; the files are never re-blessed
wholesale.  The golden files live in the repository, so this test needs no
``../shared/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfeval.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
COMMAND = ["grade", "indicators/caofeidian-hrss-2023.yaml", "examples/actuals-2023.csv",
           "--budget", "examples/budget-2023.csv"]
FORMATS = ("table", "markdown", "html", "json", "csv", "selfeval")


@pytest.mark.parametrize("name", FORMATS)
def test_the_seed_report_is_unchanged(name, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)  # the paths as a person types them, which the problems' locations show
    assert main([*COMMAND, "--format", name]) == 0
    printed = capsys.readouterr().out
    expected = (GOLDEN / f"seed.{name}").read_text(encoding="utf-8")
    if printed != expected:
        changed = [i + 1 for i, (a, b) in enumerate(zip(printed.splitlines(), expected.splitlines(), strict=False)) if a != b]
        pytest.fail(f"seed.{name} differs from the golden file at lines {changed[:10]} "
                    f"({len(printed.splitlines())} lines printed, {len(expected.splitlines())} expected)")


def test_the_golden_files_are_every_format():
    assert sorted(p.suffix[1:] for p in GOLDEN.glob("seed.*")) == sorted(FORMATS)
