"""The command line, driven through ``run`` as a user would drive it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import learningcities
from learningcities._cli.main import run
from learningcities._pipeline import validate as _validate

if TYPE_CHECKING:
    from collections.abc import Callable


Result = tuple[int, str, str]


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the command line; return (status, stdout, stderr)."""

    def invoke(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        status = run(argv, stdout=out, stderr=err)
        return status, out.getvalue(), err.getvalue()

    return invoke


def test_summary_of_the_bundled_sample(cli: Callable[..., Result]) -> None:
    """Without a file, summary describes the bundled sample."""
    status, out, err = cli("summary")
    assert (0, "") == (status, err)
    assert (
        "The Moroccan members of the UNESCO Global Network of Learning Cities\n"
        "the bundled sample\n"
        "\n"
        "  sources            13\n"
        "  networks            1\n"
        "  organizations       7\n"
        "  cities              9\n"
        "  memberships         9\n"
        "  events              1\n"
        "\n"
        "UNESCO Global Network of Learning Cities (unesco-gnlc)\n"
        "  memberships  9 (9 active)\n"
        "  countries    1\n"
        "  joined       2020-09-23 to 2025-12-04\n"
    ) == out


def test_summary_as_json(cli: Callable[..., Result], tmp_path: Path) -> None:
    """--format json gives the same figures as plain values."""
    path = tmp_path / "sample.json"
    learningcities.save(learningcities.sample(), path)
    status, out, _ = cli("summary", str(path), "--format", "json")
    summary = json.loads(out)
    assert 0 == status
    assert 9 == summary["counts"]["memberships"]
    assert [
        {
            "id": "unesco-gnlc",
            "name": "UNESCO Global Network of Learning Cities",
            "memberships": 9,
            "status": {"active": 9},
            "countries": 1,
            "first_joined": "2020-09-23",
            "last_joined": "2025-12-04",
        }
    ] == summary["networks"]


def test_summary_of_an_invalid_file_lists_problems(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """Invalid data: every problem on stderr, status 1."""
    path = tmp_path / "bad.json"
    path.write_text('{"learningcities": "1.0", "cities": [{"id": "x"}]}', "utf-8")
    status, out, err = cli("summary", str(path))
    assert (1, "") == (status, out)
    assert [
        f"{path}:1:38: error[schema] /cities/0: 'cities[0]' is missing the required "
        "key 'name'.",
        f"{path}:1:38: error[schema] /cities/0: 'cities[0]' is missing the required "
        "key 'country'.",
    ] == err.splitlines()


def test_an_unreadable_file_is_status_2(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """A missing file or a folder: a one-line message, status 2."""
    missing = tmp_path / "missing.json"
    assert (
        2,
        "",
        f"learningcities: cannot read {missing}: No such file or directory\n",
    ) == cli("summary", str(missing))
    status, _, err = cli("summary", str(tmp_path))
    assert 2 == status
    assert err.startswith(f"learningcities: cannot read {tmp_path}: ")


def test_usage_errors_are_status_2(cli: Callable[..., Result]) -> None:
    """No command, or an unknown one, is a usage error."""
    status, _, err = cli()
    assert 2 == status
    assert "the following arguments are required: COMMAND" in err
    status, _, err = cli("summarise")
    assert 2 == status
    assert "invalid choice: 'summarise'" in err


def test_help_and_version_go_to_stdout(cli: Callable[..., Result]) -> None:
    """--help and --version print to stdout and succeed."""
    status, out, _ = cli("--version")
    assert (0, learningcities.__version__ + "\n") == (status, out)
    status, out, _ = cli("summary", "--help")
    assert 0 == status
    assert "usage: learningcities summary [-h]" in out


def test_the_installed_command_runs() -> None:
    """``python -m learningcities`` runs the same command line."""
    completed = subprocess.run(
        [sys.executable, "-m", "learningcities", "summary", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
    )
    assert 0 == completed.returncode, completed.stderr
    assert 9 == json.loads(completed.stdout)["counts"]["cities"]


def test_the_program_writes_all_its_output_before_it_ends() -> None:
    """It ends without freeing what it read, after writing its whole output."""
    broken = Path(__file__).parent.parent / "examples" / "fez-events-broken.json"
    files = [str(broken)] * 3
    command = ["-m", "learningcities", "validate", *files, "--format", "json"]
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    completed = subprocess.run(  # noqa: S603 (this interpreter, these files)
        [sys.executable, *command],
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
        env=buffered,  # the output is held in memory until written out
    )
    in_process = run(
        ["validate", *files, "--format", "json"],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert (completed.returncode, json.loads(completed.stdout)) == (
        in_process,
        json.loads(learningcities.validate(files).format("json")),
    )
    assert completed.returncode == 1


def test_the_last_document_is_kept_only_when_asked() -> None:
    """The command line keeps the last document it read; a program, none."""
    texts = ['{"learningcities": "1.0", "title": "%s"}' % n for n in "ab"]  # noqa: UP031
    learningcities.validate_document(texts[0])
    assert _validate.LAST_DOCUMENT.kept is None
    _validate.LAST_DOCUMENT.on = True
    try:
        for text in texts:
            learningcities.validate_document(text)
        assert _validate.LAST_DOCUMENT.kept == json.loads(texts[1])
    finally:
        _validate.LAST_DOCUMENT.on, _validate.LAST_DOCUMENT.kept = False, None


def test_schema_prints_one_schema(cli: Callable[..., Result]) -> None:
    """`schema NAME` prints that schema; without NAME, the dataset's."""
    status, out, _ = cli("schema", "city")
    assert (0, learningcities.schema("city")) == (status, json.loads(out))
    status, out, _ = cli("schema")
    assert (0, "urn:learningcities:schema:1.1:dataset") == (
        status,
        json.loads(out)["$id"],
    )


def test_schema_prints_the_schemas_of_an_earlier_version(
    cli: Callable[..., Result],
) -> None:
    """`schema --format-version 1.0` prints the schema of format 1.0, as published."""
    status, out, _ = cli("schema", "network", "--format-version", "1.0")
    assert (0, learningcities.schema("network", "1.0")) == (status, json.loads(out))
    assert "max_admissions_since" not in json.loads(out)["properties"]
    status, _, err = cli("schema", "--format-version", "1.2")
    assert 2 == status
    assert "invalid choice: '1.2' (choose from '1.0', '1.1')" in err


def test_schema_writes_every_schema(cli: Callable[..., Result], tmp_path: Path) -> None:
    """`schema --output DIR` writes each schema to NAME.schema.json and lists them."""
    folder = tmp_path / "out"
    status, out, _ = cli("schema", "--output", str(folder))
    assert 0 == status
    written = [Path(line).name for line in out.splitlines()]
    assert [f"{n}.schema.json" for n in learningcities.SCHEMA_NAMES] == written
    for name in learningcities.SCHEMA_NAMES:
        text = (folder / f"{name}.schema.json").read_text(encoding="utf-8")
        assert learningcities.schema(name) == json.loads(text)


def test_schema_rejects_unknown_names_and_unwritable_folders(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """A wrong name is a usage error; a folder that cannot be made is status 2."""
    status, _, err = cli("schema", "town")
    assert 2 == status
    assert "argument NAME: invalid choice: 'town'" in err
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    status, _, err = cli("schema", "--output", str(blocker / "sub"))
    assert (
        2,
        f"learningcities: cannot write to {blocker / 'sub'}: Not a directory\n",
    ) == (
        status,
        err,
    )


BROKEN_EVENTS = (
    '{\n  "learningcities": "1.0",\n  "events": [\n'
    '    {"id": "e", "name": "E", "kind": "ceremony", "start": "2025-03-05",\n'
    '     "end": "2025-03-04", "city": "ma-fes"}\n  ]\n}\n'
)


def test_validate_exit_statuses(cli: Callable[..., Result], tmp_path: Path) -> None:
    """0 valid, 1 errors in the data, 2 a file that cannot be read."""
    good = tmp_path / "good.json"
    learningcities.save(learningcities.sample(), good)
    bad = tmp_path / "bad.json"
    bad.write_text(BROKEN_EVENTS, encoding="utf-8")
    assert (0, "0 errors, 0 warnings in 1 file\n", "") == cli("validate", str(good))
    status, out, _ = cli("validate", str(good), str(bad))
    assert 1 == status
    assert [
        f"{bad}:5:13: error[date-order] /events/0/end: 'end' 2025-03-04 is before "
        "'start' 2025-03-05.",
        f"{bad}:5:35: error[unknown-reference] /events/0/city: 'city' names a city "
        '"ma-fes" that is in none of the files (and no register was given).',
        "2 errors, 0 warnings in 2 files",
    ] == out.splitlines()
    status, out, _ = cli("validate", str(tmp_path / "missing.json"))
    assert 2 == status
    assert "error[file-unreadable]" in out


def test_validate_with_a_register_in_french(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """--register resolves references; --lang fr speaks French."""
    register = tmp_path / "register.json"
    learningcities.save(learningcities.sample(), register)
    bad = tmp_path / "bad.json"
    bad.write_text(BROKEN_EVENTS.replace("ma-fes", "ma-fez"), encoding="utf-8")
    status, out, _ = cli(
        "validate", str(bad), "--register", str(register), "--lang", "fr"
    )
    assert (
        1,
        [
            f"{bad}:5:13: error[date-order] /events/0/end: 'end' 2025-03-04 "
            "précède 'start' 2025-03-05.",
            "1 erreur, 0 avertissement dans 1 fichier",
        ],
    ) == (
        status,
        out.splitlines(),
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "0 errors, 0 warnings in 1 file"),
        ("fr", "0 erreur, 0 avertissement dans 1 fichier"),
    ],
)
def test_the_summary_counts_zero_as_each_language_does(
    cli: Callable[..., Result], tmp_path: Path, lang: str, said: str
) -> None:
    """French takes the singular for 0, English the plural."""
    path = tmp_path / "valid.json"
    path.write_text('{"learningcities": "1.1"}', encoding="utf-8")
    assert (0, f"{said}\n") == cli("validate", str(path), "--lang", lang)[:2]


def test_validate_strict_fails_on_warnings(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """Warnings pass unless --strict."""
    path = tmp_path / "warn.json"
    path.write_text('{"learningcities": "1.0", "title": "a\\u200bb"}', "utf-8")
    assert 0 == cli("validate", str(path))[0]
    assert 1 == cli("validate", "--strict", str(path))[0]


def test_validate_formats(cli: Callable[..., Result], tmp_path: Path) -> None:
    """--format json, github and sarif print their forms."""
    bad = tmp_path / "bad.json"
    bad.write_text(BROKEN_EVENTS, encoding="utf-8")
    status, out, _ = cli("validate", str(bad), "--format", "json")
    assert (1, 2) == (status, json.loads(out)["summary"]["errors"])
    status, out, _ = cli("validate", str(bad), "--format", "github")
    assert out.startswith(f"::error file={bad},line=5,col=13,title=date-order")
    status, out, _ = cli("validate", str(bad), "--format", "sarif")
    assert "2.1.0" == json.loads(out)["version"]


def test_validate_usage_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    """A bad register, an unknown CSV kind and no path are usage errors."""
    bad_register = tmp_path / "register.json"
    bad_register.write_text("{}", encoding="utf-8")
    good = tmp_path / "cities.json"
    good.write_text('{"learningcities": "1.0"}', encoding="utf-8")
    status, _, err = cli("validate", str(good), "--register", str(bad_register))
    assert 2 == status
    assert err.startswith("learningcities: the register is not valid: ")
    status, _, err = cli("validate", str(good), "--register", str(tmp_path / "no.json"))
    assert (
        2,
        f"learningcities: cannot read {tmp_path / 'no.json'}: No such file or "
        "directory\n",
    ) == (status, err)
    export = tmp_path / "export.csv"
    export.write_text("id,title\ns,T\n", encoding="utf-8")
    status, out, _ = cli("validate", str(export))
    assert 2 == status
    assert "Cannot tell which kind of records" in out
    assert 0 == cli("validate", str(export), "--kind", "sources")[0]
    assert 2 == cli("validate")[0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only(tmp_path: Path) -> None:
    """A count on a terminal's stderr, cleared at the end; nothing when piped."""
    paths = []
    for name in ("a.json", "b.json"):
        path = tmp_path / name
        path.write_text('{"learningcities": "1.0"}', encoding="utf-8")
        paths.append(str(path))
    terminal = _Terminal()
    assert 0 == run(["validate", *paths], stdout=io.StringIO(), stderr=terminal)
    assert f"checked 2/2: {paths[1]}" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")
    piped = io.StringIO()
    assert 0 == run(["validate", *paths], stdout=io.StringIO(), stderr=piped)
    assert "" == piped.getvalue()


def test_query_commands_print_tables(cli: Callable[..., Result]) -> None:
    """members, events, anniversaries, find and stats answer on the sample."""
    status, out, _ = cli(
        "members", "unesco-gnlc", "--on", "2024-03-01", "--country", "MA"
    )
    assert 0 == status
    assert out.splitlines()[-1] == "(7 rows)"
    assert out.splitlines()[0].split() == [
        "id",
        "city",
        "name",
        "country",
        "network",
        "joined",
        "status",
        "left",
    ]
    status, out, _ = cli(
        "events", "--from", "2025-03-01", "--to", "2025-03-31", "--city", "ma-fez"
    )
    assert "ma-fez-2025-03-05-gnlc-anniversary" in out
    status, out, _ = cli(
        "anniversaries",
        "--from",
        "2026-02-01",
        "--to",
        "2026-02-28",
        "--format",
        "json",
    )
    assert ["ma-agadir", "ma-essaouira", "ma-fez"] == [
        row["city"] for row in json.loads(out)
    ]
    status, out, _ = cli("find", "فاس", "--format", "csv")
    assert ["id,name,country,aliases", "ma-fez,Fez,MA,Fes"] == out.splitlines()
    status, out, _ = cli("stats", "--by", "year", "--format", "json")
    assert [{"year": 2020, "memberships": 2}] == json.loads(out)[:1]
    status, out, _ = cli("stats", "--by", "country,year", "--format", "csv")
    assert ["country,year,memberships", "MA,2020,2"] == out.splitlines()[:2]
    status, _, err = cli("stats", "--by", "country,town")
    assert 2 == status
    assert err.endswith(
        "argument --by: 'town' is none of country, year, network (join several "
        "with commas)\n"
    )


def test_query_commands_read_data_files(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """--data reads a file; a bad date is a usage error; bad data is status 1."""
    path = tmp_path / "data.json"
    path.write_text(
        '{"learningcities": "1.0", "cities": '
        '[{"id": "x", "name": "=HYPERLINK(1)", "country": "MA"}]}',
        encoding="utf-8",
    )
    status, out, _ = cli("find", "hyperlink", "--data", str(path), "--format", "csv")
    assert (0, ["id,name,country,aliases", "x,'=HYPERLINK(1),MA,"]) == (
        status,
        out.splitlines(),
    )
    status, _, err = cli("members", "n", "--on", "2024-02-30")
    assert 2 == status
    assert "day 30 is out of range for February 2024" in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"learningcities": "1.0", "cities": [{}]}', encoding="utf-8")
    assert 1 == cli("stats", "--data", str(bad))[0]
    assert 2 == cli("stats", "--data", str(tmp_path / "none.json"))[0]
