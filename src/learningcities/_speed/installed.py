"""What of the optional accelerator is installed."""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

__all__ = ["optional"]


@cache
def optional(name: str) -> Any | None:
    """The module *name* of an optional dependency, or None if not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
