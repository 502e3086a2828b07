"""The command line, driven through ``run`` as a user would drive it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import learningcities
from learningcities._cli import run

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


def test_schema_prints_one_schema(cli: Callable[..., Result]) -> None:
    """`schema NAME` prints that schema; without NAME, the dataset's."""
    status, out, _ = cli("schema", "city")
    assert (0, learningcities.schema("city")) == (status, json.loads(out))
    status, out, _ = cli("schema")
    assert (0, "urn:learningcities:schema:1.0:dataset") == (
        status,
        json.loads(out)["$id"],
    )


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
