"""The rules on references: every id named exists, every subdivision fits.

Each id a record names is the id of a record of the file or of the
register, and a city's subdivision is one of its country.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Final

from learningcities._checking.rules.records import (
    A_KIND,
    REFERENCES,
    Context,
    Records,
    View,
    as_list,
)
from learningcities._countries import ASSIGNED
from learningcities._findings import Finding, Path
from learningcities._messages import Text
from learningcities._shown import quote

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


def wrong_subdivisions(context: Context) -> Iterator[Finding]:
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
    path: Path,
    target: str,
    identifier: str,
    *,
    has_register: bool,
    several: bool = False,
) -> Finding:
    """The reference at *path* names an id that no record of *target* has.

    *several* says that the records are those of the several files of a
    submission, which the message then speaks of.
    """
    template = _UNKNOWN[has_register, several]
    args = {"a_kind": Text(A_KIND[target]), "value": quote(identifier)}
    return Finding("unknown-reference", Text(template, args), path)


def references_of(view: View) -> Iterator[tuple[Path, str, str]]:
    """Each id a record names and that has no problem: its path, its kind, the id."""
    for key, inner, target, shape in REFERENCES[view.kind] + _SOURCES:
        value = view.record.get(key)
        if value is not None:
            for where, identifier in _named(key, inner, shape, value):
                if view.keeps(where):
                    yield where, target, identifier


def unknown_references(context: Context) -> Iterator[Finding]:
    for kind, records in context.records.items():
        specs = [
            (key, inner, target, shape, context.known[target])
            for key, inner, target, shape in REFERENCES[kind] + _SOURCES
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
                        several=context.naming.several,
                    )


_SOURCES: Final = (("sources", "", "sources", "many"),)
#: The message of an unknown reference: whether there is a register, and
#: whether the records are those of several files.
_UNKNOWN: Final = {
    (True, False): "{label} names {a_kind} {value} that is in neither the file nor "
    "the register.",
    (False, False): "{label} names {a_kind} {value} that is not in the file (and no "
    "register was given).",
    (True, True): "{label} names {a_kind} {value} that is in none of the files nor "
    "in the register.",
    (False, True): "{label} names {a_kind} {value} that is in none of the files "
    "(and no register was given).",
}


def _naming_unknown(
    records: Records, specs: list[tuple[str, str, str, str, frozenset[str]]]
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
        for i, item in enumerate(as_list(value)):
            if isinstance(item, str):
                yield (key, i), item
    else:
        for i, item in enumerate(as_list(value)):
            identifier = item.get(inner) if isinstance(item, dict) else None
            if isinstance(identifier, str):
                yield (key, i, inner), identifier
