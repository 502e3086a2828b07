"""The first pass: which records certainly have no problem of their own.

With jsonschema-rs, each record is checked against its published schema,
then by a few tests generated from the models' types for what lies beyond
JSON Schema; without it, by Python code generated from the models' types,
which tests all of that at once.

The first pass never decides that a record is wrong, only that it is
right, so where it is unsure it sends the record on: a record whose text
needs a closer look (see :func:`.plain.not_plain`), whose text fields are
not neat (see :func:`learningcities._characters.is_neat`), or that holds a
marker of a defect of the JSON reader is never cleared.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Final, get_args, get_origin

import attrs

from learningcities._characters import is_neat
from learningcities._checking.convert import (
    ENTITY_KINDS,
    PROBLEMS,
    json_clear,
    key_of,
    make_converter,
)
from learningcities._fields import (
    Constraint,
    Day,
    Moment,
    TimeZoneName,
    constraints_of,
    optional_of,
    run_generated,
    unwrap,
)
from learningcities._schemas import ID_PREFIX, SCHEMA_NAMES, schema
from learningcities._speed.makers import CACHED
from learningcities._speed.plain import is_plain, not_plain
from learningcities.dates import PartialDate, parse_date, parse_date_or_datetime
from learningcities.models import SINGULAR

if TYPE_CHECKING:
    from learningcities._speed.runs import Plain

__all__ = [
    "FirstPass",
    "Suspects",
    "Test",
    "built",
    "model_clear_test",
    "shape_clear_test",
]


#: The indices of the records of each kind that the first pass did not clear.
Suspects = dict[str, set[int]]

#: A test of one value that JSON Schema has already found of the right shape.
Test = Callable[[Any], bool]


@cache
def built(jsonschema_rs: Any | None, writer: Callable[[Any], str]) -> FirstPass:
    """The first pass with *jsonschema_rs* (or in Python), writing out with *writer*.

    Made once for each, and kept: compiling its tests takes a while.
    """
    return FirstPass(jsonschema_rs, writer)


class FirstPass:
    """Clears the records that certainly have no problem of their own."""

    def __init__(
        self, jsonschema_rs: Any | None, writer: Callable[[Any], str] = repr
    ) -> None:
        """Compile the tests of each kind of record, with the bundled schemas only.

        With jsonschema-rs, four per kind: a schema validator of one record,
        one of a whole array of them at once, and the tests of what lies
        beyond the schema (:func:`_beyond_schema_test`) for a record that may hold
        an extension key and for one that holds none. Without it, the tests
        are Python's (see :func:`_clear_test`), which cover all of that at once.
        *writer* writes records out as text, to tell whether their text is
        plain: orjson's, or ``repr``.
        """
        self.writer = writer
        self.jsonschema_rs = jsonschema_rs
        self._kinds: dict[str, tuple[Callable[[Any], bool], ...]] = {}
        #: What tests the records against their schemas.
        self.backend = "python" if jsonschema_rs is None else "jsonschema-rs"
        if jsonschema_rs is None:
            models: Mapping[str, Any] = ENTITY_KINDS
            for kind, model in models.items():
                one = _clear_test(model)
                every = functools.partial(_every, one)
                self._kinds[kind] = (one, every, _anything, _anything)
            return
        resources = [(ID_PREFIX + name, _clearing(name)) for name in SCHEMA_NAMES]
        registry = jsonschema_rs.Registry(resources)
        for name, kind in SINGULAR.items():
            one, every = (
                jsonschema_rs.Draft202012Validator(
                    contents, registry=registry, offline=True
                ).is_valid
                for contents in (
                    schema(name),
                    {"type": "array", "items": {"$ref": ID_PREFIX + name}},
                )
            )
            cls: Any = ENTITY_KINDS[kind]
            self._kinds[kind] = (
                one,
                every,
                _beyond_schema_test(cls, extensions=True) or _anything,
                _beyond_schema_test(cls, extensions=False) or _anything,
            )

    def suspects(
        self,
        document: Mapping[str, Any],
        *,
        extensions: bool = True,
        plain: Plain | None = None,
    ) -> tuple[Suspects, Suspects]:
        """The records of *document* to check on the exact path, by kind.

        Returns the records that may have a problem of their own, and among
        them those whose text must be walked string by string. With
        ``extensions=False`` (the document's text holds no ``"x-``), the
        records' keys are not searched for extension keys. *plain* names
        the records whose text orjson already wrote out plain (see
        :func:`read`).
        """
        structure: Suspects = {}
        text: Suspects = {}
        for kind, (one, every, with_x, without_x) in self._kinds.items():
            records = document.get(kind)
            if not isinstance(records, list):
                continue
            known = (plain or {}).get(kind, ())
            walk, extended = not_plain(records, known, self.writer)
            if not extensions:
                extended = set()
            if not walk and _safely(every, records):
                unsure = {i for i, r in enumerate(records) if not without_x(r)}
                unsure.update(i for i in extended if not with_x(records[i]))
            else:
                unsure = {
                    index
                    for index, record in enumerate(records)
                    if index in walk
                    or not isinstance(record, dict)
                    or not _safely(one, record)
                    or not (with_x if index in extended else without_x)(record)
                }
            structure[kind], text[kind] = unsure, walk
        return structure, text

    def clears(self, kind: str, record: Any) -> tuple[bool, bool]:
        """Whether one record is cleared, and whether its text is plain."""
        one, _, beyond, _ = self._kinds[kind]
        if not is_plain(record, self.writer):
            return False, False
        cleared = isinstance(record, dict) and _safely(one, record) and beyond(record)
        return cleared, True


def _clearing(name: str) -> dict[str, Any]:
    """The published schema *name*, as the first pass checks records against it.

    A text field is only a string: whether it is neat (which implies not
    blank, all the published pattern asks) is tested after the schema, at
    a fraction of the cost of the pattern (see :func:`_value_test`).
    """
    contents = schema(name)
    if name == "defs":
        contents["$defs"]["text"] = {"type": "string"}
    return contents


def _anything(_: Any) -> bool:
    return True


def _safely(valid: Callable[[Any], bool], value: Any) -> bool:
    try:
        return bool(valid(value))
    except (ValueError, OverflowError):  # a value jsonschema-rs cannot read
        return False


def _day_may_not_exist(text: str) -> bool:
    """Whether a date the schema accepts names a day 29 to 31 (or none at all)."""
    return len(text) >= len("YYYY-MM-DD") and text[8:10] > "28"


class _DayTest:
    """The test of a date: only one naming a day 29 to 31 is parsed."""

    def __init__(self, hook: Callable[[Any, Any], Any], hint: Any) -> None:
        self.hook, self.hint = hook, hint

    def __call__(self, value: Any) -> bool:
        if not _day_may_not_exist(value):
            return True
        try:
            self.hook(value, self.hint)
        except PROBLEMS:  # any problem: not cleared
            return False
        return True


def _is_int(value: Any) -> bool:
    return type(value) is int  # JSON Schema's integers include 1.0


def _value_test(hint: Any, *, extensions: bool) -> Test | None:  # noqa: PLR0911 (one per type)
    """The test of a value of *hint* beyond its schema, or None if there is none."""
    hint = optional_of(hint) or hint
    if hint is TimeZoneName:  # the name's own rule: in the IANA database
        return constraints_of(TimeZoneName)[0].test
    if hint in (Day, Moment) or hint is PartialDate:
        return _DayTest(_checking_converter().get_structure_hook(hint), hint)
    base = unwrap(hint)[0]
    if hint is str:  # a text field, which the schema lets be padded
        return is_neat
    if base is int:
        return _is_int
    if get_origin(base) in (tuple, Mapping):
        return _items_test(base, extensions=extensions)
    if attrs.has(base):
        return _beyond_schema_test(base, extensions=extensions)
    return None


def _items_test(base: Any, *, extensions: bool) -> Test | None:
    """The test of the items of a list, or the values of an object, if they need one."""
    listed = get_origin(base) is tuple
    item = _value_test(get_args(base)[0 if listed else 1], extensions=extensions)
    if item is None:
        return None
    if item is is_neat:
        return _NeatItems(listed)
    test: Test = item
    if listed:
        return lambda value: all(map(test, value))
    return lambda value: all(map(test, value.values()))


class _NeatItems:
    """The test that the texts of a list (or the values of an object) are neat.

    :func:`_beyond_schema_test` writes it in place, as a loop: a call per text
    would cost more than the test.
    """

    def __init__(self, listed: bool) -> None:  # noqa: FBT001 (one flag)
        self.listed = listed

    def __call__(self, value: Any) -> bool:
        texts = value if self.listed else value.values()
        return all(is_neat(text) for text in texts)


@cache
def _checking_converter() -> Any:
    return make_converter(build=False)


@cache
def _beyond_schema_test(cls: Any, *, extensions: bool = True) -> Test | None:
    """The test of an object of model *cls* beyond its schema, if it needs one.

    With ``extensions=False``, the object is known to hold no extension key.
    """
    names: dict[str, Any] = {"extension": json_clear}
    lines = ["def model_test(value):", "    get = value.get"]
    for number, field in enumerate(attrs.fields(cls)):
        test = _value_test(field.type, extensions=extensions)
        if field.name == "extensions" or test is None:
            continue
        key = key_of(field)
        names[f"test_{number}"] = test
        wrong = (
            "type(item) is not int"
            if test is _is_int
            else "not (item.strip() == item != '')"  # is_neat, without a call
            if test is is_neat
            else f"item[8:10] > '28' and not test_{number}(item)"
            if isinstance(test, _DayTest)  # the common case without a call
            else f"not test_{number}(item)"
        )
        lines.append(f"    item = get({key!r})")
        if isinstance(test, _NeatItems):  # a loop in place of a call
            texts = "item" if test.listed else "item.values()"
            lines += [
                "    if item is not None:",
                f"        for text in {texts}:",
                "            if not (text.strip() == text != ''):",
                "                return False",
            ]
            continue
        lines += [f"    if item is not None and {wrong}:", "        return False"]
    if len(lines) == 2 and not extensions:
        return None
    lines.append(
        "    return all(extension(v) for k, v in value.items() if k[:2] == 'x-')"
        if extensions
        else "    return True"
    )
    run_generated("\n".join(lines) + "\n", names, f"test of a {cls.__name__}")
    model_test: Test = names["model_test"]
    return model_test


def _every(one: Callable[[Any], bool], records: Any) -> bool:
    return type(records) is list and all(map(one, records))


def _parses(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """*parse*, returning None for a text it refuses; each text parsed once."""

    @lru_cache(CACHED)
    def quiet(text: str) -> Any:
        try:
            return parse(text)
        except ValueError:  # InvalidDateError
            return None

    return quiet


@cache
def _clear_test(hint: Any) -> Test:
    """Whether a JSON value of *hint* surely has no problem of its own.

    The test follows what the value's structure hook accepts, type by type,
    with the rules its type carries; it may refuse a value the hook would
    accept (the exact path then decides), never the reverse. What the
    record's written text shows (lone surrogates, text not in NFC, the
    reader's markers) is tested on that text, not here.
    """
    names: dict[str, Any] = {}
    expression = _clear_expression(hint, "value", names)
    called = expression.removesuffix("(value)")
    if called in names:  # a test made elsewhere, called as it is
        test_: Test = names[called]
        return test_
    code = f"def test(value):\n    return {expression}\n"
    run_generated(code, names, f"test of {hint!r}")
    test: Test = names["test"]
    return test


def _named(names: dict[str, Any], prefix: str, thing: Any) -> str:
    """The name under which the generated code finds *thing*, held in *names*."""
    name = f"{prefix}{len(names)}"
    names[name] = thing
    return name


def _clear_expression(hint: Any, value: str, names: dict[str, Any]) -> str:
    """The Python expression of the test of *value* (a name) against *hint*."""
    inner = optional_of(hint)
    if inner is not None:
        return _clear_expression(
            inner, value, names
        )  # null is a problem: refused below
    base, constraints = unwrap(hint)
    rules = [_rule(constraint, names) for constraint in constraints]
    if hint is Day or hint is Moment:
        read = _parses(parse_date if hint is Day else parse_date_or_datetime)
        day = f"(day := {_named(names, 'r', read)}({value}))"
        checks = [f"type({value}) is str", f"{day} is not None"]
        return " and ".join([*checks, *(rule.format("day") for rule in rules)])
    checked = _base_expression(base, value, names)
    if hint is str:  # a text field: also neat (see _characters.is_neat), in place
        checked += f" and {value}.strip() == {value} != ''"
    return " and ".join([checked, *(rule.format(value) for rule in rules)])


def _rule(constraint: Constraint, names: dict[str, Any]) -> str:
    """The expression of *constraint*'s test of ``{0}``: in place, if a pattern."""
    if constraint.pattern is None:
        return f"{_named(names, 't', constraint.test)}({{0}})"
    matches = f"{_named(names, 'm', constraint.pattern.fullmatch)}({{0}}) is not None"
    if constraint.max_length is None:
        return matches
    return f"len({{0}}) <= {constraint.max_length} and {matches}"


def _base_expression(base: Any, value: str, names: dict[str, Any]) -> str:
    """The expression of *value*'s test against *base*, without its constraints."""
    if base is str:
        return f"type({value}) is str"
    if base is int:
        return f"type({value}) is int"
    if base is float:
        return f"(type({value}) is float or type({value}) is int)"
    if isinstance(base, type) and issubclass(base, enum.Enum):
        words = _named(names, "w", frozenset(member.value for member in base))
        return f"type({value}) is str and {value} in {words}"
    return f"{_named(names, 'f', _container_test(base))}({value})"


def _container_test(base: Any) -> Test:
    """The test of a value that is not a scalar: called, not written in place."""
    if base is Any:
        return json_clear
    if base is PartialDate:  # an attrs class, read from text
        read = _parses(PartialDate.parse)
        return lambda text: type(text) is str and read(text) is not None
    if attrs.has(base):
        return model_clear_test(base)
    origin, args = get_origin(base), get_args(base)
    names: dict[str, Any] = {}
    if origin is tuple:
        lines = [
            "def items(value):",
            "    if type(value) is not list:",
            "        return False",
            "    for item in value:",
            f"        if not ({_clear_expression(args[0], 'item', names)}):",
        ]
    elif origin is Mapping:
        lines = [
            "def items(value):",
            "    if type(value) is not dict:",
            "        return False",
            "    for key, item in value.items():",
            f"        if not ({_clear_expression(args[0], 'key', names)}) or not (",
            f"            {_clear_expression(args[1], 'item', names)}",
            "        ):",
        ]
    else:
        raise TypeError(f"no test for {base!r}")
    lines += ["            return False", "    return True"]
    run_generated("\n".join(lines) + "\n", names, f"test of the items of {base!r}")
    items: Test = names["items"]
    return items


def model_clear_test(cls: Any) -> Test:
    """The test of an object of model *cls*: its keys, then each field's value.

    Objects of one kind mostly have their keys in one of a few orders (their
    shapes): the test of each shape, made when first met, reads the values
    in that order at once, and tests only the fields present. Beyond
    :data:`_SHAPES` shapes, and for objects of more than :data:`_WIDE` keys,
    the objects are read key by key.
    """
    by_key = _clear_test_by_key(cls)
    fields = {key_of(field): field.type for field in _fields(cls)}
    needed = frozenset(key_of(f) for f in _fields(cls) if f.default is attrs.NOTHING)
    shapes: dict[tuple[str, ...], Test] = {}

    def model(value: Any) -> bool:
        if type(value) is not dict:  # a DuplicateKeysDict is not a dict
            return False
        if len(value) > _WIDE:
            return by_key(value)
        shape = tuple(value)
        test = shapes.get(shape)
        if test is None:
            if len(shapes) >= _SHAPES:
                return by_key(value)
            test = shapes[shape] = shape_clear_test(fields, needed, shape)
        return test(value)

    return model


#: How many orders of keys each model's test compiles a test for.
_SHAPES: Final = 64

#: How many keys an object may have to be tested by the test of its shape.
_WIDE: Final = 64


def shape_clear_test(
    fields: Mapping[str, Any], needed: frozenset[str], shape: tuple[str, ...]
) -> Test:
    """The test of the objects whose keys are *shape*, in that order."""
    if not needed.issubset(shape) or any(
        key not in fields and key[:2] != "x-" for key in shape
    ):
        return lambda _: False
    if not shape:
        return _anything
    names: dict[str, Any] = {"extension": json_clear}
    checks = [
        _clear_expression(fields[key], f"v{number}", names)
        if key in fields
        else f"extension(v{number})"
        for number, key in enumerate(shape)
    ]
    values = ", ".join(f"v{number}" for number in range(len(shape)))
    code = "\n".join(
        [
            "def shaped(value):",
            f"    {values}, = value.values()",
            "    return " + " and ".join(f"({check})" for check in checks),
        ]
    )
    run_generated(code + "\n", names, f"test of an object of {len(shape)} keys")
    shaped: Test = names["shaped"]
    return shaped


def _fields(cls: Any) -> list[attrs.Attribute[Any]]:
    """The fields of model *cls* read from a record's keys (all but its extensions)."""
    return [field for field in attrs.fields(cls) if field.name != "extensions"]


def _clear_test_by_key(cls: Any) -> Test:
    """The test of an object of model *cls*, read key by key."""
    names: dict[str, Any] = {"extension": json_clear, "ABSENT": _ABSENT}
    known, needed = set(), set()
    lines = []
    for field in _fields(cls):
        key = key_of(field)
        known.add(key)
        if field.default is attrs.NOTHING:
            needed.add(key)
        expression = _clear_expression(field.type, "item", names)
        lines += [
            f"    item = get({key!r}, ABSENT)",
            f"    if item is not ABSENT and not ({expression}):",
            "        return False",
        ]
    names["known"], names["needed"] = frozenset(known), frozenset(needed)
    code = "\n".join(
        [
            "def model(value):",
            "    if type(value) is not dict:",
            "        return False",
            "    keys = value.keys()",
            "    if not needed <= keys:",
            "        return False",
            "    if not keys <= known and not all(",
            "        key[:2] == 'x-' and extension(value[key]) for key in keys - known",
            "    ):",
            "        return False",
            "    get = value.get",
            *lines,
            "    return True",
        ]
    )
    run_generated(code + "\n", names, f"test of a {cls.__name__}, key by key")
    model: Test = names["model"]
    return model


#: Stands for a key a record does not have.
_ABSENT: Final = object()
