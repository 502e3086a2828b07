"""How values are shown in messages: short, escaped, always printable."""

from __future__ import annotations

import json
from typing import Any, Final

from learningcities._messages import Deferred, Text

__all__ = ["MISMATCH", "describe", "evaluated", "inert", "mismatch", "quote", "visible"]

_LIMIT: Final = 40


def quote(text: str) -> str:
    r"""Quote *text* as a JSON string, shortened, with invisible characters escaped.

    >>> quote("Fès")
    '"Fès"'
    >>> quote("a\\u200bb")
    '"a\\\\u200bb"'
    """
    if len(text) > _LIMIT:
        text = text[: _LIMIT - 1] + "…"
    return visible(json.dumps(text, ensure_ascii=False), None)


def visible(text: str, limit: int | None = _LIMIT) -> str:
    r"""*text* as it may be shown to a person: escaped, and cut to *limit*.

    Every character that is not printable (control characters, lone
    surrogates, invisible and bidirectional formatting characters, line and
    paragraph separators, unassigned code points, spaces other than the
    ASCII one) becomes a visible escape such as ``\u001b``: shown as they
    are, they could hide text, reorder it, or start a line of a report that
    the report did not write. What is beyond *limit* characters becomes
    "…". Anything taken from the input (a key, a value, a name) goes
    through this, or :func:`quote`, before it reaches a report, a table or
    a message.

    >>> visible("\x1b[2Jcity\nname")
    '\\u001b[2Jcity\\u000aname'
    >>> visible("x" * 50)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    """
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


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


#: What :func:`mismatch` keeps for an array or an object: described alike,
#: and the value itself, which may be large, is not kept alive.
_ARRAY: Final = ()
_OBJECT: Final[dict[str, Any]] = {}


def mismatch(expected: Text, value: object) -> Deferred:
    """The message that *value* is not *expected*, described when it is rendered.

    It says "{label} must be {expected}, not {found}.", *found* being
    :func:`describe` of the value. A file may hold a million such values
    (an array of numbers where text is expected); see :class:`Deferred`.

    Invariant: what is kept of the value describes as the value does; a
    long string is cut where :func:`quote` cuts it, and an array or object
    is not kept.

    >>> mismatch(Text("a string"), 2024).render("en", label="'name'")
    "'name' must be a string, not a number (2024)."
    >>> mismatch(Text("a string"), [1]) == mismatch(Text("a string"), [2])
    True
    """
    if isinstance(value, (list, tuple)):
        value = _ARRAY
    elif isinstance(value, dict):
        value = _OBJECT
    elif type(value) is str and len(value) > _LIMIT + 1:
        value = value[: _LIMIT + 1]
    return Deferred(_mismatch, expected, value)


#: The template of :func:`mismatch`.
MISMATCH: Final = "{label} must be {expected}, not {found}."


def _mismatch(expected: Text, value: object) -> Text:
    return Text(MISMATCH, {"expected": expected, "found": describe(value)})


#: What makes a spreadsheet program read a cell as a formula, in ASCII and
#: in full width (which some programs fold to ASCII).
_FORMULA: Final = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: What spreadsheet programs skip before they look for a formula's sign:
#: white space (the ASCII kind, no-break and ideographic spaces) and control
#: characters.
_SKIPPED: Final = "".join(map(chr, range(33))) + "\x7f\xa0\u3000\ufeff"


def inert(cell: str) -> str:
    r"""*cell* as written to a CSV file that a spreadsheet program may open.

    A cell that such a program would evaluate (``=1+1``, ``@SUM(A1)``, the
    same after white space or control characters, or with a full-width
    sign such as U+FF1D) is written with a leading ``'``, which the program shows as
    text; every other cell is written as it is.

    >>> [inert(cell) for cell in ("Fès", "=1+1", " =1+1", "-2")]
    ['Fès', "'=1+1", "' =1+1", "'-2"]
    >>> inert("\uff1d1+1") == "'\uff1d1+1"
    True
    """
    return "'" + cell if evaluated(cell) else cell


def evaluated(cell: str) -> bool:
    r"""Whether a spreadsheet program would evaluate *cell* as a formula.

    >>> [evaluated(cell) for cell in ("Fès", "=1+1", "　@A1", "'=1")]
    [False, True, True, False]
    """
    return cell[:1] in ("\t", "\r") or cell.lstrip(_SKIPPED)[:1] in _FORMULA
