"""The rule on ids: no two records of one kind have the same id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from learningcities._checking.rules.records import ONE_FILE
from learningcities._findings import Finding
from learningcities._messages import Deferred, Text
from learningcities._shown import quote

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from learningcities._checking.rules.records import Naming, Records


def ids_of(items: Iterable[tuple[int, dict[str, Any]]]) -> list[str]:
    return [i for _, record in items if isinstance(i := record.get("id"), str)]


def _unique(ids: list[str]) -> bool:
    """Whether no id appears twice."""
    return len(set(ids)) == len(ids)


def duplicate_ids(
    records: Mapping[str, Records],
    ids_read: Mapping[str, list[str]],
    naming: Naming = ONE_FILE,
) -> Iterator[Finding]:
    """Each record whose id an earlier record of its kind has; *ids_read*: by kind.

    When the two are in different files of a submission (see *naming*), the
    earlier is reported too, once, naming the first later one: a partner
    who fixes either file sees the other.
    """
    for kind, columns in records.items():
        if _unique(ids_read[kind]):
            continue  # the common case, settled at C speed
        seen: dict[str, int] = {}
        told: set[int] = set()  # the earlier records reported already
        indexes = columns.indexes
        for position, identifier in enumerate(columns.texts("id")):
            if identifier is not None:
                first = seen.setdefault(identifier, position)
                if first != position:
                    earlier, later = indexes[first], indexes[position]
                    yield duplicate_finding(kind, identifier, earlier, later, naming)
                    if earlier not in told and naming.apart(kind, earlier, later):
                        told.add(earlier)
                        yield _also_finding(kind, identifier, earlier, later, naming)


def duplicate_finding(
    kind: str,
    identifier: str,
    first: int,
    index: int,
    naming: Naming = ONE_FILE,
) -> Finding:
    """The *index*-th record of *kind* has the id of the *first*.

    Its message is made when rendered (see :class:`Deferred`): a file may
    repeat one id a million times.
    """
    text = Deferred(_duplicate, identifier, (kind, first, index, naming))
    return Finding("duplicate-id", text, (kind, index, "id"))


def _duplicate(identifier: str, where: tuple[str, int, int, Naming]) -> Text:
    kind, first, index, naming = where
    return Text(
        "{label} {value} is already the id of {other}; ids must be unique among "
        "{kind}.",
        {
            "value": quote(identifier),
            "other": naming.name(kind, first, index),
            "kind": kind,
        },
    )


def _also_finding(
    kind: str, identifier: str, first: int, later: int, naming: Naming
) -> Finding:
    """The *first* record of *kind* with an id that a record of another file has."""
    text = Text(
        "{label} {value} is also the id of {other}; ids must be unique among {kind}.",
        {
            "value": quote(identifier),
            "other": naming.name(kind, later, first),
            "kind": kind,
        },
    )
    return Finding("duplicate-id", text, (kind, first, "id"))
