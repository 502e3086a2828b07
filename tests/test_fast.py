"""The accelerator's first pass reports exactly what the exact path reports.

Generated datasets are broken in random places with values chosen to sit
on the edges the first pass must not miss (days that do not exist,
integers written 1.0, time zones, text not in NFC, lone surrogates,
duplicate keys, numbers JSON cannot hold, deep extension values), then
checked twice, with and without the first pass.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import inspect
import io
import json
import pathlib
import tempfile
import unicodedata
from typing import TYPE_CHECKING, Any, Final

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from learningcities import (
    Dataset,
    InvalidDataError,
    Problem,
    _speed,
    dumps,
    loads,
    sample,
    validate_document,
)
from learningcities._checking import convert as _convert
from learningcities._checking.convert import unstructure
from learningcities._checking.rules import surely_normalized
from learningcities._findings import FindingsError
from learningcities._pipeline.csvfiles import check_csv, template
from learningcities._pipeline.jsonlines import check_jsonl
from learningcities._pipeline.options import Options
from learningcities._pipeline.validate import check_document, load_checked
from learningcities._reading import jsontext as _json
from learningcities._speed import clearing, runs
from learningcities.models import KINDS, SINGULAR

from .modes import MODES, speed_of
from .mutations import mutate
from .strategies import at, consistent_datasets

if TYPE_CHECKING:
    import random
    from collections.abc import Callable

pytest.importorskip("jsonschema_rs")
orjson = pytest.importorskip("orjson")

TODAY = dt.date(2026, 11, 28)
_DEEP: Any = "end"
for _ in range(70):
    _DEEP = [_DEEP]

#: Values that sit where the schema and the rules beyond it part.
EDGES = [
    "2024-02-29",
    "2023-02-29",
    "2024-02-30",
    "2024-04-31",
    "2024-04-30",
    "2024-02-29~",
    "2024-02-28T10:00:00+01:00",
    "2023-02-29T10:00:00Z",
    "2024-13-01",
    "0000-01-01",
    "2024",
    "2024-02",
    1,
    1.0,
    -1,
    2.5,
    True,
    None,
    "Africa/Casablanca",
    "Africa/Fez",
    "UTC",
    "ma-fez",
    "ma-fez\n",
    "Fe\u0301s",
    "F\u00e8s",
    "a\u200bb",
    "x\x7fy",
    "\ud800",
    "back\\slash",
    "DuplicateKeysDict(",
    "",
    " ",
    " Fez",
    "Fez ",
    "\u3000",
    "\u00a0F\u00e8s",
    "MA",
    "XX",
    [],
    ["ma-fez"],
    {},
    {"x-a": 1},
    {"x-deep": _DEEP},
    "__DUPLICATE__",
    "__NAN__",
]
KEYS = ["strat", "x-note", "id", "name", "start", "count", "timezone", "joined"]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside *value*, itself excluded."""
    found = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found.append((*path, key))
        found += _paths(item, (*path, key))
    return found


def _edges_for(value: Any) -> list[Any]:
    """The edge values most likely to fool a first pass in place of *value*."""
    if type(value) is int:
        return [float(value), value + 0.5, -1, True, 10**30, "1", *EDGES[:4]]
    if isinstance(value, float):
        return [round(value), 1e308, -91.0, True, "1"]
    if isinstance(value, str) and value[:4].isdigit():  # a date, most likely
        return [edge for edge in EDGES if isinstance(edge, str) and edge[:1] in "02"]
    if isinstance(value, str) and "/" in value:  # a time zone, most likely
        return ["Africa/Fez", "UTC", "Europe/Paris", "Nowhere/Atall", "a\u200bb"]
    return EDGES


def _plain(value: Any) -> Any:
    """*value* with text that would need a closer look made plain.

    The generated text is so varied that few records would be plain enough
    for the first pass to clear; the edges below put the variety back where
    it counts.
    """
    if isinstance(value, str):
        return value if surely_normalized(value) else "plain text"
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {
            (key if surely_normalized(key) else f"x-key-{number}"): _plain(item)
            for number, (key, item) in enumerate(value.items())
        }
    return value


def _where(document: Any, test: Callable[[Any, Any], bool]) -> list[tuple[Any, ...]]:
    """The paths of the values *test* (given the key and the value) picks out."""
    return [p for p in _paths(document) if test(p[-1], at(document, p))]


def _is_int(_: Any, value: Any) -> bool:
    return type(value) is int


def _is_date(_: Any, value: Any) -> bool:
    return isinstance(value, str) and value[:4].isdigit() and value[4:5] == "-"


def _is_object(_: Any, value: Any) -> bool:
    return isinstance(value, dict)


def _is_text(_: Any, value: Any) -> bool:
    return isinstance(value, str)


#: The keys of text fields (see learningcities._checking.textfields), and of names.
_TEXT_KEYS: Final = frozenset(
    [
        "name",
        "title",
        "publisher",
        "acronym",
        "description",
        "theme",
        "venue",
        "cohort",
        "license",
        "scheme",
        "value",
        "en",
        "fr",
        "ar",
        "ar-MA",
        "zh-Hant",
        "es-419",
    ]
)


def _is_text_field(key: Any, value: Any) -> bool:
    """Whether *value* is most likely the value of a text field, which 1.1 checks."""
    return isinstance(value, str) and key in _TEXT_KEYS


#: Each way to break a value the first pass must see: what it picks, the new
#: value (from the old one).
BREAKS: list[tuple[Callable[[Any, Any], bool], Callable[[Any], list[Any]]]] = [
    (_is_int, lambda value: [float(value), value + 0.5, True, -1]),
    (
        _is_date,
        lambda value: [
            value[:5] + "02-29" + value[10:],
            value[:5] + "02-30" + value[10:],
            value[:5] + "04-31" + value[10:],
            "2023-02-29",
            "2023-02-29T10:00:00Z",
            "2024-02-29~",
        ],
    ),
    (lambda key, _: key == "timezone", lambda _: ["Africa/Fez", "UTC", "Ab/Cd"]),
    (_is_object, lambda value: [{**value, "x-deep": _DEEP}]),
    (_is_object, lambda value: [{**value, "x-dup": "__DUPLICATE__"}]),
    (_is_object, lambda value: [{**value, "x-nan": "__NAN__"}]),
    (_is_object, lambda value: [{**value, "timezone": "Africa/Fez"}]),
    (_is_text, lambda _: ["Fe\u0301s", "a\u200bb", "\ud800", "x\x7fy", "a\\b"]),
    (_is_text_field, lambda value: ["", " ", f" {value}", f"{value}\t", "\u2003"]),
]


@st.composite
def broken_documents(draw: st.DrawFn, copies: int = 1) -> str:
    """A generated dataset, broken in a few places, as JSON text.

    With *copies*, each kind's records are there that many times over.
    """
    dataset: Dataset = draw(consistent_datasets())
    document = _plain(unstructure(dataset))
    for kind in KINDS:
        if kind in document:
            document[kind] *= copies
    for picks, values in BREAKS:  # each way, at one place, or not at all
        paths = _where(document, picks)
        if not paths or not draw(st.booleans()):
            continue
        path = draw(st.sampled_from(paths))
        value = draw(st.sampled_from(values(at(document, path))))
        at(document, path[:-1])[path[-1]] = copy.deepcopy(value)
    for _ in range(draw(st.integers(0, 2))):  # anything, anywhere
        paths = _paths(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = at(document, path[:-1]), path[-1]
        if draw(st.booleans()) and isinstance(parent, dict):  # a key added
            key = draw(st.sampled_from(KEYS))
        old = parent.get(key) if isinstance(parent, dict) else parent[key]
        parent[key] = copy.deepcopy(draw(st.sampled_from(_edges_for(old))))
    if draw(st.integers(0, 3)) == 0:  # an earlier format, with other rules
        document["learningcities"] = "1.0"
    lists = [kind for kind in KINDS if isinstance(document.get(kind), list)]
    if draw(st.booleans()) and lists:
        kind = draw(st.sampled_from(lists))
        document[kind].append(copy.deepcopy(draw(st.sampled_from(EDGES))))
    text = json.dumps(
        document,
        ensure_ascii=draw(st.booleans()),
        indent=draw(st.sampled_from([None, 1, 2])),
    )
    text = text.replace('"__DUPLICATE__"', '1, "x-dup": 2, "x-dup": 3')
    return text.replace('"__NAN__"', "NaN")


def _problems(text: str | bytes, mode: str) -> tuple[Problem, ...]:
    options = Options(None, TODAY, "en", speed_of(mode))
    return tuple(check_document(text, file="f.json", options=options).problems)


@pytest.mark.parametrize("mode", MODES)
def test_the_first_pass_is_on_unless_turned_off(mode: str) -> None:
    """Without this, the tests below would compare the exact path with itself."""
    fast = speed_of(mode)
    assert fast.first_pass is not None
    assert (mode == "python") is (fast.first_pass.backend == "python")
    # orjson reads runs, and writes records out, only where the mode says.
    assert (mode in ("jsonschema-rs", "jsonschema-rs, repr")) is (
        fast.reader is not None
    )
    assert (mode == "jsonschema-rs") is (fast.first_pass.writer is not repr)
    assert speed_of("exact").first_pass is None


def test_a_public_mode_gives_the_same_problems() -> None:
    """`validate_document(mode=...)` takes the modes by name, and checks the name."""
    text = '{"learningcities": "1.1", "cities": [{"id": "x", "name": " "}]}'
    reports = [validate_document(text, mode=mode).problems for mode in _speed.MODES]
    assert reports[0] == reports[1] == reports[2] != ()
    message = "mode must be one of exact, python, accelerated, not 'fast'"
    with pytest.raises(ValueError, match=f"^{message}$"):
        validate_document(text, mode="fast")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", MODES)
@settings(phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink])
@given(text=broken_documents(), form=st.sampled_from(["text", "bytes", "BOM"]))
def test_the_first_pass_changes_no_problem(mode: str, text: str, form: str) -> None:
    """Every problem, with its place and message, is the same on both paths.

    The document is given as text, or as the bytes of a file (UTF-8, lone
    surrogates written as they are: then not UTF-8), with a byte order mark
    or not.
    """
    given: str | bytes = text
    if form != "text":
        given = ("\ufeff" if form == "BOM" else "") + text
        given = given.encode("utf-8", "surrogatepass")
    assert _problems(given, mode) == _problems(given, "exact")


@pytest.mark.parametrize("mode", MODES)
@settings(
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    # The long campaign (benchmarks/differential.py) runs 100,000 such cases
    # outside the suite; here, enough to catch a regression in every mode.
    max_examples=40,
)
@given(
    text=broken_documents(copies=2),
    rng=st.randoms(use_true_random=False),
    count=st.integers(1, 3),
)
def test_the_first_pass_changes_no_problem_of_mutated_text(
    mode: str, text: str, rng: random.Random, count: int
) -> None:
    """Raw bytes anywhere (in keys, between tokens, in strings): the same problems.

    The text is mutated byte-wise (see :mod:`tests.mutations`): control
    characters in top-level keys, half characters, stray brackets.
    """
    data = mutate(text.encode("utf-8", "surrogatepass"), rng, count)
    assert _problems(data, mode) == _problems(data, "exact")


@pytest.mark.parametrize(
    "text",
    [
        '{"learningcities": "1.0", "x-%s": 1}',
        '{"learningcities": "1.0", "ti%stle": "t"}',
        '{"learningcities": "1.0", "citi%ses": []}',
        '{"learningcities": "1.0", "cities": [{"id": "a", "x-%s": 1}]}',
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_control_character_in_a_key_is_a_syntax_error(text: str, mode: str) -> None:
    """Raw control characters are not JSON, in a top-level key too."""
    for code in range(32):
        data = (text % chr(code)).encode()
        problems = _problems(data, mode)
        assert ["syntax"] == [p.code for p in problems], repr(data)
        assert problems == _problems(data, "exact")


@pytest.mark.parametrize("run", [1, 3])
@settings(phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink])
@given(text=broken_documents(copies=3))
def test_problems_placed_from_where_records_start_are_placed_exactly(
    text: str, run: int
) -> None:
    """Problems in records read by runs are placed from the record's start."""
    data = text.encode("utf-8", "surrogatepass")
    with pytest.MonkeyPatch().context() as patch:
        patch.setattr(runs, "RUN", run)
        assert _problems(data, "jsonschema-rs") == _problems(data, "exact")


def test_the_accelerator_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """The switch turns orjson off, and with ``exact`` every first pass."""
    assert _speed.parse("{}") == {}
    monkeypatch.setenv("LEARNINGCITIES_NO_ACCELERATOR", "1")
    assert _speed.parse("{}") is None
    assert _speed.speed().first_pass is not None
    monkeypatch.setenv("LEARNINGCITIES_NO_ACCELERATOR", "exact")
    assert _speed.speed().first_pass is None


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": {"b": 1, "b": 1}}',
        '{"a": "\\u003a", "a": 1}',
        '{"a": 1, "a": 2, "b": "\\u003a"}',
        "[" * 300 + "]" * 300,
        '{"a": 18446744073709551616}',
        '{"a": -9223372036854775809}',
        '{"a": [12345678901234567890123456789, "1e+5"]}',
        '{"a": NaN}',
        '{"a": 1e400}',
        '{"a": %s}' % ("1" * 5000),
        '{"a": "\\ud800"}',
    ],
)
@pytest.mark.parametrize("where", ["alone", "in records"])
def test_orjson_reads_no_text_whose_defects_it_would_hide(
    text: str, where: str
) -> None:
    """Duplicate keys, long integers, deep nesting: the reader reads these.

    In a run of records too: then the reader reads that run (and orjson the
    others), or the whole text.
    """
    if where == "in records":  # each record a run of its own
        text = '{"cities": [{"id": "a"}, %s, {"id": "b"}, 7]}' % text  # noqa: UP031
    with pytest.MonkeyPatch().context() as patch:
        patch.setattr(runs, "RUN", 1)
        parsed = _speed.parse(text)
    assert parsed is None or repr(parsed) == repr(_json.parse(text))


@pytest.mark.parametrize("run", [1, 3, 16])
@given(text=broken_documents(copies=4))
def test_documents_read_by_runs_are_read_as_the_reader_reads_them(
    text: str, run: int
) -> None:
    """orjson reads the runs of records it can be trusted with, the reader the rest."""
    with pytest.MonkeyPatch().context() as patch:
        patch.setattr(runs, "RUN", run)
        try:
            expected = repr(_json.parse(text))
        except FindingsError:
            expected = "None"
        data = text.encode("utf-8", "surrogatepass")
        parsed = runs.read(data, orjson)
    assert parsed is None or repr(parsed.document) == expected


#: Names, and whether a document that holds them is plain text throughout.
NAMES = [
    ("F\u00e8s", True),
    ("Fe\u0301s", False),  # not in NFC
    ("F\u200bes", False),  # an invisible character
    ("F\u00a0es", False),  # a space that is not a plain one
    ("F\x7fes", False),  # a control character that JSON lets through
    ("F\u2028es", False),  # a line separator
    ("F\U000e0001es", False),  # a language tag character
    ('Say "F\u00e8s"', False),  # an escaped quote: escapes are not looked into
    ("F\ud800es", False),  # a lone surrogate, in text given as such
    ("Fes's", True),
    ("\u0645\u064e\u062f\u064a\u0646\u0629", True),  # a combining mark, in NFC
    ("\u0645\u062f\u064a\u0646\u0629 e\u0301", False),  # one not in NFC
    ("\u0645\u062f\u064a\u0646\u0629 \u212b", False),  # never in NFC (Angstrom)
    ("\u0915\u094d\u0937", True),  # Devanagari: a virama between letters
    ("\u0b47\u0b3e", False),  # Oriya: two vowel signs that compose
    ("a\u0b3e", True),  # the second of them alone, after a letter
]


def test_ascii_characters_compose_only_with_combining_marks() -> None:
    """What :func:`_speed.plain_document` assumes, in this Unicode version."""
    seconds = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    composing = {
        (first, second)
        for first in map(chr, range(128))
        for second in seconds
        if unicodedata.normalize("NFC", first + second) != first + second
    }
    assert composing  # e and a combining acute accent, among others
    assert all(unicodedata.combining(second) for _, second in composing)


def _named(name: str) -> str:
    """The sample's text, with *name* as the name of a city and an extension key."""
    document = json.loads(dumps(sample()))
    document["cities"][1]["name"] = name
    document["cities"][0]["x-" + name] = name
    return json.dumps(document, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(("name", "plain"), NAMES)
@pytest.mark.parametrize("mode", [*MODES, None])
def test_documents_plain_throughout_are_told_from_their_whole_text(
    name: str, plain: bool, mode: str | None
) -> None:
    """Without orjson, whether records are plain is read off the whole text.

    The name, in a city of the sample, is reported as the exact path reports
    it, however the first pass runs (``None``: plainness itself).
    """
    text = _named(name)
    document = json.loads(text)
    if mode is not None:
        assert _problems(text, mode) == _problems(text, "exact")
        return
    parsed, marked = _json.parse_marked(text)
    found = _speed.plain_document(parsed, text, text, extends=False)
    assert not marked
    assert found == (
        {kind: [(0, len(document[kind]), False)] for kind in KINDS if kind in document}
        if plain
        else {}
    )


@given(text=broken_documents() | st.text().map(_named), form=st.sampled_from(MODES))
def test_records_plain_by_the_whole_text_are_plain_each(text: str, form: str) -> None:
    """What the whole text says plain, writing each record out says plain too."""
    try:
        parsed, marked = _json.parse_marked(text)
    except FindingsError:
        return
    found = {} if marked else _speed.plain_document(parsed, text, text, extends=True)
    first_pass = speed_of(form).first_pass  # orjson or repr writes the records out
    assert first_pass is not None
    for kind in found:
        assert _speed.not_plain(parsed[kind], (), first_pass.writer)[0] == set()


def test_documents_with_a_defect_marked_are_not_plain_throughout() -> None:
    """Records that hold a marker of the reader are never cleared by their text."""
    for text in ['{"cities": [{"id": "a", "id": "b"}]}', '{"cities": [{"id": NaN}]}']:
        parsed, marked = _json.parse_marked(text)
        assert marked
    parsed, marked = _json.parse_marked('{"cities": [{"id": "a"}]}')
    assert not marked
    found = _speed.plain_document(parsed, "", "", extends=False)
    assert found == {"cities": [(0, 1, False)]}


@given(
    text=st.lists(st.sampled_from(['"x-', '"x', "x-", "x", '"', "\\u", "\\", "a"]))
    .map("".join)
    .filter(lambda text: text.count("x") < 200)
    | st.integers(0, 100).map(lambda n: "x" * n + '"x-'),
    form=st.sampled_from([str, bytes]),
)
def test_extension_keys_are_found_however_many_x_come_first(
    text: str, form: type
) -> None:
    """The search from the rarer character finds what searching at once finds."""
    given: str | bytes = text if form is str else text.encode()
    assert _speed.has_extensions(given) == ('"x-' in text or "\\u" in text)


def test_orjson_reads_plain_text() -> None:
    """Colons inside strings are no duplicate key."""
    assert _speed.parse('{"a": "x:y", "b": [1, 2.5]}') == {"a": "x:y", "b": [1, 2.5]}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 18446744073709551615}', {"a": 2**64 - 1}),
        ('{"a": -9223372036854775808}', {"a": -(2**63)}),
        ('{"a": "12345678901234567890123"}', {"a": "12345678901234567890123"}),
        (
            '{"a": 1e20, "b": 123456789012345678}',
            {"a": 1e20, "b": 123456789012345678},
        ),
    ],
)
def test_orjson_reads_long_numbers_it_holds(text: str, value: Any) -> None:
    """Integers within 64 bits, and digits in strings, need no reader."""
    parsed = _speed.parse(text)
    assert parsed == value
    assert [type(v) for v in parsed.values()] == [type(v) for v in value.values()]


@pytest.mark.parametrize(
    ("record", "cleared"),
    [
        ({"id": "ma-fez", "name": "Fès", "country": "MA"}, True),
        ({"id": "ma-fez", "name": "Fe\u0301s", "country": "MA"}, False),
        ({"id": "ma-fez", "name": "Fès", "country": "MA", "x-a": _DEEP}, False),
        (
            {
                "id": "ma-fez",
                "name": "F",
                "country": "MA",
                "population": {"count": 1.0},
            },
            False,
        ),
        (
            {"id": "ma-fez", "name": "F", "country": "MA", "population": {"count": 1}},
            True,
        ),
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_the_first_pass_clears_only_plain_valid_records(
    record: dict[str, Any], cleared: bool, mode: str
) -> None:
    """A record that needs a closer look is sent on to the exact path."""
    first_pass = speed_of(mode).first_pass
    assert first_pass is not None
    structure, _ = first_pass.suspects({"cities": [record]})
    assert (0 not in structure["cities"]) is cleared


_CITY: Final = {"id": "ma-fez", "name": "F", "country": "MA"}
_EVENT: Final = {"id": "e", "name": "E", "kind": "festival", "start": "2024-01-01"}


@pytest.mark.parametrize(
    ("kind", "change", "cleared"),
    [
        ("cities", {}, True),
        ("cities", {"id": "a" * 64}, True),
        ("cities", {"id": "a" * 65}, False),
        ("cities", {"aliases": ["Fes", "Fez"]}, True),
        ("cities", {"aliases": "Fes"}, False),  # text, where a list is due
        ("cities", {"aliases": ["Fes", 1]}, False),
        ("cities", {"names": {"fr": "F\u00e8s"}}, True),
        ("cities", {"names": ["fr"]}, False),
        ("cities", {"names": {"not a tag": "F"}}, False),
        ("cities", {"names": {"fr": 1}}, False),
        ("cities", {"location": {"lat": 34, "lon": -5.0}}, True),
        ("cities", {"location": {"lon": -5.0, "lat": 34}}, True),  # keys in turn
        ("cities", {"location": {"lat": 34}}, False),
        ("cities", {"location": {"lat": 34, "lon": -5.0, "alt": 1}}, False),
        ("cities", {"location": {"lat": 34, "lon": -5.0, "x-alt": 1}}, True),
        ("cities", {"location": {"lat": 34, "lon": -5.0, "x-alt": _DEEP}}, False),
        ("cities", {"location": [34, -5.0]}, False),
        ("cities", {"x-note": "kept"}, True),
        ("cities", {"country": None}, False),
        ("events", {}, True),
        ("events", {"start": "2024-01-01T10:00:00+01:00"}, True),
        ("events", {"start": "2024-01-01T10:00:00"}, False),
        ("events", {"start": "2023-02-29"}, False),
        ("events", {"start": 2024}, False),
        ("events", {"start": ["2024-01-01"]}, False),
        ("events", {"networks": ["unesco-gnlc"], "sdgs": ["4", "11.3"]}, True),
        ("events", {"networks": "gnlc"}, False),
        ("events", {"sdgs": ["18"]}, False),
        ("events", {"organizers": [{"organization": "o", "role": "host"}]}, True),
        ("events", {"organizers": [{"organization": "o", "role": "boss"}]}, False),
        ("events", {"organizers": [{"role": "host"}]}, False),
    ],
)
@pytest.mark.parametrize("shapes", [64, 0])
@pytest.mark.parametrize("mode", MODES)
def test_the_first_pass_tests_each_field_of_a_record(
    kind: str, change: dict[str, Any], cleared: bool, shapes: int, mode: str
) -> None:
    """Records are cleared by the test of their shape, or else key by key.

    Each change, to a valid record, is tested alone and in a list of records,
    with the test of each order of keys (``shapes``) or read key by key.
    """
    record = {**(_CITY if kind == "cities" else _EVENT), **change}
    document = {"learningcities": "1.0", kind: [record]}
    text = json.dumps(document)
    valid = all(p.code == "unknown-reference" for p in _problems(text, "exact"))
    assert valid is cleared  # the case says what the exact path finds
    with pytest.MonkeyPatch().context() as patch:
        patch.setattr(clearing, "_SHAPES", shapes)
        first_pass = speed_of(mode).first_pass
        assert first_pass is not None
        structure, _ = first_pass.suspects(document)
        if cleared:  # with other records, and in the other order of keys
            twice = {kind: [dict(reversed(record.items())), record]}
            assert first_pass.suspects(twice)[0][kind] == set()
    assert (0 not in structure[kind]) is cleared


@pytest.mark.parametrize(
    "record",
    [
        '{"id": "ma-fez", "id": "ma-fes", "name": "F", "country": "MA"}',
        '{"id": "ma-fez", "name": "F", "location": {"lat": 1, "lat": 2, "lon": 3}}',
        '{"id": "ma-fez", "name": "F", "names": {"fr": "F", "fr": "G"}}',
    ],
)
@pytest.mark.parametrize("shapes", [64, 0])
@pytest.mark.parametrize("mode", MODES)
def test_records_with_a_key_twice_are_never_cleared(
    record: str, shapes: int, mode: str
) -> None:
    """An object the reader marked (a key twice) is not a plain dict to the tests."""
    text = '{"learningcities": "1.0", "cities": [%s, %s]}' % (record, record)  # noqa: UP031
    with pytest.MonkeyPatch().context() as patch:
        patch.setattr(clearing, "_SHAPES", shapes)
        problems = _problems(text, mode)
    assert [p.code for p in problems].count("duplicate-key") == 2
    assert problems == _problems(text, "exact")


def test_the_tests_of_shapes_are_made_for_a_few_orders_of_keys_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond that many orders of keys, a model's records are read key by key."""
    made: list[tuple[str, ...]] = []

    def counted(fields: Any, needed: Any, shape: tuple[str, ...]) -> Any:
        made.append(shape)
        return shape_clear_test(fields, needed, shape)

    shape_clear_test = _speed.shape_clear_test
    monkeypatch.setattr(clearing, "shape_clear_test", counted)
    monkeypatch.setattr(clearing, "_SHAPES", 2)
    test = _speed.model_clear_test(_convert.ENTITY_KINDS["cities"])
    orders = [dict(sorted(_CITY.items(), key=lambda kv: kv[0][n:])) for n in range(3)]
    wrong = [{**order, "country": "ZZ"} for order in orders]
    wide = {**_CITY, **{f"x-{n}": n for n in range(64)}}
    assert test(wide)
    assert not test({**wide, "x-0": _DEEP})
    assert made == []  # objects of many keys are read key by key
    assert [test(r) for r in orders * 2 + wrong] == [True] * 6 + [False] * 3
    assert made == [tuple(orders[0]), tuple(orders[1])]


def _as_json_lines(text: str) -> str:
    """The records of a dataset document, one per line."""
    try:
        document = json.loads(text)
    except ValueError:
        return text
    if not isinstance(document, dict):
        return text
    singular = {plural: name for name, plural in SINGULAR.items()}
    lines = [
        json.dumps(
            {"type": singular[kind], **record} if isinstance(record, dict) else record
        )
        for kind in KINDS
        if isinstance(document.get(kind), list)
        for record in document[kind]
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("mode", MODES)
@given(text=broken_documents())
def test_the_first_pass_changes_no_problem_in_json_lines(mode: str, text: str) -> None:
    """JSON Lines records are cleared one by one, to the same problems."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "records.jsonl"
        path.write_text(_as_json_lines(text), encoding="utf-8", errors="surrogatepass")
        for each in (mode, "exact"):
            options = Options(None, TODAY, "en", speed_of(each))
            found.append(check_jsonl(path, file=str(path), options=options))
    assert found[0] == found[1]


#: Cells a partner's spreadsheet holds where it should not, or holds alike.
CELLS = [
    "",
    " ",
    "Festival",
    "2025-02-30",
    "05/03/2025",
    "12,5",
    "632 079",
    "1e400",
    "NaN",
    "x",
    "Fès",
    "Fe\u0300s",
    "a\u200bb",
    " padded ",
    "a;;b",
    "org:partnr",
    "MA",
    "Maroc",
    "-1",
    "0",
    "true",
]


def _flat(record: dict[str, Any], column: str) -> str:
    """A record's cell in a CSV file, as a partner writes it."""
    value: Any = record
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        return ";".join(
            ":".join(map(str, item.values())) if isinstance(item, dict) else str(item)
            for item in value
        )
    return "" if value is None else str(value)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, str]:
    """A CSV file of one kind, made of a generated dataset, some cells changed."""
    document = unstructure(draw(consistent_datasets()))
    kind = draw(st.sampled_from(KINDS))
    columns = template(kind).strip().split(",")
    rows = [columns]
    for record in document.get(kind, []):
        row = [_flat(record, column) for column in columns]
        for number in draw(st.lists(st.integers(0, len(columns) - 1), max_size=3)):
            row[number] = draw(st.sampled_from(CELLS) | st.text(max_size=4))
        rows.append(row)
    stream = io.StringIO()
    csv.writer(stream, delimiter=draw(st.sampled_from([",", ";"]))).writerows(rows)
    return kind, stream.getvalue()


@pytest.mark.parametrize("mode", MODES)
@given(drawn=csv_files())
def test_the_first_pass_changes_no_problem_in_csv_files(
    mode: str, drawn: tuple[str, str]
) -> None:
    """CSV rows are cleared one by one, to the same problems."""
    kind, text = drawn
    found = []
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / f"{kind}.csv"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        for each in (mode, "exact"):
            options = Options(None, TODAY, "en", speed_of(each))
            found.append(check_csv(path, kind, file=str(path), options=options))
    assert found[0] == found[1]


#: Values of extension keys that a loaded model keeps as they were read.
EXTENSION_VALUES = [1, 2.5, "a", None, [1, {"b": None}], {"c": [True, "d"]}]


@st.composite
def loadable_documents(draw: st.DrawFn) -> str:
    """A generated dataset that loads, written with the variety a file has.

    Numbers that are whole are written without a fraction, extension keys are
    added here and there, and the text is made plain (so that most records
    are cleared) or left as generated (not in NFC: a warning).
    """
    dataset: Dataset = draw(consistent_datasets())
    document = unstructure(dataset)
    if draw(st.booleans()):
        document = _plain(document)
    for path in _paths(document):
        value, parent = at(document, path), at(document, path[:-1])
        if isinstance(value, float) and value.is_integer() and draw(st.booleans()):
            parent[path[-1]] = int(value)
        elif isinstance(value, dict) and _holds_fields(path) and draw(st.booleans()):
            value["x-added"] = draw(st.sampled_from(EXTENSION_VALUES))
    return json.dumps(document, ensure_ascii=draw(st.booleans()))


def _holds_fields(path: tuple[Any, ...]) -> bool:
    """Whether the object at *path* of a document is a model's (not a mapping)."""
    return path[-1] != "names" and not any(str(step)[:2] == "x-" for step in path)


def _loaded(text: str, mode: str) -> str:
    """The repr of the dataset loaded (it shows the values' types), or the problems."""
    try:
        return repr(load_checked(text, file=None, register=None, mode=speed_of(mode)))
    except InvalidDataError as error:
        return repr(error.problems)


@pytest.mark.parametrize("mode", MODES)
@given(text=st.one_of(loadable_documents(), broken_documents()))
def test_models_made_of_cleared_records_are_those_the_exact_path_builds(
    mode: str, text: str
) -> None:
    """Loading with the first pass makes the same models, or finds the same problems."""
    assert _loaded(text, mode) == _loaded(text, "exact")


def test_models_of_cleared_records_are_made_without_the_exact_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without this, the test above would compare the exact path with itself."""
    text = dumps(sample())
    built = []
    original = _convert.structure_record

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(_convert, "structure_record", counting)
    loads(text)
    assert [Dataset] == built  # the header alone; every record was cleared


def test_generated_code_shows_its_source() -> None:
    """Generated tests and makers are registered with linecache, as attrs does."""
    functions = [
        _speed.makers(extensions=True)["events"],
        _speed.shape_clear_test({"name": str}, frozenset(), ("name",)),
    ]
    for function in functions:
        filename = function.__code__.co_filename
        assert filename.startswith("<learningcities generated ")
        assert inspect.getsource(function).startswith("def ")
