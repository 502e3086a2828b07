"""CSV files: one kind of entity per file, a header row of field names.

Nested fields are dotted columns (``location.lat``, ``names.fr``); lists are
separated by ``;``; organizers are written ``organization-id:role`` and
identifiers ``scheme:value``; an empty cell means the field is absent. A
record's problems are placed at the physical line of its row and the
1-based number of the column, its pointer is ``/KIND/N/FIELD``, N counting
the data rows from 0.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import re
import sys
import zoneinfo
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, get_args, get_origin

import attrs

from learningcities._checking import convert, rules
from learningcities._checking.convert import missing_key
from learningcities._checking.textfields import text_field_findings
from learningcities._fields import optional_of, run_generated, unwrap
from learningcities._findings import Finding, FindingsError, empty, render
from learningcities._findings import Path as Where
from learningcities._hints import closest
from learningcities._messages import Text
from learningcities._pipeline.options import Options, errors_at
from learningcities._pipeline.submission import Part
from learningcities._reading import jsontext
from learningcities._reading.csvtext import delimiter
from learningcities._reading.files import read_input
from learningcities._shown import evaluated, visible
from learningcities._speed.gc import collector_paused
from learningcities.errors import (
    Severity,
    column_letters,
    path_from_pointer,
    pointer_from_path,
)
from learningcities.models import KINDS, Identifier, Organizer

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable, Iterator

    from learningcities._speed import FirstPass
    from learningcities.errors import Problem

__all__ = [
    "KINDS",
    "PAIRED",
    "CellError",
    "check_csv",
    "column_types",
    "csv_part",
    "csv_part_of_rows",
    "csv_records",
    "csv_rows",
    "guarded",
    "kind_named_by",
    "pair_text",
    "rows_records",
    "template",
    "unguarded",
]

#: The kinds a CSV file can hold, by the stem of its name.
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
_NUMBER: Final = re.compile(r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?")
#: Objects in a list cell, written "a:b": the model and its two fields.
_PAIRS: Final[dict[type, tuple[str, str]]] = {
    Organizer: ("organization", "role"),
    Identifier: ("scheme", "value"),
}
#: The same by the field that holds a list of them.
PAIRED: Final = {"organizers": _PAIRS[Organizer], "identifiers": _PAIRS[Identifier]}


def pair_text(item: Mapping[str, Any], fields: tuple[str, str]) -> str:
    """An organizer or identifier as a list cell writes it: ``first:second``.

    The second is left out when the item has none, as the reader reads it.

    >>> pair_text({"organization": "uil", "role": "host"}, PAIRED["organizers"])
    'uil:host'
    >>> pair_text({"scheme": "wikidata"}, PAIRED["identifiers"])
    'wikidata'
    """
    return ":".join(str(item[field]) for field in fields if field in item)


def kind_named_by(path: str | os.PathLike[str]) -> str | None:
    """The kind of entity a CSV file holds, from its name (``cities.csv``)."""
    stem = Path(path).stem.lower()
    return stem if stem in KINDS else None


def template(kind: str) -> str:
    r"""The header row of a CSV file of *kind*, every column the format allows.

    >>> template("memberships")
    'id,city,network,joined,cohort,status,left,endorsed_by,sources\r\n'
    """
    return ",".join(_columns(convert.ENTITY_KINDS[kind])) + "\r\n"


def column_types(kind: str) -> list[tuple[str, Any]]:
    """Every column of a CSV file of *kind*, with the type of its field.

    >>> [name for name, _ in column_types("memberships")][:3]
    ['id', 'city', 'network']
    """
    cls = convert.ENTITY_KINDS[kind]
    return [(name, _field_type(cls, name.split("."))) for name in _columns(cls)]


def _columns(cls: type, prefix: str = "") -> Iterator[str]:
    for field in attrs.fields(cls):
        if field.name == "extensions":
            continue
        base = unwrap(optional_of(field.type) or field.type)[0]
        if attrs.has(base) and base.__name__ in {"Location", "Population"}:
            yield from _columns(base, f"{prefix}{field.name}.")
        elif get_origin(base) is Mapping:
            yield from (f"{prefix}{field.name}.{tag}" for tag in ("en", "fr", "ar"))
        elif field.name != "recognitions":
            yield prefix + field.name


def _field_type(cls: type, parts: list[str]) -> Any | None:
    """The type of the field a dotted column names, or None if there is none."""
    fields = {f.name: f for f in attrs.fields(cls) if f.name != "extensions"}
    field = fields.get(parts[0])
    if field is None:
        return None
    hint = optional_of(field.type) or field.type
    base = unwrap(hint)[0]
    if len(parts) == 1:
        return hint
    if get_origin(base) is Mapping and len(parts) == 2:
        return get_args(base)[1]
    if attrs.has(base) and len(parts) == 2:
        return _field_type(base, parts[1:])
    return None


def _reader(hint: Any) -> Callable[[str], Any]:
    """How a cell of a field of type *hint* becomes the value the loader expects.

    Built once per column, called per cell; it never guesses. A list is
    split at ``;``; an organizer or identifier is ``first:second``; an
    integer or a number is read only when written as one; text is kept.
    """
    base = unwrap(optional_of(hint) or hint)[0]
    if get_origin(base) is tuple:
        item = _reader(get_args(base)[0])
        if item is _as_written:  # a list of text: the commonest, kept short
            return _texts
        return lambda text: [item(part) for part in _texts(text)]
    if base in _PAIRS:
        first, second = _PAIRS[base]

        def pair(text: str) -> dict[str, str]:
            head, _, tail = text.partition(":")
            return (
                {first: head.strip(), second: tail.strip()} if tail else {first: head}
            )

        return pair
    if base is int:
        return lambda text: int(text) if _INTEGER.fullmatch(text) else text
    if base is float:
        return lambda text: float(text) if _NUMBER.fullmatch(text) else text
    return _as_written


def _texts(text: str) -> list[str]:
    """The items of a list cell: split at ``;``, white space around each dropped.

    >>> _texts("4;11.3"), _texts(" Fes ; Fès;")
    (['4', '11.3'], ['Fes', 'Fès', ''])
    """
    if " " not in text and text.isprintable():  # no white space at all
        return text.split(";")
    return [part.strip() for part in text.split(";")]


def _blank(cell: Any) -> bool:
    """Whether a cell holds nothing: empty, or white space only."""
    return cell is None or (type(cell) is str and not cell.strip())


def _typed(value: Any, base: Any) -> Any:
    """The JSON value a workbook's cell stands for: numbers, dates, times.

    A whole number where text is expected is that text (an id or a cohort
    typed as a number: ``2024``); a date is its day; a date-time is kept
    for :func:`_with_offsets`; a time of day or a duration is text that
    the check then refuses. Booleans stay booleans, refused where the
    format has none.
    """
    if type(value) is float and value.is_integer() and base in {str, int}:
        value = int(value)
    if type(value) is int and base is str:
        return str(value)
    if isinstance(value, dt.datetime):
        return value  # see _with_offsets
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _with_offsets(record: dict[str, Any]) -> dict[str, Any]:
    """A record's date-times, which a workbook holds as local times, in RFC 3339.

    A date-time at midnight is its date. In ``start`` and ``end``, the
    others take the offset of the record's time zone (``timezone``) on that
    day; without one, or elsewhere, they are written without an offset,
    which the check refuses with the form to write.
    """
    zone = record.get("timezone")
    for key, value in record.items():
        if not isinstance(value, dt.datetime):
            continue
        if value.time() == dt.time():
            record[key] = value.date().isoformat()
        elif key in {"start", "end"}:
            record[key] = _aware(value, zone).isoformat()
        else:
            record[key] = value.isoformat()
    return record


def _aware(moment: dt.datetime, zone: Any) -> dt.datetime:
    """*moment*, a local time, in the IANA time zone *zone* if it is one."""
    try:
        return moment.replace(tzinfo=zoneinfo.ZoneInfo(str(zone)))
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return moment


def _set(record: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        record = record.setdefault(part, {})
    record[parts[-1]] = value


@attrs.define
class _Sheet:
    """What reading one CSV file gathers: its columns, its records, its findings."""

    kind: str
    columns: list[Column | None] = attrs.field(factory=list)
    width: int = 0
    raw: rules.Raw = attrs.field(factory=dict)
    #: The paths that have an error, which the rules across records skip.
    errors: set[Where] = attrs.field(factory=set)
    findings: list[Finding] = attrs.field(factory=list)
    #: The line each data row starts on, by its index.
    lines: dict[int, int] = attrs.field(factory=dict)
    #: The number of the column of each field, dotted (``location.lat``).
    column_of: dict[str, int] = attrs.field(factory=dict)
    #: How many rows below the header hold something.
    rows: int = 0
    #: The required fields the header has no column for (said once, at the header).
    absent: frozenset[str] = frozenset()
    #: Every record whole, in order, when they are to be loaded (else None).
    whole: list[dict[str, Any]] | None = None
    #: The row of the header: 1, but where a sheet's data begin lower.
    header_line: int = 1
    #: Whether cells may hold other values than text (a workbook's).
    typed: bool = False
    #: The run's first pass, if it has one: a row it clears skips the exact path.
    first: FirstPass | None = None
    #: The rows read and not yet checked (see :meth:`check`): the index, the
    #: line, the record and the findings of its error cells.
    pending: list[tuple[int, int, dict[str, Any], dict[tuple[str], Finding]]] = (
        attrs.field(factory=list)
    )
    #: Whether a row may hold a cell with an error (a workbook's sheet that does).
    failing: bool = False
    #: Whether the header has a column of an extension key (``x-…``).
    extended: bool = False
    #: The columns whose header cell is empty (a spreadsheet's empty column).
    unnamed: list[int] = attrs.field(factory=list)

    @property
    def cls(self) -> type[Any]:
        return convert.ENTITY_KINDS[self.kind]

    def header(self, header: list[str]) -> None:
        while header and not header[-1].strip():  # a spreadsheet's empty columns
            header.pop()
        self.width = len(header)
        renamed: list[tuple[int, str, str]] = []
        for number, written in enumerate(header, 1):
            name = written.strip().strip("\ufeff").strip()
            field = _column_named(self.cls, name)
            if not name:  # said only if a row has a value in it: see unnamed
                self.unnamed.append(number)
                self.columns.append(None)
                continue
            if field is None and not name.startswith("x-"):
                self.findings.append(self.unknown_column(str(written), number))
                self.columns.append(None)
                continue
            field = field or name
            if field != written:
                renamed.append((number, written, field))
            parts = field.split(".")
            self.extended = self.extended or any(p.startswith("x-") for p in parts)
            self.columns.append(_column(parts, _field_type(self.cls, parts)))
            self.column_of.setdefault(parts[0], number)
            self.column_of[field] = number
        if renamed:
            self.findings.append(_renamed_columns(self.kind, renamed))
        if not any(name.strip() for name in header):
            return  # no header at all: the file is empty, and said so
        needed = convert.required_keys(self.cls)
        absent = [key for key in needed if key not in self.column_of]
        self.absent = frozenset(absent)
        for key in absent:
            text = Text(
                "The header has no column {column}, which every record {of_kind} "
                "needs.",
                {"column": f"'{key}'", "of_kind": convert.of_kind(self.cls)},
            )
            self.findings.append(
                Finding("schema", text, (self.kind,), line=1, column=self.width + 1)
            )

    def unknown_column(self, written: str, number: int) -> Finding:
        """The error of a header cell that names no field of the kind."""
        close = closest(written.strip().lower(), frozenset(_columns_by_case(self.cls)))
        hint: Text | str = ""
        if close is not None:
            hint = Text(" (did you mean {key}?)", {"key": repr(close)})
        text = Text(
            "Column {column} is not a field {of_kind}{hint}; extension columns "
            "must begin with 'x-'.",
            {
                "column": f"'{visible(written)}'",
                "of_kind": convert.of_kind(self.cls),
                "hint": hint,
            },
        )
        return Finding(
            "schema", text, (self.kind,), line=self.header_line, column=number
        )

    def read(self, rows: Iterable[Sequence[Any]], line: int) -> None:
        """Read the data rows *rows*, the first at *line*, and check their records.

        Its cells are text (a CSV file) or what a workbook's cells hold. This
        loop runs once per row of the largest files: what it needs is held
        in local names, and rare rows (empty, of another width, with an
        error cell) take a call of their own. A CSV syntax error ends the
        rows with a ``syntax`` problem at the row it is in.
        """
        kind, width, whole = self.kind, self.width, self.whole
        build = self.builder()
        if self.unnamed:
            rows = self.watched(rows, line)
        kept: list[tuple[int, Any]] = []
        pending, lines = self.pending, self.lines
        at = line - 1  # the row read last
        try:
            for index, row in enumerate(rows):
                at = line + index
                head = row[0] if row else None
                if not (type(head) is str and head.strip()) and all(map(_blank, row)):
                    continue
                self.rows += 1
                if len(row) != width:
                    fitted = self.trimmed(row, index, at)
                    if fitted is None:
                        continue
                    row = fitted  # noqa: PLW2901 (a spreadsheet's row, trimmed)
                lines[index] = at
                record = build(row)
                if whole is not None:  # to be loaded: the rows validated
                    whole.append(record)
                    continue
                kept.append((index, record))  # whole, as a document's records are
                failed = self.failed_cells(row) if self.failing else _NO_CELLS
                pending.append((index, at, record, failed))
                if len(pending) >= _CHECKED_AT_ONCE:
                    self.check()
        except csv.Error as error:
            self.check()
            detail = Text(str(error))
            syntax = Text(
                "The document is not valid CSV: {detail}.", {"detail": detail}
            )
            self.findings.append(Finding("syntax", syntax, line=at + 1, column=1))
        finally:
            if kept:
                self.raw.setdefault(kind, []).extend(kept)
        self.check()

    def watched(
        self, rows: Iterable[Sequence[Any]], line: int
    ) -> Iterator[Sequence[Any]]:
        """*rows*, watched for a value in a column whose header cell is empty.

        An empty column between others is a spreadsheet's, and nothing: it
        is said only at the first row with a value in it, once a column,
        at the header's cell, where its name is missing.
        """
        unnamed = self.unnamed
        rows = iter(rows)
        for at, row in enumerate(rows, line):
            for number in [n for n in unnamed if n <= len(row)]:
                if not _blank(row[number - 1]):
                    unnamed.remove(number)
                    self.findings.append(self.nameless(number, at))
            yield row
            if not unnamed:  # each said once: the other rows go unwatched
                yield from rows
                return

    def nameless(self, number: int, row: int) -> Finding:
        """The error of a column with values and no name in the header."""
        text = Text(
            "Column {column} has no name in the header, but row {row} has a value "
            "in it: write the field it holds in the header (an extension column "
            "begins with 'x-'), or empty the column.",
            {"column": column_letters(number), "row": row},
        )
        return Finding(
            "schema", text, (self.kind,), line=self.header_line, column=number
        )

    def trimmed(
        self, row: Sequence[Any], index: int, line: int
    ) -> Sequence[Any] | None:
        """*row* without a spreadsheet's empty cells past the header, if that fits.

        None when the row has another number of cells than the header: that
        is a ``syntax`` problem, said here.
        """
        if len(row) > self.width and all(map(_blank, row[self.width :])):
            return row[: self.width]
        text = Text(
            "Row {row} has {cells} cells, but the header has {width}.",
            {"row": line, "cells": len(row), "width": self.width},
        )
        self.findings.append(
            Finding("syntax", text, (self.kind, index), line=line, column=1)
        )
        return None

    def check(self) -> None:
        """Check the records of the rows read since the last check, in order.

        The first pass, if the run has one, goes over them all at once, as
        over the records of a dataset document: one schema test of the whole
        array when they all pass, and their text written out in runs (see
        :meth:`FirstPass.suspects`). Only the records it does not clear
        take the exact path.
        """
        pending = self.pending[:]
        self.pending.clear()  # the list read() holds
        if not pending:
            return
        structure: set[int] | None = None
        text: set[int] | None = None
        if self.first is not None:
            records = {self.kind: [record for _, _, record, _ in pending]}
            unsure, walk = self.first.suspects(records, extensions=self.extended)
            structure, text = unsure.get(self.kind, set()), walk.get(self.kind, set())
        for number, (index, line, record, failed) in enumerate(pending):
            cleared = structure is not None and number not in structure
            plain = text is not None and number not in text
            self.check_record(index, line, record, failed, cleared=cleared, plain=plain)

    def check_record(  # noqa: PLR0913 (the record, where it is, what is known)
        self,
        index: int,
        line: int,
        record: dict[str, Any],
        failed: dict[tuple[str], Finding],
        *,
        cleared: bool,
        plain: bool,
    ) -> None:
        """Check one record: on the exact path unless the first pass cleared it."""
        if cleared and plain and not failed:
            return  # no problem of its own, and its text needs no closer look
        found = []
        if not cleared:
            found = convert.structure_record(record, self.cls, build=False)[1]
        self.errors |= {(self.kind, index, *path) for path in errors_at(found)}
        found = [
            worded for finding in found if (worded := self.reworded(finding, line))
        ]
        if not plain and not rules.surely_normalized(record):
            found += rules.not_normalized(record)
        if not cleared:
            found += text_field_findings(record, self.cls, (), {f.path for f in found})
        if failed:  # one problem for a cell that holds an error, said here
            found = [f for f in found if f.path[:1] not in failed] + list(
                failed.values()
            )
            self.errors |= {(self.kind, index, key) for (key,) in failed}
        self.findings += [self.placed(f.under((self.kind, index))) for f in found]

    def failed_cells(self, row: Sequence[Any]) -> dict[tuple[str], Finding]:
        """The finding of each cell of *row* that holds an error, by its field.

        A workbook's cell holds an error (``#N/A``, ``#DIV/0!``) where its
        formula found no value; the reader gives its text as a
        :class:`CellError`, which the row then holds as text, so that a
        required field is not also said to be empty.
        """
        failed: dict[tuple[str], Finding] = {}
        for cell, column in zip(row, self.columns, strict=True):
            if type(cell) is CellError and column is not None:
                key = column[0][0]
                text = Text(
                    "{label} holds the spreadsheet error {error}, not a value: "
                    "write the value itself.",
                    {"error": visible(cell)},
                )
                failed[(key,)] = Finding("schema", text, tuple(column[0]))
        return failed

    def reworded(self, finding: Finding, row: int) -> Finding | None:
        """A finding of a missing key as a spreadsheet user reads it: an empty cell.

        Placed at the cell; none when the header lacks the column (said once).
        """
        key = missing_key(finding)
        if key is None:
            return finding
        if key in self.absent:
            return None
        path = (*finding.path, key)  # a key of an item of a list cell too
        name = path_from_pointer(pointer_from_path(path))
        text = Text(
            "Row {row}: {column} is empty; it is required.",
            {"row": row, "column": f"'{visible(name)}'"},
        )
        return attrs.evolve(finding, text=text, path=path)

    def builder(self) -> Callable[[Sequence[Any]], dict[str, Any]]:
        """What makes the JSON object a row stands for (see :func:`_builder`)."""
        fields = tuple(None if c is None else tuple(c[0]) for c in self.columns)
        return _builder(self.kind, fields, typed=self.typed)

    def placed(self, finding: Finding) -> Finding:
        """Place a finding about a record at its row's line and its field's column."""
        if finding.line is not None or len(finding.path) < 2:
            return finding
        keys = [str(part) for part in finding.path[2:] if isinstance(part, str)]
        column = self.column_of.get(".".join(keys[:2])) or self.column_of.get(
            keys[0] if keys else "", 1
        )
        index = finding.path[1]
        line = self.lines.get(index) if isinstance(index, int) else None
        return attrs.evolve(finding, line=line, column=column)


#: The error cells of a row without any; never changed.
_NO_CELLS: Final[dict[tuple[str], Finding]] = {}
#: How many rows are read before their records are checked together: enough
#: for the first pass to go over them at once, few enough to bound memory.
_CHECKED_AT_ONCE: Final = 4096


class CellError(str):
    """The text of an error a workbook's cell holds (``#N/A``): not a value."""

    __slots__ = ()


@functools.lru_cache(maxsize=64)
def _builder(
    kind: str, fields: tuple[tuple[str, ...] | None, ...], *, typed: bool
) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A function that makes the JSON object of a row whose columns are *fields*.

    Each column's keys (``("location", "lat")``; None for a column that
    names no field) and reader are known from the header: the function is
    generated with one statement per column, which reads a row at about
    three times the speed of a loop over the columns. A CSV file's cells
    are text, and an empty one is absent; a workbook's (*typed*) may hold
    numbers, dates and times, read by :func:`_typed`. Only names the
    package makes are in its source; the keys, which may come from the
    header of a file (``x-…``), are bound as values. The functions are
    kept for the last 64 headers seen, so a long run does not gather them.
    """
    cls = convert.ENTITY_KINDS[kind]
    names: dict[str, Any] = {
        "_typed": _typed,
        "_set": _set,
        "_with_offsets": _with_offsets,
        "_datetime": dt.datetime,
        "_date": dt.date,
        "_unguarded": unguarded,
    }
    lines = ["def build(row):", "    record = {}", "    moments = False"]
    for number, keys in enumerate(fields):
        if keys is None:
            continue
        _, read, base = _column(list(keys), _field_type(cls, list(keys)))
        names |= {f"keys_{number}": [*map(sys.intern, keys)], f"read_{number}": read}
        names[f"base_{number}"] = base
        text = "cell" if read is _as_written else f"read_{number}(cell)"
        if len(keys) == 1:
            store = f"record[keys_{number}[0]] = {{}}"
        else:
            store = f"_set(record, keys_{number}, {{}})"
        lines += [f"    cell = row[{number}]"]
        if typed:  # text, or a number, a day, a time, a boolean
            lines += [
                "    if type(cell) is str:",
                "        if cell:",
                "            " + store.format(text),
                "    elif type(cell) is _date:",
                "        " + store.format("cell.isoformat()"),
                "    elif cell is not None:",
                "        moments = moments or type(cell) is _datetime",
                "        " + store.format(f"_typed(cell, base_{number})"),
            ]
        else:  # a cell an export guarded from spreadsheets: see unguarded
            lines += [
                "    if cell:",
                '        if cell[0] == "\'":',
                "            cell = _unguarded(cell)",
                "        " + store.format(text),
            ]
    lines.append("    return _with_offsets(record) if moments else record")
    run_generated("\n".join(lines) + "\n", names, f"reader of the rows of {kind}")
    built: Callable[[Sequence[Any]], dict[str, Any]] = names["build"]
    return built


#: A column of the header: the keys of its field, how its text cells are
#: read, and its field's type (None for an extension column).
Column = tuple[list[str], "Callable[[str], Any]", Any]


def _column(parts: list[str], hint: Any) -> Column:
    """A column of *parts*, whose field has the type *hint* (None: extension)."""
    if hint is None:
        return parts, _as_written, None
    return parts, _reader(hint), unwrap(optional_of(hint) or hint)[0]


def _as_written(text: str) -> str:
    return text


def guarded(text: str) -> str:
    """*text* as a CSV file holds it safe from spreadsheets: ``'=1+1`` for ``=1+1``.

    A cell that a spreadsheet program would evaluate as a formula (see
    :func:`learningcities._shown.evaluated`: ``=``, ``+``, ``-``, ``@``,
    after white space or control characters, or in full width) gets an
    apostrophe before it, which makes it text. :func:`unguarded` takes it
    off again, so that guarded text reads back as it was: text that
    already begins with apostrophes before such a cell gets one more.

    >>> guarded("=HYPERLINK(1)"), guarded("'s-Hertogenbosch"), guarded("'=a")
    ("'=HYPERLINK(1)", "'s-Hertogenbosch", "''=a")
    """
    return "'" + text if evaluated(text.lstrip("'")) else text


def unguarded(text: str) -> str:
    """The text of a cell :func:`guarded` wrote: one apostrophe less before a formula.

    >>> unguarded("'=HYPERLINK(1)"), unguarded("'s-Hertogenbosch"), unguarded("' -1")
    ('=HYPERLINK(1)', "'s-Hertogenbosch", ' -1')
    """
    if text.startswith("'") and evaluated(text[1:].lstrip("'")):
        return text[1:]
    return text


def _columns_by_case(cls: type) -> dict[str, str]:
    """Every column of *cls* by its name in lower case."""
    return {column.lower(): column for column in _columns(cls)}


def _column_named(cls: type, name: str) -> str | None:
    """The column of *cls* that a header cell names, told apart from its case.

    A column of a localized mapping (``names.fr``) keeps its tag as written;
    None when the cell names no column.
    """
    if _field_type(cls, name.split(".")) is not None:
        return name
    known = _columns_by_case(cls).get(name.lower())
    if known is not None:
        return known
    head, dot, tail = name.partition(".")
    field = _columns_by_case(cls).get(f"{head.lower()}.en", "").partition(".")[0]
    if dot and field and _field_type(cls, [field, tail]) is not None:
        return f"{field}.{tail}"
    return None


def _renamed_columns(kind: str, renamed: list[tuple[int, str, str]]) -> Finding:
    """One warning for the header cells read as fields in another case or spacing."""
    text = Text(
        "The header writes {written}, read as {fields}: field names are in lower "
        "case, without spaces around them.",
        {
            "written": ", ".join(f"'{visible(written)}'" for _, written, _ in renamed),
            "fields": ", ".join(f"'{field}'" for _, _, field in renamed),
        },
    )
    column = renamed[0][0]
    return Finding(
        "not-normalized", text, (kind,), Severity.WARNING, line=1, column=column
    )


@collector_paused()
def csv_part(
    path: str | os.PathLike[str], kind: str, *, file: str, options: Options
) -> Part:
    """Read a CSV file of *kind* and check its rows; raises OSError if unreadable.

    The rules across records are left to the caller: see :func:`check_csv`.
    """
    data = read_input(path)
    sheet = _Sheet(kind, first=options.speed.first_pass)
    try:
        text = jsontext.decode(data)
    except FindingsError as error:
        sheet.findings += error.findings
        return Part(file, {}, set(), sheet.findings, _placing(sheet, file, options))
    _read_rows(text, sheet, Path(path).suffix.lower())
    if not sheet.rows and all(f.code != "syntax" for f in sheet.findings):
        how = Text("a CSV file needs a header row and a row per record below it")
        sheet.findings.append(empty(how))
    place = _placing(sheet, file, options)
    return Part(file, sheet.raw, sheet.errors, sheet.findings, place)


def csv_part_of_rows(  # noqa: PLR0913 (keyword-only places)
    rows: Iterable[Sequence[Any]],
    kind: str,
    *,
    file: str,
    sheet: str | None = None,
    header_line: int = 1,
    options: Options,
    failing: bool = False,
) -> Part:
    """The part of a submission that *rows* of *kind* are: a sheet of a workbook.

    The first row is the header, at *header_line*; the next are numbered
    from there. *sheet* names the sheet, where problems are placed.
    *failing* says that some cells hold an error (a :class:`CellError`).
    """
    state = _Sheet(
        kind,
        header_line=header_line,
        typed=True,
        first=options.speed.first_pass,
        failing=failing,
    )
    _read_sheet(rows, state)
    if not state.rows:
        how = Text("a sheet needs a header row and a row per record below it")
        state.findings.append(empty(how))
    name = file if sheet is None else f"{file}:{sheet}"
    place = _placing(state, file, options, sheet)
    return Part(name, state.raw, state.errors, state.findings, place)


def rows_records(rows: Iterable[Sequence[Any]], kind: str) -> list[dict[str, Any]]:
    """The records *rows* of *kind* hold (a header row first), whole: to be loaded."""
    state = _Sheet(kind, whole=[], typed=True)
    _read_sheet(rows, state)
    return state.whole or []


def _read_sheet(rows: Iterable[Sequence[Any]], state: _Sheet) -> None:
    """Read a sheet's header and rows into *state*, numbered from its header."""
    iterator = iter(rows)
    state.header([_header_text(cell) for cell in next(iterator, [])])
    state.read(iterator, state.header_line + 1)


def _header_text(cell: Any) -> str:
    """A header cell as text: a workbook's may hold a number, or nothing."""
    if cell is None:
        return ""
    if type(cell) is float and cell.is_integer():
        return str(int(cell))
    return str(cell)


def csv_records(path: str | os.PathLike[str], kind: str) -> list[dict[str, Any]]:
    """The records of a CSV file of *kind*, whole, as JSON objects: to be loaded.

    Only for a file that validated: rows with a problem of their shape (a
    wrong number of cells) are left out. Raises OSError if unreadable.
    """
    text = jsontext.read_text(path)
    sheet = _Sheet(kind, whole=[])
    _read_rows(text, sheet, Path(path).suffix.lower())
    return sheet.whole or []


def _placing(
    sheet: _Sheet, file: str, options: Options, name: str | None = None
) -> Callable[[list[Finding]], list[Problem]]:
    """Place findings at their row and column of *sheet*, word them, in order.

    *name* is the name of the sheet of a workbook the rows come from.
    """

    def place(found: list[Finding]) -> list[Problem]:
        placed = [sheet.placed(finding) for finding in found]
        problems = render(placed, lang=options.lang, file=file, sheet=name)
        return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))

    return place


def check_csv(
    path: str | os.PathLike[str], kind: str, *, file: str, options: Options
) -> list[Problem]:
    """Check a CSV file of *kind*; raises OSError if it cannot be read."""
    part = csv_part(path, kind, file=file, options=options)
    across = rules.check(
        part.records, skip=part.skip, register=options.register, today=options.today
    )
    return part.place(part.findings + across)


def csv_rows(path: str | os.PathLike[str]) -> list[list[str]]:
    """The rows of a CSV file as read, each a list of its cells' text.

    Row *n* of a spreadsheet (the header is row 1) is item *n - 1*: the
    rows problems are placed at, blank rows included. A CSV syntax error
    ends the rows read. Raises OSError if unreadable, and
    :class:`FindingsError` if the text cannot be decoded.
    """
    text = jsontext.read_text(path)
    rows: list[list[str]] = []
    with _cells_of_any_size(len(text)), contextlib.suppress(csv.Error):
        rows.extend(_csv_reader(text, Path(path).suffix.lower()))
    return rows


def _csv_reader(text: str, suffix: str) -> Iterator[list[str]]:
    """The rows of CSV *text*, split at the delimiter its header line uses.

    Only CR and LF end a row: a line separator, a form feed or a vertical
    tab inside a cell is text (``str.splitlines`` would end the row there).
    Read it within :func:`_cells_of_any_size`.
    """
    mark = delimiter(text, suffix)
    return csv.reader(io.StringIO(text, newline=""), delimiter=mark)


def _read_rows(text: str, sheet: _Sheet, suffix: str) -> None:
    """Read the header and every row into *sheet*; a CSV syntax error ends it."""
    with _cells_of_any_size(len(text)):
        reader = _csv_reader(text, suffix)
        try:
            header = next(reader, [])
        except csv.Error as error:
            detail = Text(str(error))
            syntax = Text(
                "The document is not valid CSV: {detail}.", {"detail": detail}
            )
            sheet.findings.append(Finding("syntax", syntax, line=1, column=1))
            return
        sheet.header(header)
        sheet.read(reader, 2)  # rows as a spreadsheet numbers them: the header is 1


@contextlib.contextmanager
def _cells_of_any_size(size: int) -> Iterator[None]:
    """Let the csv module read a cell as long as the whole text, for a while.

    Its limit (131,072 characters by default) is process-wide: it is raised
    only while a file is read, and set back after.
    """
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, min(size + 1, _LARGEST_LIMIT)))
    try:
        yield
    finally:
        csv.field_size_limit(before)


#: The largest limit the csv module takes everywhere (a C long on Windows).
_LARGEST_LIMIT: Final = 2**31 - 1
