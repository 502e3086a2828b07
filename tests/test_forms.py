"""The same records in every form a partner sends give the same answers.

A dataset is written as a JSON document, as CSV files separated by ``;``
(as a French spreadsheet program writes them) and as an Excel workbook
(numbers as number cells where a spreadsheet holds them exactly, in 15
significant digits; whole dates as date cells; the rest as text; after a
"Read me" sheet), by writers of this test, independent of the
library's readers. Some cells are then changed as partners change them,
the same in every form. The three give the same problems, each at its
own place (the row and column of the cell in the CSV file and the sheet,
a line and column in the document), and load to the same dataset.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import tempfile
from pathlib import Path
from typing import Any, get_origin

import attrs
import openpyxl
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from learningcities import Dataset, dumps, load, validate
from learningcities._fields import optional_of, unwrap
from learningcities._pipeline.csvfiles import column_types, template
from learningcities.errors import Problem, Severity
from learningcities.models import KINDS

from .strategies import consistent_datasets

_TODAY = dt.date(2026, 11, 30)
#: Values partners write, each a problem in some column.
_MISTAKES = (
    "Festival",
    "festivl",
    "05/03/2025",
    "5 mars 2025",
    "2024-02-30",
    "MAR",
    "Maroc",
    "33,8935",
    "632 079",
    "Africa/Fez",
    "no-such-record",
    "2025-11-20 10:00",
)
#: The largest whole number a workbook's cell holds exactly.
_EXACT = 2**53
#: The first day a spreadsheet holds as a date (Excel's day 61; before it,
#: a day is text, and Excel's day 60 is the 29 February 1900 that never was).
_FIRST_DAY = dt.date(1900, 3, 1)


def _plain(dataset: Dataset) -> Dataset:
    """*dataset* without what a CSV file cannot hold.

    Gone are the dataset's own fields, extension keys, a city's
    recognitions, an event's activities, names in other languages than
    ``en``, ``fr`` and ``ar``.
    """

    def names(record: Any) -> dict[str, str]:
        return {k: v for k, v in record.names.items() if k in {"en", "fr", "ar"}}

    def bare(record: Any, **changes: Any) -> Any:
        if hasattr(record, "names"):
            changes["names"] = names(record)
        return attrs.evolve(record, extensions={}, **changes)

    return Dataset(
        sources=tuple(bare(r) for r in dataset.sources),
        networks=tuple(bare(r) for r in dataset.networks),
        organizations=tuple(
            bare(r, identifiers=tuple(bare(i) for i in r.identifiers))
            for r in dataset.organizations
        ),
        cities=tuple(
            bare(
                r,
                recognitions=(),
                identifiers=tuple(bare(i) for i in r.identifiers),
                location=r.location and bare(r.location),
                population=r.population and bare(r.population),
            )
            for r in dataset.cities
        ),
        memberships=tuple(bare(r) for r in dataset.memberships),
        events=tuple(
            bare(r, activities=(), organizers=tuple(bare(o) for o in r.organizers))
            for r in dataset.events
        ),
    )


def _cell(record: dict[str, Any], column: str) -> Any:
    """The cell of *column* for *record*, as JSON values: None when absent."""
    value: Any = record
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        items = [
            ":".join(item.values()) if isinstance(item, dict) else item
            for item in value
        ]
        return ";".join(items) if items else None
    return value


def _held(value: Any, *, item: bool = False) -> Any:
    """*value* with what a cell cannot hold replaced by ``x``, throughout.

    A workbook's XML cannot hold most control characters (nor can a
    partner type them), and openpyxl writes a carriage return as is, which
    XML reads as a line feed; an item of a list cell cannot hold the ``;``
    that separates items, nor an organizer's or identifier's ``:``.
    """
    if isinstance(value, dict):
        return {key: _held(inner, item=item) for key, inner in value.items()}
    if isinstance(value, list):
        return [_held(inner, item=True) for inner in value]
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("x", value).replace("\r", "x")
        return value.replace(";", "x").replace(":", "x") if item else value
    return value


@st.composite
def _submissions(draw: st.DrawFn) -> dict[str, Any]:
    """A document of records that CSV files hold, some cells changed."""
    document: dict[str, Any] = _held(
        json.loads(dumps(_plain(draw(consistent_datasets()))))
    )
    assume(any(document.get(kind) for kind in KINDS))  # else no file to send
    for kind in KINDS:
        lists = {name for name, hint in column_types(kind) if _is_list(hint)}
        for record in document.get(kind, []):
            for column in template(kind).strip().split(","):
                if "." in column or column == "id":
                    continue
                if draw(st.integers(0, 19)) == 0:  # one cell in twenty
                    mistake: Any = draw(st.sampled_from(_MISTAKES))
                    if column in _PAIRS:  # a cell "x" is the pair's first half
                        mistake = {_PAIRS[column]: mistake.replace(":", "h")}
                    record[column] = [mistake] if column in lists else mistake
    return document


def _is_list(hint: Any) -> bool:
    return get_origin(unwrap(optional_of(hint) or hint)[0]) is tuple


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _write_csv(folder: Path, document: dict[str, Any]) -> None:
    for kind in KINDS:
        records = document.get(kind, [])
        if not records:
            continue
        columns = template(kind).strip().split(",")
        with (folder / f"{kind}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(columns)
            for record in records:
                writer.writerow([_text(_cell(record, column)) for column in columns])


def _typed(value: Any) -> Any:
    """What a spreadsheet cell holds for *value*: a number, a date, or text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and abs(value) < _EXACT:
        return value
    if isinstance(value, float):  # a spreadsheet holds 15 significant digits
        return value if float(f"{value:.15g}") == value else str(value)
    if isinstance(value, str) and len(value) == 10:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
        return day if day >= _FIRST_DAY else value
    return str(value)


def _write_xlsx(path: Path, document: dict[str, Any]) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    for kind in KINDS:
        records = document.get(kind, [])
        if not records:
            continue
        columns = template(kind).strip().split(",")
        sheet = book.create_sheet(kind.capitalize())
        sheet.append(columns)
        for row, record in enumerate(records, 2):
            for number, column in enumerate(columns, 1):
                cell = sheet.cell(row, number, _typed(_cell(record, column)))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=1" is text, not a formula
    book.save(path)


#: The list columns of pairs (``org:role``), with the first half's key.
_PAIRS = {"organizers": "organization", "identifiers": "scheme"}
_MISSING = re.compile(r"is missing the required key '([^']+)'")


def _said(problem: Problem) -> tuple[Any, ...]:
    """What a problem says, its pointer at the missing key if a key is missing.

    A document says that an object lacks a key; a spreadsheet, that the
    cell of the key is empty: the same defect.
    """
    pointer = problem.pointer
    missing = _MISSING.search(problem.message)
    if missing:
        pointer += "/" + missing.group(1)
    return (problem.code, pointer, problem.suggestion, problem.severity)


def _at_its_cell(problem: Problem) -> bool:
    """Whether a problem of a record is on the record's row, at its field's column."""
    parts = problem.pointer.split("/")[1:]
    if len(parts) < 2 or parts[0] not in KINDS or not parts[1].isdigit():
        return True  # a problem of a file, or of a header
    kind, index, *field = parts
    columns = template(kind).strip().split(",")
    if problem.line != int(index) + 2:
        return False
    name = ".".join(field[:2])
    return name not in columns or problem.column == columns.index(name) + 1


@given(_submissions())
def test_every_form_gives_the_same_problems_and_dataset(
    document: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "csv").mkdir()
        _write_csv(folder / "csv", document)
        _write_xlsx(folder / "book.xlsx", document)
        (folder / "dataset.json").write_text(json.dumps(document), "utf-8")
        forms = [folder / "dataset.json", folder / "csv", folder / "book.xlsx"]
        reports = [validate(path, today=_TODAY) for path in forms]
        kept = [
            [p for p in report.problems if p.severity is not Severity.NOTE]
            for report in reports
        ]
        said = [sorted(map(_said, problems)) for problems in kept]
        assert said[0] == said[1] == said[2]
        assert all(p.line is not None for p in kept[0])
        for problems in kept[1:]:
            assert all(map(_at_its_cell, problems))
        assert all(p.sheet == p.pointer.split("/")[1].capitalize() for p in kept[2])
        if reports[0].valid:
            first = load(forms[0])
            assert first == load(forms[1]) == load(forms[2])


def test_a_number_a_spreadsheet_cannot_hold_is_written_as_text() -> None:
    """-179.99999999999997 has 17 digits: as a number cell it would read -180."""
    assert "-179.99999999999997" == _typed(-179.99999999999997)
    assert 33.8935 == _typed(33.8935)
