r"""CSV text as spreadsheet programs write it: its delimiter, and where its cells are.

The CSV reader (:mod:`learningcities._pipeline.csvfiles`) numbers rows and
cells as a spreadsheet does (the header is row 1, the first cell is
column 1); a report for an editor (SARIF) places a problem at the
characters of the text instead: :func:`cell_spans` finds, in one pass,
the line and column where each cell asked for begins and ends. Rows end
at CR, LF or CR LF outside quotes, as the csv module ends them; a quoted
cell may span lines.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Collection

__all__ = ["CSV_FILES", "DELIMITERS", "Span", "cell_spans", "delimiter"]

#: The suffixes of CSV files (a ``.tsv`` file is tab-separated).
CSV_FILES: Final = frozenset({".csv", ".tsv"})

#: The delimiters a CSV file may use, the default first.
DELIMITERS: Final = (",", ";", "\t")
#: Where a cell is: its first line and column, and the line and column just
#: past its last character (SARIF's ``endLine`` and ``endColumn``), from 1.
Span = tuple[int, int, int, int]


def delimiter(text: str, suffix: str) -> str:
    r"""The delimiter of a CSV file: what its header line separates cells with.

    A ``.tsv`` file is tab-separated. Otherwise the most frequent of comma,
    semicolon (what spreadsheet programs write in locales whose decimal
    mark is a comma) and tab outside quotes on the first line, a comma when
    none is there or on a tie.

    >>> delimiter("id;name;country\r\nma-fez;Fès;MA\r\n", ".csv")
    ';'
    >>> delimiter('id,"name;alias",country\n', ".csv")
    ','
    """
    if suffix == ".tsv":
        return "\t"
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text[: text.find("\n") % (len(text) + 1)]:
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


#: The pieces of CSV text, for each delimiter: a quoted piece, a run of
#: other text, the delimiter, or a line break.
_PIECES: Final = {
    mark: re.compile(
        rf'"[^"]*(?:""[^"]*)*"?|[^"\r\n{re.escape(mark)}]+|{re.escape(mark)}|\r\n|\r|\n'
    )
    for mark in DELIMITERS
}
_BREAKS: Final = re.compile(r"\r\n|\r|\n")


def cell_spans(
    text: str, mark: str, wanted: Collection[tuple[int, int]]
) -> dict[tuple[int, int], Span]:
    r"""Where each of the *wanted* cells (row, cell; from 1) is in *text*.

    A cell that is empty spans no character: it ends where it begins. A
    cell the text does not have is left out.

    >>> cell_spans('id;name\r\nma-fez;"F\nès"\r\n', ";", [(2, 2), (2, 1), (9, 1)])
    {(2, 1): (2, 1, 2, 7), (2, 2): (2, 8, 3, 4)}
    """
    if not wanted:
        return {}
    last_row = max(row for row, _ in wanted)
    starts = [0] + [found.end() for found in _BREAKS.finditer(text)]
    found: dict[tuple[int, int], tuple[int, int]] = {}
    row, cell, begin, end = 1, 1, 0, 0
    for piece in _PIECES[mark].finditer(text):
        token = piece.group()
        if token == mark or token in ("\r\n", "\r", "\n"):
            if (row, cell) in wanted:
                found[row, cell] = (begin, end)
            if token == mark:
                cell += 1
            else:
                row, cell = row + 1, 1
                if row > last_row:
                    break
            begin = end = piece.end()
        else:
            end = piece.end()
    else:
        if (row, cell) in wanted:
            found[row, cell] = (begin, end)
    return {
        key: (*_position(starts, a), *_position(starts, b))
        for key, (a, b) in sorted(found.items())
    }


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    """The line and column (from 1) of *offset*, given where each line starts."""
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1
