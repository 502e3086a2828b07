"""Workbooks (.xlsx, .ods): a sheet per kind, problems at the cell it shows."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import attrs
import openpyxl
import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from learningcities import load, validate
from learningcities._pipeline import workbooks
from learningcities.errors import Severity

if TYPE_CHECKING:
    from pathlib import Path

Rows = list[list[Any]]

CITIES: Rows = [
    ["id", "name", "country", "population.count"],
    ["ma-fez", "Fès", "MA", 1200000],
    ["ma-rabat", True, "Maroc", "632 079"],
]
EVENTS: Rows = [
    ["ID", "name", "kind", "start", "end", "timezone", "city"],
    [
        "e1",
        "Day",
        "festival",
        dt.datetime(2025, 5, 5, 10, 0),  # noqa: DTZ001 (a sheet's local time)
        dt.datetime(2025, 5, 5, 18, 0),  # noqa: DTZ001
        "Africa/Casablanca",
        "ma-fez",
    ],
    [2024, "Year", "ceremony", dt.date(2025, 1, 2), None, None, "ma-fes"],
]
PROBLEMS = [
    "Cities!B3: error[schema] /cities/1/name: 'name' must be a string, not a boolean "
    "(true).",
    "Cities!C3: error[unknown-country] /cities/1/country: 'country' must be an "
    'assigned ISO 3166-1 alpha-2 country code such as "MA", not a string ("Maroc"); '
    'write "MA".',
    "Cities!D3: error[schema] /cities/1/population/count: 'count' must be an "
    'integer, not a string ("632 079"); write 632079.',
    "Events!A1: warning[not-normalized] /events: The header writes 'ID', read as "
    "'id': field names are in lower case, without spaces around them.",
    "Events!G3: error[unknown-reference] /events/1/city: 'city' names a city "
    '"ma-fes" that is in none of the files (and no register was given).',
]


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write *sheets* as an Excel workbook with openpyxl."""
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Fill in one sheet per kind."])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """Write *sheets* as an OpenDocument spreadsheet with odfpy."""
    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            line = TableRow()
            for value in row:
                line.addElement(_ods_cell(value))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def _ods_cell(value: Any) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
    elif isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=value)
    elif isinstance(value, (dt.date, dt.datetime)):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


@pytest.mark.parametrize(
    ("suffix", "write"), [(".xlsx", write_xlsx), (".ods", write_ods)]
)
def test_problems_are_placed_at_the_sheet_and_cell(
    tmp_path: Path, suffix: str, write: Any
) -> None:
    path = write(tmp_path / f"book{suffix}", {"Cities": CITIES, "Events": EVENTS})
    report = validate(path)
    placed = [str(p) for p in report.problems if p.severity is not Severity.NOTE]
    assert [f"{path}:{line}" for line in PROBLEMS] == placed
    problems = json.loads(report.format("json"))["problems"]
    first = next(found for found in problems if found["severity"] != "note")
    assert ("Cities", 3, 2, "B3") == (
        first["sheet"],
        first["row"],
        first["column"],
        first["cell"],
    )
    results = json.loads(report.format("sarif"))["runs"][0]["results"]
    result = next(found for found in results if found["level"] != "note")
    assert result["message"]["text"].startswith("Cities!B3: 'name' must be")
    assert {"startLine": 3, "startColumn": 2} == (
        result["locations"][0]["physicalLocation"]["region"]
    )


def test_cells_are_read_as_the_spreadsheet_holds_them(tmp_path: Path) -> None:
    """A number id is its text, a date its day, a local date-time gets its offset."""
    good = [row[:] for row in EVENTS]
    good[2][6] = "ma-fez"
    path = write_xlsx(tmp_path / "book.xlsx", {"cities": CITIES[:2], "events": good})
    dataset = load(path)
    first, second = dataset.events
    assert "2025-05-05T10:00:00+01:00" == first.start.isoformat()
    assert ("2024", dt.date(2025, 1, 2)) == (second.id, second.start)
    assert (1200000,) == tuple(
        c.population.count for c in dataset.cities if c.population
    )


def test_the_same_records_give_the_same_problems_in_every_form(tmp_path: Path) -> None:
    """A workbook, CSV files separated by ';' and a JSON document, alike."""
    rows = {"cities": CITIES}
    book = write_xlsx(tmp_path / "book.xlsx", rows)
    folder = tmp_path / "csv"
    folder.mkdir()
    for kind, sheet in rows.items():
        text = "".join(";".join(map(_text, row)) + "\r\n" for row in sheet)
        (folder / f"{kind}.csv").write_text(text, "utf-8")
    document = tmp_path / "dataset.json"
    document.write_text(
        json.dumps(
            {
                "learningcities": "1.1",
                "cities": [
                    {
                        "id": "ma-fez",
                        "name": "Fès",
                        "country": "MA",
                        "population": {"count": 1200000},
                    },
                    {
                        "id": "ma-rabat",
                        "name": True,
                        "country": "Maroc",
                        "population": {"count": "632 079"},
                    },
                ],
            }
        ),
        "utf-8",
    )
    found = [
        sorted(
            (p.code, p.pointer, p.suggestion)
            for p in validate(path).problems
            if p.severity is not Severity.NOTE  # the book's "Read me" sheet
        )
        for path in (book, folder, document)
    ]
    assert found[0] == found[2]
    assert [p for p in found[1] if p[1] != "/cities/1/name"] == [
        p for p in found[0] if p[1] != "/cities/1/name"
    ]  # CSV holds text only: TRUE is a name there


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell)


def test_other_sheets_are_listed_as_notes_that_never_fail(tmp_path: Path) -> None:
    """An instructions sheet is a note in every form, even under --strict."""
    path = write_xlsx(tmp_path / "book.xlsx", {"cities": CITIES[:2]})
    report = validate(path)
    assert [
        f"{path}:Read me: note[sheet-ignored]: The sheet is not named after a kind "
        "of record, so it was not read; a sheet of records is named sources, "
        "networks, organizations, cities, memberships, events."
    ] == [str(problem) for problem in report.problems]
    assert (True, True) == (report.valid, attrs.evolve(report, strict=True).valid)
    assert {"files": 1, "errors": 0, "warnings": 0, "notes": 1} == report.summary
    assert report.format("text").endswith("\n0 errors, 0 warnings, 1 note in 1 file\n")
    assert report.format("github").startswith(f"::notice file={path},title=sheet")
    (result,) = json.loads(report.format("sarif"))["runs"][0]["results"]
    assert ("note", "Read me: The sheet is not") == (
        result["level"],
        result["message"]["text"][:25],
    )
    french = validate(path, lang="fr")
    assert french.format("text").endswith(
        "\n0 erreurs, 0 avertissements, 1 remarque dans 1 fichier\n"
    )


def test_a_book_without_kinds_is_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "notes.xlsx", {"Notes": [["a", "b"], [1, 2]]})
    assert [
        f"{path}:1:1: error[empty]: The file holds no record: a workbook needs a sheet "
        "named after a kind of record (sources, networks, organizations, cities, "
        "memberships, events)."
    ] == [str(p) for p in validate(path).problems]


def test_a_sheet_formatted_far_down_costs_only_its_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "cities"
    for row in CITIES[:2]:
        sheet.append(row)
    sheet.cell(row=1_048_576, column=30).number_format = "@"
    book.save(tmp_path / "far.xlsx")
    assert () == validate(tmp_path / "far.xlsx").problems


def test_a_file_that_is_no_workbook_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "cities.xlsx"
    path.write_text("id,name,country\n", "utf-8")
    (problem,) = validate(path).problems
    assert ("file-unreadable", True) == (
        problem.code,
        problem.message.startswith("The file is not a workbook that can be read: "),
    )


def test_without_the_reader_a_workbook_says_which_extra_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", {"cities": CITIES[:2]})
    monkeypatch.setattr(workbooks, "optional", lambda _: None)
    assert [
        f"{path}: error[file-unreadable]: Reading workbooks needs python-calamine: "
        "pip install 'learningcities[excel]'."
    ] == [str(p) for p in validate(path).problems]
