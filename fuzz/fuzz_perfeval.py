"""A coverage-guided fuzzing target for perfeval (issue 10), with atheris.

Run it by hand; it is never part of the test suite:

    pip install atheris
    python fuzz/fuzz_perfeval.py -atheris_runs=1000000 fuzz/corpus

What each input is fed to, and what counts as a crash, is in
``fuzz/harness.py``.  libFuzzer saves a crashing input as ``crash-…`` in the
current folder; add it to ``fuzz/corpus/`` with the fix, so that
``tests/test_fuzz_harness.py`` replays it from then on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))
with atheris.instrument_imports(include=["perfeval", "harness"]):
    import harness


def main() -> None:
    harness.warm_up()
    atheris.Setup(sys.argv, harness.one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
