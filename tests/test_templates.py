"""Blank templates: a workbook with a sheet per kind, or CSV files, from the models."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from odf import opendocument, teletype
from odf import table as odf_table
from odf.style import Style, TableProperties
from odf.text import P

from learningcities import load, validate
from learningcities._pipeline.csvfiles import template
from learningcities._writing.opendocument import Table, write_ods
from learningcities.models import KINDS

from .commands import run_cli

EXAMPLES = Path(__file__).parent.parent / "examples" / "templates"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "submission.xlsx"
    assert (0, f"{path}\n", "") == run_cli(["template", "-o", str(path)])
    return path


def test_the_workbook_has_a_sheet_per_kind_after_the_instructions(book: Path) -> None:
    workbook = openpyxl.load_workbook(book)
    assert ["Instructions", "Lists", *KINDS] == workbook.sheetnames
    assert "hidden" == workbook["Lists"].sheet_state
    lines = [row[0] for row in workbook["Instructions"].iter_rows(values_only=True)]
    assert "How to fill in this workbook" in lines
    assert "Comment remplir ce classeur" in lines
    for kind in KINDS:
        header = next(workbook[kind].iter_rows(max_row=1, values_only=True))
        assert template(kind).strip().split(",") == list(header)


def test_closed_lists_are_drop_downs_and_ids_are_text(book: Path) -> None:
    sheet = openpyxl.load_workbook(book)["events"]
    header = [cell.value for cell in sheet[1]]
    kind = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("kind")]
    ranges = {
        str(check.sqref): check.formula1
        for check in sheet.data_validations.dataValidation
    }
    assert ranges[f"{kind}2:{kind}1001"].startswith("Lists!$")
    lists = openpyxl.load_workbook(book)["Lists"]
    column = ranges[f"{kind}2:{kind}1001"].split("$")[1]
    kinds = [c.value for c in lists[column][1:] if c.value is not None]
    assert ["ceremony", "conference", "meeting"] == kinds[:3]
    assert "@" == sheet.cell(row=500, column=header.index("id") + 1).number_format
    assert "@" == sheet.cell(row=2, column=header.index("start") + 1).number_format


@pytest.fixture(scope="module")
def ods(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "submission.ods"
    assert (0, f"{path}\n", "") == run_cli(
        ["template", "--format", "ods", "-o", str(path)]
    )
    return path


@pytest.mark.parametrize("form", ["book", "ods"])
def test_the_example_rows_validate_and_load(
    form: str, request: pytest.FixtureRequest
) -> None:
    path = request.getfixturevalue(form)
    found = [(p.code, p.sheet) for p in validate(path).problems]
    assert [("sheet-ignored", "Instructions"), ("sheet-ignored", "Lists")] == found
    dataset = load(path)
    assert ["ma-fez"] == [city.id for city in dataset.cities]
    assert ["unesco-gnlc-ma-fez"] == [m.id for m in dataset.memberships]
    assert dataset == load(request.getfixturevalue("book"))


def _odf_attribute(element: Any, name: str) -> str | None:
    """The attribute *name* (``table:name``) of an odfpy element, or None."""
    prefix, local = name.split(":")
    found: str | None = element.attributes.get((_ODF[prefix], local))
    return found


_ODF = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}


def test_the_ods_template_has_lists_text_columns_and_a_hidden_sheet(ods: Path) -> None:
    """Read back with odfpy: what a spreadsheet program shows the partner."""
    document = opendocument.load(str(ods))
    tables = {
        _odf_attribute(table, "table:name"): table
        for table in document.spreadsheet.getElementsByType(odf_table.Table)
    }
    assert ["Instructions", "Lists", *KINDS] == list(tables)
    styles = {
        _odf_attribute(style, "style:name"): style
        for style in document.automaticstyles.getElementsByType(Style)
    }
    hidden = styles[_odf_attribute(tables["Lists"], "table:style-name")]
    (properties,) = hidden.getElementsByType(TableProperties)
    assert "false" == _odf_attribute(properties, "table:display")
    conditions = {
        _odf_attribute(check, "table:name"): _odf_attribute(check, "table:condition")
        for check in document.spreadsheet.getElementsByType(odf_table.ContentValidation)
    }
    events = tables["events"]
    rows = events.getElementsByType(odf_table.TableRow)
    header = [str(cell) for cell in rows[0].childNodes]
    # rows 2 to 1001 take the lists, as in the Excel workbook: the example, 999 more
    assert "999" == _odf_attribute(rows[-1], "table:number-rows-repeated")
    kind = header.index("kind")
    for row in (rows[1], rows[-1]):  # the example row, and the empty rows
        cell = row.childNodes[kind]
        name = _odf_attribute(cell, "table:content-validation-name")
        condition = conditions[name] or ""
        assert condition.startswith("of:cell-content-is-in-list([$Lists.$")
    column = condition.split("$")[2]
    lists = [
        [str(cell) for cell in row.childNodes]
        for row in tables["Lists"].getElementsByType(odf_table.TableRow)
    ]
    chosen = [row[ord(column) - ord("A")] for row in lists[1:]]
    assert ["ceremony", "conference", "meeting"] == [c for c in chosen if c][:3]
    columns = events.getElementsByType(odf_table.TableColumn)
    style = "table:default-cell-style-name"
    assert "ce-text" == _odf_attribute(columns[header.index("start")], style)
    cities = tables["cities"]
    names = [str(c) for c in cities.getElementsByType(odf_table.TableRow)[0].childNodes]
    count = cities.getElementsByType(odf_table.TableColumn)[
        names.index("population.count")
    ]
    assert None is _odf_attribute(count, style)  # a number stays a number


def test_the_ods_template_is_the_same_bytes_each_time(
    ods: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again.ods"
    assert 0 == run_cli(["template", "--format", "ods", "-o", str(again)])[0]
    assert ods.read_bytes() == again.read_bytes()
    with zipfile.ZipFile(again) as archive:
        first = archive.infolist()[0]
        assert ("mimetype", zipfile.ZIP_STORED) == (first.filename, first.compress_type)
        assert b"application/vnd.oasis.opendocument.spreadsheet" == archive.read(first)


def test_the_csv_templates_are_the_examples(tmp_path: Path) -> None:
    """examples/templates/ is what `learningcities template --format csv` writes."""
    status, out, _ = run_cli(["template", "--format", "csv", "-o", str(tmp_path)])
    assert (0, len(KINDS)) == (status, len(out.splitlines()))
    for kind in KINDS:
        written = (tmp_path / f"{kind}.csv").read_bytes()
        assert (EXAMPLES / f"{kind}.csv").read_bytes() == written


def test_template_errors_are_one_line_and_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        2,
        "",
        "learningcities: no kind is called 'towns': sources, networks, "
        "organizations, cities, memberships, events\n",
    ) == run_cli(["template", "towns", "-o", str(tmp_path / "t.xlsx")])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert (
        2,
        "",
        "learningcities: Writing workbooks needs openpyxl: pip install "
        "'learningcities[excel]'.\n",
    ) == run_cli(["template", "-o", str(tmp_path / "t.xlsx")])


_XML_TEXT = st.text(
    st.characters(
        codec="utf-8",
        exclude_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
        "\ufffe\uffff",
    )
)


@given(cells=st.lists(_XML_TEXT, min_size=1, max_size=4))
def test_ods_cells_keep_their_text(
    tmp_path_factory: pytest.TempPathFactory, cells: list[str]
) -> None:
    """Spaces, tabs, line breaks and markup survive, read back by odfpy."""
    path = tmp_path_factory.mktemp("ods") / "cells.ods"
    write_ods(path, [Table("sheet", [cells])])
    document = opendocument.load(str(path))
    (row,) = document.spreadsheet.getElementsByType(odf_table.TableRow)
    read = [
        "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
        for cell in row.childNodes
    ]
    assert cells == read


def test_ods_refuses_what_xml_cannot_hold(tmp_path: Path) -> None:
    with pytest.raises(
        ValueError, match=r"^a cell holds a character XML cannot hold: 'a\\x01'$"
    ):
        write_ods(tmp_path / "bad.ods", [Table("sheet", [["a\x01"]])])
    assert not (tmp_path / "bad.ods").exists()
