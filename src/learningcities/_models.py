"""The typed models of format 1.0: one frozen attrs class per entity.

Every model is ``@attrs.frozen(kw_only=True)``; collections are tuples,
localized names read-only mappings, text is held in Unicode NFC. Field types
carry their rules (see ``_types``), checked both when a model is built and
when a document is loaded. Fields whose value equals the default are not
written back when saving.
"""

import enum
from collections.abc import Mapping

import attrs

from ._dates import PartialDate
from ._types import (
    EMPTY_MAPPING,
    CountryCode,
    Day,
    Extensions,
    Id,
    LanguageTag,
    Latitude,
    Longitude,
    Moment,
    NonNegativeInt,
    Sdg,
    Subdivision,
    TimeZoneName,
    Url,
    checked_fields,
)

__all__ = [
    "Activity",
    "ActivityKind",
    "City",
    "CityKind",
    "Dataset",
    "Event",
    "EventKind",
    "EventStatus",
    "Identifier",
    "Location",
    "Membership",
    "MembershipStatus",
    "Network",
    "Organization",
    "OrganizationKind",
    "Organizer",
    "OrganizerRole",
    "Population",
    "Recognition",
    "Source",
]

FORMAT_VERSION = "1.0"


class Choice(str, enum.Enum):
    """A closed list of words; the member's value is the word in the file."""

    def __str__(self) -> str:
        return str(self.value)


class OrganizationKind(Choice):
    """What kind of body an organization is."""

    MUNICIPALITY = "municipality"
    GOVERNMENT = "government"
    NATIONAL_COMMISSION = "national-commission"
    INTERGOVERNMENTAL = "intergovernmental"
    UNIVERSITY = "university"
    SCHOOL = "school"
    NGO = "ngo"
    COMPANY = "company"
    OTHER = "other"


class CityKind(Choice):
    """What kind of place a network member is (members are not always cities)."""

    CITY = "city"
    MUNICIPALITY = "municipality"
    COMMUNE = "commune"
    COUNTY = "county"
    DISTRICT = "district"
    CONSORTIUM = "consortium"
    OTHER = "other"


class MembershipStatus(Choice):
    """Where a membership stands."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class EventKind(Choice):
    """What kind of event it is."""

    CEREMONY = "ceremony"
    CONFERENCE = "conference"
    MEETING = "meeting"
    WORKSHOP = "workshop"
    FESTIVAL = "festival"
    SCREENING = "screening"
    TRAINING = "training"
    AWARD = "award"
    OTHER = "other"


class EventStatus(Choice):
    """Whether an event is still to come, moved, called off or over."""

    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class OrganizerRole(Choice):
    """What part an organization plays in an event."""

    ORGANIZER = "organizer"
    CO_ORGANIZER = "co-organizer"
    PARTNER = "partner"
    HOST = "host"
    SPONSOR = "sponsor"
    FUNDER = "funder"


class ActivityKind(Choice):
    """What kind of activity takes place within an event."""

    SCREENING = "screening"
    PANEL = "panel"
    KEYNOTE = "keynote"
    WORKSHOP = "workshop"
    EXHIBITION = "exhibition"
    OTHER = "other"


# Every model ends with ``extensions``: the object's keys that begin with
# ``x-``, kept as loaded and written back after the other keys.


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Source:
    """A document that a fact comes from.

    >>> Source(id="unesco-2024-new-members", title="64 new members").title
    '64 new members'
    """

    id: Id
    title: str
    publisher: str | None = None
    url: Url | None = None
    published: PartialDate | None = None
    accessed: Day | None = None
    language: LanguageTag | None = None
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Network:
    """A network of learning cities, such as the UNESCO GNLC."""

    id: Id
    name: str
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    acronym: str | None = None
    coordinator: Id | None = None
    founded: PartialDate | None = None
    url: Url | None = None
    max_admissions_per_country_per_year: NonNegativeInt | None = None
    sources: tuple[Id, ...] = ()
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Identifier:
    """An identifier of an entity in another register (``wikidata``, ``geonames``)."""

    scheme: str
    value: str
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Organization:
    """A body that coordinates, endorses, organizes or recognizes."""

    id: Id
    name: str
    kind: OrganizationKind
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    country: CountryCode | None = None
    city: Id | None = None
    parent: Id | None = None
    url: Url | None = None
    identifiers: tuple[Identifier, ...] = ()
    sources: tuple[Id, ...] = ()
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Location:
    """A point on the Earth, in decimal degrees (WGS 84)."""

    lat: Latitude
    lon: Longitude
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Population:
    """A population count and the year it refers to."""

    count: NonNegativeInt
    year: int | None = None
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Recognition:
    """A distinction a city received: a World Heritage inscription, an award."""

    kind: str
    name: str
    date: PartialDate | None = None
    by: Id | None = None
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class City:
    """A place that can be a network member: a city, a county, a consortium.

    >>> fez = City(id="ma-fez", name="Fez", country="MA", names={"fr": "Fès"})
    >>> fez.kind, fez.names["fr"]
    (<CityKind.CITY: 'city'>, 'Fès')
    """

    id: Id
    name: str
    country: CountryCode
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    aliases: tuple[str, ...] = ()
    kind: CityKind = CityKind.CITY
    subdivision: Subdivision | None = None
    location: Location | None = None
    population: Population | None = None
    recognitions: tuple[Recognition, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    sources: tuple[Id, ...] = ()
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Membership:
    """A city's membership of a network, over a period."""

    id: Id
    city: Id
    network: Id
    joined: PartialDate | None = None
    cohort: str | None = None
    status: MembershipStatus = MembershipStatus.ACTIVE
    left: PartialDate | None = None
    endorsed_by: Id | None = None
    sources: tuple[Id, ...] = ()
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Organizer:
    """An organization's part in an event."""

    organization: Id
    role: OrganizerRole = OrganizerRole.ORGANIZER
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Activity:
    """Something that happens within an event: a screening, a panel."""

    kind: ActivityKind
    name: str | None = None
    description: str | None = None
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Event:
    """Something a city or network holds, on a day or from a time to a time.

    ``start`` and ``end`` are :class:`datetime.date` for all-day events, or
    aware :class:`datetime.datetime` (an RFC 3339 date-time with an offset).
    """

    id: Id
    name: str
    kind: EventKind
    start: Moment
    end: Moment | None = None
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    description: str | None = None
    theme: str | None = None
    status: EventStatus = EventStatus.SCHEDULED
    timezone: TimeZoneName | None = None
    city: Id | None = None
    venue: str | None = None
    organizers: tuple[Organizer, ...] = ()
    networks: tuple[Id, ...] = ()
    membership: Id | None = None
    parent: Id | None = None
    activities: tuple[Activity, ...] = ()
    topics: tuple[str, ...] = ()
    sdgs: tuple[Sdg, ...] = ()
    sources: tuple[Id, ...] = ()
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Dataset:
    """A whole dataset document of format 1.0.

    The format version is not a field: a loaded document must say ``"1.0"``,
    and a saved one always does. ``schema_uri`` is the document's ``$schema``.

    >>> Dataset(cities=(City(id="ma-fez", name="Fez", country="MA"),)).cities[0].id
    'ma-fez'
    """

    schema_uri: str | None = attrs.field(default=None, metadata={"key": "$schema"})
    title: str | None = None
    description: str | None = None
    license: str | None = None
    updated: Day | None = None
    sources: tuple[Source, ...] = ()
    networks: tuple[Network, ...] = ()
    organizations: tuple[Organization, ...] = ()
    cities: tuple[City, ...] = ()
    memberships: tuple[Membership, ...] = ()
    events: tuple[Event, ...] = ()
    extensions: Extensions = EMPTY_MAPPING
