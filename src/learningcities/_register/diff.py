"""What changed between two datasets: records added, removed and changed.

Two datasets are compared in their JSON form (what :func:`dumps` writes),
record by record, each kind's records matched by id: the order of records
and of keys does not count, the order of a list's items does (a list is
compared as a list). A changed record lists each field that changed by its
dotted path (``location.lat``, ``names.fr``, an extension key ``x-note``),
with its old and new values; a field a record gained or lost has no old
or no new value. The dataset's own fields (``title``, ``updated``, …) are
compared the same way.
"""

from __future__ import annotations

import enum
import json
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from learningcities._checking.convert import unstructure
from learningcities._choices import CHANGE_FORMATS, ChangeFormat
from learningcities._pipeline.validate import (
    Register,
    built_document,
    checked_values,
)
from learningcities._shown import visible
from learningcities._speed.gc import collector_paused
from learningcities.models import FORMAT_VERSION, KINDS, Dataset

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from learningcities._reading.files import PathLike

__all__ = [
    "ABSENT",
    "CHANGE_FORMATS",
    "Change",
    "ChangeFormat",
    "Changes",
    "FieldChange",
    "Side",
    "change_lines",
    "changed_fields",
    "described",
    "diff",
    "diff_sides",
    "field_dict",
    "json_document",
    "record_change",
]


class _Absent(enum.Enum):
    ABSENT = "absent"

    def __repr__(self) -> str:
        return "ABSENT"


#: The value of a field a record did not have, or no longer has.
ABSENT: Final = _Absent.ABSENT


@attrs.frozen
class FieldChange:
    """One field of a record, or of the dataset, that changed.

    Attributes:
        keys: The keys of the field from the record (``("location",
            "lat")``); a list is one field (``("aliases",)``).
        old: Its value before, as JSON holds it, or :data:`ABSENT`.
        new: Its value after, or :data:`ABSENT`.
    """

    keys: tuple[str, ...]
    old: Any
    new: Any

    @property
    def path(self) -> str:
        """The field's dotted path, as people write it: ``location.lat``."""
        return ".".join(self.keys)


@attrs.frozen
class Change:
    """A record added, removed or changed.

    Attributes:
        kind: The kind of the record (``cities``).
        id: Its id.
        change: ``added``, ``removed`` or ``changed``.
        fields: For a changed record, each field that changed, by path.
        old: The record before, as JSON holds it (None when added).
        new: The record after (None when removed).
    """

    kind: str
    id: str
    change: Literal["added", "removed", "changed"]
    fields: tuple[FieldChange, ...] = ()
    old: Mapping[str, Any] | None = None
    new: Mapping[str, Any] | None = None


@attrs.frozen
class Changes:
    """What changed from one dataset to another (see :func:`diff`).

    Attributes:
        records: The records added, removed and changed, by kind in the
            format's order, then by id.
        dataset: The dataset's own fields that changed (``title``, …).

    >>> import attrs, learningcities
    >>> old = learningcities.sample()
    >>> cities = [
    ...     attrs.evolve(city, name="Fes") if city.id == "ma-fez" else city
    ...     for city in old.cities
    ... ]
    >>> new = attrs.evolve(old, cities=tuple(reversed(cities)))
    >>> changes = learningcities.diff(old, new)
    >>> changes.same, changes.summary()
    (False, {'cities': {'added': 0, 'removed': 0, 'changed': 1}})
    >>> print(changes.format("text"), end="")
    ~ cities ma-fez
      name: "Fez" -> "Fes"
    cities: 0 added, 0 removed, 1 changed
    """

    records: tuple[Change, ...] = ()
    dataset: tuple[FieldChange, ...] = ()

    @property
    def same(self) -> bool:
        """Whether nothing changed."""
        return not self.records and not self.dataset

    def summary(self) -> dict[str, dict[str, int]]:
        """How many records of each kind were added, removed and changed.

        Only the kinds with a change are listed.
        """
        counts: dict[str, dict[str, int]] = {}
        for change in self.records:
            of_kind = counts.setdefault(
                change.kind, {"added": 0, "removed": 0, "changed": 0}
            )
            of_kind[change.change] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The changes as JSON values: ``{"same", "summary", "dataset", "records"}``.

        Each field is ``{"path", "keys", "old", "new"}``: its dotted path,
        its keys (exact where a key holds a dot), and its values; a value
        that is :data:`ABSENT` is left out (a field added has no ``old``, a
        field removed no ``new``). An added record carries it whole.
        """
        return {
            "same": self.same,
            "summary": self.summary(),
            "dataset": [field_dict(field) for field in self.dataset],
            "records": [
                {"kind": c.kind, "id": c.id, "change": c.change}
                | ({"fields": [field_dict(f) for f in c.fields]} if c.fields else {})
                | ({"record": dict(c.new)} if c.change == "added" and c.new else {})
                for c in self.records
            ],
        }

    def format(self, form: ChangeFormat = "text") -> str:
        """Write the changes as ``text``, ``json`` or ``markdown``.

        ``markdown`` is for a pull request or an e-mail: a table per kind.

        Raises:
            ValueError: *form* is none of :data:`CHANGE_FORMATS`.
        """
        writer = _WRITERS.get(form)
        if writer is None:
            forms = ", ".join(map(repr, CHANGE_FORMATS))
            raise ValueError(f"form must be one of {forms}, not {form!r}")
        return "".join(writer(self))


def diff(
    old: Dataset | PathLike | Iterable[PathLike],
    new: Dataset | PathLike | Iterable[PathLike],
    *,
    register: Register | None = None,
) -> Changes:
    """What changed from *old* to *new*: records added, removed and changed.

    Args:
        old: a :class:`Dataset`, or any input :func:`load` takes (a file, a
            folder, several files).
        new: likewise.
        register: what the files of *old* and *new* may refer to, as for
            :func:`load` (a submission's files refer to the register).

    Returns:
        The changes; :attr:`Changes.same` when the datasets differ only in
        the order of their records or keys.

    Raises:
        InvalidDataError: an input that is not a valid dataset.
        OSError: an input that cannot be read.

    >>> import learningcities
    >>> learningcities.diff(learningcities.sample(), learningcities.sample()).same
    True
    """
    return diff_sides(Side.of(old, register), Side.of(new, register))


def diff_sides(before: Side, after: Side) -> Changes:
    """What changed from *before* to *after*: :func:`diff` of two sides."""
    records: list[Change] = []
    for kind in KINDS:
        was = {record["id"]: record for record in before.values.get(kind, [])}
        now = {record["id"]: record for record in after.values.get(kind, [])}
        # Records the same as written are the same in canonical form; only
        # the others are built, to be compared as the models write them.
        others = [
            identifier
            for identifier in was.keys() | now.keys()
            if identifier not in was
            or identifier not in now
            or not _same(was[identifier], now[identifier])
        ]
        was = before.canonical(kind, [was[i] for i in others if i in was])
        now = after.canonical(kind, [now[i] for i in others if i in now])
        for identifier in sorted(others):
            record = record_change(
                kind, identifier, was.get(identifier), now.get(identifier)
            )
            if record is not None:
                records.append(record)
    fields = changed_fields(before.own_fields(), after.own_fields())
    return Changes(tuple(records), tuple(fields))


@attrs.frozen
class Side:
    """One side of a diff: its JSON values, as written or in canonical form."""

    values: Mapping[str, Any]
    written: bool  # the values as the files have them, not canonical

    @classmethod
    def of(
        cls,
        side: Dataset | PathLike | Iterable[PathLike],
        register: Register | None = None,
    ) -> Side:
        """A dataset's side, or that of files checked (against *register*)."""
        if isinstance(side, Dataset):
            return cls(json_document(side), written=False)
        return cls(checked_values(side, register=register), written=True)

    def canonical(self, kind: str, records: list[Any]) -> dict[str, Any]:
        """*records* of *kind* in canonical form, by id."""
        if self.written and records:
            records = self._built({kind: records})[kind]
        return {record["id"]: record for record in records}

    def own_fields(self) -> dict[str, Any]:
        fields = _own_fields(self.values)
        return _own_fields(self._built(fields)) if self.written else fields

    @staticmethod
    def _built(values: Mapping[str, Any]) -> dict[str, Any]:
        """The canonical form of valid *values*, as the models write them."""
        document = built_document({"learningcities": FORMAT_VERSION, **values})
        built = json_document(document)
        return {key: value for key, value in built.items() if key != "learningcities"}


def _own_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    """The dataset's own fields: neither its records nor its format version."""
    skipped = {*KINDS, "learningcities"}
    return {key: value for key, value in document.items() if key not in skipped}


@collector_paused()
def json_document(dataset: Dataset) -> dict[str, Any]:
    """The JSON values of *dataset*: what :func:`dumps` writes, as values.

    Only plain JSON types (``str``, not a closed list's member), so that
    values compare as JSON text does. Read them, never change them: an
    extension key's value is the model's own object.
    """
    return unstructure(dataset)


def record_change(
    kind: str,
    identifier: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> Change | None:
    if old is None:
        return Change(kind, identifier, "added", new=new)
    if new is None:
        return Change(kind, identifier, "removed", old=old)
    fields = tuple(changed_fields(old, new))
    if not fields:
        return None
    return Change(kind, identifier, "changed", fields, old, new)


def changed_fields(
    old: Mapping[str, Any], new: Mapping[str, Any], prefix: tuple[str, ...] = ()
) -> Iterator[FieldChange]:
    """The fields that differ between two objects, nested objects key by key."""
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key, ABSENT), new.get(key, ABSENT)
        if _equal(before, after):
            continue
        keys = (*prefix, key)
        if isinstance(before, dict) and isinstance(after, dict):
            yield from changed_fields(before, after, keys)
        else:
            yield FieldChange(keys, before, after)


def _same(one: Any, other: Any) -> bool:
    """:func:`_equal`, at the speed of ``repr`` for values in the same key order.

    Equal ``repr`` texts mean equal JSON values: ``1``, ``1.0`` and
    ``True`` have each their own; otherwise the values are compared.
    """
    return repr(one) == repr(other) or _equal(one, other)


def _equal(one: Any, other: Any) -> bool:
    """JSON equality: ``1`` is not ``1.0`` nor ``True``, as JSON text tells."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return one.keys() == other.keys() and all(_equal(one[k], other[k]) for k in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(map(_equal, one, other))
    return bool(one == other)


def field_dict(field: FieldChange) -> dict[str, Any]:
    found: dict[str, Any] = {"path": field.path, "keys": list(field.keys)}
    if field.old is not ABSENT:
        found["old"] = field.old
    if field.new is not ABSENT:
        found["new"] = field.new
    return found


def _shown(value: Any) -> str:
    """A value as the text form shows it: JSON, escaped where a terminal would act."""
    if value is ABSENT:
        return "(absent)"
    return visible(json.dumps(value, ensure_ascii=False), 200)


def described(field: FieldChange) -> str:
    """A field's change as the text form shows it: ``name: "Fez" -> "Fes"``."""
    return f"{visible(field.path, 200)}: {_shown(field.old)} -> {_shown(field.new)}"


_SIGNS: Final = {"added": "+", "removed": "-", "changed": "~"}


def change_lines(changes: Changes) -> Iterator[str]:
    """The lines of the text form that say each change, without the counts."""
    for field in changes.dataset:
        yield f"~ dataset {described(field)}\n"
    for change in changes.records:
        yield f"{_SIGNS[change.change]} {change.kind} {visible(change.id, 200)}\n"
        for field in change.fields:
            yield f"  {described(field)}\n"


def _text(changes: Changes) -> Iterator[str]:
    yield from change_lines(changes)
    summary = changes.summary()
    if changes.same:
        yield "no change\n"
    for kind, counts in summary.items():
        added, removed, changed = counts.values()
        yield f"{kind}: {added} added, {removed} removed, {changed} changed\n"


#: What CommonMark reads as markup in a table's cell: each is escaped.
_MARKUP: Final = frozenset("\\`*_{}[]<>()#+-.!|~")


def _cell(text: str) -> str:
    """*text* in a Markdown table cell, as it is: its markup escaped, on one line."""
    escaped = "".join("\\" + c if c in _MARKUP else c for c in text)
    return escaped.replace("\n", " ")


def _markdown(changes: Changes) -> Iterator[str]:
    if changes.same:
        yield "No change.\n"
        return
    summary = changes.summary()
    yield "| kind | added | removed | changed |\n| --- | ---: | ---: | ---: |\n"
    for kind, counts in summary.items():
        added, removed, changed = counts.values()
        yield f"| {kind} | {added} | {removed} | {changed} |\n"
    if changes.dataset:
        yield "\n## dataset\n\n| field | old | new |\n| --- | --- | --- |\n"
        for field in changes.dataset:
            yield _markdown_row(field)
    for kind in summary:
        yield f"\n## {kind}\n\n"
        for change in (c for c in changes.records if c.kind == kind):
            yield f"- **{change.change}** {_cell(visible(change.id, 200))}\n"
            if change.fields:
                yield "\n  | field | old | new |\n  | --- | --- | --- |\n"
                for field in change.fields:
                    yield "  " + _markdown_row(field)
                yield "\n"


def _markdown_row(field: FieldChange) -> str:
    cells = (visible(field.path, 200), _shown(field.old), _shown(field.new))
    return "| " + " | ".join(map(_cell, cells)) + " |\n"


def _json(changes: Changes) -> Iterator[str]:
    yield json.dumps(changes.to_dict(), ensure_ascii=False, indent=2) + "\n"


#: Each form's writer: the pieces of the text, in order.
_WRITERS: Final[dict[str, Callable[[Changes], Iterator[str]]]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
}
