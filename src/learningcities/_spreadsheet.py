r"""Cells of a workbook as openpyxl writes them: text stays text, numbers exact.

Shared by everything that writes a workbook for people (the export to
``.xlsx``, the annotated workbook of a reply), so that a value is written
the same way everywhere: text is a text cell, even when it begins with
``=``, and holds the control characters XML 1.0 lacks in Office Open
XML's ``_xHHHH_`` escapes, which every reader turns back.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Final

from learningcities.errors import LearningCitiesError

__all__ = ["exact_in_a_sheet", "library", "put", "text", "workbook_text"]

#: What a workbook's text escapes as ``_xHHHH_``: the control characters
#: XML 1.0 lacks, CR (which XML reads as LF), and the ``_`` of text that
#: would read as such an escape.
_ESCAPED: Final = re.compile("[\x00-\x08\x0b-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def workbook_text(text: str) -> str:
    r"""*text* as a workbook's cell holds it, in Office Open XML's escapes.

    >>> workbook_text("a\x01b"), workbook_text("_x0041_"), workbook_text("a_b")
    ('a_x0001_b', '_x005F_x0041_', 'a_b')
    """
    return _ESCAPED.sub(lambda found: f"_x{ord(found.group()):04X}_", text)


def library(name: str, extra: str, what: str) -> Any:
    """Import the optional library *name*, or say which extra brings it.

    Raises:
        LearningCitiesError: ``Writing a workbook needs openpyxl: pip
            install 'learningcities[excel]'``.
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        found = name.partition(".")[0]
        message = f"Writing {what} needs {found}: pip install 'learningcities[{extra}]'"
        raise LearningCitiesError(message) from None


def put(cell: Any, value: str | float) -> None:
    """Put *value* in a workbook's *cell*: text as text, even ``=…``; numbers.

    A number a spreadsheet would not keep exactly is written as its text
    (see :func:`exact_in_a_sheet`).
    """
    if not isinstance(value, str) and exact_in_a_sheet(value):
        cell.value = value
        return
    text(cell, value if isinstance(value, str) else repr(value))


def text(cell: Any, value: str) -> None:
    """Put *value* in a workbook's *cell* as a text cell, formatted as text."""
    cell.value = workbook_text(value)
    cell.data_type = "s"  # text, even beginning with "="
    cell.number_format = "@"


def exact_in_a_sheet(number: float) -> bool:
    """Whether a workbook's number cell holds *number* exactly.

    A spreadsheet keeps 15 significant digits: ``-179.99999999999997``
    would read back as ``-180.0``. Such a number is written as text, which
    the reader takes as the number it spells.
    """
    return float(f"{number:.15g}") == number and abs(number) < 10**15
