"""The one cattrs converter between JSON values and the models.

Loading never coerces: a number where a string belongs, a string where a
number belongs, ``true`` for an integer, ``null`` for an absent field are
problems, reported with their path, all of them at once. Keys that begin
with ``x-`` are kept in each model's ``extensions`` and written back; any
other unknown key is a problem, with a suggestion when it looks like a typo.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._dates import (
    DATETIME_FORM,
    PARTIAL_DATE_FORM,
    InvalidDateError,
    PartialDate,
    format_date_or_datetime,
    parse_date,
    parse_date_or_datetime,
)
from ._errors import InvalidDataError, Problem, pointer_from_path
from ._json import BadNumber, DuplicateKeysDict
from ._models import FORMAT_VERSION, Choice, Dataset
from ._text import describe, quote
from ._types import Day, Moment, nfc, optional_of, unwrap

if TYPE_CHECKING:
    import enum

__all__ = ["make_converter", "structure", "unstructure"]

T = TypeVar("T")
Path = tuple[str | int, ...]
Hook = Callable[[Any, Any], Any]

#: The key under which a class hook hands the ``x-`` keys to cattrs.
_EXTENSIONS: Final = "x-"
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")


class _InvalidError(Exception):
    """A value is wrong: *rest* completes a sentence that starts with its label."""

    def __init__(self, rest: str, code: str = "schema") -> None:
        super().__init__(rest)
        self.rest, self.code = rest, code


class _NestedError(Exception):
    """Problems found below a value, each at a path relative to it."""

    def __init__(self, errors: list[tuple[Path, Exception]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def _expected(expected: str, value: object) -> _InvalidError:
    if isinstance(value, BadNumber):
        return _InvalidError(
            f"must be {expected}, not {value.describe()}, a number that cannot be "
            "held exactly",
            "invalid-number",
        )
    return _InvalidError(f"must be {expected}, not {describe(value)}")


# -- hooks for values -----------------------------------------------------------


def _str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise _expected("a string", value)
    if _SURROGATE.search(value):
        raise _InvalidError(
            f"holds a lone surrogate ({quote(value)}), which is not Unicode text",
            "encoding",
        )
    return nfc(value)


def _int(value: Any, _: Any) -> int:
    if type(value) is not int:
        raise _expected("an integer", value)
    return value


def _float(value: Any, _: Any) -> float:
    if type(value) not in (int, float):
        raise _expected("a number", value)
    return float(value)


def _date_hook(parse: Callable[[str], Any], expected: str) -> Hook:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not str:
            raise _expected(expected, value)
        try:
            return parse(value)
        except InvalidDateError as error:
            if error.reason is None:
                raise _expected(expected, value) from None
            raise _InvalidError(
                f"is {quote(value)}, which is not a valid {error.kind}: {error.reason}",
                "invalid-date",
            ) from None

    return hook


_PARTIAL_DATE: Final = _date_hook(
    PartialDate.parse, f"a partial date ({PARTIAL_DATE_FORM})"
)


def _json_value(value: Any, _: Any) -> Any:
    """Check an extension's value: any JSON, without the defects the reader marks."""
    errors: list[tuple[Path, Exception]] = []
    stack: list[tuple[Any, Path]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, BadNumber):
            errors.append((path, _expected("a JSON number", item)))
        elif isinstance(item, str) and _SURROGATE.search(item):
            errors.append((path, _InvalidError("holds a lone surrogate", "encoding")))
        elif isinstance(item, dict):
            errors += [((*path, *sub), e) for sub, e in _duplicate_errors(item)]
            stack += [(v, (*path, k)) for k, v in reversed(item.items())]
        elif isinstance(item, list):
            stack += [(v, (*path, i)) for i, v in reversed(list(enumerate(item)))]
        elif item is not None and type(item) not in (bool, int, float, str):
            errors.append((path, _expected("a JSON value", item)))
    if errors:
        raise _NestedError(errors)
    return value


def _duplicate_errors(value: dict[str, Any]) -> list[tuple[Path, Exception]]:
    if not isinstance(value, DuplicateKeysDict):
        return []
    return [
        ((key,), _InvalidError("appears more than once in one object", "duplicate-key"))
        for key in value.duplicates
    ]


@cache
def _enum_hook(cls: type[enum.Enum]) -> Hook:
    members = {member.value: member for member in cls}
    expected = "one of " + ", ".join(quote(value) for value in members)

    def hook(value: Any, _: Any) -> enum.Enum:
        if type(value) is not str or value not in members:
            raise _expected(expected, value)
        return members[value]

    return hook


def _checked_hook(base: Hook, hint: Any) -> Hook:
    constraints = unwrap(hint)[1]

    def hook(value: Any, type_: Any) -> Any:
        result = base(value, type_)
        for constraint in constraints:
            if not constraint.test(result):
                raise _InvalidError(
                    f"must be {constraint.expected}, not {describe(value)}",
                    constraint.code,
                )
        return result

    return hook


def _tuple_hook(item: Hook, item_type: Any) -> Hook:
    def hook(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _expected("an array", value)
        items: list[Any] = []
        errors: list[tuple[Path, Exception]] = []
        for index, element in enumerate(value):
            try:
                items.append(item(element, item_type))
            except Exception as error:  # noqa: BLE001 (each becomes a problem)
                errors.append(((index,), error))
        if errors:
            raise _NestedError(errors)
        return tuple(items)

    return hook


def _mapping_hook(key: Hook, key_type: Any, item: Hook, item_type: Any) -> Hook:
    def hook(value: Any, _: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _expected("an object", value)
        result, errors = {}, _duplicate_errors(value)
        for name, element in value.items():
            try:
                result[key(name, key_type)] = item(element, item_type)
            except Exception as error:  # noqa: BLE001 (each becomes a problem)
                errors.append(((name,), error))
        if errors:
            raise _NestedError(errors)
        return result

    return hook


# -- hooks for models -----------------------------------------------------------


def _key_of(field: attrs.Attribute[Any]) -> str:
    return str(field.metadata.get("key", field.name))


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _renames(keys: Mapping[str, str]) -> dict[str, Any]:
    """Return the cattrs overrides that read each field from its key."""
    return {name: override(rename=key) for name, key in keys.items()}


def _class_hook(cls: type, converter: cattrs.Converter) -> Hook:
    fields = attrs.fields(cls)
    keys = {field.name: _key_of(field) for field in fields}
    keys["extensions"] = _EXTENSIONS
    known = frozenset(keys.values()) - {_EXTENSIONS}
    required = [keys[f.name] for f in fields if f.default is attrs.NOTHING]
    generated: Hook = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=False,
        _cattrs_detailed_validation=True,
        **_renames(keys),
    )
    kind = _article(cls.__name__.lower())

    def unknown(key: str) -> _InvalidError:
        close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return _InvalidError(
            f"is not a field of {kind}{hint}; extension keys must begin with 'x-'"
        )

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _expected("an object", value)
        errors = _duplicate_errors(value)
        payload: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        for key, item in value.items():
            if key in known:
                payload[key] = item
            elif key.startswith("x-"):
                extensions[key] = item
            else:
                errors.append(((key,), unknown(key)))
        errors += [
            ((), _InvalidError(f"is missing the required key {key!r}"))
            for key in required
            if key not in value
        ]
        if extensions:
            payload[_EXTENSIONS] = extensions
        try:
            result = generated(payload, cls)
        except ClassValidationError as group:
            errors += _attribute_errors(group, keys, payload)
        if errors:
            raise _NestedError(_in_key_order(errors, value))
        return result

    return hook


def _attribute_errors(
    group: ClassValidationError, keys: Mapping[str, str], payload: Mapping[str, Any]
) -> Iterator[tuple[Path, Exception]]:
    with_notes, without = group.group_exceptions()
    for error, note in with_notes:
        key = keys[note.name]
        if isinstance(error, KeyError) and key not in payload:
            continue  # a missing required key, already reported
        yield ((() if key == _EXTENSIONS else (key,)), error)
    for error in without:
        yield ((), error)


def _in_key_order(
    errors: list[tuple[Path, Exception]], value: Mapping[str, Any]
) -> list[tuple[Path, Exception]]:
    order: dict[str | int, int] = {key: index for index, key in enumerate(value)}
    return sorted(
        errors, key=lambda error: order.get(error[0][0], -1) if error[0] else -1
    )


def _dataset_hook(converter: cattrs.Converter) -> Hook:
    generic = _class_hook(Dataset, converter)

    def hook(value: Any, type_: Any) -> Dataset:
        if not isinstance(value, dict):
            raise _InvalidError(f"must be a JSON object, not {describe(value)}")
        errors: list[tuple[Path, Exception]] = []
        version = value.get("learningcities")
        if "learningcities" not in value:
            errors.append(
                (
                    (),
                    _InvalidError(
                        "is missing the required key 'learningcities', the format "
                        f'version ("{FORMAT_VERSION}")',
                        "format-version",
                    ),
                )
            )
        elif version != FORMAT_VERSION or type(version) is not str:
            errors.append(
                (
                    ("learningcities",),
                    _InvalidError(
                        f'must be "{FORMAT_VERSION}", the format version this library '
                        f"reads, not {describe(version)}",
                        "format-version",
                    ),
                )
            )
        rest = {k: v for k, v in value.items() if k != "learningcities"}
        if isinstance(value, DuplicateKeysDict):
            rest = DuplicateKeysDict(rest)
            rest.duplicates = value.duplicates
        try:
            result: Dataset = generic(rest, type_)
        except _NestedError as nested:
            errors += nested.errors
        if errors:
            raise _NestedError(errors)
        return result

    return hook


def _class_unhook(cls: type, converter: cattrs.Converter) -> Callable[[Any], Any]:
    keys = {field.name: _key_of(field) for field in attrs.fields(cls)}
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


def make_converter() -> cattrs.Converter:
    """Build the strict converter between JSON values and the models."""
    converter = cattrs.Converter()
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
    converter.register_unstructure_hook(dt.date, format_date_or_datetime)
    converter.register_unstructure_hook_factory(_is_tuple, _list_unhook)
    converter.register_unstructure_hook_factory(_is_mapping, _dict_unhook)
    return converter


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
        if hint is Day:
            base = _date_hook(parse_date, "a date (YYYY-MM-DD)")
        else:
            base = _date_hook(
                parse_date_or_datetime, f"a date or date-time ({DATETIME_FORM})"
            )
        return _checked_hook(base, hint)
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
    if hint is Dataset:
        return _dataset_hook(converter)
    if attrs.has(hint):
        return _class_hook(hint, converter)
    raise TypeError(f"no structure hook for {hint!r}")


@cache
def _converter() -> cattrs.Converter:
    return make_converter()


# -- problems from errors ---------------------------------------------------------


def _label(path: Path) -> str:
    if not path:
        return "The document"
    last = max(i for i, token in enumerate(path) if isinstance(token, str) or i == 0)
    head = str(path[last])
    return repr(head + "".join(f"[{index}]" for index in path[last + 1 :]))


def _problems(error: Exception, path: Path) -> Iterator[Problem]:
    if isinstance(error, _NestedError):
        for where, inner in error.errors:
            yield from _problems(inner, path + where)
        return
    if isinstance(error, _InvalidError):
        code, message = error.code, f"{_label(path)} {error.rest}."
    else:  # a rule checked only when the model is built
        code, message = "schema", f"{_label(path)} is not valid: {error}"
    yield Problem(code=code, message=message, pointer=pointer_from_path(path))


def structure(value: Any) -> Dataset:
    """Turn a parsed JSON document into a :class:`Dataset`.

    Raises:
        InvalidDataError: with every problem found.
    """
    try:
        result: Dataset = _converter().structure(value, Dataset)
    except (_NestedError, _InvalidError) as error:
        raise InvalidDataError(list(_problems(error, ()))) from None
    return result


def unstructure(dataset: Dataset) -> dict[str, Any]:
    """Turn *dataset* into plain JSON values, in the canonical key order."""
    result: dict[str, Any] = _converter().unstructure(dataset)
    return result
