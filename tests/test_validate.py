"""Validation: every problem code, placed and worded in English and French."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import learningcities
from learningcities import (
    Dataset,
    InvalidDataError,
    Report,
    validate,
    validate_document,
)
from learningcities._checking.convert import structure_document, unstructure
from learningcities._checking.rules import (
    LIMIT,
    check,
    not_normalized,
    project,
    raw_records,
    surely_normalized,
    text_findings,
)
from learningcities._checking.rules import ids as _ids_rules
from learningcities._checking.rules import memberships as _membership_rules
from learningcities._checking.rules import references as _reference_rules
from learningcities._checking.rules.on_disk import Store
from learningcities._reading.locate import locate
from learningcities._speed.gc import collector_paused
from learningcities.models import KINDS, SINGULAR

from .strategies import at, consistent_datasets, datasets, json_values

if TYPE_CHECKING:
    from collections.abc import Iterable

    from learningcities._checking.rules import Raw
    from learningcities._findings import Finding

TODAY = dt.date(2026, 11, 28)


class Case(NamedTuple):
    """A document with one defect, and the problem it must give."""

    name: str
    text: str
    where: tuple[str, str, int, int, str]  # code, pointer, line, column, severity
    english: str
    french: str


CASES = [
    Case(
        "syntax",
        '{\n  "learningcities": "1.0",\n  "title": \n}\n',
        ("syntax", "", 4, 1, "error"),
        "The document is not valid JSON: expecting value.",
        "Le document n'est pas du JSON valide : une valeur est attendue.",
    ),
    Case(
        "duplicate-key",
        '{\n  "learningcities": "1.0",\n  "title": "a",\n  "title": "b"\n}\n',
        ("duplicate-key", "/title", 4, 3, "error"),
        "'title' appears more than once in one object.",
        "'title' apparaît plusieurs fois dans un même objet.",
    ),
    Case(
        "invalid-number",
        '{\n  "learningcities": "1.0",\n  "cities": [\n    {"id": "c", "name": "C", "country": "MA", "location": {"lat": NaN, "lon": 0}}\n  ]\n}\n',
        ("invalid-number", "/cities/0/location/lat", 4, 67, "error"),
        "'lat' must be a number, not NaN, a number that cannot be held exactly.",
        "'lat' doit être un nombre, et non NaN, un nombre qui ne peut pas être représenté exactement.",
    ),
    Case(
        "format-version",
        '{\n  "learningcities": "2.0"\n}\n',
        ("format-version", "/learningcities", 2, 21, "error"),
        '\'learningcities\' must be one of the format versions this library reads ("1.0", "1.1"), not a string ("2.0").',
        '\'learningcities\' doit être l\'une des versions du format que cette bibliothèque lit ("1.0", "1.1"), et non une chaîne ("2.0").',
    ),
    Case(
        "schema",
        '{\n  "learningcities": "1.0",\n  "events": [\n    {"id": "e", "name": "E", "kind": "ceremony", "start": "2025-03-05", "strat": "x"}\n  ]\n}\n',
        ("schema", "/events/0/strat", 4, 73, "error"),
        "'strat' is not a field of an event (did you mean 'start'?); extension keys must begin with 'x-'.",
        "'strat' n'est pas un champ d'un événement (vouliez-vous dire 'start' ?) ; les clés d'extension doivent commencer par 'x-'.",
    ),
    Case(
        "invalid-date",
        '{\n  "learningcities": "1.0",\n  "memberships": [\n    {"id": "m", "city": "c", "network": "n",\n     "joined": "2024-02-30"}\n  ],\n  "cities": [{"id": "c", "name": "C", "country": "MA"}],\n  "networks": [{"id": "n", "name": "N"}]\n}\n',
        ("invalid-date", "/memberships/0/joined", 5, 16, "error"),
        "'joined' is \"2024-02-30\", which is not a valid partial date: day 30 is out of range for February 2024 (expected 01 to 29).",
        "'joined' vaut \"2024-02-30\", qui n'est pas une date partielle valide : le jour 30 n'existe pas en février 2024 (attendu : 01 à 29).",
    ),
    Case(
        "unknown-country",
        '{\n  "learningcities": "1.0",\n  "cities": [\n    {"id": "c", "name": "C", "country": "XX"},\n    {"id": "d", "name": "D", "country": "MA", "subdivision": "DZ-01"}\n  ]\n}\n',
        ("unknown-country", "/cities/0/country", 4, 41, "error"),
        '\'country\' must be an assigned ISO 3166-1 alpha-2 country code such as "MA", not a string ("XX").',
        '\'country\' doit être un code de pays ISO 3166-1 alpha-2 attribué, comme "MA", et non une chaîne ("XX").',
    ),
    Case(
        "unknown-country",
        '{\n  "learningcities": "1.0",\n  "cities": [\n    {"id": "c", "name": "C", "country": "XX"},\n    {"id": "d", "name": "D", "country": "MA", "subdivision": "DZ-01"}\n  ]\n}\n',
        ("unknown-country", "/cities/1/subdivision", 5, 62, "error"),
        '\'subdivision\' "DZ-01" is a subdivision of "DZ", not of the city\'s country "MA".',
        '\'subdivision\' "DZ-01" est une subdivision de "DZ", et non du pays de la ville, "MA".',
    ),
    Case(
        "invalid-timezone",
        '{\n  "learningcities": "1.0",\n  "events": [\n    {"id": "e", "name": "E", "kind": "ceremony", "start": "2025-03-05",\n     "timezone": "Africa/Fez"}\n  ]\n}\n',
        ("invalid-timezone", "/events/0/timezone", 5, 18, "error"),
        '\'timezone\' must be an IANA time zone name such as "Africa/Casablanca", not a string ("Africa/Fez").',
        '\'timezone\' doit être un nom de fuseau horaire IANA, comme "Africa/Casablanca", et non une chaîne ("Africa/Fez").',
    ),
    Case(
        "duplicate-id",
        '{\n  "learningcities": "1.0",\n  "cities": [\n    {"id": "ma-fez", "name": "Fez", "country": "MA"},\n    {"id": "ma-fez", "name": "Fès", "country": "MA"}\n  ]\n}\n',
        ("duplicate-id", "/cities/1/id", 5, 12, "error"),
        "'id' \"ma-fez\" is already the id of cities[0]; ids must be unique among cities.",
        "'id' \"ma-fez\" est déjà l'identifiant de cities[0] ; les identifiants doivent être uniques dans cities.",
    ),
    Case(
        "unknown-reference",
        '{\n  "learningcities": "1.0",\n  "memberships": [\n    {"id": "m", "city": "ma-fes", "network": "unesco-gnlc"}\n  ]\n}\n',
        ("unknown-reference", "/memberships/0/city", 4, 25, "error"),
        "'city' names a city \"ma-fes\" that is not in the file (and no register was given).",
        "'city' désigne une ville \"ma-fes\" qui ne figure pas dans le fichier (et aucun registre n'a été donné).",
    ),
    Case(
        "unknown-reference",
        '{\n  "learningcities": "1.0",\n  "memberships": [\n    {"id": "m", "city": "ma-fes", "network": "unesco-gnlc"}\n  ]\n}\n',
        ("unknown-reference", "/memberships/0/network", 4, 46, "error"),
        "'network' names a network \"unesco-gnlc\" that is not in the file (and no register was given).",
        "'network' désigne un réseau \"unesco-gnlc\" qui ne figure pas dans le fichier (et aucun registre n'a été donné).",
    ),
    Case(
        "date-order",
        '{\n  "learningcities": "1.0",\n  "events": [\n    {"id": "e", "name": "E", "kind": "ceremony",\n     "start": "2025-03-05", "end": "2025-03-04"}\n  ]\n}\n',
        ("date-order", "/events/0/end", 5, 36, "error"),
        "'end' 2025-03-04 is before 'start' 2025-03-05.",
        "'end' 2025-03-04 précède 'start' 2025-03-05.",
    ),
    Case(
        "membership-overlap",
        '{\n  "learningcities": "1.0",\n  "cities": [{"id": "c", "name": "C", "country": "MA"}],\n  "networks": [{"id": "n", "name": "N"}],\n  "memberships": [\n    {"id": "m1", "city": "c", "network": "n", "joined": "2020"},\n    {"id": "m2", "city": "c", "network": "n", "joined": "2024-02-14"}\n  ]\n}\n',
        ("membership-overlap", "/memberships/1", 7, 5, "error"),
        '\'memberships[1]\' overlaps memberships[0]: "c" would be a member of "n" twice at once.',
        '\'memberships[1]\' chevauche memberships[0] : "c" serait membre de "n" deux fois à la fois.',
    ),
    Case(
        "not-normalized",
        '{\n  "learningcities": "1.0",\n  "title": "Fe\\u0300s",\n  "description": "a\\u200bb"\n}\n',
        ("not-normalized", "/title", 3, 12, "warning"),
        "'title' is not in Unicode normalization form C (NFC): \"Fès\" is loaded as its NFC form.",
        "'title' n'est pas en forme de normalisation Unicode C (NFC) : \"Fès\" est chargé sous sa forme NFC.",
    ),
    Case(
        "not-normalized",
        '{\n  "learningcities": "1.0",\n  "title": "Fe\\u0300s",\n  "description": "a\\u200bb"\n}\n',
        ("not-normalized", "/description", 4, 18, "warning"),
        "'description' holds an invisible or control character (U+200B) in \"a\\u200bb\".",
        "'description' contient un caractère invisible ou de contrôle (U+200B) dans \"a\\u200bb\".",
    ),
    Case(
        "admission-cap",
        '{\n  "learningcities": "1.0",\n  "networks": [{"id": "n", "name": "N", "max_admissions_per_country_per_year": 1}],\n  "cities": [{"id": "a", "name": "A", "country": "MA"}, {"id": "b", "name": "B", "country": "MA"}],\n  "memberships": [\n    {"id": "m1", "city": "a", "network": "n", "joined": "2024-02-14"},\n    {"id": "m2", "city": "b", "network": "n", "joined": "2024-09"}\n  ]\n}\n',
        ("admission-cap", "/memberships/1/joined", 7, 57, "warning"),
        "'joined' makes 2 admissions from MA to \"n\" in 2024, more than the 1 a year the network allows.",
        "'joined' porte à 2 les admissions de MA dans \"n\" en 2024, plus que les 1 par an que le réseau autorise.",
    ),
    Case(
        "future-date",
        '{\n  "learningcities": "1.0",\n  "cities": [{"id": "c", "name": "C", "country": "MA"}],\n  "networks": [{"id": "n", "name": "N"}],\n  "memberships": [\n    {"id": "m", "city": "c", "network": "n", "joined": "2027"}\n  ]\n}\n',
        ("future-date", "/memberships/0/joined", 6, 56, "warning"),
        "'joined' 2027 is after today (2026-11-28): it states a past fact.",
        "'joined' 2027 est postérieur à aujourd'hui (2026-11-28) : il énonce un fait passé.",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_problem_code_is_placed_and_worded(case: Case) -> None:
    """Code, pointer, line, column and the exact message, in both languages."""
    english = validate_document(case.text, today=TODAY, name="partner.json")
    french = validate_document(case.text, today=TODAY, lang="fr")
    (index,) = [i for i, p in enumerate(english.problems) if p.pointer == case.where[1]]
    problem = english.problems[index]
    assert case.where == (
        problem.code,
        problem.pointer,
        problem.line,
        problem.column,
        str(problem.severity),
    )
    assert "partner.json" == problem.file
    assert case.english == problem.message
    assert case.french == french.problems[index].message


def test_every_code_of_the_specification_is_covered() -> None:
    """The table above and the file-level tests below cover every code."""
    codes = {case.where[0] for case in CASES}
    file_level = {"file-unreadable", "encoding", "too-deep", "empty"}
    workbook_level = {"sheet-ignored"}  # tests/test_workbooks.py
    assert set(learningcities.PROBLEM_CODES) == codes | file_level | workbook_level
    assert 20 == len(learningcities.PROBLEM_CODES)
    for case in CASES:
        assert str(learningcities.PROBLEM_CODES[case.where[0]]) == case.where[4]


def test_a_missing_file_and_a_folder_are_unreadable(tmp_path: Path) -> None:
    """file-unreadable: the file named, the reason given, in both languages."""
    missing = tmp_path / "missing.json"
    report = validate([missing, tmp_path], lang="fr")
    assert [
        ("file-unreadable", str(missing), None),
        ("file-unreadable", str(tmp_path), None),
    ] == [(p.code, p.file, p.line) for p in report.problems]
    assert (
        "Le fichier ne peut pas être lu : fichier ou dossier introuvable."
        == report.problems[0].message
    )
    english = validate(missing).problems[0]
    assert "The file cannot be read: No such file or directory." == english.message


def test_a_windows_1252_file_is_an_encoding_problem(tmp_path: Path) -> None:
    """encoding: the byte, its line and column, and the likely encoding."""
    path = tmp_path / "cities.json"
    text = '{"learningcities": "1.0",\n "title": "Fès"}'
    path.write_bytes(text.encode("cp1252"))
    (problem,) = validate(path, lang="fr").problems
    assert ("encoding", 2, 13) == (problem.code, problem.line, problem.column)
    assert (
        "Le fichier n'est pas en UTF-8 : l'octet 0xe8 à la ligne 2, colonne 13, ne "
        "peut pas être décodé ; il semble être en Windows-1252 (l'encodage occidental "
        "par défaut des tableurs). Enregistrez-le de nouveau en UTF-8."
    ) == problem.message


def test_nesting_beyond_the_limit_is_too_deep() -> None:
    """too-deep: 65 levels in an extension, and 100,000 nested arrays."""
    deep = '{"learningcities": "1.0", "x-deep": ' + "[" * 65 + "]" * 65 + "}"
    (problem,) = validate_document(deep, lang="fr").problems
    assert ("too-deep", "/x-deep" + "/0" * 64, 1) == (
        problem.code,
        problem.pointer,
        problem.line,
    )
    assert (
        "'x-deep" + "[0]" * 64 + "' imbrique des tableaux et des objets sur plus "
        "de 64 niveaux."
    ) == problem.message
    huge = '{"learningcities": "1.0", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert ["too-deep"] == [p.code for p in validate_document(huge).problems]


def test_references_resolve_against_a_register(tmp_path: Path) -> None:
    """A partner file of events naming the register's cities is valid."""
    register = tmp_path / "register.json"
    learningcities.save(learningcities.sample(), register)
    partner = {
        "learningcities": "1.0",
        "events": [
            {
                "id": "ma-fez-2026-03-05-gnlc-anniversary",
                "name": "Second anniversary",
                "kind": "ceremony",
                "start": "2026-03-05",
                "city": "ma-fez",
                "membership": "unesco-gnlc-ma-fez",
                "networks": ["unesco-gnlc"],
                "organizers": [{"organization": "ma-fez-municipality"}],
                "sources": ["ma-fes-unknown"],
            }
        ],
    }
    report = validate_document(json.dumps(partner), register=register, today=TODAY)
    assert [
        (
            "unknown-reference",
            "/events/0/sources/0",
            "'sources[0]' names a source \"ma-fes-unknown\" that is in neither the "
            "file nor the register.",
        )
    ] == [(p.code, p.pointer, p.message) for p in report.problems]
    partner["events"][0]["sources"] = []  # type: ignore[index]
    assert validate_document(partner, register=register).valid
    assert not validate_document(partner).valid


def test_an_overlap_with_the_register_is_found() -> None:
    """A second membership of Fez in the GNLC overlaps the register's."""
    partner = {
        "learningcities": "1.0",
        "memberships": [
            {"id": "gnlc-fez-again", "city": "ma-fez", "network": "unesco-gnlc"}
        ],
    }
    report = validate_document(partner, register=learningcities.sample())
    assert [
        (
            "membership-overlap",
            "/memberships/0",
            "'memberships[0]' overlaps the register: \"ma-fez\" would be a member of "
            '"unesco-gnlc" twice at once.',
        )
    ] == [(p.code, p.pointer, p.message) for p in report.problems]


def test_the_admission_cap_counts_the_register_too() -> None:
    """A fourth Moroccan admission in 2024 is one more than the GNLC allows."""
    partner = {
        "learningcities": "1.0",
        "cities": [{"id": "ma-rabat", "name": "Rabat", "country": "MA"}],
        "memberships": [
            {
                "id": "unesco-gnlc-ma-rabat",
                "city": "ma-rabat",
                "network": "unesco-gnlc",
                "joined": "2024-02-14",
            }
        ],
    }
    report = validate_document(partner, register=learningcities.sample())
    assert [("admission-cap", "/memberships/0/joined", "warning")] == [
        (p.code, p.pointer, str(p.severity)) for p in report.problems
    ]
    assert report.valid
    assert not report.passed(strict=True)


def test_a_completed_event_in_the_future_is_a_warning() -> None:
    """future-date also covers events said to be completed."""
    document = {
        "learningcities": "1.0",
        "events": [
            {
                "id": "e",
                "name": "E",
                "kind": "ceremony",
                "status": "completed",
                "start": "2027-01-01T10:00:00+01:00",
            }
        ],
    }
    (problem,) = validate_document(document, today=TODAY).problems
    assert (
        "'start' 2027-01-01 is after today (2026-11-28), yet the event's status is "
        '"completed".'
    ) == problem.message
    assert problem.line is None  # a dict has no lines


def test_one_bad_record_hides_no_problem_of_another() -> None:
    """Problems of several records come back together, in file order."""
    text = json.dumps(
        {
            "learningcities": "1.0",
            "cities": [
                {"id": "Bad", "name": "B", "country": "MA"},
                {"id": "ok", "name": "OK", "country": "XX"},
            ],
            "memberships": [{"id": "m", "city": "ok", "network": "n"}],
        },
        indent=1,
    )
    report = validate_document(text)
    assert [
        ("schema", "/cities/0/id"),
        ("unknown-country", "/cities/1/country"),
        ("unknown-reference", "/memberships/0/network"),
    ] == [(p.code, p.pointer) for p in report.problems]


def test_load_raises_with_the_same_problems_as_validate(tmp_path: Path) -> None:
    """load and validate agree: same codes, pointers, lines and messages."""
    path = tmp_path / "cities.json"
    path.write_text(CASES[8].text, encoding="utf-8")
    with pytest.raises(InvalidDataError) as caught:
        learningcities.load(path)
    assert list(validate(path).problems) == list(caught.value.problems)


def test_the_register_must_itself_be_valid(tmp_path: Path) -> None:
    """An invalid register raises InvalidDataError, naming its file."""
    register = tmp_path / "register.json"
    register.write_text('{"learningcities": "1.0", "cities": [{}]}', "utf-8")
    with pytest.raises(InvalidDataError, match=r"register\.json:1:38"):
        validate_document({"learningcities": "1.0"}, register=register)


def test_an_unknown_language_is_refused() -> None:
    """Only English and French are spoken."""
    with pytest.raises(ValueError, match="lang must be one of en, fr, not 'de'"):
        validate_document({"learningcities": "1.0"}, lang="de")  # type: ignore[arg-type]


def test_the_sample_is_valid() -> None:
    """The bundled sample has no problem at all."""
    report = validate_document(
        learningcities.dumps(learningcities.sample()), today=TODAY
    )
    assert () == report.problems


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b'{"learningcities": "1.0", "cities": [{"id": "a"',
        bytes(range(256)) * 4,
        b"\x00\x01\x02\xff\xfe",
        '{"learningcities": "1.0"}'.encode("utf-16"),
        b'{"learningcities": "1.0", "x-n": ' + b"9" * 5000 + b"}",
        b'{"learningcities": "1.0", "x-n": 1e400, "x-m": -Infinity}',
        b'{"learningcities": "1.0", "title": "\\ud800"}',
        b'{"learningcities": "1.0", "title": "a", "title": "a"}',
        b"\xef\xbb\xbf" + b'{"learningcities": "1.0"}',
    ],
    ids=[
        "empty",
        "one brace",
        "truncated",
        "binary",
        "garbage",
        "utf-16",
        "5000 digits",
        "1e400 and -Infinity",
        "lone surrogate",
        "duplicate keys",
        "bom",
    ],
)
def test_hostile_input_gives_a_report(tmp_path: Path, data: bytes) -> None:
    """Hostile files give problems with a line, never an exception."""
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    report = validate(path)
    assert isinstance(report, Report)
    assert all(p.line is not None for p in report.problems)
    assert report.valid == (data.startswith(b"\xef\xbb\xbf"))


def test_a_50_mb_single_line_is_read(tmp_path: Path) -> None:
    """One line of 50 MB with a problem at its end is placed on line 1."""
    path = tmp_path / "long.json"
    padding = "a" * 50_000_000
    text = f'{{"learningcities": "1.0", "description": "{padding}", "strat": 1}}'
    path.write_text(text, "utf-8")
    (problem,) = validate(path).problems
    column = text.index('"strat"') + 1
    assert ("schema", 1, column) == (problem.code, problem.line, problem.column)
    assert 50_000_046 == column


@given(st.binary(max_size=300))
def test_any_bytes_give_a_report(data: bytes) -> None:
    """Arbitrary bytes never raise."""
    report = validate_document(data)
    assert report.valid or report.problems


@given(json_values)
def test_any_json_value_gives_a_report(value: object) -> None:
    """Arbitrary JSON values, as a document or as a record, never raise."""
    for document in (value, {"learningcities": "1.0", "events": [value]}):
        report = validate_document(json.dumps(document))
        assert report.valid or report.problems
        assert all(p.line is not None for p in report.problems)


def test_a_dataset_loaded_from_the_sample_passes_through_validate() -> None:
    """A Dataset is accepted as the register directly."""
    register: Dataset = learningcities.sample()
    assert validate_document({"learningcities": "1.0"}, register=register).valid


@given(json_values)
def test_the_whole_value_check_never_hides_a_not_normalized_string(
    value: object,
) -> None:
    """If a value passes at once, no string in it would have been warned about."""
    if surely_normalized(value):
        assert [] == list(not_normalized(value))


@pytest.mark.parametrize(
    "string", ["Fe\u0300s", "\u0300", "a\u200bb", "\u0301\u0327", "x\x7fy", "ﬁ"]
)
def test_text_that_needs_a_warning_fails_the_whole_value_check(string: str) -> None:
    """The shortcut is taken only when the walk would find nothing."""
    assert bool(list(not_normalized({"s": string}))) == (
        not surely_normalized({"s": string})
    )


def _findings(document: object, *, build: bool) -> list[tuple[object, ...]]:
    _, findings = structure_document(document, build=build)
    return [(f.code, f.path, f.at_key, f.text.render(label="x")) for f in findings]


@given(datasets, st.data())
def test_checking_finds_what_building_finds(
    dataset: Dataset, data: st.DataObject
) -> None:
    """The fast path (check only) and the reference path (build models) agree."""
    document = json.loads(learningcities.dumps(dataset))
    kinds = [kind for kind in KINDS if document.get(kind)]
    if kinds:
        kind = data.draw(st.sampled_from(kinds))
        index = data.draw(st.integers(0, len(document[kind]) - 1))
        record = dict(document[kind][index])
        key = data.draw(st.sampled_from([*record, "strat", "x-n"]))
        record[key] = data.draw(json_values)
        document[kind][index] = record
    else:
        document["cities"] = [data.draw(json_values)]
    assert _findings(document, build=True) == _findings(document, build=False)


@given(json_values)
def test_checking_any_record_finds_what_building_finds(value: object) -> None:
    """Arbitrary values as records: the two paths give the same findings."""
    document = {"learningcities": "1.0", "events": [value], "cities": [value]}
    assert _findings(document, build=True) == _findings(document, build=False)


@given(datasets, st.data())
def test_the_rules_read_only_what_a_projection_keeps(
    dataset: Dataset, data: st.DataObject
) -> None:
    """Streams keep a projection of each record: the rules find the same there."""
    document = json.loads(learningcities.dumps(dataset))
    for kind in ("cities", "events", "memberships"):
        if document.get(kind) and data.draw(st.booleans()):
            record = document[kind][0]
            record[data.draw(st.sampled_from([*record, "city"]))] = data.draw(
                json_values
            )
    raw = raw_records(document)
    projected = {
        kind: [(i, project(kind, record)) for i, record in items]
        for kind, items in raw.items()
    }
    today = dt.date(2026, 11, 28)
    assert check(raw, today=today) == check(projected, today=today)


#: Strings made of what decides normalization: marks, compositions, controls.
_tricky_texts = st.text(
    st.sampled_from(
        [
            "a",
            "e",
            "\u0301",
            "\u0327",
            "\u200b",
            "\x7f",
            "\ufb01",
            "\u212b",
            "\ud800",
            '"',
            "\\",
            "\n",
            "\x01",
            "\u00c5",
            "u",
        ]
    ),
    max_size=5,
)
_tricky_values = st.recursive(
    st.one_of(st.none(), st.integers(), _tricky_texts),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(_tricky_texts, children, max_size=3),
    ),
    max_leaves=8,
)


@given(st.lists(_tricky_values, max_size=4), _tricky_values)
def test_the_record_by_record_check_finds_what_the_walk_finds(
    records: list[object], header: object
) -> None:
    """Records written out again and checked whole hide no warning."""
    document = {"title": header, "cities": records, "events": header}
    assert text_findings(document) == list(not_normalized(document))
    assert text_findings(records) == list(not_normalized(records))


def _some_paths(raw: Raw, data: st.DataObject) -> set[tuple[Any, ...]]:
    """About one key in ten of the records: the paths said to have a problem."""
    return {
        (kind, i, key)
        for kind, items in raw.items()
        for i, record in items
        for key in record
        if data.draw(st.integers(0, 9)) == 0
    }


@given(consistent_datasets(), consistent_datasets(), st.data())
def test_the_fast_settling_of_the_rules_changes_no_finding(
    dataset: Dataset, register: Dataset, data: st.DataObject
) -> None:
    """The shortcuts (no unknown id, no repeated id, no crowd) hide no finding."""
    document = unstructure(dataset)
    _shuffled_references(document, data)
    raw = raw_records(document)
    skip = _some_paths(raw, data)
    known = data.draw(st.sampled_from([None, raw_records(unstructure(register))]))
    today = dt.date(2026, 11, 28)
    fast = check(raw, skip=skip, register=known, today=today)
    assert fast == _without_shortcuts(raw, skip, known, today)


def _without_shortcuts(
    raw: Raw, skip: set[tuple[Any, ...]], register: Raw | None, today: dt.date
) -> list[Finding]:
    """What the rules find when they read every record one by one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            _reference_rules,
            "_naming_unknown",
            lambda records, _: range(len(records.records)),
        )
        patch.setattr(_ids_rules, "_unique", lambda _: False)
        patch.setattr(
            _membership_rules,
            "_crowded",
            lambda keys, _: [i for i, key in enumerate(keys) if key is not None],
        )
        return check(raw, skip=skip, register=register, today=today)


@st.composite
def _crowds(draw: st.DrawFn) -> Raw:
    """Few cities, networks and years, many memberships: groups to compare."""

    def records(fields: dict[str, list[Any]], most: int) -> list[dict[str, Any]]:
        drawn = st.fixed_dictionaries(
            {k: st.sampled_from(v) for k, v in fields.items()}
        )
        made = draw(st.lists(drawn, min_size=1, max_size=most))
        return [{k: v for k, v in r.items() if v is not None} for r in made]

    document = {
        "networks": records({"id": ["n", "m"], LIMIT: [1, 0, 2, -1, "1", None]}, 2),
        "cities": records(
            {"id": ["a", "b"], "country": ["MA", "FR", "MA", "XX", ["MA"]]}, 2
        ),
        "memberships": records(
            {
                "id": ["m1", "m2", "m3", None],
                "city": ["a", "b", "a", "ghost", 5],
                "network": ["n", "m", "n", None],
                "joined": ["2020", "2020-05-04", "2020-07", "2021~", "2020-13", None],
                "left": [None, None, None, "2020-06", "2022", "bad"],
            },
            10,
        ),
    }
    return raw_records(document)


@settings(max_examples=400)
@given(_crowds(), st.one_of(st.none(), _crowds()), st.data())
def test_the_rules_compare_every_group_that_may_give_a_finding(
    raw: Raw, register: Raw | None, data: st.DataObject
) -> None:
    """Overlaps and caps compared in crowded groups only: the same findings."""
    skip = _some_paths(raw, data)
    today = dt.date(2026, 11, 28)
    fast = check(raw, skip=skip, register=register, today=today)
    assert fast == _without_shortcuts(raw, skip, register, today)


def _on_disk(
    raw: Any, register: Any, today: dt.date, *, skip: Iterable[tuple[Any, ...]] = ()
) -> list[Finding]:
    """What the rules on disk (the JSON Lines store) find in *raw*'s records."""
    skipped = set(skip)
    found = []
    with Store(register, today=today) as store:
        for kind, items in raw.items():
            for i, record in items:
                mine = frozenset(p[2:] for p in skipped if p[:2] == (kind, i))
                found += store.add(kind, i, 1, record, mine)
        found += store.findings()
    return found


def _shuffled_references(document: dict[str, Any], data: st.DataObject) -> None:
    """Repeat ids, break references, move dates: give the rules work."""
    keys = ("id", "city", "network", "coordinator", "parent", "sources", "joined")
    for kind in KINDS:
        for record in document.get(kind, []):
            for key in (*keys, "country", LIMIT):
                if key in record and data.draw(st.booleans()):
                    record[key] = data.draw(
                        st.sampled_from(
                            [
                                "ghost",
                                "0",
                                "MA",
                                "2024",
                                ["ghost"],
                                [],
                                0,
                                7,
                                record[key],
                            ]
                        )
                    )


@given(consistent_datasets(), consistent_datasets(), st.data())
def test_the_rules_on_disk_find_what_the_rules_in_memory_find(
    dataset: Dataset, register: Dataset, data: st.DataObject
) -> None:
    """JSON Lines files are checked by queries on disk: the same findings."""
    document = unstructure(dataset)
    original = raw_records(unstructure(dataset))
    _shuffled_references(document, data)
    raw = {
        kind: [(i, project(kind, record)) for i, record in items]
        for kind, items in raw_records(document).items()
    }
    skip = _some_paths(raw, data)
    # No register, another dataset, or the file as it was (same ids).
    known = data.draw(
        st.sampled_from([None, raw_records(unstructure(register)), original])
    )
    today = dt.date(2026, 11, 28)
    expected = check(raw, skip=skip, register=known, today=today)
    found = _on_disk(raw, known, today, skip=skip)

    def key(finding: Finding) -> tuple[object, ...]:
        return (finding.code, finding.path, finding.text.render(label="x"))

    assert sorted(map(key, found)) == sorted(map(key, expected))


@pytest.mark.parametrize(
    ("in_register", "in_file", "warned"), [(5, 0, True), (0, 5, False)]
)
def test_the_file_s_cap_overrides_the_register_s(
    in_register: int, in_file: int, *, warned: bool
) -> None:
    """A network in both says its cap twice: the file's word is the last."""
    network = {"id": "gnlc", "name": "GNLC"}
    register: Any = {"networks": [(0, {**network, LIMIT: in_register})]}
    raw: Any = {
        "networks": [(0, {**network, LIMIT: in_file})],
        "cities": [(0, {"id": "ma-fez", "country": "MA"})],
        "memberships": [
            (0, {"id": "m", "city": "ma-fez", "network": "gnlc", "joined": "2024"})
        ],
    }
    today = dt.date(2026, 11, 28)
    on_disk = [f.code for f in _on_disk(raw, register, today)]
    in_memory = [f.code for f in check(raw, register=register, today=today)]
    assert on_disk == in_memory == (["admission-cap"] if warned else [])


@pytest.mark.parametrize(
    ("first", "second", "warned"),
    [
        ("2024", "2024-06", True),
        ("2024-01-05", "2024-12~", True),
        ("2024?", "2024-03-01", True),
        ("2024-12-31", "2025-01-01", False),
    ],
)
def test_admissions_of_one_year_count_together_however_written(
    first: str, second: str, *, warned: bool
) -> None:
    """A year's admissions are counted by the year, whatever the precision."""
    raw: Any = {
        "networks": [(0, {"id": "n", LIMIT: 1})],
        "cities": [
            (0, {"id": "a", "country": "MA"}),
            (1, {"id": "b", "country": "MA"}),
        ],
        "memberships": [
            (0, {"id": "m", "city": "a", "network": "n", "joined": first}),
            (1, {"id": "o", "city": "b", "network": "n", "joined": second}),
        ],
    }
    today = dt.date(2026, 11, 28)
    on_disk = [(f.code, f.path) for f in _on_disk(raw, None, today)]
    in_memory = [(f.code, f.path) for f in check(raw, today=today)]
    warning = ("admission-cap", ("memberships", 1, "joined"))
    assert on_disk == in_memory == ([warning] if warned else [])


@pytest.mark.parametrize("country", [["MA"], {"code": "MA"}, 7])
def test_a_city_s_country_of_another_type_caps_nothing(country: object) -> None:
    """A country that is not a string is a schema problem, and no crash of a rule."""
    document = {
        "learningcities": "1.0",
        "networks": [{"id": "n", "name": "N", LIMIT: 0}],
        "cities": [{"id": "c", "name": "C", "country": country}],
        "memberships": [{"id": "m", "city": "c", "network": "n", "joined": "2024"}],
    }
    report = validate_document(json.dumps(document), today=dt.date(2026, 11, 28))
    assert ["schema"] == [p.code for p in report.problems]


def test_the_rules_on_disk_compare_ids_with_lone_surrogates() -> None:
    """An id with a lone surrogate is a problem, and still an id to compare."""
    raw: Any = {
        "networks": [(0, {"id": "\ud800"}), (1, {"id": "\ud800"})],
        "cities": [(0, {"id": "c", "country": "MA"})],
        "memberships": [(0, {"id": "m", "city": "c", "network": "\ud800"})],
    }
    today = dt.date(2026, 11, 28)
    on_disk = [(f.code, f.path) for f in _on_disk(raw, None, today)]
    in_memory = [(f.code, f.path) for f in check(raw, today=today)]
    assert (
        sorted(on_disk)
        == sorted(in_memory)
        == [("duplicate-id", ("networks", 1, "id"))]
    )


_TANGLED: dict[str, Any] = {
    "learningcities": "1.0",
    "cities": [
        {"id": "a", "name": 1, "strat": 2, "x-e": [1e400, {"k": "\ud800"}]},
        {"id": "b", "name": "B", "country": "ZZ", "aliases": ["c", 7]},
    ],
    "events": [{"id": "e", "title": "E", "start": "2026-02-30", "end": "x"}],
    "memberships": [{"id": "m", "city": "a", "network": "n", "joined": "2026-13"}],
}


@pytest.mark.parametrize("build", [False, True], ids=["check", "build"])
def test_problems_leave_no_cycle_for_the_paused_collector(
    tmp_path: Path, build: bool
) -> None:
    """The errors behind problems hold no frames: no garbage waits for the collector.

    The collector is paused while a file is read, so a cycle made for each
    broken record (an exception whose traceback holds the frame holding it)
    would stay in memory until the end: hundreds of MB on a large file.
    """
    path = tmp_path / "broken.jsonl"
    singular = {kind: word for word, kind in SINGULAR.items()}
    lines = [
        {"type": singular[kind], **record}
        for kind in KINDS
        for record in _TANGLED.get(kind, [])
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    texts = [case.text for case in CASES]

    def run() -> int:
        found = len(structure_document(_TANGLED, build=build)[1])
        found += sum(
            len(validate_document(text, today=TODAY).problems) for text in texts
        )
        found += len(validate(path, today=TODAY).problems)
        for submission in ("submission-broken", "submission-broken.xlsx"):
            files = Path(__file__).parents[1] / "examples" / submission
            found += len(validate(files, today=TODAY).problems)  # as one dataset
        return found

    assert run() > len(CASES) + 10  # a warm-up, which also compiles the hooks
    gc.collect()
    gc.disable()
    try:
        assert run() > len(CASES) + 10
        assert 0 == gc.collect()
    finally:
        gc.enable()


def _places(value: object, path: tuple[Any, ...] = ()) -> list[tuple[Any, bool]]:
    """Every place in *value*: each value's path, and each key's."""
    found: list[tuple[Any, bool]] = [(path, False)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += [((*path, key), True), *_places(item, (*path, key))]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, (*path, index))
    return found


@given(
    st.lists(json_values, min_size=1, max_size=4),
    st.sampled_from([None, 0, 1, 2, "\t"]),
    st.sampled_from([(", ", ": "), (",", ":"), (" ,\n ", " : ")]),
)
def test_every_place_is_located_where_its_value_is_written(
    value: list[Any], indent: int | str | None, separators: tuple[str, str]
) -> None:
    """At each value's line and column starts that value; at each key's, that key."""
    text = "\n " + json.dumps(value, indent=indent, separators=separators)
    places = _places(value)
    positions = locate(text, places)
    assert set(places) == set(positions)
    starts = [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]
    decoder = json.JSONDecoder()
    for (path, at_key), (line, column) in positions.items():
        found = decoder.raw_decode(text, starts[line - 1] + column - 1)[0]
        assert (path[-1] if at_key else at(value, path)) == found


def test_what_is_made_while_the_collector_is_paused_counts_as_old() -> None:
    """The collector's next run does not traverse what a check made (and kept)."""
    kept = []
    with collector_paused():
        kept += [[index] for index in range(20_000)]
    assert gc.isenabled()
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in kept)


def test_objects_the_program_froze_stay_frozen() -> None:
    """If the program froze objects (before a fork), they are left frozen.

    Frozen objects are in no generation the collector traverses; the
    test follows objects of its own, as another thread (a test runner's)
    may free frozen objects of its own meanwhile.
    """
    kept = [[number] for number in range(100)]
    gc.freeze()
    try:
        with collector_paused():
            pass
        tracked = {id(item) for item in gc.get_objects()}
        assert [] == [item for item in kept if id(item) in tracked]
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    ("joined", "future"),
    [
        ("0999", False),
        ("2025-12-31", False),
        ("2026", False),
        ("2026-11~", False),
        ("2026-11-28", False),
        ("2026-11-29", True),
        ("2026-12", True),
        ("2027", True),
        ("9999-01-01?", True),
    ],
)
def test_a_membership_joined_after_today_is_a_warning(
    joined: str, future: bool
) -> None:
    """The rule reads a date whose year is not before today's, and only then."""
    document = {
        "learningcities": "1.0",
        "networks": [{"id": "n", "name": "N"}],
        "cities": [{"id": "c", "name": "C", "country": "MA"}],
        "memberships": [{"id": "m", "city": "c", "network": "n", "joined": joined}],
    }
    report = validate_document(json.dumps(document), today=TODAY)
    assert future == (["future-date"] == [p.code for p in report.problems])
    assert future or report.problems == ()
