"""The records as the rules across records read them: as written, by kind.

A :class:`Records` holds the records of one kind and reads them a key at
a time, so that the rules settle their common cases over whole columns;
a :class:`View` reads one record safely (a value with a problem reads as
None). A :class:`Context` is what every rule is given.
"""

from __future__ import annotations

import functools
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

import attrs

from learningcities._findings import Finding, Path
from learningcities.dates import (
    InvalidDateError,
    PartialDate,
    parse_date_or_datetime,
)
from learningcities.errors import Severity
from learningcities.models import KINDS

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator, Mapping
    from collections.abc import Set as AbstractSet

    from learningcities._messages import Message, Text


#: Every record of each kind as written (a JSON object), with its index.
Raw = dict[str, list[tuple[int, dict[str, Any]]]]


A_KIND: Final = {
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
REFERENCES: Final[Mapping[str, tuple[tuple[str, str, str, str], ...]]] = {
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
    keys, objects = _projected(kind)
    kept = {key: record[key] for key in keys if key in record}
    for key, inner in objects:
        value = kept.get(key)
        if isinstance(value, list):
            kept[key] = [
                {inner: item.get(inner)} if isinstance(item, dict) else None
                for item in value
            ]
    return kept


@functools.cache
def _projected(kind: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The keys a projection keeps, and the lists of objects it keeps one key of."""
    references = REFERENCES[kind]
    keys = ("id", "sources", *_READ[kind], *(key for key, *_ in references))
    objects = [
        (key, inner) for key, inner, _, shape in references if shape == "objects"
    ]
    return tuple(dict.fromkeys(keys)), tuple(objects)


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
        skip: AbstractSet[Path] = frozenset(),
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
        return None if text is None else partial_date(text)


@lru_cache(maxsize=1 << 14)
def partial_date(text: str) -> PartialDate | None:
    """The partial date *text* is, or None: registers repeat their dates."""
    try:
        return PartialDate.parse(text)
    except InvalidDateError:
        return None


def moment(text: str) -> dt.date | None:
    try:
        return parse_date_or_datetime(text)
    except InvalidDateError:
        return None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


#: The types of what :meth:`Records.texts` keeps as it is.
_TEXT_OR_NONE: Final = frozenset({str, type(None)})


class Records:
    """The records of one kind, read a key at a time.

    The rules settle their common cases over these columns, at C speed, and
    read one by one (as a :class:`View`) only the records they pick.
    """

    __slots__ = ("_texts", "_values", "indexes", "kind", "records", "skip")

    def __init__(
        self,
        kind: str,
        items: list[tuple[int, dict[str, Any]]],
        skip: Mapping[int, AbstractSet[Path]],
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


class Naming:
    """How a finding names another record: its place, and the file it is in.

    The rules across records read the records of one file, or of the files
    of one submission together, numbered one after the other by kind. A
    finding about one record that names another (the earlier record with
    the same id, the membership it overlaps) names it by this. The default
    names every record as a file of its own would: ``cities[3]``.
    """

    def name(self, kind: str, index: int, seen_from: int) -> str | Text:
        """How the record *index* of *kind* is named in a finding about *seen_from*."""
        del seen_from  # one file: every record is named alike
        return f"{kind}[{index}]"

    def apart(self, kind: str, index: int, other: int) -> bool:
        """Whether two records of *kind* are in different files of a submission."""
        del kind, index, other
        return False

    @property
    def several(self) -> bool:
        """Whether the records are those of several files."""
        return False


#: The naming of records of one file.
ONE_FILE: Final = Naming()


@attrs.frozen
class Context:
    """What every rule across records is given: the records, and what they may name.

    *known* holds, by kind, the ids of the file and the register together.
    *derived* keeps what a family of rules reads once for all its rules
    (the memberships they compare, say), by the name that family gives it.
    """

    records: Mapping[str, Records]
    known: Mapping[str, frozenset[str]]
    register: Raw
    has_register: bool
    today: dt.date
    naming: Naming = ONE_FILE
    derived: dict[str, Any] = attrs.field(factory=dict, eq=False)


def warning(code: str, text: Message, path: Path) -> Finding:
    """A finding of a warning: what a rule says of data that may be right."""
    return Finding(code, text, path, Severity.WARNING)
