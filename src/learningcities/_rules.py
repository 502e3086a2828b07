"""The rules across records: ids, references, date order, overlaps, caps, text.

They read the records as written (plain JSON values), so that a record with
a problem of its own is still checked against the others, and they skip any
value that already has a problem, so that one defect gives one problem. An
optional register (a reference dataset, such as a network's member
register) is what the file may refer to besides itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from ._countries import ASSIGNED
from ._dates import (
    InvalidDateError,
    PartialDate,
    format_date_or_datetime,
    parse_date_or_datetime,
)
from ._errors import Severity
from ._finding import Finding, Path
from ._json import holds_only, walk
from ._messages import Text
from ._models import KINDS
from ._text import SURROGATE, quote

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

__all__ = [
    "LIMIT",
    "SINCE",
    "Raw",
    "View",
    "cap_findings",
    "check",
    "check_one",
    "duplicate_finding",
    "member_of",
    "not_normalized",
    "overlap_findings",
    "project",
    "raw_records",
    "reference_finding",
    "references_of",
    "surely_normalized",
    "text_findings",
]

_Key = TypeVar("_Key", bound=Hashable)

#: Every record of each kind as written (a JSON object), with its index.
Raw = dict[str, list[tuple[int, dict[str, Any]]]]

_A_KIND: Final = {
    "sources": "a source",
    "networks": "a network",
    "organizations": "an organization",
    "cities": "a city",
    "memberships": "a membership",
    "events": "an event",
}
#: The references each kind holds: the key, the kind it names, and whether
#: the key holds a list of ids ("many"), objects with that key inside
#: ("objects"), or a single id.
_REFERENCES: Final[Mapping[str, tuple[tuple[str, str, str, str], ...]]] = {
    "sources": (),
    "networks": (("coordinator", "", "organizations", "one"),),
    "organizations": (
        ("city", "", "cities", "one"),
        ("parent", "", "organizations", "one"),
    ),
    "cities": (("recognitions", "by", "organizations", "objects"),),
    "memberships": (
        ("city", "", "cities", "one"),
        ("network", "", "networks", "one"),
        ("endorsed_by", "", "organizations", "one"),
    ),
    "events": (
        ("city", "", "cities", "one"),
        ("membership", "", "memberships", "one"),
        ("parent", "", "events", "one"),
        ("networks", "", "networks", "many"),
        ("organizers", "organization", "organizations", "objects"),
    ),
}
_INVISIBLE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\ufeff]"
)


#: The keys the rules read, beyond the references, for each kind.
_READ: Final[Mapping[str, tuple[str, ...]]] = {
    "sources": (),
    "networks": ("max_admissions_per_country_per_year", "max_admissions_since"),
    "organizations": (),
    "cities": ("country", "subdivision"),
    "memberships": ("joined", "left"),
    "events": ("start", "end", "status"),
}


def project(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """What the rules read of *record*: kept instead of it when reading a stream.

    Lists keep their length and objects in lists their position, so that
    paths into the projection are paths into the record.
    """
    kept = {
        key: record[key] for key in ("id", "sources", *_READ[kind]) if key in record
    }
    for key, inner, _, shape in _REFERENCES[kind]:
        if key not in record:
            continue
        value = record[key]
        if shape == "objects" and isinstance(value, list):
            value = [
                {inner: item.get(inner)} if isinstance(item, dict) else None
                for item in value
            ]
        kept[key] = value
    return kept


def raw_records(document: Any) -> Raw:
    """Every record of a parsed dataset document that is a JSON object."""
    raw: Raw = {}
    for kind in KINDS:
        items = document.get(kind) if isinstance(document, dict) else None
        if isinstance(items, list):
            raw[kind] = [(i, r) for i, r in enumerate(items) if isinstance(r, dict)]
    return raw


class View:
    """One record as written, read safely: a value with a problem reads as None."""

    __slots__ = ("index", "kind", "record", "skip")

    def __init__(
        self,
        kind: str,
        index: int,
        record: dict[str, Any],
        skip: frozenset[Path] = frozenset(),
    ) -> None:
        """View *record*, the *index*-th of *kind*; *skip*: its paths with a problem."""
        self.kind, self.index, self.record, self.skip = kind, index, record, skip

    def path(self, *keys: str | int) -> Path:
        return (self.kind, self.index, *keys)

    def keeps(self, where: Path) -> bool:
        """Whether the value at *where*, relative to the record, has no problem."""
        return not self.skip or where not in self.skip

    def text(self, key: str) -> str | None:
        value = self.record.get(key)
        if isinstance(value, str) and (not self.skip or (key,) not in self.skip):
            return value  # (keeps, written out: the rules call this a million times)
        return None

    def partial(self, key: str) -> PartialDate | None:
        text = self.text(key)
        return None if text is None else _partial(text)


@lru_cache(maxsize=1 << 14)
def _partial(text: str) -> PartialDate | None:
    """The partial date *text* is, or None: registers repeat their dates."""
    try:
        return PartialDate.parse(text)
    except InvalidDateError:
        return None


def _moment(text: str) -> dt.date | None:
    try:
        return parse_date_or_datetime(text)
    except InvalidDateError:
        return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


#: The types of what :meth:`_Records.texts` keeps as it is.
_TEXT_OR_NONE: Final = frozenset({str, type(None)})


class _Records:
    """The records of one kind, read a key at a time.

    The rules settle their common cases over these columns, at C speed, and
    read one by one (as a :class:`View`) only the records they pick.
    """

    __slots__ = ("_texts", "_values", "indexes", "kind", "records", "skip")

    def __init__(
        self,
        kind: str,
        items: list[tuple[int, dict[str, Any]]],
        skip: Mapping[int, frozenset[Path]],
    ) -> None:
        """Read *items* of *kind*; *skip*: by index, the paths with a problem."""
        self.kind = kind
        self.indexes = [i for i, _ in items]
        self.records = [record for _, record in items]
        position = {i: p for p, i in enumerate(self.indexes)} if skip else {}
        #: By position, the paths (relative to the record) that have a problem.
        self.skip = {position[i]: paths for i, paths in skip.items() if i in position}
        self._values: dict[str, list[Any]] = {}
        self._texts: dict[str, list[str | None]] = {}

    def values(self, key: str) -> list[Any]:
        """Each record's value at *key* as written (None where it has none)."""
        values = self._values.get(key)
        if values is None:
            values = self._values[key] = [record.get(key) for record in self.records]
        return values

    def texts(self, key: str) -> list[str | None]:
        """Each record's text at *key*, as :meth:`View.text` reads it."""
        texts = self._texts.get(key)
        if texts is None:
            values = self.values(key)
            if _TEXT_OR_NONE.issuperset(map(type, values)):  # the common case
                texts = values.copy()
            else:
                texts = [v if isinstance(v, str) else None for v in values]
            for position, paths in self.skip.items():
                if (key,) in paths:
                    texts[position] = None
            self._texts[key] = texts
        return texts

    def rows(self, *keys: str) -> Iterator[tuple[int, tuple[str | None, ...]]]:
        """Each record's position and its texts at *keys*."""
        return enumerate(zip(*map(self.texts, keys), strict=True))

    def view(self, position: int) -> View:
        """The record at *position*, to be read one value at a time."""
        skip = self.skip.get(position, frozenset())
        return View(self.kind, self.indexes[position], self.records[position], skip)

    def path(self, position: int, *keys: str | int) -> Path:
        return (self.kind, self.indexes[position], *keys)


@attrs.frozen(slots=False)  # a cached property needs a __dict__
class _Context:
    records: Mapping[str, _Records]
    known: Mapping[str, frozenset[str]]
    register: Raw
    has_register: bool
    today: dt.date

    @cached_property
    def memberships(self) -> _Memberships:
        """The memberships the rules compare, read once for them."""
        return _Memberships(self)


def check(
    raw: Raw,
    *,
    skip: Iterable[Path] = (),
    register: Raw | None = None,
    today: dt.date,
) -> list[Finding]:
    """Return the findings of every rule across the records of one file.

    *skip* holds the paths that already have a problem: no rule reports
    them again, nor reads them.
    """
    by_record: dict[Any, dict[Any, set[Path]]] = defaultdict(lambda: defaultdict(set))
    for path in skip:
        if len(path) > 2:  # the kind, the index, then a path in the record
            by_record[path[0]][path[1]].add(path[2:])
    records = {
        kind: _Records(
            kind,
            items,
            {i: frozenset(paths) for i, paths in by_record.get(kind, {}).items()},
        )
        for kind, items in raw.items()
    }
    ids = {kind: _ids(raw.get(kind, ())) for kind in KINDS}
    known = {
        kind: frozenset(ids[kind]) | frozenset(_ids((register or {}).get(kind, ())))
        for kind in KINDS
    }
    context = _Context(records, known, register or {}, register is not None, today)
    findings = list(_duplicate_ids(records, ids))
    for rule in (_subdivisions, _references, _date_order, _future, _overlaps, _caps):
        findings += rule(context)
    return findings


def check_one(
    kind: str, index: int, record: dict[str, Any], skip: frozenset[Path], today: dt.date
) -> tuple[View, list[Finding]]:
    """Read one record for the rules, and apply those that need no other record.

    *skip* holds the record's paths (relative to it) that have a problem.
    """
    findings: list[Finding] = []
    rules = _ALONE.get(kind, ())
    if rules:
        records = _Records(kind, [(index, record)], {index: skip} if skip else {})
        context = _Context({kind: records}, {}, {}, has_register=False, today=today)
        for rule in rules:
            findings += rule(context)
    return View(kind, index, record, skip), findings


def _ids(items: Iterable[tuple[int, dict[str, Any]]]) -> list[str]:
    return [i for _, record in items if isinstance(i := record.get("id"), str)]


def _unique(ids: list[str]) -> bool:
    """Whether no id appears twice."""
    return len(set(ids)) == len(ids)


def _duplicate_ids(
    records: Mapping[str, _Records], ids_read: Mapping[str, list[str]]
) -> Iterator[Finding]:
    """Each record whose id an earlier record of its kind has; *ids_read*: by kind."""
    for kind, columns in records.items():
        if _unique(ids_read[kind]):
            continue  # the common case, settled at C speed
        seen: dict[str, int] = {}
        indexes = columns.indexes
        for position, identifier in enumerate(columns.texts("id")):
            if identifier is not None:
                first = seen.setdefault(identifier, position)
                if first != position:
                    yield duplicate_finding(
                        kind, identifier, indexes[first], indexes[position]
                    )


def duplicate_finding(kind: str, identifier: str, first: int, index: int) -> Finding:
    """The *index*-th record of *kind* has the id of the *first*."""
    text = Text(
        "{label} {value} is already the id of {other}; ids must be unique among "
        "{kind}.",
        {"value": quote(identifier), "other": f"{kind}[{first}]", "kind": kind},
    )
    return Finding("duplicate-id", text, (kind, index, "id"))


def _subdivisions(context: _Context) -> Iterator[Finding]:
    cities = context.records.get("cities")
    if cities is None:
        return
    for position, (country, subdivision) in cities.rows("country", "subdivision"):
        if subdivision and subdivision[:2] != country and country in ASSIGNED:
            text = Text(
                "{label} {value} is a subdivision of {prefix}, not of the city's "
                "country {country}.",
                {
                    "value": quote(subdivision),
                    "prefix": quote(subdivision[:2]),
                    "country": quote(str(country)),
                },
            )
            yield Finding("unknown-country", text, cities.path(position, "subdivision"))


def reference_finding(
    path: Path, target: str, identifier: str, *, has_register: bool
) -> Finding:
    """The reference at *path* names an id that no record of *target* has."""
    template = (
        "{label} names {a_kind} {value} that is in neither the file nor the register."
        if has_register
        else "{label} names {a_kind} {value} that is not in the file (and no "
        "register was given)."
    )
    args = {"a_kind": Text(_A_KIND[target]), "value": quote(identifier)}
    return Finding("unknown-reference", Text(template, args), path)


def references_of(view: View) -> Iterator[tuple[Path, str, str]]:
    """Each id a record names and that has no problem: its path, its kind, the id."""
    for key, inner, target, shape in _REFERENCES[view.kind] + _SOURCES:
        value = view.record.get(key)
        if value is not None:
            for where, identifier in _named(key, inner, shape, value):
                if view.keeps(where):
                    yield where, target, identifier


def _references(context: _Context) -> Iterator[Finding]:
    for kind, records in context.records.items():
        specs = [
            (key, inner, target, shape, context.known[target])
            for key, inner, target, shape in _REFERENCES[kind] + _SOURCES
        ]
        for position in _naming_unknown(records, specs):
            view = records.view(position)
            for where, target, identifier in references_of(view):
                if identifier not in context.known[target]:
                    yield reference_finding(
                        view.path(*where),
                        target,
                        identifier,
                        has_register=context.has_register,
                    )


_SOURCES: Final = (("sources", "", "sources", "many"),)


def _naming_unknown(
    records: _Records, specs: list[tuple[str, str, str, str, frozenset[str]]]
) -> Iterable[int]:
    """The positions of the records that may name an unknown id: most often none."""
    unknown: dict[str, set[str]] = {}
    for key, inner, _, shape, known in specs:
        values = records.values(key)
        if shape != "one":
            lists = [value for value in values if isinstance(value, list)]
            values = list(itertools.chain.from_iterable(lists))
        if shape == "objects":
            values = [item.get(inner) for item in values if isinstance(item, dict)]
        missing = _unknown(values, known)
        if missing:
            unknown[key] = missing
    picked: set[int] = set()
    for key, ids in unknown.items():
        picked.update(
            position
            for position, value in enumerate(records.values(key))
            if (
                value in ids
                if isinstance(value, str)
                else value is not None and _holds(value, ids)
            )
        )
    return sorted(picked)


def _unknown(values: list[Any], known: frozenset[str]) -> set[str]:
    """The strings among *values* that are not *known*, found at C speed."""
    try:
        named = set(values)
    except TypeError:  # a list or an object among them
        named = {value for value in values if isinstance(value, str)}
    return {value for value in named - known if isinstance(value, str)}


def _holds(value: Any, ids: set[str]) -> bool:
    """Whether *value* holds one of *ids* anywhere among its strings.

    A record this picks may still name only known ids (a string of an
    object's other key): the exact rule then finds nothing in it.
    """
    if isinstance(value, str):
        return value in ids
    if isinstance(value, list):
        return any(_holds(item, ids) for item in value)
    if isinstance(value, dict):
        return any(_holds(item, ids) for item in value.values())
    return False


def _named(key: str, inner: str, shape: str, value: Any) -> Iterator[tuple[Path, str]]:
    """Each id a reference holds, with its path in the record."""
    if shape == "one":
        if isinstance(value, str):
            yield (key,), value
    elif shape == "many":
        for i, item in enumerate(_list(value)):
            if isinstance(item, str):
                yield (key, i), item
    else:
        for i, item in enumerate(_list(value)):
            identifier = item.get(inner) if isinstance(item, dict) else None
            if isinstance(identifier, str):
                yield (key, i, inner), identifier


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


_DATE_LENGTH: Final = len("YYYY-MM-DD")


#: The dates of a membership.
_DATED: Final = ("joined", "left")


def _date_order(context: _Context) -> Iterator[Finding]:
    events = context.records.get("events")
    if events is not None:
        starts, ends = events.texts("start"), events.texts("end")
        # A date is compared by its day, which is how a date-time begins:
        # only the pairs whose order their text does not settle are read.
        n = _DATE_LENGTH
        unsettled = [
            (position, s, e)
            for position, (s, e) in enumerate(zip(starts, ends, strict=True))
            if s is not None
            and e is not None
            and not ((len(s) == n or len(e) == n) and e[:n] >= s[:n])
        ]
        for position, start_text, end_text in unsettled:
            start, end = _moment(start_text), _moment(end_text)
            if start is not None and end is not None and _before(end, start):
                yield _order_finding(
                    events.path(position, "end"),
                    format_date_or_datetime(end),
                    "start",
                    format_date_or_datetime(start),
                )
    memberships = context.records.get("memberships")
    if memberships is not None:
        paired = [
            (position, joined, left)
            for position, (joined, left) in memberships.rows(*_DATED)
            if joined is not None and left is not None
        ]
        for position, joined_text, left_text in paired:
            joined, left = _partial(joined_text), _partial(left_text)
            if (
                joined is not None
                and left is not None
                and left.latest < joined.earliest
            ):
                path = memberships.path(position, "left")
                yield _order_finding(path, str(left), "joined", str(joined))


def _warning(code: str, text: Text, path: Path) -> Finding:
    return Finding(code, text, path, Severity.WARNING)


def _future(context: _Context) -> Iterator[Finding]:
    today = context.today.isoformat()
    template = "{label} {value} is after today ({today}): it states a past fact."
    year = f"{context.today.year:04}"
    memberships = context.records.get("memberships")
    if memberships is not None:
        # A partial date begins with its year: an earlier one is not read.
        late = sorted(  # by record, then in the order of _DATED
            (position, order, key, written)
            for order, key in enumerate(_DATED)
            for position, written in enumerate(memberships.texts(key))
            if written is not None
            and (written[:4] >= year or not written[:4].isdigit())
        )
        for position, _, key, written in late:
            date = _partial(written)
            if date is not None and date.earliest > context.today:
                text = Text(template, {"value": str(date), "today": today})
                yield _warning("future-date", text, memberships.path(position, key))
    events = context.records.get("events")
    if events is not None:
        # A day, or a date-time's day, written after today's: then read it.
        completed = [
            (position, begins)
            for position, (status, begins) in events.rows("status", "start")
            if status == "completed"
            and begins is not None
            and begins[:_DATE_LENGTH] > today
        ]
        for position, begins in completed:
            start = _moment(begins)
            if start is not None and _day(start) > context.today:
                text = Text(
                    "{label} {value} is after today ({today}), yet the event's status "
                    'is "completed".',
                    {"value": _day(start).isoformat(), "today": today},
                )
                yield _warning("future-date", text, events.path(position, "start"))


@attrs.frozen
class _Member:
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


class _Memberships:
    """The memberships the rules compare, read a key at a time.

    They are the register's that the file does not hold (by id), then the
    file's; each is made a :class:`_Member` only when a rule compares it.
    """

    def __init__(self, context: _Context) -> None:
        """Read the memberships of *context*'s file and register."""
        empty = _Records("memberships", [], {})
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

    def member(self, position: int) -> _Member | None:
        """The membership at *position*, as the rules that compare them read it."""
        if position < len(self.register):
            record = self.register[position]
            return member_of(View("memberships", -1, record, frozenset()))
        return member_of(self.file.view(position - len(self.register)))


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


def member_of(view: View) -> _Member | None:
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
        joined = _partial(joined_text) if isinstance(joined_text, str) else None
        left = _partial(left_text) if isinstance(left_text, str) else None
    unreadable = ("joined" in view.record and joined is None) or (
        "left" in view.record and left is None
    )
    if city is None or network is None or unreadable:
        return None
    return _Member(None if view.index < 0 else view.index, city, network, joined, left)


def _overlaps(context: _Context) -> Iterator[Finding]:
    memberships = context.memberships
    pairs = zip(memberships.texts("city"), memberships.texts("network"), strict=True)
    keys = [None if None in pair else pair for pair in pairs]
    groups: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    for position in _crowded(keys, 1):  # two may overlap
        member = memberships.member(position)
        if member is not None:
            groups[member.city, member.network].append(member)
    return overlap_findings(groups.items())


def overlap_findings(
    groups: Iterable[tuple[tuple[str, str], list[_Member]]],
) -> Iterator[Finding]:
    """The memberships that overlap an earlier one of the same city and network.

    Each group holds the memberships of one city in one network, the
    register's first, then the file's in order.
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
                    else f"memberships[{other.index}]"
                )
                text = Text(
                    "{label} overlaps {other}: {city} would be a member of {network} "
                    "twice at once.",
                    {"other": where, "city": quote(city), "network": quote(network)},
                )
                yield Finding("membership-overlap", text, ("memberships", member.index))


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def _lookup(context: _Context, kind: str, key: str) -> dict[str, Any]:
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


def _caps(context: _Context) -> Iterator[Finding]:
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
    memberships = context.memberships
    countries = map(assigned.get, memberships.texts("city"))
    networks, joins = memberships.texts("network"), memberships.texts("joined")
    columns = zip(networks, countries, joins, strict=True)
    keys = [  # a partial date begins with its four-digit year
        None
        if network is None or country is None or joined is None
        else (network, country, joined[:4])
        for network, country, joined in columns
    ]
    groups: dict[tuple[str, str, int], list[_Member]] = defaultdict(list)
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
    groups: Iterable[tuple[tuple[str, str, int], list[_Member]]],
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
            start = _partial(since[network]) if type(since[network]) is str else None
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
            yield _warning("admission-cap", text, ("memberships", in_file[0], "joined"))


#: The rules that need no other record, by the kind they apply to.
_ALONE: Final[Mapping[str, tuple[Callable[[_Context], Iterator[Finding]], ...]]] = {
    "cities": (_subdivisions,),
    "memberships": (_date_order, _future),
    "events": (_date_order, _future),
}


def text_findings(
    document: Any, walk: Mapping[str, Collection[int]] | None = None
) -> list[Finding]:
    """Warn of text not in NFC or not visible anywhere in a parsed *document*.

    Each record is checked whole first (see :func:`surely_normalized`); only
    the records that fail that are walked string by string. The findings
    are those of :func:`not_normalized`, in the same order. *walk*, if given,
    names by kind the records that failed that check already.
    """
    if not isinstance(document, dict):
        return [] if surely_normalized(document) else list(not_normalized(document))
    findings: list[Finding] = []
    for key, value in document.items():
        if key in KINDS and isinstance(value, list) and walk is not None:
            for index in sorted(walk.get(key, ())):
                findings += not_normalized(value[index], (key, index))
        elif key in KINDS and isinstance(value, list):
            for index, record in enumerate(value):
                if not surely_normalized(record):
                    findings += not_normalized(record, (key, index))
        elif not surely_normalized(value):
            findings += not_normalized(value, (key,))
    return findings


def surely_normalized(value: Any) -> bool:
    """Whether no string in *value* would be warned about, checked at C speed.

    ``repr`` escapes every invisible and control character, and a lone
    surrogate, with a backslash, and keeps other characters as they are;
    quotes, brackets and separators neither compose nor reorder with what
    is next to them. So a ``repr`` without a backslash that is in NFC holds
    only strings that are.
    """
    try:
        shown = repr(value)
    except RecursionError:  # nested deeper than repr goes: walk it instead
        return False
    return "\\" not in shown and unicodedata.is_normalized("NFC", shown)


def not_normalized(raw: Any, prefix: Path = ()) -> Iterator[Finding]:
    """Warn of text not in NFC or holding invisible or control characters."""
    for path, value in walk(raw, prefix, enter=_holds_text):
        if isinstance(value, str):
            finding = _text_finding(value, path)
            if finding is not None:
                yield finding


def _holds_text(container: dict[str, Any] | list[Any], _: Path) -> bool:
    """Whether an array or object may hold a string, and so must be walked."""
    return not holds_only(container, _NUMBERS)


#: The types of the values that are neither text nor a container.
_NUMBERS: Final = frozenset({type(None), bool, int, float})


def _text_finding(value: str, path: Path) -> Finding | None:
    invisible = _INVISIBLE.search(value)
    if invisible is not None:
        text = Text(
            "{label} holds an invisible or control character ({char}) in {value}.",
            {"char": f"U+{ord(invisible[0]):04X}", "value": quote(value)},
        )
        return _warning("not-normalized", text, path)
    if value.isascii() or SURROGATE.search(value):
        return None
    if not unicodedata.is_normalized("NFC", value):
        text = Text(
            "{label} is not in Unicode normalization form C (NFC): {value} is "
            "loaded as its NFC form.",
            {"value": quote(value)},
        )
        return _warning("not-normalized", text, path)
    return None
