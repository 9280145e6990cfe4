"""Shared test set-up: Hypothesis profiles and the seed document."""

import os

from hypothesis import HealthCheck, settings

# CI runs the same examples every time; locally, Hypothesis explores.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=200,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=200)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
