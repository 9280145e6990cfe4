"""The atheris harness runs without atheris (issue 10): every corpus input,
including each crash the fuzzer has found since, ends in a result or a typed
error, and so do random bytes fed the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fuzz"))

import harness  # noqa: E402

CORPUS = sorted((ROOT / "fuzz" / "corpus").iterdir())


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_each_corpus_input_ends_in_a_result_or_a_typed_error(path):
    harness.one_input(path.read_bytes())


def test_the_corpus_reaches_every_part_the_harness_feeds():
    assert {p.read_bytes()[0] % 7 for p in CORPUS} == set(range(7))


def test_an_uncatalogued_code_counts_as_a_crash(monkeypatch):
    import perfeval

    def broken(*args, **kwargs):
        error = perfeval.NotationError.__new__(perfeval.NotationError)
        error.code = "no-such-code"
        raise error

    monkeypatch.setattr(perfeval, "target", broken)
    with pytest.raises(AssertionError, match="uncatalogued"):
        harness.one_input(b"\x00x")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.integers(0, 6), st.binary(max_size=300))
def test_random_bytes_end_in_a_result_or_a_typed_error(choice, data):
    harness.one_input(bytes([choice]) + data)
