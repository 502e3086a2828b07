"""Models of the records the first pass cleared, made without checking again."""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any, get_args, get_origin

import attrs

from learningcities._checking.convert import ENTITY_KINDS, key_of
from learningcities._fields import Day, Moment, compile_maker, optional_of, unwrap
from learningcities.dates import PartialDate, parse_date, parse_date_or_datetime

__all__ = ["CACHED", "Convert", "maker", "makers"]


@cache
def makers(*, extensions: bool) -> dict[str, Callable[[Any], Any]]:
    """The :func:`maker` of each kind of record, by kind."""
    classes: Mapping[str, Any] = ENTITY_KINDS
    return {kind: maker(cls, extensions=extensions) for kind, cls in classes.items()}


#: What makes a field's value of a cleared record's value (None: the value itself).
Convert = Callable[[Any], Any] | None

#: Dates repeat: each distinct text is parsed once (the values are immutable).
CACHED = 1 << 12


@cache
def _conversion(hint: Any, *, extensions: bool) -> Convert:  # noqa: PLR0911 (one per type)
    """How a value of *hint* in a cleared, plain record becomes the model's value.

    The record passed its schema and the checks beyond it, and its text is
    plain (NFC, nothing to escape): only what the structure hook and the
    model's converter would change is changed.
    """
    hint = optional_of(hint) or hint  # a cleared record has no null
    if hint is Day:
        return lru_cache(CACHED)(parse_date)
    if hint is Moment:
        return lru_cache(CACHED)(parse_date_or_datetime)
    if hint is PartialDate:
        return lru_cache(CACHED)(PartialDate.parse)
    base = unwrap(hint)[0]
    origin = get_origin(base)
    if base in (str, int, bool, Any):
        return None
    if base is float:
        return float
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return {member.value: member for member in base}.__getitem__
    if origin is tuple:
        item = _conversion(get_args(base)[0], extensions=extensions)
        return tuple if item is None else lambda value: tuple(map(item, value))
    if origin is Mapping and _conversion(get_args(base)[1], extensions=False) is None:
        return lambda value: types.MappingProxyType(dict(value))
    if attrs.has(base):
        return maker(base, extensions=extensions)
    raise TypeError(f"no conversion for {hint!r}")


@cache
def maker(cls: Any, *, extensions: bool = True) -> Callable[[Any], Any]:
    """A function that makes a model of *cls* of a record the first pass cleared.

    Only for a record cleared (:meth:`FirstPass.suspects`) whose text is
    plain; with ``extensions=False``, one known to hold no extension key.
    The model is the one the exact path builds (a differential property test
    holds the two to the same ``repr``), made in a fraction of the time:
    each value is converted, none is checked again.
    """
    names: dict[str, Any] = {
        "proxy": types.MappingProxyType,
        "empty": types.MappingProxyType({}),
    }
    values: dict[str, str] = {}
    for number, field in enumerate(attrs.fields(cls)):
        if field.name == "extensions":
            values[field.name] = (
                "proxy({k: v for k, v in record.items() if k[:2] == 'x-'})"
                if extensions
                else "empty"
            )
            continue
        key = key_of(field)
        convert = _conversion(field.type, extensions=extensions)
        value = f"record[{key!r}]"
        if convert is not None:
            names[f"convert_{number}"] = convert
            value = f"convert_{number}({value})"
        if field.default is not attrs.NOTHING:
            default = field.default
            if field.converter is not None:
                default = field.converter(default)  # as __init__ would
            names[f"default_{number}"] = default
            value = f"{value} if {key!r} in record else default_{number}"
        values[field.name] = value
    return compile_maker(cls, "record", values, names)
