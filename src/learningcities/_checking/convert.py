"""The one cattrs converter between JSON values and the models.

Loading never coerces: a number where a string belongs, a string where a
number belongs, ``true`` for an integer, ``null`` for an absent field are
problems, reported with their path, all of them at once. Keys that begin
with ``x-`` are kept in each model's ``extensions`` and written back; any
other unknown key is a problem, with a suggestion when it looks like a typo.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from learningcities import _hints as hints
from learningcities._characters import SURROGATE
from learningcities._fields import (
    Day,
    Moment,
    nfc,
    optional_of,
    unchecked_maker,
    unwrap,
)
from learningcities._findings import Finding, Path, render
from learningcities._messages import Deferred, Message, Text
from learningcities._reading.jsontext import (
    MAX_DEPTH,
    BadNumber,
    DuplicateKeysDict,
    holds_only,
    walk,
)
from learningcities._shown import MISMATCH, describe, mismatch, quote
from learningcities.dates import (
    DATETIME_FORM,
    PARTIAL_DATE_FORM,
    InvalidDateError,
    PartialDate,
    format_date_or_datetime,
    parse_date,
    parse_date_or_datetime,
)
from learningcities.errors import InvalidDataError
from learningcities.models import (
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    NEWER_FIELDS,
    Choice,
    City,
    Dataset,
    Event,
    Membership,
    Network,
    Organization,
    Source,
)

if TYPE_CHECKING:
    import enum

__all__ = [
    "ENTITY_KINDS",
    "PROBLEMS",
    "declared_version",
    "dumps",
    "json_clear",
    "json_findings",
    "make_converter",
    "missing_key",
    "of_kind",
    "one_of",
    "required_keys",
    "structure_document",
    "structure_record",
    "unstructure",
]

T = TypeVar("T")
Hook = Callable[[Any, Any], Any]

#: The key under which a class hook hands the ``x-`` keys to cattrs.
_EXTENSIONS: Final = "x-"


class _InvalidError(Exception):
    """A value is wrong; *text* says how, with a ``{label}`` for the value.

    Slotted, and without arguments of its own: a record may have a million
    of these (one per unknown key), each held until it becomes a finding.
    """

    __slots__ = ("code", "suggestion", "text")

    def __init__(
        self,
        text: Message,
        code: str = "schema",
        suggestion: str | float | None = None,
    ) -> None:
        super().__init__()
        self.text, self.code, self.suggestion = text, code, suggestion

    def __str__(self) -> str:
        return self.text.template


class _NestedError(Exception):
    """Problems found below a value, each at a path relative to it."""

    def __init__(self, errors: list[tuple[Path, Exception]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


#: What a structure hook raises for a problem in the data. Anything else (an
#: internal error, ``MemoryError``, ``RecursionError``) is a failure of the
#: program and is never reported as a problem of the data.
PROBLEMS: Final = (_InvalidError, _NestedError, ValueError, TypeError)


def _kept(error: Exception) -> Exception:
    """*error*, to keep for its problem: without tracebacks or the errors before it.

    A traceback holds the frame that caught the error (and, through its
    callers, the frame whose list of errors holds it): a cycle, which the
    paused collector (see :mod:`learningcities._speed.gc`) would leave in
    memory, with the record it was made for, until the whole file is read.
    """
    error.__traceback__ = error.__context__ = error.__cause__ = None
    return error


#: What a value was expected to be, said once for every value that is not.
_A_STRING: Final = Text("a string")
_AN_INTEGER: Final = Text("an integer")
_A_NUMBER: Final = Text("a number")
_A_JSON_NUMBER: Final = Text("a JSON number")
_A_JSON_VALUE: Final = Text("a JSON value")
_AN_ARRAY: Final = Text("an array")
_AN_OBJECT: Final = Text("an object")
_A_JSON_OBJECT: Final = Text("a JSON object")


def _must_be(
    expected: Text,
    value: object,
    suggest: Callable[[str], str | float | None] | None = None,
) -> _InvalidError:
    """The error of *value*, which is not *expected*.

    *suggest*, given a text, says what to write instead (see
    :mod:`learningcities._hints`), if it recognizes a good value written
    another way; the message then says it.
    """
    suggestion = suggest(value) if suggest and type(value) is str else None
    if suggestion is not None:
        text = Text(
            "{label} must be {expected}, not {found}; write {suggestion}.",
            {
                "expected": expected,
                "found": describe(value),
                "suggestion": json.dumps(suggestion, ensure_ascii=False),
            },
        )
        return _InvalidError(text, suggestion=suggestion)
    if type(value) is float and not math.isfinite(value):
        value = BadNumber(repr(value))  # built in Python: as if read from text
    if isinstance(value, BadNumber):
        found = Deferred(_not_held_exactly, expected, value.describe())
        return _InvalidError(found, "invalid-number")
    return _InvalidError(mismatch(expected, value))


def _not_held_exactly(expected: Text, number: Text | str) -> Text:
    found = Text("{value}, a number that cannot be held exactly", {"value": number})
    return Text(MISMATCH, {"expected": expected, "found": found})


# -- hooks for values -----------------------------------------------------------


def _lone_surrogate(value: str) -> _InvalidError:
    text = Text(
        "{label} holds a lone surrogate ({value}), which is not Unicode text.",
        {"value": quote(value)},
    )
    return _InvalidError(text, "encoding")


def _str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise _must_be(_A_STRING, value)
    if SURROGATE.search(value):
        raise _lone_surrogate(value)
    return nfc(value)


def _int(value: Any, _: Any) -> int:
    if type(value) is not int:
        raise _must_be(_AN_INTEGER, value, _WHOLE)
    return value


def _float(value: Any, _: Any) -> float:
    if type(value) not in (int, float):
        raise _must_be(_A_NUMBER, value, _FRACTION)
    return float(value)


def _whole(text: str) -> int | None:
    found = hints.number(text, integer=True)
    return None if found is None else int(found)


def _fraction(text: str) -> float | None:
    return hints.number(text, integer=False)


_WHOLE: Final = _whole
_FRACTION: Final = _fraction


_VALID: Final = {
    "partial date": Text("a valid partial date"),
    "date": Text("a valid date"),
    "date-time": Text("a valid date-time"),
}


def _date_hook(
    parse: Callable[[str], Any], expected: Text, *, with_time: bool = False
) -> Hook:
    def suggest(text: str) -> str | None:
        return hints.date(text, with_time=with_time)

    def hook(value: Any, _: Any) -> Any:
        if type(value) is not str:
            raise _must_be(expected, value)
        try:
            return parse(value)
        except InvalidDateError as error:
            if error.detail is None:
                raise _must_be(expected, value, suggest) from None
            text = Text(
                "{label} is {value}, which is not {valid_kind}: {reason}.",
                {
                    "value": quote(value),
                    "valid_kind": _VALID[error.kind],
                    "reason": error.detail,
                },
            )
            raise _InvalidError(text, "invalid-date") from None

    return hook


_PARTIAL_DATE: Final = _date_hook(
    PartialDate.parse,
    Text("a partial date ({form})", {"form": Text(PARTIAL_DATE_FORM)}),
)
_DAY: Final = _date_hook(parse_date, Text("a date (YYYY-MM-DD)"))
_MOMENT: Final = _date_hook(
    parse_date_or_datetime,
    Text("a date or date-time ({form})", {"form": Text(DATETIME_FORM)}),
    with_time=True,
)


def _json_value(value: Any, _: Any) -> Any:
    """Check an extension's value: any JSON, without the defects the reader marks."""
    errors = _json_errors(value, depth=True)
    if errors:
        raise _NestedError(errors)
    return value


def _json_errors(value: Any, *, depth: bool) -> list[tuple[Path, Exception]]:
    """What JSON text cannot hold in *value*, with *depth* nesting beyond the limit.

    A value built in Python is held to what JSON text can hold too: no
    ``nan`` or infinity, no key that is not a string, no other type.
    """
    return list(_json_defects(value, depth=depth))


def json_clear(value: Any) -> bool:
    """Whether an extension's *value* has no problem, as its hook would find.

    The answer comes at the first defect: a first pass that asks this of
    an array of 200,000 ``NaN`` does not make an error for each.
    """
    return next(_json_defects(value, depth=True), None) is None


def _json_defects(value: Any, *, depth: bool) -> Iterator[tuple[Path, Exception]]:
    """The errors of :func:`_json_errors`, each made as it is reached."""
    enter = _may_hold_defects if depth else _holds_more_than_numbers
    for path, item in walk(value, enter=enter):
        if depth and len(path) >= MAX_DEPTH:
            text = Text(
                "{label} nests arrays and objects more than {limit} levels deep.",
                {"limit": MAX_DEPTH},
            )
            yield path, _InvalidError(text, "too-deep")
        elif isinstance(item, BadNumber) or (
            type(item) is float and not math.isfinite(item)
        ):
            yield path, _must_be(_A_JSON_NUMBER, item)
        elif isinstance(item, str) and SURROGATE.search(item):
            yield path, _lone_surrogate(item)
        elif isinstance(item, dict):
            for sub, error in _duplicate_errors(item):
                yield (*path, *sub), error
            yield from _key_errors(item, path)
        elif item is not None and type(item) not in _JSON_TYPES:
            yield path, _must_be(_A_JSON_VALUE, item)


def json_findings(value: Any) -> list[Finding]:
    """What JSON text cannot hold in *value*: ``nan``, lone surrogates, other keys.

    For values built in Python, before they are written: their depth is not
    limited, as the reader's is not.
    """
    return [
        finding
        for path, error in _json_errors(value, depth=False)
        for finding in _findings(error, path)
    ]


#: The types of the values the reader makes, other than its markers.
_JSON_TYPES: Final = frozenset({bool, int, float, str, list})
#: The types of the values in which no defect can hide (a float may be nan).
_PLAIN_TYPES: Final = frozenset({type(None), bool, int})


def _holds_more_than_numbers(container: dict[Any, Any] | list[Any], _: Path) -> bool:
    return not holds_only(container, _PLAIN_TYPES)


def _may_hold_defects(container: dict[Any, Any] | list[Any], path: Path) -> bool:
    """Whether to walk into an array or object of an extension's value.

    One nested too deep is not (it is the problem), nor one of whole
    numbers, booleans and nulls alone, where no defect can be, unless its
    items are themselves too deep: an array of ten million numbers is
    checked at C speed, not item by item.
    """
    if len(path) >= MAX_DEPTH:
        return False
    return len(path) + 1 >= MAX_DEPTH or _holds_more_than_numbers(container, path)


def _key_errors(
    value: dict[Any, Any], path: Path, *, surrogates: bool = True
) -> list[tuple[Path, Exception]]:
    """Keys no JSON text holds: not a string (built in Python), a lone surrogate.

    A record's own keys are checked with ``surrogates=False``: one with a
    lone surrogate is an unknown key, or an extension key kept as it is.
    """
    if _STRING_KEYS.issuperset(map(type, value)) and not (
        surrogates and any(map(SURROGATE.search, value))
    ):
        return []
    text = Text(
        "{label} has a key that is not a string ({key}), which JSON cannot hold."
    )
    return [
        (path, _InvalidError(text.with_args(key=describe(key))))
        if type(key) is not str
        else ((*path, key), _lone_surrogate(key))
        for key in value
        if type(key) is not str or (surrogates and SURROGATE.search(key))
    ]


_STRING_KEYS: Final = frozenset({str})


class _DuplicateKeyError(_InvalidError):
    """A key appears twice in one object: the problem is at the key."""

    __slots__ = ()


def _duplicate_errors(value: dict[str, Any]) -> list[tuple[Path, Exception]]:
    if not isinstance(value, DuplicateKeysDict):
        return []
    text = Text("{label} appears more than once in one object.")
    return [
        ((key,), _DuplicateKeyError(text, "duplicate-key")) for key in value.duplicates
    ]


def one_of(values: Iterable[str]) -> Text:
    """The phrase for a closed list of words: one of "a", "b"."""
    return Text("one of {values}", {"values": ", ".join(quote(v) for v in values)})


@cache
def _enum_hook(cls: type[enum.Enum]) -> Hook:
    members = {member.value: member for member in cls}
    expected = one_of(members)

    def suggest(text: str) -> str | None:
        return hints.choice(text, members)

    def hook(value: Any, _: Any) -> enum.Enum:
        if type(value) is not str or value not in members:
            raise _must_be(expected, value, suggest)
        return members[value]

    return hook


def _checked_hook(base: Hook, hint: Any) -> Hook:
    constraints = [(c, Text(c.expected)) for c in unwrap(hint)[1]]

    def hook(value: Any, type_: Any) -> Any:
        result = base(value, type_)
        for constraint, expected in constraints:
            if not constraint.test(result):
                error = _must_be(expected, value, constraint.suggest)
                error.code = constraint.code
                raise error
        return result

    return hook


def _tuple_hook(item: Hook, item_type: Any) -> Hook:
    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _must_be(_AN_ARRAY, value)
        items: list[Any] = []
        errors: list[tuple[Path, Exception]] = []
        for index, element in enumerate(value):
            try:
                items.append(item(element, item_type))
            except PROBLEMS as error:  # each becomes a problem
                errors.append(((index,), _kept(error)))
        if errors:
            raise _NestedError(errors)
        return tuple(items)

    return hook


def _mapping_hook(key: Hook, key_type: Any, item: Hook, item_type: Any) -> Hook:
    def hook(value: Any, _: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _must_be(_AN_OBJECT, value)
        result, errors = {}, _duplicate_errors(value)
        for name, element in value.items():
            try:
                result[key(name, key_type)] = item(element, item_type)
            except PROBLEMS as error:  # each becomes a problem
                errors.append(((name,), _kept(error)))
        if errors:
            raise _NestedError(errors)
        return result

    return hook


# -- hooks for models -----------------------------------------------------------


def key_of(field: attrs.Attribute[Any]) -> str:
    """The key of a model's field in a record: its name, or the key it says."""
    return str(field.metadata.get("key", field.name))


def of_kind(cls: type) -> Text:
    name = cls.__name__.lower()
    return Text(f"of an {name}" if name[0] in "aeiou" else f"of a {name}")


def _renames(keys: Mapping[str, str]) -> dict[str, Any]:
    """Return the cattrs overrides that read each field from its key."""
    return {name: override(rename=key) for name, key in keys.items()}


class _UnknownKeyError(_InvalidError):
    """A key that is not a field: the problem is at the key."""

    __slots__ = ()


Errors = list[tuple[Path, Exception]]


class _Converter(cattrs.Converter):
    """The converter, which either builds models or only checks the values."""

    def __init__(self, *, build: bool) -> None:
        super().__init__()
        self.build = build


def _fields_step(
    cls: type, converter: cattrs.Converter, keys: Mapping[str, str]
) -> Callable[..., tuple[Any, Errors]]:
    """How a class hook turns a payload of known keys into a model, or checks it.

    Each field's value goes through the structure hook of its type, which
    says everything wrong with it. When building and nothing is wrong (the
    class hook says so, having checked the keys), the model is made of the
    hooks' results without running its validators again (see
    :func:`learningcities._fields.unchecked_maker`): the hooks hold the same
    rules, and a property test holds models loaded to models built in
    Python.
    """
    hooks = {
        keys[field.name]: (
            converter.get_structure_hook(field.type),
            field.type,
            field.name,
        )
        for field in attrs.fields(cls)
    }
    make = unchecked_maker(cls) if getattr(converter, "build", True) else None

    def step(payload: dict[str, Any], *, whole: bool) -> tuple[Any, Errors]:
        values: dict[str, Any] = {}
        errors: Errors = []
        for key, item in payload.items():
            hook, hint, name = hooks[key]
            try:
                values[name] = hook(item, hint)
            except PROBLEMS as error:  # each becomes a problem
                errors.append(((() if key == _EXTENSIONS else (key,)), _kept(error)))
        if errors or not whole or make is None:
            return None, errors
        return make(values), []

    return step


_MISSING: Final = Text("{label} is missing the required key {key}.")


def missing_key(finding: Finding) -> str | None:
    """The key a finding says a record is missing, if it says that.

    A deferred text is never that message, and is not made to find out:
    the readers of CSV files and workbooks ask this of every finding.
    """
    text = finding.text
    if not isinstance(text, Text) or text.template != _MISSING.template:
        return None
    return str(text.args["field"])


def required_keys(cls: type) -> list[str]:
    """The keys every record of model *cls* must have."""
    return [key_of(f) for f in attrs.fields(cls) if f.default is attrs.NOTHING]


def _unknown_key(cls: type, known: frozenset[str]) -> Callable[[str], _InvalidError]:
    """The error for a key of *cls* that is none of the *known*, with a suggestion."""
    text = Text(
        "{label} is not a field {of_kind}{hint}; extension keys must begin with 'x-'.",
        {"of_kind": of_kind(cls)},
    )
    without_hint = text.with_args(hint="")  # shared by the keys like no field

    def unknown(key: str) -> _InvalidError:
        close = hints.closest(key, known)
        if close is None:
            return _UnknownKeyError(without_hint)
        hint = Text(" (did you mean {key}?)", {"key": repr(close)})
        return _UnknownKeyError(text.with_args(hint=hint))

    return unknown


def _class_hook(cls: type, converter: cattrs.Converter) -> Hook:
    fields = attrs.fields(cls)
    keys = {field.name: key_of(field) for field in fields}
    keys["extensions"] = _EXTENSIONS
    known = frozenset(keys.values()) - {_EXTENSIONS}
    required = [keys[f.name] for f in fields if f.default is attrs.NOTHING]
    # One message per key, shared by every record that misses it.
    missing = {key: _MISSING.with_args(key=repr(key), field=key) for key in required}
    fields_step = _fields_step(cls, converter, keys)
    unknown = _unknown_key(cls, known)

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _must_be(_AN_OBJECT, value)
        errors = _duplicate_errors(value) if type(value) is not dict else []
        errors += _key_errors(value, (), surrogates=False)
        payload: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:  # in a dict built in Python: reported above
                continue
            if key in known:
                payload[key] = item
            elif key.startswith("x-"):
                extensions[key] = item
            else:
                errors.append(((key,), unknown(key)))
        errors += [
            ((), _InvalidError(missing[key])) for key in required if key not in value
        ]
        if extensions:
            payload[_EXTENSIONS] = extensions
        result, found = fields_step(payload, whole=not errors)
        errors += found
        if errors:
            raise _NestedError(_in_key_order(errors, value))
        return result

    return hook


def _in_key_order(
    errors: list[tuple[Path, Exception]], value: Mapping[str, Any]
) -> list[tuple[Path, Exception]]:
    order: dict[str | int, int] = {key: index for index, key in enumerate(value)}
    return sorted(
        errors, key=lambda error: order.get(error[0][0], -1) if error[0] else -1
    )


#: The keys of a dataset document that hold arrays of entities, and their models.
ENTITY_KINDS: Final[Mapping[str, type[Any]]] = {
    "sources": Source,
    "networks": Network,
    "organizations": Organization,
    "cities": City,
    "memberships": Membership,
    "events": Event,
}


def declared_version(document: Any) -> str | None:
    """The format version a parsed *document* declares, if it is one this library reads.

    >>> declared_version({"learningcities": "1.0"}), declared_version({})
    ('1.0', None)
    """
    version = document.get("learningcities") if isinstance(document, dict) else None
    return version if type(version) is str and version in FORMAT_VERSIONS else None


def _version_findings(value: Mapping[str, Any]) -> list[Finding]:
    """What is wrong with the version a document declares, and with what it uses.

    A document that declares 1.0 may not use the fields later versions added
    (:data:`NEWER_FIELDS`): each is an error at its key.
    """
    if "learningcities" not in value:
        text = Text(
            "{label} is missing the required key 'learningcities', the format "
            "version ({version}).",
            {"version": quote(FORMAT_VERSION)},
        )
        return [Finding("format-version", text)]
    version = declared_version(value)
    if version is None:
        text = Text(
            "{label} must be one of the format versions this library reads "
            "({versions}), not {found}.",
            {
                "versions": ", ".join(map(quote, FORMAT_VERSIONS)),
                "found": describe(value["learningcities"]),
            },
        )
        return [Finding("format-version", text, ("learningcities",))]
    return list(_newer_fields(value, version))


def _newer_fields(value: Mapping[str, Any], version: str) -> Iterator[Finding]:
    """A finding at each field of a record that *version* does not have yet."""
    declared = FORMAT_VERSIONS.index(version)
    for kind, fields in NEWER_FIELDS.items():
        records = value.get(kind)
        newer = [key for key in fields if FORMAT_VERSIONS.index(fields[key]) > declared]
        if not newer or type(records) is not list:
            continue
        for index, record in enumerate(records):
            present = [
                key for key in newer if isinstance(record, dict) and key in record
            ]
            for key in present:
                text = Text(
                    "{label} needs format {needed}, but the document declares "
                    "format {declared}.",
                    {"needed": quote(fields[key]), "declared": quote(version)},
                )
                yield Finding("format-version", text, (kind, index, key), at_key=True)


def structure_record(
    value: Any, cls: type[T], path: Path = (), *, build: bool = True
) -> tuple[T | None, list[Finding]]:
    """Turn one JSON object into a model of *cls*, or say everything wrong with it.

    With ``build=False`` the object is only checked, and no model returned.
    """
    try:
        return _converter(build=build).structure(value, cls), []
    except (_NestedError, _InvalidError) as error:
        # Its traceback holds the hooks' frames, and their lists of errors.
        return None, list(_findings(_kept(error), path))


def structure_document(
    value: Any,
    *,
    build: bool = True,
    suspects: Mapping[str, Collection[int]] | None = None,
    makers: Mapping[str, Callable[[Any], Any]] | None = None,
) -> tuple[Dataset, list[Finding]]:
    """Turn a parsed document into a :class:`Dataset` of its valid records.

    Each record is converted on its own, so one bad record hides no problem
    of another: the dataset holds the records without problems, and the
    findings say what is wrong with the others. With ``build=False`` the
    records are only checked, and the dataset returned is empty.

    *suspects*, if given, names by kind the only records to check (a first
    pass has cleared the others). When building, the records cleared are
    made by the *makers* of their kind, without checking them again.
    """
    if not isinstance(value, dict):
        error = _must_be(_A_JSON_OBJECT, value)
        return Dataset(), [Finding(error.code, error.text)]
    findings = _version_findings(value)
    header = {
        key: item
        for key, item in value.items()
        if key != "learningcities" and key not in ENTITY_KINDS
    }
    if isinstance(value, DuplicateKeysDict):
        header = DuplicateKeysDict(header)
        header.duplicates = value.duplicates
    dataset, found = structure_record(header, Dataset, build=build)
    findings += found
    if build and makers is None:
        suspects = None  # every record is built through the exact path
    records: dict[str, list[tuple[int, Any]]] = {}
    for kind, cls in ENTITY_KINDS.items():
        if kind in value:
            only = None if suspects is None else suspects.get(kind, ())
            make = makers[kind] if build and makers is not None else None
            records[kind], found = _structure_records(
                value[kind], cls, kind, build=build, only=only, make=make
            )
            findings += found
    if not build:
        return Dataset(), findings
    entities: dict[str, Any] = {
        kind: tuple(record for _, record in items) for kind, items in records.items()
    }
    return attrs.evolve(dataset or Dataset(), **entities), findings


def _structure_records(  # noqa: PLR0913 (keyword-only options)
    value: Any,
    cls: type[Any],
    kind: str,
    *,
    build: bool,
    only: Collection[int] | None = None,
    make: Callable[[Any], Any] | None = None,
) -> tuple[list[tuple[int, Any]], list[Finding]]:
    """Check or build the records of one kind; *only* these, or make the others."""
    if type(value) is not list:
        error = _must_be(_AN_ARRAY, value)
        return [], [Finding(error.code, error.text, (kind,))]
    items, findings = [], []
    if only is not None and make is not None:  # make the others, then check these
        items = [(i, make(item)) for i, item in enumerate(value) if i not in only]
    indices = range(len(value)) if only is None else sorted(only)
    for index in indices:
        item = value[index]
        record, found = structure_record(item, cls, (kind, index), build=build)
        findings += found
        if record is not None:
            items.append((index, record))
    if make is not None and only:
        items.sort(key=lambda pair: pair[0])
    return items, findings


def _class_unhook(cls: type, converter: cattrs.Converter) -> Callable[[Any], Any]:
    keys = {field.name: key_of(field) for field in attrs.fields(cls)}
    keys["extensions"] = _EXTENSIONS
    generated: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls,
        converter,
        _cattrs_omit_if_default=True,
        **_renames(keys),
    )
    version = {"learningcities": FORMAT_VERSION} if cls is Dataset else {}

    def unhook(instance: Any) -> dict[str, Any]:
        data = version | generated(instance)
        data.update(data.pop(_EXTENSIONS, {}))
        return data

    return unhook


# -- the converter --------------------------------------------------------------


def make_converter(*, build: bool = True) -> cattrs.Converter:
    """Build the strict converter between JSON values and the models.

    With ``build=False`` it only checks values and returns ``None`` for
    every model: validation needs the problems, not the models.
    """
    converter = _Converter(build=build)
    converter.register_structure_hook_factory(lambda _: True, _structure_factory)
    # cattrs looks up plain classes before any factory: these replace its
    # lenient hooks for them.
    converter.register_structure_hook(str, _str)
    converter.register_structure_hook(int, _int)
    converter.register_structure_hook(float, _float)
    converter.register_structure_hook(PartialDate, _PARTIAL_DATE)
    converter.register_structure_hook(
        Choice, lambda value, cls: _enum_hook(cls)(value, cls)
    )
    converter.register_unstructure_hook_factory(attrs.has, _class_unhook)
    converter.register_unstructure_hook(PartialDate, str)
    # A closed list's word as a plain ``str``: JSON values compare by type.
    converter.register_unstructure_hook(Choice, _word)
    converter.register_unstructure_hook(dt.date, format_date_or_datetime)
    converter.register_unstructure_hook_factory(_is_tuple, _list_unhook)
    converter.register_unstructure_hook_factory(_is_mapping, _dict_unhook)
    return converter


def _word(choice: Choice) -> str:
    return str(choice.value)


def _is_tuple(hint: Any) -> bool:
    return get_origin(hint) is tuple


def _is_mapping(hint: Any) -> bool:
    return get_origin(hint) is Mapping


def _list_unhook(hint: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    item = converter.get_unstructure_hook(get_args(hint)[0])
    return lambda value: [item(element) for element in value]


def _dict_unhook(hint: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    item = converter.get_unstructure_hook(get_args(hint)[1])
    return lambda value: {key: item(element) for key, element in value.items()}


def _structure_factory(hint: Any, converter: cattrs.Converter) -> Hook:
    """Return the structure hook for *hint*; every type the models use is here."""
    inner = optional_of(hint)
    if inner is not None:
        return converter.get_structure_hook(inner)
    if hint is Day or hint is Moment:
        return _checked_hook(_DAY if hint is Day else _MOMENT, hint)
    base_type, constraints = unwrap(hint)
    if constraints:
        return _checked_hook(converter.get_structure_hook(base_type), hint)
    return _plain_hook(hint, converter)


def _plain_hook(hint: Any, converter: cattrs.Converter) -> Hook:
    if hint is Any:
        return _json_value
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        return _tuple_hook(converter.get_structure_hook(args[0]), args[0])
    if origin is Mapping:
        key_hook, item_hook = (converter.get_structure_hook(arg) for arg in args)
        return _mapping_hook(key_hook, args[0], item_hook, args[1])
    if attrs.has(hint):
        return _class_hook(hint, converter)
    raise TypeError(f"no structure hook for {hint!r}")


@cache
def _converter(*, build: bool = True) -> cattrs.Converter:
    return make_converter(build=build)


# -- findings from errors --------------------------------------------------------


def _findings(error: Exception, path: Path) -> Iterator[Finding]:
    """The findings of *error*, raised at *path*, in order; a nested error is emptied.

    Each error below is taken out as its findings are made: a record of a
    million problems does not hold its errors and their findings at once.
    """
    if isinstance(error, _NestedError):
        errors = error.errors
        errors.reverse()
        while errors:
            where, inner = errors.pop()
            yield from _findings(inner, path + where)
    elif isinstance(error, _InvalidError):
        at_key = isinstance(error, (_UnknownKeyError, _DuplicateKeyError))
        yield Finding(
            error.code, error.text, path, at_key=at_key, suggestion=error.suggestion
        )
    else:  # a rule checked only when the model is built
        text = Text("{label} is not valid: {error}", {"error": str(error)})
        yield Finding("schema", text, path)


def unstructure(dataset: Dataset) -> dict[str, Any]:
    """Turn *dataset* into plain JSON values, in the canonical key order."""
    result: dict[str, Any] = _converter().unstructure(dataset)
    return result


def dumps(dataset: Dataset) -> str:
    """Write *dataset* as JSON text in canonical form.

    The same dataset always gives the same text: keys in the order of the
    format, then extension keys as loaded; two-space indents; UTF-8 text
    without ASCII escapes; a final newline. Fields equal to their default are
    left out.

    Args:
        dataset: the dataset to write.

    Returns:
        The JSON text, which :func:`loads` reads back to an equal dataset.

    >>> from learningcities import Dataset
    >>> print(dumps(Dataset(title="Fès")), end="")
    {
      "learningcities": "1.1",
      "title": "Fès"
    }

    Raises:
        InvalidDataError: the dataset, built in Python, holds what no JSON
            text can (``nan``, a lone surrogate, a key that is not a string),
            each at its path.
    """
    data = unstructure(dataset)
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    except (ValueError, TypeError):
        raise _unwritable(data) from None
    if SURROGATE.search(text):
        raise _unwritable(data)
    return text + "\n"


def _unwritable(data: dict[str, Any]) -> InvalidDataError:
    """The error that says where *data* holds what JSON text cannot."""
    return InvalidDataError(render(json_findings(data)))
