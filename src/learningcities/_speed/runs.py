r"""Reading a dataset document's records in runs, orjson reading each run it can.

orjson cannot be trusted with a whole text that holds one defect the reader
would mark (a duplicate key, ``NaN``, an escape ``\u``, a long integer):
then, without this, the reader reads every record. Here the records of each
kind are read in runs of :data:`RUN`: orjson reads a run whose text holds
no such defect, the reader (record by record) the others.

The first run ends where the separator between the first two records
occurs again, the :data:`RUN`-th time; each next one at the first
occurrence after about as many bytes. A run is correct whatever the
formatting and wherever it is cut at a separator: it starts where a record
starts, and if orjson reads ``[`` + its text + ``]``, then its text is whole
records separated by commas (any other cut leaves a bracket or a string
open), so the next run starts where a record starts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, AnyStr, Final, NamedTuple

from learningcities._reading.jsontext import SCAN, marked_object
from learningcities.models import KINDS

if TYPE_CHECKING:
    import types
    from collections.abc import Callable

    from learningcities._reading.locate import Starts

__all__ = ["RUN", "Plain", "Read", "holds", "orjson_reading", "read"]

#: How many records the first run of each kind holds (the next, about as many).
RUN: Final = 16
_SPACE: Final = re.compile(rb"[ \t\n\r]*")
#: A key without escapes or control characters (JSON allows none raw in a
#: string): any other key makes the whole text read by the reader.
_KEY: Final = re.compile(rb'"[^"\\\x00-\x1f]*"')
#: The words of numbers JSON cannot hold, which orjson refuses (after
#: reading all the text before them).
_REFUSED: Final = (b"NaN", b"Infinity")
#: Digits to "0", every other byte to a space: a run of 19 digits, which may
#: be an integer orjson would turn into a float, becomes 19 zeros.
_DIGITS: Final = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
#: Beyond this many brackets, an item may nest deep enough for the reader's
#: limit to depend on where it is read: the whole text is read at once.
_DEEP: Final = 200


#: After this many runs orjson could not read, and more than it could, the
#: text is read whole: it is formatted unevenly, or holds defects all over.
_UNEVEN: Final = 64


class _Unusual(Exception):  # noqa: N818 (a signal, not an error)
    """The text is not a document this reading handles: read it whole."""


#: By kind, the records (from, to, and whether their text may hold an
#: extension key) whose text orjson wrote out plain: see :func:`read`.
Plain = dict[str, list[tuple[int, int, bool]]]


class Read(NamedTuple):
    """A document read by runs, where some of its records start, which are plain."""

    document: dict[str, Any]
    starts: Starts
    plain: Plain


def orjson_reading(
    data: bytes, orjson: types.ModuleType, *, long: bool = True
) -> tuple[Any, bytes] | None:
    r"""What orjson reads of JSON *data*, and its writing of that, or None.

    None where orjson refuses the text or would read it otherwise than the
    reader, which marks defects (duplicate keys, numbers that cannot be
    held). orjson refuses ``NaN``, infinities and lone surrogates; it would
    make a float of an integer beyond 64 bits (a float of 2**63 or more,
    which it writes with an exponent ``e+``: then a text with a run of 19
    digits is refused), and keep one of two equal keys. A duplicate key is
    found by counting colons: with no escape ``\u`` in the text (which
    could hide a colon), every string is written back as it was read, so
    the text has more colons than orjson's writing exactly when a key was
    dropped. A *long* text is searched for the words orjson refuses before
    it reads it, since it would read all the text before them.
    """
    escaped = b"\\" in data and b"\\u" in data  # a byte is found 10 times faster
    if escaped or (long and any(word in data for word in _REFUSED)):
        return None
    try:
        value = orjson.loads(data)
        # Writing fails beyond 254 levels, well before the reader's limit.
        written = orjson.dumps(value)
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        return None  # a defect, a cut inside an item, or deep nesting
    if holds(written, b"e+") and b"0" * 19 in data.translate(_DIGITS):
        return None
    if data.count(b":") != written.count(b":"):
        return None
    return value, written


def holds(text: AnyStr, part: AnyStr) -> bool:
    """Whether *text* holds *part*, of which the second character is rare.

    Searching for one character costs a tenth of searching for several:
    the rare one is looked for first.
    """
    rare, start = part[1:2], 1
    for _ in range(64):
        found = text.find(rare, start)
        if found < 0:
            return False
        if text.startswith(part, found - 1):
            return True
        start = found + 1
    return text.find(part, start) >= 0  # not so rare after all


def read(
    data: bytes,
    orjson: types.ModuleType,
    plain: Callable[[bytes], tuple[bool, bool]] | None = None,
) -> Read | None:
    """The dataset document UTF-8 *data* holds, as the reader reads it, or None.

    None means: read the text whole (it is not an object of record arrays
    and simple values, or it has a syntax error, or nests deep). The record
    starts are those of the runs and of the records read one by one:
    :func:`learningcities._reading.locate.locate_in_records` places problems
    from there. *plain* tells, of orjson's writing of a run, whether its
    text is plain and may hold an extension key: the runs it calls plain are
    listed.
    """
    reader = _Reader(data, orjson, plain)
    try:
        return Read(reader.document(), reader.starts, reader.plain)
    except (_Unusual, ValueError, IndexError, StopIteration, RecursionError):
        return None  # ValueError: a syntax error, or bytes that are not UTF-8


class _Reader:
    def __init__(
        self,
        data: bytes,
        orjson: types.ModuleType,
        plain: Callable[[bytes], tuple[bool, bool]] | None,
    ) -> None:
        self.data, self.orjson, self.is_plain = data, orjson, plain
        self.failed = self.read = 0  # runs orjson could not, and could, read
        self.starts: Starts = {}
        self.plain: Plain = {}

    def space(self, index: int) -> int:
        match = _SPACE.match(self.data, index)
        return match.end() if match else index

    def expect(self, index: int, byte: bytes) -> int:
        if self.data[index : index + 1] != byte:
            raise _Unusual
        return self.space(index + 1)

    def document(self) -> dict[str, Any]:
        data = self.data
        index = self.expect(self.space(0), b"{")
        pairs: list[tuple[str, Any]] = []
        while data[index : index + 1] != b"}":
            if pairs:
                index = self.expect(index, b",")
            key = _KEY.match(data, index)
            if key is None:
                raise _Unusual
            name = key[0][1:-1].decode()
            index = self.expect(self.space(key.end()), b":")
            if name in KINDS and data[index : index + 1] == b"[":
                value, index = self.array(index + 1, name)
            else:
                value, index = self.item(index)
            pairs.append((name, value))
            index = self.space(index)
        if self.space(index + 1) != len(data):
            raise _Unusual
        return marked_object(pairs)

    def array(self, index: int, kind: str) -> tuple[list[Any], int]:
        """The records of *kind*, in an array whose first is at or after *index*.

        Where some start, and where the array ends, is noted in the starts.
        """
        data = self.data
        items: list[Any] = []
        starts = self.starts[kind] = []  # a kind given twice: the last is kept
        self.plain[kind] = []
        index = self.space(index)
        if data[index : index + 1] == b"]":
            starts.append((0, index))
            return items, index + 1
        end, index, ended = self.one(index, items, starts)
        if ended:
            return items, index
        # What separates the first two items, and the first byte of the second.
        separator = data[end : index + 1]
        stride = 0  # the length of the first run read: the others are cut as long
        while True:
            end = index
            if stride:  # one search, from near where the RUN-th separator was
                end = data.find(separator, index + max(1, stride - stride // RUN))
            else:
                for _ in range(RUN):
                    end = data.find(separator, end + 1)
                    if end < 0:
                        break
            run = self.trusted(data[index:end], kind, len(items)) if end > 0 else None
            if run is not None:
                starts.append((len(items), index))
                items += run
                stride = stride or end - index
                index = end + len(separator) - 1
                continue
            for _ in range(RUN):
                _, index, ended = self.one(index, items, starts)
                if ended:
                    return items, index

    def one(
        self, index: int, items: list[Any], starts: list[tuple[int, int]]
    ) -> tuple[int, int, bool]:
        """Read the item at *index* with the reader, noting where it starts.

        Returns where it ends, where the next starts (or past the array's
        end), and whether the array ended.
        """
        starts.append((len(items), index))
        item, end = self.item(index)
        items.append(item)
        index, ended = self.follow(end)
        if ended:
            starts.append((len(items), index - 1))
        return end, index, ended

    def follow(self, index: int) -> tuple[int, bool]:
        """Past the comma after an item, or past the array's end (and True)."""
        index = self.space(index)
        if self.data[index : index + 1] == b"]":
            return index + 1, True
        return self.expect(index, b","), False

    def trusted(self, run: bytes, kind: str, first: int) -> list[Any] | None:
        """The items of *run* as orjson reads them, if it reads them as the reader.

        *run* holds records of *kind* from the *first*-th: if orjson wrote
        them out plain, they are noted so.
        """
        reading = orjson_reading(b"[" + run + b"]", self.orjson, long=False)
        if reading is None:
            self.failed += 1
            if self.failed > _UNEVEN and self.failed > self.read:
                raise _Unusual  # formatted unevenly: runs seldom end well
            return None
        self.read += 1
        items: list[Any] = reading[0]
        if self.is_plain is not None:
            plain, extends = self.is_plain(reading[1][1:-1])
            if plain:
                self.plain[kind].append((first, first + len(items), extends))
        return items

    def item(self, index: int) -> tuple[Any, int]:
        """One item, read by the reader from a window of text that holds it."""
        data, size = self.data, 1 << 12
        while True:
            stop = min(index + size, len(data))
            while stop < len(data) and data[stop] & 0xC0 == 0x80:
                stop -= 1  # the window ends before a character, not inside
            text = data[index:stop].decode()
            try:
                value, end = SCAN(text, 0)
            except (StopIteration, ValueError):
                if stop == len(data):
                    raise
                size <<= 2
                continue
            # A number at the window's end may go on beyond it.
            if end < len(text) or stop == len(data):
                if text.count("[", 0, end) + text.count("{", 0, end) > _DEEP:
                    raise _Unusual
                return value, index + len(text[:end].encode())
            size <<= 2
