"""Loading and saving: strict conversion, every problem, extensions, atomic save."""

from __future__ import annotations

import json
import os
import stat
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import learningcities
from learningcities import City, Dataset, InvalidDataError, Problem, dumps, loads

from .strategies import consistent_datasets, datasets, json_values

if TYPE_CHECKING:
    from pathlib import Path


def problems_of(document: Any) -> list[tuple[str, str, str]]:
    """Load *document* (a JSON value or text) and return (code, path, message)s."""
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(InvalidDataError) as caught:
        loads(text)
    return [(p.code, p.path, p.message) for p in caught.value.problems]


def doc(**entities: Any) -> dict[str, Any]:
    """A format 1.1 document holding *entities*, and the network they join."""
    if "memberships" in entities:
        entities = {"networks": [{"id": "n", "name": "N"}], **entities}
        entities.setdefault("cities", [CITY])
    return {"learningcities": "1.1", **entities}


EVENT = {"id": "e", "name": "N", "kind": "ceremony", "start": "2025-03-05"}
MEMBERSHIP = {"id": "m", "city": "ma-fez", "network": "n"}
CITY = {"id": "ma-fez", "name": "Fez", "country": "MA"}


@given(consistent_datasets())
def test_every_dataset_survives_dumps_then_loads(dataset: Dataset) -> None:
    """Any dataset written as JSON text is read back equal, then written the same."""
    text = dumps(dataset)
    again = loads(text)
    assert dataset == again
    assert text == dumps(again)


@given(datasets)
def test_output_is_plain_indented_utf8_json(dataset: Dataset) -> None:
    """The text is JSON with two-space indents, no ASCII escapes, a final newline."""
    text = dumps(dataset)
    assert text.endswith("}\n")
    assert text.startswith('{\n  "learningcities": "1.1"')
    assert json.loads(text) == json.loads(json.dumps(json.loads(text)))


def test_a_number_for_a_partial_date_is_an_error() -> None:
    """``"joined": 2024`` is not turned into the string "2024"."""
    assert [
        (
            "schema",
            "memberships[0].joined",
            "'joined' must be a partial date (YYYY, YYYY-MM or YYYY-MM-DD, optionally "
            "followed by ~, ? or %), not a number (2024).",
        )
    ] == problems_of(doc(memberships=[{**MEMBERSHIP, "joined": 2024}]))


def test_a_string_for_a_count_is_an_error() -> None:
    """``"count": "12"`` is not turned into the number 12."""
    city = {**CITY, "population": {"count": "12"}}
    assert [
        (
            "schema",
            "cities[0].population.count",
            """'count' must be an integer, not a string ("12"); write 12.""",
        )
    ] == problems_of(doc(cities=[city]))


@pytest.mark.parametrize(
    ("value", "found"),
    [(True, "a boolean (true)"), (1.5, "a number (1.5)"), (None, "null")],
)
def test_no_other_value_is_taken_for_an_integer(value: object, found: str) -> None:
    """Booleans, fractions and null are not integers."""
    city = {**CITY, "population": {"count": value}}
    message = f"'count' must be an integer, not {found}."
    assert [("schema", "cities[0].population.count", message)] == problems_of(
        doc(cities=[city])
    )


def test_true_for_a_number_is_an_error() -> None:
    """``true`` is not the number 1."""
    city = {**CITY, "location": {"lat": True, "lon": 5}}
    assert [
        (
            "schema",
            "cities[0].location.lat",
            "'lat' must be a number, not a boolean (true).",
        )
    ] == problems_of(doc(cities=[city]))


def test_an_unknown_key_is_an_error_naming_its_path() -> None:
    """A typo is reported at its path, with a suggestion."""
    event = {"id": "e", "name": "N", "kind": "ceremony", "strat": "2025-03-05"}
    assert [
        ("schema", "events[0]", "'events[0]' is missing the required key 'start'."),
        (
            "schema",
            "events[0].strat",
            "'strat' is not a field of an event (did you mean 'start'?); extension "
            "keys must begin with 'x-'.",
        ),
    ] == problems_of(doc(events=[event]))


def test_every_problem_is_reported_not_only_the_first() -> None:
    """Problems in several records and fields all come back, in document order."""
    problems = problems_of(
        doc(
            cities=[
                {"id": "Ma_Fez", "name": "Fez", "country": "XX", "aliases": "Fes"},
                {"id": "ok", "name": 3, "country": "MA"},
            ],
            memberships=[
                {**MEMBERSHIP, "city": "ok", "joined": "2024-02-30", "status": "paused"}
            ],
        )
    )
    assert [
        ("schema", "cities[0].id"),
        ("unknown-country", "cities[0].country"),
        ("schema", "cities[0].aliases"),
        ("schema", "cities[1].name"),
        ("invalid-date", "memberships[0].joined"),
        ("schema", "memberships[0].status"),
    ] == [(code, path) for code, path, _ in problems]


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        (
            {"cities": [{**CITY, "id": "Ma_Fez"}]},
            (
                "schema",
                "cities[0].id",
                "'id' must be an id of lowercase ASCII letters and digits in words "
                "joined by single hyphens, at most 64 characters, not a string "
                '("Ma_Fez").',
            ),
        ),
        (
            {"cities": [{**CITY, "country": "XX"}]},
            (
                "unknown-country",
                "cities[0].country",
                "'country' must be an assigned ISO 3166-1 alpha-2 country code such as "
                '"MA", not a string ("XX").',
            ),
        ),
        (
            {"memberships": [{**MEMBERSHIP, "joined": "2024-02-30"}]},
            (
                "invalid-date",
                "memberships[0].joined",
                """'joined' is "2024-02-30", which is not a valid partial date: """
                "day 30 "
                "is out of range for February 2024 (expected 01 to 29).",
            ),
        ),
        (
            {"memberships": [{**MEMBERSHIP, "status": "paused"}]},
            (
                "schema",
                "memberships[0].status",
                """'status' must be one of "active", "inactive", "suspended", """
                """"withdrawn", not a string ("paused").""",
            ),
        ),
        (
            {"events": [{**EVENT, "timezone": "Mars/Olympus"}]},
            (
                "invalid-timezone",
                "events[0].timezone",
                """'timezone' must be an IANA time zone name such as """
                """"Africa/Casablanca", not a string ("Mars/Olympus").""",
            ),
        ),
        (
            {"events": [{**EVENT, "end": "2025-03-05T10:00:00"}]},
            (
                "schema",
                "events[0].end",
                "'end' must be a date or date-time (YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss "
                'with an offset (Z or +hh:mm)), not a string ("2025-03-05T10:00:00"); '
                'write "2025-03-05T10:00:00+hh:mm".',
            ),
        ),
        (
            {"events": [{**EVENT, "sdgs": ["4.3", "18"]}]},
            (
                "schema",
                "events[0].sdgs[1]",
                "'sdgs[1]' must be a Sustainable Development Goal or target such as "
                '"4", "4.3" or "11.a", not a string ("18").',
            ),
        ),
        (
            {"cities": [{**CITY, "aliases": "Fes"}]},
            (
                "schema",
                "cities[0].aliases",
                """'aliases' must be an array, not a string ("Fes").""",
            ),
        ),
        (
            {"cities": [{**CITY, "names": {"fr": None}}]},
            ("schema", "cities[0].names.fr", "'fr' must be a string, not null."),
        ),
        (
            {"cities": [{**CITY, "location": {"lat": 91, "lon": 0}}]},
            (
                "schema",
                "cities[0].location.lat",
                "'lat' must be a latitude from -90 to 90, not a number (91).",
            ),
        ),
        (
            {"cities": ["ma-fez"]},
            (
                "schema",
                "cities[0]",
                """'cities[0]' must be an object, not a string ("ma-fez").""",
            ),
        ),
    ],
)
def test_rejections_say_where_what_was_expected_and_what_was_found(
    entities: dict[str, Any], expected: tuple[str, str, str]
) -> None:
    """The important messages, word for word."""
    assert [expected] == problems_of(doc(**entities))


def test_the_format_version_is_required() -> None:
    """A document without ``learningcities``, or with another version, is refused."""
    assert [
        (
            "format-version",
            "",
            "The document is missing the required key 'learningcities', the format "
            'version ("1.1").',
        )
    ] == problems_of({"title": "t"})
    assert [
        (
            "format-version",
            "learningcities",
            "'learningcities' must be one of the format versions this library reads "
            """("1.0", "1.1"), not a string ("2.0").""",
        )
    ] == problems_of({"learningcities": "2.0"})
    assert [
        (
            "format-version",
            "learningcities",
            "'learningcities' must be one of the format versions this library reads "
            '("1.0", "1.1"), not a number (1.0).',
        )
    ] == problems_of({"learningcities": 1.0})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("syntax", "", "The document is not valid JSON: expecting value.")),
        ("[]", ("schema", "", "The document must be a JSON object, not an array.")),
        (
            '{"learningcities": "1.0", "title": "a", "title": "b"}',
            ("duplicate-key", "title", "'title' appears more than once in one object."),
        ),
        (
            '{"learningcities": "1.0", "cities": [{"id": "c", "name": "C", '
            '"country": "MA", "location": {"lat": NaN, "lon": 1e400}}]}',
            (
                "invalid-number",
                "cities[0].location.lat",
                "'lat' must be a number, not NaN, a number that cannot be held "
                "exactly.",
            ),
        ),
        (
            '{"learningcities": "1.0", "title": "\\ud800"}',
            (
                "encoding",
                "title",
                "'title' holds a lone surrogate (\"\\ud800\"), which is not "
                "Unicode text.",
            ),
        ),
    ],
)
def test_defects_of_the_json_text_are_problems(
    text: str, expected: tuple[str, str, str]
) -> None:
    """Syntax, duplicate keys, NaN and lone surrogates are problems, not crashes."""
    assert expected == problems_of(text)[0]


def test_syntax_errors_have_a_line_and_column() -> None:
    """Malformed JSON is reported where the parser stopped."""
    with pytest.raises(InvalidDataError) as caught:
        loads('{\n  "learningcities": "1.0",\n  "title": }')
    assert [(3, 12)] == [(p.line, p.column) for p in caught.value.problems]


def test_a_huge_integer_is_a_problem() -> None:
    """A 5,000-digit integer is reported, not raised by the parser."""
    text = '{"learningcities": "1.0", "x-big": ' + "9" * 5000 + "}"
    assert [
        (
            "invalid-number",
            "x-big",
            "'x-big' must be a JSON number, not a number of 5000 characters, a number "
            "that cannot be held exactly.",
        )
    ] == problems_of(text)


def test_deep_nesting_is_a_problem() -> None:
    """100,000 nested arrays give a too-deep problem, not a RecursionError."""
    text = '{"learningcities": "1.0", "x-deep": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert ["too-deep"] == [code for code, _, _ in problems_of(text)]


def test_bytes_must_be_utf8_and_may_start_with_a_bom() -> None:
    """UTF-8 with a BOM loads; Windows-1252 is an encoding problem that says so."""
    text = '{"learningcities": "1.0", "title": "Fès"}'
    assert loads(b"\xef\xbb\xbf" + text.encode()).title == "Fès"
    assert loads("\ufeff" + text).title == "Fès"
    with pytest.raises(InvalidDataError) as caught:
        loads(text.encode("cp1252"))
    (problem,) = caught.value.problems
    assert ("encoding", 1, 38) == (problem.code, problem.line, problem.column)
    assert (
        "The file is not UTF-8: byte 0xe8 at line 1, column 38 cannot be decoded; it "
        "looks like Windows-1252 (a spreadsheet's default Western encoding). Save it "
        "again as UTF-8."
    ) == problem.message


def test_utf16_is_recognized() -> None:
    """A UTF-16 file is named as such."""
    with pytest.raises(InvalidDataError, match=r"it is UTF-16 \(little-endian\)"):
        loads('{"learningcities": "1.0"}'.encode("utf-16"))


def test_extension_keys_survive_load_and_save_everywhere() -> None:
    """``x-`` keys on the document and on nested objects are kept and written back."""
    document = doc(
        **{"x-registry": {"batch": 7, "tags": ["a", None, 1.5]}},
        cities=[
            {
                **CITY,
                "location": {"lat": 34.03, "lon": -5.0, "x-source": "survey"},
                "x-note": "Fès el-Bali",
            }
        ],
    )
    dataset = loads(json.dumps(document))
    assert {"batch": 7, "tags": ["a", None, 1.5]} == dataset.extensions["x-registry"]
    assert "Fès el-Bali" == dataset.cities[0].extensions["x-note"]
    assert document == json.loads(dumps(dataset))


def test_extension_values_are_checked_too() -> None:
    """NaN, duplicate keys and lone surrogates inside an extension are problems."""
    text = '{"learningcities": "1.0", "x-a": [{"k": 1, "k": 2}, NaN, "\\udc00"]}'
    assert [
        ("duplicate-key", "x-a[0].k"),
        ("invalid-number", "x-a[1]"),
        ("encoding", "x-a[2]"),
    ] == [(code, path) for code, path, _ in problems_of(text)]


def test_text_is_held_in_nfc() -> None:
    """Decomposed text is composed when loaded and when built."""
    decomposed = "Fe\u0300s"
    dataset = loads(json.dumps(doc(cities=[{**CITY, "aliases": [decomposed]}])))
    assert ("F\u00e8s",) == dataset.cities[0].aliases
    built = City(id="ma-fez", name=decomposed, country="MA", names={"fr": decomposed})
    assert ("F\u00e8s", "F\u00e8s") == (built.name, built.names["fr"])


def test_defaults_are_not_written() -> None:
    """Fields equal to their default are left out, so output stays small."""
    text = dumps(Dataset(cities=(City(id="ma-fez", name="Fez", country="MA"),)))
    assert json.loads(text) == doc(cities=[CITY])


def test_load_names_the_file_in_each_problem(tmp_path: Path) -> None:
    """Problems from a file carry its name."""
    path = tmp_path / "bad.json"
    path.write_text('{"learningcities": "1.0", "cities": [{}]}', encoding="utf-8")
    with pytest.raises(InvalidDataError) as caught:
        learningcities.load(path)
    assert {str(path)} == {problem.file for problem in caught.value.problems}
    first = caught.value.problems[0]
    assert (
        f"{path}:1:38: error[schema] /cities/0: 'cities[0]' is missing the "
        "required key 'id'."
    ) == str(first)


def test_load_of_a_missing_file_raises_os_error(tmp_path: Path) -> None:
    """A file that cannot be read raises the usual OSError."""
    with pytest.raises(FileNotFoundError):
        learningcities.load(tmp_path / "missing.json")


def test_save_then_load_gives_the_dataset_back(tmp_path: Path) -> None:
    """save writes what dumps gives, and load reads it back."""
    dataset = learningcities.sample()
    path = tmp_path / "out.json"
    learningcities.save(dataset, path)
    assert dumps(dataset) == path.read_text(encoding="utf-8")
    assert dataset == learningcities.load(path)
    assert ["out.json"] == [p.name for p in tmp_path.iterdir()]


def test_a_failed_save_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the final rename fails, the previous file and its folder are untouched."""
    path = tmp_path / "register.json"
    path.write_text("old contents", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pathlib.Path.replace", fail)
    with pytest.raises(OSError, match="No space left"):
        learningcities.save(learningcities.sample(), path)
    assert "old contents" == path.read_text(encoding="utf-8")
    assert ["register.json"] == [p.name for p in tmp_path.iterdir()]


def test_an_unserializable_dataset_never_touches_the_file(tmp_path: Path) -> None:
    """A dataset that cannot be written fails before the file is opened."""
    path = tmp_path / "register.json"
    path.write_text("old contents", encoding="utf-8")
    bad = Dataset(extensions={"x-nan": float("nan")})
    with pytest.raises(InvalidDataError, match="/x-nan: 'x-nan' must be a JSON"):
        learningcities.save(bad, path)
    assert "old contents" == path.read_text(encoding="utf-8")
    assert ["register.json"] == [p.name for p in tmp_path.iterdir()]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_save_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    """Replacing a file keeps its mode."""
    path = tmp_path / "register.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o640)
    learningcities.save(Dataset(), path)
    assert 0o640 == stat.S_IMODE(path.stat().st_mode)


@given(json_values)
def test_any_json_value_gives_a_dataset_or_problems(value: Any) -> None:
    """Arbitrary JSON never crashes the loader: a Dataset or InvalidDataError."""
    for document in (value, {"learningcities": "1.0", "cities": [value]}):
        try:
            loads(json.dumps(document))
        except InvalidDataError as error:
            assert error.problems
            assert all(isinstance(p, Problem) for p in error.problems)
            assert all(p.message.endswith(".") for p in error.problems)


@given(st.binary(max_size=200))
def test_any_bytes_give_a_dataset_or_problems(data: bytes) -> None:
    """Arbitrary bytes never crash the loader."""
    try:
        loads(data)
    except InvalidDataError as error:
        assert error.problems


@given(datasets, st.data())
def test_mutated_documents_give_a_dataset_or_problems(
    dataset: Dataset, data: st.DataObject
) -> None:
    """Replacing any value of a valid document never crashes the loader."""
    document = json.loads(dumps(dataset))
    paths = list(_paths(document))
    path = data.draw(st.sampled_from(paths))
    replacement = data.draw(json_values)
    target = document
    for token in path[:-1]:
        target = target[token]
    if path:
        target[path[-1]] = replacement
    try:
        loads(json.dumps(document))
    except InvalidDataError as error:
        assert error.problems


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))
