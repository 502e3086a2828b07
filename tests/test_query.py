"""Queries: answers on the sample, and agreement with brute-force oracles."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities import (
    City,
    Dataset,
    Event,
    EventKind,
    Location,
    Membership,
    MembershipStatus,
    PartialDate,
)
from learningcities.query import index_of

from .strategies import datasets

if TYPE_CHECKING:
    from collections.abc import Callable

SAMPLE = learningcities.sample()
Q = SAMPLE.query


def test_members_on_a_date() -> None:
    """The GNLC had 7 Moroccan members on 1 March 2024, and 9 on 1 January 2026."""
    assert 7 == len(Q.members("unesco-gnlc", on=dt.date(2024, 3, 1), country="MA"))
    assert 9 == len(Q.members("unesco-gnlc", on=dt.date(2026, 1, 1)))
    assert 4 == len(Q.members("unesco-gnlc", on=dt.date(2024, 2, 13)))
    assert [] == Q.members("unesco-gnlc", country="FR")


def test_joined_in_a_year_and_a_period() -> None:
    """Which Moroccan cities joined in 2024; admissions certainly in a period."""
    assert ["ma-agadir", "ma-essaouira", "ma-fez"] == [
        m.city for m in Q.joined("unesco-gnlc", year=2024, country="MA")
    ]
    period = (dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    assert 5 == len(Q.joined("unesco-gnlc", between=period))


def test_events_in_fez_in_march_2025() -> None:
    """The first-anniversary event, found by period, city, country, network, SDG."""
    march = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    expected = ["ma-fez-2025-03-05-gnlc-anniversary"]
    assert expected == [e.id for e in Q.events(between=march, city="ma-fez")]
    assert expected == [e.id for e in Q.events(country="MA", network="unesco-gnlc")]
    assert expected == [
        e.id for e in Q.events(organizer="ma-fez-usmba", kind="ceremony")
    ]
    assert [] == Q.events(between=(dt.date(2025, 3, 6), None))
    assert expected == [e.id for e in Q.events(between=(None, dt.date(2025, 3, 5)))]


def test_anniversaries_next_month() -> None:
    """Agadir, Essaouira and Fez turn two on 14 February 2026."""
    found = Q.anniversaries(between=(dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    assert [("ma-agadir", 2), ("ma-essaouira", 2), ("ma-fez", 2)] == [
        (a.membership.city, a.years) for a in found
    ]


def test_leap_day_anniversaries() -> None:
    """A city that joined on 29 February has its anniversary on 28 February."""
    dataset = Dataset(
        memberships=(
            Membership(
                id="m", city="c", network="n", joined=PartialDate.parse("2024-02-29")
            ),
        )
    )
    found = dataset.query.anniversaries(
        between=(dt.date(2025, 1, 1), dt.date(2028, 12, 31))
    )
    assert [
        (dt.date(2025, 2, 28), 1),
        (dt.date(2026, 2, 28), 2),
        (dt.date(2027, 2, 28), 3),
        (dt.date(2028, 2, 29), 4),
    ] == [(a.date, a.years) for a in found]


@pytest.mark.parametrize("text", ["fes", "Fès", "FEZ", "فاس", " fez! ", "Fe\u0300s"])
def test_find_cities_by_any_spelling(text: str) -> None:
    """Case, accents, punctuation and normalization do not matter."""
    assert ["ma-fez"] == [city.id for city in Q.find_cities(text)]


def test_find_cities_ranks_exact_names_first() -> None:
    """An exact name beats a name that only begins with the text."""
    dataset = Dataset(
        cities=(
            City(id="a", name="Marrakech-Safi", country="MA"),
            City(id="b", name="Marrakech", country="MA"),
            City(id="c", name="Old Marrakech", country="MA"),
        )
    )
    assert ["b", "a", "c"] == [c.id for c in dataset.query.find_cities("marrakech")]
    assert [] == dataset.query.find_cities("  ")


def test_counts() -> None:
    """Members per country, year and network, as plain mappings."""
    assert {"MA": 9} == Q.count()
    assert {2020: 2, 2022: 2, 2024: 3, 2025: 2} == Q.count("year")
    assert {"unesco-gnlc": 7} == Q.count("network", on=dt.date(2024, 3, 1))
    with pytest.raises(ValueError, match="by must be 'country', 'year' or 'network'"):
        Q.count("city")  # type: ignore[call-overload]
    assert {("MA", 2020): 2, ("MA", 2022): 2, ("MA", 2024): 3, ("MA", 2025): 2} == (
        Q.count(("country", "year"))
    )
    with pytest.raises(ValueError, match="not 'city'"):
        Q.count(("year", "city"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"not \(\)"):
        Q.count(())


def test_look_ups_and_hops() -> None:
    """get, by_id and the hops from a record to what it names."""
    membership = Q.get("memberships", "unesco-gnlc-ma-fez")
    assert isinstance(membership, Membership)
    assert "Fez" == getattr(Q.city_of(membership), "name", None)
    assert "GNLC" == getattr(Q.network_of(membership), "acronym", None)
    (event,) = SAMPLE.events
    assert membership == Q.membership_of(event)
    assert ["ma-fez-municipality", "unesco-rabat"] == [
        o.id for o in Q.organizations_of(event)
    ][:2]
    assert Q.get("city", "ma-nowhere") is None
    assert 9 == len(Q.by_id("cities"))
    with pytest.raises(ValueError, match="There is no kind 'town'"):
        Q.get("town", "x")


def test_nearby_cities() -> None:
    """Great-circle distances; the city itself is left out."""
    dataset = Dataset(
        cities=(
            City(
                id="fez",
                name="Fez",
                country="MA",
                location=Location(lat=34.0331, lon=-5.0003),
            ),
            City(
                id="meknes",
                name="Meknes",
                country="MA",
                location=Location(lat=33.8935, lon=-5.5473),
            ),
            City(
                id="rabat",
                name="Rabat",
                country="MA",
                location=Location(lat=34.0209, lon=-6.8416),
            ),
            City(id="nowhere", name="Nowhere", country="MA"),
        )
    )
    found = dataset.query.nearby("fez")
    assert ["meknes", "rabat"] == [n.city.id for n in found]
    assert 50 < found[0].km < 54
    assert ["meknes"] == [n.city.id for n in dataset.query.nearby("fez", within_km=100)]
    assert ["fez"] == [n.city.id for n in dataset.query.nearby((34.0, -5.0), limit=1)]
    with pytest.raises(ValueError, match="The city 'nowhere' has no location"):
        dataset.query.nearby("nowhere")


def test_indexes_are_built_once_and_shared() -> None:
    """Two query objects of one dataset share its indexes."""
    assert index_of(SAMPLE) is index_of(SAMPLE)
    assert SAMPLE.query.by_id("cities") is SAMPLE.query.by_id("cities")


# -- oracles: plain loops over the entities ---------------------------------------


def _active(m: Membership, day: dt.date, certainty: str) -> bool:
    certain = certainty == "certain"
    if m.joined is None:
        began = not certain
    else:
        began = (m.joined.latest if certain else m.joined.earliest) <= day
    if m.left is not None:
        running = day < (m.left.earliest if certain else m.left.latest)
    else:
        ending = m.status in (MembershipStatus.WITHDRAWN, MembershipStatus.SUSPENDED)
        running = not ending or not certain
    return began and running


def _day(moment: dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


@st.composite
def datasets_and_days(draw: st.DrawFn) -> tuple[Dataset, dt.date]:
    dataset = draw(datasets)
    known = [d for m in dataset.memberships for d in (m.joined, m.left) if d]
    near = [d.earliest for d in known] + [d.latest for d in known]
    near += [_day(e.start) for e in dataset.events]
    day = draw(st.sampled_from(near) | st.dates()) if near else draw(st.dates())
    return dataset, day


@given(datasets_and_days(), st.sampled_from(["certain", "possible"]))
def test_members_agree_with_a_loop(
    case: tuple[Dataset, dt.date], certainty: Any
) -> None:
    dataset, day = case
    for network in {m.network for m in dataset.memberships}:
        expected = {
            m.id
            for m in dataset.memberships
            if m.network == network and _active(m, day, certainty)
        }
        found = dataset.query.members(network, on=day, certainty=certainty)
        assert expected == {m.id for m in found}
        assert len(expected) == len(found) or len(
            {m.id for m in dataset.memberships}
        ) < len(dataset.memberships)


@given(datasets_and_days(), st.integers(0, 40), st.booleans(), st.booleans())
def test_events_agree_with_a_loop(
    case: tuple[Dataset, dt.date], length: int, open_start: bool, open_end: bool
) -> None:
    dataset, first = case
    last = first + dt.timedelta(days=length) if first.year < 9999 else first
    period = (None if open_start else first, None if open_end else last)
    expected = [
        e.id
        for e in dataset.events
        if (period[1] is None or _day(e.start) <= period[1])
        and (period[0] is None or _day(e.end or e.start) >= period[0])
    ]
    found = [e.id for e in dataset.query.events(between=period)]
    assert Counter(expected) == Counter(found)


@given(datasets_and_days(), st.data())
def test_event_filters_agree_with_a_loop(
    case: tuple[Dataset, dt.date], data: st.DataObject
) -> None:
    dataset, _ = case
    cities = {c.id: c for c in dataset.cities}
    sdg = data.draw(st.sampled_from(["4", "11", "4.3"]))
    kind = data.draw(st.sampled_from(list(EventKind)))
    country = data.draw(
        st.sampled_from(sorted({c.country for c in dataset.cities}) or ["MA"])
    )

    def wanted(e: Event) -> bool:
        city = cities.get(e.city or "")
        return (
            e.kind == kind
            and any(s == sdg or s.startswith(sdg + ".") for s in e.sdgs)
            and city is not None
            and city.country == country
        )

    expected = Counter(e.id for e in dataset.events if wanted(e))
    found = dataset.query.events(sdg=sdg, kind=str(kind), country=country)
    assert expected == Counter(e.id for e in found)


@given(datasets_and_days(), st.integers(0, 800))
def test_anniversaries_agree_with_a_day_by_day_loop(
    case: tuple[Dataset, dt.date], length: int
) -> None:
    dataset, first = case
    if first > dt.date(9000, 1, 1):
        return
    last = first + dt.timedelta(days=length)
    expected = set()
    day = first
    while day <= last:
        for m in dataset.memberships:
            j = m.joined
            if (
                j is None
                or j.day is None
                or j.approximate
                or j.uncertain
                or day.year <= j.year
            ):
                continue
            same = (day.month, day.day) == (j.earliest.month, j.earliest.day)
            leap = (
                (j.earliest.month, j.earliest.day) == (2, 29)
                and (day.month, day.day) == (2, 28)
                and not _leap(day.year)
            )
            if (same or leap) and _active(m, day, "possible"):
                expected.add((m.id, day.year - j.year, day))
        day += dt.timedelta(days=1)
    found = dataset.query.anniversaries(between=(first, last))
    assert expected == {(a.membership.id, a.years, a.date) for a in found}


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _fold(text: str) -> str:
    text = "".join(
        c
        for c in unicodedata.normalize("NFKD", text.casefold())
        if not unicodedata.combining(c)
    )
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@given(datasets, st.data())
def test_find_cities_agrees_with_a_loop(dataset: Dataset, data: st.DataObject) -> None:
    names = [n for c in dataset.cities for n in (c.name, *c.names.values(), *c.aliases)]
    text = data.draw(st.sampled_from(names) if names else st.text(max_size=3))
    wanted = _fold(text)
    expected = {
        c.id
        for c in dataset.cities
        if wanted
        and any(wanted in _fold(n) for n in (c.name, *c.names.values(), *c.aliases))
    }
    found = dataset.query.find_cities(text)
    assert expected == {c.id for c in found}
    if found and any(
        _fold(n) == wanted
        for n in (found[0].name, *found[0].names.values(), *found[0].aliases)
    ):
        return
    assert not any(
        _fold(n) == wanted
        for c in found
        for n in (c.name, *c.names.values(), *c.aliases)
    )


@given(datasets, st.sampled_from(["country", "year", "network"]))
def test_counts_agree_with_a_loop(dataset: Dataset, by: Any) -> None:
    cities = {c.id: c for c in dataset.cities}
    keys: dict[str, Callable[[Membership], object]] = {
        "country": lambda m: cities[m.city].country if m.city in cities else None,
        "year": lambda m: m.joined.year if m.joined else None,
        "network": lambda m: m.network,
    }
    key = keys[by]
    assert Counter(key(m) for m in dataset.memberships) == Counter(
        dataset.query.count(by)
    )


@given(
    datasets,
    st.lists(st.sampled_from(["country", "year", "network"]), min_size=1, max_size=3),
)
def test_counts_over_several_dimensions_agree_with_a_loop(
    dataset: Dataset, by: list[Any]
) -> None:
    cities = {c.id: c for c in dataset.cities}
    keys: dict[str, Callable[[Membership], object]] = {
        "country": lambda m: cities[m.city].country if m.city in cities else None,
        "year": lambda m: m.joined.year if m.joined else None,
        "network": lambda m: m.network,
    }
    expected = Counter(tuple(keys[b](m) for b in by) for m in dataset.memberships)
    counted = dataset.query.count(tuple(by))
    assert expected == Counter(counted)
    assert list(counted) == sorted(
        counted, key=lambda key: [(part is None, str(part)) for part in key]
    )


@given(datasets, st.floats(-90, 90), st.floats(-180, 180))
def test_nearby_agrees_with_a_loop(dataset: Dataset, lat: float, lon: float) -> None:
    def haversine(c: City) -> float:
        assert c.location is not None
        p1, p2 = math.radians(lat), math.radians(c.location.lat)
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1)
            * math.cos(p2)
            * math.sin(math.radians(c.location.lon - lon) / 2) ** 2
        )
        return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))

    located = [c for c in dataset.cities if c.location is not None]
    found = dataset.query.nearby((lat, lon))
    assert sorted(c.id for c in located) == sorted(n.city.id for n in found)
    assert all(math.isclose(n.km, haversine(n.city), abs_tol=1e-9) for n in found)
    assert [n.km for n in found] == sorted(n.km for n in found)
