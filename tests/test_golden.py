"""The seed department's report, pinned byte for byte in every format.

``tests/golden/seed.<format>`` is what ``perfeval grade`` printed for the
shipped book, actuals and budget when the file was last changed on purpose.
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
COMMAND = ["grade", str(ROOT / "indicators" / "caofeidian-hrss-2023.yaml"), str(ROOT / "examples" / "actuals-2023.csv"),
           "--budget", str(ROOT / "examples" / "budget-2023.csv")]
FORMATS = ("table", "markdown", "html", "json", "csv", "selfeval")


@pytest.mark.parametrize("name", FORMATS)
def test_the_seed_report_is_unchanged(name, capsys):
    assert main([*COMMAND, "--format", name]) == 0
    printed = capsys.readouterr().out
    expected = (GOLDEN / f"seed.{name}").read_text(encoding="utf-8")
    if printed != expected:
        changed = [i + 1 for i, (a, b) in enumerate(zip(printed.splitlines(), expected.splitlines(), strict=False)) if a != b]
        pytest.fail(f"seed.{name} differs from the golden file at lines {changed[:10]} "
                    f"({len(printed.splitlines())} lines printed, {len(expected.splitlines())} expected)")


def test_the_golden_files_are_every_format():
    assert sorted(p.suffix[1:] for p in GOLDEN.glob("seed.*")) == sorted(FORMATS)
