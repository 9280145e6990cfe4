"""Shared test set-up: Hypothesis profiles, and the record of the codes the
suite raises.

Every code in :mod:`perfeval.codes` must be raised (or reported, or flagged)
somewhere in the suite: a code no test produces is a code no test checks.
While the whole suite runs, the constructors of perfeval's errors,
diagnostics and flags record each code they are given; at the end, a listed
code that was never seen fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from perfeval import codes, errors
from perfeval.grading.report import Row

# CI runs the same 2,000 examples per property every time (issue 10);
# locally, Hypothesis explores 200.  PERFEVAL_EXAMPLES=N runs N per property
# for a longer search, in either.
_EXAMPLES = int(os.environ.get("PERFEVAL_EXAMPLES", "0"))
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=_EXAMPLES or 2000,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.register_profile("dev", deadline=None, max_examples=_EXAMPLES or 200,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

SEEN_CODES: set[str] = set()


def _recording(init: Callable[..., None], codes_of: Callable[[Any], Iterable[Any]]) -> Callable[..., None]:
    def record(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        SEEN_CODES.update(str(code) for code in codes_of(self))

    return record


def pytest_sessionstart(session: pytest.Session) -> None:
    for cls in (errors.PerfevalError, errors.Diagnostic, errors.Flag):
        cls.__init__ = _recording(cls.__init__, lambda self: (self.code,))  # type: ignore[method-assign]
    # A report row carries the codes of its flags, some added by grading itself (note-required).
    Row.__init__ = _recording(Row.__init__, lambda row: row.flags)  # type: ignore[method-assign]


def _whole_suite(session: pytest.Session) -> bool:
    config = session.config
    narrowed = config.getoption("keyword") or config.getoption("markexpr") or config.getoption("lf", False)
    return not narrowed and config.args_source != pytest.Config.ArgsSource.ARGS


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus != 0 or not _whole_suite(session):
        return
    listed = {c.value for c in codes.Code}
    assert listed >= SEEN_CODES, f"codes raised but not listed: {sorted(SEEN_CODES - listed)}"
    never = sorted(listed - SEEN_CODES)
    if never:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "listed in perfeval.codes but never raised by the suite: " + ", ".join(never)
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
