"""A Hypothesis strategy per model; every new field is added here."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo
from typing import Any

import attrs
from hypothesis import strategies as st

from learningcities import (
    Activity,
    ActivityKind,
    City,
    CityKind,
    Dataset,
    Event,
    EventKind,
    EventStatus,
    Identifier,
    Location,
    Membership,
    MembershipStatus,
    Network,
    Organization,
    OrganizationKind,
    Organizer,
    OrganizerRole,
    PartialDate,
    Population,
    Recognition,
    Source,
)
from learningcities._characters import is_neat
from learningcities._countries import ASSIGNED

#: Unicode text without surrogates, in NFC (as models hold it), neither blank
#: nor beginning or ending with white space (as format 1.1 wants it).
texts = (
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
    .map(lambda text: unicodedata.normalize("NFC", text.strip()))
    .filter(is_neat)
)
words = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
ids = st.lists(words, min_size=1, max_size=4).map("-".join)
countries = st.sampled_from(sorted(ASSIGNED))
subdivisions = st.builds(
    lambda country, tail: f"{country}-{tail}",
    countries,
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=3),
)
language_tags = st.sampled_from(["en", "fr", "ar", "ar-MA", "zh-Hant", "es-419"])
urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.org/{path}",
    st.sampled_from(["http", "https"]),
    words,
    words,
)
time_zones = st.sampled_from(sorted(zoneinfo.available_timezones()))
sdgs = st.builds(
    lambda goal, target: goal + target,
    st.integers(1, 17).map(str),
    st.sampled_from(["", ".1", ".3", ".10", ".a", ".c"]),
)
names = st.dictionaries(language_tags, texts, max_size=3)
maybe = st.none().__or__


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    """Any partial date, of any precision, with or without qualifiers."""
    day = draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return PartialDate(
        year=day.year,
        month=None if precision == "year" else day.month,
        day=day.day if precision == "day" else None,
        approximate=draw(st.booleans()),
        uncertain=draw(st.booleans()),
    )


offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
moments = st.one_of(st.dates(), st.datetimes(timezones=offsets))

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)
json_values: st.SearchStrategy[Any] = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(texts, children, max_size=3),
    ),
    max_leaves=8,
)
extensions = st.dictionaries(texts.map(lambda key: "x-" + key), json_values, max_size=2)


def at(value: Any, path: tuple[Any, ...]) -> Any:
    """The value at *path* (keys and indexes) inside *value*."""
    for step in path:
        value = value[step]
    return value


def tuples(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    """Short tuples of *strategy*'s values."""
    return st.lists(strategy, max_size=3).map(tuple)


sources = st.builds(
    Source,
    id=ids,
    title=texts,
    publisher=maybe(texts),
    url=maybe(urls),
    published=maybe(partial_dates()),
    accessed=maybe(st.dates()),
    language=maybe(language_tags),
    extensions=extensions,
)
networks = st.builds(
    Network,
    id=ids,
    name=texts,
    names=names,
    acronym=maybe(texts),
    coordinator=maybe(ids),
    founded=maybe(partial_dates()),
    url=maybe(urls),
    max_admissions_per_country_per_year=maybe(st.integers(0, 100)),
    sources=tuples(ids),
    extensions=extensions,
)
identifiers = st.builds(
    Identifier,
    scheme=st.sampled_from(["wikidata", "geonames", "osm"]),
    value=texts,
    extensions=extensions,
)
organizations = st.builds(
    Organization,
    id=ids,
    name=texts,
    kind=st.sampled_from(OrganizationKind),
    names=names,
    country=maybe(countries),
    city=maybe(ids),
    parent=maybe(ids),
    url=maybe(urls),
    identifiers=tuples(identifiers),
    sources=tuples(ids),
    extensions=extensions,
)
locations = st.builds(
    Location,
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    extensions=extensions,
)
populations = st.builds(
    Population,
    count=st.integers(0, 10**10),
    year=maybe(st.integers(1, 9999)),
    extensions=extensions,
)
recognitions = st.builds(
    Recognition,
    kind=st.sampled_from(["award", "world-heritage"]),
    name=texts,
    date=maybe(partial_dates()),
    by=maybe(ids),
    extensions=extensions,
)
cities = st.builds(
    City,
    id=ids,
    name=texts,
    country=countries,
    names=names,
    aliases=tuples(texts),
    kind=st.sampled_from(CityKind),
    subdivision=maybe(subdivisions),
    location=maybe(locations),
    population=maybe(populations),
    recognitions=tuples(recognitions),
    identifiers=tuples(identifiers),
    sources=tuples(ids),
    extensions=extensions,
)
memberships = st.builds(
    Membership,
    id=ids,
    city=ids,
    network=ids,
    joined=maybe(partial_dates()),
    cohort=maybe(texts),
    status=st.sampled_from(MembershipStatus),
    left=maybe(partial_dates()),
    endorsed_by=maybe(ids),
    sources=tuples(ids),
    extensions=extensions,
)
organizers = st.builds(
    Organizer,
    organization=ids,
    role=st.sampled_from(OrganizerRole),
    extensions=extensions,
)
activities = st.builds(
    Activity,
    kind=st.sampled_from(ActivityKind),
    name=maybe(texts),
    description=maybe(texts),
    extensions=extensions,
)
events = st.builds(
    Event,
    id=ids,
    name=texts,
    kind=st.sampled_from(EventKind),
    start=moments,
    end=maybe(moments),
    names=names,
    description=maybe(texts),
    theme=maybe(texts),
    status=st.sampled_from(EventStatus),
    timezone=maybe(time_zones),
    city=maybe(ids),
    venue=maybe(texts),
    organizers=tuples(organizers),
    networks=tuples(ids),
    membership=maybe(ids),
    parent=maybe(ids),
    activities=tuples(activities),
    topics=tuples(texts),
    sdgs=tuples(sdgs),
    sources=tuples(ids),
    extensions=extensions,
)
datasets = st.builds(
    Dataset,
    schema_uri=maybe(urls),
    title=maybe(texts),
    description=maybe(texts),
    license=maybe(texts),
    updated=maybe(st.dates()),
    sources=tuples(sources),
    networks=tuples(networks),
    organizations=tuples(organizations),
    cities=tuples(cities),
    memberships=tuples(memberships),
    events=tuples(events),
    extensions=extensions,
)


def _unique(records: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep the first record of each id."""
    seen: dict[str, Any] = {}
    for record in records:
        seen.setdefault(record.id, record)
    return tuple(seen.values())


def _refs(draw: st.DrawFn, pool: list[str]) -> tuple[str, ...]:
    if not pool:
        return ()
    return tuple(draw(st.lists(st.sampled_from(pool), max_size=2)))


def _ref(draw: st.DrawFn, pool: list[str]) -> str | None:
    return draw(st.none() | st.sampled_from(pool)) if pool else None


@st.composite
def consistent_datasets(draw: st.DrawFn) -> Dataset:
    """A dataset whose every rule across records holds: a loadable dataset.

    Ids are unique per kind, every reference names a record of the dataset,
    ends are not before starts, and no city is a member of one network twice.
    """
    base = draw(datasets)
    source_ids = [s.id for s in _unique(base.sources)]
    org_ids = [o.id for o in _unique(base.organizations)]
    city_ids = [c.id for c in _unique(base.cities)]
    net_ids = [n.id for n in _unique(base.networks)]

    def fix(record: Any, **changes: Any) -> Any:
        if hasattr(record, "sources") and not isinstance(record, Dataset):
            changes.setdefault("sources", _refs(draw, source_ids))
        return attrs.evolve(record, **changes)

    networks = tuple(
        fix(n, coordinator=_ref(draw, org_ids)) for n in _unique(base.networks)
    )
    organizations = tuple(
        fix(o, city=_ref(draw, city_ids), parent=_ref(draw, org_ids))
        for o in _unique(base.organizations)
    )
    cities = tuple(
        fix(
            c,
            subdivision=None
            if c.subdivision is None
            else c.country + c.subdivision[2:],
            recognitions=tuple(
                attrs.evolve(r, by=_ref(draw, org_ids)) for r in c.recognitions
            ),
        )
        for c in _unique(base.cities)
    )
    memberships = []
    pairs = set()
    for m in _unique(base.memberships):
        if not city_ids or not net_ids:
            break
        pair = (draw(st.sampled_from(city_ids)), draw(st.sampled_from(net_ids)))
        if pair in pairs:
            continue
        pairs.add(pair)
        left = (
            m.left
            if m.left and m.joined and m.left.latest >= m.joined.earliest
            else None
        )
        memberships.append(
            fix(
                m,
                city=pair[0],
                network=pair[1],
                endorsed_by=_ref(draw, org_ids),
                left=left,
            )
        )
    membership_ids = [m.id for m in memberships]
    events = []
    event_ids = [e.id for e in _unique(base.events)]
    for e in _unique(base.events):
        ordered = e.end is None or not _ends_before(e.end, e.start)
        events.append(
            fix(
                e,
                end=e.end if ordered else None,
                city=_ref(draw, city_ids),
                membership=_ref(draw, membership_ids),
                parent=_ref(draw, event_ids),
                networks=_refs(draw, net_ids),
                organizers=tuple(
                    attrs.evolve(o, organization=draw(st.sampled_from(org_ids)))
                    for o in e.organizers
                )
                if org_ids
                else (),
            )
        )
    return attrs.evolve(
        base,
        sources=_unique(base.sources),
        networks=networks,
        organizations=organizations,
        cities=cities,
        memberships=tuple(memberships),
        events=tuple(events),
    )


def _ends_before(end: dt.date, start: dt.date) -> bool:
    if isinstance(end, dt.datetime) and isinstance(start, dt.datetime):
        return end < start
    day = end.date() if isinstance(end, dt.datetime) else end
    return day < (start.date() if isinstance(start, dt.datetime) else start)
