"""The vocabulary of field types: constraints carried in ``Annotated``.

A field annotated ``Id`` is a plain ``str`` to type checkers and to users,
and carries the rule ids must follow. The same :class:`Constraint` is
checked when a model is built in Python (an attrs validator added by
:func:`checked_fields`) and when a document is loaded (a cattrs hook), so the
two can never disagree, and the loader can report every failure at once.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import linecache
import re
import types
import unicodedata
import zoneinfo
from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any, Final, TypeVar, Union, cast, get_args, get_origin

import attrs

from learningcities import _hints as hints
from learningcities._characters import WHITE_SPACE_CLASS, in_nfc
from learningcities._countries import ASSIGNED

__all__ = [
    "STORED",
    "TEXT_SCHEMA",
    "Constraint",
    "CountryCode",
    "Day",
    "Extensions",
    "Id",
    "JSONValue",
    "LanguageTag",
    "Latitude",
    "Longitude",
    "Moment",
    "NonNegativeInt",
    "Sdg",
    "Subdivision",
    "TimeZoneName",
    "UriReference",
    "Url",
    "checked_fields",
    "compile_maker",
    "constraints_of",
    "run_generated",
    "unchecked_maker",
    "unwrap",
]

T = TypeVar("T")

#: Any JSON value: ``None``, ``bool``, ``int``, ``float``, ``str``, ``list``, ``dict``.
JSONValue = Any


@attrs.frozen(eq=False)  # compared and hashed by identity, as Annotated needs
class Constraint:
    """A rule that a value must follow, how to say it is broken, and its schema.

    Attributes:
        expected: What a good value is, phrased to follow "must be".
        test: Whether a value of the right Python type follows the rule.
        schema: The JSON Schema keywords that express the rule, as far as
            JSON Schema can.
        name: The name of the shared definition in the published schemas, or
            ``None`` when the keywords are written in place.
        code: The problem code reported when the rule is broken.
        pattern: If the rule is that text match a regular expression in full
            (and be at most *max_length* long), that expression: what
            :attr:`test` tests, for code that writes the test in place.
        max_length: How long such a text may be, if there is a limit.
        suggest: What to write instead of a text that breaks the rule, if
            it looks like a good value written another way (see
            :mod:`learningcities._hints`); None when nothing is suggested.
    """

    expected: str
    test: Callable[[Any], bool]
    schema: Mapping[str, Any]
    name: str | None = None
    code: str = "schema"
    pattern: re.Pattern[str] | None = None
    max_length: int | None = None
    suggest: Callable[[str], str | None] | None = None


def _pattern(
    name: str, expected: str, pattern: str, max_length: int | None = None
) -> Constraint:
    """A rule that text match *pattern* in full (and be at most *max_length* long)."""
    regex = re.compile(pattern)

    def test(value: str) -> bool:
        too_long = max_length is not None and len(value) > max_length
        return not too_long and regex.fullmatch(value) is not None

    schema: dict[str, Any] = {"type": "string", "pattern": f"^{pattern}$"}
    if max_length is not None:
        schema["maxLength"] = max_length
    return Constraint(
        expected, test, schema, name, pattern=regex, max_length=max_length
    )


def _range(
    expected: str, json_type: str, minimum: float, maximum: float | None = None
) -> Constraint:
    """A rule that a number lie from *minimum* to *maximum*, both included."""

    def test(value: float) -> bool:
        return value >= minimum and (maximum is None or value <= maximum)

    schema: dict[str, Any] = {"type": json_type, "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    return Constraint(expected, test, schema)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


#: The schema of a text field since format 1.1: a string holding at least
#: one character that is not white space.
TEXT_SCHEMA: Final = {"type": "string", "pattern": f"[^{WHITE_SPACE_CLASS}]"}


ID_PATTERN: Final = "[a-z0-9]+(-[a-z0-9]+)*"
_YEAR: Final = "([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH: Final = "(0[1-9]|1[0-2])"
_DAY: Final = "(0[1-9]|[12][0-9]|3[01])"
_DATE: Final = f"{_YEAR}-{_MONTH}-{_DAY}"
_TIME: Final = (
    "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,6})?"
    "([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
)

#: The schema of a partial date; that the day exists is checked by the loader.
PARTIAL_DATE_SCHEMA: Final = {
    "type": "string",
    "pattern": f"^{_YEAR}(-{_MONTH}(-{_DAY})?)?[~?%]?$",
}

Id = Annotated[
    str,
    _pattern(
        "id",
        "an id of lowercase ASCII letters and digits in words joined by single "
        "hyphens, at most 64 characters",
        ID_PATTERN,
        64,
    ),
]
CountryCode = Annotated[
    str,
    Constraint(
        'an assigned ISO 3166-1 alpha-2 country code such as "MA"',
        ASSIGNED.__contains__,
        {"type": "string", "enum": sorted(ASSIGNED)},
        "country-code",
        "unknown-country",
        suggest=hints.country,
    ),
]
Subdivision = Annotated[
    str,
    _pattern(
        "subdivision-code",
        'an ISO 3166-2 subdivision code such as "MA-03"',
        "[A-Z]{2}-[A-Z0-9]{1,3}",
    ),
]
LanguageTag = Annotated[
    str,
    _pattern(
        "language-tag",
        'a BCP 47 language tag such as "fr" or "ar-MA"',
        "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*",
        35,
    ),
]
Url = Annotated[
    str,
    _pattern(
        "url",
        'an absolute http or https URL such as "https://uil.unesco.org/"',
        r"https?://[^\s/?#]+\S*",
    ),
]
TimeZoneName = Annotated[
    str,
    Constraint(
        'an IANA time zone name such as "Africa/Casablanca"',
        lambda value: value in _time_zones(),
        {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"},
        "time-zone",
        "invalid-timezone",
    ),
]
Sdg = Annotated[
    str,
    _pattern(
        "sdg",
        'a Sustainable Development Goal or target such as "4", "4.3" or "11.a"',
        "(1[0-7]|[1-9])([.]([1-9][0-9]?|[a-z]))?",
    ),
]
UriReference = Annotated[
    str,
    Constraint(
        "a URI reference",
        lambda _: True,  # JSON Schema's "uri-reference" format, not asserted
        {"type": "string", "format": "uri-reference"},
    ),
]
Latitude = Annotated[float, _range("a latitude from -90 to 90", "number", -90, 90)]
Longitude = Annotated[
    float, _range("a longitude from -180 to 180", "number", -180, 180)
]
NonNegativeInt = Annotated[int, _range("an integer of 0 or more", "integer", 0)]
Day = Annotated[
    dt.date,
    Constraint(
        "a date (YYYY-MM-DD) without a time",
        lambda value: not isinstance(value, dt.datetime),
        {"type": "string", "format": "date", "pattern": f"^{_DATE}$"},
        "date",
    ),
]
Moment = Annotated[
    dt.date,
    Constraint(
        "a date, or a date-time with an offset",
        lambda value: (
            not isinstance(value, dt.datetime) or value.utcoffset() is not None
        ),
        {"type": "string", "pattern": f"^{_DATE}([Tt]{_TIME})?$"},
        "date-or-date-time",
    ),
]
Extensions = Mapping[str, JSONValue]

_EMPTY: Final[Mapping[str, Any]] = types.MappingProxyType({})
#: The mappings models hold, tested by type before the slower ABC check.
_MAPPINGS: Final = (dict, types.MappingProxyType)


def unwrap(hint: Any) -> tuple[Any, tuple[Constraint, ...]]:
    """Split ``Annotated[T, *constraints]`` into ``T`` and its constraints."""
    if get_origin(hint) is Annotated:
        base, *extras = get_args(hint)
        return base, tuple(extra for extra in extras if isinstance(extra, Constraint))
    return hint, ()


def constraints_of(hint: Any) -> tuple[Constraint, ...]:
    """Return the constraints an ``Annotated`` *hint* carries, or ``()``."""
    return unwrap(hint)[1]


def optional_of(hint: Any) -> Any | None:
    """Return ``T`` if *hint* is ``T | None``, else ``None``."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(args) == 1 and len(get_args(hint)) == 2:
            return args[0]
    return None


def nfc(text: str) -> str:
    """Return *text* in Unicode normalization form C."""
    if in_nfc(text):
        return text
    return unicodedata.normalize("NFC", text)


# -- Python-side checks: attrs validators and converters built from the types --


#: What is wrong with a value: the exception type to raise and the clause.
Failure = tuple[type[Exception], str]


Check = Callable[[Any], "Failure | None"]


@cache
def compile_check(hint: Any) -> Check:
    """Return a function that says what is wrong with a Python value of *hint*.

    The type is read once, here, so that checking a value reads no typing
    metadata: models are built by the hundred thousand.
    """
    inner = optional_of(hint)
    if inner is not None:
        check_inner = compile_check(inner)
        return lambda value: None if value is None else check_inner(value)
    base, constraints = unwrap(hint)
    origin = get_origin(base)
    if origin is tuple:
        return _items_check(compile_check(get_args(base)[0]))
    if origin is Mapping:
        key_hint, value_hint = get_args(base)
        value_check = None if value_hint is Any else compile_check(value_hint)
        return _mapping_check(compile_check(key_hint), value_check)
    is_instance, phrase = _instance_test(base), _type_phrase(base)
    tests = [(c.test, c.expected) for c in constraints]

    def check(value: Any) -> Failure | None:
        if not is_instance(value):
            return TypeError, f"must be {phrase}, not {_show(value)}"
        for test, expected in tests:
            if not test(value):
                return ValueError, f"must be {expected}, not {_show(value)}"
        return None

    return check


def _show(value: object) -> str:
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return f"{shown} ({type(value).__name__})"


def _items_check(item: Check) -> Check:
    def check(value: Any) -> Failure | None:
        if not isinstance(value, tuple):
            return TypeError, f"must be a tuple, not {_show(value)}"
        for index, element in enumerate(value):
            failure = item(element)
            if failure is not None:
                return failure[0], f"item {index} {failure[1]}"
        return None

    return check


def _mapping_check(key: Check, item: Check | None) -> Check:
    def check(value: Any) -> Failure | None:
        if type(value) not in _MAPPINGS and not isinstance(value, Mapping):
            return TypeError, f"must be a mapping, not {_show(value)}"
        for name, element in value.items():
            failure = key(name)
            if failure is not None:
                return failure[0], f"key {name!r} {failure[1]}"
            failure = None if item is None else item(element)
            if failure is not None:
                return failure[0], f"value at {name!r} {failure[1]}"
        return None

    return check


def _instance_test(base: Any) -> Callable[[Any], bool]:
    if base is Any:
        return lambda _: True
    if base is int:
        return lambda value: type(value) is int
    if base is float:
        return lambda value: type(value) in (int, float)
    return lambda value: isinstance(value, base)


def _type_phrase(base: Any) -> str:
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return "one of " + ", ".join(repr(member.value) for member in base)
    names = {str: "a str", int: "an int", float: "a float", dt.date: "a date"}
    return names.get(base, f"a {getattr(base, '__name__', base)}")


def _validator(name: str, hint: Any) -> Callable[[Any, Any, Any], None]:
    check = compile_check(hint)

    def validate(_instance: Any, _attribute: Any, value: Any) -> None:
        failure = check(value)
        if failure is not None:
            error, clause = failure
            raise error(f"{name!r} {clause}.")

    return validate


def _converter(hint: Any) -> Callable[[Any], Any] | None:
    """Return the converter that puts text in NFC and makes collections immutable.

    Lists become tuples and mappings read-only, so that a model built from
    plain Python values is as immutable as a loaded one.
    """
    hint = optional_of(hint) or hint
    base = unwrap(hint)[0]
    origin = get_origin(base)
    if base is str:
        return _convert_text
    if origin is tuple:
        return _convert_texts if unwrap(get_args(base)[0])[0] is str else _to_tuple
    if origin is Mapping:
        return _freeze_mapping
    return None


def _convert_text(value: Any) -> Any:
    return nfc(value) if isinstance(value, str) else value


def _convert_texts(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return tuple(_convert_text(item) for item in value)
    return value


def _to_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _freeze_mapping(value: Any) -> Any:
    if type(value) in _MAPPINGS or isinstance(value, Mapping):
        return types.MappingProxyType(
            {key: _convert_text(item) for key, item in value.items()}
        )
    return value


#: The field metadata key of the converter a value of the field's type needs
#: (NFC text, tuples, read-only mappings): what makers of checked values run.
STORED: Final = "learningcities.stored"


def _typed(convert: Callable[[Any], Any], hint: Any) -> Callable[[Any], Any]:
    """*convert*, annotated as taking and giving *hint* (``__init__`` shows it)."""

    def typed(value: Any) -> Any:
        return convert(value)

    inner = optional_of(hint)
    shown = unwrap(hint if inner is None else inner)[0]
    if get_origin(shown) is Mapping:
        key, item = (unwrap(arg)[0] for arg in get_args(shown))
        shown = Mapping[key, item]  # type: ignore[valid-type]
    if inner is not None:
        shown = shown | None
    typed.__annotations__ = {"value": shown, "return": shown}
    return typed


def _then(first: Callable[[Any], Any], second: Callable[[Any], Any]) -> Any:
    """A converter that runs *first*, then *second*; it takes what *first* takes."""

    def both(value: Any) -> Any:
        return second(first(value))

    both.__annotations__ = dict(getattr(first, "__annotations__", {}))
    return both


def checked_fields(
    _cls: type, fields: list[attrs.Attribute[Any]]
) -> list[attrs.Attribute[Any]]:
    """Add to every field the validator and converter its type implies.

    Used as the ``field_transformer`` of every model, so that a model built in
    Python obeys the same rules as one loaded from a file.
    """
    result = []
    for field in fields:
        changes: dict[str, Any] = {"validator": _validator(field.name, field.type)}
        converter = _converter(field.type)
        accept = field.converter  # what the model takes beyond its type, if declared
        changes["metadata"] = {**field.metadata, STORED: converter}
        if accept is not None:
            changes["converter"] = (
                accept if converter is None else _then(accept, converter)  # type: ignore[arg-type]
            )
        elif converter is not None:  # typed, so that help() shows the field's type
            changes["converter"] = _typed(converter, field.type)
        if get_origin(unwrap(field.type)[0]) is Mapping:
            changes["hash"] = False
        result.append(field.evolve(**changes))
    return result


@cache
def unchecked_maker(cls: type[T]) -> Callable[[Mapping[str, Any]], T]:
    """Return a function that makes a *cls* from values its hooks already checked.

    It does what the class's ``__init__`` does (fills in defaults, runs the
    converters: NFC text, tuples, read-only mappings) but the validators:
    loading checks each value with the structure hook of its type, which
    holds the same rules, and checking them twice made loading twice as
    slow. The values are given by field name.

    >>> from learningcities import Location
    >>> unchecked_maker(Location)({"lat": 34.03, "lon": -5.0})
    Location(lat=34.03, lon=-5.0, extensions=mappingproxy({}))
    """
    names: dict[str, Any] = {}
    values: dict[str, str] = {}
    for number, field in enumerate(attrs.fields(cast("Any", cls))):
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{field.name}: a factory default")
        value = f"values[{field.name!r}]"
        if field.default is not attrs.NOTHING:
            names[f"default_{number}"] = field.default
            value = f"values.get({field.name!r}, default_{number})"
        convert = field.metadata.get(STORED, field.converter)
        if convert is not None:  # the type's conversion: the value is checked
            names[f"convert_{number}"] = convert
            value = f"convert_{number}({value})"
        values[field.name] = value
    return compile_maker(cls, "values", values, names)


_GENERATED: Final = itertools.count(1)


def run_generated(source: str, names: dict[str, Any], what: str) -> None:
    """Run *source*, Python code the package generated, with the globals *names*.

    The code is registered with :mod:`linecache` under a name that says
    *what* it is, as attrs and cattrs register the methods they generate:
    tracebacks, debuggers and :func:`inspect.getsource` show its lines
    rather than ``File "<string>"``. Only code made of the project's own
    names (fields, types) is run this way, never text from a file.
    """
    filename = f"<learningcities generated {what} #{next(_GENERATED)}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    exec(compile(source, filename, "exec"), names)  # noqa: S102 (see above)


def compile_maker(
    cls: type[T], argument: str, values: Mapping[str, str], names: dict[str, Any]
) -> Callable[[Any], T]:
    """Compile a function of *argument* that makes a *cls* without its ``__init__``.

    *cls* is a slotted attrs class (as every model is): each field's slot is
    set to the value of its Python expression in *values* (by field name),
    which may use *argument* and the objects *names* holds.
    The code is made of the project's own field names, as attrs makes its
    ``__init__``.
    """
    names = {**names, "cls": cls, "new": object.__new__}
    lines = [f"def make({argument}):", "    self = new(cls)"]
    for number, (name, value) in enumerate(values.items()):
        names[f"set_{number}"] = getattr(cls, name).__set__  # the field's slot
        lines.append(f"    set_{number}(self, {value})")
    lines.append("    return self")
    run_generated("\n".join(lines) + "\n", names, f"maker of {cls.__name__}")
    make: Callable[[Any], T] = names["make"]
    return make


EMPTY_MAPPING: Final = _EMPTY
