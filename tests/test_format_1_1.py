"""Format 1.1: text never blank, the admission cap from its start, 1.0 as before."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities import (
    InvalidDataError,
    Network,
    PartialDate,
    dumps,
    loads,
    validate,
    validate_document,
)
from learningcities._checking.textfields import text_field_findings
from learningcities._schemas import validator
from learningcities._speed import MODES, Mode

if TYPE_CHECKING:
    from pathlib import Path

TODAY = dt.date(2026, 11, 28)
CITY = {"id": "ma-fez", "name": "Fez", "country": "MA"}
EVENT = {"id": "e", "name": "E", "kind": "ceremony", "start": "2025-03-05"}


def _problems(document: Any, **options: Any) -> list[tuple[str, str, str]]:
    text = document if isinstance(document, str) else json.dumps(document)
    report = validate_document(text, today=TODAY, **options)
    return [(p.code, p.pointer, p.message) for p in report.problems]


def _blank(label: str, found: str) -> str:
    return (
        f"'{label}' must be text with at least one character that is not white "
        f"space, not a string ({found})."
    )


# -- blank text is an error, padded text a warning -----------------------------


@pytest.mark.parametrize(
    ("kind", "record", "pointer", "label", "found"),
    [
        ("cities", {**CITY, "name": ""}, "/cities/0/name", "name", '""'),
        ("cities", {**CITY, "name": " "}, "/cities/0/name", "name", '" "'),
        (
            "cities",
            {**CITY, "aliases": [""]},
            "/cities/0/aliases/0",
            "aliases[0]",
            '""',
        ),
        ("cities", {**CITY, "names": {"fr": ""}}, "/cities/0/names/fr", "fr", '""'),
        ("events", {**EVENT, "venue": ""}, "/events/0/venue", "venue", '""'),
        (
            "cities",
            {**CITY, "name": "\t\u3000\n"},
            "/cities/0/name",
            "name",
            '"\\t\\u3000\\n"',
        ),
        (
            "cities",
            {**CITY, "recognitions": [{"kind": "award", "name": " "}]},
            "/cities/0/recognitions/0/name",
            "name",
            '" "',
        ),
    ],
)
def test_blank_text_is_a_schema_error(
    kind: str, record: dict[str, Any], pointer: str, label: str, found: str
) -> None:
    """Every text field holds at least one character that is not white space."""
    document = {"learningcities": "1.1", kind: [record]}
    assert [("schema", pointer, _blank(label, found))] == _problems(document)
    with pytest.raises(InvalidDataError):
        loads(json.dumps(document))


def test_blank_text_is_placed_and_worded_in_french() -> None:
    """The problem is at the value's line and column, in both languages."""
    text = '{\n  "learningcities": "1.1",\n  "title": " "\n}\n'
    (problem,) = validate_document(text, name="a.json", lang="fr").problems
    assert (
        "a.json:3:12: error[schema] /title: 'title' doit être un texte d'au moins "
        'un caractère autre qu\'une espace, et non une chaîne (" ").'
    ) == str(problem)


def test_text_with_white_space_around_it_is_a_warning_showing_it_trimmed() -> None:
    """Leading or trailing white space is `not-normalized`; text loads as written."""
    document = {"learningcities": "1.1", "cities": [{**CITY, "name": " Fez\u00a0"}]}
    assert [
        (
            "not-normalized",
            "/cities/0/name",
            """'name' begins or ends with white space: write "Fez", not """
            '" Fez\\u00a0".',
        )
    ] == _problems(document)
    assert " Fez\u00a0" == loads(json.dumps(document)).cities[0].name


def test_one_text_gets_one_warning() -> None:
    """Text not in NFC and padded is warned of once, for what a reader sees first."""
    document = {"learningcities": "1.1", "cities": [{**CITY, "name": "Fe\u0300s "}]}
    ((code, pointer, message),) = _problems(document)
    assert ("not-normalized", "/cities/0/name") == (code, pointer)
    assert "is not in Unicode normalization form C" in message


def test_only_text_fields_are_text() -> None:
    """Ids, codes and extension values have rules of their own, or none."""
    document = {
        "learningcities": "1.1",
        "x-note": " ",
        "cities": [
            {**CITY, "x-blank": "", "identifiers": [{"scheme": "w", "value": "Q1"}]}
        ],
    }
    assert [] == _problems(document)


def test_a_1_0_document_may_hold_blank_text() -> None:
    """Format 1.0 had no such rule: its documents are read as before."""
    document = {
        "learningcities": "1.0",
        "title": "",
        "cities": [{**CITY, "name": " ", "aliases": ["", " Fes "]}],
    }
    assert [] == _problems(document)
    assert " " == loads(json.dumps(document)).cities[0].name


def test_a_blank_text_fails_a_saved_dataset() -> None:
    """What save writes is 1.1: a model with blank text is refused before writing."""
    dataset = learningcities.Dataset(
        cities=(learningcities.City(id="ma-fez", name=" ", country="MA"),)
    )
    assert ["schema"] == [problem.code for problem in dataset.problems()]


@given(
    st.text(st.sampled_from(" \t\n\u00a0\u3000\u2003x"), max_size=5),
)
def test_the_rule_is_the_schema_s_rule(text: str) -> None:
    """The loader refuses exactly the text the published 1.1 schema refuses."""
    document: dict[str, Any] = {
        "learningcities": "1.1",
        "cities": [{**CITY, "name": text}],
    }
    schema_valid = validator("dataset").is_valid(document)
    errors = [p for p in _problems(document) if p[0] == "schema"]
    assert schema_valid == (not errors)
    assert schema_valid == (text.strip() != "")


# -- spreadsheets and JSON Lines are read as the newest format -----------------


def test_an_empty_item_in_a_csv_list_is_blank_text(tmp_path: Path) -> None:
    """`Fes;;Fès` holds a blank alias: an error at its cell. `Fes; Fès` does not."""
    path = tmp_path / "cities.csv"
    path.write_text("id,name,country,aliases\nma-fez,Fez,MA,Fes;;Fès\n", "utf-8")
    (problem,) = validate(path, today=TODAY).problems
    assert (2, 4, "/cities/0/aliases/1", "schema") == (
        problem.line,
        problem.column,
        problem.pointer,
        problem.code,
    )
    path.write_text("id,name,country,aliases\nma-fez,Fez,MA,Fes; Fès\n", "utf-8")
    assert () == validate(path, today=TODAY).problems


def test_a_padded_csv_cell_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    """A cell keeps its white space, and is warned of at its column."""
    path = tmp_path / "cities.csv"
    path.write_text("id,name,country\nma-fez, Fez,MA\n", "utf-8")
    (problem,) = validate(path, today=TODAY).problems
    assert (2, 2, "not-normalized") == (problem.line, problem.column, problem.code)


@pytest.mark.parametrize("mode", MODES)
def test_json_lines_are_read_as_the_newest_format(tmp_path: Path, mode: Mode) -> None:
    """A blank name in a JSON Lines file is an error, in every mode."""
    path = tmp_path / "cities.jsonl"
    lines = [
        {"type": "city", **CITY},
        {"type": "city", **CITY, "id": "ma-rabat", "name": " "},
        {"type": "city", **CITY, "id": "ma-sale", "name": "Salé "},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    report = validate(path, today=TODAY, mode=mode)
    found = [(p.line, p.code, p.pointer) for p in report.problems]
    assert [
        (2, "schema", "/cities/1/name"),
        (3, "not-normalized", "/cities/2/name"),
    ] == (found)


def test_text_field_findings_skip_values_with_a_problem() -> None:
    """A value already reported gets no second problem."""
    record = {"name": " ", "aliases": ["", "a"]}
    paths = [f.path for f in text_field_findings(record, learningcities.City)]
    assert [("name",), ("aliases", 0)] == paths
    skipped = text_field_findings(record, learningcities.City, (), {("name",)})
    assert [("aliases", 0)] == [f.path for f in skipped]


# -- versions -------------------------------------------------------------------


def test_a_1_1_field_in_a_1_0_document_is_an_error_naming_the_version() -> None:
    """`max_admissions_since` came with 1.1: a 1.0 document may not use it."""
    network = {"id": "n", "name": "N", "max_admissions_since": "2018-10-01"}
    assert [
        (
            "format-version",
            "/networks/0/max_admissions_since",
            """'max_admissions_since' needs format "1.1", but the document """
            'declares format "1.0".',
        )
    ] == _problems({"learningcities": "1.0", "networks": [network]})
    assert [] == _problems({"learningcities": "1.1", "networks": [network]})


def test_an_unsupported_version_names_the_supported_ones() -> None:
    """ "1.2" is `format-version`, and the message lists what this library reads."""
    assert [
        (
            "format-version",
            "/learningcities",
            "'learningcities' must be one of the format versions this library reads "
            '("1.0", "1.1"), not a string ("1.2").',
        )
    ] == _problems({"learningcities": "1.2"})


def _as_1_0(document: dict[str, Any]) -> dict[str, Any]:
    """The sample as it was written in format 1.0: the cap's start an extension."""
    old: dict[str, Any] = json.loads(json.dumps(document))
    old["learningcities"] = "1.0"
    for network in old["networks"]:
        if "max_admissions_since" in network:
            network["x-admission-cap-since"] = network.pop("max_admissions_since")
    return old


def test_a_1_0_document_validates_and_loads_as_before() -> None:
    """The sample as 1.0 wrote it: valid, and the same data but for the new field."""
    old = _as_1_0(json.loads(dumps(learningcities.sample())))
    assert [] == _problems(old)
    loaded = loads(json.dumps(old))
    (network,) = loaded.networks
    assert network.max_admissions_since is None
    assert "2018-10-01" == network.extensions["x-admission-cap-since"]


def test_save_writes_format_1_1(tmp_path: Path) -> None:
    """A document read as 1.0 is written as 1.1."""
    old = _as_1_0(json.loads(dumps(learningcities.sample())))
    path = tmp_path / "register.json"
    learningcities.save(loads(json.dumps(old)), path)
    assert '"learningcities": "1.1"' in path.read_text("utf-8").splitlines()[1]


def test_the_sample_uses_the_field_not_the_extension() -> None:
    """The GNLC's cap applies since 1 October 2018, and the sample says so."""
    (network,) = learningcities.sample().networks
    assert PartialDate.parse("2018-10-01") == network.max_admissions_since
    assert "x-admission-cap-since" not in network.extensions
    assert Network(
        id="n", name="N", max_admissions_since="2018-10"
    ).max_admissions_since


# -- the admission cap from its start -----------------------------------------------


def _register(joins: list[str], since: str | None) -> dict[str, Any]:
    """Korean cities admitted to a network capped at three a year, on *joins*."""
    network: dict[str, Any] = {
        "id": "unesco-gnlc",
        "name": "GNLC",
        "max_admissions_per_country_per_year": 3,
    }
    if since is not None:
        network["max_admissions_since"] = since
    cities = [
        {"id": f"kr-city-{n}", "name": f"City {n}", "country": "KR"}
        for n in range(len(joins))
    ]
    memberships = [
        {
            "id": f"gnlc-kr-city-{n}",
            "city": f"kr-city-{n}",
            "network": "unesco-gnlc",
            "joined": joined,
        }
        for n, joined in enumerate(joins)
    ]
    return {
        "learningcities": "1.1",
        "networks": [network],
        "cities": cities,
        "memberships": memberships,
    }


CAP_CASES = [
    # 15 Korean cities joined in 2016, before the cap: no warning.
    (["2016-09-20"] * 15, "2018-10-01", []),
    # Without a start, the cap applies to every year.
    (["2016-09-20"] * 15, None, ["2016"]),
    # After the start, four in a year is one too many.
    (["2019-07-17"] * 4, "2018-10-01", ["2019"]),
    (["2019-07-17"] * 3, "2018-10-01", []),
    # The year of the start: only the admissions from its first day count.
    (["2018-03-01"] * 3 + ["2018-10-01"] * 3, "2018-10-01", []),
    (
        ["2018-03-01", "2018-10-01", "2018-11", "2018-12-31", "2018-10"],
        "2018-10-01",
        ["2018"],
    ),
    # Known only to the year: the first day it may be is before the start.
    (["2018"] * 4, "2018-10-01", []),
    # A start known only to the year begins on its first day.
    (["2018-03-01"] * 4, "2018", ["2018"]),
]


@pytest.mark.parametrize(("joins", "since", "years"), CAP_CASES)
def test_the_cap_applies_from_its_start(
    joins: list[str], since: str | None, years: list[str]
) -> None:
    """Both sides of the date, in a document."""
    report = validate_document(json.dumps(_register(joins, since)), today=TODAY)
    found = [p.message.split(" in ")[1][:4] for p in report.problems]
    assert years == found
    assert {"admission-cap"} >= {p.code for p in report.problems}


@pytest.mark.parametrize(("joins", "since", "years"), CAP_CASES)
def test_the_cap_applies_from_its_start_in_json_lines_too(
    tmp_path: Path, joins: list[str], since: str | None, years: list[str]
) -> None:
    """The rules of a stream (kept on disk) give the same answers."""
    document = _register(joins, since)
    path = tmp_path / "register.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for kind, singular in (("networks", "network"), ("cities", "city")):
            for record in document[kind]:
                stream.write(json.dumps({"type": singular, **record}) + "\n")
        for record in document["memberships"]:
            stream.write(json.dumps({"type": "membership", **record}) + "\n")
    report = validate(path, today=TODAY)
    assert years == [p.message.split(" in ")[1][:4] for p in report.problems]


def test_the_cap_s_start_in_the_register_applies_to_a_submission() -> None:
    """A partner's file counts with the register's members and its network's start."""
    joins = ["2016-09-20"] * 3 + ["2019-02-01"] * 3
    register = loads(json.dumps(_register(joins, "2018-10-01")))
    submission: dict[str, Any] = {
        "learningcities": "1.1",
        "cities": [{"id": "kr-new", "name": "New", "country": "KR"}],
        "memberships": [
            {"id": "m-new", "city": "kr-new", "network": "unesco-gnlc", "joined": ""}
        ],
    }
    found = {}
    for joined in ("2016-10", "2019-10"):
        submission["memberships"][0]["joined"] = joined
        text = json.dumps(submission)
        report = validate_document(text, register=register, today=TODAY)
        found[joined] = [(p.code, p.pointer) for p in report.problems]
    assert {
        "2016-10": [],
        "2019-10": [("admission-cap", "/memberships/0/joined")],
    } == found


def test_the_real_moroccan_members_respect_the_cap() -> None:
    """The bundled, sourced sample: at most three Moroccan admissions a year."""
    report = validate_document(dumps(learningcities.sample()), today=TODAY)
    assert () == report.problems
    years = [m.joined.year for m in learningcities.sample().memberships if m.joined]
    assert max(years.count(year) for year in set(years)) == 3
