"""Generate valid format-1.0 datasets of any size, and copies with broken records.

Deterministic for a seed. Writes, into a folder:

- ``register.json``: a dataset document (cities, organizations, a network,
  memberships, events; non-ASCII names in several scripts);
- ``register.jsonl``: the same records, one per line;
- ``cities.csv``, ``memberships.csv``, ``events.csv``: the same, as CSV;
- ``broken.json`` and ``broken.jsonl``: copies in which about 1 % of the
  records are broken, each in one of the ways a real file is (every problem
  code that a record of such a file can have).

Run: python benchmarks/generate.py --records 230000 --out /tmp/lc-bench
(``--formats jsonl`` writes only the JSON Lines files: 4,000,000 records
make about 1 GB.)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

NAMES = (
    "Fès",
    "Marrakech",
    "São Paulo",
    "Kraków",
    "Zürich",
    "Århus",
    "Москва",
    "北京",
    "فاس",
    "Ελευθερούπολη",
)
COUNTRIES = (
    "MA",
    "FR",
    "BR",
    "PL",
    "CH",
    "DK",
    "RU",
    "CN",
    "EG",
    "GR",
    "KR",
    "MX",
    "NG",
    "DE",
    "IN",
)


def records(count: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """About *count* valid records: a third cities, a third memberships, the rest events."""
    rng = random.Random(seed)
    cities = max(1, count // 3)
    data: dict[str, list[dict[str, Any]]] = {
        "networks": [
            {
                "id": "unesco-gnlc",
                "name": "UNESCO Global Network of Learning Cities",
                "acronym": "GNLC",
                "max_admissions_per_country_per_year": 1000,
            }
        ],
        "organizations": [
            {
                "id": f"org-{i}",
                "name": f"Organization {i}",
                "kind": "municipality",
                "country": COUNTRIES[i % len(COUNTRIES)],
            }
            for i in range(100)
        ],
        "cities": [],
        "memberships": [],
        "events": [],
    }
    for i in range(cities):
        base = NAMES[i % len(NAMES)]
        data["cities"].append(
            {
                "id": f"city-{i}",
                "name": f"{base} {i}",
                "country": COUNTRIES[i % len(COUNTRIES)],
                "names": {"fr": f"{base} {i}", "ar": f"مدينة {i}"},
                "aliases": [f"Town {i}"],
                "location": {
                    "lat": round(rng.uniform(-60, 70), 4),
                    "lon": round(rng.uniform(-170, 170), 4),
                },
                "population": {"count": rng.randrange(10_000, 5_000_000), "year": 2020},
            }
        )
        data["memberships"].append(
            {
                "id": f"gnlc-city-{i}",
                "city": f"city-{i}",
                "network": "unesco-gnlc",
                "joined": (
                    dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(4000))
                ).isoformat(),
                "cohort": "2020",
            }
        )
    for i in range(max(1, count - 2 * cities)):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3600))
        data["events"].append(
            {
                "id": f"event-{i}",
                "name": f"Learning festival {i}",
                "kind": "festival",
                "start": start.isoformat(),
                "end": (start + dt.timedelta(days=rng.randrange(3))).isoformat(),
                "timezone": "Africa/Casablanca",
                "city": f"city-{rng.randrange(cities)}",
                "organizers": [
                    {"organization": f"org-{rng.randrange(100)}", "role": "organizer"}
                ],
                "networks": ["unesco-gnlc"],
                "sdgs": ["4", "11.3"],
                "topics": ["lifelong learning"],
            }
        )
    return data


def _break(kind: str, record: dict[str, Any], way: int) -> dict[str, Any]:
    """*record* broken in the *way*-th manner that fits its kind."""
    broken = dict(record)
    ways: list[Callable[[], object]] = [
        lambda: broken.update(
            {"strat" if kind == "events" else "nmae": "typo"}
        ),  # schema
        lambda: broken.update({"id": "Not An Id"}),  # schema
        lambda: broken.pop("name" if kind != "memberships" else "city"),  # schema
        lambda: broken.update({"x-dup": "__DUPLICATE__"}),  # duplicate-key
        lambda: broken.update({"x-n": "__NAN__"}),  # invalid-number
        lambda: broken.update(
            {
                "name": unicodedata.normalize("NFD", "Fès")
                if kind != "memberships"
                else "x"
            }
        ),
    ]
    specific: Sequence[Callable[[], object]] = {
        "cities": [
            lambda: broken.update({"country": "XX"}),  # unknown-country
            lambda: broken.update({"subdivision": "ZZ-01"}),  # unknown-country
            lambda: broken.update({"id": "city-0"}),  # duplicate-id
        ],
        "memberships": [
            lambda: broken.update({"joined": "2024-02-30"}),  # invalid-date
            lambda: broken.update({"city": "city-nowhere"}),  # unknown-reference
            lambda: broken.update({"left": "2010"}),  # date-order
            lambda: broken.update(
                {"id": broken["id"] + "-again"}
            ),  # membership-overlap
            lambda: broken.update({"joined": "2099-01-01"}),  # future-date
        ],
        "events": [
            lambda: broken.update({"timezone": "Africa/Fez"}),  # invalid-timezone
            lambda: broken.update({"end": "2000-01-01"}),  # date-order
            lambda: broken.update({"city": "city-nowhere"}),  # unknown-reference
            lambda: broken.update({"start": "2015-13-01"}),  # schema (month 13)
        ],
    }.get(kind, [])
    options = [*ways, *specific]
    options[way % len(options)]()
    return broken


def broken_copy(
    data: dict[str, list[dict[str, Any]]], fraction: float, seed: int
) -> dict[str, list[dict[str, Any]]]:
    """A copy in which about *fraction* of the cities, memberships and events are broken."""
    rng = random.Random(seed)
    copy = {kind: list(items) for kind, items in data.items()}
    for kind in ("cities", "memberships", "events"):
        items = copy[kind]
        for way, index in enumerate(
            rng.sample(range(len(items)), max(1, int(len(items) * fraction)))
        ):
            if kind == "memberships" and "again" in str(
                _break(kind, items[index], way).get("id")
            ):
                items.append(_break(kind, items[index], way))
            else:
                items[index] = _break(kind, items[index], way)
    return copy


def _text(value: Any, **options: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, **options)
    text = text.replace('"x-dup": "__DUPLICATE__"', '"x-dup": 1, "x-dup": 2')
    return text.replace('"__NAN__"', "NaN")


def write(
    data: dict[str, list[dict[str, Any]]],
    folder: Path,
    stem: str,
    formats: tuple[str, ...] = ("json", "jsonl"),
) -> None:
    """Write *data* as ``STEM.json`` and ``STEM.jsonl`` (those of *formats*)."""
    document = {"learningcities": "1.1", "title": "Generated register", **data}
    if "json" in formats:
        (folder / f"{stem}.json").write_text(_text(document, indent=1) + "\n", "utf-8")
    if "jsonl" not in formats:
        return
    singular = {
        "networks": "network",
        "organizations": "organization",
        "cities": "city",
        "memberships": "membership",
        "events": "event",
    }
    with (folder / f"{stem}.jsonl").open("w", encoding="utf-8") as stream:
        for kind, items in data.items():
            for item in items:
                stream.write(_text({"type": singular[kind], **item}) + "\n")


def write_csv(data: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    """Write the cities, memberships and events as CSV files."""
    columns = {
        "cities": [
            "id",
            "name",
            "country",
            "names.fr",
            "aliases",
            "location.lat",
            "location.lon",
        ],
        "memberships": ["id", "city", "network", "joined", "cohort"],
        "events": ["id", "name", "kind", "start", "end", "timezone", "city", "sdgs"],
    }
    for kind, header in columns.items():
        with (folder / f"{kind}.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            for item in data[kind]:
                row = []
                for column in header:
                    value: Any = item
                    for part in column.split("."):
                        value = value.get(part, "") if isinstance(value, dict) else ""
                    row.append(";".join(value) if isinstance(value, list) else value)
                writer.writerow(row)


def main() -> None:
    """Generate the files the command line asks for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=230_000)
    parser.add_argument("--broken", type=float, default=0.01, help="fraction broken")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path("bench-data"))
    parser.add_argument(
        "--formats",
        default="json,jsonl,csv",
        help="which to write, of json, jsonl and csv (by default all three)",
    )
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    data = records(args.records, args.seed)
    write(data, args.out, "register", formats)
    if "csv" in formats:
        write_csv(data, args.out)
    write(broken_copy(data, args.broken, args.seed + 1), args.out, "broken", formats)
    for path in sorted(args.out.iterdir()):
        print(f"{path}  {path.stat().st_size / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
