"""Workbooks (.xlsx, .ods): a sheet per kind, problems at the cell it shows."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import zipfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from learningcities import InvalidDataError, load, sample, validate
from learningcities._pipeline import workbooks
from learningcities._reading import cells
from learningcities.errors import Severity

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
        "\n0 erreur, 0 avertissement, 1 remarque dans 1 fichier\n"
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


def _excel_with_errors(path: Path, rows: Rows, errors: dict[str, str]) -> Path:
    """An Excel workbook of *rows* on a sheet "cities", *errors* by cell (``B2``)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "cities"
    for row in rows:
        sheet.append(row)
    for where, error in errors.items():
        sheet[where].value = error
        sheet[where].data_type = "e"  # as Excel caches a formula that failed
    book.save(path)
    return path


_ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:'
    'calcext:1.0"'
)


def _ods_with_errors(path: Path, rows: list[list[str | None]]) -> Path:
    """An OpenDocument spreadsheet as LibreOffice writes it; None is ``#N/A``.

    Empty cells are written as one repeated cell, as LibreOffice writes
    them, so that the error cells' columns must be counted with repeats.
    """

    def cell(value: str | None) -> str:
        if value is None:
            return (
                '<table:table-cell table:formula="of:=NA()" office:value-type="float" '
                'office:value="0" calcext:value-type="error"><text:p>#N/A</text:p>'
                "</table:table-cell>"
            )
        if not value:
            return '<table:table-cell table:number-columns-repeated="2"/>'
        return (
            '<table:table-cell office:value-type="string" calcext:value-type="string">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>"
        for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'{_ODF_NAMESPACES} office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="cities">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content)
    return path


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
    'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def test_a_cell_that_holds_an_error_is_one_problem_at_its_cell(tmp_path: Path) -> None:
    """#N/A in a required field, an optional one, a reference, a list: one each."""
    rows: Rows = [
        ["id", "name", "country", "kind", "aliases", "sources"],
        ["ma-fez", "Fès", "MA", "city", "Fes", "s1"],
    ]
    errors = {"B2": "#N/A", "D2": "#DIV/0!", "E2": "#REF!", "F2": "#N/A"}
    path = _excel_with_errors(tmp_path / "book.xlsx", rows, errors)
    report = validate(path)
    assert [
        f"{path}:cities!{cell}: error[schema] /cities/0/{field}: '{field}' holds the "
        f"spreadsheet error {error}, not a value: write the value itself."
        for cell, field, error in (
            ("B2", "name", "#N/A"),
            ("D2", "kind", "#DIV/0!"),
            ("E2", "aliases", "#REF!"),
            ("F2", "sources", "#N/A"),
        )
    ] == [str(problem) for problem in report.problems]
    french = validate(path, lang="fr").problems[0].message
    assert (
        "'name' contient l'erreur de tableur #N/A, et non une valeur : "
        "écrivez la valeur elle-même." == french
    )
    with pytest.raises(InvalidDataError):
        load(path)


def test_an_error_cell_of_an_ods_file_is_not_its_cached_zero(tmp_path: Path) -> None:
    """The reader gives 0; the error is found at its column, past repeated cells."""
    path = _ods_with_errors(
        tmp_path / "book.ods",
        [
            ["id", "name", "aliases", "kind", "country"],
            ["ma-fez", None, "", "MA"],
            ["ma-x", "X", "", None],
        ],
    )
    assert [
        ("B2", "/cities/0/name"),
        ("E3", "/cities/1/country"),
    ] == [(p.cell, p.pointer) for p in validate(path).problems]


def test_error_cells_are_looked_for_only_in_workbooks(tmp_path: Path) -> None:
    assert {} == cells.failed_cells(tmp_path)  # a folder
    (tmp_path / "not.xlsx").write_bytes(b"PK\x03\x04 truncated")
    assert {} == cells.failed_cells(tmp_path / "not.xlsx")
    rows: Rows = [["id", "name", "country"], ["ma-fez", "Fès", "MA"]]
    clean = _excel_with_errors(tmp_path / "clean.xlsx", rows, {})
    assert {} == cells.failed_cells(clean)
    failed = _excel_with_errors(tmp_path / "failed.xlsx", rows, {"AB70": "#NAME?"})
    assert {"cities": {70: {28: "#NAME?"}}} == cells.failed_cells(failed)


@pytest.fixture(scope="module", params=[".xlsx", ".ods", ".xls"])
def book_bytes(tmp_path_factory: pytest.TempPathFactory, request: Any) -> bytes:
    """A small workbook with an error cell, stored uncompressed: XML to mutate.

    The ``.xls`` one is tests/data/errors.xls, a binary file.
    """
    if request.param == ".xls":
        return (Path(__file__).parent / "data" / "errors.xls").read_bytes()
    path = tmp_path_factory.mktemp("book") / f"book{request.param}"
    if request.param == ".ods":
        _ods_with_errors(path, [["id", "name", "country"], ["ma-fez", None, "MA"]])
        return path.read_bytes()  # stored
    rows: Rows = [["id", "name", "country"], ["ma-fez", "Fès", "MA"]]
    _excel_with_errors(path, rows, {"B2": "#N/A"})
    stored = path.with_name("stored.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stored, "w") as target:
        for member in source.infolist():
            target.writestr(member.filename, source.read(member))  # ZIP_STORED
    return stored.read_bytes()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_damaged_workbook_is_a_problem_never_a_crash(
    book_bytes: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    """Bytes of a workbook overwritten anywhere, its XML too: problems, no exception."""
    damaged = bytearray(book_bytes)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at : at + 4] = data.draw(st.binary(min_size=1, max_size=4))
    suffix = ".ods" if b"opendocument" in book_bytes else ".xlsx"
    if book_bytes.startswith(b"\xd0\xcf\x11\xe0"):  # a compound document
        suffix = ".xls"
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(bytes(damaged))
    report = validate(path)
    assert all(problem.file == str(path) for problem in report.problems)
    cells.failed_cells(path)


def test_an_error_cell_of_an_excel_97_workbook_is_found_with_xlrd(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """tests/data/errors.xls: the reader gives its error cells as empty."""
    path = Path(__file__).parent / "data" / "errors.xls"
    assert [
        f"{path}:cities!{cell}: error[schema] /cities/{index}/{field}: '{field}' "
        f"holds the spreadsheet error {error}, not a value: write the value itself."
        for cell, index, field, error in (
            ("B2", 0, "name", "#N/A"),
            ("D2", 0, "kind", "#DIV/0!"),
            ("C3", 1, "country", "#REF!"),
        )
    ] == [str(problem) for problem in validate(path).problems]
    real = importlib.import_module

    def without_xlrd(name: str, package: str | None = None) -> Any:
        if name == "xlrd":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_xlrd)
    assert {} == cells.failed_cells(path)  # read as empty, as the reader gives them
    assert ["/cities/0/name", "/cities/1/country"] == [
        problem.pointer for problem in validate(path).problems
    ]


def test_an_excel_97_workbook_is_read_as_the_others() -> None:
    """tests/data/book.xls, in the BIFF8 format (see scripts/xls_fixture.py)."""
    path = Path(__file__).parent / "data" / "book.xls"
    report = validate(path, register=sample())
    assert [
        ("sheet-ignored", "Read me", None),
        ("unknown-country", "Cities", "C3"),
        ("schema", "Cities", "D3"),
    ] == [(p.code, p.sheet, p.cell) for p in report.problems]
    records = workbooks.workbook_records(path)
    assert [
        {"id": "m-azrou", "city": "ma-azrou", "network": "unesco-gnlc"}
        | {
            "joined": "2015-09-21",
            "cohort": "2015",
        }
    ] == records["memberships"]
    assert 55000 == records["cities"][0]["population"]["count"]


def test_a_sheets_column_without_a_name_is_said_only_with_values(
    tmp_path: Path,
) -> None:
    header: list[Any] = ["id", None, "name", "country"]
    rows: Rows = [header, ["ma-fez", None, "Fès", "MA"]]
    path = write_xlsx(tmp_path / "book.xlsx", {"cities": rows})
    assert ["sheet-ignored"] == [p.code for p in validate(path).problems]
    rows.append(["ma-azrou", 2024, "Azrou", "MA"])
    path = write_xlsx(tmp_path / "book.xlsx", {"cities": rows})
    assert [("cities", "B1", "Column B has no name in the header, but row 3")] == [
        (p.sheet, p.cell, p.message[:45])
        for p in validate(path).problems
        if p.code != "sheet-ignored"
    ]
