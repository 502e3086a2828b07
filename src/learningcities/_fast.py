"""The first pass, which clears most records fast, and the optional accelerator.

Each record of a document is first checked as a whole. With the accelerator
(``pip install learningcities[fast]``: jsonschema-rs and orjson), by
jsonschema-rs against its published schema, and, for what lies beyond JSON
Schema, by a few tests generated from the models' types (a day that may not
exist, a time zone, an integer written ``1.0``, an extension value); without
it, by Python code generated from the models' types, which tests all of
that at once. A record that passes is certain to have no problem of its
own; every other record takes the exact path, which says what is wrong.
The problems reported are therefore the same with or without a first
pass, and differential property tests hold each to that.

The first pass never decides that a record is wrong, only that it is
right, so where it is unsure it sends the record on: a record whose text
needs a closer look (see :func:`._rules.surely_normalized`), whose text
fields are not neat (see :func:`._types.is_neat`), or that holds a marker
of a defect of the JSON reader is never cleared. Whether a record's
text is plain is read off orjson's writing of its run, or off the whole
document's text (:func:`plain_document`), or else off its own writing.
The records it clears can also be made into models straight from their
values (:func:`maker`), and orjson reads the texts in which it can hide no
defect (:func:`read`).

The pipeline reaches all of this through one object, the run's
:class:`Speed`, made once from a mode (:func:`speed`).
"""

from __future__ import annotations

import enum
import functools
import importlib
import os
import types
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, get_args, get_origin

import attrs

from . import _json, _runs
from ._convert import ENTITY_KINDS, PROBLEMS, key_of, make_converter
from ._dates import PartialDate, parse_date, parse_date_or_datetime
from ._locate import Place, Starts, locate, locate_in_records
from ._models import SINGULAR
from ._schemas import ID_PREFIX, SCHEMA_NAMES, schema
from ._types import (
    Constraint,
    Day,
    Moment,
    TimeZoneName,
    compile_maker,
    constraints_of,
    is_neat,
    optional_of,
    run_generated,
    unwrap,
)

if TYPE_CHECKING:
    from ._finding import Finding

__all__ = [
    "MODES",
    "FirstPass",
    "Mode",
    "Reading",
    "Sorting",
    "Speed",
    "Suspects",
    "built",
    "first_pass",
    "has_extensions",
    "maker",
    "makers",
    "parse",
    "read",
    "speed",
]

#: The indices of the records of each kind that the first pass did not clear.
Suspects = dict[str, set[int]]

#: Text in a record's repr that shows it holds a marker of the JSON reader.
_MARKER: Final = "DuplicateKeysDict("  # see DuplicateKeysDict.__repr__
#: A test of one value that JSON Schema has already found of the right shape.
Test = Callable[[Any], bool]


@cache
def _optional(name: str) -> Any | None:
    """The module *name* of an optional dependency, or None if not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


#: Set to turn the accelerator off (as if it were not installed); set to
#: ``exact``, to turn every first pass off (the reference path).
SWITCH: Final = "LEARNINGCITIES_NO_ACCELERATOR"

#: How records are checked: ``exact``, every record on the exact path (the
#: reference); ``python``, a first pass in Python, as installed without the
#: accelerator; ``accelerated``, with the accelerator's parts that are
#: installed.
Mode = Literal["exact", "python", "accelerated"]
MODES: Final[tuple[Mode, ...]] = get_args(Mode)


#: A byte order mark, which a text may begin with and which is not part of it.
_BOM: Final = "\ufeff"


@attrs.define
class Reading:
    """A document as read, with what reading it showed of its text.

    Only :attr:`document` is for the pipeline; the rest is for the
    :class:`Speed` that made it, which places problems from it.

    Attributes:
        document: The parsed value, defects marked (a dict for a document).
        source: The text as given, without a byte order mark; None if the
            document was given parsed.
        text: *source* decoded, if it had to be.
        starts: Where some records start in *source*, by kind, if known.
        plain: Which records are known to be written plain, by kind.
        extensions: Whether the text may hold an extension key.
    """

    document: Any
    source: str | bytes | None = None
    text: str | None = None
    starts: Starts = attrs.field(factory=dict)
    plain: _runs.Plain = attrs.field(factory=dict)
    extensions: bool = True


class Sorting(NamedTuple):
    """Which records of a document take the exact path, and how the others are made.

    ``None`` for :attr:`suspects` and :attr:`walk` means every record.
    """

    #: The records that may have a problem of their own, by kind.
    suspects: Suspects | None
    #: Among them, those whose text must be walked string by string.
    walk: Suspects | None
    #: What makes a model of each other record, by kind, when building.
    makers: Mapping[str, Callable[[Any], Any]] | None


@attrs.frozen
class Speed:
    """The fast work of a run, done one way: what the pipeline asks for speed.

    The pipeline names no accelerator, run or plain text: it asks this
    object to read a document (:meth:`reading`), which records need the
    exact path (:meth:`sort`), and where problems are (:meth:`place`).
    Made once per run, from a mode (:func:`speed`).

    Attributes:
        first_pass: What clears records, or None: every record takes the
            exact path.
        reader: orjson, which reads the runs of records it can be trusted
            with; None: the JSON reader reads every text.
    """

    first_pass: FirstPass | None
    reader: Any | None = None

    def read(self, text: str | bytes) -> _runs.Read | None:
        """Parse JSON *text* with the reader, or None where the JSON reader must.

        See :func:`read`.
        """
        return None if self.reader is None else read(text, self.reader)

    def reading(self, data: str | bytes | Any) -> Reading:
        """Read a document: JSON text, bytes, or a value already parsed.

        Raises:
            FindingsError: the text is not UTF-8 or not JSON, or nests too
                deep: the findings say where.
        """
        if not isinstance(data, (str, bytes)):
            return Reading(data)
        if isinstance(data, bytes):
            source: str | bytes = data.removeprefix(_BOM.encode())
        else:
            source = data.removeprefix(_BOM)
        extensions = has_extensions(source)
        fast = self.read(source)
        if fast is not None:  # orjson read the bytes, valid UTF-8
            starts, plain = fast.starts, fast.plain
            return Reading(fast.document, source, None, starts, plain, extensions)
        # Decoded without a byte order mark, as *source* is.
        text = (
            _json.decode(data) if isinstance(data, bytes) else data.removeprefix(_BOM)
        )
        document, marked = _json.parse_marked(text)
        if marked:
            return Reading(document, source, text, {}, {}, extensions)
        plain = plain_document(document, source, text, extends=extensions)
        return Reading(document, source, text, {}, plain, extensions)

    def sort(self, reading: Reading, *, build: bool) -> Sorting:
        """Which records of *reading* take the exact path, and how to make the rest.

        The makers are given only with *build*.
        """
        first = self.first_pass if isinstance(reading.document, dict) else None
        if first is None:
            return Sorting(None, None, None)
        extensions = reading.extensions
        suspects, walk = first.suspects(
            reading.document, extensions=extensions, plain=reading.plain
        )
        if not build:
            return Sorting(suspects, walk, None)
        # Records made without a check must also be plain text.
        suspects = {kind: suspects[kind] | walk[kind] for kind in suspects}
        return Sorting(suspects, walk, makers(extensions=extensions))

    def place(
        self, reading: Reading, findings: Iterable[Finding]
    ) -> Mapping[Place, tuple[int, int]] | None:
        """Where each finding without a place is in the text read, as (line, column)."""
        wanted = {(f.path, f.at_key) for f in findings if f.line is None}
        source = reading.source
        if source is None or not wanted:
            return None
        found: dict[Place, tuple[int, int]] = {}
        rest: Iterable[Place] = wanted
        if reading.starts and isinstance(source, bytes):  # from a record's start
            found, rest = locate_in_records(source, wanted, reading.starts)
        if rest:
            text = reading.text
            if text is None:
                text = source if isinstance(source, str) else source.decode("utf-8")
            found.update(locate(text, rest))
        return found


def speed(mode: Mode | None = None) -> Speed:
    """The :class:`Speed` of *mode*; by default, of the environment.

    Without a mode, ``LEARNINGCITIES_NO_ACCELERATOR`` decides: unset, the
    accelerator (what of it is installed); ``exact``, no first pass; any
    other value, the first pass in Python. This is the one place that reads
    it.

    >>> speed("exact").first_pass is None
    True

    Raises:
        ValueError: *mode* is none of :data:`MODES`.
    """
    if mode is None:
        switch = os.environ.get(SWITCH)
        mode = "exact" if switch == "exact" else "python" if switch else "accelerated"
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "exact":
        return Speed(None)
    if mode == "python":
        return Speed(built(None, repr))
    rs = _optional("jsonschema_rs")
    return Speed(built(rs, _orjson_writer()), _optional("orjson"))


def first_pass() -> FirstPass | None:
    """The first pass of the environment's mode (see :func:`speed`)."""
    return speed().first_pass


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
        plain: _runs.Plain | None = None,
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
        if not _is_plain(record, self.writer):
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


def has_extensions(text: str | bytes) -> bool:
    """Whether JSON *text* may hold an extension key: ``"x-``, or an escape.

    Searching for one character costs a tenth of searching for several:
    each is looked for first.
    """
    if isinstance(text, bytes):
        return _runs.holds(text, b'"x-') or (b"\\" in text and b"\\u" in text)
    return _runs.holds(text, '"x-') or ("\\" in text and "\\u" in text)


def plain_document(
    document: Any, source: str | bytes, text: str, *, extends: bool
) -> _runs.Plain:
    """All the records of a *document*, if its whole text shows them plain; or none.

    *source* is the JSON text the reader parsed without error and without
    marking a defect, *text* the same decoded, and *extends* says whether it
    may hold an extension key (see :func:`has_extensions`). Its strings are
    all plain when it holds no escape and every character beyond ASCII is
    visible (the reader refuses control characters in strings, and JSON
    allows none but whitespace between values), and it is in NFC (its
    quotes, which compose with nothing, keep each string's form its own).
    Checking that costs a fraction of writing the records out.

    Only the characters beyond ASCII are looked at, all together: an ASCII
    character composes only with a combining mark that follows it, so
    without such marks the text is in NFC if they are (joined, they may
    seem not to be, never the reverse); with them, the whole text is read.
    """
    data = source
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not isinstance(document, dict) or b"\\" in data or b"\x7f" in data:
        return {}
    try:
        beyond_ascii = data.translate(None, _ASCII).decode()
    except UnicodeDecodeError:  # a lone surrogate, given as text
        return {}
    if not beyond_ascii.isprintable():
        return {}
    marks = any(map(unicodedata.combining, set(beyond_ascii)))
    if not unicodedata.is_normalized("NFC", text if marks else beyond_ascii):
        return {}
    return {
        kind: [(0, len(records), extends)]
        for kind in ENTITY_KINDS
        if isinstance(records := document.get(kind), list)
    }


_ASCII: Final = bytes(range(128))


def _is_plain(value: Any, write: Callable[[Any], str]) -> bool:
    text = _written(write, value)
    return text is not None and _plain(text)


def _anything(_: Any) -> bool:
    return True


def _safely(valid: Callable[[Any], bool], value: Any) -> bool:
    try:
        return bool(valid(value))
    except (ValueError, OverflowError):  # a value jsonschema-rs cannot read
        return False


def _plain(shown: str) -> bool:
    """Whether text written from JSON values shows only plain, visible NFC text.

    Invisible and control characters are not printable, and the writers
    escape lone surrogates (or refuse them) and quotes with a backslash.
    """
    return (
        shown.isprintable()
        and "\\" not in shown
        and _MARKER not in shown
        and unicodedata.is_normalized("NFC", shown)
    )


def not_plain(
    records: list[Any],
    known: Iterable[tuple[int, int, bool]] = (),
    write: Callable[[Any], str] | None = None,
) -> tuple[set[int], set[int]]:
    """The records whose text needs a closer look: written out by runs, then each.

    Also returns, among the others, those whose text may hold an extension
    key. The records are written out in runs of :data:`_WRITTEN_AT_ONCE`, then one by
    one in the runs that are not plain: few records need a closer look,
    and writing each on its own cost a call each (writing all at once, a
    second writing of all when one is not plain). *known* holds, in order,
    runs of records known to be plain (from, to, and whether they may hold
    an extension key): they are not written out again. *write* writes them
    out (by default, orjson's writer if it is installed).
    """
    write = write or _orjson_writer()
    walk: set[int] = set()
    extended: set[int] = set()
    segments: list[tuple[int, int]] = []  # the records no known run covers
    done = 0
    for first, stop, extends in known:
        segments.append((done, first))
        if extends:
            extended.update(range(first, stop))
        done = stop
    segments.append((done, len(records)))
    for begin, end in segments:
        for start in range(begin, end, _WRITTEN_AT_ONCE):
            run = records[start : min(start + _WRITTEN_AT_ONCE, end)]
            text = _written(write, run)
            if text is not None and _plain(text):
                if _may_extend(text):
                    extended.update(range(start, start + len(run)))
                continue
            for index, record in enumerate(run, start):
                text = _written(write, record)
                if text is None or not _plain(text):
                    walk.add(index)
                elif _may_extend(text):
                    extended.add(index)
    return walk, extended


#: How many records :func:`not_plain` writes out at once when not all are plain.
_WRITTEN_AT_ONCE: Final = 64


def _written(write: Callable[[Any], str], value: Any) -> str | None:
    """*value* written out, or None if a marker of a defect (or depth) stops it."""
    try:
        return write(value)
    except (TypeError, ValueError, RecursionError):
        return None


def _may_extend(written: str) -> bool:
    """Whether JSON values written out (by orjson or repr) may hold an ``x-`` key."""
    return _runs.holds(written, '"x-') or _runs.holds(written, "'x-")


def parse(text: str | bytes) -> Any | None:
    """Parse JSON *text* as the environment's mode does, or None where the reader must.

    See :func:`read`, which also says where records start.
    """
    read_ = speed().read(text)
    return None if read_ is None else read_.document


def read(text: str | bytes, orjson: Any) -> _runs.Read | None:
    """Parse JSON *text* with orjson, or return None where the reader must.

    A dataset document is read by runs of records (see :mod:`._runs`): then
    the reader reads only the runs orjson cannot be trusted with, and the
    value is the reader's. Any other text is read whole, if orjson reads it
    as the reader would (see :func:`._runs.orjson_reading`).

    *text* may be given as bytes, which orjson reads only if they are UTF-8
    (without a byte order mark): else the reader says what is wrong.
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    by_runs = _runs.read(data, orjson, _plain_run)  # a dataset document, by runs
    if by_runs is not None:
        return by_runs
    whole = _runs.orjson_reading(data, orjson)
    return None if whole is None else _runs.Read(whole[0], {}, {})


def _plain_run(written: bytes) -> tuple[bool, bool]:
    """Whether records orjson wrote out are plain, and may hold an extension key."""
    shown = written.decode()
    return _plain(shown), _may_extend(shown)


@cache
def _orjson_writer() -> Callable[[Any], str]:
    """Write JSON values out as text, orjson's way if it is installed.

    orjson refuses the markers of the JSON reader (objects of other classes)
    and lone surrogates; ``repr`` shows the markers by name and escapes lone
    surrogates.
    """
    orjson = _optional("orjson")
    if orjson is None:
        return repr
    option = orjson.OPT_PASSTHROUGH_SUBCLASS
    dumps = orjson.dumps
    return lambda value: dumps(value, option=option).decode()


# -- what lies beyond JSON Schema, compiled from the models' types -------------


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


def _extension(value: Any) -> bool:
    hook = _checking_converter().get_structure_hook(Any)
    try:
        hook(value, Any)
    except PROBLEMS:  # any problem: not cleared
        return False
    return True


@cache
def _beyond_schema_test(cls: Any, *, extensions: bool = True) -> Test | None:
    """The test of an object of model *cls* beyond its schema, if it needs one.

    With ``extensions=False``, the object is known to hold no extension key.
    """
    names: dict[str, Any] = {"extension": _extension}
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


# -- models of cleared records, made without checking again --------------------


@cache
def makers(*, extensions: bool) -> dict[str, Callable[[Any], Any]]:
    """The :func:`maker` of each kind of record, by kind."""
    classes: Mapping[str, Any] = ENTITY_KINDS
    return {kind: maker(cls, extensions=extensions) for kind, cls in classes.items()}


#: What makes a field's value of a cleared record's value (None: the value itself).
Convert = Callable[[Any], Any] | None
#: Dates repeat: each distinct text is parsed once (the values are immutable).
_CACHED = 1 << 12


@cache
def _conversion(hint: Any, *, extensions: bool) -> Convert:  # noqa: PLR0911 (one per type)
    """How a value of *hint* in a cleared, plain record becomes the model's value.

    The record passed its schema and the checks beyond it, and its text is
    plain (NFC, nothing to escape): only what the structure hook and the
    model's converter would change is changed.
    """
    hint = optional_of(hint) or hint  # a cleared record has no null
    if hint is Day:
        return lru_cache(_CACHED)(parse_date)
    if hint is Moment:
        return lru_cache(_CACHED)(parse_date_or_datetime)
    if hint is PartialDate:
        return lru_cache(_CACHED)(PartialDate.parse)
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


# -- the first pass without jsonschema-rs: tests compiled from the types --------


def _every(one: Callable[[Any], bool], records: Any) -> bool:
    return type(records) is list and all(map(one, records))


def _parses(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """*parse*, returning None for a text it refuses; each text parsed once."""

    @lru_cache(_CACHED)
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
    if hint is str:  # a text field: also neat (see _types.is_neat), in place
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
        return _extension
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
    names: dict[str, Any] = {"extension": _extension}
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
    names: dict[str, Any] = {"extension": _extension, "ABSENT": _ABSENT}
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
