"""The dataset in the forms other tools read: tables, JSON Lines, maps.

- :func:`rows` (and :meth:`Dataset.rows`): a kind's records as flat rows,
  the CSV template's dotted columns (``id``, ``location.lat``,
  ``names.fr``), then the columns only some records need (another
  language's ``names.es``, an extension key ``x-note`` or
  ``location.x-source``, ``recognitions``), in the order first met.
  Nothing a record holds is left out. Values are plain Python values as
  the JSON form has them: text (dates in ISO 8601), numbers, and lists; an
  organizer or an identifier is written as its CSV cell is,
  ``organization:role`` or ``scheme:value`` (the role left out when it is
  the default); a list of other objects (``activities``) stays a list of
  dicts. A closed list's field left at its default has the default's
  word (a membership's ``status`` is ``active``), so that a table counts
  it; any other field a record does not have is None.
- :func:`to_csv`, :func:`to_xlsx`: a CSV file per kind, or a workbook with
  a sheet per kind, in the columns the readers take, so that what is
  exported loads back to the same dataset. What a cell cannot hold (a
  list of objects, an extension key's number) is not written, and is
  listed in :attr:`Exported.lost`.
- :func:`to_jsonl`, :func:`to_json`: JSON Lines (the records; a dataset's
  own fields, such as ``title``, have no line) and the dataset document.
- :func:`to_geojson`: the cities that have a location, as an RFC 7946
  FeatureCollection.
- :func:`to_ics`: the events as an RFC 5545 calendar.
- :func:`to_jsonld`: schema.org JSON-LD for the web, memberships as W3C
  ORG memberships.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import re
import zoneinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast
from urllib.parse import quote

import attrs

from learningcities._checking.convert import ENTITY_KINDS, unstructure
from learningcities._choices import EXPORT_FORMATS, ExportFormat
from learningcities._io import save, write_atomically
from learningcities._pipeline.csvfiles import (
    PAIRED,  # the lists of objects a row holds as ``first:second`` texts
    column_types,
    guarded,
    pair_text,
)
from learningcities._spreadsheet import library, put, workbook_text
from learningcities.models import KINDS, SINGULAR, Choice, Dataset

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from learningcities._reading.files import PathLike
    from learningcities.models import (
        City,
        Event,
        Membership,
        Network,
        Organization,
        Source,
    )

__all__ = [
    "EXPORT_FORMATS",
    "JSONLD_CONTEXT",
    "ExportFormat",
    "Exported",
    "Lost",
    "calendar",
    "export",
    "geojson",
    "jsonld",
    "rows",
    "to_csv",
    "to_geojson",
    "to_ics",
    "to_json",
    "to_jsonl",
    "to_jsonld",
    "to_xlsx",
]


def _json_records(dataset: Dataset, kind: str) -> list[dict[str, Any]]:
    """The records of *kind* in *dataset*, as JSON values in canonical form."""
    kind = _plural(kind)
    only = Dataset(**{kind: getattr(dataset, kind)})
    records: list[dict[str, Any]] = unstructure(only).get(kind, [])
    return records


def _plural(kind: str) -> str:
    """The kind *kind* names (``"city"`` or ``"cities"``), as ``"cities"``.

    Raises:
        ValueError: *kind* is not a kind of record.
    """
    kind = SINGULAR.get(kind, kind)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return kind


def rows(dataset: Dataset, kind: str) -> list[dict[str, Any]]:
    """The records of *kind* (``"cities"`` or ``"city"``) as flat rows.

    Every row has the same keys; see the module's documentation.

    >>> import learningcities
    >>> row = rows(learningcities.sample(), "cities")[0]
    >>> row["id"], row["kind"], row["sources"][0]
    ('ma-benguerir', 'city', 'maroc-diplomatique-unesco-corrigendum-2020')
    """
    kind = _plural(kind)
    flat = [dict(_flat(record, kind)) for record in _json_records(dataset, kind)]
    keys = _columns(kind, flat)
    defaults = _defaults(kind)
    return [{key: row.get(key, defaults.get(key)) for key in keys} for row in flat]


def _columns(kind: str, rows: list[dict[str, Any]]) -> list[str]:
    """The columns of *rows*: the template's, then the others in the order met."""
    keys = {name: None for name, _ in column_types(kind)}
    for row in rows:
        keys.update(dict.fromkeys(row))
    return list(keys)


def _flat(record: Mapping[str, Any], kind: str) -> Iterator[tuple[str, Any]]:
    """The (column, value) pairs of one record's JSON values."""
    nested = _nested(kind)
    for key, value in record.items():
        if key in nested and isinstance(value, dict):
            for inner, item in value.items():
                yield f"{key}.{inner}", item
        elif key in PAIRED and all(set(item) <= set(PAIRED[key]) for item in value):
            yield key, [pair_text(item, PAIRED[key]) for item in value]
        else:
            yield key, value


@functools.cache
def _defaults(kind: str) -> dict[str, str]:
    """The word of each closed list's field of *kind* that has a default."""
    cls = ENTITY_KINDS[kind]
    return {
        field.name: str(field.default)
        for field in attrs.fields(cls)
        if isinstance(field.default, Choice)
    }


@functools.cache
def _nested(kind: str) -> frozenset[str]:
    """The fields of *kind* the template writes as dotted columns."""
    return frozenset(
        name.partition(".")[0] for name, _ in column_types(kind) if "." in name
    )


# -- tables: CSV files and workbooks ----------------------------------------------


@attrs.frozen
class Lost:
    """A value an export did not write: its form has no place for it.

    Attributes:
        kind: The kind of the record (``events``), or ``dataset`` for a
            field of the dataset itself (``title``).
        id: The record's id (``""`` for the dataset).
        column: The column the value would be in (``activities``).
        why: What the value is that a cell cannot hold.
    """

    kind: str
    id: str
    column: str
    why: str

    def __str__(self) -> str:
        record = "dataset" if self.kind == "dataset" else f"{self.kind} {self.id}"
        return f"{record}: {self.column} is not written: {self.why}"


@attrs.frozen
class Exported:
    """What an export wrote, and what it could not write.

    Attributes:
        paths: The files written.
        lost: The values the form has no place for, which the files lack.
    """

    paths: tuple[Path, ...]
    lost: tuple[Lost, ...] = ()


#: The text of a list's item, which a cell joins with ``;``: the reader
#: splits the cell at ``;`` and strips each item.
_LIST_ITEM: Final = re.compile(r"[^;\s](?:[^;]*[^;\s])?", re.DOTALL)
#: An organizer's or identifier's ``first:second`` text that reads back: the
#: reader splits it at its first ``:`` and strips both parts.
_PAIR_ITEM: Final = re.compile(
    r"[^:;\s](?:[^:;]*[^:;\s])?(?::[^;\s](?:[^;]*[^;\s])?)?", re.DOTALL
)


def _cell(column: str, value: Any) -> str | int | float | None:
    """What a table's cell holds for *value*: text, a number, or None if it cannot.

    A cell reads back as the value: a list is its items joined with ``;``
    (so no item may hold one, nor begin or end with a space); an extension
    key's value must be text, which is how a cell is read, and its name a
    column the reader takes (no ``.``, no space around it); a nested
    extension key, an object, ``null``, a boolean and a list of objects
    have no cell.
    """
    if value is None or type(value) is bool or isinstance(value, dict):
        return None
    head, dot, tail = column.partition(".")
    if dot and tail.startswith("x-"):
        return None  # location.x-…: the readers take no such column
    if head.startswith("x-"):
        whole = not dot and column == column.strip()
        return value if whole and type(value) is str and value else None
    if isinstance(value, list):
        item = _PAIR_ITEM if column in PAIRED else _LIST_ITEM
        if not all(type(part) is str and item.fullmatch(part) for part in value):
            return None
        value = ";".join(value)
    return cast("str | int | float", value)


def _table(
    dataset: Dataset, kind: str
) -> tuple[list[str], list[list[Any]], list[Lost]]:
    """The header and rows of *kind*'s table, and the values they lack."""
    template = [name for name, _ in column_types(kind)]
    records = _json_records(dataset, kind)
    flat = [dict(_flat(record, kind)) for record in records]
    lost: list[Lost] = []
    written: list[dict[str, Any]] = []
    for record, values in zip(records, flat, strict=True):
        cells = {}
        for key, value in values.items():
            cell = _cell(key, value)
            if cell is None:
                lost.append(Lost(kind, record["id"], key, _why(value)))
            else:
                cells[key] = cell
        written.append(cells)
    header = [
        key
        for key in _columns(kind, flat)
        if key in template or any(key in cells for cells in written)
    ]
    return header, [[cells.get(key) for key in header] for cells in written], lost


def _own_fields_lost(dataset: Dataset) -> list[Lost]:
    """The dataset's own fields (``title``, …): a table or a line is a record's."""
    none: dict[str, Any] = dict.fromkeys(KINDS, ())
    only = attrs.evolve(dataset, **none)
    why = "a field of the dataset, which has no row"
    fields = unstructure(only)
    return [Lost("dataset", "", key, why) for key in fields if key != "learningcities"]


def _why(value: Any) -> str:
    """What a value is that no cell holds, as :class:`Lost` says it."""
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return "a list of objects"
    if isinstance(value, list):
        return "a list whose items a ';' list cannot hold"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "text in a column the readers do not take"
    return f"not text ({json.dumps(value)})"


def to_csv(dataset: Dataset, folder: PathLike) -> Exported:
    """Write a CSV file per kind of record into *folder* (made if missing).

    ``cities.csv``, ``memberships.csv``, …, one for each kind the dataset
    has records of (the CSV reader refuses a file without records):
    UTF-8, comma-separated, a header row of the kind's columns (the
    template's, then the extension columns the records have). A cell a
    spreadsheet program would run as a formula (``=…``, ``+…``, ``-…``,
    ``@…``, also after white space) begins with an apostrophe, which the
    CSV reader takes off again. Each file is written atomically.

    Returns:
        The files written, and the values no cell could hold.

    >>> import pathlib, tempfile, learningcities
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> exported = to_csv(learningcities.sample(), folder)
    >>> [path.name for path in exported.paths][:3]
    ['sources.csv', 'networks.csv', 'organizations.csv']
    >>> print(exported.lost[0])
    dataset: title is not written: a field of the dataset, which has no row
    >>> print(exported.lost[-2])
    cities ma-fez: recognitions is not written: a list of objects
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths, lost = [], _own_fields_lost(dataset)
    for kind in KINDS:
        if not getattr(dataset, kind):
            continue
        header, table, missing = _table(dataset, kind)
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(header)
        for cells in table:
            writer.writerow(_csv_text(cell) for cell in cells)
        path = target / f"{kind}.csv"
        write_atomically(path, text.getvalue().encode("utf-8"))
        paths.append(path)
        lost += missing
    return Exported(tuple(paths), tuple(lost))


def _csv_text(cell: str | float | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return guarded(cell)
    return repr(cell)


def to_xlsx(dataset: Dataset, path: PathLike) -> Exported:
    """Write a workbook (``.xlsx``) with a sheet per kind of record.

    Each sheet is named after its kind (for each kind the dataset has
    records of; a dataset without records writes no file), with a bold
    header row of the
    kind's columns; ids, dates and other text are text cells (formatted
    as text, so that a spreadsheet program does not read ``2024-03`` as a
    date), numbers are numbers (but one with more significant digits than
    a spreadsheet keeps, 15, which is its text). Needs the ``[excel]``
    extra (openpyxl).

    Returns:
        The file written, and the values no cell could hold.

    Raises:
        LearningCitiesError: openpyxl is not installed.
    """
    openpyxl = library("openpyxl", "excel", "a workbook")
    bold = library("openpyxl.styles", "excel", "a workbook").Font(bold=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    lost = _own_fields_lost(dataset)
    for kind in KINDS:
        if not getattr(dataset, kind):
            continue
        header, table, missing = _table(dataset, kind)
        lost += missing
        sheet = book.create_sheet(kind)
        sheet.append([workbook_text(name) for name in header])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for number, cells in enumerate(table, 2):
            for column, value in enumerate(cells, 1):
                if value is not None:
                    put(sheet.cell(number, column), value)
    if not book.sheetnames:
        return Exported((), tuple(lost))
    data = io.BytesIO()
    book.save(data)
    write_atomically(path, data.getvalue())
    return Exported((Path(path),), tuple(lost))


# -- JSON Lines and the dataset document ----------------------------------------


def to_jsonl(dataset: Dataset, path: PathLike) -> Exported:
    """Write the records as JSON Lines, a record per line with its ``type``.

    The dataset's own fields (``title``, ``license``, …) have no line in
    JSON Lines: use :func:`to_json` to keep them. A dataset without
    records writes no file (the reader refuses an empty one).
    """
    lines = []
    for kind_type, kind in SINGULAR.items():
        for record in _json_records(dataset, kind):
            line = {"type": kind_type, **record}
            lines.append(json.dumps(line, ensure_ascii=False) + "\n")
    lost = tuple(_own_fields_lost(dataset))
    if not lines:  # the JSON Lines reader refuses a file without records
        return Exported((), lost)
    write_atomically(path, "".join(lines).encode("utf-8"))
    return Exported((Path(path),), lost)


def to_json(dataset: Dataset, path: PathLike) -> Exported:
    """Write the dataset document in canonical form, as :func:`save` does."""
    save(dataset, path, check=False)
    return Exported((Path(path),))


# -- maps -----------------------------------------------------------------------


def geojson(dataset: Dataset) -> dict[str, Any]:
    """The cities that have a location, as an RFC 7946 GeoJSON FeatureCollection.

    Each city is a Point feature (``[lon, lat]``, as RFC 7946 orders them)
    whose ``id`` is the city's and whose properties are its ``id``,
    ``name``, ``names``, ``country`` and ``memberships``: each of the
    city's memberships, with its ``network``, ``joined`` (None when not
    known) and ``status``.

    >>> from learningcities import City, Dataset, Location
    >>> fez = City(id="ma-fez", name="Fez", country="MA",
    ...            location=Location(lat=34.0331, lon=-5.0003))
    >>> feature = geojson(Dataset(cities=(fez,)))["features"][0]
    >>> feature["geometry"]
    {'type': 'Point', 'coordinates': [-5.0003, 34.0331]}
    """
    memberships: dict[str, list[dict[str, Any]]] = {}
    for membership in dataset.memberships:
        memberships.setdefault(membership.city, []).append(
            {
                "network": membership.network,
                "joined": None if membership.joined is None else str(membership.joined),
                "status": str(membership.status),
            }
        )
    features = [
        {
            "type": "Feature",
            "id": city.id,
            "geometry": {
                "type": "Point",
                "coordinates": [city.location.lon, city.location.lat],
            },
            "properties": {
                "id": city.id,
                "name": city.name,
                "names": dict(city.names),
                "country": city.country,
                "memberships": memberships.get(city.id, []),
            },
        }
        for city in dataset.cities
        if city.location is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def to_geojson(dataset: Dataset, path: PathLike) -> Exported:
    """Write :func:`geojson` of *dataset* to *path* (``.geojson``), UTF-8."""
    text = json.dumps(geojson(dataset), ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"))
    return Exported((Path(path),))


# -- calendars ------------------------------------------------------------------

#: The iCalendar STATUS of each event status (RFC 5545 has no "postponed":
#: a postponed event is tentative until its new date is known).
_ICS_STATUS: Final = {
    "scheduled": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
    "completed": "CONFIRMED",
}


def calendar(
    dataset: Dataset,
    *,
    city: str | None = None,
    network: str | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The events of *dataset* as an RFC 5545 calendar (iCalendar text).

    Each event is a VEVENT: its UID is the event's id; an all-day event
    (a date) has DTSTART and DTEND as dates, DTEND the day after its last
    (iCalendar's end is exclusive); a timed one is in its ``timezone``
    (with the VTIMEZONE it needs), or in UTC without one (or before 1970
    or after 2037, where the VTIMEZONE tells no offset). SUMMARY is its
    name, DESCRIPTION its description, LOCATION its venue, city and
    country, CATEGORIES its kind, STATUS from its status (a postponed event
    is TENTATIVE). Text keeps its line breaks but not the control
    characters iCalendar has no place for; times are to the second.
    *city* and *network* keep the events that the ``events`` query keeps
    for them. Needs the ``[calendar]`` extra
    (icalendar).

    Args:
        dataset: the events, and the cities they take place in.
        city: only the events in this city (an id).
        network: only the events of this network, or of its memberships.
        stamp: the calendar's DTSTAMP (by default now, in UTC).

    Raises:
        LearningCitiesError: icalendar is not installed.
    """
    icalendar = library("icalendar", "calendar", "a calendar")
    from learningcities._version import __version__  # noqa: PLC0415

    book = icalendar.Calendar()
    book.add("prodid", f"-//learningcities//learningcities {__version__}//EN")
    book.add("version", "2.0")
    book.add("calscale", "GREGORIAN")
    if dataset.title:
        # TEXT, escaped as such: an X- property is not known to be text
        book.add("x-wr-calname", icalendar.vText(_ics_text(dataset.title)))
    when = stamp or dt.datetime.now(dt.timezone.utc)
    cities = {city.id: city for city in dataset.cities}
    for event in dataset.query.events(city=city, network=network):
        entry = icalendar.Event()
        entry.add("uid", event.id)
        entry.add("dtstamp", when)
        start, end = _ics_times(event)
        entry.add("dtstart", start)
        if end is not None:
            entry.add("dtend", end)
        entry.add("summary", _ics_text(event.name))
        if event.description:
            entry.add("description", _ics_text(event.description))
        place = cities.get(event.city) if event.city else None
        where = [event.venue, place.name if place else None, place and place.country]
        if any(where):
            entry.add("location", _ics_text(", ".join(p for p in where if p)))
        entry.add("categories", [str(event.kind)])
        entry.add("status", _ICS_STATUS[str(event.status)])
        book.add_component(entry)
    book.add_missing_timezones()
    data: bytes = book.to_ical()
    return data


#: The control characters iCalendar's text has no place for (RFC 5545,
#: 3.3.11: TEXT excludes CONTROL but tab; a line break is written ``\n``).
_NOT_ICS_TEXT: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


#: What iCalendar's text writes as a line break (``\n``): CR LF, CR, and
#: the Unicode line breaks that readers split lines at (NEL, LS, PS).
_ICS_BREAK: Final = re.compile("\r\n|[\r\x85\u2028\u2029]")


def _ics_text(text: str) -> str:
    r"""*text* as iCalendar holds it: line breaks as LF, no other control.

    >>> _ics_text("a\r\nb\rc\x07d\u2028e")
    'a\nb\ncd\ne'
    """
    return _NOT_ICS_TEXT.sub("", _ICS_BREAK.sub("\n", text))


#: The years for which a calendar's VTIMEZONE, as icalendar writes it from
#: the zone's rules, tells the offset; a time in another year is in UTC.
_ZONED_YEARS: Final = frozenset(range(1970, 2038))


def _ics_times(event: Any) -> tuple[Any, Any]:
    """An event's DTSTART and DTEND: dates (the end exclusive), or local times.

    iCalendar's start and end are of one type: an event that starts on a
    day and ends at a time (or the other way) is given by its days, each
    time's day the day it falls on in its own offset. Times are to the
    second, as iCalendar holds them, and in the event's time zone for the
    years its VTIMEZONE covers (1970 to 2037), in UTC otherwise.
    """
    start, end = event.start, event.end
    timed = isinstance(start, dt.datetime)
    if not timed or (end is not None and not isinstance(end, dt.datetime)):
        first = start.date() if timed else start
        last = end if end is not None else first
        if isinstance(last, dt.datetime):
            last = last.date()
        return first, last + dt.timedelta(days=1)  # iCalendar's end is exclusive
    zone: dt.tzinfo = dt.timezone.utc
    years = {start.year} if end is None else {start.year, end.year}
    if event.timezone and years <= _ZONED_YEARS:
        with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo(event.timezone)
    local = start.astimezone(zone).replace(microsecond=0)
    if end is None:
        return local, None
    return local, end.astimezone(zone).replace(microsecond=0)


def to_ics(
    dataset: Dataset,
    path: PathLike,
    *,
    city: str | None = None,
    network: str | None = None,
) -> Exported:
    """Write :func:`calendar` of *dataset* to *path* (``.ics``)."""
    write_atomically(path, calendar(dataset, city=city, network=network))
    return Exported((Path(path),))


# -- the web: JSON-LD -------------------------------------------------------------

#: The JSON-LD context of :func:`jsonld`: schema.org's terms by default, the
#: W3C Organization ontology's for memberships (as Popolo's contexts map
#: them), XML Schema's for the types of dates.
JSONLD_CONTEXT: Final = {
    "@vocab": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "member": {"@id": "org:member", "@type": "@id"},
    "memberOf": {"@id": "org:organization", "@type": "@id"},
    "organizer": {"@type": "@id"},
    "superEvent": {"@type": "@id"},
    "parentOrganization": {"@type": "@id"},
    "containedInPlace": {"@type": "@id"},
    "eventStatus": {"@type": "@vocab"},
    "url": {"@type": "@id"},
    "sameAs": {"@type": "@id"},
}

#: The schema.org status of each event status (schema.org has none for an
#: event that took place: it was scheduled).
_EVENT_STATUS: Final = {
    "scheduled": "EventScheduled",
    "postponed": "EventPostponed",
    "cancelled": "EventCancelled",
    "completed": "EventScheduled",
}


def jsonld(dataset: Dataset, *, base: str = "urn:learningcities:") -> dict[str, Any]:
    r"""The dataset as JSON-LD for the web: schema.org, and memberships as W3C ORG.

    A city is a schema.org ``City`` (its names in each language, its
    country, its coordinates); a network and an organization are each an
    ``Organization``; a source is a ``CreativeWork``; an event is an
    ``Event`` (``startDate``, ``endDate``, ``eventStatus``, ``organizer``,
    and its ``location``: the venue as a ``Place`` within the city, or the
    city). A membership is an ``org:Membership`` of a city (``member``) in
    a network (``memberOf``), valid from the day it was joined to the day
    it was left, a partial date as an ``xsd:gYear`` or ``xsd:gYearMonth``
    (its ``~`` and ``?`` qualifiers are not said). Each entity's ``@id`` is
    *base*, its kind and its id: the same record has the same ``@id`` in
    every export.

    >>> from learningcities import City, Dataset
    >>> fez = City(id="ma-fez", name="Fez", country="MA")
    >>> node = jsonld(Dataset(cities=(fez,)))["@graph"][0]
    >>> node["@id"], node["@type"]
    ('urn:learningcities:cities:ma-fez', 'City')
    """
    nodes = _Nodes(base)
    graph = [
        *map(nodes.source, dataset.sources),
        *map(nodes.network, dataset.networks),
        *map(nodes.organization, dataset.organizations),
        *map(nodes.city, dataset.cities),
        *map(nodes.membership, dataset.memberships),
        *map(nodes.event, dataset.events),
    ]
    return {"@context": JSONLD_CONTEXT, "@graph": graph}


@attrs.frozen
class _Nodes:
    """The JSON-LD node of each kind of record, its ``@id`` under *base*."""

    base: str

    def at(self, kind: str, identifier: str | None) -> str | None:
        """The ``@id`` of the record *identifier* of *kind* (None for None)."""
        return None if identifier is None else f"{self.base}{kind}:{quote(identifier)}"

    def source(self, source: Source) -> dict[str, Any]:
        return _entity(
            self.at("sources", source.id),
            "CreativeWork",
            name=source.title,
            publisher=source.publisher,
            url=source.url,
            datePublished=_xsd(source.published),
            inLanguage=source.language,
        )

    def network(self, network: Network) -> dict[str, Any]:
        return _entity(
            self.at("networks", network.id),
            "Organization",
            name=_names(network.name, network.names),
            alternateName=network.acronym,
            url=network.url,
            foundingDate=_xsd(network.founded),
            parentOrganization=self.at("organizations", network.coordinator),
        )

    def organization(self, organization: Organization) -> dict[str, Any]:
        return _entity(
            self.at("organizations", organization.id),
            "Organization",
            name=_names(organization.name, organization.names),
            url=organization.url,
            parentOrganization=self.at("organizations", organization.parent),
            location=self.at("cities", organization.city),
            additionalType=str(organization.kind),
        )

    def city(self, city: City) -> dict[str, Any]:
        place = city.location
        geo = None
        if place is not None:
            geo = {
                "@type": "GeoCoordinates",
                "latitude": place.lat,
                "longitude": place.lon,
            }
        return _entity(
            self.at("cities", city.id),
            "City",
            name=_names(city.name, city.names),
            alternateName=list(city.aliases) or None,
            address={"@type": "PostalAddress", "addressCountry": city.country},
            geo=geo,
        )

    def membership(self, membership: Membership) -> dict[str, Any]:
        return _entity(
            self.at("memberships", membership.id),
            "org:Membership",
            member=self.at("cities", membership.city),
            memberOf=self.at("networks", membership.network),
            validFrom=_xsd(membership.joined),
            validThrough=_xsd(membership.left),
        )

    def event(self, event: Event) -> dict[str, Any]:
        city = self.at("cities", event.city)
        place = {"@type": "Place", "name": event.venue, "containedInPlace": city}
        organizers = [
            self.at("organizations", o.organization) for o in event.organizers
        ]
        return _entity(
            self.at("events", event.id),
            "Event",
            name=_names(event.name, event.names),
            description=event.description,
            startDate=_moment(event.start),
            endDate=None if event.end is None else _moment(event.end),
            eventStatus=_EVENT_STATUS[str(event.status)],
            location=place if event.venue else city,
            organizer=organizers or None,
            superEvent=self.at("events", event.parent),
            keywords=list(event.topics) or None,
        )


def _entity(identifier: str | None, kind: str, **fields: Any) -> dict[str, Any]:
    """A node of the graph: its ``@id``, ``@type`` and the fields that have a value."""
    node: dict[str, Any] = {"@id": identifier, "@type": kind}
    node.update((key, value) for key, value in fields.items() if value is not None)
    return node


def _names(name: str, names: Mapping[str, str]) -> Any:
    """A name, and its other languages as language-tagged values."""
    if not names:
        return name
    return [name, *({"@value": text, "@language": tag} for tag, text in names.items())]


#: The XML Schema type of a partial date of each precision.
_XSD_TYPE: Final = {"year": "xsd:gYear", "month": "xsd:gYearMonth", "day": "xsd:date"}


def _xsd(date: Any) -> dict[str, str] | None:
    """A partial date as a typed literal: ``2024`` a gYear, ``2024-02`` a gYearMonth."""
    if date is None:
        return None
    text = str(date).rstrip("~?%")
    return {"@value": text, "@type": _XSD_TYPE[str(date.precision)]}


def _moment(moment: dt.date | dt.datetime) -> dict[str, str]:
    """A day (``xsd:date``) or a date-time with its offset (``xsd:dateTime``)."""
    if isinstance(moment, dt.datetime):
        return {"@value": moment.isoformat(), "@type": "xsd:dateTime"}
    return {"@value": moment.isoformat(), "@type": "xsd:date"}


def to_jsonld(dataset: Dataset, path: PathLike) -> Exported:
    """Write :func:`jsonld` of *dataset* to *path* (``.jsonld``), UTF-8."""
    text = json.dumps(jsonld(dataset), ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"))
    return Exported((Path(path),))


#: The writer of each form.
_WRITERS: Final[dict[str, Callable[[Dataset, PathLike], Exported]]] = {
    "csv": to_csv,
    "xlsx": to_xlsx,
    "jsonl": to_jsonl,
    "json": to_json,
    "geojson": to_geojson,
    "ics": to_ics,
    "jsonld": to_jsonld,
}


def export(
    dataset: Dataset,
    path: PathLike,
    to: ExportFormat,
    *,
    city: str | None = None,
    network: str | None = None,
) -> Exported:
    """Write *dataset* to *path* in the form *to* (a folder for ``csv``).

    *city* and *network* keep only some events, in a calendar (``ics``).

    Raises:
        ValueError: *to* is none of :data:`EXPORT_FORMATS`, or *city* or
            *network* is given for another form than ``ics``.
    """
    writer = _WRITERS.get(to)
    if writer is None:
        forms = ", ".join(map(repr, EXPORT_FORMATS))
        raise ValueError(f"to must be one of {forms}, not {to!r}")
    if to == "ics":
        return to_ics(dataset, path, city=city, network=network)
    if city is not None or network is not None:
        raise ValueError("city and network keep events in a calendar (ics) only")
    return writer(dataset, path)
