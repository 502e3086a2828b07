"""Queries over a dataset: look-ups, members on a date, events, anniversaries.

Indexes are built once per dataset, lazily, on the first query that needs
them, and shared by every later query; the dataset itself never changes.
Partial dates are intervals: a query says whether it wants what certainly
holds or what possibly holds.

>>> from learningcities import sample
>>> from learningcities.query import Query
>>> len(Query(sample()).members("unesco-gnlc", on="2024-01-01"))
4
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import difflib
import math
import re
import threading
import unicodedata
import weakref
from collections import Counter, defaultdict
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, overload

import attrs

from learningcities._choices import DIMENSIONS, Dimension
from learningcities.dates import InvalidDateError, parse_date
from learningcities.models import (
    KINDS,
    SINGULAR,
    City,
    Event,
    EventKind,
    EventStatus,
    Location,
    Membership,
    MembershipStatus,
    Network,
    Organization,
    Source,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping

    from learningcities.dates import PartialDate
    from learningcities.models import Dataset

__all__ = [
    "DIMENSIONS",
    "Anniversary",
    "Certainty",
    "DayLike",
    "Dimension",
    "Nearby",
    "Period",
    "Query",
    "Record",
    "active_on",
    "distance_km",
]

Certainty = Literal["certain", "possible"]
#: A record of any kind.
Record = Source | Network | Organization | City | Membership | Event
#: A period of days, both ends included; ``None`` leaves that end open.
Period = tuple["dt.date | None", "dt.date | None"]
_EARTH_KM: Final = 6371.0088  # the mean radius of the Earth (IUGG)
_ENDING: Final = frozenset({MembershipStatus.WITHDRAWN, MembershipStatus.SUSPENDED})


class Anniversary(NamedTuple):
    """A yearly anniversary of a membership's joining, and how many years it marks."""

    membership: Membership
    years: int
    date: dt.date


class Nearby(NamedTuple):
    """A city and its great-circle distance, in kilometres."""

    city: City
    km: float


def _fold(text: str) -> str:
    """Text as look-ups compare it: no case, no accents, no punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = (c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", "".join(kept)).split())


def _day(moment: dt.date) -> dt.date:
    """The calendar day of a date, or of a date-time in its own offset."""
    return moment.date() if isinstance(moment, dt.datetime) else moment


@attrs.frozen
class Index:
    """The indexes of one dataset, built together, once."""

    by_id: Mapping[str, Mapping[str, Any]]
    members_of: Mapping[str, tuple[Membership, ...]]
    events_by_day: tuple[tuple[dt.date, dt.date, Event], ...]
    starts: tuple[dt.date, ...]
    longest: int
    names: Mapping[str, tuple[City, ...]]
    #: The memberships joined on a known day, by the month and day of joining.
    by_month_day: Mapping[tuple[int, int], tuple[Membership, ...]]
    #: Every folded name, sorted, for prefix search by bisection.
    sorted_names: tuple[str, ...]
    #: The sorted names joined by newlines, for substring search at C speed.
    name_text: str
    name_starts: tuple[int, ...]
    #: The names that hold each run of three characters, for longer texts.
    trigrams: Mapping[str, frozenset[str]]

    @classmethod
    def build(cls, dataset: Dataset) -> Index:
        by_id = {
            kind: MappingProxyType(
                {record.id: record for record in getattr(dataset, kind)}
            )
            for kind in KINDS
        }
        members_of: dict[str, list[Membership]] = defaultdict(list)
        for membership in dataset.memberships:
            members_of[membership.network].append(membership)
        spans = sorted(
            ((_day(e.start), _day(e.end or e.start), e) for e in dataset.events),
            key=lambda span: (span[0], span[2].id),
        )
        names: dict[str, list[City]] = defaultdict(list)
        for city in dataset.cities:
            for name in {city.name, *city.names.values(), *city.aliases}:
                names[_fold(name)].append(city)
        return cls(
            by_id=MappingProxyType(by_id),
            members_of=MappingProxyType(
                {k: tuple(sorted(v, key=_joined_key)) for k, v in members_of.items()}
            ),
            events_by_day=tuple(spans),
            starts=tuple(span[0] for span in spans),
            longest=max([0, *((end - start).days for start, end, _ in spans)]),
            names=MappingProxyType({k: tuple(v) for k, v in names.items()}),
            by_month_day=_by_month_day(dataset.memberships),
            **_name_search(names),
        )


def _exact_day(membership: Membership) -> dt.date | None:
    """The day a membership began, if known to the day and without qualifier."""
    joined = membership.joined
    if joined is None or joined.day is None or joined.approximate or joined.uncertain:
        return None
    return joined.earliest


def _by_month_day(
    memberships: Iterable[Membership],
) -> Mapping[tuple[int, int], tuple[Membership, ...]]:
    grouped: dict[tuple[int, int], list[Membership]] = defaultdict(list)
    for membership in memberships:
        day = _exact_day(membership)
        if day is not None:
            grouped[day.month, day.day].append(membership)
    return MappingProxyType({key: tuple(value) for key, value in grouped.items()})


def _name_search(names: Mapping[str, Any]) -> dict[str, Any]:
    ordered = tuple(sorted(names))
    starts, position = [], 0
    for name in ordered:
        starts.append(position)
        position += len(name) + 1
    trigrams: dict[str, set[str]] = defaultdict(set)
    for name in ordered:
        for at in range(len(name) - 2):
            trigrams[name[at : at + 3]].add(name)
    return {
        "sorted_names": ordered,
        "name_text": "\n".join(ordered),
        "name_starts": tuple(starts),
        "trigrams": MappingProxyType({k: frozenset(v) for k, v in trigrams.items()}),
    }


def _joined_key(membership: Membership) -> tuple[dt.date, str]:
    joined = membership.joined
    return (joined.earliest if joined else dt.date.min, membership.id)


_INDEXES: dict[int, tuple[weakref.ref[Dataset], Index]] = {}
_LOCK: Final = threading.Lock()


def index_of(dataset: Dataset) -> Index:
    """The dataset's indexes, built on first use and kept while it lives."""
    key = id(dataset)
    entry = _INDEXES.get(key)
    if entry is not None and entry[0]() is dataset:
        return entry[1]
    with _LOCK:
        entry = _INDEXES.get(key)
        if entry is not None and entry[0]() is dataset:
            return entry[1]
        index = Index.build(dataset)
        _INDEXES[key] = (weakref.ref(dataset, _forgetter(key, _INDEXES)), index)
        return index


def _forgetter(
    key: int, indexes: dict[int, tuple[weakref.ref[Dataset], Index]]
) -> Callable[[weakref.ref[Dataset]], None]:
    """Drop a dead dataset's indexes (holding the table, which outlives globals)."""

    def forget(ref: weakref.ref[Dataset]) -> None:
        entry = indexes.get(key)
        if entry is not None and entry[0] is ref:
            del indexes[key]

    return forget


def plural_kind(kind: str) -> str:
    """The plural kind (``cities``) of a kind given in either number."""
    plural = SINGULAR.get(kind, kind)
    if plural not in KINDS:
        names = ", ".join(KINDS)
        raise ValueError(f"There is no kind {kind!r}: expected one of {names}.")
    return plural


def _id(value: str | Any) -> str:
    return value if isinstance(value, str) else str(value.id)


def _known(index: Index, kind: str, value: str | Any) -> str:
    """The id of *value* (a record, or an id), which a record of *kind* must have.

    A network is also known by the memberships that name it (a dataset may
    hold memberships of a network kept in another dataset, the register).

    Raises:
        ValueError: no record of *kind* has it; the message names the
            closest ids of the dataset.
    """
    wanted = _id(value)
    records: Collection[str] = index.by_id[kind]
    if kind == "networks":
        records = {*records, *index.members_of}
    if wanted not in records:
        ids = sorted(records)
        close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
        if close:
            hint = f" (did you mean {', '.join(map(repr, close))}?)"
        else:
            listed = ", ".join(map(repr, ids[:5])) + (", ..." if len(ids) > 5 else "")
            hint = f" (it has {listed})" if ids else " (it has none)"
        raise ValueError(
            f"There is no {_SINGULAR_OF[kind]} {wanted!r} in this dataset{hint}."
        )
    return wanted


_SINGULAR_OF: Final = {plural: singular for singular, plural in SINGULAR.items()}


def _word(value: str, words: Iterable[str], name: str) -> str:
    """*value*, which must be one of *words*; else a ValueError names the closest."""
    words = list(words)
    if value not in words:
        close = difflib.get_close_matches(value.lower(), words, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        expected = ", ".join(map(repr, words))
        raise ValueError(f"{name} must be one of {expected}, not {value!r}{hint}.")
    return value


#: A day: a date, or its ISO form ``YYYY-MM-DD``.
DayLike = dt.date | str


def as_day(value: DayLike, name: str) -> dt.date:
    """The day *value* stands for: a date as it is, a text as ``YYYY-MM-DD``.

    Raises:
        ValueError: a text that is not a valid ISO date.
        TypeError: anything else.
    """
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except InvalidDateError as error:
            raise ValueError(f"{name} must be a date (YYYY-MM-DD): {error}") from None
    raise TypeError(
        f"{name} must be a date or a text YYYY-MM-DD, not {type(value).__name__}"
    )


def as_period(
    period: tuple[DayLike | None, DayLike | None], name: str = "the period"
) -> Period:
    """*period* as two days (either may be None, an open end), in order.

    Raises:
        ValueError: a day is not valid, or the period ends before it starts.
        TypeError: *period* is not a pair.
    """
    given: Any = period  # from callers that did not type-check theirs
    if not isinstance(given, (tuple, list)) or len(given) != 2:
        raise TypeError(f"{name} must be a pair of days (start, end)")
    start, end = (None if day is None else as_day(day, name) for day in period)
    if start is not None and end is not None and end < start:
        raise ValueError(f"{name} ends before it starts: {end} is before {start}")
    return start, end


# -- members --------------------------------------------------------------------


def _began(membership: Membership, day: dt.date, certainty: Certainty) -> bool:
    joined = membership.joined
    if joined is None:
        return certainty == "possible"
    return (joined.latest if certainty == "certain" else joined.earliest) <= day


def _not_ended(membership: Membership, day: dt.date, certainty: Certainty) -> bool:
    left = membership.left
    if left is None:
        return membership.status not in _ENDING or certainty == "possible"
    return day < (left.earliest if certainty == "certain" else left.latest)


def active_on(membership: Membership, day: dt.date, certainty: Certainty) -> bool:
    """Whether *membership* was (certainly, or possibly) running on *day*."""
    return _began(membership, day, certainty) and _not_ended(membership, day, certainty)


def _country(city: City | None) -> str | None:
    return None if city is None else city.country


def _within(date: PartialDate, period: Period) -> bool:
    start, end = period
    return (start is None or date.earliest >= start) and (
        end is None or date.latest <= end
    )


def _event_tests(index: Index, **wanted: Any) -> list[Callable[[Event], bool]]:
    """One test per filter given to :meth:`Query.events`."""
    cities, memberships = index.by_id["cities"], index.by_id["memberships"]
    tests: list[Callable[[Event], bool]] = []
    if wanted["city"] is not None:
        city = _known(index, "cities", wanted["city"])
        tests.append(lambda e: e.city == city)
    if wanted["country"] is not None:
        country = wanted["country"]
        tests.append(lambda e: _country(cities.get(e.city or "")) == country)
    if wanted["network"] is not None:
        network = _known(index, "networks", wanted["network"])

        def in_network(e: Event) -> bool:
            membership = memberships.get(e.membership or "")
            return network in e.networks or (
                membership is not None and membership.network == network
            )

        tests.append(in_network)
    if wanted["organizer"] is not None:
        organizer = _known(index, "organizations", wanted["organizer"])
        tests.append(lambda e: any(o.organization == organizer for o in e.organizers))
    tests += [
        _field_is(key, _word(str(wanted[key]), (m.value for m in words), key))
        for key, words in (("kind", EventKind), ("status", EventStatus))
        if wanted[key] is not None
    ]
    if wanted["sdg"] is not None:
        sdg = str(wanted["sdg"])
        tests.append(lambda e: any(s == sdg or s.startswith(sdg + ".") for s in e.sdgs))
    return tests


def _field_is(key: str, word: str) -> Callable[[Event], bool]:
    return lambda event: str(getattr(event, key)) == word


def _overlapping(
    index: Index, period: Period
) -> Iterable[tuple[dt.date, dt.date, Event]]:
    """The events whose days overlap *period*, found by bisection on first days."""
    start, end = period
    low = 0
    if start is not None:
        reach = min(index.longest, (start - dt.date.min).days)
        low = bisect.bisect_left(index.starts, start - dt.timedelta(days=reach))
    high = len(index.starts) if end is None else bisect.bisect_right(index.starts, end)
    return (
        span
        for span in index.events_by_day[low:high]
        if start is None or span[1] >= start
    )


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start
    while day <= end:
        yield day
        if day == dt.date.max:
            return
        day += dt.timedelta(days=1)


def _containing(index: Index, wanted: str) -> set[str]:
    """The folded names that hold *wanted*.

    A text of three characters or more is looked for only in the names that
    hold its rarest runs of three; a shorter one by ``str.find`` over every
    name joined in one text.
    """
    if len(wanted) >= 3:
        runs = sorted(
            (
                index.trigrams.get(wanted[at : at + 3], frozenset())
                for at in range(len(wanted) - 2)
            ),
            key=len,
        )
        candidates = runs[0].intersection(*runs[1:3]) if runs[0] else frozenset()
        return {name for name in candidates if wanted in name}
    found, text, at = set(), index.name_text, index.name_text.find(wanted)
    while at >= 0:
        number = bisect.bisect_right(index.name_starts, at) - 1
        found.add(index.sorted_names[number])
        at = text.find(wanted, at + 1)
    return found


def distance_km(
    a: Location | tuple[float, float], b: Location | tuple[float, float]
) -> float:
    """The great-circle distance between two points, in kilometres (haversine)."""
    (lat1, lon1), (lat2, lon2) = (
        (p.lat, p.lon) if isinstance(p, Location) else p for p in (a, b)
    )
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


# -- the query object -----------------------------------------------------------


@attrs.frozen
class Query:
    """The questions one can ask of a dataset, reached as ``dataset.query``.

    The examples in this class ask them of the bundled sample:

    >>> import datetime
    >>> from learningcities import sample
    >>> query = sample().query

    ``dataset.events`` is the dataset's tuple of events, so the questions
    live on this object rather than on the dataset itself.
    """

    dataset: Dataset
    index: Index = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "index", index_of(self.dataset))

    @overload
    def get(self, kind: Literal["sources", "source"], id: str) -> Source | None: ...
    @overload
    def get(self, kind: Literal["networks", "network"], id: str) -> Network | None: ...
    @overload
    def get(
        self,
        kind: Literal["organizations", "organization"],
        id: str,
    ) -> Organization | None: ...
    @overload
    def get(self, kind: Literal["cities", "city"], id: str) -> City | None: ...
    @overload
    def get(
        self,
        kind: Literal["memberships", "membership"],
        id: str,
    ) -> Membership | None: ...
    @overload
    def get(self, kind: Literal["events", "event"], id: str) -> Event | None: ...
    @overload
    def get(self, kind: str, id: str) -> Record | None: ...

    def get(self, kind: str, id: str) -> Record | None:  # noqa: A002 (the format's word)
        """The record of *kind* (``cities`` or ``city``, …) with *id*, or None.

        The type of the record follows from *kind* when it is written out.

        >>> query.get("city", "ma-fez").names["fr"]
        'Fès'

        Raises:
            ValueError: *kind* is not a kind of record.
        """
        by_id = self.index.by_id
        records = by_id.get(kind) or by_id[plural_kind(kind)]
        record: Record | None = records.get(id)
        return record

    def by_id(self, kind: str) -> Mapping[str, Any]:
        """A read-only mapping of the records of *kind*, by id.

        >>> sorted(query.by_id("networks"))
        ['unesco-gnlc']
        """
        return self.index.by_id[plural_kind(kind)]

    def city_of(self, record: Membership | Event | Any) -> City | None:
        """The city a membership, an event or an organization names, if any.

        >>> query.city_of(query.get("membership", "unesco-gnlc-ma-fez")).name
        'Fez'
        """
        city = getattr(record, "city", None)
        return None if city is None else self.index.by_id["cities"].get(city)

    def network_of(self, membership: Membership) -> Network | None:
        """The network of a membership, if it is in the dataset."""
        network: Network | None = self.get("networks", membership.network)
        return network

    def membership_of(self, event: Event) -> Membership | None:
        """The membership an event marks, if any."""
        return (
            None
            if event.membership is None
            else self.get("memberships", event.membership)
        )

    def organizations_of(self, event: Event) -> list[Any]:
        """The organizations behind an event that are in the dataset, in order."""
        found = (self.get("organizations", o.organization) for o in event.organizers)
        return [org for org in found if org is not None]

    def members(
        self,
        network: str | Network,
        *,
        on: DayLike | None = None,
        country: str | None = None,
        certainty: Certainty = "certain",
    ) -> list[Membership]:
        """The memberships of *network*, by date of joining.

        With *on* (a date, or ``"YYYY-MM-DD"``), only those running on that
        day. Partial dates are
        intervals: with ``certainty="certain"`` a membership counts only if it
        had certainly begun (its joining's last possible day is on or before
        *on*) and certainly not ended (its leaving's first possible day is
        after *on*); with ``"possible"``, if it may have. A ``left`` date ends
        a membership; a ``withdrawn`` or ``suspended`` one without a ``left``
        date has ended at a day not known, so it is only possibly running.

        Args:
            network: the network, or its id.
            on: a day, as a date or ``"YYYY-MM-DD"``; by default any day.
            country: an ISO 3166-1 alpha-2 code: only its cities.
            certainty: ``"certain"`` or ``"possible"``, for partial dates.

        Returns:
            The memberships, by date of joining.

        >>> march_2024 = datetime.date(2024, 3, 1)
        >>> len(query.members("unesco-gnlc", on=march_2024, country="MA"))
        7
        >>> len(query.members("unesco-gnlc", on="2026-01-01"))
        9

        Raises:
            ValueError: the dataset knows no such network (the closest ids
                are named), or *on* is not a valid date.
        """
        if certainty not in ("certain", "possible"):
            raise ValueError(
                f"certainty must be 'certain' or 'possible', not {certainty!r}"
            )
        found = self.index.members_of.get(_known(self.index, "networks", network), ())
        if on is not None:
            day = as_day(on, "on")
            found = tuple(m for m in found if active_on(m, day, certainty))
        if country is not None:
            cities = self.index.by_id["cities"]
            found = tuple(m for m in found if _country(cities.get(m.city)) == country)
        return list(found)

    def joined(
        self,
        network: str | Network,
        *,
        year: int | None = None,
        between: tuple[DayLike | None, DayLike | None] | None = None,
        country: str | None = None,
    ) -> list[Membership]:
        """The admissions to *network*: in *year*, or certainly within *between*.

        Args:
            network: the network, or its id.
            year: the year of joining.
            between: a period of days, both ends included (either ``None``
                for an open end); a membership counts if it certainly
                joined within it.
            country: an ISO 3166-1 alpha-2 code: only its cities.

        Returns:
            The memberships, by date of joining.

        >>> [m.city for m in query.joined("unesco-gnlc", year=2024)]
        ['ma-agadir', 'ma-essaouira', 'ma-fez']
        """
        found = [m for m in self.members(network, country=country) if m.joined]
        if year is not None:
            found = [m for m in found if m.joined is not None and m.joined.year == year]
        if between is not None:
            period = as_period(between)
            found = [
                m for m in found if m.joined is not None and _within(m.joined, period)
            ]
        return found

    def events(  # noqa: PLR0913 (keyword-only filters, all optional)
        self,
        *,
        between: tuple[DayLike | None, DayLike | None] | None = None,
        city: str | City | None = None,
        country: str | None = None,
        network: str | Network | None = None,
        organizer: str | Any | None = None,
        kind: str | None = None,
        sdg: str | None = None,
        status: str | None = None,
    ) -> list[Event]:
        """The events that meet every filter given, by first day.

        *between* is a period of days, both ends included, either end
        ``None`` for an open end. An all-day event is placed by its dates, a
        timed one by the day its start and end fall on in their own offset
        (an event at 23:30 on 4 March at +01:00 is on 4 March). An event is
        in the period if any of its days is. *sdg* ``"4"`` also finds
        targets ``"4.3"``; *network* finds the events of its networks and of
        its memberships.

        Args:
            between: the period, as dates or ``"YYYY-MM-DD"``.
            city: a city, or its id.
            country: an ISO 3166-1 alpha-2 code.
            network: a network, or its id.
            organizer: an organization, or its id.
            kind: an event kind (``"ceremony"``, …).
            sdg: a Sustainable Development Goal or target (``"4"``,
                ``"4.3"``).
            status: an event status (``"completed"``, …).

        Returns:
            The events, by first day.

        >>> march = (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))
        >>> [e.id for e in query.events(between=march, city="ma-fez")]
        ['ma-fez-2025-03-05-gnlc-anniversary']
        >>> len(query.events(between=("2025-01-01", "2025-12-31"), kind="ceremony"))
        1

        Raises:
            ValueError: a city, network or organization the dataset does not
                know, a kind or status that does not exist, or a period that
                ends before it starts; each message names what was expected.
        """
        spans: Iterable[tuple[dt.date, dt.date, Event]] = self.index.events_by_day
        if between is not None:
            spans = _overlapping(self.index, as_period(between))
        tests = _event_tests(
            self.index,
            city=city,
            country=country,
            network=network,
            organizer=organizer,
            kind=kind,
            status=status,
            sdg=sdg,
        )
        return [event for _, _, event in spans if all(test(event) for test in tests)]

    def anniversaries(
        self,
        *,
        between: tuple[DayLike, DayLike],
        network: str | Network | None = None,
    ) -> list[Anniversary]:
        """The yearly anniversaries of joining that fall in *between*.

        Only memberships joined on a known day (no ``~``, ``?`` or ``%``)
        have anniversaries, and only while they may still run. One joined on
        29 February has it on 28 February in other years.

        Args:
            between: the period, both ends included, as dates or
                ``"YYYY-MM-DD"``.
            network: only the memberships of this network (or id).

        Returns:
            The anniversaries, by date.

        >>> february = (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
        >>> for a in query.anniversaries(between=february):
        ...     print(a.membership.city, a.years, a.date)
        ma-agadir 2 2026-02-14
        ma-essaouira 2 2026-02-14
        ma-fez 2 2026-02-14
        """
        start, end = as_period(between)
        if start is None or end is None:
            raise ValueError("the period of anniversaries must have both ends")
        wanted = None if network is None else _known(self.index, "networks", network)
        found = []
        for day in _days(start, end):
            keys = [(day.month, day.day)]
            if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
                keys.append((2, 29))
            for key in keys:
                for membership in self.index.by_month_day.get(key, ()):
                    first = _exact_day(membership)
                    if (
                        first is not None
                        and first.year < day.year
                        and (wanted is None or membership.network == wanted)
                        and active_on(membership, day, "possible")
                    ):
                        found.append(
                            Anniversary(membership, day.year - first.year, day)
                        )
        return sorted(found, key=lambda a: (a.date, a.membership.id))

    def find_cities(self, text: str) -> list[City]:
        """The cities whose name, localized names or aliases match *text*.

        Case, accents and punctuation are ignored; exact matches of the
        English name come first, then of another name, then names that begin
        with the text, then names that hold it.

        >>> [[c.id for c in query.find_cities(t)] for t in ("fes", "Fès", "FEZ", "فاس")]
        [['ma-fez'], ['ma-fez'], ['ma-fez'], ['ma-fez']]
        """
        wanted = _fold(text)
        if not wanted:
            return []
        index = self.index
        ranks: dict[str, tuple[int, City]] = {}

        def rank(names: Iterable[str], score: int) -> None:
            for name in names:
                for city in index.names[name]:
                    if city.id not in ranks or ranks[city.id][0] > score:
                        ranks[city.id] = (score, city)

        for city in index.names.get(wanted, ()):
            ranks[city.id] = (0 if _fold(city.name) == wanted else 1, city)
        low = bisect.bisect_left(index.sorted_names, wanted)
        high = bisect.bisect_left(index.sorted_names, wanted + "\uffff")
        rank(index.sorted_names[low:high], 2)
        rank(_containing(index, wanted), 3)
        ordered = sorted(ranks.values(), key=lambda r: (r[0], r[1].name, r[1].id))
        return [city for _, city in ordered]

    @overload
    def count(
        self,
        by: Literal["country"] = "country",
        *,
        network: str | Network | None = None,
        on: DayLike | None = None,
        certainty: Certainty = "certain",
    ) -> dict[str | None, int]: ...
    @overload
    def count(
        self,
        by: Literal["year"],
        *,
        network: str | Network | None = None,
        on: DayLike | None = None,
        certainty: Certainty = "certain",
    ) -> dict[int | None, int]: ...
    @overload
    def count(
        self,
        by: Literal["network"],
        *,
        network: str | Network | None = None,
        on: DayLike | None = None,
        certainty: Certainty = "certain",
    ) -> dict[str, int]: ...
    @overload
    def count(
        self,
        by: tuple[Dimension, ...],
        *,
        network: str | Network | None = None,
        on: DayLike | None = None,
        certainty: Certainty = "certain",
    ) -> dict[tuple[Any, ...], int]: ...

    def count(
        self,
        by: Dimension | tuple[Dimension, ...] = "country",
        *,
        network: str | Network | None = None,
        on: DayLike | None = None,
        certainty: Certainty = "certain",
    ) -> (
        dict[str | None, int]
        | dict[int | None, int]
        | dict[str, int]
        | dict[tuple[Any, ...], int]
    ):
        """How many memberships per country, per year joined, or per network.

        Args:
            by: ``"country"``, ``"year"`` or ``"network"``; or a tuple of
                them, to count over several at once (``("country",
                "year")``: per country and year), each key a tuple.
            network: only the memberships of this network (or id).
            on: only those running on this day (see :meth:`members`).
            certainty: ``"certain"`` or ``"possible"``, for partial dates.

        Returns:
            The counts, in order of key, and last under ``None`` the
            memberships whose key is not known (in a tuple, part by part).

        >>> query.count("year", network="unesco-gnlc")
        {2020: 2, 2022: 2, 2024: 3, 2025: 2}
        >>> query.count(("country", "year"))[("MA", 2024)]
        3

        Raises:
            ValueError: *by* is none of the three (or a part of it), or *on*
                is not a valid date.
        """
        parts: tuple[str, ...] = by if isinstance(by, tuple) else (by,)
        wrong = [part for part in parts if part not in DIMENSIONS]
        if wrong or not parts:
            found = wrong[0] if wrong else by
            raise ValueError(
                f"by must be 'country', 'year' or 'network', not {found!r}"
            )
        pool: Iterable[Membership] = (
            self.dataset.memberships if network is None else self.members(network)
        )
        if on is not None:
            day = as_day(on, "on")
            pool = [m for m in pool if active_on(m, day, certainty)]
        cities = self.index.by_id["cities"]
        dimension: dict[str, Callable[[Membership], Any]] = {
            "country": lambda m: _country(cities.get(m.city)),
            "year": lambda m: m.joined.year if m.joined else None,
            "network": lambda m: m.network,
        }
        keys = [dimension[part] for part in parts]
        counts = Counter(tuple(key(m) for key in keys) for m in pool)
        ordered: dict[Any, int] = {
            (found if isinstance(by, tuple) else found[0]): n
            for found, n in sorted(
                counts.items(),
                key=lambda kv: tuple((part is None, str(part)) for part in kv[0]),
            )
        }
        return ordered

    def nearby(
        self,
        place: str | City | Location | tuple[float, float],
        *,
        within_km: float | None = None,
        limit: int | None = None,
    ) -> list[Nearby]:
        """The cities with a location nearest *place*, by great-circle distance.

        Args:
            place: a city (or its id), a :class:`Location` or a
                ``(lat, lon)`` pair.
            within_km: only the cities at most this far.
            limit: at most this many cities.

        Returns:
            The cities with their distance, nearest first; *place*, if a
            city, is not among them.

        >>> query.nearby((34.03, -5.0))
        []
        """
        own: str | None = None
        if isinstance(place, (str, City)):
            city = self.index.by_id["cities"].get(_id(place))
            if city is None or city.location is None:
                raise ValueError(
                    f"The city {_id(place)!r} has no location in this dataset."
                )
            own, point = city.id, city.location
        else:
            point = place
        found = [
            Nearby(city, distance_km(point, city.location))
            for city in self.dataset.cities
            if city.location is not None and city.id != own
        ]
        if within_km is not None:
            found = [n for n in found if n.km <= within_km]
        found.sort(key=lambda n: (n.km, n.city.id))
        return found if limit is None else found[:limit]
