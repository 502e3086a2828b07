"""The rules across records: ids, references, date order, overlaps, caps, text.

They run on the records that passed the per-record checks, and on the ids of
every record in the file (so that one bad record causes no second problem
elsewhere), plus an optional register: a reference dataset, such as a
network's member register, that the file may refer to.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._dates import PartialDate
from ._errors import Severity
from ._finding import Finding, Path
from ._messages import Text
from ._models import City, Dataset, Membership
from ._text import quote

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping


__all__ = ["Ids", "Records", "check", "ids_of", "not_normalized"]

#: The valid records of each kind, each with its index in the file.
Records = dict[str, list[tuple[int, Any]]]
#: The id of every record of each kind that has one, valid or not, by index.
Ids = dict[str, list[tuple[int, str]]]

_A_KIND: Final = {
    "sources": "a source",
    "networks": "a network",
    "organizations": "an organization",
    "cities": "a city",
    "memberships": "a membership",
    "events": "an event",
}
_INVISIBLE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\ufeff]"
)
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


@attrs.frozen
class _Context:
    records: Records
    ids: Mapping[str, frozenset[str]]
    register: Dataset | None
    today: dt.date


def check(
    records: Records,
    ids: Ids,
    *,
    register: Dataset | None,
    today: dt.date,
) -> list[Finding]:
    """Return the findings of every rule across the records of one file."""
    known = {
        kind: frozenset(identifier for _, identifier in ids.get(kind, ()))
        | frozenset(record.id for record in getattr(register, kind, ()))
        for kind in _A_KIND
    }
    context = _Context(records, known, register, today)
    findings = list(_duplicate_ids(ids))
    for rule in (_subdivisions, _references, _date_order, _future, _overlaps, _caps):
        findings += rule(context)
    return findings


def ids_of(raw: Any) -> Ids:
    """The id of every record of a parsed document that has a string id."""
    ids: Ids = {}
    for kind in _A_KIND:
        items = raw.get(kind) if isinstance(raw, dict) else None
        if isinstance(items, list):
            ids[kind] = [
                (index, item["id"])
                for index, item in enumerate(items)
                if isinstance(item, dict) and isinstance(item.get("id"), str)
            ]
    return ids


def _duplicate_ids(ids: Ids) -> Iterator[Finding]:
    for kind, pairs in ids.items():
        seen: dict[str, int] = {}
        for index, identifier in pairs:
            if identifier in seen:
                text = Text(
                    "{label} {value} is already the id of {other}; ids must be unique "
                    "among {kind}.",
                    {
                        "value": quote(identifier),
                        "other": f"{kind}[{seen[identifier]}]",
                        "kind": kind,
                    },
                )
                yield Finding("duplicate-id", text, (kind, index, "id"))
            else:
                seen[identifier] = index


def _subdivisions(context: _Context) -> Iterator[Finding]:
    for index, city in context.records.get("cities", ()):
        if city.subdivision is not None and city.subdivision[:2] != city.country:
            text = Text(
                "{label} {value} is a subdivision of {prefix}, not of the city's "
                "country {country}.",
                {
                    "value": quote(city.subdivision),
                    "prefix": quote(city.subdivision[:2]),
                    "country": quote(city.country),
                },
            )
            yield Finding("unknown-country", text, ("cities", index, "subdivision"))


def _refs(kind: str, record: Any) -> Iterator[tuple[Path, str, str]]:
    """Each reference a record holds: its path within the record, target kind, id."""
    for i, ref in enumerate(getattr(record, "sources", ())):
        yield ("sources", i), "sources", ref
    single = {
        "networks": {"coordinator": "organizations"},
        "organizations": {"city": "cities", "parent": "organizations"},
        "memberships": {
            "city": "cities",
            "network": "networks",
            "endorsed_by": "organizations",
        },
        "events": {"city": "cities", "membership": "memberships", "parent": "events"},
    }.get(kind, {})
    for field, target in single.items():
        value = getattr(record, field)
        if value is not None:
            yield (field,), target, value
    if kind == "cities":
        for i, recognition in enumerate(record.recognitions):
            if recognition.by is not None:
                yield ("recognitions", i, "by"), "organizations", recognition.by
    if kind == "events":
        for i, organizer in enumerate(record.organizers):
            yield (
                ("organizers", i, "organization"),
                "organizations",
                organizer.organization,
            )
        for i, network in enumerate(record.networks):
            yield ("networks", i), "networks", network


def _references(context: _Context) -> Iterator[Finding]:
    template = (
        "{label} names {a_kind} {value} that is in neither the file nor the register."
        if context.register is not None
        else "{label} names {a_kind} {value} that is not in the file (and no "
        "register was given)."
    )
    for kind, records in context.records.items():
        for index, record in records:
            for where, target, value in _refs(kind, record):
                if value not in context.ids[target]:
                    text = Text(
                        template,
                        {"a_kind": Text(_A_KIND[target]), "value": quote(value)},
                    )
                    yield Finding("unknown-reference", text, (kind, index, *where))


def _day(moment: dt.date) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _before(end: dt.date, start: dt.date) -> bool:
    if isinstance(end, dt.datetime) and isinstance(start, dt.datetime):
        return end < start
    return _day(end) < _day(start)


def _order_finding(path: Path, value: str, other: str, other_value: str) -> Finding:
    text = Text(
        "{label} {value} is before {other} {other_value}.",
        {"value": value, "other": repr(other), "other_value": other_value},
    )
    return Finding("date-order", text, path)


def _date_order(context: _Context) -> Iterator[Finding]:
    from ._dates import format_date_or_datetime  # noqa: PLC0415 (a cycle otherwise)

    for index, event in context.records.get("events", ()):
        if event.end is not None and _before(event.end, event.start):
            yield _order_finding(
                ("events", index, "end"),
                format_date_or_datetime(event.end),
                "start",
                format_date_or_datetime(event.start),
            )
    for index, membership in context.records.get("memberships", ()):
        joined, left = membership.joined, membership.left
        if joined is not None and left is not None and left.latest < joined.earliest:
            yield _order_finding(
                ("memberships", index, "left"), str(left), "joined", str(joined)
            )


def _future(context: _Context) -> Iterator[Finding]:
    today = context.today
    template = "{label} {value} is after today ({today}): it states a past fact."
    for index, membership in context.records.get("memberships", ()):
        for field in ("joined", "left"):
            date: PartialDate | None = getattr(membership, field)
            if date is not None and date.earliest > today:
                text = Text(template, {"value": str(date), "today": today.isoformat()})
                yield _warning("future-date", text, ("memberships", index, field))
    for index, event in context.records.get("events", ()):
        if str(event.status) == "completed" and _day(event.start) > today:
            text = Text(
                "{label} {value} is after today ({today}), yet the event's status "
                'is "completed".',
                {"value": _day(event.start).isoformat(), "today": today.isoformat()},
            )
            yield _warning("future-date", text, ("events", index, "start"))


def _warning(code: str, text: Text, path: Path) -> Finding:
    return Finding(code, text, path, Severity.WARNING)


def _period(membership: Membership) -> tuple[dt.date, dt.date]:
    """When a membership certainly ran.

    That is from the last day it may have begun to the first day it may have
    ended.
    """
    start = membership.joined.latest if membership.joined else dt.date.min
    end = membership.left.earliest if membership.left else dt.date.max
    return start, end


def _overlaps(context: _Context) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[tuple[int | None, Membership]]] = defaultdict(
        list
    )
    register = context.register.memberships if context.register else ()
    in_file = {m.id for _, m in context.records.get("memberships", ())}
    for membership in register:
        if membership.id not in in_file:
            groups[membership.city, membership.network].append((None, membership))
    for index, membership in context.records.get("memberships", ()):
        groups[membership.city, membership.network].append((index, membership))
    for (city, network), members in groups.items():
        for later in range(1, len(members)):
            position, current = members[later]
            other = next(
                (
                    o
                    for o in members[:later]
                    if _overlap(_period(o[1]), _period(current))
                ),
                None,
            )
            if position is not None and other is not None:
                where: Text | str = (
                    Text("the register")
                    if other[0] is None
                    else f"memberships[{other[0]}]"
                )
                text = Text(
                    "{label} overlaps {other}: {city} would be a member of {network} "
                    "twice at once.",
                    {"other": where, "city": quote(city), "network": quote(network)},
                )
                yield Finding("membership-overlap", text, ("memberships", position))


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def _caps(context: _Context) -> Iterator[Finding]:
    register = context.register or Dataset()
    networks = {n.id: n for n in register.networks}
    networks.update({n.id: n for _, n in context.records.get("networks", ())})
    cities: dict[str, City] = {c.id: c for c in register.cities}
    cities.update({c.id: c for _, c in context.records.get("cities", ())})
    file_members = context.records.get("memberships", ())
    in_file = {m.id for _, m in file_members}
    members: list[tuple[int | None, Membership]] = [
        (None, m) for m in register.memberships if m.id not in in_file
    ]
    members += file_members
    groups: dict[tuple[str, str, int], list[tuple[int | None, Membership]]] = (
        defaultdict(list)
    )
    for index, membership in members:
        city = cities.get(membership.city)
        if membership.joined is not None and city is not None:
            groups[membership.network, city.country, membership.joined.year].append(
                (index, membership)
            )
    for (network_id, country, year), group in groups.items():
        network = networks.get(network_id)
        limit = network.max_admissions_per_country_per_year if network else None
        if limit is None or len(group) <= limit:
            continue
        by_date = sorted(group, key=lambda g: g[1].joined or PartialDate(year=1))
        excess = [index for index, _ in by_date[limit:]]
        index = next((i for i in excess if i is not None), None)
        if index is None:
            index = next((i for i, _ in group if i is not None), None)
        if index is not None:
            text = Text(
                "{label} makes {count} admissions from {country} to {network} in "
                "{year}, more than the {limit} a year the network allows.",
                {
                    "count": len(group),
                    "country": country,
                    "network": quote(network_id),
                    "year": year,
                    "limit": limit,
                },
            )
            yield _warning("admission-cap", text, ("memberships", index, "joined"))


def not_normalized(raw: Any, prefix: Path = ()) -> Iterator[Finding]:
    """Warn of text not in NFC or holding invisible or control characters."""
    stack: list[tuple[Any, Path]] = [(raw, prefix)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            finding = _text_finding(value, path)
            if finding is not None:
                yield finding
        elif isinstance(value, dict):
            stack += [(v, (*path, k)) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, (*path, i)) for i, v in reversed(list(enumerate(value)))]


def _text_finding(value: str, path: Path) -> Finding | None:
    invisible = _INVISIBLE.search(value)
    if invisible is not None:
        text = Text(
            "{label} holds an invisible or control character ({char}) in {value}.",
            {"char": f"U+{ord(invisible[0]):04X}", "value": quote(value)},
        )
        return _warning("not-normalized", text, path)
    if value.isascii() or _SURROGATE.search(value):
        return None
    if not unicodedata.is_normalized("NFC", value):
        text = Text(
            "{label} is not in Unicode normalization form C (NFC): {value} is "
            "loaded as its NFC form.",
            {"value": quote(value)},
        )
        return _warning("not-normalized", text, path)
    return None
