"""The annotated workbook: the partner's data with every problem marked."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from learningcities._io import write_atomically
from learningcities._pipeline.csvfiles import CellError
from learningcities._reporting.report import summary_line
from learningcities._spreadsheet import library, text
from learningcities._version import __version__
from learningcities.errors import Problem, Severity, column_letters
from learningcities.reply._places import (
    FILLS,
    LABELS,
    RANK,
    Place,
    Places,
    Table,
    codes,
    label,
    labelled,
    where,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from learningcities._messages import Language
    from learningcities._reading.files import PathLike
    from learningcities._reporting.report import Report

__all__ = ["FILLS", "annotate"]

#: What a sheet's name may not hold, and how long it may be.
_NOT_IN_A_NAME: Final = re.compile(r"[\[\]:*?/\\]")
_NAME_LIMIT: Final = 31


def annotate(
    report: Report, path: PathLike, *, files: Sequence[PathLike] | None = None
) -> Path:
    """Write the files *report* checked as a workbook with every problem marked.

    Each file becomes sheets of the workbook: a workbook its sheets (all
    of them, under their names), a CSV file one sheet named after it, a
    JSON document or JSON Lines file a sheet per kind. The values are
    the partner's, exactly as read: a CSV file's cells as text, a
    workbook's as the cells held them (text, numbers, dates, errors). A
    cell with a problem is filled in its severity's colour (:data:`FILLS`)
    and its comment gives each problem's message, in the report's
    language; a problem of a whole record marks its row, one of a whole
    sheet its header. The first sheet counts the problems by code, lists
    every one with a link to its cell, and shows the legend.

    Needs the ``[excel]`` extra (openpyxl, and python-calamine to read
    workbooks). The file is written whole or not at all.

    Args:
        report: what :func:`learningcities.validate` found.
        path: the workbook to write (``.xlsx``).
        files: the files that were checked, when their names in the
            report are not paths from here; the report's files otherwise.

    Returns:
        The path written.

    Raises:
        LearningCitiesError: openpyxl is not installed.
        OSError: the file cannot be written.
        ValueError: *path* is not named ``….xlsx``: the workbook is an
            Excel workbook, which a program would not open by another name.

    >>> import tempfile, pathlib, learningcities
    >>> from openpyxl import load_workbook
    >>> report = learningcities.validate(["examples/submission-broken"],
    ...                                  register="examples/register.json")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "reply.xlsx"
    >>> book = load_workbook(annotate(report, out))
    >>> book.sheetnames
    ['Problems', 'cities', 'memberships', 'sources']
    >>> print(book["cities"]["C10"].comment.text)
    error [schema]: Row 10: 'country' is empty; it is required.
    """
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        raise ValueError(
            f"the annotated workbook is an Excel workbook: name it ….xlsx, "
            f"not {Path(path).name}"
        )
    openpyxl = library("openpyxl", "excel", "a workbook")
    styles = library("openpyxl.styles", "excel", "a workbook")
    names = [str(file) for file in files] if files is not None else report.files
    places = Places(names)
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = label("title", report.lang)
    taken = {summary.title.casefold()}
    for table in places.tables:
        table.title = _title(table.name, taken)
        _write_table(book.create_sheet(table.title), table, styles)
    marks: dict[Place, list[Problem]] = {}
    located: list[tuple[Problem, Place | None]] = []
    for problem in report.problems:
        place = places.of(problem)
        located.append((problem, place))
        if place is not None:
            marks.setdefault(place, []).append(problem)
    fills = {
        severity: styles.PatternFill(fill_type="solid", fgColor=fill)
        for severity, fill in FILLS.items()
    }
    for place, problems in marks.items():
        _mark(book[place.table.title], place, problems, fills, lang=report.lang)
    _write_summary(summary, report, located, fills, styles)
    data = io.BytesIO()
    book.save(data)
    write_atomically(path, data.getvalue())
    return Path(path)


def _title(name: str, taken: set[str]) -> str:
    """A sheet title for *name*: what a workbook allows, unlike every other."""
    base = _NOT_IN_A_NAME.sub("_", name).strip("'") or "data"
    title = base[:_NAME_LIMIT]
    number = 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title = base[: _NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(title.casefold())
    return title


def _write_table(sheet: Any, table: Table, styles: Any) -> None:
    """Write *table*'s rows as read, at their rows; the header in bold."""
    bold = styles.Font(bold=True)
    for offset, cells in enumerate(table.rows):
        number = table.first + offset
        for column, value in enumerate(cells, 1):
            if value is not None and value != "":
                _write_cell(sheet.cell(number, column), value, textual=table.textual)
        if offset == 0:
            for column in range(1, len(cells) + 1):
                sheet.cell(number, column).font = bold
    sheet.freeze_panes = sheet.cell(table.first + 1, 1)
    for column in range(1, table.width() + 1):
        longest = max(
            (
                len(str(cells[column - 1]))
                for cells in table.rows
                if len(cells) >= column
            ),
            default=0,
        )
        sheet.column_dimensions[column_letters(column)].width = (
            min(max(longest, 6), 40) + 2
        )


def _write_cell(cell: Any, value: Any, *, textual: bool) -> None:
    """Write one cell's value as read: text stays text, a date a date."""
    if textual or type(value) is str:
        text(cell, value)
    elif type(value) is CellError:
        cell.value = str(value)
        cell.data_type = "e"
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, (int, float)):
        cell.value = value  # as read, however many digits a spreadsheet shows
    elif isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, (dt.time, dt.timedelta)):
        cell.value = value
    else:
        text(cell, str(value))


def _mark(
    sheet: Any,
    place: Place,
    problems: list[Problem],
    fills: dict[Severity, Any],
    *,
    lang: Language,
) -> None:
    """Fill the cell (or the row) of *problems* and comment it with their messages."""
    comments = library("openpyxl.comments", "excel", "a workbook")
    fill = fills[min(problems, key=lambda p: RANK[p.severity]).severity]
    row, column = place.row, place.column
    width = max(place.table.width(), 1)
    for number in [column] if column is not None else range(1, width + 1):
        sheet.cell(row, number).fill = fill
    cell = sheet.cell(row, column or 1)
    said = "\n\n".join(_comment_text(p, lang) for p in problems)
    if cell.comment is not None:  # a row's problems and a cell's, at column A
        said = f"{cell.comment.text}\n\n{said}"
    lines = sum(1 + len(part) // 48 for part in said.split("\n"))
    cell.comment = comments.Comment(
        said, "learningcities", width=360, height=min(20 * lines + 20, 600)
    )


def _comment_text(problem: Problem, lang: Language) -> str:
    """``error [schema]: message`` (whose words say what to write instead, if any)."""
    severity = f"{label(problem.severity, lang)} [{problem.code}]"
    return labelled(severity, problem.message, lang)


def _write_summary(
    sheet: Any,
    report: Report,
    located: list[tuple[Problem, Place | None]],
    fills: dict[Severity, Any],
    styles: Any,
) -> None:
    """The first sheet: the counts, the legend, each code, and every problem."""
    lang = report.lang
    bold = styles.Font(bold=True)
    by_code = codes(report)
    rows, titles = _summary_rows(report, by_code)
    legend = titles[1] + 1
    header = titles[-1]
    for number, cells in enumerate(rows, 1):
        for column, value in enumerate(cells, 1):
            _write_cell(sheet.cell(number, column), value, textual=False)
    for number in titles:
        for cell in sheet[number]:
            cell.font = bold
    for offset, severity in enumerate(Severity):
        sheet.cell(legend + offset, 1).fill = fills[severity]
    left = styles.Alignment(horizontal="left")
    first_of: dict[str, int] = {}  # each code's first problem in the list, to link to
    for number, (problem, _) in enumerate(located, header + 1):
        first_of.setdefault(problem.code, number)
    for number, (code, _, worst) in enumerate(by_code, titles[3] + 1):
        sheet.cell(number, 1).fill = fills[worst]
        sheet.cell(number, 3).alignment = left  # a count under the addresses
        _link(sheet.cell(number, 2), _reference(sheet.title, 1, first_of[code]), styles)
    _write_list(sheet, located, header + 1, fills, lang=lang, styles=styles)
    for letter, width in zip("ABCD", (15, 22, 28, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_list(  # noqa: PLR0913 (where, what, and how it looks)
    sheet: Any,
    located: list[tuple[Problem, Place | None]],
    first: int,
    fills: dict[Severity, Any],
    *,
    lang: Language,
    styles: Any,
) -> None:
    """Every problem from row *first*, each with a link to its cell if it has one."""
    for number, (problem, place) in enumerate(located, first):
        said = where(problem, place)
        cells = [label(problem.severity, lang), problem.code, said, problem.message]
        for column, value in enumerate(cells, 1):
            text(sheet.cell(number, column), value)
        sheet.cell(number, 1).fill = fills[problem.severity]
        if place is not None:
            where_in = _reference(place.table.title, place.column or 1, place.row)
            _link(sheet.cell(number, 3), where_in, styles)


def _link(cell: Any, location: str, styles: Any) -> None:
    """Make *cell* a link to *location* in the workbook (``'cities'!C10``)."""
    hyperlink = library("openpyxl.worksheet.hyperlink", "excel", "a workbook")
    cell.hyperlink = hyperlink.Hyperlink(ref=cell.coordinate, location=location)
    cell.font = styles.Font(color="0563C1", underline="single")


def _summary_rows(
    report: Report, by_code: list[tuple[str, int, Severity]]
) -> tuple[list[list[Any]], list[int]]:
    """The first rows of the first sheet, and the numbers of those in bold.

    *by_code* is each code, its count and its worst severity.

    The rows in bold are the heading, then the titles of the legend, of
    the counts by code and their header, and of the list of every problem
    and its header (the last of them).
    """
    lang = report.lang
    heading = LABELS["heading"].with_args(version=__version__).render(lang)
    rows: list[list[Any]] = [[heading], [summary_line(report)], []]
    titles = [1]
    rows.append([label("legend", lang)])
    titles.append(len(rows))
    rows += [[label(s, lang), label(f"{s}-legend", lang)] for s in Severity]
    rows += [["", label("row-legend", lang)], [], [label("by-code", lang)]]
    rows.append([label(key, lang) for key in ("severity", "code", "count")])
    titles += [len(rows) - 1, len(rows)]
    rows += [[label(worst, lang), code, count] for code, count, worst in by_code]
    rows += [[], [label("every", lang)]]
    rows.append([label(key, lang) for key in ("severity", "code", "where", "message")])
    titles += [len(rows) - 1, len(rows)]
    return rows, titles


def _reference(title: str, column: int, row: int) -> str:
    """A cell of the sheet *title* in the workbook's own notation: ``'cities'!C10``."""
    quoted = title.replace("'", "''")
    return f"'{quoted}'!{column_letters(column)}{row}"
