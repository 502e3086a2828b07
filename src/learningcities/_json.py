"""Reading JSON text into plain values without losing a defect on the way.

The standard parser silently keeps the last of two equal keys, turns
``1e400`` into infinity, accepts ``NaN`` and raises on very long integers.
This reader keeps every such defect as a marker in the value (a
:class:`DuplicateKeysDict`, a :class:`BadNumber`), so that the loader can
report it at its path, with all the other problems, instead of stopping.
"""

from __future__ import annotations

import json
import math
from typing import Any, Final

from ._errors import InvalidDataError, Problem

__all__ = ["BadNumber", "DuplicateKeysDict", "decode", "parse"]


class BadNumber:
    """A number in the text that cannot be held exactly: NaN, ±Infinity, 1e400."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        """Keep the number as written."""
        self.text = text

    def __repr__(self) -> str:
        return f"BadNumber({self.text!r})"

    def describe(self) -> str:
        """Show the number briefly, for messages."""
        if len(self.text) > 20:
            return f"a number of {len(self.text.lstrip('-'))} characters"
        return self.text


class DuplicateKeysDict(dict[str, Any]):
    """An object in which some key appeared more than once (the last value kept)."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    seen: set[str] = set()
    duplicates = []
    for key, _ in pairs:
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    marked = DuplicateKeysDict(result)
    marked.duplicates = tuple(duplicates)
    return marked


def _float(text: str) -> float | BadNumber:
    value = float(text)
    return value if math.isfinite(value) else BadNumber(text)


def _int(text: str) -> int | BadNumber:
    try:
        return int(text)
    except ValueError:  # beyond the interpreter's limit on integer digits
        return BadNumber(text)


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object,
    parse_float=_float,
    parse_int=_int,
    parse_constant=BadNumber,
)


def decode(data: bytes) -> str:
    """Decode UTF-8 *data*, with or without a byte order mark.

    Raises:
        InvalidDataError: with one ``encoding`` problem that says where the
            first undecodable byte is and which encoding the data look like.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = (
            f"The file is not UTF-8: byte 0x{data[error.start]:02x} at line {line}, "
            f"column {column} cannot be decoded; {_guess_encoding(data)}. "
            "Save it again as UTF-8."
        )
        problem = Problem(code="encoding", message=message, line=line, column=column)
        raise InvalidDataError([problem]) from None


def _guess_encoding(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:200].count(b"\x00") > 20:
        return "it looks like UTF-16"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "its encoding is not recognized"
    return "it looks like Windows-1252 (a spreadsheet's default Western encoding)"


def parse(text: str) -> Any:
    """Parse JSON *text* into plain values, marking defects instead of failing.

    Raises:
        InvalidDataError: the text is not JSON (``syntax``) or nests too deep
            for the parser (``too-deep``).
    """
    text = text.removeprefix("\ufeff")
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        message = f"The document is not valid JSON: {error.msg.lower()}."
        problem = Problem(
            code="syntax", message=message, line=error.lineno, column=error.colno
        )
    except RecursionError:
        message = "The document nests arrays and objects too deeply to be read."
        problem = Problem(code="too-deep", message=message)
    raise InvalidDataError([problem])
