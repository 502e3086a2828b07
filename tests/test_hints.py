"""Hints where spreadsheet users go wrong: the value to write instead."""

from __future__ import annotations

import difflib
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learningcities import Language, validate_document
from learningcities import _hints as hints
from learningcities._countries import ASSIGNED
from learningcities._country_names import NAMES
from learningcities.dates import PartialDate, parse_date

CITY = {"id": "ma-fez", "name": "Fès", "country": "MA"}
EVENT = {"id": "e", "name": "E", "kind": "festival", "start": "2025-03-05"}


def _only(document: dict[str, Any], lang: Language = "en") -> tuple[Any, str]:
    """The suggestion and message of the one problem of *document*."""
    (problem,) = validate_document(
        {"learningcities": "1.1", **document}, lang=lang
    ).problems
    return problem.suggestion, problem.message


@pytest.mark.parametrize(
    ("event", "suggestion"),
    [
        ({"kind": "Festival"}, "festival"),
        ({"kind": "festivl"}, "festival"),
        ({"kind": " FESTIVAL "}, "festival"),
        ({"start": "05/03/2025"}, "2025-03-05"),
        ({"start": "5 mars 2025"}, "2025-03-05"),
        ({"start": "1er mars 2025"}, "2025-03-01"),
        ({"start": "March 5, 2025"}, "2025-03-05"),
        ({"start": "12/25/2025"}, "2025-12-25"),  # a month cannot be 25
        ({"start": "2025/03/05"}, "2025-03-05"),
        ({"start": "2025-11-20 10:00"}, "2025-11-20T10:00:00+hh:mm"),
        ({"status": "Completed"}, "completed"),
    ],
)
def test_an_event_value_written_another_way_is_suggested(
    event: dict[str, str], suggestion: str
) -> None:
    assert suggestion == _only({"events": [{**EVENT, **event}]})[0]


@pytest.mark.parametrize(
    ("city", "suggestion"),
    [
        ({"country": "Portugal"}, "PT"),
        ({"country": "Maroc"}, "MA"),
        ({"country": "MAR"}, "MA"),
        ({"country": "ma"}, "MA"),
        ({"country": "Côte d'Ivoire"}, "CI"),
        ({"location": {"lat": "33,8935", "lon": -5}}, 33.8935),
        ({"population": {"count": "632 079"}}, 632079),
        ({"population": {"count": "1.200.000"}}, 1200000),
    ],
)
def test_a_city_value_written_another_way_is_suggested(
    city: dict[str, Any], suggestion: object
) -> None:
    assert suggestion == _only({"cities": [{**CITY, **city}]})[0]


def test_the_suggestion_is_in_the_message_in_both_languages() -> None:
    document = {"cities": [{**CITY, "country": "Maroc"}]}
    assert (
        "MA",
        "'country' must be an assigned ISO 3166-1 alpha-2 country code such as "
        '"MA", not a string ("Maroc"); write "MA".',
    ) == _only(document)
    assert (
        "'country' doit être un code de pays ISO 3166-1 alpha-2 attribué, comme "
        '"MA", et non une chaîne ("Maroc") ; écrivez "MA".'
    ) == _only(document, "fr")[1]


def test_nothing_is_suggested_for_a_value_like_no_good_one() -> None:
    assert (
        None,
        '\'kind\' must be one of "ceremony", "conference", "meeting", '
        '"workshop", "festival", "screening", "training", "award", '
        '"other", not a string ("party").',
    ) == _only({"events": [{**EVENT, "kind": "party"}]})
    assert (None, None) == (
        hints.date("31/02/2025", with_time=False),
        hints.country("X"),
    )


def test_reports_carry_the_suggestion() -> None:
    report = validate_document(
        '{"learningcities": "1.1", "events": [{"id": "e", "name": "E", '
        '"kind": "Festival", "start": "2025-03-05"}]}'
    )
    (problem,) = json.loads(report.format("json"))["problems"]
    assert "festival" == problem["suggestion"]
    (result,) = json.loads(report.format("sarif"))["runs"][0]["results"]
    assert {"suggestion": "festival"} == result["properties"]
    valid = validate_document('{"learningcities": "1.1"}')
    assert "suggestion" not in json.dumps(json.loads(valid.format("json")))


def test_a_csv_cell_gets_the_same_hints(tmp_path: Any) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id;name;kind;start\ne;E;Festival;05/03/2025\n", "utf-8")
    from learningcities import validate  # noqa: PLC0415 (the file's subject is hints)

    assert [("festival", 2, 3), ("2025-03-05", 2, 4)] == [
        (p.suggestion, p.line, p.column) for p in validate(path).problems
    ]


# -- the hints, on any text ------------------------------------------------------


@given(st.text(max_size=30))
def test_a_suggested_date_is_a_date(text: str) -> None:
    day = hints.date(text, with_time=False)
    if day is not None:
        assert day == parse_date(day).isoformat()
        assert day == str(PartialDate.parse(day))


@given(st.text(max_size=30), st.booleans())
def test_a_suggested_number_is_a_number(text: str, integer: bool) -> None:
    found = hints.number(text, integer=integer)
    assert found is None or type(found) is (int if integer else float)


@given(st.text(max_size=30))
def test_a_suggested_country_is_an_assigned_code(text: str) -> None:
    assert hints.country(text) in {None, *ASSIGNED}


@given(st.text(max_size=12), st.lists(st.text(min_size=1, max_size=8), max_size=5))
def test_a_suggested_choice_is_one_of_the_choices(text: str, words: list[str]) -> None:
    assert hints.choice(text, words) in {None, *words}


def test_the_country_names_name_every_assigned_code() -> None:
    """The generated table maps only to assigned codes, and from each alpha-3."""
    assert set(NAMES.values()) == set(ASSIGNED)
    assert {"MA": "mar", "PT": "prt", "FR": "fra"} == {
        code: key for key, code in NAMES.items() if key in {"mar", "prt", "fra"}
    }


@given(
    st.text(st.sampled_from("abcdeknrst-_0123"), max_size=12),
    st.frozensets(st.text(st.sampled_from("abcdeknrst-_"), max_size=12), max_size=8),
)
def test_the_closest_word_is_difflibs_closest(word: str, words: frozenset[str]) -> None:
    """The quick ratios that rule words out never rule out the one difflib finds."""
    close = difflib.get_close_matches(word, sorted(words), n=1, cutoff=0.75)
    assert (close[0] if close else None) == hints.closest(word, words)
