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

from ._finding import Finding, FindingsError
from ._messages import Text

__all__ = [
    "DECODER",
    "MAX_DEPTH",
    "BadNumber",
    "DuplicateKeysDict",
    "decode",
    "parse",
    "parse_marked",
]


class BadNumber:
    """A number in the text that cannot be held exactly: NaN, ±Infinity, 1e400."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        """Keep the number as written."""
        self.text = text

    def __repr__(self) -> str:
        return f"BadNumber({self.text!r})"

    def describe(self) -> Text | str:
        """Show the number briefly, for messages."""
        if len(self.text) > 20:
            count = len(self.text.lstrip("-"))
            return Text("a number of {count} characters", {"count": count})
        return self.text


class DuplicateKeysDict(dict[str, Any]):
    """An object in which some key appeared more than once (the last value kept)."""

    duplicates: tuple[str, ...] = ()

    def __repr__(self) -> str:
        # The class's name shows in the repr of any value that holds such an
        # object: that is how the first pass tells a record that holds one.
        return f"DuplicateKeysDict({super().__repr__()})"


class _Marks:
    """How many markers the reader has made: more after a parse, if it made one.

    Shared by all threads: a parse that sees the count change may have made
    a marker or not, one that sees it unchanged made none.
    """

    made = 0


def _marked() -> None:
    _Marks.made += 1


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    _marked()
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
    return value if math.isfinite(value) else _bad(text)


def _int(text: str) -> int | BadNumber:
    try:
        return int(text)
    except ValueError:  # beyond the interpreter's limit on integer digits
        return _bad(text)


def _bad(text: str) -> BadNumber:
    _marked()
    return BadNumber(text)


#: How deep a document may nest arrays and objects (the format itself needs 5).
MAX_DEPTH: Final = 64

DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object,
    parse_float=_float,
    parse_int=_int,
    parse_constant=_bad,
)


def decode(data: bytes) -> str:
    """Decode UTF-8 *data*, with or without a byte order mark.

    Raises:
        FindingsError: with one ``encoding`` finding that says where the first
            undecodable byte is and which encoding the data look like.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        text = Text(
            "The file is not UTF-8: byte 0x{byte} at line {line}, column {column} "
            "cannot be decoded; {guess}. Save it again as UTF-8.",
            {
                "byte": f"{data[error.start]:02x}",
                "line": line,
                "column": column,
                "guess": _guess_encoding(data),
            },
        )
        finding = Finding("encoding", text, line=line, column=column)
        raise FindingsError([finding]) from None


def _guess_encoding(data: bytes) -> Text:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:200].count(b"\x00") > 20:
        return Text("it looks like UTF-16")
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return Text("its encoding is not recognized")
    return Text("it looks like Windows-1252 (a spreadsheet's default Western encoding)")


def parse(text: str) -> Any:
    """Parse JSON *text* into plain values, marking defects instead of failing.

    Raises:
        FindingsError: the text is not JSON (``syntax``) or nests too deep
            for the parser (``too-deep``).
    """
    return parse_marked(text)[0]


def parse_marked(text: str) -> tuple[Any, bool]:
    """:func:`parse`, and whether the value may hold a marker of a defect.

    Raises:
        FindingsError: as :func:`parse`.
    """
    made = _Marks.made
    value = _parse(text)
    return value, _Marks.made != made


def _parse(text: str) -> Any:
    text = text.removeprefix("\ufeff")
    try:
        return DECODER.decode(text)
    except json.JSONDecodeError as error:
        detail = Text(error.msg.lower())
        syntax = Text("The document is not valid JSON: {detail}.", {"detail": detail})
        finding = Finding("syntax", syntax, line=error.lineno, column=error.colno)
    except RecursionError:
        deep = Text(
            "{label} nests arrays and objects more than {limit} levels deep.",
            {"limit": MAX_DEPTH},
        )
        finding = Finding("too-deep", deep)
    raise FindingsError([finding])
