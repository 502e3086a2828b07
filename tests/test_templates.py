"""Blank templates: a workbook with a sheet per kind, or CSV files, from the models."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import pytest

from learningcities import load, validate
from learningcities._cli.main import run
from learningcities._pipeline.csvfiles import template
from learningcities.models import KINDS

EXAMPLES = Path(__file__).parent.parent / "examples" / "templates"


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "submission.xlsx"
    assert (0, f"{path}\n", "") == _run(["template", "-o", str(path)])
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


def test_the_example_rows_validate_and_load(book: Path) -> None:
    found = [(p.code, p.sheet) for p in validate(book).problems]
    assert [("sheet-ignored", "Instructions"), ("sheet-ignored", "Lists")] == found
    dataset = load(book)
    assert ["ma-fez"] == [city.id for city in dataset.cities]
    assert ["unesco-gnlc-ma-fez"] == [m.id for m in dataset.memberships]


def test_the_csv_templates_are_the_examples(tmp_path: Path) -> None:
    """examples/templates/ is what `learningcities template --format csv` writes."""
    status, out, _ = _run(["template", "--format", "csv", "-o", str(tmp_path)])
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
    ) == _run(["template", "towns", "-o", str(tmp_path / "t.xlsx")])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert (
        2,
        "",
        "learningcities: Writing workbooks needs openpyxl: pip install "
        "'learningcities[excel]'.\n",
    ) == _run(["template", "-o", str(tmp_path / "t.xlsx")])
