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
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, get_args, get_origin

import attrs

from learningcities._checking import convert, rules
from learningcities._checking.convert import missing_key
from learningcities._checking.textfields import text_field_findings
from learningcities._fields import optional_of, unwrap
from learningcities._findings import Finding, FindingsError, empty, render
from learningcities._findings import Path as Where
from learningcities._messages import Text
from learningcities._pipeline.options import Options, errors_at
from learningcities._reading import jsontext
from learningcities._reading.files import read_input
from learningcities._shown import visible
from learningcities._speed.gc import collector_paused
from learningcities.models import KINDS, Identifier, Organizer

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

    from learningcities.errors import Problem

__all__ = ["KINDS", "check_csv", "kind_named_by", "template"]

#: The kinds a CSV file can hold, by the stem of its name.
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
_NUMBER: Final = re.compile(r"[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?")
#: Objects in a list cell, written "a:b": the model and its two fields.
_PAIRS: Final[dict[type, tuple[str, str]]] = {
    Organizer: ("organization", "role"),
    Identifier: ("scheme", "value"),
}


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


def _cell(text: str, hint: Any) -> Any:
    """Turn a cell into the JSON value the loader expects, without guessing."""
    base = unwrap(optional_of(hint) or hint)[0]
    if get_origin(base) is tuple:
        item = get_args(base)[0]
        return [_cell(part.strip(), item) for part in text.split(";")]
    if base in _PAIRS:
        first, second = _PAIRS[base]
        head, _, tail = text.partition(":")
        return {first: head.strip(), second: tail.strip()} if tail else {first: head}
    if base is int and _INTEGER.fullmatch(text):
        return int(text)
    if base is float and _NUMBER.fullmatch(text):
        return float(text)
    return text


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

    @property
    def cls(self) -> type[Any]:
        return convert.ENTITY_KINDS[self.kind]

    def header(self, header: list[str]) -> None:
        self.width = len(header)
        for number, name in enumerate(header, 1):
            parts = name.strip().split(".")
            hint = _field_type(self.cls, parts)
            if hint is None and not name.startswith("x-"):
                text = Text(
                    "Column {column} is not a field {of_kind}; extension columns "
                    "must begin with 'x-'.",
                    {
                        "column": f"'{visible(name)}'",
                        "of_kind": convert.of_kind(self.cls),
                    },
                )
                self.findings.append(
                    Finding("schema", text, (self.kind,), line=1, column=number)
                )
                self.columns.append(None)
            else:
                self.columns.append((parts, hint))
                self.column_of.setdefault(parts[0], number)
                self.column_of[".".join(parts)] = number
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

    def row(self, row: list[str], index: int, line: int) -> None:
        if not any(cell.strip() for cell in row):
            return
        self.rows += 1
        if len(row) != self.width:
            text = Text(
                "Row {row} has {cells} cells, but the header has {width}.",
                {"row": line, "cells": len(row), "width": self.width},
            )
            self.findings.append(
                Finding("syntax", text, (self.kind, index), line=line, column=1)
            )
            return
        self.lines[index] = line
        record = self.record(row)
        self.raw.setdefault(self.kind, []).append(
            (index, rules.project(self.kind, record))
        )
        found = convert.structure_record(record, self.cls, build=False)[1]
        self.errors |= {(self.kind, index, *path) for path in errors_at(found)}
        found = [
            worded for finding in found if (worded := self.reworded(finding, line))
        ]
        if not rules.surely_normalized(record):
            found += rules.not_normalized(record)
        found += text_field_findings(record, self.cls, (), {f.path for f in found})
        self.findings += [self.placed(f.under((self.kind, index))) for f in found]

    def reworded(self, finding: Finding, row: int) -> Finding | None:
        """A finding of a missing key as a spreadsheet user reads it: an empty cell.

        Placed at the cell; none when the header lacks the column (said once).
        """
        key = missing_key(finding)
        if key is None:
            return finding
        if key in self.absent:
            return None
        text = Text(
            "Row {row}: {column} is empty; it is required.",
            {"row": row, "column": f"'{key}'"},
        )
        return attrs.evolve(finding, text=text, path=(key,))

    def record(self, row: list[str]) -> dict[str, Any]:
        """The JSON object a row stands for."""
        record: dict[str, Any] = {}
        for cell, column in zip(row, self.columns, strict=True):
            if column is not None and cell:
                parts, hint = column
                _set(record, parts, cell if hint is None else _cell(cell, hint))
        return record

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


Column = tuple[list[str], Any]


@collector_paused()
def check_csv(
    path: str | os.PathLike[str], kind: str, *, file: str, options: Options
) -> list[Problem]:
    """Check a CSV file of *kind*; raises OSError if it cannot be read."""
    data = read_input(path)
    try:
        text = jsontext.decode(data)
    except FindingsError as error:
        return render(error.findings, lang=options.lang, file=file)
    sheet = _Sheet(kind)
    with _cells_of_any_size(len(text)):
        _read_rows(text, sheet)
    if not sheet.rows and all(f.code != "syntax" for f in sheet.findings):
        how = Text("a CSV file needs a header row and a row per record below it")
        sheet.findings.append(empty(how))
    across = rules.check(
        sheet.raw, skip=sheet.errors, register=options.register, today=options.today
    )
    findings = sheet.findings + [sheet.placed(finding) for finding in across]
    problems = render(findings, lang=options.lang, file=file)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _read_rows(text: str, sheet: _Sheet) -> None:
    """Read the header and every row into *sheet*; a CSV syntax error ends it.

    Only CR and LF end a row: a line separator, a form feed or a vertical
    tab inside a cell is text (``str.splitlines`` would end the row there).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        sheet.header(next(reader, []))
        reading = 2  # rows as a spreadsheet numbers them: the header is row 1
        for index, cells in enumerate(reader):
            sheet.row(cells, index, reading)
            reading += 1
    except csv.Error as error:
        detail = Text(str(error))
        syntax = Text("The document is not valid CSV: {detail}.", {"detail": detail})
        sheet.findings.append(Finding("syntax", syntax, line=reading, column=1))


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
