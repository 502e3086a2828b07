"""Time the queries on a large generated register, next to linear scans.

Generates 10,000 cities, 20,000 memberships in 20 networks and 200,000
events (deterministically), then prints, for each query, the time per query
with the indexes and with a plain loop over the same data, in the same run,
and their ratio. Run: python benchmarks/queries.py
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import sys
import time
from typing import TYPE_CHECKING, Any

import learningcities
from learningcities import City, Dataset, Event, EventKind, Membership, PartialDate
from learningcities.query import _fold, active_on, index_of

if TYPE_CHECKING:
    from collections.abc import Callable

CITIES, MEMBERSHIPS, EVENTS, NETWORKS = 10_000, 20_000, 200_000, 20


def register(seed: int = 2026) -> Dataset:
    """A deterministic register of the benchmark's size."""
    rng = random.Random(seed)
    countries = sorted(learningcities._countries.ASSIGNED)  # noqa: SLF001
    cities = tuple(
        City(
            id=f"c{i}",
            name=f"Ville {i} Écoles",
            country=rng.choice(countries),
            aliases=(f"Town {i}",),
        )
        for i in range(CITIES)
    )
    memberships = tuple(
        Membership(
            id=f"m{i}",
            city=f"c{rng.randrange(CITIES)}",
            network=f"n{i % NETWORKS}",
            joined=PartialDate.from_date(
                dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(4700))
            ),
        )
        for i in range(MEMBERSHIPS)
    )
    first = dt.date(2015, 1, 1)
    events = tuple(
        Event(
            id=f"e{i}",
            name=f"Event {i}",
            kind=EventKind.MEETING,
            start=first + dt.timedelta(days=rng.randrange(4000)),
            city=f"c{rng.randrange(CITIES)}",
            sdgs=("4",),
        )
        for i in range(EVENTS)
    )
    return Dataset(cities=cities, memberships=memberships, events=events)


def per_call(function: Callable[[], Any], repeat: int) -> float:
    """Seconds per call: the best of three rounds of *repeat* calls."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            function()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def main() -> None:
    """Print the figures."""
    start = time.perf_counter()
    dataset = register()
    print(
        f"generated {CITIES:,} cities, {MEMBERSHIPS:,} memberships, {EVENTS:,} events "
        f"in {time.perf_counter() - start:.1f} s (Python {sys.version.split()[0]})"
    )
    gc.collect()
    start = time.perf_counter()
    index_of(dataset)
    print(f"building every index: {time.perf_counter() - start:.2f} s\n")
    query = dataset.query
    day = dt.date(2020, 6, 1)
    week = (dt.date(2021, 3, 1), dt.date(2021, 3, 7))
    rows = [
        (
            "get(city, id)",
            lambda: query.get("cities", "c7777"),
            lambda: next(c for c in dataset.cities if c.id == "c7777"),
            2000,
            20,
        ),
        (
            "city_of(membership)",
            lambda: query.city_of(dataset.memberships[12345]),
            lambda: next(
                c for c in dataset.cities if c.id == dataset.memberships[12345].city
            ),
            2000,
            20,
        ),
        (
            "find_cities(exact name)",
            lambda: query.find_cities("Ville 4242 Ecoles"),
            lambda: [c for c in dataset.cities if _fold(c.name) == "ville 4242 ecoles"],
            20,
            3,
        ),
        (
            "members(network, on=day)",
            lambda: query.members("n7", on=day),
            lambda: [
                m
                for m in dataset.memberships
                if m.network == "n7" and active_on(m, day, "certain")
            ],
            50,
            5,
        ),
        (
            "events(between=a week)",
            lambda: query.events(between=week),
            lambda: [e for e in dataset.events if week[0] <= e.start <= week[1]],
            200,
            3,
        ),
        (
            "anniversaries(a month)",
            lambda: query.anniversaries(
                between=(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
            ),
            None,
            3,
            0,
        ),
        ("count(by=country)", lambda: query.count("country"), None, 5, 0),
    ]
    print(f"{'query':<28}{'indexed':>14}{'linear scan':>14}{'ratio':>10}")
    for name, indexed, scan, repeat, scan_repeat in rows:
        fast = per_call(indexed, repeat)
        if scan is None:
            print(f"{name:<28}{fast * 1e6:>11,.1f} µs{'(no index)':>14}")
            continue
        slow = per_call(scan, scan_repeat)
        ratio = slow / fast
        print(
            f"{name:<28}{fast * 1e6:>11,.1f} µs{slow * 1e6:>11,.0f} µs{ratio:>9,.0f}x"
        )


if __name__ == "__main__":
    main()
