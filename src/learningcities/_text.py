"""How values are shown in messages: short, escaped, always printable."""

from __future__ import annotations

import json
import re
from typing import Final

from ._messages import Text

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


def describe(value: object) -> Text:  # noqa: PLR0911 (one return per JSON type)
    """Name the JSON type of *value* and show it briefly, for "…, not X" clauses.

    >>> [str(describe(v)) for v in ("12", True, 2024, [1], None)]
    ['a string ("12")', 'a boolean (true)', 'a number (2024)', 'an array', 'null']
    """
    if value is None:
        return Text("null")
    if isinstance(value, bool):
        return Text("a boolean ({value})", {"value": "true" if value else "false"})
    if isinstance(value, int):
        if value.bit_length() > 128:
            digits = int(value.bit_length() * 0.30103)
            return Text("a number of about {digits} digits", {"digits": digits})
        return Text("a number ({value})", {"value": value})
    if isinstance(value, float):
        return Text("a number ({value})", {"value": repr(value)})
    if isinstance(value, str):
        return Text("a string ({value})", {"value": quote(value)})
    if isinstance(value, (list, tuple)):
        return Text("an array")
    if isinstance(value, dict):
        return Text("an object")
    return Text("{value}", {"value": type(value).__name__})
