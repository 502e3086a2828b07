"""Reading JSON text into plain values without losing a defect on the way.

The standard parser silently keeps the last of two equal keys, turns
``1e400`` into infinity, accepts ``NaN`` and raises on very long integers.
This reader keeps every such defect as a marker in the value (a
:class:`DuplicateKeysDict`, a :class:`BadNumber`), so that the loader can
report it at its path, with all the other problems, instead of stopping.
"""

from __future__ import annotations

import json
import json.scanner
import math
import re
from typing import TYPE_CHECKING, Any, Final, cast

from learningcities._findings import Finding, FindingsError
from learningcities._messages import Text
from learningcities._reading.files import read_input

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from learningcities._findings import Path
    from learningcities._reading.files import PathLike

__all__ = [
    "DECODER",
    "MAX_DEPTH",
    "SCAN",
    "BadNumber",
    "DuplicateKeysDict",
    "decode",
    "holds_only",
    "marked_object",
    "parse",
    "parse_marked",
    "read_text",
    "walk",
    "wide_encoding",
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


def marked_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The object of *pairs*, as the reader makes it: marked if a key repeats.

    A key given twice makes a :class:`DuplicateKeysDict` (the last value
    kept), which the loader reports as ``duplicate-key``.
    """
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
    object_pairs_hook=marked_object,
    parse_float=_float,
    parse_int=_int,
    parse_constant=_bad,
)
#: The C scanner of the reader's decoder: parses one value at an index of a
#: text, as the reader does (defects marked, not raised).
SCAN: Final[Callable[[str, int], tuple[Any, int]]] = json.scanner.make_scanner(
    cast("Any", DECODER)
)


def read_text(path: PathLike) -> str:
    """The text of the file at *path*, decoded as every reader decodes it.

    Raises:
        OSError: the file cannot be read, or it is a device.
        FindingsError: the file is not UTF-8 (see :func:`decode`).
    """
    return decode(read_input(path))


def decode(data: bytes, *, start: bool = True) -> str:
    """Decode UTF-8 *data*; with *start*, data that begin a file.

    Only a file's start may hold a byte order mark, and only there do
    UTF-16 and UTF-32 show (a later line of JSON Lines is read with
    ``start=False``: a zero byte in it is a syntax error, not an encoding).

    Raises:
        FindingsError: with one ``encoding`` finding that says where the first
            undecodable byte is and which encoding the data look like; or,
            for UTF-16 and UTF-32 (told by their byte order mark, or by the
            zero bytes that ASCII text has in them), which one it is.
    """
    other = wide_encoding(data) if start else None
    if other is not None:
        text = Text(
            "The file is not UTF-8: it is {encoding}. Save it again as UTF-8.",
            {"encoding": Text(other)},
        )
        raise FindingsError([Finding("encoding", text, line=1, column=1)])
    try:
        return data.decode("utf-8-sig" if start else "utf-8")
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


#: The byte order marks of UTF-32 and UTF-16, UTF-32's first (FF FE begins both).
_WIDE_MARKS: Final = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)


def wide_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 that *data* is in, from its first bytes, if any.

    A byte order mark tells it; without one, the zero bytes that ASCII
    characters have in these encodings do (as RFC 4627 said to tell them):
    JSON and CSV text in UTF-8 never starts with a zero byte, nor has one
    second.
    """
    for mark, name in _WIDE_MARKS:
        if data.startswith(mark):
            return name
    zeros = "".join("0" if byte == 0 else "x" for byte in data[:4])
    for pattern, name in _WIDE_ZEROS:
        if zeros.startswith(pattern):
            return name
    return None


#: Where ASCII text in UTF-32 and UTF-16 has zero bytes ("0") among its first four.
_WIDE_ZEROS: Final = (
    ("000x", "UTF-32 (big-endian)"),
    ("x000", "UTF-32 (little-endian)"),
    ("0x", "UTF-16 (big-endian)"),
    ("x0", "UTF-16 (little-endian)"),
)


def _guess_encoding(data: bytes) -> Text:
    if data[:200].count(b"\x00") > 20:
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
    """Parse *text*, which a byte order mark no longer starts (the decoder took it)."""
    try:
        return DECODER.decode(text)
    except json.JSONDecodeError as error:
        finding = _syntax(error)
    except RecursionError:
        deep = Text(
            "{label} nests arrays and objects more than {limit} levels deep.",
            {"limit": MAX_DEPTH},
        )
        line, column = _too_deep_at(text)
        finding = Finding("too-deep", deep, line=line, column=column)
    raise FindingsError([finding])


#: A string, or a bracket: what nesting is counted over.
_NESTING: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_at(text: str) -> tuple[int | None, int | None]:
    """The line and column of the bracket that opens level ``MAX_DEPTH + 1``."""
    depth = 0
    for match in _NESTING.finditer(text):
        bracket = match[0]
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                offset = match.start()
                line = text.count("\n", 0, offset) + 1
                return line, offset - text.rfind("\n", 0, offset)
        elif bracket in "]}":
            depth -= 1
    return None, None


def holds_only(container: dict[Any, Any] | list[Any], types: frozenset[type]) -> bool:
    """Whether every value of an array or object is of one of *types*, at C speed.

    What a :func:`walk` asks to skip a container whose items need no look.
    """
    values = container.values() if isinstance(container, dict) else container
    return types.issuperset(map(type, values))


def walk(
    value: Any,
    prefix: Path = (),
    *,
    enter: Callable[[Any, Path], bool] | None = None,
) -> Iterator[tuple[Path, Any]]:
    """Every value in JSON *value*, itself first, in document order, with its path.

    The walk holds one iterator per open array or object, so its memory
    grows with the depth of nesting, never with the number of values (an
    array of ten million numbers costs nothing more than its own list).
    *enter*, given an array or object and its path, says whether to go into
    it; a container it refuses is still yielded, but not its items.
    """
    open_: list[tuple[Path, Iterator[tuple[Any, Any]]]] = []
    path, item = prefix, value
    while True:
        yield path, item
        if isinstance(item, (dict, list)) and (enter is None or enter(item, path)):
            items = iter(item.items()) if isinstance(item, dict) else enumerate(item)
            open_.append((path, items))
        while open_:
            parent, items = open_[-1]
            following = next(items, None)
            if following is not None:
                key, item = following
                path = (*parent, key)
                break
            open_.pop()
        else:
            return


def _syntax(error: json.JSONDecodeError) -> Finding:
    """The finding for a syntax error; a byte order mark where none may be, named."""
    if error.doc[error.pos : error.pos + 1] == "\ufeff":
        text = Text(
            "A byte order mark (U+FEFF) stands here: only the very start of a "
            "file may hold one. Remove it (joining files saved with one leaves "
            "them inside)."
        )
        return Finding("encoding", text, line=error.lineno, column=error.colno)
    # The json module ends some messages with the place ("… starting at"),
    # which the finding gives as its line and column.
    detail = Text(error.msg.lower().removesuffix(" at").removesuffix(" starting"))
    syntax = Text("The document is not valid JSON: {detail}.", {"detail": detail})
    return Finding("syntax", syntax, line=error.lineno, column=error.colno)
