"""The files a report checked, read as tables, and where each problem is in them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from learningcities._findings import FindingsError
from learningcities._messages import Text
from learningcities._pipeline.csvfiles import PAIRED, column_types, csv_rows, pair_text
from learningcities._pipeline.validate import WORKBOOKS
from learningcities._pipeline.workbooks import sheets_as_read
from learningcities._reading import jsontext
from learningcities._reading.csvtext import CSV_FILES
from learningcities._shown import visible
from learningcities.errors import Problem, Severity, column_letters, pointer_tokens
from learningcities.models import KINDS, SINGULAR

if TYPE_CHECKING:
    from collections.abc import Iterable

    from learningcities._messages import Language
    from learningcities._reporting.report import Report

__all__ = [
    "FILLS",
    "LABELS",
    "RANK",
    "Place",
    "Places",
    "Table",
    "codes",
    "label",
    "labelled",
    "where",
]


#: The fill of a cell with a problem, by severity (RGB): Excel's own
#: "bad", "neutral" and a light blue, which print and read apart. The page
#: marks its severities in the same colours.
FILLS: Final = {
    Severity.ERROR: "FFC7CE",
    Severity.WARNING: "FFEB9C",
    Severity.NOTE: "DDEBF7",
}


@attrs.define(eq=False)  # one table is one sheet: equal only to itself
class Table:
    """The rows of one sheet of the annotated workbook, as read.

    Row *n* of the sheet is ``rows[n - first]``; the header is row
    *first*. A table made from JSON records also knows the column of each
    field (dotted, as the CSV template writes ``location.lat``).
    """

    file: str
    name: str
    rows: list[list[Any]]
    first: int = 1
    columns: dict[str, int] = attrs.field(factory=dict)
    #: Whether the cells are text, as a CSV file's are (not a workbook's).
    textual: bool = False
    #: The title of the sheet in the annotated workbook.
    title: str = ""
    #: How many columns the widest row has, once counted (see :meth:`width`).
    widest: int | None = None

    def width(self) -> int:
        """How many columns the widest row has: counted once, asked per problem."""
        if self.widest is None:
            self.widest = max(map(len, self.rows), default=0)
        return self.widest


@attrs.frozen
class Place:
    """Where a problem is in a table: a cell, a whole row (no column), a header."""

    table: Table
    row: int
    column: int | None


# -- reading the files as tables ----------------------------------------------


def _tables(file: str) -> list[Table]:
    """The tables *file* reads as: none when it cannot be read."""
    suffix = Path(file).suffix.lower()
    try:
        if suffix in WORKBOOKS:
            return [
                Table(file, name, rows, first)
                for name, first, rows in sheets_as_read(file)
            ]
        if suffix in CSV_FILES:
            return [Table(file, Path(file).stem, csv_rows(file), textual=True)]
        text = jsontext.read_text(file)
        if suffix == ".jsonl":
            return _json_tables(file, _jsonl_records(text))
        return _json_tables(file, _json_records(text))
    except (OSError, FindingsError, ValueError, RecursionError):
        return []  # said by the report: the file cannot be read


def _json_records(document_text: str) -> dict[str, list[Any]]:
    document = json.loads(document_text)
    if not isinstance(document, dict):
        return {}
    return {
        kind: document[kind] for kind in KINDS if isinstance(document.get(kind), list)
    }


def _jsonl_records(lines_text: str) -> dict[str, list[Any]]:
    """The records of JSON Lines by kind, numbered as the reader numbers them.

    Only LF ends a line (a U+2028 inside a string does not); a line that
    is not a JSON object with a known ``type`` is no record.
    """
    records: dict[str, list[Any]] = {}
    for line in lines_text.split("\n"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        kind = (
            SINGULAR.get(str(record.get("type"))) if isinstance(record, dict) else None
        )
        if kind is not None:
            record = {key: value for key, value in record.items() if key != "type"}
            records.setdefault(kind, []).append(record)
    return records


def _json_tables(file: str, records: dict[str, list[Any]]) -> list[Table]:
    """A table per kind of *records*: the CSV template's columns, then others."""
    tables = []
    for kind, items in records.items():
        flat = [_flat(item) for item in items]
        columns = {name: None for name, _ in column_types(kind)}
        for row in flat:
            columns.update(dict.fromkeys(row))
        header = list(columns)
        rows: list[list[Any]] = [header]
        rows += [[row.get(name) for name in header] for row in flat]
        numbers = {name: number for number, name in enumerate(header, 1)}
        tables.append(Table(file, kind, rows, columns=numbers))
    return tables


def _flat(record: Any) -> dict[str, Any]:
    """A JSON record as a row of cells: nested objects in dotted columns."""
    if not isinstance(record, dict):
        return {"id": _json_text(record)}
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, item in value.items():
                flat[f"{key}.{inner}"] = _scalar(item)
        elif isinstance(value, list):
            flat[key] = _list_cell(key, value)
        else:
            flat[key] = _scalar(value)
    return flat


def _scalar(value: Any) -> Any:
    """A JSON value as one cell holds it: text, a number, a boolean, or JSON."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return _json_text(value)


def _list_cell(key: str, items: list[Any]) -> str:
    """A list as a CSV file writes it: ``a;b``, pairs ``a:b``; else its JSON."""
    if all(isinstance(item, str) for item in items):
        return ";".join(items)
    pair = PAIRED.get(key)
    if pair is not None and all(
        isinstance(item, dict)
        and set(item) <= set(pair)
        and all(isinstance(v, str) for v in item.values())
        for item in items
    ):
        return ";".join(pair_text(item, pair) for item in items)
    return _json_text(items)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- placing problems ---------------------------------------------------------


class Places:
    """The tables of the files a report checked, and where each problem goes."""

    def __init__(self, files: Iterable[str]) -> None:
        self.tables: list[Table] = []
        for file in dict.fromkeys(files):
            self.tables += _tables(file)
        self._by_key = {(t.file, t.name): t for t in self.tables}
        self._csv = {t.file: t for t in self.tables if t.textual}

    def of(self, problem: Problem) -> Place | None:
        """The place of *problem*, or None when it has none in the tables."""
        file = problem.file
        if file is None:
            return None
        if problem.sheet is not None:
            table = self._by_key.get((file, problem.sheet))
        else:
            table = self._csv.get(file)
        if table is None:
            return self._of_pointer(file, problem.pointer)
        column = None if _of_a_record(problem.pointer) else problem.column
        return _at(table, problem.line, column)

    def _of_pointer(self, file: str, pointer: str) -> Place | None:
        tokens = pointer_tokens(pointer)
        table = self._by_key.get((file, tokens[0])) if tokens else None
        if table is None:
            return None
        if len(tokens) < 2 or not tokens[1].isdigit():
            return Place(table, table.first, None)
        row = table.first + 1 + int(tokens[1])
        for end in range(len(tokens), 2, -1):
            column = table.columns.get(".".join(tokens[2:end]))
            if column is not None:
                return Place(table, row, column)
        return Place(table, row, None)


def _of_a_record(pointer: str) -> bool:
    """Whether *pointer* names a whole record (``/cities/8``): its row, not a cell."""
    tokens = pointer_tokens(pointer)
    return len(tokens) == 2 and tokens[1].isdigit()


def _at(table: Table, line: int | None, column: int | None) -> Place:
    """The place at *line* and *column* of *table*: its header when no line."""
    if line is None:
        return Place(table, table.first, None)
    return Place(table, line, column)


#: The labels of the annotated workbook and of the page.
LABELS: Final[dict[object, Text]] = {
    "title": Text("Problems"),
    "heading": Text("Problems found by learningcities {version}"),
    "legend": Text("Legend"),
    "by-code": Text("Problems by code"),
    "every": Text("Every problem"),
    "code": Text("Code"),
    "severity": Text("Severity"),
    "count": Text("Count"),
    "where": Text("Where"),
    "message": Text("Message"),
    Severity.ERROR: Text("error"),
    Severity.WARNING: Text("warning"),
    Severity.NOTE: Text("note"),
    "error-legend": Text("a cell with an error: the value must change"),
    "warning-legend": Text("a cell with a warning: the value should be checked"),
    "note-legend": Text("a note: what was left unread"),
    "row-legend": Text(
        "A problem of a whole record fills its row; one of a whole sheet, its "
        "header. Each marked cell's comment says what is wrong."
    ),
}


def labelled(name: str, value: str, lang: Language) -> str:
    """``name: value``, as *lang* writes it (French puts a space before ``:``)."""
    return Text("{name}: {value}", {"name": name, "value": value}).render(lang)


def label(key: object, lang: Language) -> str:
    return LABELS[key].render(lang)


#: The order of severities, the worst first.
RANK: Final = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


def codes(report: Report) -> list[tuple[str, int, Severity]]:
    """Each code, its count and its worst severity, the most frequent first."""
    worst: dict[str, Severity] = {}
    for problem in report.problems:
        known = worst.get(problem.code)
        if known is None or RANK[problem.severity] < RANK[known]:
            worst[problem.code] = problem.severity
    counts = Counter(p.code for p in report.problems).most_common()
    return [(code, count, worst[code]) for code, count in counts]


def where(problem: Problem, place: Place | None = None) -> str:
    """Where *problem* is: its cell in the annotated workbook, if it has a *place*.

    Else where the report puts it: ``FILE:SHEET!C5`` in a workbook,
    ``FILE:LINE:COLUMN`` in a text file.
    """
    if place is not None:
        return f"{place.table.title}!{column_letters(place.column or 1)}{place.row}"
    said = problem.file or ""
    if problem.sheet is not None:
        said += f":{problem.sheet}" + (f"!{problem.cell}" if problem.cell else "")
    elif problem.line is not None:
        said += f":{problem.line}:{problem.column or 1}"
    return visible(said, None)
