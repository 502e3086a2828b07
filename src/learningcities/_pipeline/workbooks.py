"""Workbooks: ``.xlsx``, ``.xlsm``, ``.xls`` and ``.ods`` files, a sheet per kind.

A sheet named after a kind of record (``cities``, ``Cities``, ``city``)
holds records of that kind as a CSV file does: a header row of field
names, then a row per record (see :mod:`.csvfiles`, whose reading of rows
this shares). Other sheets, such as instructions, are left unread and
listed in the report as notes (``sheet-ignored``). Cells
keep what the spreadsheet holds: numbers, dates and date-times are read
as the format writes them (see ``_typed`` in :mod:`.csvfiles`).

Workbooks are read with python-calamine, the optional extra ``[excel]``.
Problems are placed at the sheet, row and column a spreadsheet shows.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from learningcities._findings import Finding, FindingsError, empty, render
from learningcities._messages import Text
from learningcities._pipeline.csvfiles import CellError, csv_part_of_rows, rows_records
from learningcities._reading.cells import Failed, failed_cells
from learningcities._speed.installed import optional
from learningcities.errors import Problem, Severity
from learningcities.models import KINDS, SINGULAR

if TYPE_CHECKING:
    from collections.abc import Iterator

    from learningcities._pipeline.options import Options
    from learningcities._pipeline.submission import Part

__all__ = ["kind_of_sheet", "sheets_as_read", "workbook_parts", "workbook_records"]

#: The note on a sheet left unread, as an instructions sheet is.
_IGNORED: Final = Finding(
    "sheet-ignored",
    Text(
        "The sheet is not named after a kind of record, so it was not read; "
        "a sheet of records is named {kinds}."
    ).with_args(kinds=", ".join(KINDS)),
    severity=Severity.NOTE,
)


def kind_of_sheet(name: str) -> str | None:
    """The kind of records a sheet holds, from its name in any case, or None.

    >>> kind_of_sheet(" Cities "), kind_of_sheet("city"), kind_of_sheet("Read me")
    ('cities', 'cities', None)
    """
    folded = name.strip().casefold()
    return folded if folded in KINDS else SINGULAR.get(folded)


def workbook_parts(
    path: str | os.PathLike[str], *, file: str, options: Options
) -> tuple[list[Part], list[Problem]]:
    """The parts of a submission a workbook holds: one per sheet of a kind.

    Returns no part but the workbook's problems when it cannot be read as
    one: no reader installed, not a workbook, or no sheet named after a
    kind. Raises OSError if the file cannot be read.
    """
    try:
        book = _opened(path)
    except FindingsError as error:
        return [], render(error.findings, lang=options.lang, file=file)
    parts: list[Part] = []
    ignored: list[Problem] = []
    failed = failed_cells(path)
    for name in book.sheet_names:
        kind = kind_of_sheet(name)
        if kind is None:
            ignored += render([_IGNORED], lang=options.lang, file=file, sheet=name)
            continue
        try:
            sheet = _sheet(book, name)
        except FindingsError as error:
            unread = render(error.findings, lang=options.lang, file=file, sheet=name)
            ignored += unread
            continue
        parts.append(_sheet_part(sheet, kind, file, options, failed.get(name)))
    if not parts and ignored and any(p.code != "sheet-ignored" for p in ignored):
        return [], ignored  # no sheet of records could be read: said why
    if not parts:
        how = Text("a workbook needs a sheet named after a kind of record ({kinds})")
        finding = empty(how.with_args(kinds=", ".join(KINDS)))
        return [], render([finding], lang=options.lang, file=file)
    return parts, ignored


def workbook_records(path: str | os.PathLike[str]) -> dict[str, list[dict[str, Any]]]:
    """The records of a workbook that validated, whole, by kind: to be loaded."""
    book = _opened(path)
    records: dict[str, list[dict[str, Any]]] = {}
    for name in book.sheet_names:
        kind = kind_of_sheet(name)
        if kind is not None:
            rows = _rows(_sheet(book, name))
            records.setdefault(kind, []).extend(rows_records(rows, kind))
    return records


def sheets_as_read(path: str | os.PathLike[str]) -> list[tuple[str, int, list[Any]]]:
    """Every sheet of a workbook as read: its name, its first row, its rows.

    Each row's cells begin at column A, and the first row read is the
    sheet's first row with data (the number returned): row *n* of the
    spreadsheet is item *n - first*. A cell holding an error holds its
    text as a :class:`CellError`. A sheet that cannot be read has no rows.

    Raises:
        FindingsError: the reader is not installed, or the file is no
            workbook it can read.
        OSError: the file cannot be read.
    """
    book = _opened(path)
    failed = failed_cells(path)
    sheets: list[tuple[str, int, list[Any]]] = []
    for name in book.sheet_names:
        try:
            sheet = _sheet(book, name)
        except FindingsError:
            sheets.append((name, 1, []))
            continue
        first = (sheet.start or (0, 0))[0] + 1
        sheets.append((name, first, list(_rows(sheet, failed.get(name)))))
    return sheets


def _rows(sheet: Any, failed: Failed | None = None) -> Iterator[list[Any]]:
    """The rows of *sheet*, each from column A, from its first row with data.

    The reader skips empty leading rows and columns, and trailing ones
    however far they are formatted: leading columns are put back, so that
    each cell keeps the number of its column. The cells that *failed*
    names hold their error, as a :class:`CellError`, instead of what the
    reader made of it (an empty cell, or a 0).
    """
    top, left = sheet.start or (0, 0)
    pad = [None] * left
    rows: Iterator[list[Any]] = sheet.iter_rows()  # each row a list of its own
    if left:
        rows = ([*pad, *cells] for cells in rows)
    return _with_errors(rows, top, failed) if failed else rows


def _with_errors(
    rows: Iterator[list[Any]], top: int, failed: Failed
) -> Iterator[list[Any]]:
    for number, cells in enumerate(rows, top + 1):
        errors = failed.get(number, {})
        if errors:
            cells.extend([None] * (max(errors) - len(cells)))
            for column, error in errors.items():
                cells[column - 1] = CellError(error)
        yield cells


def _opened(path: str | os.PathLike[str]) -> Any:
    """The workbook at *path*, opened with python-calamine.

    Raises:
        FindingsError: the reader is not installed, or the file is no
            workbook it can read.
        OSError: the file cannot be read.
    """
    calamine = optional("python_calamine")
    if calamine is None:
        text = Text(
            "Reading workbooks needs python-calamine: pip install "
            "'learningcities[excel]'."
        )
        raise FindingsError([Finding("file-unreadable", text)])
    with Path(path).open("rb") as stream:  # an OSError as for any file
        stream.read(1)
    try:
        return calamine.CalamineWorkbook.from_path(os.fspath(path))
    except calamine.CalamineError as error:
        text = Text("The file is not a workbook that can be read: {reason}.")
        reason = str(error) or type(error).__name__
        found = Finding("file-unreadable", text.with_args(reason=reason))
        raise FindingsError([found]) from None


def _sheet(book: Any, name: str) -> Any:
    """The sheet *name* of *book*, read whole by the reader.

    Raises:
        FindingsError: the sheet's XML is damaged, or the reader fails on it.
    """
    failures = getattr(optional("python_calamine"), "CalamineError", ())
    try:
        return book.get_sheet_by_name(name)
    except failures as error:
        text = Text("The sheet cannot be read: {reason}.")
        reason = str(error) or type(error).__name__
        found = Finding("file-unreadable", text.with_args(reason=reason))
        raise FindingsError([found]) from None


def _sheet_part(
    sheet: Any, kind: str, file: str, options: Options, failed: Failed | None
) -> Part:
    """The part one sheet of *kind* is: its rows read as a CSV file's are.

    Rows and columns are numbered as the spreadsheet numbers them (see
    :func:`_rows`).
    """
    return csv_part_of_rows(
        _rows(sheet, failed),
        kind,
        file=file,
        sheet=sheet.name,
        header_line=(sheet.start or (0, 0))[0] + 1,
        options=options,
        failing=bool(failed),
    )
