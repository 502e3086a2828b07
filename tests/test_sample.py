"""The bundled sample: the facts of the specification, each with its source."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import learningcities
from learningcities import (
    City,
    Event,
    EventKind,
    EventStatus,
    Membership,
    Network,
    Organization,
    OrganizerRole,
    PartialDate,
)
from learningcities._sample import sample_text

if TYPE_CHECKING:
    from pathlib import Path


def test_the_sample_survives_load_then_save_byte_for_byte(tmp_path: Path) -> None:
    """The shipped file is in canonical form: saving it changes no byte."""
    path = tmp_path / "sample.json"
    learningcities.save(learningcities.sample(), path)
    assert sample_text().encode("utf-8") == path.read_bytes()


def test_nine_moroccan_memberships_in_four_cohorts() -> None:
    """UIL's corrected list: two in 2020, two in 2022, three in 2024, two in 2025."""
    dataset = learningcities.sample()
    country = {city.id: city.country for city in dataset.cities}
    joined = {
        m.city: str(m.joined) for m in dataset.memberships if m.network == "unesco-gnlc"
    }
    assert {
        "ma-benguerir": "2020-09-23",
        "ma-chefchaouen": "2020-09-23",
        "ma-marrakech": "2022-09-02",
        "ma-ifrane": "2022-09-02",
        "ma-agadir": "2024-02-14",
        "ma-fez": "2024-02-14",
        "ma-essaouira": "2024-02-14",
        "ma-casablanca": "2025-12-04",
        "ma-oujda": "2025-12-04",
    } == joined
    assert {"MA"} == {country[city] for city in joined}
    assert "ma-laayoune" not in country


def test_the_network_and_its_rules() -> None:
    """The GNLC: coordinated by UIL, launched October 2013, three admissions a year."""
    (network,) = learningcities.sample().networks
    assert ("unesco-gnlc", "GNLC", "unesco-uil") == (
        network.id,
        network.acronym,
        network.coordinator,
    )
    assert PartialDate.parse("2013-10") == network.founded
    assert 3 == network.max_admissions_per_country_per_year
    cohorts = network.extensions["x-cohorts"]
    assert [38, 54, 77, 64, 72] == [cohort["new_members"] for cohort in cohorts]
    assert {"announced": "2025-12-04", "total": 425, "countries": 91} == {
        "announced": cohorts[-1]["announced"],
        "total": cohorts[-1]["total_members"],
        "countries": cohorts[-1]["countries"],
    }


def test_fez_names_and_recognitions() -> None:
    """Fez, Fes, Fès, فاس; the Medina on the World Heritage List since 1981."""
    fez = next(c for c in learningcities.sample().cities if c.id == "ma-fez")
    assert ("Fez", "Fès", "فاس", ("Fes",)) == (
        fez.name,
        fez.names["fr"],
        fez.names["ar"],
        fez.aliases,
    )
    (heritage,) = fez.recognitions
    assert ("Medina of Fez", "1981") == (heritage.name, str(heritage.date))


def test_benguerir_learning_city_award() -> None:
    """Benguerir received the UNESCO Learning City Award 2024, in December 2024."""
    city = next(c for c in learningcities.sample().cities if c.id == "ma-benguerir")
    (award,) = city.recognitions
    assert ("UNESCO Learning City Award 2024", "2024-12") == (
        award.name,
        str(award.date),
    )


def test_the_first_anniversary_event() -> None:
    """5 March 2025 at the commune of Fès, with its organizer and four partners."""
    (event,) = learningcities.sample().events
    assert dt.date(2025, 3, 5) == event.start
    assert (EventKind.CEREMONY, EventStatus.COMPLETED) == (event.kind, event.status)
    assert "Together for Lifelong Learning" == event.theme
    assert ("ma-fez", "unesco-gnlc-ma-fez", "Africa/Casablanca") == (
        event.city,
        event.membership,
        event.timezone,
    )
    roles = {o.organization: o.role for o in event.organizers}
    assert OrganizerRole.ORGANIZER == roles.pop("ma-fez-municipality")
    assert {
        "unesco-rabat",
        "ma-national-commission",
        "ma-fez-usmba",
        "ma-fez-ueuromed",
    } == set(roles)
    assert {OrganizerRole.PARTNER} == set(roles.values())
    assert ["screening", "panel"] == [str(a.kind) for a in event.activities]


def test_every_fact_has_a_source_and_every_reference_resolves() -> None:
    """Each city, membership, event and organization names sources that exist."""
    dataset = learningcities.sample()
    source_ids = {source.id for source in dataset.sources}
    records: list[Network | Organization | City | Membership | Event] = [
        *dataset.networks,
        *dataset.organizations[1:],  # UNESCO itself needs no source
        *dataset.cities,
        *dataset.memberships,
        *dataset.events,
    ]
    for record in records:
        assert record.sources, record.id
        assert set(record.sources) <= source_ids, record.id
    ids = {
        "city": {c.id for c in dataset.cities},
        "organization": {o.id for o in dataset.organizations},
    }
    assert {m.city for m in dataset.memberships} <= ids["city"]
    assert {o.organization for e in dataset.events for o in e.organizers} <= ids[
        "organization"
    ]
    assert {o.parent for o in dataset.organizations} - {None} <= ids["organization"]


def test_the_sample_is_loaded_once() -> None:
    """sample() is cached: the same immutable dataset each time."""
    assert learningcities.sample() is learningcities.sample()
