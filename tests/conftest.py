"""Hypothesis profiles: ``ci`` is thorough, ``dev`` (the default locally) quick.

The profile is taken from ``HYPOTHESIS_PROFILE``, else ``ci`` when ``CI`` is
set, else ``dev``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
