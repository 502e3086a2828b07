"""The rules that compare memberships: overlaps, and admissions beyond a cap.

No two memberships of one city in one network overlap, and no network
admits more cities from one country in one year than its cap allows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from learningcities._checking.rules.records import (
    ONE_FILE,
    Context,
    Naming,
    Records,
    View,
    partial_date,
    warning,
)
from learningcities._countries import ASSIGNED
from learningcities._findings import Finding
from learningcities._messages import Text
from learningcities._shown import quote
from learningcities.dates import PartialDate

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

_Key = TypeVar("_Key", bound=Hashable)


@attrs.frozen
class Member:
    """A membership, read for the rules that compare memberships."""

    index: int | None  # None: in the register
    city: str
    network: str
    joined: PartialDate | None
    left: PartialDate | None

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """When it certainly ran.

        That is from the last day it may have begun to the first day it may
        have ended.
        """
        start = self.joined.latest if self.joined else dt.date.min
        end = self.left.earliest if self.left else dt.date.max
        return start, end


class Memberships:
    """The memberships the rules compare, read a key at a time.

    They are the register's that the file does not hold (by id), then the
    file's; each is made a :class:`Member` only when a rule compares it.
    """

    def __init__(self, context: Context) -> None:
        """Read the memberships of *context*'s file and register."""
        empty = Records("memberships", [], {})
        self.file = context.records.get("memberships", empty)
        in_file = set(self.file.texts("id"))
        self.register = [
            record
            for _, record in context.register.get("memberships", ())
            if record.get("id") not in in_file
        ]

    def texts(self, key: str) -> list[str | None]:
        """Each membership's text at *key*, as :meth:`View.text` reads it."""
        values = (record.get(key) for record in self.register)
        kept = [v if isinstance(v, str) else None for v in values]
        return kept + self.file.texts(key)

    def member(self, position: int) -> Member | None:
        """The membership at *position*, as the rules that compare them read it."""
        if position < len(self.register):
            record = self.register[position]
            return member_of(View("memberships", -1, record, frozenset()))
        return member_of(self.file.view(position - len(self.register)))


def memberships_in(context: Context) -> Memberships:
    """The memberships *context*'s rules compare, read once for all of them."""
    found = context.derived.get("memberships")
    if not isinstance(found, Memberships):
        found = context.derived["memberships"] = Memberships(context)
    return found


def _crowded(
    keys: list[_Key | None], most: int | Callable[[_Key], int | None]
) -> list[int]:
    """The positions of the keys that appear more often than *most* allows.

    *most* is how often any key may appear, or how often each may. A key
    that is None, or whose *most* is None, is never crowded. The rules that
    compare records in groups compare only the records this picks: most
    often none.
    """
    counts = Counter(keys)
    if isinstance(most, int):
        crowded = {k for k, count in counts.items() if count > most and k is not None}
    else:
        crowded = set()
        for key, count in counts.items():
            if key is not None and (limit := most(key)) is not None and count > limit:
                crowded.add(key)
    if not crowded:
        return []
    return [position for position, key in enumerate(keys) if key in crowded]


def member_of(view: View) -> Member | None:
    """A membership as the rules that compare memberships read it, if they can."""
    if view.skip:
        city, network = view.text("city"), view.text("network")
        joined, left = view.partial("joined"), view.partial("left")
    else:  # the common case, read without the checks of a path
        record = view.record
        city, network = record.get("city"), record.get("network")
        city = city if isinstance(city, str) else None
        network = network if isinstance(network, str) else None
        joined_text, left_text = record.get("joined"), record.get("left")
        joined = partial_date(joined_text) if isinstance(joined_text, str) else None
        left = partial_date(left_text) if isinstance(left_text, str) else None
    unreadable = ("joined" in view.record and joined is None) or (
        "left" in view.record and left is None
    )
    if city is None or network is None or unreadable:
        return None
    return Member(None if view.index < 0 else view.index, city, network, joined, left)


def overlapping_memberships(context: Context) -> Iterator[Finding]:
    memberships = memberships_in(context)
    pairs = zip(memberships.texts("city"), memberships.texts("network"), strict=True)
    keys = [None if None in pair else pair for pair in pairs]
    groups: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for position in _crowded(keys, 1):  # two may overlap
        member = memberships.member(position)
        if member is not None:
            groups[member.city, member.network].append(member)
    return overlap_findings(groups.items(), context.naming)


def overlap_findings(
    groups: Iterable[tuple[tuple[str, str], list[Member]]],
    naming: Naming = ONE_FILE,
) -> Iterator[Finding]:
    """The memberships that overlap an earlier one of the same city and network.

    Each group holds the memberships of one city in one network, the
    register's first, then the file's in order; *naming* names the other.
    """
    for (city, network), members in groups:
        if len(members) < 2:  # the common case: nothing to compare
            continue
        for later, member in enumerate(members):
            if member.index is None:
                continue
            other = next(
                (o for o in members[:later] if _overlap(o.period, member.period)), None
            )
            if other is not None:
                where: Text | str = (
                    Text("the register")
                    if other.index is None
                    else naming.name("memberships", other.index, member.index)
                )
                text = Text(
                    "{label} overlaps {other}: {city} would be a member of {network} "
                    "twice at once.",
                    {"other": where, "city": quote(city), "network": quote(network)},
                )
                yield Finding("membership-overlap", text, ("memberships", member.index))


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def _lookup(context: Context, kind: str, key: str) -> dict[str, Any]:
    """A field of each record of *kind*, by id: the register's, then the file's."""
    values: dict[str, Any] = {}
    for _, record in context.register.get(kind, ()):
        identifier = record.get("id")
        if isinstance(identifier, str) and key in record:
            values[identifier] = record[key]
    records = context.records.get(kind)
    if records is not None:
        for identifier, record in zip(
            records.texts("id"), records.records, strict=True
        ):
            if identifier is not None and key in record:
                values[identifier] = record[key]
    return values


def admissions_beyond_caps(context: Context) -> Iterator[Finding]:
    limits = {
        network: limit
        for network, limit in _lookup(context, "networks", LIMIT).items()
        if type(limit) is int and limit >= 0
    }
    if not limits:  # no network caps its admissions
        return iter(())
    assigned: dict[str | None, str] = {
        city: country
        for city, country in _lookup(context, "cities", "country").items()
        if isinstance(country, str) and country in ASSIGNED
    }
    memberships = memberships_in(context)
    countries = map(assigned.get, memberships.texts("city"))
    networks, joins = memberships.texts("network"), memberships.texts("joined")
    columns = zip(networks, countries, joins, strict=True)
    keys = [  # a partial date begins with its four-digit year
        None
        if network is None or country is None or joined is None
        else (network, country, joined[:4])
        for network, country, joined in columns
    ]
    groups: dict[tuple[str, str, int], list[Member]] = defaultdict(list)
    for position in _crowded(keys, lambda key: limits.get(key[0])):
        member, key = memberships.member(position), keys[position]
        if member is not None and member.joined is not None and key is not None:
            groups[member.network, key[1], member.joined.year].append(member)
    since = _lookup(context, "networks", SINCE)
    return cap_findings(groups.items(), limits, since)


#: The field of a network that caps its admissions.
LIMIT: Final = "max_admissions_per_country_per_year"


#: The field of a network that says since when the cap applies (format 1.1).
SINCE: Final = "max_admissions_since"


def cap_findings(
    groups: Iterable[tuple[tuple[str, str, int], list[Member]]],
    limits: Mapping[str, Any],
    since: Mapping[str, Any],
) -> Iterator[Finding]:
    """Warn of admissions beyond a network's cap, in one country in one year.

    Each group holds the memberships of one network, country and year (of
    joining), the register's first, then the file's in order; *limits* is
    each network's cap, and *since* when it took effect (a partial date as
    written), by id. Only the admissions on or after the first day of that
    date count: one whose date is known only to the year or month counts if
    the first day it may be is. A network whose date cannot be read is not
    checked (its date has a problem of its own).
    """
    for (network, country, year), group in groups:
        limit = limits.get(network)
        if type(limit) is not int or limit < 0 or len(group) <= limit:
            continue
        if network in since:
            start = (
                partial_date(since[network]) if type(since[network]) is str else None
            )
            if start is None:
                continue
            first = start.earliest
            group = [m for m in group if m.joined and m.joined.earliest >= first]  # noqa: PLW2901
            if len(group) <= limit:
                continue
        by_date = sorted(group, key=lambda m: m.joined or PartialDate(year=1))
        in_file = [m.index for m in by_date[limit:] if m.index is not None]
        in_file = in_file or [m.index for m in group if m.index is not None]
        if in_file:
            text = Text(
                "{label} makes {count} admissions from {country} to {network} in "
                "{year}, more than the {limit} a year the network allows.",
                {
                    "count": len(group),
                    "country": country,
                    "network": quote(network),
                    "year": year,
                    "limit": limit,
                },
            )
            yield warning("admission-cap", text, ("memberships", in_file[0], "joined"))
