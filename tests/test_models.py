"""Models built in Python obey the rules of the format."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given

from learningcities import (
    City,
    CityKind,
    Dataset,
    Event,
    EventKind,
    Location,
    Membership,
    MembershipStatus,
    Network,
    Organization,
    OrganizationKind,
    Source,
)

from .strategies import cities, datasets

FEZ: dict[str, Any] = {"id": "ma-fez", "name": "Fez", "country": "MA"}


def test_defaults() -> None:
    """Optional fields default to absent, kinds and statuses to the spec's defaults."""
    city = City(**FEZ)
    membership = Membership(id="m", city="ma-fez", network="unesco-gnlc")
    assert (CityKind.CITY, (), None) == (city.kind, city.aliases, city.location)
    assert MembershipStatus.ACTIVE == membership.status
    assert {} == dict(city.names)


def test_models_are_frozen_and_keyword_only() -> None:
    """Models cannot be changed, and take keywords only."""
    city = City(**FEZ)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        city.name = "Fes"  # type: ignore[misc]
    with pytest.raises(TypeError):
        City("ma-fez", "Fez", "MA")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        city.names["en"] = "Fez"  # type: ignore[index]


@given(cities)
def test_models_are_hashable_and_evolve(city: City) -> None:
    """Equal models hash equal; evolve checks the new value."""
    assert hash(city) == hash(attrs.evolve(city))
    with pytest.raises(ValueError, match="'country' must be an assigned"):
        attrs.evolve(city, country="XX")


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: City(**{**FEZ, "id": "Ma_Fez"}),
            ValueError,
            "'id' must be an id of lowercase ASCII letters and digits in words joined "
            "by single hyphens, at most 64 characters, not 'Ma_Fez' (str).",
        ),
        (
            lambda: City(**{**FEZ, "id": "a" * 65}),
            ValueError,
            "'id' must be an id of lowercase ASCII letters and digits",
        ),
        (
            lambda: City(**{**FEZ, "country": "XX"}),
            ValueError,
            "'country' must be an assigned ISO 3166-1 alpha-2 country code such as "
            "\"MA\", not 'XX' (str).",
        ),
        (
            lambda: City(**{**FEZ, "name": 3}),
            TypeError,
            "'name' must be a str, not 3 (int).",
        ),
        (
            lambda: City(**{**FEZ, "kind": "town"}),
            TypeError,
            "'kind' must be one of 'city', 'municipality', 'commune', 'county', "
            "'district', 'consortium', 'other', not 'town' (str).",
        ),
        (
            lambda: City(**{**FEZ, "aliases": "Fes"}),
            TypeError,
            "'aliases' must be a tuple, not 'Fes' (str).",
        ),
        (
            lambda: City(**{**FEZ, "aliases": ("Fes", 3)}),
            TypeError,
            "'aliases' item 1 must be a str, not 3 (int).",
        ),
        (
            lambda: City(**{**FEZ, "names": {"fr fr": "Fès"}}),
            ValueError,
            "'names' key 'fr fr' must be a BCP 47 language tag",
        ),
        (
            lambda: Location(lat=91.0, lon=0.0),
            ValueError,
            "'lat' must be a latitude from -90 to 90, not 91.0 (float).",
        ),
        (
            lambda: Network(id="n", name="N", max_admissions_per_country_per_year=-1),
            ValueError,
            "'max_admissions_per_country_per_year' must be an integer of 0 or more",
        ),
        (
            lambda: Source(id="s", title="t", accessed=dt.datetime(2025, 1, 1)),  # noqa: DTZ001
            ValueError,
            "'accessed' must be a date (YYYY-MM-DD) without a time",
        ),
        (
            lambda: Event(
                id="e",
                name="E",
                kind=EventKind.MEETING,
                start=dt.datetime(2025, 3, 5, 10),  # noqa: DTZ001
            ),
            ValueError,
            "'start' must be a date, or a date-time with an offset",
        ),
        (
            lambda: Event(
                id="e",
                name="E",
                kind=EventKind.MEETING,
                start="2025-02-30",
            ),
            ValueError,
            "'2025-02-30' is not a valid date: day 30 is out of range for February",
        ),
        (
            lambda: Organization(
                id="o", name="O", kind=OrganizationKind.NGO, url="www.x"
            ),
            ValueError,
            "'url' must be an absolute http or https URL",
        ),
    ],
)
def test_construction_checks_every_field(
    build: Any, error: type[Exception], message: str
) -> None:
    """A model built in Python is checked like one loaded from a file."""
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value).startswith(message)


def test_lists_become_tuples() -> None:
    """Collections given as lists are stored as tuples, so models stay immutable."""
    city = City(**FEZ, aliases=["Fes"], sources=["s"])
    assert (("Fes",), ("s",)) == (city.aliases, city.sources)


def test_aware_event_times_are_accepted() -> None:
    """An event may start at a date or at an aware date-time."""
    start = dt.datetime(2025, 3, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    event = Event(id="e", name="E", kind=EventKind.MEETING, start=start)
    assert start == event.start


@given(datasets)
def test_generated_datasets_are_valid_models(dataset: Dataset) -> None:
    """The strategies build only valid models (evolve re-runs every check)."""
    assert dataset == attrs.evolve(dataset)
