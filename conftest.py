"""Names every documentation example may use without importing them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import learningcities


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    """``datetime``, ``learningcities``, and ``query``: the sample's queries."""
    doctest_namespace["datetime"] = dt
    doctest_namespace["learningcities"] = learningcities
    doctest_namespace["query"] = learningcities.sample().query
