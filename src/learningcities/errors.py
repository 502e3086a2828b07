"""Exceptions and problem records.

A :class:`Problem` is one defect found in the data, with where it is and what
is wrong; an :class:`InvalidDataError` carries every problem found, never
only the first.

>>> from learningcities import loads
>>> from learningcities.errors import InvalidDataError
>>> try:
...     loads('{"learningcities": "1.1", "cities": [{"id": "Fes"}]}')
... except InvalidDataError as error:
...     print(len(error.problems), error.problems[0].code)
3 schema
"""

from __future__ import annotations

import enum
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from learningcities._shown import visible

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "POINTER_LIMIT",
    "PROBLEM_CODES",
    "InvalidDataError",
    "LearningCitiesError",
    "Problem",
    "Severity",
]

#: How many problems ``str(InvalidDataError)`` lists before it summarizes.
_LISTED: Final = 20
#: How much of a pointer the text form of a problem shows.
POINTER_LIMIT: Final = 200


class Severity(str, enum.Enum):
    """How bad a problem is: an ``error`` makes the data invalid.

    A ``warning`` fails the data only with ``--strict``; a ``note`` never
    does: it says what was left unread (a sheet of a workbook that is not
    named after a kind of record).
    """

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    def __str__(self) -> str:
        return self.value


def column_letters(number: int) -> str:
    """The letters a spreadsheet names its *number*-th column with (1 is ``A``).

    >>> column_letters(1), column_letters(26), column_letters(27), column_letters(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_from_path(path: Sequence[str | int]) -> str:
    """Return the RFC 6901 JSON Pointer of *path*, a sequence of keys and indexes.

    >>> pointer_from_path(["events", 0, "a/b"])
    '/events/0/a~1b'
    """
    return "".join("/" + _escape_pointer_token(token) for token in path)


_POINTER_TOKEN = re.compile(r"/([^/]*)")


def pointer_tokens(pointer: str) -> list[str]:
    """The keys and indexes an RFC 6901 *pointer* names, unescaped, as text.

    >>> pointer_tokens("/events/0/a~1b")
    ['events', '0', 'a/b']
    """
    return [
        raw.replace("~1", "/").replace("~0", "~")
        for raw in _POINTER_TOKEN.findall(pointer)
    ]


def path_from_pointer(pointer: str) -> str:
    """Return the dotted path of an RFC 6901 *pointer*, as people write it.

    >>> path_from_pointer("/events/0/strat")
    'events[0].strat'
    >>> path_from_pointer("")
    ''
    """
    parts: list[str] = []
    for token in pointer_tokens(pointer):
        if token.isdigit():
            parts.append(f"[{token}]")
        else:
            parts.append(f".{token}" if parts else token)
    return "".join(parts)


@attrs.frozen(kw_only=True)
class Problem:
    """One defect in a data file.

    Attributes:
        code: The stable problem code, such as ``schema`` or ``invalid-date``.
        message: One sentence naming the field, what was expected and what
            was found.
        pointer: RFC 6901 JSON Pointer to the offending value (``""`` is the
            whole document).
        severity: ``error``, ``warning`` or ``note``.
        file: The file the problem is in, when it came from a file.
        line: 1-based line of the offending value, when known.
        column: 1-based column of the offending value, when known.
        sheet: The sheet of a workbook the problem is in; then *line* is
            the row a spreadsheet shows and *column* the number of the
            column (see :attr:`cell`).
        suggestion: The value to write instead, when the value looks like
            one written another way (``"Festival"`` for ``"festival"``,
            ``"33,89"`` for ``33.89``, ``"Maroc"`` for ``"MA"``): text or a
            number, as it would be in JSON; None otherwise.

    >>> problem = Problem(
    ...     code="schema",
    ...     pointer="/events/0/strat",
    ...     message="'strat' is not a field of an event.",
    ... )
    >>> problem.path
    'events[0].strat'
    >>> str(problem)
    "error[schema] /events/0/strat: 'strat' is not a field of an event."
    """

    code: str
    message: str
    pointer: str = ""
    severity: Severity = Severity.ERROR
    file: str | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    suggestion: str | int | float | None = None

    @property
    def cell(self) -> str | None:
        """The cell of a problem in a sheet, in A1 notation (``C5``), if known.

        >>> Problem(code="schema", message="…", sheet="Cities", line=5, column=3).cell
        'C5'
        """
        if self.sheet is None or self.line is None or self.column is None:
            return None
        return column_letters(self.column) + str(self.line)

    @property
    def path(self) -> str:
        """The location as a dotted path, ``events[0].start``; ``""`` for the root."""
        return path_from_pointer(self.pointer)

    def __str__(self) -> str:
        """Show the problem as ``FILE:LINE:COLUMN: severity[code] POINTER: message``.

        In a workbook, the place is ``FILE:SHEET!CELL`` (``book.xlsx:Cities!C5``).
        Parts that are not known are left out. Control, bidirectional and
        line-separator characters are shown escaped (see
        :func:`learningcities._shown.visible`) and a long pointer is cut, so
        that no input can write a line, move the cursor or reorder text in a
        terminal or a log.
        """
        if self.sheet is not None:
            place = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
            where = [str(part) for part in (self.file, place) if part]
        else:
            where = [str(p) for p in (self.file, self.line, self.column) if p]
        head = f"{self.severity}[{self.code}]"
        if self.pointer:
            head += f" {visible(self.pointer, POINTER_LIMIT)}"
        prefix = visible(":".join(where), None) + ": " if where else ""
        return f"{prefix}{head}: {visible(self.message, None)}"


_E, _W, _N = Severity.ERROR, Severity.WARNING, Severity.NOTE
#: Every problem code, with its severity: a stable public contract.
PROBLEM_CODES: Final[Mapping[str, Severity]] = MappingProxyType(
    {
        "file-unreadable": _E,
        "encoding": _E,
        "syntax": _E,
        "duplicate-key": _E,
        "invalid-number": _E,
        "too-deep": _E,
        "format-version": _E,
        "schema": _E,
        "invalid-date": _E,
        "unknown-country": _E,
        "invalid-timezone": _E,
        "duplicate-id": _E,
        "unknown-reference": _E,
        "date-order": _E,
        "membership-overlap": _E,
        "not-normalized": _W,
        "admission-cap": _W,
        "future-date": _W,
        "empty": _E,
        "sheet-ignored": _N,
    }
)


class LearningCitiesError(Exception):
    """The base of every exception this library raises on purpose."""


class InvalidDataError(LearningCitiesError, ValueError):
    """The data are not valid; :attr:`problems` holds every problem found.

    >>> import learningcities
    >>> try:
    ...     learningcities.loads('{"learningcities": "1.1", "cities": [{}]}')
    ... except learningcities.InvalidDataError as error:
    ...     for problem in error.problems:
    ...         print(problem.path, "|", problem.message)
    cities[0] | 'cities[0]' is missing the required key 'id'.
    cities[0] | 'cities[0]' is missing the required key 'name'.
    cities[0] | 'cities[0]' is missing the required key 'country'.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        """Carry *problems*, in the order found."""
        self.problems = tuple(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} in the data:"]
        lines += [f"  {problem}" for problem in self.problems[:_LISTED]]
        if count > _LISTED:
            lines.append(f"  ... and {count - _LISTED} more")
        return "\n".join(lines)
