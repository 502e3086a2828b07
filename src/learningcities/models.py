"""The typed models of the format: one frozen attrs class per entity.

Every model is ``@attrs.frozen(kw_only=True)``; collections are tuples,
localized names read-only mappings, text is held in Unicode NFC. Field types
carry their rules (see ``learningcities._fields``), checked both when a
model is built and when a document is loaded. Fields whose value equals the
default are not written back when saving. Every name here is also in the
package itself (``learningcities.City``).

>>> from learningcities.models import City, Dataset
>>> fes = City(id="fes", name="Fès", country="MA")
>>> Dataset(cities=(fes,)).cities[0].name
'Fès'
"""

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast, get_args

import attrs

from learningcities.dates import PartialDate, parse_date, parse_date_or_datetime

if TYPE_CHECKING:
    import os

    from learningcities._messages import Language
    from learningcities.errors import Problem
    from learningcities.query import Query

from learningcities._fields import (
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
    UriReference,
    Url,
    checked_fields,
)

__all__ = [
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
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
    "RecordKind",
    "Source",
]

#: The format version this library writes.
FORMAT_VERSION: Final = "1.1"
#: The format versions this library reads, oldest first.
FORMAT_VERSIONS: Final = ("1.0", "1.1")
#: The fields that a document must declare a later version than 1.0 to use,
#: by kind, with the version each needs.
NEWER_FIELDS: Final[Mapping[str, Mapping[str, str]]] = {
    "networks": {"max_admissions_since": "1.1"},
}
#: A kind of entity, as the keys of a dataset document name them.
PluralKind = Literal[
    "sources", "networks", "organizations", "cities", "memberships", "events"
]
#: The kinds of entity, in the order of a dataset document.
KINDS: Final[tuple[str, ...]] = get_args(PluralKind)
#: A kind of record, named in the plural or the singular.
RecordKind = Literal[
    PluralKind, "source", "network", "organization", "city", "membership", "event"
]
#: Each kind by the singular word for it (the ``type`` of a JSON Lines record).
SINGULAR: Final = {
    "source": "sources",
    "network": "networks",
    "organization": "organizations",
    "city": "cities",
    "membership": "memberships",
    "event": "events",
}


class Choice(str, enum.Enum):
    """A closed list of words; the member's value is the word in the file."""

    def __str__(self) -> str:
        return str(self.value)


C = TypeVar("C", bound=Choice)


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


# -- what a model takes beyond its types ---------------------------------------
# Each model's ``__init__`` takes, besides values of the field's type, what a
# user naturally passes: the word of a closed list ("withdrawn"), a date as
# ISO text or a ``datetime.date``, any iterable for a tuple. Each converter is
# a named function so that type checkers see what it takes; one that cannot
# convert a value passes it on, and the field's validator says what is wrong.


def _as_tuple(value: Any) -> Any:
    """*value* as a tuple if it is a collection of items (not text nor a mapping)."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value
    return value if isinstance(value, tuple) else tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return cast("tuple[str, ...]", _as_tuple(value))


def _word(choice: type[C], value: C | str) -> C:
    """The member of *choice* whose word *value* is, or *value* as it is."""
    given: Any = value
    return cast("C", choice._value2member_map_.get(given, given))


def _organization_kind(value: OrganizationKind | str) -> OrganizationKind:
    return _word(OrganizationKind, value)


def _city_kind(value: CityKind | str) -> CityKind:
    return _word(CityKind, value)


def _membership_status(value: MembershipStatus | str) -> MembershipStatus:
    return _word(MembershipStatus, value)


def _event_kind(value: EventKind | str) -> EventKind:
    return _word(EventKind, value)


def _event_status(value: EventStatus | str) -> EventStatus:
    return _word(EventStatus, value)


def _organizer_role(value: OrganizerRole | str) -> OrganizerRole:
    return _word(OrganizerRole, value)


def _activity_kind(value: ActivityKind | str) -> ActivityKind:
    return _word(ActivityKind, value)


def _partial_date(value: PartialDate | str | dt.date | None) -> PartialDate | None:
    """A partial date from its text (``2024-02``) or a day; raises if it is bad."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    return PartialDate.parse(value) if isinstance(value, str) else value


def _day(value: dt.date | str | None) -> dt.date | None:
    """A day from its ISO text (``2024-02-14``); raises if the text is not one."""
    return parse_date(value) if isinstance(value, str) else value


def _moment(value: dt.date | str) -> dt.date:
    """A day or a date-time from its text (RFC 3339); raises if it is not one."""
    return parse_date_or_datetime(value) if isinstance(value, str) else value


def _optional_moment(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else _moment(value)


# Every model ends with ``extensions``: the object's keys that begin with
# ``x-``, kept as loaded and written back after the other keys.


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Source:
    """A document that a fact comes from: an article, a report, a register.

    >>> Source(id="unesco-2024-new-members", title="64 new members").title
    '64 new members'

    Attributes:
        id: The source's id, unique among sources.
        title: The title of the document.
        publisher: Who published it: a newspaper, an institute, a ministry.
        url: Where the document can be read.
        published: When it was published (a partial date).
        accessed: When it was last read at that address.
        language: The language it is written in (BCP 47).
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    id: Id
    title: str
    publisher: str | None = None
    url: Url | None = None
    published: PartialDate | None = attrs.field(default=None, converter=_partial_date)
    accessed: Day | None = attrs.field(default=None, converter=_day)
    language: LanguageTag | None = None
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Network:
    """A network of learning cities, such as the UNESCO GNLC.

    Attributes:
        id: The network's id, unique among networks, such as "unesco-gnlc".
        name: The common English name of the network.
        names: The name in other languages, by BCP 47 language tag.
        acronym: A short form of the name, such as "GNLC".
        coordinator: The id of the organization that coordinates the network.
        founded: When the network was launched (a partial date).
        url: The network's web page.
        max_admissions_per_country_per_year: How many new members one country may have
            in one year (3 in the GNLC since 2018).
        max_admissions_since: When that cap took effect (a partial date; the GNLC's is
            2018-10-01): it applies to admissions on or after its first day, and to
            every admission if absent. New in format 1.1.
        sources: The ids of the sources of these facts.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    id: Id
    name: str
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    acronym: str | None = None
    coordinator: Id | None = None
    founded: PartialDate | None = attrs.field(default=None, converter=_partial_date)
    url: Url | None = None
    max_admissions_per_country_per_year: NonNegativeInt | None = None
    max_admissions_since: PartialDate | None = attrs.field(
        default=None, converter=_partial_date
    )
    sources: tuple[Id, ...] = attrs.field(default=(), converter=_texts)
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Identifier:
    """An identifier of an entity in another register.

    Attributes:
        scheme: The register, such as "wikidata" or "geonames".
        value: The identifier in that register, such as "Q80985".
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    scheme: str
    value: str
    extensions: Extensions = EMPTY_MAPPING


def _identifiers(value: Iterable[Identifier]) -> tuple[Identifier, ...]:
    return cast("tuple[Identifier, ...]", _as_tuple(value))


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Organization:
    """A body that coordinates, endorses, organizes or recognizes.

    For example a municipality, a National Commission for UNESCO, a university.

    Attributes:
        id: The organization's id, unique among organizations.
        name: The common English name of the organization.
        kind: What kind of body it is.
        names: The name in other languages, by BCP 47 language tag.
        country: The country it is based in (ISO 3166-1 alpha-2).
        city: The id of the city it is based in.
        parent: The id of the organization it is part of.
        url: The organization's web page.
        identifiers: Its identifiers in other registers.
        sources: The ids of the sources of these facts.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    id: Id
    name: str
    kind: OrganizationKind = attrs.field(converter=_organization_kind)
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    country: CountryCode | None = None
    city: Id | None = None
    parent: Id | None = None
    url: Url | None = None
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_identifiers
    )
    sources: tuple[Id, ...] = attrs.field(default=(), converter=_texts)
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Location:
    """A point on the Earth, in decimal degrees (WGS 84).

    Attributes:
        lat: The latitude, from -90 (south) to 90 (north).
        lon: The longitude, from -180 (west) to 180 (east).
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    lat: Latitude
    lon: Longitude
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Population:
    """A population count and the year it refers to.

    Attributes:
        count: The number of inhabitants.
        year: The year of the count.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    count: NonNegativeInt
    year: int | None = None
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Recognition:
    """A distinction a city received: a World Heritage inscription, an award.

    Attributes:
        kind: What kind of distinction, such as "award" or "world-heritage".
        name: The name of the distinction, such as "UNESCO Learning City Award 2024".
        date: When it was received (a partial date).
        by: The id of the organization that conferred it.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    kind: str
    name: str
    date: PartialDate | None = attrs.field(default=None, converter=_partial_date)
    by: Id | None = None
    extensions: Extensions = EMPTY_MAPPING


def _recognitions(value: Iterable[Recognition]) -> tuple[Recognition, ...]:
    return cast("tuple[Recognition, ...]", _as_tuple(value))


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class City:
    """A place that can be a network member: a city, a county, a consortium.

    >>> fez = City(id="ma-fez", name="Fez", country="MA", names={"fr": "Fès"})
    >>> fez.kind, fez.names["fr"]
    (<CityKind.CITY: 'city'>, 'Fès')

    Attributes:
        id: The city's id, unique among cities, such as "ma-fez".
        name: The common English name, such as "Fez".
        country: The country (ISO 3166-1 alpha-2, an assigned code).
        names: The name in other languages, by BCP 47 language tag, such as {"fr":
            "Fès"}.
        aliases: Other spellings, such as "Fes".
        kind: What kind of place it is (network members are not always cities).
        subdivision: The subdivision it lies in (ISO 3166-2, beginning with the country
            code).
        location: Where it is.
        population: How many people live there.
        recognitions: Distinctions it received.
        identifiers: Its identifiers in other registers.
        sources: The ids of the sources of these facts.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    id: Id
    name: str
    country: CountryCode
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    kind: CityKind = attrs.field(default=CityKind.CITY, converter=_city_kind)
    subdivision: Subdivision | None = None
    location: Location | None = None
    population: Population | None = None
    recognitions: tuple[Recognition, ...] = attrs.field(
        default=(), converter=_recognitions
    )
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_identifiers
    )
    sources: tuple[Id, ...] = attrs.field(default=(), converter=_texts)
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Membership:
    """A city's membership of a network, over a period.

    Attributes:
        id: The membership's id, unique among memberships, such as "unesco-gnlc-ma-fez".
        city: The id of the member city.
        network: The id of the network.
        joined: When the city was admitted (a partial date).
        cohort: The cohort it was admitted with, such as "2024".
        status: Where the membership stands.
        left: When the membership ended (a partial date).
        endorsed_by: The id of the organization that endorsed the application, such as a
            National Commission for UNESCO.
        sources: The ids of the sources of these facts.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    id: Id
    city: Id
    network: Id
    joined: PartialDate | None = attrs.field(default=None, converter=_partial_date)
    cohort: str | None = None
    status: MembershipStatus = attrs.field(
        default=MembershipStatus.ACTIVE, converter=_membership_status
    )
    left: PartialDate | None = attrs.field(default=None, converter=_partial_date)
    endorsed_by: Id | None = None
    sources: tuple[Id, ...] = attrs.field(default=(), converter=_texts)
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Organizer:
    """An organization's part in an event.

    Attributes:
        organization: The id of the organization.
        role: The part it plays.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    organization: Id
    role: OrganizerRole = attrs.field(
        default=OrganizerRole.ORGANIZER, converter=_organizer_role
    )
    extensions: Extensions = EMPTY_MAPPING


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Activity:
    """Something that happens within an event: a screening, a panel.

    Attributes:
        kind: What kind of activity it is.
        name: The activity's name or title.
        description: What happens.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    kind: ActivityKind = attrs.field(converter=_activity_kind)
    name: str | None = None
    description: str | None = None
    extensions: Extensions = EMPTY_MAPPING


def _organizers(value: Iterable[Organizer]) -> tuple[Organizer, ...]:
    return cast("tuple[Organizer, ...]", _as_tuple(value))


def _activities(value: Iterable[Activity]) -> tuple[Activity, ...]:
    return cast("tuple[Activity, ...]", _as_tuple(value))


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Event:
    """Something a city or network holds, on a day or from a time to a time.

    ``start`` and ``end`` are :class:`datetime.date` for all-day events, or
    aware :class:`datetime.datetime` (an RFC 3339 date-time with an offset).

    Attributes:
        id: The event's id, unique among events, such as "ma-fez-2025-03-05-gnlc-
            anniversary".
        name: The common English name of the event.
        kind: What kind of event it is.
        start: When it starts: a date (all day), or an RFC 3339 date-time with an
            offset.
        end: When it ends, in the same form; not before the start.
        names: The name in other languages, by BCP 47 language tag.
        description: What the event is about.
        theme: Its theme, such as "Together for Lifelong Learning".
        status: Whether it is still to come, moved, called off or over.
        timezone: The IANA time zone of the place, such as "Africa/Casablanca".
        city: The id of the city it takes place in.
        venue: Where in the city.
        organizers: The organizations behind it, each with its role.
        networks: The ids of the networks it belongs to.
        membership: The id of the membership it marks, such as for an anniversary.
        parent: The id of the event series it is part of.
        activities: What happens within it.
        topics: What it is about, as free text.
        sdgs: The Sustainable Development Goals or targets it serves, such as "4", "4.3"
            or "11.a".
        sources: The ids of the sources of these facts.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    id: Id
    name: str
    kind: EventKind = attrs.field(converter=_event_kind)
    start: Moment = attrs.field(converter=_moment)
    end: Moment | None = attrs.field(default=None, converter=_optional_moment)
    names: Mapping[LanguageTag, str] = EMPTY_MAPPING
    description: str | None = None
    theme: str | None = None
    status: EventStatus = attrs.field(
        default=EventStatus.SCHEDULED, converter=_event_status
    )
    timezone: TimeZoneName | None = None
    city: Id | None = None
    venue: str | None = None
    organizers: tuple[Organizer, ...] = attrs.field(default=(), converter=_organizers)
    networks: tuple[Id, ...] = attrs.field(default=(), converter=_texts)
    membership: Id | None = None
    parent: Id | None = None
    activities: tuple[Activity, ...] = attrs.field(default=(), converter=_activities)
    topics: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    sdgs: tuple[Sdg, ...] = attrs.field(default=(), converter=_texts)
    sources: tuple[Id, ...] = attrs.field(default=(), converter=_texts)
    extensions: Extensions = EMPTY_MAPPING


def _sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return cast("tuple[Source, ...]", _as_tuple(value))


def _networks(value: Iterable[Network]) -> tuple[Network, ...]:
    return cast("tuple[Network, ...]", _as_tuple(value))


def _organizations(value: Iterable[Organization]) -> tuple[Organization, ...]:
    return cast("tuple[Organization, ...]", _as_tuple(value))


def _cities(value: Iterable[City]) -> tuple[City, ...]:
    return cast("tuple[City, ...]", _as_tuple(value))


def _memberships(value: Iterable[Membership]) -> tuple[Membership, ...]:
    return cast("tuple[Membership, ...]", _as_tuple(value))


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return cast("tuple[Event, ...]", _as_tuple(value))


@attrs.frozen(kw_only=True, field_transformer=checked_fields)
class Dataset:
    """A dataset document of format 1.0: metadata and arrays of entities.

    The format version is not a field: a loaded document must say ``"1.0"``
    or ``"1.1"``, and a saved one says ``"1.1"``. ``schema_uri`` is the
    document's ``$schema``.

    >>> Dataset(cities=(City(id="ma-fez", name="Fez", country="MA"),)).cities[0].id
    'ma-fez'

    Attributes:
        schema_uri: The URI of the schema the document follows (its "$schema" key), for
            editors.
        title: What the dataset is.
        description: What it holds, where it comes from, how it was made.
        license: Its licence, preferably an SPDX identifier such as "CC-BY-4.0".
        updated: When it was last updated.
        sources: The sources the facts come from.
        networks: The networks.
        organizations: The organizations.
        cities: The cities and other places that can be members.
        memberships: The memberships of cities in networks.
        events: The events.
        extensions: The object's keys that begin with "x-", kept as loaded.
    """

    schema_uri: UriReference | None = attrs.field(
        default=None, metadata={"key": "$schema"}
    )
    title: str | None = None
    description: str | None = None
    license: str | None = None
    updated: Day | None = attrs.field(default=None, converter=_day)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources)
    networks: tuple[Network, ...] = attrs.field(default=(), converter=_networks)
    organizations: tuple[Organization, ...] = attrs.field(
        default=(), converter=_organizations
    )
    cities: tuple[City, ...] = attrs.field(default=(), converter=_cities)
    memberships: tuple[Membership, ...] = attrs.field(
        default=(), converter=_memberships
    )
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    extensions: Extensions = EMPTY_MAPPING

    @property
    def query(self) -> "Query":
        """The questions one can ask of this dataset: see :class:`Query`.

        >>> from learningcities import sample
        >>> len(sample().query.members("unesco-gnlc"))
        9
        """
        from learningcities.query import Query as Questions  # noqa: PLC0415

        return Questions(self)

    def problems(
        self,
        *,
        register: "Dataset | str | os.PathLike[str] | None" = None,
        lang: "Language" = "en",
        today: dt.date | None = None,
    ) -> "tuple[Problem, ...]":
        """The problems of this dataset: those that validating its saved text gives.

        A dataset built in Python can break the rules across records (two
        records with one id, a reference to no record, an end before its
        start) that every model on its own obeys. This says so before it is
        saved, placed in the canonical text that :func:`dumps` writes.

        Args:
            register: a reference dataset (or the path of one) that this
                one may refer to.
            lang: the language of the messages, ``"en"`` or ``"fr"``.
            today: what dates of past facts are compared with.

        Returns:
            The problems, in the order of the text.

        >>> city = City(id="ma-fez", name="Fez", country="MA")
        >>> [p.code for p in Dataset(cities=(city, city)).problems()]
        ['duplicate-id']

        Raises:
            InvalidDataError: it holds what JSON text cannot (``nan``, a lone
                surrogate), as :func:`dumps` raises.
        """
        from learningcities._pipeline.validate import validate_document  # noqa: PLC0415

        report = validate_document(self, register=register, lang=lang, today=today)
        return report.problems

    def rows(self, kind: "RecordKind") -> "list[dict[str, Any]]":
        """The records of *kind* as flat rows, for a table: one dict per record.

        The keys are the columns of the kind's CSV template (``id``,
        ``location.lat``, ``names.fr``), then those only some records need
        (``names.es``, an extension key ``x-note``), every row with the
        same keys; the values are plain Python values (text, numbers,
        lists; None where a record has no value). Nothing a record holds
        is left out. ``pandas.DataFrame(dataset.rows("cities"))`` makes a
        table of them, without pandas being needed here.

        Raises:
            ValueError: *kind* is not a kind of record.

        >>> from learningcities import sample
        >>> row = sample().rows("memberships")[0]
        >>> row["city"], row["network"], row["joined"], row["status"]
        ('ma-benguerir', 'unesco-gnlc', '2020-09-23', 'active')
        """
        from learningcities.export import rows  # noqa: PLC0415

        return rows(self, kind)
