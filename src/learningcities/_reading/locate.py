"""Where values are in JSON text: line and column of a path, found on demand.

Positions are computed only when there are problems, and only for the
paths that have one: the walk descends where a wanted path lies and hands
everything else to the C scanner to skip, so locating costs about one more
parse of the file, not a Python-speed walk of every token.
"""

from __future__ import annotations

import bisect
import json.decoder
import json.scanner
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final, cast

from learningcities._reading.jsontext import SCAN

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from learningcities._findings import Path

__all__ = ["Place", "Starts", "locate", "locate_in_records", "located"]

#: By kind, where records start in a document's text (bytes): (index, byte
#: offset) pairs in order, the last one the offset of the array's closing
#: bracket. The run reader (:mod:`learningcities._speed.runs`) notes them;
#: placing starts there.
Starts = dict[str, list[tuple[int, int]]]

#: A place wanted: a path, and whether the key (rather than the value) is meant.
Place = tuple["Path", bool]

_SPACE: Final = re.compile(r"[ \t\n\r]*")
_WHITE: Final = frozenset(" \t\n\r")
#: A C scanner without the reader's hooks, faster where values are only skipped;
#: it refuses only integers beyond the interpreter's digit limit.
_SKIP: Final[Callable[[str, int], tuple[Any, int]]] = json.scanner.make_scanner(
    cast("Any", json.JSONDecoder())
)
#: The C string scanner: reads a string whose opening quote is before an index.
_STRING: Final[Callable[[str, int], tuple[str, int]]] = vars(json.decoder)["scanstring"]


#: The offset of a place wanted and not (yet) found.
_NOT_FOUND: Final = -1
#: The steps under an object that the walk goes into for its members alone.
_ENTERED: Final[frozenset[str | int]] = frozenset()


class _Walk:
    """A walk of JSON text that notes where each of the *places* starts.

    *wanted* maps each of them to :data:`_NOT_FOUND` (and may hold other
    places, which the walk does not look for); the walk writes the offsets
    of those it finds into it. A place found takes its offset in the same
    entry, so the key given is kept: a million places cost their entries,
    not new keys made during the walk, nor a second table.
    """

    def __init__(
        self, text: str, wanted: dict[Place, Any], places: list[Place]
    ) -> None:
        self.text = text
        self.offsets = wanted
        #: The keys and indexes under each path that the walk goes into or notes
        #: (its keys: the paths the walk goes into). The last key of a place
        #: is left out: the walk reads every member of an object it goes into,
        #: and a million unknown keys of one record need no set of their own,
        #: nor do a million records whose id is wanted (one shared empty set).
        self.steps: dict[Path, set[str | int] | frozenset[str | int]] = {}
        for path, _ in places:
            last = len(path) - 1
            for depth in range(len(path)):
                token = path[depth]
                if depth < last or type(token) is int:
                    steps = self.steps.get(path[:depth])
                    if not isinstance(steps, set):  # none yet, or the shared one
                        steps = self.steps[path[:depth]] = set()
                    steps.add(token)
                else:
                    self.steps.setdefault(path[:depth], _ENTERED)

    def space(self, index: int) -> int:
        match = _SPACE.match(self.text, index)
        return match.end() if match else index

    def value(self, index: int, path: Path) -> int:
        """Note where the value at *path* starts; return where it ends."""
        if (path, False) in self.offsets:
            self.offsets[path, False] = index
        opening = self.text[index]
        if path in self.steps and opening == "{":
            return self.members(index + 1, path)
        if path in self.steps and opening == "[":
            return self.items(index + 1, path)
        return self.skip(index)

    def skip(self, index: int) -> int:
        """Where the value that starts at *index* ends."""
        try:
            return _SKIP(self.text, index)[1]
        except ValueError:  # an integer too long for int(): the reader marks it
            return SCAN(self.text, index)[1]

    def members(self, index: int, path: Path) -> int:
        index = self.space(index)
        while self.text[index] != "}":
            start = index
            key, index = _STRING(self.text, index + 1)
            child = (*path, key)
            if (child, True) in self.offsets:
                self.offsets[child, True] = start  # the last occurrence
            index = self.space(self.space(index) + 1)  # past the colon
            index = self.space(self.value(index, child))
            if self.text[index] == ",":
                index = self.space(index + 1)
        return index + 1

    def items(self, index: int, path: Path) -> int:
        text, space = self.text, self.space
        noted = self.steps.get(path, _ENTERED)  # every other item is skipped at once
        index, position = space(index), 0
        while text[index] != "]":
            if position in noted:
                index = self.value(index, (*path, position))
            else:
                index = self.skip(index)
            if text[index] in _WHITE:
                index = space(index)
            position += 1
            if text[index] == ",":
                index = space(index + 1)
        return index + 1


#: A record that starts further than this from its line's start is placed
#: in the whole text (whose lines are then counted once, not per record).
_FAR: Final = 1 << 16


def locate_in_records(
    data: bytes, wanted: dict[Place, Any], starts: Starts
) -> list[Place]:
    """Place what lies in records, read from the nearest record start known.

    *data* is the UTF-8 text, *starts* where some of its records start (see
    :func:`._speed.runs.read`). In place, as :func:`located` does: each place
    of *wanted* in a record whose start is known closely enough gets its
    line and column, or is taken out if it is not in the text. Returns the
    places left for :func:`located`, whose entries are untouched.
    """
    rest: list[Place] = []
    windows: dict[tuple[str, int], list[Place]] = defaultdict(list)
    firsts = {kind: [index for index, _ in marks] for kind, marks in starts.items()}
    for place in wanted:
        path = place[0]
        kind, index = (path[0], path[1]) if len(path) > 1 else (None, None)
        if kind not in starts or type(index) is not int:
            rest.append(place)
            continue
        window = bisect.bisect_right(firsts[kind], index) - 1
        if window < 0 or window + 1 >= len(starts[kind]):
            rest.append(place)  # beyond the array's last record
        else:
            windows[kind, window].append(place)
    line, counted = 1, 0  # the line at byte offset *counted*
    for (kind, window), places in sorted(
        windows.items(), key=lambda item: starts[item[0][0]][item[0][1]][1]
    ):
        (first, begin), (_, end) = starts[kind][window : window + 2]
        line_start = data.rfind(b"\n", 0, begin) + 1
        if begin - line_start > _FAR:
            rest += places
            continue
        line += data.count(b"\n", counted, line_start)
        counted = line_start
        text = str(memoryview(data)[line_start:end], "utf-8")
        for place in places:
            wanted[place] = _NOT_FOUND
        walk = _Walk(text, wanted, places)
        index = walk.space(len(str(memoryview(data)[line_start:begin], "utf-8")))
        last = max(int(place[0][1]) for place in places)
        for position in range(first, last + 1):  # skipped, unless wanted
            index = walk.space(walk.value(index, (kind, position)))
            if text[index : index + 1] == ",":
                index = walk.space(index + 1)
        _lines_and_columns(text, wanted, places, line)
    return rest


def locate(text: str, wanted: Iterable[Place]) -> dict[Place, tuple[int, int]]:
    r"""Return the 1-based line and column of each wanted place in JSON *text*.

    *text* must be valid JSON (a byte order mark is skipped). The places are
    in the order given; one that is not in the text is left out.

    >>> locate('{\n  "a": [1, {"b": 2}]\n}', [(("a", 1, "b"), False), (("a",), True)])
    {(('a', 1, 'b'), False): (2, 18), (('a',), True): (2, 3)}
    """
    return located(text, dict.fromkeys(wanted, _NOT_FOUND))


def located(text: str, wanted: dict[Place, Any]) -> dict[Place, tuple[int, int]]:
    """:func:`locate` in place: *wanted* maps each place to anything, and is the result.

    Each place found gets its line and column as its value; the others are
    taken out. The keys given are kept, not copied: placing a million
    problems holds one entry for each, made by the caller.
    """
    places = list(wanted)
    for place in places:
        wanted[place] = _NOT_FOUND
    start = 1 if text.startswith("\ufeff") else 0
    walk = _Walk(text, wanted, places)
    walk.value(walk.space(start), ())
    return _lines_and_columns(text, wanted, places, 1, start)


def _lines_and_columns(
    text: str,
    offsets: dict[Place, Any],
    places: list[Place],
    line: int,
    start: int = 0,
) -> dict[Place, tuple[int, int]]:
    """The line and column of each offset in *text*, whose first line is *line*.

    *offsets* maps *places* to their offsets, or :data:`_NOT_FOUND`; it is
    made the result, in place: each offset becomes its line and column, and
    the places not found are taken out. Its other entries are left as
    they are.

    The offsets are visited in order and the newlines between two counted
    once: placing N problems costs one pass over the text and a sort of N,
    never a count from the start per problem. *start* is where the first
    line's first column is (after a byte order mark).
    """
    found = []
    for place in places:
        if offsets[place] == _NOT_FOUND:
            del offsets[place]
        else:
            found.append(place)
    found.sort(key=offsets.__getitem__)
    line_start = previous = start
    for place in found:
        offset = offsets[place]
        newlines = text.count("\n", previous, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, offset) + 1
        previous = offset
        offsets[place] = (line, offset - line_start + 1)
    return offsets
