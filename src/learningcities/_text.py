"""How values are shown in messages: short, escaped, always printable."""

from __future__ import annotations

import json
import math
import re
from typing import Final

__all__ = ["describe", "quote"]

_LIMIT: Final = 40
_UNPRINTABLE: Final = re.compile(
    r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
)


def quote(text: str) -> str:
    r"""Quote *text* as a JSON string, shortened, with invisible characters escaped.

    >>> quote("Fès")
    '"Fès"'
    >>> quote("a\\u200bb")
    '"a\\\\u200bb"'
    """
    if len(text) > _LIMIT:
        text = text[: _LIMIT - 1] + "…"
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted)


def describe(value: object) -> str:  # noqa: PLR0911 (one return per JSON type)
    """Name the JSON type of *value* and show it briefly, for "…, not X" clauses.

    >>> describe("12"), describe(True), describe(2024), describe([1]), describe(None)
    ('a string ("12")', 'a boolean (true)', 'a number (2024)', 'an array', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int):
        if value.bit_length() > 128:
            return f"a number of about {int(value.bit_length() * 0.30103)} digits"
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value!r})" if math.isfinite(value) else f"{value!r}"
    if isinstance(value, str):
        return f"a string ({quote(value)})"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"
