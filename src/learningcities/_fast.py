"""The optional accelerator: a first pass that clears most records at C speed.

With ``jsonschema-rs`` installed (``pip install learningcities[fast]``), each
record of a document is first checked as a whole: by jsonschema-rs against
its published schema, and, for what lies beyond JSON Schema, by a few
checks compiled from the models' types (a day that may not exist, a time
zone, an integer written ``1.0``, an extension value). A record that passes
is certain to have no problem of its own; every other record takes the
exact path, which says what is wrong. The problems reported are therefore
the same with and without the accelerator, and a differential property test
holds the two paths to that.

The first pass never decides that a record is wrong, only that it is
right, so where it is unsure it sends the record on: a record whose text
needs a closer look (see :func:`._rules.surely_normalized`) or that holds a
marker of a defect of the JSON reader is never cleared.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Final, get_args, get_origin

import attrs

from ._convert import ENTITY_KINDS, make_converter
from ._dates import PartialDate
from ._models import SINGULAR
from ._schemas import ID_PREFIX, SCHEMA_NAMES, schema
from ._types import Day, Moment, TimeZoneName, optional_of, unwrap

__all__ = ["FirstPass", "Suspects", "first_pass"]

#: The indices of the records of each kind that the first pass did not clear.
Suspects = dict[str, set[int]]

#: Text in a record's repr that shows it holds a marker of the JSON reader.
_MARKER: Final = "DuplicateKeysDict("  # see DuplicateKeysDict.__repr__
#: A test of one value that JSON Schema has already found of the right shape.
Test = Callable[[Any], bool]


def _module() -> Any | None:
    try:
        return importlib.import_module("jsonschema_rs")
    except ImportError:
        return None


@cache
def first_pass() -> FirstPass | None:
    """The first pass, if the accelerator is installed, else ``None``."""
    module = _module()
    return None if module is None else FirstPass(module)


class FirstPass:
    """Clears the records that certainly have no problem of their own."""

    def __init__(self, jsonschema_rs: Any) -> None:
        """Compile one validator per kind of record, with the bundled schemas only."""
        resources = [(ID_PREFIX + name, schema(name)) for name in SCHEMA_NAMES]
        registry = jsonschema_rs.Registry(resources)
        self._tests: dict[str, Callable[[dict[str, Any]], bool]] = {}
        for name, kind in SINGULAR.items():
            validator = jsonschema_rs.Draft202012Validator(
                schema(name), registry=registry, offline=True
            )
            cls: Any = ENTITY_KINDS[kind]
            self._tests[kind] = _record_test(validator.is_valid, _model_test(cls))

    def suspects(self, document: Mapping[str, Any]) -> tuple[Suspects, Suspects]:
        """The records of *document* to check on the exact path, by kind.

        Returns the records that may have a problem of their own, and among
        them those whose text must be walked string by string.
        """
        structure: Suspects = {}
        text: Suspects = {}
        for kind, test in self._tests.items():
            records = document.get(kind)
            if not isinstance(records, list):
                continue
            structure[kind], text[kind] = unsure, walk = set(), set()
            for index, record in enumerate(records):
                shown = repr(record)
                plain = (
                    "\\" not in shown
                    and _MARKER not in shown
                    and unicodedata.is_normalized("NFC", shown)
                )
                if not plain:
                    walk.add(index)
                    unsure.add(index)
                elif not isinstance(record, dict) or not test(record):
                    unsure.add(index)
        return structure, text


def _record_test(
    valid: Callable[[Any], bool], beyond: Test
) -> Callable[[dict[str, Any]], bool]:
    def test(record: dict[str, Any]) -> bool:
        try:
            return bool(valid(record)) and beyond(record)
        except (ValueError, OverflowError):  # a value jsonschema-rs cannot read
            return False

    return test


# -- what lies beyond JSON Schema, compiled from the models' types -------------


def _day_may_not_exist(text: str) -> bool:
    """Whether a date the schema accepts names a day 29 to 31 (or none at all)."""
    return len(text) >= len("YYYY-MM-DD") and text[8:10] > "28"


def _date_test(hook: Callable[[Any, Any], Any], hint: Any) -> Test:
    def test(value: Any) -> bool:
        if not _day_may_not_exist(value):
            return True
        try:
            hook(value, hint)
        except Exception:  # noqa: BLE001 (any problem: not cleared)
            return False
        return True

    return test


def _is_int(value: Any) -> bool:
    return type(value) is int  # JSON Schema's integers include 1.0


@cache
def _zones() -> frozenset[str]:
    import zoneinfo  # noqa: PLC0415 (only when time zones are read)

    return frozenset(zoneinfo.available_timezones())


def _zone(value: Any) -> bool:
    return value in _zones()


def _value_test(hint: Any) -> Test | None:
    """The test of a value of *hint* beyond its schema, or None if there is none."""
    hint = optional_of(hint) or hint
    if hint is TimeZoneName:
        return _zone
    if hint in (Day, Moment) or hint is PartialDate:
        return _date_test(_checking_converter().get_structure_hook(hint), hint)
    base = unwrap(hint)[0]
    if base is int:
        return _is_int
    origin = get_origin(base)
    if origin is tuple:
        item = _value_test(get_args(base)[0])
        return None if item is None else (lambda value: all(map(item, value)))
    if attrs.has(base):
        return _model_test(base)
    return None


@cache
def _checking_converter() -> Any:
    return make_converter(build=False)


def _extension(value: Any) -> bool:
    hook = _checking_converter().get_structure_hook(Any)
    try:
        hook(value, Any)
    except Exception:  # noqa: BLE001 (any problem: not cleared)
        return False
    return True


@cache
def _model_test(cls: Any) -> Test:
    """The test of an object of model *cls* beyond its schema."""
    tests: list[tuple[str, Test]] = []
    for field in attrs.fields(cls):
        if field.name == "extensions":
            continue
        test = _value_test(field.type)
        if test is not None:
            tests.append((str(field.metadata.get("key", field.name)), test))

    def model_test(value: Any) -> bool:
        for key, test in tests:
            item = value.get(key)
            if item is not None and not test(item):
                return False
        return all(_extension(item) for key, item in value.items() if key[:2] == "x-")

    return model_test
