"""Exports: rows, CSV files, workbooks, JSON Lines, GeoJSON, iCalendar, JSON-LD."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import json
import tempfile
import zoneinfo
from pathlib import Path
from typing import Any

import geojson as geojson_library
import openpyxl
import pytest
import vobject
from hypothesis import given
from pyld import jsonld as pyld_jsonld

import learningcities
from learningcities import (
    ABSENT,
    City,
    Dataset,
    Event,
    Location,
    Membership,
    Network,
    diff,
)
from learningcities.export import EXPORT_FORMATS, Exported, calendar, export, geojson
from learningcities.models import KINDS

from .commands import run_cli
from .strategies import consistent_datasets

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _loaded_again(dataset: Dataset, to: str) -> tuple[Dataset, Exported]:
    """*dataset* exported *to* a form and loaded again; a table of no record
    has no file, and loads to an empty dataset here.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "out" if to == "csv" else f"out.{to}")
        exported = export(dataset, path, to)  # type: ignore[arg-type]
        if not exported.paths:
            assert to in ("csv", "xlsx", "jsonl")
            assert not any(getattr(dataset, kind) for kind in KINDS)
            return Dataset(), exported
        return learningcities.load(path), exported


def _only_lost(dataset: Dataset, loaded: Dataset, exported: Exported) -> None:
    """What *loaded* lacks of *dataset* is exactly what the export says it lost."""
    changes = diff(dataset, loaded)
    assert [] == [c for c in changes.records if c.change != "changed"]
    missing = {
        (change.kind, change.id, field.path)
        for change in changes.records
        for field in change.fields
        if field.new is ABSENT
    }
    missing |= {("dataset", "", field.path) for field in changes.dataset}
    changed = [
        (change.kind, change.id, field)
        for change in changes.records
        for field in change.fields
        if field.new is not ABSENT
    ]
    assert [] == changed
    lost = {(lost.kind, lost.id, lost.column) for lost in exported.lost}
    # A nested value is lost by its dotted column, and missing by its path.
    assert missing == lost


@pytest.mark.parametrize("to", ["csv", "xlsx", "jsonl", "json"])
@given(dataset=consistent_datasets())
def test_an_export_loads_back_to_the_dataset_but_what_it_lost(
    to: str, dataset: Dataset
) -> None:
    loaded, exported = _loaded_again(dataset, to)
    _only_lost(dataset, loaded, exported)
    if to == "json":
        assert () == exported.lost
        assert dataset == loaded


def test_a_table_names_what_no_cell_can_hold() -> None:
    loaded, exported = _loaded_again(learningcities.sample(), "csv")
    said = [str(lost) for lost in exported.lost]
    assert said == [
        "dataset: title is not written: a field of the dataset, which has no row",
        "dataset: description is not written: a field of the dataset, which has no row",
        "dataset: license is not written: a field of the dataset, which has no row",
        "dataset: updated is not written: a field of the dataset, which has no row",
        "networks unesco-gnlc: x-launch is not written: an object",
        "networks unesco-gnlc: x-cohorts is not written: a list of objects",
        "cities ma-benguerir: recognitions is not written: a list of objects",
        "cities ma-fez: recognitions is not written: a list of objects",
        "events ma-fez-2025-03-05-gnlc-anniversary: activities is not written: a "
        "list of objects",
    ]
    assert loaded.memberships == learningcities.sample().memberships


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        (" =1+1", "' =1+1"),  # after white space, as spreadsheet programs read it
        ("\uff1d1+1", "'\uff1d1+1"),  # a full-width sign, which some fold
        ("-2", "'-2"),
        ("'=kept", "''=kept"),  # apostrophes before a formula: one more
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),  # an apostrophe that is text
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_guarded_and_read_back(
    tmp_path: Path, name: str, cell: str
) -> None:
    city = City(id="ma-fez", name=name, country="MA", aliases=("@a",))
    dataset = Dataset(cities=(city,))
    learningcities.export.to_csv(dataset, tmp_path)
    with (tmp_path / "cities.csv").open(encoding="utf-8", newline="") as stream:
        header, row = list(csv.reader(stream))
    assert [cell, "'@a"] == [row[header.index(c)] for c in ("name", "aliases")]
    assert dataset.cities == learningcities.load(tmp_path).cities


def test_a_workbook_has_a_sheet_per_kind_with_text_and_numbers(
    tmp_path: Path,
) -> None:
    fez = City(
        id="0012",
        name="=Fez",
        country="MA",
        location=Location(lat=34.0331, lon=-179.99999999999997),
    )
    joined = Membership(
        id="m1",
        city="0012",
        network="n",
        joined=learningcities.PartialDate.parse("2024-03"),
    )
    network = Network(id="n", name="N")
    dataset = Dataset(networks=(network,), cities=(fez,), memberships=(joined,))
    path = tmp_path / "register.xlsx"
    learningcities.export.to_xlsx(dataset, path)
    book = openpyxl.load_workbook(path)
    assert ["networks", "cities", "memberships"] == book.sheetnames
    cities = book["cities"]
    header = [cell.value for cell in cities[1]]
    row = dict(zip(header, cities[2], strict=True))
    assert ("0012", "s", "@") == (
        row["id"].value,
        row["id"].data_type,
        row["id"].number_format,
    )
    assert ("=Fez", "s") == (row["name"].value, row["name"].data_type)
    assert (34.0331, "n") == (row["location.lat"].value, row["location.lat"].data_type)
    assert "-179.99999999999997" == row["location.lon"].value
    assert cities[1][0].font.bold
    memberships = book["memberships"]
    assert "2024-03" == memberships.cell(2, 4).value
    assert dataset == learningcities.load(path)


def test_rows_are_flat_and_complete() -> None:
    sample = learningcities.sample()
    rows = sample.rows("cities")
    assert all(list(row) == list(rows[0]) for row in rows)
    fez = next(row for row in rows if row["id"] == "ma-fez")
    assert "city" == fez["kind"]  # the default, which the file leaves out
    assert fez["recognitions"][0]["kind"] == "world-heritage"
    assert all(isinstance(key, str) for key in fez)
    events = sample.rows("events")
    assert "unesco-rabat:partner" in events[0]["organizers"]
    assert rows == sample.rows("city")
    with pytest.raises(ValueError, match="kind must be one of sources, "):
        sample.rows("towns")  # type: ignore[arg-type]


@given(consistent_datasets())
def test_rows_hold_every_value_of_every_record(dataset: Dataset) -> None:
    for kind in KINDS:
        rows = dataset.rows(kind)  # type: ignore[arg-type]
        records = json.loads(learningcities.dumps(dataset)).get(kind, [])
        assert len(records) == len(rows)
        for record, row in zip(records, rows, strict=True):
            for key, value in record.items():
                if isinstance(value, dict) and f"{key}.{next(iter(value), '')}" in row:
                    for inner, item in value.items():
                        assert item == row[f"{key}.{inner}"]
                elif key not in ("organizers", "identifiers"):
                    assert value == row[key]


def test_geojson_is_a_feature_collection_of_located_cities() -> None:
    fez = City(
        id="ma-fez",
        name="Fez",
        country="MA",
        names={"fr": "Fès"},
        location=Location(lat=34.0331, lon=-5.0003),
    )
    nowhere = City(id="ma-x", name="X", country="MA")
    member = Membership(id="m", city="ma-fez", network="unesco-gnlc")
    document = geojson(Dataset(cities=(fez, nowhere), memberships=(member,)))
    parsed = geojson_library.loads(json.dumps(document))
    assert parsed.is_valid, parsed.errors()
    (feature,) = parsed["features"]
    assert [-5.0003, 34.0331] == feature["geometry"]["coordinates"]
    assert "ma-fez" == feature["id"]
    assert {
        "id": "ma-fez",
        "name": "Fez",
        "names": {"fr": "Fès"},
        "country": "MA",
        "memberships": [{"network": "unesco-gnlc", "joined": None, "status": "active"}],
    } == feature["properties"]


@given(consistent_datasets())
def test_every_located_city_is_a_valid_feature(dataset: Dataset) -> None:
    text = json.dumps(geojson(dataset))
    parsed = geojson_library.loads(text)  # which rounds to 6 decimal places
    assert parsed.is_valid, parsed.errors()
    features = json.loads(text)["features"]
    located = [city for city in dataset.cities if city.location is not None]
    assert [c.id for c in located] == [f["id"] for f in features]
    for city, feature in zip(located, features, strict=True):
        assert city.location is not None
        lon, lat = feature["geometry"]["coordinates"]
        assert (city.location.lon, city.location.lat) == (lon, lat)
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90


def test_an_unknown_form_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"to must be one of 'csv', .*, not 'pdf'"):
        export(Dataset(), tmp_path / "x", "pdf")  # type: ignore[arg-type]
    assert (
        "csv",
        "xlsx",
        "jsonl",
        "json",
        "geojson",
        "ics",
        "jsonld",
    ) == EXPORT_FORMATS


def test_the_export_command_writes_and_says_what_it_lost(tmp_path: Path) -> None:
    register = str(EXAMPLES / "register.json")
    status, out, err = run_cli(["export", register, "--to", "csv", "-o", str(tmp_path)])
    assert 0 == status
    assert [f"{tmp_path / kind}.csv" for kind in KINDS] == out.splitlines()
    assert err.startswith(
        "warning: dataset: title is not written: a field of the dataset, which "
        "has no row\n"
    )
    assert (
        "warning: events ma-fez-2025-03-05-gnlc-anniversary: activities is not "
        "written: a list of objects\n"
    ) in err
    lines = tmp_path / "register.jsonl"
    status, out, err = run_cli(["export", register, "--to", "jsonl", "-o", str(lines)])
    assert (0, f"{lines}\n") == (status, out)
    first = json.loads(lines.read_text("utf-8").splitlines()[0])
    assert ("source", first["id"]) == (
        first["type"],
        learningcities.sample().sources[0].id,
    )
    assert learningcities.load(lines).cities == learningcities.load(register).cities


def test_the_export_command_says_what_it_cannot_read_or_write(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.json")
    status, _, err = run_cli(["export", missing, "--to", "json", "-o", str(tmp_path)])
    assert (
        2,
        f"learningcities: cannot read {missing}: No such file or directory\n",
    ) == (
        status,
        err,
    )
    register = str(EXAMPLES / "register.json")
    target = str(tmp_path / "no" / "x.json")
    status, _, err = run_cli(["export", register, "--to", "json", "-o", target])
    assert (
        2,
        f"learningcities: cannot write {target}: No such file or directory\n",
    ) == (
        status,
        err,
    )
    status, _, err = run_cli(["export", register, "--to", "pdf", "-o", target])
    assert 2 == status
    assert "invalid choice: 'pdf'" in err


def _instant(value: dt.date | dt.datetime) -> Any:
    """A moment as a point in time to the second (a date stays a date)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).replace(microsecond=0)
    return value


def _read_instant(line: Any) -> Any:
    """The moment a DTSTART or DTEND line says, its TZID read by name.

    Calendar programs take a TZID by its name from their own time zone
    data; vobject reads the VTIMEZONE instead, and misreads Morocco's
    (whose summer offset is the lower one).
    """
    zones = line.params.get("X-VOBJ-ORIGINAL-TZID") or line.params.get("TZID")
    if zones:
        local = line.value.replace(tzinfo=zoneinfo.ZoneInfo(zones[0]))
        return local.astimezone(dt.timezone.utc)
    return _instant(line.value)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _text(text: str) -> str:
    """Text as RFC 5545 holds it: line breaks as LF, no other control but tab."""
    text = text.replace("\r\n", "\n")
    for line_break in "\r\x85\u2028\u2029":
        text = text.replace(line_break, "\n")
    return "".join(c for c in text if c in "\t\n" or not (c < " " or c == "\x7f"))


@given(consistent_datasets())
def test_a_calendar_holds_every_event_as_another_parser_reads_it(
    dataset: Dataset,
) -> None:
    stamp = dt.datetime(2026, 11, 30, 12, tzinfo=dt.timezone.utc)
    text = calendar(dataset, stamp=stamp).decode("utf-8")
    parsed = vobject.readOne(text)
    entries = {e.uid.value: e for e in getattr(parsed, "vevent_list", [])}
    assert sorted(e.id for e in dataset.events) == sorted(entries)
    if dataset.title:
        assert _text(dataset.title) == parsed.x_wr_calname.value
    for event in dataset.events:
        entry = entries[event.id]
        assert _text(event.name) == entry.summary.value
        timed = [isinstance(m, dt.datetime) for m in (event.start, event.end) if m]
        if not all(timed):  # by days, the end exclusive
            last = _day(event.end or event.start)
            assert _day(event.start) == entry.dtstart.value
            assert last + dt.timedelta(days=1) == entry.dtend.value
            continue
        assert _instant(event.start) == _read_instant(entry.dtstart)
        if event.end is not None:
            assert _instant(event.end) == _read_instant(entry.dtend)
        else:
            assert not hasattr(entry, "dtend")
        status = {"postponed": "TENTATIVE", "cancelled": "CANCELLED"}
        assert status.get(str(event.status), "CONFIRMED") == entry.status.value
        assert [str(event.kind)] == entry.categories.value
        assert stamp == entry.dtstamp.value


def test_a_calendar_event_has_its_zone_place_and_filters(tmp_path: Path) -> None:
    fez = City(id="ma-fez", name="Fez", country="MA")
    moment = dt.datetime(2025, 11, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    forum = Event(
        id="forum",
        name="Forum",
        kind="conference",
        start=moment,
        end=moment + dt.timedelta(hours=6),
        timezone="Africa/Casablanca",
        city="ma-fez",
        venue="Palais des congrès",
        status="postponed",
    )
    other = Event(id="day", name="Day", kind="festival", start=dt.date(2025, 3, 5))
    dataset = Dataset(cities=(fez,), events=(forum, other))
    path = tmp_path / "events.ics"
    saved = str(_saved(dataset, tmp_path))
    status, out, _ = run_cli(
        ["export", saved, "--to", "ics", "--city", "ma-fez", "-o", str(path)]
    )
    assert (0, f"{path}\n") == (status, out)
    parsed = vobject.readOne(path.read_text("utf-8"))
    (entry,) = parsed.vevent_list
    assert "Palais des congrès, Fez, MA" == entry.location.value
    assert "TENTATIVE" == entry.status.value
    assert "DTSTART;TZID=Africa/Casablanca:20251120T100000" in path.read_text("utf-8")
    assert moment == _read_instant(entry.dtstart)
    assert ["Africa/Casablanca"] == [zone.tzid.value for zone in parsed.vtimezone_list]
    out_folder = str(tmp_path / "out")
    status, _, err = run_cli(
        ["export", saved, "--to", "csv", "--city", "x", "-o", out_folder]
    )
    assert (
        2,
        "learningcities: city and network keep events in a calendar (ics) only\n",
    ) == (status, err)


def _saved(dataset: Dataset, folder: Path) -> Path:
    path = folder / "dataset.json"
    learningcities.save(dataset, path)
    return path


def test_a_missing_library_names_the_extra_that_brings_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", missing)
    path = str(tmp_path / "events.ics")
    status, _, err = run_cli(
        ["export", str(EXAMPLES / "register.json"), "--to", "ics", "-o", path]
    )
    assert (
        2,
        "learningcities: Writing a calendar needs icalendar: pip install "
        "'learningcities[calendar]'\n",
    ) == (status, err)
    with pytest.raises(learningcities.LearningCitiesError, match=r"\[excel\]'$"):
        learningcities.export.to_xlsx(Dataset(), tmp_path / "x.xlsx")


def _no_fetch(url: str, _: dict[str, Any]) -> dict[str, Any]:
    raise AssertionError(f"the JSON-LD processor fetched {url}")


def _expanded(document: dict[str, Any]) -> list[dict[str, Any]]:
    """*document* expanded by an independent JSON-LD processor, fetching nothing."""
    expanded: list[dict[str, Any]] = pyld_jsonld.expand(
        json.loads(json.dumps(document)), {"documentLoader": _no_fetch}
    )
    return expanded


SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"


def test_jsonld_expands_to_schema_org_and_org_memberships() -> None:
    register = learningcities.load(EXAMPLES / "register.json")
    nodes = {
        node["@id"]: node for node in _expanded(learningcities.export.jsonld(register))
    }
    fez = nodes["urn:learningcities:cities:ma-fez"]
    assert [SCHEMA + "City"] == fez["@type"]
    assert {"@value": "Fès", "@language": "fr"} in fez[SCHEMA + "name"]
    membership = nodes["urn:learningcities:memberships:unesco-gnlc-ma-fez"]
    assert [ORG + "Membership"] == membership["@type"]
    assert [{"@id": "urn:learningcities:cities:ma-fez"}] == membership[ORG + "member"]
    assert [{"@id": "urn:learningcities:networks:unesco-gnlc"}] == membership[
        ORG + "organization"
    ]
    (joined,) = membership[SCHEMA + "validFrom"]
    assert "http://www.w3.org/2001/XMLSchema#" in joined["@type"]
    event = nodes["urn:learningcities:events:ma-fez-2025-03-05-gnlc-anniversary"]
    assert [{"@id": SCHEMA + "EventScheduled"}] == event[SCHEMA + "eventStatus"]
    assert [
        {"@value": "2025-03-05", "@type": "http://www.w3.org/2001/XMLSchema#date"}
    ] == (event[SCHEMA + "startDate"])
    organizers = {o["@id"] for o in event[SCHEMA + "organizer"]}
    assert organizers <= set(nodes)  # each organizer is a node of the graph
    (place,) = event[SCHEMA + "location"]
    assert [{"@id": "urn:learningcities:cities:ma-fez"}] == place[
        SCHEMA + "containedInPlace"
    ]


@given(consistent_datasets())
def test_jsonld_gives_every_record_one_stable_node(dataset: Dataset) -> None:
    document = learningcities.export.jsonld(dataset, base="https://example.org/")
    expanded = _expanded(document)
    ids = [node["@id"] for node in expanded]
    records = sum(len(getattr(dataset, kind)) for kind in KINDS)
    assert records == len(ids) == len(set(ids))
    assert all(i.startswith("https://example.org/") for i in ids)
    assert document == learningcities.export.jsonld(
        dataset, base="https://example.org/"
    )
    assert all(len(node["@type"]) == 1 for node in expanded)
