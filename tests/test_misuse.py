"""Every misuse answered plainly: the command line and the API as newcomers use them."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import io
import json
import re
import string
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import learningcities
from learningcities._checking import convert as _convert
from learningcities._checking.rules import records as _rules
from learningcities._cli.main import _parser, run
from learningcities._fields import constraints_of
from learningcities._messages import FRENCH, Text
from learningcities._shown import MISMATCH, describe, mismatch
from learningcities.dates import DATETIME_FORM, PARTIAL_DATE_FORM

if TYPE_CHECKING:
    from collections.abc import Iterator

EXAMPLES = Path(__file__).parent.parent / "examples"


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_reader_that_goes_away_ends_the_program_quietly(
    form: str, tmp_path: Path
) -> None:
    """``validate … | head -1`` ended in a BrokenPipeError traceback."""
    keys = ",".join(f'"k{number}": 1' for number in range(20_000))
    path = tmp_path / "many.json"
    path.write_text(
        '{"learningcities": "1.0", "cities": [{"id": "ma-a", "name": "A", '
        f'"country": "MA", {keys}}}]}}',
        "utf-8",
    )
    command = [sys.executable, "-m", "learningcities", "validate", str(path)]
    with subprocess.Popen(  # noqa: S603 (our own command)
        [*command, "--format", form], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as head does after its line
        error = process.stderr.read()
    assert (141, b"") == (process.returncode, error)


def test_strict_json_reports_say_invalid_when_warnings_fail(tmp_path: Path) -> None:
    """``--strict --format json`` said ``"valid": true`` and exited 1."""
    path = tmp_path / "d.json"
    path.write_text('{"learningcities": "1.0", "title": "Fe\\u0301s"}', "utf-8")
    status, out, _ = _cli("validate", str(path), "--strict", "--format", "json")
    assert (1, False) == (status, json.loads(out)["valid"])
    status, out, _ = _cli("validate", str(path), "--format", "json")
    assert (0, True) == (status, json.loads(out)["valid"])


def test_kind_applies_only_to_files_whose_name_tells_none(tmp_path: Path) -> None:
    """``validate cities.csv --kind events`` checked cities as events."""
    cities = tmp_path / "cities.csv"
    cities.write_text("id,name,country\nma-a,A,MA\n", "utf-8")
    other = tmp_path / "towns.csv"
    other.write_text("id,name,country\nma-b,B,MA\n", "utf-8")
    status, out, _ = _cli("validate", str(cities), "--kind", "cities")
    assert 0 == status
    status, out, _ = _cli("validate", str(cities), str(other), "--kind", "events")
    assert 1 == status
    assert [str(other)] == sorted(
        {line.split(":")[0] for line in out.splitlines()[:-1]}
    )


def test_an_unknown_option_shows_the_command_usage() -> None:
    """``validate --bogus`` printed the top-level usage."""
    status, out, err = _cli("validate", "--bogus", "x.json")
    assert (2, "") == (status, out)
    assert err.startswith("usage: learningcities validate ")
    assert err.endswith(
        "learningcities validate: error: unrecognized arguments: --bogus\n"
    )


@pytest.mark.parametrize("command", ["events", "anniversaries", "stats", "members"])
def test_query_options_are_documented(command: str) -> None:
    """Each option and argument has a help text; dates say their form."""
    parser = _parser(io.StringIO(), io.StringIO()).commands.choices[command]
    undocumented = [
        action.dest
        for action in parser._actions  # noqa: SLF001 (argparse keeps them there)
        if not action.help
    ]
    assert [] == undocumented
    dated = [action.help for action in parser._actions if action.metavar == "DATE"]  # noqa: SLF001
    assert all("YYYY-MM-DD" in str(text) for text in dated)


def test_a_json_lines_record_without_type_says_the_key_is_missing(
    tmp_path: Path,
) -> None:
    """It said "'type' must be one of …, not null"."""
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "ma-a"}\n', "utf-8")
    (problem,) = learningcities.validate(path).problems
    assert (1, 1, "schema") == (problem.line, problem.column, problem.code)
    assert (
        "The record is missing the required key 'type', which names its kind "
        '("source", "network", "organization", "city", "membership", "event").'
    ) == problem.message


def test_too_deep_nesting_is_placed_where_the_limit_is_crossed() -> None:
    """The ``too-deep`` problem had no line or column."""
    text = '{"learningcities": "1.0",\n  "x-a": ' + "[" * 2000 + "]" * 2000 + "}"
    (problem,) = learningcities.validate_document(text).problems
    assert ("too-deep", 2, 9 + 64) == (problem.code, problem.line, problem.column)


# -- queries: ISO days, known ids, kinds, periods in order ---------------------

QUERY = learningcities.sample().query


def test_queries_take_iso_days() -> None:
    """``events(between=("2025-01-01", ...))`` raised a TypeError from date maths."""
    assert QUERY.events(between=(dt.date(2025, 1, 1), dt.date(2025, 12, 31))) == (
        QUERY.events(between=("2025-01-01", "2025-12-31"))
    )
    assert QUERY.members("unesco-gnlc", on=dt.date(2024, 3, 1)) == QUERY.members(
        "unesco-gnlc", on="2024-03-01"
    )
    assert QUERY.count(on="2024-03-01") == QUERY.count(on=dt.date(2024, 3, 1))
    assert QUERY.anniversaries(between=("2026-02-01", "2026-02-28"))


@pytest.mark.parametrize(
    ("ask", "message"),
    [
        (
            lambda: QUERY.members("unesco-gnc"),
            "There is no network 'unesco-gnc' in this dataset (did you mean "
            "'unesco-gnlc'?).",
        ),
        (
            lambda: QUERY.members("nope"),
            "There is no network 'nope' in this dataset (it has 'unesco-gnlc').",
        ),
        (
            lambda: QUERY.events(city="ma-fes"),
            "There is no city 'ma-fes' in this dataset (did you mean 'ma-fez', ",
        ),
        (
            lambda: QUERY.events(kind="Festival"),
            "kind must be one of 'ceremony', 'conference', 'meeting', 'workshop', "
            "'festival', 'screening', 'training', 'award', 'other', not 'Festival' "
            "(did you mean 'festival'?).",
        ),
        (
            lambda: QUERY.events(between=("2025-12-31", "2025-01-01")),
            "the period ends before it starts: 2025-01-01 is before 2025-12-31",
        ),
        (
            lambda: QUERY.members("unesco-gnlc", on="2024-02-30"),
            "on must be a date (YYYY-MM-DD): ",
        ),
    ],
)
def test_query_misuse_raises_value_error(ask: Any, message: str) -> None:
    """Unknown ids, kinds and reversed periods returned [] silently."""
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        ask()


def test_unknown_ids_on_the_command_line_are_usage_errors() -> None:
    """``members nope`` printed an empty table with status 0."""
    assert (
        2,
        "",
        "learningcities: There is no network 'nope' in this dataset (it has "
        "'unesco-gnlc').\n",
    ) == _cli("members", "nope")


def test_records_are_typed_by_kind() -> None:
    """``get`` gives the model of its kind (mypy checks the overloads)."""
    city = QUERY.get("city", "ma-fez")
    assert city is not None
    assert "Fès" == city.names["fr"]
    membership = QUERY.get("memberships", "unesco-gnlc-ma-fez")
    assert membership is not None
    assert "2024-02-14" == str(membership.joined)


# -- the Python API checks its arguments as the command line does --------------


def test_arguments_are_checked_with_the_accepted_values() -> None:
    """``validate(path, kind="evnt")`` raised a bare KeyError."""
    register = EXAMPLES / "register.json"
    with pytest.raises(ValueError, match=r"^kind must be one of 'sources', "):
        learningcities.validate(register, kind="evnt")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^lang must be one of en, fr, not 'de'"):
        learningcities.validate(register, lang="de")  # type: ignore[arg-type]
    report = learningcities.validate_document("{}")
    with pytest.raises(ValueError, match=r"^form must be one of 'text', 'json', "):
        report.format("yaml")  # type: ignore[arg-type]


def test_a_kind_may_be_given_in_the_singular(tmp_path: Path) -> None:
    """``kind="event"`` reads a CSV file of events, as ``"events"`` does."""
    path = tmp_path / "list.csv"
    path.write_text("id,name,country\nma-a,A,MA\n", "utf-8")
    assert learningcities.validate(path, kind="city").valid
    assert learningcities.validate(path, kind="cities").valid


# -- a file without records is empty --------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("events.csv", b""),
        ("events.csv", b"id,name,kind,start\r\n"),
        ("events.csv", b"\xef\xbb\xbf"),
        ("events.csv", b"id,name,kind,start\r\n,,,\r\n\r\n"),
        ("cities.jsonl", b""),
        ("cities.jsonl", b"\n\n"),
        ("cities.jsonl", b"\xef\xbb\xbf\n"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_file_without_records_is_empty(
    name: str, data: bytes, lang: learningcities.Language, tmp_path: Path
) -> None:
    """A 0-byte or header-only CSV, a BOM alone, an empty JSON Lines: 0 errors."""
    path = tmp_path / name
    path.write_bytes(data)
    report = learningcities.validate(path, lang=lang)
    assert [("empty", 1, 1)] == [(p.code, p.line, p.column) for p in report.problems]
    what = "CSV" if name.endswith(".csv") else "JSON Lines"
    assert what in report.problems[0].message
    assert not report.valid


def test_a_document_of_metadata_alone_is_not_empty() -> None:
    """A dataset document may hold no records: it is valid."""
    assert learningcities.validate_document('{"learningcities": "1.0"}').valid


# -- machine-readable reports are always complete --------------------------------


@pytest.mark.parametrize("form", ["json", "sarif"])
def test_a_register_that_cannot_be_used_is_reported_in_every_form(
    form: str, tmp_path: Path
) -> None:
    """JSON and SARIF printed nothing on stdout when the register was unusable."""
    good = EXAMPLES / "register.json"
    missing = tmp_path / "missing.json"
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"learningcities": "1.0", "cities": [{"id": "x"}]}', "utf-8")
    for register, code in ((missing, "file-unreadable"), (invalid, "schema")):
        status, out, err = _cli(
            "validate", str(good), "--register", str(register), "--format", form
        )
        assert (2, "") == (status, err)
        document = json.loads(out)
        if form == "json":
            codes = {(p["file"], p["code"]) for p in document["problems"]}
            assert {(str(register), code)} == codes
            assert document["valid"] is False
        else:
            results = document["runs"][0]["results"]
            assert {code} == {result["ruleId"] for result in results}


def test_a_csv_of_unknown_kind_does_not_stop_the_other_files(tmp_path: Path) -> None:
    """It ended the run with a message in English on stderr."""
    unknown = tmp_path / "export.csv"
    unknown.write_text("id,name,country\nma-a,A,MA\n", "utf-8")
    broken = tmp_path / "cities.csv"
    broken.write_text("id,name,country\nma-b,B,MAR\n", "utf-8")
    status, out, err = _cli(
        "validate", str(unknown), str(broken), "--format", "json", "--lang", "fr"
    )
    assert (2, "") == (status, err)
    problems = json.loads(out)["problems"]
    assert [("file-unreadable", str(unknown)), ("unknown-country", str(broken))] == [
        (p["code"], p["file"]) for p in problems
    ]
    assert problems[0]["message"].startswith("Impossible de savoir quelle sorte")
    assert "--kind events" in problems[0]["message"]


# -- every message in both languages ------------------------------------------

SOURCE = Path(__file__).parent.parent / "src" / "learningcities"


def _templates() -> Iterator[tuple[str, int, str]]:
    """Each message template of the library: texts made, and ``{label}`` phrases."""
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "_messages.py":  # the translations themselves
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Text"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield path.name, node.lineno, node.args[0].value
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith("{label} ")
            ):
                yield path.name, node.lineno, node.value


def test_every_message_template_has_a_french_translation() -> None:
    """``--lang fr`` left messages in English."""
    placeholders = {"{value}"}
    missing = [
        (name, line, template)
        for name, line, template in _templates()
        if template not in FRENCH and template not in placeholders
    ]
    assert [] == missing
    assert len(list(_templates())) > 80  # the walk finds the messages


@pytest.mark.parametrize(
    "phrase",
    [
        *(
            str(_convert.of_kind(cls).template)
            for cls in _convert.ENTITY_KINDS.values()
        ),
        *_rules.A_KIND.values(),
        PARTIAL_DATE_FORM,
        DATETIME_FORM,
        *(
            constraint.expected
            for cls in _convert.ENTITY_KINDS.values()
            for field in attrs.fields(cls)
            for constraint in constraints_of(field.type)
        ),
    ],
)
def test_phrases_made_at_run_time_have_a_french_translation(phrase: str) -> None:
    """Phrases chosen by kind or by constraint are translated too."""
    assert phrase in FRENCH


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["--bogus", "x.json"],
            "learningcities validate : erreur : arguments non reconnus : --bogus\n",
        ),
        (
            ["--format", "yaml", "x.json"],
            "learningcities validate : erreur : argument --format : choix non "
            "valide : 'yaml' (choisir parmi 'text', 'json', 'github', 'sarif', "
            "'html')\n",
        ),
        (
            [],
            "learningcities validate : erreur : ces arguments sont obligatoires : "
            "PATH\n",
        ),
    ],
)
def test_usage_errors_are_in_french_with_lang_fr(argv: list[str], said: str) -> None:
    """argparse's usage errors stayed in English under ``--lang fr``."""
    status, out, err = _cli("validate", "--lang", "fr", *argv)
    assert (2, "") == (status, out)
    assert err.startswith("utilisation : learningcities validate ")
    assert err.endswith(said)


def test_the_command_line_own_messages_are_in_french(tmp_path: Path) -> None:
    """ "Cannot read", "the register is not valid" and its problems were English."""
    register = tmp_path / "register.json"
    register.write_text('{"learningcities": "1.0", "cities": [{"id": "x"}]}', "utf-8")
    good = str(EXAMPLES / "register.json")
    status, _, err = _cli("validate", good, "--register", str(register), "--lang", "fr")
    assert 2 == status
    assert [
        "learningcities: le registre n'est pas valide : 2 erreurs",
        f"{register}:1:38: error[schema] /cities/0: 'cities[0]' n'a pas la clé "
        "obligatoire 'name'.",
        f"{register}:1:38: error[schema] /cities/0: 'cities[0]' n'a pas la clé "
        "obligatoire 'country'.",
    ] == err.splitlines()
    missing = tmp_path / "none.json"
    status, _, err = _cli("validate", good, "--register", str(missing), "--lang", "fr")
    assert (
        2,
        f"learningcities: impossible de lire {missing} : fichier ou dossier "
        "introuvable\n",
    ) == (status, err)


# -- datasets built in code: their problems, and save refusing errors ------------

FEZ = learningcities.City(id="ma-fez", name="Fez", country="MA")
_BROKEN_DATASETS = {
    "duplicate ids": learningcities.Dataset(cities=(FEZ, FEZ)),
    "dangling reference": learningcities.Dataset(
        cities=(FEZ,),
        memberships=(
            learningcities.Membership(id="m", city="ma-fez", network="unesco-gnlc"),
        ),
    ),
    "end before start": learningcities.Dataset(
        events=(
            learningcities.Event(
                id="e",
                name="E",
                kind=learningcities.EventKind.FESTIVAL,
                start=dt.date(2025, 3, 5),
                end=dt.date(2025, 3, 4),
            ),
        )
    ),
}


@pytest.mark.parametrize("name", sorted(_BROKEN_DATASETS))
def test_dataset_problems_are_those_of_its_saved_text(
    name: str, tmp_path: Path
) -> None:
    """``save`` wrote datasets that ``load`` refused; now it refuses them first."""
    dataset = _BROKEN_DATASETS[name]
    target = tmp_path / "register.json"
    target.write_text("old", "utf-8")
    with pytest.raises(learningcities.InvalidDataError) as caught:
        learningcities.save(dataset, target)
    assert "old" == target.read_text("utf-8")
    saved = learningcities.validate_document(learningcities.dumps(dataset)).problems
    assert saved == dataset.problems()
    assert [(p.code, p.pointer) for p in saved] == [
        (p.code, p.pointer) for p in caught.value.problems
    ]
    learningcities.save(dataset, target, check=False)  # asked for: written
    with pytest.raises(learningcities.InvalidDataError):
        learningcities.load(target)


def test_a_dataset_can_be_validated_as_a_document() -> None:
    """``validate_document(dataset)`` said "must be a JSON object, not Dataset"."""
    report = learningcities.validate_document(_BROKEN_DATASETS["duplicate ids"])
    assert ["duplicate-id"] == [p.code for p in report.problems]
    assert learningcities.validate_document(learningcities.sample()).valid


# -- CSV: problems worded and placed as a spreadsheet shows them ------------------


def test_an_empty_required_cell_is_placed_at_its_cell(tmp_path: Path) -> None:
    """It was placed at column 1: "'cities[0]' is missing the required key 'name'"."""
    path = tmp_path / "cities.csv"
    path.write_text('id,name,country\nma-a,,MA\nma-b,"two\nlines",MA\nma-c,,MA\n')
    problems = learningcities.validate(path).problems
    assert [
        (2, 2, "/cities/0/name", "Row 2: 'name' is empty; it is required."),
        (4, 2, "/cities/2/name", "Row 4: 'name' is empty; it is required."),
    ] == [(p.line, p.column, p.pointer, p.message) for p in problems]


def test_rows_are_numbered_as_a_spreadsheet_numbers_them(tmp_path: Path) -> None:
    """Messages counted data rows from 1 while positions counted lines."""
    path = tmp_path / "cities.csv"
    path.write_text("id,name,country\nma-a,A,MA\nma-b,B\n")
    (problem,) = learningcities.validate(path).problems
    assert (3, "Row 3 has 2 cells, but the header has 3.") == (
        problem.line,
        problem.message,
    )


def test_a_header_without_a_required_column_is_one_error(tmp_path: Path) -> None:
    """Not one error per row: the header lacks the column, once."""
    path = tmp_path / "cities.csv"
    path.write_text("id,name\nma-a,A\nma-b,B\nma-c,C\n")
    (problem,) = learningcities.validate(path, lang="fr").problems
    assert (1, 3, "schema") == (problem.line, problem.column, problem.code)
    assert (
        "L'en-tête n'a pas de colonne 'country', dont chaque enregistrement d'une "
        "ville a besoin." == problem.message
    )


# -- models take what users pass, and say so in their types --------------------


def test_models_take_words_and_dates_as_users_write_them() -> None:
    """``status="withdrawn"`` was refused with "…, not 'withdrawn' (str)".

    This file is type-checked with ``mypy --strict``: the calls below are
    what the types accept, not only what runs.
    """
    membership = learningcities.Membership(
        id="m",
        city="ma-x",
        network="n",
        status="withdrawn",
        joined="2024-02",
        left=dt.date(2025, 1, 1),
    )
    assert learningcities.MembershipStatus.WITHDRAWN is membership.status
    assert learningcities.PartialDate.parse("2024-02") == membership.joined
    assert learningcities.PartialDate.parse("2025-01-01") == membership.left
    city = learningcities.City(
        id="ma-a", name="A", country="MA", aliases=["Aa"], kind="county"
    )
    assert (("Aa",), learningcities.CityKind.COUNTY) == (city.aliases, city.kind)
    event = learningcities.Event(
        id="e",
        name="E",
        kind="festival",
        start="2025-03-05T10:00:00+01:00",
        organizers=[learningcities.Organizer(organization="o", role="host")],
    )
    assert dt.datetime.fromisoformat("2025-03-05T10:00:00+01:00") == event.start
    assert learningcities.OrganizerRole.HOST is event.organizers[0].role
    assert learningcities.Dataset(cities=[city]).cities == (city,)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: learningcities.Membership(
                id="m", city="c", network="n", status="gone"
            ),
            "'status' must be one of 'active', 'inactive', 'suspended', 'withdrawn', "
            "not 'gone' (str).",
        ),
        (
            lambda: learningcities.Membership(
                id="m", city="c", network="n", joined="2024-13"
            ),
            "'2024-13' is not a valid partial date: month 13 is out of range",
        ),
    ],
)
def test_words_and_dates_that_do_not_exist_are_refused(
    build: Any, message: str
) -> None:
    with pytest.raises((TypeError, ValueError), match="^" + re.escape(message)):
        build()


def test_help_shows_the_types_of_the_fields() -> None:
    """``help(City)`` showed ``id: 'Any'``."""
    parameters = inspect.signature(learningcities.City.__init__).parameters
    assert str is parameters["id"].annotation
    assert "CityKind | str" in str(parameters["kind"].annotation)
    assert "Iterable[str]" in str(parameters["aliases"].annotation)


_TEMPLATES = sorted(template for template in FRENCH if "{label}" in template)


@given(
    st.sampled_from(_TEMPLATES),
    st.sampled_from(["en", "fr"]),
    st.text(max_size=5) | st.builds(Text, st.sampled_from(sorted(FRENCH))),
    st.data(),
)
def test_rendering_with_more_arguments_is_rendering_a_text_with_them(
    template: str, lang: str, label: str | Text, data: st.DataObject
) -> None:
    """``render(lang, label=…)`` says what the text with that argument says.

    A report renders each problem's message with its label this way,
    without making a text per problem.
    """
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name} - {
        "label"
    }
    fillers = st.text(max_size=5) | st.builds(Text, st.sampled_from(sorted(FRENCH)))
    args = {name: data.draw(fillers) for name in sorted(names)}
    text = Text(template, args)
    assert text.render(lang, label=label) == text.with_args(label=label).render(lang)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.text(min_size=38, max_size=44)  # about where quote cuts
)


@given(
    st.sampled_from([Text("a string"), Text("an integer"), _convert.one_of("ab")]),
    _SCALARS
    | st.lists(_SCALARS, max_size=3)
    | st.dictionaries(st.text(max_size=3), _SCALARS, max_size=3),
    st.sampled_from(["en", "fr"]),
    st.text(max_size=5),
)
@example(Text("a string"), "x" * 41, "en", "").via("the longest string not cut")
@example(Text("a string"), "x" * 42, "en", "").via("the shortest string cut")
def test_a_mismatch_says_what_its_text_says(
    expected: Text, value: object, lang: str, label: str
) -> None:
    """A mismatch, which keeps little of its value, renders as the whole text.

    It cuts a long string where ``quote`` cuts it, and drops an array or
    an object, which are described without their items.
    """
    deferred = mismatch(expected, value)
    text = Text(MISMATCH, {"expected": expected, "found": describe(value)})
    assert deferred.render(lang, label=label) == text.render(lang, label=label)
    assert deferred == text
    assert text == deferred
